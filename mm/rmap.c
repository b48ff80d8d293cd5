// SPDX-License-Identifier: GPL-2.0
/*
 * Mapcounts and the mapped-page counters (mm/rmap.c).
 *
 * A page's mapcount is the number of page-table entries that map it. An
 * anon page counts in AnonPages (NR_ANON_MAPPED) from its first mapping to
 * its last, a page-cache page in Mapped (NR_FILE_MAPPED) while any maps it.
 * Missing: the reverse walk from a page to its mappings (rmap_walk, which
 * reclaim and migration would use); the page already records its anon
 * family or file and its index for it.
 */
#include "internal.h"
#include "mm_types.h"
#include "rmap.h"

static pg_data_t *pfn_pgdat(struct machine *m, unsigned long pfn)
{
	return page_zone_pfn(m, pfn)->zone_pgdat;
}

/**
 * folio_add_new_anon_rmap - the first mapping of new anon page @pfn, at @addr of @vma: AnonPages,
 * LRU
 */
void folio_add_new_anon_rmap(struct machine *m, unsigned long pfn, struct vm_area_struct *vma,
			     uint64_t addr)
{
	struct page_ext *ext = page_ext_get(m, pfn);

	ext->flags |= PGE_anon | PGE_swapbacked | PGE_dirty;
	ext->mapping = vma->vm_mm->anon_id;
	ext->index = (vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT));
	ext->mapcount = 1;
	__mod_node_page_state(pfn_pgdat(m, pfn), NR_ANON_MAPPED, 1);
	folio_add_lru(m, pfn);
}

/**
 * folio_add_file_rmap - one more entry maps page-cache page @pfn; its first makes it Mapped
 */
void folio_add_file_rmap(struct machine *m, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);

	if (ext->mapcount++ == 0)
		__mod_node_page_state(pfn_pgdat(m, pfn), NR_FILE_MAPPED, 1);
}

/**
 * folio_dup_rmap - fork: one more entry maps the page; nothing else changes.
 */
void folio_dup_rmap(struct machine *m, unsigned long pfn)
{
	page_ext_get(m, pfn)->mapcount++;
}

/**
 * folio_remove_rmap - One entry less. An anon page whose last mapping went is freed.
 */
void folio_remove_rmap(struct machine *m, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);
	bool anon = ext->flags & PGE_anon;

	if (--ext->mapcount > 0)
		return;
	__mod_node_page_state(pfn_pgdat(m, pfn), anon ? NR_ANON_MAPPED : NR_FILE_MAPPED, -1);
	if (anon)
		free_user_page(m, pfn);
}

/**
 * rmap_check - Every user page's mapcount and mlock_count equal the entries that map it
 * (@mapcounts, @mlocks: PFN -> entries, from every mm's page tables), no
 * anon page lives unmapped, and AnonPages, Mapped, Mlocked and PageTables
 * (@tables pages) equal a recount.
 */
int rmap_check(struct machine *m, GHashTable *mapcounts, GHashTable *mlocks, unsigned long tables)
{
	unsigned long anon = 0, file = 0, mlocked = 0, pgtables = 0;
	int bad = 0;

	for (unsigned long pfn = 0; pfn < m->max_pfn; pfn++) {
		const struct page *page = pfn_to_page(m, pfn);
		struct page_ext *ext;
		size_t maps, locks;

		if (!(pfn % CHECK_SLICE_PAGES))
			cond_resched(m);	/* a GiB at a time, as the zone walk */
		/*
		 * a free block holds no user page and no table (page_alloc_check
		 * proves its tail pages flagless): step over it, so a big idle
		 * machine costs a look per 4 MiB block rather than per page
		 */
		if (!page->flags && !(pfn & ((1UL << MAX_PAGE_ORDER) - 1)) &&
		    (m->maxblock[pfn >> MAX_PAGE_ORDER].flags & PG_buddy)) {
			pfn += (1UL << MAX_PAGE_ORDER) - 1;
			continue;
		}
		if (page->flags & PG_buddy) {
			pfn += (1UL << page->order) - 1;
			continue;
		}
		pgtables += !!(page->flags & PG_pgtable);
		if (!(page->flags & PG_user))
			continue;
		ext = page_ext_get(m, pfn);
		maps = GPOINTER_TO_SIZE(g_hash_table_lookup(mapcounts, GSIZE_TO_POINTER(pfn)));
		locks = GPOINTER_TO_SIZE(g_hash_table_lookup(mlocks, GSIZE_TO_POINTER(pfn)));
		if ((size_t)ext->mapcount != maps || ext->mlock_count != locks ||
		    !(ext->flags & PGE_mlocked) != !locks || ((ext->flags & PGE_anon) && !maps) ||
		    !(ext->flags & PGE_lru)) {
			if (bad++ < 5)
				pr_err(m, "BUG: pfn %#lx: mapcount %d, %zu mapped; mlock_count %u, %zu locked; flags %#x",
				       pfn, ext->mapcount, maps, ext->mlock_count, locks, ext->flags);
		}
		if (maps)
			*((ext->flags & PGE_anon) ? &anon : &file) += 1;
		mlocked += !!locks;
	}
	if (anon != global_node_page_state(m, NR_ANON_MAPPED) ||
	    file != global_node_page_state(m, NR_FILE_MAPPED) ||
	    mlocked != global_zone_page_state(m, NR_MLOCK) ||
	    pgtables != tables || tables != global_node_page_state(m, NR_PAGETABLE)) {
		pr_err(m, "BUG: mapped anon %lu file %lu mlocked %lu page tables %lu (of mms %lu); counters say %lu %lu %lu %lu",
		       anon, file, mlocked, pgtables, tables, global_node_page_state(m, NR_ANON_MAPPED),
		       global_node_page_state(m, NR_FILE_MAPPED), global_zone_page_state(m, NR_MLOCK),
		       global_node_page_state(m, NR_PAGETABLE));
		bad++;
	}
	return bad;
}
