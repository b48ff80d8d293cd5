/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Machine descriptions as text: a GKeyFile read by --config and printed by
 * sim/machine, so the printed description loads back to the same machine.
 */
#ifndef PROCFS_MACHINE_DESC_H
#define PROCFS_MACHINE_DESC_H

#include <stddef.h>

#include "mm/machine.h"

/*
 * Fill @d from the key file at @path (or from @data when @path is NULL).
 * Keys the file leaves out come from the preset named by [machine] preset=
 * (default "default"). On error return -EINVAL with "key: reason" in @err;
 * the semantic checks of machine_desc_validate() run too.
 */
int machine_desc_load(const char *path, const char *data, struct machine_desc *d,
		      char *err, size_t errlen);

/*
 * Write the description's [sysctl] values into the booted machine as root
 * would write /proc/sys, with the same parser and checks. On error return
 * -errno with "sysctl.NAME: reason" in @err; values before it stay applied.
 */
int machine_desc_apply_sysctl(struct machine *m, char *err, size_t errlen);

/* "KEY: reason" for what machine_desc_validate() refused in @d */
void machine_desc_error_text(const struct machine_desc *d, const struct desc_error *e,
			     char *err, size_t errlen);

/* cpuinfo's name of each enum cpu_feature ("pdpe1gb", "pku"), as capflags.c has them */
extern const char *const x86_cap_flags[NR_CPU_FEATURES];

/* The description as a key file that machine_desc_load() accepts. */
char *machine_desc_to_text(const struct machine_desc *d);

#endif
