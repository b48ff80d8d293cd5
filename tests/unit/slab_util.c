// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the slab unit tests; see slab_util.h. */
#include <string.h>

#include "slab_util.h"

struct kmem_cache *cache(struct machine *m, const char *name)
{
	struct kmem_cache *s = kmem_cache_find(m, name);

	ck_assert_msg(s != NULL, "no cache %s", name);
	return s;
}

struct kmem_cache *create(struct machine *m, const char *name, unsigned int size,
			  unsigned int align, slab_flags_t flags)
{
	struct kmem_cache *s = NULL;

	ck_assert_int_eq(kmem_cache_create(m, name, size, align, flags, &s), 0);
	ck_machine_ok(m);
	return s;
}

uint64_t alloc1(struct machine *m, struct kmem_cache *s, gfp_t gfp)
{
	uint64_t addr;

	ck_assert_int_eq(kmem_cache_alloc(m, s, gfp, &addr), 0);
	return addr;
}

uint64_t kmalloc1(struct machine *m, size_t size, gfp_t gfp, struct kmalloc_where *w)
{
	uint64_t addr;

	ck_assert_int_eq(kmalloc(m, size, gfp, &addr, w), 0);
	ck_machine_ok(m);
	return addr;
}

long slab_bytes(struct machine *m, enum node_stat_item item)
{
	return (long)global_node_page_state(m, item);
}


