// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>/fd/ and fdinfo/ (fs/proc/fd.c).
 *
 * The simulation has no file table: a task's reads, writes and mappings
 * go through the engine, not through descriptors (a mapping outlives the
 * descriptor mmap was given, as programs close it). What every process
 * does hold is its standard input, output and error, which systemd opens
 * read-write on /dev/null for the services it starts: fd 0, 1 and 2, on
 * the devtmpfs mount. Kernel threads have no descriptors.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "files.h"
#include "mm/task.h"
#include "seq.h"

#define NR_STDIO_FDS	3
/* devtmpfs numbers its nodes as it makes them: /dev/null, among the first mem devices */
#define DEV_NULL_INO	4UL
#define O_LARGEFILE_	0100000		/* x86_64 open() adds it to every file */

/* The fd number a name stands for, or -1 ("00", "+1" are none) */
static int fd_of_name(const char *name)
{
	if (name[0] < '0' || name[0] >= '0' + NR_STDIO_FDS || name[1])
		return -1;
	return name[0] - '0';
}

/* The task of a fd/ or fdinfo/ directory: its parent is the pid's */
static struct task_struct *fd_dir_task(struct machine *m, const struct pfs_node *dir)
{
	return proc_dir_task(m, dir->parent);
}

static void fd_list(struct machine *m, const struct pfs_node *dir, GPtrArray *names)
{
	struct task_struct *t = fd_dir_task(m, dir);

	for (int fd = 0; t && t->mm && fd < NR_STDIO_FDS; fd++)
		g_ptr_array_add(names, g_strdup_printf("%d", fd));
}

/* tid_fd_update_inode: owned by the task, as its directory is */
static bool fd_owner(struct machine *m, const struct pfs_node *dir, const char *name, uid_t *uid,
		     gid_t *gid)
{
	struct task_struct *t = fd_dir_task(m, dir);

	if (!t || !t->mm || fd_of_name(name) < 0)
		return false;
	*uid = t->uid;
	*gid = t->gid;
	return true;
}

/* The descriptor's task for a reader ptrace allows (proc_fd_access_allowed) */
static int fd_task(const struct pfs_req *r, struct task_struct **t)
{
	*t = fd_dir_task(r->m, r->node->parent);
	if (!*t || !(*t)->mm || fd_of_name(r->node->name) < 0)
		return -ENOENT;
	return proc_may_access(*t, r->uid) ? 0 : -EACCES;
}

static int fd_link(const struct pfs_req *r, char **target)
{
	struct task_struct *t;
	int err = fd_task(r, &t);

	if (!err)
		*target = g_strdup("/dev/null");
	return err;
}

/* seq_show: where the file stands, how it was opened, its mount and inode */
static int fdinfo_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t;
	int err = fd_task(r, &t);

	if (err)
		return err;
	g_string_append_printf(out, "pos:\t0\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n",
			       O_RDWR | O_LARGEFILE_, mount_id_of("/dev"), DEV_NULL_INO);
	return 0;
}

static const struct pfs_file_ops fdinfo_ops = { .show = fdinfo_show, .ro_errno = EINVAL };

/* fd entries are links whose mode says how the file is open: read-write, 0700 */
const struct pfs_dir_ops proc_fd_dir_ops = {
	.list = fd_list,
	.owner = fd_owner,
	.entry_link = fd_link,
	.entry_mode = 0700,
};

const struct pfs_dir_ops proc_fdinfo_dir_ops = {
	.list = fd_list,
	.owner = fd_owner,
	.entry_ops = &fdinfo_ops,
	.entry_mode = 0444,
};
