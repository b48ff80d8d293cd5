// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated time. Timers sit in a sequence ordered by (expiry, arming order);
 * advancing the clock pops them in that order and moves `now` to each
 * expiry before running it, so a timer that re-arms itself runs as often as
 * it would on a real machine, however large the tick.
 */
#include "machine.h"

static gint timer_cmp(gconstpointer a, gconstpointer b, gpointer unused)
{
	const struct sim_timer *x = a, *y = b;

	if (x->expires != y->expires)
		return x->expires < y->expires ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/**
 * sim_clock_init - start @clock at @start_ns with no timer armed
 */
void sim_clock_init(struct sim_clock *clock, uint64_t start_ns)
{
	clock->now = start_ns;
	clock->next_seq = 0;
	clock->timers = g_sequence_new(g_free);
}

/**
 * sim_clock_destroy - free the timers still armed on @clock
 */
void sim_clock_destroy(struct sim_clock *clock)
{
	if (clock->timers)
		g_sequence_free(clock->timers);
	clock->timers = NULL;
}

/**
 * sim_timer_add - arm @fn(@m, @data) to run @delay ns from now
 *
 * A timer past KTIME_MAX never runs, as the kernel's ktime saturates.
 */
void sim_timer_add(struct machine *m, uint64_t delay, sim_timer_fn fn, void *data)
{
	struct sim_timer *t = g_new(struct sim_timer, 1);

	t->expires = delay > KTIME_MAX - m->clock.now ? UINT64_MAX : m->clock.now + delay;
	t->seq = m->clock.next_seq++;
	t->fn = fn;
	t->data = data;
	g_sequence_insert_sorted(m->clock.timers, t, timer_cmp, NULL);
}

/**
 * sim_clock_advance - move simulated time to now + @ns (at most KTIME_MAX)
 *
 * Runs every timer that falls due, in expiry order, each at its own time;
 * the caller holds the machine lock.
 */
void sim_clock_advance(struct machine *m, uint64_t ns)
{
	/* ktime_add_safe: time saturates rather than wrap */
	uint64_t target = ns > KTIME_MAX - m->clock.now ? KTIME_MAX : m->clock.now + ns;

	for (;;) {
		GSequenceIter *it = g_sequence_get_begin_iter(m->clock.timers);
		struct sim_timer t;

		if (g_sequence_iter_is_end(it))
			break;
		t = *(struct sim_timer *)g_sequence_get(it);
		if (t.expires > target)
			break;
		g_sequence_remove(it);
		if (t.expires > m->clock.now)
			m->clock.now = t.expires;
		t.fn(m, t.data);
	}
	m->clock.now = target;
}
