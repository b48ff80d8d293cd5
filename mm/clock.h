/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated time: nanoseconds since boot and a queue of timers that fall due
 * as time advances. In manual mode only `tick` advances it, so a scenario is
 * reproducible; in realtime mode src/ advances it with the wall clock.
 */
#ifndef MM_CLOCK_H
#define MM_CLOCK_H

#include <glib.h>
#include <stdint.h>

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL
#define USER_HZ		100
#define HZ		1000		/* CONFIG_HZ_1000: jiffies */
#define KTIME_MAX	((uint64_t)INT64_MAX)	/* where simulated time stops (292 years) */

struct machine;

typedef void (*sim_timer_fn)(struct machine *m, void *data);

struct sim_timer {
	uint64_t expires;		/* ns since boot */
	uint64_t seq;			/* tie-break: timers due together run in arming order */
	sim_timer_fn fn;
	void *data;
};

struct sim_clock {
	uint64_t now;			/* ns since boot */
	uint64_t next_seq;
	GSequence *timers;		/* struct sim_timer, by (expires, seq) */
};

void sim_clock_init(struct sim_clock *clock, uint64_t start_ns);
void sim_clock_destroy(struct sim_clock *clock);

static inline uint64_t sim_clock_now(const struct sim_clock *clock)
{
	return clock->now;
}

/* Arm @fn to run @delay ns from now; past KTIME_MAX it never runs. */
void sim_timer_add(struct machine *m, uint64_t delay, sim_timer_fn fn, void *data);

/* Advance to now + @ns (at most KTIME_MAX), running due timers in order; machine lock held. */
void sim_clock_advance(struct machine *m, uint64_t ns);

#endif /* MM_CLOCK_H */
