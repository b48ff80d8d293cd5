// SPDX-License-Identifier: GPL-2.0
/*
 * Zone setup that depends on sizes and tunables rather than on any one
 * allocation: min_free_kbytes, the min/low/high/promo watermarks,
 * lowmem_reserve, totalreserve_pages, per-cpu pageset sizes and the
 * zonelists. Boot runs it once (init_per_zone_wmark_min); the sysctls
 * run the part they change.
 */
#include "internal.h"

/**
 * nr_free_buffer_pages - pages above the high watermark in zones GFP_USER may use
 * (the lowmem the kernel sizes min_free_kbytes and the dirty limits from).
 */
unsigned long nr_free_buffer_pages(const struct machine *m)
{
	int highest = gfp_zone(m, GFP_USER);
	unsigned long sum = 0;
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i <= highest; i++) {
			const struct zone *z = &pgdat->node_zones[i];
			unsigned long high = high_wmark_pages(z);

			if (z->managed_pages > high)
				sum += z->managed_pages - high;
		}
	}
	return sum;
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/**
 * calculate_min_free_kbytes - 4 * sqrt(lowmem kB), clamped to 128 kB .. 256 MB,
 * unless the user wrote a larger value. Returns the new value.
 */
int calculate_min_free_kbytes(struct machine *m)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages(m) * (PAGE_SIZE >> 10);
	long new_min = (long)int_sqrt(lowmem_kbytes * 16);

	if (new_min > m->sysctl.user_min_free_kbytes)
		m->sysctl.min_free_kbytes = (int)CLAMP(new_min, 128, 262144);
	else
		pr_warn(m, "min_free_kbytes is not updated to %ld because user defined value %d is preferred",
			new_min, m->sysctl.user_min_free_kbytes);
	return m->sysctl.min_free_kbytes;
}

static void calculate_totalreserve_pages(struct machine *m)
{
	unsigned long total = 0;
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		pgdat->totalreserve_pages = 0;
		for (int i = 0; i < pgdat->nr_zones; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			long max = 0;
			unsigned long managed = zone->managed_pages;

			for (int j = i; j < pgdat->nr_zones; j++)
				max = MAX(max, zone->lowmem_reserve[j]);
			max += (long)high_wmark_pages(zone);
			if ((unsigned long)max > managed)
				max = (long)managed;
			pgdat->totalreserve_pages += (unsigned long)max;
			total += (unsigned long)max;
		}
	}
	m->totalreserve_pages = total;
}

/**
 * setup_per_zone_lowmem_reserve - protection of each zone against
 * allocations that could have used a higher zone: the managed pages above
 * it divided by lowmem_reserve_ratio.
 */
void setup_per_zone_lowmem_reserve(struct machine *m)
{
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = m->sysctl.lowmem_reserve_ratio[i];
			bool clear = !ratio || !managed_zone(zone);
			unsigned long sum = 0;

			for (int j = 0; j <= i; j++)
				zone->lowmem_reserve[j] = 0;
			for (int j = i + 1; j < pgdat->nr_zones; j++) {
				sum += pgdat->node_zones[j].managed_pages;
				zone->lowmem_reserve[j] = clear ? 0 : (long)(sum / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages(m);
}

static int fls_ul(unsigned long x)
{
	return x ? (int)(sizeof(long) * 8) - __builtin_clzl(x) : 0;
}

static unsigned long rounddown_pow_of_two(unsigned long x)
{
	return x ? 1UL << (fls_ul(x) - 1) : 0;
}

/*
 * Per-cpu pageset sizes zoneinfo shows (zone_batchsize, zone_highsize); the
 * first call makes the lists (setup_zone_pageset). As the kernel's
 * zone_set_pageset_high_and_batch, it changes the bounds, not the lists:
 * a high mark outside them is clamped at its next use.
 */
static void zone_pcp_update(struct machine *m, struct zone *zone)
{
	/* the high mark is split over the CPUs of the zone's node, or all if it has none */
	int cpus = m->desc.nodes[zone->zone_pgdat->node_id].nr_cpus ?: MAX(m->nr_cpus, 1);
	int fraction = m->sysctl.percpu_pagelist_high_fraction;
	unsigned long batch = MIN(zone->managed_pages >> 10, 256UL) / 4;
	unsigned long total, high_min, high_max;

	if (batch < 1)
		batch = 1;
	batch = rounddown_pow_of_two(batch + batch / 2) - 1;
	zone->pcp_batch = (int)MAX(batch, 1UL);

	total = fraction ? zone->managed_pages / (unsigned long)fraction : low_wmark_pages(zone);
	high_min = MAX(total / (unsigned long)cpus, (unsigned long)zone->pcp_batch << 2);
	if (fraction) {
		high_max = high_min;
	} else {
		total = zone->managed_pages / 8;
		high_max = MAX(total / (unsigned long)cpus, (unsigned long)zone->pcp_batch << 2);
	}
	zone->pcp_high_min = (int)high_min;
	zone->pcp_high_max = (int)high_max;
	if (!zone->per_cpu_pageset) {
		zone->per_cpu_pageset = g_new0(struct per_cpu_pages, MAX(m->nr_cpus, 1));
		for (int cpu = 0; cpu < MAX(m->nr_cpus, 1); cpu++)
			memset(zone->per_cpu_pageset[cpu].lists, 0xff,
			       sizeof(zone->per_cpu_pageset[cpu].lists));
	}
	/* the high marks stay as they are (pageset_update): count what the free path must clamp */
	zone->nr_pcp_high_stale = 0;
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		zone->nr_pcp_high_stale += pcp_high_stale(zone, zone->per_cpu_pageset[cpu].high);
	if (zone->nr_pcp_high_stale)
		zone->flags |= ZONE_PCP_HIGH_STALE;
	else
		zone->flags &= ~(unsigned long)ZONE_PCP_HIGH_STALE;

	/* calculate_normal_threshold: vm stat fold threshold */
	zone->stat_threshold = MIN(125, 2 * fls_ul((unsigned long)m->nr_cpus) *
					(1 + fls_ul(zone->managed_pages >> (27 - PAGE_SHIFT))));
}

/**
 * zone_pcp_update_all - the per-cpu pageset sizes of every zone, after the
 * watermarks or percpu_pagelist_high_fraction changed.
 * @m: the machine
 */
void zone_pcp_update_all(struct machine *m)
{
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++)
			zone_pcp_update(m, &pgdat->node_zones[i]);
	}
}

/**
 * setup_per_zone_wmarks - min/low/high/promo of every zone from
 * min_free_kbytes (split by managed size over lowmem) and
 * watermark_scale_factor; highmem and movable zones get a small fixed min.
 */
void setup_per_zone_wmarks(struct machine *m)
{
	unsigned long pages_min = (unsigned long)m->sysctl.min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++) {
			struct zone *z = &pgdat->node_zones[i];

			if (!is_highmem(z) && z->type != ZONE_MOVABLE)
				lowmem_pages += z->managed_pages;
		}
	}

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++) {
			struct zone *z = &pgdat->node_zones[i];
			unsigned long managed = z->managed_pages;
			uint64_t tmp = lowmem_pages ? (uint64_t)pages_min * managed / lowmem_pages : 0;
			unsigned long delta;

			if (is_highmem(z) || z->type == ZONE_MOVABLE)
				z->_watermark[WMARK_MIN] = CLAMP(managed / 1024, SWAP_CLUSTER_MAX, 128UL);
			else
				z->_watermark[WMARK_MIN] = (unsigned long)tmp;
			delta = MAX((unsigned long)(tmp >> 2),
				    managed / 10000 * (unsigned long)m->sysctl.watermark_scale_factor +
				    managed % 10000 * (unsigned long)m->sysctl.watermark_scale_factor / 10000);
			z->watermark_boost = 0;
			z->_watermark[WMARK_LOW] = z->_watermark[WMARK_MIN] + delta;
			z->_watermark[WMARK_HIGH] = z->_watermark[WMARK_LOW] + delta;
			z->_watermark[WMARK_PROMO] = z->_watermark[WMARK_HIGH] + delta;
		}
	}
	calculate_totalreserve_pages(m);
	zone_pcp_update_all(m);
}

/*
 * With THP enabled, khugepaged raises min_free_kbytes so that two free
 * pageblocks per zone, and a pageblock per migratetype pair, stay available
 * for huge pages (set_recommended_min_free_kbytes) — never above 5 % of lowmem.
 */
static void set_recommended_min_free_kbytes(struct machine *m)
{
	int highest = gfp_zone(m, GFP_USER);
	unsigned long nr_zones = 0, recommended;
	int nid;

	for_each_online_node(m, nid)
		for (int i = 0; i <= highest; i++)
			if (populated_zone(&NODE_DATA(m, nid)->node_zones[i]))
				nr_zones++;

	recommended = pageblock_nr_pages * nr_zones * 2;
	recommended += pageblock_nr_pages * nr_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	recommended = MIN(recommended, nr_free_buffer_pages(m) / 20);
	recommended <<= PAGE_SHIFT - 10;
	if (recommended > (unsigned long)m->sysctl.min_free_kbytes) {
		pr_info(m, "raising min_free_kbytes from %d to %lu to help transparent hugepage allocations",
			m->sysctl.min_free_kbytes, recommended);
		m->sysctl.min_free_kbytes = (int)recommended;
	}
	setup_per_zone_wmarks(m);
}

/**
 * init_per_zone_wmark_min - Boot order: min_free_kbytes, watermarks, lowmem_reserve, then
 * khugepaged's raise.
 */
void init_per_zone_wmark_min(struct machine *m)
{
	calculate_min_free_kbytes(m);
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);
	set_recommended_min_free_kbytes(m);
}

/* ---------------------------------------------------------------- zonelists */

/*
 * The counters each zone's allocations bump. Node 0 is the local node: the
 * simulated CPUs' allocations count as local there (zone_statistics).
 */
static void zone_set_counters(pg_data_t *pgdat)
{
	for (int i = 0; i < pgdat->nr_zones; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		zone->pgalloc_event = zone_kind_event(PGALLOC_DMA, zone->type);
		zone->numa_local_item = pgdat->node_id == 0 ? NUMA_LOCAL : NUMA_OTHER;
	}
}

/* The order-0 pcp hit's table (pg_data_t.gfp_hit), once preferred_zone[] is known. */
static void build_gfp_hit(struct machine *m, pg_data_t *pgdat)
{
	G_STATIC_ASSERT(GFP_HIT_MASK + 1 == NR_GFP_HIT);
	for (gfp_t bits = 0; bits <= GFP_HIT_MASK; bits++) {
		struct gfp_hit *hit = &pgdat->gfp_hit[bits];
		int hz = m->gfp_zone_idx[bits & GFP_ZONEMASK];

		hit->zone = hz < 0 ? NULL : pgdat->preferred_zone[hz];
		hit->highest_zoneidx = (int8_t)MAX(hz, 0);
		hit->migratetype = (uint8_t)gfp_migratetype(bits);
	}
}

/**
 * build_all_zonelists - Node order: nearest first by SLIT distance, ties by node id
 * (build_zonelists).
 */
void build_all_zonelists(struct machine *m)
{
	int nid;

	/* the allocation fast path's gfp_zone(), by the four zone modifier bits */
	for (gfp_t bits = 0; bits <= GFP_ZONEMASK; bits++)
		m->gfp_zone_idx[bits] = (int8_t)gfp_zone(m, bits);
	/* and the free path's page_zone_pfn(), without the divide */
	for_each_online_node(m, nid)
		for (int i = 0; i < MAX_ZONES_PER_NODE; i++)
			m->zone_by_id[1 + nid * MAX_ZONES_PER_NODE + i] = &NODE_DATA(m, nid)->node_zones[i];
	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);
		int order[MAX_NUMNODES], n = 0;

		for (int other = 0; other < m->nr_nodes; other++)
			order[n++] = other;
		for (int i = 1; i < n; i++) {
			for (int j = i; j > 0; j--) {
				const int *d = m->desc.nodes[nid].distance;
				int a = order[j - 1], b = order[j];

				if (d[a] < d[b] || (d[a] == d[b] && (a == nid || (b != nid && a < b))))
					break;
				order[j - 1] = b;
				order[j] = a;
			}
		}
		pgdat->nr_zonelist = 0;
		for (int i = 0; i < n; i++) {
			pg_data_t *other = NODE_DATA(m, order[i]);

			for (int z = other->nr_zones - 1; z >= 0; z--)
				if (managed_zone(&other->node_zones[z]))
					pgdat->zonelist[pgdat->nr_zonelist++] = &other->node_zones[z];
		}
		/* the allocation fast path's first zone for each highest_zoneidx */
		for (int hz = 0; hz < MAX_ZONES_PER_NODE; hz++) {
			pgdat->preferred_zone[hz] = NULL;
			for (int i = 0; i < pgdat->nr_zonelist && !pgdat->preferred_zone[hz]; i++)
				if (zone_idx(pgdat->zonelist[i]) <= hz)
					pgdat->preferred_zone[hz] = pgdat->zonelist[i];
		}
		zone_set_counters(pgdat);
		build_gfp_hit(m, pgdat);
	}
}

/**
 * zone_pcp_destroy - free every zone's per-cpu page lists (machine_free).
 * @m: the machine
 */
void zone_pcp_destroy(struct machine *m)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		pg_data_t *pgdat = m->node_data[nid];

		for (int i = 0; pgdat && i < MAX_ZONES_PER_NODE; i++)
			g_clear_pointer(&pgdat->node_zones[i].per_cpu_pageset, g_free);
	}
}

/**
 * memmap_init - give every pageblock its boot migratetype, as memmap_init_range() does
 * @m: the machine, its zones spanned and its pageblock table allocated
 *
 * The kernel's pageblock bitmap starts zeroed (MIGRATE_UNMOVABLE), and
 * memmap_init_range() marks a pageblock MIGRATE_MOVABLE only when it walks
 * the pageblock's first PFN: it walks each memblock memory range clamped to
 * each zone, so a pageblock whose first PFN is a hole (PFN 0 below the
 * firmware's first usable page, a range that starts mid-block) stays
 * Unmovable, and the pages that boot frees into it go to the Unmovable
 * free lists.
 */
void memmap_init(struct machine *m)
{
	int nid;

	memset(m->pageblock_flags, MIGRATE_UNMOVABLE, m->max_pfn >> pageblock_order);
	for_each_online_node(m, nid) {
		const struct node_desc *nd = &m->desc.nodes[nid];
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int r = 0; r < nd->nr_mem; r++)
			for (int i = 0; i < pgdat->nr_zones; i++) {
				const struct zone *z = &pgdat->node_zones[i];
				unsigned long first = (nd->mem[r].start + PAGE_SIZE - 1) >> PAGE_SHIFT;
				unsigned long start = MAX(first, z->zone_start_pfn);
				unsigned long end = MIN(nd->mem[r].end >> PAGE_SHIFT, zone_end_pfn(z));
				unsigned long pfn = (start + pageblock_nr_pages - 1) & ~(pageblock_nr_pages - 1);

				for (; pfn < end; pfn += pageblock_nr_pages)
					m->pageblock_flags[pfn >> pageblock_order] = MIGRATE_MOVABLE;
			}
	}
}
