// SPDX-License-Identifier: GPL-2.0
/*
 * Swap space as the machine description declares it: one partition whose
 * first page is the swap header, as mkswap lays it out.
 */
#include "machine.h"
#include "swapfile.h"

unsigned long total_swap_pages(const struct machine *m)
{
	unsigned long pages = (unsigned long)(m->desc.swap_bytes >> PAGE_SHIFT);

	return pages > 1 ? pages - 1 : 0;
}

unsigned long swap_inuse_pages(const struct machine *m)
{
	return 0;
}

unsigned long nr_swap_pages(const struct machine *m)
{
	return total_swap_pages(m) - swap_inuse_pages(m);
}
