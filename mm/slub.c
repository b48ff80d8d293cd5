// SPDX-License-Identifier: GPL-2.0
/*
 * SLUB: slabs of 2^order pages taken from the buddy allocator, objects
 * handed out of them through per-cpu slabs, per-cpu and per-node partial
 * lists, and the checks that slub_debug makes on every free.
 *
 * A slab is a block of the page allocator whose head page carries PG_slab;
 * every page of it holds the slab's id in ->next, so kfree finds the slab
 * from the page (virt_to_slab) in a few loads. Each object's free pointer
 * is an entry of the slab's fp[] (objects hold no bytes), so freelists are
 * chains of object indices as the kernel's are chains through the objects,
 * and an object's address is the slab's address plus index * size.
 *
 * The allocation paths are 6.18's: the fast path pops the cpu's freelist;
 * ___slab_alloc takes the cpu slab's remote frees, then the cpu partial
 * list, then a node partial list (get_partial_node moving up to half of
 * cpu_partial_slabs more slabs onto the cpu partial list), then a new slab.
 * A free into the cpu slab pushes onto the cpu's freelist; __slab_free
 * puts a full slab's first freed object's slab on the cpu partial list
 * (put_cpu_partial, which drains a full one to the node lists), and frees
 * an empty node partial slab once the node has min_partial partial slabs.
 * Debug caches (red zone, poison, store user, consistency checks) have no
 * cpu slabs: every object comes from and goes back to a node list.
 *
 * Left out on purpose: sheaves, freelist randomisation, cache merging,
 * memcg charging, RCU-delayed freeing, pfmemalloc slabs; the machine lock
 * stands for the kernel's cmpxchg and list locks, and a cpu's slabs are
 * used by whatever task runs on it (smp_processor_id()).
 *
 * Lock order: the machine lock, held by every caller, covers everything.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "internal.h"
#include "slab.h"

/* the GFP bits a slab allocation keeps from its caller (new_slab) */
#define GFP_RECLAIM_MASK	(__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN | \
				 __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | __GFP_NORETRY | \
				 __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#define GFP_CONSTRAINT_MASK	(__GFP_HARDWALL | __GFP_THISNODE)
#define GFP_SLAB_BUG_MASK	(__GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK)

/* SLAB_DEBUG_FLAGS: caches with these take the slow paths and no cpu slabs */
#define SLAB_DEBUG_FLAGS	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
				 SLAB_CONSISTENCY_CHECKS)
#define SHRINK_PROMOTE_MAX	32

#define BITS_PER_WORD		64u

enum add_mode { DEACTIVATE_TO_HEAD, DEACTIVATE_TO_TAIL };

/*
 * One slab. Invariants (check_slab): the allocated bits count the objects
 * handed out; @inuse is the kernel's: objects not on the slab's own
 * freelist, so a frozen (cpu) slab counts its cpu freelist as in use; the
 * freelists hold exactly the other objects; unused bits are a subset of the
 * allocated bits and nr_unused counts them.
 */
struct slab {
	GList link;			/* on a node's partial or full list; data is the slab */
	struct slab *next;		/* on a cpu partial list */
	struct kmem_cache *cache;
	uint64_t base;			/* direct-map address of the first object's slot */
	uint32_t pfn;			/* head page */
	uint32_t span;			/* objects * size: the bytes of the slots from @base */
	uint32_t id;			/* in slab_table; every page's ->next */
	int slabs;			/* head of a cpu partial list: the slabs on it */
	uint8_t order;			/* s->order, or s->min_order after a fallback */
	uint8_t nid;
	bool frozen;			/* a cpu slab */
	bool node_partial;		/* on its node's partial list (slab_test_node_partial) */
	bool on_full;			/* on its node's full list (SLAB_STORE_USER) */
	uint16_t objects;		/* capacity of this slab */
	uint16_t inuse;
	uint16_t freelist;		/* first free object, or SLAB_FREELIST_END */
	uint16_t nr_unused;
	uint16_t *fp;			/* the free pointer of each object */
	uint64_t map[];			/* allocated bits, then unused bits */
};

static inline unsigned int map_words(unsigned int objects)
{
	return (objects + BITS_PER_WORD - 1) / BITS_PER_WORD;
}

static inline bool obj_test(const uint64_t *map, unsigned int i)
{
	return map[i / BITS_PER_WORD] & (1ULL << (i % BITS_PER_WORD));
}

static inline void obj_set(uint64_t *map, unsigned int i)
{
	map[i / BITS_PER_WORD] |= 1ULL << (i % BITS_PER_WORD);
}

static inline void obj_clear(uint64_t *map, unsigned int i)
{
	map[i / BITS_PER_WORD] &= ~(1ULL << (i % BITS_PER_WORD));
}

static inline uint64_t *inuse_map(struct slab *slab)
{
	return slab->map;
}

static inline uint64_t *unused_map(struct slab *slab)
{
	return slab->map + map_words(slab->objects);
}

static inline uint64_t slab_address(const struct machine *m, const struct slab *slab)
{
	return pfn_to_virt(m, slab->pfn);
}

static inline uint64_t obj_address(const struct slab *slab, unsigned int idx)
{
	return slab->base + (uint64_t)idx * slab->cache->size;
}

static inline int page_nid(const struct machine *m, unsigned long pfn)
{
	return page_zone_pfn(m, pfn)->zone_pgdat->node_id;
}

/* nr_cpu_ids: a machine without CPUs still runs its work on CPU 0 */
static inline int nr_cpu_ids(const struct machine *m)
{
	return MAX(m->nr_cpus, 1);
}

static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

/* kmem_cache_has_cpu_partial: CONFIG_SLUB_CPU_PARTIAL, and no debugging */
static inline bool kmem_cache_has_cpu_partial(const struct kmem_cache *s)
{
	return !kmem_cache_debug(s);
}

static inline bool node_match(const struct slab *slab, int node)
{
	return node < 0 || slab->nid == node;
}

/* numa_mem_id(): the node of the cpu we run on */
static inline int numa_mem_id(const struct machine *m)
{
	return m->slab->cpu_node[smp_processor_id(m)];
}

static inline struct kmem_cache_cpu *this_cpu_slab(const struct machine *m,
						   const struct kmem_cache *s)
{
	return &s->cpu_slab[smp_processor_id(m)];
}

/*
 * obj_to_index: the kernel's reciprocal_divide() of the offset by the slot
 * size, exact for any 32-bit offset.
 */
static inline unsigned int obj_to_index(const struct kmem_cache *s, uint32_t offset)
{
	uint32_t t;

	/* a power-of-two slot (most kmalloc caches): the divide is a shift */
	if (s->size_shift)
		return offset >> s->size_shift;
	t = (uint32_t)(((uint64_t)offset * s->reciprocal_size.m) >> 32);

	return (t + ((offset - t) >> s->reciprocal_size.sh1)) >> s->reciprocal_size.sh2;
}

/* ---------------------------------------------------------------- reports */

void slab_warn(struct machine *m, const char *file, const char *func, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	pr_warn(m, "------------[ cut here ]------------");
	if (*msg)
		pr_warn(m, "%s", msg);
	/* 6.18's format; no line numbers or offsets: there is no kernel image */
	pr_warn(m, "WARNING: %s at %s, CPU#0: %s", file, func, current_comm(m));
}

/*
 * The BUG banner of slub_debug. The kernel is tainted after the first one;
 * we keep printing "Not tainted" (no taint flags are simulated).
 */
static void slab_bug(struct machine *m, const struct kmem_cache *s, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
static void slab_bug(struct machine *m, const struct kmem_cache *s, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	pr_err(m, "=============================================================================");
	pr_err(m, "BUG %s (Not tainted): %s", s->name, msg);
	pr_err(m, "-----------------------------------------------------------------------------");
}

static uint64_t slab_fp(const struct slab *slab)
{
	return slab->freelist == SLAB_FREELIST_END ? 0 : obj_address(slab, slab->freelist);
}

/* Addresses are printed raw (as with no_hash_pointers) so they match the ctl's. */
static void print_slab_info(struct machine *m, const struct slab *slab)
{
	const struct page *page = pfn_to_page(m, slab->pfn);

	pr_err(m, "Slab 0x%llx objects=%u used=%u fp=0x%llx flags=%#x(%snode=%d|zone=%d)",
	       (unsigned long long)slab_address(m, slab), slab->objects, slab->inuse,
	       (unsigned long long)slab_fp(slab), page->flags, slab->order ? "head|" : "",
	       slab->nid, zone_idx(page_zone_pfn(m, slab->pfn)));
}

static void object_err(struct machine *m, const struct slab *slab, unsigned int idx,
		       const char *reason)
{
	uint64_t addr = obj_address(slab, idx);

	slab_bug(m, slab->cache, "%s", reason);
	print_slab_info(m, slab);
	pr_err(m, "Object 0x%llx @offset=%llu", (unsigned long long)addr,
	       (unsigned long long)(addr - slab_address(m, slab)));
}

static void slab_fix(struct machine *m, const struct kmem_cache *s, uint64_t addr)
{
	pr_err(m, "FIX %s: Object at 0x%llx not freed", s->name, (unsigned long long)addr);
}

/* kmalloc_fix_flags: zone bits a slab cannot honour, stripped with a complaint */
static gfp_t kmalloc_fix_flags(struct machine *m, gfp_t gfp)
{
	gfp_t invalid = gfp & GFP_SLAB_BUG_MASK;
	char a[128], b[256];

	gfp &= ~GFP_SLAB_BUG_MASK;
	gfp_flags_string(invalid, a, sizeof(a));
	gfp_flags_string(gfp, b, sizeof(b));
	pr_warn(m, "Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!",
		invalid, a, gfp, b);
	return gfp;
}

static void slab_out_of_memory(struct machine *m, const struct kmem_cache *s, gfp_t gfp,
			       int nid)
{
	char flags[256];

	if (gfp & __GFP_NOWARN)
		return;
	gfp_flags_string(gfp, flags, sizeof(flags));
	pr_warn(m, "SLUB: Unable to allocate memory on CPU 0 (of node 0) on node %d, gfp=%#x(%s)",
		nid, gfp, flags);
	pr_warn(m, "  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u",
		s->name, s->object_size, s->size, s->order, s->min_order);
	for (int n = 0; n < m->nr_nodes; n++) {
		struct slab_node_stats st;

		kmem_cache_node_stats(m, s, n, &st);
		pr_warn(m, "  node %d: slabs: %lu, objs: %lu, free: %lu", n, st.nr_slabs,
			st.nr_objects, st.nr_objects - st.nr_inuse);
	}
}

/* What __phys_addr() does under CONFIG_DEBUG_VIRTUAL with an address outside the direct map. */
static void bad_virt_addr(struct machine *m, uint64_t addr, const char *func)
{
	pr_warn(m, "------------[ cut here ]------------");
	printk(m, LOGLEVEL_CRIT, "kernel BUG at arch/x86/mm/physaddr.c:%d!",
	       m->desc.arch == ARCH_I386 ? (addr < m->page_offset ? 61 : 62) : 25);
	pr_err(m, "%s: 0x%llx is not a direct-map address", func, (unsigned long long)addr);
}

/* ---------------------------------------------------------------- slabs */

/*
 * A free slab id (the last one freed first), growing the table when none
 * is. Id 0 is never a slab's: it is what ->next of most other pages holds.
 */
static uint32_t slab_id_alloc(struct slab_state *st)
{
	if (st->nr_free_ids)
		return st->free_ids[--st->nr_free_ids];
	if (st->nr_slab_ids + 1 >= st->slab_table_size) {
		uint32_t old = st->slab_table_size;

		st->slab_table_size = MAX(old * 2, 1024u);
		st->slab_table = g_renew(struct slab *, st->slab_table, st->slab_table_size);
		st->free_ids = g_renew(uint32_t, st->free_ids, st->slab_table_size);
		memset(st->slab_table + old, 0, (st->slab_table_size - old) * sizeof(struct slab *));
	}
	if (!st->nr_slab_ids)
		st->nr_slab_ids = 1;
	return st->nr_slab_ids++;
}

/* Every page of the slab points at it (the kernel's struct slab overlays struct page). */
static void slab_set_pages(struct machine *m, const struct slab *slab, uint32_t id)
{
	for (unsigned long i = 0; i < 1UL << slab->order; i++)
		pfn_to_page(m, slab->pfn + i)->next = id;
}

static struct slab *slab_new_meta(struct machine *m, struct kmem_cache *s, unsigned long pfn,
				  unsigned int order, unsigned int objects)
{
	struct slab_state *st = m->slab;
	unsigned int words = map_words(objects);
	struct slab *slab = g_malloc0(sizeof(*slab) + 2 * words * sizeof(uint64_t) +
				      objects * sizeof(uint16_t));

	slab->link.data = slab;
	slab->cache = s;
	slab->pfn = (uint32_t)pfn;
	slab->base = pfn_to_virt(m, pfn) + s->red_left_pad;
	slab->order = (uint8_t)order;
	slab->nid = (uint8_t)page_nid(m, pfn);
	slab->objects = (uint16_t)objects;
	slab->span = objects * s->size;
	slab->fp = (uint16_t *)(void *)(slab->map + 2 * words);
	/* shuffle_freelist() off: the objects in address order */
	for (unsigned int i = 0; i < objects; i++)
		slab->fp[i] = (uint16_t)(i + 1 < objects ? i + 1 : SLAB_FREELIST_END);
	slab->freelist = 0;
	slab->id = slab_id_alloc(st);
	st->slab_table[slab->id] = slab;
	slab_set_pages(m, slab, slab->id);
	return slab;
}

static enum node_stat_item cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B : NR_SLAB_UNRECLAIMABLE_B;
}

static void account_slab(struct machine *m, const struct slab *slab, long sign)
{
	__mod_node_page_state(NODE_DATA(m, slab->nid), cache_vmstat_idx(slab->cache),
			      sign * (long)(PAGE_SIZE << slab->order));
}

/* inc_slabs_node / dec_slabs_node, and the cache-wide sums */
static void mod_slabs_node(struct kmem_cache *s, const struct slab *slab, long sign)
{
	struct kmem_cache_node *n = &s->node[slab->nid];

	n->nr_slabs += (unsigned long)sign;
	n->total_objects += (unsigned long)(sign * slab->objects);
	s->nr_slabs += (unsigned long)sign;
	s->nr_objects += (unsigned long)(sign * slab->objects);
}

/*
 * allocate_slab - try the cache's order without warning or retrying hard,
 * then fall back to the order of a single object with the caller's flags.
 */
static struct slab *allocate_slab(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid)
{
	gfp_t flags = gfp | s->allocflags;
	gfp_t alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	unsigned int order = s->order;
	unsigned long pfn;
	struct slab *slab;

	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && s->order > s->min_order)
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	if (alloc_pages_node(m, nid, alloc_gfp, order, &pfn)) {
		order = s->min_order;
		if (alloc_pages_node(m, nid, flags, order, &pfn))
			return NULL;
	}
	slab = slab_new_meta(m, s, pfn, order, order == s->order ? s->objects : s->min_objects);
	pfn_to_page(m, pfn)->flags |= PG_slab;
	account_slab(m, slab, 1);
	mod_slabs_node(s, slab, 1);
	return slab;
}

static struct slab *new_slab(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid)
{
	if (gfp & GFP_SLAB_BUG_MASK)
		gfp = kmalloc_fix_flags(m, gfp);
	return allocate_slab(m, s, gfp & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK), nid);
}

/* Back to the buddy allocator: the slab must be empty and on no list. */
static void discard_slab(struct machine *m, struct kmem_cache *s, struct slab *slab)
{
	struct slab_state *st = m->slab;
	struct page *page = pfn_to_page(m, slab->pfn);

	mod_slabs_node(s, slab, -1);
	account_slab(m, slab, -1);
	slab_set_pages(m, slab, 0);
	st->slab_table[slab->id] = NULL;
	st->free_ids[st->nr_free_ids++] = slab->id;
	page->flags &= (uint16_t)~PG_slab;
	__free_pages(m, slab->pfn, slab->order);
	g_free(slab);
}

/* ---------------------------------------------------------------- lists */

static void add_partial(struct kmem_cache_node *n, struct slab *slab, enum add_mode tail)
{
	if (tail == DEACTIVATE_TO_TAIL)
		g_queue_push_tail_link(&n->partial, &slab->link);
	else
		g_queue_push_head_link(&n->partial, &slab->link);
	slab->node_partial = true;
}

static void remove_partial(struct kmem_cache_node *n, struct slab *slab)
{
	g_queue_unlink(&n->partial, &slab->link);
	slab->node_partial = false;
}

/* add_full / remove_full: only SLAB_STORE_USER caches track their full slabs */
static void add_full(struct kmem_cache *s, struct kmem_cache_node *n, struct slab *slab)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	g_queue_push_head_link(&n->full, &slab->link);
	slab->on_full = true;
}

static void remove_full(struct kmem_cache *s, struct kmem_cache_node *n, struct slab *slab)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	g_queue_unlink(&n->full, &slab->link);
	slab->on_full = false;
}

static inline unsigned long node_nr_partial(const struct kmem_cache_node *n)
{
	return n->partial.length;
}

/*
 * __put_partials: the slabs of a cpu partial list back to their nodes'
 * partial lists, at the tail; an empty one goes back to the buddy allocator
 * when its node already has min_partial partial slabs.
 */
static unsigned long __put_partials(struct machine *m, struct kmem_cache *s, struct slab *slab)
{
	unsigned long freed = 0;

	while (slab) {
		struct slab *next = slab->next;
		struct kmem_cache_node *n = &s->node[slab->nid];

		slab->next = NULL;
		if (!slab->inuse && node_nr_partial(n) >= s->min_partial) {
			discard_slab(m, s, slab);
			freed++;
		} else {
			add_partial(n, slab, DEACTIVATE_TO_TAIL);
		}
		slab = next;
	}
	return freed;
}

/*
 * put_cpu_partial - push @slab on this cpu's partial list; with @drain, a
 * list that already holds cpu_partial_slabs goes to the node lists first.
 */
static void put_cpu_partial(struct machine *m, struct kmem_cache *s, struct slab *slab,
			    bool drain)
{
	struct kmem_cache_cpu *c = this_cpu_slab(m, s);
	struct slab *oldslab = c->partial, *slab_to_put = NULL;
	int slabs = 0;

	if (oldslab) {
		if (drain && oldslab->slabs >= (int)s->cpu_partial_slabs) {
			slab_to_put = oldslab;
			oldslab = NULL;
		} else {
			slabs = oldslab->slabs;
		}
	}
	slab->slabs = slabs + 1;
	slab->next = oldslab;
	c->partial = slab;
	if (slab_to_put)
		__put_partials(m, s, slab_to_put);
}

/* get_freelist / freeze_slab: the cpu takes the slab's whole freelist */
static uint16_t get_freelist(struct slab *slab)
{
	uint16_t freelist = slab->freelist;

	slab->freelist = SLAB_FREELIST_END;
	slab->inuse = slab->objects;
	slab->frozen = freelist != SLAB_FREELIST_END;
	return freelist;
}

/*
 * deactivate_slab - the cpu gives its slab up: the cpu freelist goes in
 * front of the slab's own, then the slab is freed when empty and its node
 * has min_partial partial slabs, goes on the node's partial list when it
 * has free objects (at the tail when others freed into it meanwhile), or
 * stays on no list when full. Returns the slabs freed.
 */
static unsigned long deactivate_slab(struct machine *m, struct kmem_cache *s, struct slab *slab,
				     uint16_t freelist)
{
	struct kmem_cache_node *n = &s->node[slab->nid];
	enum add_mode tail = slab->freelist != SLAB_FREELIST_END ? DEACTIVATE_TO_TAIL :
								  DEACTIVATE_TO_HEAD;
	unsigned int free_delta = 0;
	uint16_t last = SLAB_FREELIST_END;

	for (uint16_t i = freelist; i != SLAB_FREELIST_END; i = slab->fp[i]) {
		last = i;
		free_delta++;
	}
	if (last != SLAB_FREELIST_END) {
		slab->fp[last] = slab->freelist;
		slab->freelist = freelist;
	}
	slab->inuse = (uint16_t)(slab->inuse - free_delta);
	slab->frozen = false;
	if (!slab->inuse && node_nr_partial(n) >= s->min_partial) {
		discard_slab(m, s, slab);
		return 1;
	}
	if (slab->freelist != SLAB_FREELIST_END)
		add_partial(n, slab, tail);
	return 0;
}

/* flush_cpu_slab: the cpu slab, then the cpu partial list, to the nodes */
static unsigned long flush_cpu_slab(struct machine *m, struct kmem_cache *s,
				    struct kmem_cache_cpu *c)
{
	unsigned long freed = 0;
	struct slab *partial = c->partial;

	if (c->slab) {
		struct slab *slab = c->slab;
		uint16_t freelist = c->freelist;

		c->slab = NULL;
		c->freelist = SLAB_FREELIST_END;
		freed += deactivate_slab(m, s, slab, freelist);
	}
	c->partial = NULL;
	return freed + __put_partials(m, s, partial);
}

/* flush_all: every cpu's slabs of @s; returns the slabs freed on the way */
static unsigned long flush_all(struct machine *m, struct kmem_cache *s)
{
	unsigned long freed = 0;

	for (int cpu = 0; cpu < nr_cpu_ids(m); cpu++)
		freed += flush_cpu_slab(m, s, &s->cpu_slab[cpu]);
	return freed;
}

/* ---------------------------------------------------------------- allocation */

/* alloc_single_from_partial: a debug cache takes one object under the list lock */
static uint16_t alloc_single_from_partial(struct kmem_cache *s, struct kmem_cache_node *n,
					  struct slab *slab)
{
	uint16_t object = slab->freelist;

	slab->freelist = slab->fp[object];
	slab->inuse++;
	if (slab->inuse == slab->objects) {
		remove_partial(n, slab);
		add_full(s, n, slab);
	}
	return object;
}

static uint16_t alloc_single_from_new_slab(struct kmem_cache *s, struct slab *slab)
{
	struct kmem_cache_node *n = &s->node[slab->nid];
	uint16_t object = slab->freelist;

	slab->freelist = slab->fp[object];
	slab->inuse = 1;
	if (slab->inuse == slab->objects)
		add_full(s, n, slab);
	else
		add_partial(n, slab, DEACTIVATE_TO_HEAD);
	return object;
}

/*
 * get_partial_node - the first partial slab of @n for the cpu (a debug
 * cache: one object of it, *@object), and for a cache with cpu partial
 * lists up to cpu_partial_slabs / 2 + 1 more onto this cpu's list.
 */
static struct slab *get_partial_node(struct machine *m, struct kmem_cache *s,
				     struct kmem_cache_node *n, uint16_t *object)
{
	struct slab *partial = NULL;
	unsigned int partial_slabs = 0;
	GList *l = n->partial.head;

	while (l) {
		struct slab *slab = l->data;

		l = l->next;
		if (kmem_cache_debug(s)) {
			*object = alloc_single_from_partial(s, n, slab);
			return slab;
		}
		remove_partial(n, slab);
		if (!partial) {
			partial = slab;
			if (!s->cpu_partial_slabs)
				break;
		} else {
			put_cpu_partial(m, s, slab, false);
			if (++partial_slabs > s->cpu_partial_slabs / 2)
				break;
		}
	}
	return partial;
}

/*
 * get_any_partial: another node's partial slabs, nearest node first (the
 * local node's zonelist), from a node holding more than min_partial. The
 * kernel skips this at random (remote_node_defrag_ratio against the cycle
 * counter, 2% of the time by default); here it always looks.
 */
static struct slab *get_any_partial(struct machine *m, struct kmem_cache *s, uint16_t *object)
{
	const pg_data_t *pgdat = NODE_DATA(m, numa_mem_id(m));

	for (int i = 0; i < pgdat->nr_zonelist; i++) {
		struct kmem_cache_node *n = &s->node[pgdat->zonelist[i]->zone_pgdat->node_id];

		if (node_nr_partial(n) > s->min_partial) {
			struct slab *slab = get_partial_node(m, s, n, object);

			if (slab)
				return slab;
		}
	}
	return NULL;
}

static struct slab *get_partial(struct machine *m, struct kmem_cache *s, int node, gfp_t flags,
				uint16_t *object)
{
	int searchnode = node < 0 ? numa_mem_id(m) : node;
	struct slab *slab = get_partial_node(m, s, &s->node[searchnode], object);

	if (slab || (node >= 0 && (flags & __GFP_THISNODE)))
		return slab;
	return get_any_partial(m, s, object);
}

/*
 * ___slab_alloc - the slow path: the cpu slab's freelist is empty, or the
 * caller wants another node. Returns the slab and, in *@object, the object
 * index, or -ENOMEM with SLUB's report.
 */
static __attribute__((noinline)) int ___slab_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node,
			 struct kmem_cache_cpu *c, struct slab **out, uint16_t *object)
{
	bool try_thisnode = true;
	struct slab *slab = c->slab;
	uint16_t freelist;
	gfp_t pc_flags;

	if (!slab)
		goto new_slab;
	if (!node_match(slab, node)) {
		/* every node has memory, so node_isset(node, slab_nodes) holds */
		c->slab = NULL;
		freelist = c->freelist;
		c->freelist = SLAB_FREELIST_END;
		deactivate_slab(m, s, slab, freelist);
		goto new_slab;
	}
	/* the cpu freelist is empty: take what other cpus freed into the slab */
	freelist = get_freelist(slab);
	if (freelist == SLAB_FREELIST_END) {
		c->slab = NULL;		/* full: it leaves the cpu on no list */
		goto new_slab;
	}
	goto load_freelist;

new_slab:
	while (c->partial) {
		slab = c->partial;
		c->partial = slab->next;
		if (node_match(slab, node)) {
			c->slab = slab;
			freelist = get_freelist(slab);
			goto load_freelist;
		}
		slab->next = NULL;
		__put_partials(m, s, slab);
	}

new_objects:
	pc_flags = gfp;
	/* a preferred node is tried first without reclaim, then any node */
	if (node >= 0 && !(gfp & __GFP_THISNODE) && try_thisnode)
		pc_flags = GFP_NOWAIT | __GFP_THISNODE;
	slab = get_partial(m, s, node, pc_flags, &freelist);
	if (slab) {
		if (kmem_cache_debug(s))
			goto single;
		freelist = get_freelist(slab);
		c->slab = slab;
		goto load_freelist;
	}
	slab = new_slab(m, s, pc_flags, node);
	if (!slab) {
		if (node >= 0 && !(gfp & __GFP_THISNODE) && try_thisnode) {
			try_thisnode = false;
			goto new_objects;
		}
		slab_out_of_memory(m, s, gfp, node);
		return -ENOMEM;
	}
	if (kmem_cache_debug(s)) {
		freelist = alloc_single_from_new_slab(s, slab);
		goto single;
	}
	freelist = get_freelist(slab);
	c->slab = slab;

load_freelist:
	c->freelist = slab->fp[freelist];
single:
	*out = slab;
	*object = freelist;
	return 0;
}

/* Everything but the fast path: bad nodes, failslab, ___slab_alloc. */
static __attribute__((noinline)) int slab_alloc_slow(struct machine *m, struct kmem_cache *s,
						     gfp_t gfp, int nid, uint64_t *addr)
{
	struct kmem_cache_cpu *c = this_cpu_slab(m, s);
	struct slab *slab = c->slab;
	uint16_t idx = c->freelist;
	int ret;

	if (nid >= m->nr_nodes)
		return -EINVAL;
	if (should_failslab(m, s, gfp))
		return -ENOMEM;
	if (idx == SLAB_FREELIST_END || !slab || !node_match(slab, nid)) {
		ret = ___slab_alloc(m, s, gfp, nid, c, &slab, &idx);
		if (ret)
			return ret;
	} else {
		c->freelist = slab->fp[idx];
	}
	obj_set(inuse_map(slab), idx);
	s->nr_inuse++;
	*addr = obj_address(slab, idx);
	return 0;
}

/*
 * slab_alloc_node - the fast path: the first object of this cpu's freelist
 * when the cpu slab is of @nid (or no node is asked for); the rest is
 * slab_alloc_slow's.
 */
static inline __attribute__((always_inline)) int slab_alloc_node(struct machine *m,
								 struct kmem_cache *s, gfp_t gfp,
								 int nid, uint64_t *addr)
{
	struct kmem_cache_cpu *c;
	struct slab *slab;
	uint16_t idx;

	/* nid -1 (no node asked for) is constant for kmalloc: the node test folds away */
	if (__builtin_expect((nid >= 0 && nid >= m->nr_nodes) ||
			     fault_attr_armed(m, &m->failslab.attr), 0))
		return slab_alloc_slow(m, s, gfp, nid, addr);
	c = this_cpu_slab(m, s);
	slab = c->slab;
	idx = c->freelist;
	if (__builtin_expect(idx == SLAB_FREELIST_END || !slab || !node_match(slab, nid), 0))
		return slab_alloc_slow(m, s, gfp, nid, addr);
	c->freelist = slab->fp[idx];
	obj_set(inuse_map(slab), idx);
	s->nr_inuse++;
	*addr = slab->base + (uint64_t)idx * s->size;
	return 0;
}

/**
 * kmem_cache_alloc_node - an object of @s: the fast path takes the first
 * object of this cpu's freelist when the cpu slab is of @nid (or no node is
 * asked for); ___slab_alloc does the rest. Only a new slab asks the page
 * allocator, so only then does @gfp matter. -ENOMEM with SLUB's report
 * (unless __GFP_NOWARN) when no slab can be had, -EINVAL for a node the
 * machine lacks.
 */
int kmem_cache_alloc_node(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid,
			  uint64_t *addr)
{
	return slab_alloc_node(m, s, gfp, nid, addr);
}

/**
 * kmalloc_node - @size bytes from the kmalloc cache of the GFP's type
 * (kmalloc_type) and size class, or from the page allocator above 8k. Here,
 * as 6.18's __do_kmalloc_node is, so the cache's fast path is inline.
 */
int kmalloc_node(struct machine *m, size_t size, gfp_t gfp, int nid, uint64_t *addr,
		 struct kmalloc_where *where)
{
	/* the hot case: a kmalloc cache, nothing to report */
	if (__builtin_expect(size - 1 < KMALLOC_MAX_CACHE_SIZE && !where, 1))
		return slab_alloc_node(m, __kmalloc_slab(m->slab, size, gfp), gfp, nid, addr);
	return kmalloc_node_slow(m, size, gfp, nid, addr, where);
}

/**
 * kmalloc - kmalloc_node() on no particular node (NUMA_NO_NODE): the
 * cpu slab serves, whatever its node.
 */
int kmalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr,
	    struct kmalloc_where *where)
{
	if (__builtin_expect(size - 1 < KMALLOC_MAX_CACHE_SIZE && !where, 1))
		return slab_alloc_node(m, __kmalloc_slab(m->slab, size, gfp), gfp, -1, addr);
	return kmalloc_node_slow(m, size, gfp, -1, addr, where);
}

/**
 * kmem_cache_alloc - an object of @s from any node (the cpu slab's).
 */
int kmem_cache_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, uint64_t *addr)
{
	return kmem_cache_alloc_node(m, s, gfp, -1, addr);
}

/* ---------------------------------------------------------------- free */

/* free_to_partial_list: a debug cache's free, under its node's list lock */
static void free_to_partial_list(struct machine *m, struct kmem_cache *s, struct slab *slab,
				 uint16_t idx)
{
	struct kmem_cache_node *n = &s->node[slab->nid];
	uint16_t prior = slab->freelist;
	bool slab_free;

	slab->fp[idx] = prior;
	slab->freelist = idx;
	slab->inuse--;
	slab_free = !slab->inuse && node_nr_partial(n) >= s->min_partial;
	if (prior == SLAB_FREELIST_END) {
		remove_full(s, n, slab);
		if (!slab_free)
			add_partial(n, slab, DEACTIVATE_TO_TAIL);
	} else if (slab_free) {
		remove_partial(n, slab);
	}
	if (slab_free)
		discard_slab(m, s, slab);
}

/*
 * __slab_free - a free into a slab that is not this cpu's slab: into a
 * frozen slab (another cpu's) nothing moves; the first free into a full
 * slab puts it on this cpu's partial list; an empty slab on its node's
 * partial list goes when the node has min_partial partial slabs; a slab on
 * a cpu partial list stays there, empty or not.
 */
static __attribute__((noinline)) void __slab_free(struct machine *m, struct kmem_cache *s,
						  struct slab *slab, uint16_t idx)
{
	struct kmem_cache_node *n;
	uint16_t prior;

	if (kmem_cache_debug(s)) {
		free_to_partial_list(m, s, slab, idx);
		return;
	}
	prior = slab->freelist;
	slab->fp[idx] = prior;
	slab->freelist = idx;
	slab->inuse--;
	if (slab->frozen)
		return;
	if (prior == SLAB_FREELIST_END) {
		put_cpu_partial(m, s, slab, true);
		return;
	}
	if (!slab->node_partial)
		return;
	n = &s->node[slab->nid];
	if (!slab->inuse && node_nr_partial(n) >= s->min_partial) {
		remove_partial(n, slab);
		discard_slab(m, s, slab);
	}
}

/*
 * slab_free_slow: the object is no longer handed out (nor marked unused);
 * this cpu's own slab takes it on the cpu freelist, any other slab through
 * __slab_free. Returns 0.
 */
static __attribute__((noinline)) int slab_free_slow(struct machine *m, struct kmem_cache *s,
						    struct slab *slab, unsigned int idx)
{
	struct kmem_cache_cpu *c = this_cpu_slab(m, s);

	if (obj_test(unused_map(slab), idx)) {
		obj_clear(unused_map(slab), idx);
		slab->nr_unused--;
		s->nr_unused--;
	}
	obj_clear(inuse_map(slab), idx);
	s->nr_inuse--;
	if (slab == c->slab) {
		slab->fp[idx] = c->freelist;
		c->freelist = (uint16_t)idx;
		return 0;
	}
	__slab_free(m, s, slab, (uint16_t)idx);
	return 0;
}

/*
 * do_slab_free - the fast path of a free into this cpu's slab with no
 * object marked unused: a push on the cpu freelist. Returns 0.
 */
static inline __attribute__((always_inline)) int do_slab_free(struct machine *m,
							      struct kmem_cache *s,
							      struct slab *slab, unsigned int idx)
{
	struct kmem_cache_cpu *c = this_cpu_slab(m, s);

	if (__builtin_expect(slab->nr_unused != 0 || slab != c->slab, 0))
		return slab_free_slow(m, s, slab, idx);
	obj_clear(inuse_map(slab), idx);
	s->nr_inuse--;
	slab->fp[idx] = c->freelist;
	c->freelist = (uint16_t)idx;
	return 0;
}

/* ---------------------------------------------------------------- lookups */

/* What an address is, as kfree and friends need to know. */
enum kobj_kind {
	KOBJ_NOT_DIRECT,	/* outside the direct map: vmalloc, user, garbage */
	KOBJ_NOT_KMALLOC,	/* direct map, but neither a slab nor a large kmalloc */
	KOBJ_SLAB,
	KOBJ_LARGE,
};

struct kobj {
	enum kobj_kind kind;
	unsigned long head;		/* first PFN of the block */
	unsigned int order;
	struct slab *slab;
	long idx;			/* of the object in the slab */
};

/*
 * virt_to_slab - the slab holding direct-map page @pfn, or NULL: the id in
 * the page's ->next names a slab, which is the page's only if the page lies
 * inside it (->next of a page that is no slab's may hold anything).
 */
static inline struct slab *virt_to_slab(const struct machine *m, unsigned long pfn)
{
	const struct slab_state *st = m->slab;
	uint32_t id = pfn_to_page(m, pfn)->next;
	struct slab *slab;

	if (id >= st->nr_slab_ids)
		return NULL;
	slab = st->slab_table[id];
	if (!slab || pfn - slab->pfn >= 1UL << slab->order)
		return NULL;
	return slab;
}

static struct kobj virt_to_kobj(struct machine *m, uint64_t addr)
{
	struct kobj k = { .kind = KOBJ_NOT_DIRECT, .idx = -1 };
	long pfn = virt_to_pfn(m, addr);
	int mt;

	if (pfn < 0)
		return k;
	k.slab = virt_to_slab(m, (unsigned long)pfn);
	if (k.slab) {
		k.kind = KOBJ_SLAB;
		k.head = k.slab->pfn;
		k.order = k.slab->order;
		return k;
	}
	k.kind = KOBJ_NOT_KMALLOC;
	if (pfn_state(m, (unsigned long)pfn, &k.head, &k.order, &mt) != PAGE_STATE_ALLOCATED) {
		k.head = (unsigned long)pfn;
		return k;
	}
	if (pfn_to_page(m, k.head)->flags & PG_large_kmalloc)
		k.kind = KOBJ_LARGE;
	return k;
}

/*
 * The object index of @addr in @slab, or -1 when @addr is no object start
 * of it: an offset from the first object inside the slab's slots (an
 * address before them wraps above) that is a whole number of slots, so
 * @addr lies inside the slab whatever led to it.
 */
static inline long slab_obj_index(const struct slab *slab, uint64_t addr)
{
	const struct kmem_cache *s = slab->cache;
	uint64_t off = addr - slab->base;
	unsigned int idx;

	if (off >= slab->span)
		return -1;
	idx = obj_to_index(s, (uint32_t)off);
	if ((uint64_t)idx * s->size != off)
		return -1;
	return idx;
}

/*
 * free_consistency_checks: a valid object start, and not already free.
 * Logged unless @report is false; @freeing adds "FIX ... not freed".
 */
static int slab_obj_checks(struct machine *m, struct kobj *k, uint64_t addr, bool report,
			   bool freeing)
{
	struct slab *slab = k->slab;

	k->idx = slab_obj_index(slab, addr);
	if (k->idx >= 0 && obj_test(inuse_map(slab), (unsigned int)k->idx))
		return 0;
	if (!report)
		return -EINVAL;
	if (k->idx < 0) {
		slab_bug(m, slab->cache, "Invalid object pointer 0x%llx", (unsigned long long)addr);
		print_slab_info(m, slab);
	} else {
		object_err(m, slab, (unsigned int)k->idx, "Object already free");
	}
	if (freeing)
		slab_fix(m, slab->cache, addr);
	return -EINVAL;
}

/* The large kmalloc at the start of block @k, or -errno with the kernel's complaint. */
static int large_checks(struct machine *m, const struct kobj *k, uint64_t addr,
			const char *func)
{
	if (k->kind == KOBJ_NOT_DIRECT) {
		if (func)
			bad_virt_addr(m, addr, func);
		return -EFAULT;
	}
	if (k->kind != KOBJ_LARGE) {
		if (func) {
			/* kfree warns from free_large_kmalloc(), ksize and krealloc from __ksize() */
			slab_warn(m, "mm/slub.c", strcmp(func, "kfree") ? "__ksize" : "free_large_kmalloc",
				  "%s", "");
			dump_page(m, k->head, "Not a kmalloc allocation");
		}
		return -EFAULT;
	}
	/* the kernel would take the whole block; a pointer inside it is refused here */
	if (addr != pfn_to_virt(m, k->head)) {
		if (func)
			pr_err(m, "BUG: %s: 0x%llx is inside the kmalloc at 0x%llx (order %u), not its start",
			       func, (unsigned long long)addr,
			       (unsigned long long)pfn_to_virt(m, k->head), k->order);
		return -EINVAL;
	}
	return 0;
}

/* A live slab object or large kmalloc at @addr; logged as @func unless NULL. */
static int resolve_obj(struct machine *m, uint64_t addr, const char *func, bool freeing,
		       struct kobj *k)
{
	*k = virt_to_kobj(m, addr);
	if (k->kind == KOBJ_SLAB)
		return slab_obj_checks(m, k, addr, func != NULL, freeing);
	return large_checks(m, k, addr, func);
}

int kmem_obj_lookup(struct machine *m, uint64_t addr, const char *func, struct kmem_obj *o)
{
	struct kobj k;
	int ret = resolve_obj(m, addr, func, false, &k);

	if (k.kind == KOBJ_SLAB)
		*o = (struct kmem_obj){ k.slab->cache, k.slab->order, k.slab->nid };
	else
		*o = (struct kmem_obj){ NULL, k.order,
					k.kind == KOBJ_LARGE ? page_nid(m, k.head) : -1 };
	return ret;
}

/**
 * kmem_cache_free - give an object of @s back, after cache_from_obj() and
 * slub_debug's free checks; a refused free changes nothing.
 */
int kmem_cache_free(struct machine *m, struct kmem_cache *s, uint64_t addr)
{
	struct kobj k = virt_to_kobj(m, addr);
	int ret;

	if (k.kind == KOBJ_NOT_DIRECT) {
		bad_virt_addr(m, addr, "kmem_cache_free");
		return -EFAULT;
	}
	if (k.kind != KOBJ_SLAB) {
		slab_warn(m, "mm/slub.c", "virt_to_cache", "%s",
			  "virt_to_cache: Object is not a Slab page!");
		return -EFAULT;
	}
	/* the kernel goes on to free into the object's own cache; we refuse */
	if (k.slab->cache != s) {
		slab_warn(m, "mm/slub.c", "cache_from_obj",
			  "cache_from_obj: Wrong slab cache. %s but object is from %s", s->name,
			  k.slab->cache->name);
		return -EINVAL;
	}
	ret = slab_obj_checks(m, &k, addr, true, true);
	if (!ret)
		do_slab_free(m, s, k.slab, (unsigned int)k.idx);
	return ret;
}

static void free_large_kmalloc(struct machine *m, unsigned long pfn, unsigned int order)
{
	struct page *page = pfn_to_page(m, pfn);

	__mod_node_page_state(NODE_DATA(m, page_nid(m, pfn)), NR_SLAB_UNRECLAIMABLE_B,
			      -(long)(PAGE_SIZE << order));
	page->flags &= (uint16_t)~PG_large_kmalloc;
	g_hash_table_remove(m->slab->large, GSIZE_TO_POINTER(pfn));
	__free_pages(m, pfn, order);
}

/* kfree of anything but a live slab object: a large kmalloc, or a refusal with its report */
static __attribute__((noinline)) int kfree_slow(struct machine *m, uint64_t addr)
{
	struct kobj k;
	int ret = resolve_obj(m, addr, "kfree", true, &k);

	if (ret)
		return ret;
	if (k.kind == KOBJ_SLAB)
		do_slab_free(m, k.slab->cache, k.slab, (unsigned int)k.idx);
	else
		free_large_kmalloc(m, k.head, k.order);
	return 0;
}

/**
 * kfree - free a kmalloc'ed object or large kmalloc (any slab object, as in
 * the kernel); refuses, with the kernel's report, what is none.
 */
int kfree(struct machine *m, uint64_t addr)
{
	const struct slab_state *st = m->slab;
	struct slab *slab;
	long pfn, idx;
	uint32_t id;

	if (ZERO_OR_NULL_PTR(addr))
		return 0;
	/*
	 * The fast path: the slab the page's id names, if @addr is a live object
	 * of it (slab_obj_index() proves the page is the slab's); anything else
	 * is kfree_slow's.
	 */
	pfn = virt_to_pfn(m, addr);
	if (__builtin_expect(pfn < 0, 0))
		return kfree_slow(m, addr);
	id = pfn_to_page(m, (unsigned long)pfn)->next;
	slab = id < st->nr_slab_ids ? st->slab_table[id] : NULL;
	idx = slab ? slab_obj_index(slab, addr) : -1;
	if (__builtin_expect(idx < 0 || !obj_test(inuse_map(slab), (unsigned int)idx), 0))
		return kfree_slow(m, addr);
	return do_slab_free(m, slab->cache, slab, (unsigned int)idx);
}

int kmem_cache_set_unused(struct machine *m, struct kmem_cache *s, uint64_t addr, bool unused)
{
	struct kobj k;

	if (resolve_obj(m, addr, NULL, false, &k) || k.kind != KOBJ_SLAB || k.slab->cache != s)
		return -EINVAL;
	if (obj_test(unused_map(k.slab), (unsigned int)k.idx) == unused)
		return 0;
	if (unused) {
		obj_set(unused_map(k.slab), (unsigned int)k.idx);
		k.slab->nr_unused++;
		s->nr_unused++;
	} else {
		obj_clear(unused_map(k.slab), (unsigned int)k.idx);
		k.slab->nr_unused--;
		s->nr_unused--;
	}
	return 0;
}

/* ---------------------------------------------------------------- large kmalloc */

/**
 * __kmalloc_large_node - kmalloc above KMALLOC_MAX_CACHE_SIZE: a compound
 * block straight from the page allocator, accounted as unreclaimable slab
 * on its node, with no cache. Orders above MAX_PAGE_ORDER fail with the
 * page allocator's WARN (unless __GFP_NOWARN).
 */
int __kmalloc_large_node(struct machine *m, size_t size, gfp_t gfp, int nid, uint64_t *addr,
			 struct kmalloc_where *where)
{
	unsigned int order = get_order(size);
	unsigned long pfn;
	int ret;

	if (gfp & GFP_SLAB_BUG_MASK)
		gfp = kmalloc_fix_flags(m, gfp);
	if (size > KMALLOC_MAX_SIZE) {
		/* WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER): once per boot */
		if (!(gfp & __GFP_NOWARN) && !m->slab->warned_max_order) {
			slab_warn(m, "mm/page_alloc.c", "__alloc_frozen_pages_noprof", "%s", "");
			m->slab->warned_max_order = true;
		}
		return -ENOMEM;
	}
	ret = alloc_pages_node(m, nid, gfp | __GFP_COMP, order, &pfn);
	if (ret)
		return ret;
	pfn_to_page(m, pfn)->flags |= PG_large_kmalloc;
	g_hash_table_insert(m->slab->large, GSIZE_TO_POINTER(pfn), GUINT_TO_POINTER(order));
	__mod_node_page_state(NODE_DATA(m, page_nid(m, pfn)), NR_SLAB_UNRECLAIMABLE_B,
			      (long)(PAGE_SIZE << order));
	*addr = pfn_to_virt(m, pfn);
	if (where)
		*where = (struct kmalloc_where){ NULL, order, page_nid(m, pfn),
						 (PAGE_SIZE << order) - size };
	return 0;
}

/* ---------------------------------------------------------------- shrinking */

/**
 * kmem_cache_shrink - __kmem_cache_shrink: flush_all, then per node free
 * the empty partial slabs and move the slabs with the fewest free objects
 * (1 to SHRINK_PROMOTE_MAX) to the head of the partial list, fullest first.
 * The lists are the kernel's list_move()s: each bucket and the discard list
 * in reverse order of the partial list.
 */
unsigned long kmem_cache_shrink(struct machine *m, struct kmem_cache *s)
{
	unsigned long freed = flush_all(m, s);

	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct kmem_cache_node *n = &s->node[nid];
		GQueue promote[SHRINK_PROMOTE_MAX];
		g_autoptr(GPtrArray) discard = g_ptr_array_new();
		GList *l = n->partial.head;

		for (int i = 0; i < SHRINK_PROMOTE_MAX; i++)
			g_queue_init(&promote[i]);
		while (l) {
			struct slab *slab = l->data;
			unsigned int free = slab->objects - slab->inuse;

			l = l->next;
			if (free == slab->objects) {
				remove_partial(n, slab);
				g_ptr_array_add(discard, slab);
			} else if (free <= SHRINK_PROMOTE_MAX) {
				g_queue_unlink(&n->partial, &slab->link);
				g_queue_push_head_link(&promote[free - 1], &slab->link);
			}
		}
		for (int i = SHRINK_PROMOTE_MAX - 1; i >= 0; i--) {
			GList *link;

			while ((link = g_queue_pop_tail_link(&promote[i])))
				g_queue_push_head_link(&n->partial, link);
		}
		for (guint i = discard->len; i-- > 0;)
			discard_slab(m, s, discard->pdata[i]);
		freed += discard->len;
	}
	return freed;
}

static unsigned int first_unused(struct slab *slab)
{
	const uint64_t *map = unused_map(slab);

	for (unsigned int w = 0;; w++)
		if (map[w])
			return w * BITS_PER_WORD + (unsigned int)__builtin_ctzll(map[w]);
}

/**
 * shrink_slab_cache - the cache's shrinker: free up to @nr_to_scan objects
 * marked unused, slab by slab (in slab id order), through the ordinary free
 * path of the cpu it runs on. Returns the objects freed.
 */
unsigned long shrink_slab_cache(struct machine *m, struct kmem_cache *s, unsigned long nr_to_scan)
{
	struct slab_state *st = m->slab;
	g_autoptr(GArray) victims = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	unsigned long freed = 0;

	/* ids, not pointers: a free may send another victim back to the buddy allocator */
	for (uint32_t id = 0; id < st->nr_slab_ids; id++) {
		struct slab *slab = st->slab_table[id];

		if (slab && slab->cache == s && slab->nr_unused)
			g_array_append_val(victims, id);
	}
	for (guint i = 0; i < victims->len && freed < nr_to_scan; i++) {
		uint32_t id = g_array_index(victims, uint32_t, i);
		struct slab *slab;

		/* no slab is allocated meanwhile, so a freed id stays empty */
		while (freed < nr_to_scan && (slab = st->slab_table[id]) && slab->nr_unused) {
			do_slab_free(m, s, slab, first_unused(slab));
			freed++;
		}
	}
	return freed;
}

/* ---------------------------------------------------------------- shutdown */

/*
 * list_slab_objects: the BUG report of a cache destroyed with live objects,
 * per slab: the banner, its objects, the slab. The kernel lists every slab
 * and object; the log keeps the first few so it stays readable.
 */
static void list_slab_objects(struct machine *m, struct kmem_cache *s)
{
	struct slab_state *st = m->slab;
	unsigned int slabs = 0;

	for (uint32_t id = 0; id < st->nr_slab_ids && slabs < 2; id++) {
		struct slab *slab = st->slab_table[id];
		unsigned int shown = 0;

		if (!slab || slab->cache != s)
			continue;
		for (unsigned int idx = 0; idx < slab->objects && shown < 8; idx++) {
			uint64_t addr = obj_address(slab, idx);

			if (!obj_test(inuse_map(slab), idx))
				continue;
			if (!shown++) {
				slabs++;
				slab_bug(m, s, "Objects remaining on __kmem_cache_shutdown()");
			}
			pr_err(m, "Object 0x%llx @offset=%llu", (unsigned long long)addr,
			       (unsigned long long)(addr - slab_address(m, slab)));
		}
		if (shown)
			print_slab_info(m, slab);
	}
}

/**
 * __kmem_cache_shutdown - -EBUSY with the BUG report while objects are
 * handed out (nothing changes); else flush the cpus and free every slab.
 */
int __kmem_cache_shutdown(struct machine *m, struct kmem_cache *s)
{
	if (s->nr_inuse) {
		list_slab_objects(m, s);
		return -EBUSY;
	}
	/* nothing is in use: the flush leaves every slab empty, and shrink frees them all */
	kmem_cache_shrink(m, s);
	return 0;
}

/**
 * slab_free_metadata - at machine teardown, the struct slab of every slab
 * and the slab table (the pages go with the machine).
 */
void slab_free_metadata(struct machine *m)
{
	struct slab_state *st = m->slab;

	for (uint32_t id = 0; id < st->nr_slab_ids; id++)
		g_free(st->slab_table[id]);
	g_free(st->slab_table);
	g_free(st->free_ids);
	st->slab_table = NULL;
	st->free_ids = NULL;
	st->nr_slab_ids = st->slab_table_size = st->nr_free_ids = 0;
}

/* ---------------------------------------------------------------- tunables */

/*
 * set_cpu_partial - the objects a cpu partial list should hold, by object
 * size (6, 24, 52 or 120), none for a debug cache; slub_set_cpu_partial()
 * turns them into slabs assumed half full.
 */
void set_cpu_partial(struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (!kmem_cache_has_cpu_partial(s))
		nr_objects = 0;
	else if (s->size >= PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	s->cpu_partial = nr_objects;
	s->cpu_partial_slabs = (nr_objects * 2 + s->objects - 1) / s->objects;
}

/* ---------------------------------------------------------------- statistics */

/**
 * kmem_cache_node_stats - @s's counts on node @nid: the node's counters,
 * and its partial list walked as count_partial() does.
 */
void kmem_cache_node_stats(struct machine *m, const struct kmem_cache *s, int nid,
			   struct slab_node_stats *st)
{
	const struct kmem_cache_node *n = &s->node[nid];

	(void)m;
	memset(st, 0, sizeof(*st));
	st->nr_slabs = n->nr_slabs;
	st->nr_objects = n->total_objects;
	st->nr_partial = node_nr_partial(n);
	for (const GList *l = n->partial.head; l; l = l->next) {
		const struct slab *slab = l->data;

		st->nr_partial_inuse += slab->inuse;
		st->nr_partial_free += slab->objects - slab->inuse;
	}
	st->nr_inuse = st->nr_objects - st->nr_partial_free;
}

/**
 * kmem_cache_cpu_stats - the node of @cpu's slab of @s and of the head of
 * its cpu partial list (-1 for none), and the slabs that list holds.
 */
void kmem_cache_cpu_stats(struct machine *m, const struct kmem_cache *s, int cpu,
			  struct slab_cpu_stats *st)
{
	const struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

	(void)m;
	st->slab_nid = c->slab ? c->slab->nid : -1;
	st->partial_nid = c->partial ? c->partial->nid : -1;
	st->partial_slabs = c->partial ? c->partial->slabs : 0;
}

/**
 * get_slabinfo - a cache's /proc/slabinfo numbers: every slab is active,
 * and only the free objects of node partial slabs are not (those of cpu
 * slabs and cpu partial lists count as active, as in the kernel).
 */
void get_slabinfo(struct machine *m, const struct kmem_cache *s, struct slabinfo *sinfo)
{
	memset(sinfo, 0, sizeof(*sinfo));
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct slab_node_stats st;

		kmem_cache_node_stats(m, s, nid, &st);
		sinfo->num_slabs += st.nr_slabs;
		sinfo->num_objs += st.nr_objects;
		sinfo->active_objs += st.nr_inuse;
	}
	sinfo->active_slabs = sinfo->num_slabs;
	sinfo->objects_per_slab = s->objects;
	sinfo->cache_order = s->order;
}

/* ---------------------------------------------------------------- checks */

/* Where slab_check found a slab: each slab must be found exactly once. */
enum slab_place { PLACE_NONE, PLACE_CPU, PLACE_CPU_PARTIAL, PLACE_PARTIAL, PLACE_FULL };

struct cache_tally {
	unsigned long slabs[MAX_NUMNODES], objects[MAX_NUMNODES];
	unsigned long inuse, unused;
};

struct slab_walk {
	uint8_t *place;			/* by slab id */
	uint64_t *seen;			/* scratch bits of one slab's free objects */
	GHashTable *tally;		/* struct kmem_cache * -> struct cache_tally * */
	long bytes[MAX_NUMNODES][2];
};

static unsigned int popcount_map(const uint64_t *map, unsigned int words)
{
	unsigned int n = 0;

	for (unsigned int w = 0; w < words; w++)
		n += (unsigned int)__builtin_popcountll(map[w]);
	return n;
}

static bool place_slab(struct machine *m, struct slab_walk *w, const struct kmem_cache *s,
		       struct slab *slab, enum slab_place where)
{
	if (slab->id >= m->slab->nr_slab_ids || m->slab->slab_table[slab->id] != slab ||
	    slab->cache != s || w->place[slab->id] != PLACE_NONE) {
		pr_err(m, "BUG: cache %s: slab at pfn %#x listed twice or not known", s->name,
		       slab->pfn);
		return false;
	}
	w->place[slab->id] = (uint8_t)where;
	return true;
}

/* The cpus' slabs and partial lists, and the nodes' lists, of one cache. */
static int check_cache_lists(struct machine *m, struct slab_walk *w, struct kmem_cache *s)
{
	int bad = 0;

	for (int cpu = 0; cpu < nr_cpu_ids(m); cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
		int expect = c->partial ? c->partial->slabs : 0;

		if (c->slab && (!c->slab->frozen || kmem_cache_debug(s) ||
				!place_slab(m, w, s, c->slab, PLACE_CPU))) {
			pr_err(m, "BUG: cache %s: cpu %d's slab is not frozen for it", s->name, cpu);
			bad++;
		}
		if (!c->slab && c->freelist != SLAB_FREELIST_END) {
			pr_err(m, "BUG: cache %s: cpu %d has a freelist and no slab", s->name, cpu);
			bad++;
		}
		for (struct slab *slab = c->partial; slab; slab = slab->next, expect--) {
			/* a slab goes on a cpu partial list with a free object and keeps it */
			if (slab->frozen || slab->node_partial || slab->slabs < 1 ||
			    slab->freelist == SLAB_FREELIST_END ||
			    (slab == c->partial ? 0 : slab->slabs) > expect || kmem_cache_debug(s) ||
			    !place_slab(m, w, s, slab, PLACE_CPU_PARTIAL)) {
				pr_err(m, "BUG: cache %s: cpu %d's partial list is broken at pfn %#x",
				       s->name, cpu, slab->pfn);
				bad++;
				break;
			}
		}
	}
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		GQueue *lists[] = { &s->node[nid].partial, &s->node[nid].full };

		for (int i = 0; i < 2; i++)
			for (GList *l = lists[i]->head; l; l = l->next) {
				struct slab *slab = l->data;
				bool ok = i ? slab->on_full && slab->inuse == slab->objects :
					      slab->node_partial && slab->inuse < slab->objects;

				if (!ok || slab->frozen || slab->nid != nid ||
				    !place_slab(m, w, s, slab, i ? PLACE_FULL : PLACE_PARTIAL)) {
					pr_err(m, "BUG: cache %s: slab at pfn %#x with %u/%u objects on node %d's %s list",
					       s->name, slab->pfn, slab->inuse, slab->objects, nid,
					       i ? "full" : "partial");
					bad++;
				}
			}
	}
	return bad;
}

/* Walk a freelist, marking its objects; false when it loops or holds an allocated object. */
static bool walk_freelist(struct slab *slab, uint64_t *seen, uint16_t head, unsigned int *len)
{
	for (uint16_t i = head; i != SLAB_FREELIST_END; i = slab->fp[i]) {
		if (i >= slab->objects || obj_test(seen, i) || obj_test(inuse_map(slab), i))
			return false;
		obj_set(seen, i);
		(*len)++;
	}
	return true;
}

/* The cpu whose slab @slab is, for its cpu freelist. */
static const struct kmem_cache_cpu *cpu_of(const struct machine *m, const struct slab *slab)
{
	for (int cpu = 0; cpu < nr_cpu_ids(m); cpu++)
		if (slab->cache->cpu_slab[cpu].slab == slab)
			return &slab->cache->cpu_slab[cpu];
	return NULL;
}

/* One slab: its pages, its bits and freelists, its place. Returns the violations. */
static int check_slab(struct machine *m, struct slab_walk *w, struct slab *slab)
{
	struct kmem_cache *s = slab->cache;
	unsigned int words = map_words(slab->objects), nfree = 0, ncpu = 0;
	int want_mt = (s->flags & SLAB_RECLAIM_ACCOUNT) ? MIGRATE_RECLAIMABLE : MIGRATE_UNMOVABLE;
	unsigned int allocated = popcount_map(inuse_map(slab), words);
	enum slab_place where = w->place[slab->id];
	const struct kmem_cache_cpu *c = NULL;
	unsigned long head;
	unsigned int order;
	int mt, bad = 0;

	if (pfn_state(m, slab->pfn, &head, &order, &mt) != PAGE_STATE_ALLOCATED ||
	    head != slab->pfn || order != slab->order ||
	    !(pfn_to_page(m, slab->pfn)->flags & PG_slab)) {
		pr_err(m, "BUG: slab %s at pfn %#x is not an allocated PG_slab block of order %u",
		       s->name, slab->pfn, slab->order);
		return 1;
	}
	if (mt != want_mt) {
		pr_err(m, "BUG: slab %s at pfn %#x allocated as %s, not %s", s->name, slab->pfn,
		       migratetype_names[mt], migratetype_names[want_mt]);
		bad++;
	}
	for (unsigned long i = 0; i < 1UL << slab->order; i++)
		if (virt_to_slab(m, slab->pfn + i) != slab) {
			pr_err(m, "BUG: slab %s at pfn %#x: page %#lx does not lead to it", s->name,
			       slab->pfn, slab->pfn + i);
			bad++;
			break;
		}
	if (slab->nid != page_nid(m, slab->pfn) ||
	    slab->base != slab_address(m, slab) + s->red_left_pad ||
	    (slab->objects != s->objects && slab->objects != s->min_objects)) {
		pr_err(m, "BUG: slab %s at pfn %#x: node, address or size disagree", s->name,
		       slab->pfn);
		bad++;
	}
	memset(w->seen, 0, words * sizeof(uint64_t));
	if (where == PLACE_CPU)
		c = cpu_of(m, slab);
	if (!walk_freelist(slab, w->seen, slab->freelist, &nfree) ||
	    (c && !walk_freelist(slab, w->seen, c->freelist, &ncpu)) ||
	    allocated + nfree + ncpu != slab->objects || slab->inuse != slab->objects - nfree ||
	    popcount_map(unused_map(slab), words) != slab->nr_unused) {
		pr_err(m, "BUG: slab %s at pfn %#x: %u objects, %u in use, %u allocated, %u free, %u on the cpu freelist, %u unused",
		       s->name, slab->pfn, slab->objects, slab->inuse, allocated, nfree, ncpu,
		       slab->nr_unused);
		bad++;
	}
	for (unsigned int i = 0; i < words; i++)
		if (unused_map(slab)[i] & ~inuse_map(slab)[i]) {
			pr_err(m, "BUG: slab %s at pfn %#x: a free object is marked unused",
			       s->name, slab->pfn);
			bad++;
			break;
		}
	/* on no list: full, and not a slab a SLAB_STORE_USER cache keeps on its full list */
	if (where == PLACE_NONE && (slab->frozen || slab->node_partial || slab->on_full ||
				    slab->inuse != slab->objects || (s->flags & SLAB_STORE_USER))) {
		pr_err(m, "BUG: slab %s at pfn %#x with %u/%u objects is on no list", s->name,
		       slab->pfn, slab->inuse, slab->objects);
		bad++;
	}
	return bad;
}

static int check_slab_table(struct machine *m, struct slab_walk *w)
{
	struct slab_state *st = m->slab;
	uint32_t live = 0;
	int bad = 0;

	for (uint32_t id = 0; id < st->nr_slab_ids; id++) {
		struct slab *slab = st->slab_table[id];
		struct cache_tally *t;

		if (!slab)
			continue;
		live++;
		t = g_hash_table_lookup(w->tally, slab->cache);
		if (slab->id != id || !t) {
			pr_err(m, "BUG: slab id %u: a slab of id %u or of no cache", id, slab->id);
			bad++;
			continue;
		}
		bad += check_slab(m, w, slab);
		t->slabs[slab->nid]++;
		t->objects[slab->nid] += slab->objects;
		t->inuse += popcount_map(inuse_map(slab), map_words(slab->objects));
		t->unused += slab->nr_unused;
		w->bytes[slab->nid][!!(slab->cache->flags & SLAB_RECLAIM_ACCOUNT)] +=
			(long)(PAGE_SIZE << slab->order);
	}
	if (live + st->nr_free_ids != st->nr_slab_ids - (st->nr_slab_ids ? 1 : 0)) {
		pr_err(m, "BUG: %u slab ids, %u live and %u free", st->nr_slab_ids, live,
		       st->nr_free_ids);
		bad++;
	}
	for (uint32_t i = 0; i < st->nr_free_ids; i++)
		if (!st->free_ids[i] || st->free_ids[i] >= st->nr_slab_ids ||
		    st->slab_table[st->free_ids[i]]) {
			pr_err(m, "BUG: free slab id %u is in use", st->free_ids[i]);
			bad++;
			break;
		}
	return bad;
}

static int check_cache_counts(struct machine *m, struct kmem_cache *s, const struct cache_tally *t)
{
	unsigned long slabs = 0, objects = 0;
	int bad = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++) {
		if (s->node[nid].nr_slabs != t->slabs[nid] ||
		    s->node[nid].total_objects != t->objects[nid]) {
			pr_err(m, "BUG: cache %s node %d: %lu slabs %lu objects, counted %lu %lu",
			       s->name, nid, s->node[nid].nr_slabs, s->node[nid].total_objects,
			       t->slabs[nid], t->objects[nid]);
			bad++;
		}
		slabs += t->slabs[nid];
		objects += t->objects[nid];
	}
	if (slabs != s->nr_slabs || objects != s->nr_objects || t->inuse != s->nr_inuse ||
	    t->unused != s->nr_unused) {
		pr_err(m, "BUG: cache %s: slabs %lu objects %lu inuse %lu unused %lu, counted %lu %lu %lu %lu",
		       s->name, s->nr_slabs, s->nr_objects, s->nr_inuse, s->nr_unused, slabs,
		       objects, t->inuse, t->unused);
		bad++;
	}
	return bad;
}

static int check_large(struct machine *m, long bytes[][2])
{
	GHashTableIter it;
	gpointer key, val;
	int bad = 0;

	g_hash_table_iter_init(&it, m->slab->large);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		unsigned long pfn = GPOINTER_TO_SIZE(key), head;
		unsigned int order;
		int mt;

		if (pfn_state(m, pfn, &head, &order, &mt) != PAGE_STATE_ALLOCATED || head != pfn ||
		    order != GPOINTER_TO_UINT(val) ||
		    !(pfn_to_page(m, pfn)->flags & PG_large_kmalloc)) {
			pr_err(m, "BUG: large kmalloc at pfn %#lx is not an allocated block of order %u",
			       pfn, GPOINTER_TO_UINT(val));
			bad++;
			continue;
		}
		bytes[page_nid(m, pfn)][0] += (long)(PAGE_SIZE << order);
	}
	return bad;
}

/**
 * slab_check - the slab half of machine_check(): every slab is found once,
 * as a cpu slab, on a cpu partial list, on its node's partial or full list,
 * or full on no list; every page of it leads back to it; its freelists hold
 * exactly its free objects; each cache's node and total counters equal a
 * recount; every large kmalloc is a PG_large_kmalloc block; and the
 * NR_SLAB_*_B counters of each node equal what those blocks add up to.
 */
int slab_check(struct machine *m)
{
	struct slab_state *st = m->slab;
	struct slab_walk w = { 0 };
	int bad = 0;

	if (!st)
		return 0;
	w.place = g_new0(uint8_t, st->nr_slab_ids + 1);
	w.seen = g_new0(uint64_t, map_words(MAX_OBJS_PER_PAGE + 1));
	w.tally = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	for (GList *l = st->caches; l; l = l->next) {
		struct kmem_cache *s = l->data;

		g_hash_table_insert(w.tally, s, g_new0(struct cache_tally, 1));
		bad += check_cache_lists(m, &w, s);
	}
	bad += check_slab_table(m, &w);
	for (GList *l = st->caches; l; l = l->next)
		bad += check_cache_counts(m, l->data, g_hash_table_lookup(w.tally, l->data));
	bad += check_large(m, w.bytes);
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		if (pgdat->vm_stat[NR_SLAB_UNRECLAIMABLE_B] != w.bytes[nid][0] ||
		    pgdat->vm_stat[NR_SLAB_RECLAIMABLE_B] != w.bytes[nid][1]) {
			pr_err(m, "BUG: node %d slab bytes: unreclaimable %ld reclaimable %ld, counted %ld %ld",
			       nid, pgdat->vm_stat[NR_SLAB_UNRECLAIMABLE_B],
			       pgdat->vm_stat[NR_SLAB_RECLAIMABLE_B], w.bytes[nid][0], w.bytes[nid][1]);
			bad++;
		}
	}
	g_hash_table_destroy(w.tally);
	g_free(w.seen);
	g_free(w.place);
	return bad;
}
