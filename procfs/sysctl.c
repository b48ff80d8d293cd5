// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/sys/vm/ and /proc/sys/kernel/{pid_max,threads-max}: the text side
 * of the knobs in mm/sysctl.c, with kernel/sysctl.c's rules.
 *
 * Reading: "N\n"; a vector TAB-separated then "\n"; a string "S\n";
 * stat_refresh nothing. The write-only triggers refuse readers with EACCES,
 * as proc_sys_permission does even for root.
 *
 * Writing (proc_dointvec / proc_doulongvec_minmax): at most PAGE_SIZE - 1
 * bytes are looked at; leading whitespace is skipped; each number takes an
 * optional '-' (ints only), then the base from its prefix ("0x3c" = 60,
 * "010" = 8), at most 20 characters, and must end at a space, a tab, a
 * newline or the end of the write. A knob with one value consumes one
 * number and the whitespace after it; what is left makes a short write.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/sysctl.h"
#include "seq.h"

#define TMPBUFLEN	22		/* proc_get_long's scratch: 21 characters at most */

/* What is left of a write as proc_dointvec walks it. */
struct ctl_buf {
	const char *p;
	size_t left;
};

static void proc_skip_spaces(struct ctl_buf *b)
{
	while (b->left && kernel_isspace((unsigned char)*b->p)) {
		b->p++;
		b->left--;
	}
}

/* strtoul_lenient: base from the prefix; -ERANGE on overflow, the end left in @end */
static int strtoul_lenient(const char *s, const char **end, unsigned long *res)
{
	unsigned int base = 10;
	unsigned long v = 0;
	bool overflow = false;

	if (s[0] == '0') {
		base = 8;
		if (g_ascii_tolower(s[1]) == 'x' && g_ascii_isxdigit(s[2])) {
			base = 16;
			s += 2;
		}
	}
	for (;; s++) {
		unsigned int d;

		if (g_ascii_isdigit(*s))
			d = (unsigned int)(*s - '0');
		else if (g_ascii_tolower(*s) >= 'a' && g_ascii_tolower(*s) <= 'f')
			d = (unsigned int)(g_ascii_tolower(*s) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		if (v > (ULONG_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	*end = s;
	*res = v;
	return overflow ? -ERANGE : 0;
}

/* proc_get_long: one number and its sign; @b advances past it only on success. */
static int proc_get_long(struct ctl_buf *b, unsigned long *val, bool *neg)
{
	static const char wspace_sep[] = { ' ', '\t', '\n' };
	size_t len = MIN(b->left, (size_t)TMPBUFLEN - 1);
	char tmp[TMPBUFLEN];
	const char *p = tmp, *end;

	if (!b->left)
		return -EINVAL;
	memcpy(tmp, b->p, len);
	tmp[len] = '\0';
	*neg = *p == '-' && b->left > 1;
	if (*neg)
		p++;
	if (!g_ascii_isdigit(*p) || strtoul_lenient(p, &end, val))
		return -EINVAL;
	len = (size_t)(end - tmp);
	/* 21 characters could be a longer number cut short */
	if (len == TMPBUFLEN - 1)
		return -EINVAL;
	if (len < b->left && !memchr(wspace_sep, *end, sizeof(wspace_sep)))
		return -EINVAL;
	b->p += len;
	b->left -= len;
	return 0;
}

/*
 * The handler's conv step: ulong knobs refuse a sign, the others must fit
 * an int. @b has already moved past the number, as in the kernel.
 */
static int ctl_conv(const struct ctl_table *t, unsigned long lval, bool neg, long *out)
{
	if (t->kind == CTL_ULONG) {
		if (neg)
			return -EINVAL;
		*out = (long)lval;
		return 0;
	}
	if (lval > (unsigned long)INT_MAX + neg)
		return -EINVAL;
	*out = neg ? -(long)lval : (long)lval;
	return 0;
}

/* A capability the handler wants before it parses; root has them all. */
static bool ctl_needs_capability(const struct ctl_table *t)
{
	return !strcmp(t->dir, "vm") &&
	       (!strcmp(t->procname, "mmap_min_addr") ||	/* CAP_SYS_RAWIO */
		!strcmp(t->procname, "memfd_noexec"));		/* CAP_SYS_ADMIN */
}

static ssize_t sysctl_store_numbers(const struct pfs_req *r, const struct ctl_table *t,
				    const char *buf, size_t len)
{
	struct ctl_buf b = { buf, MIN(len, (size_t)PAGE_SIZE - 1) };
	int max = sysctl_nr_values(r->m, t);
	long vals[LOWMEM_RESERVE_SLOTS];
	int n = 0, err = 0;

	while (b.left && n < max) {
		unsigned long lval;
		bool neg;

		proc_skip_spaces(&b);
		if (!b.left)
			break;
		err = proc_get_long(&b, &lval, &neg);
		if (!err)
			err = ctl_conv(t, lval, neg, &vals[n]);
		if (err)
			break;
		n++;
	}
	if (!err)
		proc_skip_spaces(&b);

	/* 6.18's lowmem_reserve_ratio handler ignores the parse's verdict */
	if (t->kind == CTL_INTVEC) {
		sysctl_store(r->m, t, vals, n);
		return (ssize_t)(n ? len - b.left : len);
	}
	if (!n)
		return err ? err : -EINVAL;
	err = sysctl_store(r->m, t, vals, n);
	return err ? err : (ssize_t)(len - b.left);
}

static ssize_t sysctl_store_text(const struct pfs_req *r, const char *buf, size_t len)
{
	const struct ctl_table *t = r->node->data;

	if (!len)
		return 0;
	if (r->uid != 0 && ctl_needs_capability(t))
		return -EPERM;
	switch (t->kind) {
	case CTL_REFRESH: {
		int err = sysctl_store(r->m, t, NULL, 0);

		return err ? err : (ssize_t)len;
	}
	case CTL_STRING: {
		/* the handler sees the write as a C string, cut at PAGE_SIZE - 1 */
		g_autofree char *s = g_strndup(buf, MIN(len, (size_t)PAGE_SIZE - 1));
		int err = sysctl_store_string(r->m, t, s);

		return err ? err : (ssize_t)len;
	}
	default:
		return sysctl_store_numbers(r, t, buf, len);
	}
}

static int sysctl_show(const struct pfs_req *r, GString *out)
{
	const struct ctl_table *t = r->node->data;
	long vals[LOWMEM_RESERVE_SLOTS];
	int n;

	switch (t->kind) {
	case CTL_TRIGGER:
		return -EACCES;
	case CTL_REFRESH:
		return 0;
	case CTL_STRING:
		g_string_append_printf(out, "%s\n", sysctl_get_string(r->m, t));
		return 0;
	default:
		break;
	}
	n = sysctl_get(r->m, t, vals, LOWMEM_RESERVE_SLOTS);
	for (int i = 0; i < n; i++) {
		if (i)
			g_string_append_c(out, '\t');
		if (t->kind == CTL_ULONG)
			g_string_append_printf(out, "%lu", (unsigned long)vals[i]);
		else
			g_string_append_printf(out, "%ld", vals[i]);
	}
	if (n)
		g_string_append_c(out, '\n');
	return 0;
}

const struct pfs_file_ops sysctl_ops = {
	.show = sysctl_show,
	.store = sysctl_store_text,
};

/*
 * numa_zonelist_order's handler parses each write whole, and stat_refresh's
 * ignores it: neither looks at the offset as proc_dointvec does.
 */
const struct pfs_file_ops sysctl_any_offset_ops = {
	.show = sysctl_show,
	.store = sysctl_store_text,
	.flags = PFS_ANY_OFFSET,
};
