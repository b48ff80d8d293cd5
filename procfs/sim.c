// SPDX-License-Identifier: GPL-2.0
/*
 * The simulator's own files under sim/: the clock, the machine description
 * in effect, and a picture of physical memory.
 */
#include "files.h"
#include "machine_desc.h"
#include "mm/internal.h"

/*
 * sim/clock: "KEY VALUE" lines, like /proc/vmstat, so scripts can read one
 * with awk:
 *   now_ns N          simulated nanoseconds since boot
 *   uptime S.NNNNNNNNN   the same in seconds
 *   timers N          timers armed and not yet due
 * The clock mode (manual or realtime) belongs to the daemon, not the
 * machine, and is not shown here.
 */
static int sim_clock_show(const struct pfs_req *r, GString *out)
{
	uint64_t now = sim_clock_now(&r->m->clock);

	g_string_append_printf(out, "now_ns %llu\n", (unsigned long long)now);
	g_string_append_printf(out, "uptime %llu.%09llu\n", now / NSEC_PER_SEC, now % NSEC_PER_SEC);
	g_string_append_printf(out, "timers %d\n", g_sequence_get_length(r->m->clock.timers));
	return 0;
}

const struct pfs_file_ops sim_clock_ops = {
	.show = sim_clock_show,
};

/* sim/machine: the description as a key file --config loads back */
static int sim_machine_show(const struct pfs_req *r, GString *out)
{
	g_autofree char *text = machine_desc_to_text(&r->m->desc);

	g_string_append(out, text);
	return 0;
}

const struct pfs_file_ops sim_machine_ops = {
	.show = sim_machine_show,
};

/* ---------------------------------------------------------------- sim/physmap */

#define PHYSMAP_COLS	64

static const char migratetype_letter[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE] = 'U',
	[MIGRATE_MOVABLE] = 'M',
	[MIGRATE_RECLAIMABLE] = 'R',
	[MIGRATE_HIGHATOMIC] = 'H',
	[MIGRATE_ISOLATE] = 'I',
};

static const char physmap_legend[] =
	"# sim/physmap: one character per pageblock (512 pages), 64 per line\n"
	"#   .          every page free\n"
	"#   U M R H I  some pages allocated: the pageblock's migratetype\n"
	"#              (Unmovable Movable Reclaimable HighAtomic Isolate)\n"
	"#   X          every page reserved at boot\n"
	"#   x          some pages reserved at boot, the rest free\n"
	"#   #          no RAM\n";

/* Pages of one pageblock, by state, counting only PFNs inside @zone. */
static void pageblock_census(const struct machine *m, const struct zone *zone,
			     unsigned long start, unsigned long nr[4])
{
	unsigned long end = MIN(start + pageblock_nr_pages, zone_end_pfn(zone));
	unsigned long pfn = MAX(start, zone->zone_start_pfn);

	nr[PAGE_STATE_HOLE] = pageblock_nr_pages - (end - pfn);
	nr[PAGE_STATE_RESERVED] = nr[PAGE_STATE_FREE] = nr[PAGE_STATE_ALLOCATED] = 0;
	while (pfn < end) {
		unsigned long head, next;
		unsigned int order;
		int mt;
		enum page_state st = pfn_state(m, pfn, &head, &order, &mt);

		/* a buddy or allocated block: skip to its end in one step */
		next = (st == PAGE_STATE_FREE || st == PAGE_STATE_ALLOCATED) ?
		       MIN(head + (1UL << order), end) : pfn + 1;
		nr[st] += next - pfn;
		pfn = next;
	}
}

static char pageblock_char(const struct machine *m, unsigned long start, const unsigned long nr[4])
{
	if (nr[PAGE_STATE_ALLOCATED]) {
		int mt = get_pageblock_migratetype(m, start);

		return mt >= 0 && mt < MIGRATE_TYPES ? migratetype_letter[mt] : '?';
	}
	if (nr[PAGE_STATE_RESERVED])
		return nr[PAGE_STATE_FREE] ? 'x' : 'X';
	return nr[PAGE_STATE_FREE] ? '.' : '#';
}

static void physmap_zone(GString *out, const struct machine *m, const struct zone *zone)
{
	unsigned long first = zone->zone_start_pfn & ~(pageblock_nr_pages - 1);
	unsigned long end = zone_end_pfn(zone);
	int col = 0;

	g_string_append_printf(out, "Node %d, zone %8s  pfn %#lx-%#lx\n",
			       zone->zone_pgdat->node_id, zone->name, zone->zone_start_pfn, end);
	for (unsigned long pfn = first; pfn < end; pfn += pageblock_nr_pages) {
		unsigned long nr[4];

		if (col == 0)
			g_string_append_printf(out, "0x%08lx ", pfn);
		pageblock_census(m, zone, pfn, nr);
		g_string_append_c(out, pageblock_char(m, pfn, nr));
		if (++col == PHYSMAP_COLS) {
			g_string_append_c(out, '\n');
			col = 0;
		}
	}
	if (col)
		g_string_append_c(out, '\n');
}

static int sim_physmap_show(const struct pfs_req *r, GString *out)
{
	const struct machine *m = r->m;
	int nid;

	g_string_append(out, physmap_legend);
	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++)
			if (pgdat->node_zones[i].spanned_pages)
				physmap_zone(out, m, &pgdat->node_zones[i]);
	}
	return 0;
}

const struct pfs_file_ops sim_physmap_ops = {
	.show = sim_physmap_show,
};
