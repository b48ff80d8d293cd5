// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>/status and /proc/<pid>/stat (fs/proc/array.c).
 *
 * The reader is root (the tree has no ptrace checks), so stat prints the
 * real addresses of the address space. What the simulation has no notion of
 * prints as an idle, unprivileged-looking process would show it: no pending
 * or caught signals, no supplementary groups, no seccomp, no context
 * switches, no tracer, no child CPU time. Capabilities follow the uid (full
 * sets for root, none for others). Kernel threads print no memory lines,
 * ignore every signal and have Kthread 1.
 */
#include <errno.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/mm.h"
#include "mm/task.h"

#define USER_HZ			100
#define NSEC_PER_TICK		(1000000000ULL / USER_HZ)
#define CAP_FULL_SET		((1ULL << 41) - 1)	/* CAP_LAST_CAP 40 */
#define KERNEL_MAX_NUMNODES	1024			/* NODES_SHIFT 10: Mems_allowed's width */
#define NR_OPEN_DEFAULT		64			/* the fd table a task starts with */
#define RLIM_INFINITY		18446744073709551615ULL
#define EXIT_SIGNAL		17			/* SIGCHLD */

/* task_state_array[], for the states the engine has */
static const char *const task_state_names[] = {
	[TASK_RUNNING]		= "R (running)",
	[TASK_INTERRUPTIBLE]	= "S (sleeping)",
	[TASK_UNINTERRUPTIBLE]	= "D (disk sleep)",
	[TASK_STOPPED]		= "T (stopped)",
	[TASK_IDLE]		= "I (idle)",
};

static bool is_kthread(const struct task_struct *t)
{
	return t->flags & PF_KTHREAD;
}

static int ppid_of(const struct task_struct *t)
{
	return t->real_parent ? t->real_parent->pid : 0;
}

/* kthreadd makes its children ignore every signal */
static unsigned long long sig_ignored(const struct task_struct *t)
{
	return is_kthread(t) ? ~0ULL : 0;
}

static unsigned long long ns_to_ticks(uint64_t ns)
{
	return (unsigned long long)(ns / NSEC_PER_TICK);
}

/* ---------------------------------------------------------------- status */

/* proc_task_name(escape): a newline or backslash in comm must not split the line */
static void show_name(GString *out, const char *comm)
{
	g_string_append(out, "Name:\t");
	for (const char *p = comm; *p; p++) {
		if (*p == '\n')
			g_string_append(out, "\\n");
		else if (*p == '\\')
			g_string_append(out, "\\\\");
		else
			g_string_append_c(out, *p);
	}
	g_string_append_c(out, '\n');
}

/* %*pb of a mask whose first @n of @nbits bits are set: 32-bit words, the top one narrowed */
static void show_low_mask(GString *out, int n, int nbits)
{
	int chunk = nbits % 32 ? nbits % 32 : 32;

	for (int base = (nbits + 31) / 32 * 32 - 32; base >= 0; base -= 32) {
		int set = CLAMP(n - base, 0, chunk);
		uint32_t word = set == 32 ? ~0U : (1U << set) - 1;

		g_string_append_printf(out, "%s%0*x", base + chunk == nbits ? "" : ",",
				       (chunk + 3) / 4, word);
		chunk = 32;
	}
}

/* %*pbl of the same mask: "0" or "0-N" */
static void show_low_list(GString *out, int n)
{
	if (n > 1)
		g_string_append_printf(out, "0-%d", n - 1);
	else
		g_string_append(out, "0");
}

static void task_ids(GString *out, const struct task_struct *t)
{
	/* a login's usual umask; kernel threads show 0000 */
	g_string_append_printf(out, "Umask:\t%04o\nState:\t%s\n", is_kthread(t) ? 0 : 022,
			       task_state_names[t->state]);
	g_string_append_printf(out, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
			       t->pid, t->pid, ppid_of(t));
	g_string_append_printf(out, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", t->uid, t->uid,
			       t->uid, t->uid, t->gid, t->gid, t->gid, t->gid);
	/* the kernel leaves a space after the (empty) list of groups */
	g_string_append_printf(out, "FDSize:\t%d\nGroups:\t \n", NR_OPEN_DEFAULT);
	g_string_append_printf(out, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", t->pid,
			       t->pid, t->pgrp, t->session);
	g_string_append_printf(out, "Kthread:\t%d\n", is_kthread(t));
}

/* task_sig: nothing queued, pending, blocked or caught; SigQ's limit is RLIMIT_SIGPENDING */
static void task_sig(GString *out, struct machine *m, const struct task_struct *t)
{
	g_string_append_printf(out, "Threads:\t1\nSigQ:\t0/%d\n", m->sysctl.threads_max / 2);
	g_string_append_printf(out, "SigPnd:\t%016x\nShdPnd:\t%016x\nSigBlk:\t%016x\n", 0, 0, 0);
	g_string_append_printf(out, "SigIgn:\t%016llx\nSigCgt:\t%016x\n", sig_ignored(t), 0);
}

static void task_cap(GString *out, const struct task_struct *t)
{
	unsigned long long caps = t->uid == 0 ? CAP_FULL_SET : 0;

	g_string_append_printf(out,
			       "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
			       "CapBnd:\t%016llx\nCapAmb:\t%016llx\n",
			       0ULL, caps, caps, CAP_FULL_SET, 0ULL);
}

static int status_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);
	struct machine *m = r->m;

	if (!t)
		return -ENOENT;
	show_name(out, t->comm);
	task_ids(out, t);
	if (t->mm) {
		task_mem(out, t->mm);
		g_string_append(out, "CoreDumping:\t0\nTHP_enabled:\t1\n"
				     "untag_mask:\t0xffffffffffffffff\n");
	}
	task_sig(out, m, t);
	task_cap(out, t);
	g_string_append(out, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
			     "Speculation_Store_Bypass:\tthread vulnerable\n"
			     "SpeculationIndirectBranch:\tconditional enabled\n");
	g_string_append(out, "Cpus_allowed:\t");
	show_low_mask(out, m->nr_cpus, m->nr_cpus);
	g_string_append(out, "\nCpus_allowed_list:\t");
	show_low_list(out, m->nr_cpus);
	g_string_append(out, "\nMems_allowed:\t");
	show_low_mask(out, m->nr_nodes, KERNEL_MAX_NUMNODES);
	g_string_append(out, "\nMems_allowed_list:\t");
	show_low_list(out, m->nr_nodes);
	g_string_append(out, "\nvoluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	return 0;
}

/* ------------------------------------------------------------------ stat */

/* Fields 26-28 and 45-51: where the parts of the address space lie; 0 without one. */
struct stat_addrs {
	unsigned long long start_code, end_code, start_stack;
	unsigned long long start_data, end_data, start_brk, arg_start, arg_end, env_start, env_end;
};

static struct stat_addrs stat_addrs(const struct mm_struct *mm)
{
	if (!mm)
		return (struct stat_addrs){ 0 };
	return (struct stat_addrs){
		mm->start_code, mm->end_code, mm->start_stack, mm->start_data, mm->end_data,
		mm->start_brk, mm->arg_start, mm->arg_end, mm->env_start, mm->env_end,
	};
}

/*
 * do_task_stat: 52 fields on one line. comm goes unescaped in parentheses
 * (parsers split at the last ')'); times are in USER_HZ ticks; vsize is in
 * bytes, rss in pages; wchan says only whether the task sleeps.
 */
static int stat_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);
	const struct mm_struct *mm;
	struct stat_addrs a;

	if (!t)
		return -ENOENT;
	mm = t->mm;
	a = stat_addrs(mm);
	/* 1-9: ids, no tty, flags */
	g_string_append_printf(out, "%d (%s) %c %d %d %d 0 -1 %u ", t->pid, t->comm,
			       task_state_names[t->state][0], ppid_of(t), t->pgrp, t->session,
			       t->flags);
	/* 10-22: faults, times, priority, one thread, start time */
	g_string_append_printf(out, "%lu %lu %lu %lu %llu %llu 0 0 %d %d 1 0 %llu ", t->min_flt,
			       t->cmin_flt, t->maj_flt, t->cmaj_flt, ns_to_ticks(t->utime_ns),
			       ns_to_ticks(t->stime_ns), 20 + t->nice, t->nice,
			       ns_to_ticks(t->start_time));
	/* 23-25: vsize, rss, rsslim */
	g_string_append_printf(out, "%llu %lu %llu ",
			       mm ? (unsigned long long)mm->total_vm << PAGE_SHIFT : 0ULL,
			       mm ? get_mm_rss(mm) : 0UL, RLIM_INFINITY);
	/* 26-44: code and stack, no esp/eip, signals, wchan, exit signal, CPU, policy */
	g_string_append_printf(out, "%llu %llu %llu 0 0 0 0 %llu 0 %d 0 0 %d %d 0 0 0 0 0 ",
			       a.start_code, a.end_code, a.start_stack, sig_ignored(t) & 0x7fffffff,
			       t->state != TASK_RUNNING, EXIT_SIGNAL, t->cpu);
	/* 45-52: data, brk, arguments, environment, exit code */
	g_string_append_printf(out, "%llu %llu %llu %llu %llu %llu %llu 0\n", a.start_data,
			       a.end_data, a.start_brk, a.arg_start, a.arg_end, a.env_start,
			       a.env_end);
	return 0;
}

/* Read-only per-pid files refuse even root's writes with EINVAL, as procfs does. */
const struct pfs_file_ops proc_pid_status_ops = { .show = status_show, .ro_errno = EINVAL };
const struct pfs_file_ops proc_pid_stat_ops = { .show = stat_show, .ro_errno = EINVAL };
