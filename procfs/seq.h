/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatting helpers shared by the renderers: the kernel's fixed-width
 * meminfo line and its seq_put_decimal helpers.
 */
#ifndef PROCFS_SEQ_H
#define PROCFS_SEQ_H

#include <glib.h>

/* "Label:" padded to 16 columns, the value in kB right-aligned in 8, " kB\n" */
void show_val_kb(GString *out, const char *label, unsigned long pages);
/* the same for a value that is already in kB */
void show_kb(GString *out, const char *label, unsigned long kb);

/* Parse a size with an optional K/M/G/T suffix (binary units); -EINVAL on junk. */
int parse_size(const char *s, unsigned long long *out);

#endif /* PROCFS_SEQ_H */
