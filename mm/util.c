// SPDX-License-Identifier: GPL-2.0
/*
 * Overcommit limits (mm/util.c). Nothing charges vm_committed_as until
 * address spaces exist; CommitLimit is already what the kernel computes.
 */
#include "internal.h"
#include "swapfile.h"

/**
 * vm_commit_limit - CommitLimit: overcommit_kbytes, or overcommit_ratio
 * percent of RAM (less hugetlb), plus swap.
 */
unsigned long vm_commit_limit(const struct machine *m)
{
	unsigned long allowed;

	if (m->sysctl.overcommit_kbytes)
		allowed = (unsigned long)m->sysctl.overcommit_kbytes >> (PAGE_SHIFT - 10);
	else
		allowed = (unsigned long)((long)totalram_pages(m) * m->sysctl.overcommit_ratio / 100);
	return allowed + total_swap_pages(m);
}

unsigned long vm_memory_committed(const struct machine *m)
{
	return 0;
}
