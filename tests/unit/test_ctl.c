// SPDX-License-Identifier: GPL-2.0
/*
 * sim/ctl commands: replies, errnos, and that refused commands change nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/task.h"
#include "procfs/ctl.h"
#include "testutil.h"

static int run(struct machine *m, const char *cmd, GString *reply)
{
	g_string_truncate(reply, 0);
	return ctl_execute(m, cmd, strlen(cmd), 0, 0, reply);
}

/* A refused command: the errno, a reason naming the verb, and no change. */
static void ck_refused(struct machine *m, const char *cmd, int err)
{
	g_autoptr(GString) reply = g_string_new(NULL);
	unsigned long free = nr_free(m);
	uint64_t now = sim_clock_now(&m->clock);
	g_autofree char *verb = g_strndup(cmd, strcspn(cmd, " "));

	ck_assert_msg(run(m, cmd, reply) == err, "'%s' should fail with %d: %s", cmd, err, reply->str);
	ck_assert_msg(g_str_has_prefix(reply->str, *verb ? verb : "ctl"), "'%s': reply '%s'", cmd,
		      reply->str);
	ck_assert_uint_eq(nr_free(m), free);
	ck_assert_uint_eq(sim_clock_now(&m->clock), now);
	ck_machine_ok(m);
}

START_TEST(test_alloc_free)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);
	unsigned long boot_free = nr_free(m);

	ck_assert_int_eq(run(m, "alloc_pages order=3 gfp=GFP_DMA count=2", r), 0);
	ck_assert_str_eq(r->str,
		"0xffff888000100000 pfn=0x100 order=3 node=0 zone=DMA migratetype=Unmovable\n"
		"0xffff888000108000 pfn=0x108 order=3 node=0 zone=DMA migratetype=Unmovable\n");
	ck_machine_ok(m);
	ck_refused(m, "free_pages 0xffff888000100000", -EINVAL);		/* order 0 given */
	ck_refused(m, "free_pages 0xffff888000100000 0xffff888000100000 order=3", -EINVAL);
	ck_refused(m, "free_pages 0xffff888000100000 0xffff888000110000 order=3", -EINVAL);
	ck_refused(m, "free_pages 0xffff888000100001 order=3", -EFAULT);
	ck_refused(m, "free_pages 0x1234 order=3", -EFAULT);
	ck_refused(m, "free_pages banana order=3", -EINVAL);
	ck_refused(m, "free_pages order=3", -EINVAL);
	ck_assert_int_eq(run(m, "free_pages 0xffff888000100000 pfn=0x108 order=3", r), 0);
	ck_assert_uint_eq(nr_free(m), boot_free);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_bad_commands)
{
	struct machine *m = boot_preset("tiny");

	ck_refused(m, "", -EINVAL);
	ck_refused(m, "   \n", -EINVAL);
	ck_refused(m, "frobnicate", -EINVAL);
	ck_refused(m, "alloc_pages order=11", -EINVAL);
	ck_refused(m, "alloc_pages order=-1", -EINVAL);
	ck_refused(m, "alloc_pages order=x", -EINVAL);
	ck_refused(m, "alloc_pages colour=blue", -EINVAL);
	ck_refused(m, "alloc_pages gfp=GFP_BOGUS", -EINVAL);
	ck_refused(m, "alloc_pages gfp=GFP_DMA|GFP_DMA32", -EINVAL);
	ck_refused(m, "alloc_pages node=1", -EINVAL);
	ck_refused(m, "alloc_pages count=0x", -EINVAL);
	ck_refused(m, "alloc_pages extra", -EINVAL);
	ck_refused(m, "tick", -EINVAL);
	ck_refused(m, "tick -1s", -EINVAL);
	ck_refused(m, "tick 5 parsecs", -EINVAL);
	ck_refused(m, "tick 5y", -EINVAL);
	ck_refused(m, "a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4 5 6 7 8", -E2BIG);
	machine_free(m);
}
END_TEST

START_TEST(test_alloc_failure_keeps_what_it_got)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);

	/* DMA holds three order-10 blocks; the fourth request fails */
	ck_assert_int_eq(run(m, "alloc_pages order=10 gfp=GFP_DMA|__GFP_NOWARN count=5", r), -ENOMEM);
	ck_assert_ptr_nonnull(strstr(r->str, "alloc_pages: block 4 of 5: order-10 allocation failed\n"));
	ck_assert_uint_eq(m->vm_events[PGALLOC_DMA], 3 * 1024);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_tick_and_check)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);

	ck_assert_int_eq(run(m, "tick 1.5s", r), 0);
	ck_assert_str_eq(r->str, "1500000000\n");
	ck_assert_int_eq(run(m, "tick 250ms", r), 0);
	ck_assert_int_eq(run(m, "tick 2", r), 0);
	ck_assert_int_eq(run(m, "tick 1m", r), 0);
	ck_assert_uint_eq(sim_clock_now(&m->clock), 63750000000ULL);
	/* time stops at KTIME_MAX: a tick past it is refused, a timer beyond it never runs */
	ck_refused(m, "tick 3000000h", -ERANGE);
	ck_refused(m, "tick 1e30ns", -ERANGE);
	ck_refused(m, "tick inf", -ERANGE);
	ck_refused(m, "tick nan", -EINVAL);
	ck_assert_int_eq(run(m, "grow 1 anon 1", r), 0);
	ck_assert_int_eq(run(m, "tick 1h", r), 0);
	ck_assert_int_eq(run(m, "stop 1", r), 0);
	ck_assert_int_eq(run(m, "tick 9223368000s", r), 0);
	ck_assert_int_eq(run(m, "grow 1 anon 1", r), 0);
	ck_refused(m, "tick 400s", -ERANGE);
	ck_assert_int_eq(run(m, "tick 373s", r), 0);
	ck_assert_uint_eq(sim_clock_now(&m->clock), 9223372036750000000ULL);
	ck_assert_int_eq(run(m, "check", r), 0);
	ck_assert_str_eq(r->str, "ok\n");
	ck_assert_int_eq(run(m, "help", r), 0);
	ck_assert_ptr_nonnull(strstr(r->str, "alloc_pages [order=N]"));
	machine_free(m);
}
END_TEST

START_TEST(test_slab_verbs)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL), cmd = g_string_new(NULL);
	g_autofree char *addr = NULL;

	ck_assert_int_eq(run(m, "kmalloc 300", r), 0);
	ck_assert_msg(g_regex_match_simple("^0xffff888[0-9a-f]+ cache=kmalloc-512 size=512 waste=212 "
					   "node=0 zone=(Normal|DMA32)\n$", r->str, 0, 0), "%s", r->str);
	addr = g_strndup(r->str, strcspn(r->str, " "));
	ck_assert_int_eq(run(m, "kmem_cache_create my_obj 200 flags=SLAB_HWCACHE_ALIGN", r), 0);
	ck_assert_str_eq(r->str, "my_obj object_size=200 size=256 align=64 objects=16 order=0\n");
	ck_machine_ok(m);

	ck_refused(m, "kmem_cache_create my_obj 200", -EEXIST);
	ck_refused(m, "kmem_cache_create other 200 flags=SLAB_SHINY", -EINVAL);
	ck_refused(m, "kmem_cache_create other 200 align=3", -EINVAL);
	ck_refused(m, "kmem_cache_alloc no_such_cache", -ENOENT);
	ck_refused(m, "kmem_cache_destroy dentry", -EPERM);
	ck_refused(m, "kmalloc_array 0x100000000 0x100000000", -ENOMEM);
	ck_refused(m, "kmalloc lots", -EINVAL);
	ck_refused(m, "kfree 0x1234", -EFAULT);
	ck_refused(m, "vfree 0xffff888000400000", -EINVAL);
	g_string_printf(cmd, "kfree %s", addr);
	ck_assert_int_eq(run(m, cmd->str, r), 0);
	ck_refused(m, cmd->str, -EINVAL);	/* double free */
	ck_assert_int_eq(run(m, "kmem_cache_destroy my_obj", r), 0);
	ck_refused(m, "kmem_cache_alloc my_obj", -ENOENT);
	machine_free(m);
}
END_TEST


/* The task verbs: replies, and the kernel's errno for each kind of bad input. */
START_TEST(test_task_verbs)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);
	g_autofree char *cmd = NULL;
	unsigned int tasks = nr_tasks(m);
	struct task_struct *t;
	int pid;

	ck_assert_int_eq(run(m, "spawn db uid=999 oom_score_adj=-500 binary=/usr/sbin/db", r), 0);
	pid = atoi(r->str);
	t = find_task_by_pid(m, pid);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->uid, 999);
	ck_assert_int_eq(t->oom_score_adj, -500);
	ck_assert_str_eq(t->comm, "db");
	ck_assert_uint_eq(nr_tasks(m), tasks + 1);
	ck_machine_ok(m);
	ck_refused(m, "spawn", -EINVAL);
	ck_refused(m, "spawn a/b", -EINVAL);
	ck_refused(m, "spawn db uid=-1", -EINVAL);
	ck_refused(m, "spawn db oom_score_adj=1001", -EINVAL);
	ck_refused(m, "spawn db oom_score_adj=", -EINVAL);
	ck_refused(m, "spawn db parent=9999", -ESRCH);
	ck_refused(m, "spawn db parent=2", -ESRCH);		/* a kernel thread */
	ck_refused(m, "spawn db binary=db", -ENOENT);
	ck_refused(m, "spawn db colour=blue", -EINVAL);
	ck_refused(m, "fork 2", -EINVAL);
	ck_refused(m, "fork 9999", -ESRCH);
	ck_refused(m, "fork x", -EINVAL);
	ck_refused(m, "exit 1", -EPERM);
	cmd = g_strdup_printf("exit %d 256", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("mmap %d 1M prot=rwz", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("mmap %d 1M flags=huge", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("mmap %d 1M file=relative", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("mmap %d 1M flags=shared name=x", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("touch %d heap 1M sideways", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("touch %d nothing 4K", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("grow %d file 1M", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("grow %d anon 0", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("grow %d anon 1M/h", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("stop %d", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	/* a named mapping, touched by its name */
	cmd = g_strdup_printf("mmap %d 64K name=cache", pid);
	ck_assert_int_eq(run(m, cmd, r), 0);
	g_free(cmd);
	cmd = g_strdup_printf("touch %d cache 64K", pid);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_str_eq(r->str, "faults=16 major=0\n");
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_str_eq(r->str, "faults=0 major=0\n");
	g_free(cmd);
	/* a task dies of a bad access; init takes the SIGSEGV and lives on */
	ck_assert_int_eq(run(m, "touch 1 0x1000 4K read", r), -EFAULT);
	ck_assert_str_eq(r->str, "touch: segmentation fault: pid 1 cannot be killed and lives on (see the kernel log)\n");
	ck_assert_ptr_nonnull(find_task_by_pid(m, 1));
	ck_logged(m, "systemd[1]: segfault at 1000 ip ");
	cmd = g_strdup_printf("touch %d 0x1000 4K", pid);
	ck_assert_int_eq(run(m, cmd, r), -EFAULT);
	ck_assert_str_eq(r->str, "touch: segmentation fault: the task was killed (see the kernel log)\n");
	ck_assert_ptr_null(find_task_by_pid(m, pid));
	ck_machine_ok(m);
	g_free(cmd);
	cmd = g_strdup_printf("kill %d", pid);
	ck_refused(m, cmd, -ESRCH);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * grow: 10 MiB/s in 100 ms steps of 256 pages until 25 MiB; the clock
 * alone moves it, the same on every run, and stop ends it.
 */
START_TEST(test_grow_over_time)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	g_autofree char *cmd = NULL;
	struct task_struct *t;
	unsigned long anon, faults;
	int pid;

	ck_assert_int_eq(run(m, "spawn app", r), 0);
	pid = atoi(r->str);
	t = find_task_by_pid(m, pid);
	anon = get_mm_counter(t->mm, MM_ANONPAGES);
	faults = t->min_flt;
	cmd = g_strdup_printf("grow %d anon 10M until=25M", pid);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "tick 1s", r), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon + 2560);
	ck_assert_uint_eq(t->min_flt, faults + 2560);
	ck_assert_int_eq(run(m, "tick 10s", r), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon + 6400);
	ck_assert_ptr_null(t->workload);
	/* grow again, stop it half way */
	g_free(cmd);
	cmd = g_strdup_printf("grow %d anon 4K/s", pid);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "tick 550ms", r), 0);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon + 6400);	/* 2 KiB: no page yet */
	ck_assert_int_eq(run(m, "tick 500ms", r), 0);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon + 6401);
	g_free(cmd);
	cmd = g_strdup_printf("stop %d", pid);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "tick 10s", r), 0);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon + 6401);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* No behaviour running: a grow of 1 GiB/s steps 100 ms after its own start, 0.1 GiB at once. */
static void ck_grow_starts_own_grid(struct machine *m, int pid)
{
	struct task_struct *t = find_task_by_pid(m, pid);
	unsigned long anon = get_mm_counter(t->mm, MM_ANONPAGES);
	g_autoptr(GString) r = g_string_new(NULL);
	g_autofree char *cmd = g_strdup_printf("grow %d anon 1G", pid);

	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "tick 99ms", r), 0);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon);
	ck_assert_int_eq(run(m, "tick 1ms", r), 0);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon + 26214);	/* 0.1 GiB */
	ck_machine_ok(m);
}

/*
 * A slow grow and a fast one on the same 100 ms grid: the fast one,
 * started between steps, is credited from its start, gets its first page
 * on the grid and is not held back by the slow one's far timer; 1 B/s
 * makes a page every 4096 s. A grow after the last one stopped starts a
 * grid of its own.
 */
START_TEST(test_grow_slow_and_fast)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	g_autofree char *cmd = NULL;
	struct task_struct *a, *b;
	unsigned long anon_a, anon_b;
	int pa, pb;

	ck_assert_int_eq(run(m, "spawn slow", r), 0);
	pa = atoi(r->str);
	ck_assert_int_eq(run(m, "spawn fast", r), 0);
	pb = atoi(r->str);
	a = find_task_by_pid(m, pa);
	b = find_task_by_pid(m, pb);
	anon_a = get_mm_counter(a->mm, MM_ANONPAGES);
	anon_b = get_mm_counter(b->mm, MM_ANONPAGES);
	cmd = g_strdup_printf("grow %d anon 1", pa);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "tick 1050ms", r), 0);
	g_free(cmd);
	cmd = g_strdup_printf("grow %d anon 4K until=4M", pb);
	ck_assert_int_eq(run(m, cmd, r), 0);
	/* credited from 1.05 s exactly: its first page is due at 2.05 s, made at the step of 2.1 s */
	ck_assert_int_eq(run(m, "tick 950ms", r), 0);
	ck_assert_uint_eq(get_mm_counter(b->mm, MM_ANONPAGES), anon_b);
	ck_assert_int_eq(run(m, "tick 100ms", r), 0);
	ck_assert_uint_eq(get_mm_counter(b->mm, MM_ANONPAGES), anon_b + 1);
	ck_machine_ok(m);
	/* 4094 s: the slow one's first page is due at 4096 s */
	ck_assert_int_eq(run(m, "tick 4091900ms", r), 0);
	ck_assert_uint_eq(get_mm_counter(a->mm, MM_ANONPAGES), anon_a);
	ck_assert_uint_eq(get_mm_counter(b->mm, MM_ANONPAGES), anon_b + 1024);
	ck_assert_ptr_null(b->workload);
	ck_assert_int_eq(run(m, "tick 2s", r), 0);
	ck_assert_uint_eq(get_mm_counter(a->mm, MM_ANONPAGES), anon_a + 1);
	/* 3600002 s in all: 3600002 bytes, 878 whole pages */
	ck_assert_int_eq(run(m, "tick 3595906s", r), 0);
	ck_assert_uint_eq(get_mm_counter(a->mm, MM_ANONPAGES), anon_a + 878);
	ck_assert_ptr_nonnull(a->workload);
	ck_machine_ok(m);
	/* the last one stops; 70 ms on, a new grow steps 100 ms after its own start */
	g_free(cmd);
	cmd = g_strdup_printf("stop %d", pa);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "tick 70ms", r), 0);
	ck_grow_starts_own_grid(m, pb);
	/* the same when the last one ends with its task */
	ck_assert_int_eq(run(m, "tick 30ms", r), 0);
	g_free(cmd);
	cmd = g_strdup_printf("kill %d", pb);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_int_eq(run(m, "tick 40ms", r), 0);
	ck_assert_int_eq(run(m, "spawn late", r), 0);
	ck_grow_starts_own_grid(m, atoi(r->str));
	machine_free(m);
}
END_TEST

/* prlimit: names as prlimit(1), unlimited, the old limit back, do_prlimit's and the owner's errnos */
START_TEST(test_prlimit)
{
	struct machine *m = boot_preset("tiny");
	g_autoptr(GString) r = g_string_new(NULL);
	g_autofree char *cmd = NULL;
	struct task_struct *t;
	int pid;

	ck_assert_int_eq(run(m, "spawn app uid=1000", r), 0);
	pid = atoi(r->str);
	t = find_task_by_pid(m, pid);
	cmd = g_strdup_printf("prlimit %d stack", pid);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_str_eq(r->str, "8388608 unlimited\n");
	g_free(cmd);
	cmd = g_strdup_printf("prlimit %d as 1G unlimited", pid);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_str_eq(r->str, "unlimited unlimited\n");
	ck_assert_uint_eq(task_rlimit(t, RLIMIT_AS), 1UL << 30);
	g_free(cmd);
	cmd = g_strdup_printf("prlimit %d nofile 100 200", pid);
	ck_assert_int_eq(run(m, cmd, r), 0);
	ck_assert_str_eq(r->str, "1024 4096\n");
	ck_machine_ok(m);
	g_free(cmd);
	cmd = g_strdup_printf("prlimit %d nofile 300 200", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("prlimit %d nofile 100 2000000", pid);
	ck_refused(m, cmd, -EPERM);
	g_free(cmd);
	cmd = g_strdup_printf("prlimit %d files 1 1", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("prlimit %d nofile 1", pid);
	ck_refused(m, cmd, -EINVAL);
	g_free(cmd);
	cmd = g_strdup_printf("prlimit %d nofile lots 1", pid);
	ck_refused(m, cmd, -EINVAL);
	ck_refused(m, "prlimit 99999 nofile 1 1", -ESRCH);
	/* another uid, and raising a hard limit, need CAP_SYS_RESOURCE */
	g_free(cmd);
	cmd = g_strdup_printf("prlimit %d nofile 100 300", pid);
	g_string_truncate(r, 0);
	ck_assert_int_eq(ctl_execute(m, cmd, strlen(cmd), 1000, 1000, r), -EPERM);
	ck_assert_int_eq(ctl_execute(m, "prlimit 1 nofile 1 1", 20, 1000, 1000, r), -EPERM);
	g_string_truncate(r, 0);
	g_free(cmd);
	cmd = g_strdup_printf("prlimit %d nofile 50 150", pid);
	ck_assert_int_eq(ctl_execute(m, cmd, strlen(cmd), 1000, 1000, r), 0);
	ck_assert_uint_eq(task_rlimit_max(t, RLIMIT_NOFILE), 150);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

static Suite *ctl_suite(void)
{
	Suite *s = suite_create("ctl");
	TCase *tc = tcase_create("verbs");

	tcase_add_test(tc, test_alloc_free);
	tcase_add_test(tc, test_bad_commands);
	tcase_add_test(tc, test_alloc_failure_keeps_what_it_got);
	tcase_add_test(tc, test_tick_and_check);
	tcase_add_test(tc, test_slab_verbs);
	tcase_add_test(tc, test_task_verbs);
	tcase_add_test(tc, test_grow_over_time);
	tcase_add_test(tc, test_grow_slow_and_fast);
	tcase_add_test(tc, test_prlimit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ctl_suite());
}
