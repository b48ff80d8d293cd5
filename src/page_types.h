/* SPDX-License-Identifier: GPL-2.0 */
/* mmsimctl page-types: the kernel's tools/mm/page-types summary of a mounted tree. */
#ifndef SRC_PAGE_TYPES_H
#define SRC_PAGE_TYPES_H

/*
 * page_types_main - "page-types [--pid PID] [--raw]" on the tree mounted at
 * @mnt (@argv[0] is "page-types"): the flags, page count and MB of every
 * combination of page flags, from kpageflags (and the task's pagemap and
 * maps with --pid). Exit status 0, 1 on a failure, 2 on bad usage.
 */
int page_types_main(const char *mnt, int argc, char **argv);

#endif /* SRC_PAGE_TYPES_H */
