// SPDX-License-Identifier: GPL-2.0
/*
 * The page cache's I/O: dirty limits, the flusher, balance_dirty_pages,
 * fsync, drop_caches, readahead and the tasks' I/O accounting, with exact
 * numbers on the default machine (vda: 128 MiB/s, 200 us, 3000 iops).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/filemap.h"
#include "mm/internal.h"
#include "mm/task.h"
#include "mm/writeback.h"
#include "procfs/ctl.h"
#include "testutil.h"

static int run(struct machine *m, const char *cmd, GString *reply)
{
	g_string_truncate(reply, 0);
	return ctl_execute(m, cmd, strlen(cmd), 0, 0, reply);
}

static int runf(struct machine *m, GString *reply, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static int runf(struct machine *m, GString *reply, const char *fmt, ...)
{
	g_autofree char *cmd = NULL;
	va_list ap;

	va_start(ap, fmt);
	cmd = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return run(m, cmd, reply);
}

static unsigned long nps(struct machine *m, enum node_stat_item item)
{
	return global_node_page_state(m, item);
}

static int spawn(struct machine *m)
{
	g_autoptr(GString) r = g_string_new(NULL);

	ck_assert_int_eq(run(m, "spawn writer", r), 0);
	return atoi(r->str);
}

static void tick(struct machine *m, const char *d)
{
	g_autoptr(GString) r = g_string_new(NULL);

	ck_assert_int_eq(runf(m, r, "tick %s", d), 0);
}

static ssize_t store(struct pfs_tree *t, const char *path, const char *v)
{
	g_autoptr(GString) reply = g_string_new(NULL);

	return pfs_store(t, path, v, reply);
}

static void ck_limits(struct machine *m, unsigned long bg, unsigned long thresh)
{
	unsigned long b, d;

	global_dirty_limits(m, &b, &d);
	ck_assert_msg(b == bg && d == thresh, "limits %lu %lu, want %lu %lu", b, d, bg, thresh);
	ck_assert_uint_eq(global_vm_stat(m, NR_DIRTY_BG_THRESHOLD), bg);
	ck_assert_uint_eq(global_vm_stat(m, NR_DIRTY_THRESHOLD), thresh);
}

/* domain_dirty_limits after each write: ratios per PAGE_SIZE, bytes rounded up, pairs exclusive */
START_TEST(test_thresholds)
{
	struct machine *m = boot_preset("default");
	struct pfs_tree *t = pfs_tree_new(m);

	ck_limits(m, 96616, 193468);
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_ratio", "10"), 2);
	ck_limits(m, 48308, 96616);		/* bg 409/4096 >= thresh 409/4096: thresh / 2 */
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_background_ratio", "5"), 1);
	ck_limits(m, 48189, 96616);
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_bytes", "100M"), -EINVAL);
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_bytes", "104857601"), 9);
	ck_assert_uint_eq(m->sysctl.dirty_ratio, 0);
	ck_limits(m, 12800, 25601);		/* DIV_ROUND_UP; bg 48189 >= thresh: thresh / 2 */
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_bytes", "8191"), -EINVAL);	/* < 2 pages */
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_bytes", "8192"), 4);
	ck_limits(m, 1, 2);
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_background_bytes", "0"), -EINVAL);
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_background_bytes", "52428800"), 8);
	ck_assert_uint_eq(m->sysctl.dirty_background_ratio, 0);
	ck_limits(m, 1, 2);			/* 12800 >= 2: thresh / 2 */
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_ratio", "20"), 2);
	ck_assert_uint_eq(m->sysctl.dirty_bytes, 0);
	ck_limits(m, 12800, 193468);
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_background_ratio", "10"), 2);
	ck_assert_uint_eq(m->sysctl.dirty_background_bytes, 0);
	ck_limits(m, 96616, 193468);
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_ratio", "101"), -EINVAL);
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_expire_centisecs", "-1"), -EINVAL);
	ck_assert_int_eq(store(t, "proc/sys/vm/dirtytime_expire_seconds", "-1"), -EINVAL);
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/*
 * A 512 MiB write at 128 MiB/s: all dirty at once, below the freerun
 * ceiling so never throttled; background writeback down to the background
 * threshold at the disk's 32768 pages a second with four requests in
 * flight, then the kupdate pass of dirty_writeback_centisecs after the
 * inode has been dirty dirty_expire_centisecs writes the rest.
 */
START_TEST(test_trajectory)
{
	static const unsigned long want[][3] = {	/* Dirty, Writeback, nr_written, every 0.5 s */
		{ 131072, 0, 0 }, { 113664, 1280, 16128 }, { 97280, 1280, 32512 },
		{ 96512, 0, 34560 },
	};
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);

	tick(m, "1s");
	ck_assert_int_eq(run(m, "create /data/f 0", r), 0);
	ck_assert_int_eq(runf(m, r, "write %d /data/f 0 512M", pid), 0);
	ck_assert_str_eq(r->str, "written=536870912 wait=0.000000s\n");
	for (int i = 0; i < 80; i++) {
		unsigned long dirty = nps(m, NR_FILE_DIRTY), wb = nps(m, NR_WRITEBACK),
			      written = nps(m, NR_WRITTEN);

		if (i < 4) {
			ck_assert_uint_eq(dirty, want[i][0]);
			ck_assert_uint_eq(wb, want[i][1]);
			ck_assert_uint_eq(written, want[i][2]);
		} else if (i < 63) {
			/* below the background threshold: nothing until the inode expires */
			ck_assert_uint_eq(dirty, 96512);
			ck_assert_uint_eq(wb, 0);
		} else if (i < 68) {
			ck_assert_uint_eq(dirty, 96512 - (unsigned long)(i - 62) * 16384 - 512);
			ck_assert_uint_eq(wb, 1280);
		} else {
			ck_assert_uint_eq(dirty, 0);
			ck_assert_uint_eq(wb, 0);
			ck_assert_uint_eq(written, 131072);
		}
		ck_assert_uint_eq(dirty + written + wb, 131072);
		tick(m, "500ms");
		ck_machine_ok(m);
	}
	ck_assert_uint_eq(nps(m, NR_DIRTIED), 131072);
	machine_free(m);
}
END_TEST

/* A 1 GiB/s writer on the 128 MiB/s disk: free running, then held at the disk's rate in D. */
START_TEST(test_throttled_writer)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);
	struct address_space *as;
	uint64_t at5 = 0;
	unsigned long bg, th;

	ck_assert_int_eq(run(m, "create /data/f 0", r), 0);
	ck_assert_int_eq(runf(m, r, "grow %d write /data/f 1G", pid), 0);
	as = filemap_find(m, "/data/f");
	for (int i = 1; i <= 20; i++) {
		tick(m, "1s");
		ck_machine_ok(m);
		if (i == 5)
			at5 = as->size;
	}
	global_dirty_limits(m, &bg, &th);
	/* 15 s of the disk's 128 MiB/s, within the kernel's 1/8 (the wb control line's span) */
	ck_assert_msg(as->size - at5 >= 15 * (128ULL << 20) * 7 / 8 &&
		      as->size - at5 <= 15 * (128ULL << 20) * 9 / 8, "wrote %" G_GUINT64_FORMAT, as->size - at5);
	ck_assert_uint_gt(nps(m, NR_FILE_DIRTY) + nps(m, NR_WRITEBACK), (th + bg) / 2 * 95 / 100);
	ck_assert_uint_lt(nps(m, NR_FILE_DIRTY) + nps(m, NR_WRITEBACK), th);
	ck_assert_uint_eq(find_task_by_pid(m, pid)->state, TASK_UNINTERRUPTIBLE);
	ck_assert_str_eq(find_task_by_pid(m, pid)->wchan, "balance_dirty_pages");
	/* the estimate found the disk: 128 MiB/s is 32768 pages a second */
	ck_assert_uint_ge(m->writeback->root_wb->avg_write_bandwidth, 32768 * 95 / 100);
	ck_assert_uint_le(m->writeback->root_wb->avg_write_bandwidth, 32768);
	ck_assert_int_eq(runf(m, r, "stop %d", pid), 0);
	machine_free(m);
}
END_TEST

/* fsync writes the file's dirty pages and returns when the last is on the disk. */
START_TEST(test_fsync_duration)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);
	struct task_struct *t = find_task_by_pid(m, pid);

	tick(m, "1s");
	ck_assert_int_eq(run(m, "create /data/log 0", r), 0);
	ck_assert_int_eq(runf(m, r, "write %d /data/log 0 64M", pid), 0);
	ck_assert_int_eq(runf(m, r, "fsync %d /data/log", pid), 0);
	/* 64 MiB at 128 MiB/s in 52 requests of 1280 KiB (and one of 256 KiB), then 200 us */
	ck_assert_str_eq(r->str, "wait=0.500200s\n");
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 0);
	ck_assert_uint_eq(nps(m, NR_WRITEBACK), 16384);
	ck_assert_uint_eq(t->state, TASK_UNINTERRUPTIBLE);
	ck_machine_ok(m);
	tick(m, "500ms");
	ck_assert_uint_eq(t->state, TASK_UNINTERRUPTIBLE);
	tick(m, "200us");
	ck_assert_uint_eq(nps(m, NR_WRITEBACK), 0);
	ck_assert_uint_eq(nps(m, NR_WRITTEN), 16384);
	ck_assert_uint_ne(t->state, TASK_UNINTERRUPTIBLE);
	/* a clean file: nothing to wait for */
	ck_assert_int_eq(runf(m, r, "fdatasync %d /data/log", pid), 0);
	ck_assert_str_eq(r->str, "wait=0.000000s\n");
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("writeback");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_thresholds);
	tcase_add_test(tc, test_trajectory);
	tcase_add_test(tc, test_throttled_writer);
	tcase_add_test(tc, test_fsync_duration);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
