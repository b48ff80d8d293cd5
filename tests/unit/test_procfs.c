// SPDX-License-Identifier: GPL-2.0
/*
 * The memory files: meminfo, buddyinfo, pagetypeinfo, zoneinfo, vmstat,
 * swaps, slabinfo and the node files.
 *
 * Four kinds of checks: byte-exact golden text of every preset at boot
 * (golden/<preset>/); the layout of a live 6.18 kernel's files
 * (golden/kernel-6.18/, captured on an x86_64 VM whose zones and CPUs match
 * the "default" preset); the kernel's formulas recomputed from the rendered
 * text alone; and exact moves of the numbers after allocations.
 *
 * A machine boots with its slab caches populated (the preset's slab
 * profile), so nothing here assumes an empty machine: allocations are
 * checked by how much they move the numbers, and the boot state by how the
 * files agree with each other.
 *
 * MMSIMFS_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing
 * them; review the diff before committing it.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "testutil.h"

#define NODE_DIR	"sys/devices/system/node/"
#define KERNEL_SAMPLES	GOLDEN_DIR "/kernel-6.18/"
#define KB_PER_PAGE	((long)(PAGE_SIZE >> 10))

static const char *const presets[] = { "tiny", "default", "numa2", "i386-highmem" };
#define NR_PRESETS	((int)G_N_ELEMENTS(presets))

/* ---------------------------------------------------------------- text helpers */

static char *read_sample(const char *name)
{
	g_autofree char *path = g_strconcat(KERNEL_SAMPLES, name, NULL);
	g_autoptr(GError) err = NULL;
	char *text = NULL;

	ck_assert_msg(g_file_get_contents(path, &text, NULL, &err), "%s: %s", path,
		      err ? err->message : "");
	return text;
}

static char *render_node(struct machine *m, int nid, const char *file)
{
	g_autofree char *path = g_strdup_printf(NODE_DIR "node%d/%s", nid, file);

	return render(m, path);
}

/* The lines of @text, without the empty string after the final newline. */
static char **split_lines(const char *text)
{
	char **lines = g_strsplit(text, "\n", -1);
	guint n = g_strv_length(lines);

	if (n && !*lines[n - 1]) {
		g_free(lines[n - 1]);
		lines[n - 1] = NULL;
	}
	return lines;
}

/* @text with every match of @pattern (multi-line) replaced by @with */
static char *replace(const char *text, const char *pattern, const char *with)
{
	g_autoptr(GRegex) re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, NULL);

	return g_regex_replace(re, text, -1, 0, with, 0, NULL);
}

/* The first word of every line, one per line. */
static char *names_of(const char *text)
{
	return replace(text, "^ *(\\S*).*$", "\\1");
}

/* Digits to '#', runs of spaces to one: the layout without the values. */
static char *shape(const char *text)
{
	g_autofree char *hashed = replace(text, "[0-9]+", "#");

	return replace(hashed, " +", " ");
}

static void ck_same_text(const char *got, const char *want, const char *what)
{
	g_auto(GStrv) g = g_strsplit(got, "\n", -1);
	g_auto(GStrv) w = g_strsplit(want, "\n", -1);

	for (int i = 0; g[i] || w[i]; i++)
		ck_assert_msg(g[i] && w[i] && !strcmp(g[i], w[i]),
			      "%s differs at line %d:\n  got:  '%s'\n  want: '%s'", what, i + 1,
			      g[i] ? g[i] : "(end)", w[i] ? w[i] : "(end)");
}

/* The value of "Name: value" or "name value", @skip leading words ("Node 0") ignored. */
static unsigned long kv(const char *text, int skip, const char *name)
{
	g_autofree char *quoted = g_regex_escape_string(name, -1);
	g_autofree char *pattern = g_strdup_printf("^(?:\\S+ +){%d}%s:? +(\\d+)", skip, quoted);
	g_autoptr(GRegex) re = g_regex_new(pattern, G_REGEX_MULTILINE, 0, NULL);
	g_autoptr(GMatchInfo) match = NULL;
	g_autofree char *value = NULL;

	ck_assert_msg(g_regex_match(re, text, 0, &match), "no '%s' in:\n%s", name, text);
	value = g_match_info_fetch(match, 1);
	return strtoul(value, NULL, 10);
}

#define meminfo_kb(text, name)	kv(text, 0, name)
#define vmstat_val(text, name)	kv(text, 0, name)

#define is_i386(m)		((m)->desc.arch == ARCH_I386)

/* ---------------------------------------------------------------- parsers */

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

static GArray *parse_counts(const char *text)
{
	g_auto(GStrv) lines = split_lines(text);
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct count_line));

	for (int i = 0; lines[i]; i++) {
		struct count_line c = { 0 };
		char *p, *end;
		int n = 0;

		if (sscanf(lines[i], "Node %d, zone %15[^,], type %15s %n", &c.nid, c.zone,
			   c.type, &n) != 3 &&
		    sscanf(lines[i], "Node %d, zone %15s %n", &c.nid, c.zone, &n) != 2)
			continue;
		g_strstrip(c.zone);
		for (p = lines[i] + n; c.nr < NR_PAGE_ORDERS; p = end) {
			c.v[c.nr] = strtoul(p, &end, 10);
			if (end == p)
				break;
			c.nr++;
		}
		ck_assert_msg(!*p || !strcmp(p, " "), "'%s': junk '%s'", lines[i], p);
		g_array_append_val(a, c);
	}
	return a;
}

static struct count_line *count_find(GArray *a, int nid, const char *zone, const char *type)
{
	for (guint i = 0; i < a->len; i++) {
		struct count_line *c = &g_array_index(a, struct count_line, i);

		if (c->nid == nid && !strcmp(c->zone, zone) && !strcmp(c->type, type))
			return c;
	}
	return NULL;
}

static unsigned long buddy_pages(const struct count_line *b)
{
	unsigned long pages = 0;

	for (int o = 0; o < b->nr && o < NR_PAGE_ORDERS; o++)
		pages += b->v[o] << o;
	return pages;
}

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

/* "        protection: (0, 3024, 3984, 3984, 3984)" */
static void parse_protection(struct zinfo *z, const char *line)
{
	g_auto(GStrv) parts = g_strsplit_set(strchr(line, '(') + 1, ",)", -1);

	for (int i = 0; parts[i + 1]; i++, z->nprot++) {
		ck_assert_int_lt(z->nprot, MAX_ZONES_PER_NODE);
		z->prot[z->nprot] = strtol(parts[i], NULL, 10);
	}
}

/* A line of a zone block; the pageset keys (with a colon) count for the first cpu only. */
static void parse_zone_line(struct zinfo *z, const char *line)
{
#define ZKEY(key, field)	{ key, offsetof(struct zinfo, field) }
	static const struct { const char *key; size_t off; } keys[] = {
		ZKEY("boost", boost), ZKEY("min", min), ZKEY("low", low), ZKEY("high", high),
		ZKEY("promo", promo), ZKEY("spanned", spanned), ZKEY("present", present),
		ZKEY("managed", managed), ZKEY("cma", cma), ZKEY("nr_free_pages", nr_free_pages),
		ZKEY("count:", count), ZKEY("high:", pcp_high), ZKEY("batch:", batch),
		ZKEY("high_min:", high_min), ZKEY("high_max:", high_max),
		ZKEY("threshold:", threshold),
	};
#undef ZKEY
	char key[64];
	long v;

	if (sscanf(line, "  pages free %lu", &z->free) == 1)
		return;
	z->node_stats |= !strcmp(line, "  per-node stats");
	z->populated |= !strcmp(line, "  pagesets");
	if (strstr(line, "protection:"))
		parse_protection(z, line);
	if (sscanf(line, " %63s %ld", key, &v) != 2 &&
	    sscanf(line, "  vm stats %63s %ld", key, &v) != 2)
		return;
	z->ncpus += !strcmp(key, "cpu:");
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (!strcmp(key, keys[i].key) && (!strchr(key, ':') || z->ncpus == 1))
			*(long *)((char *)z + keys[i].off) = v;
}

static GArray *parse_zoneinfo(const char *text)
{
	g_auto(GStrv) lines = split_lines(text);
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct zinfo));

	for (int i = 0; lines[i]; i++) {
		struct zinfo fresh = { 0 };

		if (sscanf(lines[i], "Node %d, zone %15s", &fresh.nid, fresh.zone) == 2) {
			g_array_append_val(a, fresh);
			continue;
		}
		ck_assert_uint_gt(a->len, 0);
		parse_zone_line(&g_array_index(a, struct zinfo, a->len - 1), lines[i]);
	}
	return a;
}

#define zinfo_at(zones, i)	(&g_array_index(zones, struct zinfo, i))

/* One cache of /proc/slabinfo. */
struct slabline {
	char name[64];
	unsigned long active_objs, num_objs, active_slabs, num_slabs, shared_avail;
	unsigned int objsize, objperslab, pagesperslab, limit, batchcount, shared;
};

/* The line cache_show() prints for @c. */
static char *slabline_text(const struct slabline *c)
{
	return g_strdup_printf("%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u"
			       " : slabdata %6lu %6lu %6lu", c->name, c->active_objs,
			       c->num_objs, c->objsize, c->objperslab, c->pagesperslab, c->limit,
			       c->batchcount, c->shared, c->active_slabs, c->num_slabs,
			       c->shared_avail);
}

/* The cache lines after the two header lines; each must be exactly as cache_show() prints it. */
static GArray *parse_slabinfo(const char *text)
{
	g_auto(GStrv) lines = split_lines(text);
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct slabline));

	ck_assert_uint_ge(g_strv_length(lines), 2);
	for (int i = 2; lines[i]; i++) {
		struct slabline c = { 0 };
		g_autofree char *again = NULL;

		ck_assert_msg(sscanf(lines[i], "%63s %lu %lu %u %u %u : tunables %u %u %u"
				     " : slabdata %lu %lu %lu", c.name, &c.active_objs, &c.num_objs,
				     &c.objsize, &c.objperslab, &c.pagesperslab, &c.limit,
				     &c.batchcount, &c.shared, &c.active_slabs, &c.num_slabs,
				     &c.shared_avail) == 12, "slabinfo line '%s'", lines[i]);
		again = slabline_text(&c);
		ck_assert_str_eq(lines[i], again);
		g_array_append_val(a, c);
	}
	return a;
}

static const struct slabline *slab_find(GArray *a, const char *name)
{
	for (guint i = 0; i < a->len; i++)
		if (!strcmp(g_array_index(a, struct slabline, i).name, name))
			return &g_array_index(a, struct slabline, i);
	return NULL;
}

#define slab_at(a, i)	(&g_array_index(a, struct slabline, i))

/* ---------------------------------------------------------------- golden files */

static bool update_golden(void)
{
	const char *e = getenv("MMSIMFS_UPDATE_GOLDEN");

	return e && !strcmp(e, "1");
}

/* proc/zoneinfo -> golden/default/zoneinfo; node1/meminfo -> golden/numa2/node1-meminfo */
static void ck_golden(const char *preset, const char *path, const char *text)
{
	const char *base = g_str_has_prefix(path, "proc/") ? path + 5 : path + strlen(NODE_DIR);
	g_autofree char *name = g_strdelimit(g_strdup(base), "/", '-');
	g_autofree char *dir = g_build_filename(GOLDEN_DIR, preset, NULL);
	g_autofree char *file = g_build_filename(dir, name, NULL);
	g_autofree char *what = g_strdup_printf("%s %s (vs %s)", preset, path, file);
	g_autofree char *want = NULL;
	g_autoptr(GError) err = NULL;

	if (update_golden()) {
		ck_assert_int_eq(g_mkdir_with_parents(dir, 0755), 0);
		ck_assert_msg(g_file_set_contents(file, text, -1, &err), "%s: %s", file,
			      err ? err->message : "");
		return;
	}
	ck_assert_msg(g_file_get_contents(file, &want, NULL, &err),
		      "%s: %s (MMSIMFS_UPDATE_GOLDEN=1 writes it)", file, err ? err->message : "");
	ck_same_text(text, want, what);
}

/* @paths with each "nodeN" path once per node */
static GPtrArray *expand_nodes(const struct machine *m, const char *const *paths, size_t n)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	for (size_t i = 0; i < n; i++) {
		const char *at = strstr(paths[i], "nodeN/");

		if (!at)
			g_ptr_array_add(out, g_strdup(paths[i]));
		for (int nid = 0; at && nid < m->nr_nodes; nid++)
			g_ptr_array_add(out, g_strdup_printf("%.*snode%d/%s", (int)(at - paths[i]),
							     paths[i], nid, at + strlen("nodeN/")));
	}
	return out;
}

/*
 * Every file of a preset. The one-line node files share one golden file,
 * each after a "==> path <==" line as head(1) prints them.
 */
START_TEST(test_golden)
{
	static const char *const files[] = {
		"proc/meminfo", "proc/buddyinfo", "proc/pagetypeinfo", "proc/zoneinfo",
		"proc/vmstat", "proc/swaps", "proc/slabinfo", NODE_DIR "nodeN/meminfo",
		NODE_DIR "nodeN/numastat", NODE_DIR "nodeN/vmstat",
	};
	static const char *const small_files[] = {
		NODE_DIR "online", NODE_DIR "possible", NODE_DIR "has_memory",
		NODE_DIR "has_normal_memory", NODE_DIR "has_cpu", NODE_DIR "nodeN/distance",
		NODE_DIR "nodeN/cpulist", NODE_DIR "nodeN/cpumap",
	};
	struct machine *m = boot_preset(presets[_i]);
	g_autoptr(GPtrArray) paths = expand_nodes(m, files, G_N_ELEMENTS(files));
	g_autoptr(GPtrArray) small = expand_nodes(m, small_files, G_N_ELEMENTS(small_files));
	g_autoptr(GString) joined = g_string_new(NULL);

	for (guint i = 0; i < paths->len; i++) {
		g_autofree char *text = render(m, g_ptr_array_index(paths, i));

		ck_golden(presets[_i], g_ptr_array_index(paths, i), text);
	}
	for (guint i = 0; i < small->len; i++) {
		const char *path = g_ptr_array_index(small, i);
		g_autofree char *text = render(m, path);

		g_string_append_printf(joined, "==> %s <==\n%s", path, text);
	}
	ck_golden(presets[_i], NODE_DIR "small-files", joined->str);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- the 6.18 layout */

/*
 * The "default" preset has the zones (DMA, DMA32, Normal populated; Movable
 * and Device empty) and the two CPUs of the VM the samples come from, so
 * every file has the sample's layout line for line; only values differ.
 */
START_TEST(test_layout_matches_kernel)
{
	static const char *const files[][2] = {
		{ "proc/meminfo", "proc_meminfo.txt" },
		{ "proc/buddyinfo", "proc_buddyinfo.txt" },
		{ "proc/pagetypeinfo", "proc_pagetypeinfo.txt" },
		{ "proc/zoneinfo", "proc_zoneinfo.txt" },
		{ "proc/vmstat", "proc_vmstat.txt" },
		{ "proc/swaps", "proc_swaps.txt" },
	};
	struct machine *m = boot_preset("default");

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_autofree char *text = render(m, files[i][0]);
		g_autofree char *sample = read_sample(files[i][1]);
		g_autofree char *got = shape(text);
		g_autofree char *want = shape(sample);

		ck_same_text(got, want, files[i][0]);
	}
	machine_free(m);
}
END_TEST

/*
 * The sample's meminfo fields; a HIGHMEM kernel adds HighTotal..LowFree
 * after Mlocked, and 32-bit PAE has no DirectMap1G.
 */
static char *expected_meminfo_names(const struct machine *m)
{
	g_autofree char *sample = read_sample("proc_meminfo.txt");
	g_autofree char *names = names_of(sample);
	g_autofree char *high = NULL;

	if (!is_i386(m))
		return g_steal_pointer(&names);
	high = replace(names, "^Mlocked:$", "\\0\nHighTotal:\nHighFree:\nLowTotal:\nLowFree:");
	return replace(high, "^DirectMap1G:\n", "");
}

/* The direct map covers the first MiB and the RAM above it (lowmem only on i386). */
static unsigned long direct_mapped_kb(const struct machine *m)
{
	uint64_t bytes = 1 << 20;

	for (int n = 0; n < m->desc.nr_nodes; n++)
		for (int r = 0; r < m->desc.nodes[n].nr_mem; r++) {
			uint64_t s = MAX(m->desc.nodes[n].mem[r].start, 1ULL << 20);
			uint64_t e = MIN(m->desc.nodes[n].mem[r].end, m->direct_map_end);

			bytes += e > s ? e - s : 0;
		}
	return (unsigned long)(bytes >> 10);
}

static void ck_meminfo_values(const struct machine *m, const char *mi)
{
	unsigned long total = meminfo_kb(mi, "MemTotal");
	unsigned long dm = meminfo_kb(mi, "DirectMap4k") + meminfo_kb(mi, "DirectMap2M");

	ck_assert_uint_eq(total, K(m->totalram_pages));
	ck_assert_uint_eq(meminfo_kb(mi, "CommitLimit"), K(m->totalram_pages * 50 / 100));
	ck_assert_uint_eq(meminfo_kb(mi, "SwapTotal"), 0);
	ck_assert_uint_eq(meminfo_kb(mi, "Hugepagesize"), 2048);
	if (is_i386(m)) {
		ck_assert_uint_eq(meminfo_kb(mi, "VmallocTotal"), 110584);
		ck_assert_uint_eq(meminfo_kb(mi, "HighTotal") + meminfo_kb(mi, "LowTotal"), total);
		ck_assert_uint_eq(meminfo_kb(mi, "HighFree") + meminfo_kb(mi, "LowFree"),
				  meminfo_kb(mi, "MemFree"));
	} else {
		ck_assert_uint_eq(meminfo_kb(mi, "VmallocTotal"), 34359738367UL);
		dm += meminfo_kb(mi, "DirectMap1G");
	}
	ck_assert_uint_eq(dm, direct_mapped_kb(m));
}

START_TEST(test_meminfo_format)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *text = render(m, "proc/meminfo");
	g_autofree char *names = names_of(text);
	g_autofree char *want = expected_meminfo_names(m);
	g_auto(GStrv) lines = split_lines(text);
	g_autoptr(GRegex) re = g_regex_new("^[A-Za-z0-9_()]+:\\s+\\d+( kB)?$", 0, 0, NULL);

	for (int i = 0; lines[i]; i++) {
		size_t len = strlen(lines[i]);
		bool kb = g_str_has_suffix(lines[i], " kB");

		ck_assert_msg(g_regex_match(re, lines[i], 0, NULL), "meminfo line '%s'", lines[i]);
		/* the value ends in column 24 unless it needs more than 8 digits */
		if (!kb || lines[i][len - 12] == ' ')
			ck_assert_msg(len == (kb ? 27 : 24), "meminfo '%s' misaligned", lines[i]);
	}
	ck_same_text(names, want, "meminfo names");
	ck_meminfo_values(m, text);
	machine_free(m);
}
END_TEST

/*
 * The sample's vmstat names. The per-zone events follow the zones the kernel
 * is built with: an i386 HIGHMEM kernel has pgalloc_high and neither
 * pgalloc_dma32 nor pgalloc_device (the same for allocstall_, pgskip_).
 */
static char *expected_vmstat_names(const struct machine *m)
{
	g_autofree char *sample = read_sample("proc_vmstat.txt");
	g_autofree char *names = names_of(sample);
	g_autofree char *high = NULL;

	if (!is_i386(m))
		return g_steal_pointer(&names);
	high = replace(names, "^(pgalloc|allocstall|pgskip)_normal$", "\\0\n\\1_high");
	return replace(high, "^(pgalloc|allocstall|pgskip)_(dma32|device)\n", "");
}

START_TEST(test_vmstat_names)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *text = render(m, "proc/vmstat");
	g_autofree char *names = names_of(text);
	g_autofree char *want = expected_vmstat_names(m);
	g_autoptr(GRegex) re = g_regex_new("^[a-z0-9_]+ \\d+$", 0, 0, NULL);
	g_auto(GStrv) lines = split_lines(text);

	for (int i = 0; lines[i]; i++)
		ck_assert_msg(g_regex_match(re, lines[i], 0, NULL), "vmstat line '%s'", lines[i]);
	ck_same_text(names, want, "vmstat names");
	ck_assert_str_eq(lines[g_strv_length(lines) - 1], "nr_unstable 0");
	machine_free(m);
}
END_TEST

START_TEST(test_swaps)
{
	struct machine_desc desc = *machine_preset("default");
	char err[256] = "";
	struct machine *m;
	g_autofree char *text = NULL, *mi = NULL;

	desc.swap_bytes = 1ULL << 30;
	m = machine_boot(&desc, 1, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	text = render(m, "proc/swaps");
	/* the path padded to 40 columns; the header page is not usable: 262143 pages */
	ck_assert_str_eq(text, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
			 "/dev/vdb                                partition\t1048572\t\t0\t\t-2\n");
	mi = render(m, "proc/meminfo");
	ck_assert_uint_eq(meminfo_kb(mi, "SwapTotal"), 1048572);
	ck_assert_uint_eq(meminfo_kb(mi, "SwapFree"), 1048572);
	ck_assert_uint_eq(meminfo_kb(mi, "CommitLimit"), K(m->totalram_pages / 2 + 262143));
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- formulas */

/* §2.4: min/low/high/promo from min_free_kbytes, split over lowmem by managed pages */
static void ck_watermarks(const struct machine *m, GArray *zones)
{
	unsigned long pages_min = (unsigned long)m->sysctl.min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long scale = (unsigned long)m->sysctl.watermark_scale_factor;
	unsigned long lowmem = 0;

	for (guint i = 0; i < zones->len; i++)
		if (strcmp(zinfo_at(zones, i)->zone, "HighMem") &&
		    strcmp(zinfo_at(zones, i)->zone, "Movable"))
			lowmem += zinfo_at(zones, i)->managed;
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		unsigned long tmp = pages_min * z->managed / lowmem;
		unsigned long min = tmp, delta = MAX(tmp >> 2, z->managed * scale / 10000);

		if (!strcmp(z->zone, "HighMem") || !strcmp(z->zone, "Movable"))
			min = CLAMP(z->managed / 1024, 32UL, 128UL);
		ck_assert_msg(z->boost == 0 && z->min == min && z->low == min + delta &&
			      z->high == min + 2 * delta && z->promo == min + 3 * delta,
			      "node %d %s: %lu/%lu/%lu/%lu, want min %lu delta %lu", z->nid,
			      z->zone, z->min, z->low, z->high, z->promo, min, delta);
	}
}

/* §2.4: protection[j] = managed pages of zones i+1..j over lowmem_reserve_ratio[i] */
static void ck_protection(const struct machine *m, GArray *zones)
{
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		int idx = (int)i % m->nr_zone_types;
		unsigned long ratio = (unsigned long)m->sysctl.lowmem_reserve_ratio[idx];
		unsigned long sum = 0;

		ck_assert_int_eq(z->nprot, m->nr_zone_types);
		for (int j = 0; j < z->nprot; j++) {
			long want = 0;

			if (j > idx) {
				sum += zinfo_at(zones, i - (guint)idx + (guint)j)->managed;
				want = ratio && z->managed ? (long)(sum / ratio) : 0;
			}
			ck_assert_msg(z->prot[j] == want, "node %d %s protection[%d] %ld, want %ld",
				      z->nid, z->zone, j, z->prot[j], want);
		}
	}
}

static int fls_ul(unsigned long x)
{
	return x ? 64 - __builtin_clzl(x) : 0;
}

/*
 * §2.3: pageset batch and high marks, split over the CPUs of the zone's node,
 * and the vm stat threshold, sized by every online CPU.
 */
static void ck_pagesets(const struct machine *m, GArray *zones)
{
	long cpus = m->nr_cpus;

	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		long batch = MAX((long)MIN(z->managed >> 10, 256UL) / 4, 1L);
		int mem_bits = fls_ul(z->managed >> (27 - PAGE_SHIFT));
		long node_cpus;

		if (!z->populated)
			continue;
		batch = (1L << (fls_ul((unsigned long)(batch + batch / 2)) - 1)) - 1;
		ck_assert_int_eq(z->ncpus, m->nr_cpus);
		ck_assert_int_eq(z->count, 0);
		ck_assert_int_eq(z->batch, MAX(batch, 1));
		ck_assert_int_eq(z->threshold,
				 MIN(125, 2 * fls_ul((unsigned long)cpus) * (1 + mem_bits)));
		node_cpus = m->desc.nodes[z->nid].nr_cpus ? m->desc.nodes[z->nid].nr_cpus : cpus;
		ck_assert_int_eq(z->high_min, MAX((long)z->low / node_cpus, z->batch * 4));
		ck_assert_int_eq(z->high_max, MAX((long)(z->managed / 8) / node_cpus, z->batch * 4));
		ck_assert_int_eq(z->pcp_high, z->high_min);
	}
}

/* calculate_totalreserve_pages() from the text */
static unsigned long totalreserve_from_text(GArray *zones)
{
	unsigned long total = 0;

	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		long max = 0;

		for (int j = 0; j < z->nprot; j++)
			max = MAX(max, z->prot[j]);
		total += MIN((unsigned long)max + z->high, z->managed);
	}
	return total;
}

#define meminfo_pages(text, name)	(meminfo_kb(text, name) / (unsigned long)KB_PER_PAGE)

/*
 * §1.2: the slab lines of meminfo are vmstat's byte counters in kB, and
 * KReclaimable adds the other reclaimable kernel memory to SReclaimable.
 */
static void ck_slab_counters(const char *mi, const char *vm)
{
	unsigned long sr = meminfo_kb(mi, "SReclaimable"), su = meminfo_kb(mi, "SUnreclaim");

	ck_assert_uint_eq(meminfo_kb(mi, "Slab"), sr + su);
	ck_assert_uint_eq(meminfo_kb(mi, "KReclaimable"),
			  sr + K(vmstat_val(vm, "nr_kernel_misc_reclaimable")));
	ck_assert_uint_eq(K(vmstat_val(vm, "nr_slab_reclaimable")), sr);
	ck_assert_uint_eq(K(vmstat_val(vm, "nr_slab_unreclaimable")), su);
}

/*
 * §1.3 si_mem_available() from the text: the free pages above the reserves,
 * plus what reclaim could take back of the page cache and of the
 * reclaimable kernel memory, each less min(half of it, the low watermarks).
 */
static unsigned long mem_available_from_text(const char *mi, const char *vm, GArray *zones)
{
	unsigned long wmark_low = 0, pagecache, reclaimable;
	long available;

	for (guint i = 0; i < zones->len; i++)
		wmark_low += zinfo_at(zones, i)->low;
	available = (long)meminfo_pages(mi, "MemFree") - (long)totalreserve_from_text(zones);
	pagecache = meminfo_pages(mi, "Active(file)") + meminfo_pages(mi, "Inactive(file)");
	available += (long)(pagecache - MIN(pagecache / 2, wmark_low));
	reclaimable = meminfo_pages(mi, "SReclaimable") +
		      vmstat_val(vm, "nr_kernel_misc_reclaimable");
	available += (long)(reclaimable - MIN(reclaimable / 2, wmark_low));
	return available < 0 ? 0 : K((unsigned long)available);
}

/* buddyinfo lists the populated zones, whose blocks add up to zoneinfo's free pages */
static void ck_buddyinfo(struct machine *m, GArray *zones)
{
	g_autofree char *bi = render(m, "proc/buddyinfo");
	g_autoptr(GArray) buddy = parse_counts(bi);
	guint populated = 0;

	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		const struct count_line *b = count_find(buddy, z->nid, z->zone, "");
		const struct zone *zone = &NODE_DATA(m, z->nid)->node_zones[i % m->nr_zone_types];

		ck_assert_msg(z->populated == populated_zone(zone) && z->populated == !!b,
			      "node %d %s: populated %d, in buddyinfo %d", z->nid, z->zone,
			      z->populated, !!b);
		populated += z->populated;
		if (!b)
			continue;
		ck_assert_int_eq(b->nr, NR_PAGE_ORDERS);
		ck_assert_uint_eq(buddy_pages(b), z->free);
	}
	ck_assert_uint_eq(buddy->len, populated);
}

START_TEST(test_zoneinfo_formulas)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *zi = render(m, "proc/zoneinfo");
	g_autofree char *mi = render(m, "proc/meminfo");
	g_autofree char *vm = render(m, "proc/vmstat");
	g_autoptr(GArray) zones = parse_zoneinfo(zi);
	unsigned long managed = 0, free = 0;
	int stats_nid = -1;

	ck_assert_int_eq((int)zones->len, m->nr_nodes * m->nr_zone_types);
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);

		managed += z->managed;
		free += z->free;
		ck_assert(z->spanned >= z->present && z->present >= z->managed);
		ck_assert_uint_eq(z->cma, 0);
		ck_assert_uint_eq(z->nr_free_pages, z->free);
		/* the per-node stats ride on the node's first populated zone */
		ck_assert_msg(z->node_stats == (z->populated && z->nid != stats_nid),
			      "node %d %s: per-node stats misplaced", z->nid, z->zone);
		if (z->node_stats)
			stats_nid = z->nid;
	}
	ck_buddyinfo(m, zones);
	ck_watermarks(m, zones);
	ck_protection(m, zones);
	ck_pagesets(m, zones);
	ck_assert_uint_eq(meminfo_kb(mi, "MemTotal"), K(managed));
	ck_assert_uint_eq(meminfo_kb(mi, "MemFree"), K(free));
	ck_slab_counters(mi, vm);
	/* the reclaimable boot slabs count: more than the free pages above the reserves */
	ck_assert_uint_gt(meminfo_kb(mi, "SReclaimable"), 0);
	ck_assert_uint_gt(meminfo_kb(mi, "MemAvailable"), K(free - totalreserve_from_text(zones)));
	ck_assert_uint_eq(meminfo_kb(mi, "MemAvailable"), mem_available_from_text(mi, vm, zones));
	machine_free(m);
}
END_TEST

/* Pageblocks from each zone's first PFN in pageblock steps, those starting on RAM. */
static unsigned long ram_pageblocks(const struct machine *m, int nid, const struct zone *zone)
{
	const struct node_desc *nd = &m->desc.nodes[nid];
	unsigned long n = 0;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		for (int r = 0; r < nd->nr_mem; r++)
			n += pfn >= (nd->mem[r].start + PAGE_SIZE - 1) >> PAGE_SHIFT &&
			     pfn < nd->mem[r].end >> PAGE_SHIFT;
	return n;
}

/*
 * pagetypeinfo: per order, the types' free counts add up to buddyinfo's;
 * per zone, the block counts add up to the pageblocks on RAM.
 */
START_TEST(test_pagetypeinfo)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *pt = render(m, "proc/pagetypeinfo");
	g_autofree char *bi = render(m, "proc/buddyinfo");
	g_autoptr(GArray) buddy = parse_counts(bi);
	g_autoptr(GArray) counts = parse_counts(pt);
	g_auto(GStrv) lines = split_lines(pt);
	int headers = 0;

	for (int i = 0; lines[i]; i++)
		headers += !strcmp(lines[i], "Page block order: 9");
	ck_assert_int_eq(headers, m->nr_nodes);
	ck_assert_uint_eq(counts->len, buddy->len * (MIGRATE_TYPES + 1));
	for (guint b = 0; b < buddy->len; b++) {
		const struct count_line *bl = &g_array_index(buddy, struct count_line, b);
		const struct count_line *blocks = count_find(counts, bl->nid, bl->zone, "");
		const pg_data_t *pgdat = NODE_DATA(m, bl->nid);
		unsigned long nr_blocks = 0;
		int z = 0;

		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long sum = 0;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				sum += count_find(counts, bl->nid, bl->zone,
						  migratetype_names[mt])->v[o];
			ck_assert_uint_eq(sum, bl->v[o]);
		}
		ck_assert_ptr_nonnull(blocks);
		ck_assert_int_eq(blocks->nr, MIGRATE_TYPES);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			nr_blocks += blocks->v[mt];
		while (strcmp(pgdat->node_zones[z].name, bl->zone))
			z++;
		ck_assert_uint_eq(nr_blocks, ram_pageblocks(m, bl->nid, &pgdat->node_zones[z]));
	}
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- slab */

/*
 * slabinfo against the live kernel's: the same header, every line as
 * cache_show() prints it, SLUB's zero tunables and no shared objects, and
 * for each cache the geometry of the kernel's cache of that name. Object
 * size, objects per slab and slab order follow from the size and the CPU
 * count (§3.3), and the "default" preset has the VM's 2 CPUs.
 */
START_TEST(test_slabinfo_matches_kernel)
{
	struct machine *m = boot_preset("default");
	g_autofree char *text = render(m, "proc/slabinfo");
	g_autofree char *sample = read_sample("proc_slabinfo.txt");
	g_auto(GStrv) lines = split_lines(text);
	g_auto(GStrv) sample_lines = split_lines(sample);
	g_autoptr(GArray) ours = parse_slabinfo(text);
	g_autoptr(GArray) theirs = parse_slabinfo(sample);

	ck_assert_str_eq(lines[0], sample_lines[0]);
	ck_assert_str_eq(lines[1], sample_lines[1]);
	ck_assert_uint_gt(ours->len, 0);
	for (guint i = 0; i < ours->len; i++) {
		const struct slabline *c = slab_at(ours, i);
		const struct slabline *k = slab_find(theirs, c->name);

		ck_assert_msg(k, "%s: no such cache on the live kernel", c->name);
		ck_assert_msg(c->objsize == k->objsize && c->objperslab == k->objperslab &&
			      c->pagesperslab == k->pagesperslab,
			      "%s: %u %u %u, the kernel's %u %u %u", c->name, c->objsize,
			      c->objperslab, c->pagesperslab, k->objsize, k->objperslab,
			      k->pagesperslab);
		ck_assert(!c->limit && !c->batchcount && !c->shared && !c->shared_avail);
		ck_assert_uint_eq(c->active_slabs, c->num_slabs);
	}
	/* the two caches that hold the others come last, as on the kernel */
	ck_assert_str_eq(slab_at(ours, ours->len - 1)->name, "kmem_cache");
	ck_assert_str_eq(slab_at(ours, ours->len - 2)->name, "kmem_cache_node");
	machine_free(m);
}
END_TEST

/* reclaim_account of a cache, from its /sys/kernel/slab directory */
static bool reclaim_account(struct pfs_tree *t, const char *cache)
{
	g_autofree char *path = g_strdup_printf("sys/kernel/slab/%s/reclaim_account", cache);
	g_autoptr(GString) out = g_string_new(NULL);

	ck_assert_int_eq(pfs_render(t, path, out), 0);
	ck_assert_msg(!strcmp(out->str, "0\n") || !strcmp(out->str, "1\n"), "%s: '%s'", path,
		      out->str);
	return out->str[0] == '1';
}

/* The objects the boot profile puts in @cache. */
static unsigned long profile_objects(const struct machine *m, const char *cache)
{
	for (int i = 0; i < m->desc.nr_slab_profile; i++)
		if (!strcmp(m->desc.slab_profile[i].cache, cache))
			return m->desc.slab_profile[i].objects;
	return 0;
}

/*
 * At boot the slabs are the only memory in use, and the files agree on
 * them: slabinfo's slabs are meminfo's Slab, split into SReclaimable by
 * the caches' reclaim_account, and every slab was one page allocation
 * (pgalloc counts its pages, numa_hit one). The objects are the profile's,
 * plus one kmem_cache per cache and one kmem_cache_node per cache and node.
 */
START_TEST(test_boot_slab)
{
	struct machine *m = boot_preset(presets[_i]);
	struct pfs_tree *t = pfs_tree_new(m);
	g_autofree char *text = render(m, "proc/slabinfo");
	g_autofree char *mi = render(m, "proc/meminfo");
	g_autofree char *vm = render(m, "proc/vmstat");
	g_autoptr(GArray) caches = parse_slabinfo(text);
	unsigned long pages = 0, reclaimable = 0, slabs = 0, pgalloc = 0;
	g_auto(GStrv) vlines = split_lines(vm);

	for (guint i = 0; i < caches->len; i++) {
		const struct slabline *c = slab_at(caches, i);
		unsigned long want = profile_objects(m, c->name);

		if (!strcmp(c->name, "kmem_cache"))
			want = caches->len;
		else if (!strcmp(c->name, "kmem_cache_node"))
			want = caches->len * (unsigned long)m->nr_nodes;
		ck_assert_msg(c->active_objs == want, "%s: %lu objects, want %lu", c->name,
			      c->active_objs, want);
		ck_assert_uint_eq(c->num_objs, c->num_slabs * c->objperslab);
		ck_assert_uint_le(c->active_objs, c->num_objs);
		slabs += c->num_slabs;
		pages += c->num_slabs * c->pagesperslab;
		if (reclaim_account(t, c->name))
			reclaimable += c->num_slabs * c->pagesperslab;
	}
	for (int i = 0; vlines[i]; i++)
		if (g_str_has_prefix(vlines[i], "pgalloc_"))
			pgalloc += strtoul(strchr(vlines[i], ' '), NULL, 10);
	ck_assert_uint_gt(pages, 0);
	ck_slab_counters(mi, vm);
	ck_assert_uint_eq(meminfo_kb(mi, "Slab"), K(pages));
	ck_assert_uint_eq(meminfo_kb(mi, "SReclaimable"), K(reclaimable));
	ck_assert_uint_eq(meminfo_kb(mi, "MemTotal") - meminfo_kb(mi, "MemFree"), K(pages));
	ck_assert_uint_eq(meminfo_kb(mi, "VmallocUsed"), 0);
	ck_assert_uint_eq(pgalloc, pages);
	ck_assert_uint_eq(vmstat_val(vm, "numa_hit"), slabs);
	ck_assert_uint_eq(vmstat_val(vm, "pgfree"), 0);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- after allocations */

struct snapshot {
	char *meminfo, *buddyinfo, *vmstat, *pagetypeinfo;
	char *node_meminfo[MAX_NUMNODES], *numastat[MAX_NUMNODES];
	int nr_nodes;
	GArray *buddy, *zones;
};

static void snap(struct machine *m, struct snapshot *s)
{
	g_autofree char *zoneinfo = render(m, "proc/zoneinfo");

	ck_machine_ok(m);
	s->meminfo = render(m, "proc/meminfo");
	s->buddyinfo = render(m, "proc/buddyinfo");
	s->vmstat = render(m, "proc/vmstat");
	s->pagetypeinfo = render(m, "proc/pagetypeinfo");
	s->nr_nodes = m->nr_nodes;
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		s->node_meminfo[nid] = render_node(m, nid, "meminfo");
		s->numastat[nid] = render_node(m, nid, "numastat");
	}
	s->buddy = parse_counts(s->buddyinfo);
	s->zones = parse_zoneinfo(zoneinfo);
	ck_slab_counters(s->meminfo, s->vmstat);
	ck_assert_uint_eq(meminfo_kb(s->meminfo, "MemAvailable"),
			  mem_available_from_text(s->meminfo, s->vmstat, s->zones));
}

static void snap_free(struct snapshot *s)
{
	g_free(s->meminfo);
	g_free(s->buddyinfo);
	g_free(s->vmstat);
	g_free(s->pagetypeinfo);
	for (int nid = 0; nid < s->nr_nodes; nid++) {
		g_free(s->node_meminfo[nid]);
		g_free(s->numastat[nid]);
	}
	g_array_unref(s->buddy);
	g_array_unref(s->zones);
}

/* How much @name fell from @a to @b, in the file @skip words of each line name. */
static long fell(const char *a, const char *b, int skip, const char *name)
{
	return (long)kv(a, skip, name) - (long)kv(b, skip, name);
}

/* From @a to @b zone @nid/@zone lost @taken free pages, and nothing else moved. */
static void ck_free_moved(const struct snapshot *a, const struct snapshot *b, int nid,
			  const char *zone, long taken)
{
	long kb = taken * KB_PER_PAGE;

	for (guint i = 0; i < a->zones->len; i++) {
		const struct zinfo *za = zinfo_at(a->zones, i), *zb = zinfo_at(b->zones, i);
		long want = za->nid == nid && !strcmp(za->zone, zone) ? taken : 0;
		const struct count_line *bl = count_find(b->buddy, zb->nid, zb->zone, "");

		ck_assert_msg((long)za->free - (long)zb->free == want, "%d/%s lost %ld, want %ld",
			      za->nid, za->zone, (long)za->free - (long)zb->free, want);
		ck_assert_uint_eq(zb->min, za->min);
		if (bl)
			ck_assert_uint_eq(buddy_pages(bl), zb->free);
	}
	ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "MemFree"), kb);
	/* page cache and slab stay as they were: MemAvailable moves with the free pages */
	ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "Slab"), 0);
	ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "MemAvailable"), kb);
	ck_assert_int_eq(fell(a->vmstat, b->vmstat, 0, "nr_free_pages"), taken);
	for (int n = 0; n < a->nr_nodes; n++)
		ck_assert_int_eq(fell(a->node_meminfo[n], b->node_meminfo[n], 2, "MemFree"),
				 n == nid ? kb : 0);
	if (strstr(a->meminfo, "HighFree:")) {
		bool high = !strcmp(zone, "HighMem");

		ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "HighFree"), high ? kb : 0);
		ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "LowFree"), high ? 0 : kb);
	}
}

static const struct alloc_case {
	const char *preset;
	int nid;
	gfp_t gfp;
	unsigned int order;
	int zone_nid;			/* where the pages must come from */
	const char *zone;
	const char *pgalloc;		/* the event that counts them */
} alloc_cases[] = {
	{ "default", 0, GFP_KERNEL, 10, 0, "Normal", "pgalloc_normal" },
	{ "default", 0, GFP_DMA32, 3, 0, "DMA32", "pgalloc_dma32" },
	{ "default", 0, GFP_DMA, 0, 0, "DMA", "pgalloc_dma" },
	{ "tiny", 0, GFP_KERNEL, 0, 0, "DMA32", "pgalloc_dma32" },
	{ "numa2", 1, GFP_KERNEL, 1, 1, "Normal", "pgalloc_normal" },
	{ "numa2", 0, GFP_USER | __GFP_THISNODE, 4, 0, "Normal", "pgalloc_normal" },
	{ "i386-highmem", 0, GFP_HIGHUSER, 2, 0, "HighMem", "pgalloc_high" },
	{ "i386-highmem", 0, GFP_KERNEL, 0, 0, "Normal", "pgalloc_normal" },
};

/* How much @name rose from @a to @b. */
static long rose(const char *a, const char *b, int skip, const char *name)
{
	return -fell(a, b, skip, name);
}

/*
 * Every file moves by exactly the block, and comes back to its boot text
 * once it is freed. The boot slabs already counted their allocations, so
 * the events are checked by how far they move.
 */
START_TEST(test_alloc_moves)
{
	const struct alloc_case *c = &alloc_cases[_i];
	struct machine *m = boot_preset(c->preset);
	unsigned long pfn, pages = 1UL << c->order;
	struct snapshot boot, got, back;

	snap(m, &boot);
	ck_assert_int_eq(alloc_pages_node(m, c->nid, c->gfp, c->order, &pfn), 0);
	snap(m, &got);
	ck_free_moved(&boot, &got, c->zone_nid, c->zone, (long)pages);
	ck_assert_int_eq(rose(boot.vmstat, got.vmstat, 0, c->pgalloc), (long)pages);
	/* pgalloc counts pages; numa_hit counts allocations (zone_statistics(.., 1)) */
	ck_assert_int_eq(rose(boot.vmstat, got.vmstat, 0, "numa_hit"), 1);
	for (int n = 0; n < boot.nr_nodes; n++)
		ck_assert_int_eq(rose(boot.numastat[n], got.numastat[n], 0, "numa_hit"),
				 n == c->zone_nid);

	ck_assert_int_eq(__free_pages(m, pfn, c->order), 0);
	snap(m, &back);
	ck_assert_str_eq(back.buddyinfo, boot.buddyinfo);
	ck_assert_str_eq(back.meminfo, boot.meminfo);
	ck_assert_str_eq(back.node_meminfo[c->zone_nid], boot.node_meminfo[c->zone_nid]);
	ck_assert_int_eq(rose(boot.vmstat, back.vmstat, 0, "pgfree"), (long)pages);
	snap_free(&boot);
	snap_free(&got);
	snap_free(&back);
	machine_free(m);
}
END_TEST

/* Which blocks move: a whole order-10 block, or one split down to a page. */
START_TEST(test_alloc_blocks)
{
	struct machine *m = boot_preset("default");
	struct snapshot boot, s1, s2;
	g_autoptr(GArray) t0 = NULL, t1 = NULL;
	unsigned long big, dma;
	const struct count_line *b0, *b1;

	snap(m, &boot);
	/* the live kernel counts 8 and 1528 pageblocks for the same DMA and DMA32 */
	ck_assert_ptr_nonnull(strstr(boot.pagetypeinfo, "DMA            0            8 "));
	ck_assert_ptr_nonnull(strstr(boot.pagetypeinfo, "DMA32            0         1528 "));
	/*
	 * order 10 for Normal: the Unmovable blocks the boot slabs claimed have
	 * no free block that large, so a Movable one leaves whole and is
	 * claimed as Unmovable (2 pageblocks)
	 */
	t0 = parse_counts(boot.pagetypeinfo);
	ck_assert_uint_eq(count_find(t0, 0, "Normal", "Unmovable")->v[10], 0);
	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_KERNEL, 10, &big), 0);
	snap(m, &s1);
	t1 = parse_counts(s1.pagetypeinfo);
	b0 = count_find(boot.buddy, 0, "Normal", "");
	b1 = count_find(s1.buddy, 0, "Normal", "");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		ck_assert_uint_eq(b1->v[o], b0->v[o] - (o == 10));
	b0 = count_find(t0, 0, "Normal", "");
	b1 = count_find(t1, 0, "Normal", "");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		ck_assert_int_eq((long)b1->v[mt] - (long)b0->v[mt],
				 mt == MIGRATE_UNMOVABLE ? 2 : mt == MIGRATE_MOVABLE ? -2 : 0);
	ck_assert_int_eq(fell(boot.vmstat, s1.vmstat, 0, "nr_free_pages_blocks"), 1024);

	/* one DMA page: an order-10 block is claimed and split, one block per order left */
	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_DMA, 0, &dma), 0);
	snap(m, &s2);
	ck_assert_ptr_nonnull(strstr(s2.buddyinfo,
		"Node 0, zone      DMA      1      1      1      1      1      1      1      1"
		"      2      2      2 \n"));
	ck_assert_ptr_nonnull(strstr(s2.pagetypeinfo,
		"Node 0, zone      DMA            2            6 "));
	ck_assert_ptr_nonnull(strstr(s2.pagetypeinfo,
		"Node    0, zone      DMA, type    Unmovable      1      1      1      1      1"
		"      1      1      1      1      1      0 \n"));
	snap_free(&boot);
	snap_free(&s1);
	snap_free(&s2);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- node files */

static void ck_render(struct machine *m, const char *path, const char *want)
{
	g_autofree char *got = render(m, path);

	ck_assert_msg(!strcmp(got, want), "%s: got '%s', want '%s'", path, got, want);
}

/* cpumap is %*pb: 32-bit hex groups, the first only as wide as nr_cpu_ids needs */
START_TEST(test_node_cpumap_wide)
{
	struct machine_desc desc = *machine_preset("numa2");
	char err[256] = "";
	struct machine *m;

	desc.nodes[0].nr_cpus = 33;
	desc.nodes[1].nr_cpus = 3;
	m = machine_boot(&desc, 1, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_render(m, NODE_DIR "node0/cpumap", "1,ffffffff\n");
	ck_render(m, NODE_DIR "node1/cpumap", "e,00000000\n");
	ck_render(m, NODE_DIR "node0/cpulist", "0-32\n");
	ck_render(m, NODE_DIR "node1/cpulist", "33-35\n");
	machine_free(m);

	desc.nodes[0].nr_cpus = 1;
	desc.nodes[1].nr_cpus = 0;
	m = machine_boot(&desc, 1, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_render(m, NODE_DIR "node0/cpumap", "1\n");
	ck_render(m, NODE_DIR "node1/cpumap", "0\n");
	ck_render(m, NODE_DIR "node1/cpulist", "\n");
	ck_render(m, NODE_DIR "has_cpu", "0\n");
	machine_free(m);
}
END_TEST

#define NR_NODE_VMSTAT	\
	(NR_VM_ZONE_STAT_ITEMS + NR_VM_NUMA_EVENT_ITEMS + NR_VM_NODE_STAT_ITEMS)

/* node meminfo and vmstat add up to the global files; the layout is drivers/base/node.c's */
START_TEST(test_node_files_add_up)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *mi = render(m, "proc/meminfo");
	g_autofree char *vm = render(m, "proc/vmstat");
	g_autofree char *global_names = names_of(vm);
	g_auto(GStrv) names = split_lines(global_names);
	g_autoptr(GRegex) re = g_regex_new("^Node \\d+ [A-Za-z()_]+: +\\d+( kB)?$", 0, 0, NULL);
	unsigned long total = 0, free = 0, sums[NR_NODE_VMSTAT] = { 0 };

	for (int nid = 0; nid < m->nr_nodes; nid++) {
		g_autofree char *nmi = render_node(m, nid, "meminfo");
		g_autofree char *nvm = render_node(m, nid, "vmstat");
		g_autofree char *node_names = names_of(nvm);
		g_auto(GStrv) lines = split_lines(nmi);
		g_auto(GStrv) vlines = split_lines(nvm);

		/* the zone, NUMA and node items of /proc/vmstat, in its order */
		ck_assert(g_str_has_prefix(global_names, node_names));
		ck_assert_int_eq(g_strv_length(vlines), NR_NODE_VMSTAT);
		for (int i = 0; i < NR_NODE_VMSTAT; i++)
			sums[i] += kv(nvm, 0, names[i]);
		for (int i = 0; lines[i]; i++) {
			ck_assert_msg(g_regex_match(re, lines[i], 0, NULL), "'%s'", lines[i]);
			if (!strstr(lines[i], "HugePages_"))
				ck_assert_uint_eq(strlen(lines[i]), strlen("Node 0 ") + 16 + 8 + 3);
		}
		ck_assert_int_eq(g_strv_length(lines), is_i386(m) ? 40 : 36);
		total += kv(nmi, 2, "MemTotal");
		free += kv(nmi, 2, "MemFree");
		ck_assert_uint_eq(kv(nmi, 2, "MemUsed"),
				  kv(nmi, 2, "MemTotal") - kv(nmi, 2, "MemFree"));
	}
	ck_assert_uint_eq(total, meminfo_kb(mi, "MemTotal"));
	ck_assert_uint_eq(free, meminfo_kb(mi, "MemFree"));
	for (int i = 0; i < NR_NODE_VMSTAT; i++)
		ck_assert_uint_eq(sums[i], vmstat_val(vm, names[i]));
	machine_free(m);
}
END_TEST

static Suite *procfs_suite(void)
{
	Suite *s = suite_create("procfs");
	TCase *golden = tcase_create("golden");
	TCase *layout = tcase_create("layout");
	TCase *engine = tcase_create("engine");

	tcase_add_loop_test(golden, test_golden, 0, NR_PRESETS);
	tcase_add_test(layout, test_layout_matches_kernel);
	tcase_add_loop_test(layout, test_meminfo_format, 0, NR_PRESETS);
	tcase_add_loop_test(layout, test_vmstat_names, 0, NR_PRESETS);
	tcase_add_test(layout, test_swaps);
	tcase_add_test(layout, test_node_cpumap_wide);
	tcase_add_test(layout, test_slabinfo_matches_kernel);
	tcase_add_loop_test(engine, test_zoneinfo_formulas, 0, NR_PRESETS);
	tcase_add_loop_test(engine, test_pagetypeinfo, 0, NR_PRESETS);
	tcase_add_loop_test(engine, test_boot_slab, 0, NR_PRESETS);
	tcase_add_loop_test(engine, test_node_files_add_up, 0, NR_PRESETS);
	tcase_add_loop_test(engine, test_alloc_moves, 0, (int)G_N_ELEMENTS(alloc_cases));
	tcase_add_test(engine, test_alloc_blocks);
	suite_add_tcase(s, golden);
	suite_add_tcase(s, layout);
	suite_add_tcase(s, engine);
	return s;
}

int main(void)
{
	return run_suite(procfs_suite());
}
