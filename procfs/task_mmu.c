// SPDX-License-Identifier: GPL-2.0
/*
 * The address-space views of /proc/<pid>/ (fs/proc/task_mmu.c): maps,
 * smaps, smaps_rollup, numa_maps, statm, the Vm and Rss lines of status,
 * and clear_refs (pagemap is procfs/pagemap.c).
 *
 * One header line serves maps, smaps and smaps_rollup, padded so that names
 * line up at column 73 as seq_pad() does. The x86_64 vsyscall page follows
 * the last VMA in maps and smaps (the gate VMA: in no mm, counted nowhere).
 * The engine walks the page tables (smap_gather_stats); this file only
 * prints. Kernel threads have no mm: maps and smaps are empty, statm zeros,
 * and smaps_rollup fails with ESRCH as the kernel's does.
 *
 * Left out: hugetlb, THP and KSM (their lines print 0), swap PSS, memory
 * protection keys (key 0), and mempolicies: every VMA shows "default".
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/mm.h"
#include "mm/mmzone.h"
#include "seq.h"

/* seq_setwidth(m, 25 + sizeof(void *) * 6 - 1): the column a name is padded to */
#define MAPS_NAME_PAD	72

/*
 * show_vma_header_prefix, then the name: padded to MAPS_NAME_PAD plus one
 * space when there is one; without a name the line ends with the space
 * after the inode.
 */
static void show_vma_header(GString *out, uint64_t start, uint64_t end, unsigned long flags,
			    uint64_t pgoff, unsigned int dev, unsigned long ino, const char *name)
{
	size_t pad_until = out->len + MAPS_NAME_PAD;

	g_string_append_printf(out, "%08" PRIx64 "-%08" PRIx64 " %c%c%c%c", start, end,
			       flags & VM_READ ? 'r' : '-', flags & VM_WRITE ? 'w' : '-',
			       flags & VM_EXEC ? 'x' : '-', flags & VM_MAYSHARE ? 's' : 'p');
	g_string_append_printf(out, " %08" PRIx64 " %02x:%02x %lu ", pgoff, dev >> 8, dev & 0xff,
			       ino);
	if (name) {
		while (out->len < pad_until)
			g_string_append_c(out, ' ');
		g_string_append_printf(out, " %s", name);
	}
	g_string_append_c(out, '\n');
}

/* seq_path(m, path, "\n"): a newline in a path prints as \012 */
static char *escape_path(const char *path)
{
	GString *s = g_string_new(NULL);

	for (const char *p = path; *p; p++) {
		if (*p == '\n')
			g_string_append(s, "\\012");
		else
			g_string_append_c(s, *p);
	}
	return g_string_free(s, FALSE);
}

/* get_vma_name: what follows the inode, or NULL for a nameless anonymous mapping */
static char *vma_name(const struct vm_area_struct *vma)
{
	const struct address_space *f = vma->vm_file;

	if (f && f->shmem && vma->anon_name)
		return g_strdup_printf("[anon_shmem:%s]", vma->anon_name);
	if (f) {
		g_autofree char *path = escape_path(f->path);

		/* a shared anonymous mapping's object is an unlinked shmem file */
		return f->shmem ? g_strconcat(path, " (deleted)", NULL) : g_steal_pointer(&path);
	}
	if (vma->special)
		return g_strdup(vma->special);
	if (vma_is_heap(vma))
		return g_strdup("[heap]");
	if (vma_is_stack(vma))
		return g_strdup("[stack]");
	if (vma->anon_name)
		return g_strdup_printf("[anon:%s]", vma->anon_name);
	return NULL;
}

/* show_map_vma: file mappings show their device, inode and offset; the rest zeros */
static void show_map_vma(GString *out, const struct vm_area_struct *vma)
{
	const struct address_space *f = vma->vm_file;
	g_autofree char *name = vma_name(vma);

	show_vma_header(out, vma->vm_start, vma->vm_end, vma->vm_flags,
			f ? (uint64_t)vma->vm_pgoff << PAGE_SHIFT : 0, f ? f->dev : 0,
			f ? f->ino : 0, name);
}

/* The x86_64 vsyscall page: execute-only (vsyscall=xonly), one page, in no mm. */
static struct vm_area_struct gate_vma(struct mm_struct *mm)
{
	return (struct vm_area_struct){
		.vm_start = VSYSCALL_ADDR,
		.vm_end = VSYSCALL_ADDR + PAGE_SIZE,
		.vm_flags = VM_EXEC,
		.special = "[vsyscall]",
		.vm_mm = mm,
	};
}

static int maps_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);
	struct vm_area_struct gate;

	if (!t)
		return -ENOENT;
	if (!t->mm)
		return 0;
	for (guint i = 0; i < t->mm->vmas->len; i++)
		show_map_vma(out, g_ptr_array_index(t->mm->vmas, i));
	gate = gate_vma(t->mm);
	show_map_vma(out, &gate);
	return 0;
}

/* ------------------------------------------------------------------ smaps */

/* show_smap_vma_flags' mnemonics, by bit, for the flags the engine sets */
static const char *const vm_flag_names[64] = {
	[0] = "rd",	/* VM_READ */
	[1] = "wr",	/* VM_WRITE */
	[2] = "ex",	/* VM_EXEC */
	[3] = "sh",	/* VM_SHARED */
	[4] = "mr",	/* VM_MAYREAD */
	[5] = "mw",	/* VM_MAYWRITE */
	[6] = "me",	/* VM_MAYEXEC */
	[7] = "ms",	/* VM_MAYSHARE */
	[8] = "gd",	/* VM_GROWSDOWN */
	[10] = "pf",	/* VM_PFNMAP */
	[13] = "lo",	/* VM_LOCKED */
	[14] = "io",	/* VM_IO */
	[17] = "dc",	/* VM_DONTCOPY */
	[18] = "de",	/* VM_DONTEXPAND */
	[19] = "lf",	/* VM_LOCKONFAULT */
	[20] = "ac",	/* VM_ACCOUNT */
	[21] = "nr",	/* VM_NORESERVE */
	[26] = "dd",	/* VM_DONTDUMP */
};

static void show_smap_vma_flags(GString *out, unsigned long flags)
{
	g_string_append(out, "VmFlags: ");
	for (unsigned int bit = 0; bit < G_N_ELEMENTS(vm_flag_names); bit++)
		if (vm_flag_names[bit] && (flags & (1UL << bit)))
			g_string_append_printf(out, "%s ", vm_flag_names[bit]);
	g_string_append_c(out, '\n');
}

/* bytes as a "Label:" line in kB; PSS sums carry PSS_SHIFT fraction bits */
static void smap_kb(GString *out, const char *label, uint64_t bytes)
{
	show_kb(out, label, (unsigned long)(bytes >> 10));
}

static void smap_pss_kb(GString *out, const char *label, uint64_t pss)
{
	smap_kb(out, label, pss >> PSS_SHIFT);
}

/* __show_smap: the counters of one VMA, or of all of them in rollup mode */
static void __show_smap(GString *out, const struct mem_size_stats *mss, bool rollup)
{
	smap_kb(out, "Rss:", mss->resident);
	smap_pss_kb(out, "Pss:", mss->pss);
	smap_pss_kb(out, "Pss_Dirty:", mss->pss_dirty);
	if (rollup) {
		smap_pss_kb(out, "Pss_Anon:", mss->pss_anon);
		smap_pss_kb(out, "Pss_File:", mss->pss_file);
		smap_pss_kb(out, "Pss_Shmem:", mss->pss_shmem);
	}
	smap_kb(out, "Shared_Clean:", mss->shared_clean);
	smap_kb(out, "Shared_Dirty:", mss->shared_dirty);
	smap_kb(out, "Private_Clean:", mss->private_clean);
	smap_kb(out, "Private_Dirty:", mss->private_dirty);
	smap_kb(out, "Referenced:", mss->referenced);
	smap_kb(out, "Anonymous:", mss->anonymous);
	smap_kb(out, "KSM:", 0);
	smap_kb(out, "LazyFree:", 0);
	smap_kb(out, "AnonHugePages:", 0);
	smap_kb(out, "ShmemPmdMapped:", 0);
	smap_kb(out, "FilePmdMapped:", 0);
	smap_kb(out, "Shared_Hugetlb:", 0);
	/* the one label too long for 16 columns: the kernel narrows its number instead */
	g_string_append_printf(out, "Private_Hugetlb: %7lu kB\n", 0UL);
	smap_kb(out, "Swap:", mss->swap);
	smap_kb(out, "SwapPss:", 0);
	smap_pss_kb(out, "Locked:", mss->pss_locked);
}

/* @pkeys: arch_pkeys_enabled(), without which the kernel prints no ProtectionKey line */
static void show_smap(GString *out, const struct vm_area_struct *vma,
		      const struct mem_size_stats *mss, bool pkeys)
{
	show_map_vma(out, vma);
	smap_kb(out, "Size:", vma->vm_end - vma->vm_start);
	smap_kb(out, "KernelPageSize:", PAGE_SIZE);
	smap_kb(out, "MMUPageSize:", PAGE_SIZE);
	__show_smap(out, mss, false);
	g_string_append_printf(out, "%-16s%8u\n", "THPeligible:", 0U);
	/* vma_pkey(): key 0 for every VMA, as nothing calls pkey_mprotect here */
	if (pkeys)
		g_string_append_printf(out, "%-16s%8u\n", "ProtectionKey:", 0U);
	show_smap_vma_flags(out, vma->vm_flags);
}

static int smaps_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);
	struct mem_size_stats none = { 0 };
	struct vm_area_struct gate;

	if (!t)
		return -ENOENT;
	if (!t->mm)
		return 0;
	for (guint i = 0; i < t->mm->vmas->len; i++) {
		struct vm_area_struct *vma = g_ptr_array_index(t->mm->vmas, i);
		struct mem_size_stats mss = { 0 };

		smap_gather_stats(r->m, vma, &mss);
		show_smap(out, vma, &mss, arch_pkeys_enabled(r->m));
	}
	/* the gate page maps nothing of the task's: every counter reads 0 */
	gate = gate_vma(t->mm);
	show_smap(out, &gate, &none, arch_pkeys_enabled(r->m));
	return 0;
}

/* show_smaps_rollup: one header from the first VMA's start to the last one's end */
static int smaps_rollup_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);
	struct mem_size_stats mss = { 0 };
	uint64_t start = 0, end = 0;
	GPtrArray *vmas;

	if (!t)
		return -ENOENT;
	if (!t->mm)
		return -ESRCH;
	vmas = t->mm->vmas;
	for (guint i = 0; i < vmas->len; i++)
		smap_gather_stats(r->m, g_ptr_array_index(vmas, i), &mss);
	if (vmas->len) {
		start = ((struct vm_area_struct *)g_ptr_array_index(vmas, 0))->vm_start;
		end = ((struct vm_area_struct *)g_ptr_array_index(vmas, vmas->len - 1))->vm_end;
	}
	show_vma_header(out, start, end, 0, 0, 0, 0, "[rollup]");
	__show_smap(out, &mss, true);
	return 0;
}

/* -------------------------------------------------------------- numa_maps */

/* seq_path(m, path, "\n\t= "): those four characters print as octal escapes */
static void numa_path(GString *out, const char *path)
{
	for (const char *p = path; *p; p++) {
		if (strchr("\n\t= ", *p))
			g_string_append_printf(out, "\\%03o", (unsigned char)*p);
		else
			g_string_append_c(out, *p);
	}
}

/* show_numa_map: one line per VMA; the counters only when it maps a page */
static void show_numa_map(GString *out, struct machine *m, struct vm_area_struct *vma)
{
	const struct address_space *f = vma->vm_file;
	struct numa_maps md = { 0 };
	int nid;

	g_string_append_printf(out, "%08" PRIx64 " default", vma->vm_start);
	if (f) {
		g_autofree char *path = f->shmem ? g_strconcat(f->path, " (deleted)", NULL)
						 : g_strdup(f->path);

		g_string_append(out, " file=");
		numa_path(out, path);
	} else if (vma_is_heap(vma)) {
		g_string_append(out, " heap");
	} else if (vma_is_stack(vma)) {
		g_string_append(out, " stack");
	}
	numa_gather_stats(m, vma, &md);
	if (md.pages) {
		if (md.anon)
			g_string_append_printf(out, " anon=%lu", md.anon);
		if (md.dirty)
			g_string_append_printf(out, " dirty=%lu", md.dirty);
		if (md.pages != md.anon && md.pages != md.dirty)
			g_string_append_printf(out, " mapped=%lu", md.pages);
		if (md.mapcount_max > 1)
			g_string_append_printf(out, " mapmax=%lu", md.mapcount_max);
		if (md.swapcache)
			g_string_append_printf(out, " swapcache=%lu", md.swapcache);
		if (md.active < md.pages)
			g_string_append_printf(out, " active=%lu", md.active);
		if (md.writeback)
			g_string_append_printf(out, " writeback=%lu", md.writeback);
		for_each_online_node(m, nid)
			if (md.node[nid])
				g_string_append_printf(out, " N%d=%lu", nid, md.node[nid]);
		g_string_append_printf(out, " kernelpagesize_kB=%lu", PAGE_SIZE >> 10);
	}
	g_string_append_c(out, '\n');
}

/* The gate VMA belongs to no mm: show_numa_map prints nothing for it. */
static int numa_maps_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);

	if (!t)
		return -ENOENT;
	if (!t->mm)
		return 0;
	for (guint i = 0; i < t->mm->vmas->len; i++)
		show_numa_map(out, r->m, g_ptr_array_index(t->mm->vmas, i));
	return 0;
}

/* ------------------------------------------------------------- clear_refs */

/* fs/proc/internal.h: clear_refs_write copies at most PROC_NUMBUF - 1 bytes */
#define PROC_NUMBUF	13

/*
 * clear_refs_write: kstrtoint(strstrip(first 12 bytes), 10) must give 1..5,
 * else EINVAL (ERANGE past an int); a task that is gone is ESRCH; a kernel
 * thread has nothing to clear and takes the write.
 */
static ssize_t clear_refs_store(const struct pfs_req *r, const char *buf, size_t len)
{
	size_t count = MIN(len, (size_t)PROC_NUMBUF - 1);
	char tmp[PROC_NUMBUF] = "";
	struct task_struct *t;
	char *s, *end;
	long type;
	int err;

	memcpy(tmp, buf, count);
	s = kernel_strstrip(tmp);
	errno = 0;
	type = strtol(s, &end, 10);
	if (end == s || (*end && strcmp(end, "\n")) || !g_ascii_isdigit(s[*s == '-' || *s == '+']))
		return -EINVAL;
	if (errno || type < INT_MIN || type > INT_MAX)
		return -ERANGE;
	if (type < CLEAR_REFS_ALL || type >= CLEAR_REFS_LAST)
		return -EINVAL;
	t = proc_task(r);
	if (!t)
		return -ESRCH;
	err = t->mm ? clear_refs(r->m, t->mm, (int)type) : 0;
	return err ? err : (ssize_t)count;
}

/* ------------------------------------------------------- statm and status */

/* The text segment: whole pages from start_code to end_code. */
static unsigned long text_bytes(const struct mm_struct *mm)
{
	uint64_t end = PAGE_ALIGN(mm->end_code);

	return (unsigned long)(end - (mm->start_code & ~(uint64_t)(PAGE_SIZE - 1)));
}

/* proc_pid_statm + task_statm, in pages; lib and dt have read 0 since 2.6 */
static int statm_show(const struct pfs_req *r, GString *out)
{
	struct task_struct *t = proc_task(r);
	const struct mm_struct *mm;
	unsigned long shared;

	if (!t)
		return -ENOENT;
	mm = t->mm;
	if (!mm) {
		g_string_append(out, "0 0 0 0 0 0 0\n");
		return 0;
	}
	shared = get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_SHMEMPAGES);
	seq_put_decimal_ull(out, NULL, mm->total_vm);
	seq_put_decimal_ull(out, " ", shared + get_mm_counter(mm, MM_ANONPAGES));
	seq_put_decimal_ull(out, " ", shared);
	seq_put_decimal_ull(out, " ", text_bytes(mm) >> PAGE_SHIFT);
	seq_put_decimal_ull(out, " 0 ", mm->data_vm + mm->stack_vm);
	g_string_append(out, " 0\n");
	return 0;
}

/* "Label:\t%8lu kB": status lines are tab-separated, unlike meminfo's */
static void status_kb(GString *out, const char *label, unsigned long kb)
{
	g_string_append(out, label);
	seq_put_decimal_ull_width(out, ":\t", kb, 8);
	g_string_append(out, " kB\n");
}

void task_mem(GString *out, const struct mm_struct *mm)
{
	/* executable pages split between the program's text and the libraries' */
	unsigned long exec = mm->exec_vm << PAGE_SHIFT;
	unsigned long text = MIN(text_bytes(mm), exec);

	status_kb(out, "VmPeak", K(get_mm_hiwater_vm(mm)));
	status_kb(out, "VmSize", K(mm->total_vm));
	status_kb(out, "VmLck", K(mm->locked_vm));
	status_kb(out, "VmPin", K(mm->pinned_vm));
	status_kb(out, "VmHWM", K(get_mm_hiwater_rss(mm)));
	status_kb(out, "VmRSS", K(get_mm_rss(mm)));
	status_kb(out, "RssAnon", K(get_mm_counter(mm, MM_ANONPAGES)));
	status_kb(out, "RssFile", K(get_mm_counter(mm, MM_FILEPAGES)));
	status_kb(out, "RssShmem", K(get_mm_counter(mm, MM_SHMEMPAGES)));
	status_kb(out, "VmData", K(mm->data_vm));
	status_kb(out, "VmStk", K(mm->stack_vm));
	status_kb(out, "VmExe", text >> 10);
	status_kb(out, "VmLib", (exec - text) >> 10);
	status_kb(out, "VmPTE", (unsigned long)mm->pgtables_bytes >> 10);
	status_kb(out, "VmSwap", K(get_mm_counter(mm, MM_SWAPENTS)));
	status_kb(out, "HugetlbPages", 0);
}

/* Read-only per-pid files refuse even root's writes with EINVAL, as procfs does. */
const struct pfs_file_ops proc_pid_maps_ops = { .show = maps_show, .ro_errno = EINVAL };
const struct pfs_file_ops proc_pid_smaps_ops = { .show = smaps_show, .ro_errno = EINVAL };
const struct pfs_file_ops proc_pid_smaps_rollup_ops = {
	.show = smaps_rollup_show,
	.ro_errno = EINVAL,
};
const struct pfs_file_ops proc_pid_statm_ops = { .show = statm_show, .ro_errno = EINVAL };
const struct pfs_file_ops proc_pid_numa_maps_ops = { .show = numa_maps_show, .ro_errno = EINVAL };
/* write-only: clear_refs has no read; every write is parsed, as the kernel ignores *ppos */
const struct pfs_file_ops proc_clear_refs_ops = {
	.store = clear_refs_store,
	.flags = PFS_ANY_OFFSET,
};
