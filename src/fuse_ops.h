/* SPDX-License-Identifier: GPL-2.0 */
/* The FUSE low-level glue: requests in, procfs/tree.h calls out. */
#ifndef SRC_FUSE_OPS_H
#define SRC_FUSE_OPS_H

#include <fuse_lowlevel.h>
#include <glib.h>
#include <time.h>

struct pfs_tree;
struct handle_table;

/* What every request handler gets as its userdata. */
struct mmsimfs {
	struct pfs_tree *tree;
	struct timespec mount_time;
	/*
	 * Open files and directory listings by handle number: with several
	 * request threads, a RELEASE may arrive while an interrupted READ on
	 * the same handle is still being answered, so handlers take a
	 * reference through this table instead of trusting a pointer in fh.
	 * The table takes no lock on open, read or release (src/fuse_ops.c).
	 */
	struct handle_table *handles;
};

void mmsimfs_init(struct mmsimfs *fs, struct pfs_tree *tree);
void mmsimfs_destroy(struct mmsimfs *fs);

extern const struct fuse_lowlevel_ops mmsimfs_oper;

#endif
