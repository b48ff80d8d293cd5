// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_sysctl: the text side of every file under proc/sys (proc_dointvec's
 * rules, ranges, the store hooks), written as root or nobody in the four
 * ways fz_write_input() knows. After a write root made at offset 0 that
 * succeeded, the value must read back and write back: writing what the
 * file reads must succeed and leave it reading the same.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const char *path)
{
	struct pfs_node *n = pfs_resolve(fz.t, path);
	g_autoptr(GString) before = g_string_new(NULL), after = g_string_new(NULL);
	ssize_t ret;
	int err;

	if (!(n->mode & 0444) || !(n->mode & 0200))
		return;
	err = pfs_render(fz.t, path, before);
	if (err)
		fz_fail("%s does not read back after a write: %d", path, err);
	ret = fz_write(n, 0, false, 0, before->str, before->len, NULL);
	if (ret != (ssize_t)before->len)
		fz_fail("%s refuses its own value '%s': %zd", path, g_strchomp(before->str), ret);
	fz_check(path);
	err = pfs_render(fz.t, path, after);
	if (err || !g_string_equal(before, after))
		fz_fail("%s reads '%s' after writing back '%s'", path, g_strchomp(after->str),
			g_strchomp(before->str));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static GPtrArray *paths;

	if (!paths)
		paths = fz_writable_files("proc/sys");
	if (size < 2)
		return 0;
	fz_begin();
	fz_write_input(paths, data, size);
	/* root's write at offset 0 that took */
	if (fz.dirty && !(data[1] & 1) && !((data[1] >> 1) & 3))
		round_trip(fz_input_path(paths, data));
	fz_end();
	return 0;
}
