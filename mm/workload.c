// SPDX-License-Identifier: GPL-2.0
/*
 * Behaviours over simulated time (mm/workload.c).
 *
 * `grow PID anon RATE` makes a task extend its heap with brk and write the
 * new pages, RATE bytes per simulated second, until it has grown by
 * `until` or is stopped. `grow PID write|read|rewrite PATH RATE` streams a
 * file instead, a page per system call (a 4 KiB dd), through the same
 * read and write paths as the ctl verbs: a writer that balance_dirty_pages
 * pauses, or a reader that waits for the disk, does nothing until its wait
 * ends, and the time it waited is lost to it, so a throttled writer
 * advances at the disk's pace. Behaviours step on one machine-wide grid of
 * WORKLOAD_PERIOD_NS, in pid order, so a run is the same every time. The
 * timer only fires on the steps where some behaviour has a whole page due:
 * a slow grow costs one step per page, not ten per second. A behaviour
 * whose brk or fault fails ends there (the task may have died).
 */
#include <errno.h>

#include "filemap.h"
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

/* A page at a time until the task must wait; the bytes it moved. */
static uint64_t file_step(struct machine *m, struct task_struct *t, struct workload *w,
			  uint64_t bytes, int *err)
{
	uint64_t moved = 0, done = 0, wait = 0;

	*err = 0;
	while (moved < bytes && !task_in_iowait(t)) {
		uint64_t n = MIN(bytes - moved, PAGE_SIZE - (w->pos & (PAGE_SIZE - 1)));
		struct address_space *as = filemap_find(m, w->path);

		if (!as) {
			*err = -ENOENT;	/* unlinked under it */
			break;
		}
		if (w->kind == WORKLOAD_REWRITE && w->pos >= as->size)
			w->pos = 0;
		if (w->kind == WORKLOAD_READ) {
			*err = vfs_read(m, t, w->path, w->pos, n, &done, &wait);
			if (!*err && !done)
				*err = -ENODATA;	/* the end of the file: the reader is done */
		} else {
			*err = vfs_write(m, t, w->path, w->pos, n, false, &done, &wait);
		}
		if (*err)
			break;
		w->pos += done;
		moved += done;
	}
	return moved;
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
		int pid = GPOINTER_TO_INT(l->data), err = 0;
		struct task_struct *t = find_task_by_pid(m, pid), *prev;
		struct workload *w;
		uint64_t bytes;

		if (!t || !t->workload)
			continue;	/* killed by an earlier step */
		w = t->workload;
		bytes = step_bytes(w, now);
		prev = set_current(m, t);
		if (w->kind == WORKLOAD_ANON) {
			err = grow_heap(m, t, bytes);
		} else {
			bytes = task_in_iowait(t) ? 0 : file_step(m, t, w, bytes, &err);
			if (task_in_iowait(t))
				w->carry = 0;	/* what came due while it waited is lost to it */
		}
		set_current(m, prev);
		/* died of it (a segfault inside, or a SIGKILL now); its workload went with it */
		if (find_task_by_pid(m, pid) != t || exit_to_user_mode(m, t))
			continue;
		w->grown += bytes;
		if (err || (w->until && w->grown >= w->until)) {
			g_free(w->path);
			g_free(t->workload);
			t->workload = NULL;
		} else {
			steps = MIN(steps, w->kind == WORKLOAD_ANON ? steps_to_page(w) : 1);
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
	g_free(t->workload->path);
	t->workload->path = NULL;
	t->workload->kind = WORKLOAD_ANON;
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
 * workload_grow_file - start (or change) @t's file behaviour @kind on @path at @rate up to @until
 */
int workload_grow_file(struct machine *m, struct task_struct *t, enum workload_kind kind,
		       const char *path, uint64_t rate, uint64_t until)
{
	struct address_space *as = filemap_find(m, path);
	int err;

	if (!as || as->shmem)
		return -ENOENT;
	if (kind != WORKLOAD_WRITE && !as->size)
		return -EINVAL;		/* nothing to read or rewrite */
	err = workload_grow(m, t, rate, until);
	if (err)
		return err;
	t->workload->kind = kind;
	t->workload->path = g_strdup(path);
	t->workload->pos = kind == WORKLOAD_WRITE ? as->size : 0;
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
	g_free(t->workload->path);
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
