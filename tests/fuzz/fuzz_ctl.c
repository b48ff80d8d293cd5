// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ctl: sim/ctl's line parser and every verb's arguments.
 *
 * An input is a script: each line is one write to sim/ctl, as root, or as
 * nobody when it starts with '~'. An '@' in a line stands for the first
 * word of the last non-empty reply of a command that succeeded (an
 * address, a pid, a cache name),
 * so a script can free what it allocated or map into the task it spawned
 * without knowing the numbers. A verb that is given count= above
 * FZ_MAX_COUNT is skipped, so an input stays fast (a count loop on the tiny
 * machine can otherwise run a million allocations). machine_check() must
 * hold after every line that succeeded and at the end of the input; a
 * refused line must change nothing (fz_refused()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "procfs/ctl.h"

#define FZ_MAX_LINES	16
#define FZ_MAX_COUNT	64

/* Whether some count=N of @line asks for more than FZ_MAX_COUNT. */
static bool too_many(const char *line)
{
	for (const char *p = line; (p = strstr(p, "count=")); p += 6) {
		unsigned long long v = strtoull(p + 6, NULL, 0);

		if (v > FZ_MAX_COUNT || p[6] == '-')
			return true;
	}
	return false;
}

/* @line with each '@' replaced by @word */
static void substitute(GString *out, const char *line, size_t len, const char *word)
{
	g_string_truncate(out, 0);
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '@')
			g_string_append(out, word);
		else
			g_string_append_c(out, line[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = g_strndup((const char *)data, size);
	const char *end = text + size;
	g_autoptr(GString) cmd = g_string_new(NULL), reply = g_string_new(NULL);
	g_autofree char *word = g_strdup("");
	struct pfs_node *ctl;
	int lines = 0;

	/* a NUL inside is the ctl parser's to refuse; keep the input's true length */
	memcpy(text, data, size);
	fz_begin();
	ctl = pfs_resolve(fz.t, "sim/ctl");
	for (char *line = text; line < end && lines < FZ_MAX_LINES; lines++) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);
		const char *start = line;
		uid_t uid = 0;
		ssize_t ret;

		line += len;
		if (*start == '~') {
			uid = FZ_NOBODY;
			start++;
			len--;
		}
		substitute(cmd, start, len, word);
		if (too_many(cmd->str))
			continue;
		ret = fz_write(ctl, uid, false, 0, cmd->str, cmd->len, reply);
		fz_result("sim/ctl", ret, cmd->str, cmd->len);
		if (ret >= 0) {
			size_t n = strcspn(reply->str, " \n");

			if (n) {
				g_free(word);
				word = g_strndup(reply->str, n);
			}
			fz_check("a sim/ctl command");
		}
	}
	fz_check("the input");
	fz_end();
	return 0;
}
