// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/stat, /proc/uptime and /proc/loadavg (fs/proc/stat.c, uptime.c,
 * loadavg.c).
 *
 * No task runs on a simulated CPU, so every CPU has been idle since boot:
 * idle time is the simulated uptime on each CPU less its iowait (the time
 * a task that slept there waited for I/O), and every other time, interrupt
 * and scheduler count is 0 but procs_blocked.
 */
#include "files.h"
#include "mm/machine.h"
#include "mm/task.h"
#include "seq.h"

#define NSEC_PER_CLOCK_T	(NSEC_PER_SEC / USER_HZ)

/* user nice system idle iowait irq softirq steal guest guest_nice */
enum cpu_stat_item {
	CPUTIME_USER,
	CPUTIME_NICE,
	CPUTIME_SYSTEM,
	CPUTIME_IDLE,
	CPUTIME_IOWAIT,
	CPUTIME_IRQ,
	CPUTIME_SOFTIRQ,
	CPUTIME_STEAL,
	CPUTIME_GUEST,
	CPUTIME_GUEST_NICE,
	NR_STATS
};

/* HI TIMER NET_TX NET_RX BLOCK IRQ_POLL TASKLET SCHED HRTIMER RCU */
#define NR_SOFTIRQS		10
#define NR_IRQS_LEGACY		16
/* one 24-pin I/O APIC, as on a PC */
#define GSI_TOP			24

/*
 * The number of interrupt lines the intr line lists: nr_irqs as x86's
 * arch_probe_nr_irqs() sizes it for an I/O APIC with GSI_TOP pins and MSI
 * (legacy IRQs, the pins, 8 per CPU, 16 MSI vectors per pin).
 */
static unsigned int nr_irqs(const struct machine *m)
{
	return GSI_TOP + NR_IRQS_LEGACY + 8 * m->nr_cpus + GSI_TOP * 16;
}

static unsigned long long nsec_to_clock_t(uint64_t ns)
{
	return ns / NSEC_PER_CLOCK_T;
}

/*
 * Per-CPU times in ns: nothing runs on a simulated CPU, so it is idle but
 * while a task that slept on it waits for I/O: that time is iowait
 * (account_idle_time with nr_iowait_cpu() > 0).
 */
static void cpu_times(const struct machine *m, int cpu, uint64_t t[NR_STATS])
{
	for (int i = 0; i < NR_STATS; i++)
		t[i] = 0;
	t[CPUTIME_IOWAIT] = cpu_iowait_ns(m, cpu);
	t[CPUTIME_IDLE] = sim_clock_now(&m->clock) - t[CPUTIME_IOWAIT];
}

static void put_cpu_line(GString *out, const char *label, const uint64_t t[NR_STATS])
{
	g_string_append(out, label);
	for (int i = 0; i < NR_STATS; i++)
		seq_put_decimal_ull(out, " ", nsec_to_clock_t(t[i]));
	g_string_append_c(out, '\n');
}

static int stat_show(const struct pfs_req *r, GString *out)
{
	const struct machine *m = r->m;
	uint64_t sum[NR_STATS] = { 0 }, t[NR_STATS];
	unsigned int irqs = nr_irqs(m);

	/* the aggregate sums nanoseconds, then converts, as show_stat() does */
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		cpu_times(m, cpu, t);
		for (int i = 0; i < NR_STATS; i++)
			sum[i] += t[i];
	}
	put_cpu_line(out, "cpu ", sum);
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		cpu_times(m, cpu, t);
		seq_put_decimal_ull(out, "cpu", (unsigned long long)cpu);
		put_cpu_line(out, "", t);
	}

	g_string_append(out, "intr 0");
	for (unsigned int i = 0; i < irqs; i++)
		g_string_append(out, " 0");
	seq_put_decimal_ull(out, "\nctxt 0\nbtime ", (unsigned long long)m->desc.btime);
	g_string_append_c(out, '\n');
	/* forks since boot, runnable tasks, tasks waiting for I/O */
	seq_put_decimal_ull(out, "processes ", total_forks(m));
	seq_put_decimal_ull(out, "\nprocs_running ", nr_running(m));
	seq_put_decimal_ull(out, "\nprocs_blocked ", nr_iowait(m));
	g_string_append_c(out, '\n');
	g_string_append(out, "softirq 0");
	for (int i = 0; i < NR_SOFTIRQS; i++)
		g_string_append(out, " 0");
	g_string_append_c(out, '\n');
	return 0;
}

const struct pfs_file_ops stat_ops = {
	.show = stat_show,
};

/* "S.CC": seconds and hundredths, truncated as the kernel does */
static void put_centisecs(GString *out, uint64_t ns)
{
	g_string_append_printf(out, "%llu.%02llu", ns / NSEC_PER_SEC,
			       ns % NSEC_PER_SEC / (NSEC_PER_SEC / 100));
}

static int uptime_show(const struct pfs_req *r, GString *out)
{
	const struct machine *m = r->m;
	uint64_t idle = 0, t[NR_STATS];

	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		cpu_times(m, cpu, t);
		idle += t[CPUTIME_IDLE];
	}
	put_centisecs(out, sim_clock_now(&m->clock));
	g_string_append_c(out, ' ');
	put_centisecs(out, idle);
	g_string_append_c(out, '\n');
	return 0;
}

const struct pfs_file_ops uptime_ops = {
	.show = uptime_show,
};

/*
 * load1 load5 load15 nr_running/nr_threads last_pid (fs/proc/loadavg.c),
 * the averages from mm/loadavg.c printed with LOAD_INT/LOAD_FRAC.
 */

static int loadavg_show(const struct pfs_req *r, GString *out)
{
	const struct machine *m = r->m;
	unsigned long avenrun[3];

	get_avenrun(m, avenrun, FIXED_1 / 200);	/* round to the printed hundredth */
	for (int i = 0; i < 3; i++) {
		seq_put_decimal_ull(out, i ? " " : "", LOAD_INT(avenrun[i]));
		/* "%lu.%02lu" */
		g_string_append(out, LOAD_FRAC(avenrun[i]) < 10 ? ".0" : ".");
		seq_put_decimal_ull(out, "", LOAD_FRAC(avenrun[i]));
	}
	seq_put_decimal_ull(out, " ", nr_running(m));
	seq_put_decimal_ull(out, "/", nr_tasks(m));
	seq_put_decimal_ll(out, " ", last_pid(m));
	g_string_append_c(out, '\n');
	return 0;
}

const struct pfs_file_ops loadavg_ops = {
	.show = loadavg_show,
};
