// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc and kvmalloc: the vmalloc range of each architecture, addresses
 * first fit with a guard page after each area, order-0 pages taken from the
 * smallest free blocks first (exact free-area counts), every page back on
 * vfree, the kernel's WARNs and allocation-failure lines, failure midway
 * leaving nothing behind, kvmalloc's kmalloc-first rule and its vmalloc
 * fallback (PMD-backed on x86_64), HighMem pages on i386, VmallocUsed in
 * meminfo. machine_check() runs after every step.
 *
 * The page array of an area comes from kmalloc; tests that count pages
 * exactly first make sure the kmalloc cache has a free object, so that no
 * slab page is taken in the middle of the count.
 */
#include <errno.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "testutil.h"

#define SZ_1M		(1UL << 20)
#define VMALLOC_GFP	(GFP_KERNEL | __GFP_HIGHMEM)

static struct zone *zone_of(struct machine *m, enum zone_type type)
{
	pg_data_t *pgdat = NODE_DATA(m, 0);

	for (int i = 0; i < pgdat->nr_zones; i++)
		if (pgdat->node_zones[i].type == type)
			return &pgdat->node_zones[i];
	ck_abort_msg("no zone %d", type);
	return NULL;
}

static unsigned long slab_pages(struct machine *m)
{
	return global_node_page_state_pages(m, NR_SLAB_RECLAIMABLE_B) +
	       global_node_page_state_pages(m, NR_SLAB_UNRECLAIMABLE_B);
}

static const struct vmap_area *area_at(struct machine *m, uint64_t addr)
{
	const struct vmap_area *va = find_vmap_area(m, addr);

	ck_assert_msg(va && va->va_start == addr, "no area at %#lx", (unsigned long)addr);
	return va;
}

static unsigned long nr_areas(struct machine *m)
{
	return g_list_length(vmap_areas(m));
}

/*
 * Leave a free object in the kmalloc cache of @size, so that the next
 * kmalloc of that size takes no page; the objects are kept in @keep.
 */
static void prime_kmalloc(struct machine *m, size_t size, GArray *keep)
{
	for (int i = 0; i < 4; i++) {
		struct kmalloc_where w = { 0 };
		uint64_t addr;

		ck_assert_int_eq(kmalloc(m, size, GFP_KERNEL | __GFP_ZERO, &addr, &w), 0);
		g_array_append_val(keep, addr);
		if (!w.cache || w.cache->nr_inuse < w.cache->nr_objects)
			return;
	}
	ck_abort_msg("kmalloc-%zu never has a free object", size);
}

static void free_kept(struct machine *m, GArray *keep)
{
	for (guint i = 0; i < keep->len; i++)
		ck_assert_int_eq(kfree(m, g_array_index(keep, uint64_t, i)), 0);
	g_array_set_size(keep, 0);
	ck_machine_ok(m);
}

/* Allocate order-0 pages with @gfp until the allocator says no. */
static GArray *drain(struct machine *m, gfp_t gfp)
{
	GArray *pfns = g_array_new(FALSE, FALSE, sizeof(unsigned long));
	unsigned long pfn;

	while (alloc_pages_node(m, -1, gfp | __GFP_NOWARN, 0, &pfn) == 0)
		g_array_append_val(pfns, pfn);
	ck_machine_ok(m);
	return pfns;
}

static void free_all(struct machine *m, GArray *pfns)
{
	for (guint i = 0; i < pfns->len; i++)
		ck_assert_int_eq(__free_pages(m, g_array_index(pfns, unsigned long, i), 0), 0);
	g_array_free(pfns, TRUE);
	ck_machine_ok(m);
}

/* Free the odd pages whose even buddy stays allocated: isolated order-0 holes. */
static GArray *punch_holes(struct machine *m, GArray *pfns)
{
	g_autoptr(GHashTable) set = g_hash_table_new(NULL, NULL);
	GArray *kept = g_array_new(FALSE, FALSE, sizeof(unsigned long));
	GArray *holes = g_array_new(FALSE, FALSE, sizeof(unsigned long));

	for (guint i = 0; i < pfns->len; i++)
		g_hash_table_add(set, GUINT_TO_POINTER(g_array_index(pfns, unsigned long, i)));
	for (guint i = 0; i < pfns->len; i++) {
		unsigned long pfn = g_array_index(pfns, unsigned long, i);

		if ((pfn & 1) && g_hash_table_contains(set, GUINT_TO_POINTER(pfn - 1))) {
			ck_assert_int_eq(__free_pages(m, pfn, 0), 0);
			g_array_append_val(holes, pfn);
		} else {
			g_array_append_val(kept, pfn);
		}
	}
	g_array_free(pfns, TRUE);
	ck_machine_ok(m);
	g_array_free(holes, TRUE);
	return kept;
}

/* ---------------------------------------------------------------- layout */

START_TEST(test_layout)
{
	struct machine *m = boot_bare("default");
	g_autofree char *meminfo = render(m, "proc/meminfo");

	ck_assert_uint_eq(vmalloc_start(m), 0xffffc90000000000ULL);
	ck_assert_uint_eq(vmalloc_end(m), 0xffffe8ffffffffffULL);
	ck_assert_ptr_nonnull(strstr(meminfo, "VmallocTotal:   34359738367 kB\n"));
	ck_assert_ptr_nonnull(strstr(meminfo, "VmallocUsed:           0 kB\n"));
	ck_assert(is_vmalloc_addr(m, 0xffffc90000000000ULL));
	ck_assert(!is_vmalloc_addr(m, 0xffffe8ffffffffffULL));
	ck_assert(!is_vmalloc_addr(m, m->page_offset));
	ck_assert_uint_eq(nr_areas(m), 0);
	ck_machine_ok(m);
	machine_free(m);

	/* i386 PAE, 896 MiB of lowmem: high_memory + 8 MiB up to two pages below pkmap */
	m = boot_bare("i386-highmem");
	g_free(meminfo);
	meminfo = render(m, "proc/meminfo");
	ck_assert_uint_eq(vmalloc_start(m), 0xf8800000);
	ck_assert_uint_eq(vmalloc_end(m), 0xff3fe000);
	ck_assert_ptr_nonnull(strstr(meminfo, "VmallocTotal:     110584 kB\n"));
	ck_assert(!is_vmalloc_addr(m, 0xf7fff000));
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- addresses */

START_TEST(test_first_fit_and_guard)
{
	struct machine *m = boot_bare("tiny");
	uint64_t start = vmalloc_start(m), a, b, c, d;
	const struct vmap_area *va;

	/* four pages and the guard page */
	ck_assert_int_eq(vmalloc(m, 4 * PAGE_SIZE, &a), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(a, start);
	va = area_at(m, a);
	ck_assert_uint_eq(va->va_end, start + 5 * PAGE_SIZE);
	ck_assert_uint_eq(va->nr_pages, 4);
	ck_assert_uint_eq(va->flags, VM_ALLOC);
	ck_assert_str_eq(va->caller, "vmalloc");
	ck_assert(!is_vmalloc_addr(m, va->pages_addr));	/* 32 bytes: kmalloc */

	/* one byte more than a page: two pages, right after the first guard page */
	ck_assert_int_eq(vmalloc(m, PAGE_SIZE + 1, &b), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(b, start + 5 * PAGE_SIZE);
	ck_assert_uint_eq(area_at(m, b)->va_end - b, 3 * PAGE_SIZE);
	ck_assert_uint_eq(vmalloc_nr_pages(m), 6);

	/* the freed hole of five pages takes an area of two, not one of four */
	ck_assert_int_eq(vfree(m, a), 0);
	ck_machine_ok(m);
	ck_assert_int_eq(vmalloc(m, 2 * PAGE_SIZE, &c), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(c, start);
	ck_assert_int_eq(vmalloc(m, 4 * PAGE_SIZE, &d), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(d, start + 8 * PAGE_SIZE);

	/* vmap_areas() is by address */
	ck_assert_uint_eq(nr_areas(m), 3);
	ck_assert_uint_eq(((struct vmap_area *)vmap_areas(m)->data)->va_start, c);
	ck_assert_uint_eq(((struct vmap_area *)vmap_areas(m)->next->data)->va_start, b);
	ck_assert_uint_eq(((struct vmap_area *)g_list_last(vmap_areas(m))->data)->va_start, d);

	ck_assert_int_eq(vfree(m, b), 0);
	ck_assert_int_eq(vfree(m, c), 0);
	ck_assert_int_eq(vfree(m, d), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(nr_areas(m), 0);
	ck_assert_uint_eq(vmalloc_nr_pages(m), 0);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- pages */

/*
 * The pages of a vmalloc come from the smallest free blocks first: with
 * isolated order-0 holes in an unmovable pageblock, a vmalloc of as many
 * pages takes exactly those and no other free block changes.
 */
START_TEST(test_order0_holes_first)
{
	struct machine *m = boot_bare("tiny");
	struct zone *z = zone_of(m, ZONE_DMA32);
	g_autoptr(GArray) keep = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	g_autoptr(GHashTable) holes = g_hash_table_new(NULL, NULL);
	g_autofree char *buddy_before = NULL, *buddy_after = NULL;
	unsigned long before[NR_PAGE_ORDERS][MIGRATE_TYPES], nr_holes, free0;
	GArray *pfns = g_array_new(FALSE, FALSE, sizeof(unsigned long));
	const struct vmap_area *va;
	uint64_t addr;

	prime_kmalloc(m, 64 * sizeof(uint64_t), keep);
	/* the buddy lists alone: what sits on the per-cpu lists goes back first, at each step */
	drain_all_pages(m, NULL);
	buddy_before = render(m, "proc/buddyinfo");
	for (int i = 0; i < 128; i++) {
		unsigned long pfn;

		ck_assert_int_eq(alloc_pages_node(m, -1, GFP_KERNEL, 0, &pfn), 0);
		g_array_append_val(pfns, pfn);
	}
	pfns = punch_holes(m, pfns);
	drain_all_pages(m, NULL);
	nr_holes = 128 - pfns->len;
	ck_assert_uint_ge(nr_holes, 60);
	for (uint32_t pfn = z->free_area[0].free_list[MIGRATE_UNMOVABLE], n = 0;
	     pfn != PFN_NONE && n < z->free_area[0].nr_free_mt[MIGRATE_UNMOVABLE];
	     pfn = pfn_to_page(m, pfn)->next, n++)
		g_hash_table_add(holes, GUINT_TO_POINTER(pfn));
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			before[o][mt] = z->free_area[o].nr_free_mt[mt];
	free0 = nr_free(m);

	ck_assert_int_eq(vmalloc(m, nr_holes * PAGE_SIZE, &addr), 0);
	drain_all_pages(m, NULL);
	ck_machine_ok(m);
	va = area_at(m, addr);
	ck_assert_uint_eq(va->nr_pages, nr_holes);
	for (unsigned long i = 0; i < va->nr_pages; i++)
		ck_assert_msg(g_hash_table_contains(holes, GUINT_TO_POINTER(va->pfns[i])),
			      "page %lu (pfn %#x) was not a free order-0 page", i, va->pfns[i]);
	before[0][MIGRATE_UNMOVABLE] -= nr_holes;
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			ck_assert_uint_eq(z->free_area[o].nr_free_mt[mt], before[o][mt]);
	before[0][MIGRATE_UNMOVABLE] += nr_holes;
	ck_assert_uint_eq(nr_free(m), free0 - nr_holes);

	/* vfree puts each page back where it was: the holes again */
	ck_assert_int_eq(vfree(m, addr), 0);
	drain_all_pages(m, NULL);
	ck_machine_ok(m);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			ck_assert_uint_eq(z->free_area[o].nr_free_mt[mt], before[o][mt]);
	ck_assert_uint_eq(nr_free(m), free0);

	/* and with their neighbours freed too, everything coalesces as it was */
	free_all(m, pfns);
	drain_all_pages(m, NULL);
	buddy_after = render(m, "proc/buddyinfo");
	ck_assert_str_eq(buddy_after, buddy_before);
	free_kept(m, keep);
	machine_free(m);
}
END_TEST

/*
 * What the buddy allocator does with @n order-0 unmovable requests
 * (free[order][migratetype]): the smallest unmovable block first, split
 * down; with none left, the largest free block of a fallback type
 * (reclaimable before movable) claimed whole, at pageblock size or more.
 */
static void model_take(unsigned long free[][MIGRATE_TYPES], unsigned long n)
{
	int o;

	while (n--) {
		for (o = 0; o < NR_PAGE_ORDERS && !free[o][MIGRATE_UNMOVABLE]; o++)
			;
		for (int c = MAX_PAGE_ORDER; o == NR_PAGE_ORDERS && c >= pageblock_order; c--) {
			int mt = free[c][MIGRATE_RECLAIMABLE] ? MIGRATE_RECLAIMABLE : MIGRATE_MOVABLE;

			if (free[c][mt]) {
				free[c][mt]--;
				free[c][MIGRATE_UNMOVABLE]++;
				o = c;
			}
		}
		ck_assert_int_lt(o, NR_PAGE_ORDERS);
		free[o][MIGRATE_UNMOVABLE]--;
		for (int j = 0; j < o; j++)
			free[j][MIGRATE_UNMOVABLE]++;
	}
}

/*
 * vmalloc 8M: 2048 scattered order-0 pages plus the four of its page
 * array (16 KiB, itself vmalloc'ed right after it), taken smallest block
 * first; buddyinfo shows exactly that, and vfree gives every page back.
 */
START_TEST(test_vmalloc_8m)
{
	struct machine *m = boot_bare("tiny");
	struct zone *z = zone_of(m, ZONE_DMA32);
	g_autoptr(GArray) keep = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	unsigned long model[NR_PAGE_ORDERS][MIGRATE_TYPES], free0, slab0;
	g_autofree char *buddy_before = NULL, *buddy_after = NULL, *meminfo = NULL;
	const struct vmap_area *va, *array;
	uint64_t start = vmalloc_start(m), addr;
	GString *expect = g_string_new(NULL);

	prime_kmalloc(m, 4 * sizeof(uint64_t), keep);	/* the nested array's own array */
	/* the buddy lists alone: the per-cpu lists go back first, at each step */
	drain_all_pages(m, NULL);
	buddy_before = render(m, "proc/buddyinfo");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			model[o][mt] = z->free_area[o].nr_free_mt[mt];
	free0 = nr_free(m);
	slab0 = slab_pages(m);

	ck_assert_int_eq(vmalloc(m, 8 * SZ_1M, &addr), 0);
	drain_all_pages(m, NULL);
	ck_machine_ok(m);
	ck_assert_uint_eq(addr, start);
	va = area_at(m, addr);
	ck_assert_uint_eq(va->nr_pages, 2048);
	ck_assert_uint_eq(va->va_end, start + 8 * SZ_1M + PAGE_SIZE);
	for (unsigned long i = 0; i < va->nr_pages; i++) {
		unsigned long head;
		unsigned int order;
		int mt;

		ck_assert_int_eq(pfn_state(m, va->pfns[i], &head, &order, &mt),
				 PAGE_STATE_ALLOCATED);
		ck_assert_uint_eq(order, 0);
		ck_assert_int_eq(mt, MIGRATE_UNMOVABLE);
		ck_assert_ptr_eq(page_zone_pfn(m, va->pfns[i]), z);
	}
	/* 2048 pointers are 16 KiB: the array is a vmalloc area after the guard page */
	ck_assert_uint_eq(va->pages_addr, start + 8 * SZ_1M + PAGE_SIZE);
	array = area_at(m, va->pages_addr);
	ck_assert_uint_eq(array->nr_pages, 4);
	ck_assert_uint_eq(array->va_end - array->va_start, 5 * PAGE_SIZE);
	ck_assert_str_eq(array->caller, "vmalloc");
	ck_assert_uint_eq(array->owner, addr);
	ck_assert_uint_eq(va->owner, 0);
	/* only its area frees it */
	ck_assert_int_eq(vfree(m, array->va_start), -EINVAL);
	ck_assert_int_eq(kvfree(m, array->va_start), -EINVAL);
	ck_assert(logged(m, "vfree: 0xffffc90000801000 is the page array of the area at "
			     "0xffffc90000000000, not freed"));
	ck_assert_uint_eq(vmalloc_nr_pages(m), 2052);
	ck_assert_uint_eq(slab_pages(m), slab0);
	ck_assert_uint_eq(nr_free(m), free0 - 2052);

	/* buddyinfo: order 0 goes first, then each larger block split in turn */
	model_take(model, 2052);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			ck_assert_msg(z->free_area[o].nr_free_mt[mt] == model[o][mt],
				      "order %d %s: %lu free blocks, expected %lu", o,
				      migratetype_names[mt], z->free_area[o].nr_free_mt[mt],
				      model[o][mt]);
	g_string_printf(expect, "Node 0, zone %8s ", z->name);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		g_string_append_printf(expect, "%6lu ", z->free_area[o].nr_free);
	g_string_append_c(expect, '\n');
	buddy_after = render(m, "proc/buddyinfo");
	ck_assert_ptr_nonnull(strstr(buddy_after, expect->str));
	g_string_free(expect, TRUE);

	meminfo = render(m, "proc/meminfo");
	ck_assert_ptr_nonnull(strstr(meminfo, "VmallocUsed:        8208 kB\n"));

	/* vfree: every page back, coalesced as before */
	ck_assert_int_eq(vfree(m, addr), 0);
	drain_all_pages(m, NULL);
	ck_machine_ok(m);
	ck_assert_uint_eq(nr_free(m), free0);
	ck_assert_uint_eq(vmalloc_nr_pages(m), 0);
	ck_assert_uint_eq(nr_areas(m), 0);
	g_free(buddy_after);
	buddy_after = render(m, "proc/buddyinfo");
	ck_assert_str_eq(buddy_after, buddy_before);
	g_free(meminfo);
	meminfo = render(m, "proc/meminfo");
	ck_assert_ptr_nonnull(strstr(meminfo, "VmallocUsed:           0 kB\n"));
	free_kept(m, keep);
	machine_free(m);
}
END_TEST

START_TEST(test_vzalloc)
{
	struct machine *m = boot_bare("tiny");
	const struct vmap_area *va;
	uint64_t addr;

	ck_assert_int_eq(vzalloc(m, 3 * PAGE_SIZE + 1, &addr), 0);
	ck_machine_ok(m);
	va = area_at(m, addr);
	ck_assert_uint_eq(va->nr_pages, 4);
	ck_assert_str_eq(va->caller, "vzalloc");
	for (unsigned long i = 0; i < va->nr_pages; i++)
		ck_assert(pfn_to_page(m, va->pfns[i])->flags & PG_zeroed);
	ck_assert_int_eq(vfree(m, addr), 0);
	ck_machine_ok(m);

	/* the caller's name is kept, not its buffer */
	{
		char name[16] = "drv_probe";

		ck_assert_int_eq(__vmalloc(m, PAGE_SIZE, GFP_KERNEL, name, &addr), 0);
		strcpy(name, "overwritten");
		ck_assert_str_eq(area_at(m, addr)->caller, "drv_probe");
		ck_assert_int_eq(vfree(m, addr), 0);
	}
	machine_free(m);
}
END_TEST

/* i386: pages from HighMem, the page array (4-byte pointers) from lowmem kmalloc */
START_TEST(test_i386_highmem)
{
	struct machine *m = boot_bare("i386-highmem");
	const struct vmap_area *va;
	uint64_t addr;

	ck_assert_int_eq(vmalloc(m, SZ_1M, &addr), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(addr, 0xf8800000);
	va = area_at(m, addr);
	ck_assert_uint_eq(va->nr_pages, 256);
	ck_assert_uint_eq(va->page_order, 0);
	ck_assert(!is_vmalloc_addr(m, va->pages_addr));
	ck_assert_int_ge(ksize(m, va->pages_addr), 1024);
	for (unsigned long i = 0; i < va->nr_pages; i++)
		ck_assert_int_eq(page_zone_pfn(m, va->pfns[i])->type, ZONE_HIGHMEM);
	ck_assert_int_eq(vfree(m, addr), 0);
	ck_machine_ok(m);

	/* GFP_DMA keeps the pages low */
	ck_assert_int_eq(__vmalloc(m, 2 * PAGE_SIZE, GFP_KERNEL | GFP_DMA, "__vmalloc", &addr), 0);
	ck_machine_ok(m);
	va = area_at(m, addr);
	for (unsigned long i = 0; i < va->nr_pages; i++)
		ck_assert_int_eq(page_zone_pfn(m, va->pfns[i])->type, ZONE_DMA);
	ck_assert_int_eq(vfree(m, addr), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- failures */

START_TEST(test_vfree_bad)
{
	struct machine *m = boot_bare("tiny");
	uint64_t start = vmalloc_start(m), addr, kaddr;
	struct kmalloc_where w;
	unsigned long free0;

	ck_assert_int_eq(vfree(m, 0), 0);
	ck_assert_int_eq(vfree(m, start), -EINVAL);
	ck_assert(logged(m, "Trying to vfree() nonexistent vm area (ffffc90000000000)"));
	ck_assert(logged(m, "WARNING: CPU: 0 PID: 0 at vfree"));
	ck_machine_ok(m);

	ck_assert_int_eq(vmalloc(m, 2 * PAGE_SIZE, &addr), 0);
	free0 = nr_free(m);
	ck_assert_int_eq(vfree(m, addr + 123), -EINVAL);
	ck_assert(logged(m, "Trying to vfree() bad address (ffffc9000000007b)"));
	ck_assert(logged(m, "Trying to vfree() nonexistent vm area (ffffc9000000007b)"));
	ck_assert_uint_eq(nr_areas(m), 1);
	ck_assert_uint_eq(nr_free(m), free0);
	ck_machine_ok(m);

	/* a kmalloc address is no vm area; the object stays allocated */
	ck_assert_int_eq(kmalloc(m, 100, GFP_KERNEL, &kaddr, &w), 0);
	ck_assert_int_eq(vfree(m, kaddr), -EINVAL);
	ck_assert_int_ge(ksize(m, kaddr), 100);
	ck_machine_ok(m);
	ck_assert_int_eq(kfree(m, kaddr), 0);

	/* as in the kernel, a page-aligned address inside an area frees the area */
	ck_assert_int_eq(vfree(m, addr + PAGE_SIZE), 0);
	ck_assert_uint_eq(nr_areas(m), 0);
	ck_assert_int_eq(vfree(m, addr), -EINVAL);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_bad_sizes)
{
	struct machine *m = boot_bare("tiny");
	g_autofree char *line = NULL;
	uint64_t addr;

	/* vmalloc(0) is NULL with a one-time WARN: -EINVAL here */
	ck_assert_int_eq(vmalloc(m, 0, &addr), -EINVAL);
	ck_assert(logged(m, "WARNING: CPU: 0 PID: 0 at __vmalloc_node_range_noprof"));
	ck_assert_int_eq(vmalloc(m, ((totalram_pages(m) + 1) << PAGE_SHIFT), &addr), -ENOMEM);
	line = g_strdup_printf("mmsimctl: vmalloc error: size %lu, exceeds total pages, "
			       "mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0",
			       (totalram_pages(m) + 1) << PAGE_SHIFT);
	ck_assert_msg(logged(m, line), "no \"%s\" in\n%s", line, test_log_text(m));
	ck_assert_int_eq(__vmalloc(m, PAGE_SIZE, __GFP_DMA | __GFP_DMA32, "__vmalloc", &addr),
			 -EINVAL);
	ck_assert_uint_eq(nr_areas(m), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * With 100 pages left, a vmalloc of 256 takes the 100, fails, gives them
 * back and says so with the kernel's line (the size is what it got).
 */
START_TEST(test_fail_midway)
{
	struct machine *m = boot_bare("tiny");
	g_autoptr(GArray) keep = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	GArray *pfns, *rest;
	unsigned long free0;
	uint64_t addr;

	/* fixed watermarks, so that the 100 pages given back are exactly what may be taken */
	m->sysctl.watermark_boost_factor = 0;
	prime_kmalloc(m, 256 * sizeof(uint64_t), keep);
	prime_kmalloc(m, sizeof(uint64_t), keep);
	pfns = drain(m, VMALLOC_GFP);
	for (int i = 0; i < 100; i++) {
		unsigned long last = g_array_index(pfns, unsigned long, pfns->len - 1);

		ck_assert_int_eq(__free_pages(m, last, 0), 0);
		g_array_set_size(pfns, pfns->len - 1);
	}
	/*
	 * Back on the buddy lists, above min. A request may take those 100 and
	 * the last refill's 28 below min: 128 pages.
	 */
	drain_all_pages(m, NULL);
	ck_machine_ok(m);
	free0 = nr_free(m);

	ck_assert_int_eq(vmalloc(m, SZ_1M, &addr), -ENOMEM);
	ck_machine_ok(m);
	ck_assert_msg(logged(m, "mmsimctl: vmalloc error: size 524288, failed to allocate pages, "
				 "mode:0xcc2(GFP_KERNEL|__GFP_HIGHMEM), nodemask=(null),"
				 "cpuset=/,mems_allowed=0"), "%s", test_log_text(m));
	ck_assert(logged(m, "Mem-Info:"));
	ck_assert_uint_eq(nr_free(m), free0);
	ck_assert_uint_eq(vmalloc_nr_pages(m), 0);
	ck_assert_uint_eq(nr_areas(m), 0);

	/* the same, quietly, with __GFP_NOWARN */
	printk_destroy(&m->log);
	printk_init(&m->log);
	ck_assert_int_eq(__vmalloc(m, SZ_1M, GFP_KERNEL | __GFP_NOWARN, "__vmalloc", &addr),
			 -ENOMEM);
	ck_machine_ok(m);
	ck_assert(!logged(m, "vmalloc error"));
	ck_assert_uint_eq(nr_free(m), free0);

	/*
	 * Nothing left at all: what the failed requests gave back sits on CPU
	 * 0's lists, out of NR_FREE_PAGES, and a zone below min is not even
	 * tried (only reclaim's progress would drain them). The warning says size 0.
	 */
	rest = drain(m, VMALLOC_GFP);
	ck_assert_uint_eq(rest->len, 0);
	ck_assert_int_eq(vmalloc(m, PAGE_SIZE, &addr), -ENOMEM);
	ck_assert(logged(m, "mmsimctl: vmalloc error: size 0, failed to allocate pages"));
	free_all(m, rest);
	free_all(m, pfns);
	free_kept(m, keep);
	machine_free(m);
}
END_TEST

/* i386's 108 MiB of vmalloc space runs out long before its 2 GiB of RAM. */
START_TEST(test_address_space_exhausted)
{
	struct machine *m = boot_bare("i386-highmem");
	uint64_t big, addr;

	ck_assert_int_eq(vmalloc(m, 100 * SZ_1M, &big), 0);
	ck_machine_ok(m);
	/* a 100 KiB page array: vmalloc'ed too (" vpages") */
	ck_assert(is_vmalloc_addr(m, area_at(m, big)->pages_addr));
	ck_assert_int_eq(vmalloc(m, 20 * SZ_1M, &addr), -ENOMEM);
	ck_assert(logged(m, "vmalloc_node_range for size 20975616 failed: "
			     "Address range restricted to 0xf8800000 - 0xff3fe000"));
	ck_assert(logged(m, "mmsimctl: vmalloc error: size 20971520, vm_struct allocation failed, "
			     "mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0"));
	ck_assert_uint_eq(nr_areas(m), 2);
	ck_machine_ok(m);
	ck_assert_int_eq(vfree(m, big), 0);
	ck_assert_int_eq(vmalloc(m, 20 * SZ_1M, &addr), 0);
	ck_assert_uint_eq(addr, 0xf8800000);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- kvmalloc */

START_TEST(test_kvmalloc_small)
{
	struct machine *m = boot_bare("tiny");
	struct kmalloc_where w;
	bool vmalloced = true;
	uint64_t addr;

	ck_assert_int_eq(kvmalloc(m, 300, GFP_KERNEL, &addr, &vmalloced, &w), 0);
	ck_machine_ok(m);
	ck_assert(!vmalloced);
	ck_assert(!is_vmalloc_addr(m, addr));
	ck_assert_int_ge(ksize(m, addr), 300);
	ck_assert_uint_eq(nr_areas(m), 0);
	ck_assert_int_eq(kvfree(m, addr), 0);
	ck_machine_ok(m);

	/* 64 KiB: a fresh machine still has order-4 blocks for kmalloc */
	ck_assert_int_eq(kvmalloc(m, 64 * 1024, GFP_KERNEL, &addr, &vmalloced, NULL), 0);
	ck_assert(!vmalloced);
	ck_assert_int_eq(kvfree(m, addr), 0);
	ck_assert_int_eq(kvfree(m, 0), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(vmalloc_nr_pages(m), 0);
	machine_free(m);
}
END_TEST

/*
 * On a machine fragmented down to order 0, kmalloc of 64 KiB (order 4)
 * fails quietly and kvmalloc falls back to 16 vmalloc'ed pages; a 2 MiB
 * kvmalloc tries PMD-sized blocks first and falls back to order 0 as well.
 * GFP_ATOMIC may not fall back in 6.18.
 */
START_TEST(test_kvmalloc_fallback)
{
	struct machine *m = boot_bare("tiny");
	g_autoptr(GArray) keep = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	const struct vmap_area *va;
	struct kmalloc_where w;
	bool vmalloced = false;
	uint64_t addr, big;
	GArray *pfns;

	prime_kmalloc(m, 16 * sizeof(uint64_t), keep);
	prime_kmalloc(m, 512 * sizeof(uint64_t), keep);
	/* every page, reserves included, then every other one back */
	pfns = punch_holes(m, drain(m, VMALLOC_GFP | __GFP_MEMALLOC));
	for (int o = 1; o < NR_PAGE_ORDERS; o++) {
		ck_assert_uint_eq(zone_of(m, ZONE_DMA)->free_area[o].nr_free, 0);
		ck_assert_uint_eq(zone_of(m, ZONE_DMA32)->free_area[o].nr_free, 0);
	}

	ck_assert_int_eq(kvmalloc(m, 64 * 1024, GFP_ATOMIC, &addr, &vmalloced, &w), -ENOMEM);
	ck_assert_uint_eq(nr_areas(m), 0);
	ck_assert_int_eq(kvmalloc(m, 64 * 1024, GFP_KERNEL, &addr, &vmalloced, &w), 0);
	ck_machine_ok(m);
	ck_assert(vmalloced);
	ck_assert(!logged(m, "page allocation failure"));
	va = area_at(m, addr);
	ck_assert_uint_eq(addr, vmalloc_start(m));
	ck_assert_uint_eq(va->nr_pages, 16);
	ck_assert_str_eq(va->caller, "kvmalloc");
	ck_assert_uint_eq(w.waste, 0);
	ck_assert_ptr_null(w.cache);

	ck_assert_int_eq(kvmalloc(m, 2 * SZ_1M, GFP_KERNEL, &big, &vmalloced, NULL), 0);
	ck_machine_ok(m);
	ck_assert(vmalloced);
	va = area_at(m, big);
	ck_assert_uint_eq(va->page_order, 0);
	ck_assert_uint_eq(va->nr_pages, 512);
	ck_assert_uint_eq(big, vmalloc_start(m) + 17 * PAGE_SIZE);
	ck_assert(!logged(m, "vmalloc error"));
	ck_assert_uint_eq(vmalloc_nr_pages(m), 528);

	ck_assert_int_eq(kvfree(m, addr), 0);
	ck_assert_int_eq(kvfree(m, big), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(vmalloc_nr_pages(m), 0);
	free_all(m, pfns);
	free_kept(m, keep);
	machine_free(m);
}
END_TEST

/* x86_64: a kvmalloc of 6 MiB (beyond kmalloc) is backed by three split order-9 blocks. */
START_TEST(test_kvmalloc_huge)
{
	struct machine *m = boot_bare("default");
	unsigned long free0 = nr_free(m), slab0 = slab_pages(m);
	const struct vmap_area *va;
	bool vmalloced = false;
	uint64_t addr;

	ck_assert_int_eq(kvmalloc(m, 6 * SZ_1M, GFP_KERNEL, &addr, &vmalloced, NULL), 0);
	ck_machine_ok(m);
	ck_assert(vmalloced);
	ck_assert_uint_eq(addr, vmalloc_start(m));
	va = area_at(m, addr);
	ck_assert_uint_eq(va->page_order, 9);
	ck_assert_uint_eq(va->nr_pages, 1536);
	ck_assert_uint_eq(va->va_end - va->va_start, 6 * SZ_1M + PAGE_SIZE);
	for (unsigned long i = 0; i < va->nr_pages; i++) {
		if (i % 512)
			ck_assert_uint_eq(va->pfns[i], va->pfns[i - 1] + 1);
		else
			ck_assert_uint_eq(va->pfns[i] % 512, 0);
	}
	/* 12 KiB of pointers: a nested vmalloc of 3 pages after the guard page */
	ck_assert_uint_eq(va->pages_addr, addr + 6 * SZ_1M + PAGE_SIZE);
	ck_assert_uint_eq(area_at(m, va->pages_addr)->nr_pages, 3);
	ck_assert_uint_eq(vmalloc_nr_pages(m), 1539);

	ck_assert_int_eq(kvfree(m, addr), 0);
	ck_machine_ok(m);
	ck_assert_uint_eq(vmalloc_nr_pages(m), 0);
	ck_assert_uint_eq(nr_free(m) + (slab_pages(m) - slab0), free0);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- check */

START_TEST(test_check_catches_stolen_page)
{
	struct machine *m = boot_bare("tiny");
	uint64_t addr;

	ck_assert_int_eq(vmalloc(m, 4 * PAGE_SIZE, &addr), 0);
	ck_machine_ok(m);
	/* a page freed behind vmalloc's back */
	ck_assert_int_eq(__free_pages(m, area_at(m, addr)->pfns[2], 0), 0);
	ck_assert_int_eq(machine_check(m), -EUCLEAN);
	ck_assert(logged(m, "BUG: vmalloc area 0xffffc90000000000: pfn"));
	machine_free(m);
}
END_TEST

static Suite *vmalloc_suite(void)
{
	Suite *s = suite_create("vmalloc");
	TCase *tc = tcase_create("vmalloc");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_first_fit_and_guard);
	tcase_add_test(tc, test_order0_holes_first);
	tcase_add_test(tc, test_vmalloc_8m);
	tcase_add_test(tc, test_vzalloc);
	tcase_add_test(tc, test_i386_highmem);
	tcase_add_test(tc, test_vfree_bad);
	tcase_add_test(tc, test_bad_sizes);
	tcase_add_test(tc, test_fail_midway);
	tcase_add_test(tc, test_address_space_exhausted);
	tcase_add_test(tc, test_kvmalloc_small);
	tcase_add_test(tc, test_kvmalloc_fallback);
	tcase_add_test(tc, test_kvmalloc_huge);
	tcase_add_test(tc, test_check_catches_stolen_page);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vmalloc_suite());
}
