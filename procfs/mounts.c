// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/mounts and /proc/cgroups.
 *
 * The mount table lists the filesystems the tree publishes, in the order
 * and with the options a booted machine shows: proc and sysfs as init
 * mounts them, the devtmpfs the kernel mounted on /dev, and a cgroup2-only
 * hierarchy. There is no root filesystem: the simulation has no block
 * devices.
 */
#include "files.h"
#include "mm/internal.h"

struct mount_entry {
	const char *source, *target, *fstype, *options;
};

static const struct mount_entry mounts_before_dev[] = {
	{ "proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime" },
	{ "sysfs", "/sys", "sysfs", "rw,nosuid,nodev,noexec,relatime" },
};

static const struct mount_entry mounts_after_dev[] = {
	{ "cgroup2", "/sys/fs/cgroup", "cgroup2",
	  "rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot" },
};

static void show_entries(GString *out, const struct mount_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_string_append_printf(out, "%s %s %s %s 0 0\n", e[i].source, e[i].target,
				       e[i].fstype, e[i].options);
}

static unsigned long totalhigh_pages(const struct machine *m)
{
	unsigned long high = 0;
	int nid;

	for_each_online_node(m, nid)
		for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++)
			if (is_highmem(&NODE_DATA(m, nid)->node_zones[i]))
				high += NODE_DATA(m, nid)->node_zones[i].managed_pages;
	return high;
}

/*
 * devtmpfs is a shmem mount sized when the kernel mounts it: half of RAM,
 * and as many inodes as lowmem pages up to that (shmem_default_max_blocks,
 * shmem_default_max_inodes). A real kernel prints both because RAM grows
 * after the mount (freed init memory); ours is the size at boot.
 */
static void show_devtmpfs(GString *out, const struct machine *m)
{
	unsigned long ram = totalram_pages(m);
	unsigned long inodes = MIN(ram - totalhigh_pages(m), ram / 2);

	g_string_append_printf(out, "devtmpfs /dev devtmpfs rw,relatime,size=%luk,nr_inodes=%lu,"
			       "mode=755 0 0\n", K(ram / 2), inodes);
}

static int mounts_show(const struct pfs_req *r, GString *out)
{
	show_entries(out, mounts_before_dev, G_N_ELEMENTS(mounts_before_dev));
	show_devtmpfs(out, r->m);
	show_entries(out, mounts_after_dev, G_N_ELEMENTS(mounts_after_dev));
	return 0;
}

const struct pfs_file_ops mounts_ops = {
	.show = mounts_show,
};

/* The controllers of a 6.x kernel by their legacy names, in cgroup_subsys.h order. */
static const char *const cgroup_subsys_names[] = {
	"cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer", "net_cls",
	"perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc",
};

/*
 * Every controller is bound to the cgroup2 hierarchy, whose ID is 0 in this
 * file. num_cgroups counts the cgroups of that hierarchy: the root alone
 * until the engine has cgroups.
 */
static int cgroups_show(const struct pfs_req *r, GString *out)
{
	int hierarchy_id = 0, nr_cgrps = 1, enabled = 1;

	(void)r;
	g_string_append(out, "#subsys_name\thierarchy\tnum_cgroups\tenabled\n");
	for (size_t i = 0; i < G_N_ELEMENTS(cgroup_subsys_names); i++)
		g_string_append_printf(out, "%s\t%d\t%d\t%d\n", cgroup_subsys_names[i],
				       hierarchy_id, nr_cgrps, enabled);
	return 0;
}

const struct pfs_file_ops cgroups_ops = {
	.show = cgroups_show,
};
