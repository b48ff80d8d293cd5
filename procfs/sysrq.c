// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/sysrq-trigger (drivers/tty/sysrq.c write_sysrq_trigger): the first
 * character is the key, whatever kernel.sysrq says; a first '_' makes the
 * rest of the write a string of keys ('_' skipped). The write is checked
 * whole before any key acts, so a string with a key the simulation cannot
 * honour changes nothing (EINVAL).
 */
#include <errno.h>

#include "files.h"
#include "mm/machine.h"
#include "mm/sysrq.h"

static ssize_t sysrq_trigger_store(const struct pfs_req *r, const char *buf, size_t len)
{
	bool bulk = len && buf[0] == '_';

	if (!len)
		return 0;
	if (r->m->panicked)
		return -EIO;
	for (size_t i = 0; i < (bulk ? len : 1); i++)
		if (!(bulk && buf[i] == '_') && !sysrq_key_simulated(buf[i]))
			return -EINVAL;
	for (size_t i = 0; i < (bulk ? len : 1); i++)
		if (!(bulk && buf[i] == '_'))
			handle_sysrq(r->m, buf[i]);
	return (ssize_t)len;
}

const struct pfs_file_ops sysrq_trigger_ops = {
	.store = sysrq_trigger_store,
	.flags = PFS_ANY_OFFSET,
};
