/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatting helpers shared by the renderers: the kernel's fixed-width
 * meminfo line and its seq_put_decimal helpers.
 */
#ifndef PROCFS_SEQ_H
#define PROCFS_SEQ_H

#include <glib.h>
#include <stdbool.h>

/* "Label:" padded to 16 columns, the value in kB right-aligned in 8, " kB\n" */
void show_val_kb(GString *out, const char *label, unsigned long pages);
/* the same for a value that is already in kB */
void show_kb(GString *out, const char *label, unsigned long kb);

/* The kernel's isspace() (lib/ctype.c): \t..\r, ' ' and Latin-1 no-break space 0xa0. */
static inline bool kernel_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

/* strstrip(): @s without the kernel_isspace() bytes at both ends, in place. */
char *kernel_strstrip(char *s);

/*
 * lib/kstrtox.c: a whole string as a number, one trailing newline allowed.
 * Base 0 reads "0x" as hex and a leading 0 as octal. A leading '+' (and for
 * kstrtoll a '-'); -EINVAL for junk or no digits, -ERANGE past the type.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);

/* Parse a size with an optional K/M/G/T suffix (binary units); -EINVAL on junk. */
int parse_size(const char *s, unsigned long long *out);

#endif /* PROCFS_SEQ_H */
