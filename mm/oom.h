/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OOM killer's interface (include/linux/oom.h): what the allocator and
 * sysrq hand to out_of_memory(), and what they learn from it.
 */
#ifndef MM_OOM_H
#define MM_OOM_H

#include <stdbool.h>

#include "gfp.h"
#include "mm_types.h"

struct machine;

enum oom_constraint {
	CONSTRAINT_NONE,
	CONSTRAINT_CPUSET,
	CONSTRAINT_MEMORY_POLICY,
	CONSTRAINT_MEMCG,
};

struct oom_control {
	gfp_t gfp_mask;			/* of the allocation that failed */
	int order;			/* its order; -1 for sysrq */
	/* what out_of_memory() works out */
	unsigned long totalpages;
	struct task_struct *chosen;	/* the victim, NULL, or OOM_SCAN_ABORT */
	long chosen_points;
	enum oom_constraint constraint;
};

/* select_bad_process() found a victim whose memory is still on its way back */
#define OOM_SCAN_ABORT		((struct task_struct *)-1L)

bool out_of_memory(struct machine *m, struct oom_control *oc);
bool fatal_signal_pending(const struct task_struct *t);
bool exit_to_user_mode(struct machine *m, struct task_struct *t);
void exit_oom_victim(struct machine *m, struct task_struct *t);
void wake_up_killed(struct machine *m, struct task_struct *t);

#endif /* MM_OOM_H */
