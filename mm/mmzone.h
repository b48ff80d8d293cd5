/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical memory as the kernel sees it: pages, pageblocks, zones and nodes.
 *
 * A page is metadata only (12 bytes, indexed by PFN); the free lists link
 * pages by 32-bit PFN, not by pointer, so a 1 TiB machine costs 3 GiB of
 * memmap here where the kernel spends 16. Free blocks of the largest order
 * keep their head in a small side table instead (free_block_head()), so
 * the memmap of free memory is never written and costs no RSS.
 */
#ifndef MM_MMZONE_H
#define MM_MMZONE_H

#include <stdbool.h>
#include <stdint.h>

#include "vmstat.h"

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_ALIGN(x)		(((x) + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1))
#define MAX_PAGE_ORDER		10
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)
#define pageblock_order		9
#define pageblock_nr_pages	(1UL << pageblock_order)
#define PAGE_ALLOC_COSTLY_ORDER	3
#define SWAP_CLUSTER_MAX	32UL
#define K(pages)		((unsigned long)(pages) << (PAGE_SHIFT - 10))

#define MAX_NUMNODES		8
#define MAX_ZONES_PER_NODE	5
#define PFN_NONE		UINT32_MAX

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,		/* types that have per-cpu lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

extern const char *const migratetype_names[MIGRATE_TYPES];

/*
 * Zone kinds. Which of them a machine has, and in what index order, is the
 * architecture's choice (x86_64: DMA DMA32 Normal Movable Device; i386: DMA
 * Normal HighMem Movable), so a zone's index in its node is not its kind.
 */
enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	__MAX_ZONE_TYPES
};

extern const char *const zone_names[__MAX_ZONE_TYPES];

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

/* page->flags */
enum pageflags {
	PG_buddy	= 1 << 0,	/* head of a free block, order in ->order */
	PG_head		= 1 << 1,	/* head of an allocated block, order in ->order */
	PG_reserved	= 1 << 2,	/* memblock reservation: kernel image, memmap */
	PG_nomap	= 1 << 3,	/* hole inside a zone span: no RAM here */
	PG_zeroed	= 1 << 4,	/* allocated with __GFP_ZERO */
	PG_slab		= 1 << 5,	/* head of an allocated block that is a slab (mm/slub.c) */
	PG_large_kmalloc = 1 << 6,	/* head of an allocated block that is a kmalloc above 8k */
	PG_user		= 1 << 7,	/* an anon or page-cache page: its page_ext says more */
	PG_pgtable	= 1 << 8,	/* a page-table page of some mm */
	PG_pcp		= 1 << 9,	/* head of a free block on a per-cpu list, order in ->order */
};

/* LRU lists (enum lru_list); their sizes are the NR_*_ANON/FILE counters */
enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};

/*
 * struct page — every field is meaningful only on the first page of a block;
 * tail pages stay all-zero, which is what machine_check() relies on to prove
 * that every present page belongs to exactly one free block, one allocated
 * block or one reservation.
 */
struct page {
	uint32_t next;		/* free list link (PFN) while PG_buddy, LRU link while on an LRU */
	uint32_t prev;
	uint16_t flags;		/* enum pageflags */
	uint8_t order;		/* block order while PG_buddy or PG_head */
	uint8_t migratetype;	/* free list it is on / type it was allocated as */
};

struct free_area {
	uint32_t free_list[MIGRATE_TYPES];	/* first PFN, or PFN_NONE */
	unsigned long nr_free;			/* blocks of this order, all types */
	unsigned long nr_free_mt[MIGRATE_TYPES];
};

/*
 * Per-cpu page lists (struct per_cpu_pages): free blocks of orders 0 to
 * PAGE_ALLOC_COSTLY_ORDER, one list per pcp migratetype and order, and two
 * for pageblock-order (THP) blocks, movable and not. Their pages have left
 * the buddy lists and NR_FREE_PAGES; zoneinfo prints `count`.
 */
#define NR_CPUS			256	/* CONFIG_NR_CPUS; struct machine_desc's MAX_CPUS */
#define NR_LOWORDER_PCP_LISTS	(MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_THP		2
#define NR_PCP_LISTS		(NR_LOWORDER_PCP_LISTS + NR_PCP_THP)
#define PCP_BATCH_SCALE_MAX	5	/* CONFIG_PCP_BATCH_SCALE_MAX */

/* per_cpu_pages.flags */
#define PCPF_PREV_FREE_HIGH_ORDER	0x01	/* the last free was of order 1..3 */
#define PCPF_FREE_HIGH_BATCH		0x02	/* the freeing CPU's cache is big enough to batch */

/*
 * One list: blocks linked through page->next/prev by PFN, PFN_NONE at both
 * ends (not circular, so a push or pop touches one neighbour at most).
 */
struct pcp_list {
	uint32_t head;		/* hottest block, or PFN_NONE */
	uint32_t tail;		/* coldest block, or PFN_NONE */
};

struct per_cpu_pages {
	int count;		/* pages on the lists */
	int high;		/* drain above this; 0 until first used (the boot pageset's) */
	int free_count;		/* pages freed in a row, for the batch of the next drain */
	uint8_t flags;		/* PCPF_* */
	uint8_t alloc_factor;	/* refills double while only allocations come */
	uint8_t expire;		/* vmstat passes left before a remote zone's list is drained */
	struct pcp_list lists[NR_PCP_LISTS];
};

/* zone->flags */
enum zone_flags {
	ZONE_BELOW_HIGH = 1 << 0,	/* free pages fell below the high watermark */
	ZONE_PCP_HIGH_STALE = 1 << 1,	/* nr_pcp_high_stale is not 0 */
};

struct pglist_data;

struct zone {
	struct pglist_data *zone_pgdat;
	enum zone_type type;
	const char *name;

	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;	/* present minus boot reservations */

	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	long lowmem_reserve[MAX_ZONES_PER_NODE];
	unsigned long nr_reserved_highatomic;

	/* per-cpu pageset parameters (zoneinfo "pagesets"), the same for every CPU */
	int pcp_batch;
	int pcp_high_min;
	int pcp_high_max;
	/* pcps whose high (not 0) lies outside [high_min, high_max] since those changed */
	int nr_pcp_high_stale;
	int stat_threshold;
	unsigned long flags;		/* enum zone_flags */
	struct per_cpu_pages *per_cpu_pageset;	/* [nr_cpus], made with the first pageset sizes */

	struct free_area free_area[NR_PAGE_ORDERS];

	/* the counters an allocation here bumps: PGALLOC_<kind>, NUMA_LOCAL or NUMA_OTHER */
	enum vm_event_item pgalloc_event;
	enum numa_stat_item numa_local_item;
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	unsigned long numa_stat[NR_VM_NUMA_EVENT_ITEMS];
};

/*
 * What an order-0 pcp hit needs of its gfp: gfp_zone(), the node's first
 * zone for it and gfp_migratetype(); zone NULL where the zone modifiers
 * contradict each other or the node has no zone for them.
 */
struct gfp_hit {
	struct zone *zone;
	int8_t highest_zoneidx;
	uint8_t migratetype;
};

#define NR_GFP_HIT	32	/* gfp.h's GFP_HIT_MASK + 1 */

typedef struct pglist_data {
	int node_id;
	int nr_zones;			/* the architecture's MAX_NR_ZONES */
	struct zone node_zones[MAX_ZONES_PER_NODE];
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
	unsigned long node_present_pages;
	unsigned long totalreserve_pages;
	unsigned long kswapd_wakeups;	/* slow-path wakeups; kswapd reclaims nothing (no reclaim) */
	bool vmstat_work;		/* vmstat_update armed to decay this node's pcp high marks */
	/* first zone of the zonelist each highest_zoneidx may use (ac->preferred_zoneref) */
	struct zone *preferred_zone[MAX_ZONES_PER_NODE];
	struct gfp_hit gfp_hit[NR_GFP_HIT];	/* by gfp & GFP_HIT_MASK */
	/* the node's lruvec: circular lists linked through page->next/prev, by first PFN */
	uint32_t lru[NR_LRU_LISTS];
	long vm_stat[NR_VM_NODE_STAT_ITEMS];
	/* zonelist: every zone of every node, nearest node first, highest zone first */
	int nr_zonelist;
	struct zone *zonelist[MAX_NUMNODES * MAX_ZONES_PER_NODE];
} pg_data_t;

/*
 * A pcp high mark the next free must clamp first: the sizes changed under
 * it (the kernel clamps it there too). 0, a list never used, is not stale.
 */
static inline bool pcp_high_stale(const struct zone *zone, int high)
{
	return high && (high < zone->pcp_high_min || high > zone->pcp_high_max);
}

static inline int zone_idx(const struct zone *zone)
{
	return (int)(zone - zone->zone_pgdat->node_zones);
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline bool managed_zone(const struct zone *zone)
{
	return zone->managed_pages != 0;
}

static inline bool is_highmem(const struct zone *zone)
{
	return zone->type == ZONE_HIGHMEM;
}

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return pfn >= zone->zone_start_pfn && pfn < zone_end_pfn(zone);
}

static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return z->_watermark[w] + z->watermark_boost;
}

#define min_wmark_pages(z)	wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z)	wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z)	wmark_pages(z, WMARK_HIGH)
#define promo_wmark_pages(z)	wmark_pages(z, WMARK_PROMO)

#endif /* MM_MMZONE_H */
