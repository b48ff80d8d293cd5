// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_writes: the write path of every writable file of a fresh tiny
 * machine (sim/ctl, dev/kmsg, the pressure triggers, /proc/PID's oom and
 * comm files, the slab caches' sysfs stores, /proc/sys), through the
 * tree's open/write/read as a FUSE request would go. See fz_write_input()
 * for how an input picks its file and way of writing.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static GPtrArray *paths;

	if (!paths)
		paths = fz_writable_files("");
	fz_begin();
	fz_write_input(paths, data, size);
	fz_end();
	return 0;
}
