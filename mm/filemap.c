// SPDX-License-Identifier: GPL-2.0
/*
 * The page cache, minimal (mm/filemap.c, mm/shmem.c): files by path, each
 * with its cached pages by index, and the shmem objects behind shared
 * anonymous mappings. A file comes into being the first time something
 * maps it; the page-cache issue adds read, write and writeback.
 *
 * A missing page is read with the kernel's mmap read-around: a fault at
 * index i reads the ra_pages window centred on i, so one major fault brings
 * 32 pages in, and the asynchronous readahead that follows a sequential
 * reader keeps the next window coming without another major fault. Each
 * contiguous run of pages read is one bio on the root disk (blkdev.h),
 * its pages locked until it completes. Shmem pages are made zeroed and
 * never cost I/O.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "filemap.h"

#define RA_PAGES	32		/* read_ahead_kb 128 */
#define FIRST_INO	131073UL
#define ROOT_DEV	0xfe00		/* fe:00, the root filesystem of the reference machine */
#define SHMEM_DEV	0x0001		/* 00:01, the internal shm mount */

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
	return as;
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

static void page_cache_delete(struct machine *m, struct address_space *as, unsigned long pfn)
{
	pg_data_t *pgdat = page_zone_pfn(m, pfn)->zone_pgdat;
	struct page_ext *ext = page_ext_get(m, pfn);

	g_hash_table_remove(as->pages, GSIZE_TO_POINTER(ext->index));
	__mod_node_page_state(pgdat, NR_FILE_PAGES, -1);
	if (as->shmem)
		__mod_node_page_state(pgdat, NR_SHMEM, -1);
	if ((ext->flags & PGE_dirty) && !as->shmem)
		__mod_node_page_state(pgdat, NR_FILE_DIRTY, -1);
	free_user_page(m, pfn);
}

/**
 * mapping_put - A shmem object goes with its last mapping: its pages and its charge.
 */
void mapping_put(struct machine *m, struct address_space *as)
{
	g_autoptr(GList) pfns = NULL;

	if (!as->shmem || --as->refcount > 0)
		return;
	pfns = g_hash_table_get_values(as->pages);
	for (GList *l = pfns; l; l = l->next)
		page_cache_delete(m, as, GPOINTER_TO_SIZE(l->data) - 1);
	vm_unacct_memory(m, (long)as->accounted);
	g_ptr_array_index(m->files->by_id, as->id) = NULL;
	g_hash_table_unref(as->pages);
	g_free(as->path);
	g_free(as);
}

/**
 * filemap_lookup - the PFN of @as's cached page at @index, or PFN_NONE
 */
unsigned long filemap_lookup(struct address_space *as, unsigned long index)
{
	gpointer v = g_hash_table_lookup(as->pages, GSIZE_TO_POINTER(index));

	return v ? GPOINTER_TO_SIZE(v) - 1 : PFN_NONE;
}

static int page_cache_add(struct machine *m, struct address_space *as, unsigned long index,
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

static unsigned long file_pages(const struct address_space *as)
{
	return (unsigned long)((as->size + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

/* mpage_end_io: the read is done, each page unlocked (its waiters woken) */
static void mpage_end_io(struct machine *m, struct bio *bio)
{
	for (unsigned int i = 0; i < bio->bi_vcnt; i++)
		folio_unlock(m, bio->bi_pfn[i]);
	bio_put(bio);
}

static void read_pages(struct machine *m, struct bio **biop)
{
	if (*biop)
		submit_bio(m, *biop);
	*biop = NULL;
}

/*
 * Lock page @pfn (index @index of @as) and add it to the read being built
 * in *@biop, which a page not on the next sector, or a full bio, submits
 * first (mpage_readahead's one bio per contiguous run). @nr_left sizes a
 * new bio.
 */
static void read_pages_add(struct machine *m, struct address_space *as, struct bio **biop,
			   unsigned long index, unsigned long pfn, unsigned long nr_left)
{
	sector_t sector = bmap(m, as, index);
	struct bio *bio = *biop;

	page_ext_get(m, pfn)->flags |= PGE_locked;
	if (bio && (bio->bi_sector + (bio->bi_size >> SECTOR_SHIFT) != sector ||
		    !bio_add_page(bio, pfn)))
		read_pages(m, &bio);
	if (!bio) {
		bio = bio_alloc(m->root_bdev, (unsigned int)MIN(nr_left, BIO_MAX_VECS),
				REQ_OP_READ | REQ_RAHEAD);
		bio->bi_sector = sector;
		bio->bi_end_io = mpage_end_io;
		bio_add_page(bio, pfn);
	}
	*biop = bio;
}

/*
 * Read the pages of [start, start + size) that are not cached yet, none
 * past the end of the file, and mark the page @async_size before the
 * window's end for the next asynchronous read, if this read brought it in
 * (page_cache_ra_unbounded). Best effort, as readahead is. @fresh is a
 * page the fault just added (ULONG_MAX: none): it is read with the window,
 * or alone if the window stops short of it.
 */
static void page_cache_ra(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			  unsigned long fresh)
{
	unsigned long end = MIN(ra->start + ra->size, file_pages(as)), pfn;
	struct bio *bio = NULL;
	bool fresh_read = fresh == ULONG_MAX;

	for (unsigned long i = ra->start; i < end; i++) {
		pfn = filemap_lookup(as, i);
		if (pfn != PFN_NONE && i != fresh) {
			read_pages(m, &bio);	/* a cached page ends the run */
			continue;
		}
		if (pfn == PFN_NONE && page_cache_add(m, as, i, &pfn))
			break;
		if (i == ra->start + ra->size - ra->async_size)
			page_ext_get(m, pfn)->flags |= PGE_readahead;
		read_pages_add(m, as, &bio, i, pfn, end - i);
		fresh_read |= i == fresh;
	}
	read_pages(m, &bio);
	if (!fresh_read) {
		read_pages_add(m, as, &bio, fresh, filemap_lookup(as, fresh), 1);
		read_pages(m, &bio);
	}
}

/* The first index of [index, index + max_scan) not in the cache, else index + max_scan. */
static unsigned long page_cache_next_miss(struct address_space *as, unsigned long index,
					  unsigned long max_scan)
{
	for (unsigned long i = index; i < index + max_scan; i++)
		if (filemap_lookup(as, i) == PFN_NONE)
			return i;
	return index + max_scan;
}

/* The window after one of @cur pages: quadrupled while small, doubled, then @max. */
static unsigned int get_next_ra_size(unsigned long cur, unsigned int max)
{
	if (cur < max / 16)
		return (unsigned int)(4 * cur);
	if (cur <= max / 2)
		return (unsigned int)(2 * cur);
	return max;
}

/*
 * page_cache_async_ra: a marked page was reached. Where this reader
 * expected it, the next window follows the last; elsewhere (another
 * reader's mark) the window starts at the first page not cached yet, if
 * that is near.
 */
static void page_cache_async_ra(struct machine *m, struct address_space *as,
				struct file_ra_state *ra, unsigned long index, unsigned long pfn)
{
	page_ext_get(m, pfn)->flags &= (uint16_t)~PGE_readahead;
	if (index == ra->start + ra->size - ra->async_size) {
		ra->start += ra->size;
		ra->size = MAX(ra->size, get_next_ra_size(ra->size, RA_PAGES));
	} else {
		unsigned long start = page_cache_next_miss(as, index + 1, RA_PAGES);

		if (start - index > RA_PAGES)
			return;
		ra->start = start;
		ra->size = get_next_ra_size(start - index + RA_PAGES, RA_PAGES);
	}
	ra->async_size = ra->size;
	page_cache_ra(m, as, ra, ULONG_MAX);
}

/**
 * filemap_fault - the page at @index, read in when it is not cached. A
 * read is a major fault and reads the ra_pages window centred on @index
 * (mmap read-around), marking a page three quarters in; a fault on a
 * marked page reads the next window ahead (asynchronous readahead), so a
 * sequential reader takes one major fault. Reads go to the disk as bios
 * with their pages locked; the faulting task (current) waits in D until
 * its page's read completes, whether this fault or an earlier one started
 * it (lock_folio_maybe_drop_mmap). A page past the end of the file is
 * -EFAULT (SIGBUS in the kernel). @ra is the reader's state (the kernel
 * keeps it in the struct file); shmem has none and never reads.
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
			page_cache_async_ra(m, as, ra, index, *pfnp);
		folio_wait_bit(m, m->current, *pfnp, PGE_locked);
		return 0;
	}
	err = page_cache_add(m, as, index, pfnp);
	if (err || as->shmem)
		return err;
	*major = true;
	__count_vm_events(m, PGMAJFAULT, 1);
	ra->start = index > RA_PAGES / 2 ? index - RA_PAGES / 2 : 0;
	ra->size = RA_PAGES;
	ra->async_size = RA_PAGES / 4;
	page_cache_ra(m, as, ra, index);
	folio_wait_bit(m, m->current, *pfnp, PGE_locked);
	return 0;
}

/**
 * filemap_mark_dirty - a write through a mapping dirtied page @pfn of @as (NR_FILE_DIRTY)
 */
void filemap_mark_dirty(struct machine *m, struct address_space *as, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);
	pg_data_t *pgdat = page_zone_pfn(m, pfn)->zone_pgdat;

	if (ext->flags & PGE_dirty)
		return;
	ext->flags |= PGE_dirty;
	if (as->shmem)
		return;		/* shmem pages are always dirty: no writeback accounting */
	__mod_node_page_state(pgdat, NR_FILE_DIRTY, 1);
	__mod_node_page_state(pgdat, NR_DIRTIED, 1);
}

/**
 * filemap_drop_caches - drop_caches bit 1: clean, unmapped page-cache pages of files.
 */
unsigned long filemap_drop_caches(struct machine *m)
{
	unsigned long dropped = 0;

	for (guint id = 1; id < m->files->by_id->len; id++) {
		struct address_space *as = g_ptr_array_index(m->files->by_id, id);
		g_autoptr(GList) pfns = NULL;

		if (!as || as->shmem)
			continue;
		pfns = g_hash_table_get_values(as->pages);
		for (GList *l = pfns; l; l = l->next) {
			unsigned long pfn = GPOINTER_TO_SIZE(l->data) - 1;
			struct page_ext *ext = page_ext_get(m, pfn);

			if (ext->mapcount || (ext->flags & (PGE_dirty | PGE_mlocked | PGE_locked)))
				continue;
			page_cache_delete(m, as, pfn);
			dropped++;
		}
	}
	return dropped;
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
 * filemap_check - Every cached page says it is this mapping's, at this index; the counters add up.
 */
int filemap_check(struct machine *m)
{
	unsigned long file = 0, shmem = 0, dirty = 0;
	int bad = 0;

	for (guint id = 1; id < m->files->by_id->len; id++) {
		struct address_space *as = g_ptr_array_index(m->files->by_id, id);
		GHashTableIter it;
		gpointer key, val;

		if (!as)
			continue;
		g_hash_table_iter_init(&it, as->pages);
		while (g_hash_table_iter_next(&it, &key, &val)) {
			unsigned long pfn = GPOINTER_TO_SIZE(val) - 1;
			struct page_ext *ext = page_ext_get(m, pfn);

			if (!(pfn_to_page(m, pfn)->flags & PG_user) || ext->mapping != as->id ||
			    ext->index != GPOINTER_TO_SIZE(key) || (ext->flags & PGE_anon)) {
				pr_err(m, "BUG: %s index %lu: pfn %#lx is not its page", as->path,
				       (unsigned long)GPOINTER_TO_SIZE(key), pfn);
				bad++;
			}
			file++;
			shmem += as->shmem;
			dirty += !as->shmem && (ext->flags & PGE_dirty);
		}
	}
	if (file != global_node_page_state(m, NR_FILE_PAGES) ||
	    shmem != global_node_page_state(m, NR_SHMEM) ||
	    dirty != global_node_page_state(m, NR_FILE_DIRTY)) {
		pr_err(m, "BUG: page cache holds %lu pages (%lu shmem, %lu dirty), counters say %lu (%lu, %lu)",
		       file, shmem, dirty, global_node_page_state(m, NR_FILE_PAGES),
		       global_node_page_state(m, NR_SHMEM), global_node_page_state(m, NR_FILE_DIRTY));
		bad++;
	}
	return bad;
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
	for (guint id = 1; id < ft->by_id->len; id++) {
		struct address_space *as = g_ptr_array_index(ft->by_id, id);

		if (!as)
			continue;
		g_hash_table_unref(as->pages);
		g_free(as->path);
		g_free(as);
	}
	g_ptr_array_free(ft->by_id, TRUE);
	g_hash_table_unref(ft->by_path);
	g_free(ft);
	m->files = NULL;
}
