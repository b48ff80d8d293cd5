// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/<pid>/ns/ (fs/proc/namespaces.c): one link per namespace kind,
 * reading "kind:[inode]". The simulation has one namespace of each kind,
 * the initial one, so every task's links name the fixed inode numbers a
 * 6.18 kernel gives its initial namespaces (include/uapi/linux/nsfs.h).
 * pid_for_children and time_for_children name the same ones.
 */
#include <errno.h>
#include <string.h>

#include "files.h"
#include "mm/task.h"

/* ns_entries[]' order, each with its proc_ns_operations name and initial inode */
static const struct {
	const char *entry, *name;
	unsigned int inum;
} ns_entries[] = {
	{ "net",		"net",		0xEFFFFFF9U },	/* NET_NS_INIT_INO */
	{ "uts",		"uts",		0xEFFFFFFEU },	/* UTS_NS_INIT_INO */
	{ "ipc",		"ipc",		0xEFFFFFFFU },	/* IPC_NS_INIT_INO */
	{ "pid",		"pid",		0xEFFFFFFCU },	/* PID_NS_INIT_INO */
	{ "pid_for_children",	"pid",		0xEFFFFFFCU },
	{ "user",		"user",		0xEFFFFFFDU },	/* USER_NS_INIT_INO */
	{ "mnt",		"mnt",		0xEFFFFFF8U },	/* MNT_NS_INIT_INO */
	{ "cgroup",		"cgroup",	0xEFFFFFFBU },	/* CGROUP_NS_INIT_INO */
	{ "time",		"time",		0xEFFFFFFAU },	/* TIME_NS_INIT_INO */
	{ "time_for_children",	"time",		0xEFFFFFFAU },
};

/* proc_ns_readlink: for a reader ptrace allows; the link's parent is ns/, its parent the pid's */
static int ns_link(const struct pfs_req *r, char **target)
{
	struct task_struct *t = proc_dir_task(r->m, r->node->parent->parent);

	if (!t)
		return -ENOENT;
	if (!proc_may_access(t, r->uid))
		return -EACCES;
	for (size_t i = 0; i < G_N_ELEMENTS(ns_entries); i++)
		if (!strcmp(r->node->name, ns_entries[i].entry)) {
			*target = g_strdup_printf("%s:[%u]", ns_entries[i].name, ns_entries[i].inum);
			return 0;
		}
	return -ENOENT;
}

void proc_ns_populate(struct pfs_tree *t, struct pfs_node *ns_dir)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ns_entries); i++)
		pfs_add_child_dynlink(t, ns_dir, ns_entries[i].entry, ns_link);
}
