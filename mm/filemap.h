/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page cache and shmem objects (mm/filemap.c, readahead.c, truncate.c,
 * fadvise.c), for the engine's own use and sim/ctl's file verbs.
 */
#ifndef MM_FILEMAP_H
#define MM_FILEMAP_H

#include <stdbool.h>

#include "mm_types.h"

struct machine;

/* MAX_LFS_FILESIZE on 64-bit: the largest offset a file may have */
#define MAX_LFS_FILESIZE	((uint64_t)INT64_MAX)

/* filemap.c */
/* The file at @path, made on first use, at least @min_size bytes long. */
struct address_space *filemap_open(struct machine *m, const char *path, uint64_t min_size);
struct address_space *filemap_find(struct machine *m, const char *path);
int filemap_create(struct machine *m, const char *path, uint64_t size);
int filemap_unlink(struct machine *m, const char *path);
/* A shmem object of @size bytes, @accounted pages charged to vm_committed_as. */
struct address_space *shmem_file_setup(struct machine *m, uint64_t size, unsigned long accounted);
struct address_space *mapping_by_id(struct machine *m, unsigned int id);
/* Drop a mapping's reference: a shmem object or unlinked file goes with its last one. */
void mapping_put(struct machine *m, struct address_space *as);
void mapping_free(struct machine *m, struct address_space *as);
unsigned long filemap_lookup(struct address_space *as, unsigned long index);
int filemap_add_folio(struct machine *m, struct address_space *as, unsigned long index,
		      unsigned long *pfnp);
void page_cache_delete(struct machine *m, struct address_space *as, unsigned long pfn);
unsigned long file_pages(const struct address_space *as);
int filemap_fault(struct machine *m, struct address_space *as, struct file_ra_state *ra,
		  unsigned long index, unsigned long *pfnp, bool *major);
void filemap_mark_dirty(struct machine *m, struct address_space *as, unsigned long pfn);
int filemap_read(struct machine *m, struct address_space *as, struct file_ra_state *ra,
		 uint64_t pos, uint64_t len, uint64_t *done);
int generic_perform_write(struct machine *m, struct address_space *as, uint64_t pos, uint64_t len,
			  uint64_t *done, uint64_t *pause_ns);
int filemap_check(struct machine *m);
unsigned long shmem_accounted(struct machine *m);
void filemap_for_each(struct machine *m, void (*fn)(struct machine *, struct address_space *, void *),
		      void *arg);
int filemap_init(struct machine *m);
void filemap_destroy(struct machine *m);

/* readahead.c */
unsigned int ra_max_pages(const struct file_ra_state *ra);
void file_ra_state_init(struct file_ra_state *ra);
void page_cache_sync_ra(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			unsigned long index, unsigned long req);
void page_cache_async_ra(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			 unsigned long index, unsigned long req);
void page_cache_read_around(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			    unsigned long index);
void force_page_cache_ra(struct machine *m, struct address_space *as, struct file_ra_state *ra,
			 unsigned long index, unsigned long nr);

struct task_struct;
/* page_io.c: reads from the disk */
/* Read the @nr new pages of @as from @index with one bio; they stay locked until it completes. */
void read_pages(struct machine *m, struct address_space *as, unsigned long index, unsigned long nr);
/* The current task waits until page @pfn is read (state D until its bio completes). */
void filemap_wait_folio(struct machine *m, unsigned long pfn);
/* A direct write of [@pos, @pos + @len): cached pages written and dropped, then bios. */
int direct_write(struct machine *m, struct address_space *as, uint64_t pos, uint64_t len,
		 uint64_t *done);
/* The task waits @ns from now in state D (an I/O wait or a throttle). */
void task_io_wait(struct machine *m, struct task_struct *t, uint64_t ns);
/* When @t's I/O wait ends (ns; in the past when it does not wait). */
uint64_t task_io_wait_end(struct machine *m, const struct task_struct *t);

/* truncate.c */
void truncate_inode_pages_range(struct machine *m, struct address_space *as, unsigned long first);
int truncate_setsize(struct machine *m, struct address_space *as, uint64_t size);
bool filemap_end_truncated(struct machine *m, struct address_space *as, unsigned long pfn);
unsigned long invalidate_mapping_pages(struct machine *m, struct address_space *as,
				       unsigned long first, unsigned long last);
unsigned long filemap_drop_caches(struct machine *m);

/* fadvise.c: POSIX_FADV_* */
enum fadvise_advice {
	FADV_NORMAL = 0,
	FADV_RANDOM = 1,
	FADV_SEQUENTIAL = 2,
	FADV_WILLNEED = 3,
	FADV_DONTNEED = 4,
};
int generic_fadvise(struct machine *m, struct address_space *as, struct file_ra_state *ra,
		    uint64_t offset, uint64_t len, enum fadvise_advice advice);

/* read_write.c: the system calls of a task on files by path (see there for the accounting) */
struct task_struct;
int vfs_read(struct machine *m, struct task_struct *t, const char *path, uint64_t pos,
	     uint64_t len, uint64_t *done, uint64_t *wait_ns);
int vfs_write(struct machine *m, struct task_struct *t, const char *path, uint64_t pos,
	      uint64_t len, bool direct, uint64_t *done, uint64_t *wait_ns);
int vfs_fsync(struct machine *m, struct task_struct *t, const char *path, bool datasync,
	      uint64_t *wait_ns);
int ksys_sync(struct machine *m, struct task_struct *t, uint64_t *wait_ns);
int do_truncate(struct machine *m, const char *path, uint64_t size);
int do_unlinkat(struct machine *m, const char *path);
int vfs_fadvise(struct machine *m, struct task_struct *t, const char *path, uint64_t offset,
		uint64_t len, enum fadvise_advice advice);

#endif /* MM_FILEMAP_H */
