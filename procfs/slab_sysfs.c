// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/slab/<cache>/: SLUB's sysfs view of each cache, one value per
 * file (mm/slub.c *_show). The directory lists the caches alive now; a file
 * of a destroyed cache answers ENOENT. objects, total_objects, slabs and
 * partial end with the per-node counts a NUMA kernel prints (" N0=12").
 * Modes are SLUB's: 0400, and 0600 for shrink.
 */
#include <errno.h>
#include <string.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/slab.h"

enum slab_attr {
	ATTR_OBJECT_SIZE,
	ATTR_SLAB_SIZE,
	ATTR_OBJS_PER_SLAB,
	ATTR_ORDER,
	ATTR_ALIGN,
	ATTR_MIN_PARTIAL,
	ATTR_OBJECTS,
	ATTR_TOTAL_OBJECTS,
	ATTR_SLABS,
	ATTR_PARTIAL,
	ATTR_ALIASES,
	ATTR_RECLAIM_ACCOUNT,
	ATTR_HWCACHE_ALIGN,
	ATTR_CACHE_DMA,
	ATTR_POISON,
	ATTR_RED_ZONE,
	ATTR_STORE_USER,
	ATTR_SANITY_CHECKS,
	ATTR_SHRINK,
	NR_SLAB_ATTRS
};

static const char *const attr_names[NR_SLAB_ATTRS] = {
	"object_size", "slab_size", "objs_per_slab", "order", "align", "min_partial",
	"objects", "total_objects", "slabs", "partial", "aliases", "reclaim_account",
	"hwcache_align", "cache_dma", "poison", "red_zone", "store_user", "sanity_checks",
	"shrink",
};

static struct kmem_cache *cache_of(const struct pfs_req *r)
{
	return kmem_cache_find(r->m, r->node->parent->name);
}

static enum slab_attr attr_of(const struct pfs_req *r)
{
	for (int i = 0; i < NR_SLAB_ATTRS; i++)
		if (!strcmp(r->node->name, attr_names[i]))
			return (enum slab_attr)i;
	return NR_SLAB_ATTRS;
}

static int flag(const struct kmem_cache *s, slab_flags_t f)
{
	return (s->flags & f) ? 1 : 0;
}

/* show_slab_objects: the total, then " N<nid>=<count>" for each node that has some */
static void show_slab_objects(const struct pfs_req *r, const struct kmem_cache *s,
			      enum slab_attr attr, GString *out)
{
	unsigned long per_node[MAX_NUMNODES], total = 0;
	int nid;

	for_each_online_node(r->m, nid) {
		struct slab_node_stats st;

		kmem_cache_node_stats(r->m, s, nid, &st);
		per_node[nid] = attr == ATTR_OBJECTS ? st.nr_inuse :
				attr == ATTR_TOTAL_OBJECTS ? st.nr_objects :
				attr == ATTR_SLABS ? st.nr_slabs : st.nr_partial;
		total += per_node[nid];
	}
	g_string_append_printf(out, "%lu", total);
	for_each_online_node(r->m, nid)
		if (per_node[nid])
			g_string_append_printf(out, " N%d=%lu", nid, per_node[nid]);
	g_string_append_c(out, '\n');
}

static int slab_attr_show(const struct pfs_req *r, GString *out)
{
	const struct kmem_cache *s = cache_of(r);

	if (!s)
		return -ENOENT;
	switch (attr_of(r)) {
	case ATTR_OBJECT_SIZE:		g_string_append_printf(out, "%u\n", s->object_size); break;
	case ATTR_SLAB_SIZE:		g_string_append_printf(out, "%u\n", s->size); break;
	case ATTR_OBJS_PER_SLAB:	g_string_append_printf(out, "%u\n", s->objects); break;
	case ATTR_ORDER:		g_string_append_printf(out, "%u\n", s->order); break;
	case ATTR_ALIGN:		g_string_append_printf(out, "%u\n", s->align); break;
	case ATTR_MIN_PARTIAL:		g_string_append_printf(out, "%lu\n", s->min_partial); break;
	case ATTR_OBJECTS:
	case ATTR_TOTAL_OBJECTS:
	case ATTR_SLABS:
	case ATTR_PARTIAL:		show_slab_objects(r, s, attr_of(r), out); break;
	case ATTR_ALIASES:		g_string_append_printf(out, "%d\n", MAX(s->refcount - 1, 0)); break;
	case ATTR_RECLAIM_ACCOUNT:	g_string_append_printf(out, "%d\n", flag(s, SLAB_RECLAIM_ACCOUNT)); break;
	case ATTR_HWCACHE_ALIGN:	g_string_append_printf(out, "%d\n", flag(s, SLAB_HWCACHE_ALIGN)); break;
	case ATTR_CACHE_DMA:		g_string_append_printf(out, "%d\n", flag(s, SLAB_CACHE_DMA)); break;
	case ATTR_POISON:		g_string_append_printf(out, "%d\n", flag(s, SLAB_POISON)); break;
	case ATTR_RED_ZONE:		g_string_append_printf(out, "%d\n", flag(s, SLAB_RED_ZONE)); break;
	case ATTR_STORE_USER:		g_string_append_printf(out, "%d\n", flag(s, SLAB_STORE_USER)); break;
	case ATTR_SANITY_CHECKS:	g_string_append_printf(out, "%d\n", flag(s, SLAB_CONSISTENCY_CHECKS)); break;
	case ATTR_SHRINK:		break;	/* reads empty, as SLUB's shrink_show */
	default:			return -ENOENT;
	}
	return 0;
}

/*
 * SLUB's shrink_store looks at the first byte only: '1' shrinks, anything
 * else is EINVAL. kernfs hands a store at most a page of a longer write,
 * which is then short.
 */
static ssize_t slab_shrink_store(const struct pfs_req *r, const char *buf, size_t len)
{
	struct kmem_cache *s = cache_of(r);

	if (!s)
		return -ENOENT;
	if (buf[0] != '1')
		return -EINVAL;
	kmem_cache_shrink(r->m, s);
	return (ssize_t)MIN(len, (size_t)PAGE_SIZE);
}

static const struct pfs_file_ops slab_attr_ops = {
	.show = slab_attr_show,
};

static const struct pfs_file_ops slab_shrink_ops = {
	.show = slab_attr_show,
	.store = slab_shrink_store,
	.flags = PFS_ANY_OFFSET,	/* sysfs stores see no offset */
};

static void slab_list(struct machine *m, const struct pfs_node *dir, GPtrArray *names)
{
	for (GList *l = slab_caches(m); l; l = l->next)
		g_ptr_array_add(names, g_strdup(((struct kmem_cache *)l->data)->name));
}

static void slab_populate(struct pfs_tree *t, struct pfs_node *dir)
{
	for (int i = 0; i < NR_SLAB_ATTRS; i++)
		pfs_add_child_file(t, dir, attr_names[i], i == ATTR_SHRINK ? 0600 : 0400,
				   i == ATTR_SHRINK ? &slab_shrink_ops : &slab_attr_ops);
}

const struct pfs_dir_ops slab_dir_ops = {
	.list = slab_list,
	.populate = slab_populate,
};
