// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mmzone.h"
#include "seq.h"

/*
 * Room for @n more bytes at the end of @out, returned for the caller to fill:
 * one length check per line instead of one per piece.
 */
static char *seq_room(GString *out, size_t n)
{
	size_t len = out->len;

	g_string_set_size(out, len + n);
	return out->str + len;
}

/* The decimal digits of @num, ending at @end; returns where they start. */
static char *put_digits(char *end, unsigned long long num)
{
	do {
		*--end = (char)('0' + num % 10);
		num /= 10;
	} while (num);
	return end;
}

/*
 * @head (@hlen bytes) padded with spaces to @pad_to columns, then @sign and
 * @num right-aligned in @width columns, then @tail (@tlen bytes): the shape
 * of every line seq.h writes. @head and @tail may be NULL when empty.
 */
static void put_line(GString *out, const char *head, size_t hlen, unsigned int pad_to,
		     const char *sign, unsigned long long num, unsigned int width,
		     const char *tail, size_t tlen)
{
	char digits[24];
	char *end = digits + sizeof(digits);
	char *d = put_digits(end, num);
	size_t nd = (size_t)(end - d) + (sign ? 1 : 0);
	size_t hpad = hlen < pad_to ? pad_to - hlen : 0;
	size_t npad = nd < width ? width - nd : 0;
	char *p = seq_room(out, hlen + hpad + npad + nd + tlen);

	if (hlen)
		memcpy(p, head, hlen);
	p += hlen;
	memset(p, ' ', hpad + npad);
	p += hpad + npad;
	if (sign)
		*p++ = *sign;
	memcpy(p, d, (size_t)(end - d));
	p += end - d;
	if (tlen)
		memcpy(p, tail, tlen);
}

/**
 * show_kb - a meminfo line for a value already in kB: the label padded to
 * 16 columns, the value right-aligned in 8, then " kB" (printf's
 * "%-16s%8lu kB\n", which the kernel writes as seq_put_decimal_ull_width).
 * @out: the text so far
 * @label: "MemTotal:" and the like
 * @kb: the value
 */
void show_kb(GString *out, const char *label, unsigned long kb)
{
	put_line(out, label, strlen(label), 16, NULL, kb, 8, " kB\n", 4);
}

/**
 * show_val_kb - show_kb() for a number of pages, as fs/proc/meminfo.c's helper.
 * @out: the text so far
 * @label: "MemTotal:" and the like
 * @pages: the value in pages
 */
void show_val_kb(GString *out, const char *label, unsigned long pages)
{
	show_kb(out, label, K(pages));
}

/**
 * seq_puts_pad - @s left-aligned in @width columns ("%-*s").
 * @out: the text so far
 * @s: the string
 * @width: the columns it fills at least
 */
void seq_puts_pad(GString *out, const char *s, unsigned int width)
{
	size_t len = strlen(s);
	size_t pad = len < width ? width - len : 0;
	char *p = seq_room(out, len + pad);

	memcpy(p, s, len);
	memset(p + len, ' ', pad);
}

/**
 * seq_puts_width - @s right-aligned in @width columns ("%*s").
 * @out: the text so far
 * @s: the string
 * @width: the columns it fills at least
 */
void seq_puts_width(GString *out, const char *s, unsigned int width)
{
	size_t len = strlen(s);
	size_t pad = len < width ? width - len : 0;
	char *p = seq_room(out, len + pad);

	memset(p, ' ', pad);
	memcpy(p + pad, s, len);
}

/**
 * seq_put_decimal_ull_width - @delimiter, then @num right-aligned in @width
 * columns, as fs/seq_file.c's function of that name ("%s%*llu").
 * @out: the text so far
 * @delimiter: written first, NULL or "" for none
 * @num: the number
 * @width: the columns the number fills at least; 0 for none
 */
void seq_put_decimal_ull_width(GString *out, const char *delimiter, unsigned long long num,
			       unsigned int width)
{
	size_t dlen = delimiter ? strlen(delimiter) : 0;

	put_line(out, delimiter, dlen, 0, NULL, num, width, NULL, 0);
}

/**
 * seq_put_decimal_ull - @delimiter, then @num ("%s%llu").
 * @out: the text so far
 * @delimiter: written first, NULL or "" for none
 * @num: the number
 */
void seq_put_decimal_ull(GString *out, const char *delimiter, unsigned long long num)
{
	seq_put_decimal_ull_width(out, delimiter, num, 0);
}

/**
 * seq_put_decimal_ll - @delimiter, then @num with a '-' when negative ("%s%lld").
 * @out: the text so far
 * @delimiter: written first, NULL or "" for none
 * @num: the number
 */
void seq_put_decimal_ll(GString *out, const char *delimiter, long long num)
{
	size_t dlen = delimiter ? strlen(delimiter) : 0;
	/* the magnitude of LLONG_MIN fits an unsigned long long */
	unsigned long long mag = num < 0 ? 0ULL - (unsigned long long)num : (unsigned long long)num;

	put_line(out, delimiter, dlen, 0, num < 0 ? "-" : NULL, mag, 0, NULL, 0);
}

/**
 * seq_put_hex_ll_width - @num in lower-case hexadecimal, zero-padded to
 * @width digits ("%0*llx").
 * @out: the text so far
 * @num: the number
 * @width: the digits it fills at least
 */
void seq_put_hex_ll_width(GString *out, unsigned long long num, unsigned int width)
{
	char digits[16];
	char *end = digits + sizeof(digits), *d = end;
	size_t nd, pad;
	char *p;

	do {
		*--d = "0123456789abcdef"[num & 15];
		num >>= 4;
	} while (num);
	nd = (size_t)(end - d);
	pad = nd < width ? width - nd : 0;
	p = seq_room(out, pad + nd);
	memset(p, '0', pad);
	memcpy(p + pad, d, nd);
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
