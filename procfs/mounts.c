// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/mounts, /proc/<pid>/mounts, mountinfo and mountstats
 * (fs/proc_namespace.c), and /proc/cgroups.
 *
 * The mount table lists the filesystems the tree publishes, in the order
 * and with the options a booted machine shows: proc and sysfs as init
 * mounts them, the devtmpfs the kernel mounted on /dev, and a cgroup2-only
 * hierarchy. There is no root filesystem: the simulation has no block
 * devices, so the mounts hang from the namespace's rootfs (mount 1), which
 * lies outside every reader's root and is never listed. Mount ids and the
 * anonymous device numbers are the simulation's own, the same every boot;
 * no mount propagates (no shared: fields). Every task is in the one mount
 * namespace.
 */
#include <errno.h>
#include <string.h>

#include "files.h"
#include "mm/internal.h"

struct mount_entry {
	int mnt_id, parent_id;		/* mountinfo's first two fields */
	unsigned int minor;		/* its anonymous device, 0:minor */
	const char *source, *target, *fstype;
	const char *mnt_opts;		/* the mount's flags after rw (show_mnt_opts) */
	const char *fs_opts;		/* the filesystem's options after rw; NULL: devtmpfs's */
};

static const struct mount_entry mount_table[] = {
	{ 22, 1, 22, "proc", "/proc", "proc", ",nosuid,nodev,noexec,relatime", "" },
	{ 23, 1, 21, "sysfs", "/sys", "sysfs", ",nosuid,nodev,noexec,relatime", "" },
	{ 24, 1, 5, "devtmpfs", "/dev", "devtmpfs", ",relatime", NULL },
	{ 25, 23, 26, "cgroup2", "/sys/fs/cgroup", "cgroup2", ",nosuid,nodev,noexec,relatime",
	  ",nsdelegate,memory_recursiveprot" },
};

enum mount_view { MOUNTS, MOUNTINFO, MOUNTSTATS };

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
static void show_fs_opts(GString *out, const struct machine *m, const struct mount_entry *e)
{
	unsigned long ram = totalram_pages(m);

	if (e->fs_opts) {
		g_string_append(out, e->fs_opts);
		return;
	}
	g_string_append_printf(out, ",size=%luk,nr_inodes=%lu,mode=755", K(ram / 2),
			       MIN(ram - totalhigh_pages(m), ram / 2));
}

/* show_vfsmnt, show_mountinfo and show_vfsstat over the table */
static void show_mount_table(GString *out, const struct machine *m, enum mount_view view)
{
	for (size_t i = 0; i < G_N_ELEMENTS(mount_table); i++) {
		const struct mount_entry *e = &mount_table[i];

		switch (view) {
		case MOUNTS:
			g_string_append_printf(out, "%s %s %s rw%s", e->source, e->target, e->fstype,
					       e->mnt_opts);
			show_fs_opts(out, m, e);
			g_string_append(out, " 0 0\n");
			break;
		case MOUNTINFO:
			g_string_append_printf(out, "%d %d 0:%u / %s rw%s - %s %s rw", e->mnt_id,
					       e->parent_id, e->minor, e->target, e->mnt_opts,
					       e->fstype, e->source);
			show_fs_opts(out, m, e);
			g_string_append_c(out, '\n');
			break;
		case MOUNTSTATS:
			g_string_append_printf(out, "device %s mounted on %s with fstype %s\n",
					       e->source, e->target, e->fstype);
			break;
		}
	}
}

int mount_id_of(const char *target)
{
	for (size_t i = 0; i < G_N_ELEMENTS(mount_table); i++)
		if (!strcmp(mount_table[i].target, target))
			return mount_table[i].mnt_id;
	return 0;
}

static int mounts_show(const struct pfs_req *r, GString *out)
{
	show_mount_table(out, r->m, MOUNTS);
	return 0;
}

const struct pfs_file_ops mounts_ops = {
	.show = mounts_show,
};

/* The per-pid views: the task's mount namespace, the machine's one */
static int proc_mount_view(const struct pfs_req *r, GString *out, enum mount_view view)
{
	if (!proc_task(r))
		return -ENOENT;
	show_mount_table(out, r->m, view);
	return 0;
}

static int proc_mounts_show(const struct pfs_req *r, GString *out)
{
	return proc_mount_view(r, out, MOUNTS);
}

static int proc_mountinfo_show(const struct pfs_req *r, GString *out)
{
	return proc_mount_view(r, out, MOUNTINFO);
}

static int proc_mountstats_show(const struct pfs_req *r, GString *out)
{
	return proc_mount_view(r, out, MOUNTSTATS);
}

const struct pfs_file_ops proc_mounts_ops = { .show = proc_mounts_show, .ro_errno = EINVAL };
const struct pfs_file_ops proc_mountinfo_ops = { .show = proc_mountinfo_show, .ro_errno = EINVAL };
const struct pfs_file_ops proc_mountstats_ops = { .show = proc_mountstats_show, .ro_errno = EINVAL };

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
