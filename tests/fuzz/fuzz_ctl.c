// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ctl: sim/ctl's line parser and every verb's arguments.
 *
 * An input is a script: each line is one write to sim/ctl, as root, or as
 * nobody when it starts with '~'. A verb that is given count= above
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = g_strndup((const char *)data, size);
	const char *end = text + size;
	struct pfs_node *ctl;
	int lines = 0;

	/* a NUL inside is the ctl parser's to refuse; keep the input's true length */
	memcpy(text, data, size);
	fz_begin();
	ctl = pfs_resolve(fz.t, "sim/ctl");
	for (char *line = text; line < end && lines < FZ_MAX_LINES; lines++) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t len = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);
		uid_t uid = 0;
		char *cmd = line;
		ssize_t ret;

		line += len;
		if (*cmd == '~') {
			uid = FZ_NOBODY;
			cmd++;
			len--;
		}
		if (too_many(cmd))
			continue;
		ret = fz_write(ctl, uid, false, 0, cmd, len);
		if (ret >= 0) {
			fz_changed();
			fz_check("a sim/ctl command");
		} else {
			fz_refused("sim/ctl", (long)ret);
		}
	}
	fz_check("the input");
	fz_end();
	return 0;
}
