// SPDX-License-Identifier: GPL-2.0
/*
 * The layout of the tree: one table of fixed files, then the parts that
 * depend on the machine (a sysctl file per table entry, a directory per NUMA
 * node) and the directories whose entries the engine lists (slab caches,
 * pids). Modes follow the real files; the kernel enforces them through
 * default_permissions.
 */
#include <stdio.h>
#include <string.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/sysctl.h"

struct pfs_entry {
	const char *path;
	mode_t mode;
	const struct pfs_file_ops *ops;
	long idata;
};

static const struct pfs_entry fixed_files[] = {
	{ "proc/meminfo",		0444, &meminfo_ops },
	{ "proc/buddyinfo",		0444, &buddyinfo_ops },
	{ "proc/pagetypeinfo",		0400, &pagetypeinfo_ops },
	{ "proc/zoneinfo",		0444, &zoneinfo_ops },
	{ "proc/vmstat",		0444, &vmstat_ops },
	{ "proc/swaps",			0444, &swaps_ops },
	{ "proc/diskstats",		0444, &diskstats_ops },
	{ "proc/partitions",		0444, &partitions_ops },
	{ "proc/slabinfo",		0400, &slabinfo_ops },
	{ "proc/vmallocinfo",		0400, &vmallocinfo_ops },
	{ "proc/stat",			0444, &stat_ops },
	{ "proc/uptime",		0444, &uptime_ops },
	{ "proc/loadavg",		0444, &loadavg_ops },
	{ "proc/cpuinfo",		0444, &cpuinfo_ops },
	{ "proc/pressure/cpu",		0666, &pressure_ops, 0 },
	{ "proc/pressure/io",		0666, &pressure_ops, 1 },
	{ "proc/pressure/memory",	0666, &pressure_ops, 2 },
	{ "proc/mounts",		0444, &mounts_ops },
	{ "proc/cgroups",		0444, &cgroups_ops },
	{ "proc/kpagecount",		0400, &kpagecount_ops },
	{ "proc/kpageflags",		0400, &kpageflags_ops },
	{ "sys/kernel/mm/page_idle/bitmap",	0600, &page_idle_bitmap_ops },
	{ "dev/kmsg",			0644, &kmsg_ops },
	{ "proc/sysrq-trigger",		0200, &sysrq_trigger_ops },
	{ "sim/ctl",			0666, &ctl_ops },
	{ "sim/clock",			0444, &sim_clock_ops },
	{ "sim/machine",		0444, &sim_machine_ops },
	{ "sim/physmap",		0444, &sim_physmap_ops },
	{ "sim/dmesg",			0444, &dmesg_ops },
	{ "sys/devices/system/node/online",		0444, &node_online_ops, 0 },
	{ "sys/devices/system/node/possible",		0444, &node_online_ops, 1 },
	{ "sys/devices/system/node/has_memory",		0444, &node_online_ops, 2 },
	{ "sys/devices/system/node/has_normal_memory",	0444, &node_online_ops, 3 },
	{ "sys/devices/system/node/has_cpu",		0444, &node_online_ops, 4 },
};

static const struct {
	const char *name;
	const struct pfs_file_ops *ops;
} node_files[] = {
	{ "meminfo",	&node_meminfo_ops },
	{ "numastat",	&node_numastat_ops },
	{ "vmstat",	&node_vmstat_ops },
	{ "distance",	&node_distance_ops },
	{ "cpulist",	&node_cpulist_ops },
	{ "cpumap",	&node_cpumap_ops },
};

/* /proc/sys lists its entries in name order, as the kernel's rbtree does */
static gint ctl_cmp(gconstpointer a, gconstpointer b)
{
	const struct ctl_table *x = *(const struct ctl_table *const *)a;
	const struct ctl_table *y = *(const struct ctl_table *const *)b;
	int d = strcmp(x->dir, y->dir);

	return d ? d : strcmp(x->procname, y->procname);
}

static void add_sysctls(struct pfs_tree *t)
{
	g_autoptr(GPtrArray) sorted = g_ptr_array_new();

	for (unsigned int i = 0; i < nr_sysctl_table; i++)
		g_ptr_array_add(sorted, (gpointer)&sysctl_table[i]);
	g_ptr_array_sort(sorted, ctl_cmp);
	for (guint i = 0; i < sorted->len; i++) {
		const struct ctl_table *c = g_ptr_array_index(sorted, i);
		g_autofree char *path = g_strdup_printf("proc/sys/%s/%s", c->dir, c->procname);

		pfs_add_file(t, path, c->mode,
			     c->kind == CTL_STRING || c->kind == CTL_REFRESH ? &sysctl_any_offset_ops :
									     &sysctl_ops,
			     c, 0);
	}
}

struct pfs_tree *pfs_tree_new(struct machine *m)
{
	struct pfs_tree *t = pfs_tree_alloc(m);
	int nid;

	/* sysfs directories are 0755: made before the files inside create them 0555 */
	pfs_mkdir_p(t, "sys/fs/cgroup", 0755);
	pfs_mkdir_p(t, "sys/kernel/mm/page_idle", 0755);
	for (size_t i = 0; i < G_N_ELEMENTS(fixed_files); i++)
		pfs_add_file(t, fixed_files[i].path, fixed_files[i].mode, fixed_files[i].ops, NULL,
			     fixed_files[i].idata);
	add_sysctls(t);
	for_each_online_node(m, nid) {
		for (size_t i = 0; i < G_N_ELEMENTS(node_files); i++) {
			g_autofree char *path = g_strdup_printf("sys/devices/system/node/node%d/%s",
								 nid, node_files[i].name);

			pfs_add_file(t, path, 0444, node_files[i].ops, NULL, nid);
		}
	}
	block_sysfs_add(t, m);
	fault_inject_debugfs(t);
	pfs_add_dyndir(t, "sys/kernel/slab", 0755, &slab_dir_ops);
	/* /proc: the fixed files above, then a directory per task */
	pfs_add_dynlink(t, "proc/self", proc_self_link);
	pfs_add_dyndir(t, "proc", 0555, &proc_pid_dir_ops);
	return t;
}
