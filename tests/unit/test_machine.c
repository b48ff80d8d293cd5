// SPDX-License-Identifier: GPL-2.0
/*
 * Machines: presets, boot-time zone sizes, machine descriptions as text,
 * and the files that describe the machine (sim/physmap, /proc/stat, uptime,
 * cpuinfo, mounts, pressure, the kernel log).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mm/internal.h"
#include "procfs/files.h"
#include "procfs/machine_desc.h"
#include "mm/mm.h"
#include "mm/task.h"
#include "testutil.h"

#define SZ_1M	(1ULL << 20)
#define SZ_1G	(1ULL << 30)

static struct zone *zone_of(struct machine *m, int nid, enum zone_type type)
{
	pg_data_t *pgdat = NODE_DATA(m, nid);

	for (int i = 0; i < pgdat->nr_zones; i++)
		if (pgdat->node_zones[i].type == type)
			return &pgdat->node_zones[i];
	return NULL;
}

static struct machine *boot_text(const char *text)
{
	struct machine_desc d;
	char err[256] = "";
	struct machine *m;

	ck_assert_msg(machine_desc_load(NULL, text, &d, err, sizeof(err)) == 0, "load: %s", err);
	m = machine_boot(&d, 1, err, sizeof(err));
	ck_assert_msg(m != NULL, "boot: %s", err);
	ck_assert_msg(machine_desc_apply_sysctl(m, err, sizeof(err)) == 0, "sysctl: %s", err);
	return m;
}

/* ---------------------------------------------------------------- presets */

START_TEST(test_presets_boot)
{
	for (const char *const *n = machine_preset_names(); *n; n++) {
		struct machine *m = boot_preset(*n);
		int nid;

		ck_machine_ok(m);
		for_each_online_node(m, nid) {
			pg_data_t *pgdat = NODE_DATA(m, nid);

			for (int i = 0; i < pgdat->nr_zones; i++) {
				struct zone *z = &pgdat->node_zones[i];

				if (!populated_zone(z))
					continue;
				ck_assert_msg(z->spanned_pages >= z->present_pages, "%s %s", *n,
					      z->name);
				/* every populated zone of the presets loses something to boot */
				if (!is_highmem(z))
					ck_assert_msg(z->present_pages > z->managed_pages, "%s %s",
						      *n, z->name);
			}
		}
		machine_free(m);
	}
}
END_TEST

/*
 * The default preset is a 4 GiB PC: RAM at 4K-0x9fc00, 1M-3G and 4G-5G.
 *   DMA    spans pfn 1-0xfff (4095); present are pfns 1-0x9e and 0x100-0xfff
 *          (158 + 3840 = 3998); the first MiB is reserved, leaving 3840, as
 *          on the real machine in samples/proc_zoneinfo.txt.
 *   DMA32  spans 16M-4G (1044480); RAM to 3G is present (782336); the kernel
 *          image at 16M-48M takes 8192 pages: 774144 managed.
 *   Normal 4G-5G (262144 present) loses the memmap at the top of the node:
 *          1048478 present pages x 64 B = 16383 pages, leaving 245761.
 */
START_TEST(test_default_zones)
{
	struct machine *m = boot_preset("default");
	struct zone *dma = zone_of(m, 0, ZONE_DMA), *dma32 = zone_of(m, 0, ZONE_DMA32);
	struct zone *normal = zone_of(m, 0, ZONE_NORMAL);

	ck_assert_uint_eq(dma->zone_start_pfn, 1);
	ck_assert_uint_eq(dma->spanned_pages, 4095);
	ck_assert_uint_eq(dma->present_pages, 3998);
	ck_assert_uint_eq(dma->managed_pages, 3840);
	ck_assert_uint_eq(dma32->zone_start_pfn, 0x1000);
	ck_assert_uint_eq(dma32->spanned_pages, 1044480);
	ck_assert_uint_eq(dma32->present_pages, 782336);
	ck_assert_uint_eq(dma32->managed_pages, 782336 - 8192);
	ck_assert_uint_eq(normal->zone_start_pfn, 0x100000);
	ck_assert_uint_eq(normal->spanned_pages, 262144);
	ck_assert_uint_eq(normal->present_pages, 262144);
	ck_assert_uint_eq(m->memmap_boot_pages, 16383);
	ck_assert_uint_eq(normal->managed_pages, 262144 - 16383);
	ck_assert_uint_eq(m->totalram_pages, 3840 + 774144 + 245761);
	ck_assert(!populated_zone(zone_of(m, 0, ZONE_MOVABLE)));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_i386_highmem)
{
	struct machine *m = boot_preset("i386-highmem");
	pg_data_t *pgdat = NODE_DATA(m, 0);
	struct zone *normal = zone_of(m, 0, ZONE_NORMAL), *high = zone_of(m, 0, ZONE_HIGHMEM);
	unsigned long present;

	ck_assert_int_eq(pgdat->node_zones[0].type, ZONE_DMA);
	ck_assert_int_eq(pgdat->node_zones[1].type, ZONE_NORMAL);
	ck_assert_int_eq(pgdat->node_zones[2].type, ZONE_HIGHMEM);
	ck_assert_ptr_null(zone_of(m, 0, ZONE_DMA32));
	ck_assert_uint_eq(zone_end_pfn(normal), (896 * SZ_1M) >> PAGE_SHIFT);
	ck_assert_uint_eq(high->zone_start_pfn, (896 * SZ_1M) >> PAGE_SHIFT);
	ck_assert_uint_eq(zone_end_pfn(high), (2048 * SZ_1M) >> PAGE_SHIFT);
	/* the memmap (32 B per page) lives in lowmem: highmem is all managed */
	ck_assert_uint_eq(high->managed_pages, high->present_pages);
	present = 3998 + normal->present_pages + high->present_pages;
	ck_assert_uint_eq(m->memmap_boot_pages, (present * 32 + PAGE_SIZE - 1) / PAGE_SIZE);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_numa2_node1_normal_only)
{
	struct machine *m = boot_preset("numa2");
	pg_data_t *pgdat = NODE_DATA(m, 1);

	for (int i = 0; i < pgdat->nr_zones; i++) {
		struct zone *z = &pgdat->node_zones[i];

		ck_assert_msg(populated_zone(z) == (z->type == ZONE_NORMAL), "node1 %s", z->name);
	}
	ck_assert_uint_eq(zone_of(m, 1, ZONE_NORMAL)->zone_start_pfn, (9ULL << 30) >> PAGE_SHIFT);
	ck_assert_uint_eq(zone_of(m, 1, ZONE_NORMAL)->present_pages, (8ULL << 30) >> PAGE_SHIFT);
	ck_assert_int_eq(m->nr_cpus, 4);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- descriptions */

static const struct {
	const char *text;
	const char *error;
} bad_descs[] = {
	{ "[node0]\nmemory=1M-3G,2G-4G\n", "node0.memory: ranges must be sorted and not overlap" },
	{ "[node0]\nmemory=5G-4G\n", "node0.memory: bad range '5G-4G'" },
	{ "[node0]\nmemory=1M-16T\n", "node0.memory: range 0 ends above 16T, the simulator's limit" },
	{ "[node0]\nmemory=1M-65T\n", "node0.memory: range 0 ends above the x86_64 limit" },
	{ "[node0]\nmemory=1M-2G,junk\n", "node0.memory: bad range 'junk'" },
	{ "[machine]\nnodes=2\n", "node1.memory: node has no memory" },
	{ "[machine]\nnodes=2\n[node0]\ndistance=10,20\n[node1]\nmemory=5G-6G\ndistance=30,10\n",
	  "node0.distance: table is not symmetric" },
	{ "[node0]\ndistance=10,20\n", "node0.distance: 2 values for 1 nodes" },
	{ "[node0]\ndistance=12\n", "node0.distance: local distance is 10" },
	{ "[machine]\nfoo=1\n", "machine.foo: unknown key" },
	{ "[node0]\nram=1G\n", "node0.ram: unknown key" },
	{ "[zones]\nDMA64=1G\n", "zones.DMA64: unknown key" },
	{ "[bogus]\nx=1\n", "bogus: unknown group" },
	{ "[node8]\nmemory=1M-1G\n", "node8: at most 8 nodes" },
	{ "[node1]\nmemory=6G-7G\n", "node1: machine.nodes is 1" },
	{ "[machine]\nswap=12Q\n", "machine.swap: bad size '12Q'" },
	{ "[machine]\nnodes=two\n", "machine.nodes: bad number 'two'" },
	{ "[machine]\nnodes=9\n", "machine.nodes: must be 1..8" },
	{ "[machine]\narch=arm64\n", "machine.arch: unknown architecture 'arm64'" },
	{ "[machine]\npreset=huge\n", "machine.preset: unknown preset 'huge'" },
	{ "[machine]\ncpu_flags=pku avx512f\n",
	  "machine.cpu_flags: unknown flag 'avx512f' (pdpe1gb, pku)" },
	{ "[machine]\ncpu_flags=ospke\n", "machine.cpu_flags: unknown flag 'ospke'" },
	{ "[machine]\narch=i386\n[zones]\nDMA=16M\nDMA32=4G\n", "zones.DMA32" },
	{ "[reserved]\nkernel=48M-16M\n", "reserved.kernel: bad range '48M-16M'" },
	{ "[machine]\nname=a-name-much-longer-than-thirty-one-characters\n", "machine.name" },
	{ "[node0]\ncpus=0\n", "node0.cpus: the machine needs a CPU" },
	{ "not a key file", "Key file contains line" },
	{ "[tasks]\n1=daemon x\n", "tasks.1: expected KIND NAME" },
	{ "[tasks]\n1=process\n", "tasks.1: expected KIND NAME" },
	{ "[tasks]\n1=process db uid=x\n", "tasks.1: expected KIND NAME" },
	{ "[tasks]\n1=process db heap=2T\n", "tasks.1: expected KIND NAME" },
	{ "[tasks]\n1=process db oom_score_adj=1001\n", "tasks.1: expected KIND NAME" },
	{ "[tasks]\n1=process db binary=db\n", "tasks.1: expected KIND NAME" },
	{ "[tasks]\n1=kthread k uid=0\n", "tasks.1: expected KIND NAME" },
	{ "[tasks]\n1=kthread-per-cpu ksoftirqd\n", "tasks.1: 'ksoftirqd': per-CPU and per-node" },
	{ "[tasks]\n1=kthread-per-node k%s%d\n", "tasks.1: 'k%s%d'" },
	{ "[tasks]\n1=kthread k%d\n", "tasks.1: 'k%d'" },
	{ "[tasks]\n1=process a session\n2=process b session\n", "tasks: only one session task" },
};

START_TEST(test_bad_descriptions)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_descs); i++) {
		struct machine_desc d;
		char err[256] = "";
		int ret;

		memset(&d, 0x5a, sizeof(d));
		ret = machine_desc_load(NULL, bad_descs[i].text, &d, err, sizeof(err));
		ck_assert_msg(ret == -EINVAL, "%s: returned %d", bad_descs[i].text, ret);
		ck_assert_msg(strstr(err, bad_descs[i].error), "%s: got \"%s\", want \"%s\"",
			      bad_descs[i].text, err, bad_descs[i].error);
		/* a refused description leaves the caller's untouched */
		ck_assert_int_eq(((unsigned char *)&d)[0], 0x5a);
	}
}
END_TEST

/* machine_desc_validate() says what is wrong as data; machine_boot() refuses it too. */
START_TEST(test_validate_as_data)
{
	struct machine_desc d = *machine_preset("numa2");
	struct desc_error e;
	char err[256] = "";

	ck_assert_int_eq(machine_desc_validate(&d, &e), 0);
	d.nodes[1].mem[0].start = 8 * SZ_1G;		/* into node 0's 4G-9G */
	ck_assert_int_eq(machine_desc_validate(&d, &e), -EINVAL);
	ck_assert_int_eq(e.field, DESC_NODE_MEMORY);
	ck_assert_int_eq(e.reason, DESC_OVERLAPS_NODE);
	ck_assert_int_eq(e.index, 1);
	ck_assert_int_eq(e.item, 0);
	ck_assert_uint_eq(e.value, 0);
	machine_desc_error_text(&d, &e, err, sizeof(err));
	ck_assert_str_eq(err, "node1.memory: overlaps node0");
	ck_assert_ptr_null(machine_boot(&d, 1, err, sizeof(err)));
	ck_assert_str_eq(err, "machine: the description does not validate");

	d = *machine_preset("default");
	d.nodes[0].mem[2].end = 65ULL << 40;
	ck_assert_int_eq(machine_desc_validate(&d, &e), -EINVAL);
	ck_assert_int_eq(e.reason, DESC_ABOVE_ARCH);
	ck_assert_int_eq(e.item, 2);
	ck_assert_uint_eq(e.value, 64ULL << 40);

	d = *machine_preset("i386-highmem");
	d.zone_end[ZONE_DMA32] = 4 * SZ_1G;
	ck_assert_int_eq(machine_desc_validate(&d, &e), -EINVAL);
	ck_assert_int_eq(e.field, DESC_ZONE);
	ck_assert_int_eq(e.reason, DESC_NOT_IN_ARCH);
	ck_assert_int_eq(e.index, ZONE_DMA32);
	machine_desc_error_text(&d, &e, err, sizeof(err));
	ck_assert_str_eq(err, "zones.DMA32: the i386 architecture has no such zone");

	d = *machine_preset("tiny");
	d.boot_tasks[2].session = true;			/* a second one */
	ck_assert_int_eq(machine_desc_validate(&d, &e), -EINVAL);
	ck_assert_int_eq(e.field, DESC_BOOT_TASKS);
	ck_assert_int_eq(e.reason, DESC_TWO_SESSIONS);
	ck_assert_int_eq(e.index, -1);
}
END_TEST

struct check_reader {
	struct machine *m;
	volatile int checking;		/* the writer is inside machine_check() (under the lock) */
	int got_in_during;
};

static gpointer check_reader_fn(gpointer arg)
{
	struct check_reader *r = arg;

	machine_lock(r->m);
	r->got_in_during = r->checking;
	machine_unlock(r->m);
	return NULL;
}

/*
 * A writer's check of a 64 GiB machine lets a waiting reader in between
 * slices (cond_resched every CHECK_SLICE_PAGES frames of the zone walk,
 * page_alloc_check here, which yields nowhere else) and still checks one
 * state. Whether a reader gets in at a given slice depends on the host's
 * scheduler, so each try offers some sixty slices and the test allows
 * twenty tries.
 */
START_TEST(test_check_lets_readers_in)
{
	struct machine_desc d = *machine_preset("default");
	struct check_reader r = { 0 };
	char err[256] = "";
	int tries = 0;

	d.nodes[0].mem[2].end = 65 * SZ_1G;
	r.m = machine_boot(&d, 1, err, sizeof(err));
	ck_assert_msg(r.m, "%s", err);
	ck_machine_ok(r.m);		/* no writer: in one go */
	while (!r.got_in_during && tries++ < 20) {
		GThread *reader;

		machine_write_lock(r.m);
		reader = g_thread_new("reader", check_reader_fn, &r);
		while (!g_atomic_int_get(&r.m->readers_waiting))
			g_thread_yield();
		r.checking = 1;
		ck_assert_int_eq(page_alloc_check(r.m), 0);
		r.checking = 0;
		machine_write_unlock(r.m);
		g_thread_join(reader);
	}
	ck_assert_msg(r.got_in_during, "no reader got in during %d checks", tries - 1);
	/* the whole check as a writer, a reader waiting: the same verdict */
	machine_write_lock(r.m);
	r.got_in_during = 0;
	r.checking = 1;
	{
		GThread *reader = g_thread_new("reader", check_reader_fn, &r);

		ck_assert_int_eq(machine_check(r.m), 0);
		r.checking = 0;
		machine_write_unlock(r.m);
		g_thread_join(reader);
	}
	machine_free(r.m);
}
END_TEST

static void assert_round_trip(const struct machine_desc *orig)
{
	g_autofree char *text = machine_desc_to_text(orig);
	g_autofree char *again = NULL;
	struct machine_desc d;
	char err[256] = "";

	memset(&d, 0, sizeof(d));
	ck_assert_msg(machine_desc_load(NULL, text, &d, err, sizeof(err)) == 0, "%s\n%s", err,
		      text);
	ck_assert_msg(memcmp(&d, orig, sizeof(d)) == 0, "%s: round trip differs:\n%s",
		      orig->name, text);
	again = machine_desc_to_text(&d);
	ck_assert_str_eq(again, text);
}

START_TEST(test_round_trip_presets)
{
	for (const char *const *n = machine_preset_names(); *n; n++)
		assert_round_trip(machine_preset(*n));
}
END_TEST

/* A description that uses every key, loaded over another preset's base. */
START_TEST(test_round_trip_custom)
{
	static const char text[] =
		"[machine]\n"
		"preset=numa2   # two nodes to start from\n"
		"name=custom\n"
		"swap=2G\n"
		"btime=1700000000\n"
		"cpu_model=\\sLeading blank \\\\ and backslash\n"
		"cpu_mhz=3100\n"
		"cpu_flags= pku  # a baseline CPU with protection keys\n"
		"[node0]\n"
		"memory=0x1000-0x9fc00, 1M-3G, 4G-0x1c0000000\n"
		"cpus=3\n"
		"distance=10,21\n"
		"[node1]\n"
		"memory=7G-8G\n"
		"distance=21,10\n"
		"[reserved]\n"
		"kernel=16M-48M\n"
		"crashkernel=256M-512M\n";
	struct machine_desc d;
	char err[256] = "";

	ck_assert_msg(machine_desc_load(NULL, text, &d, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(d.name, "custom");
	ck_assert_str_eq(d.cpu_model, " Leading blank \\ and backslash");
	ck_assert_uint_eq(d.cpu_features, 1U << X86_FEATURE_PKU);
	ck_assert_int_eq(d.nr_nodes, 2);
	ck_assert_uint_eq(d.swap_bytes, 2ULL << 30);
	ck_assert_uint_eq(d.nodes[0].mem[2].end, 7ULL << 30);
	ck_assert_int_eq(d.nodes[1].distance[0], 21);
	ck_assert_int_eq(d.nr_reserved, 2);
	ck_assert_uint_eq(d.reserved[1].range.start, 256 * SZ_1M);
	assert_round_trip(&d);
}
END_TEST

/* A [tasks] group replaces the preset's: init, kthreadd, per-CPU threads, a database, a shell. */
START_TEST(test_boot_tasks)
{
	static const char text[] =
		"[tasks]\n"
		"1=process systemd binary=/usr/lib/systemd/systemd heap=4M args=/sbin/init\n"
		"2=kthread kthreadd\n"
		"3=kthread-per-cpu ksoftirqd/%d\n"
		"4=process postgres uid=999 oom_score_adj=-500 heap=64M args=postgres -D /var/lib/postgresql\n"
		"5=process bash session args=-bash\n";
	struct machine_desc d;
	struct machine *m;
	struct task_struct *db;
	char err[256] = "";

	ck_assert_msg(machine_desc_load(NULL, text, &d, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(d.nr_boot_tasks, 5);
	assert_round_trip(&d);
	m = machine_boot(&d, 1, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_machine_ok(m);
	/* the default machine has two CPUs: 1 init, 2 kthreadd, 3-4 ksoftirqd, 5 postgres, 6 bash */
	ck_assert_uint_eq(nr_tasks(m), 6);
	ck_assert_str_eq(find_task_by_pid(m, 4)->comm, "ksoftirqd/1");
	ck_assert_ptr_eq(find_task_by_pid(m, 4)->real_parent, find_task_by_pid(m, 2));
	db = find_task_by_pid(m, 5);
	ck_assert_str_eq(db->comm, "postgres");
	ck_assert_uint_eq(db->uid, 999);
	ck_assert_int_eq(db->oom_score_adj, -500);
	ck_assert_int_eq(memcmp(db->cmdline->data, "postgres\0-D\0/var/lib/postgresql\0", db->cmdline->len), 0);
	/* the heap it grew to: glibc's first 132 KiB and 64 MiB more, all written */
	ck_assert_uint_eq(db->mm->brk - db->mm->start_brk, 0x21000 + (64UL << 20));
	ck_assert_uint_ge(get_mm_counter(db->mm, MM_ANONPAGES), 16384);
	ck_assert_int_eq(session_pid(m), 6);
	machine_free(m);
}
END_TEST

/* Growing a preset to two nodes: the SLIT defaults to 10 local, 20 remote. */
START_TEST(test_default_distances)
{
	struct machine *m = boot_text("[machine]\nnodes=2\n[node1]\nmemory=5G-6G\ncpus=1\n");

	ck_assert_int_eq(m->desc.nodes[0].distance[1], 20);
	ck_assert_int_eq(m->desc.nodes[1].distance[0], 20);
	ck_assert_int_eq(m->desc.nodes[1].distance[1], 10);
	ck_assert_int_eq(m->nr_cpus, 3);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_load_from_file)
{
	char path[] = "/tmp/test_machine_XXXXXX";
	g_autofree char *text = machine_desc_to_text(machine_preset("tiny"));
	struct machine_desc d;
	char err[256] = "";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_msg(machine_desc_load(path, NULL, &d, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(memcmp(&d, machine_preset("tiny"), sizeof(d)), 0);
	unlink(path);
	ck_assert_int_eq(machine_desc_load(path, NULL, &d, err, sizeof(err)), -ENOENT);
}
END_TEST

/* vm.min_free_kbytes from the description is written after boot, like a sysctl */
START_TEST(test_sysctl_applied)
{
	struct machine *m = boot_text("[machine]\npreset=tiny\n"
				      "[sysctl]\nvm.min_free_kbytes=8192\n");
	unsigned long min_pages = 0;
	int nid;

	ck_assert_int_eq(m->sysctl.min_free_kbytes, 8192);
	for_each_online_node(m, nid)
		for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++)
			if (managed_zone(&NODE_DATA(m, nid)->node_zones[i]))
				min_pages += NODE_DATA(m, nid)->node_zones[i]._watermark[WMARK_MIN];
	/* 8192 kB = 2048 pages, shared by the lowmem zones (each share rounds down) */
	ck_assert_uint_le(min_pages, 2048);
	ck_assert_uint_ge(min_pages, 2048 - MAX_ZONES_PER_NODE);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_bad_sysctl)
{
	struct machine_desc d;
	char err[256] = "";

	ck_assert_int_eq(machine_desc_load(NULL, "[sysctl]\nvm.no_such_knob=1\n", &d, err,
					   sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "sysctl.vm.no_such_knob: unknown sysctl");
	ck_assert_int_eq(machine_desc_load(NULL, "[sysctl]\nvm.swappiness=lots\n", &d, err,
					   sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "sysctl.vm.swappiness: bad value 'lots'");
}
END_TEST

/*
 * One node with 1 TiB from 1 MiB up. Boot reserves the kernel image
 * (8192 pages) and the memmap: (2^28 - 256) pages x 64 B = 4194300 pages.
 * machine_check() would walk 2^28 pages, so it is left out here.
 */
START_TEST(test_one_tebibyte)
{
	struct machine *m = boot_text("[machine]\nname=big\n[node0]\nmemory=1M-1T\n");
	unsigned long present = (1UL << 28) - 256;
	g_autofree char *physmap = NULL;

	ck_assert_uint_eq(NODE_DATA(m, 0)->node_present_pages, present);
	ck_assert_uint_eq(m->memmap_boot_pages, present * 64 / PAGE_SIZE);
	ck_assert_uint_eq(m->totalram_pages, present - 8192 - present * 64 / PAGE_SIZE);
	/* plausibly all of it: more than 98% of 1 TiB */
	ck_assert_uint_gt(m->totalram_pages, (1UL << 28) / 100 * 98);
	physmap = render(m, "sim/physmap");
	ck_assert_ptr_nonnull(strstr(physmap, "Node 0, zone   Normal  pfn 0x100000-0x10000000\n"));
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- sim/ files */

/* Expected character of each pageblock from a page-by-page walk. */
static char expected_block_char(struct machine *m, struct zone *z, unsigned long start)
{
	unsigned long nr[4] = { 0 };

	for (unsigned long pfn = start; pfn < start + pageblock_nr_pages; pfn++) {
		unsigned long head;
		unsigned int order;
		int mt;

		if (!zone_spans_pfn(z, pfn))
			nr[PAGE_STATE_HOLE]++;
		else
			nr[pfn_state(m, pfn, &head, &order, &mt)]++;
	}
	if (nr[PAGE_STATE_ALLOCATED])
		return "UMRHI"[get_pageblock_migratetype(m, start)];
	if (nr[PAGE_STATE_RESERVED])
		return nr[PAGE_STATE_FREE] ? 'x' : 'X';
	return nr[PAGE_STATE_FREE] ? '.' : '#';
}

/* Compare the picture with a page-by-page census; returns the blocks seen. */
static unsigned long check_physmap(struct machine *m)
{
	g_autofree char *text = render(m, "sim/physmap");
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	unsigned long blocks = 0, want_blocks = 0;
	struct zone *zone = NULL;
	unsigned long pfn = 0;
	int nid;

	for (int i = 0; lines[i]; i++) {
		const char *l = lines[i];
		int node;
		char name[16];
		unsigned long start, end;

		if (sscanf(l, "Node %d, zone %15s pfn %lx-%lx", &node, name, &start, &end) == 4) {
			zone = page_zone_pfn(m, start);
			ck_assert_ptr_nonnull(zone);
			ck_assert_str_eq(zone->name, name);
			ck_assert_uint_eq(zone_end_pfn(zone), end);
			pfn = start & ~(pageblock_nr_pages - 1);
			continue;
		}
		if (strncmp(l, "0x", 2))
			continue;
		ck_assert_uint_eq(strtoul(l, NULL, 16), pfn);
		ck_assert_int_le(strlen(l + 11), 64);
		for (const char *c = l + 11; *c; c++, pfn += pageblock_nr_pages, blocks++)
			ck_assert_msg(*c == expected_block_char(m, zone, pfn),
				      "pfn %#lx: '%c' want '%c'", pfn, *c,
				      expected_block_char(m, zone, pfn));
	}
	for_each_online_node(m, nid)
		for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++) {
			struct zone *z = &NODE_DATA(m, nid)->node_zones[i];
			unsigned long first = z->zone_start_pfn & ~(pageblock_nr_pages - 1);

			if (z->spanned_pages)
				want_blocks += (zone_end_pfn(z) - first + pageblock_nr_pages - 1) /
					       pageblock_nr_pages;
		}
	ck_assert_uint_eq(blocks, want_blocks);
	return blocks;
}

static unsigned long count_char(const char *text, char c)
{
	unsigned long n = 0;

	for (const char *l = strstr(text, "\n0x"); l; l = strstr(l + 1, "\n0x"))
		for (const char *p = l + 12; *p && *p != '\n'; p++)
			n += *p == c;
	return n;
}

/* The character of the pageblock holding @pfn. */
static char block_char(const char *text, unsigned long pfn)
{
	for (const char *l = strstr(text, "\n0x"); l; l = strstr(l + 1, "\n0x")) {
		unsigned long start = strtoul(l + 1, NULL, 16);
		unsigned long idx = (pfn - start) / pageblock_nr_pages;

		if (pfn >= start && idx < 64 && idx < strcspn(l + 12, "\n"))
			return l[12 + idx];
	}
	return 0;
}

START_TEST(test_physmap_tiny)
{
	struct machine *m = boot_bare("tiny");
	g_autofree char *before = render(m, "sim/physmap");
	g_autofree char *after = NULL, *big = NULL;
	unsigned long pfn, pfn9;

	/* DMA: 8 blocks; DMA32 16M-64M: 24 blocks */
	ck_assert_uint_eq(check_physmap(m), 8 + 24);
	ck_assert_ptr_nonnull(strstr(before, "Node 0, zone      DMA  pfn 0x1-0x1000\n"
					     "0x00000000 x.......\n"));
	/*
	 * The kernel image 16M-24M is four wholly reserved blocks. The boot
	 * slabs claimed an order-10 block (two pageblocks) for Unmovable and
	 * one for Reclaimable; the second pageblock of each is still free.
	 */
	ck_assert_ptr_nonnull(strstr(before, "0x00001000 XXXXU.R."));
	ck_assert_uint_eq(count_char(before, 'U'), 1);
	ck_assert_uint_eq(count_char(before, 'R'), 1);
	ck_assert_uint_eq(count_char(before, 'M'), 0);

	/* a page comes from the Unmovable block in use: no block changes */
	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_KERNEL, 0, &pfn), 0);
	ck_machine_ok(m);
	after = render(m, "sim/physmap");
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(block_char(after, pfn), 'U');
	check_physmap(m);
	/* a whole pageblock: the free Unmovable one */
	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_KERNEL, pageblock_order, &pfn9), 0);
	ck_machine_ok(m);
	big = render(m, "sim/physmap");
	ck_assert_ptr_nonnull(strstr(big, "0x00001000 XXXXUUR."));
	ck_assert_int_eq(block_char(big, pfn9), 'U');
	check_physmap(m);
	ck_assert_int_eq(__free_pages(m, pfn9, pageblock_order), 0);
	ck_assert_int_eq(__free_pages(m, pfn, 0), 0);
	ck_machine_ok(m);
	g_free(after);
	after = render(m, "sim/physmap");
	ck_assert_str_eq(after, before);
	machine_free(m);
}
END_TEST

START_TEST(test_sim_clock_and_machine)
{
	struct machine *m = boot_preset("numa2");
	g_autofree char *clock = NULL, *text = NULL;

	machine_advance(m, 2 * NSEC_PER_SEC + 5);
	clock = render(m, "sim/clock");
	ck_assert_ptr_nonnull(strstr(clock, "now_ns 2000000005\nuptime 2.000000005\n"));
	text = render(m, "sim/machine");
	assert_round_trip(&m->desc);
	ck_assert_ptr_nonnull(strstr(text, "[node1]\nmemory=9G-17G\ncpus=2\ndistance=20,10\n"));
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- proc files */

START_TEST(test_stat_uptime)
{
	struct machine *m = boot_preset("default");
	g_autofree char *uptime = NULL, *stat = NULL, *loadavg = NULL;

	machine_advance(m, 1500 * NSEC_PER_MSEC);
	uptime = render(m, "proc/uptime");
	ck_assert_str_eq(uptime, "1.50 3.00\n");
	stat = render(m, "proc/stat");
	ck_assert(g_str_has_prefix(stat, "cpu  0 0 0 300 0 0 0 0 0 0\n"
					 "cpu0 0 0 0 150 0 0 0 0 0 0\n"
					 "cpu1 0 0 0 150 0 0 0 0 0 0\n"
					 "intr 0 0 0"));
	/* the boot tasks: init, the kernel threads and the daemons, all asleep */
	ck_assert_ptr_nonnull(strstr(stat, " 0\nctxt 0\nbtime 1764633600\nprocesses 34\n"
				      "procs_running 0\nprocs_blocked 0\n"
				      "softirq 0 0 0 0 0 0 0 0 0 0 0\n"));
	loadavg = render(m, "proc/loadavg");
	ck_assert_str_eq(loadavg, "0.00 0.00 0.00 0/34 34\n");
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * Two tasks run for a minute: eleven samples (every 5.001 s) fold them in
 * one by one, as a ticking kernel does: 1.20 0.34 0.12, the 1-minute
 * average near 2 * (1 - e^-(55/60)). Idle for nine more minutes, the 108
 * samples slept through fold at once (calc_load_n) as NO_HZ does. One task
 * blocked in D counts as much as a running one.
 */
START_TEST(test_loadavg)
{
	struct machine *m = boot_preset("default");
	struct task_struct *a = find_task_by_pid(m, 1), *b = find_task_by_pid(m, 34);
	g_autofree char *one = NULL, *idle = NULL, *blocked = NULL, *stat = NULL;

	set_task_state(m, a, TASK_RUNNING);
	set_task_state(m, b, TASK_RUNNING);
	ck_machine_ok(m);
	machine_advance(m, 60 * NSEC_PER_SEC);
	one = render(m, "proc/loadavg");
	ck_assert_str_eq(one, "1.20 0.34 0.12 2/34 34\n");
	stat = render(m, "proc/stat");
	ck_assert_ptr_nonnull(strstr(stat, "\nprocs_running 2\n"));
	set_task_state(m, a, TASK_INTERRUPTIBLE);
	set_task_state(m, b, TASK_INTERRUPTIBLE);
	machine_advance(m, 540 * NSEC_PER_SEC);
	idle = render(m, "proc/loadavg");
	ck_assert_str_eq(idle, "0.00 0.06 0.06 0/34 34\n");
	set_task_state(m, b, TASK_UNINTERRUPTIBLE);
	ck_machine_ok(m);
	machine_advance(m, 3600 * NSEC_PER_SEC);
	blocked = render(m, "proc/loadavg");
	ck_assert_str_eq(blocked, "1.00 1.00 1.00 0/34 34\n");
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_cpuinfo)
{
	struct machine *m = boot_preset("numa2");
	struct machine *i386 = boot_preset("i386-highmem");
	g_autofree char *info = render(m, "proc/cpuinfo");
	g_autofree char *info32 = render(i386, "proc/cpuinfo");

	ck_assert_ptr_nonnull(strstr(info, "processor\t: 3\nvendor_id\t: GenuineIntel\n"));
	ck_assert_ptr_null(strstr(info, "processor\t: 4\n"));
	ck_assert_ptr_nonnull(strstr(info, "model name\t: mmsimfs Virtual CPU @ 2.40GHz\n"));
	ck_assert_ptr_nonnull(strstr(info, "cpu MHz\t\t: 2400.000\n"));
	/* CPU 2 is the first core of node 1's package */
	ck_assert_ptr_nonnull(strstr(info, "processor\t: 2\n"));
	ck_assert_ptr_nonnull(strstr(strstr(info, "processor\t: 2\n"),
				     "physical id\t: 1\nsiblings\t: 2\ncore id\t\t: 0\n"));
	ck_assert_ptr_nonnull(strstr(info, " lm "));
	ck_assert_ptr_nonnull(strstr(info, "bogomips\t: 4800.00\n"));
	ck_assert_ptr_nonnull(strstr(info, "address sizes\t: 46 bits physical, 48 bits virtual\n"
				      "power management:\n\n"));
	ck_assert_ptr_null(strstr(info32, " lm "));
	ck_assert_ptr_nonnull(strstr(info32,
				     "address sizes\t: 36 bits physical, 32 bits virtual\n"));
	machine_free(m);
	machine_free(i386);
}
END_TEST

/*
 * pdpe1gb and pku: cpuinfo names what the CPU has, in the kernel's flag
 * order; the direct map uses 1G pages and meminfo prints DirectMap1G only
 * with pdpe1gb; on i386 pku is a CPU flag the kernel does not enable.
 */
START_TEST(test_cpu_features)
{
	struct machine_desc d = *machine_preset("default");
	struct machine *host = boot_preset("default"), *tiny = boot_preset("tiny"), *m;
	g_autofree char *info = render(host, "proc/cpuinfo");
	g_autofree char *info_tiny = render(tiny, "proc/cpuinfo");
	g_autofree char *mi = NULL, *mi_tiny = render(tiny, "proc/meminfo"), *info32 = NULL;
	char err[256] = "";

	ck_assert_ptr_nonnull(strstr(info, " syscall nx pdpe1gb lm constant_tsc "));
	ck_assert_ptr_nonnull(strstr(info, " hypervisor lahf_lm pku ospke\nbugs\t\t:\n"));
	ck_assert_ptr_nonnull(strstr(info_tiny, " syscall nx lm constant_tsc "));
	ck_assert_ptr_nonnull(strstr(info_tiny, " hypervisor lahf_lm\nbugs\t\t:\n"));
	ck_assert_ptr_null(strstr(mi_tiny, "DirectMap1G"));
	ck_assert(g_str_has_suffix(mi_tiny, "DirectMap4k:        2048 kB\n"
					    "DirectMap2M:       63488 kB\n"));

	/* the default machine without pdpe1gb maps its 3 GiB of 1G pages with 2M pages */
	d.cpu_features = 1U << X86_FEATURE_PKU;
	m = machine_boot(&d, 1, err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	mi = render(m, "proc/meminfo");
	ck_assert(g_str_has_suffix(mi, "DirectMap4k:        2048 kB\n"
				       "DirectMap2M:     4192256 kB\n"));
	ck_machine_ok(m);
	machine_free(m);

	/* i386: the CPU's flags show, the kernel enables neither */
	d = *machine_preset("i386-highmem");
	d.cpu_features = (1U << X86_FEATURE_GBPAGES) | (1U << X86_FEATURE_PKU);
	m = machine_boot(&d, 1, err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	info32 = render(m, "proc/cpuinfo");
	ck_assert_ptr_nonnull(strstr(info32, " ht nx pdpe1gb constant_tsc "));
	ck_assert_ptr_nonnull(strstr(info32, " hypervisor pku\nbugs\t\t:\n"));
	ck_assert(!direct_gbpages(m) && !arch_pkeys_enabled(m));
	g_free(mi);
	mi = render(m, "proc/meminfo");
	ck_assert_ptr_null(strstr(mi, "DirectMap1G"));
	ck_machine_ok(m);
	machine_free(m);
	machine_free(host);
	machine_free(tiny);
}
END_TEST

START_TEST(test_mounts_cgroups)
{
	struct machine *m = boot_preset("default");
	g_autofree char *mounts = render(m, "proc/mounts");
	g_autofree char *cgroups = render(m, "proc/cgroups");
	unsigned long half = m->totalram_pages / 2;
	g_autofree char *devtmpfs = g_strdup_printf("devtmpfs /dev devtmpfs rw,relatime,size=%luk,"
						    "nr_inodes=%lu,mode=755 0 0\n", K(half), half);

	ck_assert(g_str_has_prefix(mounts,
				   "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
				   "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"));
	ck_assert_ptr_nonnull(strstr(mounts, devtmpfs));
	ck_assert_ptr_nonnull(strstr(mounts, "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,"
				      "noexec,relatime,nsdelegate,memory_recursiveprot 0 0\n"));
	ck_assert(g_str_has_prefix(cgroups, "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
					    "cpuset\t0\t1\t1\n"));
	ck_assert_ptr_nonnull(strstr(cgroups, "\nmemory\t0\t1\t1\n"));
	ck_assert(g_str_has_suffix(cgroups, "\nmisc\t0\t1\t1\n"));
	machine_free(m);
}
END_TEST

static ssize_t psi_write(struct pfs_tree *t, const char *s)
{
	return pfs_store(t, "proc/pressure/memory", s, NULL);
}

START_TEST(test_pressure)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);
	g_autofree char *cpu = render(m, "proc/pressure/cpu");
	struct pfs_req unpriv = { .m = m, .node = pfs_resolve(t, "proc/pressure/io"), .uid = 1000 };

	ck_assert_str_eq(cpu, "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
			      "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
	ck_assert_int_eq(psi_write(t, "some 150000 1000000\n"), 20);
	ck_assert_int_eq(psi_write(t, "full 1 10000000\n"), 16);
	/* the last byte is the terminator: without a newline the window loses a digit */
	ck_assert_int_eq(psi_write(t, "some 150000 1000000"), -EINVAL);
	/* there is no minimum window since 6.4 */
	ck_assert_int_eq(psi_write(t, "some 100 200\n"), 13);
	ck_assert_int_eq(psi_write(t, "some 150000 0\n"), -EINVAL);
	ck_assert_int_eq(psi_write(t, "some 150000 10000001\n"), -EINVAL);
	ck_assert_int_eq(psi_write(t, "some 0 1000000\n"), -EINVAL);
	ck_assert_int_eq(psi_write(t, "some 2000000 1000000\n"), -EINVAL);
	ck_assert_int_eq(psi_write(t, "half 1 1000000\n"), -EINVAL);
	ck_assert_int_eq(psi_write(t, "some -1 1000000\n"), -EINVAL);
	/* without CAP_SYS_RESOURCE the window must be a multiple of 2 s */
	ck_assert_int_eq(pressure_ops.store(&unpriv, "some 1000 1000000\n", 18), -EINVAL);
	ck_assert_int_eq(pressure_ops.store(&unpriv, "some 1000 2000000\n", 18), 18);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

static const char *last_line(const char *text)
{
	const char *end = text + strlen(text) - 1;	/* the final newline */
	const char *p = end;

	while (p > text && p[-1] != '\n')
		p--;
	return p;
}

START_TEST(test_kmsg)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);
	uint64_t seq = m->log.next_seq;
	g_autofree char *kmsg = NULL, *dmesg = NULL;
	g_autofree char *want = NULL, *too_long = g_strnfill(1025, 'x');

	machine_advance(m, 1500 * NSEC_PER_MSEC + 1234);
	ck_assert_int_eq(pfs_store(t, "dev/kmsg", "<3>disk on fire\n", NULL), 16);
	ck_assert_int_eq(pfs_store(t, "dev/kmsg", "plain \\ text", NULL), 12);
	pr_info(m, "tab\there");

	kmsg = render(m, "dev/kmsg");
	/* user records carry LOG_USER: prefix (1 << 3) | level */
	want = g_strdup_printf("11,%llu,1500001,-;disk on fire\n12,%llu,1500001,-;plain \\x5c text\n"
			       "6,%llu,1500001,-;tab\\x09here\n", (unsigned long long)seq,
			       (unsigned long long)seq + 1, (unsigned long long)seq + 2);
	ck_assert(g_str_has_suffix(kmsg, want));
	ck_assert(g_str_has_prefix(kmsg, "6,0,0,-;"));

	dmesg = render(m, "sim/dmesg");
	ck_assert_str_eq(last_line(dmesg), "<6>[    1.500001] tab\there\n");
	ck_assert_ptr_nonnull(strstr(dmesg, "<11>[    1.500001] disk on fire\n"));
	ck_assert(g_str_has_prefix(dmesg, "<6>[    0.000000] "));
	ck_assert_int_eq(pfs_store(t, "dev/kmsg", too_long, NULL), -EINVAL);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

static Suite *machine_suite(void)
{
	Suite *s = suite_create("machine");
	TCase *tc = tcase_create("presets");

	tcase_add_test(tc, test_presets_boot);
	tcase_add_test(tc, test_default_zones);
	tcase_add_test(tc, test_i386_highmem);
	tcase_add_test(tc, test_numa2_node1_normal_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("descriptions");
	tcase_add_test(tc, test_bad_descriptions);
	tcase_add_test(tc, test_round_trip_presets);
	tcase_add_test(tc, test_round_trip_custom);
	tcase_add_test(tc, test_boot_tasks);
	tcase_add_test(tc, test_default_distances);
	tcase_add_test(tc, test_load_from_file);
	tcase_add_test(tc, test_sysctl_applied);
	tcase_add_test(tc, test_bad_sysctl);
	suite_add_tcase(s, tc);

	/* a 3 GiB memmap takes seconds to set up, more under sanitizers */
	tc = tcase_create("huge");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_one_tebibyte);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_test(tc, test_physmap_tiny);
	tcase_add_test(tc, test_sim_clock_and_machine);
	tcase_add_test(tc, test_stat_uptime);
	tcase_add_test(tc, test_loadavg);
	tcase_add_test(tc, test_cpuinfo);
	tcase_add_test(tc, test_cpu_features);
	tcase_add_test(tc, test_validate_as_data);
	tcase_add_test(tc, test_check_lets_readers_in);
	tcase_add_test(tc, test_mounts_cgroups);
	tcase_add_test(tc, test_pressure);
	tcase_add_test(tc, test_kmsg);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(machine_suite());
}
