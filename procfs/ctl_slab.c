// SPDX-License-Identifier: GPL-2.0
/*
 * sim/ctl verbs of the kernel's object allocators, named as the API is:
 * the kmalloc family, kmem_cache_*, vmalloc and kvmalloc. A reply line says
 * where the memory came from (cache, order and zone, or vmalloc) and how
 * many bytes beyond the request it took.
 */
#include <errno.h>
#include <string.h>

#include "ctl.h"
#include "mm/internal.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "mm/workbench.h"
#include "seq.h"

static const struct {
	const char *name;
	slab_flags_t flag;
} slab_flag_names[] = {
	{ "SLAB_CONSISTENCY_CHECKS",	SLAB_CONSISTENCY_CHECKS },
	{ "SLAB_RED_ZONE",		SLAB_RED_ZONE },
	{ "SLAB_POISON",		SLAB_POISON },
	{ "SLAB_HWCACHE_ALIGN",		SLAB_HWCACHE_ALIGN },
	{ "SLAB_CACHE_DMA",		SLAB_CACHE_DMA },
	{ "SLAB_CACHE_DMA32",		SLAB_CACHE_DMA32 },
	{ "SLAB_STORE_USER",		SLAB_STORE_USER },
	{ "SLAB_RECLAIM_ACCOUNT",	SLAB_RECLAIM_ACCOUNT },
	{ "SLAB_PANIC",			SLAB_PANIC },
	{ "SLAB_TYPESAFE_BY_RCU",	SLAB_TYPESAFE_BY_RCU },
	{ "SLAB_ACCOUNT",		SLAB_ACCOUNT },
};

static int parse_slab_flags(const char *s, slab_flags_t *out)
{
	g_auto(GStrv) parts = g_strsplit(s, "|", -1);

	*out = 0;
	if (!*s)
		return -EINVAL;
	for (int i = 0; parts[i]; i++) {
		bool found = false;

		for (size_t n = 0; n < G_N_ELEMENTS(slab_flag_names) && !found; n++) {
			if (!strcmp(g_strstrip(parts[i]), slab_flag_names[n].name)) {
				*out |= slab_flag_names[n].flag;
				found = true;
			}
		}
		if (!found)
			return -EINVAL;
	}
	return 0;
}

/* A size argument: bytes, or with a K/M/G suffix. */
static int arg_size(struct ctl_args *a, int i, const char *what, size_t *out)
{
	unsigned long long v;

	if (i >= a->argc)
		return ctl_fail(a, -EINVAL, "missing %s", what);
	if (parse_size(a->argv[i], &v) || v > (unsigned long long)SIZE_MAX)
		return ctl_fail(a, -EINVAL, "bad %s '%s'", what, a->argv[i]);
	*out = (size_t)v;
	return 0;
}

static int arg_addr(struct ctl_args *a, int i, uint64_t *out)
{
	unsigned long v;

	if (i >= a->argc)
		return ctl_fail(a, -EINVAL, "missing address");
	if (ctl_parse_ulong(a->argv[i], ~0UL, &v))
		return ctl_fail(a, -EINVAL, "bad address '%s'", a->argv[i]);
	*out = v;
	return 0;
}

/* @args: the positional part of the usage, after the verb */
static int args_exactly(struct ctl_args *a, int n, const char *args)
{
	if (a->argc != n)
		return ctl_fail(a, -EINVAL, "usage: %s %s", a->verb, args);
	return 0;
}

static struct kmem_cache *arg_cache(struct ctl_args *a, int i)
{
	struct kmem_cache *s = i < a->argc ? kmem_cache_find(a->m, a->argv[i]) : NULL;

	if (!s)
		ctl_fail(a, -ENOENT, "no cache named '%s'", i < a->argc ? a->argv[i] : "");
	return s;
}

/* " node=N zone=Z" of the page holding a direct-map address */
static void reply_zone(struct ctl_args *a, uint64_t addr)
{
	long pfn = virt_to_pfn(a->m, addr);
	const struct zone *z = pfn >= 0 ? page_zone_pfn(a->m, (unsigned long)pfn) : NULL;

	if (z)
		g_string_append_printf(a->reply, " node=%d zone=%s", z->zone_pgdat->node_id, z->name);
}

static void reply_kmalloc(struct ctl_args *a, uint64_t addr, size_t request,
			  const struct kmalloc_where *w)
{
	if (!ctl_reply_line(a))
		return;
	g_string_append_printf(a->reply, "%#" G_GINT64_MODIFIER "x", addr);
	if (addr == ZERO_SIZE_PTR) {
		g_string_append(a->reply, " ZERO_SIZE_PTR\n");
		return;
	}
	if (w->cache)
		g_string_append_printf(a->reply, " cache=%s size=%u", w->cache->name, w->cache->size);
	else
		g_string_append_printf(a->reply, " order=%u size=%lu", w->order, PAGE_SIZE << w->order);
	g_string_append_printf(a->reply, " waste=%zu", w->waste);
	reply_zone(a, addr);
	g_string_append_c(a->reply, '\n');
}

static void reply_vmalloc(struct ctl_args *a, uint64_t addr, size_t request)
{
	/* the area's own count: a huge-page-backed kvmalloc takes whole 2 MiB blocks */
	const struct vmap_area *va = find_vmap_area(a->m, addr);
	size_t pages = va ? va->nr_pages : 0;

	if (!ctl_reply_line(a))
		return;
	g_string_append_printf(a->reply, "%#" G_GINT64_MODIFIER "x vmalloc pages=%zu waste=%zu\n",
			       addr, pages, pages * PAGE_SIZE - request);
}

static int alloc_failed(struct ctl_args *a, int err, unsigned long i, unsigned long count)
{
	g_string_append_printf(a->reply, "%s: allocation %lu of %lu failed: %s\n", a->verb, i + 1,
			       count, g_strerror(-err));
	return err;
}

/* kmalloc/kzalloc SIZE, kmalloc_array/kcalloc N SIZE: [gfp=] [count=] */
static int do_kmalloc(struct ctl_args *a, bool array, gfp_t extra)
{
	unsigned long count;
	size_t n = 1, size;
	gfp_t gfp;
	int err;

	if ((err = ctl_key_count(a, &count)) ||
	    (err = ctl_key_gfp(a, GFP_KERNEL, &gfp)) ||
	    (err = args_exactly(a, array ? 2 : 1, array ? "N SIZE" : "SIZE")))
		return err;
	if (array && (err = arg_size(a, 0, "count of elements", &n)))
		return err;
	if ((err = arg_size(a, array ? 1 : 0, "size", &size)))
		return err;
	/* kmalloc_array: a product that overflows is a failed allocation */
	if (size && n > SIZE_MAX / size)
		return ctl_fail(a, -ENOMEM, "%zu * %zu overflows size_t", n, size);

	for (unsigned long i = 0; i < count; i++) {
		struct kmalloc_where w = { 0 };
		uint64_t addr;

		err = wb_kmalloc(a->m, n * size, gfp | extra, &addr, &w);
		if (err)
			return alloc_failed(a, err, i, count);
		reply_kmalloc(a, addr, n * size, &w);
	}
	return 0;
}

static int ctl_kmalloc(struct ctl_args *a) { return do_kmalloc(a, false, 0); }
static int ctl_kzalloc(struct ctl_args *a) { return do_kmalloc(a, false, __GFP_ZERO); }
static int ctl_kmalloc_array(struct ctl_args *a) { return do_kmalloc(a, true, 0); }
static int ctl_kcalloc(struct ctl_args *a) { return do_kmalloc(a, true, __GFP_ZERO); }

/* krealloc ADDR SIZE [gfp=] */
static int ctl_krealloc(struct ctl_args *a)
{
	struct kmalloc_where w = { 0 };
	uint64_t addr, new_addr;
	size_t size;
	gfp_t gfp;
	int err;

	if ((err = ctl_key_gfp(a, GFP_KERNEL, &gfp)) ||
	    (err = args_exactly(a, 2, "ADDR SIZE")) ||
	    (err = arg_addr(a, 0, &addr)) || (err = arg_size(a, 1, "size", &size)))
		return err;
	err = wb_krealloc(a->m, addr, size, gfp, &new_addr, &w);
	if (err)
		return ctl_fail(a, err, "cannot resize %s to %zu bytes", a->argv[0], size);
	reply_kmalloc(a, new_addr, size, &w);
	return 0;
}

/*
 * The frees take one address: the engine refuses a bad one with nothing
 * changed, so the command as a whole does too.
 */
static int do_free(struct ctl_args *a, int (*fn)(struct machine *, uint64_t), const char *what)
{
	uint64_t addr;
	int err;

	if ((err = args_exactly(a, 1, "ADDR")) || (err = arg_addr(a, 0, &addr)))
		return err;
	err = fn(a->m, addr);
	if (err)
		return ctl_fail(a, err, "%s is not %s (see the kernel log)", a->argv[0], what);
	return 0;
}

/* kfree_sensitive would zero the bytes first; there are none */
static int ctl_kfree(struct ctl_args *a) { return do_free(a, wb_kfree, "a kmalloc object of ours"); }

/* ksize ADDR */
static int ctl_ksize(struct ctl_args *a)
{
	uint64_t addr;
	long size;
	int err;

	if ((err = args_exactly(a, 1, "ADDR")) || (err = arg_addr(a, 0, &addr)))
		return err;
	size = ksize(a->m, addr);
	if (size < 0)
		return ctl_fail(a, (int)size, "%s is not a live kmalloc object", a->argv[0]);
	g_string_append_printf(a->reply, "%ld\n", size);
	return 0;
}

/* kmem_cache_create NAME SIZE [align=N] [flags=SLAB_...|...] */
static int ctl_kmem_cache_create(struct ctl_args *a)
{
	const char *fs = ctl_key(a, "flags");
	slab_flags_t flags = 0;
	unsigned long align;
	struct kmem_cache *s;
	size_t size;
	int err;

	if ((err = ctl_key_ulong(a, "align", 0, PAGE_SIZE, &align)) ||
	    (err = args_exactly(a, 2, "NAME SIZE [align=N] [flags=...]")) ||
	    (err = arg_size(a, 1, "size", &size)))
		return err;
	if (align & (align - 1))
		return ctl_fail(a, -EINVAL, "align %lu is not a power of two", align);
	if (fs && parse_slab_flags(fs, &flags))
		return ctl_fail(a, -EINVAL, "bad flags '%s': SLAB_* names joined by '|'", fs);
	if (size > UINT32_MAX)
		return ctl_fail(a, -EINVAL, "size %zu is too large for a cache", size);
	err = kmem_cache_create(a->m, a->argv[0], (unsigned int)size, (unsigned int)align, flags, &s);
	if (err)
		return ctl_fail(a, err, "cannot create '%s' (see the kernel log)", a->argv[0]);
	g_string_append_printf(a->reply, "%s object_size=%u size=%u align=%u objects=%u order=%u\n",
			       s->name, s->object_size, s->size, s->align, s->objects, s->order);
	return 0;
}

/* kmem_cache_alloc NAME [gfp=] [count=] */
static int ctl_kmem_cache_alloc(struct ctl_args *a)
{
	struct kmem_cache *s;
	unsigned long count;
	gfp_t gfp;
	int err;

	if ((err = ctl_key_count(a, &count)) ||
	    (err = ctl_key_gfp(a, GFP_KERNEL, &gfp)) ||
	    (err = args_exactly(a, 1, "NAME [gfp=] [count=]")))
		return err;
	if (!(s = arg_cache(a, 0)))
		return -ENOENT;
	for (unsigned long i = 0; i < count; i++) {
		uint64_t addr;

		err = wb_kmem_cache_alloc(a->m, s, gfp, &addr);
		if (err)
			return alloc_failed(a, err, i, count);
		if (!ctl_reply_line(a))
			continue;
		g_string_append_printf(a->reply, "%#" G_GINT64_MODIFIER "x cache=%s size=%u waste=%u",
				       addr, s->name, s->size, s->size - s->object_size);
		reply_zone(a, addr);
		g_string_append_c(a->reply, '\n');
	}
	return 0;
}

/* kmem_cache_free NAME ADDR */
static int ctl_kmem_cache_free(struct ctl_args *a)
{
	struct kmem_cache *s;
	uint64_t addr;
	int err;

	if ((err = args_exactly(a, 2, "NAME ADDR")) || (err = arg_addr(a, 1, &addr)))
		return err;
	if (!(s = arg_cache(a, 0)))
		return -ENOENT;
	err = wb_kmem_cache_free(a->m, s, addr);
	if (err)
		return ctl_fail(a, err, "%s is not an object of %s we hold (see the kernel log)",
				a->argv[1], s->name);
	return 0;
}

/* The verbs that take a cache's name and nothing else. */
static struct kmem_cache *only_cache(struct ctl_args *a, const char *usage, int *err)
{
	struct kmem_cache *s;

	*err = args_exactly(a, 1, usage);
	if (*err)
		return NULL;
	s = arg_cache(a, 0);
	if (!s)
		*err = -ENOENT;
	return s;
}

/* kmem_cache_shrink NAME */
static int ctl_kmem_cache_shrink(struct ctl_args *a)
{
	int err;
	struct kmem_cache *s = only_cache(a, "NAME", &err);

	if (s)
		g_string_append_printf(a->reply, "%lu slabs freed\n", kmem_cache_shrink(a->m, s));
	return err;
}

/* kmem_cache_destroy NAME */
static int ctl_kmem_cache_destroy(struct ctl_args *a)
{
	int err;
	struct kmem_cache *s = only_cache(a, "NAME", &err);

	if (!s)
		return err;
	err = kmem_cache_destroy(a->m, s);
	if (err == -EPERM)
		return ctl_fail(a, err, "'%s' is one of the kernel's own caches", a->argv[0]);
	if (err)
		return ctl_fail(a, err, "'%s' still has objects (see the kernel log)", a->argv[0]);
	return 0;
}

/* The arguments of the VERB SIZE [gfp=] [count=] allocators. */
static int size_args(struct ctl_args *a, size_t *size, gfp_t *gfp, unsigned long *count)
{
	int err;

	if ((err = ctl_key_count(a, count)) || (err = ctl_key_gfp(a, GFP_KERNEL, gfp)) ||
	    (err = args_exactly(a, 1, "SIZE [gfp=] [count=]")))
		return err;
	return arg_size(a, 0, "size", size);
}

/* vmalloc/vzalloc SIZE [gfp=] [count=] */
static int do_vmalloc(struct ctl_args *a, gfp_t extra)
{
	unsigned long count;
	size_t size;
	gfp_t gfp;
	int err;

	if ((err = size_args(a, &size, &gfp, &count)))
		return err;
	for (unsigned long i = 0; i < count; i++) {
		uint64_t addr;

		err = wb_vmalloc(a->m, size, gfp | extra, a->verb, &addr);
		if (err)
			return alloc_failed(a, err, i, count);
		reply_vmalloc(a, addr, size);
	}
	return 0;
}

static int ctl_vmalloc(struct ctl_args *a) { return do_vmalloc(a, 0); }
static int ctl_vzalloc(struct ctl_args *a) { return do_vmalloc(a, __GFP_ZERO); }

static int ctl_vfree(struct ctl_args *a) { return do_free(a, wb_vfree, "a vmalloc area of ours"); }
static int ctl_kvfree(struct ctl_args *a)
{
	return do_free(a, wb_kvfree, "a kvmalloc allocation of ours");
}

/* kvmalloc SIZE [gfp=] [count=] */
static int ctl_kvmalloc(struct ctl_args *a)
{
	unsigned long count;
	size_t size;
	gfp_t gfp;
	int err;

	if ((err = size_args(a, &size, &gfp, &count)))
		return err;
	for (unsigned long i = 0; i < count; i++) {
		struct kmalloc_where w = { 0 };
		bool vmalloced = false;
		uint64_t addr;

		err = wb_kvmalloc(a->m, size, gfp, &addr, &vmalloced, &w);
		if (err)
			return alloc_failed(a, err, i, count);
		if (vmalloced)
			reply_vmalloc(a, addr, size);
		else
			reply_kmalloc(a, addr, size, &w);
	}
	return 0;
}

const struct ctl_verb slab_verbs[] = {
	{ "kmalloc", ctl_kmalloc, "gfp count", "kmalloc SIZE [gfp=FLAGS] [count=N]", CTL_ADMIN },
	{ "kzalloc", ctl_kzalloc, "gfp count", "kzalloc SIZE [gfp=FLAGS] [count=N]", CTL_ADMIN },
	{ "kmalloc_array", ctl_kmalloc_array, "gfp count", "kmalloc_array N SIZE [gfp=FLAGS] [count=N]", CTL_ADMIN },
	{ "kcalloc", ctl_kcalloc, "gfp count", "kcalloc N SIZE [gfp=FLAGS] [count=N]", CTL_ADMIN },
	{ "krealloc", ctl_krealloc, "gfp", "krealloc ADDR SIZE [gfp=FLAGS]", CTL_ADMIN },
	{ "kfree", ctl_kfree, "", "kfree ADDR", CTL_ADMIN },
	{ "kfree_sensitive", ctl_kfree, "", "kfree_sensitive ADDR", CTL_ADMIN },
	{ "ksize", ctl_ksize, "", "ksize ADDR", CTL_ADMIN },
	{ "kmem_cache_create", ctl_kmem_cache_create, "align flags",
	  "kmem_cache_create NAME SIZE [align=N] [flags=SLAB_HWCACHE_ALIGN|...]", CTL_ADMIN },
	{ "kmem_cache_alloc", ctl_kmem_cache_alloc, "gfp count",
	  "kmem_cache_alloc NAME [gfp=FLAGS] [count=N]", CTL_ADMIN },
	{ "kmem_cache_free", ctl_kmem_cache_free, "", "kmem_cache_free NAME ADDR", CTL_ADMIN },
	{ "kmem_cache_shrink", ctl_kmem_cache_shrink, "", "kmem_cache_shrink NAME", CTL_ADMIN },
	{ "kmem_cache_destroy", ctl_kmem_cache_destroy, "", "kmem_cache_destroy NAME", CTL_ADMIN },
	{ "vmalloc", ctl_vmalloc, "gfp count", "vmalloc SIZE [gfp=FLAGS] [count=N]", CTL_ADMIN },
	{ "vzalloc", ctl_vzalloc, "gfp count", "vzalloc SIZE [gfp=FLAGS] [count=N]", CTL_ADMIN },
	{ "vfree", ctl_vfree, "", "vfree ADDR", CTL_ADMIN },
	{ "kvmalloc", ctl_kvmalloc, "gfp count", "kvmalloc SIZE [gfp=FLAGS] [count=N]", CTL_ADMIN },
	{ "kvfree", ctl_kvfree, "", "kvfree ADDR", CTL_ADMIN },
	{ NULL }
};
