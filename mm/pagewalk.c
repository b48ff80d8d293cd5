// SPDX-License-Identifier: GPL-2.0
/*
 * Read-only walks of an address space for /proc (mm/pagewalk.c and the
 * gathering halves of fs/proc/task_mmu.c): numa_maps' counts of a VMA and
 * pagemap's entries of a range of virtual pages.
 *
 * Both go through walk_range(), which descends only into the page tables
 * that exist: a pagemap read of a terabyte of holes costs a few table
 * lookups, one of a mapped gigabyte its 262144 entries.
 *
 * Left out: swap entries (nothing swaps yet: PM_SWAP is never set), the
 * VMA's VM_SOFTDIRTY flag (a page is soft-dirty when its entry was written
 * since the last clear_refs 4), THP and hugetlb entries, PM_UFFD_WP and
 * guard regions.
 */
#include <string.h>

#include "internal.h"
#include "vma.h"

/* ------------------------------------------------------------- numa_maps */

struct numa_args {
	struct numa_maps *md;
};

/* gather_pte_stats + gather_stats for one present entry */
static void numa_pte(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr,
		     void *arg)
{
	struct numa_maps *md = ((struct numa_args *)arg)->md;
	pte_t pte = pte_get(pt, i);
	unsigned long pfn = pte_pfn(pte);
	const struct page_ext *ext;

	/* can_gather_numa_stats: vm_normal_page() has no page for the zero page */
	if (pte & _PAGE_SPECIAL)
		return;
	ext = page_ext_get(m, pfn);
	md->pages++;
	if ((pte & _PAGE_DIRTY) || (ext->flags & PGE_dirty))
		md->dirty++;
	if (ext->flags & (PGE_active | PGE_unevictable))
		md->active++;
	if (ext->flags & PGE_anon)
		md->anon++;
	if ((unsigned long)ext->mapcount > md->mapcount_max)
		md->mapcount_max = (unsigned long)ext->mapcount;
	md->node[page_zone_pfn(m, pfn)->zone_pgdat->node_id]++;
}

void numa_gather_stats(struct machine *m, struct vm_area_struct *vma, struct numa_maps *md)
{
	struct numa_args a = { .md = md };

	walk_range(m, vma->vm_mm, vma->vm_start, vma->vm_end, numa_pte, &a);
}

/* --------------------------------------------------------------- pagemap */

struct pagemap_args {
	uint64_t start;			/* the address of out[0] */
	uint64_t *out;
	bool show_pfn;
};

/* pte_to_pagemap_entry for a present entry */
static void pagemap_pte(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr,
			void *arg)
{
	struct pagemap_args *pm = arg;
	pte_t pte = pte_get(pt, i);
	uint64_t frame = pm->show_pfn ? pte_pfn(pte) : 0;
	uint64_t flags = PM_PRESENT;

	if (pte & _PAGE_SOFT_DIRTY)
		flags |= PM_SOFT_DIRTY;
	/* the zero page has no folio: neither file nor exclusive */
	if (!(pte & _PAGE_SPECIAL)) {
		const struct page_ext *ext = page_ext_get(m, pte_pfn(pte));

		if (!(ext->flags & PGE_anon))
			flags |= PM_FILE;
		if (ext->mapcount == 1)
			flags |= PM_MMAP_EXCLUSIVE;
	}
	pm->out[(addr - pm->start) >> PAGE_SHIFT] = (frame & PM_PFRAME_MASK) | flags;
}

void pagemap_entries(struct machine *m, struct mm_struct *mm, uint64_t vpn, size_t n,
		     bool show_pfn, uint64_t *out)
{
	struct pagemap_args pm = { .start = vpn << PAGE_SHIFT, .out = out, .show_pfn = show_pfn };

	/* holes and unmapped pages of a VMA read 0 (pagemap_pte_hole without VM_SOFTDIRTY) */
	memset(out, 0, n * sizeof(*out));
	if (n)
		walk_range(m, mm, pm.start, pm.start + ((uint64_t)n << PAGE_SHIFT), pagemap_pte, &pm);
}
