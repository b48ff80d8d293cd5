// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mm/clock.h"
#include "mm/mmzone.h"
#include "seq.h"

/*
 * Append @n bytes: a copy when they fit, which is nearly always (an open's
 * buffer starts at its file's last size), glib's append otherwise.
 */
static inline void seq_write(GString *out, const char *s, size_t n)
{
	if (out->len + n < out->allocated_len) {
		memcpy(out->str + out->len, s, n);
		out->len += n;
		out->str[out->len] = '\0';
	} else {
		g_string_append_len(out, s, (gssize)n);
	}
}

/* "00".."99": two digits per division, as lib/vsprintf.c's put_dec does */
static const char dec_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* The decimal digits of @num, ending at @end; returns where they start. */
static char *put_digits(char *end, unsigned long long num)
{
	while (num >= 100) {
		unsigned int r = (unsigned int)(num % 100);

		end -= 2;
		end[0] = dec_pairs[2 * r];
		end[1] = dec_pairs[2 * r + 1];
		num /= 100;
	}
	if (num >= 10) {
		end -= 2;
		end[0] = dec_pairs[2 * num];
		end[1] = dec_pairs[2 * num + 1];
	} else {
		*--end = (char)('0' + num);
	}
	return end;
}

/* How many decimal digits @num has. */
static unsigned int dec_len(unsigned long long num)
{
	unsigned int n = 1;

	for (; num >= 100; num /= 100)
		n += 2;
	return n + (num >= 10);
}

/* The columns put_line() builds in its buffer; wider lines go piece by piece. */
#define SEQ_LINE_MAX	96

/*
 * @head padded with spaces to @pad_to columns, then @sign and @num
 * right-aligned in @width columns, then @tail: the shape of every line
 * seq.h writes, built in one buffer of fixed-size stores and appended in
 * one copy. @head (@hlen bytes), @sign and @tail (@tlen bytes) may be NULL.
 * Always inlined, so a caller's constant tail and widths become constant
 * stores.
 */
static inline __attribute__((always_inline))
void put_line(GString *out, const char *head, size_t hlen, size_t pad_to, const char *sign,
	      unsigned long long num, size_t width, const char *tail, size_t tlen)
{
	size_t col = MAX(hlen, pad_to);
	size_t nd = dec_len(num) + (sign ? 1 : 0);
	size_t npad = nd < width ? width - nd : 0;
	size_t n = col + npad + nd + tlen;
	char line[SEQ_LINE_MAX];

	if (n > SEQ_LINE_MAX) {
		char digits[24];

		if (hlen)
			g_string_append(out, head);
		for (size_t i = hlen; i < col + npad; i++)
			g_string_append_c(out, ' ');
		if (sign)
			g_string_append_c(out, *sign);
		digits[sizeof(digits) - 1] = '\0';
		g_string_append(out, put_digits(digits + sizeof(digits) - 1, num));
		if (tlen)
			g_string_append(out, tail);
		return;
	}
	/* a constant-size fill is a few stores; the head and digits go over it */
	memset(line, ' ', SEQ_LINE_MAX);
	if (hlen)
		memcpy(line, head, hlen);
	put_digits(line + col + npad + nd, num);
	if (sign)
		line[col + npad] = *sign;
	if (tlen)
		memcpy(line + col + npad + nd, tail, tlen);
	seq_write(out, line, n);
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

	seq_write(out, s, len);
	for (; len < width; len++)
		g_string_append_c(out, ' ');
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

	for (size_t pad = len; pad < width; pad++)
		g_string_append_c(out, ' ');
	seq_write(out, s, len);
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
	put_line(out, delimiter, delimiter ? strlen(delimiter) : 0, 0, NULL, num, width, NULL, 0);
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
	/* the magnitude of LLONG_MIN fits an unsigned long long */
	unsigned long long mag = num < 0 ? 0ULL - (unsigned long long)num : (unsigned long long)num;

	put_line(out, delimiter, delimiter ? strlen(delimiter) : 0, 0, num < 0 ? "-" : NULL, mag, 0,
		 NULL, 0);
}

/**
 * show_name_value - "name value" and a newline, as vmstat_show() writes each
 * counter (seq_puts, seq_put_decimal_ull, seq_putc).
 * @out: the text so far
 * @name: the counter's name
 * @v: its value
 */
void show_name_value(GString *out, const char *name, unsigned long long v)
{
	size_t len = strlen(name);

	/* "name " is the head, one column wider than the name */
	put_line(out, name, len, len + 1, NULL, v, 0, "\n", 1);
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
	size_t nd;

	do {
		*--d = "0123456789abcdef"[num & 15];
		num >>= 4;
	} while (num);
	for (nd = (size_t)(end - d); nd < width; nd++)
		g_string_append_c(out, '0');
	seq_write(out, d, (size_t)(end - d));
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

/* "1.5s", "100ms", "20us", "5000ns", "2m", "1h"; a bare number is seconds. */
int parse_duration(const char *s, uint64_t *ns)
{
	static const struct { const char *suffix; double mult; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "m", 60e9 },
		{ "h", 3600e9 }, { "", 1e9 },
	};
	char *end;
	double v;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	v = g_ascii_strtod(s, &end);
	if (end == s || !(v >= 0))
		return -EINVAL;
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		if (!strcmp(end, units[i].suffix)) {
			if (v * units[i].mult + 0.5 >= (double)KTIME_MAX)
				return -ERANGE;
			*ns = (uint64_t)(v * units[i].mult + 0.5);
			return 0;
		}
	}
	return -EINVAL;
}
