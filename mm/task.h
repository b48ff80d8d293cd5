/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tasks: pids, fork, exec, exit and kill (kernel/fork.c, kernel/exit.c,
 * kernel/pid.c, fs/exec.c), kernel threads, and the tasks a machine boots
 * with. Every task is a single-threaded process.
 */
#ifndef MM_TASK_H
#define MM_TASK_H

#include <stdbool.h>

#include "mm_types.h"

struct machine;

#define RESERVED_PIDS	300

struct task_struct *find_task_by_pid(struct machine *m, int pid);
/* Live tasks in creation order (for_each_process); engine-owned, iterate under the lock. */
GList *task_list(struct machine *m);
unsigned int nr_tasks(const struct machine *m);
int last_pid(const struct machine *m);
unsigned long total_forks(const struct machine *m);
void task_record_exit(struct machine *m, int pid, int status);
int task_exit_status(struct machine *m, int pid, int *status);

struct spawn_args {
	const char *comm;		/* up to 15 characters are kept */
	const char *binary;		/* NULL: /usr/bin/COMM */
	const char *cmdline;		/* argv joined by spaces; NULL: the binary */
	uid_t uid;
	gid_t gid;
	int parent;			/* pid; 0: init */
	bool set_adj;
	short oom_score_adj;		/* when set_adj; else the parent's */
};

/*
 * spawn: fork from the parent and exec the binary, with the address space
 * a dynamically linked program has once it is running (text, data, heap,
 * ld.so, libc, stack, vvar/vdso). Returns the new pid or -errno (-EAGAIN
 * when pids or threads-max run out, -ENOMEM, -ESRCH for a bad parent).
 */
int task_spawn(struct machine *m, const struct spawn_args *a);
/* fork(2) of @parent: copy-on-write copy of its address space; the new pid or -errno. */
int task_fork(struct machine *m, struct task_struct *parent);
/* The task exits with @code (exit status, or a signal number when @signal). */
int task_exit(struct machine *m, struct task_struct *t, int code, bool signal);
/* A kernel thread (no mm), child of kthreadd. */
int kthread_create(struct machine *m, const char *comm);

/* Can the task be signalled to death? init and kernel threads cannot. */
bool task_unkillable(const struct task_struct *t);
/*
 * kill_ok_by_cred: may a caller with @uid signal @t, or act on it as its
 * owner (ptrace's rule for the memory verbs)? Root may; anyone else only
 * on a task of its own uid. Tasks have one uid (real = effective = saved).
 */
bool kill_ok_by_cred(const struct task_struct *t, uid_t uid);

/* oom_badness() (mm/oom_kill.c): LONG_MIN for an unkillable task. */
long oom_badness(struct machine *m, struct task_struct *t, unsigned long totalpages);
/* /proc/PID/oom_score: 0..2000 * 2 / 3 */
unsigned long proc_oom_score(struct machine *m, struct task_struct *t);
/* Set oom_score_adj as /proc/PID/oom_score_adj does; @privileged = CAP_SYS_RESOURCE. */
int set_oom_score_adj(struct machine *m, struct task_struct *t, int adj, bool privileged,
		      bool legacy);

/*
 * proc_sched_autogroup_set_nice: the nice of @t's autogroup, -20..19;
 * @privileged (CAP_SYS_NICE, CAP_SYS_ADMIN) may go below 0 and skip the
 * one-change-per-100-ms limit (-EAGAIN). -EINVAL for a task in the root
 * task group (kernel threads, init).
 */
int proc_sched_autogroup_set_nice(struct machine *m, struct task_struct *t, int nice,
				  bool privileged);

/*
 * Make @t the task the engine acts for (current: whose comm warnings name,
 * whose CPU per-cpu state uses; NULL: none, the writer of sim/ctl), and
 * return the one before, which the caller puts back when done.
 */
struct task_struct *set_current(struct machine *m, struct task_struct *t);

/* The pid proc/self stands for: the boot profile's login shell while it lives, else init. */
int session_pid(struct machine *m);

/* exit.c's last step: off the lists, objects freed (fork.c). */
void __task_release(struct machine *m, struct task_struct *t);

int task_init(struct machine *m, char *err, size_t errlen);
void task_destroy(struct machine *m);
int task_check(struct machine *m);

#endif /* MM_TASK_H */
