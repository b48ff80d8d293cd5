// SPDX-License-Identifier: GPL-2.0
/*
 * Page-level views of an address space: /proc/<pid>/pagemap (entries after
 * touch, fork, copy-on-write and munmap, PFNs hidden from non-root, reads
 * at any aligned offset, the errors), clear_refs (soft-dirty and referenced
 * bits, VmHWM, bad input), numa_maps, kpageflags and kpagecount of every
 * kind of page, and page_idle marking, with exact values on the tiny preset
 * booted with seed 1.
 * machine_check() after every step that changes the engine.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/page_idle.h"
#include "mm/task.h"
#include "testutil.h"

#define ANON_PRIVATE	(MAP_PRIVATE_ | MAP_ANONYMOUS_ | MAP_FIXED_)
#define FRESH		0x600000000000ULL	/* a PGD slot no task uses */
#define FILE_AT		(FRESH + (1ULL << 20))
#define PROT_RW		3
#define PROT_R		1
#define PAGE		4096ULL

struct fixture {
	struct machine *m;
	struct pfs_tree *tree;
	struct task_struct *t;
};

static struct fixture boot(const char *preset)
{
	struct fixture f = { .m = boot_preset(preset) };
	struct spawn_args a = { .comm = "app", .uid = 1000, .gid = 1000 };
	int pid;

	f.tree = pfs_tree_new(f.m);
	pid = task_spawn(f.m, &a);
	ck_assert_int_gt(pid, 0);
	f.t = find_task_by_pid(f.m, pid);
	ck_machine_ok(f.m);
	return f;
}

static void shutdown(struct fixture *f)
{
	pfs_tree_free(f->tree);
	machine_free(f->m);
}

static void map(struct fixture *f, struct task_struct *t, uint64_t addr, uint64_t len,
		unsigned int prot, unsigned int flags, const char *file)
{
	ck_assert_int_eq(do_mmap(f->m, t, &addr, len, prot, flags, file, 0, NULL), 0);
	ck_machine_ok(f->m);
}

static void touch(struct fixture *f, struct task_struct *t, uint64_t addr, uint64_t len, bool write)
{
	ck_assert_int_eq(access_range(f->m, t, addr, len, write, NULL), 0);
	ck_machine_ok(f->m);
}

static char *path_of(int pid, const char *file)
{
	return g_strdup_printf("proc/%d/%s", pid, file);
}

/* One read of @size bytes at @off of an open by @uid: bytes or -errno; the bytes in @buf. */
static ssize_t pread_as(struct fixture *f, int pid, const char *file, uid_t uid, uint64_t off,
			size_t size, void *buf)
{
	g_autofree char *path = path_of(pid, file);
	struct pfs_node *n = pfs_resolve(f->tree, path);
	g_autofree char *data = NULL;
	struct pfs_open *of;
	ssize_t ret;
	int err;

	ck_assert_ptr_nonnull(n);
	err = pfs_open(f->tree, n, O_RDONLY, uid, uid, &of);
	if (err)
		return err;
	ret = pfs_read(f->tree, of, off, size, &data);
	if (ret > 0)
		memcpy(buf, data, (size_t)ret);
	pfs_release(of);
	return ret;
}

/* The pagemap entry of the page at @addr, as @uid reads it. */
static uint64_t pm_entry(struct fixture *f, struct task_struct *t, uint64_t addr, uid_t uid)
{
	uint64_t e = 0;

	ck_assert_int_eq(pread_as(f, t->pid, "pagemap", uid, addr / PAGE * 8, 8, &e), 8);
	return e;
}

static ssize_t write_as(struct fixture *f, int pid, const char *file, const char *s, uid_t uid)
{
	g_autofree char *path = path_of(pid, file);
	struct pfs_node *n = pfs_resolve(f->tree, path);
	struct pfs_open *of;
	ssize_t ret;

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(pfs_open(f->tree, n, O_WRONLY, uid, uid, &of), 0);
	ret = pfs_write(f->tree, of, 0, s, strlen(s));
	pfs_release(of);
	return ret;
}

static char *read_text(struct fixture *f, int pid, const char *file)
{
	g_autofree char *path = path_of(pid, file);
	GString *out = g_string_new(NULL);

	ck_assert_int_eq(pfs_render(f->tree, path, out), 0);
	return g_string_free(out, FALSE);
}

/* The kB of "Key:" in the smaps block of the VMA starting at @start. */
static unsigned long smaps_kb(struct fixture *f, uint64_t start, const char *key)
{
	g_autofree char *smaps = read_text(f, f->t->pid, "smaps");
	g_autofree char *head = g_strdup_printf("%" PRIx64 "-", start);
	g_autofree char *pat = g_strdup_printf("\n%s", key);
	const char *p = strstr(smaps, head), *k;

	ck_assert_ptr_nonnull(p);
	k = strstr(p, pat);
	ck_assert_ptr_nonnull(k);
	return strtoul(k + strlen(pat) + 1, NULL, 10);
}

/* The numa_maps line of the VMA at @start, without its newline. */
static char *numa_line(struct fixture *f, struct task_struct *t, uint64_t start)
{
	g_autofree char *text = read_text(f, t->pid, "numa_maps");
	g_autofree char *head = g_strdup_printf("%" PRIx64 " ", start);
	const char *p = strstr(text, head);

	ck_assert_msg(p != NULL, "no %s in\n%s", head, text);
	return g_strndup(p, strcspn(p, "\n"));
}

#define PRESENT_EXCL_SD	(PM_PRESENT | PM_MMAP_EXCLUSIVE | PM_SOFT_DIRTY)

/* Entries after write, read, file fault-around, fork, copy-on-write and munmap. */
START_TEST(test_pagemap_entries)
{
	struct fixture f = boot("tiny");
	struct task_struct *c;
	uint64_t e[16], file[8];

	map(&f, f.t, FRESH, 16 * PAGE, PROT_RW, ANON_PRIVATE, NULL);
	touch(&f, f.t, FRESH, 4 * PAGE, true);
	touch(&f, f.t, FRESH + 4 * PAGE, 4 * PAGE, false);
	map(&f, f.t, FILE_AT, 8 * PAGE, PROT_R, MAP_PRIVATE_ | MAP_FIXED_, "/data/file");
	touch(&f, f.t, FILE_AT, PAGE, false);

	/* written: exclusive, soft-dirty, its PFN; read: the zero page (0xff); untouched: 0 */
	ck_assert_int_eq(pread_as(&f, f.t->pid, "pagemap", 0, FRESH / PAGE * 8, sizeof(e), e),
			 sizeof(e));
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(e[i], PRESENT_EXCL_SD | (0x2095 + i));
	for (int i = 4; i < 8; i++)
		ck_assert_uint_eq(e[i], PM_PRESENT | 0xff);
	for (int i = 8; i < 16; i++)
		ck_assert_uint_eq(e[i], 0);
	/* a file page read in: file, exclusive, clean */
	ck_assert_int_eq(pread_as(&f, f.t->pid, "pagemap", 0, FILE_AT / PAGE * 8, sizeof(file),
				  file), sizeof(file));
	ck_assert_uint_eq(file[0], PM_PRESENT | PM_MMAP_EXCLUSIVE | PM_FILE | 0x2099);
	/* the owner reads it too, without PFNs (no CAP_SYS_ADMIN) */
	ck_assert_uint_eq(pm_entry(&f, f.t, FRESH, 1000), PRESENT_EXCL_SD);
	ck_assert_uint_eq(pm_entry(&f, f.t, FRESH + 4 * PAGE, 1000), PM_PRESENT);
	ck_assert_uint_eq(pm_entry(&f, f.t, FILE_AT, 1000), PM_PRESENT | PM_MMAP_EXCLUSIVE | PM_FILE);

	/* fork: both map the anon pages, neither exclusively; the child's are as soft-dirty */
	c = find_task_by_pid(f.m, task_fork(f.m, f.t));
	ck_assert_ptr_nonnull(c);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(pm_entry(&f, f.t, FRESH, 0), PM_PRESENT | PM_SOFT_DIRTY | 0x2095);
	ck_assert_uint_eq(pm_entry(&f, c, FRESH, 0), PM_PRESENT | PM_SOFT_DIRTY | 0x2095);
	/* the child did not copy the file mapping's entries: it faults them in itself */
	ck_assert_uint_eq(pm_entry(&f, c, FILE_AT, 0), 0);
	/* the parent writes: its own copy, exclusive again; the child's page is its alone now */
	touch(&f, f.t, FRESH, PAGE, true);
	ck_assert_uint_eq(pm_entry(&f, f.t, FRESH, 0) & ~PM_PFRAME_MASK, PRESENT_EXCL_SD);
	ck_assert_uint_ne(pm_entry(&f, f.t, FRESH, 0) & PM_PFRAME_MASK, 0x2095);
	ck_assert_uint_eq(pm_entry(&f, c, FRESH, 0), PRESENT_EXCL_SD | 0x2095);
	/* munmap: the hole reads 0 */
	ck_assert_int_eq(do_munmap(f.m, f.t, FRESH + PAGE, PAGE), 0);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(pm_entry(&f, f.t, FRESH + PAGE, 0), 0);
	ck_assert_uint_eq(pm_entry(&f, f.t, FRESH + 2 * PAGE, 0), PM_PRESENT | PM_SOFT_DIRTY | 0x2097);
	shutdown(&f);
}
END_TEST

/* Offsets and sizes: multiples of 8, the file ends at TASK_SIZE, kernel threads read nothing. */
START_TEST(test_pagemap_offsets)
{
	struct fixture f = boot("tiny");
	uint64_t last = TASK_SIZE / PAGE * 8, e[4] = { 1, 1, 1, 1 };
	int pid = f.t->pid;

	ck_assert_int_eq(pread_as(&f, pid, "pagemap", 0, 4, 8, e), -EINVAL);
	ck_assert_int_eq(pread_as(&f, pid, "pagemap", 0, 0, 12, e), -EINVAL);
	ck_assert_int_eq(pread_as(&f, pid, "pagemap", 0, 0, 0, e), 0);
	/* the last page of the user address space, then the end */
	ck_assert_int_eq(pread_as(&f, pid, "pagemap", 0, last - 8, sizeof(e), e), 8);
	ck_assert_uint_eq(e[0], 0);
	ck_assert_int_eq(pread_as(&f, pid, "pagemap", 0, last, sizeof(e), e), 0);
	ck_assert_int_eq(pread_as(&f, pid, "pagemap", 0, UINT64_MAX - 7, sizeof(e), e), 0);
	/* the stack's top page is mapped and written by start-up */
	ck_assert_uint_ne(pm_entry(&f, f.t, f.t->mm->start_stack, 0) & PM_PRESENT, 0);
	/* kthreadd has no mm: the file opens and reads empty */
	ck_assert_int_eq(pread_as(&f, 2, "pagemap", 0, 0, sizeof(e), e), 0);
	/* a task that is gone: ENOENT at open */
	ck_assert_int_eq(task_exit(f.m, f.t, 0, false), 0);
	ck_machine_ok(f.m);
	ck_assert_ptr_null(pfs_resolve(f.tree, "proc/999/pagemap"));
	shutdown(&f);
}
END_TEST

/* clear_refs 4, then writes: exactly the written pages are soft-dirty again. */
START_TEST(test_clear_refs_soft_dirty)
{
	struct fixture f = boot("tiny");
	unsigned long flt;

	map(&f, f.t, FRESH, 8 * PAGE, PROT_RW, ANON_PRIVATE, NULL);
	touch(&f, f.t, FRESH, 8 * PAGE, true);
	ck_assert_int_eq(write_as(&f, f.t->pid, "clear_refs", "4\n", 1000), 2);
	ck_machine_ok(f.m);
	for (int i = 0; i < 8; i++)
		ck_assert_uint_eq(pm_entry(&f, f.t, FRESH + i * PAGE, 0),
				  PM_PRESENT | PM_MMAP_EXCLUSIVE | (0x2095 + i));
	/* the entries are write-protected: a write faults once and marks the page again */
	flt = f.t->min_flt;
	touch(&f, f.t, FRESH + 2 * PAGE, PAGE, true);
	touch(&f, f.t, FRESH + 5 * PAGE, PAGE, true);
	touch(&f, f.t, FRESH + 5 * PAGE, PAGE, true);
	touch(&f, f.t, FRESH + 6 * PAGE, PAGE, false);
	ck_assert_uint_eq(f.t->min_flt, flt + 2);
	for (int i = 0; i < 8; i++)
		ck_assert_uint_eq(pm_entry(&f, f.t, FRESH + i * PAGE, 0),
				  PM_PRESENT | PM_MMAP_EXCLUSIVE | (0x2095 + i) |
				  (i == 2 || i == 5 ? PM_SOFT_DIRTY : 0));
	/* mprotect back to writable keeps the clean ones write-protected */
	ck_assert_int_eq(do_mprotect(f.m, f.t, FRESH, 8 * PAGE, PROT_R), 0);
	ck_assert_int_eq(do_mprotect(f.m, f.t, FRESH, 8 * PAGE, PROT_RW), 0);
	ck_machine_ok(f.m);
	flt = f.t->min_flt;
	touch(&f, f.t, FRESH, 8 * PAGE, true);
	ck_assert_uint_eq(f.t->min_flt, flt + 6);
	ck_assert_uint_eq(pm_entry(&f, f.t, FRESH + 7 * PAGE, 0), PRESENT_EXCL_SD | (0x2095 + 7));
	shutdown(&f);
}
END_TEST

/* clear_refs 1, 2, 3: smaps Referenced counts exactly the pages used since. */
START_TEST(test_clear_refs_referenced)
{
	struct fixture f = boot("tiny");

	map(&f, f.t, FRESH, 8 * PAGE, PROT_RW, ANON_PRIVATE, NULL);
	map(&f, f.t, FILE_AT, 8 * PAGE, PROT_R, MAP_PRIVATE_ | MAP_FIXED_, "/data/file");
	touch(&f, f.t, FRESH, 8 * PAGE, true);
	touch(&f, f.t, FILE_AT, 8 * PAGE, false);
	ck_assert_uint_eq(smaps_kb(&f, FRESH, "Referenced:"), 32);
	ck_assert_uint_eq(smaps_kb(&f, FILE_AT, "Referenced:"), 32);
	/* 3: file mappings only */
	ck_assert_int_eq(write_as(&f, f.t->pid, "clear_refs", "3", 0), 1);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(smaps_kb(&f, FRESH, "Referenced:"), 32);
	ck_assert_uint_eq(smaps_kb(&f, FILE_AT, "Referenced:"), 0);
	/* 2: anonymous mappings only */
	ck_assert_int_eq(write_as(&f, f.t->pid, "clear_refs", "2", 0), 1);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(smaps_kb(&f, FRESH, "Referenced:"), 0);
	/* the working set: three pages read, one written */
	touch(&f, f.t, FRESH + PAGE, 3 * PAGE, false);
	touch(&f, f.t, FRESH + 6 * PAGE, PAGE, true);
	touch(&f, f.t, FILE_AT, 2 * PAGE, false);
	ck_assert_uint_eq(smaps_kb(&f, FRESH, "Referenced:"), 16);
	ck_assert_uint_eq(smaps_kb(&f, FILE_AT, "Referenced:"), 8);
	/* 1: everything */
	ck_assert_int_eq(write_as(&f, f.t->pid, "clear_refs", " 1 ", 0), 3);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(smaps_kb(&f, FRESH, "Referenced:"), 0);
	ck_assert_uint_eq(smaps_kb(&f, FILE_AT, "Referenced:"), 0);
	ck_assert_uint_eq(smaps_kb(&f, FRESH, "Rss:"), 32);
	shutdown(&f);
}
END_TEST

/* clear_refs 5 resets VmHWM; bad input is refused and changes nothing. */
START_TEST(test_clear_refs_hiwater_and_errors)
{
	struct fixture f = boot("tiny");
	static const struct { const char *s; int err; } bad[] = {
		{ "0", -EINVAL }, { "6", -EINVAL }, { "-1", -EINVAL }, { "abc", -EINVAL },
		{ "1x", -EINVAL }, { "0x1", -EINVAL }, { "", 0 }, { "\n", -EINVAL },
		{ "+", -EINVAL }, { "99999999999", -ERANGE }, { "1 2", -EINVAL },
	};
	unsigned long rss;

	map(&f, f.t, FRESH, 64 * PAGE, PROT_RW, ANON_PRIVATE, NULL);
	touch(&f, f.t, FRESH, 64 * PAGE, true);
	ck_assert_int_eq(do_munmap(f.m, f.t, FRESH, 64 * PAGE), 0);
	ck_machine_ok(f.m);
	rss = get_mm_rss(f.t->mm);
	ck_assert_uint_eq(get_mm_hiwater_rss(f.t->mm), rss + 64);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		ck_assert_int_eq(write_as(&f, f.t->pid, "clear_refs", bad[i].s, 0), bad[i].err);
		ck_assert_uint_eq(get_mm_hiwater_rss(f.t->mm), rss + 64);
		ck_machine_ok(f.m);
	}
	/* only the first 12 bytes count: "5" and eleven spaces, then junk */
	ck_assert_int_eq(write_as(&f, f.t->pid, "clear_refs", "5           junk", 0), 12);
	ck_assert_uint_eq(get_mm_hiwater_rss(f.t->mm), rss);
	ck_machine_ok(f.m);
	/* write-only, root or the owner; a kernel thread takes the write */
	ck_assert_uint_eq(pfs_resolve(f.tree, "proc/1/clear_refs")->mode, S_IFREG | 0200);
	ck_assert_int_eq(write_as(&f, 2, "clear_refs", "1", 0), 1);
	{
		struct pfs_open *of;

		ck_assert_int_eq(pfs_open(f.tree, pfs_resolve(f.tree, "proc/1/clear_refs"), O_RDONLY,
					  0, 0, &of), -EACCES);
	}
	shutdown(&f);
}
END_TEST

/* numa_maps: one line per VMA, counted from the page tables. */
START_TEST(test_numa_maps)
{
	struct fixture f = boot("tiny");
	g_autofree char *anon = NULL, *file = NULL, *shared = NULL, *all = NULL;
	g_auto(GStrv) lines = NULL;
	struct task_struct *c;

	map(&f, f.t, FRESH, 8 * PAGE, PROT_RW, ANON_PRIVATE, NULL);
	/* untouched: the address and policy alone */
	anon = numa_line(&f, f.t, FRESH);
	ck_assert_str_eq(anon, "600000000000 default");
	g_free(g_steal_pointer(&anon));
	touch(&f, f.t, FRESH, 4 * PAGE, true);
	touch(&f, f.t, FRESH + 4 * PAGE, 2 * PAGE, false);	/* the zero page is not counted */
	anon = numa_line(&f, f.t, FRESH);
	ck_assert_str_eq(anon, "600000000000 default anon=4 dirty=4 active=0 N0=4 kernelpagesize_kB=4");
	map(&f, f.t, FILE_AT, 8 * PAGE, PROT_R, MAP_PRIVATE_ | MAP_FIXED_, "/data/my file=x");
	touch(&f, f.t, FILE_AT, 8 * PAGE, false);
	file = numa_line(&f, f.t, FILE_AT);
	ck_assert_str_eq(file, "600000100000 default file=/data/my\\040file\\075x mapped=8 active=0 N0=8 "
			       "kernelpagesize_kB=4");
	map(&f, f.t, FILE_AT + 16 * PAGE, 4 * PAGE, PROT_RW, MAP_SHARED_ | MAP_ANONYMOUS_ | MAP_FIXED_,
	    NULL);
	touch(&f, f.t, FILE_AT + 16 * PAGE, 2 * PAGE, true);
	shared = numa_line(&f, f.t, FILE_AT + 16 * PAGE);
	ck_assert_str_eq(shared, "600000110000 default file=/dev/zero\\040(deleted) dirty=2 active=0 N0=2 "
				 "kernelpagesize_kB=4");
	/* fork: the anon pages are mapped twice */
	c = find_task_by_pid(f.m, task_fork(f.m, f.t));
	ck_machine_ok(f.m);
	g_free(g_steal_pointer(&anon));
	anon = numa_line(&f, c, FRESH);
	ck_assert_str_eq(anon, "600000000000 default anon=4 dirty=4 mapmax=2 active=0 N0=4 "
			       "kernelpagesize_kB=4");
	/* heap and stack are named; the gate VMA has no line */
	all = read_text(&f, f.t->pid, "numa_maps");
	ck_assert_ptr_nonnull(strstr(all, " heap"));
	ck_assert_ptr_nonnull(strstr(all, " stack "));
	ck_assert_ptr_null(strstr(all, "ffffffffff600000"));
	lines = g_strsplit(all, "\n", -1);
	ck_assert_uint_eq(g_strv_length(lines) - 1, f.t->mm->vmas->len);
	shutdown(&f);
}
END_TEST

/* The kpageflags and kpagecount words of @pfn, read as root. */
static uint64_t kpage(struct fixture *f, const char *file, unsigned long pfn)
{
	g_autofree char *path = g_strdup_printf("proc/%s", file);
	struct pfs_open *of;
	g_autofree char *data = NULL;
	uint64_t v;

	ck_assert_int_eq(pfs_open(f->tree, pfs_resolve(f->tree, path), O_RDONLY, 0, 0, &of), 0);
	ck_assert_int_eq(pfs_read(f->tree, of, (uint64_t)pfn * 8, 8, &data), 8);
	memcpy(&v, data, 8);
	pfs_release(of);
	return v;
}

#define KPF(b)	(1ULL << KPF_##b)
#define USER	(KPF(UPTODATE) | KPF(LRU) | KPF(MMAP))

/* kpageflags and kpagecount of buddy, reserved, zero, slab, page-table, anon and file pages. */
START_TEST(test_kpageflags)
{
	struct fixture f = boot("tiny");
	unsigned long slab = 0, max = f.m->max_pfn, pt = f.t->mm->pgd->pfn;
	struct task_struct *c;
	uint64_t buf[4];
	struct pfs_open *of;
	g_autofree char *data = NULL;

	map(&f, f.t, FRESH, 4 * PAGE, PROT_RW, ANON_PRIVATE, NULL);
	touch(&f, f.t, FRESH, 2 * PAGE, true);
	touch(&f, f.t, FRESH + 2 * PAGE, PAGE, false);
	map(&f, f.t, FILE_AT, PAGE, PROT_R, MAP_PRIVATE_ | MAP_FIXED_, "/data/file");
	touch(&f, f.t, FILE_AT, PAGE, false);
	for (unsigned long p = 0; p < max && !slab; p++)
		if ((pfn_to_page(f.m, p)->flags & PG_slab) && pfn_to_page(f.m, p)->order)
			slab = p;
	ck_assert_uint_ne(slab, 0);

	/* anon: swap-backed, the engine's anon pages are dirty; file: clean, on the file LRU */
	ck_assert_uint_eq(kpage(&f, "kpageflags", 0x2095),
			  USER | KPF(ANON) | KPF(SWAPBACKED) | KPF(DIRTY));
	ck_assert_uint_eq(kpage(&f, "kpageflags", 0x2097), USER);
	ck_assert_uint_eq(pm_entry(&f, f.t, FILE_AT, 0) & PM_PFRAME_MASK, 0x2097);
	ck_assert_uint_eq(kpage(&f, "kpageflags", 0xff), KPF(ZERO_PAGE) | KPF(RESERVED));
	ck_assert_uint_eq(slab, 6200);
	ck_assert_uint_eq(kpage(&f, "kpageflags", slab), KPF(COMPOUND_HEAD) | KPF(SLAB));
	ck_assert_uint_eq(kpage(&f, "kpageflags", slab + 1), KPF(COMPOUND_TAIL) | KPF(SLAB));
	ck_assert_uint_eq(kpage(&f, "kpageflags", pt), KPF(PGTABLE));
	ck_assert_uint_eq(kpage(&f, "kpageflags", max - 1), KPF(RESERVED));
	/* past max_pfn to the end of the 128 MiB section: no page */
	ck_assert_uint_eq(max, 16384);
	ck_assert_uint_eq(kpage(&f, "kpageflags", max), KPF(NOPAGE));
	ck_assert_uint_eq(kpage(&f, "kpageflags", PAGES_PER_SECTION - 1), KPF(NOPAGE));
	/* a free page: the allocator hands out 0x2098 next, so it is free now */
	ck_assert_uint_eq(kpage(&f, "kpageflags", 0x2098), KPF(BUDDY));
	/* mapcounts: the anon page once, then twice after a fork; the zero page and slabs 0 */
	ck_assert_uint_eq(kpage(&f, "kpagecount", 0x2095), 1);
	c = find_task_by_pid(f.m, task_fork(f.m, f.t));
	ck_assert_ptr_nonnull(c);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(kpage(&f, "kpagecount", 0x2095), 2);
	ck_assert_uint_eq(kpage(&f, "kpagecount", 0xff), 0);
	ck_assert_uint_eq(kpage(&f, "kpagecount", slab), 0);
	ck_assert_uint_eq(kpage(&f, "kpagecount", pt), 0);
	/* offsets and sizes in whole entries; the file ends with the section */
	ck_assert_int_eq(pfs_open(f.tree, pfs_resolve(f.tree, "proc/kpageflags"), O_RDONLY, 0, 0,
				  &of), 0);
	ck_assert_int_eq(pfs_read(f.tree, of, 3, 8, &data), -EINVAL);
	ck_assert_int_eq(pfs_read(f.tree, of, 0, 7, &data), -EINVAL);
	ck_assert_int_eq(pfs_read(f.tree, of, (PAGES_PER_SECTION - 2) * 8, sizeof(buf), &data), 16);
	g_free(g_steal_pointer(&data));
	ck_assert_int_eq(pfs_read(f.tree, of, PAGES_PER_SECTION * 8, sizeof(buf), &data), 0);
	ck_assert_int_eq(pfs_read(f.tree, of, UINT64_MAX - 7, sizeof(buf), &data), 0);
	pfs_release(of);
	ck_assert_uint_eq(pfs_resolve(f.tree, "proc/kpageflags")->mode, S_IFREG | 0400);
	ck_assert_uint_eq(pfs_resolve(f.tree, "proc/kpagecount")->mode, S_IFREG | 0400);
	shutdown(&f);
}
END_TEST

/* Words of page_idle/bitmap at @pfn's word: read (@write false) or write one word. */
static ssize_t idle_word(struct fixture *f, unsigned long pfn, bool write, uint64_t *w)
{
	struct pfs_open *of;
	g_autofree char *data = NULL;
	uint64_t off = pfn / 64 * 8;
	ssize_t ret;

	ck_assert_int_eq(pfs_open(f->tree, pfs_resolve(f->tree, "sys/kernel/mm/page_idle/bitmap"),
				  write ? O_WRONLY : O_RDONLY, 0, 0, &of), 0);
	if (write) {
		ret = pfs_write(f->tree, of, off, (const char *)w, 8);
	} else {
		ret = pfs_read(f->tree, of, off, 8, &data);
		if (ret == 8)
			memcpy(w, data, 8);
	}
	pfs_release(of);
	return ret;
}

/* Idle tracking: mark, access some, read back exactly the untouched ones. */
START_TEST(test_page_idle)
{
	struct fixture f = boot("tiny");
	uint64_t w = ~0ULL, mask = 0xfULL << (0x2095 % 64);	/* 0x2095..0x2098 */
	struct pfs_open *of;
	g_autofree char *data = NULL;

	map(&f, f.t, FRESH, 4 * PAGE, PROT_RW, ANON_PRIVATE, NULL);
	touch(&f, f.t, FRESH, 4 * PAGE, true);
	/* nothing is idle before a write */
	ck_assert_int_eq(idle_word(&f, 0x2095, false, &w), 8);
	ck_assert_uint_eq(w & mask, 0);
	/* mark the whole word: only its LRU pages become idle; the accessed bits go to young */
	w = ~0ULL;
	ck_assert_int_eq(idle_word(&f, 0x2095, true, &w), 8);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(kpage(&f, "kpageflags", 0x2096) & KPF(IDLE), KPF(IDLE));
	ck_assert_uint_eq(kpage(&f, "kpageflags", 0x2099), KPF(BUDDY));	/* free: not on an LRU */
	ck_assert_uint_eq(smaps_kb(&f, FRESH, "Referenced:"), 16);		/* young still counts */
	ck_assert_int_eq(idle_word(&f, 0x2095, false, &w), 8);
	ck_assert_uint_eq(w & mask, mask);
	/* the task reads one page and writes another: those two are no longer idle */
	touch(&f, f.t, FRESH + PAGE, PAGE, false);
	touch(&f, f.t, FRESH + 3 * PAGE, PAGE, true);
	ck_assert_int_eq(idle_word(&f, 0x2095, false, &w), 8);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(w & mask, (1ULL << (0x2095 % 64)) | (1ULL << (0x2097 % 64)));
	ck_assert_uint_eq(kpage(&f, "kpageflags", 0x2096) & KPF(IDLE), 0);
	/* clear_refs takes young away too: Referenced counts nothing */
	ck_assert_int_eq(write_as(&f, f.t->pid, "clear_refs", "1", 0), 1);
	ck_assert_uint_eq(smaps_kb(&f, FRESH, "Referenced:"), 0);
	/* bad offsets and sizes; past max_pfn reads nothing and refuses writes */
	ck_assert_int_eq(pfs_open(f.tree, pfs_resolve(f.tree, "sys/kernel/mm/page_idle/bitmap"),
				  O_RDWR, 0, 0, &of), 0);
	ck_assert_int_eq(pfs_read(f.tree, of, 4, 8, &data), -EINVAL);
	ck_assert_int_eq(pfs_read(f.tree, of, 0, 12, &data), -EINVAL);
	ck_assert_int_eq(pfs_read(f.tree, of, f.m->max_pfn / 8, 8, &data), 0);
	ck_assert_int_eq(pfs_write(f.tree, of, 4, (const char *)&w, 8), -EINVAL);
	ck_assert_int_eq(pfs_write(f.tree, of, 0, (const char *)&w, 4), -EINVAL);
	ck_assert_int_eq(pfs_write(f.tree, of, f.m->max_pfn / 8, (const char *)&w, 8), -ENXIO);
	ck_assert_int_eq(pfs_write(f.tree, of, 0, (const char *)&w, 0), 0);
	/* the last word: 16384 PFNs make 256 whole words */
	ck_assert_int_eq(pfs_read(f.tree, of, f.m->max_pfn / 8 - 8, 64, &data), 8);
	pfs_release(of);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(pfs_resolve(f.tree, "sys/kernel/mm/page_idle/bitmap")->mode, S_IFREG | 0600);
	shutdown(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pagemap");
	TCase *pm = tcase_create("pagemap");

	TCase *refs = tcase_create("clear_refs");
	TCase *numa = tcase_create("numa_maps");

	tcase_add_test(pm, test_pagemap_entries);
	tcase_add_test(pm, test_pagemap_offsets);
	tcase_add_test(refs, test_clear_refs_soft_dirty);
	tcase_add_test(refs, test_clear_refs_referenced);
	tcase_add_test(refs, test_clear_refs_hiwater_and_errors);
	tcase_add_test(numa, test_numa_maps);
	tcase_add_test(numa, test_kpageflags);
	tcase_add_test(numa, test_page_idle);
	suite_add_tcase(s, pm);
	suite_add_tcase(s, refs);
	suite_add_tcase(s, numa);
	return run_suite(s);
}
