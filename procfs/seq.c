// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
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
