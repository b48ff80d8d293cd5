/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prototypes shared between engine files and the code that reads the
 * engine's state, grouped by the file that defines them.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include <stdbool.h>

#include "gfp.h"
#include "machine.h"
#include "mm_types.h"

/**
 * smp_processor_id - the simulated CPU the engine runs on now
 * @m: the machine
 *
 * The acting task's CPU (fork gives tasks CPUs round-robin by pid), CPU 0
 * when no task acts (boot, the clock, kernel work). Per-cpu state (page
 * lists, SLUB's cpu slabs) is indexed by it.
 */
static inline int smp_processor_id(const struct machine *m)
{
	return m->current ? m->current->cpu : 0;
}

/**
 * fault_attr_armed - whether should_fail_ex() can fail a call now
 * @m: the machine
 * @attr: the attribute (failslab's or fail_page_alloc's)
 *
 * A probability of 0 fails nothing unless the acting task has a fail-nth
 * pending; the allocators' fast paths test this before they skip the
 * injection point, so an injected failure still reaches every path.
 */
static inline bool fault_attr_armed(const struct machine *m, const struct fault_attr *attr)
{
	return attr->probability || (m->current && m->current->fail_nth);
}

static inline struct machine *stack_frame_push(struct machine *m, const char *fn)
{
	if (m->frames.depth < STACK_FRAMES_MAX)
		m->frames.fn[m->frames.depth] = fn;
	m->frames.depth++;
	return m;
}

static inline void stack_frame_pop(struct machine **m)
{
	(*m)->frames.depth--;
}

/*
 * STACK_FRAME - name the enclosing function in the simulated call path
 * until it returns, so that a fault injection's call trace shows the path
 * that allocated (dump_stack). A declaration: put it first in the body.
 */
#define STACK_FRAME(m)							\
	struct machine *__stack_frame __attribute__((cleanup(stack_frame_pop), unused)) = \
		stack_frame_push((m), __func__)

/*
 * Where the head of a free block of @order keeps its flags and links: the
 * memmap, or for MAX_PAGE_ORDER the side table, one entry per 4 MiB, so that
 * boot, which frees nearly everything at that order, writes no memmap.
 */
static inline struct page *free_block_head(const struct machine *m, unsigned long pfn,
					   unsigned int order)
{
	return order == MAX_PAGE_ORDER ? &m->maxblock[pfn >> MAX_PAGE_ORDER] : pfn_to_page(m, pfn);
}

/* Is @buddy_pfn the head of a free block of exactly @order in @zone? */
static inline bool page_is_buddy(const struct machine *m, const struct zone *zone,
			  unsigned long buddy_pfn, unsigned int order)
{
	const struct page *buddy;

	if (!zone_spans_pfn(zone, buddy_pfn))
		return false;
	buddy = pfn_to_page(m, buddy_pfn);
	return (buddy->flags & PG_buddy) && buddy->order == order;
}

/* Free blocks of these types may merge across pageblocks. */
static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* Orders with per-cpu lists: up to PAGE_ALLOC_COSTLY_ORDER, and THP's. */
static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == pageblock_order;
}

/* The per-cpu list of blocks of @order and @mt: by order and type, THP by movable or not. */
static inline unsigned int order_to_pindex(int mt, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS + (mt != MIGRATE_MOVABLE);
	return MIGRATE_PCPTYPES * order + (unsigned int)mt;
}

static inline unsigned int pindex_to_order(unsigned int pindex)
{
	return pindex >= NR_LOWORDER_PCP_LISTS ? pageblock_order : pindex / MIGRATE_PCPTYPES;
}

/* page_alloc.c */
void memblock_free_pages(struct machine *m, unsigned long pfn, unsigned int order);
void build_all_zonelists(struct machine *m);
void memmap_init(struct machine *m);
void init_per_zone_wmark_min(struct machine *m);
void setup_per_zone_wmarks(struct machine *m);
void setup_per_zone_lowmem_reserve(struct machine *m);
void zone_pcp_update_all(struct machine *m);
void zone_pcp_destroy(struct machine *m);
bool decay_pcp_high(struct machine *m, struct zone *zone, struct per_cpu_pages *pcp);
void drain_zone_pages(struct machine *m, struct zone *zone, struct per_cpu_pages *pcp);
void drain_all_pages(struct machine *m, struct zone *zone);
unsigned long nr_pcp_pages(const struct zone *zone, int cpu, int nr_cpus);
int calculate_min_free_kbytes(struct machine *m);
unsigned long nr_free_buffer_pages(const struct machine *m);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
int page_alloc_check(struct machine *m);
int get_pageblock_migratetype(const struct machine *m, unsigned long pfn);
/* Where a PFN stands, for sim/physmap and the checker. */
enum page_state {
	PAGE_STATE_HOLE,
	PAGE_STATE_RESERVED,
	PAGE_STATE_FREE,
	PAGE_STATE_ALLOCATED,
};
/* State of @pfn and, for a block, its first PFN, order and migratetype. */
enum page_state pfn_state(const struct machine *m, unsigned long pfn,
			  unsigned long *head, unsigned int *order, int *mt);

/* debug.c: the kernel's page reports */
void dump_stack(struct machine *m, const char *const *top, const char *const *path);
/* "cpuset=/,mems_allowed=0-1": where the acting task may allocate (cpuset_print_current_mems_allowed) */
void cpuset_mems_allowed(const struct machine *m, char *buf, size_t len);
/* panic.c */
void panic(struct machine *m, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void dump_page(struct machine *m, unsigned long pfn, const char *reason);
void bad_page(struct machine *m, unsigned long pfn, const char *reason);

/* show_mem.c */
long si_mem_available(const struct machine *m);
unsigned long totalram_pages(const struct machine *m);
/* The memory fields of the kernel's struct sysinfo, in pages (mem_unit is PAGE_SIZE). */
struct mm_sysinfo {
	unsigned long totalram;		/* managed pages */
	unsigned long freeram;
	unsigned long sharedram;	/* NR_SHMEM */
	unsigned long totalhigh;	/* managed pages of HighMem zones */
	unsigned long freehigh;
};
void si_meminfo(const struct machine *m, struct mm_sysinfo *val);
void si_meminfo_node(const struct machine *m, int nid, struct mm_sysinfo *val);
bool machine_has_highmem(const struct machine *m);
/* DirectMap4k/2M/1G in kB, from the RAM ranges the direct map covers */
void arch_direct_map_sizes(const struct machine *m, unsigned long kb[3]);
void __show_mem(struct machine *m);

/* fork.c: the name warnings give the current task; "mmsimctl" for the workbench */
const char *current_comm(const struct machine *m);

/* blk-wait.c: the wait side of the block layer, for blk-core.c */
int blk_wait_init(struct machine *m);
void blk_wait_destroy(struct machine *m);
int blk_wait_check(struct machine *m);
/* blk-wait.c: boot's iowait is before the clock starts */
void blk_wait_boot_settle(struct machine *m);
/* blk-core.c: complete the boot tasks' reads before the clock starts at 0 (machine.c) */
void blk_boot_settle(struct machine *m);
/* blk-core.c, for blk-wait.c */
void bdev_forget_waiter(struct block_device *b, struct task_struct *t);

/* util.c */
unsigned long vm_commit_limit(const struct machine *m);
unsigned long vm_memory_committed(const struct machine *m);
struct mm_struct;
struct task_struct;
/*
 * __vm_enough_memory: charge @pages to vm_committed_as if the overcommit
 * policy allows it, else log the kernel's warning and return -ENOMEM.
 * @t: the task asking (its mm's size and its capabilities count in mode 2).
 */
int __vm_enough_memory(struct machine *m, struct task_struct *t, long pages);
void vm_acct_memory(struct machine *m, long pages);
void vm_unacct_memory(struct machine *m, long pages);

/*
 * page_ext.c: what an anon or page-cache page carries beyond struct page
 * (the kernel's folio->mapping, ->index, _mapcount and flags). Allocated a
 * pageblock at a time on first use, so idle memory costs nothing.
 */
enum page_ext_flags {
	PGE_anon	= 1 << 0,	/* anonymous: ->mapping is the mm's anon family */
	PGE_swapbacked	= 1 << 1,	/* anon or shmem: on the anon LRU */
	PGE_dirty	= 1 << 2,
	PGE_referenced	= 1 << 3,
	PGE_mlocked	= 1 << 4,
	PGE_active	= 1 << 5,
	PGE_unevictable	= 1 << 6,
	PGE_lru		= 1 << 7,
	PGE_readahead	= 1 << 8,	/* reaching it starts the next asynchronous readahead */
	PGE_idle	= 1 << 9,	/* page_idle: no access seen since the bitmap marked it */
	PGE_young	= 1 << 10,	/* page_idle took the young bit from a PTE: still referenced */
	PGE_locked	= 1 << 11,	/* a read into it is under way (folio_unlock wakes waiters) */
	PGE_writeback	= 1 << 12,	/* PG_writeback: its write to the disk is in flight */
	PGE_truncated	= 1 << 13,	/* truncated while under writeback: freed at completion */
};

struct page_ext {
	int32_t mapcount;		/* page-table entries mapping it */
	uint32_t mapping;		/* anon family id, or the address_space id */
	uint64_t index;			/* page offset in the file (to 2^51), or linear anon index */
	uint16_t flags;			/* enum page_ext_flags */
	uint16_t mlock_count;		/* mappings in VM_LOCKED vmas */
};

struct page_ext *__page_ext_alloc(struct machine *m, unsigned long pfn);
void page_ext_destroy(struct machine *m);

static inline struct page_ext *page_ext_get(struct machine *m, unsigned long pfn)
{
	struct page_ext *chunk = m->page_ext[pfn >> pageblock_order];

	if (__builtin_expect(!chunk, 0))
		return __page_ext_alloc(m, pfn);
	return &chunk[pfn & (pageblock_nr_pages - 1)];
}

/* swap.c: the LRU lists */
void folio_add_lru(struct machine *m, unsigned long pfn);
void folio_del_lru(struct machine *m, unsigned long pfn);
/* move to the list its flags now ask for (after mlock or munlock) */
void folio_move_lru(struct machine *m, unsigned long pfn);
void folio_mark_accessed(struct machine *m, unsigned long pfn);
int lru_check(struct machine *m);

/* A user page: allocate (zeroed, movable) and give back. */
int alloc_user_page(struct machine *m, gfp_t gfp, unsigned long *pfn);
void free_user_page(struct machine *m, unsigned long pfn);

#endif /* MM_INTERNAL_H */
