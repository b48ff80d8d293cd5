// SPDX-License-Identifier: GPL-2.0
/*
 * Overcommit accounting (mm/util.c): vm_committed_as, CommitLimit and the
 * three overcommit_memory policies of __vm_enough_memory().
 */
#include <errno.h>

#include "internal.h"
#include "mm_types.h"
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

/**
 * vm_memory_committed - Committed_AS in pages (vm_committed_as)
 */
unsigned long vm_memory_committed(const struct machine *m)
{
	return m->vm_committed_as > 0 ? (unsigned long)m->vm_committed_as : 0;
}

/**
 * vm_acct_memory - charge @pages to vm_committed_as
 */
void vm_acct_memory(struct machine *m, long pages)
{
	m->vm_committed_as += pages;
}

/**
 * vm_unacct_memory - give @pages of charge back to vm_committed_as
 */
void vm_unacct_memory(struct machine *m, long pages)
{
	m->vm_committed_as -= pages;
}

/**
 * __vm_enough_memory - OVERCOMMIT_GUESS only refuses a single request larger than RAM plus swap;
 * OVERCOMMIT_NEVER keeps the total under CommitLimit, less the admin reserve
 * for unprivileged tasks and a user reserve of 1/32 of the task's size.
 */
int __vm_enough_memory(struct machine *m, struct task_struct *t, long pages)
{
	long allowed;

	vm_acct_memory(m, pages);
	switch (m->sysctl.overcommit_memory) {
	case 1:
		return 0;
	case 0:
		if (pages <= (long)(totalram_pages(m) + total_swap_pages(m)))
			return 0;
		break;
	default:
		allowed = (long)vm_commit_limit(m);
		if (t && t->uid != 0)
			allowed -= m->sysctl.admin_reserve_kbytes >> (PAGE_SHIFT - 10);
		if (t && t->mm)
			allowed -= MIN((long)(t->mm->total_vm / 32),
				       m->sysctl.user_reserve_kbytes >> (PAGE_SHIFT - 10));
		if (m->vm_committed_as < allowed)
			return 0;
		break;
	}
	if (__ratelimit(m, &m->rs_overcommit, "__vm_enough_memory"))
		pr_warn(m, "__vm_enough_memory: pid: %d, comm: %s, bytes: %lu not enough memory for the allocation",
			t ? t->pid : 0, t ? t->comm : "swapper/0", (unsigned long)pages << PAGE_SHIFT);
	vm_unacct_memory(m, pages);
	return -ENOMEM;
}
