// SPDX-License-Identifier: GPL-2.0
/*
 * mprotect(2) (mm/mprotect.c): new access bits for whole or split VMAs,
 * applied to the entries already mapped. Making private memory writable
 * charges it to vm_committed_as then; taking write away from private
 * anonymous memory that never had a page gives the charge back.
 */
#include <errno.h>

#include "vma.h"

struct mprotect_args {
	unsigned long newbits;
	long charged;		/* charged up front for the whole range */
	long applied;		/* of it, taken on by VMAs already changed */
	long uncharged;
};

static bool needs_charge(unsigned long oldflags, unsigned long newflags)
{
	return (newflags & VM_WRITE) &&
	       !(oldflags & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE));
}

static bool gives_back(const struct vm_area_struct *vma, unsigned long newflags)
{
	return !(newflags & VM_WRITE) && (vma->vm_flags & VM_ACCOUNT) && !vma->vm_file &&
	       !vma->anon_vma;
}

/*
 * The access bits asked for, and the charge that comes with them: making
 * private memory writable charges it, taking write from private anonymous
 * memory that never had a page gives it back.
 */
static unsigned long mprotect_newflags(const struct vm_area_struct *vma, void *arg)
{
	unsigned long newflags = (vma->vm_flags & ~VM_ACCESS_FLAGS) |
				 ((const struct mprotect_args *)arg)->newbits;

	if (needs_charge(vma->vm_flags, newflags))
		newflags |= VM_ACCOUNT;
	else if (gives_back(vma, newflags))
		newflags &= ~VM_ACCOUNT;
	return newflags;
}

static void mprotect_fixup(struct machine *m, struct vm_area_struct *vma, unsigned long newflags,
			   void *arg)
{
	struct mprotect_args *a = arg;

	if ((newflags & ~vma->vm_flags) & VM_ACCOUNT)
		a->applied += (long)vma_pages(vma);
	else if ((vma->vm_flags & ~newflags) & VM_ACCOUNT)
		a->uncharged += (long)vma_pages(vma);
	vma_account(vma->vm_mm, vma, -1);
	vma->vm_flags = newflags;
	vma_account(vma->vm_mm, vma, 1);
	change_protection(m, vma, vma->vm_start, vma->vm_end);
}

static const struct vma_modify_ops mprotect_ops = { mprotect_newflags, mprotect_fixup };

/**
 * do_mprotect - mprotect(2) of [@start, @start + @len) in @t to @prot
 */
int do_mprotect(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
		unsigned int prot)
{
	STACK_FRAME(m);
	struct mm_struct *mm = t->mm;
	struct mprotect_args a = { .newbits = calc_vm_prot_bits(prot) };
	uint64_t end;
	int err;

	if (!mm || (start & (PAGE_SIZE - 1)) || (prot & ~7U))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (!range_mapped(mm, start, end))
		return -ENOMEM;
	for (uint64_t addr = start; addr < end;) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		unsigned long newflags = mprotect_newflags(vma, &a);
		uint64_t s = MAX(addr, vma->vm_start), e = MIN(end, vma->vm_end);

		/* VM_MAY* bits sit 4 above the access bits they allow */
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS)
			return -EACCES;
		if (needs_charge(vma->vm_flags, newflags))
			a.charged += (long)((e - s) >> PAGE_SHIFT);
		addr = vma->vm_end;
	}
	if (mm->map_count + vma_modify_count(mm, start, end, &mprotect_ops, &a) >
	    m->sysctl.max_map_count)
		return -ENOMEM;
	if (a.charged && (err = __vm_enough_memory(m, t, a.charged)))
		return err;
	err = vma_modify_range(m, mm, start, end, &mprotect_ops, &a);
	/* a failed split stops it midway: what was changed stays, as in the kernel */
	vm_unacct_memory(m, a.uncharged + a.charged - a.applied);
	return err;
}
