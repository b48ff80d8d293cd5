/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated machine: its description, boot, lock and invariant check.
 *
 * Every engine function takes the machine explicitly; there is no global
 * state, so tests run several machines side by side.
 */
#ifndef MM_MACHINE_H
#define MM_MACHINE_H

#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <sys/types.h>

#include "blkdev.h"
#include "clock.h"
#include "fault_inject.h"
#include "loadavg.h"
#include "mmzone.h"
#include "printk.h"
#include "sysctl.h"
#include "vmstat.h"

#define MAX_MEM_RANGES		16
#define MAX_RESERVED_RANGES	16
#define MAX_SYSCTL_OVERRIDES	32
#define MAX_CPUS		256

enum machine_arch {
	ARCH_X86_64,
	ARCH_I386,
};

/* A physical range [start, end) in bytes. */
struct mem_range {
	uint64_t start;
	uint64_t end;
};

struct node_desc {
	int nr_mem;
	struct mem_range mem[MAX_MEM_RANGES];	/* usable RAM (e820 "usable") */
	int nr_cpus;				/* CPUs on this node, numbered in node order */
	int distance[MAX_NUMNODES];		/* SLIT row */
};

struct reserved_desc {
	char name[24];
	struct mem_range range;
};

/* A line of the boot slab profile: objects the simulated kernel holds at boot. */
struct slab_profile {
	char cache[32];
	unsigned long objects;
	unsigned long unused;		/* of those, how many a shrinker may free */
};

#define MAX_SLAB_PROFILE	48

/* A task of the boot profile: what a freshly booted small system runs. */
enum boot_task_kind {
	BOOT_PROCESS,
	BOOT_KTHREAD,
	BOOT_KTHREAD_PER_CPU,		/* comm is a pattern with one %d: the CPU */
	BOOT_KTHREAD_PER_NODE,		/* ... the node */
};

struct boot_task {
	enum boot_task_kind kind;
	char comm[32];
	char binary[64];		/* processes: the program; "" = /usr/bin/COMM */
	char cmdline[128];		/* argv joined by spaces; "" = the binary */
	uid_t uid;
	short oom_score_adj;
	unsigned long anon_kb;		/* heap it has grown to since it started */
	bool session;			/* the login shell: where proc/self points */
};

#define MAX_BOOT_TASKS		40

/*
 * CPU features the simulated kernel acts on, by what they change:
 * X86_FEATURE_GBPAGES (cpuinfo "pdpe1gb") lets the direct map use 1 GiB
 * pages and meminfo print DirectMap1G; X86_FEATURE_PKU ("pku", and
 * "ospke" once the kernel enables it) gives smaps its ProtectionKey line.
 * Both act only on x86_64: a 32-bit kernel has neither 1G mappings nor pkeys.
 */
enum cpu_feature {
	X86_FEATURE_GBPAGES,
	X86_FEATURE_PKU,
	NR_CPU_FEATURES,
};

struct sysctl_override {
	char name[48];				/* "vm.min_free_kbytes" */
	char value[64];
};

/*
 * What a machine is made of. Presets are instances of this; --config FILE
 * fills one from a key file (procfs/machine_desc.c), and sim/machine prints
 * the one in effect.
 */
struct machine_desc {
	char name[32];
	enum machine_arch arch;
	int nr_nodes;
	struct node_desc nodes[MAX_NUMNODES];
	uint64_t zone_end[__MAX_ZONE_TYPES];	/* upper bound of each zone kind; 0 = kind absent */
	int nr_reserved;
	struct reserved_desc reserved[MAX_RESERVED_RANGES];	/* besides the memmap, which boot sizes */
	uint64_t swap_bytes;			/* the swap partition: all of disk "vdb" when set */
	int nr_disks;
	struct disk_desc disks[MAX_DISKS];	/* [disk.NAME]: "vda" first (the root filesystem's) */
	uint64_t btime;				/* boot time, seconds since the epoch */
	char cpu_model[64];
	unsigned int cpu_mhz;
	unsigned int cpu_features;		/* 1 << enum cpu_feature, for each one it has */
	int nr_sysctl;		/* written after boot through /proc/sys's parser */
	struct sysctl_override sysctl[MAX_SYSCTL_OVERRIDES];
	int nr_slab_profile;
	struct slab_profile slab_profile[MAX_SLAB_PROFILE];
	int nr_boot_tasks;
	struct boot_task boot_tasks[MAX_BOOT_TASKS];
};

struct slab_state;
struct vmalloc_state;
struct page_ext;
struct task_table;
struct file_table;
struct task_struct;

struct machine {
	struct machine_desc desc;
	GMutex lock;				/* the state, for readers and writers */
	GMutex write_lock;			/* a writer's whole command (machine_write_lock) */
	GThread *yielder;			/* the writer that cond_resched() lets readers past */
	gint readers_waiting;			/* readers blocked on the state lock */
	GRand *rng;
	uint64_t seed;

	/* the architecture's zone index order: zone_types[i] is the kind of index i */
	int nr_zone_types;
	enum zone_type zone_types[MAX_ZONES_PER_NODE];
	uint64_t page_offset;			/* start of the direct map */
	uint64_t direct_map_end;		/* lowmem limit of the direct map (i386: 896 MiB) */

	int nr_nodes;
	pg_data_t *node_data[MAX_NUMNODES];
	int8_t gfp_zone_idx[16];		/* gfp_zone() by GFP_ZONEMASK bits (build_all_zonelists) */
	struct zone *zone_by_id[1 + MAX_NUMNODES * MAX_ZONES_PER_NODE];	/* by pageblock_zone[] */
	int nr_cpus;

	struct page *mem_map;			/* indexed by PFN, holes included */
	struct page *maxblock;			/* heads of free MAX_PAGE_ORDER blocks, by PFN >> 10 */
	uint8_t *pageblock_flags;		/* migratetype per pageblock, by PFN >> pageblock_order */
	uint8_t *pageblock_zone;		/* its zone: 1 + nid * MAX_ZONES_PER_NODE + index; 0 mixed */
	unsigned long max_pfn;

	unsigned long totalram_pages;		/* sum of managed pages */
	unsigned long totalreserve_pages;
	unsigned long memmap_boot_pages;
	unsigned long reserved_pages;		/* all boot reservations, memmap included */

	unsigned long vm_events[NR_VM_EVENT_ITEMS];
	struct slab_state *slab;		/* mm/slab_common.c */
	struct vmalloc_state *vmalloc;		/* mm/vmalloc.c */
	struct page_ext **page_ext;		/* by PFN >> pageblock_order, made on first use */
	struct task_table *tasks;		/* mm/fork.c */
	struct file_table *files;		/* mm/filemap.c */
	struct writeback_state *writeback;	/* mm/page-writeback.c: the wbs and the dirty domain */
	long vm_committed_as;			/* pages (mm/util.c) */
	struct task_struct *current;		/* whom a ctl command acts for, or NULL */
	struct ratelimit_state rs_overcommit;	/* __vm_enough_memory's warning */
	struct ratelimit_state rs_printk;	/* printk_ratelimit(): segfault lines */
	bool tasks_warned_data_rlimit;		/* may_expand_vm's pr_warn_once (mm/mmap.c) */
	struct failslab_attr failslab;		/* kmem_cache_alloc fails (CONFIG_FAILSLAB) */
	struct fail_page_alloc_attr fail_page_alloc;	/* alloc_pages fails (FAIL_PAGE_ALLOC) */
	struct stack_frames frames;		/* the simulated call path (STACK_FRAME) */
	struct workbench *workbench;		/* what sim/ctl's allocator verbs hold (mm/workbench.c) */
	struct {				/* mm/workload.c's timer */
		uint64_t origin;		/* steps fall on origin + k * WORKLOAD_PERIOD_NS */
		uint64_t due;			/* when the armed timer fires; 0: none armed */
		unsigned int gen;		/* a timer of an older generation was superseded */
	} workload_timer;
	struct {				/* mm/oom_kill.c */
		unsigned long victims;		/* oom_victims: marked and not yet exited */
		unsigned long marked;		/* victims ever marked: did a call make progress? */
		struct ratelimit_state rs;	/* oom_rs: the report, 10 per 5 s */
	} oom;
	bool panicked;				/* panic() ran: the machine is halted */
	int nr_bdevs;
	struct block_device *bdevs;		/* the disks, in description order (mm/blk-core.c) */
	struct block_device *root_bdev;		/* "vda": the root filesystem's */
	struct block_device *swap_bdev;		/* "vdb": the swap partition's, if any */
	unsigned int plug_depth;		/* blk_start_plug() nesting */
	uint64_t plug_seq;			/* which plug a request was made under */
	struct rq *rq;				/* per CPU: nr_iowait, iowait time (mm/blk-wait.c) */
	GHashTable *page_waitqueue;		/* PFN -> tasks in folio_wait_bit (mm/blk-wait.c) */
	struct vm_sysctl sysctl;
	struct sim_clock clock;
	struct calc_load calc_load;		/* mm/loadavg.c */
	struct printk_log log;
};

/* Presets: "default", "numa2", "i386-highmem", "tiny". */
const struct machine_desc *machine_preset(const char *name);
const char *const *machine_preset_names(void);

/* The part of a description that machine_desc_validate() refuses. */
enum desc_field {
	DESC_NODES,		/* nr_nodes */
	DESC_NODE_MEMORY,	/* nodes[index].mem */
	DESC_NODE_CPUS,		/* nodes[index].nr_cpus */
	DESC_NODE_DISTANCE,	/* nodes[index].distance */
	DESC_RESERVED,		/* reserved[index] */
	DESC_ZONE,		/* zone_end[index] */
	DESC_BOOT_TASK,		/* boot_tasks[index] */
	DESC_BOOT_TASKS,	/* the boot tasks as a whole */
	DESC_DISK,		/* disks[index] */
	DESC_SWAP,		/* swap_bytes */
};

/* Why, with what struct desc_error's @value then holds. */
enum desc_reason {
	DESC_OUT_OF_RANGE,	/* above @value, the most allowed (nodes, CPUs in all) */
	DESC_NO_MEMORY,		/* a node without a memory range */
	DESC_EMPTY_RANGE,	/* range @item holds no whole page; a reservation ends where it starts */
	DESC_ABOVE_ARCH,	/* range @item ends above @value, the architecture's physical limit */
	DESC_ABOVE_SIM,		/* range @item ends above @value, where 32-bit PFN links end */
	DESC_UNSORTED,		/* range @item starts below the end of the one before it */
	DESC_OVERLAPS_NODE,	/* range @item overlaps a range of node @value */
	DESC_NODE_ORDER,	/* the node starts below the end of the node before it */
	DESC_BAD_DISTANCE,	/* to node @item: local must be 10, remote 11..254 */
	DESC_ASYMMETRIC,	/* to node @item differs from node @item's distance back */
	DESC_NO_CPU,		/* no node has a CPU */
	DESC_TOO_LITTLE_RAM,	/* less RAM in all than @value bytes */
	DESC_NOT_IN_ARCH,	/* a zone kind the architecture does not have */
	DESC_BAD_NAME,		/* a task without a name, or a process named with a '/' */
	DESC_BAD_PATTERN,	/* per-CPU/per-node names hold one %d, other names none */
	DESC_TWO_SESSIONS,	/* more than one session task */
	DESC_DISK_NAME,		/* a disk not named vd[a-z] or named twice; no "vda" first */
	DESC_DISK_SIZE,		/* size not a whole number of sectors, or 0, or above @value */
	DESC_DISK_BANDWIDTH,	/* bandwidth 0 or above @value */
	DESC_DISK_LATENCY,	/* latency above @value ns */
	DESC_DISK_IOPS,		/* iops above @value */
	DESC_NO_SWAP_DISK,	/* swap without a disk "vdb" at least as large (@value: its size) */
};

/*
 * What is wrong with a description, as data: the caller that knows how the
 * user wrote it (procfs/machine_desc.c: keys of a file) words it.
 */
struct desc_error {
	enum desc_field field;
	enum desc_reason reason;
	int index;		/* the node, reservation, zone kind or boot task; -1: none */
	int item;		/* within it: the memory range or the other node; -1: none */
	uint64_t value;		/* the limit broken or the node overlapped (see the reason) */
};

int machine_desc_validate(const struct machine_desc *desc, struct desc_error *e);

struct machine *machine_boot(const struct machine_desc *desc, uint64_t seed,
			     char *err, size_t errlen);
void machine_free(struct machine *m);

/* Readers (rendering a file) take the state lock, saying they wait for it. */
static inline void machine_lock(struct machine *m)
{
	g_atomic_int_inc(&m->readers_waiting);
	g_mutex_lock(&m->lock);
	g_atomic_int_add(&m->readers_waiting, -1);
}

static inline void machine_unlock(struct machine *m) { g_mutex_unlock(&m->lock); }

/*
 * Writers (a store, the clock) take both: one writer at a time, and a long
 * one lets readers in between faults (cond_resched), as a process filling
 * memory lets others read /proc meanwhile.
 */
static inline void machine_write_lock(struct machine *m)
{
	g_mutex_lock(&m->write_lock);
	g_mutex_lock(&m->lock);
	m->yielder = g_thread_self();
}

static inline void machine_write_unlock(struct machine *m)
{
	m->yielder = NULL;
	g_mutex_unlock(&m->lock);
	g_mutex_unlock(&m->write_lock);
}

/* Inside a writer's long loop: let the readers waiting now have the state first. */
void cond_resched(struct machine *m);

static inline struct page *pfn_to_page(const struct machine *m, unsigned long pfn)
{
	return &m->mem_map[pfn];
}

static inline unsigned long page_to_pfn(const struct machine *m, const struct page *page)
{
	return (unsigned long)(page - m->mem_map);
}

static inline pg_data_t *NODE_DATA(const struct machine *m, int nid)
{
	return m->node_data[nid];
}

#define for_each_online_node(m, nid) for ((nid) = 0; (nid) < (m)->nr_nodes; (nid)++)

/* The zone holding @pfn, or NULL for a PFN outside every zone span. */
struct zone *__page_zone_pfn(const struct machine *m, unsigned long pfn);

static inline struct zone *page_zone_pfn(const struct machine *m, unsigned long pfn)
{
	unsigned int z = pfn < m->max_pfn ? m->pageblock_zone[pfn >> pageblock_order] : 0;

	if (!z--)
		return __page_zone_pfn(m, pfn);	/* a block across a zone edge or a hole */
	return &m->node_data[z / MAX_ZONES_PER_NODE]->node_zones[z % MAX_ZONES_PER_NODE];
}

/* Direct-map address of @pfn; 0 when it has none (highmem). */
uint64_t pfn_to_virt(const struct machine *m, unsigned long pfn);
/*
 * PFN of direct-map address @addr, or -EFAULT when @addr is not one. Inline:
 * kfree's fast path starts here.
 */
static inline long virt_to_pfn(const struct machine *m, uint64_t addr)
{
	uint64_t off = addr - m->page_offset;

	/* an address below the direct map wraps to a huge offset */
	if (off >= m->direct_map_end || (off >> PAGE_SHIFT) >= m->max_pfn)
		return -EFAULT;
	return (long)(off >> PAGE_SHIFT);
}

/* boot_cpu_has: whether the simulated CPU has @f */
static inline bool boot_cpu_has(const struct machine *m, enum cpu_feature f)
{
	return m->desc.cpu_features & (1U << f);
}

/* direct_gbpages: the direct map uses 1 GiB pages (x86_64 with pdpe1gb) */
static inline bool direct_gbpages(const struct machine *m)
{
	return m->desc.arch == ARCH_X86_64 && boot_cpu_has(m, X86_FEATURE_GBPAGES);
}

/* arch_pkeys_enabled: the kernel enabled protection keys (x86_64 with pku: OSPKE) */
static inline bool arch_pkeys_enabled(const struct machine *m)
{
	return m->desc.arch == ARCH_X86_64 && boot_cpu_has(m, X86_FEATURE_PKU);
}

/* Advance simulated time by @ns and run what fell due (machine lock held). */
void machine_advance(struct machine *m, uint64_t ns);

/*
 * The checks that walk every page frame (the zone walk, the rmap recount)
 * call cond_resched() once per CHECK_SLICE_PAGES frames, 1 GiB of memmap,
 * and those that follow lists (free lists, LRU lists), whose every entry
 * is a few cache misses, once per CHECK_SLICE_ENTRIES: a writer's check of
 * a big machine lets readers in between slices of well under a millisecond
 * (no other writer runs meanwhile, so the state it counts stays put), and
 * a machine under 1 GiB checks in one go.
 */
#define CHECK_SLICE_PAGES	(1UL << 18)
#define CHECK_SLICE_ENTRIES	(1UL << 12)

/*
 * machine_check - verify every accounting invariant, like CONFIG_DEBUG_VM.
 * Returns 0, or -EUCLEAN after logging each violation to the kernel log.
 */
int machine_check(struct machine *m);

#endif /* MM_MACHINE_H */
