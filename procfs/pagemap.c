// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>/pagemap (fs/proc/task_mmu.c, pagemap_read): one 64-bit entry
 * per virtual page of the user address space, read at any offset and size
 * that are multiples of 8; the engine fills the entries of the range read
 * (pagemap_entries), so a read costs what it covers, never the whole file.
 *
 * PFNs read 0 unless the opener is root (pagemap_open's CAP_SYS_ADMIN).
 * The task is found at every read: a read after it exited returns 0 bytes,
 * as a read of an mm that has no users left does.
 */
#include <errno.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/mm.h"

static ssize_t pagemap_read(const struct pfs_req *r, uint64_t off, size_t size, GString *out)
{
	struct task_struct *t = proc_task(r);
	uint64_t task_vpns = TASK_SIZE >> PAGE_SHIFT, vpn = off / PM_ENTRY_BYTES;
	size_t n;

	if (!t)
		return size ? 0 : -ENOENT;	/* the open fails; a later read finds no mm */
	if (!t->mm)
		return 0;			/* a kernel thread: opens, reads nothing */
	if (off % PM_ENTRY_BYTES || size % PM_ENTRY_BYTES)
		return -EINVAL;
	if (!size || vpn >= task_vpns)
		return 0;
	n = (size_t)MIN(size / PM_ENTRY_BYTES, task_vpns - vpn);
	g_string_set_size(out, n * PM_ENTRY_BYTES);
	pagemap_entries(r->m, t->mm, vpn, n, r->uid == 0, (uint64_t *)(void *)out->str);
	return (ssize_t)(n * PM_ENTRY_BYTES);
}

const struct pfs_file_ops proc_pagemap_ops = { .read = pagemap_read, .ro_errno = EINVAL };
