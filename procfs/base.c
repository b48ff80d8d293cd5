// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>/ (fs/proc/base.c): the directory of each task, listed in pid
 * order after /proc's fixed files and owned by the task's uid and gid, the
 * /proc/self link, and the small files: cmdline, comm, environ, cgroup,
 * oom_score, oom_score_adj and oom_adj.
 *
 * One table, as tgid_base_stuff[] and tid_base_stuff[] are, gives the files
 * of proc/<pid>/ and of proc/<pid>/task/<tid>/, each entry marked for one
 * of the two or both. Every task is one thread, so task/ holds one entry,
 * the task itself (tid = pid), whose files read what the process's do.
 *
 * Every handler finds its task by the directory's name, so a file of a task
 * that exited answers ENOENT when opened for reading and ESRCH when written.
 * Left out: fd/, ns/, the links (cwd, exe, root) and the files no memory
 * tool reads.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/task.h"
#include "seq.h"

/* fs/proc/internal.h: writes to the oom files copy at most PROC_NUMBUF - 1 bytes */
#define PROC_NUMBUF	13

/* name_to_int: the pid a directory name stands for, or -1 ("01", "+1" are not pids) */
static int pid_of_name(const char *name)
{
	long pid = 0;

	if (!*name || (name[0] == '0' && name[1]))
		return -1;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		pid = pid * 10 + (*p - '0');
		if (pid > INT_MAX)
			return -1;
	}
	return (int)pid;
}

/* The thread group a task leads: every task is a process of one thread. */
static int task_tgid(const struct task_struct *t)
{
	return t->pid;
}

/* The proc/<pid>/ directory a task/ directory sits in. */
static const struct pfs_node *task_dir_pid_dir(const struct pfs_node *task_dir)
{
	return task_dir->parent;
}

/* Is @dir a proc/<pid>/task/<tid>/ directory? Its parent is the task/ directory. */
static bool is_tid_dir(const struct pfs_node *dir)
{
	return dir->parent->dir_ops == &proc_task_dir_ops;
}

struct task_struct *proc_task(const struct pfs_req *r)
{
	const struct pfs_node *dir = r->node->parent;
	int pid = pid_of_name(dir->name);
	struct task_struct *t = pid > 0 ? find_task_by_pid(r->m, pid) : NULL;

	/* a tid answers only inside its own thread group (proc_task_lookup) */
	if (t && is_tid_dir(dir) &&
	    pid_of_name(task_dir_pid_dir(dir->parent)->name) != task_tgid(t))
		return NULL;
	return t;
}

/* ------------------------------------------------------------ small files */

static int cmdline_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append_len(out, (const char *)t->cmdline->data, t->cmdline->len);
	return 0;
}

/* environ_read: nothing for a task without an address space */
static int environ_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	if (t->mm)
		g_string_append_len(out, (const char *)t->environ->data, t->environ->len);
	return 0;
}

static int comm_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append_printf(out, "%s\n", t->comm);
	return 0;
}

/*
 * comm_write renames only a thread of the writer's own process; nobody
 * outside the simulation is one of its tasks, so every write is refused.
 */
static ssize_t comm_store(const struct pfs_req *r, const char *buf, size_t len)
{
	return proc_task(r) ? -EINVAL : -ESRCH;
}

/* cgroup v2 without cgroups yet: every task sits in the root */
static int cgroup_show(const struct pfs_req *r, GString *out)
{
	if (!proc_task(r))
		return -ENOENT;
	g_string_append(out, "0::/\n");
	return 0;
}

static int oom_score_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append_printf(out, "%lu\n", proc_oom_score(r->m, t));
	return 0;
}

/* get_children_pid: a thread's children by pid, each followed by a space, oldest first */
static int children_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	for (GList *l = t->children; l; l = l->next)
		g_string_append_printf(out, "%d ", ((struct task_struct *)l->data)->pid);
	return 0;
}

/* ------------------------------------------------------------- oom_*adj */

/*
 * kstrtoint(s, 0, &v) on a stripped string: an optional sign, "0x" for hex
 * or a leading 0 for octal, digits, one newline at most. -EINVAL for junk
 * or no digits, -ERANGE for a value past an int.
 */
static int kstrtoint0(const char *s, int *out)
{
	unsigned int base = 10, ndigits = 0;
	bool neg = false, overflow = false;
	uint64_t v = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s[0] == '0') {
		base = g_ascii_tolower(s[1]) == 'x' && g_ascii_isxdigit(s[2]) ? 16 : 8;
		if (base == 16)
			s += 2;
	}
	for (; g_ascii_isxdigit(*s); s++, ndigits++) {
		unsigned int d = (unsigned int)g_ascii_xdigit_value(*s);

		if (d >= base)
			break;
		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (overflow)
		return -ERANGE;
	if (!ndigits)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	if (v > (neg ? (uint64_t)INT_MAX + 1 : (uint64_t)INT_MAX))
		return -ERANGE;
	*out = neg ? (int)-(int64_t)v : (int)v;
	return 0;
}

/*
 * The start of oom_score_adj_write and oom_adj_write: the first 12 bytes,
 * whitespace stripped, as a number. @count gets the bytes the write takes.
 */
static int parse_oom_write(const char *buf, size_t len, int *val, size_t *count)
{
	char tmp[PROC_NUMBUF] = "";

	*count = MIN(len, sizeof(tmp) - 1);
	memcpy(tmp, buf, *count);
	return kstrtoint0(kernel_strstrip(tmp), val);
}

static int oom_score_adj_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append_printf(out, "%d\n", t->oom_score_adj);
	return 0;
}

/* Root writes with CAP_SYS_RESOURCE; anyone else may not go below the minimum. */
static ssize_t oom_score_adj_store(const struct pfs_req *r, const char *buf, size_t len)
{
	struct task_struct *t;
	size_t count;
	int adj, err;

	err = parse_oom_write(buf, len, &adj, &count);
	if (err)
		return err;
	t = proc_task(r);
	if (!t)
		return -ESRCH;
	err = set_oom_score_adj(r->m, t, adj, r->uid == 0, false);
	return err ? err : (ssize_t)count;
}

/* oom_adj_read: oom_score_adj scaled to -17..15, OOM_SCORE_ADJ_MAX reading as 15 */
static int oom_adj_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);
	int adj;

	if (!t)
		return -ENOENT;
	if (t->oom_score_adj == OOM_SCORE_ADJ_MAX)
		adj = OOM_ADJUST_MAX;
	else
		adj = t->oom_score_adj * -OOM_DISABLE / OOM_SCORE_ADJ_MAX;
	g_string_append_printf(out, "%d\n", MIN(adj, OOM_ADJUST_MAX));
	return 0;
}

/* oom_adj_write: -16..15 or -17, scaled to oom_score_adj with 15 meaning the maximum */
static ssize_t oom_adj_store(const struct pfs_req *r, const char *buf, size_t len)
{
	struct task_struct *t;
	size_t count;
	int adj, err;

	err = parse_oom_write(buf, len, &adj, &count);
	if (err)
		return err;
	if ((adj < OOM_ADJUST_MIN || adj > OOM_ADJUST_MAX) && adj != OOM_DISABLE)
		return -EINVAL;
	if (adj == OOM_ADJUST_MAX)
		adj = OOM_SCORE_ADJ_MAX;
	else
		adj = adj * OOM_SCORE_ADJ_MAX / -OOM_DISABLE;
	t = proc_task(r);
	if (!t)
		return -ESRCH;
	err = set_oom_score_adj(r->m, t, adj, r->uid == 0, true);
	return err ? err : (ssize_t)count;
}

/* ------------------------------------------------------------ the table */

/* Read-only per-pid files refuse even root's writes with EINVAL, as procfs does. */
static const struct pfs_file_ops cmdline_ops = { .show = cmdline_show, .ro_errno = EINVAL };
static const struct pfs_file_ops environ_ops = { .show = environ_show, .ro_errno = EINVAL };
/* the oom files and comm parse every write, wherever the file position stands */
static const struct pfs_file_ops comm_ops = {
	.show = comm_show,
	.store = comm_store,
	.flags = PFS_ANY_OFFSET,
};
static const struct pfs_file_ops cgroup_ops = { .show = cgroup_show, .ro_errno = EINVAL };
static const struct pfs_file_ops children_ops = { .show = children_show, .ro_errno = EINVAL };
static const struct pfs_file_ops oom_score_ops = { .show = oom_score_show, .ro_errno = EINVAL };
static const struct pfs_file_ops oom_score_adj_ops = {
	.show = oom_score_adj_show,
	.store = oom_score_adj_store,
	.flags = PFS_ANY_OFFSET,
};
static const struct pfs_file_ops oom_adj_ops = {
	.show = oom_adj_show,
	.store = oom_adj_store,
	.flags = PFS_ANY_OFFSET,
};

/* Which of the two directories an entry belongs in. */
enum {
	TGID	= 1 << 0,		/* proc/<pid>/ (tgid_base_stuff) */
	TID	= 1 << 1,		/* proc/<pid>/task/<tid>/ (tid_base_stuff) */
	BOTH	= TGID | TID,
};

/*
 * tgid_base_stuff[] and tid_base_stuff[] in one: their order and modes,
 * for the files we have. A NULL @ops is the task/ directory.
 */
static const struct {
	const char *name;
	mode_t mode;
	const struct pfs_file_ops *ops;
	unsigned int where;
} pid_entries[] = {
	{ "task",		0555, NULL,				TGID },
	{ "environ",		0400, &environ_ops,			BOTH },
	{ "status",		0444, &proc_pid_status_ops,		BOTH },
	{ "comm",		0644, &comm_ops,			BOTH },
	{ "cmdline",		0444, &cmdline_ops,			BOTH },
	{ "stat",		0444, &proc_pid_stat_ops,		BOTH },
	{ "statm",		0444, &proc_pid_statm_ops,		BOTH },
	{ "maps",		0444, &proc_pid_maps_ops,		BOTH },
	{ "children",		0444, &children_ops,			TID },
	{ "numa_maps",		0444, &proc_pid_numa_maps_ops,		BOTH },
	{ "clear_refs",		0200, &proc_clear_refs_ops,		BOTH },
	{ "smaps",		0444, &proc_pid_smaps_ops,		BOTH },
	{ "smaps_rollup",	0444, &proc_pid_smaps_rollup_ops,	BOTH },
	{ "pagemap",		0400, &proc_pagemap_ops,		BOTH },
	{ "cgroup",		0444, &cgroup_ops,			BOTH },
	{ "oom_score",		0444, &oom_score_ops,			BOTH },
	{ "oom_adj",		0644, &oom_adj_ops,			BOTH },
	{ "oom_score_adj",	0644, &oom_score_adj_ops,		BOTH },
};

/* The files of a proc/<pid>/ (@where TGID) or a task/<tid>/ (TID) directory. */
static void pid_entries_populate(struct pfs_tree *t, struct pfs_node *dir, unsigned int where)
{
	for (size_t i = 0; i < G_N_ELEMENTS(pid_entries); i++) {
		if (!(pid_entries[i].where & where))
			continue;
		if (pid_entries[i].ops)
			pfs_add_child_file(t, dir, pid_entries[i].name, pid_entries[i].mode,
					   pid_entries[i].ops);
		else
			pfs_add_child_dyndir(t, dir, pid_entries[i].name, pid_entries[i].mode,
					     &proc_task_dir_ops);
	}
}

static gint pid_cmp(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* proc_pid_readdir: by pid, not in creation order (pids wrap) */
static void proc_pid_list(struct machine *m, const struct pfs_node *dir, GPtrArray *names)
{
	g_autoptr(GArray) pids = g_array_sized_new(FALSE, FALSE, sizeof(int), nr_tasks(m));

	for (GList *l = task_list(m); l; l = l->next)
		g_array_append_val(pids, ((struct task_struct *)l->data)->pid);
	g_array_sort(pids, pid_cmp);
	for (guint i = 0; i < pids->len; i++)
		g_ptr_array_add(names, g_strdup_printf("%d", g_array_index(pids, int, i)));
}

static bool proc_pid_owner(struct machine *m, const struct pfs_node *dir, const char *name,
			   uid_t *uid, gid_t *gid)
{
	int pid = pid_of_name(name);
	struct task_struct *t = pid > 0 ? find_task_by_pid(m, pid) : NULL;

	if (!t)
		return false;
	*uid = t->uid;
	*gid = t->gid;
	return true;
}

static void proc_pid_populate(struct pfs_tree *t, struct pfs_node *dir)
{
	pid_entries_populate(t, dir, TGID);
}

const struct pfs_dir_ops proc_pid_dir_ops = {
	.list = proc_pid_list,
	.populate = proc_pid_populate,
	.owner = proc_pid_owner,
};

/* ------------------------------------------------------------- task/ */

/* The process a task/ directory belongs to, or NULL once it is gone. */
static struct task_struct *task_dir_task(struct machine *m, const struct pfs_node *dir)
{
	int pid = pid_of_name(task_dir_pid_dir(dir)->name);

	return pid > 0 ? find_task_by_pid(m, pid) : NULL;
}

/* proc_task_readdir: the threads of the group, the leader first; one thread each */
static void proc_task_list(struct machine *m, const struct pfs_node *dir, GPtrArray *names)
{
	struct task_struct *t = task_dir_task(m, dir);

	if (t)
		g_ptr_array_add(names, g_strdup_printf("%d", t->pid));
}

/* proc_task_lookup: a tid of this thread group only */
static bool proc_task_owner(struct machine *m, const struct pfs_node *dir, const char *name,
			    uid_t *uid, gid_t *gid)
{
	struct task_struct *t = task_dir_task(m, dir);

	if (!t || pid_of_name(name) != t->pid)
		return false;
	*uid = t->uid;
	*gid = t->gid;
	return true;
}

static void proc_task_populate(struct pfs_tree *t, struct pfs_node *dir)
{
	pid_entries_populate(t, dir, TID);
}

const struct pfs_dir_ops proc_task_dir_ops = {
	.list = proc_task_list,
	.populate = proc_task_populate,
	.owner = proc_task_owner,
};

/* proc/self: the reader is never a simulated task; the engine names the one it stands for */
char *proc_self_link(struct machine *m, const struct pfs_node *link)
{
	return g_strdup_printf("%d", session_pid(m));
}
