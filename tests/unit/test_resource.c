// SPDX-License-Identifier: GPL-2.0
/*
 * Resource limits: what the boot tasks start with, fork's copy,
 * do_prlimit's rules, and each limit where the engine enforces it:
 * RLIMIT_AS and RLIMIT_DATA in mmap and brk (with the one data warning),
 * RLIMIT_STACK in stack growth and exec's mmap_base, RLIMIT_MEMLOCK in
 * mlock. A refused call changes nothing; machine_check() after each step.
 */
#include <errno.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/task.h"
#include "testutil.h"

#define SZ_1M		(1ULL << 20)
#define PAGES(b)	((unsigned long)((b) >> 12))
#define ANON_RW		(MAP_PRIVATE_ | MAP_ANONYMOUS_)

static struct task_struct *spawn_from(struct machine *m, const char *comm, uid_t uid, int parent)
{
	struct spawn_args a = { .comm = comm, .uid = uid, .gid = uid, .parent = parent };
	int pid = task_spawn(m, &a);

	ck_assert_int_gt(pid, 0);
	ck_machine_ok(m);
	return find_task_by_pid(m, pid);
}

static void set_limit(struct task_struct *t, unsigned int res, unsigned long cur, unsigned long max)
{
	struct rlimit r = { cur, max };

	ck_assert_int_eq(do_prlimit(t, res, &r, NULL, true), 0);
}

static struct task_struct *by_comm(struct machine *m, const char *comm)
{
	for (GList *l = task_list(m); l; l = l->next)
		if (!strcmp(((struct task_struct *)l->data)->comm, comm))
			return l->data;
	ck_abort_msg("no %s", comm);
	return NULL;
}

START_TEST(test_boot_limits)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *init = find_task_by_pid(m, 1), *kthreadd = by_comm(m, "kthreadd");
	struct task_struct *bash = by_comm(m, "bash"), *t;
	unsigned long nproc = (unsigned long)m->sysctl.threads_max / 2;

	/* INIT_RLIMITS with fork_init's process and signal limits */
	for (struct task_struct **p = (struct task_struct *[]){ init, kthreadd, NULL }; *p; p++) {
		ck_assert_uint_eq(task_rlimit(*p, RLIMIT_STACK), 8UL << 20);
		ck_assert_uint_eq(task_rlimit_max(*p, RLIMIT_STACK), RLIM_INFINITY);
		ck_assert_uint_eq(task_rlimit(*p, RLIMIT_CORE), 0);
		ck_assert_uint_eq(task_rlimit_max(*p, RLIMIT_CORE), RLIM_INFINITY);
		ck_assert_uint_eq(task_rlimit(*p, RLIMIT_NOFILE), 1024);
		ck_assert_uint_eq(task_rlimit_max(*p, RLIMIT_NOFILE), 4096);
		ck_assert_uint_eq(task_rlimit(*p, RLIMIT_MEMLOCK), 8UL << 20);
		ck_assert_uint_eq(task_rlimit_max(*p, RLIMIT_MEMLOCK), 8UL << 20);
		ck_assert_uint_eq(task_rlimit(*p, RLIMIT_NPROC), nproc);
		ck_assert_uint_eq(task_rlimit_max(*p, RLIMIT_SIGPENDING), nproc);
		ck_assert_uint_eq(task_rlimit(*p, RLIMIT_MSGQUEUE), 819200);
		ck_assert_uint_eq(task_rlimit(*p, RLIMIT_AS), RLIM_INFINITY);
		ck_assert_uint_eq(task_rlimit_max(*p, RLIMIT_RTPRIO), 0);
	}
	ck_assert_uint_gt(nproc, 0);
	/* systemd's services and logins: nofile 1024:524288 */
	ck_assert_uint_eq(task_rlimit(bash, RLIMIT_NOFILE), 1024);
	ck_assert_uint_eq(task_rlimit_max(bash, RLIMIT_NOFILE), 524288);
	/* fork and spawn copy the parent's */
	set_limit(bash, RLIMIT_CORE, 4096, 1UL << 20);
	ck_assert_int_gt(task_fork(m, bash), 0);
	ck_machine_ok(m);
	t = spawn_from(m, "vim", 0, bash->pid);
	ck_assert_uint_eq(task_rlimit(t, RLIMIT_CORE), 4096);
	ck_assert_uint_eq(task_rlimit_max(t, RLIMIT_CORE), 1UL << 20);
	ck_assert_uint_eq(task_rlimit_max(t, RLIMIT_NOFILE), 524288);
	ck_assert_uint_eq(task_rlimit_max(spawn_from(m, "top", 0, 0), RLIMIT_NOFILE), 4096);
	machine_free(m);
}
END_TEST

START_TEST(test_prlimit_rules)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *t = spawn_from(m, "app", 1000, 0);
	struct rlimit old, r;

	/* a resource past the last, soft above hard: EINVAL */
	ck_assert_int_eq(do_prlimit(t, RLIM_NLIMITS, NULL, &old, true), -EINVAL);
	r = (struct rlimit){ 2048, 1024 };
	ck_assert_int_eq(do_prlimit(t, RLIMIT_NOFILE, &r, &old, true), -EINVAL);
	/* raising the hard limit without CAP_SYS_RESOURCE, nofile above fs.nr_open: EPERM */
	r = (struct rlimit){ 1024, 8192 };
	ck_assert_int_eq(do_prlimit(t, RLIMIT_NOFILE, &r, &old, false), -EPERM);
	r = (struct rlimit){ 1024, (1UL << 20) + 1 };
	ck_assert_int_eq(do_prlimit(t, RLIMIT_NOFILE, &r, &old, true), -EPERM);
	ck_assert_uint_eq(task_rlimit(t, RLIMIT_NOFILE), 1024);
	ck_assert_uint_eq(task_rlimit_max(t, RLIMIT_NOFILE), 4096);
	/* anyone may lower the hard limit and move the soft one below it, and reads the old */
	r = (struct rlimit){ 512, 2048 };
	ck_assert_int_eq(do_prlimit(t, RLIMIT_NOFILE, &r, &old, false), 0);
	ck_assert_uint_eq(old.rlim_cur, 1024);
	ck_assert_uint_eq(old.rlim_max, 4096);
	r = (struct rlimit){ 2048, 2048 };
	ck_assert_int_eq(do_prlimit(t, RLIMIT_NOFILE, &r, NULL, false), 0);
	/* ... but not take the hard one back up; root may */
	r = (struct rlimit){ 2048, 4096 };
	ck_assert_int_eq(do_prlimit(t, RLIMIT_NOFILE, &r, NULL, false), -EPERM);
	ck_assert_int_eq(do_prlimit(t, RLIMIT_NOFILE, &r, NULL, true), 0);
	r = (struct rlimit){ 1UL << 20, 1UL << 20 };
	ck_assert_int_eq(do_prlimit(t, RLIMIT_NOFILE, &r, &old, true), 0);
	ck_assert_uint_eq(old.rlim_cur, 2048);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_rlimit_as)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *t = spawn_from(m, "app", 1000, 0);
	struct mm_struct *mm = t->mm;
	uint64_t limit = ((uint64_t)mm->total_vm << PAGE_SHIFT) + 2 * SZ_1M, a = 0, b = 0;
	unsigned long vm, committed;

	set_limit(t, RLIMIT_AS, limit, RLIM_INFINITY);
	ck_assert_int_eq(do_mmap(m, t, &a, SZ_1M, 3, ANON_RW, NULL, 0, NULL), 0);
	ck_machine_ok(m);
	vm = mm->total_vm;
	committed = vm_memory_committed(m);
	/* one page more than the limit leaves: ENOMEM, nothing mapped or charged */
	ck_assert_int_eq(do_mmap(m, t, &b, SZ_1M + PAGE_SIZE, 3, ANON_RW, NULL, 0, NULL), -ENOMEM);
	ck_assert_uint_eq(mm->total_vm, vm);
	ck_assert_uint_eq(vm_memory_committed(m), committed);
	ck_machine_ok(m);
	/* MAP_FIXED over the first mapping and the hole below it counts only what it adds */
	b = a - SZ_1M;
	ck_assert_int_eq(do_mmap(m, t, &b, 2 * SZ_1M, 1, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_assert_uint_eq(mm->total_vm, vm + PAGES(SZ_1M));
	ck_machine_ok(m);
	/* the address space is full: the heap cannot grow either */
	ck_assert_int_eq(do_brk(m, t, PAGE_SIZE * 64, &b), -ENOMEM);
	ck_assert_uint_eq(mm->total_vm, vm + PAGES(SZ_1M));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_rlimit_data)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *t = spawn_from(m, "app", 1000, 0);
	struct mm_struct *mm = t->mm;
	uint64_t heap = mm->brk - mm->start_brk, seg = mm->end_data - mm->start_data;
	uint64_t data = (uint64_t)mm->data_vm << PAGE_SHIFT, a = 0, brk = mm->brk, newbrk = 0;
	g_autofree char *warning = NULL;

	/* mmap: VmData within the limit, with the kernel's one warning */
	set_limit(t, RLIMIT_DATA, data + SZ_1M, RLIM_INFINITY);
	ck_assert_int_eq(do_mmap(m, t, &a, SZ_1M, 3, ANON_RW, NULL, 0, NULL), 0);
	a = 0;
	ck_assert_int_eq(do_mmap(m, t, &a, PAGE_SIZE, 3, ANON_RW, NULL, 0, NULL), -ENOMEM);
	warning = g_strdup_printf("mmap: app (%d): VmData %llu exceed data ulimit %llu. Update limits or "
				  "use boot option ignore_rlimit_data.", t->pid,
				  (unsigned long long)(data + SZ_1M + PAGE_SIZE),
				  (unsigned long long)(data + SZ_1M));
	ck_assert_msg(logged(m, warning), "%s", test_log_text(m));
	/* read-only and shared mappings are not data */
	ck_assert_int_eq(do_mmap(m, t, &a, SZ_1M, 1, ANON_RW, NULL, 0, NULL), 0);
	a = 0;
	ck_assert_int_eq(do_mmap(m, t, &a, SZ_1M, 3, MAP_SHARED_ | MAP_ANONYMOUS_, NULL, 0, NULL), 0);
	ck_machine_ok(m);
	/* valgrind's workaround: a soft limit of 0 is held to the hard one */
	set_limit(t, RLIMIT_DATA, 0, data + 2 * SZ_1M);
	a = 0;
	ck_assert_int_eq(do_mmap(m, t, &a, SZ_1M, 3, ANON_RW, NULL, 0, NULL), 0);
	a = 0;
	ck_assert_int_eq(do_mmap(m, t, &a, SZ_1M, 3, ANON_RW, NULL, 0, NULL), -ENOMEM);
	ck_machine_ok(m);

	/*
	 * brk: check_data_rlimit holds the heap and the data segment to the
	 * soft limit before the break moves either way, shrinking included.
	 */
	set_limit(t, RLIMIT_DATA, RLIM_INFINITY, RLIM_INFINITY);
	ck_assert_int_eq(do_brk(m, t, (long)SZ_1M, &newbrk), 0);
	ck_assert_uint_eq(newbrk, brk + SZ_1M);
	set_limit(t, RLIMIT_DATA, heap + seg, RLIM_INFINITY);
	ck_assert_int_eq(do_brk(m, t, -(long)PAGE_SIZE, &newbrk), -ENOMEM);
	ck_assert_uint_eq(mm->brk, brk + SZ_1M);
	ck_machine_ok(m);
	ck_assert_int_eq(do_brk(m, t, -(long)SZ_1M, &newbrk), 0);
	ck_assert_uint_eq(mm->brk, brk);
	ck_assert_int_eq(do_brk(m, t, 1, &newbrk), -ENOMEM);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_rlimit_memlock)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *t = spawn_from(m, "app", 1000, 0), *root = spawn_from(m, "db", 0, 0);
	uint64_t a = 0, b = 0;

	ck_assert_int_eq(do_mmap(m, t, &a, SZ_1M, 3, ANON_RW, NULL, 0, NULL), 0);
	ck_assert_int_eq(do_mmap(m, root, &b, SZ_1M, 3, ANON_RW, NULL, 0, NULL), 0);
	/* no allowance at all: EPERM without CAP_IPC_LOCK, before anything else is looked at */
	set_limit(t, RLIMIT_MEMLOCK, 0, 0);
	set_limit(root, RLIMIT_MEMLOCK, 0, 0);
	ck_assert_int_eq(do_mlock(m, t, a, PAGE_SIZE, true), -EPERM);
	ck_assert_int_eq(do_mlock(m, t, 0, 0, true), -EPERM);
	ck_assert_int_eq(do_mlock(m, t, a, PAGE_SIZE, false), 0);
	ck_assert_int_eq(do_mlock(m, root, b, SZ_1M, true), 0);
	ck_assert_uint_eq(root->mm->locked_vm, PAGES(SZ_1M));
	ck_machine_ok(m);
	/* 64 KiB: exactly that much, then ENOMEM */
	set_limit(t, RLIMIT_MEMLOCK, 64 << 10, 64 << 10);
	ck_assert_int_eq(do_mlock(m, t, a, 64 << 10, true), 0);
	ck_assert_uint_eq(t->mm->locked_vm, 16);
	ck_assert_int_eq(do_mlock(m, t, a, (64 << 10) + PAGE_SIZE, true), -ENOMEM);
	ck_assert_uint_eq(t->mm->locked_vm, 16);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_rlimit_stack)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *t = spawn_from(m, "app", 1000, 0), *child;
	struct vm_area_struct *stack = vma_lookup(t->mm, t->mm->start_stack);
	struct fault_stats st = { 0 };
	uint64_t end = stack->vm_end;
	int pid = t->pid;

	ck_assert_uint_eq(end - stack->vm_start, 0x21000);
	set_limit(t, RLIMIT_STACK, 256 << 10, RLIM_INFINITY);
	/* growing to the limit works */
	ck_assert_int_eq(access_range(m, t, end - (256 << 10), PAGE_SIZE, true, &st), 0);
	ck_assert_uint_eq(stack->vm_start, end - (256 << 10));
	ck_machine_ok(m);
	/* a page past it is a segfault, and the stack stays */
	ck_assert_int_eq(access_range(m, t, end - (256 << 10) - PAGE_SIZE, PAGE_SIZE, true, &st),
			 -EFAULT);
	ck_assert_ptr_null(find_task_by_pid(m, pid));
	ck_machine_ok(m);

	/* exec: the initial stack stops at a small limit, an unlimited one takes the largest gap */
	t = spawn_from(m, "sh", 1000, 0);
	set_limit(t, RLIMIT_STACK, 64 << 10, RLIM_INFINITY);
	child = spawn_from(m, "small", 1000, t->pid);
	stack = vma_lookup(child->mm, child->mm->start_stack);
	ck_assert_uint_eq(stack->vm_end - stack->vm_start, 64 << 10);
	set_limit(t, RLIMIT_STACK, RLIM_INFINITY, RLIM_INFINITY);
	child = spawn_from(m, "big", 1000, t->pid);
	ck_assert_uint_le(child->mm->mmap_base, TASK_SIZE - TASK_SIZE / 6 * 5);
	ck_assert_uint_ge(child->mm->mmap_base, TASK_SIZE - TASK_SIZE / 6 * 5 - (1ULL << 40));
	ck_assert_uint_gt(t->mm->mmap_base, TASK_SIZE - (1ULL << 40));
	machine_free(m);
}
END_TEST

static Suite *resource_suite(void)
{
	Suite *s = suite_create("resource");
	TCase *tc = tcase_create("rlimits");

	tcase_add_test(tc, test_boot_limits);
	tcase_add_test(tc, test_prlimit_rules);
	tcase_add_test(tc, test_rlimit_as);
	tcase_add_test(tc, test_rlimit_data);
	tcase_add_test(tc, test_rlimit_memlock);
	tcase_add_test(tc, test_rlimit_stack);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(resource_suite());
}
