/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel API workbench: the simulated driver behind sim/ctl's
 * alloc_pages, kmalloc, kmem_cache_alloc, vmalloc, kvmalloc and their frees.
 *
 * A driver frees only what it allocated. The workbench keeps every block,
 * object and area it holds, and its frees take nothing else: a page of a
 * vmalloc area, a boot object of the dentry cache, a block already given
 * back. Those are refused with a report in the kernel log and nothing
 * changes: memory that is no live allocation gets the kernel's own report
 * and errno for that bad free (EINVAL for a double free, EFAULT for an
 * address outside the direct map); memory that is live but someone else's,
 * which the kernel cannot tell, gets -EINVAL and a BUG line naming the
 * holder.
 */
#ifndef MM_WORKBENCH_H
#define MM_WORKBENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "gfp.h"

struct machine;
struct kmem_cache;
struct kmalloc_where;

/* alloc_pages_node(), remembered; @nid -1 for any node */
int wb_alloc_pages(struct machine *m, int nid, gfp_t gfp, unsigned int order,
		   unsigned long *pfn);
/* __free_pages() of a block wb_alloc_pages() gave, with its order */
int wb_free_pages(struct machine *m, unsigned long pfn, unsigned int order);
/* Would wb_free_pages() take it? (free_pages checks every block before freeing any) */
bool wb_pages_held(struct machine *m, unsigned long pfn, unsigned int order);

/* kmalloc() (kzalloc, kmalloc_array and kcalloc come here with their size and flags) */
int wb_kmalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr,
	       struct kmalloc_where *where);
/* krealloc() of a workbench object, or of NULL/ZERO_SIZE_PTR */
int wb_krealloc(struct machine *m, uint64_t addr, size_t size, gfp_t gfp, uint64_t *new_addr,
		struct kmalloc_where *where);
/* kfree() (and kfree_sensitive) of a workbench slab object or large kmalloc */
int wb_kfree(struct machine *m, uint64_t addr);
int wb_kmem_cache_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, uint64_t *addr);
int wb_kmem_cache_free(struct machine *m, struct kmem_cache *s, uint64_t addr);

/* __vmalloc(); vfree() of any address inside a workbench area, as the kernel's */
int wb_vmalloc(struct machine *m, size_t size, gfp_t gfp, const char *caller, uint64_t *addr);
int wb_vfree(struct machine *m, uint64_t addr);
int wb_kvmalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr, bool *vmalloced,
		struct kmalloc_where *where);
int wb_kvfree(struct machine *m, uint64_t addr);

void workbench_destroy(struct machine *m);
/* Every handle is live: a block of its order, a slab object, an area's start. */
int workbench_check(struct machine *m);

#endif /* MM_WORKBENCH_H */
