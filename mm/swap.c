// SPDX-License-Identifier: GPL-2.0
/*
 * The LRU lists and the life of a user page (mm/swap.c).
 *
 * Each node has one lruvec: five circular lists linked through the pages'
 * next/prev PFNs, which the buddy allocator only uses while a page is free.
 * New anon and file pages start on the inactive lists (since 5.9 for anon);
 * mlocked pages sit on the unevictable list. The list sizes are the
 * NR_*_ANON/FILE and NR_UNEVICTABLE counters, zone and node, kept here and
 * nowhere else.
 */
#include "internal.h"

static enum lru_list folio_lru_list(const struct page_ext *ext)
{
	if (ext->flags & PGE_unevictable)
		return LRU_UNEVICTABLE;
	return ((ext->flags & PGE_swapbacked) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE) +
	       !!(ext->flags & PGE_active);
}

static void lru_mod_stat(struct zone *zone, enum lru_list lru, long delta)
{
	__mod_zone_page_state(zone, (enum zone_stat_item)(NR_ZONE_INACTIVE_ANON + lru), delta);
	__mod_node_page_state(zone->zone_pgdat, (enum node_stat_item)(NR_INACTIVE_ANON + lru), delta);
}

/**
 * folio_add_lru - put user page @pfn on the LRU list its flags name
 */
void folio_add_lru(struct machine *m, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);
	struct page *page = pfn_to_page(m, pfn);
	struct zone *zone = page_zone_pfn(m, pfn);
	enum lru_list lru;
	uint32_t *head;

	if (ext->flags & PGE_lru)
		return;
	if (ext->flags & PGE_mlocked)
		ext->flags |= PGE_unevictable;
	lru = folio_lru_list(ext);
	head = &zone->zone_pgdat->lru[lru];
	if (*head == PFN_NONE) {
		page->next = page->prev = (uint32_t)pfn;
	} else {
		/* at the list's head, as list_add() does */
		struct page *first = pfn_to_page(m, *head);
		struct page *last = pfn_to_page(m, first->prev);

		page->next = *head;
		page->prev = first->prev;
		last->next = (uint32_t)pfn;
		first->prev = (uint32_t)pfn;
	}
	*head = (uint32_t)pfn;
	ext->flags |= PGE_lru;
	lru_mod_stat(zone, lru, 1);
}

/**
 * folio_del_lru - take user page @pfn off its LRU list
 */
void folio_del_lru(struct machine *m, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);
	struct page *page = pfn_to_page(m, pfn);
	struct zone *zone = page_zone_pfn(m, pfn);
	enum lru_list lru;
	uint32_t *head;

	if (!(ext->flags & PGE_lru))
		return;
	lru = folio_lru_list(ext);
	head = &zone->zone_pgdat->lru[lru];
	if (page->next == pfn) {
		*head = PFN_NONE;
	} else {
		pfn_to_page(m, page->prev)->next = page->next;
		pfn_to_page(m, page->next)->prev = page->prev;
		if (*head == pfn)
			*head = page->next;
	}
	page->next = page->prev = 0;
	ext->flags &= (uint16_t)~PGE_lru;
	lru_mod_stat(zone, lru, -1);
}

/**
 * folio_move_lru - move @pfn to the list its flags now ask for (after mlock or munlock)
 */
void folio_move_lru(struct machine *m, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);

	if (!(ext->flags & PGE_lru))
		return;
	folio_del_lru(m, pfn);
	if (!(ext->flags & PGE_mlocked))
		ext->flags &= (uint16_t)~PGE_unevictable;
	folio_add_lru(m, pfn);
}

/**
 * folio_mark_accessed - an access to page @pfn: referenced the first time, active the second
 *
 * An inactive page seen twice moves to the active list (PGACTIVATE); an
 * unevictable one only keeps the mark. Clears page_idle's idle bit.
 */
void folio_mark_accessed(struct machine *m, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);

	if (!(ext->flags & PGE_referenced)) {
		ext->flags |= PGE_referenced;
	} else if (!(ext->flags & (PGE_unevictable | PGE_active))) {
		if (ext->flags & PGE_lru) {
			folio_del_lru(m, pfn);
			ext->flags |= PGE_active;
			folio_add_lru(m, pfn);
		} else {
			ext->flags |= PGE_active;
		}
		__count_vm_events(m, PGACTIVATE, 1);
		ext->flags &= (uint16_t)~PGE_referenced;
	}
	ext->flags &= (uint16_t)~PGE_idle;
}

/**
 * alloc_user_page - an order-0 page (@gfp) marked PG_user, its page_ext cleared, in *@pfn
 *
 * The rmap call that maps it puts it on the LRU. -ENOMEM when none is free.
 */
int alloc_user_page(struct machine *m, gfp_t gfp, unsigned long *pfn)
{
	int err = alloc_pages_node(m, -1, gfp, 0, pfn);

	if (err)
		return err;
	pfn_to_page(m, *pfn)->flags |= PG_user;
	*page_ext_get(m, *pfn) = (struct page_ext){ 0 };
	return 0;
}

/**
 * free_user_page - The last reference went: off the LRU and back to the buddy allocator.
 */
void free_user_page(struct machine *m, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);

	folio_del_lru(m, pfn);
	*ext = (struct page_ext){ 0 };
	pfn_to_page(m, pfn)->flags &= (uint16_t)~(PG_user | PG_zeroed);
	__free_pages(m, pfn, 0);
}

/**
 * lru_check - Every list is sound and as long as its counters say; every page on it belongs there.
 */
int lru_check(struct machine *m)
{
	int bad = 0, nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
			unsigned long n = 0, pfn = pgdat->lru[lru];

			if (pfn != PFN_NONE) {
				do {
					struct page_ext *ext = page_ext_get(m, pfn);

					if (!(ext->flags & PGE_lru) || folio_lru_list(ext) != (enum lru_list)lru ||
					    !(pfn_to_page(m, pfn)->flags & PG_user) ||
					    pfn_to_page(m, pfn_to_page(m, pfn)->next)->prev != pfn) {
						pr_err(m, "BUG: node %d lru %d: pfn %#lx does not belong", nid, lru, pfn);
						return bad + 1;
					}
					if (!(++n % CHECK_SLICE_ENTRIES))
						cond_resched(m);	/* readers may go first */
					pfn = pfn_to_page(m, pfn)->next;
				} while (pfn != pgdat->lru[lru] && n <= m->max_pfn);
			}
			if ((long)n != pgdat->vm_stat[NR_INACTIVE_ANON + lru]) {
				pr_err(m, "BUG: node %d lru %d: %lu pages listed, counter %ld", nid, lru, n,
				       pgdat->vm_stat[NR_INACTIVE_ANON + lru]);
				bad++;
			}
		}
	}
	return bad;
}
