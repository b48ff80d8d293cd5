/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatting helpers shared by the renderers: the kernel's fixed-width
 * meminfo line and its seq_put_decimal helpers.
 *
 * The hot files (meminfo, vmstat, zoneinfo, buddyinfo, node meminfo, stat,
 * the per-pid stat, statm and status) are rendered with these instead of
 * printf, as fs/seq_file.c's seq_put_decimal_ull_width() spares the kernel
 * its vsnprintf: a number is a loop of divisions by ten, a label a copy.
 */
#ifndef PROCFS_SEQ_H
#define PROCFS_SEQ_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* "Label:" padded to 16 columns, the value in kB right-aligned in 8, " kB\n" */
void show_val_kb(GString *out, const char *label, unsigned long pages);
/* the same for a value that is already in kB */
void show_kb(GString *out, const char *label, unsigned long kb);

/* @s, then spaces up to @width columns (printf's "%-*s"). */
void seq_puts_pad(GString *out, const char *s, unsigned int width);
/* spaces up to @width columns, then @s (printf's "%*s"). */
void seq_puts_width(GString *out, const char *s, unsigned int width);
/* @delimiter, then @num right-aligned in @width columns (0: no padding). */
void seq_put_decimal_ull_width(GString *out, const char *delimiter, unsigned long long num,
			       unsigned int width);
/* @delimiter, then @num. */
void seq_put_decimal_ull(GString *out, const char *delimiter, unsigned long long num);
/* @delimiter, then @num with its sign. */
void seq_put_decimal_ll(GString *out, const char *delimiter, long long num);
/* "name value\n", the line of vmstat, numastat and the node vmstat files. */
void show_name_value(GString *out, const char *name, unsigned long long v);
/* @num in hexadecimal, zero-padded to @width digits (printf's "%0*llx"). */
void seq_put_hex_ll_width(GString *out, unsigned long long num, unsigned int width);

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

/* A duration: "1.5s", "100ms", "20us", "5000ns", "2m", "1h"; a bare number is seconds. -EINVAL, -ERANGE past KTIME_MAX. */
int parse_duration(const char *s, uint64_t *ns);

#endif /* PROCFS_SEQ_H */
