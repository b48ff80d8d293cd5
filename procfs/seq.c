// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mmzone.h"
#include "seq.h"

void show_kb(GString *out, const char *label, unsigned long kb)
{
	g_string_append_printf(out, "%-16s%8lu kB\n", label, kb);
}

void show_val_kb(GString *out, const char *label, unsigned long pages)
{
	show_kb(out, label, K(pages));
}

int parse_size(const char *s, unsigned long long *out)
{
	unsigned long long v, mult = 1;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 'k': case 'K': mult = 1ULL << 10; end++; break;
	case 'm': case 'M': mult = 1ULL << 20; end++; break;
	case 'g': case 'G': mult = 1ULL << 30; end++; break;
	case 't': case 'T': mult = 1ULL << 40; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || (v && mult > ~0ULL / v))
		return -EINVAL;
	*out = v * mult;
	return 0;
}

char *kernel_strstrip(char *s)
{
	size_t len = strlen(s);

	while (len && kernel_isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	while (kernel_isspace((unsigned char)*s))
		s++;
	return s;
}

/* _parse_integer_fixup_radix(): base 0 guesses from the prefix, base 16 skips "0x" */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if (g_ascii_tolower(s[1]) == 'x' && g_ascii_isxdigit(s[2]))
				*base = 16;
			else
				*base = 8;
		} else {
			*base = 10;
		}
	}
	if (*base == 16 && s[0] == '0' && g_ascii_tolower(s[1]) == 'x')
		s += 2;
	return s;
}

static int kstrtoull_unsigned(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	size_t n = 0;

	s = fixup_radix(s, &base);
	for (; g_ascii_isxdigit(s[n]); n++) {
		unsigned int d = (unsigned int)g_ascii_xdigit_value(s[n]);

		if (d >= base)
			break;
		/* _parse_integer keeps counting digits past an overflow */
		if (v > (ULLONG_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (overflow)
		return -ERANGE;
	if (!n)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

/**
 * kstrtoull - a string as an unsigned long long, as lib/kstrtox.c
 * @s: the string
 * @base: 0, 8, 10 or 16
 * @res: the value, untouched on error
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return kstrtoull_unsigned(s, base, res);
}

/**
 * kstrtoll - a string as a long long, as lib/kstrtox.c
 * @s: the string
 * @base: 0, 8, 10 or 16
 * @res: the value, untouched on error
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int err;

	if (s[0] == '-') {
		err = kstrtoull_unsigned(s + 1, base, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
		return 0;
	}
	err = kstrtoull(s, base, &v);
	if (err)
		return err;
	if (v > (unsigned long long)LLONG_MAX)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}
