// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy allocator: split and coalesce with exact free-area counts after
 * each step, fragmentation, GFP zone selection and fallback, reserves of
 * GFP_ATOMIC against GFP_KERNEL and GFP_NOWAIT, NUMA fallback, watermark
 * boost, and refusals of bad frees. machine_check() runs after every step.
 */
#include <errno.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/sysctl.h"
#include "testutil.h"

#define MIB	(1ULL << 20)

static struct zone *zone_of(struct machine *m, int nid, enum zone_type type)
{
	pg_data_t *pgdat = NODE_DATA(m, nid);

	for (int i = 0; i < pgdat->nr_zones; i++)
		if (pgdat->node_zones[i].type == type)
			return &pgdat->node_zones[i];
	ck_abort_msg("no zone %d", type);
	return NULL;
}

/* The zone's buddyinfo line, as counts per order. */
static void ck_free_area(const struct zone *z, const unsigned long expect[NR_PAGE_ORDERS])
{
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		ck_assert_msg(z->free_area[o].nr_free == expect[o], "%s order %d: %lu blocks, expected %lu",
			      z->name, o, z->free_area[o].nr_free, expect[o]);
}

static unsigned long zone_free(const struct zone *z)
{
	return (unsigned long)z->vm_stat[NR_FREE_PAGES];
}

static unsigned long alloc1(struct machine *m, gfp_t gfp, unsigned int order)
{
	unsigned long pfn;

	ck_assert_int_eq(alloc_pages_node(m, -1, gfp, order, &pfn), 0);
	ck_machine_ok(m);
	return pfn;
}

/* Allocate order-0 pages until the allocator says no; return how many. */
static unsigned long drain(struct machine *m, gfp_t gfp, GArray *pfns)
{
	unsigned long pfn, n = 0;

	while (alloc_pages_node(m, -1, gfp | __GFP_NOWARN | __GFP_NORETRY, 0, &pfn) == 0) {
		if (pfns)
			g_array_append_val(pfns, pfn);
		n++;
	}
	return n;
}

START_TEST(test_boot_free_areas)
{
	struct machine *m = boot_preset("default");
	/* the real 6.18 machine of reference/samples shows the same DMA line */
	const unsigned long dma[NR_PAGE_ORDERS] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 };

	ck_free_area(zone_of(m, 0, ZONE_DMA), dma);
	ck_assert_uint_eq(zone_free(zone_of(m, 0, ZONE_DMA)), 3840);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * memmap_init_range marks Movable only the pageblocks whose first PFN it
 * walks: pageblock 0 (PFN 0 is no RAM) and a block that a range enters
 * mid-way stay Unmovable, as pagetypeinfo shows on a real x86 host.
 */
START_TEST(test_boot_pageblock_types)
{
	struct machine_desc d = *machine_preset("tiny");
	struct machine *m;
	char err[256] = "";

	/* tiny's RAM above 1 MiB in two ranges, the second starting 1 MiB into a pageblock */
	d.nodes[0].mem[1].end = 32 * MIB;
	d.nodes[0].mem[2] = (struct mem_range){ 33 * MIB, 64 * MIB };
	d.nodes[0].nr_mem = 3;
	m = machine_boot(&d, 1, err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0), MIGRATE_UNMOVABLE);
	for (unsigned long b = 1; b < 8; b++)
		ck_assert_int_eq(get_pageblock_migratetype(m, b * pageblock_nr_pages),
				 MIGRATE_MOVABLE);
	/* 32 MiB is PFN 0x2000, pageblock 16: a hole at its first PFN */
	ck_assert_int_eq(get_pageblock_migratetype(m, 0x2000), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0x2200), MIGRATE_MOVABLE);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_split_and_coalesce)
{
	struct machine *m = boot_preset("tiny");
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	const unsigned long boot[NR_PAGE_ORDERS] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 };
	/*
	 * an order-0 unmovable page splits the order-8 block of pageblock 0, which
	 * memmap_init left Unmovable (its first PFN is no RAM): no fallback, no claim
	 */
	const unsigned long split0[NR_PAGE_ORDERS] = { 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 3 };
	/* the order-1 buddy of the page is taken by the next order-1 request */
	const unsigned long split1[NR_PAGE_ORDERS] = { 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 3 };
	struct per_cpu_pages *pcp;
	unsigned long a, b;

	ck_free_area(dma, boot);
	a = alloc1(m, GFP_KERNEL | GFP_DMA, 0);
	ck_assert_uint_eq(a, 0x100);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0x100), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 0x200), MIGRATE_MOVABLE);
	ck_free_area(dma, split0);

	b = alloc1(m, GFP_KERNEL | GFP_DMA, 1);
	ck_assert_uint_eq(b, 0x102);
	ck_free_area(dma, split1);

	/*
	 * DMA's batch is 1: each refill took one page and raised the high mark
	 * by one from high_min. The frees stay on CPU 0's lists, out of the
	 * buddy lists and NR_FREE_PAGES, below the high mark.
	 */
	pcp = &dma->per_cpu_pageset[0];
	ck_assert_int_eq(dma->pcp_batch, 1);
	ck_assert_int_eq(pcp->high, dma->pcp_high_min + 2);
	ck_assert_int_eq(__free_pages(m, a, 0), 0);
	ck_machine_ok(m);
	ck_free_area(dma, split1);
	ck_assert_int_eq(pcp->count, 1);
	ck_assert_uint_eq(pcp->lists[order_to_pindex(MIGRATE_UNMOVABLE, 0)].head, a);
	ck_assert_uint_eq(zone_free(dma), 3837);
	ck_assert_int_eq(__free_pages(m, b, 1), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(pcp->count, 3);
	ck_assert_uint_eq(pcp->lists[order_to_pindex(MIGRATE_UNMOVABLE, 1)].head, b);
	/* a double free of a page on a pcp list is refused */
	ck_assert_int_eq(__free_pages(m, a, 0), -EINVAL);

	/* drained coldest first: the first page, then its order-1 neighbour, merging up to 8 */
	drain_all_pages(m, NULL);
	ck_machine_ok(m);
	ck_assert_int_eq(pcp->count, 0);
	ck_free_area(dma, boot);
	ck_assert_uint_eq(zone_free(dma), 3840);
	machine_free(m);
}
END_TEST

START_TEST(test_fragmentation)
{
	struct machine *m = boot_preset("tiny");
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	g_autoptr(GArray) pfns = g_array_new(FALSE, FALSE, sizeof(unsigned long));
	unsigned long n, pfn;

	/* __GFP_MEMALLOC ignores the watermarks: take every last page */
	n = drain(m, GFP_KERNEL | GFP_DMA | __GFP_MEMALLOC, pfns);
	ck_assert_uint_eq(n, 3840);
	ck_machine_ok(m);
	/* free every other page: half the zone is free, none of it in pairs */
	for (guint i = 0; i < pfns->len; i++) {
		pfn = g_array_index(pfns, unsigned long, i);
		if (pfn & 1)
			ck_assert_int_eq(__free_pages(m, pfn, 0), 0);
	}
	ck_machine_ok(m);
	for (int o = 3; o < NR_PAGE_ORDERS; o++)
		ck_assert_uint_eq(dma->free_area[o].nr_free, 0);
	ck_assert_uint_gt(zone_free(dma), 1500);

	ck_assert_int_eq(alloc_pages_node(m, -1, GFP_KERNEL | GFP_DMA, 3, &pfn), -ENOMEM);
	ck_assert_ptr_nonnull(strstr(test_log_text(m),
		"page allocation failure: order:3, mode:0xcc1(GFP_KERNEL|GFP_DMA)"));
	ck_assert_int_eq(alloc_pages_node(m, -1, GFP_KERNEL | GFP_DMA, 0, &pfn), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_gfp_zones_x86_64)
{
	struct machine *m = boot_preset("default");
	unsigned long normal = m->vm_events[PGALLOC_NORMAL], dma32 = m->vm_events[PGALLOC_DMA32];
	unsigned long dma = m->vm_events[PGALLOC_DMA];
	unsigned long pfn;

	ck_assert_ptr_eq(page_zone_pfn(m, alloc1(m, GFP_KERNEL, 0)), zone_of(m, 0, ZONE_NORMAL));
	ck_assert_ptr_eq(page_zone_pfn(m, alloc1(m, GFP_DMA32, 0)), zone_of(m, 0, ZONE_DMA32));
	ck_assert_ptr_eq(page_zone_pfn(m, alloc1(m, GFP_KERNEL | GFP_DMA, 0)), zone_of(m, 0, ZONE_DMA));
	/* Movable is empty, so GFP_HIGHUSER_MOVABLE lands in Normal */
	pfn = alloc1(m, GFP_HIGHUSER_MOVABLE, 0);
	ck_assert_ptr_eq(page_zone_pfn(m, pfn), zone_of(m, 0, ZONE_NORMAL));
	ck_assert_int_eq(pfn_to_page(m, pfn)->migratetype, MIGRATE_MOVABLE);
	ck_assert_int_eq(gfp_zone(m, __GFP_DMA | __GFP_DMA32), -EINVAL);
	ck_assert_int_eq(alloc_pages_node(m, -1, __GFP_DMA | __GFP_HIGHMEM, 0, &pfn), -EINVAL);
	ck_assert_int_eq(alloc_pages_node(m, -1, GFP_KERNEL, 11, &pfn), -EINVAL);
	/* boot's slab allocations counted too: compare with what boot left */
	ck_assert_uint_eq(m->vm_events[PGALLOC_NORMAL] - normal, 2);
	ck_assert_uint_eq(m->vm_events[PGALLOC_DMA32] - dma32, 1);
	ck_assert_uint_eq(m->vm_events[PGALLOC_DMA] - dma, 1);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_gfp_zones_i386)
{
	struct machine *m = boot_preset("i386-highmem");

	ck_assert_ptr_eq(page_zone_pfn(m, alloc1(m, GFP_HIGHUSER, 0)), zone_of(m, 0, ZONE_HIGHMEM));
	ck_assert_ptr_eq(page_zone_pfn(m, alloc1(m, GFP_KERNEL, 0)), zone_of(m, 0, ZONE_NORMAL));
	/* no ZONE_DMA32 on i386: GFP_DMA32 means lowmem */
	ck_assert_ptr_eq(page_zone_pfn(m, alloc1(m, GFP_DMA32, 0)), zone_of(m, 0, ZONE_NORMAL));
	ck_assert_ptr_eq(page_zone_pfn(m, alloc1(m, GFP_DMA, 0)), zone_of(m, 0, ZONE_DMA));
	ck_assert_uint_eq(pfn_to_virt(m, zone_of(m, 0, ZONE_HIGHMEM)->zone_start_pfn), 0);
	ck_assert_uint_eq(pfn_to_virt(m, 0x1000), 0xc1000000);
	machine_free(m);
}
END_TEST

/*
 * Fill Normal: GFP_KERNEL then falls back to DMA32, keeping DMA32's protection.
 * A zone is tried while it is above its mark, and a pcp refill may then take
 * it below by up to a batch (63 << alloc_factor 5 here): the kernel's way.
 */
START_TEST(test_zone_fallback)
{
	struct machine *m = boot_preset("default");
	struct zone *normal = zone_of(m, 0, ZONE_NORMAL), *dma32 = zone_of(m, 0, ZONE_DMA32);
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	int high = zone_idx(normal);

	drain(m, GFP_KERNEL, NULL);
	ck_machine_ok(m);
	/* each zone stops below min + the protection against Normal allocations */
	ck_assert_uint_le(zone_free(normal), min_wmark_pages(normal));
	ck_assert_uint_le(zone_free(dma32), min_wmark_pages(dma32) + (unsigned long)dma32->lowmem_reserve[high]);
	ck_assert_uint_eq(zone_free(normal), 2919);
	ck_assert_uint_eq(nr_pcp_pages(normal, -1, m->nr_cpus), 4650);
	ck_assert_uint_eq(zone_free(dma32), 12159);
	ck_assert_uint_eq(nr_pcp_pages(dma32, 0, m->nr_cpus), 2015);
	ck_assert_int_eq(dma32->pcp_batch << PCP_BATCH_SCALE_MAX, 2016);
	/* DMA's protection (min + lowmem_reserve) exceeds its size: Normal requests never get it */
	ck_assert_uint_gt(min_wmark_pages(dma) + (unsigned long)dma->lowmem_reserve[high], dma->managed_pages);
	ck_assert_uint_eq(zone_free(dma), 3840);
	/* the per-cpu pages go back to the buddy lists */
	drain_all_pages(m, NULL);
	ck_machine_ok(m);
	ck_assert_uint_eq(nr_pcp_pages(normal, -1, m->nr_cpus) + nr_pcp_pages(dma32, -1, m->nr_cpus), 0);
	ck_assert_uint_eq(zone_free(normal), 2919 + 4650);
	ck_assert_uint_eq(zone_free(dma32), 12159 + 2015);
	/* GFP_DMA32 is not subject to DMA32's protection against Normal requests */
	ck_assert_uint_eq(drain(m, GFP_DMA32, NULL), 737);
	ck_assert_uint_le(zone_free(dma32), min_wmark_pages(dma32));
	ck_assert_uint_eq(zone_free(dma32), 14174 - 2016);
	ck_assert_uint_eq(zone_free(dma), 3073);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

static unsigned long atomic_min(unsigned long min)
{
	min -= min / 2;		/* __GFP_HIGH */
	min -= min / 4;		/* and it cannot sleep */
	return min;
}

START_TEST(test_atomic_reserves)
{
	struct machine *m = boot_preset("tiny");
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);
	unsigned long min, pfn;

	/*
	 * Drain to min. The drain's fallbacks boost the watermarks, so let
	 * kswapd drop the boost and drain again until nothing more comes.
	 */
	ck_assert_uint_gt(drain(m, GFP_KERNEL, NULL), 0);
	do
		machine_advance(m, 2 * NSEC_PER_MSEC);
	while (drain(m, GFP_KERNEL, NULL) || dma32->watermark_boost);
	min = min_wmark_pages(dma32);
	ck_assert_uint_eq(min, dma32->_watermark[WMARK_MIN]);
	/* below min by the last refill; CPU 0 holds the rest of it */
	ck_assert_uint_le(zone_free(dma32), min);
	ck_assert_uint_eq(zone_free(dma32), 466);
	ck_assert_uint_eq(nr_pcp_pages(dma32, 0, m->nr_cpus), 59);
	/* GFP_NOWAIT has no access to the reserves either */
	ck_assert_int_eq(alloc_pages_node(m, -1, GFP_NOWAIT, 0, &pfn), -ENOMEM);
	ck_assert_int_eq(alloc_pages_node(m, -1, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, 0, &pfn), -ENOMEM);
	/* GFP_ATOMIC goes below min, down to 3/8 of it; a boost does not stop it */
	ck_assert_int_eq(alloc_pages_node(m, -1, GFP_ATOMIC, 0, &pfn), 0);
	drain(m, GFP_ATOMIC, NULL);
	ck_assert_uint_le(zone_free(dma32), atomic_min(dma32->_watermark[WMARK_MIN]));
	ck_assert_uint_eq(atomic_min(dma32->_watermark[WMARK_MIN]), 183);
	ck_assert_uint_eq(zone_free(dma32), 178);
	ck_machine_ok(m);
	/* __GFP_NOFAIL still gets its page, from below the reserves */
	ck_assert_int_eq(alloc_pages_node(m, -1, GFP_KERNEL | __GFP_NOFAIL, 0, &pfn), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_numa_fallback)
{
	struct machine *m = boot_preset("numa2");
	struct zone *n1 = zone_of(m, 1, ZONE_NORMAL), *n0 = zone_of(m, 0, ZONE_NORMAL);
	unsigned long before[2][NR_VM_NUMA_EVENT_ITEMS], pfn;

	/* boot's own allocations counted already: everything below is a delta */
	memcpy(before[0], n0->numa_stat, sizeof(before[0]));
	memcpy(before[1], n1->numa_stat, sizeof(before[1]));
	ck_assert_int_eq(alloc_pages_node(m, 1, GFP_KERNEL, 0, &pfn), 0);
	ck_assert_ptr_eq(page_zone_pfn(m, pfn), n1);
	ck_assert_uint_eq(n1->numa_stat[NUMA_HIT] - before[1][NUMA_HIT], 1);
	/* node 1 full: __GFP_THISNODE fails, a plain request goes to node 0 */
	while (alloc_pages_node(m, 1, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 10, &pfn) == 0)
		;
	while (alloc_pages_node(m, 1, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0, &pfn) == 0)
		;
	ck_machine_ok(m);
	ck_assert_int_eq(alloc_pages_node(m, 1, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0, &pfn),
			 -ENOMEM);
	ck_assert_int_eq(alloc_pages_node(m, 1, GFP_KERNEL, 0, &pfn), 0);
	ck_assert_ptr_eq(page_zone_pfn(m, pfn), zone_of(m, 0, ZONE_NORMAL));
	/* the workbench's CPU sits on node 0: node 1's pages are "other", node 0's "local" */
	ck_assert_uint_eq(n0->numa_stat[NUMA_MISS] - before[0][NUMA_MISS], 1);
	ck_assert_uint_eq(n0->numa_stat[NUMA_LOCAL] - before[0][NUMA_LOCAL], 1);
	ck_assert_uint_eq(n1->numa_stat[NUMA_FOREIGN] - before[1][NUMA_FOREIGN], 1);
	ck_assert_uint_eq(n1->numa_stat[NUMA_LOCAL] - before[1][NUMA_LOCAL], 0);
	ck_assert_uint_eq(n1->numa_stat[NUMA_OTHER] - before[1][NUMA_OTHER],
			  n1->numa_stat[NUMA_HIT] - before[1][NUMA_HIT]);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * An unmovable request that has to take a page from a movable pageblock
 * boosts the watermarks, and claims the pageblock when half of it is free.
 */
START_TEST(test_watermark_boost)
{
	struct machine *m = boot_preset("tiny");
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);
	g_autoptr(GArray) pfns = g_array_new(FALSE, FALSE, sizeof(unsigned long));
	unsigned long pfn, max_boost;

	unsigned long runs;

	/* boot's pages on the per-cpu lists first, so the drain takes every free page */
	drain_all_pages(m, NULL);
	drain(m, GFP_USER | __GFP_MOVABLE | __GFP_DMA32 | __GFP_MEMALLOC, pfns);
	for (guint i = 0; i < pfns->len; i++) {
		pfn = g_array_index(pfns, unsigned long, i);
		if ((pfn & 1) && page_zone_pfn(m, pfn) == dma32)
			ck_assert_int_eq(__free_pages(m, pfn, 0), 0);
	}
	ck_machine_ok(m);
	/* what the frees left on the per-cpu lists goes back to the buddy lists too */
	drain_all_pages(m, NULL);
	ck_machine_ok(m);
	/* the drain's own fallbacks may have boosted; let kswapd run first */
	machine_advance(m, 2 * NSEC_PER_MSEC);
	runs = m->vm_events[PAGEOUTRUN];
	ck_assert_uint_eq(dma32->watermark_boost, 0);
	ck_assert_uint_eq(dma32->free_area[1].nr_free, 0);

	pfn = alloc1(m, GFP_KERNEL, 0);
	ck_assert_ptr_eq(page_zone_pfn(m, pfn), dma32);
	ck_assert_int_eq(get_pageblock_migratetype(m, pfn), MIGRATE_UNMOVABLE);
	max_boost = MAX(pageblock_nr_pages, dma32->_watermark[WMARK_HIGH] * 15000 / 10000);
	ck_assert_uint_eq(dma32->watermark_boost, MIN(pageblock_nr_pages, max_boost));
	ck_assert_uint_eq(dma32->watermark_boost, 512);
	ck_assert_uint_eq(low_wmark_pages(dma32), dma32->_watermark[WMARK_LOW] + 512);
	/* kswapd runs, finds nothing to reclaim yet, and drops the boost */
	machine_advance(m, 2 * NSEC_PER_MSEC);
	ck_assert_uint_eq(dma32->watermark_boost, 0);
	ck_assert_uint_eq(m->vm_events[PAGEOUTRUN], runs + 1);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_bad_free)
{
	struct machine *m = boot_preset("tiny");
	unsigned long pfn = alloc1(m, GFP_KERNEL, 2);
	unsigned long free = global_zone_page_state(m, NR_FREE_PAGES);

	ck_assert_int_eq(__free_pages(m, pfn, 1), -EINVAL);
	ck_assert_int_eq(__free_pages(m, pfn + 1, 0), -EINVAL);
	ck_assert_int_eq(__free_pages(m, m->max_pfn + 5, 0), -EINVAL);
	ck_assert_int_eq(__free_pages(m, 0x10, 0), -EINVAL);	/* reserved low memory */
	ck_assert_uint_eq(global_zone_page_state(m, NR_FREE_PAGES), free);
	ck_machine_ok(m);
	ck_assert_int_eq(__free_pages(m, pfn, 2), 0);
	ck_assert_int_eq(__free_pages(m, pfn, 2), -EINVAL);	/* double free */
	ck_assert_ptr_nonnull(strstr(test_log_text(m), "BUG: Bad page state"));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* The checker itself must catch a corrupted counter. */
START_TEST(test_check_catches_corruption)
{
	struct machine *m = boot_preset("tiny");
	struct zone *dma = zone_of(m, 0, ZONE_DMA);

	dma->vm_stat[NR_FREE_PAGES]++;
	ck_assert_int_eq(machine_check(m), -EUCLEAN);
	dma->vm_stat[NR_FREE_PAGES]--;
	ck_machine_ok(m);
	pfn_to_page(m, 0x401)->flags = PG_head;	/* a tail page that claims to be a block */
	ck_assert_int_eq(machine_check(m), -EUCLEAN);
	machine_free(m);
}
END_TEST


/*
 * The per-cpu lists of tiny's DMA32 (1 CPU, batch 1, high 607..1248): 2000
 * allocations and frees, the free path's trim above the high mark, then
 * the vmstat pass every second lowering the high mark and giving back what
 * lies above it.
 */
START_TEST(test_pcp_trim_and_decay)
{
	struct machine *m = boot_preset("tiny");
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);
	struct per_cpu_pages *pcp = &dma32->per_cpu_pageset[0];
	g_autofree unsigned long *pfns = g_new(unsigned long, 2000);
	unsigned long free0 = nr_free(m);
	int high;

	ck_assert_int_eq(dma32->pcp_batch, 1);
	ck_assert_int_eq(dma32->pcp_high_min, 607);
	ck_assert_int_eq(dma32->pcp_high_max, 1248);
	/* boot's refills left 51 pages and the high mark at its top; no pass pending */
	ck_assert_int_eq(pcp->count, 51);
	ck_assert_int_eq(pcp->high, 1248);
	ck_assert(!NODE_DATA(m, 0)->vmstat_work);
	for (int i = 0; i < 2000; i++)
		pfns[i] = alloc1(m, GFP_KERNEL, 0);
	/* refills of up to 1 << 5 pages (alloc_factor) arm the vmstat pass */
	ck_assert_int_eq(pcp->alloc_factor, PCP_BATCH_SCALE_MAX);
	ck_assert_int_eq(pcp->count, 35);
	ck_assert(NODE_DATA(m, 0)->vmstat_work);
	for (int i = 0; i < 2000; i++)
		ck_assert_int_eq(__free_pages(m, pfns[i], 0), 0);
	ck_machine_ok(m);
	/* the frees trimmed the lists whenever they reached the high mark */
	ck_assert_int_lt(pcp->count, pcp->high);
	ck_assert_int_eq(pcp->count, 1235);
	ck_assert_int_eq(pcp->alloc_factor, 0);
	ck_assert_int_eq(pcp->free_count, 1 << PCP_BATCH_SCALE_MAX);
	ck_assert_uint_eq(zone_free(dma32), 7442);
	ck_assert_uint_eq(nr_free(m), free0);

	/* each pass: high = max(count - (batch << 5), high - high / 8, high_min) */
	machine_advance(m, NSEC_PER_SEC);
	ck_machine_ok(m);
	ck_assert_int_eq(pcp->high, 1235 - 32);
	ck_assert_int_eq(pcp->count, 1203);
	ck_assert_uint_eq(zone_free(dma32), 7442 + 32);
	machine_advance(m, NSEC_PER_SEC);
	ck_assert_int_eq(pcp->count, 1171);
	/* the passes go on while the high mark is above high_min, then stop */
	for (int s = 0; s < 60 && NODE_DATA(m, 0)->vmstat_work; s++)
		machine_advance(m, NSEC_PER_SEC);
	ck_machine_ok(m);
	ck_assert(!NODE_DATA(m, 0)->vmstat_work);
	ck_assert_int_eq(pcp->high, 607);
	ck_assert_int_eq(pcp->count, 607);
	high = pcp->high;
	/* percpu_pagelist_high_fraction moves the bounds and drains nothing */
	ck_assert_int_eq(sysctl_store(m, sysctl_find("vm", "percpu_pagelist_high_fraction"),
				      (const long[]){ 8 }, 1), 0);
	ck_assert_int_eq(dma32->pcp_high_min, (int)(dma32->managed_pages / 8));
	ck_assert_int_eq(dma32->pcp_high_max, dma32->pcp_high_min);
	ck_assert_int_eq(pcp->high, high);
	ck_assert_int_eq(pcp->count, 607);
	/* CPU 0's high mark is now below the bounds: the free path must clamp it */
	ck_assert_int_eq(dma32->nr_pcp_high_stale, 1);
	ck_assert(dma32->flags & ZONE_PCP_HIGH_STALE);
	ck_machine_ok(m);
	/* the next free clamps the high mark into them and trims to it */
	ck_assert_int_eq(__free_pages(m, alloc1(m, GFP_KERNEL, 0), 0), 0);
	ck_assert_int_eq(pcp->high, dma32->pcp_high_min);
	ck_assert_int_lt(pcp->count, pcp->high);
	ck_assert_int_eq(dma32->nr_pcp_high_stale, 0);
	ck_assert(!(dma32->flags & ZONE_PCP_HIGH_STALE));
	ck_machine_ok(m);
	/* a high mark above the bounds is stale too, and an allocation leaves it so */
	ck_assert_int_eq(sysctl_store(m, sysctl_find("vm", "percpu_pagelist_high_fraction"),
				      (const long[]){ 100 }, 1), 0);
	ck_assert_int_lt(dma32->pcp_high_max, pcp->high);
	ck_assert_int_eq(dma32->nr_pcp_high_stale, 1);
	ck_machine_ok(m);
	pfns[0] = alloc1(m, GFP_KERNEL, 0);
	ck_assert_int_eq(dma32->nr_pcp_high_stale, 1);
	ck_assert_int_eq(__free_pages(m, pfns[0], 0), 0);
	ck_assert_int_eq(pcp->high, dma32->pcp_high_max);
	ck_assert_int_eq(dma32->nr_pcp_high_stale, 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* CPU 0's lists of node 1's zone are given back three quiet vmstat passes after a refill. */
START_TEST(test_pcp_remote_expire)
{
	struct machine *m = boot_preset("numa2");
	struct zone *n1 = zone_of(m, 1, ZONE_NORMAL);
	struct per_cpu_pages *pcp = &n1->per_cpu_pageset[0];
	unsigned long pfn, free;
	int count = pcp->count;

	/* empty CPU 0's list of node 1, then one more: a refill from CPU 0 of node 0 */
	for (int i = 0; i <= count; i++)
		ck_assert_int_eq(alloc_pages_node(m, 1, GFP_KERNEL, 0, &pfn), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(pcp->expire, 3);
	ck_assert_int_gt(pcp->count, 0);
	count = pcp->count;
	free = zone_free(n1);
	machine_advance(m, 2 * NSEC_PER_SEC);
	ck_assert_int_eq(pcp->expire, 1);
	ck_assert_int_eq(pcp->count, count);
	machine_advance(m, NSEC_PER_SEC);
	ck_machine_ok(m);
	/* drain_zone_pages: a batch at most, itself a counter change that re-arms the expiry */
	ck_assert_int_eq(pcp->expire, 3);
	ck_assert_int_eq(pcp->count, count - MIN(count, n1->pcp_batch));
	ck_assert_uint_eq(zone_free(n1), free + (unsigned long)MIN(count, n1->pcp_batch));
	machine_free(m);
}
END_TEST

/* The Mem-Info report counts the per-cpu pages: free_pcp globally and per zone. */
START_TEST(test_show_mem_free_pcp)
{
	struct machine *m = boot_preset("tiny");
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);
	g_autofree char *global = NULL, *zone = NULL;

	__show_mem(m);
	global = g_strdup_printf(" free:%ld free_pcp:%lu free_cma:0",
				 dma32->vm_stat[NR_FREE_PAGES] + 3840, nr_pcp_pages(dma32, -1, 1));
	zone = g_strdup_printf("free_pcp:%lukB local_pcp:%lukB",
			       K(nr_pcp_pages(dma32, -1, 1)), K(nr_pcp_pages(dma32, 0, 1)));
	ck_assert_uint_eq(nr_pcp_pages(dma32, -1, 1), 51);
	ck_assert_ptr_nonnull(strstr(test_log_text(m), global));
	ck_assert_ptr_nonnull(strstr(test_log_text(m), zone));
	machine_free(m);
}
END_TEST

/*
 * Neither compact_memory nor drop_caches drains the per-cpu lists: the
 * kernel's compact_nodes() and drop_caches_sysctl_handler() flush only the
 * LRU batches (lru_add_drain_all); drain_all_pages() is for reclaim's retry,
 * kcompactd after a failed high-order pass, isolation and offlining.
 */
START_TEST(test_pcp_kept_by_compact_and_drop_caches)
{
	struct machine *m = boot_preset("tiny");
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);
	struct per_cpu_pages *pcp = &dma32->per_cpu_pageset[0];
	long free = dma32->vm_stat[NR_FREE_PAGES];

	int count;

	ck_assert_int_eq(pcp->count, 51);
	ck_assert_int_eq(sysctl_store(m, sysctl_find("vm", "compact_memory"), (const long[]){ 1 }, 1),
			 0);
	ck_machine_ok(m);
	ck_assert_int_eq(pcp->count, 51);
	ck_assert_int_eq(dma32->vm_stat[NR_FREE_PAGES], free);
	/* the slabs drop_slab frees land on the lists, below the high mark: nothing drains */
	ck_assert_int_eq(sysctl_store(m, sysctl_find("vm", "drop_caches"), (const long[]){ 3 }, 1), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(pcp->count, 309);
	ck_assert_int_lt(pcp->count, pcp->high);
	ck_assert_int_eq(dma32->vm_stat[NR_FREE_PAGES], free);
	/* an explicit drain gives them back */
	count = pcp->count;
	drain_all_pages(m, NULL);
	ck_machine_ok(m);
	ck_assert_int_eq(pcp->count, 0);
	ck_assert_int_eq(dma32->vm_stat[NR_FREE_PAGES], free + count);
	machine_free(m);
}
END_TEST

static Suite *page_alloc_suite(void)
{
	Suite *s = suite_create("page_alloc");
	TCase *tc = tcase_create("buddy");

	tcase_add_test(tc, test_boot_free_areas);
	tcase_add_test(tc, test_boot_pageblock_types);
	tcase_add_test(tc, test_split_and_coalesce);
	tcase_add_test(tc, test_fragmentation);
	tcase_add_test(tc, test_gfp_zones_x86_64);
	tcase_add_test(tc, test_gfp_zones_i386);
	tcase_add_test(tc, test_zone_fallback);
	tcase_add_test(tc, test_atomic_reserves);
	tcase_add_test(tc, test_numa_fallback);
	tcase_add_test(tc, test_watermark_boost);
	tcase_add_test(tc, test_bad_free);
	tcase_add_test(tc, test_check_catches_corruption);
	tcase_add_test(tc, test_pcp_trim_and_decay);
	tcase_add_test(tc, test_pcp_remote_expire);
	tcase_add_test(tc, test_show_mem_free_pcp);
	tcase_add_test(tc, test_pcp_kept_by_compact_and_drop_caches);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(page_alloc_suite());
}
