// SPDX-License-Identifier: GPL-2.0
/*
 * The vm tunables: every knob 6.18 registers under /proc/sys/vm (the vm_table
 * of kernel/sysctl.c and the tables mm/, fs/ and security/ add), plus
 * kernel.pid_max and kernel.threads-max. One table entry per knob gives its
 * kind, mode and [min, max] (the handler's extra1/extra2); a store hook
 * stands for the kernel handlers that do more than assign. The text a user
 * writes is parsed by procfs/sysctl.c with proc_dointvec's rules: what
 * arrives here are numbers, range checked before anything changes.
 *
 * Left out: shrink_inodes_with_pagecache (a vendor patch on the reference
 * machine, not mainline), the NOMMU nr_trim_pages and the
 * CONFIG_MEMORY_FAILURE knobs the reference machine does not have.
 * highmem_is_dirtyable is listed on every machine, although the kernel has it
 * with CONFIG_HIGHMEM only, and mmap_rnd_compat_bits on i386 too: the table
 * is one for all architectures. The NUMA knobs are there on one-node machines
 * too, as on any CONFIG_NUMA kernel.
 *
 * Huge pages: no hugetlb pool is simulated yet. nr_hugepages and
 * nr_hugepages_mempolicy parse and validate their writes like the kernel,
 * and the pool stays at 0 pages, which is what a kernel reports when it could
 * not allocate a single huge page.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "filemap.h"
#include "internal.h"
#include "slab.h"
#include "writeback.h"

#define MAX_THREADS		0x3fffffff	/* FUTEX_TID_MASK */
#define MIN_THREADS		20
#define RESERVED_PIDS		300
#define PIDS_PER_CPU_DEFAULT	1024
#define PIDS_PER_CPU_MIN	8
#define PID_MAX_DEFAULT		0x8000
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION	8

/*
 * The kernel's drop_caches handler keeps a static "stfu" flag: once a write
 * had bit 4 set, later writes no longer log. The flag lives in a bit of
 * sysctl.drop_caches far above the 1..4 a write can store.
 */

/* ---------------------------------------------------------------- storage */

static void *ctl_data(struct vm_sysctl *s, const struct ctl_table *t)
{
	return (char *)s + t->offset;
}

static const void *ctl_cdata(const struct vm_sysctl *s, const struct ctl_table *t)
{
	return (const char *)s + t->offset;
}

static bool ctl_is_ulong(const struct ctl_table *t)
{
	return t->kind == CTL_ULONG;
}

/* Assign @n values without side effects (the handler's proc_do*vec part). */
static void ctl_assign(struct machine *m, const struct ctl_table *t, const long *vals, int n)
{
	int *data = ctl_data(&m->sysctl, t);

	if (ctl_is_ulong(t)) {
		*(long *)ctl_data(&m->sysctl, t) = vals[0];
		return;
	}
	for (int i = 0; i < n; i++)
		data[i] = t->kind == CTL_BOOL ? !!vals[i] : (int)vals[i];
}

/* ---------------------------------------------------------------- handlers */

static unsigned long pid_max_max(const struct machine *m)
{
	/* PID_MAX_LIMIT: 4M on 64-bit, the 32768 default on 32-bit */
	return m->desc.arch == ARCH_I386 ? PID_MAX_DEFAULT : 4 * 1024 * 1024;
}

static long pid_max_min(const struct machine *m)
{
	return MAX(RESERVED_PIDS + 1, PIDS_PER_CPU_MIN * m->nr_cpus);
}

/* pid_max's extra1/extra2 are per machine: pid_idr_init sizes them from the CPUs */
static int store_pid_max(struct machine *m, const struct ctl_table *t, const long *vals, int n)
{
	if (vals[0] < pid_max_min(m) || (unsigned long)vals[0] > pid_max_max(m))
		return -EINVAL;
	m->sysctl.pid_max = (int)vals[0];
	return 0;
}

/*
 * set_max_threads: thread structures may take at most 1/8 of memory,
 * THREAD_SIZE each (16 KiB on x86_64, 8 KiB on i386); a write can lower
 * that limit, not raise it.
 */
static int max_threads_for(const struct machine *m, unsigned long suggested)
{
	uint64_t thread_size = m->desc.arch == ARCH_I386 ? 8192 : 16384;
	uint64_t threads = (uint64_t)totalram_pages(m) * PAGE_SIZE / (thread_size * 8);

	threads = MIN(threads, (uint64_t)suggested);
	return (int)CLAMP(threads, (uint64_t)MIN_THREADS, (uint64_t)MAX_THREADS);
}

static int store_threads_max(struct machine *m, const struct ctl_table *t, const long *vals,
			     int n)
{
	m->sysctl.threads_max = max_threads_for(m, (unsigned long)vals[0]);
	return 0;
}

/* CONFIG_ARCH_MMAP_RND_BITS_MIN/MAX: 28..32 on x86_64, 8..16 on i386 */
static int store_mmap_rnd_bits(struct machine *m, const struct ctl_table *t, const long *vals,
			       int n)
{
	bool i386 = m->desc.arch == ARCH_I386;

	if (vals[0] < (i386 ? 8 : 28) || vals[0] > (i386 ? 16 : 32))
		return -EINVAL;
	m->sysctl.mmap_rnd_bits = (int)vals[0];
	return 0;
}

/* min_free_kbytes_sysctl_handler: the user's value also wins over later recomputes */
static int store_min_free_kbytes(struct machine *m, const struct ctl_table *t, const long *vals,
				 int n)
{
	m->sysctl.min_free_kbytes = (int)vals[0];
	m->sysctl.user_min_free_kbytes = (int)vals[0];
	setup_per_zone_wmarks(m);
	return 0;
}

static int store_watermark_scale_factor(struct machine *m, const struct ctl_table *t,
					const long *vals, int n)
{
	m->sysctl.watermark_scale_factor = (int)vals[0];
	setup_per_zone_wmarks(m);
	return 0;
}

/*
 * 6.18's lowmem_reserve_ratio handler: the values parsed so far are kept
 * (a parse error only stops the parse), anything below 1 becomes 0, and the
 * protection is recomputed whatever happened.
 */
static int store_lowmem_reserve_ratio(struct machine *m, const struct ctl_table *t,
				      const long *vals, int n)
{
	ctl_assign(m, t, vals, n);
	for (int i = 0; i < LOWMEM_RESERVE_SLOTS; i++)
		if (m->sysctl.lowmem_reserve_ratio[i] < 1)
			m->sysctl.lowmem_reserve_ratio[i] = 0;
	setup_per_zone_lowmem_reserve(m);
	return 0;
}

/*
 * percpu_pagelist_high_fraction: 0 (auto-tune) or at least 8; moves the pcp
 * high bounds and batch, drains nothing (zone_set_pageset_high_and_batch).
 */
static int store_percpu_pagelist_high_fraction(struct machine *m, const struct ctl_table *t,
					       const long *vals, int n)
{
	int v = (int)vals[0];

	if (v && v < MIN_PERCPU_PAGELIST_HIGH_FRACTION)
		return -EINVAL;
	if (v == m->sysctl.percpu_pagelist_high_fraction)
		return 0;
	m->sysctl.percpu_pagelist_high_fraction = v;
	zone_pcp_update_all(m);
	return 0;
}

/* DIV_ROUND_UP(bytes, PAGE_SIZE) > UINT_MAX, without the kernel's wrap near ULONG_MAX */
static bool bytes_exceed_uint_pages(unsigned long bytes)
{
	return bytes / PAGE_SIZE + !!(bytes % PAGE_SIZE) > UINT_MAX;
}

/* The ratio and bytes forms of a dirty limit exclude each other: setting one zeroes the other. */
static int store_dirty_ratio(struct machine *m, const struct ctl_table *t, const long *vals,
			     int n)
{
	if (vals[0] == m->sysctl.dirty_ratio)
		return 0;
	m->sysctl.dirty_ratio = (int)vals[0];
	m->sysctl.dirty_bytes = 0;
	return 0;
}

static int store_dirty_bytes(struct machine *m, const struct ctl_table *t, const long *vals,
			     int n)
{
	unsigned long v = (unsigned long)vals[0];

	if (v == (unsigned long)m->sysctl.dirty_bytes)
		return 0;
	if (bytes_exceed_uint_pages(v))
		return -ERANGE;
	m->sysctl.dirty_bytes = (long)v;
	m->sysctl.dirty_ratio = 0;
	return 0;
}

static int store_dirty_background_ratio(struct machine *m, const struct ctl_table *t,
					const long *vals, int n)
{
	m->sysctl.dirty_background_ratio = (int)vals[0];
	m->sysctl.dirty_background_bytes = 0;
	return 0;
}

static int store_dirty_background_bytes(struct machine *m, const struct ctl_table *t,
					const long *vals, int n)
{
	if (bytes_exceed_uint_pages((unsigned long)vals[0]))
		return -ERANGE;
	m->sysctl.dirty_background_bytes = vals[0];
	m->sysctl.dirty_background_ratio = 0;
	return 0;
}

/*
 * dirty_writeback_centisecs_handler: 0 stops the periodic flush; a new
 * non-zero value wakes every flusher now (wakeup_flusher_threads with
 * WB_REASON_PERIODIC), which re-arms the period from there.
 */
static int store_dirty_writeback(struct machine *m, const struct ctl_table *t, const long *vals,
				 int n)
{
	int old = m->sysctl.dirty_writeback_centisecs;

	m->sysctl.dirty_writeback_centisecs = (int)vals[0];
	if (vals[0] && vals[0] != old)
		wakeup_flusher_interval_changed(m);
	return 0;
}

/* overcommit_kbytes and overcommit_ratio: the same either-or as the dirty limits */
static int store_overcommit_kbytes(struct machine *m, const struct ctl_table *t,
				   const long *vals, int n)
{
	m->sysctl.overcommit_kbytes = vals[0];
	m->sysctl.overcommit_ratio = 0;
	return 0;
}

static int store_overcommit_ratio(struct machine *m, const struct ctl_table *t,
				  const long *vals, int n)
{
	m->sysctl.overcommit_ratio = (int)vals[0];
	m->sysctl.overcommit_kbytes = 0;
	return 0;
}

/* sysctl_vm_numa_stat_handler: switching the counters off also clears them */
static int store_numa_stat(struct machine *m, const struct ctl_table *t, const long *vals, int n)
{
	int nid;

	if (vals[0] == m->sysctl.numa_stat)
		return 0;
	m->sysctl.numa_stat = (int)vals[0];
	if (m->sysctl.numa_stat) {
		pr_info(m, "enable numa statistics");
		return 0;
	}
	for_each_online_node(m, nid)
		for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++)
			memset(NODE_DATA(m, nid)->node_zones[i].numa_stat, 0,
			       sizeof(NODE_DATA(m, nid)->node_zones[i].numa_stat));
	pr_info(m, "disable numa statistics, and clear numa counters");
	return 0;
}

/*
 * hugetlb_sysctl_handler: set_max_huge_pages grows the pool with order-9
 * allocations and shrinks it by freeing. No pool is simulated yet, so the
 * pool keeps the pages it has (none) and the write succeeds, as when every
 * huge page allocation fails.
 */
static int store_nr_hugepages(struct machine *m, const struct ctl_table *t, const long *vals,
			      int n)
{
	return 0;
}

/*
 * drop_caches: bit 1 drops the clean, unmapped page cache, bit 2 runs the slab shrinkers
 * (drop_slab), bit 4
 * stops the log line from the next write on. The kernel logs "comm (pid):
 * drop_caches: N" of the writing process; the writer of a sysctl file is
 * outside the simulation, so the line names what current_comm() names (the
 * acting task, else "mmsimctl" with pid 0).
 */
static int store_drop_caches(struct machine *m, const struct ctl_table *t, const long *vals,
			     int n)
{
	int v = (int)vals[0];

	if (v & 1) {
		filemap_drop_caches(m);
		__count_vm_events(m, DROP_PAGECACHE, 1);
	}
	if (v & 2) {
		drop_slab(m);
		__count_vm_events(m, DROP_SLAB, 1);
	}
	if (!m->sysctl.drop_caches_quiet)
		pr_info(m, "%s (%d): drop_caches: %d", current_comm(m), m->current ? m->current->pid : 0, v);
	m->sysctl.drop_caches = v;
	m->sysctl.drop_caches_quiet |= v & 4;
	return 0;
}

/* sysctl_compaction_handler: only "1" is a request; there is nothing to compact yet */
static int store_compact_memory(struct machine *m, const struct ctl_table *t, const long *vals,
				int n)
{
	return vals[0] == 1 ? 0 : -EINVAL;
}

/*
 * numa_zonelist_order: the zonelist is always node-ordered since 4.14; the
 * knob stays for compatibility and only checks the first letter.
 */
static int store_numa_zonelist_order(struct machine *m, const struct ctl_table *t,
				     const char *s)
{
	g_autofree char *shown = NULL;

	if (*s == 'd' || *s == 'D' || *s == 'n' || *s == 'N')
		return 0;
	shown = g_strdup(s);
	pr_warn(m, "Ignoring unsupported numa_zonelist_order value:  %s", g_strchomp(shown));
	return -EINVAL;
}

/* ---------------------------------------------------------------- the table */

#define VM(field)	offsetof(struct vm_sysctl, field)
#define RANGE(lo, hi)	.has_min = true, .min = (lo), .has_max = true, .max = (hi)
#define ATLEAST(lo)	.has_min = true, .min = (lo)
#define KNOB(d, name, k, md, field, ...) \
	{ .dir = (d), .procname = (name), .kind = (k), .mode = (md), .offset = VM(field), \
	  __VA_ARGS__ }
/* write-only actions and stat_refresh: no storage */
#define ACTION(name, k, md, ...) \
	{ .dir = "vm", .procname = (name), .kind = (k), .mode = (md), __VA_ARGS__ }
#define VM_INT(name, field, ...)	KNOB("vm", name, CTL_INT, 0644, field, __VA_ARGS__)
#define VM_ULONG(name, field, ...)	KNOB("vm", name, CTL_ULONG, 0644, field, __VA_ARGS__)

/* In name order, as `ls /proc/sys/vm` shows them. */
const struct ctl_table sysctl_table[] = {
	VM_ULONG("admin_reserve_kbytes", admin_reserve_kbytes),
	ACTION("compact_memory", CTL_TRIGGER, 0200, .store = store_compact_memory),
	VM_INT("compact_unevictable_allowed", compact_unevictable_allowed, RANGE(0, 1)),
	VM_INT("compaction_proactiveness", compaction_proactiveness, RANGE(0, 100)),
	VM_INT("defrag_mode", defrag_mode, RANGE(0, 1)),
	VM_ULONG("dirty_background_bytes", dirty_background_bytes, ATLEAST(1),
		 .store = store_dirty_background_bytes),
	VM_INT("dirty_background_ratio", dirty_background_ratio, RANGE(0, 100),
	       .store = store_dirty_background_ratio),
	VM_ULONG("dirty_bytes", dirty_bytes, ATLEAST(2 * PAGE_SIZE), .store = store_dirty_bytes),
	VM_INT("dirty_expire_centisecs", dirty_expire_centisecs, ATLEAST(0)),
	VM_INT("dirty_ratio", dirty_ratio, RANGE(0, 100), .store = store_dirty_ratio),
	VM_INT("dirty_writeback_centisecs", dirty_writeback_centisecs, .store = store_dirty_writeback),
	VM_INT("dirtytime_expire_seconds", dirtytime_expire_seconds, ATLEAST(0)),
	ACTION("drop_caches", CTL_TRIGGER, 0200, RANGE(1, 4), .store = store_drop_caches),
	VM_INT("extfrag_threshold", extfrag_threshold, RANGE(0, 1000)),
	VM_INT("highmem_is_dirtyable", highmem_is_dirtyable, RANGE(0, 1)),
	KNOB("vm", "hugetlb_optimize_vmemmap", CTL_BOOL, 0644, hugetlb_optimize_vmemmap),
	VM_INT("hugetlb_shm_group", hugetlb_shm_group),
	KNOB("vm", "laptop_mode", CTL_INT_JIFFIES, 0644, laptop_mode,
	     RANGE(-(INT_MAX / HZ), INT_MAX / HZ)),
	VM_INT("legacy_va_layout", legacy_va_layout, ATLEAST(0)),
	KNOB("vm", "lowmem_reserve_ratio", CTL_INTVEC, 0644, lowmem_reserve_ratio,
	     .store = store_lowmem_reserve_ratio),
	VM_INT("max_map_count", max_map_count, ATLEAST(0)),
	VM_INT("memfd_noexec", memfd_noexec, RANGE(0, 2)),
	VM_INT("min_free_kbytes", min_free_kbytes, ATLEAST(0), .store = store_min_free_kbytes),
	VM_INT("min_slab_ratio", min_slab_ratio, RANGE(0, 100)),
	VM_INT("min_unmapped_ratio", min_unmapped_ratio, RANGE(0, 100)),
	VM_ULONG("mmap_min_addr", mmap_min_addr),
	KNOB("vm", "mmap_rnd_bits", CTL_INT, 0600, mmap_rnd_bits, .store = store_mmap_rnd_bits),
	KNOB("vm", "mmap_rnd_compat_bits", CTL_INT, 0600, mmap_rnd_compat_bits, RANGE(8, 16)),
	VM_ULONG("nr_hugepages", nr_hugepages, .store = store_nr_hugepages),
	VM_ULONG("nr_hugepages_mempolicy", nr_hugepages_mempolicy, .store = store_nr_hugepages),
	VM_ULONG("nr_overcommit_hugepages", nr_overcommit_hugepages),
	VM_INT("numa_stat", numa_stat, RANGE(0, 1), .store = store_numa_stat),
	KNOB("vm", "numa_zonelist_order", CTL_STRING, 0644, numa_zonelist_order,
	     .store_string = store_numa_zonelist_order),
	VM_INT("oom_dump_tasks", oom_dump_tasks),
	VM_INT("oom_kill_allocating_task", oom_kill_allocating_task),
	VM_ULONG("overcommit_kbytes", overcommit_kbytes, .store = store_overcommit_kbytes),
	VM_INT("overcommit_memory", overcommit_memory, RANGE(0, 2)),
	VM_INT("overcommit_ratio", overcommit_ratio, .store = store_overcommit_ratio),
	VM_INT("page-cluster", page_cluster, RANGE(0, 31)),
	VM_INT("page_lock_unfairness", page_lock_unfairness, ATLEAST(0)),
	VM_INT("panic_on_oom", panic_on_oom, RANGE(0, 2)),
	VM_INT("percpu_pagelist_high_fraction", percpu_pagelist_high_fraction, ATLEAST(0),
	       .store = store_percpu_pagelist_high_fraction),
	KNOB("vm", "stat_interval", CTL_INT_JIFFIES, 0644, stat_interval,
	     RANGE(-(INT_MAX / HZ), INT_MAX / HZ)),
	ACTION("stat_refresh", CTL_REFRESH, 0600),
	VM_INT("swappiness", swappiness, RANGE(0, 200)),
	VM_INT("unprivileged_userfaultfd", unprivileged_userfaultfd, RANGE(0, 1)),
	VM_ULONG("user_reserve_kbytes", user_reserve_kbytes),
	VM_INT("vfs_cache_pressure", vfs_cache_pressure, ATLEAST(0)),
	VM_INT("vfs_cache_pressure_denom", vfs_cache_pressure_denom, ATLEAST(100)),
	VM_INT("watermark_boost_factor", watermark_boost_factor, ATLEAST(0)),
	VM_INT("watermark_scale_factor", watermark_scale_factor, RANGE(1, 3000),
	       .store = store_watermark_scale_factor),
	VM_INT("zone_reclaim_mode", zone_reclaim_mode, ATLEAST(0)),

	KNOB("kernel", "pid_max", CTL_INT, 0644, pid_max, .store = store_pid_max),
	KNOB("kernel", "threads-max", CTL_INT, 0644, threads_max, RANGE(1, MAX_THREADS),
	     .store = store_threads_max),
};

const unsigned int nr_sysctl_table = G_N_ELEMENTS(sysctl_table);

/**
 * sysctl_find - the table entry of @procname under proc/sys/@dir, or NULL
 */
const struct ctl_table *sysctl_find(const char *dir, const char *procname)
{
	for (unsigned int i = 0; i < nr_sysctl_table; i++) {
		const struct ctl_table *t = &sysctl_table[i];

		if (!strcmp(t->dir, dir) && !strcmp(t->procname, procname))
			return t;
	}
	return NULL;
}

/* ---------------------------------------------------------------- access */

/**
 * sysctl_nr_values - how many values the knob holds (the vector length for CTL_INTVEC)
 */
int sysctl_nr_values(const struct machine *m, const struct ctl_table *t)
{
	switch (t->kind) {
	case CTL_INTVEC:
		/* MAX_NR_ZONES of the architecture: 5 on x86_64, 4 on i386 */
		return MIN(m->nr_zone_types, LOWMEM_RESERVE_SLOTS);
	case CTL_STRING:
	case CTL_REFRESH:
		return 0;
	default:
		return 1;
	}
}

/**
 * sysctl_get - read the knob's current values into @vals (at most @max); returns the count
 */
int sysctl_get(const struct machine *m, const struct ctl_table *t, long *vals, int max)
{
	int n = t->kind == CTL_TRIGGER ? 0 : MIN(sysctl_nr_values(m, t), max);

	if (ctl_is_ulong(t)) {
		if (n)
			vals[0] = *(const long *)ctl_cdata(&m->sysctl, t);
		return n;
	}
	for (int i = 0; i < n; i++)
		vals[i] = ((const int *)ctl_cdata(&m->sysctl, t))[i];
	return n;
}

/**
 * sysctl_get_string - the current value of a string knob
 */
const char *sysctl_get_string(const struct machine *m, const struct ctl_table *t)
{
	return t->kind == CTL_STRING ? ctl_cdata(&m->sysctl, t) : NULL;
}

/* The int conversion and extra1/extra2 of proc_dointvec_minmax / proc_doulongvec_minmax. */
static int ctl_check_range(const struct ctl_table *t, long v)
{
	if (ctl_is_ulong(t)) {
		unsigned long u = (unsigned long)v;

		if ((t->has_min && u < (unsigned long)t->min) ||
		    (t->has_max && u > (unsigned long)t->max))
			return -EINVAL;
		return 0;
	}
	if (v < INT_MIN || v > INT_MAX)
		return -EINVAL;
	if ((t->has_min && v < t->min) || (t->has_max && v > t->max))
		return -EINVAL;
	return 0;
}

/**
 * sysctl_store - range check @n values for knob @t and apply them with the
 * knob's side effects. A value of a ulong knob carries the unsigned long's
 * bits. A vector knob takes 0..nr values (the first ones); every other knob
 * exactly one. Returns 0 or -errno, and on error nothing has changed.
 */
int sysctl_store(struct machine *m, const struct ctl_table *t, const long *vals, int n)
{
	int nr = sysctl_nr_values(m, t);

	if (m->panicked)
		return -EIO;	/* a halted machine takes no setting */
	if (t->kind == CTL_STRING)
		return -EINVAL;
	if (t->kind == CTL_REFRESH)
		return 0;	/* the counters are exact already: nothing to fold */
	if (n > nr || (t->kind != CTL_INTVEC && n != 1) || n < 0)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		int err = ctl_check_range(t, vals[i]);

		if (err)
			return err;
	}
	if (t->store)
		return t->store(m, t, vals, n);
	if (t->kind == CTL_TRIGGER)
		return -EINVAL;
	ctl_assign(m, t, vals, n);
	return 0;
}

/**
 * sysctl_store_string - apply a write to a string knob; @s is the written
 * text, NUL-terminated. Returns 0 or -errno.
 */
int sysctl_store_string(struct machine *m, const struct ctl_table *t, const char *s)
{
	if (m->panicked)
		return -EIO;
	if (t->kind != CTL_STRING || !t->store_string)
		return -EINVAL;
	return t->store_string(m, t, s);
}

/* ---------------------------------------------------------------- boot */

/* The compiled-in values of 6.18 (x86_64, CONFIG_HZ=1000, CONFIG_NUMA). */
static const struct vm_sysctl vm_defaults = {
	.compact_unevictable_allowed = 1,
	.compaction_proactiveness = 20,
	.dirty_background_ratio = 10,
	.dirty_expire_centisecs = 3000,
	.dirty_ratio = 20,
	.dirty_writeback_centisecs = 500,
	.dirtytime_expire_seconds = 43200,
	.extfrag_threshold = 500,
	.max_map_count = 65530,		/* DEFAULT_MAX_MAP_COUNT */
	.min_free_kbytes = 1024,	/* until init_per_zone_wmark_min computes it */
	.user_min_free_kbytes = -1,
	.min_slab_ratio = 5,
	.min_unmapped_ratio = 1,
	.mmap_min_addr = 4096,		/* CONFIG_DEFAULT_MMAP_MIN_ADDR */
	.mmap_rnd_bits = 28,
	.mmap_rnd_compat_bits = 8,
	.numa_stat = 1,
	.numa_zonelist_order = "Node",
	.oom_dump_tasks = 1,
	.overcommit_ratio = 50,
	.page_cluster = 3,
	.page_lock_unfairness = 5,
	.stat_interval = 1,		/* seconds: HZ jiffies */
	.swappiness = 60,
	.vfs_cache_pressure = 100,
	.vfs_cache_pressure_denom = 100,
	.watermark_boost_factor = 15000,
	.watermark_scale_factor = 10,
	.pid_max = PID_MAX_DEFAULT,
};

/**
 * sysctl_init_defaults - the compiled-in values, before the zones exist.
 * lowmem_reserve_ratio is the architecture's; machine_boot sets it after.
 */
void sysctl_init_defaults(struct machine *m)
{
	m->sysctl = vm_defaults;
	if (m->desc.arch == ARCH_I386)
		m->sysctl.mmap_rnd_bits = 8;
}

/**
 * sysctl_init_defaults_late - the defaults sized from the booted machine:
 * init_admin_reserve / init_user_reserve (3 % of free memory, capped at
 * 8 MiB and 128 MiB), pid_idr_init (1024 PIDs per CPU, at least 32768) and
 * fork_init's threads-max.
 */
void sysctl_init_defaults_late(struct machine *m)
{
	unsigned long free_kb = K(global_zone_page_state(m, NR_FREE_PAGES));

	m->sysctl.admin_reserve_kbytes = (long)MIN(free_kb / 32, 8192UL);
	m->sysctl.user_reserve_kbytes = (long)MIN(free_kb / 32, 131072UL);
	m->sysctl.pid_max = (int)MIN(pid_max_max(m),
				     (unsigned long)MAX(PID_MAX_DEFAULT,
							PIDS_PER_CPU_DEFAULT * m->nr_cpus));
	m->sysctl.threads_max = max_threads_for(m, MAX_THREADS);
}
