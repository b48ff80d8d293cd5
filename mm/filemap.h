/* SPDX-License-Identifier: GPL-2.0 */
/* The page cache and shmem objects (mm/filemap.c), for the engine's own use. */
#ifndef MM_FILEMAP_H
#define MM_FILEMAP_H

#include <stdbool.h>

#include "mm_types.h"

struct machine;

/* The file at @path, made on first use, at least @min_size bytes long. */
struct address_space *filemap_open(struct machine *m, const char *path, uint64_t min_size);
/* A shmem object of @size bytes, @accounted pages charged to vm_committed_as. */
struct address_space *shmem_file_setup(struct machine *m, uint64_t size, unsigned long accounted);
struct address_space *mapping_by_id(struct machine *m, unsigned int id);
/* Drop a mapping's reference: a shmem object goes with its last one. */
void mapping_put(struct machine *m, struct address_space *as);
unsigned long filemap_lookup(struct address_space *as, unsigned long index);
int filemap_fault(struct machine *m, struct address_space *as, struct file_ra_state *ra,
		  unsigned long index, unsigned long *pfnp, bool *major);
void filemap_mark_dirty(struct machine *m, struct address_space *as, unsigned long pfn);
unsigned long filemap_drop_caches(struct machine *m);
int filemap_check(struct machine *m);
unsigned long shmem_accounted(struct machine *m);
int filemap_init(struct machine *m);
void filemap_destroy(struct machine *m);

#endif /* MM_FILEMAP_H */
