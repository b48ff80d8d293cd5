/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource limits (include/uapi/asm-generic/resource.h,
 * include/asm-generic/resource.h, kernel/sys.c): the sixteen rlimits of a
 * task, what init starts with, and prlimit(2)'s rules for changing them.
 *
 * The limits live in the task (the kernel keeps them in signal_struct,
 * shared by the threads of a process: every task here is one) and are
 * copied on fork. The memory system calls read them where the kernel
 * does: may_expand_vm (RLIMIT_AS, RLIMIT_DATA), brk's check_data_rlimit,
 * stack growth (RLIMIT_STACK), mlock (RLIMIT_MEMLOCK) and exec's
 * mmap_base (RLIMIT_STACK). The others are kept and shown, nothing
 * consumes them yet.
 */
#ifndef MM_RESOURCE_H
#define MM_RESOURCE_H

#include <stdbool.h>

/* The resources, with the kernel's numbers (x86_64) */
enum {
	RLIMIT_CPU,			/* CPU time in seconds */
	RLIMIT_FSIZE,			/* largest file size */
	RLIMIT_DATA,			/* data size (VmData) */
	RLIMIT_STACK,			/* stack size */
	RLIMIT_CORE,			/* core file size */
	RLIMIT_RSS,			/* resident set size (not enforced by Linux) */
	RLIMIT_NPROC,			/* processes of the user */
	RLIMIT_NOFILE,			/* open files */
	RLIMIT_MEMLOCK,			/* locked-in-memory bytes */
	RLIMIT_AS,			/* address space size */
	RLIMIT_LOCKS,			/* file locks */
	RLIMIT_SIGPENDING,		/* pending signals */
	RLIMIT_MSGQUEUE,		/* bytes in POSIX message queues */
	RLIMIT_NICE,			/* ceiling of the nice value: 20 - limit */
	RLIMIT_RTPRIO,			/* realtime priority ceiling */
	RLIMIT_RTTIME,			/* realtime timeout in us */
	RLIM_NLIMITS
};

#define RLIM_INFINITY		(~0UL)
#define _STK_LIM		(8UL << 20)	/* RLIMIT_STACK's soft default */
#define MLOCK_LIMIT		(8UL << 20)	/* RLIMIT_MEMLOCK since 5.16 */
#define INR_OPEN_CUR		1024UL		/* RLIMIT_NOFILE soft */
#define INR_OPEN_MAX		4096UL		/* ... and hard */
#define MQ_BYTES_MAX		819200UL	/* RLIMIT_MSGQUEUE */
#define NR_OPEN_DEFAULT_MAX	(1024UL * 1024)	/* fs.nr_open: RLIMIT_NOFILE's ceiling */
/* systemd's DefaultLimitNOFILE (since v240) for the services and logins it starts */
#define SYSTEMD_NOFILE_HARD	524288UL

struct rlimit {
	unsigned long rlim_cur;		/* soft */
	unsigned long rlim_max;		/* hard: the soft limit's ceiling */
};

struct machine;
struct task_struct;

/*
 * The limits init_task starts with: INIT_RLIMITS, with RLIMIT_NPROC and
 * RLIMIT_SIGPENDING at half of threads-max as fork_init() sets them.
 * Kernel threads and init (whose parent is init_task) copy these.
 */
void rlimit_init_task(struct machine *m, struct rlimit rlim[RLIM_NLIMITS]);

/* What systemd gives each service it starts: RLIMIT_NOFILE 1024 soft, 524288 hard. */
void rlimit_systemd_service(struct task_struct *t);

/* rlimit(): @t's soft limit of @resource */
unsigned long task_rlimit(const struct task_struct *t, unsigned int resource);
/* rlimit_max(): @t's hard limit */
unsigned long task_rlimit_max(const struct task_struct *t, unsigned int resource);

/*
 * do_prlimit - read (@old) and/or set (@new) @t's limit of @resource.
 * @capable: the caller has CAP_SYS_RESOURCE (root). -EINVAL for a bad
 * resource or soft above hard, -EPERM to raise the hard limit without
 * CAP_SYS_RESOURCE or RLIMIT_NOFILE above fs.nr_open; nothing changes then.
 */
int do_prlimit(struct task_struct *t, unsigned int resource, const struct rlimit *new,
	       struct rlimit *old, bool capable);

#endif /* MM_RESOURCE_H */
