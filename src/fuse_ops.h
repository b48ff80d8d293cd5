/* SPDX-License-Identifier: GPL-2.0 */
/* The FUSE low-level glue: requests in, procfs/tree.h calls out. */
#ifndef SRC_FUSE_OPS_H
#define SRC_FUSE_OPS_H

#include <fuse_lowlevel.h>
#include <time.h>

struct pfs_tree;

/* What every request handler gets as its userdata. */
struct mmsimfs {
	struct pfs_tree *tree;
	struct timespec mount_time;
};

extern const struct fuse_lowlevel_ops mmsimfs_oper;

#endif
