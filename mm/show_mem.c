// SPDX-License-Identifier: GPL-2.0
/*
 * The derived figures meminfo shows (MemAvailable, the x86 direct-map split)
 * and the Mem-Info report the kernel logs when an allocation fails.
 */
#include "internal.h"
#include "swapfile.h"

unsigned long totalram_pages(const struct machine *m)
{
	return m->totalram_pages;
}

/**
 * machine_has_highmem - whether the kernel is built with CONFIG_HIGHMEM: the
 * architecture has a HighMem zone (i386), populated or not, so meminfo has
 * its High and Low lines.
 * @m: the machine
 */
bool machine_has_highmem(const struct machine *m)
{
	for (int i = 0; i < m->nr_zone_types; i++)
		if (m->zone_types[i] == ZONE_HIGHMEM)
			return true;
	return false;
}

/* Free pages of a zone; the counter may dip below 0 between updates, as the kernel's */
static unsigned long zone_free_pages(const struct zone *z)
{
	return z->vm_stat[NR_FREE_PAGES] > 0 ? (unsigned long)z->vm_stat[NR_FREE_PAGES] : 0;
}

/* The HighMem zones of @pgdat added to @val's totalhigh and freehigh. */
static void node_highmem(const pg_data_t *pgdat, struct mm_sysinfo *val)
{
	for (int i = 0; i < pgdat->nr_zones; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		if (is_highmem(z)) {
			val->totalhigh += z->managed_pages;
			val->freehigh += zone_free_pages(z);
		}
	}
}

/**
 * si_meminfo_node - node @nid's part of sysinfo, as /sys/devices/system/node/nodeN/meminfo
 * reads it: its managed and free pages, its shmem, and those of its HighMem
 * zones. The kernel sums free pages zone by zone (sum_zone_node_page_state),
 * each zone's counter taken as it is, then clamps the sum.
 * @m: the machine
 * @nid: an online node
 * @val: filled in
 */
void si_meminfo_node(const struct machine *m, int nid, struct mm_sysinfo *val)
{
	const pg_data_t *pgdat = NODE_DATA(m, nid);

	*val = (struct mm_sysinfo){ 0 };
	for (int i = 0; i < pgdat->nr_zones; i++)
		val->totalram += pgdat->node_zones[i].managed_pages;
	val->freeram = sum_zone_node_page_state(pgdat, NR_FREE_PAGES);
	val->sharedram = node_page_state_pages(pgdat, NR_SHMEM);
	node_highmem(pgdat, val);
}

/**
 * si_meminfo - the machine's sysinfo memory fields, as /proc/meminfo reads
 * them: totalram_pages(), the global free and shmem counters, and the
 * HighMem zones of every node (totalhigh_pages, nr_free_highpages).
 * @m: the machine
 * @val: filled in
 */
void si_meminfo(const struct machine *m, struct mm_sysinfo *val)
{
	int nid;

	*val = (struct mm_sysinfo){
		.totalram = totalram_pages(m),
		.freeram = global_zone_page_state(m, NR_FREE_PAGES),
		.sharedram = global_node_page_state(m, NR_SHMEM),
	};
	for_each_online_node(m, nid)
		node_highmem(NODE_DATA(m, nid), val);
}

/**
 * si_mem_available - free pages above the reserves, plus the part of the
 * page cache and reclaimable slab that reclaim could get back without
 * dipping below the low watermarks.
 */
long si_mem_available(const struct machine *m)
{
	unsigned long wmark_low = 0, pagecache, reclaimable;
	long available;
	int nid;

	for_each_online_node(m, nid)
		for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++)
			wmark_low += low_wmark_pages(&NODE_DATA(m, nid)->node_zones[i]);

	available = (long)global_zone_page_state(m, NR_FREE_PAGES) - (long)m->totalreserve_pages;

	pagecache = global_node_page_state(m, NR_ACTIVE_FILE) +
		    global_node_page_state(m, NR_INACTIVE_FILE);
	pagecache -= MIN(pagecache / 2, wmark_low);
	available += (long)pagecache;

	reclaimable = global_node_page_state_pages(m, NR_SLAB_RECLAIMABLE_B) +
		      global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE);
	available += (long)(reclaimable - MIN(reclaimable / 2, wmark_low));

	return available < 0 ? 0 : available;
}

#define SZ_2M	(1ULL << 21)
#define SZ_1G	(1ULL << 30)
#define ROUND_UP(x, a)		(((x) + (a) - 1) & ~((a) - 1))
#define ROUND_DOWN(x, a)	((x) & ~((a) - 1))

/* split_mem_range: 4k head, 2M up to a 1G boundary, 1G body, 2M, 4k tail */
static void map_range(uint64_t s, uint64_t e, bool gbpages, unsigned long kb[3])
{
	uint64_t next = MIN(ROUND_UP(s, SZ_2M), e);

	kb[0] += (unsigned long)((next - s) >> 10);
	s = next;
	if (gbpages) {
		next = MIN(ROUND_UP(s, SZ_1G), ROUND_DOWN(e, SZ_2M));
		if (next > s) {
			kb[1] += (unsigned long)((next - s) >> 10);
			s = next;
		}
		next = ROUND_DOWN(e, SZ_1G);
		if (next > s) {
			kb[2] += (unsigned long)((next - s) >> 10);
			s = next;
		}
	}
	next = ROUND_DOWN(e, SZ_2M);
	if (next > s) {
		kb[1] += (unsigned long)((next - s) >> 10);
		s = next;
	}
	kb[0] += (unsigned long)((e - s) >> 10);
}

/*
 * DirectMap4k/2M/1G: the first MiB with 4k pages (the ISA range), then each
 * RAM range with the largest pages its alignment allows: 1G pages only with
 * direct_gbpages() (x86_64 on a CPU with pdpe1gb). i386 maps lowmem only
 * (its 2M line is what PAE names DirectMap2M).
 */
void arch_direct_map_sizes(const struct machine *m, unsigned long kb[3])
{
	kb[0] = 1024;
	kb[1] = kb[2] = 0;
	for (int n = 0; n < m->desc.nr_nodes; n++) {
		const struct node_desc *nd = &m->desc.nodes[n];

		for (int r = 0; r < nd->nr_mem; r++) {
			uint64_t s = ROUND_UP(MAX(nd->mem[r].start, 1ULL << 20), 4096);
			uint64_t e = ROUND_DOWN(MIN(nd->mem[r].end, m->direct_map_end), 4096);

			if (s < e)
				map_range(s, e, direct_gbpages(m), kb);
		}
	}
}

static unsigned long node_state(const pg_data_t *pgdat, enum node_stat_item item)
{
	return node_page_state_pages(pgdat, item);
}

static void show_node(struct machine *m, const pg_data_t *pgdat)
{
	pr_warn(m, "Node %d active_anon:%lukB inactive_anon:%lukB active_file:%lukB inactive_file:%lukB "
		"unevictable:%lukB isolated(anon):%lukB isolated(file):%lukB mapped:%lukB dirty:%lukB "
		"writeback:%lukB shmem:%lukB shmem_thp:%lukB shmem_pmdmapped:%lukB anon_thp:%lukB "
		"kernel_stack:%lukB pagetables:%lukB sec_pagetables:%lukB all_unreclaimable? no "
		"Balloon:%lukB",
		pgdat->node_id, K(node_state(pgdat, NR_ACTIVE_ANON)), K(node_state(pgdat, NR_INACTIVE_ANON)),
		K(node_state(pgdat, NR_ACTIVE_FILE)), K(node_state(pgdat, NR_INACTIVE_FILE)),
		K(node_state(pgdat, NR_UNEVICTABLE)), K(node_state(pgdat, NR_ISOLATED_ANON)),
		K(node_state(pgdat, NR_ISOLATED_FILE)), K(node_state(pgdat, NR_FILE_MAPPED)),
		K(node_state(pgdat, NR_FILE_DIRTY)), K(node_state(pgdat, NR_WRITEBACK)),
		K(node_state(pgdat, NR_SHMEM)), K((unsigned long)pgdat->vm_stat[NR_SHMEM_THPS]),
		K((unsigned long)pgdat->vm_stat[NR_SHMEM_PMDMAPPED]),
		K((unsigned long)pgdat->vm_stat[NR_ANON_THPS]),
		node_state(pgdat, NR_KERNEL_STACK_KB), K(node_state(pgdat, NR_PAGETABLE)),
		K(node_state(pgdat, NR_SECONDARY_PAGETABLE)), K(node_state(pgdat, NR_BALLOON_PAGES)));
}

static void show_zone(struct machine *m, const struct zone *z)
{
	static const char types[MIGRATE_TYPES] = { 'U', 'M', 'E', 'H', 'I' };
	g_autoptr(GString) s = g_string_new(NULL);
	unsigned long total = 0;

	pr_warn(m, "Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB "
		"reserved_highatomic:%luKB free_highatomic:0KB active_anon:%lukB inactive_anon:%lukB "
		"active_file:%lukB inactive_file:%lukB unevictable:%lukB writepending:%lukB zspages:%lukB "
		"present:%lukB managed:%lukB mlocked:%lukB bounce:0kB free_pcp:%lukB local_pcp:%lukB "
		"free_cma:%lukB",
		z->zone_pgdat->node_id, z->name, K(z->vm_stat[NR_FREE_PAGES]), K(z->watermark_boost),
		K(min_wmark_pages(z)), K(low_wmark_pages(z)), K(high_wmark_pages(z)),
		K(z->nr_reserved_highatomic), K(z->vm_stat[NR_ZONE_ACTIVE_ANON]),
		K(z->vm_stat[NR_ZONE_INACTIVE_ANON]), K(z->vm_stat[NR_ZONE_ACTIVE_FILE]),
		K(z->vm_stat[NR_ZONE_INACTIVE_FILE]), K(z->vm_stat[NR_ZONE_UNEVICTABLE]),
		K(z->vm_stat[NR_ZONE_WRITE_PENDING]), K(z->vm_stat[NR_ZSPAGES]), K(z->present_pages),
		K(z->managed_pages), K(z->vm_stat[NR_MLOCK]), K(nr_pcp_pages(z, -1, m->nr_cpus)),
		K(nr_pcp_pages(z, smp_processor_id(m), m->nr_cpus)), K(z->vm_stat[NR_FREE_CMA_PAGES]));

	g_string_append(s, "lowmem_reserve[]:");
	for (int i = 0; i < z->zone_pgdat->nr_zones; i++)
		g_string_append_printf(s, " %ld", z->lowmem_reserve[i]);
	pr_warn(m, "%s", s->str);

	g_string_printf(s, "Node %d %s: ", z->zone_pgdat->node_id, z->name);
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &z->free_area[o];

		g_string_append_printf(s, "%lu*%lukB ", area->nr_free, K(1UL << o));
		total += area->nr_free << o;
		if (!area->nr_free)
			continue;
		g_string_append_c(s, '(');
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (area->nr_free_mt[mt])
				g_string_append_c(s, types[mt]);
		g_string_append(s, ") ");
	}
	g_string_append_printf(s, "= %lukB", K(total));
	pr_warn(m, "%s", s->str);
}

/**
 * __show_mem - the Mem-Info report that follows an allocation failure (the
 * OOM killer's report and sysrq m print it too), from the
 * same counters the files show.
 */
void __show_mem(struct machine *m)
{
	unsigned long highmem = 0, free_pcp = 0;
	int nid;

	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++)
			if (populated_zone(&pgdat->node_zones[i]))
				free_pcp += nr_pcp_pages(&pgdat->node_zones[i], -1, m->nr_cpus);
	}

	pr_warn(m, "Mem-Info:");
	pr_warn(m, "active_anon:%lu inactive_anon:%lu isolated_anon:%lu\n"
		" active_file:%lu inactive_file:%lu isolated_file:%lu\n"
		" unevictable:%lu dirty:%lu writeback:%lu\n"
		" slab_reclaimable:%lu slab_unreclaimable:%lu\n"
		" mapped:%lu shmem:%lu pagetables:%lu\n"
		" sec_pagetables:%lu bounce:0\n"
		" kernel_misc_reclaimable:%lu\n"
		" free:%lu free_pcp:%lu free_cma:%lu",
		global_node_page_state(m, NR_ACTIVE_ANON), global_node_page_state(m, NR_INACTIVE_ANON),
		global_node_page_state(m, NR_ISOLATED_ANON), global_node_page_state(m, NR_ACTIVE_FILE),
		global_node_page_state(m, NR_INACTIVE_FILE), global_node_page_state(m, NR_ISOLATED_FILE),
		global_node_page_state(m, NR_UNEVICTABLE), global_node_page_state(m, NR_FILE_DIRTY),
		global_node_page_state(m, NR_WRITEBACK),
		global_node_page_state_pages(m, NR_SLAB_RECLAIMABLE_B),
		global_node_page_state_pages(m, NR_SLAB_UNRECLAIMABLE_B),
		global_node_page_state(m, NR_FILE_MAPPED), global_node_page_state(m, NR_SHMEM),
		global_node_page_state(m, NR_PAGETABLE), global_node_page_state(m, NR_SECONDARY_PAGETABLE),
		global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE),
		global_zone_page_state(m, NR_FREE_PAGES), free_pcp, global_zone_page_state(m, NR_FREE_CMA_PAGES));
	for_each_online_node(m, nid)
		show_node(m, NODE_DATA(m, nid));
	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++) {
			const struct zone *z = &pgdat->node_zones[i];

			if (!populated_zone(z))
				continue;
			show_zone(m, z);
			if (is_highmem(z) || z->type == ZONE_MOVABLE)
				highmem += z->present_pages;
		}
	}
	pr_warn(m, "%lu total pagecache pages", global_node_page_state(m, NR_FILE_PAGES));
	pr_warn(m, "%lu pages in swap cache", global_node_page_state(m, NR_SWAPCACHE));
	pr_warn(m, "Free swap  = %lukB", K(nr_swap_pages(m)));
	pr_warn(m, "Total swap = %lukB", K(total_swap_pages(m)));
	pr_warn(m, "%lu pages RAM", m->totalram_pages + m->reserved_pages);
	pr_warn(m, "%lu pages HighMem/MovableOnly", highmem);
	pr_warn(m, "%lu pages reserved", m->reserved_pages);
}
