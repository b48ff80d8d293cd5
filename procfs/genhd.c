// SPDX-License-Identifier: GPL-2.0
/*
 * The disks' files that block/genhd.c makes: /proc/diskstats,
 * /proc/partitions, and the attributes of sys/block/<disk>/ (stat,
 * inflight, size, dev, range, ...). The disks have no partitions, so each
 * file has one line or value per disk. The queue/ directory is
 * blk-sysfs.c's.
 *
 * The kernel's sys/block/<disk> is a symlink into the device's directory
 * under sys/devices; here it is the directory itself, which is all that
 * the tools reading these files (iostat, sar, node_exporter, lsblk) open.
 */
#include "files.h"
#include "mm/machine.h"
#include "seq.h"

static unsigned int ns_to_ms(uint64_t ns)
{
	return (unsigned int)(ns / NSEC_PER_MSEC);	/* (unsigned int)div_u64(ns, NSEC_PER_MSEC) */
}

/* diskstats_show: "%4d %7d %s " then the 17 counters, one space apart */
static void diskstats_line(GString *out, const struct machine *m, const struct block_device *b)
{
	struct disk_stats st;

	part_stat_read_all(m, b, &st);
	g_string_append_printf(out, "%4u %7u %s", b->major, b->minor, b->desc.name);
	for (int g = STAT_READ; g <= STAT_WRITE; g++) {
		seq_put_decimal_ull(out, " ", st.ios[g]);
		seq_put_decimal_ull(out, " ", st.merges[g]);
		seq_put_decimal_ull(out, " ", st.sectors[g]);
		seq_put_decimal_ull(out, " ", ns_to_ms(st.nsecs[g]));
	}
	seq_put_decimal_ull(out, " ", part_in_flight(b));
	seq_put_decimal_ull(out, " ", ns_to_ms(st.io_ticks));
	seq_put_decimal_ull(out, " ", ns_to_ms(st.nsecs[STAT_READ] + st.nsecs[STAT_WRITE] +
					       st.nsecs[STAT_DISCARD] + st.nsecs[STAT_FLUSH]));
	seq_put_decimal_ull(out, " ", st.ios[STAT_DISCARD]);
	seq_put_decimal_ull(out, " ", st.merges[STAT_DISCARD]);
	seq_put_decimal_ull(out, " ", st.sectors[STAT_DISCARD]);
	seq_put_decimal_ull(out, " ", ns_to_ms(st.nsecs[STAT_DISCARD]));
	seq_put_decimal_ull(out, " ", st.ios[STAT_FLUSH]);
	seq_put_decimal_ull(out, " ", ns_to_ms(st.nsecs[STAT_FLUSH]));
	g_string_append_c(out, '\n');
}

static int diskstats_show(const struct pfs_req *r, GString *out)
{
	int nr;
	struct block_device *b = bdev_list(r->m, &nr);

	for (int i = 0; i < nr; i++)
		diskstats_line(out, r->m, &b[i]);
	return 0;
}

const struct pfs_file_ops diskstats_ops = {
	.show = diskstats_show,
};

/* show_partition: "major minor  #blocks  name", then one line per disk in KiB blocks */
static int partitions_show(const struct pfs_req *r, GString *out)
{
	int nr;
	struct block_device *b = bdev_list(r->m, &nr);

	g_string_append(out, "major minor  #blocks  name\n\n");
	for (int i = 0; i < nr; i++)
		g_string_append_printf(out, "%4u  %7u %10llu %s\n", b[i].major, b[i].minor,
				       (unsigned long long)(b[i].nr_sectors >> 1), b[i].desc.name);
	return 0;
}

const struct pfs_file_ops partitions_ops = {
	.show = partitions_show,
};

/* ------------------------------------------------------------- sys/block/<disk>/ */

/* A sys/block file's disk: its node's idata is the disk's index in bdev_list. */
static const struct block_device *node_bdev(const struct pfs_req *r)
{
	int nr;
	const struct block_device *b = bdev_list(r->m, &nr);
	long i = r->node->idata >> 8;

	return i < nr ? &b[i] : NULL;
}

/* part_stat_show: the diskstats counters, each "%8lu"/"%8u" and one space apart */
static void part_stat(GString *out, const struct machine *m, const struct block_device *b)
{
	struct disk_stats st;
	uint64_t v[17];
	int n = 0;

	part_stat_read_all(m, b, &st);
	for (int g = STAT_READ; g <= STAT_WRITE; g++) {
		v[n++] = st.ios[g];
		v[n++] = st.merges[g];
		v[n++] = st.sectors[g];
		v[n++] = ns_to_ms(st.nsecs[g]);
	}
	v[n++] = part_in_flight(b);
	v[n++] = ns_to_ms(st.io_ticks);
	v[n++] = ns_to_ms(st.nsecs[STAT_READ] + st.nsecs[STAT_WRITE] + st.nsecs[STAT_DISCARD] +
			  st.nsecs[STAT_FLUSH]);
	v[n++] = st.ios[STAT_DISCARD];
	v[n++] = st.merges[STAT_DISCARD];
	v[n++] = st.sectors[STAT_DISCARD];
	v[n++] = ns_to_ms(st.nsecs[STAT_DISCARD]);
	v[n++] = st.ios[STAT_FLUSH];
	v[n++] = ns_to_ms(st.nsecs[STAT_FLUSH]);
	for (int i = 0; i < n; i++)
		g_string_append_printf(out, i ? " %8llu" : "%8llu", (unsigned long long)v[i]);
	g_string_append_c(out, '\n');
}

enum disk_attr {
	DISK_STAT,
	DISK_INFLIGHT,
	DISK_SIZE,
	DISK_DEV,
	DISK_RANGE,
	DISK_EXT_RANGE,
	DISK_REMOVABLE,
	DISK_HIDDEN,
	DISK_RO,
	DISK_CAPABILITY,
	DISK_ALIGNMENT_OFFSET,
	DISK_DISCARD_ALIGNMENT,
	NR_DISK_ATTRS,
};

/* disk_attrs[] in the kernel's order */
static const char *const disk_attr_names[NR_DISK_ATTRS] = {
	[DISK_RANGE] = "range", [DISK_EXT_RANGE] = "ext_range", [DISK_REMOVABLE] = "removable",
	[DISK_HIDDEN] = "hidden", [DISK_RO] = "ro", [DISK_SIZE] = "size",
	[DISK_ALIGNMENT_OFFSET] = "alignment_offset", [DISK_DISCARD_ALIGNMENT] = "discard_alignment",
	[DISK_CAPABILITY] = "capability", [DISK_STAT] = "stat", [DISK_INFLIGHT] = "inflight",
	[DISK_DEV] = "dev",
};

static int disk_attr_show(const struct pfs_req *r, GString *out)
{
	const struct block_device *b = node_bdev(r);

	if (!b)
		return -ENOENT;
	switch ((enum disk_attr)(r->node->idata & 0xff)) {
	case DISK_STAT:
		part_stat(out, r->m, b);
		break;
	case DISK_INFLIGHT:	/* part_inflight_show: reads, writes */
		g_string_append_printf(out, "%8u %8u\n", b->in_flight[0], b->in_flight[1]);
		break;
	case DISK_SIZE:
		g_string_append_printf(out, "%llu\n", (unsigned long long)b->nr_sectors);
		break;
	case DISK_DEV:
		g_string_append_printf(out, "%u:%u\n", b->major, b->minor);
		break;
	case DISK_RANGE:	/* disk->minors: virtio_blk's 16 */
		g_string_append_printf(out, "%u\n", VIRTBLK_MINORS);
		break;
	case DISK_EXT_RANGE:	/* disk_max_parts(): DISK_MAX_PARTS once minors are given */
		g_string_append(out, "256\n");
		break;
	case DISK_REMOVABLE:
	case DISK_HIDDEN:
	case DISK_RO:
	case DISK_CAPABILITY:	/* deprecated: always 0 */
	case DISK_ALIGNMENT_OFFSET:
	case DISK_DISCARD_ALIGNMENT:
	case NR_DISK_ATTRS:
		g_string_append(out, "0\n");
		break;
	}
	return 0;
}

const struct pfs_file_ops disk_attr_ops = {
	.show = disk_attr_show,
	.ro_errno = EACCES,
};

/**
 * block_sysfs_add - sys/block/<disk>/ for each disk: genhd's attributes, then queue/
 */
void block_sysfs_add(struct pfs_tree *t, struct machine *m)
{
	int nr;
	struct block_device *b = bdev_list(m, &nr);

	for (int i = 0; i < nr; i++) {
		g_autofree char *dir = g_strdup_printf("sys/block/%s", b[i].desc.name);

		pfs_mkdir_p(t, dir, 0755);
		for (int a = 0; a < NR_DISK_ATTRS; a++) {
			g_autofree char *path = g_strdup_printf("%s/%s", dir, disk_attr_names[a]);

			pfs_add_file(t, path, 0444, &disk_attr_ops, NULL, (long)i << 8 | a);
		}
		blk_queue_sysfs_add(t, dir, i);
	}
}
