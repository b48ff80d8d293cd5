// SPDX-License-Identifier: GPL-2.0
/*
 * The zone and counter files of mm/vmstat.c: /proc/buddyinfo,
 * /proc/pagetypeinfo, /proc/zoneinfo and /proc/vmstat, in the 6.18 layout.
 *
 * kswapd has no failure count yet: node_unreclaimable is 0.
 */
#include "files.h"
#include "mm/internal.h"
#include "seq.h"

/* pagetypeinfo stops counting a free list here, as the kernel does under its lock */
#define PAGETYPE_COUNT_CAP	100000UL

typedef void (*zone_print_fn)(GString *out, const struct machine *m, const pg_data_t *pgdat,
			      const struct zone *zone);

/* walk_zones_in_node: the node's zones in index order, optionally the populated ones only */
static void walk_zones_in_node(GString *out, const struct machine *m, const pg_data_t *pgdat,
			       bool assert_populated, zone_print_fn print)
{
	for (int i = 0; i < pgdat->nr_zones; i++) {
		const struct zone *zone = &pgdat->node_zones[i];

		if (assert_populated && !populated_zone(zone))
			continue;
		print(out, m, pgdat, zone);
	}
}

static bool node_has_memory(const pg_data_t *pgdat)
{
	return pgdat->node_present_pages != 0;
}

static unsigned long zone_page_state(const struct zone *zone, enum zone_stat_item item)
{
	return zone->vm_stat[item] > 0 ? (unsigned long)zone->vm_stat[item] : 0;
}

/* "Node N, zone   Normal": the head of a buddyinfo and zoneinfo line */
static void zone_header(GString *out, const pg_data_t *pgdat, const struct zone *zone)
{
	seq_put_decimal_ull(out, "Node ", (unsigned long long)pgdat->node_id);
	g_string_append(out, ", zone ");
	seq_puts_width(out, zone->name, 8);
}

/* "\n      name         value": a counter line of zoneinfo */
static void zoneinfo_stat(GString *out, const char *name, unsigned long v)
{
	g_string_append(out, "\n      ");
	seq_puts_pad(out, name, 12);
	seq_put_decimal_ull(out, " ", v);
}

/* ---------------------------------------------------------------- buddyinfo */

static void frag_show_print(GString *out, const struct machine *m, const pg_data_t *pgdat,
			    const struct zone *zone)
{
	zone_header(out, pgdat, zone);
	g_string_append_c(out, ' ');
	for (int order = 0; order < NR_PAGE_ORDERS; order++) {
		seq_put_decimal_ull_width(out, NULL, zone->free_area[order].nr_free, 6);
		g_string_append_c(out, ' ');
	}
	g_string_append_c(out, '\n');
}

static int buddyinfo_show(const struct pfs_req *r, GString *out)
{
	int nid;

	for_each_online_node(r->m, nid)
		walk_zones_in_node(out, r->m, NODE_DATA(r->m, nid), true, frag_show_print);
	return 0;
}

const struct pfs_file_ops buddyinfo_ops = {
	.show = buddyinfo_show,
};

/* ---------------------------------------------------------------- pagetypeinfo */

static void pagetypeinfo_showfree_print(GString *out, const struct machine *m,
					const pg_data_t *pgdat, const struct zone *zone)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		g_string_append_printf(out, "Node %4d, zone %8s, type %12s ", pgdat->node_id,
				       zone->name, migratetype_names[mt]);
		for (int order = 0; order < NR_PAGE_ORDERS; order++) {
			unsigned long count = zone->free_area[order].nr_free_mt[mt];
			bool overflow = count >= PAGETYPE_COUNT_CAP;

			g_string_append_printf(out, "%s%6lu ", overflow ? ">" : "",
					       overflow ? PAGETYPE_COUNT_CAP : count);
		}
		g_string_append_c(out, '\n');
	}
}

/*
 * Pageblocks are counted from the zone's first PFN in pageblock steps, as
 * the kernel does. It skips PFNs without a memmap (memory sections with no
 * RAM); sections are not modelled, so a block whose first page is a hole
 * is skipped instead — the same blocks for section-aligned holes.
 */
static void pagetypeinfo_showblockcount_print(GString *out, const struct machine *m,
					      const pg_data_t *pgdat, const struct zone *zone)
{
	unsigned long count[MIGRATE_TYPES] = { 0 };

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages) {
		int mt;

		if (pfn_to_page(m, pfn)->flags & PG_nomap)
			continue;
		mt = get_pageblock_migratetype(m, pfn);
		if (mt >= 0 && mt < MIGRATE_TYPES)
			count[mt]++;
	}
	g_string_append_printf(out, "Node %d, zone %8s ", pgdat->node_id, zone->name);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		g_string_append_printf(out, "%12lu ", count[mt]);
	g_string_append_c(out, '\n');
}

static void pagetypeinfo_show_node(GString *out, const struct machine *m, const pg_data_t *pgdat)
{
	g_string_append_printf(out, "Page block order: %d\n", pageblock_order);
	g_string_append_printf(out, "Pages per block:  %lu\n", pageblock_nr_pages);
	g_string_append_c(out, '\n');

	g_string_append_printf(out, "%-43s ", "Free pages count per migrate type at order");
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		g_string_append_printf(out, "%6d ", order);
	g_string_append_c(out, '\n');
	walk_zones_in_node(out, m, pgdat, true, pagetypeinfo_showfree_print);

	g_string_append_printf(out, "\n%-23s", "Number of blocks type ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		g_string_append_printf(out, "%12s ", migratetype_names[mt]);
	g_string_append_c(out, '\n');
	walk_zones_in_node(out, m, pgdat, true, pagetypeinfo_showblockcount_print);
}

static int pagetypeinfo_show(const struct pfs_req *r, GString *out)
{
	int nid;

	/* one block per node with memory, header included, as seq_file iterates nodes */
	for_each_online_node(r->m, nid)
		if (node_has_memory(NODE_DATA(r->m, nid)))
			pagetypeinfo_show_node(out, r->m, NODE_DATA(r->m, nid));
	return 0;
}

const struct pfs_file_ops pagetypeinfo_ops = {
	.show = pagetypeinfo_show,
};

/* ---------------------------------------------------------------- zoneinfo */

static bool is_zone_first_populated(const pg_data_t *pgdat, const struct zone *zone)
{
	for (int i = 0; i < pgdat->nr_zones; i++)
		if (populated_zone(&pgdat->node_zones[i]))
			return &pgdat->node_zones[i] == zone;
	return false;
}

static void zoneinfo_show_node_stats(GString *out, const pg_data_t *pgdat)
{
	g_string_append(out, "\n  per-node stats");
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		zoneinfo_stat(out, node_stat_names[i], node_page_state_pages(pgdat, i));
}

static void zoneinfo_show_pagesets(GString *out, const struct machine *m, const struct zone *zone)
{
	g_string_append(out, "\n  pagesets");
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		/* the kernel's %i and %d: signed */
		seq_put_decimal_ll(out, "\n    cpu: ", cpu);
		seq_put_decimal_ll(out, "\n              count:    ", pcp->count);
		seq_put_decimal_ll(out, "\n              high:     ", pcp->high);
		seq_put_decimal_ll(out, "\n              batch:    ", zone->pcp_batch);
		seq_put_decimal_ll(out, "\n              high_min: ", zone->pcp_high_min);
		seq_put_decimal_ll(out, "\n              high_max: ", zone->pcp_high_max);
		seq_put_decimal_ll(out, "\n  vm stats threshold: ", zone->stat_threshold);
	}
}

static void zoneinfo_show_print(GString *out, const struct machine *m, const pg_data_t *pgdat,
				const struct zone *zone)
{
	zone_header(out, pgdat, zone);
	if (is_zone_first_populated(pgdat, zone))
		zoneinfo_show_node_stats(out, pgdat);
	seq_put_decimal_ull(out, "\n  pages free     ", zone_page_state(zone, NR_FREE_PAGES));
	seq_put_decimal_ull(out, "\n        boost    ", zone->watermark_boost);
	seq_put_decimal_ull(out, "\n        min      ", min_wmark_pages(zone));
	seq_put_decimal_ull(out, "\n        low      ", low_wmark_pages(zone));
	seq_put_decimal_ull(out, "\n        high     ", high_wmark_pages(zone));
	seq_put_decimal_ull(out, "\n        promo    ", promo_wmark_pages(zone));
	seq_put_decimal_ull(out, "\n        spanned  ", zone->spanned_pages);
	seq_put_decimal_ull(out, "\n        present  ", zone->present_pages);
	seq_put_decimal_ull(out, "\n        managed  ", zone->managed_pages);
	seq_put_decimal_ull(out, "\n        cma      ", 0);

	/* one slot per zone of the architecture (MAX_NR_ZONES) */
	seq_put_decimal_ll(out, "\n        protection: (", zone->lowmem_reserve[0]);
	for (int i = 1; i < pgdat->nr_zones; i++)
		seq_put_decimal_ll(out, ", ", zone->lowmem_reserve[i]);
	g_string_append_c(out, ')');

	if (!populated_zone(zone)) {
		g_string_append_c(out, '\n');
		return;
	}
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		zoneinfo_stat(out, zone_stat_names[i], zone_page_state(zone, i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		zoneinfo_stat(out, numa_stat_names[i], zone->numa_stat[i]);
	zoneinfo_show_pagesets(out, m, zone);
	seq_put_decimal_ull(out, "\n  node_unreclaimable:  ", 0);
	seq_put_decimal_ull(out, "\n  start_pfn:           ", zone->zone_start_pfn);
	g_string_append_c(out, '\n');
}

static int zoneinfo_show(const struct pfs_req *r, GString *out)
{
	int nid;

	/* every zone, populated or not: lowmem_reserve_ratio acts on them all */
	for_each_online_node(r->m, nid)
		walk_zones_in_node(out, r->m, NODE_DATA(r->m, nid), false, zoneinfo_show_print);
	return 0;
}

const struct pfs_file_ops zoneinfo_ops = {
	.show = zoneinfo_show,
};

/* ---------------------------------------------------------------- vmstat */

static unsigned long vm_event_value(const struct machine *m, enum vm_event_item item)
{
	unsigned long v = m->vm_events[item];

	/* the block layer counts 512-byte sectors; vmstat shows KiB */
	if (item == PGPGIN || item == PGPGOUT)
		v /= 2;
	return v;
}

static int vmstat_show(const struct pfs_req *r, GString *out)
{
	const struct machine *m = r->m;
	int i;

	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		show_name_value(out, zone_stat_names[i], global_zone_page_state(m, i));
	for (i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		show_name_value(out, numa_stat_names[i], global_numa_event_state(m, i));
	for (i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		show_name_value(out, node_stat_names[i], global_node_page_state_pages(m, i));
	for (i = 0; i < NR_VM_STAT_ITEMS; i++)
		show_name_value(out, vm_stat_names[i], global_vm_stat(m, i));
	for (i = 0; i < NR_VM_EVENT_ITEMS; i++)
		if (!vm_event_hidden(m, i))
			show_name_value(out, vm_event_names[i], vm_event_value(m, i));
	/* deprecated, kept for the ABI */
	show_name_value(out, "nr_unstable", 0);
	return 0;
}

const struct pfs_file_ops vmstat_ops = {
	.show = vmstat_show,
};
