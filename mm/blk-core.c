// SPDX-License-Identifier: GPL-2.0
/*
 * The block layer's core (block/blk-core.c, blk-mq.c, blk-merge.c,
 * genhd.c): the machine's disks, bios, one FIFO hardware queue per disk
 * served over simulated time, and the disk statistics. The service model
 * is described in blkdev.h. Left out: I/O schedulers (the queue is
 * "none"), partitions, discard, and splitting (a bio is at most 1 MiB,
 * below max_sectors_kb).
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "blkdev.h"

#define FIRST_FILE_SECTOR	2048		/* the first MiB: superblock, group descriptors */
#define EXTENT_ALIGN		2048		/* extents start on MiB boundaries */

/* A request: bios merged into one contiguous transfer (struct request). */
struct request {
	struct block_device *bdev;
	enum req_op op;
	sector_t sector;
	uint64_t bytes;
	uint64_t start_time_ns;		/* its first bio's submission */
	uint64_t start;			/* its transfer starts */
	uint64_t done;			/* it completes */
	uint64_t plug_seq;		/* made under this plug (0: none) */
	struct bio *bio, *biotail;
	struct request *next;
};

static enum stat_group op_stat_group(enum req_op op)
{
	switch (op) {
	case REQ_OP_READ:	return STAT_READ;
	case REQ_OP_WRITE:	return STAT_WRITE;
	case REQ_OP_DISCARD:	return STAT_DISCARD;
	default:		return STAT_FLUSH;
	}
}

/* in_flight's index: op_is_write(), the op's low bit (a flush counts with the reads) */
static int op_is_write(enum req_op op)
{
	return op & 1;
}

/* ------------------------------------------------------------- disks */

/**
 * bdev_lookup - the disk named @name ("vda"), or NULL
 */
struct block_device *bdev_lookup(struct machine *m, const char *name)
{
	for (int i = 0; i < m->nr_bdevs; i++)
		if (!strcmp(m->bdevs[i].desc.name, name))
			return &m->bdevs[i];
	return NULL;
}

/**
 * bdev_list - the machine's disks in minor order; their number in @nr
 */
struct block_device *bdev_list(struct machine *m, int *nr)
{
	*nr = m->nr_bdevs;
	return m->bdevs;
}

/**
 * part_stat_read_all - @bdev's statistics now, io_ticks with the open interval
 */
void part_stat_read_all(const struct machine *m, const struct block_device *bdev,
			struct disk_stats *stat)
{
	*stat = bdev->stats;
	if (part_in_flight(bdev))
		stat->io_ticks += sim_clock_now(&m->clock) - bdev->io_ticks_stamp;
}

/**
 * bmap - the sector of page @index of file @as on the root disk
 *
 * The file's extent is placed at its first I/O (see blkdev.h).
 */
sector_t bmap(struct machine *m, struct address_space *as, unsigned long index)
{
	struct block_device *b = m->root_bdev;
	sector_t usable = b->nr_sectors > FIRST_FILE_SECTOR + PAGE_SECTORS ?
			  (b->nr_sectors - FIRST_FILE_SECTOR) / PAGE_SECTORS * PAGE_SECTORS :
			  PAGE_SECTORS;

	if (!as->bmap_sector) {
		uint64_t len = MAX(as->size >> SECTOR_SHIFT, 1) + EXTENT_ALIGN - 1;

		as->bmap_sector = b->next_file_sector;
		len -= len % EXTENT_ALIGN;
		b->next_file_sector = FIRST_FILE_SECTOR +
			(b->next_file_sector - FIRST_FILE_SECTOR + len) % usable;
	}
	/* 64-bit index: keep the product in range before the wrap */
	return FIRST_FILE_SECTOR + (as->bmap_sector - FIRST_FILE_SECTOR +
				    (uint64_t)index % usable * PAGE_SECTORS) % usable;
}

/* ------------------------------------------------------------- bios */

/**
 * bio_alloc - a bio for @bdev, op and flags @opf, with room for @nr_vecs pages
 */
struct bio *bio_alloc(struct block_device *bdev, unsigned int nr_vecs, unsigned int opf)
{
	struct bio *bio;

	nr_vecs = MIN(nr_vecs, BIO_MAX_VECS);
	bio = g_malloc0(sizeof(*bio) + nr_vecs * sizeof(bio->bi_pfn[0]));
	bio->bi_bdev = bdev;
	bio->bi_opf = opf;
	bio->bi_max_vecs = (uint16_t)nr_vecs;
	return bio;
}

/**
 * bio_put - free @bio
 */
void bio_put(struct bio *bio)
{
	g_free(bio);
}

/**
 * bio_add_page - add page @pfn (PAGE_SIZE bytes) at the end of @bio; false when it is full
 */
bool bio_add_page(struct bio *bio, unsigned long pfn)
{
	if (bio->bi_vcnt >= bio->bi_max_vecs)
		return false;
	bio->bi_pfn[bio->bi_vcnt++] = pfn;
	bio->bi_size += PAGE_SIZE;
	return true;
}

/* ------------------------------------------------------------- the queue */

/* update_io_ticks: the time since the last change counts if something was in flight */
static void update_io_ticks(struct machine *m, struct block_device *b)
{
	uint64_t now = sim_clock_now(&m->clock);

	if (b->in_flight[0] + b->in_flight[1])
		b->stats.io_ticks += now - b->io_ticks_stamp;
	b->io_ticks_stamp = now;
}

static uint64_t transfer_ns(const struct block_device *b, uint64_t bytes)
{
	return (bytes * NSEC_PER_SEC + b->desc.bandwidth - 1) / b->desc.bandwidth;
}

/* When @rq leaves the channel to the next: its transfer, or 1/iops if longer. */
static uint64_t channel_time(const struct block_device *b, uint64_t bytes)
{
	uint64_t t = transfer_ns(b, bytes);
	uint64_t gap = b->desc.iops ? NSEC_PER_SEC / b->desc.iops : 0;

	return MAX(t, gap);
}

static void rq_set_times(struct block_device *b, struct request *rq)
{
	rq->done = rq->start + transfer_ns(b, rq->bytes) + b->desc.latency;
	b->channel_free = rq->start + channel_time(b, rq->bytes);
	for (struct bio *bio = rq->bio; bio; bio = bio->bi_next)
		bio->bi_done = rq->done;
}

static void blk_timer(struct machine *m, void *data);

/* Arm the completion timer for the head, unless one is armed (it re-arms). */
static void blk_arm(struct machine *m, struct block_device *b)
{
	struct request *rq = b->queue_head;

	if (!rq || b->timer_due)
		return;
	b->timer_due = rq->done;
	sim_timer_add(m, rq->done - sim_clock_now(&m->clock), blk_timer, b);
}

/*
 * blk_attempt_bio_merge: back-merge into the last request if it has not
 * started (or was made under the plug still open, at this instant), is of
 * the same op, ends where @bio begins, and stays within max_sectors_kb.
 */
static bool bio_attempt_back_merge(struct machine *m, struct block_device *b, struct bio *bio)
{
	struct request *rq = b->queue_tail;
	uint64_t now = sim_clock_now(&m->clock);
	enum req_op op = bio_op_of(bio->bi_opf);

	if (!rq || rq->op != op || (op != REQ_OP_READ && op != REQ_OP_WRITE))
		return false;
	if (!(rq->start > now || (rq->start == now && rq->plug_seq && rq->plug_seq == m->plug_seq &&
				  m->plug_depth)))
		return false;
	if (rq->sector + (rq->bytes >> SECTOR_SHIFT) != bio->bi_sector ||
	    rq->bytes + bio->bi_size > (uint64_t)BLK_MAX_SECTORS_KB << 10)
		return false;
	rq->bytes += bio->bi_size;
	rq->biotail->bi_next = bio;
	rq->biotail = bio;
	bio->bi_rq = rq;
	rq_set_times(b, rq);
	b->stats.merges[op_stat_group(op)]++;
	return true;
}

static void blk_add_request(struct machine *m, struct block_device *b, struct bio *bio)
{
	struct request *rq = g_new0(struct request, 1);
	uint64_t now = sim_clock_now(&m->clock);

	rq->bdev = b;
	rq->op = bio_op_of(bio->bi_opf);
	rq->sector = bio->bi_sector;
	rq->bytes = bio->bi_size;
	rq->start_time_ns = now;
	rq->start = MAX(now, b->channel_free);
	rq->plug_seq = m->plug_depth ? m->plug_seq : 0;
	rq->bio = rq->biotail = bio;
	bio->bi_rq = rq;
	rq_set_times(b, rq);
	/* blk_account_io_start */
	update_io_ticks(m, b);
	b->in_flight[op_is_write(rq->op)]++;
	if (b->queue_tail)
		b->queue_tail->next = rq;
	else
		b->queue_head = rq;
	b->queue_tail = rq;
	b->nr_queued++;
}

/* bio_check_eod and the size rules: whole sectors inside the disk */
static bool bio_ok(const struct bio *bio)
{
	const struct block_device *b = bio->bi_bdev;
	sector_t nr = bio->bi_size >> SECTOR_SHIFT;

	if (bio->bi_size % SECTOR_SIZE)
		return false;
	if (bio_op_of(bio->bi_opf) == REQ_OP_FLUSH)
		return bio->bi_size == 0;
	return bio->bi_sector <= b->nr_sectors && nr <= b->nr_sectors - bio->bi_sector;
}

static void bio_endio(struct machine *m, struct bio *bio)
{
	struct task_struct *t = bio->bi_waiter;

	bio->bi_rq = NULL;
	bio->bi_next = NULL;
	bio->bi_waiter = NULL;
	bio->bi_bdev->bios_completed++;
	if (t)
		io_schedule_end(m, t);
	if (bio->bi_end_io)
		bio->bi_end_io(m, bio);
}

/**
 * submit_bio - queue @bio on its disk; it completes in simulated time (blkdev.h)
 */
void submit_bio(struct machine *m, struct bio *bio)
{
	struct block_device *b = bio->bi_bdev;
	enum req_op op = bio_op_of(bio->bi_opf);

	bio->bi_issue = sim_clock_now(&m->clock);
	bio->bi_status = 0;
	bio->bi_next = NULL;
	b->bios_submitted++;
	if (op == REQ_OP_READ) {
		if (m->current)
			m->current->ioac.read_bytes += bio->bi_size;
		__count_vm_events(m, PGPGIN, bio->bi_size >> SECTOR_SHIFT);
	} else if (op == REQ_OP_WRITE) {
		__count_vm_events(m, PGPGOUT, bio->bi_size >> SECTOR_SHIFT);
	}
	if (!bio_ok(bio) || op > REQ_OP_FLUSH) {
		bio->bi_status = -EIO;
		bio->bi_done = bio->bi_issue;
		bio_endio(m, bio);
		return;
	}
	if (!bio_attempt_back_merge(m, b, bio))
		blk_add_request(m, b, bio);
	blk_arm(m, b);
}

/**
 * submit_bio_wait - submit @bio, @t waiting in D until it completes; returns when that is
 */
uint64_t submit_bio_wait(struct machine *m, struct bio *bio, struct task_struct *t)
{
	/* a bad bio completes (and may be freed) inside submit_bio: look before */
	bool ok = bio_ok(bio) && bio_op_of(bio->bi_opf) <= REQ_OP_FLUSH;

	submit_bio(m, bio);
	if (!ok)
		return sim_clock_now(&m->clock);
	if (t) {
		bio->bi_waiter = t;
		io_schedule_begin(m, t, "submit_bio_wait");
	}
	return bio->bi_done;
}

/* blk_mq_end_request: the bios' completions, then the accounting */
static void blk_end_request(struct machine *m, struct block_device *b, struct request *rq)
{
	enum stat_group g = op_stat_group(rq->op);
	uint64_t now = sim_clock_now(&m->clock);
	struct bio *bio = rq->bio, *next;

	b->queue_head = rq->next;
	if (!b->queue_head)
		b->queue_tail = NULL;
	b->nr_queued--;
	b->stats.sectors[g] += rq->bytes >> SECTOR_SHIFT;
	for (; bio; bio = next) {
		next = bio->bi_next;
		bio_endio(m, bio);
	}
	/* blk_account_io_done */
	update_io_ticks(m, b);
	b->stats.ios[g]++;
	b->stats.nsecs[g] += now - rq->start_time_ns;
	b->in_flight[op_is_write(rq->op)]--;
	g_free(rq);
}

/* The head's completion time came: complete every request done by now, in order. */
static void blk_timer(struct machine *m, void *data)
{
	struct block_device *b = data;
	uint64_t now = sim_clock_now(&m->clock);

	if (b->timer_due != now)
		return;		/* superseded: a later timer is armed */
	b->timer_due = 0;
	while (b->queue_head && b->queue_head->done <= now)
		blk_end_request(m, b, b->queue_head);
	blk_arm(m, b);
}

/**
 * blk_start_plug - hold the requests made from now on open to merging (nests)
 */
void blk_start_plug(struct machine *m)
{
	if (!m->plug_depth++)
		m->plug_seq++;
}

/**
 * blk_finish_plug - end the plug blk_start_plug() opened
 */
void blk_finish_plug(struct machine *m)
{
	if (m->plug_depth)
		m->plug_depth--;
}

/**
 * blk_run_until_idle - advance the clock until every disk's queue is empty
 */
void blk_run_until_idle(struct machine *m)
{
	for (;;) {
		uint64_t last = 0;

		for (int i = 0; i < m->nr_bdevs; i++)
			if (m->bdevs[i].queue_tail)
				last = MAX(last, m->bdevs[i].queue_tail->done);
		if (!last)
			return;
		sim_clock_advance(m, last - sim_clock_now(&m->clock));
	}
}

/* bdev_forget_waiter: @t exits; no bio of @b's queue wakes it any more */
void bdev_forget_waiter(struct block_device *b, struct task_struct *t)
{
	for (struct request *rq = b->queue_head; rq; rq = rq->next)
		for (struct bio *bio = rq->bio; bio; bio = bio->bi_next)
			if (bio->bi_waiter == t)
				bio->bi_waiter = NULL;
}

/* ------------------------------------------------------------- machine */

/**
 * blk_boot_settle - the boot tasks' reads are over when the clock starts
 *
 * Boot runs at time 0 and then starts the clock afresh (boot_settle), so
 * the reads its tasks started complete here, each at its own time as far
 * as the statistics go (ios, sectors, nsecs, io_ticks count them, as a
 * booted machine's diskstats do), and every time stamp restarts at 0.
 * Only the disks' completions run, no other timer.
 */
void blk_boot_settle(struct machine *m)
{
	uint64_t now = sim_clock_now(&m->clock);

	for (int i = 0; i < m->nr_bdevs; i++) {
		struct block_device *b = &m->bdevs[i];

		while (b->queue_head) {
			m->clock.now = MAX(now, b->queue_head->done);
			blk_end_request(m, b, b->queue_head);
		}
		b->io_ticks_stamp = 0;
		b->channel_free = 0;
		b->timer_due = 0;
	}
	m->clock.now = now;
	blk_wait_boot_settle(m);
}

/**
 * blk_init - the disks of the description; vda is the root disk, vdb the swap partition's
 */
int blk_init(struct machine *m, char *err, size_t errlen)
{
	const struct machine_desc *d = &m->desc;

	m->nr_bdevs = d->nr_disks;
	m->bdevs = g_new0(struct block_device, MAX(d->nr_disks, 1));
	for (int i = 0; i < d->nr_disks; i++) {
		struct block_device *b = &m->bdevs[i];

		b->desc = d->disks[i];
		b->major = VIRTBLK_MAJOR;
		b->minor = (unsigned int)(b->desc.name[2] - 'a') * VIRTBLK_MINORS;
		b->nr_sectors = b->desc.size >> SECTOR_SHIFT;
		b->next_file_sector = FIRST_FILE_SECTOR;
	}
	m->root_bdev = bdev_lookup(m, "vda");
	m->swap_bdev = d->swap_bytes ? bdev_lookup(m, "vdb") : NULL;
	if (!m->root_bdev) {
		g_snprintf(err, errlen, "block: no root disk vda");
		return -EINVAL;
	}
	return blk_wait_init(m);
}

/**
 * blk_destroy - free the disks and whatever is still queued on them (teardown)
 */
void blk_destroy(struct machine *m)
{
	for (int i = 0; i < m->nr_bdevs; i++) {
		struct request *rq = m->bdevs[i].queue_head, *next;

		for (; rq; rq = next) {
			struct bio *bio = rq->bio, *bnext;

			next = rq->next;
			for (; bio; bio = bnext) {
				bnext = bio->bi_next;
				bio_put(bio);
			}
			g_free(rq);
		}
	}
	g_free(m->bdevs);
	m->bdevs = NULL;
	m->nr_bdevs = 0;
	blk_wait_destroy(m);
}

/* One disk's queue: FIFO times, in_flight equal to the requests queued, bios accounted. */
static int bdev_check(struct machine *m, struct block_device *b)
{
	unsigned int n = 0, inflight[2] = { 0, 0 };
	uint64_t bios = 0, prev_done = 0, now = sim_clock_now(&m->clock);
	int bad = 0;

	for (struct request *rq = b->queue_head; rq; rq = rq->next) {
		uint64_t bytes = 0;

		n++;
		inflight[op_is_write(rq->op)]++;
		for (struct bio *bio = rq->bio; bio; bio = bio->bi_next) {
			bytes += bio->bi_size;
			bios++;
			if (bio->bi_rq != rq || bio->bi_done != rq->done)
				bad++;
		}
		if (bytes != rq->bytes || rq->done < prev_done || rq->done < now ||
		    (!rq->next && rq != b->queue_tail))
			bad++;
		prev_done = rq->done;
	}
	if (bad)
		pr_err(m, "BUG: %s: %d requests unsound", b->desc.name, bad);
	if (n != b->nr_queued || inflight[0] != b->in_flight[0] || inflight[1] != b->in_flight[1] ||
	    bios != b->bios_submitted - b->bios_completed) {
		pr_err(m, "BUG: %s: %u requests queued, counters say %u in flight (%u+%u), %lu bios outstanding of %lu",
		       b->desc.name, n, b->nr_queued, b->in_flight[0], b->in_flight[1],
		       (unsigned long)bios, (unsigned long)(b->bios_submitted - b->bios_completed));
		bad++;
	}
	if (b->queue_head && (!b->timer_due || b->timer_due > b->queue_head->done)) {
		pr_err(m, "BUG: %s: completion timer at %lu, not by the head's %lu", b->desc.name,
		       (unsigned long)b->timer_due, (unsigned long)b->queue_head->done);
		bad++;
	}
	return bad;
}

/**
 * blk_check - every disk's queue sound and its statistics consistent (machine_check)
 */
int blk_check(struct machine *m)
{
	int bad = 0;

	for (int i = 0; i < m->nr_bdevs; i++)
		bad += bdev_check(m, &m->bdevs[i]);
	return bad + blk_wait_check(m);
}
