// SPDX-License-Identifier: GPL-2.0
/*
 * posix_fadvise(2) (mm/fadvise.c, generic_fadvise): NORMAL, RANDOM and
 * SEQUENTIAL set the reader's readahead (default window, none, twice the
 * window), WILLNEED reads the range now (force_page_cache_ra), DONTNEED
 * starts writeback of the range's dirty pages and frees the whole clean
 * pages it covers. NOREUSE is not offered.
 */
#include <errno.h>
#include <limits.h>

#include "filemap.h"
#include "internal.h"
#include "writeback.h"

/**
 * generic_fadvise - @advice for [@offset, @offset + @len) of @as; @len 0 means to the end
 */
int generic_fadvise(struct machine *m, struct address_space *as, struct file_ra_state *ra,
		    uint64_t offset, uint64_t len, enum fadvise_advice advice)
{
	uint64_t endbyte = offset + len;
	unsigned long first, last;

	if (offset > LLONG_MAX || len > LLONG_MAX)
		return -EINVAL;
	/* careful about overflow: a range to past the end means to the end */
	if (!len || endbyte < len || endbyte - 1 > LLONG_MAX)
		endbyte = LLONG_MAX;
	else
		endbyte--;
	switch (advice) {
	case FADV_NORMAL:
		ra->ra_pages = 0;
		ra->random = false;
		return 0;
	case FADV_RANDOM:
		ra->random = true;
		return 0;
	case FADV_SEQUENTIAL:
		ra->ra_pages = 2 * ra_max_pages(&(struct file_ra_state){ 0 });
		ra->random = false;
		return 0;
	case FADV_WILLNEED:
		first = (unsigned long)(offset >> PAGE_SHIFT);
		last = (unsigned long)(endbyte >> PAGE_SHIFT);
		force_page_cache_ra(m, as, ra, first, last - first + 1 ? last - first + 1 : ULONG_MAX);
		return 0;
	case FADV_DONTNEED:
		filemap_fdatawrite_range(m, as, offset, endbyte);
		first = (unsigned long)((offset + PAGE_SIZE - 1) >> PAGE_SHIFT);
		last = (unsigned long)(endbyte >> PAGE_SHIFT);
		/* only whole pages: a partial last page stays */
		if ((endbyte & (PAGE_SIZE - 1)) != PAGE_SIZE - 1) {
			if (!last)
				return 0;
			last--;
		}
		if (last >= first)
			invalidate_mapping_pages(m, as, first, last);
		return 0;
	}
	return -EINVAL;
}
