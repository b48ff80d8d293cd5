// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/slab/<cache>/: SLUB's sysfs view of each cache, one value per
 * file (mm/slub.c *_show). The directory lists the caches alive now; a file
 * of a destroyed cache answers ENOENT. objects, total_objects, slabs,
 * partial, objects_partial and cpu_slabs end with the per-node counts a NUMA
 * kernel prints (" N0=12"); slabs_cpu_partial with the per-cpu ones
 * (" C0=60(2)").
 * Modes are SLUB's: 0400, and 0600 for shrink and failslab.
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
	ATTR_OBJECTS_PARTIAL,
	ATTR_CPU_SLABS,
	ATTR_CPU_PARTIAL,
	ATTR_SLABS_CPU_PARTIAL,
	ATTR_ALIASES,
	ATTR_RECLAIM_ACCOUNT,
	ATTR_HWCACHE_ALIGN,
	ATTR_CACHE_DMA,
	ATTR_POISON,
	ATTR_RED_ZONE,
	ATTR_STORE_USER,
	ATTR_SANITY_CHECKS,
	ATTR_SHRINK,
	ATTR_FAILSLAB,
	NR_SLAB_ATTRS
};

static const char *const attr_names[NR_SLAB_ATTRS] = {
	"object_size", "slab_size", "objs_per_slab", "order", "align", "min_partial",
	"objects", "total_objects", "slabs", "partial", "objects_partial", "cpu_slabs",
	"cpu_partial", "slabs_cpu_partial", "aliases", "reclaim_account",
	"hwcache_align", "cache_dma", "poison", "red_zone", "store_user", "sanity_checks",
	"shrink", "failslab",
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

/*
 * show_slab_objects: the total, then " N<nid>=<count>" for each node that
 * has some. cpu_slabs (SO_CPU) counts each cpu's slab on its node and each
 * cpu partial list's slabs on the node of its head, as the kernel does.
 */
static void show_slab_objects(const struct pfs_req *r, const struct kmem_cache *s,
			      enum slab_attr attr, GString *out)
{
	unsigned long per_node[MAX_NUMNODES] = { 0 }, total = 0;
	int nid;

	if (attr == ATTR_CPU_SLABS) {
		for (int cpu = 0; cpu < MAX(r->m->nr_cpus, 1); cpu++) {
			struct slab_cpu_stats cs;

			kmem_cache_cpu_stats(r->m, s, cpu, &cs);
			if (cs.slab_nid >= 0)
				per_node[cs.slab_nid]++;
			if (cs.partial_nid >= 0)
				per_node[cs.partial_nid] += (unsigned long)cs.partial_slabs;
		}
	} else {
		for_each_online_node(r->m, nid) {
			struct slab_node_stats st;

			kmem_cache_node_stats(r->m, s, nid, &st);
			per_node[nid] = attr == ATTR_OBJECTS ? st.nr_inuse :
					attr == ATTR_TOTAL_OBJECTS ? st.nr_objects :
					attr == ATTR_SLABS ? st.nr_slabs :
					attr == ATTR_OBJECTS_PARTIAL ? st.nr_partial_inuse : st.nr_partial;
		}
	}
	for_each_online_node(r->m, nid)
		total += per_node[nid];
	g_string_append_printf(out, "%lu", total);
	for_each_online_node(r->m, nid)
		if (per_node[nid])
			g_string_append_printf(out, " N%d=%lu", nid, per_node[nid]);
	g_string_append_c(out, '\n');
}

/*
 * slabs_cpu_partial_show: the slabs on all cpu partial lists and the
 * objects that makes if each is half full, then the same per cpu that has
 * a list: "objects(slabs) C<cpu>=objects(slabs)".
 */
static void show_slabs_cpu_partial(const struct pfs_req *r, const struct kmem_cache *s,
				   GString *out)
{
	int slabs = 0;

	for (int cpu = 0; cpu < MAX(r->m->nr_cpus, 1); cpu++) {
		struct slab_cpu_stats cs;

		kmem_cache_cpu_stats(r->m, s, cpu, &cs);
		slabs += cs.partial_slabs;
	}
	g_string_append_printf(out, "%d(%d)", slabs * (int)s->objects / 2, slabs);
	for (int cpu = 0; cpu < MAX(r->m->nr_cpus, 1); cpu++) {
		struct slab_cpu_stats cs;

		kmem_cache_cpu_stats(r->m, s, cpu, &cs);
		if (cs.partial_slabs)
			g_string_append_printf(out, " C%d=%d(%d)", cpu,
					       cs.partial_slabs * (int)s->objects / 2,
					       cs.partial_slabs);
	}
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
	case ATTR_PARTIAL:
	case ATTR_OBJECTS_PARTIAL:
	case ATTR_CPU_SLABS:		show_slab_objects(r, s, attr_of(r), out); break;
	case ATTR_CPU_PARTIAL:		g_string_append_printf(out, "%u\n", s->cpu_partial); break;
	case ATTR_SLABS_CPU_PARTIAL:	show_slabs_cpu_partial(r, s, out); break;
	case ATTR_ALIASES:		g_string_append_printf(out, "%d\n", MAX(s->refcount - 1, 0)); break;
	case ATTR_RECLAIM_ACCOUNT:	g_string_append_printf(out, "%d\n", flag(s, SLAB_RECLAIM_ACCOUNT)); break;
	case ATTR_HWCACHE_ALIGN:	g_string_append_printf(out, "%d\n", flag(s, SLAB_HWCACHE_ALIGN)); break;
	case ATTR_CACHE_DMA:		g_string_append_printf(out, "%d\n", flag(s, SLAB_CACHE_DMA)); break;
	case ATTR_POISON:		g_string_append_printf(out, "%d\n", flag(s, SLAB_POISON)); break;
	case ATTR_RED_ZONE:		g_string_append_printf(out, "%d\n", flag(s, SLAB_RED_ZONE)); break;
	case ATTR_STORE_USER:		g_string_append_printf(out, "%d\n", flag(s, SLAB_STORE_USER)); break;
	case ATTR_SANITY_CHECKS:	g_string_append_printf(out, "%d\n", flag(s, SLAB_CONSISTENCY_CHECKS)); break;
	case ATTR_SHRINK:		break;	/* reads empty, as SLUB's shrink_show */
	case ATTR_FAILSLAB:		g_string_append_printf(out, "%d\n", flag(s, SLAB_FAILSLAB)); break;
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

/*
 * SLUB's failslab_store: '1' first sets SLAB_FAILSLAB, anything else clears
 * it (failslab's cache-filter fails only flagged caches); an alias is EINVAL.
 */
static ssize_t slab_failslab_store(const struct pfs_req *r, const char *buf, size_t len)
{
	struct kmem_cache *s = cache_of(r);
	int err;

	if (!s)
		return -ENOENT;
	err = kmem_cache_set_failslab(r->m, s, buf[0] == '1');
	return err ? err : (ssize_t)MIN(len, (size_t)PAGE_SIZE);
}

static const struct pfs_file_ops slab_attr_ops = {
	.show = slab_attr_show,
};

static const struct pfs_file_ops slab_shrink_ops = {
	.show = slab_attr_show,
	.store = slab_shrink_store,
	.flags = PFS_ANY_OFFSET,	/* sysfs stores see no offset */
};

static const struct pfs_file_ops slab_failslab_ops = {
	.show = slab_attr_show,
	.store = slab_failslab_store,
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
		pfs_add_child_file(t, dir, attr_names[i],
				   i == ATTR_SHRINK || i == ATTR_FAILSLAB ? 0600 : 0400,
				   i == ATTR_SHRINK	? &slab_shrink_ops :
				   i == ATTR_FAILSLAB ? &slab_failslab_ops :
							&slab_attr_ops);
}

const struct pfs_dir_ops slab_dir_ops = {
	.list = slab_list,
	.populate = slab_populate,
};
