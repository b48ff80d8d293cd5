/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The load average (kernel/sched/loadavg.c) over simulated time, and the
 * one place a task's scheduler state changes.
 */
#ifndef MM_LOADAVG_H
#define MM_LOADAVG_H

#include <stdint.h>

#include "mm_types.h"

#define FSHIFT		11			/* bits of precision */
#define FIXED_1		(1UL << FSHIFT)		/* 1.0 as fixed point */
#define LOAD_FREQ_NS	((5 * HZ + 1) * (NSEC_PER_SEC / HZ))	/* 5 s + 1 tick */
#define EXP_1		1884			/* 1/exp(5sec/1min) as fixed point */
#define EXP_5		2014			/* 1/exp(5sec/5min) */
#define EXP_15		2037			/* 1/exp(5sec/15min) */
#define LOAD_INT(x)	((x) >> FSHIFT)
#define LOAD_FRAC(x)	LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

struct machine;

struct calc_load {
	unsigned long avenrun[3];		/* 1, 5 and 15 minutes, fixed point */
	uint64_t update;			/* the next sample, ns since boot */
	unsigned long nr_running;		/* tasks in TASK_RUNNING */
	unsigned long nr_uninterruptible;	/* tasks in TASK_UNINTERRUPTIBLE */
};

void set_task_state(struct machine *m, struct task_struct *t, enum task_state state);
void calc_load_task_add(struct machine *m, const struct task_struct *t);
void calc_load_task_del(struct machine *m, const struct task_struct *t);
void get_avenrun(const struct machine *m, unsigned long loads[3], unsigned long offset);
unsigned long nr_running(const struct machine *m);
int loadavg_check(struct machine *m);

#endif /* MM_LOADAVG_H */
