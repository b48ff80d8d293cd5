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
 *
 * Beside the memory files: limits, io, schedstat, wchan, personality,
 * stack, loginuid, sessionid, coredump_filter, timerslack_ns, autogroup,
 * mem and the exe, cwd and root links, each as honest as the simulation
 * allows: a task never waits in a kernel function (wchan 0), has no
 * kernel stack to unwind (stack is empty for root), its pages hold no
 * bytes (mem reads EIO), and nobody outside the simulation is the task
 * itself (loginuid refuses every write). Every task works in / and has
 * the machine's root. Left out: sched (its many scheduler fields),
 * auxv, syscall, attr/, map_files/, net/, the id maps, timers and the
 * files no tool of ours reads.
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

struct task_struct *proc_dir_task(struct machine *m, const struct pfs_node *dir)
{
	int pid = pid_of_name(dir->name);
	struct task_struct *t = pid > 0 ? find_task_by_pid(m, pid) : NULL;

	/* a tid answers only inside its own thread group (proc_task_lookup) */
	if (t && is_tid_dir(dir) &&
	    pid_of_name(task_dir_pid_dir(dir->parent)->name) != task_tgid(t))
		return NULL;
	return t;
}

struct task_struct *proc_task(const struct pfs_req *r)
{
	return proc_dir_task(r->m, r->node->parent);
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
 * kstrtouint_from_user / kstrtoull_from_user: the first bytes that fit a
 * sign, the digits of base 2, a newline and the NUL, as one number.
 */
static int kstrtoull_from_user(const char *buf, size_t len, unsigned int base, unsigned int bits,
			       unsigned long long *out)
{
	char tmp[1 + 64 + 1 + 1] = "";
	size_t n = MIN(len, (size_t)bits + 2);
	int err;

	memcpy(tmp, buf, n);
	err = kstrtoull(tmp, base, out);
	if (!err && bits < 64 && *out >> bits)
		err = -ERANGE;
	return err;
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

/* ------------------------------------------------------------ make-it-fail */

static int make_it_fail_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append_printf(out, "%i\n", t->make_it_fail);
	return 0;
}

/*
 * proc_fault_inject_write: CAP_SYS_RESOURCE first, then the oom files'
 * parsing; only 0 and 1. The flag is what the fault attributes' task-filter
 * looks for.
 */
static ssize_t make_it_fail_store(const struct pfs_req *r, const char *buf, size_t len)
{
	struct task_struct *t;
	size_t count;
	int val, err;

	if (r->uid != 0)
		return -EPERM;
	err = parse_oom_write(buf, len, &val, &count);
	if (err)
		return err;
	if (val < 0 || val > 1)
		return -EINVAL;
	t = proc_task(r);
	if (!t)
		return -ESRCH;
	t->make_it_fail = val;
	return (ssize_t)count;
}

/* ------------------------------------------------------------ fail-nth */

static int fail_nth_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append_printf(out, "%u\n", t->fail_nth);
	return 0;
}

/*
 * proc_fail_nth_write: kstrtouint_from_user(base 0) of the first 34 bytes;
 * the write reports all its bytes. 0 cancels; N makes the task's N-th
 * injectable allocation fail (counted by should_fail_ex).
 */
static ssize_t fail_nth_store(const struct pfs_req *r, const char *buf, size_t len)
{
	unsigned long long n;
	struct task_struct *t;
	int err = kstrtoull_from_user(buf, len, 0, 32, &n);

	if (err)
		return err;
	t = proc_task(r);
	if (!t)
		return -ESRCH;
	t->fail_nth = (unsigned int)n;
	return (ssize_t)len;
}

/* ------------------------------------------------------------ limits */

/* proc_pid_limits' names and units, by RLIMIT_* */
static const struct {
	const char *name, *unit;
} lnames[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { "Max cpu time", "seconds" },
	[RLIMIT_FSIZE] = { "Max file size", "bytes" },
	[RLIMIT_DATA] = { "Max data size", "bytes" },
	[RLIMIT_STACK] = { "Max stack size", "bytes" },
	[RLIMIT_CORE] = { "Max core file size", "bytes" },
	[RLIMIT_RSS] = { "Max resident set", "bytes" },
	[RLIMIT_NPROC] = { "Max processes", "processes" },
	[RLIMIT_NOFILE] = { "Max open files", "files" },
	[RLIMIT_MEMLOCK] = { "Max locked memory", "bytes" },
	[RLIMIT_AS] = { "Max address space", "bytes" },
	[RLIMIT_LOCKS] = { "Max file locks", "locks" },
	[RLIMIT_SIGPENDING] = { "Max pending signals", "signals" },
	[RLIMIT_MSGQUEUE] = { "Max msgqueue size", "bytes" },
	[RLIMIT_NICE] = { "Max nice priority", NULL },
	[RLIMIT_RTPRIO] = { "Max realtime priority", NULL },
	[RLIMIT_RTTIME] = { "Max realtime timeout", "us" },
};

/* A limit in its column: the number, or "unlimited", left-aligned in @width */
static void show_rlim(GString *out, unsigned long v, int width)
{
	if (v == RLIM_INFINITY)
		g_string_append_printf(out, "%-*s ", width, "unlimited");
	else
		g_string_append_printf(out, "%-*lu ", width, v);
}

static int limits_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append(out, "Limit                     Soft Limit           Hard Limit           Units     \n");
	for (unsigned int i = 0; i < RLIM_NLIMITS; i++) {
		g_string_append_printf(out, "%-25s ", lnames[i].name);
		show_rlim(out, task_rlimit(t, i), 20);
		show_rlim(out, task_rlimit_max(t, i), 20);
		if (lnames[i].unit)
			g_string_append_printf(out, "%-10s", lnames[i].unit);
		g_string_append_c(out, '\n');
	}
	return 0;
}

/* ------------------------------------------------- io, schedstat, wchan */

bool proc_may_access(const struct task_struct *t, uid_t uid)
{
	return kill_ok_by_cred(t, uid);
}

/* do_io_accounting: the process's counters (one thread: its own) for a reader ptrace allows */
static int io_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);
	const struct task_io_accounting *io;

	if (!t)
		return -ENOENT;
	if (!proc_may_access(t, r->uid))
		return -EACCES;
	io = &t->ioac;
	seq_put_decimal_ull(out, "rchar: ", io->rchar);
	seq_put_decimal_ull(out, "\nwchar: ", io->wchar);
	seq_put_decimal_ull(out, "\nsyscr: ", io->syscr);
	seq_put_decimal_ull(out, "\nsyscw: ", io->syscw);
	seq_put_decimal_ull(out, "\nread_bytes: ", io->read_bytes);
	seq_put_decimal_ull(out, "\nwrite_bytes: ", io->write_bytes);
	seq_put_decimal_ull(out, "\ncancelled_write_bytes: ", io->cancelled_write_bytes);
	g_string_append_c(out, '\n');
	return 0;
}

/*
 * proc_pid_schedstat: time on the CPU (ns), time waiting on a runqueue,
 * timeslices run. The simulation has no runqueue: no waits, and it does
 * not count timeslices.
 */
static int schedstat_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append_printf(out, "%" G_GUINT64_FORMAT " 0 0\n", t->utime_ns + t->stime_ns);
	return 0;
}

/* proc_pid_wchan: the function a task sleeps in; no simulated task waits in one yet */
static int wchan_show(const struct pfs_req *r, GString *out)
{
	if (!proc_task(r))
		return -ENOENT;
	g_string_append_c(out, '0');
	return 0;
}

/* proc_pid_personality behind lock_trace: PER_LINUX for every task */
static int personality_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	if (!proc_may_access(t, r->uid))
		return -EPERM;
	g_string_append(out, "00000000\n");
	return 0;
}

/* proc_pid_stack: root only (CAP_SYS_ADMIN); a simulated task has no kernel stack to unwind */
static int stack_show(const struct pfs_req *r, GString *out)
{
	if (!proc_task(r))
		return -ENOENT;
	return r->uid == 0 ? 0 : -EACCES;
}

/* ------------------------------------------------ loginuid, sessionid */

/* proc_loginuid_read: the number, no newline */
static int loginuid_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append_printf(out, "%u", t->loginuid);
	return 0;
}

/*
 * proc_loginuid_write: only the task itself sets its loginuid, and the
 * writer is never a simulated task: EPERM before the number is read.
 */
static ssize_t loginuid_store(const struct pfs_req *r, const char *buf, size_t len)
{
	return -EPERM;
}

static int sessionid_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	g_string_append_printf(out, "%u", t->sessionid);
	return 0;
}

/* ------------------------------------------------------ coredump_filter */

/* proc_coredump_filter_read: nothing for a task without an mm */
static int coredump_filter_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	if (t->mm)
		g_string_append_printf(out, "%08x\n", t->mm->dump_filter);
	return 0;
}

/* proc_coredump_filter_write: base 0, the low MMF_DUMP_FILTER_BITS kept; ESRCH without an mm */
static ssize_t coredump_filter_store(const struct pfs_req *r, const char *buf, size_t len)
{
	unsigned long long val;
	struct task_struct *t;
	int err = kstrtoull_from_user(buf, len, 0, 32, &val);

	if (err)
		return err;
	t = proc_task(r);
	if (!t || !t->mm)
		return -ESRCH;
	t->mm->dump_filter = (unsigned int)val & MMF_DUMP_FILTER_MASK;
	return (ssize_t)len;
}

/* -------------------------------------------------------- timerslack_ns */

/*
 * Another task's slack needs CAP_SYS_NICE to read or write, and the
 * reader is never the task itself: root only.
 */
static int timerslack_ns_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	if (r->uid != 0)
		return -EPERM;
	g_string_append_printf(out, "%" G_GUINT64_FORMAT "\n", t->timer_slack_ns);
	return 0;
}

/* timerslack_ns_write: decimal; 0 restores the slack the task had at fork (no task is realtime) */
static ssize_t timerslack_ns_store(const struct pfs_req *r, const char *buf, size_t len)
{
	unsigned long long slack;
	struct task_struct *t;
	int err = kstrtoull_from_user(buf, len, 10, 64, &slack);

	if (err)
		return err;
	t = proc_task(r);
	if (!t)
		return -ESRCH;
	if (r->uid != 0)
		return -EPERM;
	t->timer_slack_ns = slack ? slack : t->default_timer_slack_ns;
	return (ssize_t)len;
}

/* ------------------------------------------------------------ autogroup */

/* proc_sched_autogroup_show_task: nothing for a task in the root task group */
static int autogroup_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	if (t->autogroup)
		g_string_append_printf(out, "/autogroup-%lu nice %d\n", t->autogroup->id,
				       t->autogroup->nice);
	return 0;
}

/* sched_autogroup_write: the oom files' parsing, then the group's nice */
static ssize_t autogroup_store(const struct pfs_req *r, const char *buf, size_t len)
{
	struct task_struct *t;
	size_t count;
	int nice, err = parse_oom_write(buf, len, &nice, &count);

	if (err)
		return err;
	t = proc_task(r);
	if (!t)
		return -ESRCH;
	err = proc_sched_autogroup_set_nice(r->m, t, nice, r->uid == 0);
	return err ? err : (ssize_t)count;
}

/* ---------------------------------------------------------------- mem */

/*
 * mem: the open takes the mm when ptrace would let the opener attach (a
 * kernel thread has none and reads nothing). Simulated pages hold no
 * bytes, so every access to an address space fails as an access to an
 * unmapped address does: EIO. A write to a kernel thread's mem is EIO too
 * where the kernel reports 0 bytes written, on which a writer such as the
 * shell's echo retries for ever.
 */
static ssize_t mem_read(const struct pfs_req *r, uint64_t off, size_t size, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return size ? 0 : -ENOENT;
	if (!size)
		return proc_may_access(t, r->uid) ? 0 : -EACCES;
	return t->mm ? -EIO : 0;
}

static ssize_t mem_write(const struct pfs_req *r, uint64_t off, const char *buf, size_t len)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ESRCH;
	return proc_may_access(t, r->uid) ? -EIO : -EACCES;
}

/* ---------------------------------------------------- exe, cwd, root */

/* proc_pid_readlink: only for a reader ptrace lets see the task's files */
static int link_task(const struct pfs_req *r, struct task_struct **t)
{
	*t = proc_task(r);
	if (!*t)
		return -ENOENT;
	return proc_may_access(*t, r->uid) ? 0 : -EACCES;
}

/* proc_exe_link: the program exec loaded; a kernel thread has none */
static int exe_link(const struct pfs_req *r, char **target)
{
	struct task_struct *t;
	int err = link_task(r, &t);

	if (err)
		return err;
	if (!t->mm || !t->mm->exe_path)
		return -ENOENT;
	*target = g_strdup(t->mm->exe_path);
	return 0;
}

/* Every task works in the root directory of the one root the machine has. */
static int root_dir_link(const struct pfs_req *r, char **target)
{
	struct task_struct *t;
	int err = link_task(r, &t);

	if (!err)
		*target = g_strdup("/");
	return err;
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
static const struct pfs_file_ops make_it_fail_ops = {
	.show = make_it_fail_show,
	.store = make_it_fail_store,
	.flags = PFS_ANY_OFFSET,
};
static const struct pfs_file_ops fail_nth_ops = {
	.show = fail_nth_show,
	.store = fail_nth_store,
	.flags = PFS_ANY_OFFSET,
};

static const struct pfs_file_ops limits_ops = { .show = limits_show, .ro_errno = EINVAL };
static const struct pfs_file_ops io_ops = { .show = io_show, .ro_errno = EINVAL };
static const struct pfs_file_ops schedstat_ops = { .show = schedstat_show, .ro_errno = EINVAL };
static const struct pfs_file_ops wchan_ops = { .show = wchan_show, .ro_errno = EINVAL };
static const struct pfs_file_ops personality_ops = { .show = personality_show, .ro_errno = EINVAL };
static const struct pfs_file_ops stack_ops = { .show = stack_show, .ro_errno = EINVAL };
static const struct pfs_file_ops sessionid_ops = { .show = sessionid_show, .ro_errno = EINVAL };
static const struct pfs_file_ops loginuid_ops = {
	.show = loginuid_show,
	.store = loginuid_store,
	.flags = PFS_ANY_OFFSET,
};
static const struct pfs_file_ops coredump_filter_ops = {
	.show = coredump_filter_show,
	.store = coredump_filter_store,
	.flags = PFS_ANY_OFFSET,
};
static const struct pfs_file_ops timerslack_ns_ops = {
	.show = timerslack_ns_show,
	.store = timerslack_ns_store,
	.flags = PFS_ANY_OFFSET,
};
static const struct pfs_file_ops mem_ops = { .read = mem_read, .write = mem_write };
static const struct pfs_file_ops autogroup_ops = {
	.show = autogroup_show,
	.store = autogroup_store,
	.flags = PFS_ANY_OFFSET,
};

/* Which of the two directories an entry belongs in. */
enum {
	TGID	= 1 << 0,		/* proc/<pid>/ (tgid_base_stuff) */
	TID	= 1 << 1,		/* proc/<pid>/task/<tid>/ (tid_base_stuff) */
	BOTH	= TGID | TID,
};

/* What an entry is beside a file */
enum pid_entry_kind {
	PE_FILE,
	PE_TASK_DIR,			/* task/ */
	PE_FD_DIR,			/* fd/ */
	PE_FDINFO_DIR,			/* fdinfo/ */
	PE_NS_DIR,			/* ns/ */
	PE_LINK,			/* cwd, root, exe */
};

/*
 * tgid_base_stuff[] and tid_base_stuff[] in one: their order and modes,
 * for the files we have.
 */
static const struct {
	const char *name;
	mode_t mode;
	const struct pfs_file_ops *ops;
	unsigned int where;
	enum pid_entry_kind kind;
	pfs_link_fn link;
} pid_entries[] = {
	{ "task",		0555, NULL,				TGID, PE_TASK_DIR },
	{ "fd",			0500, NULL,				BOTH, PE_FD_DIR },
	{ "fdinfo",		0555, NULL,				BOTH, PE_FDINFO_DIR },
	{ "ns",			0511, NULL,				BOTH, PE_NS_DIR },
	{ "environ",		0400, &environ_ops,			BOTH },
	{ "status",		0444, &proc_pid_status_ops,		BOTH },
	{ "personality",	0400, &personality_ops,			BOTH },
	{ "limits",		0444, &limits_ops,			BOTH },
	{ "autogroup",		0644, &autogroup_ops,			TGID },
	{ "comm",		0644, &comm_ops,			BOTH },
	{ "cmdline",		0444, &cmdline_ops,			BOTH },
	{ "stat",		0444, &proc_pid_stat_ops,		BOTH },
	{ "statm",		0444, &proc_pid_statm_ops,		BOTH },
	{ "maps",		0444, &proc_pid_maps_ops,		BOTH },
	{ "children",		0444, &children_ops,			TID },
	{ "numa_maps",		0444, &proc_pid_numa_maps_ops,		BOTH },
	{ "mem",		0600, &mem_ops,				BOTH },
	{ "cwd",		0777, NULL,				BOTH, PE_LINK, root_dir_link },
	{ "root",		0777, NULL,				BOTH, PE_LINK, root_dir_link },
	{ "exe",		0777, NULL,				BOTH, PE_LINK, exe_link },
	{ "mounts",		0444, &proc_mounts_ops,			BOTH },
	{ "mountinfo",		0444, &proc_mountinfo_ops,		BOTH },
	{ "mountstats",		0400, &proc_mountstats_ops,		TGID },
	{ "clear_refs",		0200, &proc_clear_refs_ops,		BOTH },
	{ "smaps",		0444, &proc_pid_smaps_ops,		BOTH },
	{ "smaps_rollup",	0444, &proc_pid_smaps_rollup_ops,	BOTH },
	{ "pagemap",		0400, &proc_pagemap_ops,		BOTH },
	{ "wchan",		0444, &wchan_ops,			BOTH },
	{ "stack",		0400, &stack_ops,			BOTH },
	{ "schedstat",		0444, &schedstat_ops,			BOTH },
	{ "cgroup",		0444, &cgroup_ops,			BOTH },
	{ "oom_score",		0444, &oom_score_ops,			BOTH },
	{ "oom_adj",		0644, &oom_adj_ops,			BOTH },
	{ "oom_score_adj",	0644, &oom_score_adj_ops,		BOTH },
	{ "loginuid",		0644, &loginuid_ops,			BOTH },
	{ "sessionid",		0444, &sessionid_ops,			BOTH },
	{ "make-it-fail",	0644, &make_it_fail_ops,		BOTH },
	{ "fail-nth",		0644, &fail_nth_ops,			TID },
	{ "coredump_filter",	0644, &coredump_filter_ops,		TGID },
	{ "io",			0400, &io_ops,				BOTH },
	{ "timerslack_ns",	0666, &timerslack_ns_ops,		TGID },
};

/* The files of a proc/<pid>/ (@where TGID) or a task/<tid>/ (TID) directory. */
static void pid_entries_populate(struct pfs_tree *t, struct pfs_node *dir, unsigned int where)
{
	for (size_t i = 0; i < G_N_ELEMENTS(pid_entries); i++) {
		if (!(pid_entries[i].where & where))
			continue;
		const char *name = pid_entries[i].name;
		mode_t mode = pid_entries[i].mode;

		switch (pid_entries[i].kind) {
		case PE_FILE:
			pfs_add_child_file(t, dir, name, mode, pid_entries[i].ops);
			break;
		case PE_TASK_DIR:
			pfs_add_child_dyndir(t, dir, name, mode, &proc_task_dir_ops);
			break;
		case PE_FD_DIR:
			pfs_add_child_dyndir(t, dir, name, mode, &proc_fd_dir_ops);
			break;
		case PE_FDINFO_DIR:
			pfs_add_child_dyndir(t, dir, name, mode, &proc_fdinfo_dir_ops);
			break;
		case PE_NS_DIR:
			proc_ns_populate(t, pfs_add_child_dir(t, dir, name, mode));
			break;
		case PE_LINK:
			pfs_add_child_dynlink(t, dir, name, pid_entries[i].link);
			break;
		}
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
int proc_self_link(const struct pfs_req *r, char **target)
{
	*target = g_strdup_printf("%d", session_pid(r->m));
	return 0;
}
