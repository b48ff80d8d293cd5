// SPDX-License-Identifier: GPL-2.0
/*
 * The memory files moving with the engine: the kernel's formulas
 * (watermarks, protection, pagesets, MemAvailable) recomputed from the
 * rendered text alone, the files agreeing with each other, and exact moves
 * of the numbers after allocations.
 *
 * A machine boots with its slab caches populated (the preset's slab
 * profile), so nothing here assumes an empty machine: allocations are
 * checked by how much they move the numbers, and the boot state by how the
 * files agree with each other.
 */
#include <stdlib.h>
#include <string.h>

#include "mm/gfp.h"
#include "mm/slab.h"
#include "procfs_parse.h"

/* ---------------------------------------------------------------- formulas */

/* §2.4: min/low/high/promo from min_free_kbytes, split over lowmem by managed pages */
static void ck_watermarks(const struct machine *m, GArray *zones)
{
	unsigned long pages_min = (unsigned long)m->sysctl.min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long scale = (unsigned long)m->sysctl.watermark_scale_factor;
	unsigned long lowmem = 0;

	for (guint i = 0; i < zones->len; i++)
		if (strcmp(zinfo_at(zones, i)->zone, "HighMem") &&
		    strcmp(zinfo_at(zones, i)->zone, "Movable"))
			lowmem += zinfo_at(zones, i)->managed;
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		unsigned long tmp = pages_min * z->managed / lowmem;
		unsigned long min = tmp, delta = MAX(tmp >> 2, z->managed * scale / 10000);

		if (!strcmp(z->zone, "HighMem") || !strcmp(z->zone, "Movable"))
			min = CLAMP(z->managed / 1024, 32UL, 128UL);
		ck_assert_msg(z->boost == 0 && z->min == min && z->low == min + delta &&
			      z->high == min + 2 * delta && z->promo == min + 3 * delta,
			      "node %d %s: %lu/%lu/%lu/%lu, want min %lu delta %lu", z->nid,
			      z->zone, z->min, z->low, z->high, z->promo, min, delta);
	}
}

/* §2.4: protection[j] = managed pages of zones i+1..j over lowmem_reserve_ratio[i] */
static void ck_protection(const struct machine *m, GArray *zones)
{
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		int idx = (int)i % m->nr_zone_types;
		unsigned long ratio = (unsigned long)m->sysctl.lowmem_reserve_ratio[idx];
		unsigned long sum = 0;

		ck_assert_int_eq(z->nprot, m->nr_zone_types);
		for (int j = 0; j < z->nprot; j++) {
			long want = 0;

			if (j > idx) {
				sum += zinfo_at(zones, i - (guint)idx + (guint)j)->managed;
				want = ratio && z->managed ? (long)(sum / ratio) : 0;
			}
			ck_assert_msg(z->prot[j] == want, "node %d %s protection[%d] %ld, want %ld",
				      z->nid, z->zone, j, z->prot[j], want);
		}
	}
}

static int fls_ul(unsigned long x)
{
	return x ? 64 - __builtin_clzl(x) : 0;
}

static const struct zone *engine_zone(const struct machine *m, const struct zinfo *z)
{
	const pg_data_t *pgdat = NODE_DATA(m, z->nid);

	for (int i = 0; i < pgdat->nr_zones; i++)
		if (!strcmp(pgdat->node_zones[i].name, z->zone))
			return &pgdat->node_zones[i];
	ck_abort_msg("no zone %s", z->zone);
	return NULL;
}

/*
 * §2.3: pageset batch and high marks, split over the CPUs of the zone's node,
 * and the vm stat threshold, sized by every online CPU.
 */
static void ck_pagesets(const struct machine *m, GArray *zones)
{
	long cpus = m->nr_cpus;

	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		long batch = MAX((long)MIN(z->managed >> 10, 256UL) / 4, 1L);
		int mem_bits = fls_ul(z->managed >> (27 - PAGE_SHIFT));
		long node_cpus;

		if (!z->populated)
			continue;
		batch = (1L << (fls_ul((unsigned long)(batch + batch / 2)) - 1)) - 1;
		ck_assert_int_eq(z->ncpus, m->nr_cpus);
		ck_assert_int_eq(z->count, engine_zone(m, z)->per_cpu_pageset[0].count);
		ck_assert_int_eq(z->batch, MAX(batch, 1));
		ck_assert_int_eq(z->threshold,
				 MIN(125, 2 * fls_ul((unsigned long)cpus) * (1 + mem_bits)));
		node_cpus = m->desc.nodes[z->nid].nr_cpus ? m->desc.nodes[z->nid].nr_cpus : cpus;
		ck_assert_int_eq(z->high_min, MAX((long)z->low / node_cpus, z->batch * 4));
		ck_assert_int_eq(z->high_max,
				 MAX((long)(z->managed / 8) / node_cpus, z->batch * 4));
		/* 0 until first used, as the boot pageset leaves it; then auto-tuned in range */
		ck_assert(z->pcp_high == 0 || (z->pcp_high >= z->high_min && z->pcp_high <= z->high_max));
	}
}

/* calculate_totalreserve_pages() from the text */
static unsigned long totalreserve_from_text(GArray *zones)
{
	unsigned long total = 0;

	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		long max = 0;

		for (int j = 0; j < z->nprot; j++)
			max = MAX(max, z->prot[j]);
		total += MIN((unsigned long)max + z->high, z->managed);
	}
	return total;
}

#define meminfo_pages(text, name)	(meminfo_kb(text, name) / (unsigned long)KB_PER_PAGE)

/*
 * §1.2: the slab lines of meminfo are vmstat's byte counters in kB, and
 * KReclaimable adds the other reclaimable kernel memory to SReclaimable.
 */
static void ck_slab_counters(const char *mi, const char *vm)
{
	unsigned long sr = meminfo_kb(mi, "SReclaimable"), su = meminfo_kb(mi, "SUnreclaim");

	ck_assert_uint_eq(meminfo_kb(mi, "Slab"), sr + su);
	ck_assert_uint_eq(meminfo_kb(mi, "KReclaimable"),
			  sr + K(vmstat_val(vm, "nr_kernel_misc_reclaimable")));
	ck_assert_uint_eq(K(vmstat_val(vm, "nr_slab_reclaimable")), sr);
	ck_assert_uint_eq(K(vmstat_val(vm, "nr_slab_unreclaimable")), su);
}

/*
 * §1.3 si_mem_available() from the text: the free pages above the reserves,
 * plus what reclaim could take back of the page cache and of the
 * reclaimable kernel memory, each less min(half of it, the low watermarks).
 */
static unsigned long mem_available_from_text(const char *mi, const char *vm, GArray *zones)
{
	unsigned long wmark_low = 0, pagecache, reclaimable;
	long available;

	for (guint i = 0; i < zones->len; i++)
		wmark_low += zinfo_at(zones, i)->low;
	available = (long)meminfo_pages(mi, "MemFree") - (long)totalreserve_from_text(zones);
	pagecache = meminfo_pages(mi, "Active(file)") + meminfo_pages(mi, "Inactive(file)");
	available += (long)(pagecache - MIN(pagecache / 2, wmark_low));
	reclaimable = meminfo_pages(mi, "SReclaimable") +
		      vmstat_val(vm, "nr_kernel_misc_reclaimable");
	available += (long)(reclaimable - MIN(reclaimable / 2, wmark_low));
	return available < 0 ? 0 : K((unsigned long)available);
}

/* buddyinfo lists the populated zones, whose blocks add up to zoneinfo's free pages */
static void ck_buddyinfo(struct machine *m, GArray *zones)
{
	g_autofree char *bi = render(m, "proc/buddyinfo");
	g_autoptr(GArray) buddy = parse_counts(bi);
	guint populated = 0;

	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);
		const struct count_line *b = count_find(buddy, z->nid, z->zone, "");
		const struct zone *zone = &NODE_DATA(m, z->nid)->node_zones[i % m->nr_zone_types];

		ck_assert_msg(z->populated == populated_zone(zone) && z->populated == !!b,
			      "node %d %s: populated %d, in buddyinfo %d", z->nid, z->zone,
			      z->populated, !!b);
		populated += z->populated;
		if (!b)
			continue;
		ck_assert_int_eq(b->nr, NR_PAGE_ORDERS);
		ck_assert_uint_eq(buddy_pages(b), z->free);
	}
	ck_assert_uint_eq(buddy->len, populated);
}

START_TEST(test_zoneinfo_formulas)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *zi = render(m, "proc/zoneinfo");
	g_autofree char *mi = render(m, "proc/meminfo");
	g_autofree char *vm = render(m, "proc/vmstat");
	g_autoptr(GArray) zones = parse_zoneinfo(zi);
	unsigned long managed = 0, free = 0;
	int stats_nid = -1;

	ck_assert_int_eq((int)zones->len, m->nr_nodes * m->nr_zone_types);
	for (guint i = 0; i < zones->len; i++) {
		const struct zinfo *z = zinfo_at(zones, i);

		managed += z->managed;
		free += z->free;
		ck_assert(z->spanned >= z->present && z->present >= z->managed);
		ck_assert_uint_eq(z->cma, 0);
		ck_assert_uint_eq(z->nr_free_pages, z->free);
		/* the per-node stats ride on the node's first populated zone */
		ck_assert_msg(z->node_stats == (z->populated && z->nid != stats_nid),
			      "node %d %s: per-node stats misplaced", z->nid, z->zone);
		if (z->node_stats)
			stats_nid = z->nid;
	}
	ck_buddyinfo(m, zones);
	ck_watermarks(m, zones);
	ck_protection(m, zones);
	ck_pagesets(m, zones);
	ck_assert_uint_eq(meminfo_kb(mi, "MemTotal"), K(managed));
	ck_assert_uint_eq(meminfo_kb(mi, "MemFree"), K(free));
	ck_slab_counters(mi, vm);
	/* the reclaimable boot slabs count: more than the free pages above the reserves */
	ck_assert_uint_gt(meminfo_kb(mi, "SReclaimable"), 0);
	ck_assert_uint_gt(meminfo_kb(mi, "MemAvailable"), K(free - totalreserve_from_text(zones)));
	ck_assert_uint_eq(meminfo_kb(mi, "MemAvailable"), mem_available_from_text(mi, vm, zones));
	machine_free(m);
}
END_TEST

/* Pageblocks from each zone's first PFN in pageblock steps, those starting on RAM. */
static unsigned long ram_pageblocks(const struct machine *m, int nid, const struct zone *zone)
{
	const struct node_desc *nd = &m->desc.nodes[nid];
	unsigned long n = 0;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		for (int r = 0; r < nd->nr_mem; r++)
			n += pfn >= (nd->mem[r].start + PAGE_SIZE - 1) >> PAGE_SHIFT &&
			     pfn < nd->mem[r].end >> PAGE_SHIFT;
	return n;
}

/*
 * pagetypeinfo: per order, the types' free counts add up to buddyinfo's;
 * per zone, the block counts add up to the pageblocks on RAM.
 */
START_TEST(test_pagetypeinfo)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *pt = render(m, "proc/pagetypeinfo");
	g_autofree char *bi = render(m, "proc/buddyinfo");
	g_autoptr(GArray) buddy = parse_counts(bi);
	g_autoptr(GArray) counts = parse_counts(pt);
	g_auto(GStrv) lines = split_lines(pt);
	int headers = 0;

	for (int i = 0; lines[i]; i++)
		headers += !strcmp(lines[i], "Page block order: 9");
	ck_assert_int_eq(headers, m->nr_nodes);
	ck_assert_uint_eq(counts->len, buddy->len * (MIGRATE_TYPES + 1));
	for (guint b = 0; b < buddy->len; b++) {
		const struct count_line *bl = &g_array_index(buddy, struct count_line, b);
		const struct count_line *blocks = count_find(counts, bl->nid, bl->zone, "");
		const pg_data_t *pgdat = NODE_DATA(m, bl->nid);
		unsigned long nr_blocks = 0;
		int z = 0;

		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long sum = 0;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				sum += count_find(counts, bl->nid, bl->zone,
						  migratetype_names[mt])->v[o];
			ck_assert_uint_eq(sum, bl->v[o]);
		}
		ck_assert_ptr_nonnull(blocks);
		ck_assert_int_eq(blocks->nr, MIGRATE_TYPES);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			nr_blocks += blocks->v[mt];
		while (strcmp(pgdat->node_zones[z].name, bl->zone))
			z++;
		ck_assert_uint_eq(nr_blocks, ram_pageblocks(m, bl->nid, &pgdat->node_zones[z]));
	}
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- boot slabs */

/* reclaim_account of a cache, from its /sys/kernel/slab directory */
static bool reclaim_account(struct pfs_tree *t, const char *cache)
{
	g_autofree char *path = g_strdup_printf("sys/kernel/slab/%s/reclaim_account", cache);
	g_autoptr(GString) out = g_string_new(NULL);

	ck_assert_int_eq(pfs_render(t, path, out), 0);
	ck_assert_msg(!strcmp(out->str, "0\n") || !strcmp(out->str, "1\n"), "%s: '%s'", path,
		      out->str);
	return out->str[0] == '1';
}

/* The objects the boot profile puts in @cache. */
static unsigned long profile_objects(const struct machine *m, const char *cache)
{
	for (int i = 0; i < m->desc.nr_slab_profile; i++)
		if (!strcmp(m->desc.slab_profile[i].cache, cache))
			return m->desc.slab_profile[i].objects;
	return 0;
}

/*
 * Before any task runs the slabs are the only memory in use, and the files agree on
 * them: slabinfo's slabs are meminfo's Slab, split into SReclaimable by
 * the caches' reclaim_account, and every slab was one page allocation
 * (pgalloc counts its pages, numa_hit one). The objects in use are the
 * profile's, plus one kmem_cache per cache and one kmem_cache_node per cache
 * and node; slabinfo's active ones add the free objects no node list holds.
 */
START_TEST(test_boot_slab)
{
	struct machine *m = boot_bare(presets[_i]);
	struct pfs_tree *t = pfs_tree_new(m);
	g_autofree char *text = render(m, "proc/slabinfo");
	g_autofree char *mi = render(m, "proc/meminfo");
	g_autofree char *vm = render(m, "proc/vmstat");
	g_autoptr(GArray) caches = parse_slabinfo(text);
	unsigned long pages = 0, reclaimable = 0, slabs = 0, pgalloc = 0;
	g_auto(GStrv) vlines = split_lines(vm);

	for (guint i = 0; i < caches->len; i++) {
		const struct slabline *c = slab_at(caches, i);
		unsigned long want = profile_objects(m, c->name);

		if (!strcmp(c->name, "kmem_cache"))
			want = caches->len;
		else if (!strcmp(c->name, "kmem_cache_node"))
			want = caches->len * (unsigned long)m->nr_nodes;
		struct kmem_cache *s = kmem_cache_find(m, c->name);
		unsigned long partial_free = 0;

		for (int nid = 0; nid < m->nr_nodes; nid++) {
			struct slab_node_stats st;

			kmem_cache_node_stats(m, s, nid, &st);
			partial_free += st.nr_partial_free;
		}
		ck_assert_msg(s->nr_inuse == want, "%s: %lu objects, want %lu", c->name,
			      s->nr_inuse, want);
		/* get_slabinfo: the free objects of cpu slabs and cpu partial lists are active */
		ck_assert_uint_eq(c->active_objs, c->num_objs - partial_free);
		ck_assert_uint_eq(c->num_objs, c->num_slabs * c->objperslab);
		ck_assert_uint_le(c->active_objs, c->num_objs);
		slabs += c->num_slabs;
		pages += c->num_slabs * c->pagesperslab;
		if (reclaim_account(t, c->name))
			reclaimable += c->num_slabs * c->pagesperslab;
	}
	for (int i = 0; vlines[i]; i++)
		if (g_str_has_prefix(vlines[i], "pgalloc_"))
			pgalloc += strtoul(strchr(vlines[i], ' '), NULL, 10);
	ck_assert_uint_gt(pages, 0);
	ck_slab_counters(mi, vm);
	ck_assert_uint_eq(meminfo_kb(mi, "Slab"), K(pages));
	ck_assert_uint_eq(meminfo_kb(mi, "SReclaimable"), K(reclaimable));
	/* the pages on the per-cpu lists are free, but not in MemFree */
	ck_assert_uint_eq(meminfo_kb(mi, "MemTotal") - meminfo_kb(mi, "MemFree"),
			  K(pages + nr_free(m) - global_zone_page_state(m, NR_FREE_PAGES)));
	ck_assert_uint_eq(meminfo_kb(mi, "VmallocUsed"), 0);
	ck_assert_uint_eq(pgalloc, pages);
	ck_assert_uint_eq(vmstat_val(vm, "numa_hit"), slabs);
	ck_assert_uint_eq(vmstat_val(vm, "pgfree"), 0);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- after allocations */

/* The files of @m, which must pass machine_check() and agree on slab and MemAvailable. */
static void snap(struct machine *m, struct snapshot *s)
{
	ck_machine_ok(m);
	snapshot_take(m, s);
	ck_slab_counters(s->meminfo, s->vmstat);
	ck_assert_uint_eq(meminfo_kb(s->meminfo, "MemAvailable"),
			  mem_available_from_text(s->meminfo, s->vmstat, s->zones));
}

/* From @a to @b zone @nid/@zone lost @taken free pages, and nothing else moved. */
static void ck_free_moved(const struct snapshot *a, const struct snapshot *b, int nid,
			  const char *zone, long taken)
{
	long kb = taken * KB_PER_PAGE;

	for (guint i = 0; i < a->zones->len; i++) {
		const struct zinfo *za = zinfo_at(a->zones, i), *zb = zinfo_at(b->zones, i);
		long want = za->nid == nid && !strcmp(za->zone, zone) ? taken : 0;
		const struct count_line *bl = count_find(b->buddy, zb->nid, zb->zone, "");

		ck_assert_msg((long)za->free - (long)zb->free == want, "%d/%s lost %ld, want %ld",
			      za->nid, za->zone, (long)za->free - (long)zb->free, want);
		ck_assert_uint_eq(zb->min, za->min);
		if (bl)
			ck_assert_uint_eq(buddy_pages(bl), zb->free);
	}
	ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "MemFree"), kb);
	/* page cache and slab stay as they were: MemAvailable moves with the free pages */
	ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "Slab"), 0);
	ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "MemAvailable"), kb);
	ck_assert_int_eq(fell(a->vmstat, b->vmstat, 0, "nr_free_pages"), taken);
	for (int n = 0; n < a->nr_nodes; n++)
		ck_assert_int_eq(fell(a->node_meminfo[n], b->node_meminfo[n], 2, "MemFree"),
				 n == nid ? kb : 0);
	if (strstr(a->meminfo, "HighFree:")) {
		bool high = !strcmp(zone, "HighMem");

		ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "HighFree"), high ? kb : 0);
		ck_assert_int_eq(fell(a->meminfo, b->meminfo, 0, "LowFree"), high ? 0 : kb);
	}
}

static const struct alloc_case {
	const char *preset;
	int nid;
	gfp_t gfp;
	unsigned int order;
	int zone_nid;			/* where the pages must come from */
	const char *zone;
	const char *pgalloc;		/* the event that counts them */
} alloc_cases[] = {
	{ "default", 0, GFP_KERNEL, 10, 0, "Normal", "pgalloc_normal" },
	{ "default", 0, GFP_DMA32, 3, 0, "DMA32", "pgalloc_dma32" },
	{ "default", 0, GFP_DMA, 0, 0, "DMA", "pgalloc_dma" },
	{ "tiny", 0, GFP_KERNEL, 0, 0, "DMA32", "pgalloc_dma32" },
	{ "numa2", 1, GFP_KERNEL, 1, 1, "Normal", "pgalloc_normal" },
	{ "numa2", 0, GFP_USER | __GFP_THISNODE, 4, 0, "Normal", "pgalloc_normal" },
	{ "i386-highmem", 0, GFP_HIGHUSER, 2, 0, "HighMem", "pgalloc_high" },
	{ "i386-highmem", 0, GFP_KERNEL, 0, 0, "Normal", "pgalloc_normal" },
};

/*
 * Every file moves by exactly the block, and comes back to its boot text
 * once it is freed. The boot slabs already counted their allocations, so
 * the events are checked by how far they move.
 */
START_TEST(test_alloc_moves)
{
	const struct alloc_case *c = &alloc_cases[_i];
	struct machine *m = boot_preset(c->preset);
	unsigned long pfn, pages = 1UL << c->order;
	struct snapshot boot, got, back;

	/*
	 * The per-cpu lists emptied around each step, so that the free counts
	 * move by the block alone and not by a refill or a list's free pages.
	 */
	drain_all_pages(m, NULL);
	snap(m, &boot);
	ck_assert_int_eq(alloc_pages_node(m, c->nid, c->gfp, c->order, &pfn), 0);
	drain_all_pages(m, NULL);
	snap(m, &got);
	ck_free_moved(&boot, &got, c->zone_nid, c->zone, (long)pages);
	ck_assert_int_eq(rose(boot.vmstat, got.vmstat, 0, c->pgalloc), (long)pages);
	/* pgalloc counts pages; numa_hit counts allocations (zone_statistics(.., 1)) */
	ck_assert_int_eq(rose(boot.vmstat, got.vmstat, 0, "numa_hit"), 1);
	for (int n = 0; n < boot.nr_nodes; n++)
		ck_assert_int_eq(rose(boot.numastat[n], got.numastat[n], 0, "numa_hit"),
				 n == c->zone_nid);

	ck_assert_int_eq(__free_pages(m, pfn, c->order), 0);
	drain_all_pages(m, NULL);
	snap(m, &back);
	ck_assert_str_eq(back.buddyinfo, boot.buddyinfo);
	ck_assert_str_eq(back.meminfo, boot.meminfo);
	ck_assert_str_eq(back.node_meminfo[c->zone_nid], boot.node_meminfo[c->zone_nid]);
	ck_assert_int_eq(rose(boot.vmstat, back.vmstat, 0, "pgfree"), (long)pages);
	snapshot_free(&boot);
	snapshot_free(&got);
	snapshot_free(&back);
	machine_free(m);
}
END_TEST

/* Which blocks move: a whole order-10 block, or one split down to a page. */
START_TEST(test_alloc_blocks)
{
	struct machine *m = boot_preset("default");
	struct snapshot boot, s1, s2;
	g_autoptr(GArray) t0 = NULL, t1 = NULL;
	unsigned long big, dma;
	const struct count_line *b0, *b1;

	snap(m, &boot);
	/*
	 * the live kernel counts 1 + 7 and 1528 pageblocks for the same DMA and
	 * DMA32: pageblock 0 starts in no RAM and stays Unmovable
	 */
	ck_assert_ptr_nonnull(strstr(boot.pagetypeinfo, "DMA            1            7 "));
	ck_assert_ptr_nonnull(strstr(boot.pagetypeinfo, "DMA32            0         1528 "));
	/*
	 * order 10 for Normal: the Unmovable blocks the boot slabs claimed have
	 * no free block that large, so a Movable one leaves whole and is
	 * claimed as Unmovable (2 pageblocks)
	 */
	t0 = parse_counts(boot.pagetypeinfo);
	ck_assert_uint_eq(count_find(t0, 0, "Normal", "Unmovable")->v[10], 0);
	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_KERNEL, 10, &big), 0);
	snap(m, &s1);
	t1 = parse_counts(s1.pagetypeinfo);
	b0 = count_find(boot.buddy, 0, "Normal", "");
	b1 = count_find(s1.buddy, 0, "Normal", "");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		ck_assert_uint_eq(b1->v[o], b0->v[o] - (o == 10));
	b0 = count_find(t0, 0, "Normal", "");
	b1 = count_find(t1, 0, "Normal", "");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		ck_assert_int_eq((long)b1->v[mt] - (long)b0->v[mt],
				 mt == MIGRATE_UNMOVABLE ? 2 : mt == MIGRATE_MOVABLE ? -2 : 0);
	ck_assert_int_eq(fell(boot.vmstat, s1.vmstat, 0, "nr_free_pages_blocks"), 1024);

	/*
	 * one DMA page: pageblock 0's order-8 block is Unmovable already and
	 * splits, one block per order below 8 left; no pageblock changes type
	 */
	ck_assert_int_eq(alloc_pages_node(m, 0, GFP_DMA, 0, &dma), 0);
	snap(m, &s2);
	ck_assert_ptr_nonnull(strstr(s2.buddyinfo,
		"Node 0, zone      DMA      1      1      1      1      1      1      1      1"
		"      0      1      3 \n"));
	ck_assert_ptr_nonnull(strstr(s2.pagetypeinfo,
		"Node 0, zone      DMA            1            7 "));
	ck_assert_ptr_nonnull(strstr(s2.pagetypeinfo,
		"Node    0, zone      DMA, type    Unmovable      1      1      1      1      1"
		"      1      1      1      0      0      0 \n"));
	snapshot_free(&boot);
	snapshot_free(&s1);
	snapshot_free(&s2);
	machine_free(m);
}
END_TEST

/* ---------------------------------------------------------------- node files */

#define NR_NODE_VMSTAT	\
	(NR_VM_ZONE_STAT_ITEMS + NR_VM_NUMA_EVENT_ITEMS + NR_VM_NODE_STAT_ITEMS)

/* node meminfo and vmstat add up to the global files; the layout is drivers/base/node.c's */
START_TEST(test_node_files_add_up)
{
	struct machine *m = boot_preset(presets[_i]);
	g_autofree char *mi = render(m, "proc/meminfo");
	g_autofree char *vm = render(m, "proc/vmstat");
	g_autofree char *global_names = names_of(vm);
	g_auto(GStrv) names = split_lines(global_names);
	g_autoptr(GRegex) re = g_regex_new("^Node \\d+ [A-Za-z()_]+: +\\d+( kB)?$", 0, 0, NULL);
	unsigned long total = 0, free = 0, sums[NR_NODE_VMSTAT] = { 0 };

	for (int nid = 0; nid < m->nr_nodes; nid++) {
		g_autofree char *nmi = render_node(m, nid, "meminfo");
		g_autofree char *nvm = render_node(m, nid, "vmstat");
		g_autofree char *node_names = names_of(nvm);
		g_auto(GStrv) lines = split_lines(nmi);
		g_auto(GStrv) vlines = split_lines(nvm);

		/* the zone, NUMA and node items of /proc/vmstat, in its order */
		ck_assert(g_str_has_prefix(global_names, node_names));
		ck_assert_int_eq(g_strv_length(vlines), NR_NODE_VMSTAT);
		for (int i = 0; i < NR_NODE_VMSTAT; i++)
			sums[i] += kv(nvm, 0, names[i]);
		for (int i = 0; lines[i]; i++) {
			ck_assert_msg(g_regex_match(re, lines[i], 0, NULL), "'%s'", lines[i]);
			if (!strstr(lines[i], "HugePages_"))
				ck_assert_uint_eq(strlen(lines[i]), strlen("Node 0 ") + 16 + 8 + 3);
		}
		ck_assert_int_eq(g_strv_length(lines), is_i386(m) ? 40 : 36);
		total += kv(nmi, 2, "MemTotal");
		free += kv(nmi, 2, "MemFree");
		ck_assert_uint_eq(kv(nmi, 2, "MemUsed"),
				  kv(nmi, 2, "MemTotal") - kv(nmi, 2, "MemFree"));
	}
	ck_assert_uint_eq(total, meminfo_kb(mi, "MemTotal"));
	ck_assert_uint_eq(free, meminfo_kb(mi, "MemFree"));
	for (int i = 0; i < NR_NODE_VMSTAT; i++)
		ck_assert_uint_eq(sums[i], vmstat_val(vm, names[i]));
	machine_free(m);
}
END_TEST

static Suite *procfs_engine_suite(void)
{
	Suite *s = suite_create("procfs_engine");
	TCase *engine = tcase_create("engine");

	tcase_add_loop_test(engine, test_zoneinfo_formulas, 0, NR_PRESETS);
	tcase_add_loop_test(engine, test_pagetypeinfo, 0, NR_PRESETS);
	tcase_add_loop_test(engine, test_boot_slab, 0, NR_PRESETS);
	tcase_add_loop_test(engine, test_node_files_add_up, 0, NR_PRESETS);
	tcase_add_loop_test(engine, test_alloc_moves, 0, (int)G_N_ELEMENTS(alloc_cases));
	tcase_add_test(engine, test_alloc_blocks);
	suite_add_tcase(s, engine);
	return s;
}

int main(void)
{
	return run_suite(procfs_engine_suite());
}
