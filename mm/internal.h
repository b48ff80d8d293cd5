/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prototypes shared between engine files and the code that reads the
 * engine's state, grouped by the file that defines them.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include <stdbool.h>

#include "gfp.h"
#include "machine.h"

/*
 * Where the head of a free block of @order keeps its flags and links: the
 * memmap, or for MAX_PAGE_ORDER the side table, one entry per 4 MiB, so that
 * boot, which frees nearly everything at that order, writes no memmap.
 */
static inline struct page *free_block_head(const struct machine *m, unsigned long pfn,
					   unsigned int order)
{
	return order == MAX_PAGE_ORDER ? &m->maxblock[pfn >> MAX_PAGE_ORDER] : pfn_to_page(m, pfn);
}

/* Is @buddy_pfn the head of a free block of exactly @order in @zone? */
static inline bool page_is_buddy(const struct machine *m, const struct zone *zone,
			  unsigned long buddy_pfn, unsigned int order)
{
	const struct page *buddy;

	if (!zone_spans_pfn(zone, buddy_pfn))
		return false;
	buddy = pfn_to_page(m, buddy_pfn);
	return (buddy->flags & PG_buddy) && buddy->order == order;
}

/* Free blocks of these types may merge across pageblocks. */
static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* page_alloc.c */
void memblock_free_pages(struct machine *m, unsigned long pfn, unsigned int order);
void build_all_zonelists(struct machine *m);
void init_per_zone_wmark_min(struct machine *m);
void setup_per_zone_wmarks(struct machine *m);
void setup_per_zone_lowmem_reserve(struct machine *m);
/* per-cpu pageset sizes of every zone, after percpu_pagelist_high_fraction changes */
void zone_pcp_update_all(struct machine *m);
int calculate_min_free_kbytes(struct machine *m);
unsigned long nr_free_buffer_pages(const struct machine *m);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
int page_alloc_check(struct machine *m);
int get_pageblock_migratetype(const struct machine *m, unsigned long pfn);
/* Where a PFN stands, for sim/physmap and the checker. */
enum page_state {
	PAGE_STATE_HOLE,
	PAGE_STATE_RESERVED,
	PAGE_STATE_FREE,
	PAGE_STATE_ALLOCATED,
};
/* State of @pfn and, for a block, its first PFN, order and migratetype. */
enum page_state pfn_state(const struct machine *m, unsigned long pfn,
			  unsigned long *head, unsigned int *order, int *mt);

/* show_mem.c */
long si_mem_available(const struct machine *m);
unsigned long totalram_pages(const struct machine *m);
/* DirectMap4k/2M/1G in kB, from the RAM ranges the direct map covers */
void arch_direct_map_sizes(const struct machine *m, unsigned long kb[3]);
void __show_mem(struct machine *m);

/* util.c */
unsigned long vm_commit_limit(const struct machine *m);
unsigned long vm_memory_committed(const struct machine *m);

#endif /* MM_INTERNAL_H */
