// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy page allocator: free lists per zone, order and migratetype;
 * split and coalesce; migratetype fallback with block claiming; the
 * watermark check; the fast path and a slow path with the kernel's GFP
 * semantics. The watermarks themselves, lowmem_reserve and the zonelists
 * are computed in mm_init.c; the consistency check lives in debug.c.
 *
 * Modelled on mm/page_alloc.c of 6.10+, where a free block always sits on
 * the free list of its pageblock's migratetype. Left out on purpose: per-cpu
 * page lists (zoneinfo prints their sizes, count 0), CMA, the highatomic
 * reserve, page isolation and shuffling. Reclaim, compaction and the OOM
 * killer have marked places in the slow path; they come with later issues.
 *
 * Locking: every function here runs under the machine lock.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};

const char *const zone_names[__MAX_ZONE_TYPES] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

/* alloc_flags, as mm/internal.h names them */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM		0x08
#define ALLOC_NON_BLOCK		0x10
#define ALLOC_MIN_RESERVE	0x20
#define ALLOC_HIGHATOMIC	0x200
#define ALLOC_KSWAPD		0x800
#define ALLOC_NOFRAGMENT	0x1000
#define ALLOC_RESERVES	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

/* fallback order when a migratetype's own lists are empty */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE]	= { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]	= { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE]	= { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/* Where an allocation stands while it walks the zonelist. */
struct alloc_context {
	int preferred_nid;
	int local_nid;			/* node of the CPU allocating: the workbench runs on CPU 0 */
	int highest_zoneidx;
	struct zone *preferred_zone;	/* first eligible zone of the zonelist */
	bool thisnode;
};

/* ---------------------------------------------------------------- pageblocks */

int get_pageblock_migratetype(const struct machine *m, unsigned long pfn)
{
	return m->pageblock_flags[pfn >> pageblock_order];
}

static void set_pageblock_migratetype(struct machine *m, unsigned long pfn, int mt)
{
	m->pageblock_flags[pfn >> pageblock_order] = (uint8_t)mt;
}

static void change_pageblock_range(struct machine *m, unsigned long pfn,
				   unsigned int order, int mt)
{
	unsigned long nr = order >= pageblock_order ? 1UL << (order - pageblock_order) : 1;

	while (nr--) {
		set_pageblock_migratetype(m, pfn, mt);
		pfn += pageblock_nr_pages;
	}
}

/* ---------------------------------------------------------------- free lists */

static void account_freepages(struct zone *zone, long nr_pages)
{
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr_pages);
}

static void __add_to_free_list(struct machine *m, struct zone *zone, unsigned long pfn,
			       unsigned int order, int mt, bool tail)
{
	struct free_area *area = &zone->free_area[order];
	struct page *page = free_block_head(m, pfn, order);
	uint32_t head = area->free_list[mt];

	page->flags = PG_buddy;
	page->order = (uint8_t)order;
	page->migratetype = (uint8_t)mt;

	if (head == PFN_NONE) {
		page->next = page->prev = (uint32_t)pfn;
		area->free_list[mt] = (uint32_t)pfn;
	} else {
		struct page *first = free_block_head(m, head, order);
		struct page *last = free_block_head(m, first->prev, order);

		/* circular list: tail insertion is head insertion without moving the head */
		page->next = head;
		page->prev = first->prev;
		last->next = (uint32_t)pfn;
		first->prev = (uint32_t)pfn;
		if (!tail)
			area->free_list[mt] = (uint32_t)pfn;
	}
	area->nr_free++;
	area->nr_free_mt[mt]++;
	if (order >= pageblock_order)
		__mod_zone_page_state(zone, NR_FREE_PAGES_BLOCKS, 1L << order);
}

static void __del_page_from_free_list(struct machine *m, struct zone *zone,
				      unsigned long pfn, unsigned int order, int mt)
{
	struct free_area *area = &zone->free_area[order];
	struct page *page = free_block_head(m, pfn, order);

	if (page->next == pfn) {
		area->free_list[mt] = PFN_NONE;
	} else {
		free_block_head(m, page->prev, order)->next = page->next;
		free_block_head(m, page->next, order)->prev = page->prev;
		if (area->free_list[mt] == pfn)
			area->free_list[mt] = page->next;
	}
	memset(page, 0, sizeof(*page));
	area->nr_free--;
	area->nr_free_mt[mt]--;
	if (order >= pageblock_order)
		__mod_zone_page_state(zone, NR_FREE_PAGES_BLOCKS, -(1L << order));
}

static void move_to_free_list(struct machine *m, struct zone *zone, unsigned long pfn,
			      unsigned int order, int old_mt, int new_mt)
{
	__del_page_from_free_list(m, zone, pfn, order, old_mt);
	__add_to_free_list(m, zone, pfn, order, new_mt, true);
}

static long first_free(const struct free_area *area, int mt)
{
	return area->free_list[mt] == PFN_NONE ? -1 : (long)area->free_list[mt];
}

/* ---------------------------------------------------------------- split */

/*
 * expand - split a block of order @high down to @low, putting the upper
 * halves back on @mt's lists. Returns the pages put back.
 */
static unsigned long expand(struct machine *m, struct zone *zone, unsigned long pfn,
			    unsigned int low, unsigned int high, int mt)
{
	unsigned long nr_added = 0;

	while (high > low) {
		high--;
		__add_to_free_list(m, zone, pfn + (1UL << high), high, mt, false);
		nr_added += 1UL << high;
	}
	return nr_added;
}

static void page_del_and_expand(struct machine *m, struct zone *zone, unsigned long pfn,
				unsigned int order, unsigned int high, int mt)
{
	long nr_pages = 1L << high;

	__del_page_from_free_list(m, zone, pfn, high, mt);
	nr_pages -= (long)expand(m, zone, pfn, order, high, mt);
	account_freepages(zone, -nr_pages);
}

static long __rmqueue_smallest(struct machine *m, struct zone *zone,
			       unsigned int order, int mt)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		long pfn = first_free(&zone->free_area[o], mt);

		if (pfn < 0)
			continue;
		page_del_and_expand(m, zone, (unsigned long)pfn, order, o, mt);
		return pfn;
	}
	return -1;
}

/* ---------------------------------------------------------------- fallback */

static bool should_try_claim_block(unsigned int order, int start_mt)
{
	if (order >= pageblock_order / 2)
		return true;
	return start_mt == MIGRATE_RECLAIMABLE || start_mt == MIGRATE_UNMOVABLE;
}

static int find_suitable_fallback(const struct free_area *area, unsigned int order,
				  int mt, bool claimable)
{
	if (claimable && !should_try_claim_block(order, mt))
		return -2;
	if (area->nr_free == 0)
		return -1;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fallback_mt = fallbacks[mt][i];

		if (area->free_list[fallback_mt] != PFN_NONE)
			return fallback_mt;
	}
	return -1;
}

static void wakeup_kswapd(struct machine *m, struct zone *zone);

/*
 * Raise the watermarks of @zone after a fallback so kswapd reclaims a little
 * more and fewer pageblocks get mixed (watermark_boost_factor).
 */
static bool boost_watermark(struct machine *m, struct zone *zone)
{
	unsigned long max_boost;

	if (!m->sysctl.watermark_boost_factor)
		return false;
	/* a zone this small would be boosted into reclaim on every fallback */
	if (pageblock_nr_pages * 4 > zone->managed_pages)
		return false;
	max_boost = zone->_watermark[WMARK_HIGH] * (unsigned long)m->sysctl.watermark_boost_factor / 10000;
	if (!max_boost)
		return false;
	if (max_boost < pageblock_nr_pages)
		max_boost = pageblock_nr_pages;
	zone->watermark_boost = MIN(zone->watermark_boost + pageblock_nr_pages, max_boost);
	return true;
}

/*
 * Count the free pages and movable allocated pages of the pageblock holding
 * @pfn. Fails when the pageblock straddles the zone's edge.
 */
static bool prep_move_freepages_block(struct machine *m, struct zone *zone, unsigned long pfn,
				      unsigned long *start_pfn, unsigned long *free_pages,
				      unsigned long *movable_pages)
{
	unsigned long start = pfn & ~(pageblock_nr_pages - 1);
	unsigned long end = start + pageblock_nr_pages;

	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end - 1))
		return false;
	*start_pfn = start;
	*free_pages = *movable_pages = 0;
	for (pfn = start; pfn < end;) {
		const struct page *page = pfn_to_page(m, pfn);

		if (page->flags & (PG_buddy | PG_head)) {
			unsigned long nr = 1UL << page->order;

			if (page->flags & PG_buddy)
				*free_pages += nr;
			else if (page->migratetype == MIGRATE_MOVABLE)
				*movable_pages += nr;
			pfn += nr;
		} else {
			pfn++;
		}
	}
	return true;
}

static void __move_freepages_block(struct machine *m, struct zone *zone, unsigned long start,
				   int old_mt, int new_mt)
{
	unsigned long end = start + pageblock_nr_pages;

	for (unsigned long pfn = start; pfn < end;) {
		const struct page *page = pfn_to_page(m, pfn);

		if (page->flags & PG_buddy) {
			unsigned int order = page->order;

			move_to_free_list(m, zone, pfn, order, old_mt, new_mt);
			pfn += 1UL << order;
		} else if (page->flags & PG_head) {
			pfn += 1UL << page->order;
		} else {
			pfn++;
		}
	}
}

/*
 * try_to_claim_block - take the whole pageblock of @pfn for @start_mt when
 * enough of it is free or already of a compatible kind, then allocate from it.
 */
static long try_to_claim_block(struct machine *m, struct zone *zone, unsigned long pfn,
			       unsigned int current_order, unsigned int order, int start_mt,
			       int block_mt, unsigned int alloc_flags)
{
	unsigned long start_pfn, free_pages, movable_pages, alike_pages;

	if (current_order >= pageblock_order) {
		__del_page_from_free_list(m, zone, pfn, current_order, block_mt);
		change_pageblock_range(m, pfn, current_order, start_mt);
		account_freepages(zone, -(1L << current_order));
		account_freepages(zone, (long)expand(m, zone, pfn, order, current_order, start_mt));
		return (long)pfn;
	}

	if (boost_watermark(m, zone) && (alloc_flags & ALLOC_KSWAPD))
		wakeup_kswapd(m, zone);

	if (!prep_move_freepages_block(m, zone, pfn, &start_pfn, &free_pages, &movable_pages))
		return -1;

	if (start_mt == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (block_mt == MIGRATE_MOVABLE)
		alike_pages = pageblock_nr_pages - (free_pages + movable_pages);
	else
		alike_pages = 0;

	if (free_pages + alike_pages >= (1UL << (pageblock_order - 1))) {
		__move_freepages_block(m, zone, start_pfn, block_mt, start_mt);
		set_pageblock_migratetype(m, start_pfn, start_mt);
		return __rmqueue_smallest(m, zone, order, start_mt);
	}
	return -1;
}

/* Largest block first: claim it whole for our type if we may. */
static long __rmqueue_claim(struct machine *m, struct zone *zone, unsigned int order,
			    int start_mt, unsigned int alloc_flags)
{
	unsigned int min_order = order;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;

	for (int o = MAX_PAGE_ORDER; o >= (int)min_order; o--) {
		struct free_area *area = &zone->free_area[o];
		int fallback_mt = find_suitable_fallback(area, (unsigned int)o, start_mt, true);
		long pfn;

		if (fallback_mt == -1)
			continue;
		if (fallback_mt == -2)
			break;
		pfn = try_to_claim_block(m, zone, area->free_list[fallback_mt], (unsigned int)o,
					 order, start_mt, fallback_mt, alloc_flags);
		if (pfn >= 0)
			return pfn;
	}
	return -1;
}

/* Smallest block first: borrow from another type without claiming. */
static long __rmqueue_steal(struct machine *m, struct zone *zone, unsigned int order,
			    int start_mt)
{
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &zone->free_area[o];
		int fallback_mt = find_suitable_fallback(area, o, start_mt, false);
		unsigned long pfn;

		if (fallback_mt < 0)
			continue;
		pfn = area->free_list[fallback_mt];
		page_del_and_expand(m, zone, pfn, order, o, fallback_mt);
		return (long)pfn;
	}
	return -1;
}

static long __rmqueue(struct machine *m, struct zone *zone, unsigned int order, int mt,
		      unsigned int alloc_flags)
{
	long pfn = __rmqueue_smallest(m, zone, order, mt);

	if (pfn < 0)
		pfn = __rmqueue_claim(m, zone, order, mt, alloc_flags);
	if (pfn < 0 && !(alloc_flags & ALLOC_NOFRAGMENT))
		pfn = __rmqueue_steal(m, zone, order, mt);
	return pfn;
}

/* ---------------------------------------------------------------- freeing */

/* The freed block will likely merge further: queue it at the tail so it stays free. */
static bool buddy_merge_likely(const struct machine *m, const struct zone *zone,
			       unsigned long pfn, unsigned int order)
{
	unsigned long higher;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher = pfn & ~(1UL << order);
	return page_is_buddy(m, zone, higher ^ (1UL << (order + 1)), order + 1);
}

static void __free_one_page(struct machine *m, struct zone *zone, unsigned long pfn,
			    unsigned int order, bool to_tail)
{
	int mt = get_pageblock_migratetype(m, pfn);

	account_freepages(zone, 1L << order);
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		int buddy_mt;

		if (!page_is_buddy(m, zone, buddy_pfn, order))
			break;
		buddy_mt = pfn_to_page(m, buddy_pfn)->migratetype;
		if (order >= pageblock_order && buddy_mt != mt &&
		    (!migratetype_is_mergeable(mt) || !migratetype_is_mergeable(buddy_mt)))
			break;
		__del_page_from_free_list(m, zone, buddy_pfn, order, buddy_mt);
		if (buddy_mt != mt)
			change_pageblock_range(m, buddy_pfn, order, mt);
		pfn &= buddy_pfn;
		order++;
	}
	if (!to_tail)
		to_tail = buddy_merge_likely(m, zone, pfn, order);
	__add_to_free_list(m, zone, pfn, order, mt, to_tail);
}

/* Boot: hand a block that memblock did not reserve to the buddy allocator. */
void memblock_free_pages(struct machine *m, unsigned long pfn, unsigned int order)
{
	struct zone *zone = page_zone_pfn(m, pfn);

	zone->managed_pages += 1UL << order;
	__free_one_page(m, zone, pfn, order, true);
}

/**
 * __free_pages - give back a block that alloc_pages_node() returned.
 *
 * A PFN that is not the head of an allocated block of exactly @order is the
 * kernel's "Bad page state": logged, refused with -EINVAL, nothing changed.
 */
int __free_pages(struct machine *m, unsigned long pfn, unsigned int order)
{
	struct zone *zone = pfn < m->max_pfn ? page_zone_pfn(m, pfn) : NULL;
	struct page *page;

	if (!zone || order > MAX_PAGE_ORDER)
		goto bad;
	page = pfn_to_page(m, pfn);
	if (!(page->flags & PG_head) || page->order != order)
		goto bad;
	/* slab pages go back through the slab allocator, which clears these first */
	if (page->flags & (PG_slab | PG_large_kmalloc)) {
		pr_err(m, "BUG: Bad page state: pfn:%#lx order:%u still belongs to the slab allocator",
		       pfn, order);
		return -EBUSY;
	}
	memset(page, 0, sizeof(*page));
	__count_vm_events(m, PGFREE, 1UL << order);
	__free_one_page(m, zone, pfn, order, false);
	return 0;
bad:
	pr_err(m, "BUG: Bad page state: pfn:%#lx order:%u is not an allocated block of that order",
	       pfn, order);
	return -EINVAL;
}

/* ---------------------------------------------------------------- watermarks */

static unsigned long zone_watermark_unusable_free(const struct zone *z, unsigned int order,
						  unsigned int alloc_flags)
{
	unsigned long unusable = (1UL << order) - 1;

	if (!(alloc_flags & ALLOC_RESERVES))
		unusable += z->nr_reserved_highatomic;
	return unusable;
}

static bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
				int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= (long)zone_watermark_unusable_free(z, order, alloc_flags);
	if (alloc_flags & ALLOC_RESERVES) {
		/* __GFP_HIGH may use half of min; atomic (non-blocking) another quarter */
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	/* enough pages, but is one of them part of a large enough block? */
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (area->free_list[mt] != PFN_NONE)
				return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    area->free_list[MIGRATE_HIGHATOMIC] != PFN_NONE)
			return true;
	}
	return false;
}

/**
 * zone_watermark_ok - may an allocation of @order take pages from @z?
 * @mark: the watermark to keep (min, low or high, boost included)
 * @highest_zoneidx: the allocation's highest zone, selecting lowmem_reserve
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   z->vm_stat[NR_FREE_PAGES]);
}

static bool zone_watermark_fast(struct zone *z, unsigned int order, unsigned long mark,
				int highest_zoneidx, unsigned int alloc_flags)
{
	long free_pages = z->vm_stat[NR_FREE_PAGES];

	if (!order && free_pages > (long)mark + z->lowmem_reserve[highest_zoneidx])
		return true;
	if (__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, free_pages))
		return true;
	/* a boost must not fail __GFP_HIGH order-0 requests that the bare min allows */
	if (!order && (alloc_flags & ALLOC_MIN_RESERVE) && z->watermark_boost &&
	    (alloc_flags & ALLOC_WMARK_MASK) == WMARK_MIN)
		return __zone_watermark_ok(z, order, z->_watermark[WMARK_MIN], highest_zoneidx,
					   alloc_flags, free_pages);
	return false;
}

/* ---------------------------------------------------------------- GFP */

enum migratetype gfp_migratetype(gfp_t gfp)
{
	if (gfp & __GFP_MOVABLE)
		return MIGRATE_MOVABLE;
	if (gfp & __GFP_RECLAIMABLE)
		return MIGRATE_RECLAIMABLE;
	return MIGRATE_UNMOVABLE;
}

static int zone_index_of(const struct machine *m, enum zone_type type)
{
	for (int i = 0; i < m->nr_zone_types; i++)
		if (m->zone_types[i] == type)
			return i;
	return -1;
}

/**
 * gfp_zone - the highest zone an allocation may use (GFP_ZONE_TABLE):
 * DMA, DMA32 (Normal where the arch has none), HighMem (Normal where none),
 * Movable only for __GFP_HIGHMEM|__GFP_MOVABLE, Normal otherwise.
 * Contradictory zone modifiers are -EINVAL (the kernel's GFP_ZONE_BAD).
 */
int gfp_zone(const struct machine *m, gfp_t gfp)
{
	gfp_t bits = gfp & GFP_ZONEMASK;
	gfp_t modifiers = bits & (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM);
	enum zone_type type = ZONE_NORMAL;
	int idx;

	if (modifiers & (modifiers - 1))
		return -EINVAL;
	if (bits & __GFP_DMA)
		type = ZONE_DMA;
	else if (bits & __GFP_DMA32)
		type = ZONE_DMA32;
	else if ((bits & __GFP_HIGHMEM) && (bits & __GFP_MOVABLE))
		type = ZONE_MOVABLE;
	else if (bits & __GFP_HIGHMEM)
		type = ZONE_HIGHMEM;

	idx = zone_index_of(m, type);
	if (idx < 0 && type == ZONE_MOVABLE)
		idx = zone_index_of(m, ZONE_HIGHMEM);
	if (idx < 0)
		idx = zone_index_of(m, ZONE_NORMAL);
	return idx;
}

/* ---------------------------------------------------------------- allocation */

static unsigned int gfp_to_alloc_flags(gfp_t gfp, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_MIN_RESERVE;
	if (gfp & __GFP_KSWAPD_RECLAIM)
		alloc_flags |= ALLOC_KSWAPD;
	if (!(gfp & __GFP_DIRECT_RECLAIM) && !(gfp & __GFP_NOMEMALLOC)) {
		alloc_flags |= ALLOC_NON_BLOCK;
		if (order > 0)
			alloc_flags |= ALLOC_HIGHATOMIC;
	}
	return alloc_flags;
}

/*
 * Keep Normal's pageblocks unmixed while DMA32 below it can still serve the
 * request (alloc_flags_nofragment); defrag_mode asks for it everywhere.
 */
static unsigned int alloc_flags_nofragment(struct machine *m, struct zone *zone, gfp_t gfp)
{
	unsigned int alloc_flags = (gfp & __GFP_KSWAPD_RECLAIM) ? ALLOC_KSWAPD : 0;

	if (m->sysctl.defrag_mode)
		return alloc_flags | ALLOC_NOFRAGMENT;
	if (!zone || zone->type != ZONE_NORMAL || zone_idx(zone) == 0 ||
	    (zone - 1)->type != ZONE_DMA32)
		return alloc_flags;
	if (m->nr_nodes > 1 && !populated_zone(zone - 1))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

static void zone_statistics(struct machine *m, struct zone *preferred, struct zone *z,
			    int local_nid, unsigned long nr)
{
	if (!m->sysctl.numa_stat)
		return;
	if (z->zone_pgdat->node_id == preferred->zone_pgdat->node_id) {
		z->numa_stat[NUMA_HIT] += nr;
	} else {
		z->numa_stat[NUMA_MISS] += nr;
		preferred->numa_stat[NUMA_FOREIGN] += nr;
	}
	z->numa_stat[z->zone_pgdat->node_id == local_nid ? NUMA_LOCAL : NUMA_OTHER] += nr;
}

static long rmqueue(struct machine *m, struct alloc_context *ac, struct zone *zone,
		    unsigned int order, gfp_t gfp, unsigned int alloc_flags)
{
	int mt = gfp_migratetype(gfp);
	long pfn = -1;
	struct page *page;

	if (alloc_flags & ALLOC_HIGHATOMIC)
		pfn = __rmqueue_smallest(m, zone, order, MIGRATE_HIGHATOMIC);
	if (pfn < 0)
		pfn = __rmqueue(m, zone, order, mt, alloc_flags);
	if (pfn < 0 && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
		pfn = __rmqueue_smallest(m, zone, order, MIGRATE_HIGHATOMIC);
	if (pfn < 0)
		return -1;

	page = pfn_to_page(m, (unsigned long)pfn);
	page->flags = PG_head | ((gfp & __GFP_ZERO) ? PG_zeroed : 0);
	page->order = (uint8_t)order;
	page->migratetype = (uint8_t)mt;
	__count_vm_events(m, zone_kind_event(PGALLOC_DMA, zone->type), 1UL << order);
	/* pgalloc counts pages, the NUMA statistics count allocations */
	zone_statistics(m, ac->preferred_zone, zone, ac->local_nid, 1);
	return pfn;
}

static long get_page_from_freelist(struct machine *m, gfp_t gfp, unsigned int order,
				   unsigned int alloc_flags, struct alloc_context *ac)
{
	pg_data_t *pgdat = NODE_DATA(m, ac->preferred_nid);
	bool no_fallback;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for (int i = 0; i < pgdat->nr_zonelist; i++) {
		struct zone *zone = pgdat->zonelist[i];
		long pfn;

		if (zone_idx(zone) > ac->highest_zoneidx)
			continue;
		if (ac->thisnode && zone->zone_pgdat != pgdat)
			continue;
		/* leaving the local node: rather fragment locally first */
		if (no_fallback && m->nr_nodes > 1 && zone->zone_pgdat != pgdat) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		if (!(alloc_flags & ALLOC_NO_WATERMARKS)) {
			unsigned long mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);

			if (!zone_watermark_fast(zone, order, mark, ac->highest_zoneidx, alloc_flags))
				continue;
		}
		pfn = rmqueue(m, ac, zone, order, gfp, alloc_flags);
		if (pfn >= 0)
			return pfn;
	}
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return -1;
}

static void kswapd_run(struct machine *m, void *data)
{
	pg_data_t *pgdat = data;

	/*
	 * balance_pgdat() without reclaim: nothing on the LRUs can be freed
	 * yet, so the pass only drops the watermark boost, as kswapd does once
	 * it is done. Missing: reclaim (shrinking the LRU lists and the slabs
 * towards the high watermark), which is what balance_pgdat() is for.
	 */
	__count_vm_events(m, PAGEOUTRUN, 1);
	for (int i = 0; i < pgdat->nr_zones; i++)
		pgdat->node_zones[i].watermark_boost = 0;
	pgdat->kswapd_wakeups = 0;
}

static void wakeup_kswapd(struct machine *m, struct zone *zone)
{
	pg_data_t *pgdat = zone->zone_pgdat;

	if (pgdat->kswapd_wakeups++ == 0)
		sim_timer_add(m, NSEC_PER_MSEC, kswapd_run, pgdat);
}

static void wake_all_kswapds(struct machine *m, struct alloc_context *ac)
{
	pg_data_t *pgdat = NODE_DATA(m, ac->preferred_nid);
	pg_data_t *last = NULL;

	for (int i = 0; i < pgdat->nr_zonelist; i++) {
		struct zone *zone = pgdat->zonelist[i];

		if (zone_idx(zone) > ac->highest_zoneidx || zone->zone_pgdat == last)
			continue;
		if (ac->thisnode && zone->zone_pgdat != pgdat)
			continue;
		last = zone->zone_pgdat;
		wakeup_kswapd(m, zone);
	}
}

static void warn_alloc(struct machine *m, gfp_t gfp, unsigned int order, int nid)
{
	char flags[256];

	if (gfp & __GFP_NOWARN)
		return;
	gfp_flags_string(gfp, flags, sizeof(flags));
	/* no task context yet: the request comes from the simulated kernel's workbench */
	char mems[16] = "0";

	if (m->nr_nodes > 1)
		g_snprintf(mems, sizeof(mems), "0-%d", m->nr_nodes - 1);
	pr_warn(m, "%s: page allocation failure: order:%u, mode:%#x(%s), nodemask=(null),cpuset=/,mems_allowed=%s", current_comm(m),
		order, gfp, flags, mems);
	__show_mem(m);
	(void)nid;
}

static long __alloc_pages_slowpath(struct machine *m, gfp_t gfp, unsigned int order,
				   struct alloc_context *ac)
{
	bool can_direct_reclaim = gfp & __GFP_DIRECT_RECLAIM;
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp, order);
	long pfn;

	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(m, ac);
	pfn = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (pfn >= 0)
		return pfn;

	/* __GFP_MEMALLOC: the caller is freeing memory and may take it all */
	if ((gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC)) {
		pfn = get_page_from_freelist(m, gfp, order, ALLOC_NO_WATERMARKS, ac);
		if (pfn >= 0)
			return pfn;
	}
	if (!can_direct_reclaim)
		goto nopage;

	/*
	 * Direct reclaim and compaction go here (__alloc_pages_direct_reclaim,
	 * __alloc_pages_direct_compact); until they exist nothing can be freed,
	 * so should_reclaim_retry() would see no progress and give up.
	 */
	if (gfp & __GFP_NORETRY)
		goto nopage;
	if (order > PAGE_ALLOC_COSTLY_ORDER && !(gfp & __GFP_RETRY_MAYFAIL))
		goto nopage;
	/* The OOM killer (__alloc_pages_may_oom) goes here. */

nopage:
	if ((gfp & __GFP_NOFAIL) && can_direct_reclaim) {
		pfn = get_page_from_freelist(m, gfp, order, ALLOC_MIN_RESERVE, ac);
		if (pfn >= 0)
			return pfn;
		pfn = get_page_from_freelist(m, gfp, order, ALLOC_NO_WATERMARKS, ac);
		if (pfn >= 0)
			return pfn;
		/* the kernel would loop here forever; a simulator cannot wait for itself */
		pr_warn(m, "WARNING: __GFP_NOFAIL allocation of order %u cannot be satisfied", order);
	}
	warn_alloc(m, gfp, order, ac->preferred_nid);
	return -1;
}

/**
 * alloc_pages_node - allocate 2^@order contiguous pages.
 * @nid: preferred node, or -1 for the first node (the simulated CPU's)
 * @pfnp: the first PFN of the block on success
 *
 * The fast path takes pages while the zone stays above its low watermark;
 * the slow path wakes kswapd and retries down to min, with the reserves the
 * GFP flags allow. Returns 0, -ENOMEM, or -EINVAL for impossible requests.
 */
int alloc_pages_node(struct machine *m, int nid, gfp_t gfp, unsigned int order,
		     unsigned long *pfnp)
{
	struct alloc_context ac = { .preferred_nid = nid < 0 ? 0 : nid, .local_nid = 0 };
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	pg_data_t *pgdat;
	long pfn = -1;

	if (order > MAX_PAGE_ORDER || nid >= m->nr_nodes || (gfp & ~__GFP_BITS_MASK))
		return -EINVAL;
	ac.highest_zoneidx = gfp_zone(m, gfp);
	if (ac.highest_zoneidx < 0)
		return -EINVAL;
	if (!(gfp & __GFP_NOFAIL) && should_fail(&m->fail_page_alloc))
		return -ENOMEM;
	ac.thisnode = gfp & __GFP_THISNODE;
	pgdat = NODE_DATA(m, ac.preferred_nid);
	for (int i = 0; i < pgdat->nr_zonelist && !ac.preferred_zone; i++)
		if (zone_idx(pgdat->zonelist[i]) <= ac.highest_zoneidx &&
		    (!ac.thisnode || pgdat->zonelist[i]->zone_pgdat == pgdat))
			ac.preferred_zone = pgdat->zonelist[i];
	if (!ac.preferred_zone) {
		warn_alloc(m, gfp, order, ac.preferred_nid);
		return -ENOMEM;
	}

	alloc_flags |= alloc_flags_nofragment(m, ac.preferred_zone, gfp);
	pfn = get_page_from_freelist(m, gfp, order, alloc_flags, &ac);
	if (pfn < 0)
		pfn = __alloc_pages_slowpath(m, gfp, order, &ac);
	if (pfn < 0)
		return -ENOMEM;
	*pfnp = (unsigned long)pfn;
	return 0;
}
