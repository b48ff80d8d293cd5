// SPDX-License-Identifier: GPL-2.0
/*
 * Pages by PFN: the flags kpageflags exports (fs/proc/page.c,
 * stable_page_flags), the mapcount kpagecount exports, and idle page
 * tracking (mm/page_idle.c).
 *
 * Flags come from the allocator's view of the PFN (pfn_state: free,
 * reserved, allocated, hole) and, for user pages, from their page_ext.
 * Slabs and large kmallocs are compound (__GFP_COMP); other blocks of the
 * workbench are not. A hole reads NOPAGE.
 *
 * The kernel finds the mappings of a page by its rmap; the engine has
 * none yet, so page_idle walks every address space once per read or write
 * for the whole batch of PFNs, and only when some page of the batch is
 * mapped.
 */
#include <string.h>

#include "internal.h"
#include "page_idle.h"
#include "task.h"
#include "vma.h"

#define BIT(n)	(1ULL << (n))

/* The bits a user page's page_ext gives (the folio's flags) */
static uint64_t user_page_flags(struct machine *m, unsigned long pfn)
{
	const struct page_ext *ext = page_ext_get(m, pfn);
	uint64_t u = BIT(KPF_UPTODATE);
	static const struct { uint16_t pge; int kpf; } copy[] = {
		{ PGE_referenced, KPF_REFERENCED }, { PGE_dirty, KPF_DIRTY },
		{ PGE_lru, KPF_LRU }, { PGE_active, KPF_ACTIVE },
		{ PGE_swapbacked, KPF_SWAPBACKED }, { PGE_unevictable, KPF_UNEVICTABLE },
		{ PGE_mlocked, KPF_MLOCKED }, { PGE_idle, KPF_IDLE }, { PGE_anon, KPF_ANON },
	};

	if (ext->mapcount > 0)
		u |= BIT(KPF_MMAP);
	for (size_t i = 0; i < G_N_ELEMENTS(copy); i++)
		if (ext->flags & copy[i].pge)
			u |= BIT(copy[i].kpf);
	return u;
}

uint64_t stable_page_flags(struct machine *m, unsigned long pfn)
{
	unsigned long head;
	unsigned int order;
	const struct page *hp;
	uint64_t u = 0;
	int mt;

	if (pfn >= m->max_pfn)
		return BIT(KPF_NOPAGE);	/* the rest of the last memory section */
	if (pfn == ZERO_PFN)
		return BIT(KPF_ZERO_PAGE) | BIT(KPF_RESERVED);	/* in the kernel image */
	switch (pfn_state(m, pfn, &head, &order, &mt)) {
	case PAGE_STATE_HOLE:
		return BIT(KPF_NOPAGE);
	case PAGE_STATE_RESERVED:
		return BIT(KPF_RESERVED) | (pfn == ZERO_PFN ? BIT(KPF_ZERO_PAGE) : 0);
	case PAGE_STATE_FREE:
		return BIT(KPF_BUDDY);	/* the head, and its tails by is_free_buddy_page() */
	case PAGE_STATE_ALLOCATED:
		break;
	}
	hp = pfn_to_page(m, head);
	if ((hp->flags & (PG_slab | PG_large_kmalloc)) && order)
		u |= BIT(head == pfn ? KPF_COMPOUND_HEAD : KPF_COMPOUND_TAIL);
	if (hp->flags & PG_slab)
		u |= BIT(KPF_SLAB);	/* folio_test_slab(): tails too */
	if (hp->flags & PG_pgtable)
		u |= BIT(KPF_PGTABLE);
	if (hp->flags & PG_user)
		u |= user_page_flags(m, pfn);
	return u;
}

uint64_t kpagecount(struct machine *m, unsigned long pfn)
{
	const struct page *page;

	if (pfn >= m->max_pfn)
		return 0;
	page = pfn_to_page(m, pfn);
	/* page types (buddy, slab, page tables) and kernel pages map nowhere */
	if (!(page->flags & PG_user) || (page->flags & (PG_buddy | PG_nomap)))
		return 0;
	return (uint64_t)MAX(page_ext_get(m, pfn)->mapcount, 0);
}

/* page_idle_get_folio: only pages on an LRU list take part */
static bool idle_candidate(struct machine *m, unsigned long pfn)
{
	const struct page *page = pfn_to_page(m, pfn);

	return (page->flags & PG_user) && !(page->flags & PG_buddy) &&
	       (page_ext_get(m, pfn)->flags & PGE_lru);
}

/* folio_idle_clear_pte_refs for every page of @pfns (PFN set), one walk per mm */
static void idle_clear_pte_refs(struct machine *m, GHashTable *pfns, bool mapped)
{
	if (!mapped)
		return;
	for (GList *l = task_list(m); l; l = l->next) {
		struct task_struct *t = l->data;

		if (t->mm)
			page_idle_clear_pte_refs(m, t->mm, pfns);
	}
}

/* The pages of [@pfn, @end) whose bit @bits selects (all when NULL) that take part. */
static GHashTable *idle_batch(struct machine *m, unsigned long pfn, unsigned long end,
			      const uint64_t *bits, bool *mapped)
{
	GHashTable *set = g_hash_table_new(NULL, NULL);

	*mapped = false;
	for (unsigned long p = pfn; p < end; p++) {
		if (bits && !((bits[(p - pfn) / BITMAP_CHUNK_BITS] >> (p % BITMAP_CHUNK_BITS)) & 1))
			continue;
		if (!idle_candidate(m, p))
			continue;
		/* a read needs the walk only for pages still marked idle */
		if (!bits && !(page_ext_get(m, p)->flags & PGE_idle))
			continue;
		g_hash_table_add(set, GSIZE_TO_POINTER(p));
		*mapped |= page_ext_get(m, p)->mapcount > 0;
	}
	return set;
}

unsigned long page_idle_bitmap_read(struct machine *m, unsigned long pfn, unsigned long nwords,
				    uint64_t *out)
{
	unsigned long end = MIN(pfn + nwords * BITMAP_CHUNK_BITS, m->max_pfn);
	unsigned long words = end / BITMAP_CHUNK_BITS - pfn / BITMAP_CHUNK_BITS;
	GHashTable *batch;
	bool mapped;

	if (pfn >= end)
		return 0;
	batch = idle_batch(m, pfn, end, NULL, &mapped);
	idle_clear_pte_refs(m, batch, mapped);
	memset(out, 0, nwords * sizeof(*out));
	for (unsigned long p = pfn; p < end; p++)
		if (g_hash_table_contains(batch, GSIZE_TO_POINTER(p)) &&
		    (page_ext_get(m, p)->flags & PGE_idle))
			out[(p - pfn) / BITMAP_CHUNK_BITS] |= 1ULL << (p % BITMAP_CHUNK_BITS);
	g_hash_table_destroy(batch);
	return words;
}

unsigned long page_idle_bitmap_write(struct machine *m, unsigned long pfn, unsigned long nwords,
				     const uint64_t *in)
{
	unsigned long end = MIN(pfn + nwords * BITMAP_CHUNK_BITS, m->max_pfn);
	GHashTableIter it;
	GHashTable *batch;
	gpointer key;
	bool mapped;

	if (pfn >= end)
		return 0;
	batch = idle_batch(m, pfn, end, in, &mapped);
	idle_clear_pte_refs(m, batch, mapped);
	g_hash_table_iter_init(&it, batch);
	while (g_hash_table_iter_next(&it, &key, NULL))
		page_ext_get(m, GPOINTER_TO_SIZE(key))->flags |= PGE_idle;
	g_hash_table_destroy(batch);
	return end / BITMAP_CHUNK_BITS - pfn / BITMAP_CHUNK_BITS;
}
