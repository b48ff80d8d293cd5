// SPDX-License-Identifier: GPL-2.0
/*
 * The file system calls a simulated task makes (fs/read_write.c,
 * fs/sync.c, fs/open.c, fs/namei.c, mm/fadvise.c's syscall): read, write,
 * fsync, fdatasync, sync, truncate, unlink and fadvise on files by path,
 * with the task's I/O accounting (task->ioac) counted where the kernel
 * counts it: rchar/wchar for the bytes a call moved, syscr/syscw for every
 * call that reached vfs_read/vfs_write (failed ones too), read_bytes when
 * a read is submitted to the disk, write_bytes when a page is dirtied (or
 * a direct write submitted), cancelled_write_bytes when dirty pages are
 * truncated.
 *
 * A call never blocks the simulation: it does its work at once, and the
 * time it would sleep (waiting for reads, balance_dirty_pages' pauses,
 * fsync's writeback) makes the task wait in state D from now; the caller
 * gets that time.
 */
#include <errno.h>

#include "filemap.h"
#include "internal.h"
#include "task.h"
#include "writeback.h"

/* The task's struct file for @as: its readahead state, made on first use. */
static struct file_ra_state *task_file_ra(struct task_struct *t, struct address_space *as)
{
	struct file_ra_state *ra;

	if (!t->file_ra)
		t->file_ra = g_hash_table_new_full(NULL, NULL, NULL, g_free);
	ra = g_hash_table_lookup(t->file_ra, GUINT_TO_POINTER(as->id));
	if (!ra) {
		ra = g_new(struct file_ra_state, 1);
		file_ra_state_init(ra);
		g_hash_table_insert(t->file_ra, GUINT_TO_POINTER(as->id), ra);
	}
	return ra;
}

static struct address_space *lookup_file(struct machine *m, const char *path)
{
	struct address_space *as = filemap_find(m, path);

	return as && !as->shmem ? as : NULL;
}

/* The time from now until the task's I/O wait ends (0 when it does not wait). */
static uint64_t wait_left(struct machine *m, struct task_struct *t)
{
	uint64_t now = sim_clock_now(&m->clock);

	return task_io_wait_end(m, t) > now ? task_io_wait_end(m, t) - now : 0;
}

/**
 * vfs_read - @t reads @len bytes at @pos of @path; bytes read in *@done, its wait in *@wait_ns
 */
int vfs_read(struct machine *m, struct task_struct *t, const char *path, uint64_t pos,
	     uint64_t len, uint64_t *done, uint64_t *wait_ns)
{
	struct address_space *as = lookup_file(m, path);
	struct task_struct *prev;
	int err;

	*done = *wait_ns = 0;
	if (!as)
		return -ENOENT;
	if (pos > MAX_LFS_FILESIZE)
		return -EINVAL;
	len = MIN(len, MAX_LFS_FILESIZE - pos);
	prev = set_current(m, t);
	err = filemap_read(m, as, task_file_ra(t, as), pos, len, done);
	t->ioac.rchar += *done;
	t->ioac.syscr++;
	*wait_ns = wait_left(m, t);
	set_current(m, prev);
	return err;
}

/**
 * vfs_write - @t writes @len bytes at @pos of @path, buffered or @direct; see vfs_read
 *
 * A buffered write dirties the pages and may be paused by
 * balance_dirty_pages; a direct write first writes back and drops the
 * cached pages of the range, then goes to the disk (512-byte aligned,
 * else EINVAL) and the task waits for it.
 */
int vfs_write(struct machine *m, struct task_struct *t, const char *path, uint64_t pos,
	      uint64_t len, bool direct, uint64_t *done, uint64_t *wait_ns)
{
	struct address_space *as = lookup_file(m, path);
	struct task_struct *prev;
	uint64_t pause = 0;
	int err;

	*done = *wait_ns = 0;
	if (!as)
		return -ENOENT;
	if (direct && ((pos | len) & 511))
		return -EINVAL;
	prev = set_current(m, t);
	if (direct)
		err = direct_write(m, as, pos, len, done);
	else
		err = generic_perform_write(m, as, pos, len, done, &pause);
	t->ioac.wchar += *done;
	t->ioac.syscw++;
	if (pause)
		task_io_wait(m, t, pause);
	*wait_ns = wait_left(m, t);
	set_current(m, prev);
	return err;
}

/**
 * vfs_fsync - fsync(2) (fdatasync with @datasync: the same, no metadata is simulated)
 *
 * Writes every dirty page of the file and waits for them and for the
 * writes already in flight: the task is in D until the last completes.
 */
int vfs_fsync(struct machine *m, struct task_struct *t, const char *path, bool datasync,
	      uint64_t *wait_ns)
{
	struct address_space *as = lookup_file(m, path);
	struct task_struct *prev;

	(void)datasync;
	*wait_ns = 0;
	if (!as)
		return -ENOENT;
	prev = set_current(m, t);
	filemap_write_and_wait(m, as);
	*wait_ns = wait_left(m, t);
	set_current(m, prev);
	return 0;
}

/**
 * ksys_sync - sync(2) for @t (NULL: sim/ctl itself): every file's dirty pages, waiting for all
 */
int ksys_sync(struct machine *m, struct task_struct *t, uint64_t *wait_ns)
{
	struct task_struct *prev = set_current(m, t);

	filemap_write_and_wait(m, NULL);
	*wait_ns = t ? wait_left(m, t) : 0;
	set_current(m, prev);
	return 0;
}

/**
 * do_truncate - truncate(2) of @path to @size (by the current task, which cancelled_write_bytes
 * charge)
 */
int do_truncate(struct machine *m, const char *path, uint64_t size)
{
	struct address_space *as = lookup_file(m, path);

	if (!as)
		return -ENOENT;
	return truncate_setsize(m, as, size);
}

/**
 * do_unlinkat - unlink(2) of @path: the pages go with the last mapping
 */
int do_unlinkat(struct machine *m, const char *path)
{
	return lookup_file(m, path) ? filemap_unlink(m, path) : -ENOENT;
}

/**
 * vfs_fadvise - posix_fadvise(2) of @t on @path
 */
int vfs_fadvise(struct machine *m, struct task_struct *t, const char *path, uint64_t offset,
		uint64_t len, enum fadvise_advice advice)
{
	struct address_space *as = lookup_file(m, path);
	struct task_struct *prev;
	int err;

	if (!as)
		return -ENOENT;
	prev = set_current(m, t);
	err = generic_fadvise(m, as, task_file_ra(t, as), offset, len, advice);
	set_current(m, prev);
	return err;
}
