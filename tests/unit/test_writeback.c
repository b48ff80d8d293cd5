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

/* The page cache pages of @path. */
static unsigned long cached(struct machine *m, const char *path)
{
	return g_hash_table_size(filemap_find(m, path)->pages);
}

/* A sequential 4 KiB reader: windows of 4, 8, 16, 32, 32, 32 pages, each read when its mark is reached. */
START_TEST(test_readahead_sizes)
{
	static const unsigned long window_end[] = { 4, 12, 28, 60, 92, 124 };
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m), w = 0;
	unsigned long major = m->vm_events[PGMAJFAULT];

	ck_assert_int_eq(run(m, "create /data/r 16M", r), 0);
	for (unsigned long i = 0; i < 64; i++) {
		ck_assert_int_eq(runf(m, r, "read %d /data/r %lu 4K", pid, i * 4096), 0);
		if (cached(m, "/data/r") != (w ? window_end[w - 1] : 0)) {
			ck_assert_uint_eq(cached(m, "/data/r"), window_end[w]);
			w++;
		}
		tick(m, "10ms");
		ck_machine_ok(m);
	}
	ck_assert_int_eq(w, 6);
	ck_assert_uint_eq(m->vm_events[PGMAJFAULT], major);	/* read(2) takes no faults */
	/* one 1 MiB read: a 256-page window whose mark starts the next 128 at once */
	ck_assert_int_eq(run(m, "create /data/big 4M", r), 0);
	ck_assert_int_eq(runf(m, r, "read %d /data/big 0 1M", pid), 0);
	ck_assert_uint_eq(cached(m, "/data/big"), 384);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

static void ck_ioac(struct machine *m, int pid, uint64_t rchar, uint64_t wchar, uint64_t syscr,
		    uint64_t syscw, uint64_t rb, uint64_t wb, uint64_t cwb)
{
	const struct task_io_accounting *io = &find_task_by_pid(m, pid)->ioac;

	ck_assert_msg(io->rchar == rchar && io->wchar == wchar && io->syscr == syscr &&
		      io->syscw == syscw && io->read_bytes == rb && io->write_bytes == wb &&
		      io->cancelled_write_bytes == cwb,
		      "ioac %lu %lu %lu %lu %lu %lu %lu", (unsigned long)io->rchar,
		      (unsigned long)io->wchar, (unsigned long)io->syscr, (unsigned long)io->syscw,
		      (unsigned long)io->read_bytes, (unsigned long)io->write_bytes,
		      (unsigned long)io->cancelled_write_bytes);
}

/* task->ioac after each call, counted where the kernel counts it */
START_TEST(test_ioac)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);
	struct task_io_accounting base = find_task_by_pid(m, pid)->ioac;

	ck_assert_uint_eq(base.rchar + base.wchar + base.syscr + base.syscw + base.write_bytes, 0);
	ck_assert_int_eq(run(m, "create /data/io 4M", r), 0);
	ck_assert_int_eq(runf(m, r, "read %d /data/io 0 1M", pid), 0);
	/* 384 pages submitted for it: the window and the readahead its mark started */
	ck_ioac(m, pid, 1 << 20, 0, 1, 0, base.read_bytes + 384 * 4096, 0, 0);
	tick(m, "1s");
	ck_assert_int_eq(runf(m, r, "read %d /data/io 0 1M", pid), 0);	/* all cached */
	ck_ioac(m, pid, 2 << 20, 0, 2, 0, base.read_bytes + 384 * 4096, 0, 0);
	ck_assert_int_eq(runf(m, r, "read %d /data/io 4M 4K", pid), 0);	/* at the end: 0 bytes */
	ck_assert_str_eq(r->str, "read=0 wait=0.000000s\n");
	ck_ioac(m, pid, 2 << 20, 0, 3, 0, base.read_bytes + 384 * 4096, 0, 0);
	ck_assert_int_eq(runf(m, r, "write %d /data/io 4M 64K", pid), 0);	/* appends 16 pages */
	ck_ioac(m, pid, 2 << 20, 65536, 3, 1, base.read_bytes + 384 * 4096, 65536, 0);
	ck_assert_int_eq(runf(m, r, "write %d /data/io 4M 64K", pid), 0);	/* dirty already */
	ck_ioac(m, pid, 2 << 20, 131072, 3, 2, base.read_bytes + 384 * 4096, 65536, 0);
	ck_assert_int_eq(runf(m, r, "write %d /data/io 100 10", pid), 0);	/* a cached page */
	ck_ioac(m, pid, 2 << 20, 131082, 3, 3, base.read_bytes + 384 * 4096, 69632, 0);
	ck_assert_int_eq(runf(m, r, "write %d /data/io 3M 100", pid), 0);	/* reads the page first */
	ck_ioac(m, pid, 2 << 20, 131182, 3, 4, base.read_bytes + 385 * 4096, 73728, 0);
	ck_assert_int_eq(runf(m, r, "write %d /data/io 0 4K direct", pid), 0);
	ck_ioac(m, pid, 2 << 20, 135278, 3, 5, base.read_bytes + 385 * 4096, 77824, 0);
	/* truncating the 18 dirty pages cancels them for the truncating task */
	ck_assert_int_eq(runf(m, r, "truncate /data/io 0 pid=%d", pid), 0);
	ck_ioac(m, pid, 2 << 20, 135278, 3, 5, base.read_bytes + 385 * 4096, 77824, 17 * 4096);
	ck_assert_int_eq(runf(m, r, "write %d /nonexistent 0 1", pid), -ENOENT);
	ck_assert_int_eq(runf(m, r, "write %d /data/io 9223372036854775807 1", pid), -EFBIG);
	ck_ioac(m, pid, 2 << 20, 135278, 3, 6, base.read_bytes + 385 * 4096, 77824, 17 * 4096);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* drop_caches 1 frees clean unmapped page cache; dirty and mapped pages stay */
START_TEST(test_drop_caches)
{
	struct machine *m = boot_preset("default");
	struct pfs_tree *t = pfs_tree_new(m);
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);
	unsigned long file0, drop0 = m->vm_events[DROP_PAGECACHE];

	ck_assert_int_eq(run(m, "create /data/clean 1M", r), 0);
	ck_assert_int_eq(runf(m, r, "read %d /data/clean 0 1M", pid), 0);
	ck_assert_int_eq(run(m, "create /data/dirty 0", r), 0);
	ck_assert_int_eq(runf(m, r, "write %d /data/dirty 0 1M", pid), 0);
	ck_assert_int_eq(run(m, "create /data/mapped 64K", r), 0);
	ck_assert_int_eq(runf(m, r, "mmap %d 64K file=/data/mapped prot=r-- flags=shared", pid), 0);
	ck_assert_int_eq(runf(m, r, "touch %d mapped 64K read", pid), 0);
	tick(m, "1s");
	ck_assert_uint_eq(cached(m, "/data/clean"), 256);
	ck_assert_uint_eq(cached(m, "/data/mapped"), 16);
	file0 = nps(m, NR_FILE_PAGES);
	ck_assert_int_eq(store(t, "proc/sys/vm/drop_caches", "1"), 1);
	ck_assert_uint_eq(cached(m, "/data/clean"), 0);
	ck_assert_uint_eq(cached(m, "/data/dirty"), 256);
	ck_assert_uint_eq(cached(m, "/data/mapped"), 16);
	ck_assert_uint_gt(file0 - nps(m, NR_FILE_PAGES), 256);	/* and the boot files' clean pages */
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 256);
	ck_assert_uint_eq(m->vm_events[DROP_PAGECACHE], drop0 + 1);
	ck_logged(m, "mmsimctl (0): drop_caches: 1");
	/* written back, the dirty file's pages are clean: the next drop takes them */
	ck_assert_int_eq(runf(m, r, "fsync %d /data/dirty", pid), 0);
	tick(m, "1s");
	ck_assert_int_eq(store(t, "proc/sys/vm/drop_caches", "3"), 1);
	ck_assert_uint_eq(cached(m, "/data/dirty"), 0);
	ck_assert_uint_eq(cached(m, "/data/mapped"), 16);
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/*
 * A shared writable mapping dirties pages on write faults; msync(MS_SYNC)
 * writes them back, and the next write faults and dirties again; munmap
 * leaves dirty pages in the cache; a private mapping's writes are copies.
 */
START_TEST(test_shared_mapping)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);
	uint64_t addr;

	ck_assert_int_eq(run(m, "create /data/map 1M", r), 0);
	ck_assert_int_eq(runf(m, r, "mmap %d 1M file=/data/map flags=shared", pid), 0);
	addr = g_ascii_strtoull(r->str, NULL, 0);
	ck_assert_int_eq(runf(m, r, "touch %d map 1M write", pid), 0);
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 256);
	tick(m, "1s");
	ck_assert_int_eq(runf(m, r, "msync %d %#" G_GINT64_MODIFIER "x 1M sync", pid, addr), 0);
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 0);
	ck_assert_uint_eq(nps(m, NR_WRITEBACK), 256);
	tick(m, "1s");
	ck_assert_uint_eq(nps(m, NR_WRITEBACK), 0);
	ck_assert_int_eq(runf(m, r, "touch %d map 64K write", pid), 0);	/* write-protected again */
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 16);
	ck_assert_int_eq(runf(m, r, "munmap %d %#" G_GINT64_MODIFIER "x 1M", pid, addr), 0);
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 16);
	ck_assert_uint_eq(cached(m, "/data/map"), 256);
	ck_assert_int_eq(runf(m, r, "mmap %d 1M file=/data/map flags=private", pid), 0);
	ck_assert_int_eq(runf(m, r, "touch %d %s 1M write", pid, g_strchomp(r->str)), 0);
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 16);
	ck_assert_int_eq(runf(m, r, "msync %d %#" G_GINT64_MODIFIER "x 1M sync,async", pid, addr), -EINVAL);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* truncate and unlink drop pages, dirty ones too; an unlinked file lives while mapped */
START_TEST(test_truncate_unlink)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);
	unsigned long file0;

	ck_assert_int_eq(run(m, "create /data/t 0", r), 0);
	file0 = nps(m, NR_FILE_PAGES);
	ck_assert_int_eq(runf(m, r, "write %d /data/t 0 1M", pid), 0);
	ck_assert_int_eq(run(m, "truncate /data/t 100K", r), 0);
	ck_assert_uint_eq(cached(m, "/data/t"), 25);		/* the page 100K falls in stays */
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 25);
	ck_assert_uint_eq(filemap_find(m, "/data/t")->size, 102400);
	ck_assert_int_eq(runf(m, r, "mmap %d 100K file=/data/t prot=r-- flags=shared", pid), 0);
	ck_assert_int_eq(runf(m, r, "touch %d t 100K read", pid), 0);
	ck_assert_int_eq(run(m, "unlink /data/t", r), 0);
	ck_assert_ptr_null(filemap_find(m, "/data/t"));
	ck_assert_uint_eq(nps(m, NR_FILE_PAGES), file0 + 25);	/* mapped: alive */
	ck_assert_int_eq(runf(m, r, "read %d /data/t 0 4K", pid), -ENOENT);
	ck_assert_int_eq(runf(m, r, "exit %d", pid), 0);
	ck_assert_uint_eq(nps(m, NR_FILE_PAGES), file0);	/* the last mapping went */
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 0);
	ck_assert_int_eq(run(m, "unlink /data/t", r), -ENOENT);
	ck_assert_int_eq(run(m, "truncate /data/t 0", r), -ENOENT);
	ck_assert_int_eq(run(m, "create relative 0", r), -EINVAL);
	ck_assert_int_eq(run(m, "create /data/x banana", r), -EINVAL);
	ck_assert_int_eq(run(m, "create /data/x 9223372036854775808", r), -EFBIG);
	ck_assert_int_eq(run(m, "create /data/x 0", r), 0);
	ck_assert_int_eq(run(m, "create /data/x 0", r), -EEXIST);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* fadvise: WILLNEED reads now, DONTNEED starts writeback and drops whole clean pages, RANDOM stops readahead */
START_TEST(test_fadvise)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);

	ck_assert_int_eq(run(m, "create /data/a 8M", r), 0);
	ck_assert_int_eq(runf(m, r, "fadvise %d /data/a 0 1M willneed", pid), 0);
	ck_assert_uint_eq(cached(m, "/data/a"), 256);
	tick(m, "1s");
	ck_assert_int_eq(runf(m, r, "fadvise %d /data/a 4096 8191 dontneed", pid), 0);
	ck_assert_uint_eq(cached(m, "/data/a"), 255);	/* [4096, 12286]: page 1 whole, page 2 not */
	ck_assert_int_eq(runf(m, r, "fadvise %d /data/a 4096 8192 dontneed", pid), 0);
	ck_assert_uint_eq(cached(m, "/data/a"), 254);	/* and page 2 */
	ck_assert_int_eq(runf(m, r, "fadvise %d /data/a 0 0 dontneed", pid), 0);
	ck_assert_uint_eq(cached(m, "/data/a"), 0);
	ck_assert_int_eq(runf(m, r, "fadvise %d /data/a 0 0 random", pid), 0);
	ck_assert_int_eq(runf(m, r, "read %d /data/a 0 4K", pid), 0);
	ck_assert_uint_eq(cached(m, "/data/a"), 1);
	ck_assert_int_eq(runf(m, r, "fadvise %d /data/a 0 0 sequential", pid), 0);
	ck_assert_int_eq(runf(m, r, "read %d /data/a 1M 512K", pid), 0);
	ck_assert_uint_eq(cached(m, "/data/a"), 1 + 128);	/* not after the last read: as asked */
	ck_assert_int_eq(runf(m, r, "fadvise %d /data/a 0 0 sideways", pid), -EINVAL);
	ck_assert_int_eq(runf(m, r, "fadvise %d /nope 0 0 normal", pid), -ENOENT);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* grow read streams a file to its end with readahead; grow rewrite cycles over its pages */
START_TEST(test_file_behaviours)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m), pid2 = spawn(m);
	struct task_struct *t = find_task_by_pid(m, pid);

	ck_assert_int_eq(run(m, "create /data/in 1M", r), 0);
	ck_assert_int_eq(runf(m, r, "grow %d read /data/in 512K", pid), 0);
	ck_assert_int_eq(runf(m, r, "grow %d read /nope 512K", pid), -ENOENT);
	tick(m, "1s");
	ck_assert_ptr_nonnull(t->workload);
	ck_assert_uint_eq(t->ioac.rchar, 438272);	/* less than 512K: it waited for the disk */
	tick(m, "2s");
	ck_assert_ptr_null(t->workload);		/* the end of the file */
	ck_assert_uint_eq(t->ioac.rchar, 1 << 20);
	ck_assert_uint_eq(cached(m, "/data/in"), 256);
	ck_assert_int_eq(run(m, "create /data/ws 0", r), 0);
	ck_assert_int_eq(runf(m, r, "grow %d rewrite /data/ws 1M", pid2), -EINVAL);	/* empty */
	ck_assert_int_eq(runf(m, r, "write %d /data/ws 0 256K", pid2), 0);
	ck_assert_int_eq(runf(m, r, "fsync %d /data/ws", pid2), 0);
	tick(m, "1s");
	ck_assert_int_eq(runf(m, r, "grow %d rewrite /data/ws 1M", pid2), 0);
	tick(m, "1s");
	ck_assert_uint_eq(filemap_find(m, "/data/ws")->size, 256 * 1024);
	ck_assert_uint_eq(find_task_by_pid(m, pid2)->ioac.wchar, 256 * 1024 + (1 << 20));
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 64);		/* every page of it, again */
	ck_assert_int_eq(runf(m, r, "stop %d", pid2), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* dirty_writeback_centisecs 0 stops the periodic flush; a new value flushes now; laptop_mode */
START_TEST(test_flusher_knobs)
{
	struct machine *m = boot_preset("default");
	struct pfs_tree *t = pfs_tree_new(m);
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);

	tick(m, "1s");
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_writeback_centisecs", "0"), 1);
	ck_assert_int_eq(run(m, "create /data/k 0", r), 0);
	ck_assert_int_eq(runf(m, r, "write %d /data/k 0 10M", pid), 0);
	tick(m, "60s");
	/* only the first pass of a disk with no share of the threshold (see the flusher) */
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 2560 - nps(m, NR_WRITTEN));
	ck_assert_int_eq(store(t, "proc/sys/vm/dirty_writeback_centisecs", "500"), 3);
	tick(m, "100ms");
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 0);	/* wakeup_flusher_threads: everything */
	tick(m, "1s");
	ck_assert_uint_eq(nps(m, NR_WRITEBACK), 0);
	/* laptop_mode 5: 5 s after the disk's last I/O, a full flush */
	ck_assert_int_eq(store(t, "proc/sys/vm/laptop_mode", "5"), 1);
	ck_assert_int_eq(runf(m, r, "write %d /data/k 0 4M", pid), 0);
	ck_assert_int_eq(run(m, "create /data/l 1M", r), 0);
	ck_assert_int_eq(runf(m, r, "read %d /data/l 0 4K", pid), 0);	/* spins the disk up */
	tick(m, "4s");
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 1024);
	tick(m, "2s");
	ck_assert_uint_eq(nps(m, NR_FILE_DIRTY), 0);
	ck_machine_ok(m);
	pfs_tree_free(t);
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
	tcase_add_test(tc, test_readahead_sizes);
	tcase_add_test(tc, test_ioac);
	tcase_add_test(tc, test_drop_caches);
	tcase_add_test(tc, test_shared_mapping);
	tcase_add_test(tc, test_truncate_unlink);
	tcase_add_test(tc, test_fadvise);
	tcase_add_test(tc, test_file_behaviours);
	tcase_add_test(tc, test_flusher_knobs);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
