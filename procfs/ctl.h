/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sim/ctl: one command per write, as DESIGN.md section 3 describes.
 */
#ifndef PROCFS_CTL_H
#define PROCFS_CTL_H

#include <glib.h>
#include <sys/types.h>

struct machine;

/*
 * Run one command line (machine lock held). Returns 0 or -errno; @reply
 * gets the result (addresses, pids) or a one-line reason for a failure.
 */
int ctl_execute(struct machine *m, const char *line, size_t len, GString *reply);

#endif
