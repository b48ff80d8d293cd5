/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Swap areas. The machine description may give one swap partition; it is
 * activated at boot and stays empty: nothing swaps out (no reclaim, no
 * swap entries in page tables, no swap cache).
 */
#ifndef MM_SWAPFILE_H
#define MM_SWAPFILE_H

struct machine;

#define SWAP_DEVICE_NAME	"/dev/vdb"

/* usable pages of all active swap areas (the header page excluded) */
unsigned long total_swap_pages(const struct machine *m);
/* free swap pages */
unsigned long nr_swap_pages(const struct machine *m);
/* swap slots in use */
unsigned long swap_inuse_pages(const struct machine *m);

#endif /* MM_SWAPFILE_H */
