// SPDX-License-Identifier: GPL-2.0
/*
 * Readahead (mm/readahead.c): the one window logic behind buffered reads,
 * mmap faults and fadvise(WILLNEED).
 *
 * page_cache_sync_ra() runs on a miss: a read at the start of the file,
 * right after the last read, or larger than the window starts a window
 * of get_init_ra_size(); elsewhere the cached pages before the miss tell a
 * stream (the window is their count plus the request) from a random read
 * (read as asked, the state untouched). The page async_size before the
 * window's end gets PG_readahead; reaching it calls page_cache_async_ra(),
 * which moves the window on and ramps it up (get_next_ra_size), so a
 * sequential reader never waits after its first miss. mmap faults read
 * around the faulting page instead (do_sync_mmap_readahead). POSIX_FADV_RANDOM
 * reads exactly what is asked (force_page_cache_ra); SEQUENTIAL doubles
 * ra_pages. Large folios are not simulated: every window is order 0.
 */
#include <limits.h>

#include "filemap.h"
#include "internal.h"
#include "writeback.h"

#define RA_PAGES	32		/* read_ahead_kb 128 */
#define IO_PAGES	320		/* bdi->io_pages: max_sectors_kb 1280 */
#define FORCE_CHUNK	((2UL << 20) / PAGE_SIZE)	/* force_page_cache_ra reads 2 MiB at a time */

/**
 * ra_max_pages - the window's most, in pages (ra_pages, read_ahead_kb 128 by default)
 */
unsigned int ra_max_pages(const struct file_ra_state *ra)
{
	return ra->ra_pages ? ra->ra_pages : RA_PAGES;
}

/*
 * page_cache_ra_unbounded: add the missing pages of [@index, @index + @nr),
 * mark the one @lookahead before the end for asynchronous readahead if this
 * call made it, and read each run of new pages with one bio. Best effort:
 * an allocation failure ends it.
 */
static void page_cache_ra_unbounded(struct machine *m, struct address_space *as,
				    unsigned long index, unsigned long nr, unsigned long lookahead)
{
	/* as the kernel's unsigned nr - lookahead: a lookahead past the clamped end marks nothing */
	unsigned long mark = lookahead <= nr ? nr - lookahead : ULONG_MAX, start = index, run = 0, pfn;

	blk_start_plug(m);
	for (unsigned long i = index; i < index + nr; i++) {
		if (filemap_lookup(as, i) != PFN_NONE) {
			if (run)
				read_pages(m, as, start, run);	/* a cached page ends the run */
			run = 0;
			continue;
		}
		if (filemap_add_folio(m, as, i, &pfn))
			break;
		if (i - index == mark)
			page_ext_get(m, pfn)->flags |= PGE_readahead;
		if (!run++)
			start = i;
		if (run == IO_PAGES) {
			/* a request holds at most max_sectors_kb */
			read_pages(m, as, start, run);
			run = 0;
		}
	}
	if (run)
		read_pages(m, as, start, run);
	blk_finish_plug(m);
}

/* do_page_cache_ra: page_cache_ra_unbounded, no page past the end of the file */
static void do_page_cache_ra(struct machine *m, struct address_space *as, unsigned long index,
			     unsigned long nr, unsigned long lookahead)
{
	unsigned long end;

	if (!as->size)
		return;
	end = (unsigned long)((as->size - 1) >> PAGE_SHIFT);
	if (index > end)
		return;
	if (nr > end - index)
		nr = end - index + 1;
	page_cache_ra_unbounded(m, as, index, nr, lookahead);
}

/**
 * force_page_cache_ra - read @nr pages from @index as asked, 2 MiB at a time (WILLNEED, RANDOM)
 */
void force_page_cache_ra(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			 unsigned long index, unsigned long nr)
{
	nr = MIN(nr, (unsigned long)MAX(IO_PAGES, ra_max_pages(ra)));
	while (nr) {
		unsigned long chunk = MIN(nr, FORCE_CHUNK);

		do_page_cache_ra(m, as, index, chunk, 0);
		index += chunk;
		nr -= chunk;
	}
}

/* ractl_max_pages: a larger request may use the device's io_pages */
static unsigned long ractl_max_pages(const struct file_ra_state *ra, unsigned long req)
{
	unsigned long max = ra_max_pages(ra);

	if (req > max && IO_PAGES > max)
		max = MIN(req, (unsigned long)IO_PAGES);
	return max;
}

static unsigned long roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1 : 1UL << (64 - __builtin_clzl(n - 1));
}

/* The first window: the request rounded up to a power of two, quadrupled or doubled while small. */
static unsigned long get_init_ra_size(unsigned long size, unsigned long max)
{
	unsigned long newsize = roundup_pow_of_two(size);

	if (newsize <= max / 32)
		return newsize * 4;
	if (newsize <= max / 4)
		return newsize * 2;
	return max;
}

/* The window after one of @cur pages: quadrupled while small, doubled, then @max. */
static unsigned long get_next_ra_size(unsigned long cur, unsigned long max)
{
	if (cur < max / 16)
		return 4 * cur;
	if (cur <= max / 2)
		return 2 * cur;
	return max;
}

/* The last index before @index, at most @max back, that is not cached (ULONG_MAX: none to 0). */
static unsigned long page_cache_prev_miss(struct address_space *as, unsigned long index,
					  unsigned long max)
{
	for (unsigned long n = 0; n < max; n++, index--) {
		if (filemap_lookup(as, index) == PFN_NONE)
			return index;
		if (!index)
			return ULONG_MAX;
	}
	return index;
}

/* The first index of [index, index + max) not cached, else index + max. */
static unsigned long page_cache_next_miss(struct address_space *as, unsigned long index,
					  unsigned long max)
{
	for (unsigned long i = index; i < index + max; i++)
		if (filemap_lookup(as, i) == PFN_NONE)
			return i;
	return index + max;
}

static void ra_submit(struct machine *m, struct address_space *as, struct file_ra_state *ra)
{
	do_page_cache_ra(m, as, ra->start, ra->size, ra->async_size);
}

/**
 * page_cache_sync_ra - a read of @req pages at @index missed the cache
 */
void page_cache_sync_ra(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			unsigned long index, unsigned long req)
{
	unsigned long max, prev, miss, contig;

	if (ra->random) {
		force_page_cache_ra(m, as, ra, index, req);
		return;
	}
	max = ractl_max_pages(ra, req);
	prev = (unsigned long)(ra->prev_pos >> PAGE_SHIFT);
	/* start of file, oversized read, or the page after the last read: a new stream */
	if (!index || req > max || index - prev <= 1UL) {
		ra->start = index;
		ra->size = (unsigned int)get_init_ra_size(req, max);
		ra->async_size = ra->size > req ? (unsigned int)(ra->size - req) : ra->size >> 1;
		ra_submit(m, as, ra);
		return;
	}
	/* what a stream would have left cached before this page */
	miss = page_cache_prev_miss(as, index - 1, max);
	contig = index - miss - 1;
	if (contig <= req) {
		do_page_cache_ra(m, as, index, req, 0);	/* small random read: as is */
		return;
	}
	if (miss == ULONG_MAX)
		contig *= 2;	/* cached from the start: a long stream */
	ra->start = index;
	ra->size = (unsigned int)MIN(contig + req, max);
	ra->async_size = 1;
	ra_submit(m, as, ra);
}

/**
 * page_cache_async_ra - a read of @req pages reached the marked page at @index
 */
void page_cache_async_ra(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			 unsigned long index, unsigned long req)
{
	unsigned long pfn = filemap_lookup(as, index), max, start;
	struct page_ext *ext = page_ext_get(m, pfn);

	if (ext->flags & PGE_writeback)
		return;
	ext->flags &= (uint16_t)~PGE_readahead;
	max = ractl_max_pages(ra, req);
	if (index == ra->start + ra->size - ra->async_size) {
		/* where this reader expected it: push the window on, ramped up */
		ra->start += ra->size;
		ra->size = (unsigned int)get_next_ra_size(ra->size, max);
		ra->async_size = ra->size;
		ra_submit(m, as, ra);
		return;
	}
	/* another reader's mark: the cached pages ahead are the old window */
	start = page_cache_next_miss(as, index + 1, max);
	if (!start || start - index > max)
		return;
	ra->start = start;
	ra->size = (unsigned int)get_next_ra_size(start - index + req, max);
	ra->async_size = ra->size;
	ra_submit(m, as, ra);
}

/**
 * page_cache_read_around - a fault missed at @index: read the ra_pages window centred on it
 */
void page_cache_read_around(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			    unsigned long index)
{
	unsigned int max = ra_max_pages(ra);

	ra->start = index > max / 2 ? index - max / 2 : 0;
	ra->size = max;
	ra->async_size = max / 4;
	ra_submit(m, as, ra);
}

/**
 * file_ra_state_init - a fresh reader: no read yet, the default window
 */
void file_ra_state_init(struct file_ra_state *ra)
{
	*ra = (struct file_ra_state){ .prev_pos = UINT64_MAX };
}
