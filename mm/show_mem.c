// SPDX-License-Identifier: GPL-2.0
/*
 * The derived figures meminfo shows: MemAvailable (si_mem_available) and the
 * x86 direct-map split.
 */
#include "internal.h"

unsigned long totalram_pages(const struct machine *m)
{
	return m->totalram_pages;
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
 * RAM range with the largest pages its alignment allows. i386 maps lowmem
 * only and has no 1G pages (its 2M line is what PAE names DirectMap2M).
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
				map_range(s, e, m->desc.arch != ARCH_I386, kb);
		}
	}
}
