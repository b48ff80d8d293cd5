// SPDX-License-Identifier: GPL-2.0
/*
 * The block layer: the service model's exact times, merging, the iops
 * limit, flushes, bad bios, the statistics /proc/diskstats and sys/block
 * print, and a major fault's wait (D while the read is under way, iowait
 * and procs_blocked, then S again).
 */
#include <errno.h>
#include <string.h>

#include "mm/blkdev.h"
#include "mm/filemap.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/task.h"
#include "testutil.h"

#define FRESH		0x600000000000ULL	/* a PGD slot no task uses */
#define BW		100000000ULL		/* 100 MB/s */
#define LAT		(100 * NSEC_PER_USEC)

/* A machine without boot tasks (so no boot reads) whose vda has @bw, @lat and @iops. */
static struct machine *boot_disk(uint64_t bw, uint64_t lat, uint64_t iops, bool tasks)
{
	struct machine_desc d = *machine_preset("default");
	char err[256] = "";
	struct machine *m;

	if (!tasks)
		d.nr_boot_tasks = 0;
	d.disks[0].bandwidth = bw;
	d.disks[0].latency = lat;
	d.disks[0].iops = iops;
	m = machine_boot(&d, 1, err, sizeof(err));
	ck_assert_msg(m != NULL, "boot: %s", err);
	ck_machine_ok(m);
	return m;
}

struct done {
	int n;
	uint64_t at[8];
	int status[8];
};

static void record_end_io(struct machine *m, struct bio *bio)
{
	struct done *d = bio->bi_private;

	d->status[d->n] = bio->bi_status;
	d->at[d->n++] = sim_clock_now(&m->clock);
	bio_put(bio);
}

static struct bio *read_bio(struct machine *m, sector_t sector, unsigned int pages, struct done *d)
{
	struct bio *bio = bio_alloc(m->root_bdev, pages, REQ_OP_READ);

	for (unsigned int i = 0; i < pages; i++)
		ck_assert(bio_add_page(bio, 1000 + i));
	bio->bi_sector = sector;
	bio->bi_end_io = record_end_io;
	bio->bi_private = d;
	return bio;
}

static char *diskstats_line(struct machine *m, const char *disk)
{
	g_autofree char *all = render(m, "proc/diskstats");
	g_auto(GStrv) lines = g_strsplit(all, "\n", -1);

	for (int i = 0; lines[i]; i++)
		if (strstr(lines[i], disk))
			return g_strdup(lines[i]);
	return NULL;
}

/* 32 pages at 100 MB/s and 100 us: 1,310,720 ns of transfer + the latency, to the ns */
START_TEST(test_read_time)
{
	struct machine *m = boot_disk(BW, LAT, 0, false);
	struct done d = { 0 };
	unsigned long pgpgin = m->vm_events[PGPGIN];
	g_autofree char *line = NULL, *stat = NULL, *inflight = NULL;

	ck_assert_str_eq(line = diskstats_line(m, "vda"),
			 " 254       0 vda 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
	g_free(line);
	submit_bio(m, read_bio(m, 2048, 32, &d));
	ck_assert_uint_eq(m->vm_events[PGPGIN] - pgpgin, 256);	/* sectors: vmstat prints 128 kB */
	ck_assert_uint_eq(part_in_flight(m->root_bdev), 1);
	ck_assert_str_eq(inflight = render(m, "sys/block/vda/inflight"), "       1        0\n");
	ck_machine_ok(m);
	machine_advance(m, 1410719);
	ck_assert_int_eq(d.n, 0);
	ck_machine_ok(m);
	machine_advance(m, 1);
	ck_assert_int_eq(d.n, 1);
	ck_assert_uint_eq(d.at[0], 1410720);
	ck_assert_int_eq(d.status[0], 0);
	ck_machine_ok(m);
	machine_advance(m, 5 * NSEC_PER_MSEC);
	/* one read, 256 sectors, 1 ms (1.41 truncated), busy 1 ms, weighted 1 ms */
	ck_assert_str_eq(line = diskstats_line(m, "vda"),
			 " 254       0 vda 1 0 256 1 0 0 0 0 0 1 1 0 0 0 0 0 0");
	ck_assert_str_eq(stat = render(m, "sys/block/vda/stat"),
			 "       1        0      256        1        0        0        0        0"
			 "        0        1        1        0        0        0        0        0        0\n");
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * Back-merging: the first of four contiguous bios starts at once, the other
 * three merge into the request behind it (96 KiB), which ends when one
 * 128 KiB read would have. Under a plug all four are one request.
 */
START_TEST(test_merges)
{
	struct machine *m = boot_disk(BW, LAT, 0, false);
	struct done d = { 0 };
	struct disk_stats st;

	for (int i = 0; i < 4; i++)
		submit_bio(m, read_bio(m, 2048 + 64 * i, 8, &d));
	ck_assert_uint_eq(m->root_bdev->stats.merges[STAT_READ], 2);
	ck_assert_uint_eq(part_in_flight(m->root_bdev), 2);
	ck_machine_ok(m);
	machine_advance(m, NSEC_PER_SEC);
	ck_assert_int_eq(d.n, 4);
	ck_assert_uint_eq(d.at[0], 327680 + LAT);
	ck_assert_uint_eq(d.at[1], 1410720);
	ck_assert_uint_eq(d.at[3], 1410720);
	part_stat_read_all(m, m->root_bdev, &st);
	ck_assert_uint_eq(st.ios[STAT_READ], 2);
	ck_assert_uint_eq(st.sectors[STAT_READ], 256);
	ck_assert_uint_eq(st.nsecs[STAT_READ], 427680 + 1410720);
	ck_assert_uint_eq(st.io_ticks, 1410720);
	ck_machine_ok(m);

	d.n = 0;
	blk_start_plug(m);
	for (int i = 0; i < 4; i++)
		submit_bio(m, read_bio(m, 4096 + 64 * i, 8, &d));
	blk_finish_plug(m);
	ck_assert_uint_eq(m->root_bdev->stats.merges[STAT_READ], 5);
	ck_assert_uint_eq(part_in_flight(m->root_bdev), 1);
	/* not contiguous, or another op: no merge */
	submit_bio(m, read_bio(m, 8192, 8, &d));
	ck_assert_uint_eq(part_in_flight(m->root_bdev), 2);
	ck_machine_ok(m);
	blk_run_until_idle(m);
	ck_assert_int_eq(d.n, 5);
	ck_assert_uint_eq(d.at[3] - NSEC_PER_SEC, 1410720);
	ck_assert_uint_eq(m->root_bdev->stats.ios[STAT_READ], 4);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* At 1000 iops a request holds the channel 1 ms however small it is. */
START_TEST(test_iops_limit)
{
	struct machine *m = boot_disk(BW, LAT, 1000, false);
	struct done d = { 0 };

	submit_bio(m, read_bio(m, 2048, 1, &d));
	submit_bio(m, read_bio(m, 10000, 1, &d));
	blk_run_until_idle(m);
	ck_assert_int_eq(d.n, 2);
	ck_assert_uint_eq(d.at[0], 40960 + LAT);
	ck_assert_uint_eq(d.at[1], NSEC_PER_MSEC + 40960 + LAT);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* A flush moves no data: the latency alone, counted in the flush fields. */
START_TEST(test_flush_and_eio)
{
	struct machine *m = boot_disk(BW, 3 * NSEC_PER_MSEC, 0, false);
	struct done d = { 0 };
	struct bio *bio = bio_alloc(m->root_bdev, 0, REQ_OP_FLUSH | REQ_SYNC);
	g_autofree char *line = NULL;
	unsigned long pgpgin = m->vm_events[PGPGIN];

	bio->bi_end_io = record_end_io;
	bio->bi_private = &d;
	submit_bio(m, bio);
	ck_assert_uint_eq(m->root_bdev->in_flight[0], 1);	/* op_is_write(FLUSH) is 0 */
	blk_run_until_idle(m);
	ck_assert_uint_eq(d.at[0], 3 * NSEC_PER_MSEC);
	ck_assert_str_eq(line = diskstats_line(m, "vda"),
			 " 254       0 vda 0 0 0 0 0 0 0 0 0 3 3 0 0 0 0 1 3");
	/* past the end of the disk: -EIO at once, nothing queued or counted */
	submit_bio(m, read_bio(m, m->root_bdev->nr_sectors - 8, 2, &d));
	ck_assert_int_eq(d.n, 2);
	ck_assert_int_eq(d.status[1], -EIO);
	ck_assert_uint_eq(d.at[1], 3 * NSEC_PER_MSEC);
	ck_assert_uint_eq(part_in_flight(m->root_bdev), 0);
	ck_assert_uint_eq(m->root_bdev->stats.ios[STAT_READ], 0);
	ck_assert_uint_eq(m->vm_events[PGPGIN] - pgpgin, 16);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

static unsigned long stat_field(struct machine *m, const char *key)
{
	g_autofree char *s = render(m, "proc/stat");
	const char *p = strstr(s, key);

	ck_assert_ptr_nonnull(p);
	return strtoul(p + strlen(key), NULL, 10);
}

/*
 * A major fault reads the 32-page window at 10 MB/s: the task is D for the
 * 13,107,200 + 100,000 ns the read takes, counted as iowait and in
 * procs_blocked, then sleeps (S) again with that time in its block I/O delay.
 */
START_TEST(test_major_fault_waits)
{
	struct machine *m = boot_disk(10000000, LAT, 0, true);
	struct spawn_args a = { .comm = "reader" };
	struct task_struct *t;
	struct fault_stats st = { 0 };
	uint64_t addr = FRESH, start, iowait;
	unsigned long pgpgin;
	int pid;

	pid = task_spawn(m, &a);
	ck_assert_int_gt(pid, 0);
	t = find_task_by_pid(m, pid);
	ck_assert_int_eq(t->state, TASK_UNINTERRUPTIBLE);	/* reading its program */
	blk_run_until_idle(m);
	ck_assert_int_eq(t->state, TASK_INTERRUPTIBLE);
	ck_assert_uint_eq(stat_field(m, "procs_blocked "), 0);
	ck_machine_ok(m);

	ck_assert_int_eq(do_mmap(m, t, &addr, 1 << 20, 1, MAP_PRIVATE_ | MAP_FIXED_, "/srv/data", 0,
				 NULL), 0);
	pgpgin = m->vm_events[PGPGIN];
	start = sim_clock_now(&m->clock);
	t->blkio_delay_ns = 0;
	iowait = cpu_iowait_ns(m, t->cpu);
	set_current(m, t);	/* as sim/ctl's verbs run: the faulting task is current */
	ck_assert_int_eq(access_range(m, t, addr, PAGE_SIZE, false, &st), 0);
	ck_assert_uint_eq(st.major, 1);
	ck_assert_uint_eq(m->vm_events[PGPGIN] - pgpgin, 256);
	ck_assert_int_eq(t->state, TASK_UNINTERRUPTIBLE);
	ck_assert_str_eq(t->wchan, "folio_wait_bit_common");
	ck_assert_uint_eq(stat_field(m, "procs_blocked "), 1);
	ck_machine_ok(m);
	machine_advance(m, 13207199);
	ck_assert_int_eq(t->state, TASK_UNINTERRUPTIBLE);
	ck_machine_ok(m);
	machine_advance(m, 1);
	ck_assert_int_eq(t->state, TASK_INTERRUPTIBLE);
	ck_assert_ptr_null(t->wchan);
	ck_assert_uint_eq(t->blkio_delay_ns, 13207200);
	ck_assert_uint_eq(cpu_iowait_ns(m, t->cpu) - iowait, 13207200);
	ck_assert_uint_eq(stat_field(m, "procs_blocked "), 0);
	ck_assert_uint_eq(sim_clock_now(&m->clock) - start, 13207200);
	/* the second page was read with the first: a minor fault, no wait */
	ck_assert_int_eq(access_range(m, t, addr + PAGE_SIZE, PAGE_SIZE, false, &st), 0);
	ck_assert_uint_eq(st.major, 1);
	ck_assert_int_eq(t->state, TASK_INTERRUPTIBLE);
	ck_machine_ok(m);

	/* submit_bio_wait: D ("submit_bio_wait") until the one page is read, 409,600 + 100,000 ns */
	{
		struct done d = { 0 };
		uint64_t t0 = sim_clock_now(&m->clock);

		ck_assert_uint_eq(submit_bio_wait(m, read_bio(m, 2048, 1, &d), t), t0 + 509600);
		ck_assert_str_eq(t->wchan, "submit_bio_wait");
		ck_assert_uint_eq(nr_iowait(m), 1);
		ck_machine_ok(m);
		machine_advance(m, 509600);
		ck_assert_int_eq(d.n, 1);
		ck_assert_int_eq(t->state, TASK_INTERRUPTIBLE);
		/* past the end: no wait at all */
		ck_assert_uint_eq(submit_bio_wait(m, read_bio(m, m->root_bdev->nr_sectors, 1, &d), t),
				  t0 + 509600);
		ck_assert_int_eq(d.status[1], -EIO);
		ck_assert_int_eq(t->state, TASK_INTERRUPTIBLE);
		ck_machine_ok(m);
	}
	machine_free(m);
}
END_TEST

/* A task that exits while it waits leaves no waiter behind. */
START_TEST(test_exit_while_waiting)
{
	struct machine *m = boot_disk(10000000, LAT, 0, true);
	struct spawn_args a = { .comm = "reader" };
	int pid = task_spawn(m, &a);
	struct task_struct *t = find_task_by_pid(m, pid);

	ck_assert_int_eq(t->state, TASK_UNINTERRUPTIBLE);
	ck_assert_uint_eq(nr_iowait(m), 1);
	ck_assert_int_eq(task_exit(m, t, 9, true), 0);
	ck_assert_uint_eq(nr_iowait(m), 0);
	ck_machine_ok(m);
	blk_run_until_idle(m);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* sys/block/<disk>/ as a virtio disk shows it */
START_TEST(test_sysfs)
{
	struct machine *m = boot_preset("default");
	static const char *const files[][2] = {
		{ "sys/block/vda/size", "41943040\n" },
		{ "sys/block/vda/dev", "254:0\n" },
		{ "sys/block/vdb/dev", "254:16\n" },
		{ "sys/block/vda/range", "16\n" },
		{ "sys/block/vda/removable", "0\n" },
		{ "sys/block/vda/ro", "0\n" },
		{ "sys/block/vda/queue/logical_block_size", "512\n" },
		{ "sys/block/vda/queue/max_sectors_kb", "1280\n" },
		{ "sys/block/vda/queue/rotational", "0\n" },
		{ "sys/block/vda/queue/scheduler", "[none] mq-deadline\n" },
		{ "sys/block/vda/queue/read_ahead_kb", "128\n" },
		{ "proc/partitions", "major minor  #blocks  name\n\n 254        0   20971520 vda\n"
				     " 254       16    4194304 vdb\n" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		g_autofree char *s = render(m, files[i][0]);

		ck_assert_str_eq(s, files[i][1]);
	}
	machine_free(m);
}
END_TEST

/* The description's disks: defaults, keys, refusals. */
START_TEST(test_desc)
{
	struct machine_desc d = *machine_preset("default");
	struct desc_error e;

	ck_assert_int_eq(machine_desc_validate(&d, &e), 0);
	d.swap_bytes = 5ULL << 30;	/* larger than vdb */
	ck_assert_int_eq(machine_desc_validate(&d, &e), -EINVAL);
	ck_assert_int_eq(e.reason, DESC_NO_SWAP_DISK);
	d.swap_bytes = 0;
	d.disks[1].bandwidth = 0;
	ck_assert_int_eq(machine_desc_validate(&d, &e), -EINVAL);
	ck_assert_int_eq(e.reason, DESC_DISK_BANDWIDTH);
	ck_assert_int_eq(e.index, 1);
	d.disks[1].bandwidth = 1;
	d.disks[1].size = 1000;	/* not whole sectors */
	ck_assert_int_eq(machine_desc_validate(&d, &e), -EINVAL);
	ck_assert_int_eq(e.reason, DESC_DISK_SIZE);
	d.disks[1].size = 4096;
	memcpy(d.disks[1].name, "vda", 4);
	ck_assert_int_eq(machine_desc_validate(&d, &e), -EINVAL);
	ck_assert_int_eq(e.reason, DESC_DISK_NAME);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("blk");
	TCase *tc = tcase_create("blk");

	tcase_add_test(tc, test_read_time);
	tcase_add_test(tc, test_merges);
	tcase_add_test(tc, test_iops_limit);
	tcase_add_test(tc, test_flush_and_eio);
	tcase_add_test(tc, test_major_fault_waits);
	tcase_add_test(tc, test_exit_while_waiting);
	tcase_add_test(tc, test_sysfs);
	tcase_add_test(tc, test_desc);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
