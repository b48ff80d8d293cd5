// SPDX-License-Identifier: GPL-2.0
/*
 * Address spaces: mmap placement and merging, munmap splitting, mprotect
 * splitting and merging back, brk, max_map_count, mlock and its limit,
 * madvise, and overcommit in all three modes, with the strict mode's
 * boundary exactly at CommitLimit less the reserves. Every figure is a
 * delta from the spawned task's state, computed from the rules; bad input
 * gets the kernel's errno and changes nothing. machine_check() after every
 * step.
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

static struct task_struct *spawn(struct machine *m, const char *comm, uid_t uid)
{
	struct spawn_args a = { .comm = comm, .uid = uid, .gid = uid };
	int pid = task_spawn(m, &a);

	ck_assert_int_gt(pid, 0);
	ck_machine_ok(m);
	return find_task_by_pid(m, pid);
}

static uint64_t map(struct machine *m, struct task_struct *t, uint64_t len, unsigned int prot,
		    unsigned int flags)
{
	uint64_t addr = 0;

	ck_assert_int_eq(do_mmap(m, t, &addr, len, prot, flags, NULL, 0, NULL), 0);
	ck_machine_ok(m);
	return addr;
}

START_TEST(test_mmap_reserves_not_resident)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "postgres", 999);
	struct mm_struct *mm = t->mm;
	unsigned long rss = get_mm_rss(mm), vm = mm->total_vm, data = mm->data_vm;
	unsigned long committed = vm_memory_committed(m), count = (unsigned long)mm->map_count;
	uint64_t a = map(m, t, 1ULL << 30, 3, ANON_RW);

	/* top-down, just below the lowest mapping of the mmap area */
	ck_assert_uint_eq(a & 0xfff, 0);
	ck_assert_uint_eq(get_mm_rss(mm), rss);
	ck_assert_uint_eq(mm->total_vm, vm + PAGES(1ULL << 30));
	ck_assert_uint_eq(mm->data_vm, data + PAGES(1ULL << 30));
	ck_assert_uint_eq(vm_memory_committed(m), committed + PAGES(1ULL << 30));
	ck_assert_uint_eq((unsigned long)mm->map_count, count + 1);
	/* the next one lands right below it and the two merge */
	ck_assert_uint_eq(map(m, t, SZ_1M, 3, ANON_RW), a - SZ_1M);
	ck_assert_uint_eq((unsigned long)mm->map_count, count + 1);
	ck_assert_uint_eq(vma_lookup(mm, a)->vm_start, a - SZ_1M);
	/* a read-only one does not merge */
	ck_assert_uint_eq(map(m, t, SZ_1M, 1, ANON_RW), a - 2 * SZ_1M);
	ck_assert_uint_eq((unsigned long)mm->map_count, count + 2);
	ck_assert_uint_eq(vm_memory_committed(m), committed + PAGES(1ULL << 30) + 256);
	machine_free(m);
}
END_TEST

START_TEST(test_munmap_splits)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t a = map(m, t, 16 * SZ_1M, 3, ANON_RW);
	unsigned long committed = vm_memory_committed(m), count = (unsigned long)mm->map_count;
	unsigned long vm = mm->total_vm;

	ck_assert_int_eq(do_munmap(m, t, a + 4 * SZ_1M, 4 * SZ_1M), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq((unsigned long)mm->map_count, count + 1);
	ck_assert_uint_eq(vma_lookup(mm, a)->vm_end, a + 4 * SZ_1M);
	ck_assert_uint_eq(vma_lookup(mm, a + 8 * SZ_1M)->vm_start, a + 8 * SZ_1M);
	ck_assert_ptr_null(vma_lookup(mm, a + 5 * SZ_1M));
	ck_assert_uint_eq(vm_memory_committed(m), committed - 1024);
	ck_assert_uint_eq(mm->total_vm, vm - 1024);
	/* nothing mapped there any more: still fine */
	ck_assert_int_eq(do_munmap(m, t, a + 4 * SZ_1M, 4 * SZ_1M), 0);
	/* the kernel's refusals, nothing changed */
	ck_assert_int_eq(do_munmap(m, t, a + 1, 4096), -EINVAL);
	ck_assert_int_eq(do_munmap(m, t, a, 0), -EINVAL);
	ck_assert_int_eq(do_munmap(m, t, TASK_SIZE - 4096, 8192), -EINVAL);
	ck_assert_uint_eq(mm->total_vm, vm - 1024);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_mprotect_split_and_merge)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t a = map(m, t, 12 * SZ_1M, 3, ANON_RW);
	unsigned long count = (unsigned long)mm->map_count, data = mm->data_vm;
	unsigned long committed = vm_memory_committed(m);

	ck_assert_int_eq(access_range(m, t, a, 12 * SZ_1M, true, NULL), 0);
	ck_assert_int_eq(do_mprotect(m, t, a + 4 * SZ_1M, 4 * SZ_1M, 1), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq((unsigned long)mm->map_count, count + 2);
	ck_assert_uint_eq(vma_lookup(mm, a + 4 * SZ_1M)->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	ck_assert_uint_eq(mm->data_vm, data - 1024);
	/* had pages: the charge stays */
	ck_assert_uint_eq(vm_memory_committed(m), committed);
	ck_assert_int_eq(do_mprotect(m, t, a + 4 * SZ_1M, 4 * SZ_1M, 3), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq((unsigned long)mm->map_count, count);
	ck_assert_uint_eq(vma_lookup(mm, a)->vm_end, a + 12 * SZ_1M);
	/* refusals: a hole, a bad prot, write on a file opened read-only */
	ck_assert_int_eq(do_mprotect(m, t, a - 4096, 8192, 1), -ENOMEM);
	ck_assert_int_eq(do_mprotect(m, t, a, 4096, 8), -EINVAL);
	ck_assert_int_eq(do_mprotect(m, t, a + 1, 4096, 1), -EINVAL);
	{
		uint64_t f = 0;

		ck_assert_int_eq(do_mmap(m, t, &f, SZ_1M, 1, MAP_SHARED_, "/srv/data", 0, NULL), 0);
		ck_assert_int_eq(do_mprotect(m, t, f, 4096, 3), -EACCES);
	}
	ck_assert_uint_eq((unsigned long)mm->map_count, count + 1);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_mprotect_gives_back_untouched)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	uint64_t a = map(m, t, 8 * SZ_1M, 3, ANON_RW);
	unsigned long committed = vm_memory_committed(m);

	/* private anonymous memory that never had a page: read-only gives the charge back */
	ck_assert_int_eq(do_mprotect(m, t, a, 8 * SZ_1M, 1), 0);
	ck_assert_uint_eq(vm_memory_committed(m), committed - 2048);
	ck_assert_int_eq(do_mprotect(m, t, a, 8 * SZ_1M, 3), 0);
	ck_assert_uint_eq(vm_memory_committed(m), committed);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_brk)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t start = mm->brk, nb;
	unsigned long committed = vm_memory_committed(m), data = mm->data_vm;
	struct vm_area_struct *heap = vma_lookup(mm, mm->start_brk);

	ck_assert(vma_is_heap(heap));
	ck_assert_uint_eq(heap->vm_end, mm->start_brk + 0x21000);
	ck_assert_int_eq(do_brk(m, t, (long)SZ_1M, &nb), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(nb, start + SZ_1M);
	ck_assert_uint_eq(vma_lookup(mm, mm->start_brk)->vm_end, mm->start_brk + 0x21000 + SZ_1M);
	ck_assert_uint_eq(vm_memory_committed(m), committed + 256);
	ck_assert_uint_eq(mm->data_vm, data + 256);
	ck_assert_int_eq(do_brk(m, t, -(long)SZ_1M, &nb), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(vm_memory_committed(m), committed);
	ck_assert_int_eq(do_brk(m, t, -(long)(start - mm->start_brk) - 4096, &nb), -ENOMEM);
	ck_assert_uint_eq(mm->brk, start);
	/* an empty heap starts a VMA of its own: brk never extends what lies below start_brk */
	{
		uint64_t sb = mm->start_brk, below = sb - SZ_1M;

		ck_assert_int_eq(do_brk(m, t, -(long)(start - sb), &nb), 0);
		ck_assert_ptr_null(vma_lookup(mm, sb));
		ck_assert_int_eq(do_mmap(m, t, &below, SZ_1M, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
		ck_assert_int_eq(do_brk(m, t, (long)SZ_1M, &nb), 0);
		ck_machine_ok(m);
		ck_assert_uint_eq(vma_lookup(mm, sb)->vm_start, sb);
		ck_assert_uint_eq(vma_lookup(mm, sb - 1)->vm_end, sb);
	}
	machine_free(m);
}
END_TEST

START_TEST(test_max_map_count)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t a = map(m, t, 4 * SZ_1M, 3, ANON_RW), b = 0;

	m->sysctl.max_map_count = mm->map_count;
	/* splitting one VMA in two needs a slot */
	ck_assert_int_eq(do_munmap(m, t, a + SZ_1M, SZ_1M), -ENOMEM);
	ck_assert_int_eq(do_mprotect(m, t, a + SZ_1M, SZ_1M, 1), -ENOMEM);
	/* mmap is refused only past the limit (map_count > max_map_count) */
	ck_assert_int_eq(do_mmap(m, t, &b, SZ_1M, 1, ANON_RW, NULL, 0, NULL), 0);
	ck_assert_int_eq(do_mmap(m, t, &b, SZ_1M, 1, ANON_RW, NULL, 0, NULL), -ENOMEM);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_map_fixed_replaces)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t a = 0x600000000000ULL, b = a + SZ_1M;
	unsigned long committed = vm_memory_committed(m);

	ck_assert_int_eq(do_mmap(m, t, &a, 4 * SZ_1M, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_assert_int_eq(access_range(m, t, a, 4 * SZ_1M, true, NULL), 0);
	ck_assert_int_eq(do_mmap(m, t, &b, SZ_1M, 1, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(vma_lookup(mm, b)->vm_flags & VM_ACCESS_FLAGS, VM_READ);
	ck_assert_uint_eq(get_mm_counter(mm, MM_ANONPAGES) >= 768, 1);
	ck_assert_uint_eq(vm_memory_committed(m), committed + 768);
	a = 0x600000000001ULL;
	ck_assert_int_eq(do_mmap(m, t, &a, 4096, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), -EINVAL);
	a = 0;		/* below mmap_min_addr */
	ck_assert_int_eq(do_mmap(m, t, &a, 4096, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), -EPERM);
	ck_assert_int_eq(do_mmap(m, t, &a, 0, 3, ANON_RW, NULL, 0, NULL), -EINVAL);
	ck_assert_int_eq(do_mmap(m, t, &a, 4096, 3, MAP_ANONYMOUS_, NULL, 0, NULL), -EINVAL);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_mlock)
{
	struct machine *m = boot_preset("default");
	struct task_struct *root = spawn(m, "db", 0), *user = spawn(m, "app", 1000);
	uint64_t a = map(m, root, 16 * SZ_1M, 3, ANON_RW), b = map(m, user, 16 * SZ_1M, 3, ANON_RW);
	unsigned long mlocked = global_zone_page_state(m, NR_MLOCK);
	unsigned long unevictable = global_node_page_state(m, NR_UNEVICTABLE);
	unsigned long anon = global_node_page_state(m, NR_ANON_MAPPED);

	/* mlock faults the range in and locks every page */
	ck_assert_int_eq(do_mlock(m, root, a + SZ_1M, 2 * SZ_1M, true), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(root->mm->locked_vm, 512);
	ck_assert_uint_eq(global_zone_page_state(m, NR_MLOCK), mlocked + 512);
	ck_assert_uint_eq(global_node_page_state(m, NR_UNEVICTABLE), unevictable + 512);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon + 512);
	ck_assert_uint_eq(vma_lookup(root->mm, a + SZ_1M)->vm_start, a + SZ_1M);
	ck_assert(vma_lookup(root->mm, a + SZ_1M)->vm_flags & VM_LOCKED);
	/* DONTNEED on locked memory is refused */
	ck_assert_int_eq(do_madvise(m, root, a + SZ_1M, 4096, MADV_DONTNEED_), -EINVAL);
	ck_assert_int_eq(do_mlock(m, root, a + SZ_1M, 2 * SZ_1M, false), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(root->mm->locked_vm, 0);
	ck_assert_uint_eq(global_zone_page_state(m, NR_MLOCK), mlocked);
	ck_assert_uint_eq(global_node_page_state(m, NR_UNEVICTABLE), unevictable);
	/* RLIMIT_MEMLOCK: 8 MiB for a user, and not one page more */
	ck_assert_int_eq(do_mlock(m, user, b, 8 * SZ_1M + 4096, true), -ENOMEM);
	ck_assert_uint_eq(user->mm->locked_vm, 0);
	ck_assert_int_eq(do_mlock(m, user, b, 8 * SZ_1M, true), 0);
	ck_assert_int_eq(do_mlock(m, user, b - 4096, 4096, true), -ENOMEM);
	ck_machine_ok(m);
	/*
	 * PROT_NONE: MAP_POPULATE passes over it, mlock locks the VMA but
	 * cannot fault it in: EFAULT, which POSIX makes ENOMEM
	 */
	{
		uint64_t c = 0;
		unsigned long locked = root->mm->locked_vm, rss = get_mm_rss(root->mm);

		ck_assert_int_eq(do_mmap(m, root, &c, SZ_1M, 0, ANON_RW | MAP_POPULATE_, NULL, 0, NULL), 0);
		ck_assert_uint_eq(get_mm_rss(root->mm), rss);
		ck_assert_int_eq(do_mlock(m, root, c, SZ_1M, true), -ENOMEM);
		ck_assert_uint_ne(vma_lookup(root->mm, c)->vm_flags & VM_LOCKED, 0);
		ck_assert_uint_eq(root->mm->locked_vm, locked + 256);
		ck_machine_ok(m);
	}
	machine_free(m);
}
END_TEST

START_TEST(test_madvise_dontneed)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	uint64_t a = map(m, t, 4 * SZ_1M, 3, ANON_RW);
	unsigned long anon = get_mm_counter(t->mm, MM_ANONPAGES);
	unsigned long pt = global_node_page_state(m, NR_PAGETABLE);

	ck_assert_int_eq(access_range(m, t, a, 4 * SZ_1M, true, NULL), 0);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon + 1024);
	pt = global_node_page_state(m, NR_PAGETABLE);
	ck_assert_int_eq(do_madvise(m, t, a, 3 * SZ_1M, MADV_DONTNEED_), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon + 256);
	/* page tables stay, as in the kernel */
	ck_assert_uint_eq(global_node_page_state(m, NR_PAGETABLE), pt);
	ck_assert_int_eq(do_madvise(m, t, a - 4096, 8192, MADV_DONTNEED_), -ENOMEM);
	ck_assert_int_eq(do_madvise(m, t, a, 4096, 3), -EINVAL);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES), anon + 256);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_overcommit_heuristic_and_always)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *t = spawn(m, "app", 0);
	unsigned long limit = totalram_pages(m);	/* no swap */
	unsigned long committed = vm_memory_committed(m);
	uint64_t a = 0;

	ck_assert_uint_eq(m->sysctl.overcommit_memory, 0);
	/* mode 0 refuses one request larger than RAM + swap, and only that */
	ck_assert_int_eq(do_mmap(m, t, &a, (uint64_t)(limit + 1) << 12, 3, ANON_RW, NULL, 0, NULL), -ENOMEM);
	ck_assert_uint_eq(vm_memory_committed(m), committed);
	{
		char line[100];

		g_snprintf(line, sizeof(line), "__vm_enough_memory: pid: %d, comm: app, bytes: %lu not enough",
			   t->pid, (limit + 1) << 12);
		ck_logged(m, line);
	}
	ck_assert_int_eq(do_mmap(m, t, &a, (uint64_t)limit << 12, 3, ANON_RW, NULL, 0, NULL), 0);
	ck_assert_int_eq(do_mmap(m, t, &a, (uint64_t)limit << 12, 3, ANON_RW, NULL, 0, NULL), 0);
	/* MAP_NORESERVE is not charged outside mode 2 */
	committed = vm_memory_committed(m);
	ck_assert_int_eq(do_mmap(m, t, &a, 1ULL << 40, 3, ANON_RW | MAP_NORESERVE_, NULL, 0, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), committed);
	m->sysctl.overcommit_memory = 1;
	ck_assert_int_eq(do_mmap(m, t, &a, 1ULL << 40, 3, ANON_RW, NULL, 0, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), committed + PAGES(1ULL << 40));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* Strict mode: the largest mapping that fits, and one page more. */
static void check_strict_boundary(struct machine *m, struct task_struct *t, bool privileged)
{
	long allowed = (long)vm_commit_limit(m), pages;
	uint64_t a = 0;

	if (!privileged)
		allowed -= m->sysctl.admin_reserve_kbytes >> 2;
	allowed -= MIN((long)(t->mm->total_vm / 32), m->sysctl.user_reserve_kbytes >> 2);
	pages = allowed - (long)vm_memory_committed(m) - 1;
	ck_assert_int_gt(pages, 0);
	ck_assert_int_eq(do_mmap(m, t, &a, (uint64_t)(pages + 1) << 12, 3, ANON_RW, NULL, 0, NULL), -ENOMEM);
	ck_assert_int_eq(do_mmap(m, t, &a, (uint64_t)pages << 12, 3, ANON_RW, NULL, 0, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), (unsigned long)allowed - 1);
	ck_machine_ok(m);
	ck_assert_int_eq(do_munmap(m, t, a, (uint64_t)pages << 12), 0);
}

START_TEST(test_overcommit_strict)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *user = spawn(m, "app", 1000), *root = spawn(m, "db", 0);
	uint64_t a = 0;
	unsigned long committed;

	m->sysctl.overcommit_memory = 2;
	check_strict_boundary(m, user, false);
	check_strict_boundary(m, root, true);
	/* MAP_NORESERVE counts in mode 2; brk and fork are held to the same limit */
	committed = vm_memory_committed(m);
	ck_assert_int_eq(do_mmap(m, user, &a, 4096, 3, ANON_RW | MAP_NORESERVE_, NULL, 0, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), committed + 1);
	m->sysctl.overcommit_kbytes = (long)(vm_memory_committed(m) * 4);
	ck_assert_int_eq(task_fork(m, user), -ENOMEM);
	{
		uint64_t nb;

		ck_assert_int_eq(do_brk(m, user, 4096, &nb), -ENOMEM);
	}
	ck_assert_uint_eq(vm_memory_committed(m), committed + 1);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* A munmap over two VMAs splits both ends and removes two pieces: allowed at the limit. */
START_TEST(test_munmap_two_vmas_at_max_map_count)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t a = map(m, t, 4 * SZ_1M, 3, ANON_RW);
	int count;

	ck_assert_int_eq(do_mprotect(m, t, a + 2 * SZ_1M, 2 * SZ_1M, 1), 0);
	count = mm->map_count;
	m->sysctl.max_map_count = count;
	ck_assert_int_eq(do_munmap(m, t, a + SZ_1M, 2 * SZ_1M), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(mm->map_count, count);
	ck_assert_uint_eq(vma_lookup(mm, a)->vm_end, a + SZ_1M);
	ck_assert_uint_eq(vma_lookup(mm, a + 3 * SZ_1M)->vm_start, a + 3 * SZ_1M);
	ck_assert_ptr_null(vma_lookup(mm, a + SZ_1M));
	machine_free(m);
}
END_TEST

/* MAP_FIXED over accounted memory charges only the pages that were not (pglen - nr_accounted). */
START_TEST(test_map_fixed_charges_net)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *t = spawn(m, "db", 0);
	uint64_t a = map(m, t, 4 * SZ_1M, 3, ANON_RW), b = a - SZ_1M, c = 0;
	unsigned long committed = vm_memory_committed(m);

	/* strict, and not one page left: any new charge fails */
	m->sysctl.overcommit_memory = 2;
	m->sysctl.overcommit_kbytes = (long)(committed + MIN(t->mm->total_vm / 32,
		(unsigned long)m->sysctl.user_reserve_kbytes >> 2)) * 4;
	ck_assert_int_eq(do_mmap(m, t, &c, 4096, 3, ANON_RW, NULL, 0, NULL), -ENOMEM);
	/* all 4 MiB was charged already: replacing it costs nothing */
	ck_assert_int_eq(do_mmap(m, t, &a, 4 * SZ_1M, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(vm_memory_committed(m), committed);
	/* one new MiB below it is not */
	ck_assert_int_eq(do_mmap(m, t, &b, 2 * SZ_1M, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), -ENOMEM);
	ck_machine_ok(m);
	ck_assert_uint_eq(vm_memory_committed(m), committed);
	ck_assert_uint_eq(vma_lookup(t->mm, a)->vm_start, a);
	/* read-only over it gives the replaced charge back */
	ck_assert_int_eq(do_mmap(m, t, &a, SZ_1M, 1, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_assert_uint_eq(vm_memory_committed(m), committed - 256);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * failslab: each allocation a fork or an mprotect makes can fail, and each
 * failure gives back all it took (tasks, VMAs, Committed_AS).
 */
START_TEST(test_failslab_gives_back)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t a = map(m, t, 12 * SZ_1M, 1, ANON_RW);
	unsigned long committed = vm_memory_committed(m), nr = nr_tasks(m), n;
	int count = mm->map_count, pid;

	m->failslab.ignore_gfp_reclaim = false;	/* fork's allocations may sleep */
	for (n = 1; (fault_attr_set(&m->failslab.attr, n, 1), pid = task_fork(m, t)) < 0; n++) {
		ck_assert_int_eq(pid, -ENOMEM);
		ck_machine_ok(m);
		ck_assert_uint_eq(vm_memory_committed(m), committed);
		ck_assert_uint_eq(nr_tasks(m), nr);
	}
	ck_machine_ok(m);
	/* task_struct, pid, signal, sighand, files, the stack's vmap_area, mm_struct, a VMA each */
	ck_assert_uint_eq(n - 1, 7 + (unsigned long)count);
	ck_assert_uint_eq(vm_memory_committed(m), committed + mm->committed);
	committed = vm_memory_committed(m);

	/* read-only to read-write in the middle: two splits, then the charge */
	for (n = 1; n <= 2; n++) {
		fault_attr_set(&m->failslab.attr, n, 1);
		ck_assert_int_eq(do_mprotect(m, t, a + 4 * SZ_1M, 4 * SZ_1M, 3), -ENOMEM);
		ck_machine_ok(m);
		ck_assert_uint_eq(vm_memory_committed(m), committed);
	}
	fault_attr_set(&m->failslab.attr, 0, 0);
	ck_assert_int_eq(do_mprotect(m, t, a + 4 * SZ_1M, 4 * SZ_1M, 3), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(vm_memory_committed(m), committed + 1024);
	ck_assert_int_eq(mm->map_count, count + 2);
	machine_free(m);
}
END_TEST

/*
 * A fork gives each child VMA an anon_vma of its own: pieces that were one
 * mapping in the parent stay apart in the child, and brk no longer extends
 * the child's heap in place.
 */
START_TEST(test_forked_anon_vma_does_not_merge)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0), *child;
	uint64_t a = map(m, t, 4 * SZ_1M, 3, ANON_RW), brk0, nb;
	int count;

	ck_assert_int_eq(access_range(m, t, a, 4 * SZ_1M, true, NULL), 0);
	ck_assert_int_eq(do_mprotect(m, t, a + 2 * SZ_1M, 2 * SZ_1M, 1), 0);
	child = find_task_by_pid(m, task_fork(m, t));
	ck_assert_ptr_nonnull(child);
	ck_machine_ok(m);
	count = child->mm->map_count;
	ck_assert_int_eq(do_mprotect(m, child, a + 2 * SZ_1M, 2 * SZ_1M, 3), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(child->mm->map_count, count);
	ck_assert_uint_eq(vma_lookup(child->mm, a)->vm_end, a + 2 * SZ_1M);
	/* the parent's two pieces share one anon_vma and merge back */
	count = t->mm->map_count;
	ck_assert_int_eq(do_mprotect(m, t, a + 2 * SZ_1M, 2 * SZ_1M, 3), 0);
	ck_assert_int_eq(t->mm->map_count, count - 1);
	ck_assert_uint_eq(vma_lookup(t->mm, a)->vm_end, a + 4 * SZ_1M);
	/* the heap has pages (boot touched it): the child's brk makes a VMA of its own */
	count = child->mm->map_count;
	brk0 = child->mm->brk;
	ck_assert_int_eq(do_brk(m, child, 1 << 20, &nb), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(child->mm->map_count, count + 1);
	ck_assert_uint_eq(vma_lookup(child->mm, PAGE_ALIGN(brk0))->vm_start, PAGE_ALIGN(brk0));
	count = t->mm->map_count;
	ck_assert_int_eq(do_brk(m, t, 1 << 20, &nb), 0);
	ck_assert_int_eq(t->mm->map_count, count);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

static struct vm_area_struct *find_special(struct mm_struct *mm, const char *name)
{
	for (guint i = 0; i < mm->vmas->len; i++) {
		struct vm_area_struct *vma = g_ptr_array_index(mm->vmas, i);

		if (!g_strcmp0(vma->special, name))
			return vma;
	}
	ck_abort_msg("no %s", name);
	return NULL;
}

/*
 * mlock and mprotect split only the VMAs whose flags change: [vvar] and
 * [vdso] stay whole under mlock, and a no-op mprotect needs no slot at
 * max_map_count.
 */
START_TEST(test_unchanged_vmas_stay_whole)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *vvar = find_special(mm, "[vvar]"), *vdso = find_special(mm, "[vdso]");
	uint64_t a = map(m, t, 4 * SZ_1M, 3, ANON_RW), vvar_start = vvar->vm_start;
	uint64_t vdso_end = vdso->vm_end;
	int count = mm->map_count;

	ck_assert_int_eq(do_mlock(m, t, vvar_start + 4096, vdso_end - vvar_start - 8192, true), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(mm->map_count, count);
	ck_assert_uint_eq(vma_lookup(mm, vvar_start)->vm_end, vvar_start + 0x4000);
	ck_assert_uint_eq(vma_lookup(mm, vdso_end - 1)->vm_start, vdso_end - 0x2000);
	ck_assert_uint_eq(vma_lookup(mm, vdso_end - 1)->vm_flags & VM_LOCKED, 0);
	ck_assert_uint_eq(mm->locked_vm, 0);
	m->sysctl.max_map_count = count;
	ck_assert_int_eq(do_mprotect(m, t, a + SZ_1M, SZ_1M, 3), 0);
	ck_assert_int_eq(do_mprotect(m, t, a + SZ_1M, SZ_1M, 1), -ENOMEM);
	ck_assert_int_eq(do_mlock(m, t, a + SZ_1M, SZ_1M, false), 0);
	ck_assert_int_eq(mm->map_count, count);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* madvise skips holes, advises the rest, then says ENOMEM; a length that wraps is EINVAL. */
START_TEST(test_madvise_holes)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t a = map(m, t, 4 * SZ_1M, 3, ANON_RW);
	unsigned long rss;

	ck_assert_int_eq(access_range(m, t, a, 4 * SZ_1M, true, NULL), 0);
	ck_assert_int_eq(do_munmap(m, t, a + SZ_1M, SZ_1M), 0);
	rss = get_mm_counter(mm, MM_ANONPAGES);
	ck_assert_int_eq(do_madvise(m, t, a, 4 * SZ_1M, MADV_DONTNEED_), -ENOMEM);
	ck_machine_ok(m);
	ck_assert_uint_eq(get_mm_counter(mm, MM_ANONPAGES), rss - 768);
	/* nothing mapped in the range at all */
	ck_assert_int_eq(do_madvise(m, t, a + SZ_1M, SZ_1M, MADV_DONTNEED_), -ENOMEM);
	ck_assert_int_eq(do_madvise(m, t, a, UINT64_MAX, MADV_DONTNEED_), -EINVAL);
	ck_assert_int_eq(do_madvise(m, t, a, 0, MADV_DONTNEED_), 0);
	/* the vdso's pages are the kernel's: nothing to drop, and no error */
	ck_assert_int_eq(do_madvise(m, t, find_special(mm, "[vdso]")->vm_start, 4096, MADV_DONTNEED_), 0);
	ck_assert_int_eq(do_madvise(m, t, find_special(mm, "[vvar]")->vm_start, 4096, MADV_DONTNEED_), -EINVAL);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * mprotect that moves the boundary between two VMAs splits nothing
 * (vma_merge_existing_range): allowed at max_map_count, either way; one
 * that leaves a third VMA is not.
 */
START_TEST(test_boundary_moves_at_max_map_count)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t a = map(m, t, 4 * SZ_1M, 3, ANON_RW);
	unsigned long committed;
	int count;

	ck_assert_int_eq(do_mprotect(m, t, a + 2 * SZ_1M, 2 * SZ_1M, 1), 0);
	count = mm->map_count;
	m->sysctl.max_map_count = count;
	committed = vm_memory_committed(m);
	/* the tail of the first moves into the second */
	ck_assert_int_eq(do_mprotect(m, t, a + SZ_1M, SZ_1M, 1), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(mm->map_count, count);
	ck_assert_uint_eq(vma_lookup(mm, a)->vm_end, a + SZ_1M);
	ck_assert_uint_eq(vm_memory_committed(m), committed - 256);	/* never had a page */
	/* the head of the second moves back into the first, charged again */
	ck_assert_int_eq(do_mprotect(m, t, a + SZ_1M, 2 * SZ_1M, 3), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(mm->map_count, count);
	ck_assert_uint_eq(vma_lookup(mm, a)->vm_end, a + 3 * SZ_1M);
	ck_assert_uint_eq(vm_memory_committed(m), committed + 256);
	/* a third protection in the middle needs two slots */
	ck_assert_int_eq(do_mprotect(m, t, a + SZ_1M, SZ_1M, 0), -ENOMEM);
	ck_assert_uint_eq(vm_memory_committed(m), committed + 256);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * The map count a change ends with, merges and anon_vmas included: a tail
 * that merges into an untouched neighbour takes its anon_vma along, so
 * the next piece (another anon_vma) splits off after all; a whole VMA
 * that merges away frees the slot a split needs.
 */
START_TEST(test_map_count_after_merges)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app", 0);
	struct mm_struct *mm = t->mm;
	uint64_t base = 0x600000000000ULL, a, b, c;
	int count;

	/* A [0,10) r-- with pages, M [10,20) rw- untouched, B [20,30) r-- with pages: three anon_vmas */
	a = base;
	ck_assert_int_eq(do_mmap(m, t, &a, 40960, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_assert_int_eq(access_range(m, t, a, 40960, true, NULL), 0);
	ck_assert_int_eq(do_mprotect(m, t, a, 40960, 1), 0);
	b = base + 20 * 4096;
	ck_assert_int_eq(do_mmap(m, t, &b, 40960, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_assert_int_eq(access_range(m, t, b, 40960, true, NULL), 0);
	ck_assert_int_eq(do_mprotect(m, t, b, 40960, 1), 0);
	c = base + 10 * 4096;
	ck_assert_int_eq(do_mmap(m, t, &c, 40960, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_machine_ok(m);
	count = mm->map_count;
	m->sysctl.max_map_count = count;
	ck_assert_int_eq(do_mprotect(m, t, base + 5 * 4096, 20 * 4096, 3), -ENOMEM);
	ck_assert_int_eq(mm->map_count, count);
	m->sysctl.max_map_count = count + 1;
	ck_assert_int_eq(do_mprotect(m, t, base + 5 * 4096, 20 * 4096, 3), 0);
	ck_assert_int_eq(mm->map_count, count + 1);
	ck_assert_uint_eq(vma_lookup(mm, base + 5 * 4096)->vm_end, base + 20 * 4096);
	ck_machine_ok(m);
	ck_assert_int_eq(do_munmap(m, t, base, 30 * 4096), 0);

	/* P [0,10) rw- untouched, A [10,20) r-- and B [20,30) r-- with pages of two anon_vmas */
	a = base + 10 * 4096;
	ck_assert_int_eq(do_mmap(m, t, &a, 40960, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_assert_int_eq(access_range(m, t, a, 40960, true, NULL), 0);
	ck_assert_int_eq(do_mprotect(m, t, a, 40960, 1), 0);
	b = base + 20 * 4096;
	ck_assert_int_eq(do_mmap(m, t, &b, 40960, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_assert_int_eq(do_mlock(m, t, b, 40960, true), 0);	/* locked: A's anon_vma does not fit */
	ck_assert_int_eq(do_mlock(m, t, b, 40960, false), 0);
	ck_assert_int_eq(do_mprotect(m, t, b, 40960, 1), 0);
	c = base;
	ck_assert_int_eq(do_mmap(m, t, &c, 40960, 3, ANON_RW | MAP_FIXED_, NULL, 0, NULL), 0);
	ck_machine_ok(m);
	count = mm->map_count;
	m->sysctl.max_map_count = count;
	/* A joins P (one fewer), B's head splits off (one more) */
	ck_assert_int_eq(do_mprotect(m, t, base + 10 * 4096, 15 * 4096, 3), 0);
	ck_assert_int_eq(mm->map_count, count);
	ck_assert_uint_eq(vma_lookup(mm, base)->vm_end, base + 20 * 4096);
	ck_assert_uint_eq(vma_lookup(mm, base + 20 * 4096)->vm_end, base + 25 * 4096);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

static Suite *mmap_suite(void)
{
	Suite *s = suite_create("mmap");
	TCase *tc = tcase_create("mmap");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mmap_reserves_not_resident);
	tcase_add_test(tc, test_munmap_splits);
	tcase_add_test(tc, test_mprotect_split_and_merge);
	tcase_add_test(tc, test_mprotect_gives_back_untouched);
	tcase_add_test(tc, test_brk);
	tcase_add_test(tc, test_max_map_count);
	tcase_add_test(tc, test_map_fixed_replaces);
	tcase_add_test(tc, test_mlock);
	tcase_add_test(tc, test_madvise_dontneed);
	tcase_add_test(tc, test_overcommit_heuristic_and_always);
	tcase_add_test(tc, test_overcommit_strict);
	tcase_add_test(tc, test_munmap_two_vmas_at_max_map_count);
	tcase_add_test(tc, test_map_fixed_charges_net);
	tcase_add_test(tc, test_failslab_gives_back);
	tcase_add_test(tc, test_forked_anon_vma_does_not_merge);
	tcase_add_test(tc, test_unchanged_vmas_stay_whole);
	tcase_add_test(tc, test_madvise_holes);
	tcase_add_test(tc, test_boundary_moves_at_max_map_count);
	tcase_add_test(tc, test_map_count_after_merges);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(mmap_suite());
}
