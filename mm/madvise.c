// SPDX-License-Identifier: GPL-2.0
/*
 * madvise(2) (mm/madvise.c): MADV_DONTNEED drops the pages of a range; the
 * next touch faults in zeroed anonymous memory or the file's page again.
 * Page tables stay, as they do in the kernel. The other advice values
 * are not simulated.
 */
#include <errno.h>

#include "vma.h"

int do_madvise(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
	       int advice)
{
	struct mm_struct *mm = t->mm;
	uint64_t end;

	if (!mm || (start & (PAGE_SIZE - 1)) || advice != MADV_DONTNEED_)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (!len)
		return 0;
	if (!range_mapped(mm, start, end, NULL))
		return -ENOMEM;
	for (uint64_t addr = start; addr < end;) {
		struct vm_area_struct *vma = find_vma(mm, addr);

		if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP) || vma->special)
			return -EINVAL;
		addr = vma->vm_end;
	}
	for (uint64_t addr = start; addr < end;) {
		struct vm_area_struct *vma = find_vma(mm, addr);

		zap_page_range(m, vma, MAX(addr, vma->vm_start), MIN(end, vma->vm_end));
		addr = vma->vm_end;
	}
	return 0;
}
