// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/slabinfo, version 2.1, as SLUB prints it (mm/slab_common.c
 * cache_show) with the numbers of SLUB's get_slabinfo(): newest cache first;
 * SLUB has no tunables, every slab counts as active, and objects on node
 * partial slabs' free lists are the only ones not active (free objects of
 * cpu slabs and cpu partial lists count as active). Mode 0400, like the
 * kernel's.
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
		struct slabinfo sinfo;

		get_slabinfo(r->m, s, &sinfo);
		g_string_append_printf(out, "%-17s %6lu %6lu %6u %4u %4d", s->name, sinfo.active_objs,
				       sinfo.num_objs, s->size, sinfo.objects_per_slab,
				       1 << sinfo.cache_order);
		g_string_append_printf(out, " : tunables %4u %4u %4u", 0, 0, 0);
		g_string_append_printf(out, " : slabdata %6lu %6lu %6lu\n", sinfo.active_slabs,
				       sinfo.num_slabs, 0UL);
	}
	return 0;
}

const struct pfs_file_ops slabinfo_ops = {
	.show = slabinfo_show,
};
