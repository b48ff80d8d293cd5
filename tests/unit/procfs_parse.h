/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for the text of the memory files, shared by the procfs unit tests:
 * a file read back into numbers, so that tests can check the kernel's
 * formulas and the moves after allocations from the text alone. A line the
 * parser does not expect fails the test.
 */
#ifndef TESTS_UNIT_PROCFS_PARSE_H
#define TESTS_UNIT_PROCFS_PARSE_H

#include "mm/internal.h"
#include "testutil.h"

#define NODE_DIR	"sys/devices/system/node/"
#define KB_PER_PAGE	((long)(PAGE_SIZE >> 10))

/* Every file is checked on each of these presets. */
#define NR_PRESETS	4
extern const char *const presets[NR_PRESETS];

#define is_i386(m)		((m)->desc.arch == ARCH_I386)

/* ---------------------------------------------------------------- text */

/* Render @file of node @nid; returned string is owned by the caller. */
char *render_node(struct machine *m, int nid, const char *file);

/* The lines of @text, without the empty string after the final newline. */
char **split_lines(const char *text);

/* @text with every match of @pattern (multi-line) replaced by @with */
char *replace(const char *text, const char *pattern, const char *with);

/* The first word of every line, one per line. */
char *names_of(const char *text);

/* The value of "Name: value" or "name value", @skip leading words ("Node 0") ignored. */
unsigned long kv(const char *text, int skip, const char *name);

#define meminfo_kb(text, name)	kv(text, 0, name)
#define vmstat_val(text, name)	kv(text, 0, name)

/* How much @name fell (rose) from @a to @b, in the file @skip words of each line name. */
long fell(const char *a, const char *b, int skip, const char *name);
long rose(const char *a, const char *b, int skip, const char *name);

/* ---------------------------------------------------------------- buddyinfo, pagetypeinfo */

/*
 * A "Node 0, zone   Normal[, type Movable] n n ..." line of buddyinfo or
 * pagetypeinfo: the node, zone and type, and the numbers after them.
 */
struct count_line {
	int nid;
	char zone[16], type[16];
	int nr;
	unsigned long v[NR_PAGE_ORDERS];
};

/* Every count line of @text, in order, as an array of struct count_line. */
GArray *parse_counts(const char *text);

/* The line of @nid/@zone and @type ("" for a line without a type), or NULL. */
struct count_line *count_find(GArray *a, int nid, const char *zone, const char *type);

/* The free pages a buddyinfo line counts. */
unsigned long buddy_pages(const struct count_line *b);

/* ---------------------------------------------------------------- zoneinfo */

/* One zone of /proc/zoneinfo. */
struct zinfo {
	int nid;
	char zone[16];
	bool node_stats;	/* carries the per-node stats */
	bool populated;		/* carries zone stats and pagesets */
	unsigned long free, boost, min, low, high, promo, spanned, present, managed, cma;
	unsigned long nr_free_pages;
	long prot[MAX_ZONES_PER_NODE];
	int nprot;
	int ncpus;
	long count, pcp_high, batch, high_min, high_max, threshold;	/* of the first cpu */
};

/* The zones of /proc/zoneinfo, in order, as an array of struct zinfo. */
GArray *parse_zoneinfo(const char *text);

#define zinfo_at(zones, i)	(&g_array_index(zones, struct zinfo, i))

/* ---------------------------------------------------------------- slabinfo */

/* One cache of /proc/slabinfo. */
struct slabline {
	char name[64];
	unsigned long active_objs, num_objs, active_slabs, num_slabs, shared_avail;
	unsigned int objsize, objperslab, pagesperslab, limit, batchcount, shared;
};

/* The cache lines after the two header lines; each must be exactly as cache_show() prints it. */
GArray *parse_slabinfo(const char *text);

/* The cache called @name, or NULL. */
const struct slabline *slab_find(GArray *a, const char *name);

#define slab_at(a, i)	(&g_array_index(a, struct slabline, i))

/* ---------------------------------------------------------------- snapshots */

/* The memory files of a machine at one moment, and their parsed counts. */
struct snapshot {
	char *meminfo, *buddyinfo, *vmstat, *pagetypeinfo;
	char *node_meminfo[MAX_NUMNODES], *numastat[MAX_NUMNODES];
	int nr_nodes;
	GArray *buddy, *zones;
};

/* Render and parse the files of @m into @s; snapshot_free() releases them. */
void snapshot_take(struct machine *m, struct snapshot *s);
void snapshot_free(struct snapshot *s);

#endif
