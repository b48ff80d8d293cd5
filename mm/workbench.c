// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel API workbench (see workbench.h): what sim/ctl's allocator
 * verbs hold, and the frees that take only that.
 *
 * Two tables: blocks by head PFN (value: order + 1), and objects and areas
 * by address (value: enum wb_kind). A free looks its handle up first; a
 * miss is refused before the engine could free someone else's memory. The
 * refusal still goes through the engine's own checks when the memory is
 * not live, so a double free gets the kernel's report for it.
 */
#include <errno.h>

#include "internal.h"
#include "slab.h"
#include "vmalloc.h"
#include "workbench.h"

enum wb_kind {
	WB_SLAB = 1,	/* a slab object or large kmalloc: kfree, kmem_cache_free, krealloc */
	WB_VMALLOC,	/* a vmalloc area, by its start: vfree */
};

struct workbench {
	GHashTable *pages;	/* head PFN -> order + 1 */
	GHashTable *objects;	/* address -> enum wb_kind */
};

static struct workbench *wb_get(struct machine *m)
{
	if (!m->workbench) {
		m->workbench = g_new0(struct workbench, 1);
		m->workbench->pages = g_hash_table_new(g_direct_hash, g_direct_equal);
		m->workbench->objects = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	}
	return m->workbench;
}

static void add_object(struct machine *m, uint64_t addr, enum wb_kind kind)
{
	uint64_t *key;

	if (ZERO_OR_NULL_PTR(addr))
		return;
	key = g_new(uint64_t, 1);
	*key = addr;
	g_hash_table_insert(wb_get(m)->objects, key, GINT_TO_POINTER(kind));
}

static enum wb_kind object_kind(struct machine *m, uint64_t addr)
{
	return (enum wb_kind)GPOINTER_TO_INT(g_hash_table_lookup(wb_get(m)->objects, &addr));
}

static void remove_object(struct machine *m, uint64_t addr)
{
	g_hash_table_remove(wb_get(m)->objects, &addr);
}

/* A live allocation that is someone else's: the kernel would free it and corrupt its holder. */
static int not_ours(struct machine *m, const char *func, uint64_t addr, const char *holder)
{
	pr_err(m, "BUG: %s: 0x%llx is held by %s, not by the caller; not freed", func,
	       (unsigned long long)addr, holder);
	return -EINVAL;
}

/* ---------------------------------------------------------------- pages */

/**
 * wb_alloc_pages - alloc_pages_node() for sim/ctl, remembered so only wb_free_pages() frees it
 *
 * @nid -1 for any node; the block's PFN in *@pfn.
 */
int wb_alloc_pages(struct machine *m, int nid, gfp_t gfp, unsigned int order,
		   unsigned long *pfn)
{
	STACK_FRAME(m);
	int err = alloc_pages_node(m, nid, gfp, order, pfn);

	if (!err)
		g_hash_table_insert(wb_get(m)->pages, GSIZE_TO_POINTER(*pfn),
				    GUINT_TO_POINTER(order + 1));
	return err;
}

static unsigned int held_order(struct machine *m, unsigned long pfn)
{
	return GPOINTER_TO_UINT(g_hash_table_lookup(wb_get(m)->pages, GSIZE_TO_POINTER(pfn)));
}

/**
 * wb_pages_held - would wb_free_pages() take the block at @pfn of @order?
 */
bool wb_pages_held(struct machine *m, unsigned long pfn, unsigned int order)
{
	return held_order(m, pfn) == order + 1;
}

/**
 * wb_free_pages - __free_pages() of a block the workbench holds, at the
 * order it was allocated with. Anything else gets free_page_is_bad()'s
 * report: a free page as the double free it is, a page inside a block or
 * a block of another order as the wrong free, a live block of another
 * holder (a slab, a vmalloc area, a page table) as not ours.
 */
int wb_free_pages(struct machine *m, unsigned long pfn, unsigned int order)
{
	unsigned int held = held_order(m, pfn);
	unsigned long head;
	unsigned int o;
	int mt;
	char why[96];

	if (held == order + 1) {
		g_hash_table_remove(m->workbench->pages, GSIZE_TO_POINTER(pfn));
		__free_pages(m, pfn, order);
		return 0;
	}
	switch (pfn_state(m, pfn, &head, &o, &mt)) {
	case PAGE_STATE_FREE:
		g_snprintf(why, sizeof(why), "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
		break;
	case PAGE_STATE_ALLOCATED:
		if (held)
			g_snprintf(why, sizeof(why), "freed as order %u, allocated as order %u",
				   order, held - 1);
		else if (head != pfn)
			g_snprintf(why, sizeof(why), "a tail page of the order-%u block at pfn %#lx",
				   o, head);
		else
			g_snprintf(why, sizeof(why), "not allocated by the caller");
		break;
	default:
		g_snprintf(why, sizeof(why), "PageReserved(page)");
		break;
	}
	bad_page(m, pfn, why);
	return -EINVAL;
}

/* ---------------------------------------------------------------- kmalloc and caches */

/**
 * wb_kmalloc - kmalloc() for sim/ctl (kzalloc, kmalloc_array and kcalloc come here), remembered
 */
int wb_kmalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr,
	       struct kmalloc_where *where)
{
	STACK_FRAME(m);
	int err = kmalloc(m, size, gfp, addr, where);

	if (!err)
		add_object(m, *addr, WB_SLAB);
	return err;
}

/*
 * May @func free @addr? 0: it is a slab object of ours; -EINVAL, reported:
 * it is a live object of someone else's; 1: it is no live object at all,
 * so the engine's call refuses it with the kernel's own report and errno
 * (EINVAL for a double free, EFAULT outside the direct map ...): the
 * caller makes that call and returns what it says.
 */
static int check_slab_handle(struct machine *m, uint64_t addr, const char *func)
{
	struct kmem_cache *s;

	if (object_kind(m, addr) == WB_SLAB)
		return 0;
	if (kmem_obj_info(m, addr, &s))
		return not_ours(m, func, addr, s ? s->name : "a large kmalloc");
	return 1;
}

/**
 * wb_kfree - kfree() of a workbench slab object or large kmalloc; other addresses go on to kfree()
 */
int wb_kfree(struct machine *m, uint64_t addr)
{
	int err;

	if (ZERO_OR_NULL_PTR(addr))
		return 0;
	err = check_slab_handle(m, addr, "kfree");
	if (err)
		return err > 0 ? kfree(m, addr) : err;
	err = kfree(m, addr);
	if (!err)
		remove_object(m, addr);
	return err;
}

/**
 * wb_krealloc - krealloc() of a workbench object, or of NULL/ZERO_SIZE_PTR
 */
int wb_krealloc(struct machine *m, uint64_t addr, size_t size, gfp_t gfp, uint64_t *new_addr,
		struct kmalloc_where *where)
{
	STACK_FRAME(m);
	int err = ZERO_OR_NULL_PTR(addr) ? 0 : check_slab_handle(m, addr, "krealloc");

	if (err)
		return err > 0 ? krealloc(m, addr, size, gfp, new_addr, where) : err;
	err = krealloc(m, addr, size, gfp, new_addr, where);
	if (err || *new_addr == addr)
		return err;
	if (!ZERO_OR_NULL_PTR(addr))
		remove_object(m, addr);
	add_object(m, *new_addr, WB_SLAB);
	return 0;
}

/**
 * wb_kmem_cache_alloc - kmem_cache_alloc() from @s for sim/ctl, remembered
 */
int wb_kmem_cache_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, uint64_t *addr)
{
	STACK_FRAME(m);
	int err = kmem_cache_alloc(m, s, gfp, addr);

	if (!err)
		add_object(m, *addr, WB_SLAB);
	return err;
}

/**
 * wb_kmem_cache_free - An object of ours freed into the wrong cache is still refused by the
 * engine's cache_from_obj() check, with its warning.
 */
int wb_kmem_cache_free(struct machine *m, struct kmem_cache *s, uint64_t addr)
{
	int err = check_slab_handle(m, addr, "kmem_cache_free");

	if (err)
		return err > 0 ? kmem_cache_free(m, s, addr) : err;
	err = kmem_cache_free(m, s, addr);
	if (!err)
		remove_object(m, addr);
	return err;
}

/* ---------------------------------------------------------------- vmalloc */

/**
 * wb_vmalloc - __vmalloc() for sim/ctl, remembered with @caller
 */
int wb_vmalloc(struct machine *m, size_t size, gfp_t gfp, const char *caller, uint64_t *addr)
{
	STACK_FRAME(m);
	int err = __vmalloc(m, size, gfp, caller, addr);

	if (!err)
		add_object(m, *addr, WB_VMALLOC);
	return err;
}

/**
 * wb_vfree - vfree() of any address inside a workbench area, as the kernel's
 */
int wb_vfree(struct machine *m, uint64_t addr)
{
	const struct vmap_area *va;
	uint64_t start;
	int err;

	if (!addr)
		return 0;
	va = (addr & (PAGE_SIZE - 1)) ? NULL : find_vmap_area(m, addr);
	if (!va || object_kind(m, va->va_start) != WB_VMALLOC) {
		if (va)
			return not_ours(m, "vfree", addr, va->owner ? "another area (its page array)" :
								      "another vmalloc caller");
		vfree(m, addr);		/* its WARN for a bad or nonexistent area */
		return -EINVAL;
	}
	start = va->va_start;
	err = vfree(m, addr);
	if (!err)
		remove_object(m, start);
	return err;
}

/**
 * wb_kvmalloc - kvmalloc() for sim/ctl; *@vmalloced says which allocator served it
 */
int wb_kvmalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr, bool *vmalloced,
		struct kmalloc_where *where)
{
	STACK_FRAME(m);
	bool v = false;
	int err = kvmalloc(m, size, gfp, addr, &v, where);

	if (!err)
		add_object(m, *addr, v ? WB_VMALLOC : WB_SLAB);
	if (vmalloced)
		*vmalloced = v;
	return err;
}

/**
 * wb_kvfree - kvfree() of a workbench kvmalloc or kmalloc
 */
int wb_kvfree(struct machine *m, uint64_t addr)
{
	return is_vmalloc_addr(m, addr) ? wb_vfree(m, addr) : wb_kfree(m, addr);
}

/* ---------------------------------------------------------------- machine */

/**
 * workbench_destroy - forget every handle (the memory goes with the machine)
 */
void workbench_destroy(struct machine *m)
{
	if (!m->workbench)
		return;
	g_hash_table_destroy(m->workbench->pages);
	g_hash_table_destroy(m->workbench->objects);
	g_clear_pointer(&m->workbench, g_free);
}

/**
 * workbench_check - every handle is live: each block allocated at its
 * order, each object a live slab object or large kmalloc, each area the
 * start of a vmalloc area. The part of machine_check() for sim/ctl.
 */
int workbench_check(struct machine *m)
{
	struct workbench *wb = m->workbench;
	GHashTableIter it;
	gpointer k, v;
	int bad = 0;

	if (!wb)
		return 0;
	g_hash_table_iter_init(&it, wb->pages);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		unsigned long pfn = GPOINTER_TO_SIZE(k), head;
		unsigned int order;
		int mt;

		if (pfn_state(m, pfn, &head, &order, &mt) != PAGE_STATE_ALLOCATED || head != pfn ||
		    order + 1 != GPOINTER_TO_UINT(v)) {
			pr_err(m, "BUG: workbench: pfn %#lx is no allocated block of order %u", pfn,
			       GPOINTER_TO_UINT(v) - 1);
			bad++;
		}
	}
	g_hash_table_iter_init(&it, wb->objects);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		uint64_t addr = *(uint64_t *)k;
		const struct vmap_area *va;
		struct kmem_cache *s;
		bool live;

		if (GPOINTER_TO_INT(v) == WB_VMALLOC) {
			va = find_vmap_area(m, addr);
			live = va && va->va_start == addr && !va->owner;
		} else {
			live = kmem_obj_info(m, addr, &s);
		}
		if (!live) {
			pr_err(m, "BUG: workbench: 0x%llx is no live %s", (unsigned long long)addr,
			       GPOINTER_TO_INT(v) == WB_VMALLOC ? "vmalloc area" : "slab object");
			bad++;
		}
	}
	return bad;
}
