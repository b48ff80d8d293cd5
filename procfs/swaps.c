// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/swaps (mm/swapfile.c swap_show): the header, then one line per
 * active swap area. The machine has at most one, a partition activated at
 * boot with the first default priority.
 */
#include <string.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/swapfile.h"

#define SWAP_DEFAULT_PRIO	(-2)

/* seq_file_path's escaping: space, tab, newline and backslash as \ooo */
static void seq_escaped_path(GString *out, const char *path)
{
	for (const char *p = path; *p; p++) {
		if (strchr(" \t\n\\", *p))
			g_string_append_printf(out, "\\%03o", (unsigned char)*p);
		else
			g_string_append_c(out, *p);
	}
}

static void swap_show_area(GString *out, const char *path, bool is_blk, unsigned long size_kb,
			   unsigned long used_kb, int prio)
{
	gsize start = out->len;
	int len;

	seq_escaped_path(out, path);
	len = (int)(out->len - start);
	g_string_append_printf(out, "%*s%s\t%lu\t%s%lu\t%s%d\n", len < 40 ? 40 - len : 1, " ",
			       is_blk ? "partition" : "file\t", size_kb,
			       size_kb < 10000000 ? "\t" : "", used_kb,
			       used_kb < 10000000 ? "\t" : "", prio);
}

static int swaps_show(const struct pfs_req *r, GString *out)
{
	unsigned long pages = total_swap_pages(r->m);

	g_string_append(out, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	if (pages)
		swap_show_area(out, SWAP_DEVICE_NAME, true, K(pages), K(swap_inuse_pages(r->m)),
			       SWAP_DEFAULT_PRIO);
	return 0;
}

const struct pfs_file_ops swaps_ops = {
	.show = swaps_show,
};
