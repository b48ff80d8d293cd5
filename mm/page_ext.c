// SPDX-License-Identifier: GPL-2.0
/*
 * Extended page state (mm/page_ext.c): the mapping, index, mapcount and
 * flags of anon and page-cache pages. struct page stays at 12 bytes for
 * every PFN; these 16 bytes exist only for pageblocks that have held a user
 * page, a pageblock's worth at a time.
 */
#include <stdlib.h>

#include "internal.h"

/**
 * __page_ext_alloc - The first user page of a pageblock: its page_ext chunk comes into being.
 */
struct page_ext *__page_ext_alloc(struct machine *m, unsigned long pfn)
{
	struct page_ext *chunk = g_new0(struct page_ext, pageblock_nr_pages);

	m->page_ext[pfn >> pageblock_order] = chunk;
	return &chunk[pfn & (pageblock_nr_pages - 1)];
}

/**
 * page_ext_destroy - free every page_ext chunk (machine teardown)
 */
void page_ext_destroy(struct machine *m)
{
	if (!m->page_ext)
		return;
	for (unsigned long i = 0; i < m->max_pfn >> pageblock_order; i++)
		g_free(m->page_ext[i]);
	free(m->page_ext);
}
