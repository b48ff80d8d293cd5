/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address spaces: the system calls a process makes on its memory and the
 * faults its accesses take (mm/mmap.c, mprotect.c, mlock.c, madvise.c,
 * memory.c), and the numbers /proc/PID reads from them.
 *
 * Every call acts for task @t, returns 0 or a negative errno as the system
 * call would, and changes nothing when it fails on bad input.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include <stdbool.h>
#include <stdint.h>

#include "mm_types.h"
#include "mmzone.h"

struct machine;

#define TASK_SIZE		0x7ffffffff000ULL	/* x86_64, 4-level paging */
#define VSYSCALL_ADDR		0xffffffffff600000ULL

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (unsigned long)((vma->vm_end - vma->vm_start) >> 12);
}

/* The first VMA that ends above @addr, or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, uint64_t addr);
/* The VMA containing @addr, or NULL. */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, uint64_t addr);

/*
 * mmap(2). @file is a path for a file mapping (made on first use, as large
 * as the mapping needs), NULL for anonymous. @name names an anonymous
 * mapping ("[anon:NAME]"). *@addr is the hint (with MAP_FIXED_: the
 * address); on success the mapping's start.
 */
int do_mmap(struct machine *m, struct task_struct *t, uint64_t *addr, uint64_t len,
	    unsigned int prot, unsigned int flags, const char *file, uint64_t offset,
	    const char *name);
int do_munmap(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len);
int do_mprotect(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
		unsigned int prot);
/* brk(2) moved by @delta bytes; *@newbrk gets the break after the call. */
int do_brk(struct machine *m, struct task_struct *t, long delta, uint64_t *newbrk);
int do_mlock(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len, bool lock);
#define MS_ASYNC_	1
#define MS_INVALIDATE_	2
#define MS_SYNC_	4
/* msync(2): MS_SYNC writes back the shared file pages of the range and waits for them. */
int do_msync(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len, int flags);
#define MADV_DONTNEED_	4
int do_madvise(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
	       int advice);

/* What an access of a range did. */
struct fault_stats {
	unsigned long faults;
	unsigned long major;
};

/*
 * Access every page of [@start, @start + @len) as the task would: a page
 * mapped with the right permission costs nothing, others fault. A bad
 * access is a segfault: the kernel's line is logged, the task dies of
 * SIGSEGV and -EFAULT comes back. -ENOMEM when a page cannot be had.
 */
int access_range(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
		 bool write, struct fault_stats *st);

/* The counters of /proc/PID/status and statm */
static inline unsigned long get_mm_counter(const struct mm_struct *mm, int member)
{
	return mm->rss_stat[member] > 0 ? (unsigned long)mm->rss_stat[member] : 0;
}

static inline unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_ANONPAGES) +
	       get_mm_counter(mm, MM_SHMEMPAGES);
}

static inline unsigned long get_mm_hiwater_rss(const struct mm_struct *mm)
{
	return mm->hiwater_rss > get_mm_rss(mm) ? mm->hiwater_rss : get_mm_rss(mm);
}

static inline unsigned long get_mm_hiwater_vm(const struct mm_struct *mm)
{
	return mm->hiwater_vm > mm->total_vm ? mm->hiwater_vm : mm->total_vm;
}

/* smaps (fs/proc/task_mmu.c struct mem_size_stats); bytes, pss scaled by PSS_SHIFT */
#define PSS_SHIFT	12
struct mem_size_stats {
	unsigned long resident;
	unsigned long shared_clean, shared_dirty;
	unsigned long private_clean, private_dirty;
	unsigned long referenced;
	unsigned long anonymous;
	unsigned long swap;
	uint64_t pss, pss_anon, pss_file, pss_shmem, pss_dirty, pss_locked;
};

/* Add @vma's resident pages to @mss, as smaps_pte_entry() counts them. */
void smap_gather_stats(struct machine *m, struct vm_area_struct *vma, struct mem_size_stats *mss);

/* clear_refs_write's types (fs/proc/task_mmu.c) */
enum clear_refs_types {
	CLEAR_REFS_ALL = 1,		/* referenced bits of every page */
	CLEAR_REFS_ANON,		/* ... of anonymous mappings */
	CLEAR_REFS_MAPPED,		/* ... of file mappings */
	CLEAR_REFS_SOFT_DIRTY,		/* soft-dirty bits (write-protecting the entries) */
	CLEAR_REFS_MM_HIWATER_RSS,	/* VmHWM back to VmRSS */
	CLEAR_REFS_LAST,
};

/*
 * clear_refs - what writing @type to /proc/PID/clear_refs does to @mm:
 * 0, or -EINVAL for a type outside CLEAR_REFS_ALL..CLEAR_REFS_MM_HIWATER_RSS.
 */
int clear_refs(struct machine *m, struct mm_struct *mm, int type);

/* numa_maps' counts of one VMA (struct numa_maps), in pages */
struct numa_maps {
	unsigned long pages, anon, active, mapcount_max, dirty, swapcache, writeback;
	unsigned long node[MAX_NUMNODES];
};

/* Add @vma's mapped pages to @md, as gather_pte_stats() counts them. */
void numa_gather_stats(struct machine *m, struct vm_area_struct *vma, struct numa_maps *md);

/* pagemap entries (fs/proc/task_mmu.c, Documentation/admin-guide/mm/pagemap.rst) */
#define PM_ENTRY_BYTES		8
#define PM_PFRAME_BITS		55
#define PM_PFRAME_MASK		((1ULL << PM_PFRAME_BITS) - 1)
#define PM_SOFT_DIRTY		(1ULL << 55)
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_FILE			(1ULL << 61)
#define PM_SWAP			(1ULL << 62)
#define PM_PRESENT		(1ULL << 63)

/*
 * pagemap_entries - the pagemap entries of the @n virtual pages from page
 * number @vpn of @mm into @out, PFNs zeroed unless @show_pfn (the opener had
 * CAP_SYS_ADMIN). Costs the tables that exist over the range, not its size.
 */
void pagemap_entries(struct machine *m, struct mm_struct *mm, uint64_t vpn, size_t n,
		     bool show_pfn, uint64_t *out);

/* Is @vma the process's [heap] or [stack] (get_vma_name)? */
bool vma_is_heap(const struct vm_area_struct *vma);
bool vma_is_stack(const struct vm_area_struct *vma);

#endif /* MM_MM_H */
