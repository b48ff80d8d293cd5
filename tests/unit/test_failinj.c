// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection users drive: the debugfs files with the kernel's defaults
 * and parsing, should_fail_ex's checks in order (probability, task-filter,
 * times, space, interval, the seeded probability), each capability's
 * filters, the FAULT_INJECTION report with its ratelimit and call trace,
 * make-it-fail and the slab failslab flag, and every ctl verb failed at each
 * allocation in turn giving back all it took. machine_check() after each.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/slab.h"
#include "mm/task.h"
#include "mm/vmalloc.h"
#include "procfs/ctl.h"
#include "procfs/tree.h"
#include "testutil.h"

#define SZ_1M	((uint64_t)1 << 20)
#define FPA	"sys/kernel/debug/fail_page_alloc/"
#define FSL	"sys/kernel/debug/failslab/"

static ssize_t store(struct pfs_tree *t, const char *path, const char *s)
{
	g_autoptr(GString) reply = g_string_new(NULL);

	return pfs_store(t, path, s, reply);
}

static void ck_file(struct pfs_tree *t, const char *path, const char *text)
{
	g_autoptr(GString) out = g_string_new(NULL);

	ck_assert_int_eq(pfs_render(t, path, out), 0);
	ck_assert_msg(!strcmp(out->str, text), "%s: '%s', expected '%s'", path, out->str, text);
}

static int run(struct machine *m, const char *cmd)
{
	g_autoptr(GString) reply = g_string_new(NULL);

	return ctl_execute(m, cmd, strlen(cmd), 0, 0, reply);
}

/* Run @cmd, which must succeed; the address its reply starts with. */
static uint64_t run_addr(struct machine *m, const char *cmd)
{
	g_autoptr(GString) reply = g_string_new(NULL);

	ck_assert_int_eq(ctl_execute(m, cmd, strlen(cmd), 0, 0, reply), 0);
	return g_ascii_strtoull(reply->str, NULL, 16);
}

static unsigned int count_in_log(struct machine *m, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = test_log_text(m); (p = strstr(p, needle)); p++)
		n++;
	return n;
}

START_TEST(test_defaults)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);
	static const char *const common[][2] = {
		{ "probability", "0\n" }, { "interval", "1\n" }, { "times", "1\n" },
		{ "space", "0\n" }, { "verbose", "2\n" }, { "verbose_ratelimit_interval_ms", "0\n" },
		{ "verbose_ratelimit_burst", "10\n" }, { "task-filter", "N\n" },
		{ "ignore-gfp-wait", "Y\n" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(common); i++) {
		g_autofree char *a = g_strconcat(FPA, common[i][0], NULL);
		g_autofree char *b = g_strconcat(FSL, common[i][0], NULL);

		ck_file(t, a, common[i][1]);
		ck_file(t, b, common[i][1]);
	}
	ck_file(t, FPA "ignore-gfp-highmem", "Y\n");
	ck_file(t, FPA "min-order", "1\n");
	ck_file(t, FSL "cache-filter", "N\n");
	/* each file only where the kernel makes it */
	ck_assert_ptr_null(pfs_resolve(t, FSL "min-order"));
	ck_assert_ptr_null(pfs_resolve(t, FSL "ignore-gfp-highmem"));
	ck_assert_ptr_null(pfs_resolve(t, FPA "cache-filter"));
	ck_assert_uint_eq(pfs_resolve(t, "sys/kernel/debug")->mode, S_IFDIR | 0700);
	ck_assert_uint_eq(pfs_resolve(t, "sys/kernel/debug/failslab")->mode, S_IFDIR | 0755);
	ck_assert_uint_eq(pfs_resolve(t, "sys/kernel")->mode, S_IFDIR | 0755);
	ck_assert_uint_eq(pfs_resolve(t, FPA "probability")->mode, S_IFREG | 0600);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* simple_attr_write: 23 bytes, kstrtoull/kstrtoll base 0; bools ignore junk */
START_TEST(test_parsing)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);

	ck_assert_int_eq(store(t, FPA "probability", "0x10\n"), 5);
	ck_file(t, FPA "probability", "16\n");
	ck_assert_int_eq(store(t, FPA "probability", "010"), 3);	/* octal */
	ck_file(t, FPA "probability", "8\n");
	ck_assert_int_eq(store(t, FPA "probability", "+7"), 2);
	ck_file(t, FPA "probability", "7\n");
	ck_assert_int_eq(store(t, FPA "probability", "-1"), -EINVAL);
	ck_assert_int_eq(store(t, FPA "probability", " 5"), -EINVAL);
	ck_assert_int_eq(store(t, FPA "probability", "5 "), -EINVAL);
	ck_assert_int_eq(store(t, FPA "probability", "5\n\n"), -EINVAL);
	ck_assert_int_eq(store(t, FPA "probability", "08"), -EINVAL);
	ck_assert_int_eq(store(t, FPA "probability", "18446744073709551616"), -ERANGE);
	ck_file(t, FPA "probability", "7\n");	/* refused writes change nothing */
	ck_assert_int_eq(store(t, FPA "interval", "18446744073709551615"), 20);
	ck_file(t, FPA "interval", "18446744073709551615\n");
	/* only 23 bytes are read: the rest is claimed written but never seen */
	ck_assert_int_eq(store(t, FPA "interval", "00000000000000000000012345"), 26);
	ck_file(t, FPA "interval", "10\n");	/* 21 zeros and "12": octal 012 */
	/* atomic_t: signed, then truncated to an int */
	ck_assert_int_eq(store(t, FPA "times", "-1"), 2);
	ck_file(t, FPA "times", "-1\n");
	ck_assert_int_eq(store(t, FPA "times", "4294967297"), 10);
	ck_file(t, FPA "times", "1\n");
	ck_assert_int_eq(store(t, FPA "space", "-9223372036854775809"), -ERANGE);
	ck_assert_int_eq(store(t, FPA "space", "2147483648"), 10);
	ck_file(t, FPA "space", "-2147483648\n");
	/* u32: unsigned, truncated to 32 bits */
	ck_assert_int_eq(store(t, FPA "min-order", "4294967296"), 10);
	ck_file(t, FPA "min-order", "0\n");
	ck_assert_int_eq(store(t, FPA "verbose_ratelimit_burst", "-1"), -EINVAL);
	/* bools: kstrtobool of the first 3 bytes; junk is ignored yet written */
	ck_assert_int_eq(store(t, FSL "task-filter", "yes please"), 10);
	ck_file(t, FSL "task-filter", "Y\n");
	ck_assert_int_eq(store(t, FSL "task-filter", "maybe"), 5);
	ck_file(t, FSL "task-filter", "Y\n");
	ck_assert_int_eq(store(t, FSL "task-filter", "off"), 3);
	ck_file(t, FSL "task-filter", "N\n");
	ck_assert_int_eq(store(t, FSL "task-filter", "on"), 2);
	ck_file(t, FSL "task-filter", "Y\n");
	ck_assert_int_eq(store(t, FSL "task-filter", "disable"), 7);
	ck_file(t, FSL "task-filter", "N\n");
	ck_assert_int_eq(store(t, FSL "ignore-gfp-wait", "0"), 1);
	ck_file(t, FSL "ignore-gfp-wait", "N\n");
	ck_file(t, FPA "ignore-gfp-wait", "Y\n");	/* each capability its own */
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* Set an attribute through its files, as a test script does. */
static void arm(struct pfs_tree *t, const char *dir, const char *prob, const char *interval,
		const char *times, const char *space, const char *verbose)
{
	const char *files[] = { "probability", "interval", "times", "space", "verbose" };
	const char *vals[] = { prob, interval, times, space, verbose };

	for (int i = 0; i < 5; i++) {
		g_autofree char *path = g_strconcat(dir, files[i], NULL);

		ck_assert_int_eq(store(t, path, vals[i]), (ssize_t)strlen(vals[i]));
	}
}

static int page(struct machine *m, gfp_t gfp, unsigned int order)
{
	unsigned long pfn;
	int err = alloc_pages_node(m, -1, gfp, order, &pfn);

	if (!err)
		__free_pages(m, pfn, order);
	ck_machine_ok(m);
	return err;
}

/* interval counts only the calls that pass the filters; times runs out */
START_TEST(test_interval_times_filters)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);
	unsigned long free = nr_free(m);

	arm(t, FPA, "100", "3", "2", "0", "0");
	/* filtered calls do not count: order 0, sleeping, highmem, NOFAIL */
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(page(m, GFP_ATOMIC, 0), 0);
		ck_assert_int_eq(page(m, GFP_KERNEL, 1), 0);
		ck_assert_int_eq(page(m, GFP_ATOMIC | __GFP_HIGHMEM, 1), 0);
		ck_assert_int_eq(page(m, GFP_ATOMIC | __GFP_NOFAIL, 1), 0);
	}
	ck_assert_uint_eq(m->fail_page_alloc.attr.count, 0);
	/* every third eligible call fails, twice */
	for (int i = 1; i <= 9; i++)
		ck_assert_int_eq(page(m, GFP_ATOMIC, 1), i == 3 || i == 6 ? -ENOMEM : 0);
	ck_file(t, FPA "times", "0\n");
	/* times 0: no call counts any more */
	ck_assert_uint_eq(m->fail_page_alloc.attr.count, 6);
	ck_assert_int_eq(store(t, FPA "min-order", "0"), 1);
	ck_assert_int_eq(store(t, FPA "ignore-gfp-wait", "N"), 1);
	ck_assert_int_eq(store(t, FPA "ignore-gfp-highmem", "N"), 1);
	ck_assert_int_eq(store(t, FPA "times", "-1"), 2);
	ck_assert_int_eq(store(t, FPA "interval", "1"), 1);
	ck_assert_int_eq(page(m, GFP_KERNEL, 0), -ENOMEM);
	ck_assert_int_eq(page(m, GFP_HIGHUSER_MOVABLE, 0), -ENOMEM);
	ck_assert_int_eq(page(m, GFP_KERNEL | __GFP_NOFAIL, 0), 0);
	ck_file(t, FPA "times", "-1\n");	/* -1 never runs out */
	/* an injected failure is no real one: no warn_alloc, no Mem-Info */
	ck_assert(!logged(m, "page allocation failure"));
	ck_assert(!logged(m, "Mem-Info"));
	ck_assert_int_eq(store(t, FPA "probability", "0"), 1);
	ck_assert_uint_eq(nr_free(m), free);
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* space is used up before anything fails, by the pages each call asks */
START_TEST(test_space)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);

	arm(t, FPA, "100", "1", "1", "5", "0");
	ck_assert_int_eq(page(m, GFP_ATOMIC, 1), 0);	/* 5 > 2: 3 left */
	ck_file(t, FPA "space", "3\n");
	ck_assert_int_eq(page(m, GFP_ATOMIC, 1), 0);	/* 3 > 2: 1 left */
	ck_assert_int_eq(page(m, GFP_ATOMIC, 1), -ENOMEM);	/* 1 > 2 is false */
	ck_file(t, FPA "space", "1\n");
	/* slabs count object sizes: kmalloc-64's 64 bytes */
	ck_assert_int_eq(store(t, FSL "ignore-gfp-wait", "N"), 1);
	arm(t, FSL, "100", "1", "1", "100", "0");
	ck_assert_int_eq(run(m, "kmalloc 64"), 0);
	ck_file(t, FSL "space", "36\n");
	ck_assert_int_eq(run(m, "kmalloc 64"), -ENOMEM);
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* the probability comes from the machine's seeded generator: runs repeat */
static unsigned int failures_out_of_1000(const char *prob)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);
	unsigned int n = 0;

	arm(t, FPA, prob, "1", "-1", "0", "0");
	for (int i = 0; i < 1000; i++)
		n += page(m, GFP_ATOMIC, 1) == -ENOMEM;
	pfs_tree_free(t);
	machine_free(m);
	return n;
}

START_TEST(test_probability)
{
	ck_assert_uint_eq(failures_out_of_1000("10"), 103);
	ck_assert_uint_eq(failures_out_of_1000("10"), 103);
	ck_assert_uint_eq(failures_out_of_1000("50"), 509);
	ck_assert_uint_eq(failures_out_of_1000("100"), 1000);
	ck_assert_uint_eq(failures_out_of_1000("1000"), 1000);
}
END_TEST

/* verbose 1: the two lines as one record; verbose 2: the call trace too */
START_TEST(test_verbose)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);

	arm(t, FPA, "100", "1", "3", "0", "1");
	ck_assert_int_eq(page(m, GFP_ATOMIC, 2), -ENOMEM);
	ck_logged(m, "<5> FAULT_INJECTION: forcing a failure.\nname fail_page_alloc, "
		     "interval 1, probability 100, space 0, times 3\n");
	ck_assert(!logged(m, "Call Trace:"));
	{
		g_autoptr(GString) dmesg = g_string_new(NULL);

		/* the syslog text prefixes each line of the record (record_print_text) */
		ck_assert_int_eq(pfs_render(t, "sim/dmesg", dmesg), 0);
		ck_assert_ptr_nonnull(strstr(dmesg->str,
					     "<5>[    0.000000] FAULT_INJECTION: forcing a failure.\n"
					     "<5>[    0.000000] name fail_page_alloc, interval 1, "
					     "probability 100, space 0, times 3\n"));
	}
	ck_assert_int_eq(store(t, FPA "verbose", "2"), 1);
	ck_assert_int_eq(page(m, GFP_ATOMIC, 2), -ENOMEM);
	ck_logged(m, "times 2\n<4> CPU: 0 UID: 0 PID: 0 Comm: mmsimctl Not tainted 6.18.0 #1 PREEMPT(voluntary) \n"
		     "<4> Call Trace:\n<4>  <TASK>\n<4>  dump_stack_lvl\n<4>  should_fail_ex\n"
		     "<4>  should_fail_alloc_page\n<4>  __alloc_frozen_pages_noprof\n"
		     "<4>  __alloc_pages_noprof\n<4>  </TASK>\n");
	/* __GFP_NOWARN: fails in silence */
	ck_assert_int_eq(page(m, GFP_ATOMIC | __GFP_NOWARN, 2), -ENOMEM);
	ck_assert_uint_eq(count_in_log(m, "FAULT_INJECTION"), 2);
	ck_file(t, FPA "times", "0\n");
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* verbose 2's trace names the engine functions the failed allocation was made in */
START_TEST(test_call_trace)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);
	struct spawn_args a = { .comm = "app", .uid = 1000 };
	int pid = task_spawn(m, &a);
	g_autofree char *fork = g_strdup_printf("fork %d", pid);
	g_autofree char *line = NULL;
	struct task_struct *p = find_task_by_pid(m, pid);

	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(store(t, FSL "ignore-gfp-wait", "N"), 1);
	arm(t, FSL, "100", "1", "2", "0", "2");
	ck_assert_int_eq(run(m, "kmalloc 64"), -ENOMEM);
	ck_logged(m, "<4>  should_failslab\n<4>  kmem_cache_alloc_node_noprof\n<4>  wb_kmalloc\n"
		     "<4>  </TASK>\n");
	/* a task's fork: its task_struct is the first object */
	ck_assert_int_eq(run(m, fork), -ENOMEM);
	line = g_strdup_printf("<4> CPU: %d UID: 1000 PID: %d Comm: app Not tainted 6.18.0 #1 PREEMPT(voluntary) \n", p->cpu, pid);
	ck_logged(m, line);
	ck_logged(m, "<4>  should_failslab\n<4>  kmem_cache_alloc_node_noprof\n<4>  copy_process\n"
		     "<4>  task_fork\n<4>  </TASK>\n");
	ck_assert_int_eq(m->frames.depth, 0);
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* verbose_ratelimit_*: burst reports per interval (jiffies, HZ 1000) */
START_TEST(test_ratelimit)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);

	arm(t, FPA, "100", "1", "-1", "0", "1");
	ck_assert_int_eq(store(t, FPA "verbose_ratelimit_interval_ms", "1000"), 4);
	ck_assert_int_eq(store(t, FPA "verbose_ratelimit_burst", "2"), 1);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(page(m, GFP_ATOMIC, 1), -ENOMEM);
	ck_assert_uint_eq(count_in_log(m, "FAULT_INJECTION"), 2);
	ck_assert_int_eq(run(m, "tick 1s"), 0);
	ck_assert_int_eq(page(m, GFP_ATOMIC, 1), -ENOMEM);
	ck_logged(m, "<4> fail_dump: 3 callbacks suppressed\n<5> FAULT_INJECTION");
	ck_assert_uint_eq(count_in_log(m, "FAULT_INJECTION"), 3);
	/* a zero burst with an interval reports nothing */
	ck_assert_int_eq(store(t, FPA "verbose_ratelimit_burst", "0"), 1);
	ck_assert_int_eq(page(m, GFP_ATOMIC, 1), -ENOMEM);
	ck_assert_uint_eq(count_in_log(m, "FAULT_INJECTION"), 3);
	/* a zero interval never limits */
	ck_assert_int_eq(store(t, FPA "verbose_ratelimit_interval_ms", "0"), 1);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(page(m, GFP_ATOMIC, 1), -ENOMEM);
	ck_assert_uint_eq(count_in_log(m, "FAULT_INJECTION"), 6);
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* task-filter: only tasks whose make-it-fail is 1; forks inherit it */
START_TEST(test_task_filter)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);
	struct spawn_args a = { .comm = "app" };
	int pid = task_spawn(m, &a), child;
	unsigned long tasks;
	g_autofree char *mif = g_strdup_printf("proc/%d/make-it-fail", pid);
	g_autofree char *fork = g_strdup_printf("fork %d", pid);
	g_autoptr(GString) reply = g_string_new(NULL);
	struct pfs_node *node = pfs_resolve(t, mif);
	struct pfs_open *of;

	ck_assert_int_gt(pid, 0);
	ck_file(t, mif, "0\n");
	ck_assert_uint_eq(node->mode, S_IFREG | 0644);
	/* make-it-fail: root only (CAP_SYS_RESOURCE), 0 or 1, the oom files' parsing */
	ck_assert_int_eq(pfs_open(t, node, O_WRONLY, 1000, 1000, &of), 0);
	ck_assert_int_eq(pfs_write(t, of, 0, "1", 1), -EPERM);
	pfs_release(of);
	ck_assert_int_eq(store(t, mif, "2"), -EINVAL);
	ck_assert_int_eq(store(t, mif, "-1"), -EINVAL);
	ck_assert_int_eq(store(t, mif, "x"), -EINVAL);
	ck_assert_int_eq(store(t, mif, " 0x1 \n"), 6);
	ck_file(t, mif, "1\n");

	ck_assert_int_eq(store(t, FSL "ignore-gfp-wait", "N"), 1);
	ck_assert_int_eq(store(t, FSL "task-filter", "Y"), 1);
	arm(t, FSL, "100", "1", "-1", "0", "0");
	/* sim/ctl acts for no task: nothing fails */
	ck_assert_int_eq(run(m, "kmalloc 64"), 0);
	/* the flagged task's fork fails at its first allocation and gives it all back */
	tasks = nr_tasks(m);
	ck_assert_int_eq(run(m, fork), -ENOMEM);
	ck_assert_uint_eq(nr_tasks(m), tasks);
	ck_machine_ok(m);
	ck_assert_int_eq(store(t, FSL "probability", "0"), 1);
	child = task_fork(m, find_task_by_pid(m, pid));
	ck_assert_int_gt(child, 0);
	ck_machine_ok(m);
	ck_assert_int_eq(find_task_by_pid(m, child)->make_it_fail, 1);	/* dup_task_struct */
	ck_assert_int_eq(store(t, mif, "0"), 1);
	ck_assert_int_eq(store(t, FSL "probability", "100"), 3);
	ck_assert_int_eq(run(m, fork), 0);
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* cache-filter: only caches whose failslab file is 1; kmem_cache itself never */
START_TEST(test_cache_filter)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);
	struct kmem_cache *s = kmem_cache_find(m, "kmalloc-64");

	ck_file(t, "sys/kernel/slab/kmalloc-64/failslab", "0\n");
	ck_assert_uint_eq(pfs_resolve(t, "sys/kernel/slab/kmalloc-64/failslab")->mode,
			  S_IFREG | 0600);
	ck_assert_int_eq(store(t, FSL "ignore-gfp-wait", "N"), 1);
	ck_assert_int_eq(store(t, FSL "cache-filter", "Y"), 1);
	arm(t, FSL, "100", "1", "-1", "0", "0");
	ck_assert_int_eq(run(m, "kmalloc 64"), 0);
	ck_assert_int_eq(store(t, "sys/kernel/slab/kmalloc-64/failslab", "1\n"), 2);
	ck_file(t, "sys/kernel/slab/kmalloc-64/failslab", "1\n");
	ck_assert(s->flags & SLAB_FAILSLAB);
	ck_assert_int_eq(run(m, "kmalloc 64"), -ENOMEM);
	ck_assert_int_eq(run(m, "kmalloc 128"), 0);
	/* anything but a leading '1' clears it */
	ck_assert_int_eq(store(t, "sys/kernel/slab/kmalloc-64/failslab", "yes"), 3);
	ck_file(t, "sys/kernel/slab/kmalloc-64/failslab", "0\n");
	/* the bootstrap cache is exempt whatever the filters say */
	ck_assert_int_eq(store(t, FSL "cache-filter", "N"), 1);
	ck_assert_int_eq(run(m, "kmem_cache_create fi_obj 100"), -ENOMEM);
	ck_assert_ptr_null(kmem_cache_find(m, "fi_obj"));
	ck_assert_int_eq(should_failslab(m, m->slab->kmem_cache, GFP_ATOMIC), 0);
	ck_assert_int_eq(should_failslab(m, s, GFP_ATOMIC), -ENOMEM);
	/* an alias (refcount above 1) refuses the flag */
	s->refcount = 2;
	ck_assert_int_eq(store(t, "sys/kernel/slab/kmalloc-64/failslab", "1"), -EINVAL);
	s->refcount = 1;
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* What a failed command could leave behind. */
struct held {
	/*
	 * Free pages and those a counter owns: empty slabs, cached files and
	 * the pages a touch faulted in before the failure may stay, as in the
	 * kernel; a page no counter owns has leaked.
	 */
	unsigned long pages;
	/*
	 * Slab objects in use but the VMAs: a failed mprotect or mlock keeps
	 * the splits it made before the failure, as the kernel's do.
	 */
	long objects;
	unsigned long large;		/* large kmallocs */
	unsigned long vmalloc;
	unsigned long tasks;
	unsigned long committed;
};

static struct held held(struct machine *m)
{
	struct held h = {
		.pages = nr_free(m) + global_node_page_state(m, NR_FILE_PAGES) +
			 global_node_page_state(m, NR_ANON_MAPPED) +
			 global_node_page_state(m, NR_PAGETABLE) +
			 (global_node_page_state(m, NR_SLAB_RECLAIMABLE_B) +
			  global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B)) / PAGE_SIZE,
		.large = g_hash_table_size(m->slab->large),
		.vmalloc = vmalloc_nr_pages(m),
		.tasks = nr_tasks(m),
		.committed = vm_memory_committed(m),
	};

	for (GList *l = slab_caches(m); l; l = l->next)
		h.objects += (long)((struct kmem_cache *)l->data)->nr_inuse;
	for (GList *l = task_list(m); l; l = l->next) {
		const struct task_struct *p = l->data;

		if (p->mm)
			h.objects -= p->mm->map_count;
	}
	return h;
}

static void ck_held(struct machine *m, const struct held *want, const char *cmd, unsigned long n)
{
	struct held h = held(m);

	ck_assert_msg(h.pages == want->pages && h.objects == want->objects &&
		      h.large == want->large && h.vmalloc == want->vmalloc &&
		      h.tasks == want->tasks && h.committed == want->committed,
		      "'%s' failed at allocation %lu and kept: pages %lu/%lu objects %ld/%ld "
		      "large %lu/%lu vmalloc %lu/%lu tasks %lu/%lu committed %lu/%lu", cmd, n,
		      h.pages, want->pages, h.objects, want->objects, h.large, want->large,
		      h.vmalloc, want->vmalloc, h.tasks, want->tasks, h.committed, want->committed);
}

/*
 * fail-nth: the task's n-th call that reaches should_fail_ex fails, before
 * and whatever the attribute's own settings; a fork fails at each of its
 * allocations in turn and gives everything back
 */
START_TEST(test_fail_nth)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = pfs_tree_new(m);
	struct spawn_args a = { .comm = "app" };
	int pid = task_spawn(m, &a);
	g_autofree char *nth = g_strdup_printf("proc/%d/task/%d/fail-nth", pid, pid);
	g_autofree char *fork = g_strdup_printf("fork %d", pid);
	unsigned long tasks = nr_tasks(m), n;

	ck_assert_int_gt(pid, 0);
	ck_file(t, nth, "0\n");
	ck_assert_uint_eq(pfs_resolve(t, nth)->mode, S_IFREG | 0644);
	/* kstrtouint_from_user: base 0, 34 bytes, an unsigned int */
	ck_assert_int_eq(store(t, nth, "-1"), -EINVAL);
	ck_assert_int_eq(store(t, nth, "4294967296"), -ERANGE);
	ck_assert_int_eq(store(t, nth, " 1"), -EINVAL);
	ck_assert_int_eq(store(t, nth, "0x10\n"), 5);
	ck_file(t, nth, "16\n");
	ck_assert_int_eq(store(t, nth, "0"), 1);
	/* sleeping slab allocations reach should_fail_ex once ignore-gfp-wait is off */
	ck_assert_int_eq(store(t, FSL "ignore-gfp-wait", "N"), 1);
	for (n = 1;; n++) {
		struct held before = held(m);
		g_autofree char *v = g_strdup_printf("%lu", n);
		int err;

		ck_assert_int_eq(store(t, nth, v), (ssize_t)strlen(v));
		err = run(m, fork);
		ck_machine_ok(m);
		if (!err)
			break;
		ck_assert_int_eq(err, -ENOMEM);
		ck_file(t, nth, "0\n");	/* 0: the failure was injected */
		ck_held(m, &before, fork, n);
		ck_assert_uint_eq(nr_tasks(m), tasks);
	}
	/* fork's 29 slab objects (the child's VMAs among them); the 30th call never came */
	ck_assert_uint_eq(n, 30);
	ck_file(t, nth, "1\n");
	ck_assert_uint_eq(nr_tasks(m), tasks + 1);
	/* the probability is 0 and times 1: fail-nth goes first; the child starts at 0 */
	ck_assert_int_eq(store(t, nth, "1"), 1);
	ck_assert_int_eq(run(m, "kmalloc 64"), 0);	/* sim/ctl acts for no task */
	ck_assert_int_eq(run(m, fork), -ENOMEM);
	ck_file(t, FSL "times", "0\n");
	ck_assert(logged(m, "FAULT_INJECTION: forcing a failure.\nname failslab, interval 1, "
			    "probability 0, space 0, times 1"));
	ck_machine_ok(m);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/*
 * Fail the n-th page allocation and the n-th slab allocation of @cmd, for
 * n = 1, 2, ... until it succeeds: each failure is the command's own ENOMEM
 * and gives back everything. Returns the n of the last failure: how many
 * allocations of the more frequent kind the command makes (for a touch,
 * which keeps the pages it faulted in, the attempt that needed the most).
 */
static unsigned long fail_each(struct machine *m, const char *cmd)
{
	unsigned long n;
	int err;

	for (n = 1;; n++) {
		struct held before = held(m);

		/* debugfs cannot reset the count: the engine's helper does */
		fault_attr_set(&m->fail_page_alloc.attr, n, 1);
		fault_attr_set(&m->failslab.attr, n, 1);
		err = run(m, cmd);
		ck_machine_ok(m);
		if (!err)
			break;
		ck_assert_msg(err == -ENOMEM, "'%s' at %lu: %d", cmd, n, err);
		ck_held(m, &before, cmd, n);
		ck_assert_msg(n < 1000, "'%s' never succeeds", cmd);
	}
	fault_attr_set(&m->fail_page_alloc.attr, 1, 0);
	fault_attr_set(&m->failslab.attr, 1, 0);
	return n - 1;
}

START_TEST(test_every_verb_gives_back)
{
	struct machine *m = boot_preset("default");
	struct pfs_tree *t = pfs_tree_new(m);
	static const char *const unfiltered[][2] = {
		{ FPA, "ignore-gfp-wait" },
		{ FPA, "ignore-gfp-highmem" },
		{ FSL, "ignore-gfp-wait" },
	};
	struct spawn_args a = { .comm = "app" };
	struct {
		const char *cmd;
		unsigned long allocations;
	} verbs[] = {
		{ "alloc_pages order=3", 1 },
		{ "kmalloc 64", 1 },
		{ "kzalloc 100000", 1 },	/* a large kmalloc: the page allocator */
		{ "kmalloc_array 4 32", 1 },
		{ "kcalloc 4 32", 1 },
		{ "kmem_cache_create fi_obj 200", 1 },	/* kmem_cache_node; kmem_cache is exempt */
		{ "kmem_cache_alloc fi_obj", 1 },
		{ "vmalloc 64K", 16 },		/* one page at a time */
		{ "vzalloc 8K", 2 },
		/* the failed kmalloc attempt (NOWARN) falls back to vmalloc, which succeeds */
		{ "kvmalloc 3M", 0 },
		{ "spawn fi_task", 36 },
		{ NULL, 0 },
	};
	g_autofree char *fork = NULL, *mmap = NULL, *touch = NULL, *cmd = NULL;
	uint64_t addr;
	int pid;

	for (size_t i = 0; i < G_N_ELEMENTS(unfiltered); i++) {
		g_autofree char *path = g_strconcat(unfiltered[i][0], unfiltered[i][1], NULL);

		ck_assert_int_eq(store(t, path, "N"), 1);
	}
	ck_assert_int_eq(store(t, FPA "min-order", "0"), 1);
	for (int i = 0; verbs[i].cmd; i++)
		ck_assert_msg(fail_each(m, verbs[i].cmd) == verbs[i].allocations, "%s",
			      verbs[i].cmd);
	pid = task_spawn(m, &a);
	ck_assert_int_gt(pid, 0);
	fork = g_strdup_printf("fork %d", pid);
	mmap = g_strdup_printf("mmap %d 1M name=fi_map", pid);
	touch = g_strdup_printf("touch %d fi_map 1M write", pid);
	ck_assert_uint_eq(fail_each(m, fork), 29);
	ck_assert_uint_eq(fail_each(m, mmap), 1);	/* the VMA */
	ck_assert_uint_eq(fail_each(m, touch), 23);
	/* the calls that split VMAs or charge memory */
	cmd = g_strdup_printf("mmap %d 4M", pid);
	addr = run_addr(m, cmd);
	g_free(cmd);
	cmd = g_strdup_printf("mprotect %d %#" G_GINT64_MODIFIER "x 1M r", pid, addr + SZ_1M);
	ck_assert_uint_eq(fail_each(m, cmd), 2);	/* two splits: a VMA each */
	g_free(cmd);
	cmd = g_strdup_printf("mlock %d %#" G_GINT64_MODIFIER "x 4K", pid, addr + 3 * SZ_1M);
	ck_assert_uint_eq(fail_each(m, cmd), 2);	/* two splits, and the page it faults in */
	g_free(cmd);
	cmd = g_strdup_printf("munmap %d %#" G_GINT64_MODIFIER "x 4K", pid, addr + 8192);
	ck_assert_uint_eq(fail_each(m, cmd), 2);	/* the hole's two splits */
	g_free(cmd);
	cmd = g_strdup_printf("brk %d +1M", pid);
	ck_assert_uint_eq(fail_each(m, cmd), 0);	/* the heap's VMA grows: no allocation */
	g_free(cmd);
	addr = run_addr(m, "kmalloc 64");
	cmd = g_strdup_printf("krealloc %#" G_GINT64_MODIFIER "x 2000", addr);
	ck_assert_uint_eq(fail_each(m, cmd), 1);	/* kmalloc-2k's object */
	/* the file calls: a write is cut short at the first page it cannot get, a read too */
	ck_assert_uint_eq(fail_each(m, "create /fi_file 0"), 0);
	g_free(cmd);
	cmd = g_strdup_printf("write %d /fi_file 0 64K", pid);
	ck_assert_uint_eq(fail_each(m, cmd), 1);	/* the first page, then a short write */
	g_free(cmd);
	cmd = g_strdup_printf("write %d /fi_file 0 64K direct", pid);
	ck_assert_uint_eq(fail_each(m, cmd), 0);	/* no page: the cache is written and dropped */
	ck_assert_uint_eq(fail_each(m, "create /fi_read 1M"), 0);
	g_free(cmd);
	cmd = g_strdup_printf("read %d /fi_read 0 64K", pid);
	ck_assert_uint_eq(fail_each(m, cmd), 0);	/* readahead gives up; the one page it needs comes */
	g_free(cmd);
	cmd = g_strdup_printf("fadvise %d /fi_read 0 0 willneed", pid);
	ck_assert_uint_eq(fail_each(m, cmd), 0);	/* best effort */
	g_free(cmd);
	cmd = g_strdup_printf("fsync %d /fi_file", pid);
	ck_assert_uint_eq(fail_each(m, cmd), 0);
	ck_assert_uint_eq(fail_each(m, "truncate /fi_file 0"), 0);
	ck_assert_uint_eq(fail_each(m, "unlink /fi_file"), 0);
	ck_assert_uint_eq(fail_each(m, "sync"), 0);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("failinj");
	TCase *tc = tcase_create("failinj");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_parsing);
	tcase_add_test(tc, test_interval_times_filters);
	tcase_add_test(tc, test_space);
	tcase_add_test(tc, test_probability);
	tcase_add_test(tc, test_verbose);
	tcase_add_test(tc, test_call_trace);
	tcase_add_test(tc, test_ratelimit);
	tcase_add_test(tc, test_task_filter);
	tcase_add_test(tc, test_cache_filter);
	tcase_add_test(tc, test_fail_nth);
	tcase_add_test(tc, test_every_verb_gives_back);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
