/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the slab unit tests (test_slab, test_kmalloc). */
#ifndef TESTS_UNIT_SLAB_UTIL_H
#define TESTS_UNIT_SLAB_UTIL_H

#include <stdint.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/slab.h"
#include "testutil.h"

/* The cache called @name; fails the test if there is none. */
struct kmem_cache *cache(struct machine *m, const char *name);

/* kmem_cache_create() that must succeed, followed by machine_check(). */
struct kmem_cache *create(struct machine *m, const char *name, unsigned int size,
			  unsigned int align, slab_flags_t flags);

/* One object of @s, which must be allocated. */
uint64_t alloc1(struct machine *m, struct kmem_cache *s, gfp_t gfp);

/* kmalloc() that must succeed, followed by machine_check(). */
uint64_t kmalloc1(struct machine *m, size_t size, gfp_t gfp, struct kmalloc_where *w);

/* The machine's slab bytes of @item (NR_SLAB_RECLAIMABLE_B or NR_SLAB_UNRECLAIMABLE_B). */
long slab_bytes(struct machine *m, enum node_stat_item item);

#endif
