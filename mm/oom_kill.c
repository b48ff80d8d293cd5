// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM killer's view of a task (mm/oom_kill.c, fs/proc/base.c):
 * oom_badness(), the oom_score /proc shows, and oom_score_adj. Missing:
 * out_of_memory() itself, choosing and killing a victim (and the OOM
 * reaper); an allocation that fails the min watermark fails instead.
 */
#include <errno.h>
#include <limits.h>

#include "internal.h"
#include "mm.h"
#include "swapfile.h"
#include "task.h"

/**
 * oom_badness - the pages the task would free (resident, swapped, page
 * tables) plus oom_score_adj thousandths of all memory. LONG_MIN for init,
 * kernel threads, tasks without an mm and those at OOM_SCORE_ADJ_MIN.
 */
long oom_badness(struct machine *m, struct task_struct *t, unsigned long totalpages)
{
	struct mm_struct *mm = t->mm;
	long points, adj = t->oom_score_adj;

	if (task_unkillable(t) || !mm || adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN;
	points = (long)(get_mm_rss(mm) + get_mm_counter(mm, MM_SWAPENTS)) +
		 mm->pgtables_bytes / (long)PAGE_SIZE;
	adj *= (long)(totalpages / 1000);
	return points + adj;
}

/**
 * proc_oom_score - (1000 + badness * 1000 / totalpages) * 2 / 3, 0 when unkillable
 */
unsigned long proc_oom_score(struct machine *m, struct task_struct *t)
{
	unsigned long totalpages = totalram_pages(m) + total_swap_pages(m);
	long badness = oom_badness(m, t, totalpages);

	if (badness == LONG_MIN)
		return 0;
	return (unsigned long)((1000 + badness * 1000 / (long)totalpages) * 2 / 3);
}

/**
 * set_oom_score_adj - __set_oom_adj: lowering below oom_score_adj_min (oom_adj: below the
 * current value) needs CAP_SYS_RESOURCE; a privileged oom_score_adj write
 * also sets the minimum.
 */
int set_oom_score_adj(struct machine *m, struct task_struct *t, int adj, bool privileged,
		      bool legacy)
{
	if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	if (!privileged && adj < (legacy ? t->oom_score_adj : t->oom_score_adj_min))
		return -EACCES;
	t->oom_score_adj = (short)adj;
	if (!legacy && privileged)
		t->oom_score_adj_min = (short)adj;
	return 0;
}
