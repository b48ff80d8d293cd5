// SPDX-License-Identifier: GPL-2.0
/*
 * The text of the memory files: meminfo, buddyinfo, pagetypeinfo, zoneinfo,
 * vmstat, swaps, slabinfo and the node files, as they read at boot.
 *
 * Two kinds of checks: byte-exact golden text of every preset at boot
 * (golden/<preset>/), and the layout of a live 6.18 kernel's files
 * (golden/kernel-6.18/, captured on an x86_64 VM whose zones and CPUs match
 * the "default" preset). How the numbers follow the engine is
 * test_procfs_engine's part.
 *
 * MMSIMFS_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing
 * them; review the diff before committing it.
 */
#include <stdlib.h>
#include <string.h>

#include "procfs_parse.h"

#define KERNEL_SAMPLES	GOLDEN_DIR "/kernel-6.18/"

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
 * after Mlocked, and only a 64-bit kernel on a CPU with pdpe1gb (the
 * sample's host) prints DirectMap1G.
 */
static char *expected_meminfo_names(const struct machine *m)
{
	g_autofree char *sample = read_sample("proc_meminfo.txt");
	g_autofree char *names = names_of(sample);
	g_autofree char *high = NULL;

	if (!is_i386(m))
		return direct_gbpages(m) ? g_steal_pointer(&names) :
					   replace(names, "^DirectMap1G:\n", "");
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
		if (direct_gbpages(m))
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

/* ---------------------------------------------------------------- slabinfo */

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

static Suite *procfs_suite(void)
{
	Suite *s = suite_create("procfs");
	TCase *golden = tcase_create("golden");
	TCase *layout = tcase_create("layout");

	tcase_add_loop_test(golden, test_golden, 0, NR_PRESETS);
	tcase_add_test(layout, test_layout_matches_kernel);
	tcase_add_loop_test(layout, test_meminfo_format, 0, NR_PRESETS);
	tcase_add_loop_test(layout, test_vmstat_names, 0, NR_PRESETS);
	tcase_add_test(layout, test_swaps);
	tcase_add_test(layout, test_node_cpumap_wide);
	tcase_add_test(layout, test_slabinfo_matches_kernel);
	suite_add_tcase(s, golden);
	suite_add_tcase(s, layout);
	return s;
}

int main(void)
{
	return run_suite(procfs_suite());
}
