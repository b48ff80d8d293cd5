// SPDX-License-Identifier: GPL-2.0
/*
 * sys/block/<disk>/queue/ (block/blk-sysfs.c): the request queue's limits
 * as a virtio disk of 6.18 shows them, read-only here. The queue is FIFO
 * with no I/O scheduler ("none"), of virtio's 256 requests; reads ahead
 * 128 KiB, the window filemap's readahead uses; a non-rotational disk with
 * a volatile write cache that flushes.
 */
#include "files.h"
#include "mm/machine.h"

struct queue_attr {
	const char *name;
	const char *value;		/* the same on every virtio disk; NULL: from the disk */
};

enum { QUEUE_NR_REQUESTS, QUEUE_MAX_SECTORS_KB };

static const struct queue_attr queue_attrs[] = {
	[QUEUE_NR_REQUESTS] = { "nr_requests", NULL },
	[QUEUE_MAX_SECTORS_KB] = { "max_sectors_kb", NULL },
	{ "max_hw_sectors_kb", "2147483647\n" },
	{ "max_segments", "254\n" },
	{ "max_segment_size", "4294967295\n" },
	{ "logical_block_size", "512\n" },
	{ "physical_block_size", "512\n" },
	{ "hw_sector_size", "512\n" },
	{ "minimum_io_size", "512\n" },
	{ "optimal_io_size", "0\n" },
	{ "rotational", "0\n" },
	{ "scheduler", "[none] mq-deadline\n" },
	{ "read_ahead_kb", "128\n" },
	{ "nomerges", "0\n" },
	{ "rq_affinity", "1\n" },
	{ "iostats", "1\n" },
	{ "add_random", "0\n" },
	{ "write_cache", "write back\n" },
	{ "fua", "0\n" },
	{ "dax", "0\n" },
	{ "zoned", "none\n" },
	{ "discard_granularity", "0\n" },
	{ "discard_max_bytes", "0\n" },
	{ "discard_max_hw_bytes", "0\n" },
	{ "io_poll", "0\n" },
	{ "io_timeout", "30000\n" },
};

static int queue_attr_show(const struct pfs_req *r, GString *out)
{
	long a = r->node->idata & 0xff;

	switch (a) {
	case QUEUE_NR_REQUESTS:
		g_string_append_printf(out, "%u\n", BLK_NR_REQUESTS);
		break;
	case QUEUE_MAX_SECTORS_KB:
		g_string_append_printf(out, "%u\n", BLK_MAX_SECTORS_KB);
		break;
	default:
		g_string_append(out, queue_attrs[a].value);
		break;
	}
	return 0;
}

static const struct pfs_file_ops queue_attr_ops = {
	.show = queue_attr_show,
	.ro_errno = EACCES,
};

/**
 * blk_queue_sysfs_add - @dir/queue/ of disk number @disk
 */
void blk_queue_sysfs_add(struct pfs_tree *t, const char *dir, int disk)
{
	g_autofree char *qdir = g_strdup_printf("%s/queue", dir);

	pfs_mkdir_p(t, qdir, 0755);
	for (size_t a = 0; a < G_N_ELEMENTS(queue_attrs); a++) {
		g_autofree char *path = g_strdup_printf("%s/%s", qdir, queue_attrs[a].name);

		pfs_add_file(t, path, 0444, &queue_attr_ops, NULL, (long)disk << 8 | (long)a);
	}
}
