// SPDX-License-Identifier: GPL-2.0
/*
 * Page tables and page faults (mm/memory.c).
 *
 * Four levels, x86_64 style: PGD, PUD, PMD, PTE, each table a page from
 * the page allocator (GFP_PGTABLE_USER), counted in PageTables, and the
 * PUD/PMD/PTE ones in the mm's pgtables_bytes (VmPTE). A fault finds or
 * makes the PTE table and then does what the kernel does for that entry:
 * the zero page for an anonymous read, a fresh zeroed page for a write,
 * the page-cache page (read in with read-around and readahead, mapped with
 * fault-around) for a file, a copy for a write to a copy-on-write page, or reuse when the
 * page has no other mapping.
 */
#include <errno.h>
#include <string.h>

#include "filemap.h"
#include "rmap.h"
#include "task.h"
#include "vma.h"

#define FAULT_AROUND_PAGES	16	/* fault_around_bytes 64K */
#define RESCHED_BYTES		(16ULL << 20)	/* a long access looks for readers every 4096 pages */
#define PTE_USER		(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
/* pte_mkdirty(): a written entry is dirty and soft-dirty until clear_refs 4 */
#define PTE_DIRTY		(_PAGE_DIRTY | _PAGE_SOFT_DIRTY)

static unsigned int pt_index(uint64_t addr, int level)
{
	return (unsigned int)(addr >> (PAGE_SHIFT + 9 * level)) & (PTRS_PER_TABLE - 1);
}

/* Bytes one entry of a level-@level table maps. */
static uint64_t pt_entry_span(int level)
{
	return 1ULL << (PAGE_SHIFT + 9 * level);
}

static struct pgtable *pgtable_alloc(struct machine *m, struct mm_struct *mm, int level)
{
	struct pgtable *pt;
	unsigned long pfn;

	if (alloc_pages_node(m, -1, GFP_PGTABLE_USER, 0, &pfn))
		return NULL;
	pt = g_malloc0(sizeof(*pt) + (level ? PTRS_PER_TABLE * sizeof(pt->next[0]) : 0));
	pt->pfn = pfn;
	pt->level = level;
	pfn_to_page(m, pfn)->flags |= PG_pgtable;
	__mod_node_page_state(page_zone_pfn(m, pfn)->zone_pgdat, NR_PAGETABLE, 1);
	if (level < PT_LEVELS - 1)
		mm->pgtables_bytes += PAGE_SIZE;
	return pt;
}

static void pgtable_free(struct machine *m, struct mm_struct *mm, struct pgtable *pt)
{
	__mod_node_page_state(page_zone_pfn(m, pt->pfn)->zone_pgdat, NR_PAGETABLE, -1);
	if (pt->level < PT_LEVELS - 1)
		mm->pgtables_bytes -= PAGE_SIZE;
	pfn_to_page(m, pt->pfn)->flags &= (uint16_t)~(PG_pgtable | PG_zeroed);
	__free_pages(m, pt->pfn, 0);
	g_free(pt->pte);
	g_free(pt);
}

/**
 * pgd_alloc - give @mm its top-level page table
 */
int pgd_alloc(struct machine *m, struct mm_struct *mm)
{
	mm->pgd = pgtable_alloc(m, mm, PT_LEVELS - 1);
	return mm->pgd ? 0 : -ENOMEM;
}

/**
 * pgd_free - free @mm's top-level page table (the rest is gone already)
 */
void pgd_free(struct machine *m, struct mm_struct *mm)
{
	if (mm->pgd)
		pgtable_free(m, mm, mm->pgd);
	mm->pgd = NULL;
}

/* The PTE table for @addr; made as needed when @alloc. NULL: none, or no memory. */
static struct pgtable *pte_table(struct machine *m, struct mm_struct *mm, uint64_t addr, bool alloc)
{
	struct pgtable *pt = mm->pgd;

	for (int level = PT_LEVELS - 1; level > 0; level--) {
		unsigned int i = pt_index(addr, level);

		if (!pt->next[i]) {
			if (!alloc || !(pt->next[i] = pgtable_alloc(m, mm, level - 1)))
				return NULL;
			pt->nr++;
		}
		pt = pt->next[i];
	}
	return pt;
}

static bool is_zero_pte(pte_t pte)
{
	return (pte & _PAGE_SPECIAL) && pte_pfn(pte) == ZERO_PFN;
}

/* Entry @i of a compact table becomes @pte: a bit while it can, else the array. */
static void set_compact_pte(struct pgtable *pt, unsigned int i, pte_t pte)
{
	uint64_t bit = 1ULL << (i % 64);

	if (!pte) {
		pt->zero_map[i / 64] &= ~bit;
		return;
	}
	/* @nr was counted already: 1 means @i is the only entry */
	if (is_zero_pte(pte) && (pte == pt->zero_pte || pt->nr == 1)) {
		pt->zero_pte = pte;
		pt->zero_map[i / 64] |= bit;
		return;
	}
	pt->pte = g_new0(pte_t, PTRS_PER_TABLE);
	for (unsigned int j = 0; j < PTRS_PER_TABLE; j++)
		if ((pt->zero_map[j / 64] >> (j % 64)) & 1)
			pt->pte[j] = pt->zero_pte;
	memset(pt->zero_map, 0, sizeof(pt->zero_map));
	pt->pte[i] = pte;
}

static void set_pte(struct pgtable *pt, unsigned int i, pte_t pte)
{
	pte_t old = pte_get(pt, i);

	if (!old && pte)
		pt->nr++;
	else if (old && !pte)
		pt->nr--;
	if (!pt->pte) {
		set_compact_pte(pt, i, pte);
	} else if (!pt->nr) {
		g_free(pt->pte);	/* empty again: compact */
		pt->pte = NULL;
	} else {
		pt->pte[i] = pte;
	}
}

static pte_t mk_pte(unsigned long pfn, pte_t prot)
{
	return ((pte_t)pfn << PTE_PFN_SHIFT) | PTE_USER | prot;
}

/* Call @fn for every present entry of [start, end) under @pt, in address order. */
static void walk_table(struct machine *m, struct pgtable *pt, uint64_t base, uint64_t start,
		       uint64_t end, pte_fn fn, void *arg)
{
	uint64_t span = pt_entry_span(pt->level);

	for (unsigned int i = start > base ? pt_index(start, pt->level) : 0; i < PTRS_PER_TABLE; i++) {
		uint64_t a = base + i * span;

		if (a >= end)
			break;
		if (pt->level == 0) {
			if (pte_get(pt, i))
				fn(m, pt, i, a, arg);
		} else if (pt->next[i]) {
			if (pt->level == 1)
				cond_resched(m);	/* a table at a time: zap, copy and smaps of terabytes */
			walk_table(m, pt->next[i], a, start, end, fn, arg);
		}
	}
}

void walk_range(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end, pte_fn fn,
		void *arg)
{
	walk_table(m, mm->pgd, 0, start, end, fn, arg);
}

/* Which RSS counter a page counts in (mm_counter()). */
static int mm_counter(const struct page_ext *ext)
{
	if (ext->flags & PGE_anon)
		return MM_ANONPAGES;
	return (ext->flags & PGE_swapbacked) ? MM_SHMEMPAGES : MM_FILEPAGES;
}

static void update_hiwater_rss(struct mm_struct *mm)
{
	if (mm->hiwater_rss < get_mm_rss(mm))
		mm->hiwater_rss = get_mm_rss(mm);
}

/* ------------------------------------------------------------------ unmap */

static void zap_pte(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr, void *arg)
{
	struct vm_area_struct *vma = arg;
	pte_t pte = pte_get(pt, i);
	unsigned long pfn = pte_pfn(pte);
	struct page_ext *ext;

	set_pte(pt, i, 0);
	if (pte & _PAGE_SPECIAL)
		return;
	ext = page_ext_get(m, pfn);
	vma->vm_mm->rss_stat[mm_counter(ext)]--;
	if ((pte & _PAGE_DIRTY) && !(ext->flags & PGE_anon))
		filemap_mark_dirty(m, vma->vm_file, pfn);
	if (vma->vm_flags & VM_LOCKED)
		munlock_folio(m, pfn);
	folio_remove_rmap(m, pfn);
}

/**
 * zap_page_range - unmap every page of [@start, @end) in @vma; the page tables stay
 */
void zap_page_range(struct machine *m, struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	update_hiwater_rss(vma->vm_mm);
	walk_range(m, vma->vm_mm, start, end, zap_pte, vma);
}

/* Is any of [start, end) mapped by a VMA? */
static bool span_in_use(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end;
}

static void free_tables(struct machine *m, struct mm_struct *mm, struct pgtable *pt, uint64_t base,
			uint64_t start, uint64_t end)
{
	uint64_t span = pt_entry_span(pt->level);

	for (unsigned int i = start > base ? pt_index(start, pt->level) : 0; i < PTRS_PER_TABLE; i++) {
		uint64_t a = base + i * span;
		struct pgtable *child = pt->next[i];

		if (a >= end)
			break;
		if (!child)
			continue;
		if (child->level > 0)
			free_tables(m, mm, child, a, start, end);
		/* no VMA left over the table's span: its entries were zapped with them */
		if (!span_in_use(mm, a, a + span)) {
			pgtable_free(m, mm, child);
			pt->next[i] = NULL;
			pt->nr--;
		}
	}
}

/**
 * free_pgtables - free the page tables over [@start, @end) that no VMA of @mm needs any more
 */
void free_pgtables(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end)
{
	free_tables(m, mm, mm->pgd, 0, start, end);
}

/* ------------------------------------------------------------------- fork */

struct copy_args {
	struct vm_area_struct *dst, *src;
	int err;
};

static void copy_pte(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr, void *arg)
{
	struct copy_args *c = arg;
	struct mm_struct *dst_mm = c->dst->vm_mm;
	struct pgtable *dst_pt;
	pte_t pte = pte_get(pt, i);

	if (c->err)
		return;
	dst_pt = pte_table(m, dst_mm, addr, true);
	if (!dst_pt) {
		c->err = -ENOMEM;
		return;
	}
	if (!(pte & _PAGE_SPECIAL)) {
		unsigned long pfn = pte_pfn(pte);

		folio_dup_rmap(m, pfn);
		dst_mm->rss_stat[mm_counter(page_ext_get(m, pfn))]++;
	}
	/* both sides lose write access; the first write on either copies */
	if (is_cow_mapping(c->src->vm_flags)) {
		pte &= ~_PAGE_RW;
		set_pte(pt, i, pte);
	}
	if (c->src->vm_flags & VM_SHARED)
		pte &= ~_PAGE_DIRTY;
	set_pte(dst_pt, i, pte & ~_PAGE_ACCESSED);	/* the child has not used it yet */
}

/**
 * copy_page_range - fork: map @src's pages into @dst, write-protecting copy-on-write ones on both
 * sides
 */
int copy_page_range(struct machine *m, struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct copy_args c = { .dst = dst, .src = src };

	/* only a VMA with anonymous pages needs it: the child faults the rest in (vma_needs_copy) */
	if (!src->anon_vma)
		return 0;
	walk_range(m, src->vm_mm, src->vm_start, src->vm_end, copy_pte, &c);
	return c.err;
}

/* --------------------------------------------------------------- mprotect */

static void change_pte(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr, void *arg)
{
	struct vm_area_struct *vma = arg;
	pte_t pte = pte_get(pt, i);

	if (!(vma->vm_flags & VM_WRITE)) {
		set_pte(pt, i, pte & ~_PAGE_RW);
		return;
	}
	/*
	 * An exclusive anon page may be written at once (can_change_pte_writable),
	 * unless soft-dirty tracking needs its next write to fault.
	 */
	if (!(pte & _PAGE_SPECIAL) && !(vma->vm_flags & VM_SHARED) && (pte & _PAGE_SOFT_DIRTY)) {
		struct page_ext *ext = page_ext_get(m, pte_pfn(pte));

		if ((ext->flags & PGE_anon) && ext->mapcount == 1)
			set_pte(pt, i, pte | _PAGE_RW);
	}
}

/**
 * change_protection - bring the entries of [@start, @end) in line with @vma's (new) protection
 */
void change_protection(struct machine *m, struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	walk_range(m, vma->vm_mm, start, end, change_pte, vma);
}

static void mlock_pte(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr, void *arg)
{
	pte_t pte = pte_get(pt, i);

	if (pte & _PAGE_SPECIAL)
		return;
	if (*(const bool *)arg)
		mlock_folio(m, pte_pfn(pte));
	else
		munlock_folio(m, pte_pfn(pte));
}

/**
 * mlock_vma_pages - mlock (@lock) or munlock the pages mapped in [@start, @end) of @vma
 */
void mlock_vma_pages(struct machine *m, struct vm_area_struct *vma, uint64_t start, uint64_t end,
		     bool lock)
{
	walk_range(m, vma->vm_mm, start, end, mlock_pte, &lock);
}

/* ----------------------------------------------------------------- faults */

/* Map @pfn, a page-cache page, at entry @i (finish_fault / set_pte_range). */
static void map_file_page(struct machine *m, struct vm_area_struct *vma, struct pgtable *pt,
			  unsigned int i, unsigned long pfn, bool write)
{
	pte_t prot = 0;

	folio_add_file_rmap(m, pfn);
	vma->vm_mm->rss_stat[mm_counter(page_ext_get(m, pfn))]++;
	if (vma->vm_flags & VM_LOCKED)
		mlock_folio(m, pfn);
	if (write) {
		prot = _PAGE_RW | PTE_DIRTY;
		filemap_mark_dirty(m, vma->vm_file, pfn);
	} else if ((vma->vm_flags & VM_SHARED) && (vma->vm_flags & VM_WRITE) && vma->vm_file->shmem) {
		prot = _PAGE_RW;	/* shmem needs no write notification */
	}
	set_pte(pt, i, mk_pte(pfn, prot));
}

/* A new anonymous page at entry @i: zeroed, or a copy of what was there. */
static int map_new_anon_page(struct machine *m, struct vm_area_struct *vma, struct pgtable *pt,
			     unsigned int i, uint64_t addr, bool zeroed, unsigned long *pfnp)
{
	unsigned long pfn;

	if (alloc_user_page(m, GFP_HIGHUSER_MOVABLE | (zeroed ? __GFP_ZERO : 0), &pfn))
		return -ENOMEM;
	folio_add_new_anon_rmap(m, pfn, vma, addr);
	anon_vma_prepare(vma);
	vma->vm_mm->rss_stat[MM_ANONPAGES]++;
	if (vma->vm_flags & VM_LOCKED)
		mlock_folio(m, pfn);
	*pfnp = pfn;
	return 0;
}

/*
 * do_anonymous_page: no entry in an anonymous VMA. A read maps the zero
 * page; a write maps a fresh zeroed page.
 */
static vm_fault_t do_anonymous_page(struct machine *m, struct vm_fault *vmf)
{
	unsigned long pfn;

	if (!(vmf->flags & FAULT_FLAG_WRITE)) {
		set_pte(vmf->pt, vmf->pte_index, mk_pte(ZERO_PFN, _PAGE_SPECIAL));
		return 0;
	}
	if (map_new_anon_page(m, vmf->vma, vmf->pt, vmf->pte_index, vmf->address, true, &pfn))
		return VM_FAULT_OOM;
	set_pte(vmf->pt, vmf->pte_index, mk_pte(pfn, _PAGE_RW | PTE_DIRTY));
	return 0;
}

/* The file page of @vma at @addr. */
static unsigned long linear_page_index(const struct vm_area_struct *vma, uint64_t addr)
{
	return vma->vm_pgoff + (unsigned long)((addr - vma->vm_start) >> PAGE_SHIFT);
}

/*
 * do_fault_around: map the cached pages of the 16-page window around the
 * fault that have no entry yet, clamped to the VMA and the PTE table. True
 * when that mapped the faulting page itself.
 */
static bool do_fault_around(struct machine *m, struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct pgtable *pt = vmf->pt;
	unsigned long pte_off = vmf->pte_index;
	unsigned long vma_off = (unsigned long)((vmf->address - vma->vm_start) >> PAGE_SHIFT);
	unsigned long from = MAX(pte_off & ~(FAULT_AROUND_PAGES - 1UL), pte_off - MIN(pte_off, vma_off));
	unsigned long to = MIN(MIN(from + FAULT_AROUND_PAGES, PTRS_PER_TABLE),
			       pte_off + vma_pages(vma) - vma_off);

	for (unsigned long p = from; p < to; p++) {
		uint64_t a = vmf->address - pte_off * PAGE_SIZE + p * PAGE_SIZE;
		unsigned long pfn;

		if (pte_get(pt, p))
			continue;
		pfn = filemap_lookup(vma->vm_file, linear_page_index(vma, a));
		/* a readahead mark is left for a real fault to find (next_uptodate_folio) */
		if (pfn != PFN_NONE && !(page_ext_get(m, pfn)->flags & PGE_readahead))
			map_file_page(m, vma, pt, (unsigned int)p, pfn, false);
	}
	return pte_get(pt, pte_off) != 0;
}

/*
 * __do_fault: the file's page for the fault (vma->vm_ops->fault, which is
 * filemap_fault for every file here): past the end of the file is SIGBUS,
 * a page the cache could not get is OOM, a page read in is a major fault.
 */
static vm_fault_t __do_fault(struct machine *m, struct vm_fault *vmf, unsigned long *pfnp)
{
	struct vm_area_struct *vma = vmf->vma;
	bool major;
	int err = filemap_fault(m, vma->vm_file, &vma->ra, vmf->pgoff, pfnp, &major);

	if (err)
		return err == -EFAULT ? VM_FAULT_SIGBUS : VM_FAULT_OOM;
	return major ? VM_FAULT_MAJOR : 0;
}

/* do_read_fault: fault-around first, then the page itself, mapped read-only. */
static vm_fault_t do_read_fault(struct machine *m, struct vm_fault *vmf)
{
	unsigned long pfn;
	vm_fault_t ret;

	if (do_fault_around(m, vmf))
		return 0;
	ret = __do_fault(m, vmf, &pfn);
	if (!(ret & VM_FAULT_ERROR))
		map_file_page(m, vmf->vma, vmf->pt, vmf->pte_index, pfn, false);
	return ret;
}

/* do_cow_fault: a write to a private file mapping maps a private copy; the file page stays cached. */
static vm_fault_t do_cow_fault(struct machine *m, struct vm_fault *vmf)
{
	unsigned long pfn, anon;
	vm_fault_t ret = __do_fault(m, vmf, &pfn);

	if (ret & VM_FAULT_ERROR)
		return ret;
	if (map_new_anon_page(m, vmf->vma, vmf->pt, vmf->pte_index, vmf->address, false, &anon))
		return VM_FAULT_OOM;
	set_pte(vmf->pt, vmf->pte_index, mk_pte(anon, _PAGE_RW | PTE_DIRTY));
	return ret;
}

/* do_shared_fault: a write to a shared file mapping maps the cache page writable and dirties it. */
static vm_fault_t do_shared_fault(struct machine *m, struct vm_fault *vmf)
{
	unsigned long pfn;
	vm_fault_t ret = __do_fault(m, vmf, &pfn);

	if (!(ret & VM_FAULT_ERROR))
		map_file_page(m, vmf->vma, vmf->pt, vmf->pte_index, pfn, true);
	return ret;
}

/* do_fault: no entry in a file VMA. */
static vm_fault_t do_fault(struct machine *m, struct vm_fault *vmf)
{
	if (!(vmf->flags & FAULT_FLAG_WRITE))
		return do_read_fault(m, vmf);
	if (!(vmf->vma->vm_flags & VM_SHARED))
		return do_cow_fault(m, vmf);
	return do_shared_fault(m, vmf);
}

/*
 * do_wp_page: a write to a present, write-protected entry. An anonymous
 * page mapped once is reused (PGREUSE), a shared mapping's page made
 * writable and dirty, anything else (the zero page, a page fork shares)
 * copied.
 */
static vm_fault_t do_wp_page(struct machine *m, struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct pgtable *pt = vmf->pt;
	unsigned int i = vmf->pte_index;
	pte_t pte = vmf->orig_pte;
	unsigned long old = pte_pfn(pte), pfn;
	struct page_ext *ext = NULL;

	if (!(pte & _PAGE_SPECIAL)) {
		ext = page_ext_get(m, old);
		if ((ext->flags & PGE_anon) && ext->mapcount == 1) {
			set_pte(pt, i, pte | _PAGE_RW | PTE_DIRTY);
			__count_vm_events(m, PGREUSE, 1);
			return 0;
		}
		if (vma->vm_flags & VM_SHARED) {
			set_pte(pt, i, pte | _PAGE_RW | PTE_DIRTY);
			filemap_mark_dirty(m, vma->vm_file, old);
			return 0;
		}
	}
	if (map_new_anon_page(m, vma, pt, i, vmf->address, !ext, &pfn))
		return VM_FAULT_OOM;
	if (ext) {
		vma->vm_mm->rss_stat[mm_counter(ext)]--;
		if (vma->vm_flags & VM_LOCKED)
			munlock_folio(m, old);
		folio_remove_rmap(m, old);
	}
	set_pte(pt, i, mk_pte(pfn, _PAGE_RW | PTE_DIRTY));
	return 0;
}

/*
 * do_swap_page: an entry that is not present but not empty, a swap entry.
 * Nothing swaps out yet, so no such entry exists (pgtable_check() proves
 * every entry present); swap-in reads the page back here when swap-out
 * comes. Until then such an entry is a corrupted table: SIGBUS, as the
 * kernel answers an entry it cannot decode.
 */
static vm_fault_t do_swap_page(struct machine *m, struct vm_fault *vmf)
{
	(void)m;
	(void)vmf;
	return VM_FAULT_SIGBUS;
}

/*
 * handle_pte_fault: what the entry calls for. None: do_anonymous_page or
 * do_fault by the VMA; not present: do_swap_page; present but
 * write-protected on a write: do_wp_page.
 */
static vm_fault_t handle_pte_fault(struct machine *m, struct vm_fault *vmf)
{
	if (!vmf->orig_pte)
		return vmf->vma->vm_file ? do_fault(m, vmf) : do_anonymous_page(m, vmf);
	if (!(vmf->orig_pte & _PAGE_PRESENT))
		return do_swap_page(m, vmf);
	if ((vmf->flags & FAULT_FLAG_WRITE) && !(vmf->orig_pte & _PAGE_RW))
		return do_wp_page(m, vmf);
	/* a spurious fault: the entry allows the access already */
	return 0;
}

/* __handle_mm_fault: walk the tables down to the PTE table, making what is missing. */
static vm_fault_t __handle_mm_fault(struct machine *m, struct vm_area_struct *vma,
				    uint64_t address, unsigned int flags)
{
	struct vm_fault vmf = {
		.vma = vma,
		.address = address & ~(PAGE_SIZE - 1),
		.pgoff = vma->vm_file ? linear_page_index(vma, address) : 0,
		.flags = flags,
		.pte_index = pt_index(address, 0),
	};

	vmf.pt = pte_table(m, vma->vm_mm, address, true);
	if (!vmf.pt)
		return VM_FAULT_OOM;
	vmf.orig_pte = pte_get(vmf.pt, vmf.pte_index);
	return handle_pte_fault(m, &vmf);
}

/*
 * mm_account_fault: every completed fault counts in PGFAULT, failed ones
 * included (as older kernels counted); only successful ones count for the
 * task, as major when the page had to be read in.
 */
static void mm_account_fault(struct machine *m, struct task_struct *t, vm_fault_t ret)
{
	__count_vm_events(m, PGFAULT, 1);
	if (ret & VM_FAULT_ERROR)
		return;
	if (ret & VM_FAULT_MAJOR)
		t->maj_flt++;
	else
		t->min_flt++;
}

/**
 * handle_mm_fault - handle a page fault of @t in @vma at @address
 * @m: the machine
 * @vma: the VMA that covers @address and allows the access (the caller checked)
 * @address: the faulting address
 * @flags: FAULT_FLAG_WRITE for a write; FAULT_FLAG_USER for a user access
 * @t: the faulting task, the kernel's current, whose min_flt/maj_flt count it
 *
 * The kernel's entry from the architecture's fault handler and from GUP:
 * __handle_mm_fault() finds or makes the page tables, handle_pte_fault()
 * picks the handler by the entry. The special mappings (vvar, vdso) are
 * the kernel's own pages and take no fault here.
 *
 * Return: 0 or VM_FAULT_MAJOR when the page is mapped; VM_FAULT_OOM,
 * VM_FAULT_SIGBUS when it is not.
 */
vm_fault_t handle_mm_fault(struct machine *m, struct vm_area_struct *vma, uint64_t address,
			   unsigned int flags, struct task_struct *t)
{
	vm_fault_t ret;

	if (vma->special)
		return 0;
	ret = __handle_mm_fault(m, vma, address, flags);
	mm_account_fault(m, t, ret);
	return ret;
}

/*
 * What the MMU does for an access to one page of @vma at @addr: an entry
 * that allows it only gets its accessed (and dirty) bits; anything else
 * is a fault. -ENOMEM and -EFAULT (SIGBUS) for the faults that fail.
 */
static int fault_in_page(struct machine *m, struct task_struct *t, struct vm_area_struct *vma,
			 uint64_t addr, bool write, struct fault_stats *st)
{
	struct pgtable *pt = pte_table(m, vma->vm_mm, addr, false);
	unsigned int i = pt_index(addr, 0);
	pte_t pte = pt ? pte_get(pt, i) : 0;
	vm_fault_t ret;

	if (vma->special)
		return 0;	/* vvar/vdso: the kernel's own pages, never in RSS */
	if ((pte & _PAGE_PRESENT) && (!write || (pte & _PAGE_RW))) {
		pte_t young = pte | _PAGE_ACCESSED | (write ? PTE_DIRTY : 0);

		if (young != pte)
			set_pte(pt, i, young);
		return 0;
	}
	ret = handle_mm_fault(m, vma, addr, FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0), t);
	if (ret & VM_FAULT_OOM)
		return -ENOMEM;
	if (ret & VM_FAULT_ERROR)
		return -EFAULT;
	if (st) {
		st->faults++;
		st->major += !!(ret & VM_FAULT_MAJOR);
	}
	return 0;
}

/* The kernel's show_signal_msg() line for a fault at @addr with x86 error @code. */
static void show_signal_msg(struct machine *m, struct task_struct *t, uint64_t addr, unsigned int code)
{
	struct mm_struct *mm = t->mm;
	uint64_t ip = mm->start_code;
	struct vm_area_struct *text = vma_lookup(mm, ip);
	GString *line = g_string_new(NULL);

	if (!__ratelimit(m, &m->rs_printk, "show_signal_msg")) {
		g_string_free(line, TRUE);
		return;
	}
	g_string_printf(line, "%s[%d]: segfault at %" G_GINT64_MODIFIER "x ip %016" G_GINT64_MODIFIER
			"x sp %016" G_GINT64_MODIFIER "x error %x", t->comm, t->pid, addr, ip,
			mm->start_stack, code);
	if (text && text->vm_file) {
		const char *slash = strrchr(text->vm_file->path, '/');

		g_string_append_printf(line, " in %s[%" G_GINT64_MODIFIER "x+%" G_GINT64_MODIFIER "x]",
				       slash ? slash + 1 : text->vm_file->path, text->vm_start,
				       text->vm_end - text->vm_start);
	}
	g_string_append_printf(line, " likely on CPU %d (core %d, socket 0)", t->cpu, t->cpu);
	printk(m, t->pid > 1 ? LOGLEVEL_INFO : LOGLEVEL_EMERG, "%s", line->str);
	g_string_free(line, TRUE);
}

/* SIGSEGV: the line in the log, and the task dies of it. */
static int bad_area(struct machine *m, struct task_struct *t, uint64_t addr, bool write)
{
	struct pgtable *pt = pte_table(m, t->mm, addr, false);
	bool present = pt && pte_get(pt, pt_index(addr, 0));

	show_signal_msg(m, t, addr, 4 | (write ? 2 : 0) | (present ? 1 : 0));
	task_exit(m, t, 11, true);
	return -EFAULT;
}

static bool access_error(const struct vm_area_struct *vma, bool write)
{
	if (write)
		return !(vma->vm_flags & VM_WRITE);
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

/**
 * access_range - access every page of [@start, @start + @len) as @t would
 *
 * A page mapped with the right permission costs nothing, others fault
 * (handle_mm_fault); a bad access is a segfault: the kernel's line is
 * logged, @t dies of SIGSEGV and -EFAULT comes back. -ENOMEM when a page
 * cannot be had. @st, when given, counts the faults.
 */
int access_range(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
		 bool write, struct fault_stats *st)
{
	STACK_FRAME(m);
	uint64_t end = start + len < start ? UINT64_MAX : start + len;
	struct vm_area_struct *vma = NULL;

	if (!t->mm)
		return -EFAULT;
	for (uint64_t addr = start & ~(PAGE_SIZE - 1); addr < MIN(end, TASK_SIZE); addr += PAGE_SIZE) {
		int err;

		if (!(addr & (RESCHED_BYTES - 1)))
			cond_resched(m);
		if (!vma || addr >= vma->vm_end)
			vma = find_vma(t->mm, addr);
		if (!vma)
			return bad_area(m, t, MAX(addr, start), write);
		if (addr < vma->vm_start &&
		    (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(m, t, vma, addr)))
			return bad_area(m, t, MAX(addr, start), write);
		if (access_error(vma, write))
			return bad_area(m, t, MAX(addr, start), write);
		err = fault_in_page(m, t, vma, addr, write, st);
		if (err == -EFAULT)
			return bad_area(m, t, MAX(addr, start), write);	/* past the end of the file: SIGBUS */
		if (err)
			return err;
	}
	/* the access runs on past the user address space */
	return end > TASK_SIZE ? bad_area(m, t, MAX(start, TASK_SIZE), write) : 0;
}

/**
 * populate_range - __mm_populate: fault in what mlock and MAP_POPULATE ask for, writing
 * where a write would copy (private writable), reading elsewhere. I/O and
 * PFN mappings are skipped; an inaccessible (PROT_NONE) one is -EFAULT,
 * which MAP_POPULATE (@ignore_errors) passes over as it does every error.
 */
int populate_range(struct machine *m, struct task_struct *t, uint64_t start, uint64_t end,
		   bool ignore_errors)
{
	STACK_FRAME(m);
	int ret = 0;

	for (uint64_t addr = start; addr < end && !ret;) {
		struct vm_area_struct *vma = find_vma(t->mm, addr);
		bool write;

		if (!vma || vma->vm_start >= end)
			break;
		addr = MAX(addr, vma->vm_start);
		if (vma->vm_flags & (VM_IO | VM_PFNMAP)) {
			addr = vma->vm_end;
			continue;
		}
		write = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
		if (!(vma->vm_flags & VM_ACCESS_FLAGS))
			ret = -EFAULT;	/* check_vma_flags() without FOLL_FORCE */
		for (; addr < MIN(end, vma->vm_end) && !ret; addr += PAGE_SIZE) {
			if (!(addr & (RESCHED_BYTES - 1)))
				cond_resched(m);
			ret = fault_in_page(m, t, vma, addr, write, NULL);
		}
		if (ignore_errors) {
			ret = 0;
			addr = vma->vm_end;
		}
	}
	return ret;
}

/* -------------------------------------------------------------- /proc */

struct smaps_args {
	struct vm_area_struct *vma;
	struct mem_size_stats *mss;
};

static void smaps_pte(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr, void *arg)
{
	struct smaps_args *s = arg;
	struct mem_size_stats *mss = s->mss;
	pte_t pte = pte_get(pt, i);
	struct page_ext *ext;
	uint64_t pss = PAGE_SIZE << PSS_SHIFT;
	bool dirty, private;

	if (pte & _PAGE_SPECIAL)
		return;		/* vm_normal_page() is NULL for the zero page */
	ext = page_ext_get(m, pte_pfn(pte));
	if (ext->flags & PGE_anon)
		mss->anonymous += PAGE_SIZE;
	mss->resident += PAGE_SIZE;
	if ((pte & _PAGE_ACCESSED) || (ext->flags & (PGE_young | PGE_referenced)))
		mss->referenced += PAGE_SIZE;
	if (ext->mapcount >= 2)
		pss /= (uint64_t)ext->mapcount;
	private = ext->mapcount < 2;
	dirty = (pte & _PAGE_DIRTY) || (ext->flags & PGE_dirty);
	mss->pss += pss;
	if (ext->flags & PGE_anon)
		mss->pss_anon += pss;
	else if (ext->flags & PGE_swapbacked)
		mss->pss_shmem += pss;
	else
		mss->pss_file += pss;
	if (s->vma->vm_flags & VM_LOCKED)
		mss->pss_locked += pss;
	if (dirty) {
		mss->pss_dirty += pss;
		*(private ? &mss->private_dirty : &mss->shared_dirty) += PAGE_SIZE;
	} else {
		*(private ? &mss->private_clean : &mss->shared_clean) += PAGE_SIZE;
	}
}

/**
 * smap_gather_stats - add @vma's resident pages to @mss, as smaps_pte_entry() counts them
 */
void smap_gather_stats(struct machine *m, struct vm_area_struct *vma, struct mem_size_stats *mss)
{
	struct smaps_args s = { .vma = vma, .mss = mss };

	walk_range(m, vma->vm_mm, vma->vm_start, vma->vm_end, smaps_pte, &s);
}

/*
 * clear_refs_pte_range: soft-dirty clears the bit and write-protects every
 * present entry, so the next write faults and marks it again; the others
 * make a page look unused (accessed bit, young, referenced), the zero page
 * excepted (vm_normal_folio() has none).
 */
static void clear_refs_pte(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr,
			   void *arg)
{
	pte_t pte = pte_get(pt, i);
	struct page_ext *ext;

	if (*(const int *)arg == CLEAR_REFS_SOFT_DIRTY) {
		set_pte(pt, i, pte & ~(_PAGE_RW | _PAGE_SOFT_DIRTY));
		return;
	}
	if (pte & _PAGE_SPECIAL)
		return;
	set_pte(pt, i, pte & ~_PAGE_ACCESSED);
	ext = page_ext_get(m, pte_pfn(pte));
	ext->flags &= (uint16_t)~(PGE_young | PGE_referenced);
}

/* clear_refs_test_walk: which VMAs a type walks */
static bool clear_refs_vma(const struct vm_area_struct *vma, int type)
{
	if (vma->vm_flags & VM_PFNMAP)
		return false;
	if (type == CLEAR_REFS_ANON && vma->vm_file)
		return false;
	return type != CLEAR_REFS_MAPPED || vma->vm_file;
}

int clear_refs(struct machine *m, struct mm_struct *mm, int type)
{
	if (type < CLEAR_REFS_ALL || type >= CLEAR_REFS_LAST)
		return -EINVAL;
	if (type == CLEAR_REFS_MM_HIWATER_RSS) {
		mm->hiwater_rss = get_mm_rss(mm);	/* reset_mm_hiwater_rss */
		return 0;
	}
	for (guint v = 0; v < mm->vmas->len; v++) {
		struct vm_area_struct *vma = g_ptr_array_index(mm->vmas, v);

		if (clear_refs_vma(vma, type))
			walk_range(m, mm, vma->vm_start, vma->vm_end, clear_refs_pte, &type);
	}
	return 0;
}

/* folio_idle_clear_pte_refs_one: a young entry loses its bit; its page is young, not idle */
static void idle_clear_young_pte(struct machine *m, struct pgtable *pt, unsigned int i,
				 uint64_t addr, void *arg)
{
	pte_t pte = pte_get(pt, i);
	struct page_ext *ext;

	if ((pte & _PAGE_SPECIAL) || !(pte & _PAGE_ACCESSED) ||
	    !g_hash_table_contains(arg, GSIZE_TO_POINTER(pte_pfn(pte))))
		return;
	set_pte(pt, i, pte & ~_PAGE_ACCESSED);
	ext = page_ext_get(m, pte_pfn(pte));
	ext->flags = (uint16_t)((ext->flags & ~PGE_idle) | PGE_young);
}

void page_idle_clear_pte_refs(struct machine *m, struct mm_struct *mm, GHashTable *pfns)
{
	walk_range(m, mm, 0, TASK_SIZE, idle_clear_young_pte, pfns);
}

/* -------------------------------------------------------------- checking */

struct check_args {
	struct mm_struct *mm;
	GHashTable *mapcounts, *mlocks;
	long rss[NR_MM_COUNTERS];
	int bad;
};

static void check_pte(struct machine *m, struct pgtable *pt, unsigned int i, uint64_t addr, void *arg)
{
	struct check_args *c = arg;
	struct vm_area_struct *vma = vma_lookup(c->mm, addr);
	pte_t pte = pte_get(pt, i);
	unsigned long pfn = pte_pfn(pte);
	gpointer key = GSIZE_TO_POINTER(pfn);

	if (!vma) {
		if (c->bad++ < 5)
			pr_err(m, "BUG: pte %#" G_GINT64_MODIFIER "x at %#" G_GINT64_MODIFIER "x outside every VMA",
			       pte, addr);
		return;
	}
	if (pte & _PAGE_SPECIAL) {
		if (pfn != ZERO_PFN && c->bad++ < 5)
			pr_err(m, "BUG: special pte at %#" G_GINT64_MODIFIER "x maps pfn %#lx", addr, pfn);
		return;
	}
	if (!(pfn_to_page(m, pfn)->flags & PG_user)) {
		if (c->bad++ < 5)
			pr_err(m, "BUG: pte at %#" G_GINT64_MODIFIER "x maps pfn %#lx, not a user page", addr, pfn);
		return;
	}
	c->rss[mm_counter(page_ext_get(m, pfn))]++;
	g_hash_table_insert(c->mapcounts, key,
			    GSIZE_TO_POINTER(GPOINTER_TO_SIZE(g_hash_table_lookup(c->mapcounts, key)) + 1));
	if (vma->vm_flags & VM_LOCKED)
		g_hash_table_insert(c->mlocks, key,
				    GSIZE_TO_POINTER(GPOINTER_TO_SIZE(g_hash_table_lookup(c->mlocks, key)) + 1));
}

/* A compact PTE table holds only zero-page entries; one with the array has no bitmap and is not empty. */
static bool compact_ok(const struct pgtable *pt)
{
	uint64_t bits = 0;

	for (unsigned int w = 0; w < PTRS_PER_TABLE / 64; w++)
		bits |= pt->zero_map[w];
	if (pt->pte)
		return !bits && pt->nr;
	return !bits || is_zero_pte(pt->zero_pte);
}

/* Tables below @pt: their counts of entries, and how many there are. */
static long count_tables(struct machine *m, struct pgtable *pt, int *bad)
{
	unsigned int used = 0;
	long tables = 0;

	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		if (pt->level == 0) {
			used += pte_get(pt, i) != 0;
		} else if (pt->next[i]) {
			used++;
			tables += 1 + count_tables(m, pt->next[i], bad);
		}
	}
	if (used != pt->nr || !(pfn_to_page(m, pt->pfn)->flags & PG_pgtable)) {
		pr_err(m, "BUG: page table at pfn %#lx: %u entries used, %u counted", pt->pfn, used, pt->nr);
		(*bad)++;
	}
	if (!pt->level && !compact_ok(pt)) {
		pr_err(m, "BUG: page table at pfn %#lx: compact form broken", pt->pfn);
		(*bad)++;
	}
	return tables;
}

/**
 * pgtable_check - An mm's page tables: every entry inside a VMA, table counts right, RSS
 * counters equal to a recount. Adds its entries to @mapcounts and @mlocks
 * (PFN -> entries) for the caller's check of every page's counts.
 */
int pgtable_check(struct machine *m, struct mm_struct *mm, GHashTable *mapcounts, GHashTable *mlocks)
{
	struct check_args c = { .mm = mm, .mapcounts = mapcounts, .mlocks = mlocks };
	long tables = count_tables(m, mm->pgd, &c.bad);

	walk_range(m, mm, 0, TASK_SIZE, check_pte, &c);
	if (tables * (long)PAGE_SIZE != mm->pgtables_bytes) {
		pr_err(m, "BUG: mm has %ld page tables below the PGD, pgtables_bytes says %ld", tables,
		       mm->pgtables_bytes);
		c.bad++;
	}
	for (int i = 0; i < NR_MM_COUNTERS; i++) {
		if (i != MM_SWAPENTS && c.rss[i] != mm->rss_stat[i]) {
			pr_err(m, "BUG: mm rss counter %d is %ld, %ld pages mapped", i, mm->rss_stat[i], c.rss[i]);
			c.bad++;
		}
	}
	return c.bad;
}
