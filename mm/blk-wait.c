// SPDX-License-Identifier: GPL-2.0
/*
 * How a task waits for I/O in simulated time (kernel/sched/core.c's
 * io_schedule, nr_iowait; kernel/sched/cputime.c's iowait time;
 * mm/filemap.c's hashed folio wait queues).
 *
 * A waiting task is in TASK_UNINTERRUPTIBLE with a wchan, and counted in
 * nr_iowait of the CPU it slept on, until what it waits for completes on
 * the timer queue. No task runs on a simulated CPU, so every CPU is idle
 * and its idle time with a waiter counts as iowait instead (what
 * account_idle_time does when nr_iowait_cpu() is non-zero).
 */
#include <string.h>

#include "internal.h"
#include "blkdev.h"
#include "oom.h"
#include "task.h"

/* The part of struct rq the engine keeps: the iowait count and its time. */
struct rq {
	unsigned int nr_iowait;
	uint64_t iowait_ns;		/* iowait time up to @stamp */
	uint64_t stamp;
};

static void rq_account(struct machine *m, struct rq *rq)
{
	uint64_t now = sim_clock_now(&m->clock);

	if (rq->nr_iowait)
		rq->iowait_ns += now - rq->stamp;
	rq->stamp = now;
}

/**
 * io_schedule_begin - @t starts a wait for I/O: D with @wchan, counted as iowait (nests)
 */
void io_schedule_begin(struct machine *m, struct task_struct *t, const char *wchan)
{
	struct rq *rq = &m->rq[t->cpu];

	if (t->in_iowait++)
		return;
	t->saved_state = t->state;
	set_task_state(m, t, TASK_UNINTERRUPTIBLE);
	t->wchan = wchan;
	t->iowait_start = sim_clock_now(&m->clock);
	rq_account(m, rq);
	rq->nr_iowait++;
}

/**
 * io_schedule_end - one of @t's waits for I/O ended; the last gives back its state
 */
void io_schedule_end(struct machine *m, struct task_struct *t)
{
	struct rq *rq = &m->rq[t->cpu];

	if (!t->in_iowait || --t->in_iowait)
		return;
	set_task_state(m, t, t->saved_state);
	t->wchan = NULL;
	t->blkio_delay_ns += sim_clock_now(&m->clock) - t->iowait_start;
	rq_account(m, rq);
	if (fatal_signal_pending(t))
		wake_up_killed(m, t);	/* killed while it waited: it dies now */
	rq->nr_iowait--;
}

/**
 * task_in_iowait - whether @t waits for I/O now
 */
bool task_in_iowait(const struct task_struct *t)
{
	return t->in_iowait > 0;
}

/* The wait queue key of a page and one of its page_ext flags. */
static gpointer wait_key(unsigned long pfn, unsigned int bit)
{
	return GSIZE_TO_POINTER((gsize)pfn << 4 | (unsigned int)__builtin_ctz(bit));
}

/**
 * folio_wait_bit - @t waits until page @pfn's flag @bit clears, if it is set; whether it waits
 */
bool folio_wait_bit(struct machine *m, struct task_struct *t, unsigned long pfn, unsigned int bit)
{
	gpointer key = wait_key(pfn, bit);
	GSList *q;

	if (!t || !bit || !(page_ext_get(m, pfn)->flags & bit))
		return false;
	q = g_hash_table_lookup(m->page_waitqueue, key);
	g_hash_table_insert(m->page_waitqueue, key, g_slist_prepend(q, t));
	io_schedule_begin(m, t, "folio_wait_bit_common");
	return true;
}

/**
 * folio_wake_bit - wake every task waiting on page @pfn's flag @bit (the caller cleared it)
 */
void folio_wake_bit(struct machine *m, unsigned long pfn, unsigned int bit)
{
	gpointer key = wait_key(pfn, bit);
	GSList *q;

	if (!bit || !g_hash_table_steal_extended(m->page_waitqueue, key, NULL, (gpointer *)&q))
		return;
	/* oldest first, as the kernel's exclusive-less wake walks its list */
	q = g_slist_reverse(q);
	for (GSList *l = q; l; l = l->next)
		io_schedule_end(m, l->data);
	g_slist_free(q);
}

/**
 * folio_unlock - a read into page @pfn is done: clear PGE_locked and wake its waiters
 */
void folio_unlock(struct machine *m, unsigned long pfn)
{
	page_ext_get(m, pfn)->flags &= (uint16_t)~PGE_locked;
	folio_wake_bit(m, pfn, PGE_locked);
}

/**
 * nr_iowait - tasks waiting for I/O on every CPU (/proc/stat procs_blocked)
 */
unsigned int nr_iowait(const struct machine *m)
{
	unsigned int n = 0;

	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		n += m->rq[cpu].nr_iowait;
	return n;
}

/**
 * cpu_iowait_ns - @cpu's idle time with a task waiting for I/O, up to now
 */
uint64_t cpu_iowait_ns(const struct machine *m, int cpu)
{
	const struct rq *rq = &m->rq[cpu];

	return rq->iowait_ns + (rq->nr_iowait ? sim_clock_now(&m->clock) - rq->stamp : 0);
}

/**
 * io_wait_task_exit - @t goes: off every wait queue and every bio it waits on, its waits ended
 */
void io_wait_task_exit(struct machine *m, struct task_struct *t)
{
	GHashTableIter it;
	gpointer key, val;

	if (!t->in_iowait)
		return;
	g_hash_table_iter_init(&it, m->page_waitqueue);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		GSList *q = val, *l;

		while ((l = g_slist_find(q, t)))
			q = g_slist_delete_link(q, l);
		if (q)
			g_hash_table_iter_replace(&it, q);
		else
			g_hash_table_iter_steal(&it);
	}
	for (int i = 0; i < m->nr_bdevs; i++)
		bdev_forget_waiter(&m->bdevs[i], t);
	t->in_iowait = 1;
	io_schedule_end(m, t);
}

/* The wait queues hold tasks that wait, and the CPUs count each waiting task once. */
int blk_wait_check(struct machine *m)
{
	unsigned int per_cpu[MAX_CPUS] = { 0 };
	GHashTableIter it;
	gpointer key, val;
	int bad = 0;

	for (GList *l = task_list(m); l; l = l->next) {
		struct task_struct *t = l->data;

		if (!t->in_iowait)
			continue;
		per_cpu[t->cpu]++;
		if (t->state != TASK_UNINTERRUPTIBLE) {
			pr_err(m, "BUG: pid %d waits for I/O in state %d", t->pid, t->state);
			bad++;
		}
	}
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		if (per_cpu[cpu] != m->rq[cpu].nr_iowait) {
			pr_err(m, "BUG: cpu %d: %u tasks wait for I/O, nr_iowait says %u", cpu,
			       per_cpu[cpu], m->rq[cpu].nr_iowait);
			bad++;
		}
	g_hash_table_iter_init(&it, m->page_waitqueue);
	while (g_hash_table_iter_next(&it, &key, &val))
		for (GSList *l = val; l; l = l->next) {
			struct task_struct *t = l->data;
			unsigned long pfn = GPOINTER_TO_SIZE(key) >> 4;

			if (!t->in_iowait || !(page_ext_get(m, pfn)->flags & (1U << (GPOINTER_TO_SIZE(key) & 15)))) {
				pr_err(m, "BUG: pid %d waits on pfn %#lx for a flag that is clear", t->pid, pfn);
				bad++;
			}
		}
	return bad;
}

/* Boot's waits ended before the clock starts: no iowait time, no delay, stamps at 0. */
void blk_wait_boot_settle(struct machine *m)
{
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		m->rq[cpu] = (struct rq){ 0 };
	for (GList *l = task_list(m); l; l = l->next)
		((struct task_struct *)l->data)->blkio_delay_ns = 0;
}

int blk_wait_init(struct machine *m)
{
	m->rq = g_new0(struct rq, MAX(m->nr_cpus, 1));
	m->page_waitqueue = g_hash_table_new(NULL, NULL);
	return 0;
}

void blk_wait_destroy(struct machine *m)
{
	if (m->page_waitqueue) {
		GHashTableIter it;
		gpointer key, val;

		g_hash_table_iter_init(&it, m->page_waitqueue);
		while (g_hash_table_iter_next(&it, &key, &val))
			g_slist_free(val);
		g_hash_table_unref(m->page_waitqueue);
	}
	m->page_waitqueue = NULL;
	g_free(m->rq);
	m->rq = NULL;
}
