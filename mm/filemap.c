// SPDX-License-Identifier: GPL-2.0
/*
 * The page cache (mm/filemap.c, mm/shmem.c): files by path and the shmem
 * objects behind shared anonymous mappings, each with its cached pages by
 * index; the fault path's filemap_fault, buffered read (filemap_read) and
 * buffered write (generic_perform_write).
 *
 * Every page-cache page is on its node's file LRU (shmem: the anon LRU)
 * from insertion: inactive first, activated by a second access
 * (folio_mark_accessed). Reads that miss go through the readahead of
 * mm/readahead.c, one path for faults and read calls; a page read from the
 * disk is locked until its bio completes, and the reader waits for it.
 * Writes dirty pages (mm/page-writeback.c), allocating them through the
 * allocator's one path, and extend i_size; a write of part of a page the
 * disk holds reads that page first, as block_write_begin does.
 *
 * A file comes into being with `create`, or the first time something maps
 * it; `unlink` takes its path away and its pages go with its last mapping.
 */
#include <errno.h>
#include <string.h>

#include "filemap.h"
#include "internal.h"
#include "writeback.h"

#define FIRST_INO	131073UL
#define ROOT_DEV	0xfe00		/* fe:00, the root filesystem of the reference machine */
#define SHMEM_DEV	0x0001		/* 00:01, the internal shm mount */
#define PAGEVEC_SIZE	31		/* a read takes at most this many cached pages at a time */

struct file_table {
	GHashTable *by_path;		/* path -> struct address_space (files) */
	GPtrArray *by_id;		/* id -> struct address_space, NULL once gone; 0 unused */
	unsigned long next_ino;
	unsigned long next_shmem_ino;
};

static struct address_space *mapping_new(struct machine *m, const char *path, bool shmem)
{
	struct file_table *ft = m->files;
	struct address_space *as = g_new0(struct address_space, 1);

	as->id = ft->by_id->len;
	g_ptr_array_add(ft->by_id, as);
	as->path = g_strdup(path);
	as->shmem = shmem;
	as->dev = shmem ? SHMEM_DEV : ROOT_DEV;
	as->ino = shmem ? ft->next_shmem_ino++ : ft->next_ino++;
	as->pages = g_hash_table_new(NULL, NULL);
	as->dirty = dirty_tags_new();
	return as;
}

/**
 * mapping_free - the object goes (no page left)
 */
void mapping_free(struct machine *m, struct address_space *as)
{
	g_ptr_array_index(m->files->by_id, as->id) = NULL;
	g_hash_table_unref(as->pages);
	g_tree_unref(as->dirty);
	g_free(as->path);
	g_free(as);
}

/**
 * filemap_open - the file at @path, made on first use, at least @min_size bytes long
 */
struct address_space *filemap_open(struct machine *m, const char *path, uint64_t min_size)
{
	struct address_space *as = g_hash_table_lookup(m->files->by_path, path);

	if (!as) {
		as = mapping_new(m, path, false);
		g_hash_table_insert(m->files->by_path, as->path, as);
	}
	if (as->size < min_size)
		as->size = min_size;
	return as;
}

/**
 * filemap_find - the file at @path, or NULL
 */
struct address_space *filemap_find(struct machine *m, const char *path)
{
	return g_hash_table_lookup(m->files->by_path, path);
}

/**
 * shmem_file_setup - a shmem object of @size bytes with @accounted pages charged to vm_committed_as
 */
struct address_space *shmem_file_setup(struct machine *m, uint64_t size, unsigned long accounted)
{
	struct address_space *as = mapping_new(m, "/dev/zero", true);

	as->size = size;
	as->accounted = accounted;
	as->refcount = 1;
	return as;
}

/**
 * mapping_by_id - the file or shmem object numbered @id (what a page records), or NULL
 */
struct address_space *mapping_by_id(struct machine *m, unsigned int id)
{
	return id < m->files->by_id->len ? g_ptr_array_index(m->files->by_id, id) : NULL;
}

/**
 * page_cache_delete - take page @pfn out of @as and free it (clean, unmapped, not under I/O)
 */
void page_cache_delete(struct machine *m, struct address_space *as, unsigned long pfn)
{
	pg_data_t *pgdat = page_zone_pfn(m, pfn)->zone_pgdat;
	struct page_ext *ext = page_ext_get(m, pfn);

	g_hash_table_remove(as->pages, GSIZE_TO_POINTER(ext->index));
	__mod_node_page_state(pgdat, NR_FILE_PAGES, -1);
	if (as->shmem)
		__mod_node_page_state(pgdat, NR_SHMEM, -1);
	free_user_page(m, pfn);
}

/* Every page goes and the object with them: a shmem object or an unlinked file. */
static void mapping_release(struct machine *m, struct address_space *as)
{
	g_autoptr(GList) pfns = g_hash_table_get_values(as->pages);

	for (GList *l = pfns; l; l = l->next) {
		unsigned long pfn = GPOINTER_TO_SIZE(l->data) - 1;
		struct page_ext *ext = page_ext_get(m, pfn);

		if (!as->shmem)
			folio_account_cleaned(m, as, pfn, m->current);
		if (ext->flags & (PGE_writeback | PGE_locked))
			ext->flags |= PGE_truncated;	/* freed when its I/O completes */
		else
			page_cache_delete(m, as, pfn);
	}
	if (as->shmem)
		vm_unacct_memory(m, (long)as->accounted);
	if (g_hash_table_size(as->pages))
		return;		/* the last writeback completion frees it */
	inode_io_list_del(m, as);
	mapping_free(m, as);
}

/**
 * mapping_put - a mapping's reference goes: a shmem object or an unlinked file goes with its last
 */
void mapping_put(struct machine *m, struct address_space *as)
{
	if (--as->refcount > 0 || (!as->shmem && !as->unlinked))
		return;
	mapping_release(m, as);
}

/**
 * filemap_unlink - unlink(2): the path goes now, the pages with the last mapping
 */
int filemap_unlink(struct machine *m, const char *path)
{
	struct address_space *as = filemap_find(m, path);

	if (!as)
		return -ENOENT;
	g_hash_table_remove(m->files->by_path, path);
	as->unlinked = true;
	if (as->refcount <= 0)
		mapping_release(m, as);
	return 0;
}

/**
 * filemap_create - a new empty file of @size bytes, nothing cached; -EEXIST if @path exists
 */
int filemap_create(struct machine *m, const char *path, uint64_t size)
{
	if (filemap_find(m, path))
		return -EEXIST;
	if (size > MAX_LFS_FILESIZE)
		return -EFBIG;
	filemap_open(m, path, size);
	return 0;
}

/**
 * filemap_lookup - the PFN of @as's cached page at @index, or PFN_NONE
 */
unsigned long filemap_lookup(struct address_space *as, unsigned long index)
{
	gpointer v = g_hash_table_lookup(as->pages, GSIZE_TO_POINTER(index));

	return v ? GPOINTER_TO_SIZE(v) - 1 : PFN_NONE;
}

/**
 * filemap_add_folio - a new page at @index of @as, on the inactive LRU (not read, not dirty)
 */
int filemap_add_folio(struct machine *m, struct address_space *as, unsigned long index,
		      unsigned long *pfnp)
{
	gfp_t gfp = GFP_HIGHUSER_MOVABLE | (as->shmem ? __GFP_ZERO : 0);
	struct page_ext *ext;
	pg_data_t *pgdat;
	unsigned long pfn;
	int err = alloc_user_page(m, gfp, &pfn);

	if (err)
		return err;
	ext = page_ext_get(m, pfn);
	ext->mapping = as->id;
	ext->index = index;
	if (as->shmem)
		ext->flags |= PGE_swapbacked;
	g_hash_table_insert(as->pages, GSIZE_TO_POINTER(index), GSIZE_TO_POINTER(pfn + 1));
	pgdat = page_zone_pfn(m, pfn)->zone_pgdat;
	__mod_node_page_state(pgdat, NR_FILE_PAGES, 1);
	if (as->shmem)
		__mod_node_page_state(pgdat, NR_SHMEM, 1);
	folio_add_lru(m, pfn);
	*pfnp = pfn;
	return 0;
}

/**
 * file_pages - the pages @as's size covers
 */
unsigned long file_pages(const struct address_space *as)
{
	return (unsigned long)((as->size + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

/**
 * filemap_fault - the page at @index, read in when it is not cached. A
 * miss is a major fault and reads the ra_pages window centred on @index
 * (mmap read-around); a fault on a marked page reads the next window
 * ahead (asynchronous readahead), so a sequential reader takes one major
 * fault. A page past the end of the file is -EFAULT (SIGBUS in the
 * kernel). @ra is the mapping's state (the kernel's is its struct file's);
 * shmem has none and never reads.
 */
int filemap_fault(struct machine *m, struct address_space *as, struct file_ra_state *ra,
		  unsigned long index, unsigned long *pfnp, bool *major)
{
	int err;

	*major = false;
	if (index >= file_pages(as))
		return -EFAULT;
	*pfnp = filemap_lookup(as, index);
	if (*pfnp != PFN_NONE) {
		if (!as->shmem && (page_ext_get(m, *pfnp)->flags & PGE_readahead))
			page_cache_async_ra(m, as, ra, index, ra_max_pages(ra));
		filemap_wait_folio(m, *pfnp);
		return 0;
	}
	if (as->shmem)
		return filemap_add_folio(m, as, index, pfnp);
	*major = true;
	__count_vm_events(m, PGMAJFAULT, 1);
	page_cache_read_around(m, as, ra, index);
	*pfnp = filemap_lookup(as, index);
	if (*pfnp == PFN_NONE) {
		/* readahead is best effort; the faulting page itself must come */
		err = filemap_add_folio(m, as, index, pfnp);
		if (err)
			return err;
		read_pages(m, as, index, 1);
	}
	filemap_wait_folio(m, *pfnp);
	return 0;
}

/**
 * filemap_mark_dirty - a write through a mapping dirtied page @pfn of @as
 */
void filemap_mark_dirty(struct machine *m, struct address_space *as, unsigned long pfn)
{
	folio_mark_dirty(m, as, pfn);
}

/*
 * filemap_get_read_batch: the cached pages from @index on, up to @last
 * (exclusive) and PAGEVEC_SIZE, stopping at a gap and after a page with the
 * readahead mark. Returns how many, their PFNs in @pfns.
 */
static unsigned int filemap_get_read_batch(struct machine *m, struct address_space *as,
					   unsigned long index, unsigned long last, unsigned long *pfns)
{
	unsigned int n = 0;

	for (unsigned long i = index; i < last && n < PAGEVEC_SIZE; i++) {
		unsigned long pfn = filemap_lookup(as, i);

		if (pfn == PFN_NONE)
			break;
		pfns[n++] = pfn;
		if (page_ext_get(m, pfn)->flags & PGE_readahead)
			break;
	}
	return n;
}

/* filemap_get_pages: a batch of cached pages, reading ahead (or one page) when none is */
static int filemap_get_pages(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			     unsigned long index, unsigned long last, unsigned long *pfns,
			     unsigned int *nr)
{
	unsigned long pfn;
	struct page_ext *ext;
	int err;

	*nr = filemap_get_read_batch(m, as, index, last, pfns);
	if (!*nr) {
		page_cache_sync_ra(m, as, ra, index, last - index);
		*nr = filemap_get_read_batch(m, as, index, last, pfns);
	}
	if (!*nr) {
		/* filemap_create_folio: readahead got no memory, one page must come */
		err = filemap_add_folio(m, as, index, &pfn);
		if (err)
			return err;
		read_pages(m, as, index, 1);
		pfns[0] = pfn;
		*nr = 1;
		return 0;
	}
	ext = page_ext_get(m, pfns[*nr - 1]);
	if (ext->flags & PGE_readahead)
		page_cache_async_ra(m, as, ra, ext->index, last - ext->index);
	return 0;
}

/**
 * filemap_read - read(2) of @len bytes at @pos through the page cache; the bytes read in *@done
 *
 * Hits cost nothing; misses read ahead. The reading task waits for pages
 * still being read. Every page read is marked accessed once (the first
 * only when the last read did not end in it). -ENOMEM only when not even
 * the first page could be had.
 */
int filemap_read(struct machine *m, struct address_space *as, struct file_ra_state *ra,
		 uint64_t pos, uint64_t len, uint64_t *done)
{
	STACK_FRAME(m);
	uint64_t end = MIN(as->size, pos + len), last_pos = ra->prev_pos;
	unsigned long last = (unsigned long)((pos + len + PAGE_SIZE - 1) >> PAGE_SHIFT);
	unsigned long pfns[PAGEVEC_SIZE];
	int err = 0;

	*done = 0;
	while (pos < end) {
		unsigned long index = (unsigned long)(pos >> PAGE_SHIFT);
		unsigned int nr;

		err = filemap_get_pages(m, as, ra, index, last, pfns, &nr);
		if (err)
			break;
		for (unsigned int i = 0; i < nr && pos < end; i++) {
			uint64_t bytes = MIN(end - pos, PAGE_SIZE - (pos & (PAGE_SIZE - 1)));

			if (i > 0 || last_pos == UINT64_MAX || (pos >> PAGE_SHIFT) != ((last_pos - 1) >> PAGE_SHIFT))
				folio_mark_accessed(m, pfns[i]);
			filemap_wait_folio(m, pfns[i]);
			pos += bytes;
			*done += bytes;
			last_pos = pos;
		}
	}
	ra->prev_pos = last_pos;
	return *done ? 0 : err;
}

/*
 * write_begin: the page at @index for a write of [@from, @to) within it,
 * made when missing; a partial write of a page the disk holds reads it
 * first (the rest of the page must be there).
 */
static int write_begin(struct machine *m, struct address_space *as, unsigned long index,
		       unsigned int from, unsigned int to, unsigned long *pfnp)
{
	int err;

	*pfnp = filemap_lookup(as, index);
	if (*pfnp != PFN_NONE) {
		filemap_wait_folio(m, *pfnp);
		return 0;
	}
	err = filemap_add_folio(m, as, index, pfnp);
	if (err)
		return err;
	if ((from || to < PAGE_SIZE) && index < file_pages(as)) {
		read_pages(m, as, index, 1);
		filemap_wait_folio(m, *pfnp);
	}
	return 0;
}

/**
 * generic_perform_write - write(2) of @len bytes at @pos into the page cache; bytes in *@done
 *
 * Each page is found or made, dirtied, the file extended past its end,
 * and the writer balanced (balance_dirty_pages): the pauses it must take
 * add up in *@pause_ns. A write past MAX_LFS_FILESIZE is cut there; one
 * starting at or past it is -EFBIG. -ENOMEM when not even the first page
 * could be had.
 */
int generic_perform_write(struct machine *m, struct address_space *as, uint64_t pos, uint64_t len,
			  uint64_t *done, uint64_t *pause_ns)
{
	STACK_FRAME(m);
	int err = 0;

	*done = 0;
	*pause_ns = 0;
	if (pos >= MAX_LFS_FILESIZE)
		return len ? -EFBIG : 0;
	len = MIN(len, MAX_LFS_FILESIZE - pos);
	while (*done < len) {
		unsigned long index = (unsigned long)(pos >> PAGE_SHIFT), pfn;
		unsigned int from = (unsigned int)(pos & (PAGE_SIZE - 1));
		uint64_t bytes = MIN(len - *done, PAGE_SIZE - from);

		err = write_begin(m, as, index, from, from + (unsigned int)bytes, &pfn);
		if (err)
			break;
		folio_mark_dirty(m, as, pfn);
		pos += bytes;
		*done += bytes;
		if (pos > as->size)
			as->size = pos;		/* i_size_write in write_end */
		*pause_ns += balance_dirty_pages_ratelimited(m, as);
	}
	return *done ? 0 : err;
}

/**
 * filemap_check - every cached page is its mapping's, at its index, on an
 * LRU list (lru_check proves each list), tagged dirty exactly when dirty;
 * NR_FILE_PAGES, NR_SHMEM, NR_FILE_DIRTY and NR_WRITEBACK equal a recount,
 * and each wb's counters its files' (writeback_check).
 */
int filemap_check(struct machine *m)
{
	unsigned long file = 0, shmem = 0, dirty = 0, writeback = 0;
	int bad = 0;

	for (guint id = 1; id < m->files->by_id->len; id++) {
		struct address_space *as = g_ptr_array_index(m->files->by_id, id);
		unsigned long as_dirty = 0, as_wb = 0;
		GHashTableIter it;
		gpointer key, val;

		if (!as)
			continue;
		g_hash_table_iter_init(&it, as->pages);
		while (g_hash_table_iter_next(&it, &key, &val)) {
			unsigned long pfn = GPOINTER_TO_SIZE(val) - 1;
			struct page_ext *ext = page_ext_get(m, pfn);
			bool lru = ext->flags & PGE_lru;

			if (!(pfn_to_page(m, pfn)->flags & PG_user) || ext->mapping != as->id ||
			    ext->index != GPOINTER_TO_SIZE(key) || (ext->flags & PGE_anon) || !lru) {
				pr_err(m, "BUG: %s index %lu: pfn %#lx is not its page (or off the LRU)",
				       as->path, (unsigned long)GPOINTER_TO_SIZE(key), pfn);
				bad++;
			}
			file++;
			shmem += as->shmem;
			if (!as->shmem && (ext->flags & PGE_dirty)) {
				as_dirty++;
				if (!dirty_tag_test(as, GPOINTER_TO_SIZE(key))) {
					pr_err(m, "BUG: %s index %lu: dirty page not tagged dirty", as->path,
					       (unsigned long)GPOINTER_TO_SIZE(key));
					bad++;
				}
			}
			as_wb += !!(ext->flags & PGE_writeback);
			/* a truncated page waits only for its I/O; redirtying under writeback is allowed */
			if ((ext->flags & PGE_truncated) && !(ext->flags & (PGE_writeback | PGE_locked))) {
				pr_err(m, "BUG: %s index %lu: truncated page with no I/O to wait for",
				       as->path, (unsigned long)GPOINTER_TO_SIZE(key));
				bad++;
			}
		}
		if (as_dirty != as->nr_dirty || as_wb != as->nr_writeback) {
			pr_err(m, "BUG: %s: %lu dirty (%lu tagged), %lu under writeback (%lu counted)",
			       as->path, as_dirty, as->nr_dirty, as_wb, as->nr_writeback);
			bad++;
		}
		dirty += as_dirty;
		writeback += as_wb;
	}
	if (file != global_node_page_state(m, NR_FILE_PAGES) ||
	    shmem != global_node_page_state(m, NR_SHMEM) ||
	    dirty != global_node_page_state(m, NR_FILE_DIRTY) ||
	    writeback != global_node_page_state(m, NR_WRITEBACK)) {
		pr_err(m, "BUG: page cache holds %lu pages (%lu shmem, %lu dirty, %lu writeback), "
		       "counters say %lu (%lu, %lu, %lu)", file, shmem, dirty, writeback,
		       global_node_page_state(m, NR_FILE_PAGES), global_node_page_state(m, NR_SHMEM),
		       global_node_page_state(m, NR_FILE_DIRTY), global_node_page_state(m, NR_WRITEBACK));
		bad++;
	}
	return bad + writeback_check(m);
}

/**
 * shmem_accounted - Pages shmem objects hold charged to vm_committed_as.
 */
unsigned long shmem_accounted(struct machine *m)
{
	unsigned long pages = 0;

	for (guint id = 1; id < m->files->by_id->len; id++) {
		struct address_space *as = g_ptr_array_index(m->files->by_id, id);

		if (as)
			pages += as->accounted;
	}
	return pages;
}

/**
 * filemap_for_each - call @fn for every file and shmem object (in id order)
 */
void filemap_for_each(struct machine *m, void (*fn)(struct machine *, struct address_space *, void *),
		      void *arg)
{
	for (guint id = 1; id < m->files->by_id->len; id++) {
		struct address_space *as = g_ptr_array_index(m->files->by_id, id);

		if (as)
			fn(m, as, arg);
	}
}

/**
 * filemap_init - the machine's file table, empty
 */
int filemap_init(struct machine *m)
{
	struct file_table *ft = g_new0(struct file_table, 1);

	ft->by_path = g_hash_table_new(g_str_hash, g_str_equal);
	ft->by_id = g_ptr_array_new();
	g_ptr_array_add(ft->by_id, NULL);
	ft->next_ino = FIRST_INO;
	ft->next_shmem_ino = 1024;
	m->files = ft;
	return 0;
}

/**
 * filemap_destroy - free every file and shmem object with its cached pages (machine teardown)
 */
void filemap_destroy(struct machine *m)
{
	struct file_table *ft = m->files;

	if (!ft)
		return;
	writeback_destroy(m);
	for (guint id = 1; id < ft->by_id->len; id++) {
		struct address_space *as = g_ptr_array_index(ft->by_id, id);

		if (as)
			mapping_free(m, as);
	}
	g_ptr_array_free(ft->by_id, TRUE);
	g_hash_table_unref(ft->by_path);
	g_free(ft);
	m->files = NULL;
}
