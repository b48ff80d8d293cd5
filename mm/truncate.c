// SPDX-License-Identifier: GPL-2.0
/*
 * Taking pages out of the page cache (mm/truncate.c): truncate and unlink
 * drop every page past the new end, dirty ones too (their dirtying is
 * cancelled: cancelled_write_bytes, charged to the task that truncates, as
 * cancel_dirty_page does); invalidate_mapping_pages (drop_caches,
 * POSIX_FADV_DONTNEED) frees only what is clean, unmapped and not under
 * I/O. Mapped pages past a truncation are unmapped from every process
 * first (unmap_mapping_range). A page whose write is in flight cannot be
 * freed before it completes: the kernel's truncate waits for it; here it
 * stays in the cache marked truncated and goes when its write completes.
 */
#include <errno.h>
#include <limits.h>

#include "filemap.h"
#include "internal.h"
#include "task.h"
#include "vma.h"
#include "writeback.h"

/* unmap_mapping_range: zap the pages of @as from @first on in every mapping of it */
static void unmap_mapping_range(struct machine *m, struct address_space *as, unsigned long first)
{
	for (GList *l = task_list(m); l; l = l->next) {
		struct mm_struct *mm = ((struct task_struct *)l->data)->mm;

		if (!mm)
			continue;
		for (guint i = 0; i < mm->vmas->len; i++) {
			struct vm_area_struct *vma = g_ptr_array_index(mm->vmas, i);
			uint64_t pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
			uint64_t start;

			if (vma->vm_file != as || vma->vm_pgoff + pages <= first)
				continue;
			start = vma->vm_start + (first > vma->vm_pgoff ?
						 (uint64_t)(first - vma->vm_pgoff) << PAGE_SHIFT : 0);
			zap_page_range(m, vma, start, vma->vm_end);
		}
	}
}

/**
 * truncate_inode_pages_range - drop the pages of @as from index @first on, dirty ones too
 */
void truncate_inode_pages_range(struct machine *m, struct address_space *as, unsigned long first)
{
	g_autoptr(GList) pfns = g_hash_table_get_values(as->pages);

	unmap_mapping_range(m, as, first);
	for (GList *l = pfns; l; l = l->next) {
		unsigned long pfn = GPOINTER_TO_SIZE(l->data) - 1;
		struct page_ext *ext = page_ext_get(m, pfn);

		if (ext->index < first || ext->mapcount)
			continue;
		folio_account_cleaned(m, as, pfn, m->current);
		if (ext->flags & (PGE_writeback | PGE_locked))
			ext->flags |= PGE_truncated;
		else
			page_cache_delete(m, as, pfn);
	}
}

/**
 * truncate_setsize - truncate(2) to @size: i_size, then the pages wholly past it
 */
int truncate_setsize(struct machine *m, struct address_space *as, uint64_t size)
{
	if (size > MAX_LFS_FILESIZE)
		return -EFBIG;
	as->size = size;
	truncate_inode_pages_range(m, as, (unsigned long)((size + PAGE_SIZE - 1) >> PAGE_SHIFT));
	return 0;
}

/**
 * filemap_end_truncated - a truncated page's write completed: it goes, and its file if that was
 * the last of an unlinked file's pages. True when the page went.
 */
bool filemap_end_truncated(struct machine *m, struct address_space *as, unsigned long pfn)
{
	if (!(page_ext_get(m, pfn)->flags & PGE_truncated))
		return false;
	page_cache_delete(m, as, pfn);
	if (!g_hash_table_size(as->pages) && as->unlinked && as->refcount <= 0)
		mapping_free(m, as);
	return true;
}

/**
 * invalidate_mapping_pages - free the clean, unmapped, idle pages of [@first, @last] of @as
 *
 * Dirty, under writeback, being read, mapped and mlocked pages stay, as
 * mapping_evict_folio leaves them. Returns how many went.
 */
unsigned long invalidate_mapping_pages(struct machine *m, struct address_space *as,
				       unsigned long first, unsigned long last)
{
	g_autoptr(GList) pfns = g_hash_table_get_values(as->pages);
	unsigned long freed = 0;

	for (GList *l = pfns; l; l = l->next) {
		unsigned long pfn = GPOINTER_TO_SIZE(l->data) - 1;
		struct page_ext *ext = page_ext_get(m, pfn);

		if (ext->index < first || ext->index > last || ext->mapcount ||
		    (ext->flags & (PGE_dirty | PGE_writeback | PGE_locked | PGE_mlocked)))
			continue;
		page_cache_delete(m, as, pfn);
		freed++;
	}
	return freed;
}

/**
 * invalidate_inode_pages2_range - drop the cached pages of [@first, @last] of @as before a direct
 * write: unmapped first; one whose write is in flight goes when it completes
 */
void invalidate_inode_pages2_range(struct machine *m, struct address_space *as, unsigned long first,
				   unsigned long last)
{
	g_autoptr(GList) pfns = g_hash_table_get_values(as->pages);

	unmap_mapping_range(m, as, first);	/* the kernel unmaps [first, last]; more is harmless */
	for (GList *l = pfns; l; l = l->next) {
		unsigned long pfn = GPOINTER_TO_SIZE(l->data) - 1;
		struct page_ext *ext = page_ext_get(m, pfn);

		if (ext->index < first || ext->index > last || ext->mapcount || (ext->flags & PGE_locked))
			continue;
		folio_account_cleaned(m, as, pfn, m->current);
		if (ext->flags & PGE_writeback)
			ext->flags |= PGE_truncated;
		else
			page_cache_delete(m, as, pfn);
	}
}

static void drop_pagecache_sb(struct machine *m, struct address_space *as, void *arg)
{
	if (!as->shmem)
		*(unsigned long *)arg += invalidate_mapping_pages(m, as, 0, ULONG_MAX);
}

/**
 * filemap_drop_caches - drop_caches bit 1: every file's clean, unmapped pages; how many went
 */
unsigned long filemap_drop_caches(struct machine *m)
{
	unsigned long dropped = 0;

	filemap_for_each(m, drop_pagecache_sb, &dropped);
	return dropped;
}
