// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc: virtually contiguous kernel memory built from order-0 pages
 * taken one by one from the buddy allocator, mapped into the vmalloc range
 * with a guard page after each area; and kvmalloc, which tries kmalloc
 * first. Modelled on 6.18's mm/vmalloc.c and __kvmalloc_node_noprof().
 *
 * Kept: the range of the machine's architecture, first fit from the low
 * end over the free holes (alloc_vmap_area), the page array from kmalloc
 * or, above a page, from a nested vmalloc (" vpages"), pages allocated with
 * GFP_KERNEL|__GFP_HIGHMEM unless the caller asks for DMA, kvmalloc's PMD
 * backing on x86_64 (order-9 blocks split into pages, falling back to
 * order 0), nr_vmalloc_pages, and the kernel's warnings.
 *
 * Left out: page tables of the vmalloc range (no PageTables pages are
 * charged), the vm_struct and vmap_area objects themselves (kmalloc-96 and
 * the vmap_area cache in a real slabinfo), lazy purging (a freed range is
 * reused at once; the kernel keeps it as an "unpurged vm_area" until a
 * purge), per-CPU vmap blocks, vmap nodes, vmap(), ioremap() and KASAN.
 *
 * Locking: every function runs under the machine lock.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "internal.h"
#include "slab.h"
#include "vmalloc.h"

#define SZ_1M			(1ULL << 20)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PMD_SHIFT		21
#define PMD_SIZE		(1UL << PMD_SHIFT)
#define ALIGN_UP(x, a)		(((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ADDR			"%#" G_GINT64_MODIFIER "x"	/* a uint64_t address */

/* x86_64, 4-level paging (arch/x86/include/asm/pgtable_64_types.h): 32 TiB */
#define X86_64_VMALLOC_START	0xffffc90000000000ULL
#define X86_64_VMALLOC_END	0xffffe8ffffffffffULL	/* START + 32 TiB - 1 */
/*
 * i386 PAE (pgtable_32_areas.h): the range starts 8 MiB above high_memory,
 * rounded to 8 MiB, and ends two pages below the kmap area, which sits
 * under the LDT remap and the cpu_entry_area at 0xff800000.
 */
#define I386_VMALLOC_OFFSET	(8 * SZ_1M)
#define I386_PKMAP_BASE		0xff400000ULL
#define I386_VMALLOC_END	(I386_PKMAP_BASE - 2 * PAGE_SIZE)

/* The reclaim behaviour a nested allocation inherits (mm/internal.h GFP_RECLAIM_MASK). */
#define GFP_RECLAIM_MASK	(__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN | \
				 __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | __GFP_NORETRY | \
				 __GFP_MEMALLOC | __GFP_NOMEMALLOC)

/* A hole of the vmalloc range: [start, end). */
struct free_range {
	uint64_t start;
	uint64_t end;
};

struct vmalloc_state {
	uint64_t start;			/* VMALLOC_START */
	uint64_t end;			/* VMALLOC_END: no area ends above it */
	GTree *busy;			/* &va_start -> struct vmap_area */
	GQueue areas;			/* the same areas by address, through va->link */
	GTree *holes;			/* &start -> struct free_range, never two adjacent */
	unsigned long nr_pages;		/* nr_vmalloc_pages */
	bool warned_zero;		/* WARN_ON_ONCE(!size) */
	bool warned_int_max;		/* kvmalloc's WARN_ON_ONCE(size > INT_MAX) */
};

/* ---------------------------------------------------------------- layout */

static uint64_t top_of_ram(const struct machine *m)
{
	uint64_t top = 0;

	for (int n = 0; n < m->desc.nr_nodes; n++) {
		const struct node_desc *nd = &m->desc.nodes[n];

		top = MAX(top, nd->mem[nd->nr_mem - 1].end);
	}
	return top;
}

/**
 * vmalloc_start - VMALLOC_START of the machine's architecture (x86_64 4-level, i386 PAE)
 */
uint64_t vmalloc_start(const struct machine *m)
{
	uint64_t high_memory;

	if (m->desc.arch != ARCH_I386)
		return X86_64_VMALLOC_START;
	high_memory = m->page_offset + MIN(top_of_ram(m), m->direct_map_end);
	return (high_memory + I386_VMALLOC_OFFSET) & ~(I386_VMALLOC_OFFSET - 1);
}

/**
 * vmalloc_end - VMALLOC_END of the machine's architecture
 */
uint64_t vmalloc_end(const struct machine *m)
{
	return m->desc.arch == ARCH_I386 ? I386_VMALLOC_END : X86_64_VMALLOC_END;
}

/**
 * vmalloc_total - VMALLOC_TOTAL in bytes (END - START, as the kernel computes it): meminfo's
 * VmallocTotal
 */
uint64_t vmalloc_total(const struct machine *m)
{
	return vmalloc_end(m) - vmalloc_start(m);
}

/**
 * is_vmalloc_addr - is @addr in the vmalloc range (allocated or not)?
 */
bool is_vmalloc_addr(const struct machine *m, uint64_t addr)
{
	return addr >= vmalloc_start(m) && addr < vmalloc_end(m);
}

/* sizeof(struct page *): the page array is twice as dense on i386 */
static size_t page_ptr_size(const struct machine *m)
{
	return m->desc.arch == ARCH_I386 ? 4 : 8;
}

/* ---------------------------------------------------------------- setup */

static gint addr_cmp(gconstpointer a, gconstpointer b, gpointer unused)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void insert_hole(struct vmalloc_state *s, uint64_t start, uint64_t end)
{
	struct free_range *r = g_new(struct free_range, 1);

	r->start = start;
	r->end = end;
	g_tree_insert(s->holes, &r->start, r);
}

/**
 * vmalloc_init - the vmalloc range as one free hole, no area yet
 */
int vmalloc_init(struct machine *m)
{
	struct vmalloc_state *s = g_new0(struct vmalloc_state, 1);

	s->start = vmalloc_start(m);
	s->end = vmalloc_end(m);
	s->busy = g_tree_new_full(addr_cmp, NULL, NULL, NULL);
	s->holes = g_tree_new_full(addr_cmp, NULL, NULL, g_free);
	g_queue_init(&s->areas);
	insert_hole(s, s->start, s->end);
	m->vmalloc = s;
	return 0;
}

/**
 * vmalloc_destroy - Machine teardown: the pages go with the memmap, the page arrays with the slab
 * caches.
 */
void vmalloc_destroy(struct machine *m)
{
	struct vmalloc_state *s = m->vmalloc;
	GList *l;

	if (!s)
		return;
	while ((l = g_queue_pop_head_link(&s->areas))) {
		struct vmap_area *va = l->data;

		g_free(va->pfns);
		g_free(va);
	}
	g_tree_destroy(s->busy);
	g_tree_destroy(s->holes);
	g_free(s);
	m->vmalloc = NULL;
}

/**
 * vmap_areas - the areas in address order (engine-owned); iterate under the machine lock
 */
GList *vmap_areas(struct machine *m)
{
	return m->vmalloc->areas.head;
}

/**
 * vmalloc_nr_pages - VmallocUsed in pages: what the areas hold (nr_vmalloc_pages)
 */
unsigned long vmalloc_nr_pages(const struct machine *m)
{
	return m->vmalloc->nr_pages;
}

/* ---------------------------------------------------------------- address space */

/*
 * alloc_vmap_area - the lowest @align-ed address of a hole that fits
 * @size, as find_vmap_lowest_match() finds it; the hole shrinks or splits.
 */
static int alloc_vmap_area(struct vmalloc_state *s, uint64_t size, uint64_t align, uint64_t *out)
{
	struct free_range *hole = NULL;
	uint64_t addr = 0, start, end;

	for (GTreeNode *n = g_tree_node_first(s->holes); n; n = g_tree_node_next(n)) {
		struct free_range *r = g_tree_node_value(n);

		addr = ALIGN_UP(r->start, align);
		if (addr >= r->start && addr < r->end && r->end - addr >= size) {
			hole = r;
			break;
		}
	}
	if (!hole)
		return -EBUSY;
	start = hole->start;
	end = hole->end;
	g_tree_remove(s->holes, &hole->start);
	if (start < addr)
		insert_hole(s, start, addr);
	if (addr + size < end)
		insert_hole(s, addr + size, end);
	*out = addr;
	return 0;
}

/* Give [start, end) back, merged with the holes on either side. */
static void free_vmap_range(struct vmalloc_state *s, uint64_t start, uint64_t end)
{
	GTreeNode *n = g_tree_lower_bound(s->holes, &end);
	struct free_range *prev;

	if (n) {
		struct free_range *next = g_tree_node_value(n);

		if (next->start == end) {
			end = next->end;
			g_tree_remove(s->holes, &next->start);
		}
	}
	n = g_tree_upper_bound(s->holes, &start);
	n = n ? g_tree_node_previous(n) : g_tree_node_last(s->holes);
	prev = n ? g_tree_node_value(n) : NULL;
	if (prev && prev->end == start)
		prev->end = end;
	else
		insert_hole(s, start, end);
}

static void insert_vmap_area(struct vmalloc_state *s, struct vmap_area *va)
{
	GTreeNode *n = g_tree_insert_node(s->busy, &va->va_start, va);
	GTreeNode *next = g_tree_node_next(n);

	va->link.data = va;
	if (next) {
		struct vmap_area *nva = g_tree_node_value(next);

		g_queue_insert_before_link(&s->areas, &nva->link, &va->link);
	} else {
		g_queue_push_tail_link(&s->areas, &va->link);
	}
}

static struct vmap_area *__find_vmap_area(const struct vmalloc_state *s, uint64_t addr)
{
	GTreeNode *n = g_tree_upper_bound(s->busy, &addr);
	struct vmap_area *va;

	n = n ? g_tree_node_previous(n) : g_tree_node_last(s->busy);
	if (!n)
		return NULL;
	va = g_tree_node_value(n);
	return addr >= va->va_start && addr < va->va_end ? va : NULL;
}

/**
 * find_vmap_area - the area containing @addr, its guard page included, or NULL
 */
const struct vmap_area *find_vmap_area(const struct machine *m, uint64_t addr)
{
	return __find_vmap_area(m->vmalloc, addr);
}

/* Take @va out of the lists and give its range back; the caller frees what it holds. */
static void unlink_vmap_area(struct vmalloc_state *s, struct vmap_area *va)
{
	g_queue_unlink(&s->areas, &va->link);
	g_tree_remove(s->busy, &va->va_start);
	free_vmap_range(s, va->va_start, va->va_end);
}

static uint64_t get_vm_area_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start - ((va->flags & VM_NO_GUARD) ? 0 : PAGE_SIZE);
}

/* ---------------------------------------------------------------- warnings */

/* %p of a kernel built with no_hash_pointers: the address, zero-padded to the word */
static int ptr_width(const struct machine *m)
{
	return m->desc.arch == ARCH_I386 ? 8 : 16;
}

/* WARN(): the cut line, the message at its own level, the WARNING line, the end of trace. */
static void vmalloc_warn(struct machine *m, const char *func, const char *msg)
{
	pr_warn(m, "------------[ cut here ]------------");
	if (msg)
		pr_err(m, "%s", msg);
	/* the workbench runs on CPU 0 outside any task */
	pr_warn(m, "WARNING: CPU: 0 PID: 0 at %s", func);
	pr_warn(m, "---[ end trace 0000000000000000 ]---");
}

/* warn_alloc() with the vmalloc reason, then the Mem-Info report */
static void vmalloc_warn_alloc(struct machine *m, gfp_t gfp, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
static void vmalloc_warn_alloc(struct machine *m, gfp_t gfp, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	char flags[256], mems[16] = "0";
	va_list ap;

	if (gfp & __GFP_NOWARN)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	gfp_flags_string(gfp, flags, sizeof(flags));
	if (m->nr_nodes > 1)
		g_snprintf(mems, sizeof(mems), "0-%d", m->nr_nodes - 1);
	pr_warn(m, "%s: %s, mode:%#x(%s), nodemask=(null),cpuset=/,mems_allowed=%s", current_comm(m), msg, gfp,
		flags, mems);
	__show_mem(m);
}

/* ---------------------------------------------------------------- pages */

/*
 * split_page - make a block of 2^@order pages into as many order-0 pages,
 * each freed on its own later, as huge vmalloc backing pages are.
 */
static void split_page(struct machine *m, unsigned long pfn, unsigned int order)
{
	struct page *head = pfn_to_page(m, pfn);

	for (unsigned long i = 1; i < (1UL << order); i++) {
		struct page *page = pfn_to_page(m, pfn + i);

		page->flags = head->flags;
		page->order = 0;
		page->migratetype = head->migratetype;
	}
	head->order = 0;
}

/*
 * vm_area_alloc_pages - up to @nr_pages pages in blocks of 2^@order, one
 * allocation at a time (the kernel's bulk allocator takes the same pages
 * without per-cpu lists); returns how many it got.
 */
static unsigned long vm_area_alloc_pages(struct machine *m, gfp_t gfp, int nid,
					 unsigned int order, unsigned long nr_pages,
					 uint32_t *pfns)
{
	unsigned long nr = 0, pfn;

	while (nr < nr_pages && !alloc_pages_node(m, nid, gfp, order, &pfn)) {
		if (order)
			split_page(m, pfn, order);
		for (unsigned long i = 0; i < (1UL << order); i++)
			pfns[nr + i] = (uint32_t)(pfn + i);
		nr += 1UL << order;
	}
	return nr;
}

/* ---------------------------------------------------------------- vmalloc */

static int __vmalloc_node_range(struct machine *m, size_t size, uint64_t align, gfp_t gfp,
				unsigned long vm_flags, int node, const char *caller,
				uint64_t *addr);
static void __vfree(struct machine *m, struct vmap_area *va);

/*
 * __get_vm_area_node - reserve @size bytes rounded to the page size of
 * @shift, plus the guard page, at an @align-ed address.
 */
static struct vmap_area *__get_vm_area_node(struct machine *m, size_t size, uint64_t align,
					    unsigned int shift, unsigned long flags, int node,
					    gfp_t gfp, const char *caller)
{
	struct vmalloc_state *s = m->vmalloc;
	uint64_t span = ALIGN_UP((uint64_t)size, 1ULL << shift), addr;
	struct vmap_area *va;

	if (!(flags & VM_NO_GUARD))
		span += PAGE_SIZE;
	if (alloc_vmap_area(s, span, align, &addr)) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn(m, "vmalloc_node_range for size %" G_GUINT64_FORMAT
				" failed: Address range restricted to " ADDR " - " ADDR,
				span, s->start, s->end);
		return NULL;
	}
	va = g_new0(struct vmap_area, 1);
	va->va_start = addr;
	va->va_end = addr + span;
	va->flags = flags;
	va->caller = g_intern_string(caller);	/* outlives the caller's buffer */
	va->node = node;
	insert_vmap_area(s, va);
	return va;
}

/* free_vm_area: an area that never got its pages */
static void free_vm_area(struct machine *m, struct vmap_area *va)
{
	unlink_vmap_area(m->vmalloc, va);
	g_free(va->pfns);
	g_free(va);
}

/* The page array: kmalloc up to a page, a nested vmalloc above, zeroed either way. */
static int alloc_page_array(struct machine *m, struct vmap_area *va, unsigned long nr_pages,
			    gfp_t gfp)
{
	gfp_t nested_gfp = (gfp & GFP_RECLAIM_MASK) | __GFP_ZERO;
	size_t array_size = nr_pages * page_ptr_size(m);
	struct kmalloc_where where;

	int err;

	if (array_size <= PAGE_SIZE)
		return kmalloc(m, array_size, nested_gfp, &va->pages_addr, &where);
	/* the recursion is bounded: each level's array is 512 times smaller */
	err = __vmalloc_node_range(m, array_size, 1, nested_gfp, 0, va->node, va->caller,
				   &va->pages_addr);
	if (!err)
		__find_vmap_area(m->vmalloc, va->pages_addr)->owner = va->va_start;
	return err;
}

/*
 * __vmalloc_area_node - back @va with pages: the page array first, then
 * the pages one block at a time. Pages come from HighMem where the machine
 * has it, unless the caller asked for DMA or DMA32.
 */
static int __vmalloc_area_node(struct machine *m, struct vmap_area *va, gfp_t gfp,
			       unsigned int shift)
{
	unsigned long nr_small_pages = get_vm_area_size(va) >> PAGE_SHIFT;
	unsigned int page_order = shift - PAGE_SHIFT;

	if (!(gfp & (GFP_DMA | GFP_DMA32)))
		gfp |= __GFP_HIGHMEM;
	if (alloc_page_array(m, va, nr_small_pages, gfp)) {
		/* sic: "allocated", as the kernel says it */
		vmalloc_warn_alloc(m, gfp, "vmalloc error: size %lu, "
				   "failed to allocated page array size %zu",
				   nr_small_pages * PAGE_SIZE, nr_small_pages * page_ptr_size(m));
		free_vm_area(m, va);
		return -ENOMEM;
	}
	va->gfp = gfp;
	va->page_order = page_order;
	va->pfns = g_new(uint32_t, nr_small_pages);
	/* a high order is only tried, never forced: __vmalloc_node_range() falls back to order 0 */
	va->nr_pages = vm_area_alloc_pages(m, (page_order ? gfp & ~__GFP_NOFAIL : gfp) |
					   __GFP_NOWARN, va->node, page_order, nr_small_pages,
					   va->pfns);
	m->vmalloc->nr_pages += va->nr_pages;
	if (va->nr_pages != nr_small_pages) {
		/* the size is what was obtained, as the kernel prints it */
		if (!page_order)
			vmalloc_warn_alloc(m, gfp,
					   "vmalloc error: size %lu, failed to allocate pages",
					   va->nr_pages * PAGE_SIZE);
		__vfree(m, va);
		return -ENOMEM;
	}
	return 0;
}

/* Back kvmalloc with PMD-sized blocks? x86_64 has HAVE_ARCH_HUGE_VMALLOC, i386 not. */
static unsigned int vmalloc_shift(const struct machine *m, size_t size, unsigned long vm_flags,
				  int node)
{
	size_t size_per_node = size;

	if (!(vm_flags & VM_ALLOW_HUGE_VMAP) || m->desc.arch == ARCH_I386)
		return PAGE_SHIFT;
	if (node == NUMA_NO_NODE)
		size_per_node /= (size_t)m->nr_nodes;
	return size_per_node >= PMD_SIZE ? PMD_SHIFT : PAGE_SHIFT;
}

static int __vmalloc_node_range(struct machine *m, size_t size, uint64_t align, gfp_t gfp,
				unsigned long vm_flags, int node, const char *caller,
				uint64_t *addr)
{
	STACK_FRAME(m);
	unsigned int shift = vmalloc_shift(m, size, vm_flags, node);
	struct vmap_area *va;

	if (!size) {
		if (!m->vmalloc->warned_zero)
			vmalloc_warn(m, "__vmalloc_node_range_noprof", NULL);
		m->vmalloc->warned_zero = true;
		return -EINVAL;
	}
	if ((gfp & ~__GFP_BITS_MASK) || gfp_zone(m, gfp) < 0 ||
	    (node != NUMA_NO_NODE && (node < 0 || node >= m->nr_nodes)))
		return -EINVAL;
	if ((size >> PAGE_SHIFT) > totalram_pages(m)) {
		vmalloc_warn_alloc(m, gfp, "vmalloc error: size %zu, exceeds total pages", size);
		return -ENOMEM;
	}
again:
	va = __get_vm_area_node(m, size, MAX(align, 1ULL << shift), shift,
				VM_ALLOC | VM_UNINITIALIZED | vm_flags, node, gfp, caller);
	if (!va) {
		/* with __GFP_NOFAIL the kernel prints ". Retrying." and waits for space forever */
		vmalloc_warn_alloc(m, gfp, "vmalloc error: size %zu, vm_struct allocation failed%s",
				   size, (gfp & __GFP_NOFAIL) ? ". Retrying." : "");
		return -ENOMEM;
	}
	if (__vmalloc_area_node(m, va, gfp, shift)) {
		if (shift > PAGE_SHIFT) {
			shift = PAGE_SHIFT;
			goto again;
		}
		return -ENOMEM;
	}
	va->flags &= ~VM_UNINITIALIZED;
	*addr = va->va_start;
	return 0;
}

/**
 * __vmalloc - @size bytes of virtually contiguous memory, in pages from
 * the page allocator with @gfp. @caller names the area in vmallocinfo.
 */
int __vmalloc(struct machine *m, size_t size, gfp_t gfp, const char *caller, uint64_t *addr)
{
	return __vmalloc_node_range(m, size, 1, gfp, 0, NUMA_NO_NODE, caller, addr);
}

/**
 * vmalloc - vmalloc(): @size bytes of virtually contiguous GFP_KERNEL memory at *@addr
 */
int vmalloc(struct machine *m, size_t size, uint64_t *addr)
{
	return __vmalloc(m, size, GFP_KERNEL, "vmalloc", addr);
}

/**
 * vzalloc - vzalloc(): vmalloc() of zeroed memory
 */
int vzalloc(struct machine *m, size_t size, uint64_t *addr)
{
	return __vmalloc(m, size, GFP_KERNEL | __GFP_ZERO, "vzalloc", addr);
}

/* Give back everything @va holds: its range, each page, its page array. */
static void __vfree(struct machine *m, struct vmap_area *va)
{
	struct vmalloc_state *s = m->vmalloc;

	unlink_vmap_area(s, va);
	for (unsigned long i = 0; i < va->nr_pages; i++)
		__free_pages(m, va->pfns[i], 0);
	s->nr_pages -= va->nr_pages;
	if (is_vmalloc_addr(m, va->pages_addr))
		__vfree(m, __find_vmap_area(s, va->pages_addr));
	else if (va->pages_addr)
		kfree(m, va->pages_addr);
	g_free(va->pfns);
	g_free(va);
}

/**
 * vfree - release the area that contains @addr: its range, each of its
 * pages back to the buddy allocator, and its page array. Like the kernel,
 * any page-aligned address inside an area (guard page included) frees it;
 * an unaligned one or one outside every area is WARNed about and refused.
 * An area that holds another's page array is refused too: the kernel never
 * hands that address out, and freeing it would leave its owner dangling.
 */
int vfree(struct machine *m, uint64_t addr)
{
	struct vmap_area *va = NULL;
	char msg[96];

	if (!addr)
		return 0;
	if (addr & ~PAGE_MASK) {
		g_snprintf(msg, sizeof(msg), "Trying to vfree() bad address (%0*"
			   G_GINT64_MODIFIER "x)", ptr_width(m), addr);
		vmalloc_warn(m, "remove_vm_area", msg);
	} else {
		va = __find_vmap_area(m->vmalloc, addr);
	}
	if (!va) {
		g_snprintf(msg, sizeof(msg), "Trying to vfree() nonexistent vm area (%0*"
			   G_GINT64_MODIFIER "x)", ptr_width(m), addr);
		vmalloc_warn(m, "vfree", msg);
		return -EINVAL;
	}
	if (va->owner) {
		pr_err(m, "vfree: " ADDR " is the page array of the area at " ADDR ", not freed",
		       va->va_start, va->owner);
		return -EINVAL;
	}
	__vfree(m, va);
	return 0;
}

/* ---------------------------------------------------------------- kvmalloc */

/*
 * Above a page, the kmalloc attempt must not be disruptive: no warning,
 * no direct reclaim unless the caller prefers contiguous memory
 * (__GFP_RETRY_MAYFAIL), and __GFP_NOFAIL left to the vmalloc fallback.
 */
static gfp_t kmalloc_gfp_adjust(gfp_t flags, size_t size)
{
	if (size > PAGE_SIZE) {
		flags |= __GFP_NOWARN;
		if (!(flags & __GFP_RETRY_MAYFAIL))
			flags &= ~__GFP_DIRECT_RECLAIM;
		flags &= ~__GFP_NOFAIL;
	}
	return flags;
}

/**
 * kvmalloc - kmalloc with the adjusted flags; when that fails for more
 * than a page, vmalloc with the caller's flags. In 6.18 only a blocking
 * request (__GFP_DIRECT_RECLAIM: GFP_KERNEL, GFP_NOFS, GFP_NOIO) may fall
 * back; GFP_ATOMIC and GFP_NOWAIT stop at kmalloc. Sizes above INT_MAX
 * fail with a WARN unless __GFP_NOWARN.
 */
int kvmalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr, bool *vmalloced,
	     struct kmalloc_where *where)
{
	STACK_FRAME(m);
	struct kmalloc_where local;
	const struct vmap_area *va;
	int err;

	if (!where)
		where = &local;
	if (vmalloced)
		*vmalloced = false;
	memset(where, 0, sizeof(*where));
	err = kmalloc(m, size, kmalloc_gfp_adjust(gfp, size), addr, where);
	if (!err || size <= PAGE_SIZE)
		return err;
	if (!(gfp & __GFP_DIRECT_RECLAIM))
		return -ENOMEM;
	if (size > INT_MAX) {
		if (!(gfp & __GFP_NOWARN) && !m->vmalloc->warned_int_max)
			vmalloc_warn(m, "__kvmalloc_node_noprof", NULL);
		m->vmalloc->warned_int_max |= !(gfp & __GFP_NOWARN);
		return -ENOMEM;
	}
	err = __vmalloc_node_range(m, size, 1, gfp, VM_ALLOW_HUGE_VMAP, NUMA_NO_NODE, "kvmalloc",
				   addr);
	if (err)
		return err;
	va = find_vmap_area(m, *addr);
	memset(where, 0, sizeof(*where));
	where->waste = va->nr_pages * PAGE_SIZE - size;
	if (vmalloced)
		*vmalloced = true;
	return 0;
}

/**
 * kvfree - vfree() of a vmalloc address, kfree() of anything else
 */
int kvfree(struct machine *m, uint64_t addr)
{
	return is_vmalloc_addr(m, addr) ? vfree(m, addr) : kfree(m, addr);
}

/* ---------------------------------------------------------------- checks */

/* Every page an allocated order-0 block of the area's type, and in one area only. */
static int check_area_pages(struct machine *m, const struct vmap_area *va, GHashTable *seen)
{
	int bad = 0;

	for (unsigned long i = 0; i < va->nr_pages; i++) {
		unsigned long pfn = va->pfns[i], head;
		unsigned int order;
		int mt;

		if (pfn >= m->max_pfn ||
		    pfn_state(m, pfn, &head, &order, &mt) != PAGE_STATE_ALLOCATED ||
		    head != pfn || order || mt != (int)gfp_migratetype(va->gfp)) {
			pr_err(m, "BUG: vmalloc area " ADDR ": pfn %#lx is no allocated %s page",
			       va->va_start, pfn, migratetype_names[gfp_migratetype(va->gfp)]);
			bad++;
		} else if (!g_hash_table_add(seen, GSIZE_TO_POINTER(pfn))) {
			pr_err(m, "BUG: vmalloc area " ADDR ": pfn %#lx is in another area too",
			       va->va_start, pfn);
			bad++;
		}
	}
	return bad;
}

/* The area's size, its guard page, its place in the range, its page array. */
static int check_area_shape(struct machine *m, const struct vmap_area *va, uint64_t prev_end)
{
	struct vmalloc_state *s = m->vmalloc;
	size_t array_size = va->nr_pages * page_ptr_size(m);
	const struct vmap_area *pages;
	int bad = 0;

	if (va->va_start < MAX(prev_end, s->start) || va->va_end > s->end ||
	    va->va_start >= va->va_end) {
		pr_err(m, "BUG: vmalloc area " ADDR "-" ADDR " overlaps or leaves the range",
		       va->va_start, va->va_end);
		bad++;
	}
	if ((va->flags & VM_NO_GUARD) ||
	    get_vm_area_size(va) != (uint64_t)va->nr_pages << PAGE_SHIFT) {
		pr_err(m, "BUG: vmalloc area " ADDR ": %lu pages in %" G_GUINT64_FORMAT
		       " bytes, no guard page", va->va_start, va->nr_pages,
		       va->va_end - va->va_start);
		bad++;
	}
	pages = is_vmalloc_addr(m, va->pages_addr) ? find_vmap_area(m, va->pages_addr) : NULL;
	if (pages ? pages->va_start != va->pages_addr || pages->owner != va->va_start ||
		    (pages->nr_pages << PAGE_SHIFT) < array_size :
		    ksize(m, va->pages_addr) < (long)array_size) {
		pr_err(m, "BUG: vmalloc area " ADDR ": page array " ADDR " cannot hold %lu pages",
		       va->va_start, va->pages_addr, va->nr_pages);
		bad++;
	}
	return bad;
}

/* Areas and holes tile the range: every byte in exactly one, no two holes adjacent. */
static int check_holes(struct machine *m)
{
	struct vmalloc_state *s = m->vmalloc;
	GTreeNode *n = g_tree_node_first(s->holes);
	GList *l = s->areas.head;
	uint64_t pos = s->start;
	bool after_hole = false;

	while (n || l) {
		const struct free_range *r = n ? g_tree_node_value(n) : NULL;
		const struct vmap_area *va = l ? l->data : NULL;

		if (r && r->start == pos && !after_hole && r->end > r->start) {
			pos = r->end;
			after_hole = true;
			n = g_tree_node_next(n);
		} else if (va && va->va_start == pos) {
			pos = va->va_end;
			after_hole = false;
			l = l->next;
		} else {
			pr_err(m, "BUG: vmalloc range at " ADDR ": not one hole or one area", pos);
			return 1;
		}
	}
	if (pos != s->end) {
		pr_err(m, "BUG: vmalloc areas and holes end at " ADDR ", not " ADDR, pos, s->end);
		return 1;
	}
	return 0;
}

/**
 * vmalloc_check - the vmalloc half of machine_check(): areas by address,
 * apart, each with its guard page and page array; their pages allocated
 * order-0 blocks owned by one area; nr_vmalloc_pages their sum; the holes
 * exactly what the areas leave.
 */
int vmalloc_check(struct machine *m)
{
	struct vmalloc_state *s = m->vmalloc;
	g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
	unsigned long pages = 0;
	uint64_t prev_end = 0;
	int bad = 0;

	if ((guint)g_tree_nnodes(s->busy) != s->areas.length) {
		pr_err(m, "BUG: vmalloc: %d areas in the tree, %u on the list",
		       g_tree_nnodes(s->busy), s->areas.length);
		return 1;
	}
	for (GList *l = s->areas.head; l; l = l->next) {
		const struct vmap_area *va = l->data;

		bad += check_area_shape(m, va, prev_end);
		bad += check_area_pages(m, va, seen);
		pages += va->nr_pages;
		prev_end = va->va_end;
	}
	if (pages != s->nr_pages) {
		pr_err(m, "BUG: nr_vmalloc_pages %lu, areas hold %lu", s->nr_pages, pages);
		bad++;
	}
	return bad + check_holes(m);
}
