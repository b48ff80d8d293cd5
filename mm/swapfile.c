// SPDX-License-Identifier: GPL-2.0
/*
 * Swap space as the machine description declares it: one partition whose
 * first page is the swap header, as mkswap lays it out.
 */
#include "machine.h"
#include "swapfile.h"

/**
 * total_swap_pages - usable pages of all active swap areas (the header page excluded)
 */
unsigned long total_swap_pages(const struct machine *m)
{
	unsigned long pages = (unsigned long)(m->desc.swap_bytes >> PAGE_SHIFT);

	return pages > 1 ? pages - 1 : 0;
}

/**
 * swap_inuse_pages - swap slots in use (none: nothing swaps out)
 */
unsigned long swap_inuse_pages(const struct machine *m)
{
	return 0;
}

/**
 * nr_swap_pages - free swap pages
 */
unsigned long nr_swap_pages(const struct machine *m)
{
	return total_swap_pages(m) - swap_inuse_pages(m);
}
