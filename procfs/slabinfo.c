// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/slabinfo, version 2.1, as SLUB prints it (mm/slab_common.c
 * cache_show): newest cache first; SLUB has no tunables, every slab counts
 * as active, and objects on partial slabs' free lists are the only ones not
 * active. Mode 0400, like the kernel's.
 */
#include "files.h"
#include "mm/machine.h"
#include "mm/slab.h"

static int slabinfo_show(const struct pfs_req *r, GString *out)
{
	g_string_append(out, "slabinfo - version: 2.1\n"
			     "# name            <active_objs> <num_objs> <objsize> <objperslab> "
			     "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
			     "slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	for (GList *l = slab_caches(r->m); l; l = l->next) {
		const struct kmem_cache *s = l->data;

		g_string_append_printf(out, "%-17s %6lu %6lu %6u %4u %4d", s->name, s->nr_inuse,
				       s->nr_objects, s->size, s->objects, 1 << s->order);
		g_string_append_printf(out, " : tunables %4u %4u %4u", 0, 0, 0);
		g_string_append_printf(out, " : slabdata %6lu %6lu %6lu\n", s->nr_slabs, s->nr_slabs,
				       0UL);
	}
	return 0;
}

const struct pfs_file_ops slabinfo_ops = {
	.show = slabinfo_show,
};
