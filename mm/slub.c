// SPDX-License-Identifier: GPL-2.0
/*
 * SLUB: slabs of 2^order pages taken from the buddy allocator, objects
 * handed out of them, partial and full lists, and the checks that
 * slub_debug makes on every free.
 *
 * A slab is a block of the page allocator whose head page carries PG_slab;
 * its metadata (struct slab) sits in a hash table keyed by the head PFN, and
 * an object's address is the slab's direct-map address plus index * size.
 * Objects hold no bytes, so poisoning and red zones only shape the geometry.
 *
 * Left out on purpose: per-cpu slabs and per-cpu partial lists (one lock
 * covers the machine, so the "most recently used slab" is the head of the
 * partial list), per-node partial lists (one list per cache; each slab still
 * knows its node for accounting and kmem_cache_alloc_node), freelist
 * randomisation, cache merging, memcg charging, RCU-delayed freeing.
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

#define BITS_PER_WORD		64u

/*
 * One slab. Invariant (check_slab): inuse is the number of in-use bits, and
 * inuse + nr_freelist + (objects - fresh) == objects; unused bits are a
 * subset of the in-use bits and nr_unused counts them.
 */
struct slab {
	GList link;			/* on the cache's partial or full queue; data is the slab */
	struct kmem_cache *cache;
	uint32_t pfn;			/* head page */
	uint8_t order;			/* s->order, or s->min_order after a fallback */
	uint8_t nid;
	uint16_t objects;		/* capacity of this slab */
	uint16_t inuse;
	uint16_t fresh;			/* objects [fresh, objects) were never handed out */
	uint16_t nr_freelist;		/* freed objects stacked on freelist[] */
	uint16_t nr_unused;
	uint16_t *freelist;		/* LIFO: the object freed last is handed out first */
	uint64_t map[];			/* in-use bits, then unused bits */
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

static inline uint64_t obj_address(const struct machine *m, const struct slab *slab,
				   unsigned int idx)
{
	const struct kmem_cache *s = slab->cache;

	return slab_address(m, slab) + (uint64_t)idx * s->size + s->red_left_pad;
}

static inline int page_nid(const struct machine *m, unsigned long pfn)
{
	return page_zone_pfn(m, pfn)->zone_pgdat->node_id;
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

static uint64_t slab_fp(const struct machine *m, const struct slab *slab)
{
	if (slab->nr_freelist)
		return obj_address(m, slab, slab->freelist[slab->nr_freelist - 1]);
	return slab->fresh < slab->objects ? obj_address(m, slab, slab->fresh) : 0;
}

/* Addresses are printed raw (as with no_hash_pointers) so they match the ctl's. */
static void print_slab_info(struct machine *m, const struct slab *slab)
{
	const struct page *page = pfn_to_page(m, slab->pfn);

	pr_err(m, "Slab 0x%llx objects=%u used=%u fp=0x%llx flags=%#x(%snode=%d|zone=%d)",
	       (unsigned long long)slab_address(m, slab), slab->objects, slab->inuse,
	       (unsigned long long)slab_fp(m, slab), page->flags, slab->order ? "head|" : "",
	       slab->nid, zone_idx(page_zone_pfn(m, slab->pfn)));
}

static void object_err(struct machine *m, const struct slab *slab, unsigned int idx,
		       const char *reason)
{
	uint64_t addr = obj_address(m, slab, idx);

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

static struct slab *slab_new_meta(struct kmem_cache *s, unsigned long pfn, unsigned int order,
				  unsigned int objects, int nid)
{
	unsigned int words = map_words(objects);
	struct slab *slab = g_malloc0(sizeof(*slab) + 2 * words * sizeof(uint64_t) +
				      objects * sizeof(uint16_t));

	slab->link.data = slab;
	slab->cache = s;
	slab->pfn = (uint32_t)pfn;
	slab->order = (uint8_t)order;
	slab->nid = (uint8_t)nid;
	slab->objects = (uint16_t)objects;
	slab->freelist = (uint16_t *)(void *)(slab->map + 2 * words);
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

/*
 * allocate_slab - try the cache's order without warning or retrying hard,
 * then fall back to the order of a single object with the caller's flags.
 */
static struct slab *allocate_slab(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid)
{
	struct slab_state *st = m->slab;
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
	slab = slab_new_meta(s, pfn, order, order == s->order ? s->objects : s->min_objects,
			     page_nid(m, pfn));
	pfn_to_page(m, pfn)->flags |= PG_slab;
	g_hash_table_insert(st->slabs, GSIZE_TO_POINTER(pfn), slab);
	account_slab(m, slab, 1);
	s->nr_slabs++;
	s->nr_objects += slab->objects;
	return slab;
}

static struct slab *new_slab(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid)
{
	if (gfp & GFP_SLAB_BUG_MASK)
		gfp = kmalloc_fix_flags(m, gfp);
	return allocate_slab(m, s, gfp & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK), nid);
}

static GQueue *slab_list(struct kmem_cache *s, const struct slab *slab)
{
	return slab->inuse == slab->objects ? &s->full : &s->partial;
}

/* Back to the buddy allocator: the slab must be empty and off its list. */
static void discard_slab(struct machine *m, struct kmem_cache *s, struct slab *slab)
{
	struct page *page = pfn_to_page(m, slab->pfn);

	s->nr_slabs--;
	s->nr_objects -= slab->objects;
	account_slab(m, slab, -1);
	g_hash_table_remove(m->slab->slabs, GSIZE_TO_POINTER(slab->pfn));
	page->flags &= (uint16_t)~PG_slab;
	__free_pages(m, slab->pfn, slab->order);
	g_free(slab);
}

/*
 * get_partial: a partial slab of @nid; with no node asked for, of the
 * workbench CPU's node first, then of any node. An explicit node with no
 * partial slab gets a new slab there, as the kernel's get_partial() does.
 */
static struct slab *get_partial(struct kmem_cache *s, int nid, gfp_t gfp)
{
	int want = nid < 0 ? 0 : nid;	/* the workbench CPU is on node 0 */

	for (GList *l = s->partial.head; l; l = l->next) {
		struct slab *slab = l->data;

		if (slab->nid == want)
			return slab;
	}
	if (nid >= 0)
		return NULL;
	return s->partial.head ? s->partial.head->data : NULL;
}

static unsigned int slab_take_object(struct slab *slab)
{
	unsigned int idx;

	if (slab->nr_freelist)
		idx = slab->freelist[--slab->nr_freelist];
	else
		idx = slab->fresh++;
	obj_set(inuse_map(slab), idx);
	slab->inuse++;
	return idx;
}

/**
 * kmem_cache_alloc_node - an object of @s: from the most recently used
 * partial slab (of @nid if there is one), else from a new slab. Only a new
 * slab asks the page allocator, so only then does @gfp matter. -ENOMEM with
 * SLUB's report (unless __GFP_NOWARN) when no slab can be had.
 */
int kmem_cache_alloc_node(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid,
			  uint64_t *addr)
{
	struct slab *slab;
	unsigned int idx;

	if (nid >= m->nr_nodes)
		return -EINVAL;
	if (should_failslab(m, s, gfp))
		return -ENOMEM;
	slab = get_partial(s, nid, gfp);
	if (!slab) {
		slab = new_slab(m, s, gfp, nid);
		if (!slab) {
			slab_out_of_memory(m, s, gfp, nid);
			return -ENOMEM;
		}
		g_queue_push_head_link(&s->partial, &slab->link);
	}
	idx = slab_take_object(slab);
	s->nr_inuse++;
	if (slab->inuse == slab->objects) {
		g_queue_unlink(&s->partial, &slab->link);
		g_queue_push_head_link(&s->full, &slab->link);
	}
	*addr = obj_address(m, slab, idx);
	return 0;
}

int kmem_cache_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, uint64_t *addr)
{
	return kmem_cache_alloc_node(m, s, gfp, -1, addr);
}

/*
 * Give object @idx back. The slab becomes the most recently used partial
 * slab, or goes back to the buddy allocator when it is empty and the cache
 * already has min_partial partial slabs. Returns true when it went.
 */
static bool __slab_free(struct machine *m, struct kmem_cache *s, struct slab *slab,
			unsigned int idx)
{
	unsigned long nr_partial = s->partial.length;

	if (obj_test(unused_map(slab), idx)) {
		obj_clear(unused_map(slab), idx);
		slab->nr_unused--;
		s->nr_unused--;
	}
	g_queue_unlink(slab_list(s, slab), &slab->link);
	obj_clear(inuse_map(slab), idx);
	slab->freelist[slab->nr_freelist++] = (uint16_t)idx;
	slab->inuse--;
	s->nr_inuse--;
	if (!slab->inuse && nr_partial >= s->min_partial) {
		discard_slab(m, s, slab);
		return true;
	}
	g_queue_push_head_link(&s->partial, &slab->link);
	return false;
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

static struct kobj virt_to_kobj(struct machine *m, uint64_t addr)
{
	struct kobj k = { .kind = KOBJ_NOT_DIRECT, .idx = -1 };
	long pfn = virt_to_pfn(m, addr);
	int mt;

	if (pfn < 0)
		return k;
	k.kind = KOBJ_NOT_KMALLOC;
	if (pfn_state(m, (unsigned long)pfn, &k.head, &k.order, &mt) != PAGE_STATE_ALLOCATED) {
		k.head = (unsigned long)pfn;
		return k;
	}
	if (pfn_to_page(m, k.head)->flags & PG_slab) {
		k.slab = g_hash_table_lookup(m->slab->slabs, GSIZE_TO_POINTER(k.head));
		k.kind = k.slab ? KOBJ_SLAB : KOBJ_NOT_KMALLOC;
	} else if (pfn_to_page(m, k.head)->flags & PG_large_kmalloc) {
		k.kind = KOBJ_LARGE;
	}
	return k;
}

/* The object index of @addr in @slab, or -1 when @addr is no object start. */
static long slab_obj_index(const struct machine *m, const struct slab *slab, uint64_t addr)
{
	const struct kmem_cache *s = slab->cache;
	uint64_t first = slab_address(m, slab) + s->red_left_pad;

	if (addr < first || (addr - first) % s->size || (addr - first) / s->size >= slab->objects)
		return -1;
	return (long)((addr - first) / s->size);
}

/*
 * free_consistency_checks: a valid object start, and not already free.
 * Logged unless @report is false; @freeing adds "FIX ... not freed".
 */
static int slab_obj_checks(struct machine *m, struct kobj *k, uint64_t addr, bool report,
			   bool freeing)
{
	struct slab *slab = k->slab;

	k->idx = slab_obj_index(m, slab, addr);
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
		__slab_free(m, s, k.slab, (unsigned int)k.idx);
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

/**
 * kfree - free a kmalloc'ed object or large kmalloc (any slab object, as in
 * the kernel); refuses, with the kernel's report, what is none.
 */
int kfree(struct machine *m, uint64_t addr)
{
	struct kobj k;
	int ret;

	if (ZERO_OR_NULL_PTR(addr))
		return 0;
	ret = resolve_obj(m, addr, "kfree", true, &k);
	if (ret)
		return ret;
	if (k.kind == KOBJ_SLAB)
		__slab_free(m, k.slab->cache, k.slab, (unsigned int)k.idx);
	else
		free_large_kmalloc(m, k.head, k.order);
	return 0;
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

unsigned long kmem_cache_shrink(struct machine *m, struct kmem_cache *s)
{
	unsigned long freed = 0;
	GList *l = s->partial.head;

	while (l) {
		struct slab *slab = l->data;

		l = l->next;
		if (slab->inuse)
			continue;
		g_queue_unlink(&s->partial, &slab->link);
		discard_slab(m, s, slab);
		freed++;
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
 * marked unused, slab by slab; empty slabs beyond min_partial go back to the
 * buddy allocator on the way. Returns the objects freed.
 */
unsigned long shrink_slab_cache(struct machine *m, struct kmem_cache *s, unsigned long nr_to_scan)
{
	g_autoptr(GPtrArray) victims = g_ptr_array_new();
	unsigned long freed = 0;

	/* collect first: freeing moves slabs between the lists */
	for (GList *l = s->full.head; l; l = l->next)
		if (((struct slab *)l->data)->nr_unused)
			g_ptr_array_add(victims, l->data);
	for (GList *l = s->partial.head; l; l = l->next)
		if (((struct slab *)l->data)->nr_unused)
			g_ptr_array_add(victims, l->data);
	for (guint i = 0; i < victims->len && freed < nr_to_scan; i++) {
		struct slab *slab = victims->pdata[i];

		while (freed < nr_to_scan && slab->nr_unused) {
			bool gone = __slab_free(m, s, slab, first_unused(slab));

			freed++;
			if (gone)
				break;
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
	GQueue *lists[] = { &s->partial, &s->full };
	unsigned int slabs = 0;

	for (int i = 0; i < 2; i++) {
		for (GList *l = lists[i]->head; l && slabs < 2; l = l->next) {
			struct slab *slab = l->data;
			unsigned int shown = 0;

			if (!slab->inuse)
				continue;
			slabs++;
			slab_bug(m, s, "Objects remaining on __kmem_cache_shutdown()");
			for (unsigned int idx = 0; idx < slab->objects && shown < 8; idx++) {
				uint64_t addr = obj_address(m, slab, idx);

				if (!obj_test(inuse_map(slab), idx))
					continue;
				shown++;
				pr_err(m, "Object 0x%llx @offset=%llu", (unsigned long long)addr,
				       (unsigned long long)(addr - slab_address(m, slab)));
			}
			print_slab_info(m, slab);
		}
	}
}

int __kmem_cache_shutdown(struct machine *m, struct kmem_cache *s)
{
	if (s->nr_inuse) {
		list_slab_objects(m, s);
		return -EBUSY;
	}
	kmem_cache_shrink(m, s);
	return 0;
}

void slab_free_metadata(struct machine *m)
{
	GHashTableIter it;
	gpointer slab;

	g_hash_table_iter_init(&it, m->slab->slabs);
	while (g_hash_table_iter_next(&it, NULL, &slab))
		g_free(slab);
	g_hash_table_remove_all(m->slab->slabs);
}

/* ---------------------------------------------------------------- walkers */

void kmem_cache_for_each_slab(struct machine *m, const struct kmem_cache *s,
			      void (*fn)(unsigned long pfn, int nid, unsigned int objects,
					 unsigned int inuse, void *data),
			      void *data)
{
	const GQueue *lists[] = { &s->partial, &s->full };

	(void)m;
	for (int i = 0; i < 2; i++)
		for (GList *l = lists[i]->head; l; l = l->next) {
			const struct slab *slab = l->data;

			fn(slab->pfn, slab->nid, slab->objects, slab->inuse, data);
		}
}

void kmem_cache_node_stats(struct machine *m, const struct kmem_cache *s, int nid,
			   struct slab_node_stats *st)
{
	const GQueue *lists[] = { &s->partial, &s->full };

	(void)m;
	memset(st, 0, sizeof(*st));
	for (int i = 0; i < 2; i++)
		for (GList *l = lists[i]->head; l; l = l->next) {
			const struct slab *slab = l->data;

			if (slab->nid != nid)
				continue;
			st->nr_slabs++;
			st->nr_objects += slab->objects;
			st->nr_inuse += slab->inuse;
			if (i == 0) {
				st->nr_partial++;
				st->nr_partial_free += slab->objects - slab->inuse;
			}
		}
}

/* ---------------------------------------------------------------- checks */

static unsigned int popcount_map(const uint64_t *map, unsigned int words)
{
	unsigned int n = 0;

	for (unsigned int w = 0; w < words; w++)
		n += (unsigned int)__builtin_popcountll(map[w]);
	return n;
}

/* One slab: its page, its bits, its list. Returns the violations. */
static int check_slab(struct machine *m, struct kmem_cache *s, struct slab *slab, bool on_full)
{
	unsigned int words = map_words(slab->objects);
	unsigned long head;
	unsigned int order;
	int want_mt = (s->flags & SLAB_RECLAIM_ACCOUNT) ? MIGRATE_RECLAIMABLE : MIGRATE_UNMOVABLE;
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
	if (g_hash_table_lookup(m->slab->slabs, GSIZE_TO_POINTER(slab->pfn)) != slab ||
	    slab->cache != s || slab->nid != page_nid(m, slab->pfn)) {
		pr_err(m, "BUG: slab %s at pfn %#x: lookup, cache or node disagree", s->name,
		       slab->pfn);
		bad++;
	}
	if (popcount_map(inuse_map(slab), words) != slab->inuse ||
	    slab->inuse + slab->nr_freelist + (slab->objects - slab->fresh) != slab->objects ||
	    popcount_map(unused_map(slab), words) != slab->nr_unused ||
	    (slab->objects != s->objects && slab->objects != s->min_objects)) {
		pr_err(m, "BUG: slab %s at pfn %#x: %u objects, %u in use, %u free, %u fresh, %u unused",
		       s->name, slab->pfn, slab->objects, slab->inuse, slab->nr_freelist,
		       slab->objects - slab->fresh, slab->nr_unused);
		bad++;
	}
	for (unsigned int w = 0; w < words; w++)
		if (unused_map(slab)[w] & ~inuse_map(slab)[w]) {
			pr_err(m, "BUG: slab %s at pfn %#x: a free object is marked unused",
			       s->name, slab->pfn);
			bad++;
			break;
		}
	if (on_full != (slab->inuse == slab->objects)) {
		pr_err(m, "BUG: slab %s at pfn %#x with %u/%u objects on the %s list", s->name,
		       slab->pfn, slab->inuse, slab->objects, on_full ? "full" : "partial");
		bad++;
	}
	return bad;
}

static int check_cache(struct machine *m, struct kmem_cache *s, long bytes[][2])
{
	unsigned long slabs = 0, objects = 0, inuse = 0, unused = 0;
	GQueue *lists[] = { &s->partial, &s->full };
	int bad = 0;

	for (int i = 0; i < 2; i++)
		for (GList *l = lists[i]->head; l; l = l->next) {
			struct slab *slab = l->data;

			bad += check_slab(m, s, slab, i == 1);
			slabs++;
			objects += slab->objects;
			inuse += slab->inuse;
			unused += slab->nr_unused;
			bytes[slab->nid][!!(s->flags & SLAB_RECLAIM_ACCOUNT)] +=
				(long)(PAGE_SIZE << slab->order);
		}
	if (slabs != s->nr_slabs || objects != s->nr_objects || inuse != s->nr_inuse ||
	    unused != s->nr_unused) {
		pr_err(m, "BUG: cache %s: slabs %lu objects %lu inuse %lu unused %lu, counted %lu %lu %lu %lu",
		       s->name, s->nr_slabs, s->nr_objects, s->nr_inuse, s->nr_unused, slabs,
		       objects, inuse, unused);
		bad++;
	}
	return bad;
}

/**
 * slab_check - the slab half of machine_check(): each cache's counters
 * equal a recount of its slabs, every slab is an allocated PG_slab block of
 * its cache's migratetype, every large kmalloc a PG_large_kmalloc block, and
 * the NR_SLAB_*_B counters of each node equal what those blocks add up to.
 */
int slab_check(struct machine *m)
{
	struct slab_state *st = m->slab;
	long bytes[MAX_NUMNODES][2] = { { 0 } };
	unsigned long nr_slabs = 0;
	GHashTableIter it;
	gpointer key, val;
	int bad = 0;

	if (!st)
		return 0;
	for (GList *l = st->caches; l; l = l->next) {
		struct kmem_cache *s = l->data;

		bad += check_cache(m, s, bytes);
		nr_slabs += s->nr_slabs;
	}
	if (nr_slabs != g_hash_table_size(st->slabs)) {
		pr_err(m, "BUG: %u slabs known, caches hold %lu", g_hash_table_size(st->slabs),
		       nr_slabs);
		bad++;
	}
	g_hash_table_iter_init(&it, st->large);
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
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		if (pgdat->vm_stat[NR_SLAB_UNRECLAIMABLE_B] != bytes[nid][0] ||
		    pgdat->vm_stat[NR_SLAB_RECLAIMABLE_B] != bytes[nid][1]) {
			pr_err(m, "BUG: node %d slab bytes: unreclaimable %ld reclaimable %ld, counted %ld %ld",
			       nid, pgdat->vm_stat[NR_SLAB_UNRECLAIMABLE_B],
			       pgdat->vm_stat[NR_SLAB_RECLAIMABLE_B], bytes[nid][0], bytes[nid][1]);
			bad++;
		}
	}
	return bad;
}
