/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The file operations of every file in the tree, by the file that renders
 * them. root.c places them; nothing else needs them.
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

/* swaps.c */
extern const struct pfs_file_ops swaps_ops;

/* sysctl.c: node->data is the struct ctl_table */
extern const struct pfs_file_ops sysctl_ops;

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

/* vmallocinfo.c */
extern const struct pfs_file_ops vmallocinfo_ops;

/* ctl.c */
extern const struct pfs_file_ops ctl_ops;

#endif /* PROCFS_FILES_H */
