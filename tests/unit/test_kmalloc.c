// SPDX-License-Identifier: GPL-2.0
/*
 * The kmalloc family: kmalloc's size classes and types, large kmallocs
 * straight from the page allocator, krealloc and ksize, and every
 * slub_debug complaint a bad free earns, with its log line; SLUB's cpu
 * slabs, cpu and node partial lists and what moves between them. The
 * caches themselves are test_slab's part. machine_check() runs after every step
 * that changes the engine.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "mm/task.h"
#include "slab_util.h"

/* ---------------------------------------------------------------- kmalloc */

START_TEST(test_kmalloc_classes)
{
	struct machine *m = boot_preset("default");
	static const struct { size_t size; const char *cache; } classes[] = {
		{ 1, "kmalloc-8" }, { 8, "kmalloc-8" }, { 9, "kmalloc-16" }, { 24, "kmalloc-32" },
		{ 33, "kmalloc-64" }, { 65, "kmalloc-96" }, { 96, "kmalloc-96" },
		{ 97, "kmalloc-128" }, { 129, "kmalloc-192" }, { 192, "kmalloc-192" },
		{ 193, "kmalloc-256" }, { 257, "kmalloc-512" }, { 1000, "kmalloc-1k" },
		{ 2048, "kmalloc-2k" }, { 4097, "kmalloc-8k" }, { 8192, "kmalloc-8k" },
	};
	static const struct { gfp_t gfp; const char *cache; } types[] = {
		{ GFP_KERNEL | __GFP_RECLAIMABLE, "kmalloc-rcl-64" },
		{ GFP_KERNEL | GFP_DMA, "dma-kmalloc-64" },
		{ GFP_KERNEL_ACCOUNT, "kmalloc-cg-64" },
		{ GFP_KERNEL | GFP_DMA | __GFP_RECLAIMABLE | __GFP_ACCOUNT, "dma-kmalloc-64" },
		{ GFP_KERNEL | __GFP_RECLAIMABLE | __GFP_ACCOUNT, "kmalloc-rcl-64" },
		{ GFP_ATOMIC | __GFP_ZERO, "kmalloc-64" },
	};
	struct kmalloc_where w;
	uint64_t addr;

	for (size_t i = 0; i < G_N_ELEMENTS(classes); i++) {
		addr = kmalloc1(m, classes[i].size, GFP_KERNEL, &w);
		ck_assert_str_eq(w.cache->name, classes[i].cache);
		ck_assert_uint_eq(w.waste, w.cache->object_size - classes[i].size);
		ck_assert_int_eq(kfree(m, addr), 0);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		addr = kmalloc1(m, 50, types[i].gfp, &w);
		ck_assert_str_eq(w.cache->name, types[i].cache);
		ck_assert_int_eq(kfree(m, addr), 0);
	}
	/* a DMA kmalloc lives in ZONE_DMA */
	addr = kmalloc1(m, 50, GFP_KERNEL | GFP_DMA, &w);
	ck_assert_int_eq(page_zone_pfn(m, (unsigned long)virt_to_pfn(m, addr))->type, ZONE_DMA);
	ck_assert_int_eq(kfree(m, addr), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* The example: kmalloc(300) is a kmalloc-512 object, 212 bytes wasted. */
START_TEST(test_kmalloc_300)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *s = cache(m, "kmalloc-512");
	unsigned long inuse = s->nr_inuse;
	struct kmalloc_where w;
	uint64_t addr;

	addr = kmalloc1(m, 300, GFP_KERNEL, &w);
	ck_assert_ptr_eq(w.cache, s);
	ck_assert_uint_eq(w.waste, 212);
	ck_assert_int_eq(w.nid, 0);
	ck_assert_uint_eq(s->nr_inuse, inuse + 1);
	ck_assert_int_eq(ksize(m, addr), 512);
	ck_assert_int_eq(kfree(m, addr), 0);
	ck_assert_uint_eq(s->nr_inuse, inuse);
	/* kmalloc(0) is ZERO_SIZE_PTR, no object; freeing it or NULL does nothing */
	addr = kmalloc1(m, 0, GFP_KERNEL, &w);
	ck_assert_uint_eq(addr, ZERO_SIZE_PTR);
	ck_assert_ptr_null(w.cache);
	ck_assert_int_eq(ksize(m, addr), 0);
	ck_assert_int_eq(kfree(m, ZERO_SIZE_PTR), 0);
	ck_assert_int_eq(kfree(m, 0), 0);
	ck_assert_int_eq(kfree_sensitive(m, 0), 0);
	/* kzalloc, kcalloc; kmalloc_array fails quietly on overflow */
	ck_assert_int_eq(kzalloc(m, 300, GFP_KERNEL, &addr, &w), 0);
	ck_assert_int_eq(kfree_sensitive(m, addr), 0);
	ck_assert_int_eq(kcalloc(m, 10, 30, GFP_KERNEL, &addr, &w), 0);
	ck_assert_ptr_eq(w.cache, s);
	ck_assert_int_eq(kfree(m, addr), 0);
	ck_assert_int_eq(kmalloc_array(m, SIZE_MAX / 2, 4, GFP_KERNEL, &addr, &w), -ENOMEM);
	ck_assert(!logged(m, "WARNING"));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* Above 8k, kmalloc takes pages by order: accounted as SUnreclaim, no slabinfo line. */
START_TEST(test_large_kmalloc)
{
	struct machine *m = boot_preset("default");
	long unrecl0 = slab_bytes(m, NR_SLAB_UNRECLAIMABLE_B);
	unsigned int ncaches = g_list_length(slab_caches(m));
	struct kmalloc_where w;
	uint64_t a, b, c;
	struct kmem_cache *s;

	a = kmalloc1(m, 16384, GFP_KERNEL, &w);
	ck_assert_ptr_null(w.cache);
	ck_assert_uint_eq(w.order, 2);
	ck_assert_uint_eq(w.waste, 0);
	ck_assert_uint_eq(a % (4 * PAGE_SIZE), 0);
	ck_assert_int_eq(ksize(m, a), 16384);
	ck_assert(kmem_obj_info(m, a, &s) && s == NULL);
	b = kmalloc1(m, 20000, GFP_KERNEL, &w);
	ck_assert_uint_eq(w.order, 3);
	ck_assert_uint_eq(w.waste, 32768 - 20000);
	c = kmalloc1(m, KMALLOC_MAX_SIZE, GFP_KERNEL, &w);
	ck_assert_uint_eq(w.order, MAX_PAGE_ORDER);
	ck_assert_int_eq(slab_bytes(m, NR_SLAB_UNRECLAIMABLE_B),
			 unrecl0 + 16384 + 32768 + (long)KMALLOC_MAX_SIZE);
	ck_assert_uint_eq(g_list_length(slab_caches(m)), ncaches);
	ck_assert_int_eq(kfree(m, a), 0);
	ck_assert_int_eq(kfree(m, b), 0);
	ck_assert_int_eq(kfree(m, c), 0);
	ck_assert_int_eq(slab_bytes(m, NR_SLAB_UNRECLAIMABLE_B), unrecl0);
	ck_machine_ok(m);
	/* above KMALLOC_MAX_SIZE: the page allocator's WARN, unless __GFP_NOWARN */
	ck_assert_int_eq(kmalloc(m, KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN, &a, &w),
			 -ENOMEM);
	ck_assert(!logged(m, "WARNING"));
	ck_assert_int_eq(kmalloc(m, KMALLOC_MAX_SIZE + 1, GFP_KERNEL, &a, &w), -ENOMEM);
	ck_logged(m, "------------[ cut here ]------------");
	ck_logged(m, "WARNING: mm/page_alloc.c at __alloc_frozen_pages_noprof, CPU#0: mmsimctl");
	/* a large kmalloc in ZONE_DMA, and a pointer inside one is refused */
	a = kmalloc1(m, 9000, GFP_KERNEL | GFP_DMA, &w);
	ck_assert_int_eq(page_zone_pfn(m, (unsigned long)virt_to_pfn(m, a))->type, ZONE_DMA);
	ck_assert_int_eq(kfree(m, a + PAGE_SIZE), -EINVAL);
	ck_logged(m, "is inside the kmalloc at");
	ck_assert_int_eq(kfree(m, a), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_krealloc)
{
	struct machine *m = boot_preset("default");
	struct kmalloc_where w;
	struct kmem_cache *s;
	uint64_t a, b;

	a = kmalloc1(m, 100, GFP_KERNEL, &w);
	ck_assert_str_eq(w.cache->name, "kmalloc-128");
	/* in place while the object holds the size, growing or shrinking */
	ck_assert_int_eq(krealloc(m, a, 128, GFP_KERNEL, &b, &w), 0);
	ck_assert_uint_eq(b, a);
	ck_assert_uint_eq(w.waste, 0);
	ck_assert_int_eq(krealloc(m, a, 20, GFP_KERNEL, &b, &w), 0);
	ck_assert_uint_eq(b, a);
	ck_assert_uint_eq(w.waste, 108);
	ck_machine_ok(m);
	/* else a new object, and the old one freed */
	ck_assert_int_eq(krealloc(m, a, 129, GFP_KERNEL, &b, &w), 0);
	ck_assert_uint_ne(b, a);
	ck_assert_str_eq(w.cache->name, "kmalloc-192");
	ck_assert(!kmem_obj_info(m, a, &s));
	ck_assert(kmem_obj_info(m, b, &s) && s == w.cache);
	ck_machine_ok(m);
	/* to 0: freed, ZERO_SIZE_PTR back; from NULL: a kmalloc */
	ck_assert_int_eq(krealloc(m, b, 0, GFP_KERNEL, &a, &w), 0);
	ck_assert_uint_eq(a, ZERO_SIZE_PTR);
	ck_assert(!kmem_obj_info(m, b, &s));
	ck_assert_int_eq(krealloc(m, 0, 50, GFP_KERNEL, &a, &w), 0);
	ck_assert_str_eq(w.cache->name, "kmalloc-64");
	/* across the 8k line and between orders */
	ck_assert_int_eq(krealloc(m, a, 10000, GFP_KERNEL, &b, &w), 0);
	ck_assert_ptr_null(w.cache);
	ck_assert_uint_eq(w.order, 2);
	ck_assert_int_eq(krealloc(m, b, 16000, GFP_KERNEL, &a, &w), 0);
	ck_assert_uint_eq(a, b);
	ck_assert_int_eq(krealloc(m, a, 20000, GFP_KERNEL, &b, &w), 0);
	ck_assert_uint_eq(w.order, 3);
	ck_machine_ok(m);
	/* a freed object cannot be reallocated */
	ck_assert_int_eq(krealloc(m, a, 10, GFP_KERNEL, &b, &w), -EFAULT);
	ck_logged(m, "page dumped because: Not a kmalloc allocation");
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_ksize)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *red = create(m, "red", 200, 0, SLAB_RED_ZONE);
	struct kmem_cache *rcu = create(m, "rcu", 100, 0, SLAB_TYPESAFE_BY_RCU);
	struct kmem_cache *plain = create(m, "plain", 100, 0, SLAB_HWCACHE_ALIGN);
	uint64_t a = alloc1(m, red, GFP_KERNEL), b = alloc1(m, rcu, GFP_KERNEL);
	uint64_t c = alloc1(m, plain, GFP_KERNEL);

	/* slab_ksize: the object alone with red zones, up to the metadata for RCU caches */
	ck_assert_int_eq(ksize(m, a), 200);
	ck_assert_int_eq(ksize(m, b), 104);
	ck_assert_int_eq(ksize(m, c), 128);
	/* red zones shift objects by red_left_pad */
	ck_assert_uint_eq(a % PAGE_SIZE, red->red_left_pad);
	ck_assert_int_eq(kmem_cache_free(m, red, a), 0);
	ck_assert_int_eq(ksize(m, a), -EINVAL);
	ck_assert_int_eq(kmem_cache_free(m, rcu, b), 0);
	ck_assert_int_eq(kmem_cache_free(m, plain, c), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* i386: slabs stay in lowmem, where the direct map is. */
START_TEST(test_i386_lowmem)
{
	struct machine *m = boot_preset("i386-highmem");
	uint64_t a = kmalloc1(m, 300, GFP_KERNEL | __GFP_HIGHMEM, NULL);

	ck_assert_uint_ge(a, m->page_offset);
	ck_assert_uint_lt(a - m->page_offset, m->direct_map_end);
	ck_assert_int_eq(kfree(m, a), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- cpu slabs and lists */

static struct slab_cpu_stats cpu_stats(struct machine *m, struct kmem_cache *s, int cpu)
{
	struct slab_cpu_stats cs;

	kmem_cache_cpu_stats(m, s, cpu, &cs);
	return cs;
}

static struct slab_node_stats node_stats(struct machine *m, struct kmem_cache *s, int nid)
{
	struct slab_node_stats st;

	kmem_cache_node_stats(m, s, nid, &st);
	return st;
}

/* Make the task of @pid act, so smp_processor_id() is its CPU. */
static void run_on(struct machine *m, int pid, int cpu)
{
	m->current = find_task_by_pid(m, pid);
	ck_assert_ptr_nonnull(m->current);
	ck_assert_int_eq(m->current->cpu, cpu);
}

/*
 * Each CPU allocates from a slab of its own; a free from another CPU into a
 * cpu slab (a remote free) moves nothing, and the owner gets it back when
 * its own freelist runs dry. slabinfo counts a cpu slab's free objects as
 * active, as get_slabinfo does.
 */
START_TEST(test_cpu_slabs)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *s = create(m, "t_obj", 256, 0, 0);
	uint64_t a[17], b;
	struct slabinfo si;

	ck_assert_uint_eq(s->objects, 16);
	ck_assert_uint_eq(s->cpu_partial, 52);
	ck_assert_uint_eq(s->cpu_partial_slabs, 7);	/* DIV_ROUND_UP(52 * 2, 16) */
	a[0] = alloc1(m, s, GFP_KERNEL);
	ck_assert_int_eq(cpu_stats(m, s, 0).slab_nid, 0);
	get_slabinfo(m, s, &si);
	ck_assert_uint_eq(si.active_objs, 16);
	ck_assert_uint_eq(si.num_objs, 16);
	ck_assert_uint_eq(s->nr_inuse, 1);

	run_on(m, 2, 1);			/* kthreadd runs on CPU 1 */
	b = alloc1(m, s, GFP_KERNEL);
	ck_assert_uint_eq(s->nr_slabs, 2);
	ck_assert_int_eq(cpu_stats(m, s, 1).slab_nid, 0);
	ck_assert_uint_ne(virt_to_pfn(m, a[0]), virt_to_pfn(m, b));
	/* CPU 1 frees CPU 0's object: into the frozen slab, no list moves */
	ck_assert_int_eq(kmem_cache_free(m, s, a[0]), 0);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 0);
	ck_machine_ok(m);

	/* CPU 0 takes its 15 free objects, then the one CPU 1 gave back */
	m->current = NULL;
	for (int i = 1; i <= 16; i++)
		a[i] = alloc1(m, s, GFP_KERNEL);
	ck_assert_uint_eq(a[16], a[0]);
	ck_assert_uint_eq(s->nr_slabs, 2);
	a[0] = alloc1(m, s, GFP_KERNEL);	/* the slab is full: a new one */
	ck_assert_uint_eq(s->nr_slabs, 3);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * The lists move as 6.18's: the first free into a full slab puts it on the
 * cpu partial list; the 8th such slab finds cpu_partial_slabs (7) there and
 * drains them to the node partial list; a node partial slab that empties
 * goes back to the buddy allocator while the node has min_partial (5)
 * partial slabs. kmem_cache_shrink flushes the cpu's slabs, frees the
 * empty ones and puts the fullest first.
 */
START_TEST(test_partial_lists)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *s = create(m, "t_obj", 256, 0, 0);
	unsigned long free0 = nr_free(m);
	uint64_t o[9][16];
	struct slabinfo si;

	for (int k = 0; k < 9; k++)
		for (int i = 0; i < 16; i++)
			o[k][i] = alloc1(m, s, GFP_KERNEL);
	ck_assert_uint_eq(s->nr_slabs, 9);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 0);	/* full slabs are on no list */
	for (int k = 0; k < 7; k++) {
		ck_assert_int_eq(kmem_cache_free(m, s, o[k][0]), 0);
		ck_assert_int_eq(cpu_stats(m, s, 0).partial_slabs, k + 1);
	}
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 0);
	ck_machine_ok(m);
	ck_assert_int_eq(kmem_cache_free(m, s, o[7][0]), 0);
	ck_assert_int_eq(cpu_stats(m, s, 0).partial_slabs, 1);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 7);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial_inuse, 7 * 15);
	get_slabinfo(m, s, &si);
	ck_assert_uint_eq(si.active_objs, 9 * 16 - 7);	/* slab 8's free object is the cpu's */
	ck_machine_ok(m);

	/* empty slabs 0..6: the first three go, the node keeps the rest (min_partial 5) */
	for (int k = 0; k < 7; k++)
		for (int i = 1; i < 16; i++)
			ck_assert_int_eq(kmem_cache_free(m, s, o[k][i]), 0);
	ck_assert_uint_eq(s->nr_slabs, 6);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 4);
	ck_assert_uint_eq(nr_free(m), free0 - 6);
	ck_machine_ok(m);

	/* shrink: slab 8 (1 free) to the node, the 4 empty ones back; the full cpu slab stays */
	ck_assert_uint_eq(kmem_cache_shrink(m, s), 4);
	ck_assert_int_eq(cpu_stats(m, s, 0).slab_nid, -1);
	ck_assert_int_eq(cpu_stats(m, s, 0).partial_slabs, 0);
	ck_assert_uint_eq(s->nr_slabs, 2);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 1);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial_inuse, 15);
	ck_assert_uint_eq(nr_free(m), free0 - 2);
	ck_machine_ok(m);
	/* the next allocation takes the partial slab back as the cpu slab */
	o[7][0] = alloc1(m, s, GFP_KERNEL);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 0);
	ck_assert_int_eq(cpu_stats(m, s, 0).slab_nid, 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* Debug caches have no cpu slabs: each object comes from and goes to a node list. */
START_TEST(test_debug_cache_lists)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *s = create(m, "t_dbg", 256, 0, SLAB_STORE_USER);
	uint64_t o[64];
	unsigned int n = s->objects;

	ck_assert_uint_eq(s->cpu_partial, 0);
	for (unsigned int i = 0; i < n; i++)
		o[i] = alloc1(m, s, GFP_KERNEL);
	ck_assert_int_eq(cpu_stats(m, s, 0).slab_nid, -1);
	ck_assert_uint_eq(s->node[0].full.length, 1);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 0);
	ck_machine_ok(m);
	ck_assert_int_eq(kmem_cache_free(m, s, o[0]), 0);
	ck_assert_uint_eq(s->node[0].full.length, 0);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 1);
	ck_machine_ok(m);
	/* emptied, it stays: the node has fewer than min_partial partial slabs */
	for (unsigned int i = 1; i < n; i++)
		ck_assert_int_eq(kmem_cache_free(m, s, o[i]), 0);
	ck_assert_uint_eq(s->nr_slabs, 1);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 1);
	ck_machine_ok(m);
	ck_assert_int_eq(kmem_cache_destroy(m, s), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * kfree finds the slab from any page of it: an object on the last page of
 * an order-2 kmalloc-1k slab. An address inside that page that is no
 * object start, and one in a page that was a slab's and went back, are
 * refused without a crash.
 */
START_TEST(test_virt_to_slab_pages)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *s = create(m, "t_big", 1024, 0, 0);
	uint64_t o[16], stale;

	ck_assert_uint_eq(s->order, 2);
	for (int i = 0; i < 16; i++)
		o[i] = alloc1(m, s, GFP_KERNEL);
	ck_assert_uint_eq(virt_to_pfn(m, o[15]), virt_to_pfn(m, o[0]) + 3);
	ck_assert_int_eq(kfree(m, o[15] + 8), -EINVAL);
	ck_machine_ok(m);
	ck_assert_int_eq(kfree(m, o[15]), 0);
	ck_assert_int_eq(kfree(m, o[14]), 0);
	ck_machine_ok(m);
	stale = o[13];
	for (int i = 0; i < 14; i++)
		ck_assert_int_eq(kfree(m, o[i]), 0);
	ck_assert_uint_eq(kmem_cache_shrink(m, s), 1);
	ck_assert_uint_eq(s->nr_slabs, 0);
	ck_assert_int_eq(kfree(m, stale), -EFAULT);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * kmem_cache_alloc_node for the other node: the cpu slab is of node 0, so
 * it is deactivated (to node 0's partial list: it has free objects) and a
 * node 1 slab becomes the cpu slab.
 */
START_TEST(test_alloc_other_node)
{
	struct machine *m = boot_preset("numa2");
	struct kmem_cache *s = create(m, "t_obj", 256, 0, 0);
	uint64_t a = alloc1(m, s, GFP_KERNEL), b;

	ck_assert_int_eq(cpu_stats(m, s, 0).slab_nid, 0);
	ck_assert_int_eq(kmem_cache_alloc_node(m, s, GFP_KERNEL, 1, &b), 0);
	ck_assert_int_eq(cpu_stats(m, s, 0).slab_nid, 1);
	ck_assert_uint_eq(node_stats(m, s, 0).nr_partial, 1);
	ck_assert_uint_eq(node_stats(m, s, 1).nr_slabs, 1);
	ck_machine_ok(m);
	/* no node asked: the cpu slab serves, whatever its node */
	ck_assert_int_eq(kmem_cache_alloc(m, s, GFP_KERNEL, &a), 0);
	ck_assert_uint_eq(virt_to_pfn(m, a), virt_to_pfn(m, b));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- slub_debug */

START_TEST(test_double_free)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *s = cache(m, "kmalloc-512");
	uint64_t a = kmalloc1(m, 300, GFP_KERNEL, NULL);
	unsigned long inuse;
	g_autofree char *fix = g_strdup_printf("FIX kmalloc-512: Object at 0x%llx not freed",
					       (unsigned long long)a);

	ck_assert_int_eq(kfree(m, a), 0);
	inuse = s->nr_inuse;
	ck_assert_int_eq(kfree(m, a), -EINVAL);
	ck_logged(m, "=========================================================================");
	ck_logged(m, "BUG kmalloc-512 (Not tainted): Object already free");
	ck_logged(m, fix);
	ck_assert_uint_eq(s->nr_inuse, inuse);
	ck_machine_ok(m);
	ck_assert_int_eq(kmem_cache_free(m, s, a), -EINVAL);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_invalid_pointer)
{
	struct machine *m = boot_preset("default");
	uint64_t a = kmalloc1(m, 300, GFP_KERNEL, NULL);
	g_autofree char *bug = g_strdup_printf("BUG kmalloc-512 (Not tainted): "
					       "Invalid object pointer 0x%llx",
					       (unsigned long long)(a + 8));

	ck_assert_int_eq(kfree(m, a + 8), -EINVAL);
	ck_logged(m, bug);
	ck_logged(m, "Slab 0x");
	ck_assert_int_eq(ksize(m, a + 8), -EINVAL);
	ck_assert_int_eq(kfree(m, a), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_wrong_cache)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *s = create(m, "my_obj", 200, 0, SLAB_HWCACHE_ALIGN);
	uint64_t a = kmalloc1(m, 300, GFP_KERNEL, NULL);
	struct kmem_cache *owner;

	ck_assert_int_eq(kmem_cache_free(m, s, a), -EINVAL);
	ck_logged(m, "cache_from_obj: Wrong slab cache. my_obj but object is from kmalloc-512");
	ck_logged(m, "WARNING: mm/slub.c at cache_from_obj, CPU#0: mmsimctl");
	ck_assert(kmem_obj_info(m, a, &owner));
	ck_assert_str_eq(owner->name, "kmalloc-512");
	ck_machine_ok(m);
	ck_assert_int_eq(kmem_cache_free(m, cache(m, "kmalloc-512"), a), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* An address outside the direct map (vmalloc, user): CONFIG_DEBUG_VIRTUAL's BUG. */
START_TEST(test_not_direct_map)
{
	struct machine *m = boot_preset("default");
	struct machine *i386 = boot_preset("i386-highmem");
	const uint64_t vmalloc_addr = 0xffffc90000000000ULL;	/* x86_64 VMALLOC_START */

	ck_assert_int_eq(kfree(m, vmalloc_addr), -EFAULT);
	ck_logged(m, "kernel BUG at arch/x86/mm/physaddr.c:25!");
	ck_assert_int_eq(kmem_cache_free(m, cache(m, "dentry"), vmalloc_addr), -EFAULT);
	ck_assert_int_eq(ksize(m, vmalloc_addr), -EFAULT);
	ck_assert_int_eq(kfree(i386, 0x08048000), -EFAULT);
	ck_logged(i386, "kernel BUG at arch/x86/mm/physaddr.c:61!");
	ck_assert_int_eq(kfree(i386, 0xf8000000), -EFAULT);
	ck_logged(i386, "kernel BUG at arch/x86/mm/physaddr.c:62!");
	ck_machine_ok(m);
	ck_machine_ok(i386);
	machine_free(m);
	machine_free(i386);
}
END_TEST

/* A page from alloc_pages, a free page: not kmalloc memory, and left as it was. */
START_TEST(test_page_allocator_page)
{
	struct machine *m = boot_preset("tiny");
	unsigned long pfn;
	uint64_t addr;

	ck_assert_int_eq(alloc_pages_node(m, -1, GFP_KERNEL, 1, &pfn), 0);
	addr = pfn_to_virt(m, pfn);
	ck_assert_int_eq(kfree(m, addr), -EFAULT);
	ck_logged(m, "WARNING: mm/slub.c at free_large_kmalloc, CPU#0: mmsimctl");
	ck_logged(m, "page dumped because: Not a kmalloc allocation");
	ck_assert_int_eq(kmem_cache_free(m, cache(m, "dentry"), addr), -EFAULT);
	ck_logged(m, "virt_to_cache: Object is not a Slab page!");
	ck_machine_ok(m);
	ck_assert_int_eq(__free_pages(m, pfn, 1), 0);
	ck_assert_int_eq(kfree(m, addr), -EFAULT);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

static Suite *kmalloc_suite(void)
{
	Suite *s = suite_create("kmalloc");
	TCase *km = tcase_create("kmalloc");
	TCase *dbg = tcase_create("debug");

	tcase_add_test(km, test_kmalloc_classes);
	tcase_add_test(km, test_kmalloc_300);
	tcase_add_test(km, test_large_kmalloc);
	tcase_add_test(km, test_krealloc);
	tcase_add_test(km, test_ksize);
	tcase_add_test(km, test_i386_lowmem);
	tcase_add_test(km, test_cpu_slabs);
	tcase_add_test(km, test_partial_lists);
	tcase_add_test(km, test_debug_cache_lists);
	tcase_add_test(km, test_virt_to_slab_pages);
	tcase_add_test(km, test_alloc_other_node);
	tcase_add_test(dbg, test_double_free);
	tcase_add_test(dbg, test_invalid_pointer);
	tcase_add_test(dbg, test_wrong_cache);
	tcase_add_test(dbg, test_not_direct_map);
	tcase_add_test(dbg, test_page_allocator_page);
	suite_add_tcase(s, km);
	suite_add_tcase(s, dbg);
	return s;
}

int main(void)
{
	return run_suite(kmalloc_suite());
}
