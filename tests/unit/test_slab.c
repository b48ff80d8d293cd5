// SPDX-License-Identifier: GPL-2.0
/*
 * SLUB's caches: the geometry of every kmalloc cache and the boot caches
 * against the reference machine, create and its refusals, object reuse,
 * slabs growing one by one and going back to the buddy allocator, the
 * order fallback, GFP reserves, node placement, destroy with live objects,
 * the boot profile, the shrinkers and drop_caches, and machine_check()
 * catching a corrupted cache. The kmalloc family is test_kmalloc's part.
 * machine_check() runs after every step that changes the engine.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "mm/sysctl.h"
#include "slab_util.h"

static int addr_nid(struct machine *m, uint64_t addr)
{
	return page_zone_pfn(m, (unsigned long)virt_to_pfn(m, addr))->zone_pgdat->node_id;
}

static void ck_geometry(struct machine *m, const char *name, unsigned int size,
			unsigned int objects, unsigned int pages)
{
	const struct kmem_cache *s = cache(m, name);

	ck_assert_msg(s->size == size && s->objects == objects && (1U << s->order) == pages,
		      "%s: %u %u/%u, expected %u %u/%u", name, s->size, s->objects, 1U << s->order,
		      size, objects, pages);
}

/* ---------------------------------------------------------------- geometry */

/* reference §3.3, verified on the 2-CPU reference machine: objperslab/pagesperslab */
static const struct { unsigned int size, objects, pages; const char *sfx; } kmalloc_geo[] = {
	{ 8, 512, 1, "8" }, { 16, 256, 1, "16" }, { 32, 128, 1, "32" }, { 64, 64, 1, "64" },
	{ 96, 42, 1, "96" }, { 128, 32, 1, "128" }, { 192, 21, 1, "192" }, { 256, 16, 1, "256" },
	{ 512, 16, 2, "512" }, { 1024, 16, 4, "1k" }, { 2048, 16, 8, "2k" }, { 4096, 8, 8, "4k" },
	{ 8192, 4, 8, "8k" },
};

START_TEST(test_kmalloc_geometry)
{
	struct machine *m = boot_preset("default");
	static const char *const prefix[] = {
		"kmalloc-", "kmalloc-rcl-", "dma-kmalloc-", "kmalloc-cg-",
	};

	for (size_t p = 0; p < G_N_ELEMENTS(prefix); p++)
		for (size_t i = 0; i < G_N_ELEMENTS(kmalloc_geo); i++) {
			g_autofree char *name = g_strconcat(prefix[p], kmalloc_geo[i].sfx, NULL);

			ck_geometry(m, name, kmalloc_geo[i].size, kmalloc_geo[i].objects,
				    kmalloc_geo[i].pages);
		}
	ck_assert(cache(m, "kmalloc-rcl-64")->flags & SLAB_RECLAIM_ACCOUNT);
	ck_assert_uint_eq(cache(m, "dma-kmalloc-64")->allocflags, __GFP_COMP | GFP_DMA);
	ck_assert(cache(m, "kmalloc-cg-64")->flags & SLAB_ACCOUNT);
	/* min_partial = clamp(ilog2(size) / 2, 5, 10) */
	ck_assert_uint_eq(cache(m, "kmalloc-8")->min_partial, 5);
	ck_assert_uint_eq(cache(m, "kmalloc-8k")->min_partial, 6);
	machine_free(m);
}
END_TEST

/* s->size objperslab pagesperslab of the reference machine's slabinfo */
static const struct { const char *name; unsigned int size, objects, pages; } named_geo[] = {
	{ "kmem_cache", 256, 16, 1 }, { "kmem_cache_node", 128, 32, 1 },
	{ "vmap_area", 72, 56, 1 }, { "mm_struct", 1600, 20, 8 }, { "maple_node", 256, 16, 1 },
	{ "radix_tree_node", 584, 14, 2 }, { "ftrace_event_field", 56, 73, 1 },
	{ "trace_event_file", 96, 42, 1 }, { "pid", 192, 21, 1 }, { "anon_vma", 104, 39, 1 },
	{ "anon_vma_chain", 64, 64, 1 }, { "task_struct", 6016, 5, 8 },
	{ "sighand_cache", 2112, 15, 8 }, { "signal_cache", 1152, 14, 4 },
	{ "files_cache", 704, 23, 4 }, { "vm_area_struct", 192, 21, 1 }, { "nsproxy", 72, 56, 1 },
	{ "lsm_inode_cache", 32, 128, 1 }, { "names_cache", 4096, 8, 8 }, { "dentry", 192, 21, 1 },
	{ "inode_cache", 624, 13, 2 }, { "filp", 192, 21, 1 }, { "mnt_cache", 384, 21, 2 },
	{ "kernfs_node_cache", 136, 30, 1 }, { "shmem_inode_cache", 752, 21, 4 },
	{ "bdev_cache", 1536, 21, 8 }, { "sigqueue", 80, 51, 1 }, { "seq_file", 120, 34, 1 },
	{ "proc_inode_cache", 696, 23, 4 }, { "pde_opener", 40, 102, 1 },
	{ "proc_dir_entry", 192, 21, 1 }, { "mem_cgroup", 2240, 14, 8 },
	{ "buffer_head", 104, 39, 1 }, { "debugfs_inode_cache", 640, 12, 2 },
	{ "tracefs_inode_cache", 656, 12, 2 }, { "skbuff_head_cache", 256, 16, 1 },
	{ "sock_inode_cache", 832, 19, 4 }, { "uid_cache", 128, 32, 1 },
	{ "biovec-max", 4096, 8, 8 }, { "eventpoll_epi", 128, 32, 1 },
	{ "hugetlbfs_inode_cache", 632, 25, 4 }, { "TCP", 2368, 13, 8 }, { "UDP", 1344, 12, 4 },
	{ "mqueue_inode_cache", 960, 17, 4 }, { "ext4_inode_cache", 1128, 14, 4 },
	{ "extent_status", 40, 102, 1 }, { "jbd2_journal_head", 120, 34, 1 },
};

START_TEST(test_named_geometry)
{
	struct machine *m = boot_preset("default");
	GList *l = slab_caches(m), *last = g_list_last(l);

	for (size_t i = 0; i < G_N_ELEMENTS(named_geo); i++)
		ck_geometry(m, named_geo[i].name, named_geo[i].size, named_geo[i].objects,
			    named_geo[i].pages);
	/* newest first, as slabinfo lists them: kmem_cache_node and kmem_cache last */
	ck_assert_str_eq(((struct kmem_cache *)last->data)->name, "kmem_cache");
	ck_assert_str_eq(((struct kmem_cache *)last->prev->data)->name, "kmem_cache_node");
	ck_assert_str_eq(((struct kmem_cache *)last->prev->prev->data)->name, "kmalloc-96");
	ck_assert_str_eq(((struct kmem_cache *)g_list_nth_data(l, 0))->name, "jbd2_journal_head");
	/* every cache is an object of kmem_cache, and per node of kmem_cache_node */
	ck_assert_uint_eq(cache(m, "kmem_cache")->nr_inuse, g_list_length(l));
	ck_assert_uint_eq(cache(m, "kmem_cache_node")->nr_inuse, g_list_length(l));
	ck_assert(cache(m, "dentry")->flags & SLAB_RECLAIM_ACCOUNT);
	ck_assert(!(cache(m, "filp")->flags & SLAB_RECLAIM_ACCOUNT));
	machine_free(m);
}
END_TEST

/* calculate_alignment, calculate_sizes and calculate_order on caches of our own */
START_TEST(test_create_geometry)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *s;

	/* the cache line for an object above half a line ... */
	s = create(m, "my_obj", 200, 0, SLAB_HWCACHE_ALIGN);
	ck_assert_uint_eq(s->align, 64);
	ck_geometry(m, "my_obj", 256, 16, 1);
	ck_assert_uint_eq(s->min_partial, 5);
	/* ... a fraction of it below: 20 bytes align to 32 */
	s = create(m, "small", 20, 0, SLAB_HWCACHE_ALIGN);
	ck_assert_uint_eq(s->align, 32);
	ck_geometry(m, "small", 32, 128, 1);
	/* no flag: a word */
	create(m, "odd", 20, 0, 0);
	ck_geometry(m, "odd", 24, 170, 1);
	/* waste above 1/16 at every order: accepted at 1/8 (hugetlbfs_inode_cache's size) */
	create(m, "frac", 632, 0, 0);
	ck_geometry(m, "frac", 632, 25, 4);
	/* larger than an order-3 slab: one object at get_order(size), like kvm_vcpu */
	s = create(m, "huge", 51472, 0, 0);
	ck_geometry(m, "huge", 51472, 1, 16);
	ck_assert_uint_eq(s->min_partial, 7);
	/*
	 * slub_debug layout of a 200-byte object: a red-zone word (208), the free
	 * pointer behind it for poisoning (216), two tracks (280), the right and
	 * left red zones (296).
	 */
	s = create(m, "debug", 200, 0, SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER);
	ck_geometry(m, "debug", 296, 13, 1);
	ck_assert_uint_eq(s->inuse, 208);
	ck_assert_uint_eq(s->offset, 208);
	ck_assert_uint_eq(s->red_left_pad, 8);
	/* SLAB_TYPESAFE_BY_RCU moves the free pointer out: anon_vma's 96 -> 104 */
	s = create(m, "rcu", 96, 0, SLAB_TYPESAFE_BY_RCU);
	ck_geometry(m, "rcu", 104, 39, 1);
	ck_assert_uint_eq(s->offset, 96);
	s = create(m, "dma", 100, 0, SLAB_CACHE_DMA);
	ck_assert_uint_eq(s->allocflags, __GFP_COMP | GFP_DMA);
	machine_free(m);
}
END_TEST

/* min_objects = 4 * (fls(cpus) + 1): 8 on one CPU, 12 on two, 16 on four */
START_TEST(test_geometry_cpus)
{
	struct machine *tiny = boot_preset("tiny");
	struct machine *numa = boot_preset("numa2");

	ck_geometry(tiny, "kmalloc-512", 512, 8, 1);
	ck_geometry(tiny, "kmalloc-1k", 1024, 8, 2);
	ck_geometry(tiny, "mm_struct", 1600, 10, 4);
	ck_geometry(tiny, "task_struct", 6016, 5, 8);
	ck_geometry(numa, "kmalloc-512", 512, 16, 2);
	ck_geometry(numa, "sighand_cache", 2112, 15, 8);
	ck_geometry(numa, "inode_cache", 624, 26, 4);
	/* struct kmem_cache grows by a pointer per node */
	ck_assert_uint_eq(cache(numa, "kmem_cache")->object_size, 224);
	ck_assert_uint_eq(cache(numa, "kmem_cache_node")->nr_inuse,
			  2 * g_list_length(slab_caches(numa)));
	machine_free(tiny);
	machine_free(numa);
}
END_TEST

START_TEST(test_create_errors)
{
	struct machine *m = boot_preset("tiny");
	struct kmem_cache *s = NULL;
	unsigned int n = g_list_length(slab_caches(m));

	ck_assert_int_eq(kmem_cache_create(m, "zero", 0, 0, 0, &s), -EINVAL);
	ck_logged(m, "kmem_cache_create(zero) integrity check failed");
	ck_logged(m, "__kmem_cache_create_args(zero) failed with error -22");
	ck_assert_int_eq(kmem_cache_create(m, "big", KMALLOC_MAX_SIZE + 1, 0, 0, &s), -EINVAL);
	ck_assert_int_eq(kmem_cache_create(m, "big", KMALLOC_MAX_SIZE, 0, 0, &s), 0);
	ck_geometry(m, "big", KMALLOC_MAX_SIZE, 1, 1024);
	ck_assert_int_eq(kmem_cache_create(m, "has space", 64, 0, 0, &s), -EINVAL);
	ck_assert_int_eq(kmem_cache_create(m, "a/b", 64, 0, 0, &s), -EINVAL);
	ck_assert_int_eq(kmem_cache_create(m, "", 64, 0, 0, &s), -EINVAL);
	ck_assert_int_eq(kmem_cache_create(m, "0123456789012345678901234567890123456789"
					      "012345678901234567890123", 64, 0, 0, &s), -EINVAL);
	ck_assert_int_eq(kmem_cache_create(m, "flags", 64, 0, SLAB_KMALLOC, &s), -EINVAL);
	ck_assert_int_eq(kmem_cache_create(m, "align", 64, 48, 0, &s), -EINVAL);
	ck_assert_int_eq(kmem_cache_create(m, "align", 64, 2 * PAGE_SIZE, 0, &s), -EINVAL);
	ck_assert_int_eq(kmem_cache_create(m, "dmas", 64, 0, SLAB_CACHE_DMA | SLAB_CACHE_DMA32, &s),
			 -EINVAL);
	ck_assert_int_eq(kmem_cache_create(m, "dentry", 192, 0, 0, &s), -EEXIST);
	ck_logged(m, "__kmem_cache_create_args(dentry) failed with error -17");
	ck_assert_int_eq(kmem_cache_create(m, "panic", 0, 0, SLAB_PANIC, &s), -EINVAL);
	ck_logged(m, "Kernel panic - not syncing: __kmem_cache_create_args: "
		     "Failed to create slab 'panic'. Error -22");
	ck_assert_uint_eq(g_list_length(slab_caches(m)), n + 1);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- slabs */

START_TEST(test_object_reuse)
{
	struct machine *m = boot_preset("tiny");
	struct kmem_cache *s = create(m, "reuse", 100, 0, 0);
	uint64_t a, b, c;

	a = alloc1(m, s, GFP_KERNEL);
	b = alloc1(m, s, GFP_KERNEL);
	/* a fresh slab hands its objects out in address order */
	ck_assert_uint_eq(a % PAGE_SIZE, 0);
	ck_assert_uint_eq(b, a + s->size);
	ck_assert_int_eq(kmem_cache_free(m, s, a), 0);
	ck_machine_ok(m);
	/* the object freed last comes back first */
	c = alloc1(m, s, GFP_KERNEL);
	ck_assert_uint_eq(c, a);
	ck_assert_int_eq(kmem_cache_free(m, s, b), 0);
	ck_assert_int_eq(kmem_cache_free(m, s, c), 0);
	/* the same with kmalloc */
	a = kmalloc1(m, 700, GFP_KERNEL, NULL);
	ck_assert_int_eq(kfree(m, a), 0);
	ck_assert_uint_eq(kmalloc1(m, 700, GFP_KERNEL, NULL), a);
	ck_assert_int_eq(kfree(m, a), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * kmem_cache_alloc count=10000 grows the cache slab by slab, the full ones
 * on no list. Freeing it all in order: the first free into each full slab
 * puts it on the cpu partial list (cpu_partial 52 objects: 7 slabs of 16);
 * the 8th drains the list, whose empty slabs fill the node partial list to
 * min_partial = 5 and go back to the buddy allocator beyond. Left: the cpu
 * slab, slab 624 alone on the cpu partial list (it drained the last 7) and
 * 5 on the node list; kmem_cache_shrink flushes and returns all 7, so
 * NR_FREE_PAGES comes back to the page.
 */
START_TEST(test_grow_and_return)
{
	struct machine *m = boot_preset("tiny");
	struct kmem_cache *s = create(m, "my_obj", 200, 0, SLAB_HWCACHE_ALIGN);
	unsigned long free0 = nr_free(m);
	long unrecl0 = slab_bytes(m, NR_SLAB_UNRECLAIMABLE_B);
	g_autofree uint64_t *objs = g_new(uint64_t, 10000);

	for (unsigned int i = 0; i < 10000; i++) {
		objs[i] = alloc1(m, s, GFP_KERNEL);
		ck_assert_uint_eq(s->nr_slabs, i / 16 + 1);
		if (i % 2000 == 0)
			ck_machine_ok(m);
	}
	ck_assert_uint_eq(s->nr_objects, 10000);
	ck_assert_uint_eq(s->nr_inuse, 10000);
	ck_assert_uint_eq(s->cpu_partial, 52);
	ck_assert_uint_eq(s->cpu_partial_slabs, 7);
	ck_assert_uint_eq(s->node[0].partial.length, 0);
	ck_assert_uint_eq(nr_free(m), free0 - 625);
	ck_assert_int_eq(slab_bytes(m, NR_SLAB_UNRECLAIMABLE_B), unrecl0 + 625 * 4096);
	ck_machine_ok(m);
	for (unsigned int i = 0; i < 10000; i++)
		ck_assert_int_eq(kmem_cache_free(m, s, objs[i]), 0);
	ck_assert_uint_eq(s->nr_slabs, 7);
	ck_assert_uint_eq(s->node[0].partial.length, 5);
	ck_assert_ptr_nonnull(s->cpu_slab[0].slab);
	{
		struct slab_cpu_stats cs;

		kmem_cache_cpu_stats(m, s, 0, &cs);
		ck_assert_int_eq(cs.partial_slabs, 1);
	}
	ck_assert_uint_eq(nr_free(m), free0 - 7);
	ck_machine_ok(m);
	ck_assert_uint_eq(kmem_cache_shrink(m, s), 7);
	ck_assert_uint_eq(nr_free(m), free0);
	ck_assert_int_eq(slab_bytes(m, NR_SLAB_UNRECLAIMABLE_B), unrecl0);
	ck_machine_ok(m);
	ck_assert_int_eq(kmem_cache_destroy(m, s), 0);
	ck_assert_ptr_null(kmem_cache_find(m, "my_obj"));
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* SLAB_RECLAIM_ACCOUNT slabs come from MIGRATE_RECLAIMABLE and count as SReclaimable. */
START_TEST(test_reclaimable)
{
	struct machine *m = boot_preset("tiny");
	struct kmem_cache *s = create(m, "rcl", 1000, 0, SLAB_RECLAIM_ACCOUNT);
	long rcl0 = slab_bytes(m, NR_SLAB_RECLAIMABLE_B);
	uint64_t addr = alloc1(m, s, GFP_KERNEL);
	unsigned long pfn = (unsigned long)virt_to_pfn(m, addr), head;
	unsigned int order;
	int mt;

	ck_assert_int_eq(pfn_state(m, pfn, &head, &order, &mt), PAGE_STATE_ALLOCATED);
	ck_assert_int_eq(mt, MIGRATE_RECLAIMABLE);
	ck_assert_uint_eq(order, s->order);
	ck_assert(pfn_to_page(m, head)->flags & PG_slab);
	ck_assert_int_eq(slab_bytes(m, NR_SLAB_RECLAIMABLE_B), rcl0 + (long)(PAGE_SIZE << order));
	ck_machine_ok(m);
	ck_assert_int_eq(kmem_cache_free(m, s, addr), 0);
	ck_assert_uint_eq(kmem_cache_shrink(m, s), 1);
	ck_assert_int_eq(slab_bytes(m, NR_SLAB_RECLAIMABLE_B), rcl0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* Allocate order-0 pages until the allocator says no. */
static void drain(struct machine *m, gfp_t gfp, GArray *pfns)
{
	unsigned long pfn;

	while (alloc_pages_node(m, -1, gfp | __GFP_NOWARN | __GFP_NORETRY, 0, &pfn) == 0)
		g_array_append_val(pfns, pfn);
}

static void undrain(struct machine *m, GArray *pfns)
{
	for (guint i = 0; i < pfns->len; i++)
		ck_assert_int_eq(__free_pages(m, g_array_index(pfns, unsigned long, i), 0), 0);
	g_array_set_size(pfns, 0);
}

/* A new slab is a page allocation: GFP_ATOMIC reaches below min, GFP_NOWAIT does not. */
START_TEST(test_atomic_reserves)
{
	struct machine *m = boot_preset("tiny");
	struct kmem_cache *s = create(m, "atomic", 256, 0, 0);
	g_autoptr(GArray) pfns = g_array_new(FALSE, FALSE, sizeof(unsigned long));
	uint64_t addr;

	drain(m, GFP_KERNEL, pfns);
	ck_machine_ok(m);
	ck_assert_int_eq(kmem_cache_alloc(m, s, GFP_NOWAIT, &addr), -ENOMEM);
	ck_assert(!logged(m, "SLUB: Unable"));
	ck_assert_int_eq(kmem_cache_alloc(m, s, GFP_KERNEL, &addr), -ENOMEM);
	ck_logged(m, "SLUB: Unable to allocate memory on CPU 0 (of node 0) on node -1, "
		     "gfp=0xcc0(GFP_KERNEL)");
	ck_logged(m, "  cache: atomic, object size: 256, buffer size: 256, default order: 0, "
		     "min order: 0");
	ck_logged(m, "  node 0: slabs: 0, objs: 0, free: 0");
	ck_assert_uint_eq(s->nr_slabs, 0);
	ck_machine_ok(m);
	addr = alloc1(m, s, GFP_ATOMIC);
	ck_assert_uint_eq(s->nr_slabs, 1);
	ck_machine_ok(m);
	/* the slab's other objects need no page: GFP_NOWAIT gets them */
	ck_assert_int_eq(kmem_cache_alloc(m, s, GFP_NOWAIT, &addr), 0);
	undrain(m, pfns);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/*
 * With no free block of order 3 anywhere, kmalloc-8k's order-3 slab fails
 * quietly and SLUB falls back to s->min, one object of order 1.
 */
START_TEST(test_order_fallback)
{
	struct machine *m = boot_preset("tiny");
	struct kmem_cache *s = cache(m, "kmalloc-8k");
	g_autoptr(GArray) pfns = g_array_new(FALSE, FALSE, sizeof(unsigned long));
	g_autoptr(GArray) kept = g_array_new(FALSE, FALSE, sizeof(unsigned long));
	unsigned long objects = s->nr_objects, slabs = s->nr_slabs;
	struct kmalloc_where w;
	uint64_t addr[8];
	int n = 0;

	/* take every page, then give back two of every four: free order-1 blocks only */
	drain_all_pages(m, NULL);
	drain(m, GFP_KERNEL | __GFP_MEMALLOC, pfns);
	ck_assert_uint_eq(nr_free(m), 0);
	for (guint i = 0; i < pfns->len; i++) {
		unsigned long pfn = g_array_index(pfns, unsigned long, i);

		if ((pfn & 3) < 2)
			ck_assert_int_eq(__free_pages(m, pfn, 0), 0);
		else
			g_array_append_val(kept, pfn);
	}
	ck_machine_ok(m);
	/* the partial slabs' free objects first, then new slabs */
	while (s->nr_objects == objects && n < 8)
		addr[n++] = kmalloc1(m, 8192, GFP_KERNEL, &w);
	ck_assert_uint_eq(s->nr_slabs, slabs + 1);
	ck_assert_uint_eq(s->nr_objects, objects + 1);
	ck_assert_uint_eq(s->min_order, 1);
	ck_assert(!logged(m, "page allocation failure"));
	ck_machine_ok(m);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(kfree(m, addr[i]), 0);
	undrain(m, kept);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_numa_node)
{
	struct machine *m = boot_preset("numa2");
	struct kmem_cache *s = create(m, "numa", 500, 0, 0);
	long n1 = NODE_DATA(m, 1)->vm_stat[NR_SLAB_UNRECLAIMABLE_B];
	struct slab_node_stats st;
	struct kmalloc_where w;
	uint64_t a, b;

	ck_assert_int_eq(kmem_cache_alloc_node(m, s, GFP_KERNEL, 1, &a), 0);
	ck_assert_int_eq(addr_nid(m, a), 1);
	ck_assert_int_eq(NODE_DATA(m, 1)->vm_stat[NR_SLAB_UNRECLAIMABLE_B],
			 n1 + (long)(PAGE_SIZE << s->order));
	/* no node asked, none on the local node 0: get_any_partial() takes node 1's */
	b = alloc1(m, s, GFP_KERNEL);
	ck_assert_uint_eq(b, a + s->size);
	/* node 0 asked with __GFP_THISNODE: a node-0 slab */
	ck_assert_int_eq(kmem_cache_alloc_node(m, s, GFP_KERNEL | __GFP_THISNODE, 0, &b), 0);
	ck_assert_int_eq(addr_nid(m, b), 0);
	kmem_cache_node_stats(m, s, 1, &st);
	ck_assert_uint_eq(st.nr_slabs, 1);
	ck_assert_uint_eq(st.nr_partial, 1);
	ck_assert_uint_eq(st.nr_inuse, 2);
	ck_assert_uint_eq(st.nr_partial_free, s->objects - 2);
	ck_assert_int_eq(kmalloc_node(m, 100, GFP_KERNEL, 1, &b, &w), 0);
	ck_assert_int_eq(w.nid, 1);
	ck_machine_ok(m);
	ck_assert_int_eq(kfree(m, b), 0);
	ck_assert_int_eq(kmem_cache_alloc_node(m, s, GFP_KERNEL, 2, &b), -EINVAL);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* Zone bits a slab cannot honour are stripped with the kernel's complaint. */
START_TEST(test_gfp_fixup)
{
	struct machine *m = boot_preset("tiny");
	struct kmem_cache *s = create(m, "fix", 64, 0, 0);

	alloc1(m, s, GFP_KERNEL | __GFP_HIGHMEM);
	ck_logged(m, "Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 (GFP_KERNEL). "
		     "Fix your code!");
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- destroy */

START_TEST(test_destroy)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *s = create(m, "my_obj", 200, 0, SLAB_HWCACHE_ALIGN);
	struct kmem_cache *kc = cache(m, "kmem_cache");
	unsigned long nr_caches = kc->nr_inuse;
	uint64_t a = alloc1(m, s, GFP_KERNEL);
	g_autofree char *obj = g_strdup_printf("Object 0x%llx @offset=0", (unsigned long long)a);

	ck_assert_int_eq(kmem_cache_destroy(m, s), -EBUSY);
	ck_logged(m, "BUG my_obj (Not tainted): Objects remaining on __kmem_cache_shutdown()");
	ck_logged(m, obj);
	ck_logged(m, "kmem_cache_destroy my_obj: Slab cache still has objects "
		     "when called from mmsimctl");
	ck_assert_ptr_eq(kmem_cache_find(m, "my_obj"), s);
	ck_machine_ok(m);
	ck_assert_int_eq(kmem_cache_free(m, s, a), 0);
	ck_assert_int_eq(kmem_cache_destroy(m, s), 0);
	ck_assert_ptr_null(kmem_cache_find(m, "my_obj"));
	ck_assert_uint_eq(kc->nr_inuse, nr_caches - 1);
	ck_machine_ok(m);
	/* the name is free again */
	s = create(m, "my_obj", 64, 0, 0);
	ck_assert_int_eq(kmem_cache_destroy(m, s), 0);
	/* the kernel's own caches stay */
	ck_assert_int_eq(kmem_cache_destroy(m, cache(m, "dma-kmalloc-8")), -EPERM);
	ck_assert_int_eq(kmem_cache_destroy(m, cache(m, "jbd2_journal_head")), -EPERM);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- boot, shrinkers */

START_TEST(test_boot_profile)
{
	struct machine *m = boot_bare("default");
	g_autofree char *meminfo = render(m, "proc/meminfo");

	ck_assert_uint_eq(cache(m, "dentry")->nr_inuse, 38157);
	ck_assert_uint_eq(cache(m, "dentry")->nr_unused, 30000);
	ck_assert_uint_eq(cache(m, "dentry")->nr_slabs, 1817);
	/* tasks make their own objects: the profile has none of theirs */
	ck_assert_uint_eq(cache(m, "task_struct")->nr_inuse, 0);
	ck_assert(cache(m, "lsm_inode_cache")->shrinkable);
	ck_assert(!cache(m, "filp")->shrinkable);
	ck_assert_uint_eq(cache(m, "kmalloc-rcl-8")->nr_slabs, 0);
	/* Slab is 1.6 % of MemTotal, SReclaimable four fifths of it */
	ck_assert_ptr_nonnull(strstr(meminfo, "Slab:              65028 kB\n"
					      "SReclaimable:      54296 kB\n"
					      "SUnreclaim:        10732 kB\n"));
	ck_logged(m, "SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=2, Nodes=1");
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_boot_profile_errors)
{
	struct machine_desc d = *machine_preset("tiny");
	char err[256] = "";

	g_strlcpy(d.slab_profile[0].cache, "no_such_cache", sizeof(d.slab_profile[0].cache));
	ck_assert_ptr_null(machine_boot(&d, 1, err, sizeof(err)));
	ck_assert_str_eq(err, "slab.no_such_cache: no cache of that name");
	d = *machine_preset("tiny");
	d.slab_profile[0].unused = d.slab_profile[0].objects + 1;
	ck_assert_ptr_null(machine_boot(&d, 1, err, sizeof(err)));
	ck_assert_str_eq(err, "slab.kmalloc-8: unused=257 is more than the 256 objects");
	d = *machine_preset("tiny");
	d.slab_profile[0].objects = 100000000;
	ck_assert_ptr_null(machine_boot(&d, 1, err, sizeof(err)));
	ck_assert_str_eq(err, "slab.kmalloc-8: out of memory after 6679040 of 100000000 objects");
}
END_TEST

/* drop_caches=2 frees the unused dentries and inodes; emptied slabs go back. */
START_TEST(test_drop_slab)
{
	struct machine *m = boot_preset("default");
	struct kmem_cache *dentry = cache(m, "dentry");
	long rcl0 = slab_bytes(m, NR_SLAB_RECLAIMABLE_B);
	long slab0 = rcl0 + slab_bytes(m, NR_SLAB_UNRECLAIMABLE_B);
	unsigned long free0 = nr_free(m), unused = 0, pages = 0;
	const long two = 2;

	for (GList *l = slab_caches(m); l; l = l->next)
		unused += ((struct kmem_cache *)l->data)->nr_unused;
	ck_assert_int_eq(sysctl_store(m, sysctl_find("vm", "drop_caches"), &two, 1), 0);
	ck_assert_uint_eq(m->vm_events[SLABS_SCANNED], unused);
	ck_assert_uint_eq(m->vm_events[DROP_SLAB], 1);
	ck_assert_uint_eq(dentry->nr_inuse, 8157);
	ck_assert_uint_eq(dentry->nr_unused, 0);
	/*
	 * 388 full on no list; on the node, the one that kept 9 used dentries
	 * and 5 empty ones (min_partial); 12 (cpu_partial_slabs) on cpu 0's
	 * partial list and the cpu slab
	 */
	ck_assert_uint_eq(dentry->nr_slabs, 407);
	ck_assert_uint_eq(dentry->node[0].partial.length, 6);
	ck_assert_ptr_nonnull(dentry->cpu_slab[0].slab);
	{
		struct slab_cpu_stats cs;

		kmem_cache_cpu_stats(m, dentry, 0, &cs);
		ck_assert_int_eq(cs.partial_slabs, 12);
	}
	for (GList *l = slab_caches(m); l; l = l->next)
		ck_assert_uint_eq(((struct kmem_cache *)l->data)->nr_unused, 0);
	/*
	 * every page freed was a slab page: 1707 ext4 inode slabs of 4 pages,
	 * 1410 dentry, 247 extent_status, 10 inode_cache of 2 and 20
	 * proc_inode_cache of 4 pages are reclaimable; 187 lsm_inode_cache not
	 */
	pages = nr_free(m) - free0;
	ck_assert_int_eq(slab_bytes(m, NR_SLAB_RECLAIMABLE_B) +
			 slab_bytes(m, NR_SLAB_UNRECLAIMABLE_B), slab0 - (long)(pages * PAGE_SIZE));
	ck_assert_int_eq(slab_bytes(m, NR_SLAB_RECLAIMABLE_B), rcl0 - 8585 * (long)PAGE_SIZE);
	ck_assert_uint_eq(pages, 8585 + 187);
	ck_machine_ok(m);
	/* nothing left to drop */
	ck_assert_uint_eq(drop_slab(m), 0);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

START_TEST(test_shrinker_and_unused)
{
	struct machine *m = boot_preset("tiny");
	struct kmem_cache *s = cache(m, "dentry");
	unsigned long unused = s->nr_unused, inuse = s->nr_inuse;
	uint64_t a = alloc1(m, s, GFP_KERNEL);

	ck_assert_int_eq(kmem_cache_set_unused(m, s, a, true), 0);
	ck_assert_uint_eq(s->nr_unused, unused + 1);
	ck_machine_ok(m);
	/* freeing an unused object takes it off the shrinker's list */
	ck_assert_int_eq(kmem_cache_free(m, s, a), 0);
	ck_assert_uint_eq(s->nr_unused, unused);
	ck_assert_int_eq(kmem_cache_set_unused(m, s, a, true), -EINVAL);
	ck_machine_ok(m);
	/* the shrinker frees at most what it is asked to */
	ck_assert_uint_eq(shrink_slab_cache(m, s, 10), 10);
	ck_assert_uint_eq(s->nr_unused, unused - 10);
	ck_assert_uint_eq(s->nr_inuse, inuse - 10);
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- the checker */

/* The checker itself must catch a corrupted counter. */
START_TEST(test_check_catches_corruption)
{
	struct machine *m = boot_preset("tiny");
	struct kmem_cache *s = cache(m, "dentry");
	unsigned long head;
	unsigned int order;
	int mt;

	s->nr_inuse++;
	ck_assert_int_eq(machine_check(m), -EUCLEAN);
	ck_logged(m, "BUG: cache dentry:");
	s->nr_inuse--;
	ck_machine_ok(m);
	NODE_DATA(m, 0)->vm_stat[NR_SLAB_RECLAIMABLE_B] += PAGE_SIZE;
	ck_assert_int_eq(machine_check(m), -EUCLEAN);
	ck_logged(m, "BUG: node 0 slab bytes");
	NODE_DATA(m, 0)->vm_stat[NR_SLAB_RECLAIMABLE_B] -= PAGE_SIZE;
	ck_machine_ok(m);
	/* a slab page that lost its PG_slab */
	ck_assert_int_eq(pfn_state(m, (unsigned long)virt_to_pfn(m, s->kmem_cache_obj), &head,
				   &order, &mt), PAGE_STATE_ALLOCATED);
	pfn_to_page(m, head)->flags &= (uint16_t)~PG_slab;
	ck_assert_int_eq(machine_check(m), -EUCLEAN);
	ck_logged(m, "is not an allocated PG_slab block");
	pfn_to_page(m, head)->flags |= PG_slab;
	ck_machine_ok(m);
	machine_free(m);
}
END_TEST

static Suite *slab_suite(void)
{
	Suite *s = suite_create("slab");
	TCase *geo = tcase_create("geometry");
	TCase *slabs = tcase_create("slabs");
	TCase *boot = tcase_create("boot");

	tcase_add_test(geo, test_kmalloc_geometry);
	tcase_add_test(geo, test_named_geometry);
	tcase_add_test(geo, test_create_geometry);
	tcase_add_test(geo, test_geometry_cpus);
	tcase_add_test(geo, test_create_errors);
	tcase_add_test(slabs, test_object_reuse);
	tcase_add_test(slabs, test_grow_and_return);
	tcase_add_test(slabs, test_reclaimable);
	tcase_add_test(slabs, test_atomic_reserves);
	tcase_add_test(slabs, test_order_fallback);
	tcase_add_test(slabs, test_numa_node);
	tcase_add_test(slabs, test_gfp_fixup);
	tcase_add_test(slabs, test_destroy);
	tcase_add_test(slabs, test_check_catches_corruption);
	tcase_add_test(boot, test_boot_profile);
	tcase_add_test(boot, test_boot_profile_errors);
	tcase_add_test(boot, test_drop_slab);
	tcase_add_test(boot, test_shrinker_and_unused);
	suite_add_tcase(s, geo);
	suite_add_tcase(s, slabs);
	suite_add_tcase(s, boot);
	return s;
}

int main(void)
{
	return run_suite(slab_suite());
}
