// SPDX-License-Identifier: GPL-2.0
/*
 * sim/ctl verbs of files: what programs do through the file system calls.
 *
 *	create PATH SIZE | truncate PATH SIZE [pid=PID] | unlink PATH [pid=PID]
 *	read PID PATH OFFSET LEN | write PID PATH OFFSET LEN [direct]
 *	fsync PID PATH | fdatasync PID PATH | sync
 *	fadvise PID PATH OFFSET LEN normal|random|sequential|willneed|dontneed
 *
 * Sizes and offsets take K, M, G and T. truncate and unlink act for the
 * task pid= names (charged cancelled_write_bytes for the dirty pages they
 * drop, as the kernel charges the caller), else for no task. The call runs as the task and
 * returns the system call's errno; the reply gives the bytes moved and how
 * long the task waits for it (state D) from now.
 */
#include <errno.h>
#include <string.h>

#include "ctl.h"
#include "mm/filemap.h"
#include "mm/machine.h"
#include "mm/task.h"

/* The "wait=" part of a reply: the time the call costs the task. */
static void reply_wait(struct ctl_args *a, uint64_t wait_ns)
{
	g_string_append_printf(a->reply, "wait=%" G_GUINT64_FORMAT ".%06" G_GUINT64_FORMAT "s\n",
			       (uint64_t)(wait_ns / NSEC_PER_SEC), (uint64_t)(wait_ns % NSEC_PER_SEC / 1000));
}

static int ctl_errno(struct ctl_args *a, int err, const char *path)
{
	if (err == -ENOENT)
		return ctl_fail(a, err, "no file '%s'", path);
	if (err == -EFBIG)
		return ctl_fail(a, err, "past the largest file size (MAX_LFS_FILESIZE)");
	if (err)
		return ctl_fail(a, err, "%s", g_strerror(-err));
	return 0;
}

static int ctl_path_size(struct ctl_args *a, const char *usage, uint64_t *size)
{
	if (a->argc != 2)
		return ctl_fail(a, -EINVAL, "usage: %s", usage);
	if (a->argv[0][0] != '/')
		return ctl_fail(a, -EINVAL, "'%s' is not an absolute path", a->argv[0]);
	return ctl_size(a, a->argv[1], size);
}

static int ctl_create(struct ctl_args *a)
{
	uint64_t size;
	int err = ctl_path_size(a, "create PATH SIZE", &size);

	if (err)
		return err;
	err = filemap_create(a->m, a->argv[0], size);
	if (err == -EEXIST)
		return ctl_fail(a, err, "'%s' exists", a->argv[0]);
	return ctl_errno(a, err, a->argv[0]);
}

/* pid=PID: the task a truncate or unlink acts for (NULL: none) */
static int ctl_acting_task(struct ctl_args *a, struct task_struct **t)
{
	*t = NULL;
	return ctl_key(a, "pid") ? ctl_task(a, ctl_key(a, "pid"), t) : 0;
}

static int ctl_truncate(struct ctl_args *a)
{
	struct task_struct *t, *prev;
	uint64_t size;
	int err = ctl_path_size(a, "truncate PATH SIZE [pid=PID]", &size);

	if (err || (err = ctl_acting_task(a, &t)))
		return err;
	prev = set_current(a->m, t);
	err = do_truncate(a->m, a->argv[0], size);
	set_current(a->m, prev);
	return ctl_errno(a, err, a->argv[0]);
}

static int ctl_unlink(struct ctl_args *a)
{
	struct task_struct *t, *prev;
	int err;

	if (a->argc != 1)
		return ctl_fail(a, -EINVAL, "usage: unlink PATH [pid=PID]");
	if ((err = ctl_acting_task(a, &t)))
		return err;
	prev = set_current(a->m, t);
	err = do_unlinkat(a->m, a->argv[0]);
	set_current(a->m, prev);
	return ctl_errno(a, err, a->argv[0]);
}

/* PID PATH OFFSET LEN */
static int ctl_rw_args(struct ctl_args *a, int nargs, const char *usage, struct task_struct **t,
		       uint64_t *off, uint64_t *len)
{
	int err = ctl_user_task(a, nargs, usage, t);

	if (!err)
		err = ctl_size(a, a->argv[2], off);
	if (!err)
		err = ctl_size(a, a->argv[3], len);
	return err;
}

static int ctl_read(struct ctl_args *a)
{
	static const char usage[] = "read PID PATH OFFSET LEN";
	struct task_struct *t;
	uint64_t off, len, done, wait;
	int err = ctl_rw_args(a, 4, usage, &t, &off, &len);

	if (err)
		return err;
	const int pid = t->pid;
	err = vfs_read(a->m, t, a->argv[1], off, len, &done, &wait);
	if (ctl_exit_to_user(a, t, pid))
		return -EINTR;
	if (err)
		return ctl_errno(a, err, a->argv[1]);
	g_string_append_printf(a->reply, "read=%" G_GUINT64_FORMAT " ", done);
	reply_wait(a, wait);
	return 0;
}

static int ctl_write(struct ctl_args *a)
{
	static const char usage[] = "write PID PATH OFFSET LEN [direct]";
	struct task_struct *t;
	uint64_t off, len, done, wait;
	bool direct = false;
	int err;

	if (a->argc == 5) {
		if (strcmp(a->argv[4], "direct"))
			return ctl_fail(a, -EINVAL, "usage: %s", usage);
		direct = true;
		a->argc = 4;
	}
	err = ctl_rw_args(a, 4, usage, &t, &off, &len);
	if (err)
		return err;
	const int pid = t->pid;
	err = vfs_write(a->m, t, a->argv[1], off, len, direct, &done, &wait);
	if (ctl_exit_to_user(a, t, pid))
		return -EINTR;
	if (err)
		return ctl_errno(a, err, a->argv[1]);
	g_string_append_printf(a->reply, "written=%" G_GUINT64_FORMAT " ", done);
	reply_wait(a, wait);
	return 0;
}

static int ctl_fsync_common(struct ctl_args *a, bool datasync)
{
	struct task_struct *t;
	uint64_t wait;
	int err = ctl_user_task(a, 2, datasync ? "fdatasync PID PATH" : "fsync PID PATH", &t);

	if (err)
		return err;
	const int pid = t->pid;
	err = vfs_fsync(a->m, t, a->argv[1], datasync, &wait);
	if (ctl_exit_to_user(a, t, pid))
		return -EINTR;
	if (err)
		return ctl_errno(a, err, a->argv[1]);
	reply_wait(a, wait);
	return 0;
}

static int ctl_fsync(struct ctl_args *a) { return ctl_fsync_common(a, false); }
static int ctl_fdatasync(struct ctl_args *a) { return ctl_fsync_common(a, true); }

static int ctl_sync(struct ctl_args *a)
{
	uint64_t wait;

	if (a->argc)
		return ctl_fail(a, -EINVAL, "usage: sync");
	return ksys_sync(a->m, NULL, &wait);
}

static const struct {
	const char *name;
	enum fadvise_advice advice;
} advices[] = {
	{ "normal", FADV_NORMAL }, { "random", FADV_RANDOM }, { "sequential", FADV_SEQUENTIAL },
	{ "willneed", FADV_WILLNEED }, { "dontneed", FADV_DONTNEED },
};

static int ctl_fadvise(struct ctl_args *a)
{
	static const char usage[] = "fadvise PID PATH OFFSET LEN normal|random|sequential|willneed|dontneed";
	struct task_struct *t;
	uint64_t off, len;
	size_t i;
	int err;

	if (a->argc != 5)
		return ctl_fail(a, -EINVAL, "usage: %s", usage);
	for (i = 0; i < G_N_ELEMENTS(advices) && strcmp(a->argv[4], advices[i].name); i++)
		;
	if (i == G_N_ELEMENTS(advices))
		return ctl_fail(a, -EINVAL, "unknown advice '%s'", a->argv[4]);
	a->argc = 4;
	err = ctl_rw_args(a, 4, usage, &t, &off, &len);
	if (err)
		return err;
	return ctl_errno(a, vfs_fadvise(a->m, t, a->argv[1], off, len, advices[i].advice), a->argv[1]);
}

const struct ctl_verb file_verbs[] = {
	{ "create",	ctl_create,	"",	"create PATH SIZE" },
	{ "truncate",	ctl_truncate,	"pid",	"truncate PATH SIZE [pid=PID]" },
	{ "unlink",	ctl_unlink,	"pid",	"unlink PATH [pid=PID]" },
	{ "read",	ctl_read,	"",	"read PID PATH OFFSET LEN" },
	{ "write",	ctl_write,	"",	"write PID PATH OFFSET LEN [direct]" },
	{ "fsync",	ctl_fsync,	"",	"fsync PID PATH" },
	{ "fdatasync",	ctl_fdatasync,	"",	"fdatasync PID PATH" },
	{ "sync",	ctl_sync,	"",	"sync" },
	{ "fadvise",	ctl_fadvise,	"",	"fadvise PID PATH OFFSET LEN normal|random|sequential|willneed|dontneed" },
	{ NULL, NULL, NULL, NULL },
};
