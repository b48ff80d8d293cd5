// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM killer (mm/oom_kill.c): oom_badness() and the oom_score /proc
 * shows, out_of_memory() as the allocator's slow path and sysrq reach it,
 * the choice of a victim, its kill with the kernel's report, and the OOM
 * reaper.
 *
 * A simulated task runs only when the engine acts for it, so a victim
 * that is not the acting task wakes to its SIGKILL and dies at once, as
 * it would within microseconds on another CPU: its memory is back before
 * the allocation that asked retries. The acting task, when it is the
 * victim, dies on its way back to user space (exit_to_user_mode). A
 * victim that cannot run (state D) keeps its memory until the OOM reaper
 * takes the anonymous part, OOM_REAPER_DELAY later.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>

#include "internal.h"
#include "loadavg.h"
#include "mm.h"
#include "oom.h"
#include "swapfile.h"
#include "task.h"
#include "vma.h"

#define OOM_REAPER_DELAY	(2 * NSEC_PER_SEC)	/* 2 * HZ */
#define MAX_OOM_REAP_RETRIES	10

/**
 * oom_badness - the pages the task would free (resident, swapped, page
 * tables) plus oom_score_adj thousandths of all memory. LONG_MIN for init,
 * kernel threads, tasks without an mm, those at OOM_SCORE_ADJ_MIN and
 * those whose mm the reaper is done with.
 */
long oom_badness(struct machine *m, struct task_struct *t, unsigned long totalpages)
{
	struct mm_struct *mm = t->mm;
	long points, adj = t->oom_score_adj;

	if (task_unkillable(t) || !mm || adj == OOM_SCORE_ADJ_MIN || (mm->flags & MMF_OOM_SKIP))
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

/**
 * fatal_signal_pending - @t has a SIGKILL it has not died of yet
 */
bool fatal_signal_pending(const struct task_struct *t)
{
	return t->sigkill;
}

/**
 * exit_to_user_mode - @t returns to user space: a pending SIGKILL kills it
 *
 * True when @t died here (the pointer is gone).
 */
bool exit_to_user_mode(struct machine *m, struct task_struct *t)
{
	if (!fatal_signal_pending(t))
		return false;
	task_exit(m, t, SIGKILL, true);
	return true;
}

static void killed_task_runs(struct machine *m, void *data)
{
	struct task_struct *t = find_task_by_pid(m, GPOINTER_TO_INT(data));

	if (t && fatal_signal_pending(t) && t->state != TASK_UNINTERRUPTIBLE && m->current != t)
		exit_to_user_mode(m, t);
}

/**
 * wake_up_killed - a task with a pending SIGKILL can run again (its wait
 * ended): it dies as soon as the waker is done, not inside its callback
 */
void wake_up_killed(struct machine *m, struct task_struct *t)
{
	sim_timer_add(m, 0, killed_task_runs, GINT_TO_POINTER(t->pid));
}

/* exit_oom_victim: the victim's mm is gone; the OOM killer may pick again */
void exit_oom_victim(struct machine *m, struct task_struct *t)
{
	if (t->oom_victim)
		m->oom.victims--;
	t->oom_victim = false;
}

/* mark_oom_victim: access to the reserves (ALLOC_OOM) until @t has exited */
static void mark_oom_victim(struct machine *m, struct task_struct *t)
{
	if (t->oom_victim)
		return;
	t->oom_victim = true;
	t->mm->flags |= MMF_OOM_VICTIM;
	m->oom.victims++;
	m->oom.marked++;
}

/* task_will_free_mem: @t dies anyway and gives its memory back (no other user of its mm) */
static bool task_will_free_mem(const struct task_struct *t)
{
	return t->mm && !(t->mm->flags & MMF_OOM_SKIP) && fatal_signal_pending(t);
}

static void oom_reap_timer(struct machine *m, void *data);

/* queue_oom_reaper: look at @t again OOM_REAPER_DELAY from now */
static void queue_oom_reaper(struct machine *m, struct task_struct *t)
{
	if (t->mm->flags & MMF_OOM_REAP_QUEUED)
		return;
	t->mm->flags |= MMF_OOM_REAP_QUEUED;
	sim_timer_add(m, OOM_REAPER_DELAY, oom_reap_timer, GINT_TO_POINTER(t->pid));
}

/*
 * __oom_reap_task_mm: unmap what the victim's exit would free first, its
 * anonymous and private memory, last VMA first; hugetlb and PFN maps stay,
 * mlocked memory goes too.
 */
static void __oom_reap_task_mm(struct machine *m, struct mm_struct *mm)
{
	mm->flags |= MMF_UNSTABLE;
	for (unsigned int i = mm->vmas->len; i-- > 0;) {
		struct vm_area_struct *vma = g_ptr_array_index(mm->vmas, i);

		if (vma->special || (vma->vm_flags & (VM_HUGETLB | VM_PFNMAP)))
			continue;
		if (!vma->vm_file || !(vma->vm_flags & VM_SHARED))
			zap_page_range(m, vma, vma->vm_start, vma->vm_end);
	}
}

/*
 * The oom_reaper kthread's work on one victim: nothing if it has exited
 * (exit_mmap did the same, quietly) or its mm is already skipped.
 */
static void oom_reap_timer(struct machine *m, void *data)
{
	struct task_struct *t = find_task_by_pid(m, GPOINTER_TO_INT(data));
	struct mm_struct *mm;

	if (!t || !t->oom_victim || !t->mm || !(t->mm->flags & MMF_OOM_REAP_QUEUED))
		return;
	mm = t->mm;
	if (!(mm->flags & MMF_OOM_SKIP)) {
		__oom_reap_task_mm(m, mm);
		pr_info(m, "oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, "
			"shmem-rss:%lukB", t->pid, t->comm, K(get_mm_counter(mm, MM_ANONPAGES)),
			K(get_mm_counter(mm, MM_FILEPAGES)), K(get_mm_counter(mm, MM_SHMEMPAGES)));
	}
	mm->flags |= MMF_OOM_SKIP;
	mm->flags &= ~MMF_OOM_REAP_QUEUED;
}

static bool is_sysrq_oom(const struct oom_control *oc)
{
	return oc->order == -1;
}

static const char *const oom_constraint_text[] = {
	[CONSTRAINT_NONE] = "CONSTRAINT_NONE",
	[CONSTRAINT_CPUSET] = "CONSTRAINT_CPUSET",
	[CONSTRAINT_MEMORY_POLICY] = "CONSTRAINT_MEMORY_POLICY",
	[CONSTRAINT_MEMCG] = "CONSTRAINT_MEMCG",
};

/*
 * constrained_alloc: what the allocation may use. The simulation has no
 * cpusets or memory policies yet, so every OOM is system-wide: all RAM and
 * swap.
 */
static enum oom_constraint constrained_alloc(struct machine *m, struct oom_control *oc)
{
	oc->totalpages = totalram_pages(m) + total_swap_pages(m);
	return CONSTRAINT_NONE;
}

/* oom_evaluate_task: false stops the scan */
static bool oom_evaluate_task(struct machine *m, struct task_struct *t, struct oom_control *oc)
{
	long points;

	if (task_unkillable(t))
		return true;
	/* a victim still on its way out: wait for it rather than kill another */
	if (!is_sysrq_oom(oc) && t->oom_victim) {
		if (t->mm && (t->mm->flags & MMF_OOM_SKIP))
			return true;
		oc->chosen = OOM_SCAN_ABORT;
		return false;
	}
	points = oom_badness(m, t, oc->totalpages);
	/* a tie goes to the task scanned last */
	if (points == LONG_MIN || points < oc->chosen_points)
		return true;
	oc->chosen = t;
	oc->chosen_points = points;
	return true;
}

static void select_bad_process(struct machine *m, struct oom_control *oc)
{
	oc->chosen = NULL;
	oc->chosen_points = LONG_MIN;
	for (GList *l = task_list(m); l; l = l->next)
		if (!oom_evaluate_task(m, l->data, oc))
			break;
}

/* one row of dump_tasks: memory in pages, page tables in bytes */
static void dump_task(struct machine *m, const struct task_struct *t)
{
	const struct mm_struct *mm = t->mm;

	pr_info(m, "[%7d] %5u %5d %8lu %8lu %8lu %8lu %9lu %8ld %8lu         %5hd %s", t->pid,
		(unsigned int)t->uid, t->pid, mm->total_vm, get_mm_rss(mm),
		get_mm_counter(mm, MM_ANONPAGES), get_mm_counter(mm, MM_FILEPAGES),
		get_mm_counter(mm, MM_SHMEMPAGES), mm->pgtables_bytes,
		get_mm_counter(mm, MM_SWAPENTS), t->oom_score_adj, t->comm);
}

/* dump_tasks: every task the OOM killer could pick, with what it holds */
static void dump_tasks(struct machine *m)
{
	pr_info(m, "Tasks state (memory values in pages):");
	pr_info(m, "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes "
		"swapents oom_score_adj name");
	for (GList *l = task_list(m); l; l = l->next) {
		const struct task_struct *t = l->data;

		if (!task_unkillable(t) && t->mm)
			dump_task(m, t);
	}
}

static void dump_header(struct machine *m, struct oom_control *oc)
{
	STACK_FRAME(m);
	char flags[256];

	gfp_flags_string(oc->gfp_mask, flags, sizeof(flags));
	pr_warn(m, "%s invoked oom-killer: gfp_mask=%#x(%s), order=%d, oom_score_adj=%hd",
		current_comm(m), oc->gfp_mask, flags, oc->order,
		m->current ? m->current->oom_score_adj : 0);
	dump_stack(m, (const char *const[]){ "dump_stack_lvl", NULL }, NULL);
	__show_mem(m);
	if (m->sysctl.oom_dump_tasks)
		dump_tasks(m);
}

/* the one-line summary: the constraint, where the victim runs and who it is */
static void dump_oom_victim(struct machine *m, const struct oom_control *oc,
			    const struct task_struct *victim)
{
	char mems[64];

	cpuset_mems_allowed(m, mems, sizeof(mems));
	pr_info(m, "oom-kill:constraint=%s,nodemask=(null),%s,global_oom,task_memcg=/,task=%s,pid=%d,"
		"uid=%u", oom_constraint_text[oc->constraint], mems, victim->comm, victim->pid,
		(unsigned int)victim->uid);
}

/*
 * __oom_kill_process: SIGKILL, access to the reserves, the Killed line and
 * the reaper queued. No two processes share an mm in the simulation, so
 * the kernel's loop over the mm's other users has nothing to do.
 */
static void __oom_kill_process(struct machine *m, struct task_struct *victim, const char *message)
{
	struct mm_struct *mm = victim->mm;

	if (!mm) {
		pr_info(m, "%s: OOM victim %d (%s) is already exiting. Skip killing the task", message,
			victim->pid, victim->comm);
		return;
	}
	__count_vm_events(m, OOM_KILL, 1);
	victim->sigkill = true;
	mark_oom_victim(m, victim);
	pr_err(m, "%s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, "
	       "shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%hd", message, victim->pid,
	       victim->comm, K(mm->total_vm), K(get_mm_counter(mm, MM_ANONPAGES)),
	       K(get_mm_counter(mm, MM_FILEPAGES)), K(get_mm_counter(mm, MM_SHMEMPAGES)),
	       (unsigned int)victim->uid, (unsigned long)mm->pgtables_bytes >> 10,
	       victim->oom_score_adj);
	queue_oom_reaper(m, victim);
	/* woken by the signal, a victim that can run dies now; the acting one on its way out */
	if (victim != m->current && victim->state != TASK_UNINTERRUPTIBLE)
		exit_to_user_mode(m, victim);
}

static void oom_kill_process(struct machine *m, struct oom_control *oc, const char *message)
{
	STACK_FRAME(m);
	struct task_struct *victim = oc->chosen;

	/* already dying: no alarm, no kill, only the reserves to die sooner */
	if (task_will_free_mem(victim)) {
		mark_oom_victim(m, victim);
		queue_oom_reaper(m, victim);
		return;
	}
	if (__ratelimit(m, &m->oom.rs, "oom_kill_process")) {
		dump_header(m, oc);
		dump_oom_victim(m, oc, victim);
	}
	__oom_kill_process(m, victim, message);
}

/* check_panic_on_oom: panic_on_oom 2 always panics, 1 for system-wide OOMs; sysrq never */
static void check_panic_on_oom(struct machine *m, struct oom_control *oc)
{
	int panic_on_oom = m->sysctl.panic_on_oom;

	if (!panic_on_oom || (panic_on_oom != 2 && oc->constraint != CONSTRAINT_NONE) ||
	    is_sysrq_oom(oc))
		return;
	dump_header(m, oc);
	panic(m, "Out of memory: %s panic_on_oom is enabled",
	      panic_on_oom == 2 ? "compulsory" : "system-wide");
}

/**
 * out_of_memory - kill the task whose death frees the most memory
 * @m: the machine
 * @oc: the failed allocation (order -1: sysrq)
 *
 * Return: true when memory is on its way back (a victim was killed, or one
 * is still dying and will give it) or this allocation must not kill (NOFS);
 * false when no task could be killed.
 */
bool out_of_memory(struct machine *m, struct oom_control *oc)
{
	STACK_FRAME(m);
	struct task_struct *current = m->current;

	if (m->panicked)
		return false;
	/* the acting task dies anyway: let it have the reserves and go */
	if (current && task_will_free_mem(current)) {
		mark_oom_victim(m, current);
		queue_oom_reaper(m, current);
		return true;
	}
	/* a filesystem allocation may hold locks the victim needs to exit: no kill */
	if (oc->gfp_mask && !(oc->gfp_mask & __GFP_FS))
		return true;
	oc->constraint = constrained_alloc(m, oc);
	check_panic_on_oom(m, oc);
	if (m->panicked)
		return false;
	if (m->sysctl.oom_kill_allocating_task && current && current->mm &&
	    !task_unkillable(current) && current->oom_score_adj != OOM_SCORE_ADJ_MIN) {
		oc->chosen = current;
		oom_kill_process(m, oc, "Out of memory (oom_kill_allocating_task)");
		return true;
	}
	select_bad_process(m, oc);
	if (!oc->chosen) {
		dump_header(m, oc);
		pr_warn(m, "Out of memory and no killable processes...");
		if (!is_sysrq_oom(oc))
			panic(m, "System is deadlocked on memory");
	}
	if (oc->chosen && oc->chosen != OOM_SCAN_ABORT)
		oom_kill_process(m, oc, "Out of memory");
	return oc->chosen != NULL;
}
