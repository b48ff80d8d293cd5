// SPDX-License-Identifier: GPL-2.0
/*
 * Resource limits: init's defaults and prlimit(2) (kernel/sys.c,
 * include/asm-generic/resource.h, kernel/fork.c's fork_init).
 *
 * Which limits a task has: kernel threads and init start from init_task's
 * (INIT_RLIMITS, with the process and signal limits fork_init() derives
 * from threads-max); every other task copies its parent's at fork. The
 * boot profile's services get RLIMIT_NOFILE 1024:524288 from systemd, as
 * on a Debian machine; init keeps the kernel's 1024:4096, so a task
 * spawned from init with sim/ctl has what a program started by a bare
 * init would. Limits are never changed by exec.
 */
#include <errno.h>
#include <string.h>

#include "machine.h"
#include "resource.h"
#include "task.h"

void rlimit_init_task(struct machine *m, struct rlimit rlim[RLIM_NLIMITS])
{
	/* fork_init: the user process limit is half of max_threads, and so are pending signals */
	unsigned long nproc = (unsigned long)m->sysctl.threads_max / 2;
	static const struct rlimit init_rlimits[RLIM_NLIMITS] = {
		[RLIMIT_CPU]		= { RLIM_INFINITY, RLIM_INFINITY },
		[RLIMIT_FSIZE]		= { RLIM_INFINITY, RLIM_INFINITY },
		[RLIMIT_DATA]		= { RLIM_INFINITY, RLIM_INFINITY },
		[RLIMIT_STACK]		= { _STK_LIM, RLIM_INFINITY },
		[RLIMIT_CORE]		= { 0, RLIM_INFINITY },
		[RLIMIT_RSS]		= { RLIM_INFINITY, RLIM_INFINITY },
		[RLIMIT_NPROC]		= { 0, 0 },
		[RLIMIT_NOFILE]		= { INR_OPEN_CUR, INR_OPEN_MAX },
		[RLIMIT_MEMLOCK]	= { MLOCK_LIMIT, MLOCK_LIMIT },
		[RLIMIT_AS]		= { RLIM_INFINITY, RLIM_INFINITY },
		[RLIMIT_LOCKS]		= { RLIM_INFINITY, RLIM_INFINITY },
		[RLIMIT_SIGPENDING]	= { 0, 0 },
		[RLIMIT_MSGQUEUE]	= { MQ_BYTES_MAX, MQ_BYTES_MAX },
		[RLIMIT_NICE]		= { 0, 0 },
		[RLIMIT_RTPRIO]		= { 0, 0 },
		[RLIMIT_RTTIME]		= { RLIM_INFINITY, RLIM_INFINITY },
	};

	memcpy(rlim, init_rlimits, sizeof(init_rlimits));
	rlim[RLIMIT_NPROC].rlim_cur = rlim[RLIMIT_NPROC].rlim_max = nproc;
	rlim[RLIMIT_SIGPENDING] = rlim[RLIMIT_NPROC];
}

void rlimit_systemd_service(struct task_struct *t)
{
	t->rlim[RLIMIT_NOFILE].rlim_cur = INR_OPEN_CUR;
	t->rlim[RLIMIT_NOFILE].rlim_max = SYSTEMD_NOFILE_HARD;
}

unsigned long task_rlimit(const struct task_struct *t, unsigned int resource)
{
	return t->rlim[resource].rlim_cur;
}

unsigned long task_rlimit_max(const struct task_struct *t, unsigned int resource)
{
	return t->rlim[resource].rlim_max;
}

/*
 * The checks in do_prlimit's order: the resource, soft against hard, the
 * open-file ceiling, then raising the hard limit. The kernel re-arms the
 * CPU timer after a new RLIMIT_CPU; nothing here runs on CPU time yet.
 */
int do_prlimit(struct task_struct *t, unsigned int resource, const struct rlimit *new,
	       struct rlimit *old, bool capable)
{
	struct rlimit *rlim;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN_DEFAULT_MAX)
			return -EPERM;
	}
	rlim = &t->rlim[resource];
	if (new && new->rlim_max > rlim->rlim_max && !capable)
		return -EPERM;
	if (old)
		*old = *rlim;
	if (new)
		*rlim = *new;
	return 0;
}
