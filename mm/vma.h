/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the engine: what mmap.c, memory.c, fork.c and exec.c share about
 * VMAs and page tables (the kernel's mm/vma.h and mm/internal.h).
 */
#ifndef MM_VMA_H
#define MM_VMA_H

#include "internal.h"
#include "mm.h"

#define ZERO_PFN		0xffUL	/* empty_zero_page: in the first MiB, which boot reserves */
#define GFP_PGTABLE_USER	(GFP_KERNEL_ACCOUNT | __GFP_ZERO)
#define STACK_GUARD_GAP		(256UL << PAGE_SHIFT)	/* stack_guard_gap */


/* PROT_READ/WRITE/EXEC (1, 2, 4) as VM_* bits */
static inline unsigned long calc_vm_prot_bits(unsigned int prot)
{
	return (prot & 1 ? VM_READ : 0) | (prot & 2 ? VM_WRITE : 0) | (prot & 4 ? VM_EXEC : 0);
}

static inline bool is_cow_mapping(unsigned long flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/* What a fault handler returns (vm_fault_t): 0 when the page is mapped, else these bits. */
typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* enum fault_flag, the ones the simulation uses */
#define FAULT_FLAG_WRITE	(1U << 0)
#define FAULT_FLAG_USER		(1U << 6)

/*
 * struct vm_fault: what the handlers of one fault share, as the kernel's
 * (the PTE table stands for vmf->pmd and vmf->pte).
 */
struct vm_fault {
	struct vm_area_struct *vma;
	uint64_t address;		/* the faulting page */
	unsigned long pgoff;		/* its page in the file (linear_page_index) */
	unsigned int flags;		/* FAULT_FLAG_* */
	struct pgtable *pt;		/* the PTE table, found or made */
	unsigned int pte_index;		/* the entry in it */
	pte_t orig_pte;			/* the entry when the fault began; 0: none */
};

/* memory.c */
vm_fault_t handle_mm_fault(struct machine *m, struct vm_area_struct *vma, uint64_t address,
			   unsigned int flags, struct task_struct *t);
/* Entry @i of PTE table @pt: the array's, or the compact table's zero-page bit. */
static inline pte_t pte_get(const struct pgtable *pt, unsigned int i)
{
	if (pt->pte)
		return pt->pte[i];
	return (pt->zero_map[i / 64] >> (i % 64)) & 1 ? pt->zero_pte : 0;
}

typedef void (*pte_fn)(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr,
		       void *arg);
/*
 * walk_range - call @fn for every present entry of [@start, @end) of @mm, in
 * address order, descending only into the tables that exist (so the cost
 * follows the range and what is mapped in it), letting waiting readers in
 * once per PTE table.
 */
void walk_range(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end, pte_fn fn,
		void *arg);
int pgd_alloc(struct machine *m, struct mm_struct *mm);
void pgd_free(struct machine *m, struct mm_struct *mm);
/* Unmap every page of [start, end) in @vma; page tables stay. */
void zap_page_range(struct machine *m, struct vm_area_struct *vma, uint64_t start, uint64_t end);
/* Free the page tables over [start, end) that no VMA needs any more. */
void free_pgtables(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end);
/* fork: map @src's pages into @dst, write-protecting copy-on-write ones on both sides. */
int copy_page_range(struct machine *m, struct vm_area_struct *dst, struct vm_area_struct *src);
/* Bring the entries of [start, end) in line with @vma's (new) protection. */
void change_protection(struct machine *m, struct vm_area_struct *vma, uint64_t start, uint64_t end);
/* mlock or munlock the pages mapped in [start, end) of @vma. */
void mlock_vma_pages(struct machine *m, struct vm_area_struct *vma, uint64_t start, uint64_t end,
		     bool lock);
/* Fault in [start, end) as mlock and MAP_POPULATE (@ignore_errors) do (__mm_populate). */
int populate_range(struct machine *m, struct task_struct *t, uint64_t start, uint64_t end,
		   bool ignore_errors);
/*
 * page_idle_clear_pte_refs - the rmap walk of page_idle for every PFN in
 * @pfns at once, over one mm: each accessed entry mapping one loses its
 * accessed bit, and its page is marked young and no longer idle.
 */
void page_idle_clear_pte_refs(struct machine *m, struct mm_struct *mm, GHashTable *pfns);
int pgtable_check(struct machine *m, struct mm_struct *mm, GHashTable *mapcounts,
		  GHashTable *mlocks);

/* fork.c: the slab caches a task is made of */
enum task_cache {
	TASK_STRUCT_CACHE,
	MM_CACHE,
	VMA_CACHE,
	PID_CACHE,
	SIGNAL_CACHE,
	SIGHAND_CACHE,
	FILES_CACHE,
	NR_TASK_CACHES
};
struct kmem_cache *task_cache(struct machine *m, enum task_cache c);

/* mmap.c */
int vma_alloc(struct machine *m, struct mm_struct *mm, struct vm_area_struct **out);
void vma_free(struct machine *m, struct vm_area_struct *vma);
int vm_area_dup(struct machine *m, struct mm_struct *mm, const struct vm_area_struct *src,
		struct vm_area_struct **out);
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
/* What a VMA charges to its mm (counters, commitment, locked pages): @sign 1 to add, -1 to remove. */
void vma_account(struct mm_struct *mm, const struct vm_area_struct *vma, long sign);
/* Is [start, end) mapped without a hole? */
bool range_mapped(struct mm_struct *mm, uint64_t start, uint64_t end);
/* How vma_modify_range() changes each VMA of a range (mprotect, mlock). */
struct vma_modify_ops {
	/* The flags @vma is to get; its own flags leave it whole and unsplit. */
	unsigned long (*newflags)(const struct vm_area_struct *vma, void *arg);
	/* Give @vma, now exactly inside the range, @newflags and change its entries to match. */
	void (*apply)(struct machine *m, struct vm_area_struct *vma, unsigned long newflags, void *arg);
};
/*
 * Split out of [start, end) the VMAs whose flags change, change them, then
 * merge what can be merged. The caller has checked range_mapped() and the
 * map count against vma_modify_count() (a split that a merge takes back
 * may pass max_map_count for a moment), so only a slab failure can stop it
 * midway (what was changed stays changed, as in the kernel).
 */
int vma_modify_range(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end,
		     const struct vma_modify_ops *ops, void *arg);
/* How many VMAs vma_modify_range() adds in the end (may be < 0), for the max_map_count check. */
int vma_modify_count(struct mm_struct *mm, uint64_t start, uint64_t end,
		     const struct vma_modify_ops *ops, void *arg);
/* Give @vma an anon_vma before its first anonymous page. */
void anon_vma_prepare(struct vm_area_struct *vma);
/* Merge @vma with its neighbours where the kernel would; the surviving VMA. */
struct vm_area_struct *vma_try_merge(struct machine *m, struct vm_area_struct *vma);
/* Can the stack VMA grow down to @addr? Grow it (accounted) or -EFAULT/-ENOMEM. */
/* mmap.c: the address space and data limits (RLIMIT_AS, RLIMIT_DATA) of @t growing @mm */
bool may_expand_vm(struct machine *m, struct task_struct *t, struct mm_struct *mm,
		   unsigned long flags, unsigned long npages);
/* mmap.c: RLIMIT_MEMLOCK for @bytes more of a mapping with @flags */
bool mlock_future_ok(const struct task_struct *t, const struct mm_struct *mm, unsigned long flags,
		     uint64_t bytes);
int expand_stack(struct machine *m, struct task_struct *t, struct vm_area_struct *vma,
		 uint64_t addr);
/* Tear down a whole address space (exit_mmap). */
void exit_mmap(struct machine *m, struct mm_struct *mm);
int mm_alloc(struct machine *m, struct mm_struct **out);
void mm_free(struct machine *m, struct mm_struct *mm);
int mmap_check(struct machine *m, struct mm_struct *mm);
/* The mapping at @addr of @len, already checked: maps it, charging and merging. */
int mmap_region(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
		unsigned long vm_flags, struct address_space *file, unsigned long pgoff,
		const char *special, const char *name);
uint64_t get_unmapped_area(struct mm_struct *mm, uint64_t hint, uint64_t len);

#endif /* MM_VMA_H */
