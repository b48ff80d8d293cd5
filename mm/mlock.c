// SPDX-License-Identifier: GPL-2.0
/*
 * mlock(2) and munlock(2) (mm/mlock.c).
 *
 * A page mapped into a VM_LOCKED VMA is mlocked: counted in Mlocked, moved
 * to the unevictable LRU, and its mlock_count says how many locked mappings
 * hold it; the last one to go rescues it to the evictable lists. Locking a
 * range faults it in, as the kernel's populate does. Unprivileged tasks
 * are held to their RLIMIT_MEMLOCK (8 MiB by default) and may not lock at
 * all with a limit of 0; root has CAP_IPC_LOCK. fork does not inherit
 * locks.
 */
#include <errno.h>

#include "rmap.h"
#include "vma.h"

/**
 * mlock_folio - Mapped into a VM_LOCKED vma: unevictable, Mlocked.
 */
void mlock_folio(struct machine *m, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);

	if (ext->mlock_count++)
		return;
	ext->flags |= PGE_mlocked;
	__mod_zone_page_state(page_zone_pfn(m, pfn), NR_MLOCK, 1);
	__count_vm_events(m, UNEVICTABLE_PGMLOCKED, 1);
	folio_move_lru(m, pfn);
}

/**
 * munlock_folio - Unmapped from (or unlocked in) a VM_LOCKED vma; rescued with the last lock.
 */
void munlock_folio(struct machine *m, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);

	if (!ext->mlock_count || --ext->mlock_count)
		return;
	ext->flags &= (uint16_t)~PGE_mlocked;
	__mod_zone_page_state(page_zone_pfn(m, pfn), NR_MLOCK, -1);
	__count_vm_events(m, UNEVICTABLE_PGMUNLOCKED, 1);
	if (ext->flags & PGE_lru) {
		__count_vm_events(m, UNEVICTABLE_PGRESCUED, 1);
		folio_move_lru(m, pfn);
	}
}

static unsigned long mlock_newflags(const struct vm_area_struct *vma, void *arg)
{
	bool lock = *(const bool *)arg;

	/* [vvar], [vdso] and other VM_SPECIAL mappings are never locked: left whole, quietly */
	if (vma->vm_flags & VM_SPECIAL)
		return vma->vm_flags;
	return lock ? vma->vm_flags | VM_LOCKED : vma->vm_flags & ~(VM_LOCKED | VM_LOCKONFAULT);
}

static void mlock_fixup(struct machine *m, struct vm_area_struct *vma, unsigned long newflags,
			void *arg)
{
	vma_account(vma->vm_mm, vma, -1);
	vma->vm_flags = newflags;
	vma_account(vma->vm_mm, vma, 1);
	mlock_vma_pages(m, vma, vma->vm_start, vma->vm_end, *(const bool *)arg);
}

static const struct vma_modify_ops mlock_ops = { mlock_newflags, mlock_fixup };

/* __mlock_posix_error_return: what POSIX says mlock fails with */
static int mlock_posix_error_return(int err)
{
	if (err == -EFAULT)
		return -ENOMEM;
	if (err == -ENOMEM)
		return -EAGAIN;
	return err;
}

/* Pages of [start, end) not locked yet (count_mm_mlocked_page_nr's complement). */
static unsigned long pages_to_lock(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	unsigned long pages = 0;

	for (uint64_t addr = start; addr < end;) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		uint64_t e = MIN(end, vma->vm_end);

		if (!(vma->vm_flags & VM_LOCKED))
			pages += (unsigned long)((e - MAX(addr, vma->vm_start)) >> PAGE_SHIFT);
		addr = vma->vm_end;
	}
	return pages;
}

/* can_do_mlock: a task with no locked-memory allowance needs CAP_IPC_LOCK (root) */
static bool can_do_mlock(const struct task_struct *t)
{
	return task_rlimit(t, RLIMIT_MEMLOCK) != 0 || t->uid == 0;
}

/**
 * do_mlock - mlock(2) (@lock) or munlock(2) of [@start, @start + @len) in @t
 */
int do_mlock(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len, bool lock)
{
	STACK_FRAME(m);
	struct mm_struct *mm = t->mm;
	uint64_t end;
	int err;

	if (!mm)
		return -EINVAL;
	if (lock && !can_do_mlock(t))
		return -EPERM;
	len = PAGE_ALIGN(len + (start & (PAGE_SIZE - 1)));
	start &= ~(uint64_t)(PAGE_SIZE - 1);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (!len)
		return 0;
	if (!range_mapped(mm, start, end))
		return -ENOMEM;
	if (lock && t->uid != 0 &&
	    mm->locked_vm + pages_to_lock(mm, start, end) > task_rlimit(t, RLIMIT_MEMLOCK) >> PAGE_SHIFT)
		return -ENOMEM;
	if (mm->map_count + vma_modify_count(mm, start, end, &mlock_ops, &lock) >
	    m->sysctl.max_map_count)
		return -ENOMEM;
	err = vma_modify_range(m, mm, start, end, &mlock_ops, &lock);
	if (!err && lock)
		err = mlock_posix_error_return(populate_range(m, t, start, end, false));
	return err;
}
