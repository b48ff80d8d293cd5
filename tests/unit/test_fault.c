// SPDX-License-Identifier: GPL-2.0
/*
 * Faults: anonymous write and read (the zero page), page tables made as a
 * fresh region fills and freed when it is unmapped, file faults with
 * read-around, asynchronous readahead and fault-around (exact major and
 * minor counts), private
 * file copy-on-write, fork's copy-on-write with reuse, shared anonymous
 * memory (Shmem), stack growth up to RLIMIT_STACK, segfaults, and exit
 * giving everything back. machine_check() after every step.
 */
#include <errno.h>
#include <string.h>

#include "mm/filemap.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/task.h"
#include "testutil.h"

#define SZ_1M		(1ULL << 20)
#define ANON_RW		(MAP_PRIVATE_ | MAP_ANONYMOUS_)
#define FRESH		0x600000000000ULL	/* a PGD slot no task uses */

static struct task_struct *spawn(struct machine *m, const char *comm)
{
	struct spawn_args a = { .comm = comm };
	int pid = task_spawn(m, &a);

	ck_assert_int_gt(pid, 0);
	ck_machine_ok(m);
	return find_task_by_pid(m, pid);
}

static void map_fixed(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
		      unsigned int flags, const char *file)
{
	ck_assert_int_eq(do_mmap(m, t, &addr, len, 3, flags | MAP_FIXED_, file, 0, NULL), 0);
	ck_machine_ok(m);
}

static void touch(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len, bool write,
		  unsigned long faults, unsigned long major)
{
	struct fault_stats st = { 0 };

	ck_assert_int_eq(access_range(m, t, addr, len, write, &st), 0);
	ck_assert_uint_eq(st.faults, faults);
	ck_assert_uint_eq(st.major, major);
	ck_machine_ok(m);
}

/*
 * mm_account_fault: a fault that fails (here the page allocation, injected)
 * counts in pgfault as the kernel's do, but not in the task's min_flt; the
 * access returns -ENOMEM and nothing is left half-mapped.
 */
START_TEST(test_failed_fault_counts)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *t = spawn(m, "app");
	unsigned long pgfault, minflt, anon = global_node_page_state(m, NR_ANON_MAPPED);
	struct fault_stats st = { 0 };

	map_fixed(m, t, FRESH, 4 * 4096, ANON_RW, NULL);
	pgfault = m->vm_events[PGFAULT];
	minflt = t->min_flt;
	/* fail_page_alloc's boot filters pass over a user page's fault: open them */
	m->fail_page_alloc.min_order = 0;
	m->fail_page_alloc.ignore_gfp_reclaim = false;
	m->fail_page_alloc.ignore_gfp_highmem = false;
	fault_attr_set(&m->fail_page_alloc.attr, 1, 1);
	ck_assert_int_eq(access_range(m, t, FRESH, 4096, true, &st), -ENOMEM);
	ck_machine_ok(m);
	ck_assert_uint_eq(m->vm_events[PGFAULT], pgfault + 1);
	ck_assert_uint_eq(t->min_flt, minflt);
	ck_assert_uint_eq(st.faults, 0);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon);
	/* the same access again, nothing failing: one more fault, this one the task's */
	touch(m, t, FRESH, 4096, true, 1, 0);
	ck_assert_uint_eq(m->vm_events[PGFAULT], pgfault + 2);
	ck_assert_uint_eq(t->min_flt, minflt + 1);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon + 1);
	machine_free(m);
}
END_TEST

START_TEST(test_anon_write_fault)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app");
	unsigned long anon = global_node_page_state(m, NR_ANON_MAPPED);
	unsigned long pt = global_node_page_state(m, NR_PAGETABLE);
	unsigned long pgfault = m->vm_events[PGFAULT], minflt = t->min_flt;
	long vmpte = t->mm->pgtables_bytes;

	map_fixed(m, t, FRESH, 300 * SZ_1M, ANON_RW, NULL);
	/* a VMA alone takes no page tables */
	ck_assert_uint_eq(global_node_page_state(m, NR_PAGETABLE), pt);
	touch(m, t, FRESH, 300 * SZ_1M, true, 76800, 0);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon + 76800);
	ck_assert_uint_eq(get_mm_counter(t->mm, MM_ANONPAGES) >= 76800, 1);
	ck_assert_uint_eq(m->vm_events[PGFAULT], pgfault + 76800);
	ck_assert_uint_eq(t->min_flt, minflt + 76800);
	/* one PUD, one PMD, 150 PTE tables */
	ck_assert_uint_eq(global_node_page_state(m, NR_PAGETABLE), pt + 152);
	ck_assert_int_eq(t->mm->pgtables_bytes, vmpte + 152 * 4096);
	/* mapped pages cost nothing the second time */
	touch(m, t, FRESH, 300 * SZ_1M, true, 0, 0);
	/* munmap gives the pages and the tables back */
	ck_assert_int_eq(do_munmap(m, t, FRESH, 300 * SZ_1M), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon);
	ck_assert_uint_eq(global_node_page_state(m, NR_PAGETABLE), pt);
	ck_assert_int_eq(t->mm->pgtables_bytes, vmpte);
	machine_free(m);
}
END_TEST

START_TEST(test_zero_page)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app");
	unsigned long anon = global_node_page_state(m, NR_ANON_MAPPED);
	unsigned long rss;

	map_fixed(m, t, FRESH, SZ_1M, ANON_RW, NULL);
	rss = get_mm_rss(t->mm);
	/* reads of untouched memory map the shared zero page: faults, no memory */
	touch(m, t, FRESH, SZ_1M, false, 256, 0);
	ck_assert_uint_eq(get_mm_rss(t->mm), rss);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon);
	/* a write then copies from it: one more fault each */
	touch(m, t, FRESH, 16 * 4096, true, 16, 0);
	ck_assert_uint_eq(get_mm_rss(t->mm), rss + 16);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon + 16);
	/*
	 * Each step moves the PTE table between its compact form (zero-page
	 * entries only) and its array, which machine_check() checks: dropped,
	 * read again, forked (the child's entries old), read in the child.
	 */
	ck_assert_int_eq(do_madvise(m, t, FRESH, SZ_1M, MADV_DONTNEED_), 0);
	ck_machine_ok(m);
	touch(m, t, FRESH, SZ_1M, false, 256, 0);
	{
		struct task_struct *c = find_task_by_pid(m, task_fork(m, t));
		unsigned long tables = global_node_page_state(m, NR_PAGETABLE);

		ck_assert_ptr_nonnull(c);
		ck_machine_ok(m);
		touch(m, c, FRESH, 4096, false, 0, 0);
		touch(m, c, FRESH + 4096, 4096, true, 1, 0);
		ck_assert_int_eq(do_madvise(m, c, FRESH, SZ_1M, MADV_DONTNEED_), 0);
		ck_machine_ok(m);
		ck_assert_uint_eq(global_node_page_state(m, NR_PAGETABLE), tables);
	}
	machine_free(m);
}
END_TEST

START_TEST(test_file_readaround_faultaround)
{
	struct machine *m = boot_preset("default");
	unsigned long mapped0 = global_node_page_state(m, NR_FILE_MAPPED);
	struct task_struct *a = spawn(m, "reader"), *b = spawn(m, "reader2");
	unsigned long file = global_node_page_state(m, NR_FILE_PAGES);
	unsigned long mapped = global_node_page_state(m, NR_FILE_MAPPED);
	unsigned long majfault = m->vm_events[PGMAJFAULT], pgpgin = m->vm_events[PGPGIN], majflt;

	map_fixed(m, a, FRESH, SZ_1M, MAP_PRIVATE_, "/srv/table");
	majflt = a->maj_flt;
	/*
	 * Page 0 is the one major fault: it reads 0..31 and marks page 24.
	 * Pages 1 and 16 map the cached rest 16 at a time (fault-around skips
	 * the mark); page 24's fault reads 32..63 ahead and marks 32; from
	 * there every 32 pages cost two minor faults: the marked page, which
	 * reads the next window, and the second half's fault-around.
	 */
	touch(m, a, FRESH, SZ_1M, false, 4 + 7 * 2, 1);
	ck_assert_uint_eq(a->maj_flt, majflt + 1);
	ck_assert_uint_eq(global_node_page_state(m, NR_FILE_PAGES), file + 256);
	ck_assert_uint_eq(global_node_page_state(m, NR_FILE_MAPPED), mapped + 256);
	ck_assert_uint_eq(m->vm_events[PGMAJFAULT], majfault + 1);
	ck_assert_uint_eq(m->vm_events[PGPGIN], pgpgin + 256 * 8);
	ck_assert_uint_eq(get_mm_counter(a->mm, MM_FILEPAGES) >= 256, 1);
	/* another reader finds it all cached: 16 minor faults */
	map_fixed(m, b, FRESH, SZ_1M, MAP_PRIVATE_, "/srv/table");
	touch(m, b, FRESH, SZ_1M, false, 16, 0);
	ck_assert_uint_eq(global_node_page_state(m, NR_FILE_PAGES), file + 256);
	ck_assert_uint_eq(global_node_page_state(m, NR_FILE_MAPPED), mapped + 256);
	/* a private write copies the page: anon, not file */
	touch(m, b, FRESH, 4096, true, 1, 0);
	ck_assert_uint_eq(global_node_page_state(m, NR_FILE_MAPPED), mapped + 256);
	/* the cache outlives the mappings */
	ck_assert_int_eq(task_exit(m, a, 0, false), 0);
	ck_assert_int_eq(task_exit(m, b, 0, false), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(global_node_page_state(m, NR_FILE_PAGES), file + 256);
	ck_assert_uint_eq(global_node_page_state(m, NR_FILE_MAPPED), mapped0);
	machine_free(m);
}
END_TEST

/* Page-cache indexes are 64-bit: offsets 16 TiB apart are different pages; past MAX_LFS_FILESIZE is EOVERFLOW. */
START_TEST(test_file_offsets_past_16t)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "reader");
	uint64_t a = FRESH, b = FRESH + SZ_1M, c = 0;
	struct address_space *as;
	unsigned long file = global_node_page_state(m, NR_FILE_PAGES);

	ck_assert_int_eq(do_mmap(m, t, &a, 4096, 1, MAP_PRIVATE_ | MAP_FIXED_, "/srv/huge", 0, NULL), 0);
	ck_assert_int_eq(do_mmap(m, t, &b, 4096, 1, MAP_PRIVATE_ | MAP_FIXED_, "/srv/huge", 1ULL << 44, NULL), 0);
	touch(m, t, a, 4096, false, 1, 1);
	/* index 2^32 is not index 0: its own major fault, reading the window up to the end of the file */
	touch(m, t, b, 4096, false, 1, 1);
	ck_assert_uint_eq(global_node_page_state(m, NR_FILE_PAGES), file + 32 + 17);
	as = filemap_open(m, "/srv/huge", 0);
	ck_assert_uint_ne(filemap_lookup(as, 0), PFN_NONE);
	ck_assert_uint_ne(filemap_lookup(as, 1UL << 32), PFN_NONE);
	ck_assert_uint_ne(filemap_lookup(as, 0), filemap_lookup(as, 1UL << 32));
	/* unmapped and dropped once read, each goes once */
	ck_assert_int_eq(do_munmap(m, t, a, 2 * SZ_1M), 0);
	blk_run_until_idle(m);
	filemap_drop_caches(m);
	ck_machine_ok(m);
	ck_assert_uint_eq(filemap_lookup(as, 0), PFN_NONE);
	ck_assert_uint_eq(filemap_lookup(as, 1UL << 32), PFN_NONE);
	/* file_mmap_ok(): the mapping must end below 2^63 - 1 */
	ck_assert_int_eq(do_mmap(m, t, &c, 8192, 1, MAP_PRIVATE_, "/srv/huge", (1ULL << 63) - 8192, NULL), -EOVERFLOW);
	ck_assert_int_eq(do_mmap(m, t, &c, 8192, 1, MAP_PRIVATE_, "/srv/huge", (1ULL << 63) - 12288, NULL), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * Readahead as page_cache_ra_unbounded and page_cache_async_ra do it: a
 * window marks only a page it read itself, and a reader that reaches
 * another reader's mark reads from the first page missing after it.
 */
START_TEST(test_readahead_marks)
{
	struct machine *m = boot_preset("default");
	struct task_struct *a = spawn(m, "a"), *b = spawn(m, "b"), *c = spawn(m, "c");
	struct address_space *as;

	map_fixed(m, a, FRESH, SZ_1M, MAP_PRIVATE_, "/srv/log");
	map_fixed(m, b, FRESH, SZ_1M, MAP_PRIVATE_, "/srv/log");
	map_fixed(m, c, FRESH, SZ_1M, MAP_PRIVATE_, "/srv/log");
	as = filemap_open(m, "/srv/log", 0);
	/* a: page 100 reads [84, 116) and marks 108 */
	touch(m, a, FRESH + 100 * 4096, 4096, false, 1, 1);
	ck_assert_uint_ne(page_ext_get(m, filemap_lookup(as, 108))->flags & PGE_readahead, 0);
	/* b: page 70 reads [54, 86) but 84 and 85 were cached: 78 is marked, 84 is not */
	touch(m, b, FRESH + 70 * 4096, 4096, false, 1, 1);
	ck_assert_uint_ne(page_ext_get(m, filemap_lookup(as, 78))->flags & PGE_readahead, 0);
	ck_assert_uint_eq(page_ext_get(m, filemap_lookup(as, 84))->flags & PGE_readahead, 0);
	/* c reaches a's mark at 108 unexpectedly: the window starts at 116, the first gap */
	ck_assert_uint_eq(filemap_lookup(as, 116), PFN_NONE);
	touch(m, c, FRESH + 108 * 4096, 4096, false, 1, 0);
	ck_assert_uint_eq(page_ext_get(m, filemap_lookup(as, 108))->flags & PGE_readahead, 0);
	ck_assert_uint_ne(filemap_lookup(as, 116), PFN_NONE);
	ck_assert_uint_ne(filemap_lookup(as, 147), PFN_NONE);
	ck_assert_uint_eq(filemap_lookup(as, 148), PFN_NONE);
	ck_assert_uint_ne(page_ext_get(m, filemap_lookup(as, 116))->flags & PGE_readahead, 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_fork_cow)
{
	struct machine *m = boot_preset("default");
	struct task_struct *p = spawn(m, "parent"), *c;
	unsigned long anon, free_before, reuse;
	int pid;

	map_fixed(m, p, FRESH, 4 * SZ_1M, ANON_RW, NULL);
	touch(m, p, FRESH, 4 * SZ_1M, true, 1024, 0);
	anon = global_node_page_state(m, NR_ANON_MAPPED);
	free_before = nr_free(m);
	pid = task_fork(m, p);
	ck_assert_int_gt(pid, 0);
	ck_machine_ok(m);
	c = find_task_by_pid(m, pid);
	/* the child maps every anon page of its parent, shared; no page is copied */
	ck_assert_uint_eq(get_mm_counter(c->mm, MM_ANONPAGES), get_mm_counter(p->mm, MM_ANONPAGES));
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon);
	ck_assert_uint_eq(free_before - nr_free(m) < 64, 1);	/* tables and task objects only */
	/* the child's entries start old: Referenced counts what it has used since */
	{
		struct mem_size_stats mss = { 0 };

		smap_gather_stats(m, vma_lookup(c->mm, FRESH), &mss);
		ck_assert_uint_eq(mss.referenced, 0);
		touch(m, c, FRESH, 10 * 4096, false, 0, 0);
		memset(&mss, 0, sizeof(mss));
		smap_gather_stats(m, vma_lookup(c->mm, FRESH), &mss);
		ck_assert_uint_eq(mss.referenced, 10 * 4096);
		memset(&mss, 0, sizeof(mss));
		smap_gather_stats(m, vma_lookup(p->mm, FRESH), &mss);
		ck_assert_uint_eq(mss.referenced, 4 * SZ_1M);
	}
	/* the child writes 100 pages: 100 copies */
	touch(m, c, FRESH, 100 * 4096, true, 100, 0);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon + 100);
	/* the parent writes 200: the first 100 are its own again (reuse), 100 copies */
	reuse = m->vm_events[PGREUSE];
	touch(m, p, FRESH, 200 * 4096, true, 200, 0);
	ck_assert_uint_eq(m->vm_events[PGREUSE], reuse + 100);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon + 200);
	/*
	 * The child exits: its 100 copies go, and so do the 100 originals the
	 * parent copied away from; the other 824 are the parent's alone again.
	 */
	ck_assert_int_eq(task_exit(m, c, 0, false), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon);
	ck_assert_uint_eq(p->cmin_flt >= 100, 1);
	machine_free(m);
}
END_TEST

START_TEST(test_shared_anon)
{
	struct machine *m = boot_preset("default");
	unsigned long committed0 = vm_memory_committed(m);
	struct task_struct *p = spawn(m, "parent"), *c;
	unsigned long shmem = global_node_page_state(m, NR_SHMEM);
	unsigned long committed = vm_memory_committed(m);

	map_fixed(m, p, FRESH, SZ_1M, MAP_SHARED_ | MAP_ANONYMOUS_, NULL);
	ck_assert_uint_eq(vm_memory_committed(m), committed + 256);
	touch(m, p, FRESH, SZ_1M, true, 256, 0);
	ck_assert_uint_eq(global_node_page_state(m, NR_SHMEM), shmem + 256);
	ck_assert_uint_eq(get_mm_counter(p->mm, MM_SHMEMPAGES), 256);
	c = find_task_by_pid(m, task_fork(m, p));
	ck_assert_ptr_nonnull(c);
	ck_machine_ok(m);
	/* the child is not given the entries: it faults the shared pages in, minor, 16 at a time */
	ck_assert_uint_eq(get_mm_counter(c->mm, MM_SHMEMPAGES), 0);
	touch(m, c, FRESH, SZ_1M, false, 16, 0);
	/* shmem needs no write notification: the entries are writable already */
	touch(m, c, FRESH, SZ_1M, true, 0, 0);
	ck_assert_uint_eq(get_mm_counter(c->mm, MM_SHMEMPAGES), 256);
	ck_assert_uint_eq(global_node_page_state(m, NR_SHMEM), shmem + 256);
	ck_assert_int_eq(task_exit(m, p, 0, false), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(global_node_page_state(m, NR_SHMEM), shmem + 256);
	ck_assert_int_eq(task_exit(m, c, 0, false), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(global_node_page_state(m, NR_SHMEM), shmem);
	ck_assert_uint_eq(vm_memory_committed(m), committed0);
	machine_free(m);
}
END_TEST

START_TEST(test_stack_growth)
{
	struct machine *m = boot_preset("default");
	struct task_struct *t = spawn(m, "app");
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *stack = vma_lookup(mm, mm->start_stack);
	uint64_t top = stack->vm_end;
	unsigned long stk = mm->stack_vm;
	int pid = t->pid;

	ck_assert_uint_eq(stk, 0x21);
	ck_assert_int_eq(access_range(m, t, top - SZ_1M, SZ_1M, true, NULL), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(stack->vm_start, top - SZ_1M);
	ck_assert_uint_eq(mm->stack_vm, 256);
	/* RLIMIT_STACK: 8 MiB and not a page more */
	ck_assert_int_eq(access_range(m, t, top - 8 * SZ_1M, 4096, true, NULL), 0);
	ck_assert_int_eq(access_range(m, t, top - 8 * SZ_1M - 4096, 4096, true, NULL), -EFAULT);
	ck_assert_ptr_null(find_task_by_pid(m, pid));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_segfault)
{
	struct machine *m = boot_preset("tiny");
	struct task_struct *t = spawn(m, "app");
	int pid = t->pid;
	uint64_t text = t->mm->start_code;
	char line[200];

	/* a write to read-only text that is mapped: error 7 (user, write, present) */
	ck_assert_int_eq(access_range(m, t, text, 4096, true, NULL), -EFAULT);
	ck_assert_ptr_null(find_task_by_pid(m, pid));
	g_snprintf(line, sizeof(line), "app[%d]: segfault at %" G_GINT64_MODIFIER "x ip %016"
		   G_GINT64_MODIFIER "x sp ", pid, text, text);
	ck_logged(m, line);
	ck_logged(m, " error 7 in app[");
	ck_machine_ok(m);
	/* nothing there at all: error 6 */
	t = spawn(m, "app2");
	ck_assert_int_eq(access_range(m, t, 0x10010, 4096, true, NULL), -EFAULT);
	ck_logged(m, "segfault at 10010 ip ");
	ck_logged(m, " error 6 in app2[");
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_exit_gives_back)
{
	struct machine *m = boot_preset("default");
	unsigned long anon = global_node_page_state(m, NR_ANON_MAPPED);
	unsigned long pt = global_node_page_state(m, NR_PAGETABLE);
	unsigned long stack = global_node_page_state(m, NR_KERNEL_STACK_KB);
	unsigned long committed = vm_memory_committed(m);
	struct task_struct *t = spawn(m, "app");

	ck_assert_uint_eq(global_node_page_state(m, NR_KERNEL_STACK_KB), stack + 16);
	map_fixed(m, t, FRESH, 8 * SZ_1M, ANON_RW, NULL);
	touch(m, t, FRESH, 8 * SZ_1M, true, 2048, 0);
	ck_assert_int_eq(task_exit(m, t, 0, false), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(global_node_page_state(m, NR_ANON_MAPPED), anon);
	ck_assert_uint_eq(global_node_page_state(m, NR_PAGETABLE), pt);
	ck_assert_uint_eq(global_node_page_state(m, NR_KERNEL_STACK_KB), stack);
	ck_assert_uint_eq(vm_memory_committed(m), committed);
	/* init and kernel threads do not exit */
	ck_assert_int_eq(task_exit(m, find_task_by_pid(m, 1), 0, false), -EPERM);
	ck_assert_int_eq(task_exit(m, find_task_by_pid(m, 2), 0, false), -EPERM);
	machine_free(m);
}
END_TEST

static Suite *fault_suite(void)
{
	Suite *s = suite_create("fault");
	TCase *tc = tcase_create("fault");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_anon_write_fault);
	tcase_add_test(tc, test_failed_fault_counts);
	tcase_add_test(tc, test_zero_page);
	tcase_add_test(tc, test_file_readaround_faultaround);
	tcase_add_test(tc, test_file_offsets_past_16t);
	tcase_add_test(tc, test_readahead_marks);
	tcase_add_test(tc, test_fork_cow);
	tcase_add_test(tc, test_shared_anon);
	tcase_add_test(tc, test_stack_growth);
	tcase_add_test(tc, test_segfault);
	tcase_add_test(tc, test_exit_gives_back);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(fault_suite());
}
