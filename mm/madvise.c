// SPDX-License-Identifier: GPL-2.0
/*
 * madvise(2) (mm/madvise.c): MADV_DONTNEED drops the pages of a range; the
 * next touch faults in zeroed anonymous memory or the file's page again.
 * Page tables stay, as they do in the kernel. The other advice values
 * are not simulated.
 */
#include <errno.h>

#include "vma.h"

/**
 * do_madvise - madvise_walk_vmas: advise each VMA of the range; holes are skipped and
 * reported as ENOMEM once the rest is done. DONTNEED refuses locked and
 * PFN-mapped VMAs with EINVAL, leaving the VMAs before them advised.
 */
int do_madvise(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len_in,
	       int advice)
{
	struct mm_struct *mm = t->mm;
	uint64_t len = PAGE_ALIGN(len_in), end = start + len;
	int unmapped = 0;

	if (!mm || (start & (PAGE_SIZE - 1)) || advice != MADV_DONTNEED_)
		return -EINVAL;
	if ((len_in && !len) || end < start)
		return -EINVAL;		/* a length that rounds up past the top */
	for (uint64_t addr = start; addr < end;) {
		struct vm_area_struct *vma = find_vma(mm, addr);

		if (!vma)
			return -ENOMEM;
		if (addr < vma->vm_start) {
			unmapped = -ENOMEM;
			addr = vma->vm_start;
			if (addr >= end)
				break;
		}
		if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP))
			return -EINVAL;
		zap_page_range(m, vma, addr, MIN(end, vma->vm_end));
		addr = vma->vm_end;
	}
	return unmapped;
}
