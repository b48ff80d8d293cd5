// SPDX-License-Identifier: GPL-2.0
/*
 * Counters and their names. Zone and node counters are kept per zone and per
 * node as they change; global values are sums over at most a few dozen
 * zones, so reading them costs the same on any machine size. The kernel's
 * per-cpu deltas and their fold are left out: there is one CPU's worth of
 * bookkeeping and the values are always exact.
 */
#include "internal.h"
#include "writeback.h"

const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
	"nr_free_pages", "nr_free_pages_blocks", "nr_zone_inactive_anon",
	"nr_zone_active_anon", "nr_zone_inactive_file", "nr_zone_active_file",
	"nr_zone_unevictable", "nr_zone_write_pending", "nr_mlock", "nr_zspages",
	"nr_free_cma",
};

const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS] = {
	"numa_hit", "numa_miss", "numa_foreign", "numa_interleave", "numa_local",
	"numa_other",
};

const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = {
	"nr_inactive_anon", "nr_active_anon", "nr_inactive_file", "nr_active_file",
	"nr_unevictable", "nr_slab_reclaimable", "nr_slab_unreclaimable",
	"nr_isolated_anon", "nr_isolated_file", "workingset_nodes",
	"workingset_refault_anon", "workingset_refault_file",
	"workingset_activate_anon", "workingset_activate_file",
	"workingset_restore_anon", "workingset_restore_file",
	"workingset_nodereclaim", "nr_anon_pages", "nr_mapped", "nr_file_pages",
	"nr_dirty", "nr_writeback", "nr_shmem", "nr_shmem_hugepages",
	"nr_shmem_pmdmapped", "nr_file_hugepages", "nr_file_pmdmapped",
	"nr_anon_transparent_hugepages", "nr_vmscan_write",
	"nr_vmscan_immediate_reclaim", "nr_dirtied", "nr_written",
	"nr_throttled_written", "nr_kernel_misc_reclaimable",
	"nr_foll_pin_acquired", "nr_foll_pin_released", "nr_kernel_stack",
	"nr_page_table_pages", "nr_sec_page_table_pages", "nr_iommu_pages",
	"nr_swapcached", "pgpromote_success", "pgpromote_candidate",
	"pgpromote_candidate_nrl", "pgdemote_kswapd", "pgdemote_direct",
	"pgdemote_khugepaged", "pgdemote_proactive", "nr_hugetlb",
	"nr_balloon_pages", "nr_kernel_file_pages",
};

const char *const vm_stat_names[NR_VM_STAT_ITEMS] = {
	"nr_dirty_threshold", "nr_dirty_background_threshold", "nr_memmap_pages",
	"nr_memmap_boot_pages",
};

#define ZONE_KIND_NAMES(x) x "_dma", x "_dma32", x "_normal", x "_high", x "_movable", x "_device"

const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	"pgpgin", "pgpgout", "pswpin", "pswpout",
	ZONE_KIND_NAMES("pgalloc"),
	ZONE_KIND_NAMES("allocstall"),
	ZONE_KIND_NAMES("pgskip"),
	"pgfree", "pgactivate", "pgdeactivate", "pglazyfree",
	"pgfault", "pgmajfault", "pglazyfreed",
	"pgrefill", "pgreuse",
	"pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged", "pgsteal_proactive",
	"pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgscan_proactive",
	"pgscan_direct_throttle", "pgscan_anon", "pgscan_file", "pgsteal_anon", "pgsteal_file",
	"zone_reclaim_success", "zone_reclaim_failed",
	"pginodesteal", "slabs_scanned", "kswapd_inodesteal",
	"kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly", "pageoutrun",
	"pgrotated", "drop_pagecache", "drop_slab", "oom_kill",
	"numa_pte_updates", "numa_huge_pte_updates", "numa_hint_faults",
	"numa_hint_faults_local", "numa_pages_migrated",
	"pgmigrate_success", "pgmigrate_fail", "thp_migration_success",
	"thp_migration_fail", "thp_migration_split",
	"compact_migrate_scanned", "compact_free_scanned", "compact_isolated",
	"compact_stall", "compact_fail", "compact_success", "compact_daemon_wake",
	"compact_daemon_migrate_scanned", "compact_daemon_free_scanned",
	"htlb_buddy_alloc_success", "htlb_buddy_alloc_fail",
	"unevictable_pgs_culled", "unevictable_pgs_scanned", "unevictable_pgs_rescued",
	"unevictable_pgs_mlocked", "unevictable_pgs_munlocked", "unevictable_pgs_cleared",
	"unevictable_pgs_stranded",
	"thp_fault_alloc", "thp_fault_fallback", "thp_fault_fallback_charge",
	"thp_collapse_alloc", "thp_collapse_alloc_failed", "thp_file_alloc",
	"thp_file_fallback", "thp_file_fallback_charge", "thp_file_mapped",
	"thp_split_page", "thp_split_page_failed", "thp_deferred_split_page",
	"thp_underused_split_page", "thp_split_pmd", "thp_scan_exceed_none_pte",
	"thp_scan_exceed_swap_pte", "thp_scan_exceed_share_pte", "thp_split_pud",
	"thp_zero_page_alloc", "thp_zero_page_alloc_failed", "thp_swpout",
	"thp_swpout_fallback",
	"balloon_inflate", "balloon_deflate", "balloon_migrate",
	"swap_ra", "swap_ra_hit", "swpin_zero", "swpout_zero", "ksm_swpin_copy",
	"cow_ksm", "zswpin", "zswpout", "zswpwb",
	"direct_map_level2_splits", "direct_map_level3_splits",
	"direct_map_level2_collapses", "direct_map_level3_collapses",
};

G_STATIC_ASSERT(G_N_ELEMENTS(vm_event_names) == NR_VM_EVENT_ITEMS);
G_STATIC_ASSERT(G_N_ELEMENTS(node_stat_names) == NR_VM_NODE_STAT_ITEMS);

static bool machine_has_zone_kind(const struct machine *m, enum zone_type type)
{
	for (int i = 0; i < m->nr_zone_types; i++)
		if (m->zone_types[i] == type)
			return true;
	return false;
}

/**
 * vm_event_hidden - pgalloc_dma32 exists only where the kernel would have built ZONE_DMA32, etc.
 */
bool vm_event_hidden(const struct machine *m, enum vm_event_item item)
{
	static const enum vm_event_item bases[] = { PGALLOC_DMA, ALLOCSTALL_DMA, PGSKIP_DMA };

	for (size_t i = 0; i < G_N_ELEMENTS(bases); i++)
		if (item >= bases[i] && item < bases[i] + __MAX_ZONE_TYPES)
			return !machine_has_zone_kind(m, (enum zone_type)(item - bases[i]));
	/* NUMA balancing and zone reclaim events exist on NUMA kernels; ours is one */
	return false;
}

/**
 * __mod_zone_page_state - add @delta to @zone's counter @item (the caller holds the lock)
 */
void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta)
{
	zone->vm_stat[item] += delta;
}

/**
 * __mod_node_page_state - add @delta to @pgdat's counter @item (the caller holds the lock)
 */
void __mod_node_page_state(struct pglist_data *pgdat, enum node_stat_item item, long delta)
{
	pgdat->vm_stat[item] += delta;
}

/**
 * __count_vm_events - count @delta events of @item
 */
void __count_vm_events(struct machine *m, enum vm_event_item item, unsigned long delta)
{
	m->vm_events[item] += delta;
}

/**
 * global_zone_page_state - the sum of zone counter @item over every zone, 0 when negative
 */
unsigned long global_zone_page_state(const struct machine *m, enum zone_stat_item item)
{
	long sum = 0;
	int nid;

	for_each_online_node(m, nid)
		for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++)
			sum += NODE_DATA(m, nid)->node_zones[i].vm_stat[item];
	return sum < 0 ? 0 : (unsigned long)sum;
}

/**
 * sum_zone_node_page_state - a zone counter summed over one node's zones, as
 * the node files read it; a sum below 0 (counters in flight) reads as 0.
 * @pgdat: the node
 * @item: the zone counter
 */
unsigned long sum_zone_node_page_state(const struct pglist_data *pgdat, enum zone_stat_item item)
{
	long sum = 0;

	for (int i = 0; i < pgdat->nr_zones; i++)
		sum += pgdat->node_zones[i].vm_stat[item];
	return sum > 0 ? (unsigned long)sum : 0;
}

/**
 * node_numa_event_state - NUMA event @item of node @pgdat, summed over its zones
 */
unsigned long node_numa_event_state(const struct pglist_data *pgdat, enum numa_stat_item item)
{
	unsigned long sum = 0;

	for (int i = 0; i < pgdat->nr_zones; i++)
		sum += pgdat->node_zones[i].numa_stat[item];
	return sum;
}

/**
 * global_numa_event_state - NUMA event @item summed over every node
 */
unsigned long global_numa_event_state(const struct machine *m, enum numa_stat_item item)
{
	unsigned long sum = 0;
	int nid;

	for_each_online_node(m, nid)
		sum += node_numa_event_state(NODE_DATA(m, nid), item);
	return sum;
}

/**
 * global_node_page_state - the sum of node counter @item over every node, 0 when negative
 */
unsigned long global_node_page_state(const struct machine *m, enum node_stat_item item)
{
	long sum = 0;
	int nid;

	for_each_online_node(m, nid)
		sum += NODE_DATA(m, nid)->vm_stat[item];
	return sum < 0 ? 0 : (unsigned long)sum;
}

static unsigned long node_item_to_pages(enum node_stat_item item, long v)
{
	if (v < 0)
		return 0;
	switch (item) {
	case NR_SLAB_RECLAIMABLE_B:
	case NR_SLAB_UNRECLAIMABLE_B:
		return (unsigned long)v >> PAGE_SHIFT;
	case NR_SHMEM_THPS:
	case NR_SHMEM_PMDMAPPED:
	case NR_FILE_THPS:
	case NR_FILE_PMDMAPPED:
	case NR_ANON_THPS:
		return (unsigned long)v >> (21 - PAGE_SHIFT);	/* HPAGE_PMD_NR */
	default:
		return (unsigned long)v;
	}
}

/**
 * node_page_state_pages - @pgdat's counter @item as /proc/vmstat prints it: bytes to pages,
 * THP units to huge pages
 */
unsigned long node_page_state_pages(const struct pglist_data *pgdat, enum node_stat_item item)
{
	return node_item_to_pages(item, pgdat->vm_stat[item]);
}

/**
 * global_node_page_state_pages - node_page_state_pages() summed over every node
 */
unsigned long global_node_page_state_pages(const struct machine *m, enum node_stat_item item)
{
	long sum = 0;
	int nid;

	for_each_online_node(m, nid)
		sum += NODE_DATA(m, nid)->vm_stat[item];
	return node_item_to_pages(item, sum);
}

/**
 * global_vm_stat - a computed counter: the dirty thresholds, the memmap pages
 */
unsigned long global_vm_stat(const struct machine *m, enum vm_stat_item item)
{
	unsigned long bg, dirty;

	switch (item) {
	case NR_DIRTY_THRESHOLD:
	case NR_DIRTY_BG_THRESHOLD:
		global_dirty_limits(m, &bg, &dirty);
		return item == NR_DIRTY_THRESHOLD ? dirty : bg;
	case NR_MEMMAP_PAGES:
		return 0;	/* memmap allocated after boot (hotplug): none here */
	case NR_MEMMAP_BOOT_PAGES:
		return m->memmap_boot_pages;
	default:
		return 0;
	}
}

/**
 * vmstat_check - Pages handed out and not given back must equal what the zones miss.
 */
int vmstat_check(const struct machine *m)
{
	unsigned long alloc = 0, used = 0;
	int nid;

	for (int k = 0; k < __MAX_ZONE_TYPES; k++)
		alloc += m->vm_events[PGALLOC_DMA + k];
	for_each_online_node(m, nid)
		for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++) {
			const struct zone *z = &NODE_DATA(m, nid)->node_zones[i];

			/* pages on the per-cpu lists are free but out of NR_FREE_PAGES */
			used += z->managed_pages - (unsigned long)z->vm_stat[NR_FREE_PAGES] -
				nr_pcp_pages(z, -1, m->nr_cpus);
		}
	if (alloc - m->vm_events[PGFREE] != used) {
		pr_err((struct machine *)m, "BUG: vmstat: pgalloc %lu - pgfree %lu != %lu pages in use",
		       alloc, m->vm_events[PGFREE], used);
		return 1;
	}
	return 0;
}
