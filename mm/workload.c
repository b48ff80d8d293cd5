// SPDX-License-Identifier: GPL-2.0
/*
 * Behaviours over simulated time (mm/workload.c).
 *
 * `grow PID anon RATE` makes a task extend its heap with brk and write the
 * new pages, RATE bytes per simulated second, until it has grown by
 * `until` or is stopped. Behaviours step on one machine-wide grid of
 * WORKLOAD_PERIOD_NS, in pid order, so a run is the same every time. The
 * timer only fires on the steps where some behaviour has a whole page due:
 * a slow grow costs one step per page, not ten per second. A behaviour
 * whose brk or fault fails ends there (the task may have died).
 */
#include <errno.h>

#include "oom.h"
#include "task.h"
#include "vma.h"
#include "workload.h"

/**
 * grow_heap - grow @t's heap by @bytes with brk and write to every new page
 *
 * As a program filling memory would. -ENOMEM when brk or a page fails;
 * -EFAULT when the task died of it.
 */
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
 * How much @w may grow at the step @now: whole pages of what the rate has
 * made due since its last step (or its start, which may fall between
 * steps), kept in byte-nanoseconds so that no fraction is ever lost.
 */
static uint64_t step_bytes(struct workload *w, uint64_t now)
{
	uint64_t bytes;

	w->carry += w->rate * (now - w->last);
	w->last = now;
	bytes = (w->carry / NSEC_PER_SEC) & ~(uint64_t)(PAGE_SIZE - 1);
	w->carry -= bytes * NSEC_PER_SEC;
	if (w->until && bytes > w->until - w->grown)
		bytes = w->until - w->grown;
	return bytes;
}

/* Steps until @w has its next whole page due: its carry is below a page after a step. */
static uint64_t steps_to_page(const struct workload *w)
{
	uint64_t need = PAGE_SIZE * NSEC_PER_SEC - w->carry;
	uint64_t ns = (need + w->rate - 1) / w->rate;

	return (ns + WORKLOAD_PERIOD_NS - 1) / WORKLOAD_PERIOD_NS;
}

static void workload_tick(struct machine *m, void *data);

/* Have the timer fire at @due unless it fires sooner already. */
static void workload_arm(struct machine *m, uint64_t due)
{
	if (m->workload_timer.due && m->workload_timer.due <= due)
		return;
	m->workload_timer.due = due;
	sim_timer_add(m, due - sim_clock_now(&m->clock), workload_tick,
		      GUINT_TO_POINTER(++m->workload_timer.gen));
}

static void workload_tick(struct machine *m, void *data)
{
	uint64_t now = sim_clock_now(&m->clock), steps = UINT64_MAX;
	g_autoptr(GList) busy = NULL;

	if (GPOINTER_TO_UINT(data) != m->workload_timer.gen)
		return;		/* superseded by an earlier one */
	m->workload_timer.due = 0;
	for (GList *l = task_list(m); l; l = l->next) {
		struct task_struct *t = l->data;

		if (t->workload)
			busy = g_list_insert_sorted(busy, t, by_pid);
	}
	/* by pid: a step may kill other busy tasks (the OOM killer) */
	for (GList *l = busy; l; l = l->next)
		l->data = GINT_TO_POINTER(((struct task_struct *)l->data)->pid);
	for (GList *l = busy; l; l = l->next) {
		int pid = GPOINTER_TO_INT(l->data), err;
		struct task_struct *t = find_task_by_pid(m, pid), *prev;
		struct workload *w;
		uint64_t bytes;

		if (!t || !t->workload)
			continue;	/* killed by an earlier step */
		w = t->workload;
		bytes = step_bytes(w, now);
		prev = set_current(m, t);
		err = grow_heap(m, t, bytes);
		set_current(m, prev);
		if (exit_to_user_mode(m, t) || (err == -EFAULT && !find_task_by_pid(m, pid)))
			continue;	/* died of it; its workload went with it */
		w->grown += bytes;
		if (err || (w->until && w->grown >= w->until)) {
			g_free(t->workload);
			t->workload = NULL;
		} else {
			steps = MIN(steps, steps_to_page(w));
		}
	}
	if (steps != UINT64_MAX)
		workload_arm(m, now + steps * WORKLOAD_PERIOD_NS);
}

/**
 * workload_grow - start (or change) @t's "grow anon" behaviour: @rate bytes a second up to @until
 */
int workload_grow(struct machine *m, struct task_struct *t, uint64_t rate, uint64_t until)
{
	uint64_t now = sim_clock_now(&m->clock);

	if (!t->mm || !rate || rate > WORKLOAD_MAX_RATE)
		return -EINVAL;
	if (!m->workload_timer.due)
		m->workload_timer.origin = now;
	if (!t->workload)
		t->workload = g_new0(struct workload, 1);
	t->workload->rate = rate;
	t->workload->until = until;
	t->workload->grown = 0;
	t->workload->carry = 0;
	t->workload->last = now;
	/* the next step of the grid */
	workload_arm(m, now + WORKLOAD_PERIOD_NS - (now - m->workload_timer.origin) % WORKLOAD_PERIOD_NS);
	return 0;
}

/**
 * workload_exit - @t's behaviour ends with it (stop, or the task goes); the last one disarms the
 * timer
 */
void workload_exit(struct machine *m, struct task_struct *t)
{
	if (!t->workload)
		return;
	g_free(t->workload);
	t->workload = NULL;
	for (GList *l = task_list(m); l; l = l->next)
		if (((struct task_struct *)l->data)->workload)
			return;
	/* none left: the pending timer goes stale, the next grow starts a grid of its own */
	m->workload_timer.due = 0;
	m->workload_timer.gen++;
}

/**
 * workload_stop - stop @t's behaviour; its memory stays
 */
int workload_stop(struct machine *m, struct task_struct *t)
{
	if (!t->workload)
		return -EINVAL;
	workload_exit(m, t);
	return 0;
}
