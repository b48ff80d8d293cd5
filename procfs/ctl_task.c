// SPDX-License-Identifier: GPL-2.0
/*
 * sim/ctl verbs of tasks and their memory: what programs do through
 * fork/exec/exit and the memory system calls, and the accesses that fault.
 *
 *	spawn NAME [uid=N] [parent=PID] [oom_score_adj=N] [binary=PATH]
 *	fork PID | exit PID [CODE] | kill PID
 *	mmap PID SIZE [prot=rw-] [flags=private,populate,...] [file=PATH] [offset=N] [name=S] [addr=A]
 *	munmap PID ADDR SIZE | mprotect PID ADDR SIZE PROT | brk PID +-SIZE
 *	mlock PID ADDR SIZE | munlock PID ADDR SIZE | madvise PID ADDR SIZE dontneed
 *	msync PID ADDR SIZE [sync|async][,invalidate]
 *	touch PID ADDR|heap|stack|NAME SIZE [read|write]
 *	grow PID anon RATE [until=SIZE] | grow PID write|read|rewrite PATH RATE [until=SIZE]
 *	stop PID
 *	prlimit PID RESOURCE [SOFT HARD]
 *
 * The command runs as the task (warnings name it); its errno is the one
 * the system call would return.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "mm/machine.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "mm/sysrq.h"
#include "mm/task.h"
#include "mm/workload.h"
#include "seq.h"

#define MAX_UID		4294967294UL

/* the task of pid @s, which the writer may act for */
int ctl_task(struct ctl_args *a, const char *s, struct task_struct **out)
{
	unsigned long pid;

	if (ctl_parse_ulong(s, (unsigned long)G_MAXINT, &pid))
		return ctl_fail(a, -EINVAL, "bad pid '%s'", s);
	*out = find_task_by_pid(a->m, (int)pid);
	if (!*out)
		return ctl_fail(a, -ESRCH, "no task %lu", pid);
	if (!kill_ok_by_cred(*out, a->uid))
		return ctl_fail(a, -EPERM, "%lu (%s) belongs to uid %u", pid, (*out)->comm,
				(unsigned int)(*out)->uid);
	return 0;
}

/* A task with an address space: argv[0] names it. */
int ctl_user_task(struct ctl_args *a, int nargs, const char *usage, struct task_struct **t)
{
	int err;

	if (a->argc != nargs)
		return ctl_fail(a, -EINVAL, "usage: %s", usage);
	err = ctl_task(a, a->argv[0], t);
	if (!err && !(*t)->mm)
		return ctl_fail(a, -EINVAL, "%d is a kernel thread: it has no address space", (*t)->pid);
	return err;
}

int ctl_size(struct ctl_args *a, const char *s, uint64_t *out)
{
	unsigned long long v = 0;

	if (parse_size(s, &v))
		return ctl_fail(a, -EINVAL, "bad size '%s' (a number with K, M, G or T)", s);
	*out = v;
	return 0;
}

static int ctl_addr(struct ctl_args *a, const char *s, uint64_t *out)
{
	unsigned long v;

	if (ctl_parse_ulong(s, ~0UL, &v))
		return ctl_fail(a, -EINVAL, "bad address '%s'", s);
	*out = v;
	return 0;
}

/* ADDR SIZE at argv[1], argv[2] */
static int ctl_range(struct ctl_args *a, uint64_t *addr, uint64_t *len)
{
	int err = ctl_addr(a, a->argv[1], addr);

	return err ? err : ctl_size(a, a->argv[2], len);
}

/* "rw-", "r-x", "rwx", "r", "none" or PROT_READ|PROT_WRITE|PROT_EXEC */
static int parse_prot(const char *s, unsigned int *prot)
{
	g_auto(GStrv) parts = NULL;

	*prot = 0;
	if (!strcmp(s, "none") || !strcmp(s, "PROT_NONE"))
		return 0;
	if (!strncmp(s, "PROT_", 5)) {
		parts = g_strsplit(s, "|", -1);
		for (int i = 0; parts[i]; i++) {
			if (!strcmp(parts[i], "PROT_READ"))
				*prot |= 1;
			else if (!strcmp(parts[i], "PROT_WRITE"))
				*prot |= 2;
			else if (!strcmp(parts[i], "PROT_EXEC"))
				*prot |= 4;
			else
				return -EINVAL;
		}
		return 0;
	}
	for (const char *c = s; *c; c++) {
		int pos = (int)(c - s);

		if (*c == '-' || pos > 2)
			continue;
		if (*c != "rwx"[pos])
			return -EINVAL;
		*prot |= 1U << pos;
	}
	return strlen(s) <= 3 && *s ? 0 : -EINVAL;
}

static const struct {
	const char *name;
	unsigned int flag;
} map_flags[] = {
	{ "shared", MAP_SHARED_ }, { "private", MAP_PRIVATE_ }, { "fixed", MAP_FIXED_ },
	{ "populate", MAP_POPULATE_ }, { "noreserve", MAP_NORESERVE_ },
	{ "MAP_SHARED", MAP_SHARED_ }, { "MAP_PRIVATE", MAP_PRIVATE_ }, { "MAP_FIXED", MAP_FIXED_ },
	{ "MAP_POPULATE", MAP_POPULATE_ }, { "MAP_NORESERVE", MAP_NORESERVE_ },
};

static int parse_map_flags(const char *s, unsigned int *flags)
{
	g_auto(GStrv) parts = g_strsplit_set(s, ",|", -1);

	*flags = 0;
	if (!*s)
		return -EINVAL;
	for (int i = 0; parts[i]; i++) {
		size_t k;

		for (k = 0; k < G_N_ELEMENTS(map_flags); k++)
			if (!strcmp(parts[i], map_flags[k].name))
				break;
		if (k == G_N_ELEMENTS(map_flags))
			return -EINVAL;
		*flags |= map_flags[k].flag;
	}
	return 0;
}

/*
 * Run the engine @call as @t (set_current), so warnings name the task and
 * it runs on its CPU; then @t returns to user space, where a SIGKILL the
 * call brought (the OOM killer chose it) kills it: -EINTR.
 */
#define AS_TASK(a, t, call) ({						\
	struct task_struct *__prev = set_current((a)->m, (t));		\
	int __pid = (t)->pid, __ret = (call);				\
	set_current((a)->m, __prev);					\
	/* a segfault may have taken it already */			\
	find_task_by_pid((a)->m, __pid) == (t) && exit_to_user_mode((a)->m, (t)) ? -EINTR : __ret; })

static int ctl_spawn(struct ctl_args *a)
{
	struct spawn_args s = { 0 };
	struct task_struct *p;
	unsigned long uid, parent, adj;
	int err, pid;

	if (a->argc != 1 || !*a->argv[0] || strchr(a->argv[0], '/'))
		return ctl_fail(a, -EINVAL, "usage: spawn NAME [uid=N] [parent=PID] [oom_score_adj=N] [binary=PATH]");
	/* a non-root writer spawns as itself: setuid to another uid needs CAP_SETUID */
	if ((err = ctl_key_ulong(a, "uid", a->uid, MAX_UID, &uid)) ||
	    (err = ctl_key_ulong(a, "parent", 0, (unsigned long)G_MAXINT, &parent)))
		return err;
	if (ctl_key(a, "parent") && !parent)
		return ctl_fail(a, -EINVAL, "bad parent '0': expected a pid (leave it out for init)");
	if (a->uid && uid != a->uid)
		return ctl_fail(a, -EPERM, "only root may spawn as another user");
	if (parent && (err = ctl_task(a, ctl_key(a, "parent"), &p)))
		return err == -ESRCH ? ctl_fail(a, err, "no process %lu to be the parent", parent) : err;
	if (ctl_key(a, "oom_score_adj")) {
		char *end;

		adj = (unsigned long)strtol(ctl_key(a, "oom_score_adj"), &end, 10);
		if (*end || !*ctl_key(a, "oom_score_adj") || (long)adj < OOM_SCORE_ADJ_MIN ||
		    (long)adj > OOM_SCORE_ADJ_MAX)
			return ctl_fail(a, -EINVAL, "bad oom_score_adj '%s': expected -1000..1000",
					ctl_key(a, "oom_score_adj"));
		/* below oom_score_adj_min (0 for init's children) needs CAP_SYS_RESOURCE */
		if (a->uid && (long)adj < 0)
			return ctl_fail(a, -EACCES, "only root may lower oom_score_adj below 0");
		s.set_adj = true;
		s.oom_score_adj = (short)(long)adj;
	}
	s.binary = ctl_key(a, "binary");
	if (s.binary && *s.binary != '/')
		return ctl_fail(a, -ENOENT, "binary '%s': not an absolute path", s.binary);
	s.comm = a->argv[0];
	s.uid = (uid_t)uid;
	s.gid = a->uid ? a->gid : (gid_t)uid;
	s.parent = (int)parent;
	pid = task_spawn(a->m, &s);
	if (pid == -ESRCH)
		return ctl_fail(a, pid, "no process %lu to be the parent", parent);
	if (pid == -EOPNOTSUPP)
		return ctl_fail(a, pid, "user address spaces are simulated on x86_64 machines only");
	if (pid < 0)
		return ctl_fail(a, pid, "%s", g_strerror(-pid));
	g_string_append_printf(a->reply, "%d\n", pid);
	return 0;
}

static int ctl_fork(struct ctl_args *a)
{
	struct task_struct *t;
	int err = ctl_user_task(a, 1, "fork PID", &t), pid;

	if (err)
		return err;
	pid = AS_TASK(a, t, task_fork(a->m, t));
	if (pid < 0)
		return ctl_fail(a, pid, "%s", g_strerror(-pid));
	g_string_append_printf(a->reply, "%d\n", pid);
	return 0;
}

static int ctl_exit_kill(struct ctl_args *a, bool kill)
{
	struct task_struct *t;
	unsigned long code = kill ? 9 : 0;
	int err;

	if (a->argc < 1 || a->argc > (kill ? 1 : 2))
		return ctl_fail(a, -EINVAL, kill ? "usage: kill PID" : "usage: exit PID [CODE]");
	if ((err = ctl_task(a, a->argv[0], &t)))
		return err;
	if (a->argc == 2 && ctl_parse_ulong(a->argv[1], 255, &code))
		return ctl_fail(a, -EINVAL, "bad exit code '%s': expected 0..255", a->argv[1]);
	if (task_unkillable(t))
		return ctl_fail(a, -EPERM, "%d (%s) %s", t->pid, t->comm,
				t->pid == 1 ? "is init: the kernel would panic" : "is a kernel thread");
	return task_exit(a->m, t, (int)code, kill);
}

/* wait PID: how the task of that pid ended, as a shell reports it (128 + signal) */
static int ctl_wait(struct ctl_args *a)
{
	unsigned long pid;
	int status, err;

	if (a->argc != 1 || ctl_parse_ulong(a->argv[0], (unsigned long)G_MAXINT, &pid) || !pid)
		return ctl_fail(a, -EINVAL, "usage: wait PID");
	err = task_exit_status(a->m, (int)pid, &status);
	if (err == -EBUSY) {
		g_string_append(a->reply, "running\n");
		return 0;
	}
	if (err)
		return ctl_fail(a, err, "no process %lu has ended", pid);
	if (status & 0x7f)
		g_string_append_printf(a->reply, "status=%d signal=%d (%s)\n", 128 + (status & 0x7f),
				       status & 0x7f, (status & 0x7f) == 9 ? "SIGKILL" : "SIGSEGV");
	else
		g_string_append_printf(a->reply, "status=%d\n", (status >> 8) & 0xff);
	return 0;
}

/* oom: the OOM killer on demand, as sysrq f */
static int ctl_oom(struct ctl_args *a)
{
	if (a->argc)
		return ctl_fail(a, -EINVAL, "usage: oom");
	return handle_sysrq(a->m, 'f');
}

static int ctl_exit(struct ctl_args *a) { return ctl_exit_kill(a, false); }
static int ctl_kill(struct ctl_args *a) { return ctl_exit_kill(a, true); }

static int ctl_mmap(struct ctl_args *a)
{
	const char *file = ctl_key(a, "file"), *name = ctl_key(a, "name");
	unsigned int prot = 3, flags = MAP_PRIVATE_;
	unsigned long offset;
	uint64_t len = 0, addr = 0;
	struct task_struct *t;
	int err = ctl_user_task(a, 2, "mmap PID SIZE [prot=rw-] [flags=private|shared,populate,noreserve,fixed] [file=PATH] [offset=N] [name=S] [addr=A]", &t);

	if (err || (err = ctl_size(a, a->argv[1], &len)))
		return err;
	if (ctl_key(a, "prot") && parse_prot(ctl_key(a, "prot"), &prot))
		return ctl_fail(a, -EINVAL, "bad prot '%s': rwx letters or PROT_* names", ctl_key(a, "prot"));
	if (ctl_key(a, "flags") && parse_map_flags(ctl_key(a, "flags"), &flags))
		return ctl_fail(a, -EINVAL, "bad flags '%s': shared, private, fixed, populate, noreserve",
				ctl_key(a, "flags"));
	if (!(flags & (MAP_SHARED_ | MAP_PRIVATE_)))
		flags |= MAP_PRIVATE_;
	if ((err = ctl_key_ulong(a, "offset", 0, ~0UL, &offset)))
		return err;
	if (ctl_key(a, "addr") && (err = ctl_addr(a, ctl_key(a, "addr"), &addr)))
		return err;
	if (file && *file != '/')
		return ctl_fail(a, -EINVAL, "file '%s': not an absolute path", file);
	if (name && (file || (flags & MAP_SHARED_) || !*name || strlen(name) > 80))
		return ctl_fail(a, -EINVAL, "name= names private anonymous memory (up to 80 characters)");
	if (!file)
		flags |= MAP_ANONYMOUS_;
	err = AS_TASK(a, t, do_mmap(a->m, t, &addr, len, prot, flags, file, offset, name));
	if (err)
		return ctl_fail(a, err, "%s", g_strerror(-err));
	g_string_append_printf(a->reply, "%#" G_GINT64_MODIFIER "x\n", addr);
	return 0;
}

static int ctl_munmap(struct ctl_args *a)
{
	struct task_struct *t;
	uint64_t addr = 0, len = 0;
	int err = ctl_user_task(a, 3, "munmap PID ADDR SIZE", &t);

	if (err || (err = ctl_range(a, &addr, &len)))
		return err;
	err = AS_TASK(a, t, do_munmap(a->m, t, addr, len));
	return err ? ctl_fail(a, err, "%s", g_strerror(-err)) : 0;
}

static int ctl_mprotect(struct ctl_args *a)
{
	struct task_struct *t;
	unsigned int prot;
	uint64_t addr = 0, len = 0;
	int err = ctl_user_task(a, 4, "mprotect PID ADDR SIZE PROT", &t);

	if (err || (err = ctl_range(a, &addr, &len)))
		return err;
	if (parse_prot(a->argv[3], &prot))
		return ctl_fail(a, -EINVAL, "bad prot '%s': rwx letters or PROT_* names", a->argv[3]);
	err = AS_TASK(a, t, do_mprotect(a->m, t, addr, len, prot));
	return err ? ctl_fail(a, err, "%s", g_strerror(-err)) : 0;
}

static int ctl_brk(struct ctl_args *a)
{
	struct task_struct *t;
	uint64_t size = 0, newbrk;
	const char *s;
	int err = ctl_user_task(a, 2, "brk PID +SIZE|-SIZE", &t);

	if (err)
		return err;
	s = a->argv[1];
	if ((*s != '+' && *s != '-') || (err = ctl_size(a, s + 1, &size)) || size > (uint64_t)G_MAXLONG)
		return err ? err : ctl_fail(a, -EINVAL, "usage: brk PID +SIZE|-SIZE");
	err = AS_TASK(a, t, do_brk(a->m, t, *s == '-' ? -(long)size : (long)size, &newbrk));
	if (err)
		return ctl_fail(a, err, "%s", g_strerror(-err));
	g_string_append_printf(a->reply, "%#" G_GINT64_MODIFIER "x\n", newbrk);
	return 0;
}

static int ctl_mlock_common(struct ctl_args *a, bool lock)
{
	struct task_struct *t;
	uint64_t addr = 0, len = 0;
	int err = ctl_user_task(a, 3, lock ? "mlock PID ADDR SIZE" : "munlock PID ADDR SIZE", &t);

	if (err || (err = ctl_range(a, &addr, &len)))
		return err;
	err = AS_TASK(a, t, do_mlock(a->m, t, addr, len, lock));
	return err ? ctl_fail(a, err, "%s", g_strerror(-err)) : 0;
}

static int ctl_mlock(struct ctl_args *a) { return ctl_mlock_common(a, true); }
static int ctl_munlock(struct ctl_args *a) { return ctl_mlock_common(a, false); }

static int ctl_madvise(struct ctl_args *a)
{
	struct task_struct *t;
	uint64_t addr = 0, len = 0;
	int err = ctl_user_task(a, 4, "madvise PID ADDR SIZE dontneed", &t);

	if (err || (err = ctl_range(a, &addr, &len)))
		return err;
	if (strcmp(a->argv[3], "dontneed") && strcmp(a->argv[3], "MADV_DONTNEED"))
		return ctl_fail(a, -EINVAL, "advice '%s' is not simulated: only dontneed", a->argv[3]);
	err = AS_TASK(a, t, do_madvise(a->m, t, addr, len, MADV_DONTNEED_));
	return err ? ctl_fail(a, err, "%s", g_strerror(-err)) : 0;
}

/* msync PID ADDR SIZE [sync|async|invalidate,...] */
static int ctl_msync(struct ctl_args *a)
{
	static const char usage[] = "msync PID ADDR SIZE [sync|async][,invalidate]";
	g_auto(GStrv) parts = NULL;
	struct task_struct *t;
	uint64_t addr = 0, len = 0;
	int err, flags = MS_SYNC_;

	if (a->argc == 4) {
		flags = 0;
		parts = g_strsplit(a->argv[3], ",", -1);
		for (int i = 0; parts[i]; i++) {
			if (!strcmp(parts[i], "sync"))
				flags |= MS_SYNC_;
			else if (!strcmp(parts[i], "async"))
				flags |= MS_ASYNC_;
			else if (!strcmp(parts[i], "invalidate"))
				flags |= MS_INVALIDATE_;
			else
				return ctl_fail(a, -EINVAL, "usage: %s", usage);
		}
		a->argc = 3;
	}
	err = ctl_user_task(a, 3, usage, &t);
	if (err || (err = ctl_range(a, &addr, &len)))
		return err;
	err = AS_TASK(a, t, do_msync(a->m, t, addr, len, flags));
	return err ? ctl_fail(a, err, "%s", g_strerror(-err)) : 0;
}

/* The first VMA named @name: its anon name, its file's path or the path's last part. */
static struct vm_area_struct *vma_by_name(struct mm_struct *mm, const char *name)
{
	for (guint i = 0; i < mm->vmas->len; i++) {
		struct vm_area_struct *vma = g_ptr_array_index(mm->vmas, i);
		const char *path = vma->vm_file ? vma->vm_file->path : NULL;
		const char *base = path ? strrchr(path, '/') : NULL;

		if (!g_strcmp0(vma->anon_name, name) || !g_strcmp0(path, name) ||
		    (base && !strcmp(base + 1, name)))
			return vma;
	}
	return NULL;
}

/* Where "heap", "stack", NAME or an address starts for a touch of @len bytes. */
static int touch_start(struct ctl_args *a, struct task_struct *t, uint64_t len, uint64_t *start)
{
	struct mm_struct *mm = t->mm;
	const char *what = a->argv[1];
	struct vm_area_struct *vma;

	if (!strcmp(what, "heap")) {
		uint64_t have = mm->brk - mm->start_brk, newbrk;
		int err = 0;

		/* malloc grows the heap first, as a program writing that much would */
		if (len > have)
			err = AS_TASK(a, t, do_brk(a->m, t, (long)(len - have), &newbrk));
		if (err)
			return ctl_fail(a, err, "brk: %s", g_strerror(-err));
		*start = mm->start_brk;
		return 0;
	}
	if (!strcmp(what, "stack")) {
		vma = vma_lookup(mm, mm->start_stack);
		if (!vma)
			return ctl_fail(a, -EFAULT, "the task has no stack");
		*start = vma->vm_end - MIN(len, vma->vm_end);
		return 0;
	}
	if (g_ascii_isdigit(*what))
		return ctl_addr(a, what, start);
	vma = vma_by_name(mm, what);
	if (!vma)
		return ctl_fail(a, -EINVAL, "no mapping named '%s'", what);
	*start = vma->vm_start;
	return 0;
}

static int ctl_touch(struct ctl_args *a)
{
	struct fault_stats st = { 0 };
	struct task_struct *t;
	uint64_t len = 0, start = 0;
	bool write = true;
	int pid, err;

	if (a->argc == 4) {
		if (strcmp(a->argv[3], "read") && strcmp(a->argv[3], "write"))
			return ctl_fail(a, -EINVAL, "usage: touch PID ADDR|heap|stack|NAME SIZE [read|write]");
		write = !strcmp(a->argv[3], "write");
		a->argc = 3;
	}
	err = ctl_user_task(a, 3, "touch PID ADDR|heap|stack|NAME SIZE [read|write]", &t);
	if (err || (err = ctl_size(a, a->argv[2], &len)) || (err = touch_start(a, t, len, &start)))
		return err;
	pid = t->pid;
	err = AS_TASK(a, t, access_range(a->m, t, start, len, write, &st));
	if (err == -EFAULT && find_task_by_pid(a->m, pid))
		return ctl_fail(a, err, "segmentation fault: pid %d cannot be killed and lives on (see the kernel log)", pid);
	if (err == -EFAULT)
		return ctl_fail(a, err, "segmentation fault: the task was killed (see the kernel log)");
	if (err == -EINTR)
		return ctl_fail(a, err, "pid %d was killed by SIGKILL (see the kernel log)", pid);
	if (err)
		return ctl_fail(a, err, "%s", g_strerror(-err));
	g_string_append_printf(a->reply, "faults=%lu major=%lu\n", st.faults, st.major);
	return 0;
}

static const struct {
	const char *name;
	enum workload_kind kind;
} grow_kinds[] = {
	{ "write", WORKLOAD_WRITE }, { "read", WORKLOAD_READ }, { "rewrite", WORKLOAD_REWRITE },
};

/* RATE bytes per second, "10M" or "10M/s" */
static int ctl_rate(struct ctl_args *a, const char *s, uint64_t *rate)
{
	g_autofree char *rate_s = g_strdup(s);
	char *slash = strchr(rate_s, '/');
	int err;

	if (slash && strcmp(slash, "/s"))
		return ctl_fail(a, -EINVAL, "bad rate '%s': bytes per second, e.g. 10M", s);
	if (slash)
		*slash = '\0';
	if ((err = ctl_size(a, rate_s, rate)))
		return err;
	if (!*rate)
		return ctl_fail(a, -EINVAL, "a rate of 0 grows nothing; use stop");
	if (*rate > WORKLOAD_MAX_RATE)
		return ctl_fail(a, -EINVAL, "bad rate '%s': at most 100G per second", s);
	return 0;
}

/* grow PID anon RATE [until=SIZE] | grow PID write|read|rewrite PATH RATE [until=SIZE] */
static int ctl_grow(struct ctl_args *a)
{
	static const char usage[] = "grow PID anon RATE[/s] | grow PID write|read|rewrite PATH RATE[/s] [until=SIZE]";
	uint64_t rate = 0, until = 0;
	struct task_struct *t;
	size_t k;
	int err;

	if (a->argc < 2)
		return ctl_fail(a, -EINVAL, "usage: %s", usage);
	for (k = 0; k < G_N_ELEMENTS(grow_kinds) && strcmp(a->argv[1], grow_kinds[k].name); k++)
		;
	if (strcmp(a->argv[1], "anon") && k == G_N_ELEMENTS(grow_kinds))
		return ctl_fail(a, -EINVAL, "grows anon memory or a file: %s", usage);
	err = ctl_user_task(a, k < G_N_ELEMENTS(grow_kinds) ? 4 : 3, usage, &t);
	if (err || (err = ctl_rate(a, a->argv[a->argc - 1], &rate)))
		return err;
	if (ctl_key(a, "until") && (err = ctl_size(a, ctl_key(a, "until"), &until)))
		return err;
	if (k == G_N_ELEMENTS(grow_kinds))
		return workload_grow(a->m, t, rate, until);
	err = workload_grow_file(a->m, t, grow_kinds[k].kind, a->argv[2], rate, until);
	if (err == -ENOENT)
		return ctl_fail(a, err, "no file '%s'", a->argv[2]);
	if (err)
		return ctl_fail(a, err, "'%s' has no data to %s", a->argv[2], a->argv[1]);
	return 0;
}

static int ctl_stop(struct ctl_args *a)
{
	struct task_struct *t;
	int err = ctl_user_task(a, 1, "stop PID", &t);

	if (err)
		return err;
	if (workload_stop(a->m, t))
		return ctl_fail(a, -EINVAL, "%d has no behaviour running", t->pid);
	return 0;
}

/* The resources by the names prlimit(1) gives them, in RLIMIT_* order */
static const char *const rlimit_names[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = "cpu", [RLIMIT_FSIZE] = "fsize", [RLIMIT_DATA] = "data",
	[RLIMIT_STACK] = "stack", [RLIMIT_CORE] = "core", [RLIMIT_RSS] = "rss",
	[RLIMIT_NPROC] = "nproc", [RLIMIT_NOFILE] = "nofile", [RLIMIT_MEMLOCK] = "memlock",
	[RLIMIT_AS] = "as", [RLIMIT_LOCKS] = "locks", [RLIMIT_SIGPENDING] = "sigpending",
	[RLIMIT_MSGQUEUE] = "msgqueue", [RLIMIT_NICE] = "nice", [RLIMIT_RTPRIO] = "rtprio",
	[RLIMIT_RTTIME] = "rttime",
};

/* A limit: "unlimited" (or "infinity", as prlimit(1) also takes), or a number with K/M/G/T. */
static int ctl_rlim(struct ctl_args *a, const char *s, unsigned long *out)
{
	unsigned long long v = 0;

	if (!strcmp(s, "unlimited") || !strcmp(s, "infinity")) {
		*out = RLIM_INFINITY;
		return 0;
	}
	if (parse_size(s, &v))
		return ctl_fail(a, -EINVAL, "bad limit '%s' (a number or unlimited)", s);
	*out = v;
	return 0;
}

static void reply_rlim(GString *out, unsigned long v)
{
	if (v == RLIM_INFINITY)
		g_string_append(out, "unlimited");
	else
		g_string_append_printf(out, "%lu", v);
}

/*
 * prlimit PID RESOURCE [SOFT HARD]: prlimit64(2) on the task. The reply
 * is the limit as it was ("SOFT HARD", what old_rlim returns). Raising a
 * hard limit needs root (CAP_SYS_RESOURCE), and so does acting on a task
 * of another uid or gid (check_prlimit_permission).
 */
static int ctl_prlimit(struct ctl_args *a)
{
	struct rlimit new = { 0 }, old;
	struct task_struct *t;
	unsigned int res;
	int err;

	if (a->argc != 2 && a->argc != 4)
		return ctl_fail(a, -EINVAL, "usage: prlimit PID RESOURCE [SOFT HARD]");
	for (res = 0; res < RLIM_NLIMITS; res++)
		if (!strcmp(a->argv[1], rlimit_names[res]))
			break;
	if (res == RLIM_NLIMITS)
		return ctl_fail(a, -EINVAL, "unknown resource '%s'", a->argv[1]);
	if (a->argc == 4 && ((err = ctl_rlim(a, a->argv[2], &new.rlim_cur)) ||
			     (err = ctl_rlim(a, a->argv[3], &new.rlim_max))))
		return err;
	if ((err = ctl_task(a, a->argv[0], &t)))
		return err;
	if (a->uid != 0 && a->gid != t->gid)
		return ctl_fail(a, -EPERM, "%d (%s) belongs to gid %u", t->pid, t->comm,
				(unsigned int)t->gid);
	err = do_prlimit(t, res, a->argc == 4 ? &new : NULL, &old, a->uid == 0);
	if (err == -EINVAL)
		return ctl_fail(a, err, "the soft limit is above the hard one");
	if (err)
		return ctl_fail(a, err, res == RLIMIT_NOFILE && new.rlim_max > NR_OPEN_DEFAULT_MAX ?
				"nofile is at most fs.nr_open (1048576)" :
				"raising the hard limit needs CAP_SYS_RESOURCE");
	reply_rlim(a->reply, old.rlim_cur);
	g_string_append_c(a->reply, ' ');
	reply_rlim(a->reply, old.rlim_max);
	g_string_append_c(a->reply, '\n');
	return 0;
}

const struct ctl_verb task_verbs[] = {
	{ "spawn",	ctl_spawn,	"uid parent oom_score_adj binary",
	  "spawn NAME [uid=N] [parent=PID] [oom_score_adj=N] [binary=PATH]" },
	{ "fork",	ctl_fork,	"",	"fork PID" },
	{ "exit",	ctl_exit,	"",	"exit PID [CODE]" },
	{ "kill",	ctl_kill,	"",	"kill PID" },
	{ "wait",	ctl_wait,	"",	"wait PID", CTL_READS },
	{ "oom",	ctl_oom,	"",	"oom", CTL_ADMIN },
	{ "mmap",	ctl_mmap,	"prot flags file offset name addr",
	  "mmap PID SIZE [prot=rw-] [flags=private|shared,populate,noreserve,fixed] [file=PATH] [offset=N] [name=S] [addr=A]" },
	{ "munmap",	ctl_munmap,	"",	"munmap PID ADDR SIZE" },
	{ "mprotect",	ctl_mprotect,	"",	"mprotect PID ADDR SIZE PROT" },
	{ "brk",	ctl_brk,	"",	"brk PID +SIZE|-SIZE" },
	{ "mlock",	ctl_mlock,	"",	"mlock PID ADDR SIZE" },
	{ "munlock",	ctl_munlock,	"",	"munlock PID ADDR SIZE" },
	{ "msync",	ctl_msync,	"",	"msync PID ADDR SIZE [sync|async][,invalidate]" },
	{ "madvise",	ctl_madvise,	"",	"madvise PID ADDR SIZE dontneed" },
	{ "touch",	ctl_touch,	"",	"touch PID ADDR|heap|stack|NAME SIZE [read|write]" },
	{ "grow",	ctl_grow,	"until", "grow PID anon|write|read|rewrite [PATH] RATE[/s] [until=SIZE]" },
	{ "stop",	ctl_stop,	"",	"stop PID" },
	{ "prlimit",	ctl_prlimit,	"",	"prlimit PID RESOURCE [SOFT HARD]" },
	{ NULL }
};
