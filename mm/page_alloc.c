// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy page allocator: free lists per zone, order and migratetype;
 * split and coalesce; migratetype fallback with block claiming; the
 * watermark check; the fast path and a slow path with the kernel's GFP
 * semantics. The watermarks themselves, lowmem_reserve and the zonelists
 * are computed in mm_init.c; the consistency check lives in debug.c.
 *
 * Modelled on mm/page_alloc.c of 6.10+, where a free block always sits on
 * the free list of its pageblock's migratetype, with the per-cpu page lists
 * of 6.18 (orders 0-3 and pageblock order: rmqueue_pcplist, free_unref_page,
 * free_pcppages_bulk, decay_pcp_high and the auto-tuned high mark). Left out:
 * CMA, the highatomic reserve, page isolation and shuffling. Reclaim,
 * compaction and the OOM killer are missing from the slow path: a request
 * that fails the min watermark fails. Without reclaim's progress the slow
 * path never drains the per-cpu lists (the kernel drains only after direct
 * reclaim freed something); the vmstat pass decays them every stat_interval.
 *
 * Locking: every function here runs under the machine lock.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "oom.h"

#define MAX3(a, b, c)	MAX(MAX(a, b), c)

G_STATIC_ASSERT(MAX_CPUS <= NR_CPUS);

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

/* How __rmqueue last succeeded: a bulk refill skips the steps that already failed. */
enum rmqueue_mode {
	RMQUEUE_NORMAL,
	RMQUEUE_CLAIM,
	RMQUEUE_STEAL,
};

static long __rmqueue(struct machine *m, struct zone *zone, unsigned int order, int mt,
		      unsigned int alloc_flags, enum rmqueue_mode *mode)
{
	long pfn = -1;

	if (*mode == RMQUEUE_NORMAL) {
		pfn = __rmqueue_smallest(m, zone, order, mt);
		if (pfn >= 0)
			return pfn;
	}
	if (*mode <= RMQUEUE_CLAIM) {
		pfn = __rmqueue_claim(m, zone, order, mt, alloc_flags);
		if (pfn >= 0) {
			/* the preferred lists were refilled: back to normal */
			*mode = RMQUEUE_NORMAL;
			return pfn;
		}
	}
	if (!(alloc_flags & ALLOC_NOFRAGMENT)) {
		pfn = __rmqueue_steal(m, zone, order, mt);
		if (pfn >= 0)
			*mode = RMQUEUE_STEAL;
	}
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

/* ---------------------------------------------------------------- per-cpu lists */

/*
 * The lists link through page->next/prev like the LRUs, but end in
 * PFN_NONE both ways: a free pushes at the head (hot), a refill appends at
 * the tail, a drain takes from the tail (coldest first), an allocation
 * takes the head.
 */
static inline void pcp_page_set(struct page *page, unsigned int order, int mt)
{
	page->flags = PG_pcp;
	page->order = (uint8_t)order;
	page->migratetype = (uint8_t)mt;
}

static inline void pcp_list_push(struct machine *m, struct pcp_list *list, unsigned long pfn,
				 unsigned int order, int mt)
{
	struct page *page = pfn_to_page(m, pfn);
	uint32_t first = list->head;

	pcp_page_set(page, order, mt);
	page->next = first;
	page->prev = PFN_NONE;
	if (first == PFN_NONE)
		list->tail = (uint32_t)pfn;
	else
		pfn_to_page(m, first)->prev = (uint32_t)pfn;
	list->head = (uint32_t)pfn;
}

static inline void pcp_list_append(struct machine *m, struct pcp_list *list, unsigned long pfn,
				   unsigned int order, int mt)
{
	struct page *page = pfn_to_page(m, pfn);
	uint32_t last = list->tail;

	pcp_page_set(page, order, mt);
	page->next = PFN_NONE;
	page->prev = last;
	if (last == PFN_NONE)
		list->head = (uint32_t)pfn;
	else
		pfn_to_page(m, last)->next = (uint32_t)pfn;
	list->tail = (uint32_t)pfn;
}

/* The head of a non-empty list, off it: an allocation's pop (prep_new_page rewrites the page). */
static inline unsigned long pcp_list_pop(struct machine *m, struct pcp_list *list)
{
	unsigned long pfn = list->head;
	uint32_t next = pfn_to_page(m, pfn)->next;

	list->head = next;
	if (next == PFN_NONE)
		list->tail = PFN_NONE;
	else
		pfn_to_page(m, next)->prev = PFN_NONE;
	return pfn;
}

/* The tail of a non-empty list, off it and zeroed: a drain's. */
static unsigned long pcp_list_pop_tail(struct machine *m, struct pcp_list *list)
{
	unsigned long pfn = list->tail;
	struct page *page = pfn_to_page(m, pfn);
	uint32_t prev = page->prev;

	list->tail = prev;
	if (prev == PFN_NONE)
		list->head = PFN_NONE;
	else
		pfn_to_page(m, prev)->next = PFN_NONE;
	memset(page, 0, sizeof(*page));
	return pfn;
}

/* The node of @cpu: CPUs are numbered node after node (machine_desc). */
static int cpu_to_node(const struct machine *m, int cpu)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		cpu -= m->desc.nodes[nid].nr_cpus;
		if (cpu < 0)
			return nid;
	}
	return 0;
}

static void vmstat_update(struct machine *m, void *data);

/*
 * vmstat_update runs stat_interval after a bulk move, and again while some
 * pcp of the node has a high mark to decay or a remote list to expire; as
 * the kernel's per-cpu work, it stops once a pass found nothing to do.
 */
static __attribute__((noinline)) void vmstat_queue(struct machine *m, pg_data_t *pgdat)
{
	int interval = m->sysctl.stat_interval;

	if (pgdat->vmstat_work || interval < 0)
		return;
	pgdat->vmstat_work = true;
	sim_timer_add(m, interval ? (uint64_t)interval * NSEC_PER_SEC : NSEC_PER_SEC / 1000,
		      vmstat_update, pgdat);
}

/*
 * A bulk move changed the zone's free count from @pcp's CPU, a counter
 * difference the kernel's vmstat_shepherd sees: vmstat_update runs, and a
 * remote zone's list is drained once three passes go by without another
 * (refresh_cpu_vm_stats' pcp->expire).
 */
static void pcp_stat_changed(struct machine *m, struct zone *zone, struct per_cpu_pages *pcp)
{
	int cpu = (int)(pcp - zone->per_cpu_pageset);

	if (m->nr_nodes > 1 && cpu_to_node(m, cpu) != zone->zone_pgdat->node_id)
		pcp->expire = 3;
	vmstat_queue(m, zone->zone_pgdat);
}

/*
 * free_pcppages_bulk - give @count pages of @pcp back to the buddy lists,
 * list @pindex first, then round-robin over the others, coldest first.
 */
static __attribute__((noinline)) void free_pcppages_bulk(struct machine *m, struct zone *zone,
							 int count, struct per_cpu_pages *pcp,
							 unsigned int pindex)
{
	/* a count beyond what the lists hold would spin on empty lists */
	count = MIN(pcp->count, count);
	if (count <= 0)
		return;
	pindex = pindex ? pindex - 1 : NR_PCP_LISTS - 1;
	while (count > 0) {
		struct pcp_list *list;
		unsigned int order;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list->head == PFN_NONE);

		order = pindex_to_order(pindex);
		do {
			unsigned long pfn = pcp_list_pop_tail(m, list);

			count -= 1 << order;
			pcp->count -= 1 << order;
			__free_one_page(m, zone, pfn, order, false);
		} while (count > 0 && list->head != PFN_NONE);
	}
	pcp_stat_changed(m, zone, pcp);
}

/* rmqueue_bulk - move up to @count blocks of @order from the buddy lists to @list. */
static int rmqueue_bulk(struct machine *m, struct zone *zone, unsigned int order, int count,
			struct pcp_list *list, int mt, unsigned int alloc_flags)
{
	enum rmqueue_mode rmqm = RMQUEUE_NORMAL;
	int i;

	for (i = 0; i < count; i++) {
		long pfn = __rmqueue(m, zone, order, mt, alloc_flags, &rmqm);

		if (pfn < 0)
			break;
		pcp_list_append(m, list, (unsigned long)pfn, order, mt);
	}
	return i;
}

/*
 * Every change of a pcp's high mark: one that the sizes left outside
 * [high_min, high_max] is counted (ZONE_PCP_HIGH_STALE), so that while none
 * is, a free below the mark needs no nr_pcp_high().
 */
static void pcp_set_high(struct zone *zone, struct per_cpu_pages *pcp, int high)
{
	zone->nr_pcp_high_stale += pcp_high_stale(zone, high) - pcp_high_stale(zone, pcp->high);
	pcp->high = high;
	if (zone->nr_pcp_high_stale)
		zone->flags |= ZONE_PCP_HIGH_STALE;
	else
		zone->flags &= ~(unsigned long)ZONE_PCP_HIGH_STALE;
}

/*
 * nr_pcp_alloc - how many blocks a refill takes. The high mark grows by a
 * batch on each refill while the zone is above its high watermark, and an
 * order-0 refill doubles (alloc_factor) while allocations come without frees.
 */
static int nr_pcp_alloc(struct machine *m, struct per_cpu_pages *pcp, struct zone *zone,
			unsigned int order)
{
	int base_batch = zone->pcp_batch, high_min = zone->pcp_high_min;
	int high_max = zone->pcp_high_max;
	int high, batch;

	high = CLAMP(pcp->high, high_min, high_max);
	pcp_set_high(zone, pcp, high);
	/* a pcp smaller than a batch holds no pages */
	if (high < base_batch)
		return 1;
	batch = order ? base_batch : base_batch << pcp->alloc_factor;
	/* a larger high would have spared us this trip to the zone */
	if (high_min != high_max && !(zone->flags & ZONE_BELOW_HIGH))
		pcp_set_high(zone, pcp, high = MIN(high + batch, high_max));
	if (!order) {
		int max_nr_alloc = MAX(high - pcp->count - base_batch, base_batch);

		if (batch <= max_nr_alloc && pcp->alloc_factor < PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = MIN(batch, max_nr_alloc);
	}
	/* in blocks of @order, but at least two when the pcp stores pages at all */
	if (batch > 1)
		batch = MAX(batch >> order, 2);
	return batch;
}

/* How many pages a drain from the free path gives back. */
static int nr_pcp_free(const struct per_cpu_pages *pcp, int batch, int high, bool free_high)
{
	/* batch-freeing high orders: as much as possible */
	if (free_high)
		return MIN(pcp->count, batch << PCP_BATCH_SCALE_MAX);
	if (high < batch)
		return 1;
	/* leave at least a batch; free more the longer the run of frees */
	return CLAMP(pcp->free_count, batch, high - batch);
}

/*
 * nr_pcp_high - the count above which a free drains. While the zone is below
 * its high watermark the high mark shrinks by each run of frees; otherwise
 * it grows to hold the next batch of frees.
 */
static inline __attribute__((always_inline)) int
nr_pcp_high(struct machine *m, struct per_cpu_pages *pcp, struct zone *zone,
		       int batch, bool free_high)
{
	int high_min = zone->pcp_high_min, high_max = zone->pcp_high_max;
	int high = CLAMP(pcp->high, high_min, high_max);

	pcp_set_high(zone, pcp, high);
	if (!high)
		return 0;
	if (free_high) {
		pcp_set_high(zone, pcp, MAX(high - (batch << PCP_BATCH_SCALE_MAX), high_min));
		return 0;
	}
	/* (ZONE_RECLAIM_ACTIVE's cap comes with kswapd's reclaim) */
	if (high_min == high_max)
		return high;
	if (zone->flags & ZONE_BELOW_HIGH) {
		int free_count = MAX(pcp->free_count, batch);

		pcp_set_high(zone, pcp, MAX(high - free_count, high_min));
		high = MAX(pcp->count, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		/* high must hold a batch of freed pages */
		if (pcp->high < need_high)
			pcp_set_high(zone, pcp, CLAMP(need_high, high_min, high_max));
	}
	return high;
}

/*
 * nr_pcp_high()'s verdict on the free of @pfn, and the drain above the high
 * mark (from @pfn's list first), after which the zone may be back above its
 * high watermark.
 */
static __attribute__((noinline)) int free_unref_page_high(struct machine *m, unsigned long pfn,
							  struct zone *zone,
							  struct per_cpu_pages *pcp, bool free_high)
{
	const struct page *page = pfn_to_page(m, pfn);
	unsigned int pindex = order_to_pindex(page->migratetype, page->order);
	int batch = zone->pcp_batch;
	int high = nr_pcp_high(m, pcp, zone, batch, free_high);

	if (pcp->count < high)
		return 0;
	free_pcppages_bulk(m, zone, nr_pcp_free(pcp, batch, high, free_high), pcp, pindex);
	if ((zone->flags & ZONE_BELOW_HIGH) &&
	    zone_watermark_ok(zone, 0, high_wmark_pages(zone), zone_idx(zone), 0))
		zone->flags &= ~ZONE_BELOW_HIGH;
	return 0;
}

/* free_unref_page_commit (6.15+: free_frozen_page_commit): push and trim. Returns 0. */
static inline __attribute__((always_inline)) int free_unref_page_commit(struct machine *m, struct zone *zone,
					  struct per_cpu_pages *pcp, unsigned long pfn, int mt,
					  unsigned int order)
{
	unsigned int pindex = order_to_pindex(mt, order);
	bool free_high = false;

	/* a free halves the next refill (nr_pcp_alloc) */
	pcp->alloc_factor >>= 1;
	m->vm_events[PGFREE] += 1UL << order;
	pcp_list_push(m, &pcp->lists[pindex], pfn, order, mt);
	pcp->count += 1 << order;

	/*
	 * Orders 1..3 fragment memory while they sit on the lists: a CPU that
	 * frees many of them in a row without allocating gives them back.
	 */
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		int batch = zone->pcp_batch;

		free_high = pcp->free_count >= batch + zone->pcp_high_min / 2 &&
			    (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			    (!(pcp->flags & PCPF_FREE_HIGH_BATCH) || pcp->count >= batch);
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else {
		pcp->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < zone->pcp_batch << PCP_BATCH_SCALE_MAX)
		pcp->free_count += 1 << order;

	/*
	 * Below a high mark that lies in its range, the zone above its high
	 * watermark: nr_pcp_high() would change nothing and nothing drains.
	 */
	if (!free_high && !(zone->flags & (ZONE_BELOW_HIGH | ZONE_PCP_HIGH_STALE)) &&
	    pcp->count < pcp->high)
		return 0;
	/* in tail position, so the push itself needs no stack frame */
	return free_unref_page_high(m, pfn, zone, pcp, free_high);
}

/*
 * free_unref_page (6.15+: __free_frozen_pages) - a block of a pcp order goes
 * to the current CPU's list of its pageblock's type; highatomic pageblocks
 * count as movable so their pages come back, isolated ones skip the lists.
 */
static inline void free_unref_page(struct machine *m, struct zone *zone, unsigned long pfn,
				   unsigned int order)
{
	int mt = get_pageblock_migratetype(m, pfn);

	if (__builtin_expect(mt >= MIGRATE_PCPTYPES, 0)) {
		if (mt == MIGRATE_ISOLATE) {
			m->vm_events[PGFREE] += 1UL << order;
			__free_one_page(m, zone, pfn, order, false);
			return;
		}
		mt = MIGRATE_MOVABLE;
	}
	(void)free_unref_page_commit(m, zone, &zone->per_cpu_pageset[smp_processor_id(m)], pfn, mt,
				     order);
}

/**
 * decay_pcp_high - the vmstat pass over one pcp: lower its high mark by an
 * eighth (not below high_min, nor more than the largest batch below its
 * count) and give back what lies above it, a batch at a time.
 * @m: the machine
 * @zone: the zone of @pcp
 * @pcp: one CPU's lists of @zone
 *
 * Returns true while there is more to do on a later pass.
 */
bool decay_pcp_high(struct machine *m, struct zone *zone, struct per_cpu_pages *pcp)
{
	int high_min = zone->pcp_high_min, batch = zone->pcp_batch;
	bool todo = false;
	int to_drain;

	if (pcp->high > high_min) {
		pcp_set_high(zone, pcp, MAX3(pcp->count - (batch << PCP_BATCH_SCALE_MAX),
					     pcp->high - (pcp->high >> 3), high_min));
		if (pcp->high > high_min)
			todo = true;
	}
	for (to_drain = pcp->count - pcp->high; to_drain > 0; to_drain -= batch) {
		free_pcppages_bulk(m, zone, MIN(to_drain, batch), pcp, 0);
		todo = true;
	}
	return todo;
}

/**
 * drain_zone_pages - give a batch of @pcp's pages back (a remote zone's list
 * that expired).
 * @m: the machine
 * @zone: the zone of @pcp
 * @pcp: one CPU's lists of @zone
 */
void drain_zone_pages(struct machine *m, struct zone *zone, struct per_cpu_pages *pcp)
{
	free_pcppages_bulk(m, zone, MIN(pcp->count, zone->pcp_batch), pcp, 0);
}

/* Empty @cpu's lists of @zone, in batches of at most batch << PCP_BATCH_SCALE_MAX. */
static void drain_pages_zone(struct machine *m, int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

	while (pcp->count)
		free_pcppages_bulk(m, zone, MIN(pcp->count, zone->pcp_batch << PCP_BATCH_SCALE_MAX),
				   pcp, 0);
}

/**
 * drain_all_pages - give every CPU's per-cpu pages of @zone back to the buddy
 * lists, or of every zone when @zone is NULL.
 * @m: the machine
 * @zone: the zone, or NULL
 *
 * The kernel calls it where pages stuck on other CPUs' lists would make an
 * allocation fail: after direct reclaim made progress and the retry still
 * failed, before page isolation, memory offlining and hibernation.
 */
void drain_all_pages(struct machine *m, struct zone *zone)
{
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++) {
			struct zone *z = &pgdat->node_zones[i];

			if ((zone && z != zone) || !z->per_cpu_pageset)
				continue;
			for (int cpu = 0; cpu < m->nr_cpus; cpu++)
				drain_pages_zone(m, cpu, z);
		}
	}
}

/*
 * refresh_cpu_vm_stats' pageset half, for every CPU of the node's zones:
 * decay the high marks and drain remote lists that expired.
 */
static void vmstat_update(struct machine *m, void *data)
{
	pg_data_t *pgdat = data;
	bool todo = false;

	pgdat->vmstat_work = false;
	for (int i = 0; i < pgdat->nr_zones; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!populated_zone(zone) || !zone->per_cpu_pageset)
			continue;
		for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
			struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

			todo |= decay_pcp_high(m, zone, pcp);
			if (!pcp->expire || !pcp->count)
				continue;
			/* a zone local to the CPU is never drained */
			if (cpu_to_node(m, cpu) == pgdat->node_id) {
				pcp->expire = 0;
				continue;
			}
			if (--pcp->expire) {
				todo = true;
				continue;
			}
			drain_zone_pages(m, zone, pcp);
			todo = true;
		}
	}
	if (todo)
		vmstat_queue(m, pgdat);
}

/**
 * nr_pcp_pages - pages on the per-cpu lists of @zone: of every CPU, or of
 * @cpu alone when it is not negative (show_mem's free_pcp and local_pcp).
 * @zone: the zone
 * @cpu: a CPU, or -1
 * @nr_cpus: the machine's CPUs
 */
unsigned long nr_pcp_pages(const struct zone *zone, int cpu, int nr_cpus)
{
	unsigned long sum = 0;

	if (!zone->per_cpu_pageset)
		return 0;
	if (cpu >= 0)
		return (unsigned long)zone->per_cpu_pageset[cpu].count;
	for (int c = 0; c < nr_cpus; c++)
		sum += (unsigned long)zone->per_cpu_pageset[c].count;
	return sum;
}

/* Not a plain allocated head: a user or page-table page is fine, anything else refused. */
static __attribute__((noinline)) int free_pages_check(struct machine *m, unsigned long pfn,
						      unsigned int order)
{
	const struct page *page = pfn < m->max_pfn ? pfn_to_page(m, pfn) : NULL;

	if (!page || order > MAX_PAGE_ORDER || !(page->flags & PG_head) || page->order != order) {
		pr_err(m, "BUG: Bad page state: pfn:%#lx order:%u is not an allocated block of that order",
		       pfn, order);
		return -EINVAL;
	}
	/* slab pages go back through the slab allocator, which clears these first */
	if (page->flags & (PG_slab | PG_large_kmalloc)) {
		pr_err(m, "BUG: Bad page state: pfn:%#lx order:%u still belongs to the slab allocator",
		       pfn, order);
		return -EBUSY;
	}
	return 0;
}

/* Every free but the order-0 pcp hit: checks, pcp orders 0-3 and 9, the buddy lists. */
static __attribute__((noinline)) int __free_pages_slow(struct machine *m, unsigned long pfn,
						       unsigned int order)
{
	struct zone *zone;
	struct page *page;

	if (pfn >= m->max_pfn || order > MAX_PAGE_ORDER)
		goto bad;
	page = pfn_to_page(m, pfn);
	/* the common case: an allocated head of this order and nothing else */
	if (__builtin_expect(page->order != order || (page->flags & ~PG_zeroed) != PG_head, 0)) {
		int err = free_pages_check(m, pfn, order);

		if (err)
			return err;
	}
	/* page_zone_pfn() by table: pfn < max_pfn here, and 0 means a mixed pageblock */
	zone = m->zone_by_id[m->pageblock_zone[pfn >> pageblock_order]];
	if (__builtin_expect(!zone, 0))
		zone = __page_zone_pfn(m, pfn);
	memset(page, 0, sizeof(*page));
	if (__builtin_expect(pcp_allowed_order(order), 1)) {
		free_unref_page(m, zone, pfn, order);
		return 0;
	}
	m->vm_events[PGFREE] += 1UL << order;
	__free_one_page(m, zone, pfn, order, false);
	return 0;
bad:
	return free_pages_check(m, pfn, order);
}

/**
 * __free_pages - give back a block that alloc_pages_node() returned.
 * @m: the machine
 * @pfn: the block's first PFN
 * @order: the order it was allocated with
 *
 * Orders 0-3 and pageblock order go to the current CPU's per-cpu list, the
 * rest to the buddy lists. A PFN that is not the head of an allocated block
 * of exactly @order is the kernel's "Bad page state": logged, refused with
 * -EINVAL, nothing changed.
 */
int __free_pages(struct machine *m, unsigned long pfn, unsigned int order)
{
	/* the pcp hit: a plain order-0 head in a pageblock of one zone and of a pcp type */
	if (__builtin_expect(!order && pfn < m->max_pfn, 1)) {
		struct page *page = pfn_to_page(m, pfn);
		struct zone *zone = m->zone_by_id[m->pageblock_zone[pfn >> pageblock_order]];
		int mt = get_pageblock_migratetype(m, pfn);

		if (__builtin_expect(!page->order && (page->flags & ~PG_zeroed) == PG_head && zone &&
				     mt < MIGRATE_PCPTYPES, 1)) {
			/* pcp_list_push() rewrites every field of the page */
			return free_unref_page_commit(m, zone,
						      &zone->per_cpu_pageset[smp_processor_id(m)],
						      pfn, mt, 0);
		}
	}
	return __free_pages_slow(m, pfn, order);
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

/* NUMA_LOCAL or NUMA_OTHER by the zone's numa_local_item: node 0 is the CPUs' (mm_init.c) */
static inline void zone_statistics(struct machine *m, struct zone *preferred, struct zone *z,
				   unsigned long nr)
{
	if (!m->sysctl.numa_stat)
		return;
	if (z->zone_pgdat == preferred->zone_pgdat) {
		z->numa_stat[NUMA_HIT] += nr;
	} else {
		z->numa_stat[NUMA_MISS] += nr;
		preferred->numa_stat[NUMA_FOREIGN] += nr;
	}
	z->numa_stat[z->numa_local_item] += nr;
}

/* prep_new_page: the head of an allocated block of @mt, every field written. */
static inline void prep_new_page(struct machine *m, unsigned long pfn, unsigned int order, int mt,
				 gfp_t gfp)
{
	*pfn_to_page(m, pfn) = (struct page){
		.flags = (uint16_t)(PG_head | ((gfp & __GFP_ZERO) ? PG_zeroed : 0)),
		.order = (uint8_t)order,
		.migratetype = (uint8_t)mt,
	};
}

/* An empty list: refill it with a batch from the buddy lists. */
static __attribute__((noinline)) void rmqueue_pcplist_refill(struct machine *m, struct zone *zone,
							    struct per_cpu_pages *pcp, struct pcp_list *list,
							    unsigned int order, int mt,
							    unsigned int alloc_flags)
{
	int batch = nr_pcp_alloc(m, pcp, zone, order);
	int alloced = rmqueue_bulk(m, zone, order, batch, list, mt, alloc_flags);

	pcp->count += alloced << order;
	if (alloced)
		pcp_stat_changed(m, zone, pcp);
}

/* The block at the head of a non-empty list, counted as allocated. */
static inline long __rmqueue_pcplist_pop(struct machine *m, struct zone *preferred_zone,
					 struct zone *zone, struct per_cpu_pages *pcp,
					 struct pcp_list *list, unsigned int order)
{
	unsigned long pfn = pcp_list_pop(m, list);

	pcp->count -= 1 << order;
	m->vm_events[zone->pgalloc_event] += 1UL << order;
	/* pgalloc counts pages, the NUMA statistics count allocations */
	zone_statistics(m, preferred_zone, zone, 1);
	return (long)pfn;
}

/* Lock-free in the kernel (pcp_spin_trylock): the hit path is a list pop. */
static inline long rmqueue_pcplist(struct machine *m, struct zone *preferred_zone, struct zone *zone,
		unsigned int order, int mt, unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[smp_processor_id(m)];
	struct pcp_list *list = &pcp->lists[order_to_pindex(mt, order)];

	/* an allocation shortens the next free's drain (nr_pcp_free) */
	pcp->free_count >>= 1;
	if (__builtin_expect(list->head == PFN_NONE, 0)) {
		rmqueue_pcplist_refill(m, zone, pcp, list, order, mt, alloc_flags);
		if (list->head == PFN_NONE)
			return -1;
	}
	return __rmqueue_pcplist_pop(m, preferred_zone, zone, pcp, list, order);
}

static long rmqueue_buddy(struct machine *m, struct zone *preferred_zone, struct zone *zone,
			  unsigned int order, int mt, unsigned int alloc_flags)
{
	enum rmqueue_mode rmqm = RMQUEUE_NORMAL;
	long pfn = -1;

	if (alloc_flags & ALLOC_HIGHATOMIC)
		pfn = __rmqueue_smallest(m, zone, order, MIGRATE_HIGHATOMIC);
	if (pfn < 0)
		pfn = __rmqueue(m, zone, order, mt, alloc_flags, &rmqm);
	if (pfn < 0 && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
		pfn = __rmqueue_smallest(m, zone, order, MIGRATE_HIGHATOMIC);
	if (pfn < 0)
		return -1;
	m->vm_events[zone->pgalloc_event] += 1UL << order;
	zone_statistics(m, preferred_zone, zone, 1);
	return pfn;
}

static long rmqueue(struct machine *m, struct alloc_context *ac, struct zone *zone,
		    unsigned int order, gfp_t gfp, unsigned int alloc_flags)
{
	int mt = gfp_migratetype(gfp);
	long pfn = -1;

	if (pcp_allowed_order(order))
		pfn = rmqueue_pcplist(m, ac->preferred_zone, zone, order, mt, alloc_flags);
	if (pfn < 0)
		pfn = rmqueue_buddy(m, ac->preferred_zone, zone, order, mt, alloc_flags);
	if (pfn >= 0)
		prep_new_page(m, (unsigned long)pfn, order, mt, gfp);
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
			unsigned long mark;

			/*
			 * Below the high watermark the free path shrinks the pcp
			 * high marks; found here, off the hotter free path.
			 */
			if (!(zone->flags & ZONE_BELOW_HIGH)) {
				if (zone_watermark_fast(zone, order, high_wmark_pages(zone),
							ac->highest_zoneidx, alloc_flags))
					goto try_this_zone;
				zone->flags |= ZONE_BELOW_HIGH;
			}
			mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);
			if (!zone_watermark_fast(zone, order, mark, ac->highest_zoneidx, alloc_flags))
				continue;
		}
try_this_zone:
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
	char mems[64];

	cpuset_mems_allowed(m, mems, sizeof(mems));
	pr_warn(m, "%s: page allocation failure: order:%u, mode:%#x(%s), nodemask=(null),%s",
		current_comm(m), order, gfp, flags, mems);
	__show_mem(m);
	(void)nid;
}

/*
 * __gfp_pfmemalloc_flags: the reserves a caller may dig into. An OOM
 * victim may take half of the min watermark (ALLOC_OOM) to exit sooner.
 */
static unsigned int __gfp_pfmemalloc_flags(struct machine *m, gfp_t gfp)
{
	if (gfp & __GFP_NOMEMALLOC)
		return 0;
	if (gfp & __GFP_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (m->current && m->current->oom_victim)
		return ALLOC_OOM;
	return 0;
}

/*
 * __alloc_pages_may_oom: the last resort. One more try at the high
 * watermark (someone else may have freed memory meanwhile), then the OOM
 * killer, except for the allocations the kernel lets fail instead. Sets
 * @progress when the kill brings memory back: a task in the simulation
 * cannot sleep until another frees its memory, so an OOM call that only
 * asks to wait (a victim still dying, a NOFS caller) is no progress here.
 */
static long __alloc_pages_may_oom(struct machine *m, gfp_t gfp, unsigned int order,
				  struct alloc_context *ac, bool *progress)
{
	STACK_FRAME(m);
	struct oom_control oc = { .gfp_mask = gfp, .order = (int)order };
	unsigned long marked = m->oom.marked;
	long pfn;

	*progress = false;
	pfn = get_page_from_freelist(m, (gfp | __GFP_HARDWALL) & ~__GFP_DIRECT_RECLAIM, order,
				     ALLOC_WMARK_HIGH, ac);
	if (pfn >= 0)
		return pfn;
	/* boot has no tasks yet: an early allocation that fails, fails boot */
	if (!m->tasks || order > PAGE_ALLOC_COSTLY_ORDER ||
	    (gfp & (__GFP_RETRY_MAYFAIL | __GFP_THISNODE)) ||
	    m->zone_types[ac->highest_zoneidx] < ZONE_NORMAL)
		return -1;
	if (out_of_memory(m, &oc))
		*progress = m->oom.marked != marked;
	return -1;
}

static long __alloc_pages_slowpath(struct machine *m, gfp_t gfp, unsigned int order,
				   struct alloc_context *ac)
{
	STACK_FRAME(m);
	bool can_direct_reclaim = gfp & __GFP_DIRECT_RECLAIM;
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp, order), reserve_flags;
	bool progress;
	long pfn;

	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(m, ac);
	pfn = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (pfn >= 0)
		return pfn;
retry:
	reserve_flags = __gfp_pfmemalloc_flags(m, gfp);
	if (reserve_flags)
		alloc_flags = reserve_flags | (alloc_flags & ALLOC_KSWAPD);
	if (reserve_flags) {
		pfn = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
		if (pfn >= 0)
			return pfn;
	}
	if (!can_direct_reclaim)
		goto nopage;

	/*
	 * Direct reclaim and compaction go here (__alloc_pages_direct_reclaim,
	 * __alloc_pages_direct_compact); until they exist nothing can be freed,
	 * so should_reclaim_retry() would see no progress and give up. Reclaim
	 * that makes progress and still fails the retry calls drain_all_pages()
	 * and retries once, as the kernel's __alloc_pages_direct_reclaim does.
	 */
	if (gfp & __GFP_NORETRY)
		goto nopage;
	if (order > PAGE_ALLOC_COSTLY_ORDER && !(gfp & __GFP_RETRY_MAYFAIL))
		goto nopage;
	pfn = __alloc_pages_may_oom(m, gfp, order, ac, &progress);
	if (pfn >= 0)
		return pfn;
	/* no endless loop on the reserves: a victim that cannot have them fails */
	if (m->current && m->current->oom_victim &&
	    ((alloc_flags & ALLOC_OOM) || (gfp & __GFP_NOMEMALLOC)))
		goto nopage;
	if (progress) {
		pfn = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
		if (pfn >= 0)
			return pfn;
		goto retry;
	}

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

/*
 * The pcp hit: an order-0 request whose first zone is above its high
 * watermark (or, once below it, its low one) and whose list has a page. The
 * same decisions as get_page_from_freelist() and rmqueue() take for it, with
 * nothing computed that a hit does not need; anything else returns -1 and
 * takes the whole path.
 */
static inline long alloc_pcp_hit(struct machine *m, const struct gfp_hit *hit, gfp_t gfp)
{
	struct zone *zone = hit->zone;
	long free_pages = zone->vm_stat[NR_FREE_PAGES];
	long reserve = zone->lowmem_reserve[hit->highest_zoneidx];
	int mt = hit->migratetype;
	struct per_cpu_pages *pcp;
	long pfn;

	if (zone->flags & ZONE_BELOW_HIGH) {
		if (free_pages <= (long)low_wmark_pages(zone) + reserve)
			return -1;
	} else if (free_pages <= (long)high_wmark_pages(zone) + reserve) {
		return -1;
	}
	pcp = &zone->per_cpu_pageset[smp_processor_id(m)];
	/* an empty list is a refill: the whole path, with its alloc_flags */
	if (pcp->lists[mt].head == PFN_NONE)
		return -1;
	pcp->free_count >>= 1;	/* as rmqueue_pcplist() */
	pfn = __rmqueue_pcplist_pop(m, zone, zone, pcp, &pcp->lists[mt], 0);
	prep_new_page(m, (unsigned long)pfn, 0, mt, gfp);
	return pfn;
}

/* Everything but the order-0 pcp hit: the zonelist walk, refills, the slow path. */
static __attribute__((noinline)) int __alloc_pages_node(struct machine *m, int nid, gfp_t gfp,
							 unsigned int order, int highest_zoneidx,
							 unsigned long *pfnp)
{
	struct alloc_context ac = {
		.preferred_nid = nid, .highest_zoneidx = highest_zoneidx,
		.thisnode = gfp & __GFP_THISNODE,
	};
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	pg_data_t *pgdat = NODE_DATA(m, nid);
	long pfn;

	/* the first zone of the zonelist, or with __GFP_THISNODE the first of this node */
	ac.preferred_zone = pgdat->preferred_zone[highest_zoneidx];
	if (ac.thisnode) {
		ac.preferred_zone = NULL;
		for (int i = 0; i < pgdat->nr_zonelist && !ac.preferred_zone; i++)
			if (zone_idx(pgdat->zonelist[i]) <= highest_zoneidx &&
			    pgdat->zonelist[i]->zone_pgdat == pgdat)
				ac.preferred_zone = pgdat->zonelist[i];
	}
	if (!ac.preferred_zone) {
		warn_alloc(m, gfp, order, nid);
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

/* Fault injection armed: it may fail the request; otherwise the whole path. */
static __attribute__((noinline)) int alloc_pages_failable(struct machine *m, int nid, gfp_t gfp,
							  unsigned int order, int highest_zoneidx,
							  unsigned long *pfnp)
{
	if (should_fail_alloc_page(m, gfp, order))
		return -ENOMEM;
	return __alloc_pages_node(m, nid, gfp, order, highest_zoneidx, pfnp);
}

/* Everything but the pcp hit: the argument checks, fault injection, the whole path. */
static __attribute__((noinline)) int alloc_pages_checked(struct machine *m, int nid, gfp_t gfp,
							 unsigned int order, unsigned long *pfnp)
{
	int highest_zoneidx;

	if (order > MAX_PAGE_ORDER || nid >= m->nr_nodes || (gfp & ~__GFP_BITS_MASK))
		return -EINVAL;
	highest_zoneidx = m->gfp_zone_idx[gfp & GFP_ZONEMASK];
	if (highest_zoneidx < 0)
		return -EINVAL;
	if (nid < 0)
		nid = 0;
	if (fault_attr_armed(m, &m->fail_page_alloc.attr))
		return alloc_pages_failable(m, nid, gfp, order, highest_zoneidx, pfnp);
	return __alloc_pages_node(m, nid, gfp, order, highest_zoneidx, pfnp);
}

/**
 * alloc_pages_node - allocate 2^@order contiguous pages.
 * @m: the machine
 * @nid: preferred node, or -1 for the first node (the simulated CPU's)
 * @gfp: GFP flags
 * @order: the block's order
 * @pfnp: the first PFN of the block on success
 *
 * An order-0 page comes straight off the current CPU's per-cpu list while
 * the first zone is above its watermark (alloc_pcp_hit). Otherwise the fast
 * path takes pages while a zone stays above its low watermark, from the
 * per-cpu lists for orders 0-3 and pageblock order (refilled a batch at a
 * time), from the buddy lists for the rest; the slow path wakes kswapd and retries down to min, with the
 * reserves the GFP flags allow. Returns 0, -ENOMEM, or -EINVAL for
 * impossible requests.
 */
int alloc_pages_node(struct machine *m, int nid, gfp_t gfp, unsigned int order,
		     unsigned long *pfnp)
{
	/*
	 * One test for order 0 without __GFP_THISNODE (whose first zone is not
	 * always the zonelist's) and without a bad bit; nothing can be injected
	 * while disarmed. Bad zone modifiers find no zone in gfp_hit[].
	 */
	if (__builtin_expect(!(order | (gfp & (__GFP_THISNODE | ~__GFP_BITS_MASK))) &&
			     nid < m->nr_nodes && !fault_attr_armed(m, &m->fail_page_alloc.attr), 1)) {
		const struct gfp_hit *hit = &NODE_DATA(m, MAX(nid, 0))->gfp_hit[gfp & GFP_HIT_MASK];

		if (hit->zone) {
			long pfn = alloc_pcp_hit(m, hit, gfp);

			if (pfn >= 0) {
				*pfnp = (unsigned long)pfn;
				return 0;
			}
		}
	}
	return alloc_pages_checked(m, nid, gfp, order, pfnp);
}
