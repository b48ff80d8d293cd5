// SPDX-License-Identifier: GPL-2.0
/*
 * msync(2) (mm/msync.c): MS_SYNC writes the dirty pages of each shared
 * file mapping in the range and waits for them, as vfs_fsync_range does;
 * MS_ASYNC does nothing since the kernel tracks dirty pages itself;
 * MS_INVALIDATE only checks for mlocked pages. A hole in the range is
 * ENOMEM after the rest is done.
 */
#include <errno.h>

#include "filemap.h"
#include "internal.h"
#include "mm.h"
#include "writeback.h"

/**
 * do_msync - msync(@start, @len, @flags) for @t
 */
int do_msync(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len, int flags)
{
	uint64_t end;
	int err = 0;

	if (flags & ~(MS_ASYNC_ | MS_INVALIDATE_ | MS_SYNC_))
		return -EINVAL;
	if ((start & (PAGE_SIZE - 1)) || ((flags & MS_ASYNC_) && (flags & MS_SYNC_)))
		return -EINVAL;
	len = (len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	end = start + len;
	if (end < start)
		return -ENOMEM;
	while (start < end) {
		struct vm_area_struct *vma = find_vma(t->mm, start);
		uint64_t fstart, fend;

		if (!vma || vma->vm_end <= start)
			return -ENOMEM;
		if (start < vma->vm_start) {
			err = -ENOMEM;	/* a hole: the rest is still done */
			start = vma->vm_start;
			if (start >= end)
				break;
		}
		if ((flags & MS_INVALIDATE_) && (vma->vm_flags & VM_LOCKED))
			return -EBUSY;
		fstart = ((uint64_t)vma->vm_pgoff << PAGE_SHIFT) + (start - vma->vm_start);
		fend = fstart + MIN(end, vma->vm_end) - start - 1;
		if ((flags & MS_SYNC_) && vma->vm_file && !vma->vm_file->shmem &&
		    (vma->vm_flags & VM_SHARED))
			filemap_write_and_wait_range(m, vma->vm_file, fstart, fend);
		start = vma->vm_end;
	}
	return err;
}
