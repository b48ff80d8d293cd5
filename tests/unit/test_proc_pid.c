// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>/: the directories (listing order, ownership that follows a
 * reused pid, vanishing with the task), proc/self, and the text of maps,
 * smaps, smaps_rollup, status, statm, stat, cmdline, comm, environ, cgroup
 * and the oom files, with exact numbers on the tiny preset booted with seed
 * 1, the oom_score_adj and oom_adj mappings, and every write error.
 * machine_check() after every step that changes the engine.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/task.h"
#include "testutil.h"

#define SZ_1M		(1ULL << 20)
#define ANON_PRIVATE	(MAP_PRIVATE_ | MAP_ANONYMOUS_)
#define FRESH		0x600000000000ULL	/* a PGD slot no task uses */
#define PROT_RW		3
#define PROT_R		1
#define GATE_LINE	"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0" \
			"                  [vsyscall]\n"

/* ------------------------------------------------------------- helpers */

struct fixture {
	struct machine *m;
	struct pfs_tree *tree;
};

static struct fixture boot(void)
{
	struct fixture f = { .m = boot_preset("tiny") };

	f.tree = pfs_tree_new(f.m);
	return f;
}

static void shutdown(struct fixture *f)
{
	pfs_tree_free(f->tree);
	machine_free(f->m);
}

static struct task_struct *spawn_as(struct fixture *f, const char *comm, uid_t uid)
{
	struct spawn_args a = { .comm = comm, .uid = uid, .gid = uid };
	int pid = task_spawn(f->m, &a);

	ck_assert_int_gt(pid, 0);
	ck_machine_ok(f->m);
	return find_task_by_pid(f->m, pid);
}

static void map_at(struct fixture *f, struct task_struct *t, uint64_t addr, uint64_t len,
		   unsigned int prot, unsigned int flags, const char *file, uint64_t off,
		   const char *name)
{
	flags |= MAP_FIXED_;
	ck_assert_int_eq(do_mmap(f->m, t, &addr, len, prot, flags, file, off, name), 0);
	ck_machine_ok(f->m);
}

static void touch(struct fixture *f, struct task_struct *t, uint64_t addr, uint64_t len, bool write)
{
	struct fault_stats st = { 0 };

	ck_assert_int_eq(access_range(f->m, t, addr, len, write, &st), 0);
	ck_machine_ok(f->m);
}

/* The text of proc/<pid>/<file> now; the error (negative) in *@err when given. */
static char *read_file_err(struct fixture *f, int pid, const char *file, int *err)
{
	g_autofree char *path = g_strdup_printf("proc/%d/%s", pid, file);
	GString *out = g_string_new(NULL);
	int ret = pfs_render(f->tree, path, out);

	if (err)
		*err = ret;
	else
		ck_assert_msg(ret == 0, "render %s: %d", path, ret);
	return g_string_free(out, FALSE);
}

static char *read_file(struct fixture *f, int pid, const char *file)
{
	return read_file_err(f, pid, file, NULL);
}

/* One write at offset 0 through an O_WRONLY open by @uid, as choom does: bytes or -errno. */
static ssize_t write_as(struct fixture *f, int pid, const char *file, const char *s, uid_t uid)
{
	g_autofree char *path = g_strdup_printf("proc/%d/%s", pid, file);
	struct pfs_node *n = pfs_resolve(f->tree, path);
	struct pfs_open *of;
	ssize_t ret;

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(pfs_open(f->tree, n, O_WRONLY, uid, 0, &of), 0);
	ret = pfs_write(f->tree, of, 0, s, strlen(s));
	pfs_release(of);
	return ret;
}

/* The number after "Key:\t" in status (kB lines included). */
static unsigned long status_val(const char *status, const char *key)
{
	g_autofree char *pat = g_strdup_printf("\n%s:\t", key);
	const char *p = strstr(status, pat);

	ck_assert_msg(p != NULL, "no %s in status", key);
	return strtoul(p + strlen(pat), NULL, 10);
}

/* The value of "Key:" in a meminfo-style file, in kB. */
static unsigned long kb_val(const char *text, const char *key)
{
	g_autofree char *pat = g_strdup_printf("%s:", key);
	const char *p = strstr(text, pat);

	ck_assert_msg(p != NULL, "no %s", key);
	return strtoul(p + strlen(pat), NULL, 10);
}

/* stat split as procps does: pid, comm up to the last ')', then by spaces; fields[0] is field 1 */
static GStrv stat_fields(const char *stat)
{
	const char *open = strchr(stat, '('), *close = strrchr(stat, ')');
	g_autofree char *head = g_strndup(stat, (gsize)(open - stat - 1));
	g_autofree char *comm = g_strndup(open, (gsize)(close - open + 1));
	g_autofree char *tail = g_strndup(close + 2, strlen(close + 2) - 1);
	g_auto(GStrv) rest = g_strsplit(tail, " ", -1);
	GPtrArray *all = g_ptr_array_new();

	ck_assert(g_str_has_suffix(stat, "\n"));
	g_ptr_array_add(all, g_strdup(head));
	g_ptr_array_add(all, g_strdup(comm));
	for (int i = 0; rest[i]; i++)
		g_ptr_array_add(all, g_strdup(rest[i]));
	g_ptr_array_add(all, NULL);
	return (GStrv)g_ptr_array_free(all, FALSE);
}

/* The smaps block of the VMA starting at @start: from its header to the next header. */
static char *smaps_block(const char *smaps, uint64_t start)
{
	g_autofree char *head = g_strdup_printf("%" PRIx64 "-", start);
	const char *p = strstr(smaps, head), *end;

	ck_assert_msg(p != NULL, "no VMA at %s in smaps", head);
	end = strstr(p, "VmFlags: ");
	ck_assert_ptr_nonnull(end);
	end = strchr(end, '\n') + 1;
	return g_strndup(p, (gsize)(end - p));
}

/* The smaps block of @pid's VMA at @start, read now. */
static char *read_smaps_block(struct fixture *f, int pid, uint64_t start)
{
	g_autofree char *smaps = read_file(f, pid, "smaps");

	return smaps_block(smaps, start);
}

/* Sum of "Key:" over every block of smaps, in kB. */
static unsigned long smaps_sum(const char *smaps, const char *key)
{
	g_autofree char *pat = g_strdup_printf("\n%s:", key);
	unsigned long sum = 0;

	for (const char *p = strstr(smaps, pat); p; p = strstr(p + 1, pat))
		sum += strtoul(p + strlen(pat), NULL, 10);
	return sum;
}

static unsigned int count_lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static struct pfs_node *proc_dir(struct fixture *f)
{
	return pfs_resolve(f->tree, "proc");
}

static struct pfs_node *pid_dir(struct fixture *f, int pid)
{
	g_autofree char *name = g_strdup_printf("%d", pid);

	return pfs_lookup(f->tree, proc_dir(f)->ino, name);
}

/* --------------------------------------------------------------- maps */

START_TEST(test_maps_lines)
{
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "app", 1000);
	struct vm_area_struct *vma;
	g_autofree char *maps = NULL, *expect_shm = NULL, *heap = NULL;

	map_at(&f, t, FRESH, 3 * 4096, PROT_RW, ANON_PRIVATE, NULL, 0, NULL);
	map_at(&f, t, FRESH + 0x10000, 2 * 4096, PROT_RW, ANON_PRIVATE, NULL, 0, "jit");
	map_at(&f, t, FRESH + 0x20000, 2 * 4096, PROT_R, MAP_PRIVATE_, "/srv/data.bin", 0x2000,
	       NULL);
	map_at(&f, t, FRESH + 0x30000, 4096, PROT_RW, MAP_SHARED_ | MAP_ANONYMOUS_, NULL, 0, NULL);
	map_at(&f, t, FRESH + 0x40000, 4096, 0, ANON_PRIVATE, NULL, 0, NULL);
	maps = read_file(&f, t->pid, "maps");

	/* a nameless anonymous mapping ends with the space after its inode */
	ck_assert_ptr_nonnull(strstr(maps, "\n600000000000-600000003000 rw-p 00000000 00:00 0 \n"));
	ck_assert_ptr_nonnull(strstr(maps, "\n600000010000-600000012000 rw-p 00000000 00:00 0"
					   "                          [anon:jit]\n"));
	ck_assert_ptr_nonnull(strstr(maps, "\n600000040000-600000041000 ---p 00000000 00:00 0 \n"));
	/* file offset, device and inode; the name padded to column 73 */
	vma = vma_lookup(t->mm, FRESH + 0x20000);
	ck_assert_uint_eq(vma->vm_file->ino, 131078);	/* after systemd, ld.so, libc, bash, app */
	ck_assert_ptr_nonnull(strstr(maps, "\n600000020000-600000022000 r--p 00002000 fe:00 131078"
					   "                     /srv/data.bin\n"));
	/* shared anonymous memory is an unlinked shmem object */
	vma = vma_lookup(t->mm, FRESH + 0x30000);
	expect_shm = g_strdup_printf("\n600000030000-600000031000 rw-s 00000000 00:01 %lu",
				     vma->vm_file->ino);
	ck_assert_ptr_nonnull(strstr(maps, expect_shm));
	ck_assert_ptr_nonnull(strstr(maps, "                     /dev/zero (deleted)\n"));

	/* the process's own areas, named */
	heap = g_strdup_printf("%" PRIx64 "-", t->mm->start_brk);
	ck_assert_ptr_nonnull(strstr(maps, heap));
	ck_assert_ptr_nonnull(strstr(maps, " [heap]\n"));
	ck_assert_ptr_nonnull(strstr(maps, " [stack]\n"));
	ck_assert_ptr_nonnull(strstr(maps, " [vvar]\n"));
	ck_assert_ptr_nonnull(strstr(maps, " [vdso]\n"));
	/* one line per VMA, then the gate page, which is no VMA */
	ck_assert_uint_eq(count_lines(maps), t->mm->vmas->len + 1);
	ck_assert(g_str_has_suffix(maps, "\n" GATE_LINE));
	shutdown(&f);
}
END_TEST

/* The first line of the boot shell's maps, byte for byte, and the sample's column layout. */
START_TEST(test_maps_exact)
{
	struct fixture f = boot();
	int pid = session_pid(f.m);
	g_autofree char *maps = read_file(&f, pid, "maps");
	g_auto(GStrv) lines = g_strsplit(maps, "\n", -1);
	struct vm_area_struct *first = g_ptr_array_index(find_task_by_pid(f.m, pid)->mm->vmas, 0);
	g_autofree char *expect = g_strdup_printf("%012" PRIx64 "-%012" PRIx64 " r--p 00000000"
						  " fe:00 131076                     /usr/bin/bash",
						  first->vm_start, first->vm_end);

	ck_assert_str_eq(lines[0], expect);
	/* every name starts at column 73, as in the kernel's sample */
	for (int i = 0; lines[i] && *lines[i]; i++) {
		const char *name = strpbrk(lines[i], "/[");

		if (name)
			ck_assert_int_eq(name - lines[i], 73);
	}
	shutdown(&f);
}
END_TEST

/* ------------------------------------------------------------- smaps */

static guint occurrences(const char *s, const char *what)
{
	guint n = 0;

	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/*
 * ProtectionKey comes only with arch_pkeys_enabled(): tiny's CPU has no pku,
 * the same machine with pku prints key 0 in every block, the gate's too.
 */
START_TEST(test_smaps_protection_key)
{
	struct machine_desc d = *machine_preset("tiny");
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "app", 1000);
	g_autofree char *plain = read_file(&f, t->pid, "smaps");
	g_autofree char *keyed = NULL;
	guint blocks = t->mm->vmas->len + 1;
	char err[256] = "";

	ck_assert_ptr_null(strstr(plain, "ProtectionKey:"));
	shutdown(&f);

	d.cpu_features = 1U << X86_FEATURE_PKU;
	f.m = machine_boot(&d, 1, err, sizeof(err));
	ck_assert_msg(f.m, "%s", err);
	f.tree = pfs_tree_new(f.m);
	t = spawn_as(&f, "app", 1000);
	keyed = read_file(&f, t->pid, "smaps");
	ck_assert_uint_eq(occurrences(keyed, "THPeligible:           0\n"
					  "ProtectionKey:         0\nVmFlags: "), blocks);
	ck_assert_uint_eq(occurrences(keyed, "ProtectionKey:"), blocks);
	ck_machine_ok(f.m);
	shutdown(&f);
}
END_TEST

START_TEST(test_smaps)
{
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "app", 1000);
	g_autofree char *smaps = NULL, *block = NULL, *rollup = NULL, *status = NULL;
	g_autofree char *after_fork = NULL, *child = NULL, *locked = NULL, *gate = NULL;
	g_autofree char *rollup_head = NULL;
	struct vm_area_struct *first, *last;
	int cpid;

	map_at(&f, t, FRESH, 16 * 4096, PROT_RW, ANON_PRIVATE, NULL, 0, NULL);
	touch(&f, t, FRESH, 4 * 4096, true);
	touch(&f, t, FRESH + 8 * 4096, 2 * 4096, false);	/* the zero page: not resident */
	smaps = read_file(&f, t->pid, "smaps");
	block = smaps_block(smaps, FRESH);
	ck_assert_str_eq(block,
			 "600000000000-600000010000 rw-p 00000000 00:00 0 \n"
			 "Size:                 64 kB\n"
			 "KernelPageSize:        4 kB\n"
			 "MMUPageSize:           4 kB\n"
			 "Rss:                  16 kB\n"
			 "Pss:                  16 kB\n"
			 "Pss_Dirty:            16 kB\n"
			 "Shared_Clean:          0 kB\n"
			 "Shared_Dirty:          0 kB\n"
			 "Private_Clean:         0 kB\n"
			 "Private_Dirty:        16 kB\n"
			 "Referenced:           16 kB\n"
			 "Anonymous:            16 kB\n"
			 "KSM:                   0 kB\n"
			 "LazyFree:              0 kB\n"
			 "AnonHugePages:         0 kB\n"
			 "ShmemPmdMapped:        0 kB\n"
			 "FilePmdMapped:         0 kB\n"
			 "Shared_Hugetlb:        0 kB\n"
			 "Private_Hugetlb:       0 kB\n"
			 "Swap:                  0 kB\n"
			 "SwapPss:               0 kB\n"
			 "Locked:                0 kB\n"
			 "THPeligible:           0\n"
			 "VmFlags: rd wr mr mw me ac \n");

	/* the gate block: a page in size, nothing resident, execute-only */
	gate = g_strdup(strstr(smaps, "ffffffffff600000-"));
	ck_assert_str_eq(gate,
			 GATE_LINE
			 "Size:                  4 kB\n"
			 "KernelPageSize:        4 kB\n"
			 "MMUPageSize:           4 kB\n"
			 "Rss:                   0 kB\n"
			 "Pss:                   0 kB\n"
			 "Pss_Dirty:             0 kB\n"
			 "Shared_Clean:          0 kB\n"
			 "Shared_Dirty:          0 kB\n"
			 "Private_Clean:         0 kB\n"
			 "Private_Dirty:         0 kB\n"
			 "Referenced:            0 kB\n"
			 "Anonymous:             0 kB\n"
			 "KSM:                   0 kB\n"
			 "LazyFree:              0 kB\n"
			 "AnonHugePages:         0 kB\n"
			 "ShmemPmdMapped:        0 kB\n"
			 "FilePmdMapped:         0 kB\n"
			 "Shared_Hugetlb:        0 kB\n"
			 "Private_Hugetlb:       0 kB\n"
			 "Swap:                  0 kB\n"
			 "SwapPss:               0 kB\n"
			 "Locked:                0 kB\n"
			 "THPeligible:           0\n"
			 "VmFlags: ex \n");

	/* smaps adds up to the rollup and to status; the gate page is in neither */
	rollup = read_file(&f, t->pid, "smaps_rollup");
	status = read_file(&f, t->pid, "status");
	ck_assert_uint_eq(smaps_sum(smaps, "Rss"), status_val(status, "VmRSS"));
	ck_assert_uint_eq(kb_val(rollup, "Rss"), status_val(status, "VmRSS"));
	ck_assert_uint_eq(smaps_sum(smaps, "Size") - 4, status_val(status, "VmSize"));
	ck_assert_uint_eq(kb_val(rollup, "Anonymous"), status_val(status, "RssAnon"));
	/* the rollup rounds once, smaps once per VMA */
	ck_assert_uint_ge(kb_val(rollup, "Pss"), smaps_sum(smaps, "Pss"));
	ck_assert_uint_lt(kb_val(rollup, "Pss"), smaps_sum(smaps, "Pss") + t->mm->vmas->len);
	ck_assert_uint_eq(kb_val(rollup, "Pss_Anon") + kb_val(rollup, "Pss_File") +
			  kb_val(rollup, "Pss_Shmem"), kb_val(rollup, "Pss"));
	first = g_ptr_array_index(t->mm->vmas, 0);
	last = g_ptr_array_index(t->mm->vmas, t->mm->vmas->len - 1);
	rollup_head = g_strdup_printf("%" PRIx64 "-%" PRIx64 " ---p 00000000 00:00 0"
				      "                          [rollup]\nRss:",
				      first->vm_start, last->vm_end);
	ck_assert(g_str_has_prefix(rollup, rollup_head));

	/* after fork both processes map the four dirty pages: half the PSS each, shared */
	cpid = task_fork(f.m, t);
	ck_assert_int_gt(cpid, 0);
	ck_machine_ok(f.m);
	after_fork = read_smaps_block(&f, t->pid, FRESH);
	ck_assert_ptr_nonnull(strstr(after_fork, "\nRss:                  16 kB\n"
						 "Pss:                   8 kB\n"
						 "Pss_Dirty:             8 kB\n"
						 "Shared_Clean:          0 kB\n"
						 "Shared_Dirty:         16 kB\n"
						 "Private_Clean:         0 kB\n"
						 "Private_Dirty:         0 kB\n"));
	child = read_smaps_block(&f, cpid, FRESH);
	ck_assert_ptr_nonnull(strstr(child, "\nPss:                   8 kB\n"));

	/* mlock: "lo", and Locked is the VMA's PSS */
	ck_assert_int_eq(do_mlock(f.m, t, FRESH, 16 * 4096, true), 0);
	ck_machine_ok(f.m);
	locked = read_smaps_block(&f, t->pid, FRESH);
	ck_assert_ptr_nonnull(strstr(locked, "\nLocked:               "));
	ck_assert_uint_eq(kb_val(locked, "Locked"), kb_val(locked, "Pss"));
	ck_assert_uint_eq(kb_val(locked, "Rss"), 64);		/* mlock faults the rest in */
	ck_assert(g_str_has_suffix(locked, "VmFlags: rd wr mr mw me lo ac \n"));
	g_free(status);
	status = read_file(&f, t->pid, "status");
	ck_assert_uint_eq(status_val(status, "VmLck"), 64);
	shutdown(&f);
}
END_TEST

/* ------------------------------------------------- status, statm, stat */

static const char *const status_keys[] = {
	"Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid", "Uid", "Gid",
	"FDSize", "Groups", "NStgid", "NSpid", "NSpgid", "NSsid", "Kthread", "VmPeak", "VmSize",
	"VmLck", "VmPin", "VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem", "VmData", "VmStk",
	"VmExe", "VmLib", "VmPTE", "VmSwap", "HugetlbPages", "CoreDumping", "THP_enabled",
	"untag_mask", "Threads", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt",
	"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp",
	"Seccomp_filters", "Speculation_Store_Bypass", "SpeculationIndirectBranch",
	"Cpus_allowed", "Cpus_allowed_list", "Mems_allowed", "Mems_allowed_list",
	"voluntary_ctxt_switches", "nonvoluntary_ctxt_switches", NULL,
};

/* Every line "Key:\tvalue", the keys in the kernel's order; a kernel thread has no mm lines. */
static void check_status_keys(const char *status, bool kthread)
{
	g_auto(GStrv) lines = g_strsplit(status, "\n", -1);
	int k = 0;

	for (int i = 0; lines[i] && *lines[i]; i++, k++) {
		const char *tab = strchr(lines[i], '\t');

		while (kthread && (g_str_has_prefix(status_keys[k], "Vm") ||
				   g_str_has_prefix(status_keys[k], "Rss") ||
				   !strcmp(status_keys[k], "HugetlbPages") ||
				   !strcmp(status_keys[k], "CoreDumping") ||
				   !strcmp(status_keys[k], "THP_enabled") ||
				   !strcmp(status_keys[k], "untag_mask")))
			k++;
		ck_assert_ptr_nonnull(status_keys[k]);
		ck_assert_msg(tab && tab[-1] == ':', "line %s", lines[i]);
		ck_assert_int_eq(tab - lines[i] - 1, strlen(status_keys[k]));
		ck_assert(!strncmp(lines[i], status_keys[k], strlen(status_keys[k])));
	}
	ck_assert_ptr_null(status_keys[k]);
}

START_TEST(test_status)
{
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "app", 1000);
	struct mm_struct *mm = t->mm;
	g_autofree char *before = NULL, *status = NULL;
	g_autofree char *ids = NULL;
	unsigned long text;

	blk_run_until_idle(f.m);	/* start-up's reads of the program: D until they complete */
	before = read_file(&f, t->pid, "status");
	check_status_keys(before, false);
	ids = g_strdup_printf("Name:\tapp\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t%d\n"
			      "Ngid:\t0\nPid:\t%d\nPPid:\t1\nTracerPid:\t0\n"
			      "Uid:\t1000\t1000\t1000\t1000\n"
			      "Gid:\t1000\t1000\t1000\t1000\nFDSize:\t64\nGroups:\t \nNStgid:\t%d\n"
			      "NSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\nKthread:\t0\nVmPeak:\t",
			      t->pid, t->pid, t->pid, t->pid, t->pgrp, t->session);
	ck_assert(g_str_has_prefix(before, ids));

	map_at(&f, t, FRESH, 64 * 4096, PROT_RW, ANON_PRIVATE, NULL, 0, NULL);
	touch(&f, t, FRESH, 10 * 4096, true);
	status = read_file(&f, t->pid, "status");
	/* the mapping and its ten pages, exactly */
	ck_assert_uint_eq(status_val(status, "VmSize"), status_val(before, "VmSize") + 256);
	ck_assert_uint_eq(status_val(status, "VmData"), status_val(before, "VmData") + 256);
	ck_assert_uint_eq(status_val(status, "RssAnon"), status_val(before, "RssAnon") + 40);
	ck_assert_uint_eq(status_val(status, "VmRSS"), status_val(before, "VmRSS") + 40);
	ck_assert_uint_eq(status_val(status, "VmStk"), status_val(before, "VmStk"));
	/* every memory line is the mm's number */
	ck_assert_uint_eq(status_val(status, "VmPeak"), K(MAX(mm->hiwater_vm, mm->total_vm)));
	ck_assert_uint_eq(status_val(status, "VmSize"), K(mm->total_vm));
	ck_assert_uint_eq(status_val(status, "VmLck"), K(mm->locked_vm));
	ck_assert_uint_eq(status_val(status, "VmPin"), 0);
	ck_assert_uint_eq(status_val(status, "VmHWM"), K(get_mm_hiwater_rss(mm)));
	ck_assert_uint_eq(status_val(status, "VmRSS"), K(get_mm_rss(mm)));
	ck_assert_uint_eq(status_val(status, "RssAnon"), K(get_mm_counter(mm, MM_ANONPAGES)));
	ck_assert_uint_eq(status_val(status, "RssFile"), K(get_mm_counter(mm, MM_FILEPAGES)));
	ck_assert_uint_eq(status_val(status, "RssShmem"), 0);
	ck_assert_uint_eq(status_val(status, "VmData"), K(mm->data_vm));
	ck_assert_uint_eq(status_val(status, "VmStk"), K(mm->stack_vm));
	text = ((mm->end_code + 4095) & ~4095UL) - (mm->start_code & ~4095UL);
	ck_assert_uint_eq(status_val(status, "VmExe"), text >> 10);
	ck_assert_uint_eq(status_val(status, "VmLib"), K(mm->exec_vm) - (text >> 10));
	ck_assert_uint_eq(status_val(status, "VmPTE"), (unsigned long)mm->pgtables_bytes >> 10);
	ck_assert_uint_eq(status_val(status, "VmSwap"), 0);
	/* the tail a user task of the one-CPU, one-node tiny machine shows */
	ck_assert_ptr_nonnull(strstr(status, "\nThreads:\t1\nSigQ:\t0/"));
	ck_assert_ptr_nonnull(strstr(status, "\nCapPrm:\t0000000000000000\n"
					     "CapEff:\t0000000000000000\n"
					     "CapBnd:\t000001ffffffffff\n"));
	ck_assert(g_str_has_suffix(status, "\nCpus_allowed:\t1\nCpus_allowed_list:\t0\n"
					   "Mems_allowed:\t00000000,00000000,00000000,00000000,"
					   "00000000,00000000,00000000,00000000,00000000,00000000,"
					   "00000000,00000000,00000000,00000000,00000000,00000000,"
					   "00000000,00000000,00000000,00000000,00000000,00000000,"
					   "00000000,00000000,00000000,00000000,00000000,00000000,"
					   "00000000,00000000,00000000,00000001\n"
					   "Mems_allowed_list:\t0\nvoluntary_ctxt_switches:\t0\n"
					   "nonvoluntary_ctxt_switches:\t0\n"));
	shutdown(&f);
}
END_TEST

/* Root's capabilities, the shell's exact memory lines, and a comm that must be escaped. */
START_TEST(test_status_exact)
{
	struct fixture f = boot();
	struct task_struct *t = find_task_by_pid(f.m, session_pid(f.m));
	g_autofree char *status = read_file(&f, t->pid, "status"), *odd = NULL;
	struct task_struct *o;

	ck_assert_ptr_nonnull(strstr(status, "\nCapPrm:\t000001ffffffffff\n"
					     "CapEff:\t000001ffffffffff\n"));
	ck_assert_ptr_nonnull(strstr(status, "\nVmPeak:\t    3060 kB\n"
					     "VmSize:\t    3060 kB\n"
					     "VmLck:\t       0 kB\n"
					     "VmPin:\t       0 kB\n"
					     "VmHWM:\t    1296 kB\n"
					     "VmRSS:\t    1296 kB\n"
					     "RssAnon:\t     340 kB\n"
					     "RssFile:\t     956 kB\n"
					     "RssShmem:\t       0 kB\n"
					     "VmData:\t     480 kB\n"
					     "VmStk:\t     132 kB\n"
					     "VmExe:\t     256 kB\n"
					     "VmLib:\t    1528 kB\n"));
	ck_assert_ptr_nonnull(strstr(status, "\nHugetlbPages:\t       0 kB\nCoreDumping:\t0\n"
					     "THP_enabled:\t1\nuntag_mask:\t0xffffffffffffffff\n"));
	/* "\n" in a name is printed escaped in status, raw in comm and stat */
	o = spawn_as(&f, "a\\b\nc", 0);
	odd = read_file(&f, o->pid, "status");
	ck_assert(g_str_has_prefix(odd, "Name:\ta\\\\b\\nc\nUmask:"));
	shutdown(&f);
}
END_TEST

START_TEST(test_statm)
{
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "app", 1000);
	struct mm_struct *mm = t->mm;
	g_autofree char *statm = NULL, *expect = NULL, *status = NULL, *shell = NULL;
	unsigned long text, shared;

	map_at(&f, t, FRESH, 8 * 4096, PROT_RW, ANON_PRIVATE, NULL, 0, NULL);
	touch(&f, t, FRESH, 8 * 4096, true);
	statm = read_file(&f, t->pid, "statm");
	text = (((mm->end_code + 4095) & ~4095UL) - (mm->start_code & ~4095UL)) >> 12;
	shared = get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_SHMEMPAGES);
	expect = g_strdup_printf("%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm, get_mm_rss(mm), shared,
				 text, mm->data_vm + mm->stack_vm);
	ck_assert_str_eq(statm, expect);
	/* the same numbers status prints in kB */
	status = read_file(&f, t->pid, "status");
	ck_assert_uint_eq(strtoul(statm, NULL, 10) * 4, status_val(status, "VmSize"));
	ck_assert_uint_eq(text * 4, status_val(status, "VmExe"));
	/* the boot shell, byte for byte */
	shell = read_file(&f, session_pid(f.m), "statm");
	ck_assert_str_eq(shell, "765 324 239 64 0 153 0\n");
	shutdown(&f);
}
END_TEST

START_TEST(test_stat)
{
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "my app)", 1000);
	g_autofree char *stat = NULL, *status = NULL, *s10 = NULL, *s12 = NULL;
	g_auto(GStrv) fld = NULL;
	g_autofree char *pid = g_strdup_printf("%d", t->pid);

	ck_assert_int_eq(t->state, TASK_UNINTERRUPTIBLE);	/* reading its program in */
	blk_run_until_idle(f.m);
	ck_assert_int_eq(t->state, TASK_INTERRUPTIBLE);

	map_at(&f, t, FRESH, 32 * 4096, PROT_RW, ANON_PRIVATE, NULL, 0, NULL);
	touch(&f, t, FRESH, 32 * 4096, true);
	stat = read_file(&f, t->pid, "stat");
	status = read_file(&f, t->pid, "status");
	fld = stat_fields(stat);
	ck_assert_uint_eq(g_strv_length(fld), 52);
	ck_assert_str_eq(fld[0], pid);
	ck_assert_str_eq(fld[1], "(my app))");
	ck_assert_str_eq(fld[2], "S");
	ck_assert_str_eq(fld[3], "1");
	s10 = g_strdup_printf("%lu", t->min_flt);
	s12 = g_strdup_printf("%lu", t->maj_flt);
	ck_assert_uint_gt(t->min_flt, 32);
	ck_assert_str_eq(fld[9], s10);
	ck_assert_str_eq(fld[11], s12);
	ck_assert_str_eq(fld[17], "20");			/* priority: 20 + nice */
	ck_assert_str_eq(fld[18], "0");
	ck_assert_str_eq(fld[19], "1");
	ck_assert_uint_eq(strtoull(fld[22], NULL, 10), status_val(status, "VmSize") * 1024);
	ck_assert_uint_eq(strtoull(fld[23], NULL, 10) * 4, status_val(status, "VmRSS"));
	ck_assert_str_eq(fld[24], "18446744073709551615");
	ck_assert_uint_eq(strtoull(fld[25], NULL, 10), t->mm->start_code);
	ck_assert_uint_eq(strtoull(fld[27], NULL, 10), t->mm->start_stack);
	ck_assert_str_eq(fld[37], "17");
	ck_assert_uint_eq(strtoull(fld[46], NULL, 10), t->mm->start_brk);
	ck_assert_uint_eq(strtoull(fld[50], NULL, 10), t->mm->env_end);
	ck_assert_str_eq(fld[51], "0");
	shutdown(&f);
}
END_TEST

/* The shell's stat, byte for byte, and time in clock ticks. */
START_TEST(test_stat_exact)
{
	struct fixture f = boot();
	struct task_struct *t;
	g_autofree char *stat = NULL;
	g_auto(GStrv) fld = NULL;

	machine_lock(f.m);
	machine_advance(f.m, 2500000000ULL);		/* 2.5 s: 250 ticks */
	machine_unlock(f.m);
	t = spawn_as(&f, "late", 0);
	/* no scheduler yet: set what it would count */
	t->utime_ns = 1234567890;
	t->stime_ns = 20000000;
	stat = read_file(&f, t->pid, "stat");
	fld = stat_fields(stat);
	ck_assert_str_eq(fld[13], "123");
	ck_assert_str_eq(fld[14], "2");
	ck_assert_str_eq(fld[21], "250");
	shutdown(&f);
}
END_TEST

START_TEST(test_small_files)
{
	struct fixture f = boot();
	struct spawn_args a = { .comm = "srv", .cmdline = "/usr/sbin/srv -f --port 80", .uid = 0 };
	int pid = task_spawn(f.m, &a);
	g_autofree char *cmdline = NULL, *comm = NULL, *env = NULL, *cg = NULL;
	struct task_struct *t;

	ck_assert_int_gt(pid, 0);
	ck_machine_ok(f.m);
	t = find_task_by_pid(f.m, pid);
	cmdline = read_file(&f, pid, "cmdline");
	ck_assert_mem_eq(cmdline, "/usr/sbin/srv\0-f\0--port\0" "80\0", 27);
	comm = read_file(&f, pid, "comm");
	ck_assert_str_eq(comm, "srv\n");
	env = read_file(&f, pid, "environ");
	ck_assert_int_eq(memcmp(env, t->environ->data, t->environ->len), 0);
	cg = read_file(&f, pid, "cgroup");
	ck_assert_str_eq(cg, "0::/\n");
	/* comm renames only the writer's own threads: none of ours */
	ck_assert_int_eq(write_as(&f, pid, "comm", "x", 0), -EINVAL);
	shutdown(&f);
}
END_TEST

/* ----------------------------------------------------------- oom files */

/* oom_score from what the files say: RSS and page tables of the task, memory and swap */
static unsigned long expected_oom_score(struct fixture *f, int pid)
{
	g_autofree char *statm = read_file(f, pid, "statm"), *status = read_file(f, pid, "status");
	g_autofree char *adj_s = read_file(f, pid, "oom_score_adj");
	g_autofree char *meminfo = render(f->m, "proc/meminfo");
	long totalpages = (long)(kb_val(meminfo, "MemTotal") + kb_val(meminfo, "SwapTotal")) / 4;
	long rss = strtol(strchr(statm, ' ') + 1, NULL, 10);
	long adj = strtol(adj_s, NULL, 10);
	long points;

	if (adj == -1000)
		return 0;
	points = rss + (long)status_val(status, "VmSwap") / 4;
	points += (long)status_val(status, "VmPTE") / 4;
	points += adj * (totalpages / 1000);
	return (unsigned long)((1000 + points * 1000 / totalpages) * 2 / 3);
}

START_TEST(test_oom_score)
{
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "hog", 1000);
	static const char *const adjs[] = { "0", "500", "-500", "1000", "-999", "-1000" };

	map_at(&f, t, FRESH, 16 * SZ_1M, PROT_RW, ANON_PRIVATE, NULL, 0, NULL);
	touch(&f, t, FRESH, 16 * SZ_1M, true);
	for (size_t i = 0; i < G_N_ELEMENTS(adjs); i++) {
		g_autofree char *score = NULL;

		ssize_t len = (ssize_t)strlen(adjs[i]);

		ck_assert_int_eq(write_as(&f, t->pid, "oom_score_adj", adjs[i], 0), len);
		ck_machine_ok(f.m);
		score = read_file(&f, t->pid, "oom_score");
		ck_assert_uint_eq(strtoul(score, NULL, 10), expected_oom_score(&f, t->pid));
		ck_assert_uint_eq(strtoul(score, NULL, 10), proc_oom_score(f.m, t));
	}
	/* the hog's 16 MiB at adj 0 are worth more than the fresh shell */
	ck_assert_int_eq(write_as(&f, t->pid, "oom_score_adj", "0", 0), 1);
	ck_assert_uint_gt(expected_oom_score(&f, t->pid), 666);
	/* init and kernel threads are unkillable: 0 */
	{
		g_autofree char *init = read_file(&f, 1, "oom_score");
		g_autofree char *kthreadd = read_file(&f, 2, "oom_score");

		ck_assert_str_eq(init, "0\n");
		ck_assert_str_eq(kthreadd, "0\n");
	}
	shutdown(&f);
}
END_TEST

static int read_int(struct fixture *f, int pid, const char *file)
{
	g_autofree char *s = read_file(f, pid, file);

	ck_assert(g_str_has_suffix(s, "\n"));
	return atoi(s);
}

START_TEST(test_oom_adj_mapping)
{
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "app", 1000);
	/* oom_adj written -> oom_score_adj, and oom_adj read back */
	static const struct { const char *adj; int score_adj, back; } legacy[] = {
		{ "-17", -1000, -17 }, { "-16", -941, -15 }, { "-1", -58, 0 }, { "0", 0, 0 },
		{ "1", 58, 0 }, { "14", 823, 13 }, { "15", 1000, 15 }, { "0x3\n", 176, 2 },
	};
	/* oom_score_adj written -> oom_adj read */
	static const struct { const char *score_adj; int adj; } modern[] = {
		{ "1000", 15 }, { "999", 15 }, { "941", 15 }, { "500", 8 }, { "59", 1 },
		{ "58", 0 }, { "-58", 0 }, { "-59", -1 }, { "-941", -15 }, { "-1000", -17 },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(legacy); i++) {
		ck_assert_int_eq(write_as(&f, t->pid, "oom_adj", legacy[i].adj, 0),
				 strlen(legacy[i].adj));
		ck_machine_ok(f.m);
		ck_assert_int_eq(read_int(&f, t->pid, "oom_score_adj"), legacy[i].score_adj);
		ck_assert_int_eq(read_int(&f, t->pid, "oom_adj"), legacy[i].back);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(modern); i++) {
		ck_assert_int_eq(write_as(&f, t->pid, "oom_score_adj", modern[i].score_adj, 0),
				 strlen(modern[i].score_adj));
		ck_machine_ok(f.m);
		ck_assert_int_eq(read_int(&f, t->pid, "oom_adj"), modern[i].adj);
	}
	shutdown(&f);
}
END_TEST

START_TEST(test_oom_write_errors)
{
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "app", 1000);
	int pid = t->pid;
	static const struct { const char *s; ssize_t ret; int value; } cases[] = {
		{ "abc", -EINVAL }, { "\n", -EINVAL }, { "  ", -EINVAL }, { "12abc", -EINVAL },
		{ "1001", -EINVAL }, { "-1001", -EINVAL }, { "5 5", -EINVAL }, { "0x", -EINVAL },
		{ "08", -EINVAL }, { "--5", -EINVAL }, { "99999999999", -ERANGE },
		{ "-2147483649", -ERANGE }, { "2147483648", -ERANGE },
		{ "0x10", 4, 16 }, { "010", 3, 8 }, { "+5", 2, 5 }, { " -3\n", 4, -3 },
		{ "7\n", 2, 7 }, { "-0x1f", 5, -31 },
		/* only the first 12 bytes count, and the write takes only those */
		{ "000000000007", 12, 7 }, { "0000000000012", 12, 1 },
	};
	g_autofree char *adj_path = g_strdup_printf("proc/%d/oom_score_adj", pid);
	struct pfs_node *n;
	struct pfs_open *wr;

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		ssize_t ret = write_as(&f, pid, "oom_score_adj", cases[i].s, 0);

		ck_assert_msg(ret == cases[i].ret, "write \"%s\": %zd, not %zd", cases[i].s, ret,
			      cases[i].ret);
		if (ret > 0)
			ck_assert_int_eq(read_int(&f, pid, "oom_score_adj"), cases[i].value);
		ck_machine_ok(f.m);
	}
	/* oom_adj's own range: -17, then -16..15 */
	ck_assert_int_eq(write_as(&f, pid, "oom_adj", "16", 0), -EINVAL);
	ck_assert_int_eq(write_as(&f, pid, "oom_adj", "-18", 0), -EINVAL);
	ck_assert_int_eq(write_as(&f, pid, "oom_adj", "x", 0), -EINVAL);
	ck_assert_int_eq(write_as(&f, pid, "oom_adj", "4294967296", 0), -ERANGE);

	/* root's write sets the floor too: the owner may go up and back, not below */
	ck_assert_int_eq(write_as(&f, pid, "oom_score_adj", "100", 0), 3);
	ck_assert_int_eq(write_as(&f, pid, "oom_score_adj", "300", 1000), 3);
	ck_assert_int_eq(write_as(&f, pid, "oom_score_adj", "100", 1000), 3);
	ck_assert_int_eq(write_as(&f, pid, "oom_score_adj", "99", 1000), -EACCES);
	ck_assert_int_eq(read_int(&f, pid, "oom_score_adj"), 100);
	/* oom_adj: lowering below the current value needs the capability */
	ck_assert_int_eq(write_as(&f, pid, "oom_adj", "15", 1000), 2);
	ck_assert_int_eq(write_as(&f, pid, "oom_adj", "1", 1000), -EACCES);
	ck_assert_int_eq(write_as(&f, pid, "oom_adj", "-17", 1000), -EACCES);
	ck_assert_int_eq(write_as(&f, pid, "oom_adj", "-17", 0), 3);
	ck_assert_int_eq(read_int(&f, pid, "oom_score_adj"), -1000);
	ck_machine_ok(f.m);

	/* read-only per-pid files refuse root's write with EINVAL */
	{
		static const char *const ro[] = { "maps", "smaps", "smaps_rollup", "status", "stat",
						  "statm", "cmdline", "environ", "cgroup",
						  "oom_score" };

		for (size_t i = 0; i < G_N_ELEMENTS(ro); i++) {
			g_autofree char *path = g_strdup_printf("proc/%d/%s", pid, ro[i]);

			ck_assert_int_eq(pfs_store(f.tree, path, "1", NULL), -EINVAL);
		}
	}

	/* a file kept open across the task's exit: ESRCH to writes, ENOENT to new readers */
	n = pfs_resolve(f.tree, adj_path);
	ck_assert_int_eq(pfs_open(f.tree, n, O_WRONLY, 0, 0, &wr), 0);
	ck_assert_int_eq(task_exit(f.m, t, 0, false), 0);
	ck_machine_ok(f.m);
	ck_assert_int_eq(pfs_write(f.tree, wr, 0, "5", 1), -ESRCH);
	pfs_release(wr);
	{
		struct pfs_open *rd = NULL;

		ck_assert_int_eq(pfs_open(f.tree, n, O_RDONLY, 0, 0, &rd), -ENOENT);
		ck_assert_ptr_null(rd);
		ck_assert_int_eq(pfs_open(f.tree, pfs_lookup(f.tree, n->parent->ino, "oom_adj"),
					  O_WRONLY, 0, 0, &wr), 0);
		ck_assert_int_eq(pfs_write(f.tree, wr, 0, "1", 1), -ESRCH);
		pfs_release(wr);
	}
	shutdown(&f);
}
END_TEST

/* ------------------------------------------------------- kernel threads */

START_TEST(test_kthread)
{
	struct fixture f = boot();
	g_autofree char *status = read_file(&f, 2, "status"), *statm = read_file(&f, 2, "statm");
	g_autofree char *maps = read_file(&f, 2, "maps"), *smaps = read_file(&f, 2, "smaps");
	g_autofree char *stat = read_file(&f, 2, "stat"), *cmdline = read_file(&f, 2, "cmdline");
	g_autofree char *env = read_file(&f, 2, "environ"), *rollup = NULL, *child = NULL;
	g_auto(GStrv) fld = stat_fields(stat);
	struct task_struct *k = find_task_by_pid(f.m, 2);
	int err, pid;

	ck_assert_ptr_null(k->mm);
	check_status_keys(status, true);
	ck_assert(g_str_has_prefix(status, "Name:\tkthreadd\nUmask:\t0000\nState:\tS (sleeping)\n"
					   "Tgid:\t2\nNgid:\t0\nPid:\t2\nPPid:\t0\n"));
	ck_assert_ptr_nonnull(strstr(status, "\nNSpgid:\t0\nNSsid:\t0\nKthread:\t1\n"
					     "Threads:\t1\n"));
	ck_assert_ptr_nonnull(strstr(status, "\nSigIgn:\tffffffffffffffff\n"));
	ck_assert_ptr_null(strstr(status, "Vm"));
	ck_assert_str_eq(statm, "0 0 0 0 0 0 0\n");
	ck_assert_str_eq(maps, "");
	ck_assert_str_eq(smaps, "");
	ck_assert_str_eq(cmdline, "");
	ck_assert_str_eq(env, "");
	rollup = read_file_err(&f, 2, "smaps_rollup", &err);
	ck_assert_int_eq(err, -ESRCH);

	ck_assert_uint_eq(g_strv_length(fld), 52);
	ck_assert_str_eq(fld[0], "2");
	ck_assert_str_eq(fld[1], "(kthreadd)");
	ck_assert_str_eq(fld[2], "S");
	ck_assert_str_eq(fld[3], "0");
	ck_assert_uint_eq(strtoul(fld[8], NULL, 10) & PF_KTHREAD, PF_KTHREAD);
	ck_assert_str_eq(fld[22], "0");
	ck_assert_str_eq(fld[23], "0");
	for (int i = 25; i < 28; i++)
		ck_assert_str_eq(fld[i], "0");
	for (int i = 44; i < 52; i++)
		ck_assert_str_eq(fld[i], "0");

	/* a new kernel thread is kthreadd's child */
	pid = kthread_create(f.m, "kworker/0:1");
	ck_assert_int_gt(pid, 0);
	ck_machine_ok(f.m);
	child = read_file(&f, pid, "status");
	ck_assert_ptr_nonnull(strstr(child, "\nPPid:\t2\n"));
	ck_assert_ptr_nonnull(pid_dir(&f, pid));
	shutdown(&f);
}
END_TEST

/* -------------------------------------------------- the directories */

START_TEST(test_pid_dirs)
{
	struct fixture f = boot();
	struct pfs_node *proc = proc_dir(&f), *dir, *file;
	g_autoptr(GPtrArray) list = NULL;
	struct task_struct *t = spawn_as(&f, "app", 1000);
	int pid = t->pid, last = 0;
	bool in_pids = false;
	static const struct { const char *name; mode_t mode; } files[] = {
		{ "maps", 0444 }, { "smaps", 0444 }, { "smaps_rollup", 0444 }, { "status", 0444 },
		{ "stat", 0444 }, { "statm", 0444 }, { "cmdline", 0444 }, { "comm", 0644 },
		{ "environ", 0400 }, { "cgroup", 0444 }, { "oom_score", 0444 },
		{ "oom_score_adj", 0644 }, { "oom_adj", 0644 },
	};

	/* a directory per task, owned by its uid, its files too, with the kernel's modes */
	dir = pid_dir(&f, pid);
	ck_assert_ptr_nonnull(dir);
	ck_assert_uint_eq(dir->mode, S_IFDIR | 0555);
	ck_assert_uint_eq(dir->uid, 1000);
	ck_assert_uint_eq(dir->gid, 1000);
	ck_assert(pfs_volatile(dir));
	ck_assert(!pfs_volatile(pfs_resolve(f.tree, "proc/meminfo")));
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		file = pfs_lookup(f.tree, dir->ino, files[i].name);
		ck_assert_ptr_nonnull(file);
		ck_assert_uint_eq(file->mode, S_IFREG | files[i].mode);
		ck_assert_uint_eq(file->uid, 1000);
		ck_assert(pfs_volatile(file));
	}
	ck_assert_uint_eq(pid_dir(&f, 1)->uid, 0);
	ck_assert_ptr_null(pfs_lookup(f.tree, proc->ino, "01"));
	ck_assert_ptr_null(pfs_lookup(f.tree, proc->ino, "99"));
	ck_assert_ptr_null(pfs_lookup(f.tree, proc->ino, "-1"));

	/* fixed files first, then every pid in ascending order */
	list = pfs_list(f.tree, proc);
	ck_assert_str_eq(((struct pfs_node *)g_ptr_array_index(list, 0))->name, "meminfo");
	for (guint i = 0; i < list->len; i++) {
		const char *name = ((struct pfs_node *)g_ptr_array_index(list, i))->name;
		bool numeric = g_ascii_isdigit(name[0]);

		ck_assert(numeric || !in_pids);
		if (numeric) {
			ck_assert_int_gt(atoi(name), last);
			last = atoi(name);
		}
		in_pids = numeric;
	}
	ck_assert_int_eq(last, pid);
	ck_assert_uint_eq(pfs_subdirs(f.tree, proc), 2 + nr_tasks(f.m));	/* pressure, sys */
	ck_assert_ptr_nonnull(pfs_resolve(f.tree, "proc/sys/vm/swappiness"));

	/* the task exits: its directory is gone from lookup and from the listing */
	ck_assert_int_eq(task_exit(f.m, t, 0, false), 0);
	ck_machine_ok(f.m);
	ck_assert_ptr_null(pid_dir(&f, pid));
	g_ptr_array_unref(g_steal_pointer(&list));
	list = pfs_list(f.tree, proc);
	for (guint i = 0; i < list->len; i++)
		ck_assert_ptr_ne(g_ptr_array_index(list, i), dir);
	shutdown(&f);
}
END_TEST

/*
 * proc/<pid>/task/: one directory per thread, the task itself, with the
 * thread's files reading what the process's do; children lists the forks.
 */
START_TEST(test_task_dir)
{
	struct fixture f = boot();
	struct task_struct *t = spawn_as(&f, "app", 1000), *c1, *c2;
	g_autofree char *tid = g_strdup_printf("%d", t->pid), *other = NULL, *children = NULL;
	g_autofree char *status = NULL, *stat = NULL, *kids = g_strdup_printf("task/%s/children", tid);
	struct pfs_node *task, *tdir;
	g_autoptr(GPtrArray) list = NULL;
	g_auto(GStrv) fld = NULL;
	static const char *const same[] = { "status", "stat", "statm", "maps", "smaps",
					    "smaps_rollup", "comm", "cmdline", "environ",
					    "cgroup", "oom_score", "oom_adj", "oom_score_adj" };

	task = pfs_lookup(f.tree, pid_dir(&f, t->pid)->ino, "task");
	ck_assert_ptr_nonnull(task);
	ck_assert_uint_eq(task->mode, S_IFDIR | 0555);
	ck_assert_uint_eq(task->uid, 1000);
	list = pfs_list(f.tree, task);
	ck_assert_uint_eq(list->len, 1);
	tdir = g_ptr_array_index(list, 0);
	ck_assert_str_eq(tdir->name, tid);
	ck_assert_uint_eq(tdir->mode, S_IFDIR | 0555);
	ck_assert_uint_eq(tdir->uid, 1000);
	ck_assert_uint_eq(pfs_subdirs(f.tree, task), 1);
	ck_assert(pfs_volatile(tdir));
	/* another task's tid is not a thread of this group; task/ holds no task/ */
	other = g_strdup_printf("%d", t->pid - 1);
	ck_assert_ptr_null(pfs_lookup(f.tree, task->ino, other));
	ck_assert_ptr_null(pfs_lookup(f.tree, tdir->ino, "task"));
	ck_assert_ptr_null(pfs_lookup(f.tree, pid_dir(&f, t->pid)->ino, "children"));
	for (size_t i = 0; i < G_N_ELEMENTS(same); i++) {
		g_autofree char *path = g_strdup_printf("task/%s/%s", tid, same[i]);
		g_autofree char *a = read_file(&f, t->pid, same[i]), *b = read_file(&f, t->pid, path);

		ck_assert_str_eq(a, b);
		ck_assert_uint_eq(pfs_lookup(f.tree, tdir->ino, same[i])->mode,
				  pfs_lookup(f.tree, pid_dir(&f, t->pid)->ino, same[i])->mode);
	}
	/* Threads and num_threads agree: one thread */
	status = read_file(&f, t->pid, "status");
	ck_assert_uint_eq(status_val(status, "Threads"), 1);
	stat = read_file(&f, t->pid, "stat");
	fld = stat_fields(stat);
	ck_assert_str_eq(fld[19], "1");

	/* children: by pid, oldest first, each followed by a space */
	children = read_file(&f, t->pid, kids);
	ck_assert_str_eq(children, "");
	c1 = find_task_by_pid(f.m, task_fork(f.m, t));
	ck_machine_ok(f.m);
	c2 = find_task_by_pid(f.m, task_fork(f.m, t));
	ck_machine_ok(f.m);
	g_free(children);
	children = read_file(&f, t->pid, kids);
	{
		g_autofree char *want = g_strdup_printf("%d %d ", c1->pid, c2->pid);

		ck_assert_str_eq(children, want);
	}
	ck_assert_int_eq(task_exit(f.m, c1, 0, false), 0);
	ck_machine_ok(f.m);
	g_free(children);
	children = read_file(&f, t->pid, kids);
	{
		g_autofree char *want = g_strdup_printf("%d ", c2->pid);

		ck_assert_str_eq(children, want);
	}

	/* the process exits: its thread goes with it */
	ck_assert_int_eq(task_exit(f.m, t, 0, false), 0);
	ck_machine_ok(f.m);
	ck_assert_ptr_null(pfs_lookup(f.tree, task->ino, tid));
	g_ptr_array_unref(g_steal_pointer(&list));
	list = pfs_list(f.tree, task);
	ck_assert_uint_eq(list->len, 0);
	shutdown(&f);
}
END_TEST

/* A pid handed out again belongs to the new task: the owner follows it. */
START_TEST(test_pid_reuse)
{
	struct fixture f = boot();
	struct task_struct *a, *b;
	struct pfs_node *dir, *again;
	g_autoptr(GPtrArray) list = NULL;
	int pid, last = 0;

	f.m->sysctl.pid_max = 10;		/* so that pids wrap after a few spawns */
	a = spawn_as(&f, "first", 1000);
	pid = a->pid;
	dir = pid_dir(&f, pid);
	ck_assert_uint_eq(dir->uid, 1000);
	ck_assert_int_eq(task_exit(f.m, a, 0, false), 0);
	ck_machine_ok(f.m);
	while (pfs_lookup(f.tree, proc_dir(&f)->ino, "9") == NULL)
		spawn_as(&f, "filler", 0);
	b = spawn_as(&f, "second", 2000);
	ck_assert_int_eq(b->pid, pid);

	again = pid_dir(&f, pid);
	ck_assert_ptr_eq(again, dir);
	ck_assert_uint_eq(again->uid, 2000);
	ck_assert_uint_eq(again->gid, 2000);
	ck_assert_uint_eq(pfs_lookup(f.tree, again->ino, "status")->uid, 2000);
	/* the listing sorts by pid, not by creation */
	list = pfs_list(f.tree, proc_dir(&f));
	for (guint i = 0; i < list->len; i++) {
		struct pfs_node *n = g_ptr_array_index(list, i);

		if (!g_ascii_isdigit(n->name[0]))
			continue;
		ck_assert_int_gt(atoi(n->name), last);
		last = atoi(n->name);
	}
	ck_assert_int_eq(last, 9);
	shutdown(&f);
}
END_TEST

START_TEST(test_proc_self)
{
	struct fixture f = boot();
	struct pfs_node *self = pfs_resolve(f.tree, "proc/self");
	int shell = session_pid(f.m);
	g_autofree char *target = NULL, *expect = g_strdup_printf("%d", shell), *after = NULL;
	struct task_struct *bash = find_task_by_pid(f.m, shell);

	ck_assert_ptr_nonnull(self);
	ck_assert(S_ISLNK(self->mode));
	ck_assert(pfs_volatile(self));
	ck_assert_str_eq(find_task_by_pid(f.m, shell)->comm, "bash");
	ck_assert_int_eq(pfs_readlink(f.tree, self, 0, 0, &target), 0);
	ck_assert_str_eq(target, expect);
	ck_assert_int_eq(task_exit(f.m, bash, 0, false), 0);
	ck_machine_ok(f.m);
	ck_assert_int_eq(pfs_readlink(f.tree, self, 0, 0, &after), 0);
	ck_assert_str_eq(after, "1");
	shutdown(&f);
}
END_TEST

static Suite *proc_pid_suite(void)
{
	Suite *s = suite_create("proc_pid");
	TCase *text = tcase_create("text");
	TCase *oom = tcase_create("oom");
	TCase *dirs = tcase_create("dirs");

	tcase_add_test(text, test_maps_lines);
	tcase_add_test(text, test_maps_exact);
	tcase_add_test(text, test_smaps);
	tcase_add_test(text, test_smaps_protection_key);
	tcase_add_test(text, test_status);
	tcase_add_test(text, test_status_exact);
	tcase_add_test(text, test_statm);
	tcase_add_test(text, test_stat);
	tcase_add_test(text, test_stat_exact);
	tcase_add_test(text, test_small_files);
	tcase_add_test(text, test_kthread);
	tcase_add_test(oom, test_oom_score);
	tcase_add_test(oom, test_oom_adj_mapping);
	tcase_add_test(oom, test_oom_write_errors);
	tcase_add_test(dirs, test_pid_dirs);
	tcase_add_test(dirs, test_pid_reuse);
	tcase_add_test(dirs, test_task_dir);
	tcase_add_test(dirs, test_proc_self);
	suite_add_tcase(s, text);
	suite_add_tcase(s, oom);
	suite_add_tcase(s, dirs);
	return s;
}

int main(void)
{
	return run_suite(proc_pid_suite());
}
