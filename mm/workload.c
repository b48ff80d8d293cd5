// SPDX-License-Identifier: GPL-2.0
/*
 * Behaviours over simulated time (mm/workload.c).
 *
 * `grow PID anon RATE` makes a task extend its heap with brk and write the
 * new pages, RATE bytes per simulated second, until it has grown by
 * `until` or is stopped. One machine-wide timer steps every behaviour each
 * WORKLOAD_PERIOD_NS, in pid order, so a run is the same every time. A
 * behaviour whose brk or fault fails ends there (the task may have died).
 */
#include <errno.h>

#include "task.h"
#include "vma.h"
#include "workload.h"

#define NSEC_PER_SEC	1000000000ULL

int grow_heap(struct machine *m, struct task_struct *t, uint64_t bytes)
{
	uint64_t old, newbrk;
	int err;

	if (!t->mm)
		return -EINVAL;
	if (!bytes)
		return 0;
	old = t->mm->brk;
	err = do_brk(m, t, (long)bytes, &newbrk);
	if (err)
		return err;
	return access_range(m, t, old, bytes, true, NULL);
}

static gint by_pid(gconstpointer a, gconstpointer b)
{
	return ((const struct task_struct *)a)->pid - ((const struct task_struct *)b)->pid;
}

/*
 * How much of the step @w may grow: whole pages of what the rate has made
 * due, kept in byte-nanoseconds so that no fraction is ever lost.
 */
static uint64_t step_bytes(struct workload *w)
{
	uint64_t bytes;

	w->carry += w->rate * WORKLOAD_PERIOD_NS;
	bytes = (w->carry / NSEC_PER_SEC) & ~(uint64_t)(PAGE_SIZE - 1);
	w->carry -= bytes * NSEC_PER_SEC;
	if (w->until && bytes > w->until - w->grown)
		bytes = w->until - w->grown;
	return bytes;
}

static void workload_tick(struct machine *m, void *data)
{
	g_autoptr(GList) busy = NULL;

	for (GList *l = task_list(m); l; l = l->next) {
		struct task_struct *t = l->data;

		if (t->workload)
			busy = g_list_insert_sorted(busy, t, by_pid);
	}
	for (GList *l = busy; l; l = l->next) {
		struct task_struct *t = l->data;
		struct workload *w = t->workload;
		uint64_t bytes = step_bytes(w);
		struct task_struct *prev = m->current;
		int pid = t->pid, err;

		m->current = t;
		err = grow_heap(m, t, bytes);
		m->current = prev;
		if (err == -EFAULT && !find_task_by_pid(m, pid))
			continue;	/* died of it; its workload went with it */
		w->grown += bytes;
		if (err || (w->until && w->grown >= w->until)) {
			g_free(t->workload);
			t->workload = NULL;
		}
	}
	m->workload_armed = false;
	for (GList *l = task_list(m); l; l = l->next)
		if (((struct task_struct *)l->data)->workload) {
			sim_timer_add(m, WORKLOAD_PERIOD_NS, workload_tick, NULL);
			m->workload_armed = true;
			break;
		}
}

int workload_grow(struct machine *m, struct task_struct *t, uint64_t rate, uint64_t until)
{
	if (!t->mm || !rate || rate > WORKLOAD_MAX_RATE)
		return -EINVAL;
	if (!t->workload)
		t->workload = g_new0(struct workload, 1);
	t->workload->rate = rate;
	t->workload->until = until;
	t->workload->grown = 0;
	t->workload->carry = 0;
	if (!m->workload_armed) {
		sim_timer_add(m, WORKLOAD_PERIOD_NS, workload_tick, NULL);
		m->workload_armed = true;
	}
	return 0;
}

int workload_stop(struct machine *m, struct task_struct *t)
{
	if (!t->workload)
		return -EINVAL;
	g_free(t->workload);
	t->workload = NULL;
	return 0;
}
