/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counter families, kept incrementally like the kernel's vm_stat: one enum
 * per family and one name table per enum (mm/vmstat.c). meminfo, zoneinfo,
 * vmstat and the node files all read these; none recounts.
 */
#ifndef MM_VMSTAT_H
#define MM_VMSTAT_H

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_FREE_PAGES_BLOCKS,	/* free pages in blocks >= pageblock_order */
	NR_ZONE_INACTIVE_ANON,
	NR_ZONE_ACTIVE_ANON,
	NR_ZONE_INACTIVE_FILE,
	NR_ZONE_ACTIVE_FILE,
	NR_ZONE_UNEVICTABLE,
	NR_ZONE_WRITE_PENDING,
	NR_MLOCK,
	NR_ZSPAGES,
	NR_FREE_CMA_PAGES,
	NR_VM_ZONE_STAT_ITEMS
};

enum numa_stat_item {
	NUMA_HIT,
	NUMA_MISS,
	NUMA_FOREIGN,
	NUMA_INTERLEAVE_HIT,
	NUMA_LOCAL,
	NUMA_OTHER,
	NR_VM_NUMA_EVENT_ITEMS
};

enum node_stat_item {
	NR_INACTIVE_ANON,
	NR_ACTIVE_ANON,
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_UNEVICTABLE,
	NR_SLAB_RECLAIMABLE_B,
	NR_SLAB_UNRECLAIMABLE_B,
	NR_ISOLATED_ANON,
	NR_ISOLATED_FILE,
	WORKINGSET_NODES,
	WORKINGSET_REFAULT_ANON,
	WORKINGSET_REFAULT_FILE,
	WORKINGSET_ACTIVATE_ANON,
	WORKINGSET_ACTIVATE_FILE,
	WORKINGSET_RESTORE_ANON,
	WORKINGSET_RESTORE_FILE,
	WORKINGSET_NODERECLAIM,
	NR_ANON_MAPPED,
	NR_FILE_MAPPED,
	NR_FILE_PAGES,
	NR_FILE_DIRTY,
	NR_WRITEBACK,
	NR_SHMEM,
	NR_SHMEM_THPS,
	NR_SHMEM_PMDMAPPED,
	NR_FILE_THPS,
	NR_FILE_PMDMAPPED,
	NR_ANON_THPS,
	NR_VMSCAN_WRITE,
	NR_VMSCAN_IMMEDIATE,
	NR_DIRTIED,
	NR_WRITTEN,
	NR_THROTTLED_WRITTEN,
	NR_KERNEL_MISC_RECLAIMABLE,
	NR_FOLL_PIN_ACQUIRED,
	NR_FOLL_PIN_RELEASED,
	NR_KERNEL_STACK_KB,
	NR_PAGETABLE,
	NR_SECONDARY_PAGETABLE,
	NR_IOMMU_PAGES,
	NR_SWAPCACHE,
	PGPROMOTE_SUCCESS,
	PGPROMOTE_CANDIDATE,
	PGPROMOTE_CANDIDATE_NRL,
	PGDEMOTE_KSWAPD,
	PGDEMOTE_DIRECT,
	PGDEMOTE_KHUGEPAGED,
	PGDEMOTE_PROACTIVE,
	NR_HUGETLB,
	NR_BALLOON_PAGES,
	NR_KERNEL_FILE_PAGES,
	NR_VM_NODE_STAT_ITEMS
};

/* Global items computed at read time, not per zone or node. */
enum vm_stat_item {
	NR_DIRTY_THRESHOLD,
	NR_DIRTY_BG_THRESHOLD,
	NR_MEMMAP_PAGES,
	NR_MEMMAP_BOOT_PAGES,
	NR_VM_STAT_ITEMS
};

/* One event per zone kind, in enum zone_type order: dma dma32 normal high movable device. */
#define FOR_ALL_ZONE_KINDS(x) x##_DMA, x##_DMA32, x##_NORMAL, x##_HIGH, x##_MOVABLE, x##_DEVICE

enum vm_event_item {
	PGPGIN, PGPGOUT,	/* in 512-byte sectors; /proc/vmstat prints KiB */
	PSWPIN, PSWPOUT,
	FOR_ALL_ZONE_KINDS(PGALLOC),
	FOR_ALL_ZONE_KINDS(ALLOCSTALL),
	FOR_ALL_ZONE_KINDS(PGSKIP),
	PGFREE, PGACTIVATE, PGDEACTIVATE, PGLAZYFREE,
	PGFAULT, PGMAJFAULT, PGLAZYFREED,
	PGREFILL, PGREUSE,
	PGSTEAL_KSWAPD, PGSTEAL_DIRECT, PGSTEAL_KHUGEPAGED, PGSTEAL_PROACTIVE,
	PGSCAN_KSWAPD, PGSCAN_DIRECT, PGSCAN_KHUGEPAGED, PGSCAN_PROACTIVE,
	PGSCAN_DIRECT_THROTTLE, PGSCAN_ANON, PGSCAN_FILE, PGSTEAL_ANON, PGSTEAL_FILE,
	PGSCAN_ZONE_RECLAIM_SUCCESS, PGSCAN_ZONE_RECLAIM_FAILED,
	PGINODESTEAL, SLABS_SCANNED, KSWAPD_INODESTEAL,
	KSWAPD_LOW_WMARK_HIT_QUICKLY, KSWAPD_HIGH_WMARK_HIT_QUICKLY, PAGEOUTRUN,
	PGROTATED, DROP_PAGECACHE, DROP_SLAB, OOM_KILL,
	NUMA_PTE_UPDATES, NUMA_HUGE_PTE_UPDATES, NUMA_HINT_FAULTS,
	NUMA_HINT_FAULTS_LOCAL, NUMA_PAGE_MIGRATE,
	PGMIGRATE_SUCCESS, PGMIGRATE_FAIL, THP_MIGRATION_SUCCESS,
	THP_MIGRATION_FAIL, THP_MIGRATION_SPLIT,
	COMPACTMIGRATE_SCANNED, COMPACTFREE_SCANNED, COMPACTISOLATED,
	COMPACTSTALL, COMPACTFAIL, COMPACTSUCCESS, KCOMPACTD_WAKE,
	KCOMPACTD_MIGRATE_SCANNED, KCOMPACTD_FREE_SCANNED,
	HTLB_BUDDY_PGALLOC, HTLB_BUDDY_PGALLOC_FAIL,
	UNEVICTABLE_PGCULLED, UNEVICTABLE_PGSCANNED, UNEVICTABLE_PGRESCUED,
	UNEVICTABLE_PGMLOCKED, UNEVICTABLE_PGMUNLOCKED, UNEVICTABLE_PGCLEARED,
	UNEVICTABLE_PGSTRANDED,
	THP_FAULT_ALLOC, THP_FAULT_FALLBACK, THP_FAULT_FALLBACK_CHARGE,
	THP_COLLAPSE_ALLOC, THP_COLLAPSE_ALLOC_FAILED, THP_FILE_ALLOC,
	THP_FILE_FALLBACK, THP_FILE_FALLBACK_CHARGE, THP_FILE_MAPPED,
	THP_SPLIT_PAGE, THP_SPLIT_PAGE_FAILED, THP_DEFERRED_SPLIT_PAGE,
	THP_UNDERUSED_SPLIT_PAGE, THP_SPLIT_PMD, THP_SCAN_EXCEED_NONE_PTE,
	THP_SCAN_EXCEED_SWAP_PTE, THP_SCAN_EXCEED_SHARED_PTE, THP_SPLIT_PUD,
	THP_ZERO_PAGE_ALLOC, THP_ZERO_PAGE_ALLOC_FAILED, THP_SWPOUT,
	THP_SWPOUT_FALLBACK,
	BALLOON_INFLATE, BALLOON_DEFLATE, BALLOON_MIGRATE,
	SWAP_RA, SWAP_RA_HIT, SWPIN_ZERO, SWPOUT_ZERO, KSM_SWPIN_COPY,
	COW_KSM, ZSWPIN, ZSWPOUT, ZSWPWB,
	DIRECT_MAP_LEVEL2_SPLIT, DIRECT_MAP_LEVEL3_SPLIT,
	DIRECT_MAP_LEVEL2_COLLAPSE, DIRECT_MAP_LEVEL3_COLLAPSE,
	NR_VM_EVENT_ITEMS
};

extern const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS];
extern const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS];
extern const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS];
extern const char *const vm_stat_names[NR_VM_STAT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

struct machine;
struct zone;
struct pglist_data;

/* Per-kind event slot: PGALLOC_DMA + zone->type etc. */
#define zone_kind_event(base, zone_type)	((enum vm_event_item)((base) + (zone_type)))

/* true for the per-zone-kind events the machine's architecture lacks */
_Bool vm_event_hidden(const struct machine *m, enum vm_event_item item);

void __mod_zone_page_state(struct zone *zone, enum zone_stat_item item, long delta);
void __mod_node_page_state(struct pglist_data *pgdat, enum node_stat_item item, long delta);
void __count_vm_events(struct machine *m, enum vm_event_item item, unsigned long delta);

unsigned long global_zone_page_state(const struct machine *m, enum zone_stat_item item);
unsigned long global_node_page_state(const struct machine *m, enum node_stat_item item);
unsigned long global_numa_event_state(const struct machine *m, enum numa_stat_item item);
unsigned long sum_zone_node_page_state(const struct pglist_data *pgdat, enum zone_stat_item item);
/* node counters as /proc/vmstat prints them: bytes to pages, THP units to huge pages */
unsigned long node_page_state_pages(const struct pglist_data *pgdat, enum node_stat_item item);
unsigned long global_node_page_state_pages(const struct machine *m, enum node_stat_item item);
unsigned long global_vm_stat(const struct machine *m, enum vm_stat_item item);
unsigned long node_numa_event_state(const struct pglist_data *pgdat, enum numa_stat_item item);

int vmstat_check(const struct machine *m);

#endif /* MM_VMSTAT_H */
