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
#include "seq.h"

#define USER_HZ			100
#define NSEC_PER_TICK		(1000000000ULL / USER_HZ)
#define CAP_FULL_SET		((1ULL << 41) - 1)	/* CAP_LAST_CAP 40 */
#define KERNEL_MAX_NUMNODES	1024			/* NODES_SHIFT 10: Mems_allowed's width */
#define NR_OPEN_DEFAULT		64			/* the fd table a task starts with */
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

		if (base + chunk != nbits)
			g_string_append_c(out, ',');
		seq_put_hex_ll_width(out, word, (unsigned int)(chunk + 3) / 4);
		chunk = 32;
	}
}

/* %*pbl of the same mask: "0" or "0-N" */
static void show_low_list(GString *out, int n)
{
	if (n > 1)
		seq_put_decimal_ll(out, "0-", n - 1);
	else
		g_string_append(out, "0");
}

static void task_ids(GString *out, const struct task_struct *t)
{
	/* a login's usual umask; kernel threads show 0000 */
	g_string_append(out, is_kthread(t) ? "Umask:\t0000\nState:\t" : "Umask:\t0022\nState:\t");
	g_string_append(out, task_state_names[t->state]);
	seq_put_decimal_ll(out, "\nTgid:\t", t->pid);
	seq_put_decimal_ll(out, "\nNgid:\t0\nPid:\t", t->pid);
	seq_put_decimal_ll(out, "\nPPid:\t", ppid_of(t));
	g_string_append(out, "\nTracerPid:\t0\nUid:");
	for (int i = 0; i < 4; i++)
		seq_put_decimal_ull(out, "\t", t->uid);
	g_string_append(out, "\nGid:");
	for (int i = 0; i < 4; i++)
		seq_put_decimal_ull(out, "\t", t->gid);
	/* the kernel leaves a space after the (empty) list of groups */
	seq_put_decimal_ll(out, "\nFDSize:\t", NR_OPEN_DEFAULT);
	seq_put_decimal_ll(out, "\nGroups:\t \nNStgid:\t", t->pid);
	seq_put_decimal_ll(out, "\nNSpid:\t", t->pid);
	seq_put_decimal_ll(out, "\nNSpgid:\t", t->pgrp);
	seq_put_decimal_ll(out, "\nNSsid:\t", t->session);
	seq_put_decimal_ll(out, "\nKthread:\t", is_kthread(t));
	g_string_append_c(out, '\n');
}

/* task_sig: nothing queued, pending, blocked or caught; SigQ's limit is RLIMIT_SIGPENDING */
static void task_sig(GString *out, struct machine *m, const struct task_struct *t)
{
	seq_put_decimal_ull(out, "Threads:\t1\nSigQ:\t0/", task_rlimit(t, RLIMIT_SIGPENDING));
	g_string_append(out, "\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
			     "SigBlk:\t0000000000000000\nSigIgn:\t");
	seq_put_hex_ll_width(out, sig_ignored(t), 16);
	g_string_append(out, "\nSigCgt:\t0000000000000000\n");
}

static void task_cap(GString *out, const struct task_struct *t)
{
	unsigned long long caps = t->uid == 0 ? CAP_FULL_SET : 0;

	g_string_append(out, "CapInh:\t0000000000000000\nCapPrm:\t");
	seq_put_hex_ll_width(out, caps, 16);
	g_string_append(out, "\nCapEff:\t");
	seq_put_hex_ll_width(out, caps, 16);
	g_string_append(out, "\nCapBnd:\t");
	seq_put_hex_ll_width(out, CAP_FULL_SET, 16);
	g_string_append(out, "\nCapAmb:\t0000000000000000\n");
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
	seq_put_decimal_ll(out, NULL, t->pid);
	g_string_append(out, " (");
	g_string_append(out, t->comm);
	g_string_append(out, ") ");
	g_string_append_c(out, task_state_names[t->state][0]);
	seq_put_decimal_ll(out, " ", ppid_of(t));
	seq_put_decimal_ll(out, " ", t->pgrp);
	seq_put_decimal_ll(out, " ", t->session);
	seq_put_decimal_ull(out, " 0 -1 ", t->flags);
	/* 10-22: faults, times, priority, one thread, start time */
	seq_put_decimal_ull(out, " ", t->min_flt);
	seq_put_decimal_ull(out, " ", t->cmin_flt);
	seq_put_decimal_ull(out, " ", t->maj_flt);
	seq_put_decimal_ull(out, " ", t->cmaj_flt);
	seq_put_decimal_ull(out, " ", ns_to_ticks(t->utime_ns));
	seq_put_decimal_ull(out, " ", ns_to_ticks(t->stime_ns));
	seq_put_decimal_ll(out, " 0 0 ", 20 + t->nice);
	seq_put_decimal_ll(out, " ", t->nice);
	seq_put_decimal_ull(out, " 1 0 ", ns_to_ticks(t->start_time));
	/* 23-25: vsize, rss, rsslim */
	seq_put_decimal_ull(out, " ", mm ? (unsigned long long)mm->total_vm << PAGE_SHIFT : 0ULL);
	seq_put_decimal_ull(out, " ", mm ? get_mm_rss(mm) : 0UL);
	seq_put_decimal_ull(out, " ", task_rlimit(t, RLIMIT_RSS));
	/* 26-44: code and stack, no esp/eip, signals, wchan, exit signal, CPU, policy */
	seq_put_decimal_ull(out, " ", a.start_code);
	seq_put_decimal_ull(out, " ", a.end_code);
	seq_put_decimal_ull(out, " ", a.start_stack);
	seq_put_decimal_ull(out, " 0 0 0 0 ", sig_ignored(t) & 0x7fffffff);
	seq_put_decimal_ull(out, " 0 ", t->state != TASK_RUNNING);
	seq_put_decimal_ll(out, " 0 0 ", EXIT_SIGNAL);
	seq_put_decimal_ll(out, " ", t->cpu);
	/* 45-52: data, brk, arguments, environment, exit code */
	seq_put_decimal_ull(out, " 0 0 0 0 0 ", a.start_data);
	seq_put_decimal_ull(out, " ", a.end_data);
	seq_put_decimal_ull(out, " ", a.start_brk);
	seq_put_decimal_ull(out, " ", a.arg_start);
	seq_put_decimal_ull(out, " ", a.arg_end);
	seq_put_decimal_ull(out, " ", a.env_start);
	seq_put_decimal_ull(out, " ", a.env_end);
	g_string_append(out, " 0\n");
	return 0;
}

/* Read-only per-pid files refuse even root's writes with EINVAL, as procfs does. */
const struct pfs_file_ops proc_pid_status_ops = { .show = status_show, .ro_errno = EINVAL };
const struct pfs_file_ops proc_pid_stat_ops = { .show = stat_show, .ro_errno = EINVAL };
