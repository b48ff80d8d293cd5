/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The file operations of every file in the tree, by the file that renders
 * them. root.c places them; nothing else needs them, but for the few helpers
 * the files of /proc/<pid>/ share between base.c, array.c and task_mmu.c.
 */
#ifndef PROCFS_FILES_H
#define PROCFS_FILES_H

#include "tree.h"

/* meminfo.c */
extern const struct pfs_file_ops meminfo_ops;

/* vmstat.c */
extern const struct pfs_file_ops buddyinfo_ops;
extern const struct pfs_file_ops pagetypeinfo_ops;
extern const struct pfs_file_ops zoneinfo_ops;
extern const struct pfs_file_ops vmstat_ops;

/* node.c: node->idata is the node id */
extern const struct pfs_file_ops node_meminfo_ops;
extern const struct pfs_file_ops node_numastat_ops;
extern const struct pfs_file_ops node_vmstat_ops;
extern const struct pfs_file_ops node_distance_ops;
extern const struct pfs_file_ops node_cpulist_ops;
extern const struct pfs_file_ops node_cpumap_ops;
/* sys/devices/system/node/{online,possible,has_memory,has_normal_memory,has_cpu} */
extern const struct pfs_file_ops node_online_ops;

/* genhd.c: /proc/diskstats, /proc/partitions, sys/block/<disk>/ */
extern const struct pfs_file_ops diskstats_ops;
extern const struct pfs_file_ops partitions_ops;
void block_sysfs_add(struct pfs_tree *t, struct machine *m);
/* blk-sysfs.c: sys/block/<disk>/queue/, @disk its index in bdev_list() */
void blk_queue_sysfs_add(struct pfs_tree *t, const char *dir, int disk);

/* swaps.c */
extern const struct pfs_file_ops swaps_ops;

/* sysctl.c: node->data is the struct ctl_table */
extern const struct pfs_file_ops sysctl_ops;
extern const struct pfs_file_ops sysctl_any_offset_ops;

/* stat.c */
extern const struct pfs_file_ops stat_ops;
extern const struct pfs_file_ops uptime_ops;
extern const struct pfs_file_ops loadavg_ops;

/* cpuinfo.c */
extern const struct pfs_file_ops cpuinfo_ops;

/* pressure.c: node->idata is enum psi_res (0 cpu, 1 io, 2 memory) */
extern const struct pfs_file_ops pressure_ops;

/* mounts.c */
extern const struct pfs_file_ops mounts_ops;
extern const struct pfs_file_ops cgroups_ops;

/* kmsg.c */
extern const struct pfs_file_ops kmsg_ops;	/* dev/kmsg: /dev/kmsg records */
extern const struct pfs_file_ops dmesg_ops;	/* sim/dmesg: the syslog(2) text dmesg -F reads */

/* sim.c */
extern const struct pfs_file_ops sim_clock_ops;
extern const struct pfs_file_ops sim_machine_ops;
extern const struct pfs_file_ops sim_physmap_ops;

/* slabinfo.c */
extern const struct pfs_file_ops slabinfo_ops;

/* slab_sysfs.c: sys/kernel/slab/<cache>/ */
extern const struct pfs_dir_ops slab_dir_ops;

/* fault_inject.c: sys/kernel/debug/{fail_page_alloc,failslab}/ */
void fault_inject_debugfs(struct pfs_tree *t);

/* vmallocinfo.c */
extern const struct pfs_file_ops vmallocinfo_ops;

/* ctl.c */
extern const struct pfs_file_ops ctl_ops;

/* base.c: /proc itself, /proc/self and the /proc/<pid>/ directories */
extern const struct pfs_dir_ops proc_pid_dir_ops;
extern const struct pfs_dir_ops proc_task_dir_ops;
int proc_self_link(const struct pfs_req *r, char **target);

struct task_struct;
/* The task of the proc/<pid>/ or task/<tid>/ directory holding the file, or NULL once gone. */
struct task_struct *proc_task(const struct pfs_req *r);
/* ... of the proc/<pid>/ or task/<tid>/ directory @dir itself */
struct task_struct *proc_dir_task(struct machine *m, const struct pfs_node *dir);
/* ptrace_may_access, as proc reads it: root, or a reader of the task's own uid */
bool proc_may_access(const struct task_struct *t, uid_t uid);

/* namespaces.c: /proc/<pid>/ns/ */
void proc_ns_populate(struct pfs_tree *t, struct pfs_node *pid_dir);

/* fd.c: /proc/<pid>/fd/ and fdinfo/ */
extern const struct pfs_dir_ops proc_fd_dir_ops;
extern const struct pfs_dir_ops proc_fdinfo_dir_ops;

/* mounts.c: /proc/<pid>/mounts, mountinfo, mountstats */
extern const struct pfs_file_ops proc_mounts_ops;
extern const struct pfs_file_ops proc_mountinfo_ops;
extern const struct pfs_file_ops proc_mountstats_ops;
/* the mount id of the filesystem at @target ("/dev"), for fdinfo's mnt_id */
int mount_id_of(const char *target);

/* array.c: /proc/<pid>/status and stat */
extern const struct pfs_file_ops proc_pid_status_ops;
extern const struct pfs_file_ops proc_pid_stat_ops;

/* task_mmu.c: the address space views */
extern const struct pfs_file_ops proc_pid_maps_ops;
extern const struct pfs_file_ops proc_pid_smaps_ops;
extern const struct pfs_file_ops proc_pid_smaps_rollup_ops;
extern const struct pfs_file_ops proc_pid_statm_ops;
extern const struct pfs_file_ops proc_pid_numa_maps_ops;
extern const struct pfs_file_ops proc_clear_refs_ops;

/* pagemap.c: /proc/<pid>/pagemap */
extern const struct pfs_file_ops proc_pagemap_ops;

/* page.c: /proc/kpageflags, /proc/kpagecount, sys/kernel/mm/page_idle/bitmap */
extern const struct pfs_file_ops kpageflags_ops;
extern const struct pfs_file_ops kpagecount_ops;
extern const struct pfs_file_ops page_idle_bitmap_ops;
struct mm_struct;
/* The Vm and Rss lines of status (task_mem) */
void task_mem(GString *out, const struct mm_struct *mm);

/* sysrq.c */
extern const struct pfs_file_ops sysrq_trigger_ops;

#endif /* PROCFS_FILES_H */
