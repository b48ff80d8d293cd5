// SPDX-License-Identifier: GPL-2.0
/*
 * Address spaces: VMAs, mmap, munmap, brk and the stack (mm/mmap.c, mm/vma.c).
 *
 * An mm's VMAs sit in an array sorted by address; lookups are binary
 * searches. Mappings merge with their neighbours when the kernel's rules
 * allow (same flags, same file at contiguous offsets, no special mapping,
 * same anon name) and split where a call covers part of one. Every VMA
 * charges its pages to the mm's counters (vm_stat_account) and, when
 * VM_ACCOUNT, to vm_committed_as.
 */
#include <errno.h>
#include <string.h>

#include "filemap.h"
#include "printk.h"
#include "slab.h"
#include "task.h"
#include "vma.h"

#define VMA(mm, i)	((struct vm_area_struct *)g_ptr_array_index((mm)->vmas, i))
#define MAX_LFS_FILESIZE	((uint64_t)INT64_MAX)
#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

/* Index of the first VMA that ends above @addr (mm->vmas->len if none). */
static guint vma_index(const struct mm_struct *mm, uint64_t addr)
{
	guint lo = 0, hi = mm->vmas->len;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (VMA(mm, mid)->vm_end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/**
 * find_vma - the first VMA of @mm that ends above @addr, or NULL
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, uint64_t addr)
{
	guint i = vma_index(mm, addr);

	return i < mm->vmas->len ? VMA(mm, i) : NULL;
}

/**
 * vma_lookup - the VMA of @mm containing @addr, or NULL
 */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, uint64_t addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

static struct vm_area_struct *vma_prev(struct mm_struct *mm, struct vm_area_struct *vma)
{
	guint i = vma_index(mm, vma->vm_start);

	return i ? VMA(mm, i - 1) : NULL;
}

static struct vm_area_struct *vma_next(struct mm_struct *mm, struct vm_area_struct *vma)
{
	guint i = vma_index(mm, vma->vm_start);

	return i + 1 < mm->vmas->len ? VMA(mm, i + 1) : NULL;
}

/**
 * vma_is_heap - is @vma the process's [heap] (get_vma_name)?
 */
bool vma_is_heap(const struct vm_area_struct *vma)
{
	const struct mm_struct *mm = vma->vm_mm;

	return !vma->vm_file && vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk;
}

/**
 * vma_is_stack - is @vma the process's [stack] (get_vma_name)?
 */
bool vma_is_stack(const struct vm_area_struct *vma)
{
	const struct mm_struct *mm = vma->vm_mm;

	return vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack;
}

/**
 * vma_alloc - a zeroed VMA of @mm from the vm_area_struct cache, in *@out; -ENOMEM
 */
int vma_alloc(struct machine *m, struct mm_struct *mm, struct vm_area_struct **out)
{
	uint64_t obj;
	int err = kmem_cache_alloc(m, task_cache(m, VMA_CACHE), GFP_KERNEL, &obj);

	if (err)
		return err;
	*out = g_new0(struct vm_area_struct, 1);
	(*out)->vm_mm = mm;
	(*out)->obj = obj;
	return 0;
}

/**
 * vma_free - give @vma back to its cache, with its file reference and its name
 */
void vma_free(struct machine *m, struct vm_area_struct *vma)
{
	kmem_cache_free(m, task_cache(m, VMA_CACHE), vma->obj);
	if (vma->vm_file)
		mapping_put(m, vma->vm_file);
	g_free(vma->anon_name);
	g_free(vma);
}

/**
 * vm_area_dup - a new VMA for @mm with @src's range, flags, file (one more
 * reference) and name, for a split or a fork; not linked yet.
 */
int vm_area_dup(struct machine *m, struct mm_struct *mm, const struct vm_area_struct *src,
		struct vm_area_struct **out)
{
	struct vm_area_struct *new;
	int err = vma_alloc(m, mm, &new);

	if (err)
		return err;
	new->vm_start = src->vm_start;
	new->vm_end = src->vm_end;
	new->vm_flags = src->vm_flags;
	new->vm_pgoff = src->vm_pgoff;
	new->vm_file = src->vm_file;
	new->special = src->special;
	new->anon_name = g_strdup(src->anon_name);
	new->anon_vma = src->anon_vma;
	new->anon_vma_forked = src->anon_vma_forked;
	new->ra = src->ra;
	if (new->vm_file)
		new->vm_file->refcount++;
	*out = new;
	return 0;
}

/**
 * vma_link - insert @vma into @mm's sorted array and count it (its charge: vma_account)
 */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	g_ptr_array_insert(mm->vmas, (gint)vma_index(mm, vma->vm_start), vma);
	mm->map_count++;
}

static void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	g_ptr_array_remove_index(mm->vmas, vma_index(mm, vma->vm_start));
	mm->map_count--;
}

/* vm_stat_account: total_vm and the exec/stack/data split /proc/PID/status shows */
static void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages)
{
	if (npages < 0 && mm->hiwater_vm < mm->total_vm)
		mm->hiwater_vm = mm->total_vm;
	mm->total_vm += (unsigned long)npages;
	if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
		mm->exec_vm += (unsigned long)npages;
	else if (flags & VM_STACK)
		mm->stack_vm += (unsigned long)npages;
	else if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE)
		mm->data_vm += (unsigned long)npages;
}

/* @pages more (or fewer) of a mapping with @flags: the counters, the commitment, the locked pages. */
static void vm_flags_account(struct mm_struct *mm, unsigned long flags, long pages)
{
	vm_stat_account(mm, flags, pages);
	if (flags & VM_ACCOUNT)
		mm->committed += (unsigned long)pages;
	if (flags & VM_LOCKED)
		mm->locked_vm += (unsigned long)pages;
}

/**
 * vma_account - add (@sign 1) or remove (-1) what @vma charges to @mm: counters, commitment,
 * locked pages
 */
void vma_account(struct mm_struct *mm, const struct vm_area_struct *vma, long sign)
{
	long pages = (long)vma_pages(vma);

	vm_flags_account(mm, vma->vm_flags, sign < 0 ? -pages : pages);
}

/*
 * __split_vma: @vma keeps [start, addr), a new VMA takes [addr, end), with
 * the same anon_vma. No max_map_count check here: munmap and
 * vma_modify_range() check the count they end with, which may pass the
 * limit for a moment on the way.
 */
static int __split_vma(struct machine *m, struct vm_area_struct *vma, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *new;
	int err = vm_area_dup(m, mm, vma, &new);

	if (err)
		return err;
	new->vm_start = addr;
	new->vm_pgoff += (unsigned long)((addr - vma->vm_start) >> PAGE_SHIFT);
	vma->vm_end = addr;
	vma_link(mm, new);
	return 0;
}

/*
 * anon_vma_compatible: @a ends where @b starts and they differ at most in
 * their access bits, so they may share an anon_vma.
 */
static bool anon_vma_compatible(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_file == b->vm_file &&
	       !((a->vm_flags ^ b->vm_flags) & ~VM_ACCESS_FLAGS) &&
	       b->vm_pgoff == a->vm_pgoff + vma_pages(a);
}

/* A forked VMA's anon_vma stays its own: neighbours neither adopt it nor merge into it. */
static bool vma_had_uncowed_parents(const struct vm_area_struct *vma)
{
	return vma->anon_vma && vma->anon_vma_forked;
}

/**
 * anon_vma_prepare - the first anonymous page of @vma. It takes a
 * neighbour's anon_vma when the two could have been one mapping
 * (find_mergeable_anon_vma, next first), else a new one.
 */
void anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *next, *prev;

	if (vma->anon_vma)
		return;
	next = vma_next(mm, vma);
	prev = vma_prev(mm, vma);
	if (next && next->anon_vma && !next->anon_vma_forked && anon_vma_compatible(vma, next))
		vma->anon_vma = next->anon_vma;
	else if (prev && prev->anon_vma && !prev->anon_vma_forked && anon_vma_compatible(prev, vma))
		vma->anon_vma = prev->anon_vma;
	else
		vma->anon_vma = ++mm->anon_vma_seq;
}

/* is_mergeable_anon_vma: one side has none and the other's is not a fork's, or they share one. */
static bool is_mergeable_anon_vma(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (!a->anon_vma || !b->anon_vma)
		return !vma_had_uncowed_parents(a->anon_vma ? a : b);
	return a->anon_vma == b->anon_vma;
}

/* Can @a, which ends where @b starts, become one VMA with it? */
static bool can_vma_merge(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_flags == b->vm_flags && a->vm_file == b->vm_file &&
	       !(a->vm_flags & VM_SPECIAL) && !a->special && !b->special &&
	       a->vm_pgoff + vma_pages(a) == b->vm_pgoff &&
	       g_strcmp0(a->anon_name, b->anon_name) == 0 && is_mergeable_anon_vma(a, b);
}

/* @a takes @b's range, and its anon_vma if it has none (dup_anon_vma). */
static void vma_extend(struct vm_area_struct *a, const struct vm_area_struct *b)
{
	a->vm_end = b->vm_end;
	if (!a->anon_vma) {
		a->anon_vma = b->anon_vma;
		a->anon_vma_forked = b->anon_vma_forked;
	}
}

/* @b goes into @a, which ends where it starts. */
static void vma_absorb(struct machine *m, struct vm_area_struct *a, struct vm_area_struct *b)
{
	struct mm_struct *mm = a->vm_mm;

	vma_unlink(mm, b);
	vma_extend(a, b);
	vma_free(m, b);
}

/**
 * vma_try_merge - merge @vma with its neighbours where the kernel would; the surviving VMA
 */
struct vm_area_struct *vma_try_merge(struct machine *m, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(vma->vm_mm, vma), *next;

	if (prev && can_vma_merge(prev, vma)) {
		vma_absorb(m, prev, vma);
		vma = prev;
	}
	next = vma_next(vma->vm_mm, vma);
	if (next && can_vma_merge(vma, next))
		vma_absorb(m, vma, next);
	return vma;
}

/* Where a VMA's start may come, leaving a stack its guard gap (vm_start_gap). */
static uint64_t vm_start_gap(const struct vm_area_struct *vma)
{
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return vma->vm_start;
	return vma->vm_start > STACK_GUARD_GAP ? vma->vm_start - STACK_GUARD_GAP : 0;
}

static bool range_free(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return !vma || vm_start_gap(vma) >= end;
}

/**
 * get_unmapped_area - the hint if it is free, else the highest gap below
 * mmap_base that fits (the top-down allocator). 0 when nothing fits.
 */
uint64_t get_unmapped_area(struct mm_struct *mm, uint64_t hint, uint64_t len)
{
	uint64_t high = mm->mmap_base, low_limit = 0x10000;

	hint = PAGE_ALIGN(hint);
	if (hint && hint >= low_limit && TASK_SIZE - len >= hint && range_free(mm, hint, hint + len))
		return hint;
	for (gint i = (gint)mm->vmas->len - 1; i >= -1; i--) {
		uint64_t low = i >= 0 ? VMA(mm, i)->vm_end : low_limit;
		uint64_t gap_end = high;

		if (i >= 0 && VMA(mm, i)->vm_start >= high)
			continue;
		if (i + 1 < (gint)mm->vmas->len)
			gap_end = MIN(gap_end, vm_start_gap(VMA(mm, i + 1)));
		if (gap_end > low && gap_end - low >= len)
			return (gap_end - len) & ~(uint64_t)(PAGE_SIZE - 1);
	}
	return 0;
}

/* accountable_mapping(): private writable memory, unless MAP_NORESERVE took it out */
static bool accountable_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/* A VMA goes: its pages, its charge, its counts; the caller frees the page tables. */
static void remove_vma(struct machine *m, struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	zap_page_range(m, vma, vma->vm_start, vma->vm_end);
	if (vma->vm_flags & VM_ACCOUNT)
		vm_unacct_memory(m, (long)vma_pages(vma));
	vma_account(mm, vma, -1);
	vma_unlink(mm, vma);
	vma_free(m, vma);
}

/*
 * Unmap [start, end) (do_vmi_munmap). Checks first, so that a refusal
 * changes nothing: only unmapping from inside one VMA leaves one VMA more.
 */
static int __do_munmap(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end)
{
	struct vm_area_struct *vma = find_vma(mm, start), *last;
	int err;

	if (!vma || vma->vm_start >= end)
		return 0;
	if (vma->vm_start < start && end < vma->vm_end && mm->map_count >= m->sysctl.max_map_count)
		return -ENOMEM;
	if (vma->vm_start < start) {
		err = __split_vma(m, vma, start);
		if (err)
			return err;
	}
	last = find_vma(mm, end - 1);
	if (last && last->vm_start < end && last->vm_end > end) {
		err = __split_vma(m, last, end);
		if (err)
			return err;
	}
	while ((vma = find_vma(mm, start)) && vma->vm_start < end)
		remove_vma(m, vma);
	free_pgtables(m, mm, start, end);
	return 0;
}

/*
 * Pages of [start, end) that mappings with all of @flags hold: MAP_FIXED
 * takes over the charge of the VM_ACCOUNT ones, and the address space
 * limit counts only what the mapping adds beyond all of them (@flags 0).
 */
static unsigned long count_vma_pages_range(struct mm_struct *mm, uint64_t start, uint64_t end,
					   unsigned long flags)
{
	unsigned long nr = 0;

	for (struct vm_area_struct *vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma_next(mm, vma))
		if ((vma->vm_flags & flags) == flags)
			nr += (unsigned long)((MIN(end, vma->vm_end) - MAX(start, vma->vm_start)) >> PAGE_SHIFT);
	return nr;
}

/* is_data_mapping: private and writable, not the stack (VmData, RLIMIT_DATA) */
static bool is_data_mapping(unsigned long flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
}

/**
 * may_expand_vm - may @t's @mm grow by @npages of a mapping with @flags?
 *
 * RLIMIT_AS bounds total_vm and RLIMIT_DATA data_vm, with the kernel's
 * valgrind workaround (a soft data limit of 0 is held to the hard one)
 * and its one warning per boot. The boot option ignore_rlimit_data is
 * not offered (the simulated kernel has no command line), so the warning
 * names it and the mapping fails.
 */
bool may_expand_vm(struct machine *m, struct task_struct *t, struct mm_struct *mm,
		   unsigned long flags, unsigned long npages)
{
	unsigned long data = task_rlimit(t, RLIMIT_DATA);

	if (mm->total_vm + npages > task_rlimit(t, RLIMIT_AS) >> PAGE_SHIFT)
		return false;
	if (!is_data_mapping(flags) || mm->data_vm + npages <= data >> PAGE_SHIFT)
		return true;
	if (!data && mm->data_vm + npages <= task_rlimit_max(t, RLIMIT_DATA) >> PAGE_SHIFT)
		return true;
	if (!m->tasks_warned_data_rlimit) {
		m->tasks_warned_data_rlimit = true;
		pr_warn(m, "mmap: %s (%d): VmData %lu exceed data ulimit %lu. Update limits or use boot option ignore_rlimit_data.",
			t->comm, t->pid, (mm->data_vm + npages) << PAGE_SHIFT, data);
	}
	return false;
}

/**
 * mlock_future_ok - may @t lock @bytes more of @mm in a mapping with @flags (RLIMIT_MEMLOCK)?
 */
bool mlock_future_ok(const struct task_struct *t, const struct mm_struct *mm, unsigned long flags,
		     uint64_t bytes)
{
	/* CAP_IPC_LOCK: root */
	if (!(flags & VM_LOCKED) || t->uid == 0)
		return true;
	return mm->locked_vm + (bytes >> PAGE_SHIFT) <= task_rlimit(t, RLIMIT_MEMLOCK) >> PAGE_SHIFT;
}

/**
 * mmap_region - map [@addr, @addr + @len), already checked, charging and merging as the kernel does
 */
int mmap_region(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
		unsigned long vm_flags, struct address_space *file, unsigned long pgoff,
		const char *special, const char *name)
{
	struct mm_struct *mm = t->mm;
	unsigned long nr_accounted = count_vma_pages_range(mm, addr, addr + len, VM_ACCOUNT);
	unsigned long nr_pages = count_vma_pages_range(mm, addr, addr + len, 0);
	long charged = 0;
	struct vm_area_struct *vma = NULL;
	int err;

	/* __mmap_region: the address space limit first; special mappings are installed without it */
	if (!special && !may_expand_vm(m, t, mm, vm_flags, (unsigned long)(len >> PAGE_SHIFT) - nr_pages))
		return -ENOMEM;
	if (accountable_mapping(vm_flags)) {
		/* the charge of what MAP_FIXED replaces carries over: only the rest is new */
		charged = (long)((len >> PAGE_SHIFT) - nr_accounted);
		if (charged && (err = __vm_enough_memory(m, t, charged)))
			return err;
		vm_flags |= VM_ACCOUNT;
	}
	err = vma_alloc(m, mm, &vma);
	if (!err)
		err = __do_munmap(m, mm, addr, addr + len);	/* MAP_FIXED over what was there */
	if (err) {
		if (vma)
			vma_free(m, vma);
		vm_unacct_memory(m, charged);
		return err;
	}
	if (vm_flags & VM_ACCOUNT)
		vm_acct_memory(m, (long)nr_accounted);	/* munmap gave it back */
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	vma->vm_file = file;
	if (file && !file->shmem)
		file->refcount++;	/* a shmem object comes with the reference the VMA takes */
	vma->special = special;
	vma->anon_name = g_strdup(name);
	vma_link(mm, vma);
	vma_account(mm, vma, 1);
	vma_try_merge(m, vma);
	return 0;
}

/**
 * do_mmap - mmap(2) for @t
 *
 * @file is a path for a file mapping (made on first use, as large as the
 * mapping needs), NULL for anonymous; @name names an anonymous mapping
 * ("[anon:NAME]"). *@addr is the hint (with MAP_FIXED_ the address); on
 * success the mapping's start.
 */
int do_mmap(struct machine *m, struct task_struct *t, uint64_t *addr, uint64_t len,
	    unsigned int prot, unsigned int flags, const char *file, uint64_t offset,
	    const char *name)
{
	STACK_FRAME(m);
	struct mm_struct *mm = t->mm;
	unsigned long vm_flags = calc_vm_prot_bits(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	unsigned int type = flags & (MAP_SHARED_ | MAP_PRIVATE_);
	struct address_space *as = NULL;
	unsigned long pgoff;
	uint64_t start;
	int err;

	if (!mm || !len || (prot & ~7U) || (type != MAP_SHARED_ && type != MAP_PRIVATE_))
		return -EINVAL;
	if ((offset & (PAGE_SIZE - 1)) || (file && (flags & MAP_ANONYMOUS_)))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	/* file_mmap_ok(): the mapping must end within MAX_LFS_FILESIZE */
	if (file && offset > MAX_LFS_FILESIZE - len)
		return -EOVERFLOW;
	if (mm->map_count > m->sysctl.max_map_count)
		return -ENOMEM;
	if (flags & MAP_FIXED_) {
		if (*addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (*addr > TASK_SIZE - len)
			return -ENOMEM;
		if (*addr < (uint64_t)m->sysctl.mmap_min_addr)
			return -EPERM;
		start = *addr;
	} else if (!(start = get_unmapped_area(mm, *addr, len))) {
		return -ENOMEM;
	}
	if (type == MAP_SHARED_) {
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		/* a file opened read-only: the mapping can never be written */
		if (file && !(prot & 2))
			vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
	}
	if ((flags & MAP_NORESERVE_) && m->sysctl.overcommit_memory != 2)
		vm_flags |= VM_NORESERVE;
	pgoff = file ? (unsigned long)(offset >> PAGE_SHIFT) : type == MAP_SHARED_ ? 0 :
		(unsigned long)(start >> PAGE_SHIFT);
	if (!file && type == MAP_SHARED_) {
		/* shmem_zero_setup: the object is charged for, not the VMA */
		unsigned long charge = (vm_flags & VM_NORESERVE) ? 0 : (unsigned long)(len >> PAGE_SHIFT);

		if (charge && (err = __vm_enough_memory(m, t, (long)charge)))
			return err;
		as = shmem_file_setup(m, len, charge);
	} else if (file) {
		as = filemap_open(m, file, offset + len);
	}
	err = mmap_region(m, t, start, len, vm_flags, as, pgoff, NULL, name);
	if (err) {
		if (as && as->shmem)
			mapping_put(m, as);
		return err;
	}
	if (flags & MAP_POPULATE_)
		populate_range(m, t, start, start + len, true);
	*addr = start;
	return 0;
}

/**
 * do_munmap - munmap(2) of [@start, @start + @len) in @t; -EINVAL for a bad range
 */
int do_munmap(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len)
{
	STACK_FRAME(m);
	if (!t->mm || (start & (PAGE_SIZE - 1)) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	return __do_munmap(m, t->mm, start, start + len);
}

/* do_brk_flags: grow the heap by [addr, addr + len), extending the VMA below when it can. */
static int do_brk_flags(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len)
{
	struct mm_struct *mm = t->mm;
	unsigned long flags = VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT;
	struct vm_area_struct *prev = addr ? vma_lookup(mm, addr - 1) : NULL;
	long pages = (long)(len >> PAGE_SHIFT);
	int err;

	/* brk's vma_prev_limit(start_brk): only a heap VMA is extended, never the bss below it */
	if (prev && prev->vm_end <= mm->start_brk)
		prev = NULL;

	if (!may_expand_vm(m, t, mm, flags, (unsigned long)pages))
		return -ENOMEM;
	if (mm->map_count > m->sysctl.max_map_count)
		return -ENOMEM;
	err = __vm_enough_memory(m, t, pages);
	if (err)
		return err;
	if (prev && prev->vm_end == addr && prev->vm_flags == flags && !prev->vm_file &&
	    !prev->anon_name && !vma_had_uncowed_parents(prev)) {
		prev->vm_end = addr + len;
	} else {
		struct vm_area_struct *vma;

		err = vma_alloc(m, mm, &vma);
		if (err) {
			vm_unacct_memory(m, pages);
			return err;
		}
		vma->vm_start = addr;
		vma->vm_end = addr + len;
		vma->vm_flags = flags;
		vma->vm_pgoff = (unsigned long)(addr >> PAGE_SHIFT);
		vma_link(mm, vma);
	}
	vm_flags_account(mm, flags, pages);
	return 0;
}

/**
 * do_brk - brk(2) moved by @delta bytes; *@newbrk gets the break after the call
 */
int do_brk(struct machine *m, struct task_struct *t, long delta, uint64_t *newbrk)
{
	STACK_FRAME(m);
	struct mm_struct *mm = t->mm;
	uint64_t brk, newal, oldal;
	struct vm_area_struct *next;
	int err = 0;

	if (!mm)
		return -EINVAL;
	if (delta < 0 ? (uint64_t)-delta > mm->brk - mm->start_brk : (uint64_t)delta > TASK_SIZE - mm->brk)
		return -ENOMEM;
	brk = mm->brk + (uint64_t)delta;
	/*
	 * check_data_rlimit, before the break moves either way: the heap and
	 * the data segment within RLIMIT_DATA. brk(2) then returns the old
	 * break, which sbrk reports as ENOMEM.
	 */
	if (task_rlimit(t, RLIMIT_DATA) != RLIM_INFINITY &&
	    (brk - mm->start_brk) + (mm->end_data - mm->start_data) > task_rlimit(t, RLIMIT_DATA))
		return -ENOMEM;
	newal = PAGE_ALIGN(brk);
	oldal = PAGE_ALIGN(mm->brk);
	if (newal < oldal) {
		err = __do_munmap(m, mm, newal, oldal);
	} else if (newal > oldal) {
		next = find_vma(mm, oldal);
		if (next && newal + PAGE_SIZE > vm_start_gap(next))
			return -ENOMEM;
		err = do_brk_flags(m, t, oldal, newal - oldal);
	}
	if (err)
		return err;
	mm->brk = brk;
	*newbrk = brk;
	return 0;
}

/*
 * acct_stack_growth: the stack of @size bytes after growing by @grow pages
 * stays within the address space limit, RLIMIT_STACK, the locked-memory
 * limit of a locked stack, and the commit limit; the faulting task's
 * limits, as the kernel reads current's.
 */
static int acct_stack_growth(struct machine *m, struct task_struct *t, struct vm_area_struct *vma,
			     uint64_t size, long grow)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!may_expand_vm(m, t, mm, vma->vm_flags, (unsigned long)grow))
		return -ENOMEM;
	if (size > task_rlimit(t, RLIMIT_STACK))
		return -ENOMEM;
	if (!mlock_future_ok(t, mm, vma->vm_flags, (uint64_t)grow << PAGE_SHIFT))
		return -ENOMEM;
	if ((vma->vm_flags & VM_ACCOUNT) && __vm_enough_memory(m, t, grow))
		return -ENOMEM;
	return 0;
}

/**
 * expand_stack - expand_downwards: a fault below the stack grows it, within
 * acct_stack_growth's limits and never closer than stack_guard_gap to the mapping below.
 */
int expand_stack(struct machine *m, struct task_struct *t, struct vm_area_struct *vma, uint64_t addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma_prev(mm, vma);
	uint64_t start = addr & ~(uint64_t)(PAGE_SIZE - 1);
	long grow = (long)((vma->vm_start - start) >> PAGE_SHIFT);

	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -ENOMEM;
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) && (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    start - prev->vm_end < STACK_GUARD_GAP)
		return -ENOMEM;
	if (acct_stack_growth(m, t, vma, vma->vm_end - start, grow))
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_pgoff -= (unsigned long)grow;
	vm_flags_account(mm, vma->vm_flags, grow);
	return 0;
}

/**
 * range_mapped - is [@start, @end) of @mm mapped without a hole?
 */
bool range_mapped(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	for (uint64_t addr = start; addr < end;) {
		struct vm_area_struct *vma = find_vma(mm, addr);

		if (!vma || vma->vm_start > addr)
			return false;
		addr = vma->vm_end;
	}
	return true;
}

/* A copy of [start, end) of @vma with @flags, for vma_modify_count(). */
static void push_piece(GArray *pieces, const struct vm_area_struct *vma, uint64_t start,
		       uint64_t end, unsigned long flags)
{
	struct vm_area_struct piece = *vma;

	piece.vm_pgoff += (unsigned long)((start - vma->vm_start) >> PAGE_SHIFT);
	piece.vm_start = start;
	piece.vm_end = end;
	piece.vm_flags = flags;
	g_array_append_val(pieces, piece);
}

/**
 * vma_modify_count - how many VMAs vma_modify_range() will add (or, by
 * merging, take away), found by doing it on copies: the range's VMAs and
 * their neighbours, cut where flags change, then merged left to right as
 * the real pass merges them.
 */
int vma_modify_count(struct mm_struct *mm, uint64_t start, uint64_t end,
		     const struct vma_modify_ops *ops, void *arg)
{
	guint lo = vma_index(mm, start), hi = vma_index(mm, end - 1) + 1, merged = 0;
	g_autoptr(GArray) pieces = g_array_new(FALSE, FALSE, sizeof(struct vm_area_struct));

	lo = lo ? lo - 1 : 0;
	hi = MIN(hi + 1, mm->vmas->len);
	for (guint i = lo; i < hi; i++) {
		struct vm_area_struct *vma = VMA(mm, i);
		unsigned long flags = vma->vm_flags;

		if (vma->vm_end > start && vma->vm_start < end)
			flags = ops->newflags(vma, arg);
		if (flags == vma->vm_flags) {
			g_array_append_val(pieces, *vma);
			continue;
		}
		if (vma->vm_start < start)
			push_piece(pieces, vma, vma->vm_start, start, vma->vm_flags);
		push_piece(pieces, vma, MAX(start, vma->vm_start), MIN(end, vma->vm_end), flags);
		if (vma->vm_end > end)
			push_piece(pieces, vma, end, vma->vm_end, vma->vm_flags);
	}
	for (guint i = 1; i < pieces->len; i++) {
		struct vm_area_struct *a = &g_array_index(pieces, struct vm_area_struct, i - 1 - merged);
		struct vm_area_struct *b = &g_array_index(pieces, struct vm_area_struct, i);

		if (can_vma_merge(a, b)) {
			vma_extend(a, b);
			merged++;
		} else if (merged) {
			g_array_index(pieces, struct vm_area_struct, i - merged) = *b;
		}
	}
	return (int)(pieces->len - merged) - (int)(hi - lo);
}

/**
 * vma_modify_range - split out of [@start, @end) the VMAs whose flags @ops change, change them,
 * merge
 *
 * The caller checked range_mapped(); the count of VMAs it ends with is
 * checked first (vma_modify_count), so only a slab failure stops it midway.
 */
int vma_modify_range(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end,
		     const struct vma_modify_ops *ops, void *arg)
{
	struct vm_area_struct *vma;
	int err;

	for (uint64_t addr = start; addr < end; addr = vma->vm_end) {
		unsigned long newflags;

		vma = find_vma(mm, addr);
		newflags = ops->newflags(vma, arg);
		if (newflags == vma->vm_flags)
			continue;
		if (vma->vm_start < addr) {
			if ((err = __split_vma(m, vma, addr)))
				return err;
			vma = find_vma(mm, addr);
		}
		if (vma->vm_end > end && (err = __split_vma(m, vma, end)))
			return err;
		ops->apply(m, vma, newflags, arg);
	}
	/* merge from the first piece on; each merge only ever grows the VMA at hand */
	for (vma = vma_try_merge(m, find_vma(mm, start)); vma->vm_end < end;)
		vma = vma_try_merge(m, find_vma(mm, vma->vm_end));
	return 0;
}

/**
 * exit_mmap - tear down the whole of @mm: every page, table and VMA
 */
void exit_mmap(struct machine *m, struct mm_struct *mm)
{
	while (mm->vmas->len)
		remove_vma(m, VMA(mm, mm->vmas->len - 1));
	free_pgtables(m, mm, 0, TASK_SIZE);
}

/**
 * mmap_check - The VMAs are sorted, disjoint and page-aligned; the mm's counters equal a recount.
 */
int mmap_check(struct machine *m, struct mm_struct *mm)
{
	struct mm_struct c = { 0 };
	uint64_t prev_end = 0;
	int bad = 0;

	for (guint i = 0; i < mm->vmas->len; i++) {
		struct vm_area_struct *vma = VMA(mm, i);

		if (vma->vm_start >= vma->vm_end || vma->vm_start < prev_end || vma->vm_end > TASK_SIZE ||
		    ((vma->vm_start | vma->vm_end) & (PAGE_SIZE - 1)) || vma->vm_mm != mm) {
			pr_err(m, "BUG: vma %#" G_GINT64_MODIFIER "x-%#" G_GINT64_MODIFIER "x out of order",
			       vma->vm_start, vma->vm_end);
			bad++;
		}
		prev_end = vma->vm_end;
		vma_account(&c, vma, 1);
	}
	if ((int)mm->vmas->len != mm->map_count || c.total_vm != mm->total_vm ||
	    c.exec_vm != mm->exec_vm || c.stack_vm != mm->stack_vm || c.data_vm != mm->data_vm ||
	    c.locked_vm != mm->locked_vm || c.committed != mm->committed) {
		pr_err(m, "BUG: mm counters: map_count %d/%u total %lu/%lu exec %lu/%lu stack %lu/%lu data %lu/%lu locked %lu/%lu committed %lu/%lu",
		       mm->map_count, mm->vmas->len, mm->total_vm, c.total_vm, mm->exec_vm, c.exec_vm,
		       mm->stack_vm, c.stack_vm, mm->data_vm, c.data_vm, mm->locked_vm, c.locked_vm,
		       mm->committed, c.committed);
		bad++;
	}
	return bad;
}
