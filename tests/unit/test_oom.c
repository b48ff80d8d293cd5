// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM killer: the victim the kernel's rules pick (checked against this
 * file's own oom_badness), the report's lines, kills from a page fault and
 * from sysrq, the acting task killing itself, the reaper, the sysctls
 * (oom_dump_tasks, oom_kill_allocating_task, panic_on_oom) and the
 * machine a panic leaves.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/loadavg.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "mm/swapfile.h"
#include "mm/sysrq.h"
#include "mm/task.h"
#include "mm/workload.h"
#include "procfs/files.h"
#include "testutil.h"

static struct task_struct *spawn(struct machine *m, const char *comm, int adj)
{
	struct spawn_args a = { .comm = comm, .set_adj = true, .oom_score_adj = (short)adj };
	int pid = task_spawn(m, &a);

	ck_assert_int_gt(pid, 0);
	machine_advance(m, NSEC_PER_SEC);	/* past its start-up reads from the disk */
	return find_task_by_pid(m, pid);
}

/* grow @t's heap by @bytes as the task itself: 0, -ENOMEM, or -EINTR (it was killed) */
static int grow(struct machine *m, struct task_struct *t, uint64_t bytes)
{
	struct task_struct *prev = set_current(m, t);
	int err = grow_heap(m, t, bytes);

	set_current(m, prev);
	if (exit_to_user_mode(m, t))
		return -EINTR;
	return err;
}

/* the reference's oom_badness, reimplemented: rss + swap + page tables + adj per mille */
static long badness(struct machine *m, const struct task_struct *t)
{
	unsigned long totalpages = totalram_pages(m) + total_swap_pages(m);
	const struct mm_struct *mm = t->mm;

	if (t->pid == 1 || (t->flags & PF_KTHREAD) || !mm || t->oom_score_adj == -1000)
		return LONG_MIN;
	return (long)(get_mm_counter(mm, MM_ANONPAGES) + get_mm_counter(mm, MM_FILEPAGES) +
		      get_mm_counter(mm, MM_SHMEMPAGES) + get_mm_counter(mm, MM_SWAPENTS)) +
	       mm->pgtables_bytes / 4096 + t->oom_score_adj * (long)(totalpages / 1000);
}

/* the task the reference picks: the highest badness, the last scanned on a tie */
static int expected_victim(struct machine *m)
{
	long best = LONG_MIN;
	int pid = 0;

	for (GList *l = task_list(m); l; l = l->next) {
		long b = badness(m, l->data);

		if (b != LONG_MIN && b >= best) {
			best = b;
			pid = ((struct task_struct *)l->data)->pid;
		}
	}
	return pid;
}

/* the Killed line for @t as it is now */
static char *killed_line(const char *message, const struct task_struct *t)
{
	const struct mm_struct *mm = t->mm;

	return g_strdup_printf("<3>[%s] %s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
			       "file-rss:%lukB, shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%d",
			       "%s", message, t->pid, t->comm, mm->total_vm * 4,
			       get_mm_counter(mm, MM_ANONPAGES) * 4, get_mm_counter(mm, MM_FILEPAGES) * 4,
			       get_mm_counter(mm, MM_SHMEMPAGES) * 4, (unsigned int)t->uid,
			       (unsigned long)mm->pgtables_bytes >> 10, t->oom_score_adj);
}

/* @line (with its time field as %s) is in the log at any time */
static bool logged_any_time(struct machine *m, const char *fmt)
{
	const char *tail = strstr(fmt, "] ");

	return tail && logged(m, tail + 2);
}

/*
 * Three services as in the man page's story: db protected at -500, batch
 * exposed at +500. sysrq f picks what the reference's formula picks; each
 * f kills the next, and oom_score agreed beforehand.
 */
START_TEST(test_victim_choice)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *db = spawn(m, "db", -500), *cache = spawn(m, "cache", 0);
	struct task_struct *batch = spawn(m, "batch", 500);
	int expect, pids[3] = { db->pid, cache->pid, batch->pid };

	ck_assert_int_eq(grow(m, db, 16 << 20), 0);
	ck_assert_int_eq(grow(m, cache, 12 << 20), 0);
	ck_assert_int_eq(grow(m, batch, 2 << 20), 0);
	ck_machine_ok(m);
	for (int round = 0; round < 3; round++) {
		g_autofree char *line = NULL;
		struct task_struct *v;
		unsigned long best = 0;

		expect = expected_victim(m);
		v = find_task_by_pid(m, expect);
		/* a daemon reading oom_score names the same task */
		for (GList *l = task_list(m); l; l = l->next)
			best = MAX(best, proc_oom_score(m, l->data));
		ck_assert_uint_eq(proc_oom_score(m, v), best);
		line = killed_line("Out of memory", v);
		ck_assert_int_eq(handle_sysrq(m, 'f'), 0);
		ck_assert_ptr_null(find_task_by_pid(m, expect));
		ck_assert(logged_any_time(m, line));
		ck_machine_ok(m);
	}
	/* batch first (+500), then cache; -500 keeps the biggest, db, alive: the shell goes third */
	ck_assert_int_eq(expect, 6);
	ck_assert_ptr_nonnull(find_task_by_pid(m, pids[0]));
	ck_assert_ptr_null(find_task_by_pid(m, pids[1]));
	ck_assert_ptr_null(find_task_by_pid(m, pids[2]));
	ck_logged(m, "sysrq: Manual OOM execution");
	ck_logged(m, "task=batch,pid=9,uid=0");
	g_autofree char *vmstat = render(m, "proc/vmstat");
	ck_assert_ptr_nonnull(strstr(vmstat, "\noom_kill 3\n"));
	machine_free(m);
}
END_TEST

/*
 * The report sysrq f prints, line by line in the kernel's formats: the
 * header with order -1 from a kworker (the comm cut at 20 characters),
 * the stack, Mem-Info, the task table and the summary.
 */
START_TEST(test_report)
{
	struct machine *m = boot_preset("default");
	struct task_struct *hog = spawn(m, "hog", 0);
	g_autofree char *summary = NULL, *killed = NULL;
	int pid = hog->pid;

	ck_assert_int_eq(grow(m, hog, 64 << 20), 0);
	ck_assert_int_eq(handle_sysrq(m, 'f'), 0);
	ck_logged(m, "invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0");
	ck_logged(m, "Comm: kworker/0:0H-events_ Not tainted 6.18.0 #1 PREEMPT(voluntary) ");
	ck_logged(m, " dump_stack_lvl\n<4>  dump_header\n<4>  oom_kill_process\n<4>  out_of_memory\n"
		     "<4>  handle_sysrq\n");
	ck_logged(m, "Mem-Info:");
	ck_logged(m, "Tasks state (memory values in pages):");
	ck_logged(m, "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem "
		     "pgtables_bytes swapents oom_score_adj name");
	summary = g_strdup_printf("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
				  "mems_allowed=0,global_oom,task_memcg=/,task=hog,pid=%d,uid=0", pid);
	killed = g_strdup_printf("Out of memory: Killed process %d (hog)", pid);
	ck_logged(m, summary);
	ck_logged(m, killed);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* oom_dump_tasks 0: the table goes, the rest stays */
START_TEST(test_dump_tasks_off)
{
	struct machine *m = boot_preset("tiny");

	ck_assert_int_eq(grow(m, spawn(m, "hog", 0), 4 << 20), 0);
	m->sysctl.oom_dump_tasks = 0;
	ck_assert_int_eq(handle_sysrq(m, 'f'), 0);
	ck_assert(!logged(m, "Tasks state (memory values in pages):"));
	ck_logged(m, "Out of memory: Killed process 7 (hog)");
	machine_free(m);
}
END_TEST

/*
 * A page fault that finds no memory kills the biggest task; the grower
 * gets its page and goes on. The killed one's memory is back at once.
 */
START_TEST(test_fault_kills_other)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *big = spawn(m, "big", 0), *small = spawn(m, "small", 0);
	int big_pid = big->pid;
	g_autofree char *line = NULL;
	uint64_t grown = 0;
	int err = 0;

	ck_assert_int_eq(grow(m, big, 30 << 20), 0);
	line = killed_line("Out of memory", big);
	while (find_task_by_pid(m, big_pid) && !err) {
		err = grow(m, small, 1 << 20);
		grown += 1 << 20;
	}
	ck_assert_int_eq(err, 0);
	ck_assert_ptr_null(find_task_by_pid(m, big_pid));
	ck_assert(logged_any_time(m, line));
	ck_logged(m, "small invoked oom-killer: gfp_mask=0x100dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), "
		     "order=0, oom_score_adj=0");
	ck_logged(m, " __alloc_pages_may_oom\n<4>  __alloc_pages_slowpath\n<4>  access_range\n");
	ck_assert_int_eq(m->vm_events[OOM_KILL], 1);
	ck_assert_int_eq(m->oom.victims, 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * The grower is the biggest: it is the victim, stops at the fault that
 * chose it, and dies on its way back to user space: wait says 137.
 */
START_TEST(test_fault_kills_self)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *hog = spawn(m, "hog", 0);
	int pid = hog->pid, status, err = 0;

	for (int i = 0; i < 100 && !err; i++)
		err = grow(m, hog, 1 << 20);
	ck_assert_int_eq(err, -EINTR);
	ck_assert_ptr_null(find_task_by_pid(m, pid));
	ck_assert_int_eq(task_exit_status(m, pid, &status), 0);
	ck_assert_int_eq(status, SIGKILL);
	ck_logged(m, "hog invoked oom-killer");
	ck_logged(m, "task=hog,pid=7,uid=0");
	ck_assert_int_eq(m->oom.victims, 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* oom_kill_allocating_task: no scan, the task that asked goes */
START_TEST(test_kill_allocating_task)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *big = spawn(m, "big", 0), *small = spawn(m, "small", 0);
	int big_pid = big->pid, small_pid = small->pid, err = 0;

	ck_assert_int_eq(grow(m, big, 30 << 20), 0);
	m->sysctl.oom_kill_allocating_task = 1;
	while (!err)
		err = grow(m, small, 1 << 20);
	ck_assert_int_eq(err, -EINTR);
	ck_assert_ptr_null(find_task_by_pid(m, small_pid));
	ck_assert_ptr_nonnull(find_task_by_pid(m, big_pid));
	ck_logged(m, "Out of memory (oom_kill_allocating_task): Killed process 8 (small)");
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* panic_on_oom 1: the header, then the panic; the machine stays readable and does nothing */
START_TEST(test_panic_on_oom)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *hog = spawn(m, "hog", 0);
	g_autofree char *uptime = NULL, *before = NULL;
	struct pfs_tree *t = pfs_tree_new(m);
	int err = 0;

	m->sysctl.panic_on_oom = 1;
	/* sysrq never panics */
	ck_assert_int_eq(handle_sysrq(m, 'm'), 0);
	ck_logged(m, "sysrq: Show Memory");
	while (!err)
		err = grow(m, hog, 1 << 20);
	ck_assert_int_eq(err, -ENOMEM);
	ck_assert(m->panicked);
	ck_logged(m, "hog invoked oom-killer");
	ck_logged(m, "Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled");
	ck_logged(m, "---[ end Kernel panic - not syncing: Out of memory: system-wide panic_on_oom "
		     "is enabled ]---");
	ck_assert(!logged(m, "Killed process"));
	/* halted: time stands still, writes fail, reads work */
	before = render(m, "proc/uptime");
	machine_advance(m, NSEC_PER_SEC);
	uptime = render(m, "proc/uptime");
	ck_assert_str_eq(uptime, before);
	ck_assert_int_eq(pfs_store(t, "sim/ctl", "spawn x", NULL), -EIO);
	ck_assert_int_eq(pfs_store(t, "proc/sys/vm/swappiness", "10", NULL), -EIO);
	ck_assert_int_eq(pfs_store(t, "proc/sysrq-trigger", "f", NULL), -EIO);
	ck_assert_int_eq(pfs_store(t, "sim/ctl", "help", NULL), 4);
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* nobody killable: the kernel's last words */
START_TEST(test_no_killable)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *hog = spawn(m, "hog", -1000);
	int err = 0;

	ck_assert_int_eq(set_oom_score_adj(m, find_task_by_pid(m, 6), -1000, true, false), 0);
	while (!err)
		err = grow(m, hog, 1 << 20);
	ck_assert_int_eq(err, -ENOMEM);
	ck_logged(m, "Out of memory and no killable processes...");
	ck_logged(m, "Kernel panic - not syncing: System is deadlocked on memory");
	ck_assert(m->panicked);
	machine_free(m);
}
END_TEST

/*
 * A victim that cannot run (D) keeps its memory: sysrq f kills it, and two
 * seconds later the reaper takes its anonymous and private memory (libc's
 * text included: a private file mapping), the shared would stay.
 * The scan meanwhile waits for it rather than kill another.
 */
START_TEST(test_reaper)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *v = spawn(m, "stuck", 0), *other = spawn(m, "other", 0);
	struct oom_control oc = { .gfp_mask = GFP_KERNEL, .order = 0 };
	unsigned long free_before;
	int pid = v->pid;
	g_autofree char *line = NULL;

	ck_assert_int_eq(grow(m, v, 8 << 20), 0);
	set_task_state(m, v, TASK_UNINTERRUPTIBLE);
	ck_assert_int_eq(handle_sysrq(m, 'f'), 0);
	ck_assert_ptr_eq(find_task_by_pid(m, pid), v);
	ck_assert(v->oom_victim && fatal_signal_pending(v));
	/* a real allocation's OOM waits for the victim: no second kill */
	ck_assert(out_of_memory(m, &oc));
	ck_assert_ptr_eq(oc.chosen, OOM_SCAN_ABORT);
	ck_assert_ptr_nonnull(find_task_by_pid(m, other->pid));
	free_before = nr_free(m);
	machine_advance(m, 1999 * NSEC_PER_MSEC);
	ck_assert(!logged(m, "oom_reaper"));
	machine_advance(m, NSEC_PER_MSEC);
	line = g_strdup_printf("oom_reaper: reaped process %d (stuck), now anon-rss:0kB, "
			       "file-rss:0kB, shmem-rss:0kB", pid);
	ck_logged(m, line);
	ck_assert_uint_gt(nr_free(m), free_before + 2000);
	ck_assert(v->mm->flags & MMF_OOM_SKIP);
	/* reaped: the OOM killer may pick another now */
	ck_assert_int_eq(badness(m, v) > LONG_MIN, 1);
	ck_assert_int_eq(oom_badness(m, v, 1000), LONG_MIN);
	ck_machine_ok(m);
	/* its wait ends and it dies */
	set_task_state(m, v, TASK_RUNNING);
	ck_assert(exit_to_user_mode(m, v));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* sysrq-trigger: one key, or '_' and many; keys the simulation cannot honour change nothing */
START_TEST(test_sysrq_trigger)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);

	ck_assert_int_eq(grow(m, spawn(m, "hog", 0), 4 << 20), 0);
	ck_assert_int_eq(pfs_store(t, "proc/sysrq-trigger", "b", NULL), -EINVAL);
	ck_assert_int_eq(pfs_store(t, "proc/sysrq-trigger", "_mb", NULL), -EINVAL);
	ck_assert(!logged(m, "sysrq: Show Memory"));
	ck_assert_int_eq(pfs_store(t, "proc/sysrq-trigger", "h\n", NULL), 2);
	ck_logged(m, "sysrq: HELP : loglevel(0-9) reboot(b) crash(c) show-all-locks(d) "
		     "terminate-all-tasks(e) memory-full-oom-kill(f) kill-all-tasks(i) "
		     "thaw-filesystems(j) sak(k) show-backtrace-all-active-cpus(l) show-memory-usage(m) "
		     "nice-all-RT-tasks(n) poweroff(o) show-registers(p) show-all-timers(q) unraw(r) "
		     "sync(s) show-task-states(t) unmount(u) force-fb(v) show-blocked-tasks(w) "
		     "dump-ftrace-buffer(z) replay-kernel-logs(R) ");
	ck_assert_int_eq(pfs_store(t, "proc/sysrq-trigger", "_m_f", NULL), 4);
	ck_logged(m, "sysrq: Show Memory");
	ck_logged(m, "Out of memory: Killed process 7 (hog)");
	/* nothing left to kill: sysrq never panics */
	for (GList *l = task_list(m); l; l = l->next) {
		struct task_struct *p = l->data;

		if (!task_unkillable(p))
			ck_assert_int_eq(set_oom_score_adj(m, p, -1000, true, false), 0);
	}
	ck_assert_int_eq(pfs_store(t, "proc/sysrq-trigger", "f", NULL), 1);
	ck_logged(m, "sysrq: OOM request ignored. No task eligible");
	ck_assert(!m->panicked);
	ck_assert_int_eq(pfs_store(t, "proc/sysrq-trigger", "c", NULL), 1);
	ck_logged(m, "Kernel panic - not syncing: sysrq triggered crash");
	ck_assert(m->panicked);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

static Suite *oom_suite(void)
{
	Suite *s = suite_create("oom");
	TCase *tc = tcase_create("oom");

	tcase_add_test(tc, test_victim_choice);
	tcase_add_test(tc, test_report);
	tcase_add_test(tc, test_dump_tasks_off);
	tcase_add_test(tc, test_fault_kills_other);
	tcase_add_test(tc, test_fault_kills_self);
	tcase_add_test(tc, test_kill_allocating_task);
	tcase_add_test(tc, test_panic_on_oom);
	tcase_add_test(tc, test_no_killable);
	tcase_add_test(tc, test_reaper);
	tcase_add_test(tc, test_sysrq_trigger);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(oom_suite());
}
