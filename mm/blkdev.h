/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block layer (include/linux/blkdev.h, blk_types.h, bio.h): simulated
 * disks, the bios submitted to them, their statistics, and how a task
 * waits for I/O in simulated time.
 *
 * Disks. Each [disk.NAME] of the description is a struct block_device,
 * a virtio disk: "vda" (254:0) holds the root filesystem (m->root_bdev),
 * "vdb" (254:16) the swap partition when there is one (m->swap_bdev).
 * 254 is the dynamic major the reference machine gave virtio-blk (its
 * /proc/PID/maps print the root filesystem's files as fe:00).
 *
 * Service model (one hardware queue, FIFO, no reordering). A bio becomes
 * a request when it reaches the queue; a bio that continues the last
 * request not yet started (same op, next sector, the sum within
 * max_sectors_kb) is back-merged into it (merges[] counts it), as
 * blk_attempt_bio_merge() does. The disk transfers one request at a time:
 * a request starts when the one before it has left the channel, keeps the
 * channel for max(bytes / bandwidth, 1 s / iops), and completes latency ns
 * after its transfer ends:
 *
 *	start     = max(submission, channel free)
 *	done      = start + DIV_ROUND_UP(bytes * NSEC_PER_SEC, bandwidth) + latency
 *	next free = start + max(transfer, NSEC_PER_SEC / iops)	(iops 0: no limit)
 *
 * so a lone read of 32 pages at 100 MB/s and 100 us takes 1,310,720 +
 * 100,000 ns, and a stream runs at the full bandwidth (latency overlaps
 * the next transfer, as a queue depth above one lets it). A flush moves
 * no data: latency alone. Completion runs from a timer at `done`: the
 * request's bios' bi_end_io in submission order, then the stats.
 *
 * Statistics as block/blk-core.c and blk-mq.c keep them: merges when a bio
 * merges, ios, sectors and nsecs (done - the request's first submission)
 * when a request completes, in_flight = requests submitted and not done,
 * io_ticks = time with in_flight > 0. submit_bio() counts PGPGIN/PGPGOUT
 * in sectors (vmstat prints KiB).
 *
 * Waiting. The engine is single-threaded and a ctl verb never blocks (see
 * DESIGN.md, "Tasks wait in simulated time"): a task that waits is put in
 * TASK_UNINTERRUPTIBLE (D) with a wchan and counted as iowait on its CPU
 * (/proc/stat's iowait column, procs_blocked) until a completion in
 * simulated time wakes it; the verb returns at once and can say when the
 * wait ends (bio_end_time). Nothing here advances the clock.
 */
#ifndef MM_BLKDEV_H
#define MM_BLKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
struct task_struct;
struct address_space;
struct bio;

typedef uint64_t sector_t;

#define SECTOR_SHIFT		9
#define SECTOR_SIZE		(1U << SECTOR_SHIFT)
#define PAGE_SECTORS		8		/* PAGE_SIZE >> SECTOR_SHIFT */
#define BIO_MAX_VECS		256		/* pages per bio: 1 MiB */
#define VIRTBLK_MAJOR		254
#define VIRTBLK_MINORS		16		/* minors per disk: vda 254:0, vdb 254:16 */
#define BLK_MAX_SECTORS_KB	1280		/* max_sectors_kb: BLK_DEF_MAX_SECTORS_CAP */
#define BLK_NR_REQUESTS		256		/* queue/nr_requests of virtio-blk (mq-deadline: none) */
#define MAX_DISKS		8
/* What a description may give a disk (machine_desc_validate). */
#define DISK_MAX_SIZE		(1ULL << 60)		/* 1 EiB */
#define DISK_MAX_BANDWIDTH	(1ULL << 40)		/* 1 TiB/s */
#define DISK_MAX_LATENCY	(10 * 1000000000ULL)	/* 10 s */
#define DISK_MAX_IOPS		100000000ULL

/* The operation, bi_opf's low bits, with the kernel's values. */
enum req_op {
	REQ_OP_READ	= 0,
	REQ_OP_WRITE	= 1,
	REQ_OP_FLUSH	= 2,
	REQ_OP_DISCARD	= 3,
};
#define REQ_OP_BITS	8
#define REQ_OP_MASK	((1U << REQ_OP_BITS) - 1)

/* Flags, bi_opf's high bits: what the submitter says about the I/O (informational here). */
#define REQ_SYNC	(1U << 8)	/* a task waits for it (fsync, a fault's read) */
#define REQ_META	(1U << 9)	/* filesystem metadata (Buffers pages) */
#define REQ_PRIO	(1U << 10)
#define REQ_RAHEAD	(1U << 11)	/* readahead: may be dropped, never waited on at submission */
#define REQ_BACKGROUND	(1U << 12)	/* background writeback */
#define REQ_SWAP	(1U << 13)	/* swap I/O: counted in pswpin/pswpout by the caller */

static inline enum req_op bio_op_of(unsigned int opf) { return (enum req_op)(opf & REQ_OP_MASK); }

/* The four stat groups of struct disk_stats (block/blk.h op_stat_group). */
enum stat_group {
	STAT_READ,
	STAT_WRITE,
	STAT_DISCARD,
	STAT_FLUSH,
	NR_STAT_GROUPS,
};

/* include/linux/part_stat.h's struct disk_stats; times in ns. */
struct disk_stats {
	uint64_t nsecs[NR_STAT_GROUPS];		/* summed request times, submission to completion */
	uint64_t sectors[NR_STAT_GROUPS];
	uint64_t ios[NR_STAT_GROUPS];		/* completed requests */
	uint64_t merges[NR_STAT_GROUPS];	/* bios merged into a request */
	uint64_t io_ticks;			/* ns with a request in flight (part_stat_read_all adds the open interval) */
};

struct request;

/* What a disk is, as the description gives it ([disk.NAME]). */
struct disk_desc {
	char name[16];			/* "vda" */
	uint64_t size;			/* bytes, a whole number of sectors */
	uint64_t bandwidth;		/* bytes per second, > 0 */
	uint64_t latency;		/* ns from a transfer's end to its completion */
	uint64_t iops;			/* requests per second at most; 0: no limit */
};

/*
 * A disk and its queue (struct gendisk + its part0 block_device + its
 * request_queue, which a disk without partitions makes one object).
 */
struct block_device {
	struct disk_desc desc;
	unsigned int major, minor;
	sector_t nr_sectors;		/* capacity (sys/block/NAME/size) */
	struct disk_stats stats;
	unsigned int in_flight[2];	/* requests not done: [0] reads, [1] writes (flush, discard too) */
	uint64_t io_ticks_stamp;	/* when in_flight last changed (update_io_ticks) */
	uint64_t channel_free;		/* when the transfer channel takes the next request */
	struct request *queue_head;	/* requests not done, FIFO */
	struct request *queue_tail;	/* the only one a bio may merge into, if not started */
	unsigned int nr_queued;		/* requests on the queue (== in_flight[0] + [1]) */
	uint64_t timer_due;		/* the completion timer armed for the head; 0: none */
	sector_t next_file_sector;	/* bmap(): where the next file's blocks go */
	uint64_t bios_submitted, bios_completed;	/* for the bench and the check */
};

typedef void bio_end_io_t(struct machine *m, struct bio *bio);

/*
 * A bio: one contiguous I/O of whole sectors. Data pages, when it carries
 * any, are listed by PFN (bio_add_page); the disk only counts bytes. The
 * submitter owns it until bi_end_io, which must bio_put() it (or keep it).
 */
struct bio {
	struct block_device *bi_bdev;
	unsigned int bi_opf;		/* enum req_op | REQ_* flags */
	int bi_status;			/* 0, or -EIO (beyond the end of the disk) */
	sector_t bi_sector;		/* first sector */
	uint32_t bi_size;		/* bytes; a multiple of SECTOR_SIZE */
	uint16_t bi_vcnt, bi_max_vecs;
	bio_end_io_t *bi_end_io;
	void *bi_private;		/* the submitter's */
	uint64_t bi_issue;		/* submission time */
	uint64_t bi_done;		/* when it completes as the queue stands (bio_end_time) */
	struct bio *bi_next;		/* the next bio of its request */
	struct request *bi_rq;		/* the request it is part of, while in flight */
	struct task_struct *bi_waiter;	/* the task in submit_bio_wait on it, or NULL */
	unsigned long bi_pfn[];		/* bi_max_vecs page frames, bi_vcnt used */
};

/* ------------------------------------------------------------- disks */

/* The disk named @name ("vda"), or NULL. */
struct block_device *bdev_lookup(struct machine *m, const char *name);
/* The machine's disks in minor order, @nr of them (for the renderers). */
struct block_device *bdev_list(struct machine *m, int *nr);
/* st_dev of a file on @bdev, as maps prints it: major << 8 | minor. */
static inline unsigned int bdev_dev(const struct block_device *bdev)
{
	return bdev->major << 8 | bdev->minor;
}

/*
 * part_stat_read_all: @bdev's statistics as a reader sees them now, io_ticks
 * including the interval still open (diskstats_show's update_io_ticks).
 */
void part_stat_read_all(const struct machine *m, const struct block_device *bdev,
			struct disk_stats *stat);
/* part_in_flight: requests submitted and not completed */
static inline unsigned int part_in_flight(const struct block_device *bdev)
{
	return bdev->in_flight[0] + bdev->in_flight[1];
}

/*
 * bmap: the disk sector of page @index of the file @as (on m->root_bdev).
 * A file's blocks are one extent placed at its first I/O, sized to its
 * size then (at least 1 MiB), after the files placed before it; a file
 * grown past its extent continues into what follows, wrapping at the
 * disk's end. Only sector numbers matter here (merging, stats): no data
 * is kept, so overlapping extents do no harm.
 */
sector_t bmap(struct machine *m, struct address_space *as, unsigned long index);

/* ------------------------------------------------------------- bios */

/* bio_alloc: a bio for @bdev of op and flags @opf, room for @nr_vecs pages (<= BIO_MAX_VECS). */
struct bio *bio_alloc(struct block_device *bdev, unsigned int nr_vecs, unsigned int opf);
/* bio_put: free it (after completion, or instead of submitting it). */
void bio_put(struct bio *bio);
/* bio_add_page: add @pfn's PAGE_SIZE bytes at the bio's end; false when full. */
bool bio_add_page(struct bio *bio, unsigned long pfn);

/*
 * submit_bio - queue @bio on its disk (merging it into the last request
 * when it continues it) and arm its completion in simulated time. A bio
 * past the end of the disk or not of whole sectors completes at once,
 * inside submit_bio, with bi_status -EIO (bio_check_eod). Counts
 * PGPGIN/PGPGOUT, and a read's bytes in current's ioac.read_bytes
 * (task_io_account_read), as the kernel's submit_bio does.
 */
void submit_bio(struct machine *m, struct bio *bio);

/* bio_end_time: when @bio completes as the queue stands now (a later merge into its request can delay it). */
static inline uint64_t bio_end_time(const struct bio *bio) { return bio->bi_done; }

/*
 * submit_bio_wait - submit @bio and put @t in D ("submit_bio_wait") until
 * it completes; returns when it will (as bio_end_time). @bio's own
 * bi_end_io still runs (it may bio_put). @t NULL: no task waits.
 */
uint64_t submit_bio_wait(struct machine *m, struct bio *bio, struct task_struct *t);

/*
 * blk_start_plug/blk_finish_plug: bios submitted in between (one command,
 * so at one instant) may all merge, even into a request that starts now,
 * as the kernel's per-task plug holds them back until the batch is built.
 * Nests; the outermost finish ends it.
 */
void blk_start_plug(struct machine *m);
void blk_finish_plug(struct machine *m);

/* blk_run_until_idle: advance the clock until every disk's queue is empty (tests, sync). */
void blk_run_until_idle(struct machine *m);

/* ------------------------------------------------------------- waits */

/*
 * io_schedule_begin/end: @t starts or ends one wait for I/O (the kernel's
 * io_schedule_prepare/finish around a sleep in TASK_UNINTERRUPTIBLE).
 * Waits nest: the first puts @t in D with @wchan (what /proc/PID/wchan
 * would say: "folio_wait_bit_common", "io_schedule", "balance_dirty_pages")
 * and counts it in its CPU's nr_iowait; the last puts back the state @t
 * had before. The engine's waits (below) use these; a caller with its own
 * completion (balance_dirty_pages' pause timer) may use them directly.
 */
void io_schedule_begin(struct machine *m, struct task_struct *t, const char *wchan);
void io_schedule_end(struct machine *m, struct task_struct *t);
bool task_in_iowait(const struct task_struct *t);

/*
 * Page waits (the kernel's hashed folio wait queues). folio_wait_bit: if
 * page @pfn has page_ext flag @bit (PGE_locked, a writeback flag), @t
 * waits in D ("folio_wait_bit_common") until folio_wake_bit(@pfn, @bit);
 * returns whether it waits. folio_wake_bit wakes the waiters on that
 * page and bit (the caller cleared the bit). folio_unlock = clear
 * PGE_locked + wake.
 */
bool folio_wait_bit(struct machine *m, struct task_struct *t, unsigned long pfn, unsigned int bit);
void folio_wake_bit(struct machine *m, unsigned long pfn, unsigned int bit);
void folio_unlock(struct machine *m, unsigned long pfn);

/* /proc/stat: tasks waiting for I/O (procs_blocked), and @cpu's iowait time in ns. */
unsigned int nr_iowait(const struct machine *m);
uint64_t cpu_iowait_ns(const struct machine *m, int cpu);

/* A task exits: off every wait queue, its iowait ended (exit.c). */
void io_wait_task_exit(struct machine *m, struct task_struct *t);

/* ------------------------------------------------------------- machine */

int blk_init(struct machine *m, char *err, size_t errlen);
void blk_destroy(struct machine *m);
/* machine_check(): queues sound, in_flight equals the queue, every bio accounted. */
int blk_check(struct machine *m);

#endif /* MM_BLKDEV_H */
