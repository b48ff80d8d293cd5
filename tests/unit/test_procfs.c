// SPDX-License-Identifier: GPL-2.0
/*
 * The memory files: meminfo, buddyinfo, pagetypeinfo, zoneinfo, vmstat,
 * swaps and the node files.
 *
 * Four kinds of checks: byte-exact golden text of every preset at boot
 * (golden/<preset>/); the shape of a live 6.18 kernel's files
 * (golden/kernel-6.18/, captured on an x86_64 VM whose zones and CPUs match
 * the "default" preset); the kernel's formulas recomputed from the rendered
 * text alone; and exact moves of the numbers after allocations.
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

static const char *const presets[] = { "tiny", "default", "numa2", "i386-highmem" };
#define NR_PRESETS	((int)G_N_ELEMENTS(presets))
#define KB_PER_PAGE	((long)(PAGE_SIZE >> 10))

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

/* The lines of @text without the empty string after the final newline. */
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

/* Field @field (0-based, whitespace separated) of every line. */
static GPtrArray *column(const char *text, int field)
{
	g_auto(GStrv) lines = split_lines(text);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

	for (int i = 0; lines[i]; i++) {
		g_auto(GStrv) tok = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
		int k = 0, seen = 0;

		for (; tok[k]; k++)
			if (*tok[k] && seen++ == field)
				break;
		g_ptr_array_add(names, g_strdup(tok[k] ? tok[k] : ""));
	}
	return names;
}

static void ck_same_names(GPtrArray *got, GPtrArray *want, const char *what)
{
	for (guint i = 0; i < MIN(got->len, want->len); i++)
		ck_assert_msg(!strcmp(g_ptr_array_index(got, i), g_ptr_array_index(want, i)),
			      "%s line %u: got '%s', want '%s'", what, i + 1,
			      (char *)g_ptr_array_index(got, i), (char *)g_ptr_array_index(want, i));
	ck_assert_msg(got->len == want->len, "%s: %u lines, want %u", what, got->len, want->len);
}

/* Digits to '#', runs of spaces to one: the layout without the values. */
static char *shape(const char *text)
{
	GString *s = g_string_new(NULL);

	for (const char *p = text; *p; p++) {
		if (g_ascii_isdigit(*p)) {
			while (g_ascii_isdigit(p[1]))
				p++;
			g_string_append_c(s, '#');
		} else if (*p == ' ') {
			while (p[1] == ' ')
				p++;
			g_string_append_c(s, ' ');
		} else {
			g_string_append_c(s, *p);
		}
	}
	return g_string_free(s, FALSE);
}

static void ck_same_text(const char *got, const char *want, const char *what)
{
	g_auto(GStrv) g = g_strsplit(got, "\n", -1);
	g_auto(GStrv) w = g_strsplit(want, "\n", -1);

	for (int i = 0; g[i] || w[i]; i++) {
		ck_assert_msg(g[i] && w[i] && !strcmp(g[i], w[i]),
			      "%s differs at line %d:\n  got:  '%s'\n  want: '%s'", what, i + 1,
			      g[i] ? g[i] : "(end)", w[i] ? w[i] : "(end)");
		if (!g[i])
			break;
	}
}

/* "Name: value" or "name value" lines, @skip leading words ("Node 0") dropped. */
static unsigned long kv(const char *text, int skip, const char *name)
{
	g_auto(GStrv) lines = split_lines(text);

	for (int i = 0; lines[i]; i++) {
		g_auto(GStrv) tok = g_strsplit_set(lines[i], " \t", -1);
		int k = 0;

		for (int words = 0; tok[k] && (!*tok[k] || words++ < skip); k++)
			;
		if (!tok[k])
			continue;
		if (!strcmp(tok[k], name) || (g_str_has_suffix(tok[k], ":") &&
					      strlen(tok[k]) == strlen(name) + 1 &&
					      !strncmp(tok[k], name, strlen(name)))) {
			while (tok[++k] && !*tok[k])
				;
			ck_assert_ptr_nonnull(tok[k]);
			return strtoul(tok[k], NULL, 10);
		}
	}
	ck_abort_msg("no '%s' in:\n%s", name, text);
	return 0;
}

#define meminfo_kb(text, name)	kv(text, 0, name)
#define vmstat_val(text, name)	kv(text, 0, name)

/* ---------------------------------------------------------------- parsers */

struct buddy_line {
	int nid;
	char zone[16];
	unsigned long nr[NR_PAGE_ORDERS];
};

static GArray *parse_buddyinfo(const char *text)
{
	g_auto(GStrv) lines = split_lines(text);
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct buddy_line));

	for (int i = 0; lines[i]; i++) {
		struct buddy_line b = { 0 };
		const char *p = lines[i];
		int n = 0;

		ck_assert_msg(sscanf(p, "Node %d, zone %15s%n", &b.nid, b.zone, &n) == 2, "'%s'", p);
		p += n;
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			char *end;

			b.nr[o] = strtoul(p, &end, 10);
			ck_assert_msg(end != p, "buddyinfo line '%s': order %d", lines[i], o);
			p = end;
		}
		ck_assert_str_eq(p, " ");
		g_array_append_val(a, b);
	}
	return a;
}

static unsigned long buddy_pages(const struct buddy_line *b)
{
	unsigned long pages = 0;

	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		pages += b->nr[o] << o;
	return pages;
}

/* One zone of /proc/zoneinfo. */
struct zinfo {
	int nid;
	char zone[16];
	bool node_stats;	/* carries the per-node stats */
	bool populated;		/* carries zone stats and pagesets */
	unsigned long free, boost, min, low, high, promo, spanned, present, managed, cma;
	long prot[MAX_ZONES_PER_NODE];
	int nprot;
	unsigned long nr_free_pages;
	int ncpus;
	long count, pcp_high, batch, high_min, high_max, threshold;	/* of the first cpu */
	unsigned long start_pfn;
};

/* "        protection: (0, 3024, 3984, 3984, 3984)" */
static void parse_protection(struct zinfo *z, const char *line)
{
	const char *p = strchr(line, '(');
	char *end;

	ck_assert_ptr_nonnull(p);
	for (p++;; p = end + 2) {
		ck_assert_int_lt(z->nprot, MAX_ZONES_PER_NODE);
		z->prot[z->nprot++] = strtol(p, &end, 10);
		if (*end == ')')
			break;
		ck_assert_msg(end != p && !strncmp(end, ", ", 2), "'%s'", line);
	}
}

static void parse_zone_line(struct zinfo *z, const char *line)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{ "boost", offsetof(struct zinfo, boost) },
		{ "min", offsetof(struct zinfo, min) },
		{ "low", offsetof(struct zinfo, low) },
		{ "high", offsetof(struct zinfo, high) },
		{ "promo", offsetof(struct zinfo, promo) },
		{ "spanned", offsetof(struct zinfo, spanned) },
		{ "present", offsetof(struct zinfo, present) },
		{ "managed", offsetof(struct zinfo, managed) },
		{ "cma", offsetof(struct zinfo, cma) },
		{ "nr_free_pages", offsetof(struct zinfo, nr_free_pages) },
		{ "start_pfn:", offsetof(struct zinfo, start_pfn) },
	};
	char key[64];
	long v = 0;

	if (sscanf(line, "  pages free %lu", &z->free) == 1)
		return;
	if (strstr(line, "per-node stats"))
		z->node_stats = true;
	if (strstr(line, "protection:"))
		parse_protection(z, line);
	if (!strcmp(line, "  pagesets"))
		z->populated = true;
	if (sscanf(line, "  vm stats threshold: %ld", &v) == 1 && z->ncpus == 1)
		z->threshold = v;
	if (sscanf(line, " %63s %ld", key, &v) != 2)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (!strcmp(key, keys[i].key))
			*(unsigned long *)((char *)z + keys[i].off) = (unsigned long)v;
	if (!strcmp(key, "cpu:"))
		z->ncpus++;
	if (z->ncpus != 1)
		return;
	if (!strcmp(key, "count:"))
		z->count = v;
	else if (!strcmp(key, "high:"))
		z->pcp_high = v;
	else if (!strcmp(key, "batch:"))
		z->batch = v;
	else if (!strcmp(key, "high_min:"))
		z->high_min = v;
	else if (!strcmp(key, "high_max:"))
		z->high_max = v;
}

static GArray *parse_zoneinfo(const char *text)
{
	g_auto(GStrv) lines = split_lines(text);
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct zinfo));
	struct zinfo *z = NULL;

	for (int i = 0; lines[i]; i++) {
		struct zinfo fresh = { 0 };

		if (sscanf(lines[i], "Node %d, zone %15s", &fresh.nid, fresh.zone) == 2) {
			g_array_append_val(a, fresh);
			z = &g_array_index(a, struct zinfo, a->len - 1);
			continue;
		}
		ck_assert_ptr_nonnull(z);
		parse_zone_line(z, lines[i]);
	}
	return a;
}

static const struct zinfo *zinfo_find(GArray *zones, int nid, const char *name)
{
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = &g_array_index(zones, struct zinfo, i);

		if (z->nid == nid && !strcmp(z->zone, name))
			return z;
	}
	ck_abort_msg("no zone %d/%s", nid, name);
	return NULL;
}

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
	g_autofree char *want = NULL;
	g_autofree char *what = g_strdup_printf("%s %s (vs %s)", preset, path, file);
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

START_TEST(test_golden)
{
	static const char *const proc_files[] = {
		"proc/meminfo", "proc/buddyinfo", "proc/pagetypeinfo", "proc/zoneinfo",
		"proc/vmstat", "proc/swaps",
	};
	static const char *const node_files[] = { "meminfo", "numastat", "vmstat" };
	const char *preset = presets[_i];
	struct machine *m = boot_preset(preset);

	for (size_t f = 0; f < G_N_ELEMENTS(proc_files); f++) {
		g_autofree char *text = render(m, proc_files[f]);

		ck_golden(preset, proc_files[f], text);
	}
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		for (size_t f = 0; f < G_N_ELEMENTS(node_files); f++) {
			g_autofree char *path = g_strdup_printf(NODE_DIR "node%d/%s", nid, node_files[f]);
			g_autofree char *text = render(m, path);

			ck_golden(preset, path, text);
		}
	}
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- the 6.18 layout */

/*
 * The "default" preset has the zones (DMA, DMA32, Normal populated; Movable
 * and Device empty) and the two CPUs of the VM the samples come from, so
 * every file has the sample's layout line for line; only values differ.
 */
START_TEST(test_shape_matches_kernel)
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

static bool is_i386(const struct machine *m)
{
	return m->desc.arch == ARCH_I386;
}

/*
 * The sample's meminfo fields; a HIGHMEM kernel adds HighTotal..LowFree
 * after Mlocked, and 32-bit PAE has no DirectMap1G.
 */
static GPtrArray *expected_meminfo_names(const struct machine *m)
{
	g_autofree char *sample = read_sample("proc_meminfo.txt");
	GPtrArray *names = column(sample, 0);

	if (!is_i386(m))
		return names;
	for (guint i = 0; i < names->len; i++) {
		if (!strcmp(g_ptr_array_index(names, i), "Mlocked:")) {
			static const char *const high[] = { "HighTotal:", "HighFree:", "LowTotal:",
							     "LowFree:" };

			for (guint k = 0; k < G_N_ELEMENTS(high); k++)
				g_ptr_array_insert(names, (gint)(i + 1 + k), g_strdup(high[k]));
		}
	}
	ck_assert_str_eq(g_ptr_array_index(names, names->len - 1), "DirectMap1G:");
	g_ptr_array_remove_index(names, names->len - 1);
	return names;
}

START_TEST(test_meminfo_format)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *text = render(m, "proc/meminfo");
	g_auto(GStrv) lines = split_lines(text);
	g_autoptr(GRegex) re = g_regex_new("^[A-Za-z0-9_()]+:\\s+\\d+( kB)?$", 0, 0, NULL);
	g_autoptr(GPtrArray) names = column(text, 0);
	g_autoptr(GPtrArray) want = expected_meminfo_names(m);

	for (int i = 0; lines[i]; i++) {
		size_t len = strlen(lines[i]);

		ck_assert_msg(g_regex_match(re, lines[i], 0, NULL), "meminfo line '%s'", lines[i]);
		/* the value ends in column 24, unless it needs more than 8 digits */
		if (g_str_has_suffix(lines[i], " kB") && lines[i][len - 12] == ' ')
			ck_assert_msg(len == 27, "meminfo line '%s' misaligned", lines[i]);
		else if (!g_str_has_suffix(lines[i], " kB"))
			ck_assert_msg(len == 24, "meminfo line '%s' misaligned", lines[i]);
	}
	ck_same_names(names, want, "meminfo");
	machine_free(m);
}
END_TEST

/*
 * The sample's vmstat names. The per-zone events follow the zones the kernel
 * is built with: an i386 HIGHMEM kernel has pgalloc_high and neither
 * pgalloc_dma32 nor pgalloc_device (and the same for allocstall_, pgskip_).
 */
static GPtrArray *expected_vmstat_names(const struct machine *m)
{
	static const char *const per_zone[] = { "pgalloc_", "allocstall_", "pgskip_" };
	g_autofree char *sample = read_sample("proc_vmstat.txt");
	g_autoptr(GPtrArray) names = column(sample, 0);
	GPtrArray *want = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		bool zone_event = false;

		for (size_t k = 0; k < G_N_ELEMENTS(per_zone); k++)
			zone_event |= g_str_has_prefix(name, per_zone[k]);
		if (is_i386(m) && zone_event &&
		    (g_str_has_suffix(name, "_dma32") || g_str_has_suffix(name, "_device")))
			continue;
		g_ptr_array_add(want, g_strdup(name));
		if (is_i386(m) && zone_event && g_str_has_suffix(name, "_normal"))
			g_ptr_array_add(want, g_strdup_printf("%.*s_high",
							      (int)(strlen(name) - 7), name));
	}
	return want;
}

START_TEST(test_vmstat_names)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *text = render(m, "proc/vmstat");
	g_autoptr(GPtrArray) names = column(text, 0);
	g_autoptr(GPtrArray) want = expected_vmstat_names(m);
	g_autoptr(GRegex) re = g_regex_new("^[a-z0-9_]+ \\d+$", 0, 0, NULL);
	g_auto(GStrv) lines = split_lines(text);

	for (int i = 0; lines[i]; i++)
		ck_assert_msg(g_regex_match(re, lines[i], 0, NULL), "vmstat line '%s'", lines[i]);
	ck_same_names(names, want, "vmstat");
	ck_assert_str_eq(lines[g_strv_length(lines) - 1], "nr_unstable 0");
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- formulas */

static int count_populated_zones(const struct machine *m)
{
	int n = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++)
			n += populated_zone(&NODE_DATA(m, nid)->node_zones[i]);
	return n;
}

/* buddyinfo: one line per populated zone whose blocks add up to zoneinfo's free pages */
START_TEST(test_buddyinfo_matches_zoneinfo)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *bi = render(m, "proc/buddyinfo");
	g_autofree char *zi = render(m, "proc/zoneinfo");
	g_autoptr(GArray) buddy = parse_buddyinfo(bi);
	g_autoptr(GArray) zones = parse_zoneinfo(zi);
	unsigned int populated = 0;

	ck_assert_int_eq((int)buddy->len, count_populated_zones(m));
	for (guint i = 0; i < zones->len; i++)
		populated += g_array_index(zones, struct zinfo, i).populated;
	ck_assert_uint_eq(populated, buddy->len);
	for (guint i = 0; i < buddy->len; i++) {
		const struct buddy_line *b = &g_array_index(buddy, struct buddy_line, i);
		const struct zinfo *z = zinfo_find(zones, b->nid, b->zone);

		ck_assert_msg(z->populated, "%s listed in buddyinfo but unpopulated", b->zone);
		ck_assert_uint_eq(buddy_pages(b), z->free);
		ck_assert_uint_eq(z->nr_free_pages, z->free);
	}
	machine_free(m);
}
END_TEST

/* §2.4: min/low/high/promo from min_free_kbytes, split over lowmem by managed pages */
static void ck_watermarks(const struct machine *m, GArray *zones)
{
	unsigned long pages_min = (unsigned long)m->sysctl.min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem = 0;

	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = &g_array_index(zones, struct zinfo, i);

		if (strcmp(z->zone, "HighMem") && strcmp(z->zone, "Movable"))
			lowmem += z->managed;
	}
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = &g_array_index(zones, struct zinfo, i);
		unsigned long tmp = pages_min * z->managed / lowmem;
		unsigned long min = tmp, delta;

		if (!strcmp(z->zone, "HighMem") || !strcmp(z->zone, "Movable"))
			min = CLAMP(z->managed / 1024, 32UL, 128UL);
		delta = MAX(tmp >> 2, z->managed * (unsigned long)m->sysctl.watermark_scale_factor / 10000);
		ck_assert_msg(z->boost == 0 && z->min == min && z->low == min + delta &&
			      z->high == min + 2 * delta && z->promo == min + 3 * delta,
			      "node %d %s: %lu/%lu/%lu/%lu, want min %lu delta %lu", z->nid, z->zone,
			      z->min, z->low, z->high, z->promo, min, delta);
	}
}

/* §2.4: protection[j] = managed pages of zones i+1..j over lowmem_reserve_ratio[i] */
static void ck_protection(const struct machine *m, GArray *zones)
{
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = &g_array_index(zones, struct zinfo, i);
		int idx = (int)i % m->nr_zone_types;
		int ratio = m->sysctl.lowmem_reserve_ratio[idx];
		unsigned long sum = 0;

		ck_assert_int_eq(z->nprot, m->nr_zone_types);
		for (int j = 0; j < z->nprot; j++) {
			long want = 0;

			if (j > idx) {
				sum += g_array_index(zones, struct zinfo, i - (guint)idx + (guint)j).managed;
				want = ratio && z->managed ? (long)(sum / (unsigned long)ratio) : 0;
			}
			ck_assert_msg(z->prot[j] == want, "node %d %s protection[%d] = %ld, want %ld",
				      z->nid, z->zone, j, z->prot[j], want);
		}
	}
}

static int fls_ul(unsigned long x)
{
	return x ? 64 - __builtin_clzl(x) : 0;
}

/*
 * §2.3: pageset batch and high marks, and the vm stat threshold. The kernel
 * splits high over the CPUs of the zone's node; the engine splits over every
 * CPU, which agrees only on one-node machines, so only those are checked.
 */
static void ck_pagesets(const struct machine *m, GArray *zones)
{
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = &g_array_index(zones, struct zinfo, i);
		long batch = (long)MIN(z->managed >> 10, 256UL) / 4;
		long cpus = m->nr_cpus;

		if (!z->populated)
			continue;
		ck_assert_int_eq(z->ncpus, m->nr_cpus);
		ck_assert_int_eq(z->count, 0);
		ck_assert_int_eq(z->threshold, MIN(125, 2 * fls_ul((unsigned long)cpus) *
						   (1 + fls_ul(z->managed >> (27 - PAGE_SHIFT)))));
		batch = MAX(batch, 1);
		batch = (1L << (fls_ul((unsigned long)(batch + batch / 2)) - 1)) - 1;
		ck_assert_int_eq(z->batch, MAX(batch, 1));
		if (m->nr_nodes > 1)
			continue;
		ck_assert_int_eq(z->high_min, MAX((long)z->low / cpus, z->batch * 4));
		ck_assert_int_eq(z->high_max, MAX((long)(z->managed / 8) / cpus, z->batch * 4));
		ck_assert_int_eq(z->pcp_high, z->high_min);
	}
}

/* §1.3 and calculate_totalreserve_pages(), from the text: no page cache or slab at boot */
static unsigned long totalreserve_from_text(GArray *zones)
{
	unsigned long total = 0;

	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = &g_array_index(zones, struct zinfo, i);
		long max = 0;

		for (int j = 0; j < z->nprot; j++)
			max = MAX(max, z->prot[j]);
		total += MIN((unsigned long)max + z->high, z->managed);
	}
	return total;
}

START_TEST(test_zoneinfo_formulas)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *zi = render(m, "proc/zoneinfo");
	g_autofree char *mi = render(m, "proc/meminfo");
	g_autoptr(GArray) zones = parse_zoneinfo(zi);
	unsigned long managed = 0, free = 0;
	int stats_nid = -1;

	ck_assert_int_eq((int)zones->len, m->nr_nodes * m->nr_zone_types);
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = &g_array_index(zones, struct zinfo, i);

		managed += z->managed;
		free += z->free;
		ck_assert(z->spanned >= z->present && z->present >= z->managed);
		ck_assert_uint_eq(z->cma, 0);
		/* the per-node stats ride on the node's first populated zone */
		ck_assert_msg(z->node_stats == (z->populated && z->nid != stats_nid),
			      "node %d %s: per-node stats misplaced", z->nid, z->zone);
		if (z->node_stats)
			stats_nid = z->nid;
	}
	ck_watermarks(m, zones);
	ck_protection(m, zones);
	ck_pagesets(m, zones);
	ck_assert_uint_eq(meminfo_kb(mi, "MemTotal"), K(managed));
	ck_assert_uint_eq(meminfo_kb(mi, "MemFree"), K(free));
	ck_assert_uint_eq(meminfo_kb(mi, "MemAvailable"), K(free - totalreserve_from_text(zones)));
	machine_free(m);
}
END_TEST

/* The direct map covers the RAM above 1 MiB (lowmem only on i386) plus the first MiB. */
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

START_TEST(test_meminfo_values)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *mi = render(m, "proc/meminfo");
	unsigned long total = meminfo_kb(mi, "MemTotal");
	unsigned long dm = meminfo_kb(mi, "DirectMap4k") + meminfo_kb(mi, "DirectMap2M");

	ck_assert_uint_eq(total, K(m->totalram_pages));
	ck_assert_uint_eq(meminfo_kb(mi, "CommitLimit"), K(m->totalram_pages * 50 / 100));
	ck_assert_uint_eq(meminfo_kb(mi, "SwapTotal"), 0);
	ck_assert_uint_eq(meminfo_kb(mi, "Hugepagesize"), 2048);
	if (is_i386(m)) {
		ck_assert_uint_eq(meminfo_kb(mi, "VmallocTotal"), 120 << 10);
		ck_assert_uint_eq(meminfo_kb(mi, "HighTotal") + meminfo_kb(mi, "LowTotal"), total);
		ck_assert_uint_eq(meminfo_kb(mi, "HighFree") + meminfo_kb(mi, "LowFree"),
				  meminfo_kb(mi, "MemFree"));
		ck_assert_ptr_null(strstr(mi, "DirectMap1G"));
	} else {
		ck_assert_uint_eq(meminfo_kb(mi, "VmallocTotal"), 34359738367UL);
		dm += meminfo_kb(mi, "DirectMap1G");
		ck_assert_ptr_null(strstr(mi, "HighTotal"));
	}
	ck_assert_uint_eq(dm, direct_mapped_kb(m));
	machine_free(m);
}
END_TEST

/* Pageblocks counted from each zone's first PFN in pageblock steps, RAM only. */
static unsigned long ram_pageblocks(const struct machine *m, int nid, const struct zone *zone)
{
	const struct node_desc *nd = &m->desc.nodes[nid];
	unsigned long n = 0;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		for (int r = 0; r < nd->nr_mem; r++)
			if (pfn >= (nd->mem[r].start + PAGE_SIZE - 1) >> PAGE_SHIFT &&
			    pfn < nd->mem[r].end >> PAGE_SHIFT)
				n++;
	return n;
}

/* pagetypeinfo: per-type free counts add up to buddyinfo, block counts to the zone's blocks */
START_TEST(test_pagetypeinfo)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *pt = render(m, "proc/pagetypeinfo");
	g_autofree char *bi = render(m, "proc/buddyinfo");
	g_autoptr(GArray) buddy = parse_buddyinfo(bi);
	g_auto(GStrv) lines = split_lines(pt);
	unsigned long sums[MAX_NUMNODES * MAX_ZONES_PER_NODE][NR_PAGE_ORDERS] = { { 0 } };
	int headers = 0, blocks = 0;

	for (int i = 0; lines[i]; i++) {
		char zone[16], type[16];
		int nid, n;
		const char *p = lines[i];

		headers += g_str_has_prefix(p, "Page block order: 9");
		if (sscanf(p, "Node %d, zone %15[^,], type %15s%n", &nid, zone, type, &n) == 3) {
			guint b;

			for (b = 0; b < buddy->len; b++)
				if (g_array_index(buddy, struct buddy_line, b).nid == nid &&
				    !strcmp(g_strstrip(zone), g_array_index(buddy, struct buddy_line, b).zone))
					break;
			ck_assert_uint_lt(b, buddy->len);
			p += n;
			for (int o = 0; o < NR_PAGE_ORDERS; o++) {
				char *end;

				sums[b][o] += strtoul(p, &end, 10);
				p = end;
			}
		} else if (sscanf(p, "Node %d, zone %15s%n", &nid, zone, &n) == 2) {
			const pg_data_t *pgdat = NODE_DATA(m, nid);
			unsigned long total = 0;
			int z;

			for (z = 0; strcmp(pgdat->node_zones[z].name, zone); z++)
				;
			for (p += n; *p; ) {
				char *end;

				total += strtoul(p, &end, 10);
				if (end == p)
					break;
				p = end;
			}
			ck_assert_uint_eq(total, ram_pageblocks(m, nid, &pgdat->node_zones[z]));
			blocks++;
		}
	}
	ck_assert_int_eq(headers, m->nr_nodes);
	ck_assert_uint_eq((unsigned int)blocks, buddy->len);
	for (guint b = 0; b < buddy->len; b++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			ck_assert_uint_eq(sums[b][o], g_array_index(buddy, struct buddy_line, b).nr[o]);
	machine_free(m);
}
END_TEST

/* The live kernel counts 8 and 1528 pageblocks for the same DMA and DMA32 layout. */
START_TEST(test_pagetypeinfo_default_blocks)
{
	struct machine *m = boot_preset("default");
	g_autofree char *pt = render(m, "proc/pagetypeinfo");

	ck_assert_ptr_nonnull(strstr(pt, "Node 0, zone      DMA            0            8 "));
	ck_assert_ptr_nonnull(strstr(pt, "Node 0, zone    DMA32            0         1528 "));
	ck_assert_ptr_nonnull(strstr(pt, "Node 0, zone   Normal            0          512 "));
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- after allocations */

struct snapshot {
	char *meminfo, *buddyinfo, *zoneinfo, *vmstat, *pagetypeinfo;
	GArray *buddy, *zones;
};

static void snap(struct machine *m, struct snapshot *s)
{
	s->meminfo = render(m, "proc/meminfo");
	s->buddyinfo = render(m, "proc/buddyinfo");
	s->zoneinfo = render(m, "proc/zoneinfo");
	s->vmstat = render(m, "proc/vmstat");
	s->pagetypeinfo = render(m, "proc/pagetypeinfo");
	s->buddy = parse_buddyinfo(s->buddyinfo);
	s->zones = parse_zoneinfo(s->zoneinfo);
}

static void snap_free(struct snapshot *s)
{
	g_free(s->meminfo);
	g_free(s->buddyinfo);
	g_free(s->zoneinfo);
	g_free(s->vmstat);
	g_free(s->pagetypeinfo);
	g_array_unref(s->buddy);
	g_array_unref(s->zones);
}

static const struct buddy_line *buddy_of(const struct snapshot *s, int nid, const char *zone)
{
	for (guint i = 0; i < s->buddy->len; i++) {
		const struct buddy_line *b = &g_array_index(s->buddy, struct buddy_line, i);

		if (b->nid == nid && !strcmp(b->zone, zone))
			return b;
	}
	ck_abort_msg("no buddyinfo line for %d/%s", nid, zone);
	return NULL;
}

/* Every zone moved by @delta[zone] free pages and nothing else did. */
static void ck_free_moved(const struct snapshot *a, const struct snapshot *b, int nid,
			  const char *zone, long delta)
{
	long total = 0;

	for (guint i = 0; i < a->zones->len; i++) {
		const struct zinfo *za = &g_array_index(a->zones, struct zinfo, i);
		const struct zinfo *zb = &g_array_index(b->zones, struct zinfo, i);
		long want = za->nid == nid && !strcmp(za->zone, zone) ? delta : 0;

		ck_assert_msg((long)zb->free - (long)za->free == want, "%d/%s moved by %ld, want %ld",
			      za->nid, za->zone, (long)zb->free - (long)za->free, want);
		ck_assert_uint_eq(zb->min, za->min);
		if (zb->populated)
			ck_assert_uint_eq(buddy_pages(buddy_of(b, zb->nid, zb->zone)), zb->free);
		total += want;
	}
	ck_assert_int_eq((long)meminfo_kb(b->meminfo, "MemFree") -
			 (long)meminfo_kb(a->meminfo, "MemFree"), total * KB_PER_PAGE);
	/* no page cache or slab yet: MemAvailable is free pages above the reserves */
	ck_assert_int_eq((long)meminfo_kb(b->meminfo, "MemAvailable") -
			 (long)meminfo_kb(a->meminfo, "MemAvailable"), total * KB_PER_PAGE);
	ck_assert_int_eq((long)vmstat_val(b->vmstat, "nr_free_pages") -
			 (long)vmstat_val(a->vmstat, "nr_free_pages"), total);
}

START_TEST(test_alloc_moves_default)
{
	struct machine *m = boot_preset("default");
	struct snapshot boot, s1, s2, s3, s4;
	unsigned long big, small[3], dma;
	const struct buddy_line *b0, *b1;

	snap(m, &boot);

	/* order 10 for Normal: a whole free block leaves, claimed as Unmovable (2 pageblocks) */
	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_KERNEL, 10, &big), 0);
	ck_machine_ok(m);
	snap(m, &s1);
	ck_free_moved(&boot, &s1, 0, "Normal", -1024);
	b0 = buddy_of(&boot, 0, "Normal");
	b1 = buddy_of(&s1, 0, "Normal");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		ck_assert_uint_eq(b1->nr[o], b0->nr[o] - (o == 10));
	ck_assert_int_eq(memcmp(buddy_of(&s1, 0, "DMA32"), buddy_of(&boot, 0, "DMA32"),
				sizeof(struct buddy_line)), 0);
	ck_assert_ptr_nonnull(strstr(s1.pagetypeinfo,
				     "Node 0, zone   Normal            2          510 "));
	ck_assert_uint_eq(vmstat_val(s1.vmstat, "pgalloc_normal"), 1024);
	ck_assert_uint_eq(vmstat_val(s1.vmstat, "numa_hit"), 1024);
	ck_assert_uint_eq(vmstat_val(s1.vmstat, "numa_local"), 1024);
	ck_assert_uint_eq(vmstat_val(s1.vmstat, "nr_free_pages_blocks"),
			  vmstat_val(boot.vmstat, "nr_free_pages_blocks") - 1024);

	/* three order-0 pages for Normal */
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(alloc_pages_node(m, 0, GFP_KERNEL, 0, &small[i]), 0);
	ck_machine_ok(m);
	snap(m, &s2);
	ck_free_moved(&s1, &s2, 0, "Normal", -3);
	ck_assert_uint_eq(vmstat_val(s2.vmstat, "pgalloc_normal"), 1027);

	/* one DMA page: an order-10 block is claimed and split down, one block per order left */
	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_DMA, 0, &dma), 0);
	ck_machine_ok(m);
	snap(m, &s3);
	ck_free_moved(&s2, &s3, 0, "DMA", -1);
	ck_assert_ptr_nonnull(strstr(s3.buddyinfo, "Node 0, zone      DMA      1      1      1"
					    "      1      1      1      1      1      2      2      2 \n"));
	ck_assert_ptr_nonnull(strstr(s3.pagetypeinfo,
				     "Node 0, zone      DMA            2            6 "));
	ck_assert_uint_eq(vmstat_val(s3.vmstat, "pgalloc_dma"), 1);

	/* everything back: the free lists coalesce to the boot layout */
	ck_assert_int_eq(__free_pages(m, dma, 0), 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(__free_pages(m, small[i], 0), 0);
	ck_assert_int_eq(__free_pages(m, big, 10), 0);
	ck_machine_ok(m);
	snap(m, &s4);
	ck_assert_str_eq(s4.buddyinfo, boot.buddyinfo);
	ck_assert_str_eq(s4.meminfo, boot.meminfo);
	ck_assert_uint_eq(vmstat_val(s4.vmstat, "pgfree"), 1028);
	snap_free(&boot);
	snap_free(&s1);
	snap_free(&s2);
	snap_free(&s3);
	snap_free(&s4);
	machine_free(m);
}
END_TEST

START_TEST(test_alloc_moves_highmem)
{
	struct machine *m = boot_preset("i386-highmem");
	struct snapshot boot, s1, s2;
	unsigned long pfn;

	snap(m, &boot);
	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_HIGHUSER, 2, &pfn), 0);
	ck_machine_ok(m);
	snap(m, &s1);
	ck_free_moved(&boot, &s1, 0, "HighMem", -4);
	ck_assert_uint_eq(meminfo_kb(s1.meminfo, "HighFree"), meminfo_kb(boot.meminfo, "HighFree") - 16);
	ck_assert_uint_eq(meminfo_kb(s1.meminfo, "LowFree"), meminfo_kb(boot.meminfo, "LowFree"));
	ck_assert_uint_eq(vmstat_val(s1.vmstat, "pgalloc_high"), 4);

	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_KERNEL, 0, &pfn), 0);
	ck_machine_ok(m);
	snap(m, &s2);
	ck_free_moved(&s1, &s2, 0, "Normal", -1);
	ck_assert_uint_eq(meminfo_kb(s2.meminfo, "LowFree"), meminfo_kb(s1.meminfo, "LowFree") - 4);
	ck_assert_uint_eq(meminfo_kb(s2.meminfo, "HighFree"), meminfo_kb(s1.meminfo, "HighFree"));
	ck_assert_uint_eq(vmstat_val(s2.vmstat, "pgalloc_normal"), 1);
	snap_free(&boot);
	snap_free(&s1);
	snap_free(&s2);
	machine_free(m);
}
END_TEST

START_TEST(test_alloc_moves_numa)
{
	struct machine *m = boot_preset("numa2");
	struct snapshot boot, s1;
	g_autofree char *n0 = render_node(m, 0, "meminfo");
	g_autofree char *n1 = render_node(m, 1, "meminfo");
	g_autofree char *n0_after = NULL, *n1_after = NULL, *stat1 = NULL, *stat0 = NULL;
	unsigned long pfn;

	snap(m, &boot);
	ck_assert_int_eq(alloc_pages_node(m, 1, GFP_KERNEL, 1, &pfn), 0);
	ck_machine_ok(m);
	snap(m, &s1);
	ck_free_moved(&boot, &s1, 1, "Normal", -2);
	n0_after = render_node(m, 0, "meminfo");
	n1_after = render_node(m, 1, "meminfo");
	ck_assert_str_eq(n0_after, n0);
	ck_assert_uint_eq(kv(n1_after, 2, "MemFree"), kv(n1, 2, "MemFree") - 8);
	ck_assert_uint_eq(kv(n1_after, 2, "MemUsed"), kv(n1, 2, "MemUsed") + 8);
	stat0 = render_node(m, 0, "numastat");
	stat1 = render_node(m, 1, "numastat");
	ck_assert_uint_eq(kv(stat1, 0, "numa_hit"), 2);
	ck_assert_uint_eq(kv(stat0, 0, "numa_hit"), 0);
	ck_assert_uint_eq(vmstat_val(s1.vmstat, "numa_hit"), 2);
	snap_free(&boot);
	snap_free(&s1);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- node files */

static void ck_render(struct machine *m, const char *path, const char *want)
{
	g_autofree char *got = render(m, path);

	ck_assert_msg(!strcmp(got, want), "%s: got '%s', want '%s'", path, got, want);
}

START_TEST(test_node_masks)
{
	struct machine *m = boot_preset("numa2");
	struct machine *d = boot_preset("default");

	ck_render(m, NODE_DIR "online", "0-1\n");
	ck_render(m, NODE_DIR "possible", "0-1\n");
	ck_render(m, NODE_DIR "has_memory", "0-1\n");
	ck_render(m, NODE_DIR "has_normal_memory", "0-1\n");
	ck_render(m, NODE_DIR "has_cpu", "0-1\n");
	ck_render(m, NODE_DIR "node0/distance", "10 20\n");
	ck_render(m, NODE_DIR "node1/distance", "20 10\n");
	ck_render(m, NODE_DIR "node0/cpulist", "0-1\n");
	ck_render(m, NODE_DIR "node1/cpulist", "2-3\n");
	ck_render(m, NODE_DIR "node0/cpumap", "3\n");
	ck_render(m, NODE_DIR "node1/cpumap", "c\n");
	ck_render(d, NODE_DIR "online", "0\n");
	ck_render(d, NODE_DIR "node0/distance", "10\n");
	ck_render(d, NODE_DIR "node0/cpulist", "0-1\n");
	machine_free(m);
	machine_free(d);
}
END_TEST

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

/* node meminfo and vmstat add up to the global files; the layout is drivers/base/node.c's */
START_TEST(test_node_files_add_up)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *mi = render(m, "proc/meminfo");
	g_autofree char *vm = render(m, "proc/vmstat");
	g_autoptr(GPtrArray) global_names = column(vm, 0);
	g_autoptr(GRegex) re = g_regex_new("^Node \\d+ [A-Za-z()_]+: +\\d+( kB)?$", 0, 0, NULL);
	unsigned long total = 0, free = 0;
	unsigned long sums[NR_VM_ZONE_STAT_ITEMS + NR_VM_NUMA_EVENT_ITEMS + NR_VM_NODE_STAT_ITEMS] = { 0 };

	for (int nid = 0; nid < m->nr_nodes; nid++) {
		g_autofree char *nmi = render_node(m, nid, "meminfo");
		g_autofree char *nvm = render_node(m, nid, "vmstat");
		g_autoptr(GPtrArray) names = column(nvm, 0);
		g_autoptr(GPtrArray) values = column(nvm, 1);
		g_auto(GStrv) lines = split_lines(nmi);

		ck_assert_uint_eq(names->len, G_N_ELEMENTS(sums));
		for (guint i = 0; i < names->len; i++) {
			ck_assert_str_eq(g_ptr_array_index(names, i), g_ptr_array_index(global_names, i));
			sums[i] += strtoul(g_ptr_array_index(values, i), NULL, 10);
		}
		for (int i = 0; lines[i]; i++) {
			ck_assert_msg(g_regex_match(re, lines[i], 0, NULL), "'%s'", lines[i]);
			if (!strstr(lines[i], "HugePages_"))
				ck_assert_uint_eq(strlen(lines[i]), strlen("Node 0 ") + 16 + 8 + strlen(" kB"));
		}
		ck_assert_int_eq(g_strv_length(lines), is_i386(m) ? 40 : 36);
		total += kv(nmi, 2, "MemTotal");
		free += kv(nmi, 2, "MemFree");
		ck_assert_uint_eq(kv(nmi, 2, "MemUsed"), kv(nmi, 2, "MemTotal") - kv(nmi, 2, "MemFree"));
	}
	ck_assert_uint_eq(total, meminfo_kb(mi, "MemTotal"));
	ck_assert_uint_eq(free, meminfo_kb(mi, "MemFree"));
	for (guint i = 0; i < G_N_ELEMENTS(sums); i++)
		ck_assert_uint_eq(sums[i], vmstat_val(vm, g_ptr_array_index(global_names, i)));
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- swaps */

START_TEST(test_swaps)
{
	struct machine_desc desc = *machine_preset("default");
	struct machine *m = boot_preset("default");
	char err[256] = "";
	g_autofree char *none = render(m, "proc/swaps");
	g_autofree char *some = NULL, *mi = NULL;

	ck_assert_str_eq(none, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	machine_free(m);

	desc.swap_bytes = 1ULL << 30;
	m = machine_boot(&desc, 1, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	some = render(m, "proc/swaps");
	ck_assert_str_eq(some, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
			       "/dev/vdb                                partition\t1048572\t\t0\t\t-2\n");
	mi = render(m, "proc/meminfo");
	ck_assert_uint_eq(meminfo_kb(mi, "SwapTotal"), 1048572);
	ck_assert_uint_eq(meminfo_kb(mi, "SwapFree"), 1048572);
	ck_assert_uint_eq(meminfo_kb(mi, "CommitLimit"), K(m->totalram_pages / 2 + 262143));
	machine_free(m);
}
END_TEST

static Suite *procfs_suite(void)
{
	Suite *s = suite_create("procfs");
	TCase *golden = tcase_create("golden");
	TCase *layout = tcase_create("layout");
	TCase *formulas = tcase_create("formulas");
	TCase *moves = tcase_create("moves");
	TCase *nodes = tcase_create("nodes");

	tcase_add_loop_test(golden, test_golden, 0, NR_PRESETS);
	tcase_add_test(layout, test_shape_matches_kernel);
	tcase_add_loop_test(layout, test_meminfo_format, 0, NR_PRESETS);
	tcase_add_loop_test(layout, test_vmstat_names, 0, NR_PRESETS);
	tcase_add_test(layout, test_swaps);
	tcase_add_loop_test(formulas, test_buddyinfo_matches_zoneinfo, 0, NR_PRESETS);
	tcase_add_loop_test(formulas, test_zoneinfo_formulas, 0, NR_PRESETS);
	tcase_add_loop_test(formulas, test_meminfo_values, 0, NR_PRESETS);
	tcase_add_loop_test(formulas, test_pagetypeinfo, 0, NR_PRESETS);
	tcase_add_test(formulas, test_pagetypeinfo_default_blocks);
	tcase_add_test(moves, test_alloc_moves_default);
	tcase_add_test(moves, test_alloc_moves_highmem);
	tcase_add_test(moves, test_alloc_moves_numa);
	tcase_add_test(nodes, test_node_masks);
	tcase_add_test(nodes, test_node_cpumap_wide);
	tcase_add_loop_test(nodes, test_node_files_add_up, 0, NR_PRESETS);
	suite_add_tcase(s, golden);
	suite_add_tcase(s, layout);
	suite_add_tcase(s, formulas);
	suite_add_tcase(s, moves);
	suite_add_tcase(s, nodes);
	return s;
}

int main(void)
{
	return run_suite(procfs_suite());
}
