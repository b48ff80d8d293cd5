// SPDX-License-Identifier: GPL-2.0
/*
 * Debugging aids, as CONFIG_DEBUG_VM has them: GFP flag names for reports,
 * and the allocator's consistency check, which walks every free list and
 * every page of every zone. O(pages): for tests and the `check` verb, not
 * for a hot path.
 */
#include <string.h>

#include "internal.h"

const struct gfp_name gfp_names[] = {
	{ "GFP_TRANSHUGE",		GFP_TRANSHUGE },
	{ "GFP_TRANSHUGE_LIGHT",	GFP_TRANSHUGE_LIGHT },
	{ "GFP_HIGHUSER_MOVABLE",	GFP_HIGHUSER_MOVABLE },
	{ "GFP_HIGHUSER",		GFP_HIGHUSER },
	{ "GFP_USER",			GFP_USER },
	{ "GFP_KERNEL_ACCOUNT",		GFP_KERNEL_ACCOUNT },
	{ "GFP_KERNEL",			GFP_KERNEL },
	{ "GFP_NOFS",			GFP_NOFS },
	{ "GFP_ATOMIC",			GFP_ATOMIC },
	{ "GFP_NOIO",			GFP_NOIO },
	{ "GFP_NOWAIT",			GFP_NOWAIT },
	{ "GFP_DMA",			GFP_DMA },
	{ "__GFP_HIGHMEM",		__GFP_HIGHMEM },
	{ "GFP_DMA32",			GFP_DMA32 },
	{ "__GFP_HIGH",			__GFP_HIGH },
	{ "__GFP_IO",			__GFP_IO },
	{ "__GFP_FS",			__GFP_FS },
	{ "__GFP_ZERO",			__GFP_ZERO },
	{ "__GFP_DIRECT_RECLAIM",	__GFP_DIRECT_RECLAIM },
	{ "__GFP_KSWAPD_RECLAIM",	__GFP_KSWAPD_RECLAIM },
	{ "__GFP_WRITE",		__GFP_WRITE },
	{ "__GFP_NOWARN",		__GFP_NOWARN },
	{ "__GFP_RETRY_MAYFAIL",	__GFP_RETRY_MAYFAIL },
	{ "__GFP_NOFAIL",		__GFP_NOFAIL },
	{ "__GFP_NORETRY",		__GFP_NORETRY },
	{ "__GFP_MEMALLOC",		__GFP_MEMALLOC },
	{ "__GFP_COMP",			__GFP_COMP },
	{ "__GFP_NOMEMALLOC",		__GFP_NOMEMALLOC },
	{ "__GFP_HARDWALL",		__GFP_HARDWALL },
	{ "__GFP_THISNODE",		__GFP_THISNODE },
	{ "__GFP_ACCOUNT",		__GFP_ACCOUNT },
	{ "__GFP_MOVABLE",		__GFP_MOVABLE },
	{ "__GFP_RECLAIMABLE",		__GFP_RECLAIMABLE },
	{ "__GFP_DMA",			__GFP_DMA },
	{ "__GFP_DMA32",		__GFP_DMA32 },
	{ "__GFP_RECLAIM",		__GFP_RECLAIM },
};
const unsigned int nr_gfp_names = G_N_ELEMENTS(gfp_names);

/**
 * gfp_flags_string - write @gfp into @buf as the kernel's %pGg prints it
 *
 * The composite names first ("GFP_KERNEL|__GFP_ZERO"), then the bits left.
 */
void gfp_flags_string(gfp_t gfp, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	/* the composites and single flags the kernel's %pGg knows, in its order */
	for (unsigned int i = 0; i < nr_gfp_names - 5 && gfp; i++) {
		gfp_t f = gfp_names[i].flags;

		if ((gfp & f) != f)
			continue;
		used += (size_t)g_snprintf(buf + used, len - MIN(used, len), "%s%s",
					   used ? "|" : "", gfp_names[i].name);
		gfp &= ~f;
	}
	if (gfp)
		g_snprintf(buf + used, len - MIN(used, len), "%s%#x", used ? "|" : "", gfp);
}

/* ---------------------------------------------------------------- checks */

/**
 * pfn_state - where @pfn stands: hole, reserved, free or allocated
 *
 * For a block, *@head, *@order and *@mt get its first PFN, order and
 * migratetype (sim/physmap and the checker read them).
 */
enum page_state pfn_state(const struct machine *m, unsigned long pfn,
			  unsigned long *head, unsigned int *order, int *mt)
{
	const struct page *page = pfn_to_page(m, pfn);

	*head = pfn;
	*order = 0;
	*mt = page->migratetype;
	if (page->flags & PG_nomap)
		return PAGE_STATE_HOLE;
	if (page->flags & PG_reserved)
		return PAGE_STATE_RESERVED;
	if (page->flags & (PG_buddy | PG_head | PG_pcp)) {
		*order = page->order;
		return (page->flags & PG_head) ? PAGE_STATE_ALLOCATED : PAGE_STATE_FREE;
	}
	if (m->maxblock[pfn >> MAX_PAGE_ORDER].flags & PG_buddy) {
		*head = pfn & ~((1UL << MAX_PAGE_ORDER) - 1);
		*order = MAX_PAGE_ORDER;
		*mt = m->maxblock[pfn >> MAX_PAGE_ORDER].migratetype;
		return PAGE_STATE_FREE;
	}
	/* a tail: find the block that covers it */
	for (unsigned int o = 1; o < MAX_PAGE_ORDER; o++) {
		unsigned long h = pfn & ~((1UL << o) - 1);
		const struct page *hp = pfn_to_page(m, h);

		if ((hp->flags & (PG_buddy | PG_head | PG_pcp)) && hp->order >= o) {
			*head = h;
			*order = hp->order;
			*mt = hp->migratetype;
			return (hp->flags & PG_head) ? PAGE_STATE_ALLOCATED : PAGE_STATE_FREE;
		}
	}
	return PAGE_STATE_HOLE;
}

static int check_free_lists(struct machine *m, struct zone *zone)
{
	unsigned long pages = 0, blocks_pages = 0;
	int bad = 0;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &zone->free_area[o];
		unsigned long total = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long n = 0;
			uint32_t pfn = area->free_list[mt];

			if (pfn != PFN_NONE) {
				do {
					const struct page *p = free_block_head(m, pfn, o);

					if (!(p->flags & PG_buddy) || p->order != o || p->migratetype != mt ||
					    (pfn & ((1UL << o) - 1)) || !zone_spans_pfn(zone, pfn + (1UL << o) - 1) ||
					    free_block_head(m, p->next, o)->prev != pfn ||
					    (o == MAX_PAGE_ORDER && pfn_to_page(m, pfn)->flags)) {
						pr_err(m, "BUG: %s free list order %u %s: bad block at pfn %#x",
						       zone->name, o, migratetype_names[mt], pfn);
						return 1;
					}
					if (o < pageblock_order && get_pageblock_migratetype(m, pfn) != mt) {
						pr_err(m, "BUG: %s pfn %#x on %s list in a %s pageblock", zone->name, pfn,
						       migratetype_names[mt],
						       migratetype_names[get_pageblock_migratetype(m, pfn)]);
						bad++;
					}
					/* an uncoalesced pair is a merge the free path missed */
					if (o < MAX_PAGE_ORDER && page_is_buddy(m, zone, pfn ^ (1UL << o), o) &&
					    (o < pageblock_order ||
					     migratetype_is_mergeable(pfn_to_page(m, pfn ^ (1UL << o))->migratetype))) {
						pr_err(m, "BUG: %s buddies %#x and %#lx of order %u left apart",
						       zone->name, pfn, pfn ^ (1UL << o), o);
						bad++;
					}
					if (!(++n % CHECK_SLICE_ENTRIES))
						cond_resched(m);	/* readers may go first */
					pfn = p->next;
				} while (pfn != area->free_list[mt] && n <= zone->spanned_pages);
			}
			if (n != area->nr_free_mt[mt]) {
				pr_err(m, "BUG: %s order %u %s: %lu blocks listed, %lu counted", zone->name, o,
				       migratetype_names[mt], n, area->nr_free_mt[mt]);
				bad++;
			}
			total += n;
		}
		if (total != area->nr_free) {
			pr_err(m, "BUG: %s order %u: nr_free %lu, %lu listed", zone->name, o, area->nr_free, total);
			bad++;
		}
		pages += total << o;
		if (o >= pageblock_order)
			blocks_pages += total << o;
	}
	if (pages != (unsigned long)zone->vm_stat[NR_FREE_PAGES] ||
	    blocks_pages != (unsigned long)zone->vm_stat[NR_FREE_PAGES_BLOCKS]) {
		pr_err(m, "BUG: %s: free lists hold %lu pages (%lu in blocks), counters say %ld (%ld)",
		       zone->name, pages, blocks_pages, zone->vm_stat[NR_FREE_PAGES],
		       zone->vm_stat[NR_FREE_PAGES_BLOCKS]);
		bad++;
	}
	return bad;
}

/* Every present page is in exactly one free block, allocated block or reservation. */
static int check_zone_pages(struct machine *m, struct zone *zone)
{
	unsigned long free = 0, used = 0, reserved = 0, present = 0, pcp = 0;
	unsigned long end = zone_end_pfn(zone), slice = zone->zone_start_pfn + CHECK_SLICE_PAGES;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < end;) {
		const struct page *page = pfn_to_page(m, pfn);
		unsigned long nr = 1;

		if (pfn >= slice) {
			cond_resched(m);	/* a GiB at a time: readers need not wait for a TiB */
			slice = pfn + CHECK_SLICE_PAGES;
		}

		/* a free max-order block: its head lives in the side table */
		if (!page->flags && !(pfn & ((1UL << MAX_PAGE_ORDER) - 1)) &&
		    (m->maxblock[pfn >> MAX_PAGE_ORDER].flags & PG_buddy))
			page = &m->maxblock[pfn >> MAX_PAGE_ORDER];
		if (page->flags & PG_nomap) {
			pfn++;
			continue;
		}
		if (page->flags & PG_reserved) {
			reserved++;
		} else if (page->flags & (PG_buddy | PG_head | PG_pcp)) {
			nr = 1UL << page->order;
			if (pfn + nr > end) {
				pr_err(m, "BUG: %s block at %#lx order %u runs past the zone", zone->name, pfn,
				       page->order);
				return 1;
			}
			for (unsigned long t = pfn + 1; t < pfn + nr; t++) {
				if (pfn_to_page(m, t)->flags) {
					pr_err(m, "BUG: %s block at %#lx order %u overlaps pfn %#lx", zone->name, pfn,
					       page->order, t);
					return 1;
				}
			}
			if (page->flags & PG_buddy)
				free += nr;
			else if (page->flags & PG_pcp)
				pcp += nr;
			else
				used += nr;
		} else {
			pr_err(m, "BUG: %s pfn %#lx is neither free, allocated nor reserved", zone->name, pfn);
			return 1;
		}
		present += nr;
		pfn += nr;
	}
	if (present != zone->present_pages || free + pcp + used != zone->managed_pages ||
	    present - reserved != zone->managed_pages) {
		pr_err(m, "BUG: %s: present %lu (counted %lu), managed %lu, free %lu + pcp %lu + used %lu, reserved %lu",
		       zone->name, zone->present_pages, present, zone->managed_pages, free, pcp, used,
		       reserved);
		return 1;
	}
	if (pcp != nr_pcp_pages(zone, -1, m->nr_cpus)) {
		pr_err(m, "BUG: %s: %lu pages marked per-cpu, the pcp counts say %lu", zone->name, pcp,
		       nr_pcp_pages(zone, -1, m->nr_cpus));
		return 1;
	}
	return 0;
}

/*
 * Every CPU's lists of @zone: each entry the head of a PG_pcp block of the
 * list's order and type inside the zone, the links both ways ending in
 * PFN_NONE at the list's head and tail, the pages adding up to the pcp's
 * count; the high marks outside the zone's bounds counted right.
 */
static int check_pcp_lists(struct machine *m, struct zone *zone)
{
	int stale = 0;

	if (!zone->per_cpu_pageset)
		return 0;
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		stale += pcp_high_stale(zone, zone->per_cpu_pageset[cpu].high);
	if (stale != zone->nr_pcp_high_stale ||
	    !stale != !(zone->flags & ZONE_PCP_HIGH_STALE)) {
		pr_err(m, "BUG: %s: %d pcp high marks outside [%d, %d], counted %d, flag %d",
		       zone->name, stale, zone->pcp_high_min, zone->pcp_high_max,
		       zone->nr_pcp_high_stale, !!(zone->flags & ZONE_PCP_HIGH_STALE));
		return 1;
	}
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		unsigned long pages = 0;

		for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
			uint32_t pfn = pcp->lists[i].head, prev = PFN_NONE;
			unsigned long n = 0;

			while (pfn != PFN_NONE && n++ <= zone->spanned_pages) {
				const struct page *p = pfn_to_page(m, pfn);

				if (pfn >= m->max_pfn || p->flags != PG_pcp ||
				    order_to_pindex(p->migratetype, p->order) != i ||
				    (pfn & ((1UL << p->order) - 1)) || !zone_spans_pfn(zone, pfn) ||
				    !zone_spans_pfn(zone, pfn + (1UL << p->order) - 1) ||
				    p->prev != prev || p->migratetype >= MIGRATE_PCPTYPES) {
					pr_err(m, "BUG: %s cpu %d pcp list %u: bad block at pfn %#x", zone->name,
					       cpu, i, pfn);
					return 1;
				}
				pages += 1UL << p->order;
				prev = pfn;
				pfn = p->next;
			}
			if (pfn != PFN_NONE || prev != pcp->lists[i].tail) {
				pr_err(m, "BUG: %s cpu %d pcp list %u: tail %#x, the links end at %#x",
				       zone->name, cpu, i, pcp->lists[i].tail, prev);
				return 1;
			}
		}
		if (pages != (unsigned long)pcp->count) {
			pr_err(m, "BUG: %s cpu %d: pcp lists hold %lu pages, count %d", zone->name, cpu,
			       pages, pcp->count);
			return 1;
		}
	}
	return 0;
}

/**
 * page_alloc_check - the allocator half of machine_check()
 *
 * Free lists, the zone walk over every page frame (one slice of
 * CHECK_SLICE_PAGES at a time) and totalram_pages. Returns the violations
 * it logged.
 */
int page_alloc_check(struct machine *m)
{
	unsigned long managed = 0;
	int bad = 0, nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++) {
			struct zone *zone = &pgdat->node_zones[i];

			bad += check_free_lists(m, zone);
			bad += check_pcp_lists(m, zone);
			bad += check_zone_pages(m, zone);
			managed += zone->managed_pages;
		}
	}
	if (managed != m->totalram_pages) {
		pr_err(m, "BUG: totalram_pages %lu, zones manage %lu", m->totalram_pages, managed);
		bad++;
	}
	return bad;
}

/**
 * dump_page - the kernel's dump_page() lines for @pfn, ending with why.
 */
/*
 * The release and version the simulated kernel reports (utsname): the
 * kernel whose formulas the engine follows. Debian's 6.18 builds are
 * PREEMPT_DYNAMIC, booted voluntary, without build ids in their traces.
 */
#define UTS_RELEASE	"6.18.0"
#define UTS_VERSION	"#1"
#define PREEMPT_MODEL	"PREEMPT(voluntary)"

/**
 * dump_stack - lib/dump_stack.c for a simulated kernel: the task line and
 * the frames of the path that asked, innermost first: @top, then @path
 * (the callers' own frames), then the engine functions that named
 * themselves with STACK_FRAME(); no offsets, there is no kernel image. A
 * request that no simulated task makes (sim/ctl) runs as pid 0.
 */
void dump_stack(struct machine *m, const char *const *top, const char *const *path)
{
	const struct task_struct *t = m->current;

	printk(m, LOGLEVEL_WARNING, "CPU: %d UID: %u PID: %d Comm: %.20s Not tainted %s %s %s ",
	       smp_processor_id(m), t ? (unsigned int)t->uid : 0, t ? t->pid : 0,
	       current_comm(m), UTS_RELEASE, UTS_VERSION, PREEMPT_MODEL);
	printk(m, LOGLEVEL_WARNING, "Call Trace:");
	printk(m, LOGLEVEL_WARNING, " <TASK>");
	for (; top && *top; top++)
		printk(m, LOGLEVEL_WARNING, " %s", *top);
	for (; path && *path; path++)
		printk(m, LOGLEVEL_WARNING, " %s", *path);
	for (int i = MIN(m->frames.depth, STACK_FRAMES_MAX) - 1; i >= 0; i--)
		printk(m, LOGLEVEL_WARNING, " %s", m->frames.fn[i]);
	printk(m, LOGLEVEL_WARNING, " </TASK>");
}

void cpuset_mems_allowed(const struct machine *m, char *buf, size_t len)
{
	/* every task is in the root cpuset, allowed every node (%*pbl) */
	if (m->nr_nodes > 1)
		g_snprintf(buf, len, "cpuset=/,mems_allowed=0-%d", m->nr_nodes - 1);
	else
		g_snprintf(buf, len, "cpuset=/,mems_allowed=0");
}

void dump_page(struct machine *m, unsigned long pfn, const char *reason)
{
	const struct page *page = pfn_to_page(m, pfn);
	struct zone *zone = page_zone_pfn(m, pfn);

	pr_warn(m, "page: refcount:%d mapcount:0 mapping:0000000000000000 index:0x0 pfn:%#lx",
		(page->flags & PG_head) ? 1 : 0, pfn);
	pr_warn(m, "flags: %#x(node=%d|zone=%d)", page->flags, zone ? zone->zone_pgdat->node_id : 0,
		zone ? zone_idx(zone) : 0);
	pr_warn(m, "page dumped because: %s", reason);
}

/**
 * bad_page - free_page_is_bad()'s report: the banner naming the current
 * task, then the page. The caller refuses the free; nothing changes.
 */
void bad_page(struct machine *m, unsigned long pfn, const char *reason)
{
	pr_alert(m, "BUG: Bad page state in process %s  pfn:%05lx", current_comm(m), pfn);
	dump_page(m, pfn, reason);
}
