// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/vmallocinfo (mm/vmalloc.c s_show): one line per area by address,
 *
 *	0xSTART-0xEND    SIZE CALLER pages=N vmalloc N0=N
 *
 * SIZE includes the guard page. The kernel prints the caller as a symbol
 * (%pS); the simulated caller is the API the area was made through, given
 * in the same symbol+offset/size shape. Mode 0400, like the kernel's.
 */
#include "files.h"
#include "mm/machine.h"
#include "mm/vmalloc.h"

static int vmallocinfo_show(const struct pfs_req *r, GString *out)
{
	/* %pK prints a pointer's full width: 16 hex digits, 8 on i386 */
	int width = r->m->desc.arch == ARCH_I386 ? 8 : 16;
	int nid;

	for (GList *l = vmap_areas(r->m); l; l = l->next) {
		const struct vmap_area *va = l->data;
		unsigned long per_node[MAX_NUMNODES] = { 0 };

		g_string_append_printf(out, "0x%0*" G_GINT64_MODIFIER "x-0x%0*" G_GINT64_MODIFIER "x %7"
				       G_GINT64_MODIFIER "u %s+0x0/0x0", width, va->va_start, width,
				       va->va_end, va->va_end - va->va_start,
				       va->caller ? va->caller : "vmalloc");
		if (va->nr_pages)
			g_string_append_printf(out, " pages=%lu", va->nr_pages);
		if (va->flags & VM_ALLOC)
			g_string_append(out, " vmalloc");
		if (va->pages_addr && is_vmalloc_addr(r->m, va->pages_addr))
			g_string_append(out, " vpages");
		for (unsigned long i = 0; i < va->nr_pages; i++) {
			const struct zone *z = page_zone_pfn(r->m, va->pfns[i]);

			if (z)
				per_node[z->zone_pgdat->node_id]++;
		}
		for_each_online_node(r->m, nid)
			if (per_node[nid])
				g_string_append_printf(out, " N%d=%lu", nid, per_node[nid]);
		g_string_append_c(out, '\n');
	}
	return 0;
}

const struct pfs_file_ops vmallocinfo_ops = {
	.show = vmallocinfo_show,
};
