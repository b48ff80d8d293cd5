/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slab allocator's interface: kmem_cache_* and the kmalloc family, as
 * include/linux/slab.h names them. Objects are addresses in the direct map
 * (the slab page's address plus the object's offset); nothing is stored in
 * them, so only metadata is kept: per slab, which objects are in use.
 *
 * mm/slab_common.c: cache creation and SLUB's geometry, the kmalloc caches,
 * kmalloc, krealloc and ksize, the boot caches and profile, drop_slab.
 * mm/slub.c: slabs from the page allocator, cpu slabs, cpu and node partial lists, object
 * allocation and free, kfree and large kmallocs, shrinking, the slub_debug
 * checks and slab_check().
 *
 * Every function runs under the machine lock. Caches are found by name
 * (kmem_cache_find); a destroyed cache is simply not found any more.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "gfp.h"

typedef unsigned int slab_flags_t;

/* Names are the kernel's; bit values are ours. */
#define SLAB_CONSISTENCY_CHECKS	0x00000100U
#define SLAB_RED_ZONE		0x00000400U	/* guard bytes around each object */
#define SLAB_POISON		0x00000800U	/* poison freed objects */
#define SLAB_KMALLOC		0x00001000U	/* a kmalloc-N cache (the kernel's, not users') */
#define SLAB_HWCACHE_ALIGN	0x00002000U	/* align objects to the cache line */
#define SLAB_CACHE_DMA		0x00004000U	/* slabs from ZONE_DMA */
#define SLAB_CACHE_DMA32	0x00008000U
#define SLAB_STORE_USER		0x00010000U	/* track the caller of alloc and free */
#define SLAB_RECLAIM_ACCOUNT	0x00020000U	/* slabs count as reclaimable */
#define SLAB_PANIC		0x00040000U	/* creation failure is fatal (logged) */
#define SLAB_TYPESAFE_BY_RCU	0x00080000U	/* slabs freed after a grace period */
#define SLAB_FAILSLAB		0x02000000U	/* failslab's cache-filter may fail it */
#define SLAB_ACCOUNT		0x04000000U	/* charged to the memory cgroup */

/* What kmem_cache_create accepts from a caller. */
#define SLAB_CREATE_MASK	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | \
				 SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | \
				 SLAB_STORE_USER | SLAB_RECLAIM_ACCOUNT | SLAB_PANIC | \
				 SLAB_TYPESAFE_BY_RCU | SLAB_ACCOUNT)

#define KMALLOC_MIN_SIZE	8
#define KMALLOC_SHIFT_LOW	3
#define KMALLOC_SHIFT_HIGH	(PAGE_SHIFT + 1)	/* kmalloc-8k is the largest cache */
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_SHIFT_MAX	(MAX_PAGE_ORDER + PAGE_SHIFT)
#define KMALLOC_MAX_SIZE	(1UL << KMALLOC_SHIFT_MAX)	/* 4 MiB: larger fails */
#define ZERO_SIZE_PTR		((uint64_t)16)			/* kmalloc(0) */
#define ZERO_OR_NULL_PTR(x)	((uint64_t)(x) <= ZERO_SIZE_PTR)

#define SLAB_FREELIST_END	0xffffu	/* the end of a freelist of object indices */
#define SLUB_MAX_ORDER		PAGE_ALLOC_COSTLY_ORDER	/* slab_max_order= default */
#define MAX_OBJS_PER_PAGE	32767
#define MIN_PARTIAL		5
#define MAX_PARTIAL		10
#define KMEM_CACHE_NAME_LEN	64

/* The kmalloc cache families (enum kmalloc_cache_type), in creation order. */
enum kmalloc_cache_type {
	KMALLOC_NORMAL,		/* kmalloc-N */
	KMALLOC_RECLAIM,	/* kmalloc-rcl-N: __GFP_RECLAIMABLE */
	KMALLOC_DMA,		/* dma-kmalloc-N: GFP_DMA */
	KMALLOC_CGROUP,		/* kmalloc-cg-N: __GFP_ACCOUNT */
	NR_KMALLOC_TYPES
};

struct machine;
struct slab;

/*
 * The per-cpu state of a cache (struct kmem_cache_cpu): the cpu slab, whose
 * free objects the cpu takes without touching the slab (@freelist, an
 * object index of @slab, or SLAB_FREELIST_END), and the cpu partial list,
 * a chain of slabs through slab->next whose head counts them.
 */
struct kmem_cache_cpu {
	uint16_t freelist;
	struct slab *slab;		/* frozen: on no node list while the cpu owns it */
	struct slab *partial;
};

/*
 * The per-node state of a cache (struct kmem_cache_node): the partial list
 * (slabs with free objects that no cpu owns), the full list (only for
 * SLAB_STORE_USER caches, as the kernel's add_full), and the node's slab and
 * object counts.
 */
struct kmem_cache_node {
	GQueue partial;			/* struct slab *; its length is nr_partial */
	GQueue full;
	unsigned long nr_slabs;
	unsigned long total_objects;
};

/* reciprocal_value(): division by a constant as a multiply and shifts */
struct reciprocal_value {
	uint32_t m;
	uint8_t sh1, sh2;
};

/*
 * One cache, as /proc/slabinfo and /sys/kernel/slab/<name>/ show it.
 *
 * Invariant (slab_check): nr_slabs and nr_objects are the sums of the
 * nodes' counts, which equal a recount of the cache's slabs; nr_inuse
 * counts the objects handed out and not freed (objects on cpu freelists are
 * free here, though slabinfo counts them active, as the kernel's does);
 * every slab is the cpu slab of one cpu, on one cpu partial list, on its
 * node's partial (or full) list, or full and on no list; nr_unused counts
 * objects that are in use and marked unused (a shrinker may free them).
 */
struct kmem_cache {
	char name[KMEM_CACHE_NAME_LEN];
	unsigned int object_size;	/* what the creator asked for */
	unsigned int size;		/* object_size aligned, with debug metadata */
	struct reciprocal_value reciprocal_size;	/* obj_to_index() divides by size */
	unsigned int size_shift;	/* log2(size) when size is a power of two, else 0 */
	unsigned int align;
	unsigned int inuse;		/* offset of the metadata: object, word aligned, red zone */
	unsigned int offset;		/* of the free pointer inside the slot */
	unsigned int red_left_pad;	/* red zone before each object (SLAB_RED_ZONE) */
	slab_flags_t flags;
	unsigned int order;		/* each slab is 2^order pages */
	unsigned int objects;		/* per slab */
	unsigned int min_order;		/* fallback order when order fails: one object (s->min) */
	unsigned int min_objects;	/* objects of a min_order slab */
	unsigned long min_partial;	/* empty slabs kept on a node's partial list */
	unsigned int cpu_partial;	/* objects a cpu partial list should hold (sysfs) */
	unsigned int cpu_partial_slabs;	/* the slabs that makes, half full each */
	gfp_t allocflags;		/* added to every slab allocation (GFP_DMA, ...) */
	bool ctor;			/* has a constructor: free pointer behind the object */

	unsigned long nr_slabs;
	unsigned long nr_objects;	/* capacity of all slabs */
	unsigned long nr_inuse;		/* objects handed out */
	struct kmem_cache_cpu *cpu_slab;	/* [m->nr_cpus] */
	struct kmem_cache_node node[MAX_NUMNODES];
	int refcount;			/* 1; -1 for the boot caches, which cannot be destroyed */
	bool shrinkable;		/* has a shrinker (dentry, inode caches) */
	unsigned long nr_unused;	/* objects the shrinker may free (unused dentries, ...) */

	uint64_t kmem_cache_obj;	/* this struct, an object of the kmem_cache cache */
	uint64_t kmem_cache_node_obj[MAX_NUMNODES];	/* per node, objects of kmem_cache_node */
};

/* Where a kmalloc came from, for the ctl reply. */
struct kmalloc_where {
	struct kmem_cache *cache;	/* NULL: straight from the page allocator */
	unsigned int order;		/* for a large kmalloc */
	int nid;			/* node of the slab or pages */
	size_t waste;			/* bytes given beyond the request */
};

/* Per node counts of a cache, for /sys/kernel/slab/<name>/ (N0=... fields). */
struct slab_node_stats {
	unsigned long nr_slabs;
	unsigned long nr_partial;	/* slabs on the node's partial list, empty ones included */
	unsigned long nr_objects;	/* capacity */
	unsigned long nr_inuse;		/* nr_objects less the free objects of partial slabs */
	unsigned long nr_partial_inuse;	/* objects in use on partial slabs (objects_partial) */
	unsigned long nr_partial_free;	/* free objects on partial slabs */
};

/* One cpu's slabs of a cache, for cpu_slabs and slabs_cpu_partial. */
struct slab_cpu_stats {
	int slab_nid;			/* node of the cpu slab, -1 for none */
	int partial_nid;		/* node of the head of the cpu partial list, -1 for none */
	int partial_slabs;		/* slabs on the cpu partial list */
};

/* get_slabinfo(): what a line of /proc/slabinfo shows. */
struct slabinfo {
	unsigned long active_objs;	/* objects less the free ones on node partial lists */
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned int objects_per_slab;
	unsigned int cache_order;
};

/* Boot: the kmalloc caches, the kernel's named caches, then the description's profile. */
int slab_init(struct machine *m, char *err, size_t errlen);
void slab_destroy_all(struct machine *m);

/*
 * kmem_cache_create - a cache of @size-byte objects.
 * -EINVAL: size 0 or above KMALLOC_MAX_SIZE, flags outside SLAB_CREATE_MASK
 * or both DMA flags, an alignment that is no power of two or above a page,
 * a name that is empty, too long or has a space or '/'; -EEXIST: the name is
 * taken (the kernel allows duplicates; the ctl finds caches by name, so we
 * do not); -ENOMEM. Failures are logged as the kernel logs them, SLAB_PANIC
 * ones with its panic text (the machine goes on).
 */
int kmem_cache_create(struct machine *m, const char *name, unsigned int size,
		      unsigned int align, slab_flags_t flags, struct kmem_cache **out);
struct kmem_cache *kmem_cache_find(struct machine *m, const char *name);
/*
 * -EBUSY, with the kernel's complaint in the log, while objects are live;
 * -EPERM for a boot cache (kmalloc-N, dentry, ...), which the kernel never
 * destroys. On success @s is freed.
 */
int kmem_cache_destroy(struct machine *m, struct kmem_cache *s);
int kmem_cache_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, uint64_t *addr);
/* @nid: take a slab of this node (or a new one from it); -1 for any */
int kmem_cache_alloc_node(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid,
			  uint64_t *addr);
/*
 * 0; -EINVAL for a double free, a pointer that is no object start, an object
 * of another cache; -EFAULT for an address that is no slab memory. Each
 * logged as SLUB's debug checks do; nothing changes.
 */
int kmem_cache_free(struct machine *m, struct kmem_cache *s, uint64_t addr);
/*
 * Flush every cpu's slabs of @s to the node lists, free the empty slabs and
 * put the fullest partial slabs first; returns the slabs freed.
 */
unsigned long kmem_cache_shrink(struct machine *m, struct kmem_cache *s);
/* Mark an object in use as unused (a shrinker may free it) or used again. */
int kmem_cache_set_unused(struct machine *m, struct kmem_cache *s, uint64_t addr, bool unused);

/* The kmalloc cache that serves @size with @gfp, or NULL above KMALLOC_MAX_CACHE_SIZE. */
struct kmem_cache *kmalloc_slab(struct machine *m, size_t size, gfp_t gfp);
struct kmem_cache *kmalloc_cache(struct machine *m, enum kmalloc_cache_type type,
				 unsigned int index);

/*
 * kmalloc - @size bytes: ZERO_SIZE_PTR for 0, a kmalloc-N object up to 8k,
 * pages of order get_order(@size) above (accounted as unreclaimable slab),
 * -ENOMEM above KMALLOC_MAX_SIZE (with the kernel's WARN unless __GFP_NOWARN).
 * @where may be NULL.
 */
int kmalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr,
	    struct kmalloc_where *where);
int kmalloc_node(struct machine *m, size_t size, gfp_t gfp, int nid, uint64_t *addr,
		 struct kmalloc_where *where);
int kzalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr,
	    struct kmalloc_where *where);
/* n * size bytes; -ENOMEM without a warning when the product overflows */
int kmalloc_array(struct machine *m, size_t n, size_t size, gfp_t gfp, uint64_t *addr,
		  struct kmalloc_where *where);
int kcalloc(struct machine *m, size_t n, size_t size, gfp_t gfp, uint64_t *addr,
	    struct kmalloc_where *where);
/* 0 and ZERO_SIZE_PTR are no-ops; errors as kmem_cache_free */
int kfree(struct machine *m, uint64_t addr);
int kfree_sensitive(struct machine *m, uint64_t addr);
/*
 * krealloc - in place while the object's size (ksize) holds @size, else a
 * new kmalloc and a free of the old one; @size 0 frees and gives
 * ZERO_SIZE_PTR; addr 0 or ZERO_SIZE_PTR is a kmalloc.
 */
int krealloc(struct machine *m, uint64_t addr, size_t size, gfp_t gfp, uint64_t *new_addr,
	     struct kmalloc_where *where);
/* The usable size of a kmalloc'ed object, or -errno. */
long ksize(struct machine *m, uint64_t addr);
/* Is @addr the start of a live slab object or large kmalloc? Its cache (NULL for large). */
bool kmem_obj_info(struct machine *m, uint64_t addr, struct kmem_cache **cache);

/* The caches, newest first (slabinfo order); iterate under the machine lock. */
GList *slab_caches(struct machine *m);
/* Counts of @s on node @nid: its counters and a walk of its partial list (count_partial). */
void kmem_cache_node_stats(struct machine *m, const struct kmem_cache *s, int nid,
			   struct slab_node_stats *st);
/* The cpu slab and cpu partial list of @s on @cpu. */
void kmem_cache_cpu_stats(struct machine *m, const struct kmem_cache *s, int cpu,
			  struct slab_cpu_stats *st);
/* The numbers of @s's /proc/slabinfo line, as SLUB's get_slabinfo() counts them. */
void get_slabinfo(struct machine *m, const struct kmem_cache *s, struct slabinfo *sinfo);

/*
 * drop_caches bit 2 (the only caller: there is no reclaim to call it): run
 * every shrinker, freeing all unused objects; returns objects freed.
 * SLABS_SCANNED counts them.
 */
unsigned long drop_slab(struct machine *m);
/* One cache's shrinker: free up to @nr_to_scan unused objects; returns objects freed. */
unsigned long shrink_slab_cache(struct machine *m, struct kmem_cache *s, unsigned long nr_to_scan);

/* Every cache's counters against a recount of its slabs (machine_check). */
int slab_check(struct machine *m);

/* ---------------------------------------------------------------- internal */

/*
 * The rest is shared by mm/slab_common.c and mm/slub.c only, as the
 * kernel's mm/slab.h is: the per-machine state and the calls between them.
 */
struct slab_state {
	GList *caches;			/* struct kmem_cache *, newest first */
	GHashTable *by_name;		/* name -> struct kmem_cache * */
	struct slab **slab_table;	/* by slab id, which every page of a slab holds in ->next */
	uint32_t nr_slab_ids;		/* ids in use or freed: [1, nr_slab_ids) */
	uint32_t slab_table_size;
	uint32_t *free_ids;		/* freed ids, reused last freed first */
	uint32_t nr_free_ids;
	int *cpu_node;			/* cpu_to_node(), by cpu */
	GHashTable *large;		/* head PFN -> order, for kmalloc above 8k */
	struct kmem_cache *kmem_cache;		/* the cache of struct kmem_cache */
	struct kmem_cache *kmem_cache_node;	/* and of struct kmem_cache_node */
	struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
	bool warned_max_order;		/* the page allocator's WARN_ON_ONCE for a huge kmalloc */
};

/*
 * The smallest order whose block holds @size bytes, as the kernel's
 * get_order(): fls of the page count less one, so any size_t has an answer
 * (SIZE_MAX is order 52), never a loop or a shift past 63.
 */
static inline unsigned int get_order(size_t size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return 64 - (unsigned int)__builtin_clzll((unsigned long long)((size - 1) >> PAGE_SHIFT));
}

/* kmalloc_type: DMA wins over reclaimable, which wins over accounted */
static inline enum kmalloc_cache_type kmalloc_type(gfp_t gfp)
{
	if (__builtin_expect(!(gfp & (__GFP_DMA | __GFP_RECLAIMABLE | __GFP_ACCOUNT)), 1))
		return KMALLOC_NORMAL;
	if (gfp & __GFP_DMA)
		return KMALLOC_DMA;
	if (gfp & __GFP_RECLAIMABLE)
		return KMALLOC_RECLAIM;
	return KMALLOC_CGROUP;
}

/* the cache index of sizes 1..192, by (size - 1) / 8 (slab_common.c) */
extern const uint8_t kmalloc_size_index[24];

/* kmalloc_slab for 1..KMALLOC_MAX_CACHE_SIZE bytes, as mm/slab.h's inline one */
static inline struct kmem_cache *__kmalloc_slab(const struct slab_state *st, size_t size,
						gfp_t gfp)
{
	unsigned int index;

	if (size <= 192)
		index = kmalloc_size_index[(size - 1) / 8];
	else
		index = 64 - (unsigned int)__builtin_clzll((unsigned long long)size - 1);
	if (__builtin_expect(!(gfp & (__GFP_DMA | __GFP_RECLAIMABLE | __GFP_ACCOUNT)), 1))
		return st->kmalloc_caches[KMALLOC_NORMAL][index];
	return st->kmalloc_caches[kmalloc_type(gfp)][index];
}

/* slab_common.c: kmalloc of 0 bytes, above the caches, or with a @where to fill */
int kmalloc_node_slow(struct machine *m, size_t size, gfp_t gfp, int nid, uint64_t *addr,
		      struct kmalloc_where *where);

/* A live object as kfree sees it. */
struct kmem_obj {
	struct kmem_cache *cache;	/* NULL for a large kmalloc */
	unsigned int order;		/* of its slab, or of the large kmalloc */
	int nid;
};

/* slub.c */
/*
 * 0 when @addr starts a live slab object or large kmalloc; else -EFAULT (no
 * kmalloc memory) or -EINVAL (freed, not an object start), logged as the
 * kernel would in @func unless @func is NULL. @o is filled as far as known.
 */
int kmem_obj_lookup(struct machine *m, uint64_t addr, const char *func, struct kmem_obj *o);
/* free the empty slabs of a cache being destroyed, or -EBUSY with the BUG report */
int __kmem_cache_shutdown(struct machine *m, struct kmem_cache *s);
int __kmalloc_large_node(struct machine *m, size_t size, gfp_t gfp, int nid, uint64_t *addr,
			 struct kmalloc_where *where);
void slab_free_metadata(struct machine *m);
/* set_cpu_partial(): cpu_partial from the object size, none for debug caches */
void set_cpu_partial(struct kmem_cache *s);
/* the struct and its per-cpu array */
void kmem_cache_release(struct kmem_cache *s);
/* "------------[ cut here ]------------", the message, "WARNING: @file at @func, ..." */
void slab_warn(struct machine *m, const char *file, const char *func, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

#endif /* MM_SLAB_H */
