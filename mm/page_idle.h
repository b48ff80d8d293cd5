/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pages by PFN, as /proc/kpageflags, /proc/kpagecount and
 * /sys/kernel/mm/page_idle/bitmap read them (fs/proc/page.c, mm/page_idle.c).
 */
#ifndef MM_PAGE_IDLE_H
#define MM_PAGE_IDLE_H

#include <stdint.h>

struct machine;

/* include/uapi/linux/kernel-page-flags.h, then the kernel-internal bits past 31 */
enum {
	KPF_LOCKED		= 0,
	KPF_ERROR		= 1,
	KPF_REFERENCED		= 2,
	KPF_UPTODATE		= 3,
	KPF_DIRTY		= 4,
	KPF_LRU			= 5,
	KPF_ACTIVE		= 6,
	KPF_SLAB		= 7,
	KPF_WRITEBACK		= 8,
	KPF_RECLAIM		= 9,
	KPF_BUDDY		= 10,
	KPF_MMAP		= 11,
	KPF_ANON		= 12,
	KPF_SWAPCACHE		= 13,
	KPF_SWAPBACKED		= 14,
	KPF_COMPOUND_HEAD	= 15,
	KPF_COMPOUND_TAIL	= 16,
	KPF_HUGE		= 17,
	KPF_UNEVICTABLE		= 18,
	KPF_HWPOISON		= 19,
	KPF_NOPAGE		= 20,
	KPF_KSM			= 21,
	KPF_THP			= 22,
	KPF_OFFLINE		= 23,
	KPF_ZERO_PAGE		= 24,
	KPF_IDLE		= 25,
	KPF_PGTABLE		= 26,
	KPF_RESERVED		= 32,
	KPF_MLOCKED		= 33,
};

/*
 * The files run to the end of the last memory section (get_max_dump_pfn
 * with SPARSEMEM): 128 MiB on x86_64.
 */
#define PAGES_PER_SECTION	(1UL << (27 - 12))

/* stable_page_flags - the KPF_* bits of @pfn; NOPAGE at and past max_pfn. */
uint64_t stable_page_flags(struct machine *m, unsigned long pfn);
/* The page-table entries mapping @pfn, as kpagecount reads it (0 for kernel pages). */
uint64_t kpagecount(struct machine *m, unsigned long pfn);

#define BITMAP_CHUNK_BITS	64	/* PFNs per 64-bit word of page_idle/bitmap */

/*
 * page_idle_bitmap_read - the idle bits of the @nwords * 64 PFNs from @pfn
 * (a multiple of 64) into @out: a page on an LRU list marked idle whose
 * mappings have not been accessed since (the accessed bits it finds are
 * taken, and the page marked young instead, so reclaim still sees them).
 * Returns the whole words filled: the last, partial word of memory is not
 * returned, as the kernel's loop does not count it.
 */
unsigned long page_idle_bitmap_read(struct machine *m, unsigned long pfn, unsigned long nwords,
				    uint64_t *out);
/*
 * page_idle_bitmap_write - mark idle the LRU pages whose bits are set in
 * @in (@nwords words from PFN @pfn, a multiple of 64), after taking the
 * accessed bits of their mappings. Returns the whole words consumed.
 */
unsigned long page_idle_bitmap_write(struct machine *m, unsigned long pfn, unsigned long nwords,
				     const uint64_t *in);

#endif /* MM_PAGE_IDLE_H */
