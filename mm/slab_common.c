// SPDX-License-Identifier: GPL-2.0
/*
 * What every slab allocator shares (the kernel's mm/slab_common.c): cache
 * creation and its checks, with SLUB's geometry (calculate_sizes and
 * calculate_order, which the kernel keeps in slub.c), the kmalloc size
 * classes, kmalloc, krealloc and ksize, the caches the kernel creates at
 * boot, the boot profile of the machine description, and drop_slab.
 *
 * Creation order is the kernel's, so that the newest-first cache list
 * prints like a real /proc/slabinfo: kmem_cache and kmem_cache_node, the
 * kmalloc caches family by family (normal, rcl, dma, cg) in kmalloc_info
 * order (96, 192, 8, 16, ..., 8k), then the subsystems' caches as their
 * init calls run. Every cache is itself an object of kmem_cache and, per
 * node, of kmem_cache_node, so those two lines count the caches.
 *
 * Left out: cache merging (aliases), kmalloc-rnd-* copies, memdup_user and
 * the other bucket sets, the caches of subsystems the engine has no use for.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "slab.h"

#define ALIGN(x, a)		(((x) + (a) - 1) / (a) * (a))
#define TRACK_SIZE		32	/* struct track with a stack depot handle, x86_64 */
#define WORD			8u	/* sizeof(void *): x86_64 sizes on i386 too */

/* kmalloc_info[] order: index 1 is 96, 2 is 192, then the powers of two from 8 */
static unsigned int kmalloc_size(unsigned int index)
{
	return index == 1 ? 96 : index == 2 ? 192 : 1U << index;
}

/* kmalloc_size_index[]: the cache index for sizes 1..192, by (size - 1) / 8 */
const uint8_t kmalloc_size_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2,
};

static const char *const kmalloc_prefix[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = "kmalloc-",
	[KMALLOC_RECLAIM] = "kmalloc-rcl-",
	[KMALLOC_DMA] = "dma-kmalloc-",
	[KMALLOC_CGROUP] = "kmalloc-cg-",
};

static const slab_flags_t kmalloc_flags[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = 0,
	[KMALLOC_RECLAIM] = SLAB_RECLAIM_ACCOUNT,
	[KMALLOC_DMA] = SLAB_CACHE_DMA,
	[KMALLOC_CGROUP] = SLAB_ACCOUNT,
};

/*
 * The caches subsystems create at boot, in the order their init calls run.
 * Object sizes are x86_64 6.18's where known, else chosen so that SLUB's
 * geometry lands on the reference machine's slabinfo (reference/samples):
 * the size column there is s->size, the slot after alignment and the free
 * pointer a constructor or SLAB_TYPESAFE_BY_RCU moves behind the object.
 * The i386 preset keeps these sizes; its real structures are smaller.
 * @shrinker: a shrinker frees unused objects (the dcache, the inode caches
 * of every superblock, ext4's extent status tree, workingset shadow nodes).
 */
struct boot_cache {
	const char *name;
	unsigned int size;
	unsigned int align;
	slab_flags_t flags;
	bool ctor;
	bool shrinker;
};

#define BOOT_FS		(SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT)
#define HW		SLAB_HWCACHE_ALIGN
#define RCU		SLAB_TYPESAFE_BY_RCU

static const struct boot_cache boot_caches[] = {
	{ "vmap_area",		72,	0,	SLAB_PANIC },
	{ "mm_struct",		1560,	0,	HW | SLAB_PANIC | SLAB_ACCOUNT },
	{ "maple_node",		256,	256,	SLAB_PANIC },
	{ "radix_tree_node",	576,	0,	SLAB_PANIC | SLAB_RECLAIM_ACCOUNT, true, true },
	{ "ftrace_event_field",	56,	0,	SLAB_PANIC },
	{ "trace_event_file",	96,	0,	SLAB_PANIC },
	{ "pid",		136,	0,	HW | SLAB_PANIC | SLAB_ACCOUNT },
	{ "anon_vma",		96,	0,	RCU | SLAB_PANIC | SLAB_ACCOUNT, true },
	{ "anon_vma_chain",	64,	0,	SLAB_PANIC | SLAB_ACCOUNT },
	{ "task_struct",	5976,	64,	SLAB_PANIC | SLAB_ACCOUNT },
	{ "sighand_cache",	2080,	0,	HW | RCU | SLAB_PANIC | SLAB_ACCOUNT, true },
	{ "signal_cache",	1136,	0,	HW | SLAB_PANIC | SLAB_ACCOUNT },
	{ "files_cache",	704,	0,	HW | SLAB_PANIC | SLAB_ACCOUNT },
	{ "vm_area_struct",	176,	0,	HW | SLAB_PANIC | SLAB_ACCOUNT },
	{ "nsproxy",		72,	0,	SLAB_PANIC | SLAB_ACCOUNT },
	{ "lsm_inode_cache",	32,	0,	SLAB_PANIC },
	{ "names_cache",	4096,	0,	HW | SLAB_PANIC },
	{ "dentry",		192,	0,	BOOT_FS | SLAB_PANIC, false, true },
	{ "inode_cache",	616,	0,	BOOT_FS | SLAB_PANIC, true, true },
	{ "filp",		184,	0,	HW | SLAB_PANIC | SLAB_ACCOUNT },
	{ "mnt_cache",		352,	0,	HW | SLAB_PANIC | SLAB_ACCOUNT },
	{ "kernfs_node_cache",	128,	0,	SLAB_PANIC | RCU },
	{ "shmem_inode_cache",	744,	0,	SLAB_PANIC | SLAB_ACCOUNT, true, true },
	{ "bdev_cache",		1480,	0,	HW | BOOT_FS | SLAB_PANIC, true, true },
	{ "sigqueue",		80,	0,	SLAB_PANIC | SLAB_ACCOUNT },
	{ "seq_file",		120,	0,	SLAB_PANIC | SLAB_ACCOUNT },
	{ "proc_inode_cache",	688,	0,	BOOT_FS | SLAB_PANIC, true, true },
	{ "pde_opener",		40,	0,	SLAB_PANIC | SLAB_ACCOUNT },
	{ "proc_dir_entry",	192,	0,	SLAB_PANIC },
	{ "mem_cgroup",		2240,	0,	SLAB_PANIC },
	{ "buffer_head",	104,	0,	SLAB_RECLAIM_ACCOUNT | SLAB_PANIC },
	{ "debugfs_inode_cache", 624,	0,	HW | BOOT_FS, true, true },
	{ "tracefs_inode_cache", 648,	0,	BOOT_FS, true, true },
	{ "skbuff_head_cache",	232,	0,	HW | SLAB_PANIC },
	{ "sock_inode_cache",	808,	0,	HW | BOOT_FS | SLAB_PANIC, true, true },
	{ "uid_cache",		104,	0,	HW | SLAB_PANIC },
	{ "biovec-max",		4096,	0,	HW | SLAB_PANIC },
	{ "eventpoll_epi",	128,	0,	HW | SLAB_PANIC | SLAB_ACCOUNT },
	{ "hugetlbfs_inode_cache", 624,	0,	SLAB_ACCOUNT, true, true },
	{ "TCP",		2344,	0,	HW | RCU | SLAB_ACCOUNT },
	{ "UDP",		1320,	0,	HW | RCU | SLAB_ACCOUNT },
	{ "mqueue_inode_cache",	944,	0,	HW | SLAB_ACCOUNT, true, true },
	{ "ext4_inode_cache",	1120,	0,	BOOT_FS, true, true },
	{ "extent_status",	40,	0,	SLAB_RECLAIM_ACCOUNT, false, true },
	{ "jbd2_journal_head",	120,	0,	SLAB_RECLAIM_ACCOUNT },
};

/* struct kmem_cache ends in a pointer per node; struct kmem_cache_node is fixed */
#define KMEM_CACHE_BASE_SIZE	208
#define KMEM_CACHE_NODE_SIZE	72
#define CACHE_LINE_SIZE		64

/* ---------------------------------------------------------------- geometry */

static unsigned int fls_uint(unsigned int x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

/* lib/math/reciprocal_div.c: m and the shifts that make a / d a multiply */
static struct reciprocal_value reciprocal_value(uint32_t d)
{
	unsigned int l = fls_uint(d - 1);
	uint64_t m = ((1ULL << 32) * ((1ULL << l) - d)) / d + 1;

	return (struct reciprocal_value){ (uint32_t)m, (uint8_t)MIN(l, 1u),
					  (uint8_t)(l ? l - 1 : 0) };
}

static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

/* The lowest order from @min_order whose leftover is at most 1/@fract of the slab. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fract)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned long slab_size = PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fract)
			break;
	}
	return order;
}

/*
 * calculate_order - SLUB's choice: at least min_objects per slab (more on
 * machines with more CPUs), up to order 3, accepting less waste first.
 */
static int calculate_order(const struct machine *m, unsigned int size)
{
	/* num_present_cpus(), or nr_cpu_ids on a uniprocessor: the same here */
	unsigned int min_objects = 4 * (fls_uint((unsigned int)m->nr_cpus) + 1);
	unsigned int max_objects = MAX(order_objects(SLUB_MAX_ORDER, size), 1);
	unsigned int min_order, order;

	min_objects = MIN(min_objects, max_objects);
	min_order = get_order((size_t)min_objects * size);
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return (int)get_order((size_t)size * MAX_OBJS_PER_PAGE) - 1;
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, SLUB_MAX_ORDER, fraction);
		if (order <= SLUB_MAX_ORDER)
			return (int)order;
	}
	order = get_order(size);
	return order <= MAX_PAGE_ORDER ? (int)order : -ENOSYS;
}

/*
 * calculate_sizes - lay out one object slot as SLUB does: the object rounded
 * to a word, a red-zone word, the free pointer moved behind the object when
 * the object may not be overwritten on free (RCU, poison, constructor), two
 * alloc/free tracks for SLAB_STORE_USER, a left red zone; then the slot
 * rounded to the alignment. Sets order, objects, the fallback order and
 * min_partial. -EINVAL when no slab can hold an object.
 */
static int calculate_sizes(struct machine *m, struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN(s->object_size, WORD);
	int order;

	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += WORD;
	s->inuse = size;
	if ((flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) && s->object_size < WORD)) {
		s->offset = size;
		size += WORD;
	} else {
		s->offset = s->object_size / 2 / WORD * WORD;
	}
	if (flags & SLAB_STORE_USER) {
		size += 2 * TRACK_SIZE;
		if (flags & SLAB_KMALLOC)
			size += sizeof(unsigned int);	/* the original request size */
	}
	s->red_left_pad = 0;
	if (flags & SLAB_RED_ZONE) {
		size += WORD;
		s->red_left_pad = ALIGN(WORD, s->align);
		size += s->red_left_pad;
	}
	s->size = ALIGN(size, s->align);
	s->reciprocal_size = reciprocal_value(s->size);
	s->size_shift = (s->size & (s->size - 1)) ? 0 : fls_uint(s->size) - 1;

	order = calculate_order(m, s->size);
	if (order < 0)
		return -EINVAL;
	s->order = (unsigned int)order;
	s->objects = order_objects(s->order, s->size);
	s->min_order = get_order(s->size);
	s->min_objects = order_objects(s->min_order, s->size);
	s->allocflags = __GFP_COMP;
	if (flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	/* set_min_partial(s, ilog2(s->size) / 2) */
	s->min_partial = CLAMP((fls_uint(s->size) - 1) / 2, MIN_PARTIAL, MAX_PARTIAL);
	if (!s->objects)
		return -EINVAL;
	set_cpu_partial(s);
	return 0;
}

/* ---------------------------------------------------------------- caches */

/**
 * kmem_cache_release - free a cache's struct and its per-cpu array (its
 * slabs are gone or go with the machine).
 */
void kmem_cache_release(struct kmem_cache *s)
{
	g_free(s->cpu_slab);
	g_free(s);
}

GList *slab_caches(struct machine *m)
{
	return m->slab ? m->slab->caches : NULL;
}

struct kmem_cache *kmem_cache_find(struct machine *m, const char *name)
{
	return m->slab ? g_hash_table_lookup(m->slab->by_name, name) : NULL;
}

/* The cache line, or a fraction of it for small objects; never below a word. */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = CACHE_LINE_SIZE;

		while (size <= ralign / 2)
			ralign /= 2;
		align = MAX(align, ralign);
	}
	align = MAX(align, 8u);		/* arch_slab_minalign() */
	return ALIGN(align, 8u);
}

static bool bad_cache_name(const char *name)
{
	return !name || !*name || strlen(name) >= KMEM_CACHE_NAME_LEN || strpbrk(name, " \t\n/");
}

/* Every cache is an object of kmem_cache and, per node, of kmem_cache_node. */
static int alloc_cache_objects(struct machine *m, struct kmem_cache *s)
{
	struct slab_state *st = m->slab;
	int ret = kmem_cache_alloc(m, st->kmem_cache, GFP_KERNEL, &s->kmem_cache_obj);

	for (int nid = 0; !ret && nid < m->nr_nodes; nid++)
		ret = kmem_cache_alloc_node(m, st->kmem_cache_node, GFP_KERNEL, nid,
					    &s->kmem_cache_node_obj[nid]);
	return ret;
}

static void free_cache_objects(struct machine *m, struct kmem_cache *s)
{
	struct slab_state *st = m->slab;

	if (s->kmem_cache_obj)
		kmem_cache_free(m, st->kmem_cache, s->kmem_cache_obj);
	for (int nid = 0; nid < m->nr_nodes; nid++)
		if (s->kmem_cache_node_obj[nid])
			kmem_cache_free(m, st->kmem_cache_node, s->kmem_cache_node_obj[nid]);
	s->kmem_cache_obj = 0;
	memset(s->kmem_cache_node_obj, 0, sizeof(s->kmem_cache_node_obj));
}

static int create_cache(struct machine *m, const char *name, unsigned int size,
			unsigned int align, slab_flags_t flags, bool ctor, struct kmem_cache **out)
{
	struct slab_state *st = m->slab;
	struct kmem_cache *s;

	if (bad_cache_name(name))
		return -EINVAL;
	if (!size || size > KMALLOC_MAX_SIZE) {
		pr_err(m, "kmem_cache_create(%s) integrity check failed", name);
		return -EINVAL;
	}
	if (align & (align - 1))
		return -EINVAL;
	if (g_hash_table_contains(st->by_name, name))
		return -EEXIST;

	s = g_new0(struct kmem_cache, 1);
	g_strlcpy(s->name, name, sizeof(s->name));
	s->object_size = size;
	s->flags = flags;
	s->ctor = ctor;
	s->refcount = 1;
	s->align = calculate_alignment(flags, align, size);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		g_queue_init(&s->node[nid].partial);
		g_queue_init(&s->node[nid].full);
	}
	s->cpu_slab = g_new0(struct kmem_cache_cpu, MAX(m->nr_cpus, 1));
	for (int cpu = 0; cpu < MAX(m->nr_cpus, 1); cpu++)
		s->cpu_slab[cpu].freelist = SLAB_FREELIST_END;
	if (calculate_sizes(m, s)) {
		kmem_cache_release(s);
		return -EINVAL;
	}
	if (st->kmem_cache_node && alloc_cache_objects(m, s)) {
		free_cache_objects(m, s);
		kmem_cache_release(s);
		return -ENOMEM;
	}
	st->caches = g_list_prepend(st->caches, s);
	g_hash_table_insert(st->by_name, s->name, s);
	*out = s;
	return 0;
}

/* __kmem_cache_create_args' exit: the kernel's complaint, or its panic text */
static int create_failed(struct machine *m, const char *name, slab_flags_t flags, int err)
{
	if (flags & SLAB_PANIC)
		printk(m, LOGLEVEL_EMERG,
		       "Kernel panic - not syncing: __kmem_cache_create_args: Failed to create slab '%s'. Error %d",
		       name ? name : "(null)", err);
	else
		pr_warn(m, "__kmem_cache_create_args(%s) failed with error %d",
			name ? name : "(null)", err);
	return err;
}

static int create_cache_logged(struct machine *m, const char *name, unsigned int size,
			       unsigned int align, slab_flags_t flags, bool ctor,
			       struct kmem_cache **out)
{
	int ret = create_cache(m, name, size, align, flags, ctor, out);

	return ret ? create_failed(m, name, flags, ret) : 0;
}

int kmem_cache_create(struct machine *m, const char *name, unsigned int size,
		      unsigned int align, slab_flags_t flags, struct kmem_cache **out)
{
	STACK_FRAME(m);
	/* SLAB_KMALLOC and the rest are the kernel's own business; one DMA zone */
	if ((flags & ~SLAB_CREATE_MASK) || align > PAGE_SIZE ||
	    (flags & (SLAB_CACHE_DMA | SLAB_CACHE_DMA32)) == (SLAB_CACHE_DMA | SLAB_CACHE_DMA32))
		return create_failed(m, name, flags, -EINVAL);
	return create_cache_logged(m, name, size, align, flags, false, out);
}

/**
 * kmem_cache_destroy - free the cache's empty slabs and the cache; while
 * objects are live, -EBUSY and __kmem_cache_shutdown()'s report, the cache
 * kept as it was (the kernel would leak it).
 */
int kmem_cache_destroy(struct machine *m, struct kmem_cache *s)
{
	struct slab_state *st = m->slab;

	/* create_boot_cache()'s refcount of -1: the kernel silently keeps them */
	if (s->refcount < 0)
		return -EPERM;
	if (__kmem_cache_shutdown(m, s)) {
		slab_warn(m, "mm/slab_common.c", "kmem_cache_destroy",
			  "kmem_cache_destroy %s: Slab cache still has objects when called from mmsimctl",
			  s->name);
		return -EBUSY;
	}
	free_cache_objects(m, s);
	st->caches = g_list_remove(st->caches, s);
	g_hash_table_remove(st->by_name, s->name);
	kmem_cache_release(s);
	return 0;
}

/* ---------------------------------------------------------------- kmalloc */

struct kmem_cache *kmalloc_cache(struct machine *m, enum kmalloc_cache_type type,
				 unsigned int index)
{
	if (!m->slab || type >= NR_KMALLOC_TYPES || index > KMALLOC_SHIFT_HIGH)
		return NULL;
	return m->slab->kmalloc_caches[type][index];
}

struct kmem_cache *kmalloc_slab(struct machine *m, size_t size, gfp_t gfp)
{
	if (!m->slab || !size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	return __kmalloc_slab(m->slab, size, gfp);
}

/**
 * kmalloc_node_slow - kmalloc_node with a @where to fill, of 0 bytes or
 * above the kmalloc caches (mm/slub.c has the rest).
 */
int kmalloc_node_slow(struct machine *m, size_t size, gfp_t gfp, int nid, uint64_t *addr,
		      struct kmalloc_where *where)
{
	struct kmem_cache *s;
	int ret;

	if (__builtin_expect(size - 1 >= KMALLOC_MAX_CACHE_SIZE, 0)) {
		if (size)
			return __kmalloc_large_node(m, size, gfp, nid, addr, where);
		*addr = ZERO_SIZE_PTR;
		if (where)
			*where = (struct kmalloc_where){ .nid = -1 };
		return 0;
	}
	s = __kmalloc_slab(m->slab, size, gfp);
	ret = kmem_cache_alloc_node(m, s, gfp, nid, addr);
	if (__builtin_expect(!ret && where != NULL, 0)) {
		struct zone *zone = page_zone_pfn(m, (unsigned long)virt_to_pfn(m, *addr));

		*where = (struct kmalloc_where){ s, s->order, zone->zone_pgdat->node_id,
						 s->object_size - size };
	}
	return ret;
}

int kzalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr,
	    struct kmalloc_where *where)
{
	return kmalloc(m, size, gfp | __GFP_ZERO, addr, where);
}

int kmalloc_array(struct machine *m, size_t n, size_t size, gfp_t gfp, uint64_t *addr,
		  struct kmalloc_where *where)
{
	if (size && n > SIZE_MAX / size)
		return -ENOMEM;
	return kmalloc(m, n * size, gfp, addr, where);
}

int kcalloc(struct machine *m, size_t n, size_t size, gfp_t gfp, uint64_t *addr,
	    struct kmalloc_where *where)
{
	return kmalloc_array(m, n, size, gfp | __GFP_ZERO, addr, where);
}

/* slab_ksize: how much of its slot the caller may use */
static unsigned int slab_ksize(const struct kmem_cache *s)
{
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return s->inuse;
	return s->size;
}

long ksize(struct machine *m, uint64_t addr)
{
	struct kmem_obj o;
	int ret;

	if (ZERO_OR_NULL_PTR(addr))
		return 0;
	ret = kmem_obj_lookup(m, addr, "ksize", &o);
	if (ret)
		return ret;
	return o.cache ? (long)slab_ksize(o.cache) : (long)(PAGE_SIZE << o.order);
}

bool kmem_obj_info(struct machine *m, uint64_t addr, struct kmem_cache **cache)
{
	struct kmem_obj o;
	bool live = !kmem_obj_lookup(m, addr, NULL, &o);

	*cache = o.cache;
	return live;
}

/*
 * krealloc - __do_krealloc: the object stays while its cache's object_size
 * (or the large kmalloc's size) holds @size; else a new kmalloc, a copy
 * (there are no bytes to copy) and a kfree of the old one.
 */
int krealloc(struct machine *m, uint64_t addr, size_t size, gfp_t gfp, uint64_t *new_addr,
	     struct kmalloc_where *where)
{
	struct kmem_obj o = { .nid = -1 };
	size_t ks = 0;
	int ret;

	if (!ZERO_OR_NULL_PTR(addr)) {
		ret = kmem_obj_lookup(m, addr, "krealloc", &o);
		if (ret)
			return ret;
		ks = o.cache ? o.cache->object_size : PAGE_SIZE << o.order;
	}
	if (!size) {
		*new_addr = ZERO_SIZE_PTR;
		if (where)
			*where = (struct kmalloc_where){ .nid = -1 };
		return kfree(m, addr);
	}
	if (size <= ks) {
		*new_addr = addr;
		if (where)
			*where = (struct kmalloc_where){ o.cache, o.order, o.nid, ks - size };
		return 0;
	}
	ret = kmalloc(m, size, gfp, new_addr, where);
	if (!ret)
		kfree(m, addr);
	return ret;
}

/* The bytes would be zeroed first; there are none. */
int kfree_sensitive(struct machine *m, uint64_t addr)
{
	return kfree(m, addr);
}

/* ---------------------------------------------------------------- shrinkers */

/**
 * drop_slab - every shrinker, run until it has nothing left: all unused
 * objects of the shrinkable caches are freed, each one counted as scanned.
 */
unsigned long drop_slab(struct machine *m)
{
	unsigned long freed = 0;

	if (!m->slab)
		return 0;
	for (GList *l = m->slab->caches; l; l = l->next) {
		struct kmem_cache *s = l->data;
		unsigned long scan = s->nr_unused;

		if (!s->shrinkable || !scan)
			continue;
		freed += shrink_slab_cache(m, s, scan);
		__count_vm_events(m, SLABS_SCANNED, scan);
	}
	return freed;
}

/* ---------------------------------------------------------------- boot */

/* create_boot_cache: refcount -1, never destroyed */
static int create_boot_cache(struct machine *m, const char *name, unsigned int size,
			     unsigned int align, slab_flags_t flags, bool ctor,
			     struct kmem_cache **out)
{
	int ret = create_cache_logged(m, name, size, align, flags, ctor, out);

	if (!ret)
		(*out)->refcount = -1;
	return ret;
}

static int create_kmalloc_caches(struct machine *m)
{
	struct slab_state *st = m->slab;

	for (int type = 0; type < NR_KMALLOC_TYPES; type++) {
		for (unsigned int i = 1; i <= KMALLOC_SHIFT_HIGH; i++) {
			unsigned int size = kmalloc_size(i);
			char name[KMEM_CACHE_NAME_LEN];
			int ret;

			if (i > 2 && i < KMALLOC_SHIFT_LOW)
				continue;
			g_snprintf(name, sizeof(name), size >= 1024 ? "%s%uk" : "%s%u",
				   kmalloc_prefix[type], size >= 1024 ? size >> 10 : size);
			/* power-of-two kmalloc objects are aligned to their size */
			ret = create_boot_cache(m, name, size, (size & (size - 1)) ? 0 : size,
						SLAB_KMALLOC | SLAB_PANIC | kmalloc_flags[type],
						false, &st->kmalloc_caches[type][i]);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* kmem_cache_init: the two caches that hold every cache, then their own objects */
static int kmem_cache_init(struct machine *m)
{
	struct slab_state *st = m->slab;
	int ret;

	ret = create_boot_cache(m, "kmem_cache",
				KMEM_CACHE_BASE_SIZE + 8 * (unsigned int)m->nr_nodes, 0,
				SLAB_HWCACHE_ALIGN | SLAB_PANIC, false, &st->kmem_cache);
	if (!ret)
		ret = create_boot_cache(m, "kmem_cache_node", KMEM_CACHE_NODE_SIZE, 0,
					SLAB_HWCACHE_ALIGN | SLAB_PANIC, false,
					&st->kmem_cache_node);
	if (!ret)
		ret = alloc_cache_objects(m, st->kmem_cache);
	if (!ret)
		ret = alloc_cache_objects(m, st->kmem_cache_node);
	return ret;
}

static int populate_profile_line(struct machine *m, const struct slab_profile *p,
				 char *err, size_t errlen)
{
	struct kmem_cache *s = kmem_cache_find(m, p->cache);

	if (!s) {
		g_snprintf(err, errlen, "slab.%s: no cache of that name", p->cache);
		return -EINVAL;
	}
	if (p->unused > p->objects) {
		g_snprintf(err, errlen, "slab.%s: unused=%lu is more than the %lu objects",
			   p->cache, p->unused, p->objects);
		return -EINVAL;
	}
	/* the last ones allocated are the unused ones, the tail of an LRU */
	for (unsigned long i = 0; i < p->objects; i++) {
		uint64_t addr;

		if (kmem_cache_alloc(m, s, GFP_KERNEL | __GFP_NOWARN, &addr)) {
			g_snprintf(err, errlen, "slab.%s: out of memory after %lu of %lu objects",
				   p->cache, i, p->objects);
			return -ENOMEM;
		}
		if (i >= p->objects - p->unused)
			kmem_cache_set_unused(m, s, addr, true);
	}
	if (p->unused)
		s->shrinkable = true;
	return 0;
}

/**
 * slab_init - kmem_cache_init() and the caches the rest of the kernel makes
 * at boot, then the objects of the description's slab profile. Costs what
 * the profile costs, whatever the size of the machine.
 */
int slab_init(struct machine *m, char *err, size_t errlen)
{
	struct slab_state *st = g_new0(struct slab_state, 1);
	int ret;

	m->slab = st;
	st->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	st->cpu_node = g_new0(int, MAX(m->nr_cpus, 1));
	/* CPUs are numbered in node order */
	for (int nid = 0, cpu = 0; nid < m->nr_nodes; nid++)
		for (int i = 0; i < m->desc.nodes[nid].nr_cpus && cpu < m->nr_cpus; i++)
			st->cpu_node[cpu++] = nid;
	st->large = g_hash_table_new(g_direct_hash, g_direct_equal);

	ret = kmem_cache_init(m);
	if (!ret)
		ret = create_kmalloc_caches(m);
	if (ret) {
		g_snprintf(err, errlen, "slab: cannot create the kmalloc caches (error %d)", ret);
		return ret;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(boot_caches); i++) {
		const struct boot_cache *b = &boot_caches[i];
		struct kmem_cache *s;

		ret = create_boot_cache(m, b->name, b->size, b->align, b->flags, b->ctor, &s);
		if (ret) {
			g_snprintf(err, errlen, "slab: cannot create %s (error %d)", b->name, ret);
			return ret;
		}
		s->shrinkable = b->shrinker;
	}
	pr_info(m, "SLUB: HWalign=%d, Order=0-%d, MinObjects=0, CPUs=%d, Nodes=%d", CACHE_LINE_SIZE,
		SLUB_MAX_ORDER, m->nr_cpus, m->nr_nodes);
	for (int i = 0; !ret && i < m->desc.nr_slab_profile; i++)
		ret = populate_profile_line(m, &m->desc.slab_profile[i], err, errlen);
	return ret;
}

void slab_destroy_all(struct machine *m)
{
	struct slab_state *st = m->slab;

	if (!st)
		return;
	slab_free_metadata(m);
	g_list_free_full(st->caches, (GDestroyNotify)kmem_cache_release);
	g_hash_table_destroy(st->by_name);
	g_free(st->cpu_node);
	g_hash_table_destroy(st->large);
	g_free(st);
	m->slab = NULL;
}
