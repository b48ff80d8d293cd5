// SPDX-License-Identifier: GPL-2.0
/*
 * The load average, as kernel/sched/loadavg.c computes it: every LOAD_FREQ
 * the number of active tasks (running plus uninterruptible) is folded into
 * three exponentially decaying averages in fixed point.
 *
 * The kernel samples on a tick; between two state changes the active count
 * is constant, so the simulation samples lazily: before a state changes and
 * when the averages are read, every sample point passed since the last fold
 * is applied. With tasks active the kernel ticks and folds each sample in
 * turn, and so does this, stopping once the averages stand still (a load
 * equal to the active count is a fixed point of calc_load's rounding). With
 * none active the kernel's CPUs sleep and calc_global_nohz() applies the
 * missed samples at once with calc_load_n(), and so does this. No timer
 * runs.
 */
#include "loadavg.h"
#include "machine.h"
#include "printk.h"
#include "task.h"

/* a^n in fixed point with rounding (kernel/sched/loadavg.c fixed_power_int) */
static unsigned long fixed_power_int(unsigned long x, unsigned int frac_bits, uint64_t n)
{
	unsigned long result = 1UL << frac_bits;

	while (n) {
		if (n & 1) {
			result *= x;
			result += 1UL << (frac_bits - 1);
			result >>= frac_bits;
		}
		n >>= 1;
		if (!n)
			break;
		x *= x;
		x += 1UL << (frac_bits - 1);
		x >>= frac_bits;
	}
	return result;
}

/* load' = load * exp + active * (1 - exp), rounded up while load rises */
static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

static unsigned long calc_load_n(unsigned long load, unsigned long exp, unsigned long active,
				 uint64_t n)
{
	return calc_load(load, fixed_power_int(exp, FSHIFT, n), active);
}

/*
 * The samples due by @now folded into @avenrun with the active count they
 * saw (unchanged since the last fold); returns how many there were.
 */
static uint64_t calc_load_fold(const struct calc_load *cl, uint64_t now, unsigned long avenrun[3])
{
	static const unsigned long exp[3] = { EXP_1, EXP_5, EXP_15 };
	unsigned long active = (cl->nr_running + cl->nr_uninterruptible) * FIXED_1;
	uint64_t n = now < cl->update ? 0 : (now - cl->update) / LOAD_FREQ_NS + 1;

	for (int i = 0; i < 3; i++) {
		unsigned long load = cl->avenrun[i], prev = ~0UL;

		if (!active && n)
			load = calc_load_n(load, exp[i], 0, n);
		for (uint64_t k = 0; active && k < n && load != prev; k++) {
			prev = load;
			load = calc_load(load, exp[i], active);
		}
		avenrun[i] = load;
	}
	return n;
}

/* calc_global_load: apply the samples due by now, before the count changes */
static void calc_global_load(struct machine *m)
{
	struct calc_load *cl = &m->calc_load;

	cl->update += calc_load_fold(cl, sim_clock_now(&m->clock), cl->avenrun) * LOAD_FREQ_NS;
}

static void calc_load_account(struct calc_load *cl, enum task_state state, long delta)
{
	if (state == TASK_RUNNING)
		cl->nr_running += delta;
	else if (state == TASK_UNINTERRUPTIBLE)
		cl->nr_uninterruptible += delta;
}

/**
 * set_task_state - @t's scheduler state becomes @state
 *
 * Every change goes through here, so the load average sees the count of
 * active tasks each sample point had.
 */
void set_task_state(struct machine *m, struct task_struct *t, enum task_state state)
{
	if (t->state == state)
		return;
	calc_global_load(m);
	calc_load_account(&m->calc_load, t->state, -1);
	calc_load_account(&m->calc_load, state, 1);
	t->state = state;
}

/* A task enters or leaves the task list in its current state. */
void calc_load_task_add(struct machine *m, const struct task_struct *t)
{
	calc_global_load(m);
	calc_load_account(&m->calc_load, t->state, 1);
}

void calc_load_task_del(struct machine *m, const struct task_struct *t)
{
	calc_global_load(m);
	calc_load_account(&m->calc_load, t->state, -1);
}

/**
 * get_avenrun - the three averages as of now, plus @offset (for rounding)
 */
void get_avenrun(const struct machine *m, unsigned long loads[3], unsigned long offset)
{
	calc_load_fold(&m->calc_load, sim_clock_now(&m->clock), loads);
	for (int i = 0; i < 3; i++)
		loads[i] += offset;
}

/**
 * nr_running - the tasks in TASK_RUNNING (loadavg's fourth field)
 */
unsigned long nr_running(const struct machine *m)
{
	return m->calc_load.nr_running;
}

/* machine_check(): the counts equal a recount of the task list */
int loadavg_check(struct machine *m)
{
	unsigned long running = 0, blocked = 0;

	for (GList *l = task_list(m); l; l = l->next) {
		const struct task_struct *t = l->data;

		running += t->state == TASK_RUNNING;
		blocked += t->state == TASK_UNINTERRUPTIBLE;
	}
	if (running != m->calc_load.nr_running || blocked != m->calc_load.nr_uninterruptible) {
		pr_err(m, "loadavg: %lu running and %lu uninterruptible counted, %lu and %lu found\n",
		       m->calc_load.nr_running, m->calc_load.nr_uninterruptible, running, blocked);
		return -EUCLEAN;
	}
	return 0;
}
