/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tunables of /proc/sys/vm (and the few of /proc/sys/kernel the tools
 * need): their storage, one table describing each knob, and the policy a
 * write triggers. Parsing the text a user writes is procfs/sysctl.c's job;
 * this side checks ranges and applies.
 */
#ifndef MM_SYSCTL_H
#define MM_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>

#define LOWMEM_RESERVE_SLOTS	5	/* MAX_NR_ZONES on the machine; at most this many */

/* Storage for every knob, named after the knob (the kernel's sysctl_* globals). */
struct vm_sysctl {
	long admin_reserve_kbytes;
	int compact_unevictable_allowed;
	int compaction_proactiveness;
	int defrag_mode;
	long dirty_background_bytes;
	int dirty_background_ratio;
	long dirty_bytes;
	int dirty_expire_centisecs;
	int dirty_ratio;
	int dirty_writeback_centisecs;
	int dirtytime_expire_seconds;
	int drop_caches;			/* last value written; the file is write-only */
	bool drop_caches_quiet;			/* a write with bit 4 silenced the log line */
	int extfrag_threshold;
	int highmem_is_dirtyable;
	int hugetlb_optimize_vmemmap;
	int hugetlb_shm_group;
	int laptop_mode;
	int legacy_va_layout;
	int lowmem_reserve_ratio[LOWMEM_RESERVE_SLOTS];
	int max_map_count;
	int memfd_noexec;
	int min_free_kbytes;
	int user_min_free_kbytes;		/* -1 until written, as in the kernel */
	int min_slab_ratio;
	int min_unmapped_ratio;
	long mmap_min_addr;
	int mmap_rnd_bits;
	int mmap_rnd_compat_bits;
	long nr_hugepages;
	long nr_hugepages_mempolicy;
	long nr_overcommit_hugepages;
	int numa_stat;
	char numa_zonelist_order[16];
	int oom_dump_tasks;
	int oom_kill_allocating_task;
	long overcommit_kbytes;
	int overcommit_memory;
	int overcommit_ratio;
	int page_cluster;
	int page_lock_unfairness;
	int panic_on_oom;
	int percpu_pagelist_high_fraction;
	int stat_interval;
	int swappiness;
	int unprivileged_userfaultfd;
	long user_reserve_kbytes;
	int vfs_cache_pressure;
	int vfs_cache_pressure_denom;
	int watermark_boost_factor;
	int watermark_scale_factor;
	int zone_reclaim_mode;

	/* /proc/sys/kernel */
	int pid_max;
	int threads_max;
};

enum ctl_kind {
	CTL_INT,		/* proc_dointvec[_minmax]: one int */
	CTL_INT_JIFFIES,	/* proc_dointvec_jiffies: seconds */
	CTL_BOOL,		/* proc_dobool-like: any non-zero reads back 1 */
	CTL_ULONG,		/* proc_doulongvec_minmax: no sign accepted */
	CTL_INTVEC,		/* lowmem_reserve_ratio */
	CTL_STRING,		/* numa_zonelist_order */
	CTL_TRIGGER,		/* write-only action (drop_caches, compact_memory) */
	CTL_REFRESH,		/* stat_refresh: reads empty, writes succeed */
};

struct machine;

struct ctl_table {
	const char *dir;		/* "vm" or "kernel" */
	const char *procname;
	enum ctl_kind kind;
	unsigned short mode;
	size_t offset;			/* into struct vm_sysctl; unused for triggers */
	bool has_min, has_max;
	long min, max;
	/*
	 * Validate and apply @n values (already parsed by the kernel's rules);
	 * NULL means "store after the range check". Returns 0 or -errno and
	 * changes nothing on error.
	 */
	int (*store)(struct machine *m, const struct ctl_table *t, const long *vals, int n);
	/* for CTL_STRING */
	int (*store_string)(struct machine *m, const struct ctl_table *t, const char *s);
};

extern const struct ctl_table sysctl_table[];
extern const unsigned int nr_sysctl_table;

const struct ctl_table *sysctl_find(const char *dir, const char *procname);

/* Number of values the knob holds (vector length for CTL_INTVEC). */
int sysctl_nr_values(const struct machine *m, const struct ctl_table *t);
/* Read the knob's current values into @vals (at most @max); returns the count. */
int sysctl_get(const struct machine *m, const struct ctl_table *t, long *vals, int max);
const char *sysctl_get_string(const struct machine *m, const struct ctl_table *t);
/* Range check and apply, with the knob's side effects; 0 or -errno. */
int sysctl_store(struct machine *m, const struct ctl_table *t, const long *vals, int n);
int sysctl_store_string(struct machine *m, const struct ctl_table *t, const char *s);

/* Boot: fixed kernel defaults, before the watermarks are computed ... */
void sysctl_init_defaults(struct machine *m);
/* ... and the defaults sized from memory (admin/user reserves, threads-max), after. */
void sysctl_init_defaults_late(struct machine *m);

#endif /* MM_SYSCTL_H */
