/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dirty pages and their writeback (include/linux/writeback.h,
 * backing-dev-defs.h): the per-disk bdi_writeback with its dirty-inode
 * list, bandwidth estimates and flusher state, the global wb_domain, and
 * what mm/page-writeback.c (accounting, limits, balance_dirty_pages) and
 * mm/fs-writeback.c (the flusher) offer the rest of the engine.
 */
#ifndef MM_WRITEBACK_H
#define MM_WRITEBACK_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

struct machine;
struct address_space;
struct task_struct;
struct block_device;

#define HZ			1000		/* CONFIG_HZ_1000: jiffies are simulated ms */
#define MAX_PAUSE		(HZ / 5)	/* balance_dirty_pages sleeps at most 200 ms */
#define BANDWIDTH_INTERVAL	(HZ / 5)	/* write bandwidth estimated every 200 ms */
#define DIRTY_POLL_THRESH	32		/* 128 KiB of pages between two checks, at best */
#define RATELIMIT_CALC_SHIFT	10
#define INIT_BW			25600		/* 100 MiB/s in pages, a new wb's estimate */
#define MIN_WRITEBACK_PAGES	1024		/* 4 MiB: the smallest flusher chunk */
#define DIRTY_SCOPE		8
#define VM_COMPLETIONS_PERIOD_LEN (3 * HZ)	/* writeout fractions age by half each 3 s */

/* Why the flusher runs (enum wb_reason), one bit each in bdi_writeback->work. */
enum wb_reason {
	WB_REASON_BACKGROUND,
	WB_REASON_VMSCAN,
	WB_REASON_SYNC,
	WB_REASON_PERIODIC,
	WB_REASON_LAPTOP_TIMER,
	WB_REASON_FS_FREE_SPACE,
	WB_REASON_FORKER_THREAD,
	WB_REASON_FOREIGN_FLUSH,
	WB_REASON_MAX,
};

/* A disk's writeback context: one per simulated disk (the kernel's bdi->wb). */
struct bdi_writeback {
	struct block_device *bdev;	/* the disk its inodes write to */
	GQueue b_dirty;			/* struct address_space, oldest dirtied_when first */
	/* wb_stat: pages */
	long reclaimable, writeback;	/* WB_RECLAIMABLE, WB_WRITEBACK */
	unsigned long dirtied, written;	/* WB_DIRTIED, WB_WRITTEN (cumulative) */
	/* write bandwidth and the throttle's base rate, pages per second */
	unsigned long bw_time_stamp;	/* jiffies */
	unsigned long dirtied_stamp, written_stamp;
	unsigned long write_bandwidth, avg_write_bandwidth;
	unsigned long dirty_ratelimit, balanced_dirty_ratelimit;
	bool dirty_exceeded;
	/* this wb's writeout completions (fprop_local), aged with the domain's */
	unsigned long completions;
	unsigned int completions_period;
	/* the flusher */
	unsigned int work;		/* pending enum wb_reason bits */
	uint64_t last_old_flush;	/* ns: the last kupdate pass */
	uint64_t wakeup_due;		/* ns: when the armed wakeup fires */
	bool wakeup_armed;
	unsigned int wakeup_gen;	/* a wakeup of an older generation is stale */
	bool running;			/* wb_workfn is between two passes, waiting for the disk */
	struct wb_writeback_work {
		long nr_pages;
		bool for_kupdate, for_background, sync_all;
		enum wb_reason reason;
		uint64_t dirtied_before;	/* ns: only inodes dirtied by then */
		long chunk_left;		/* of the head inode's chunk */
		bool active;
	} cur;				/* the work under way, resumed on completions */
	unsigned long inflight;		/* pages this wb has submitted and not seen complete */
	uint64_t laptop_due;		/* ns: laptop_mode's flush after the last I/O; 0 none */
	bool laptop_armed;		/* its timer is pending */
};

/* The global dirty domain (struct wb_domain global_wb_domain). */
struct wb_domain {
	unsigned long dirty_limit;	/* follows thresh up at once, down slowly */
	unsigned long dirty_limit_tstamp;
	unsigned long completions;	/* fprop_global events */
	unsigned int period;
	unsigned long period_time;	/* jiffies of the next aging; 0 stopped */
};

struct writeback_state {
	struct wb_domain dom;
	GPtrArray *wbs;			/* struct bdi_writeback *, one per disk */
	struct bdi_writeback *root_wb;	/* the root filesystem's disk */
	unsigned int wakeup_gen;	/* wb_arm's timers: a stale one finds an older generation */
	GHashTable *read_done;		/* PFN of a page being read -> when its bio completes (ns) */
};

/*
 * An invalid bio completes inside submit_bio (bio_check_eod): its end_io
 * leaves it to the submitter, who still holds it, to put.
 */
#define bio_done_at_submit(bio)	((bio)->bi_status && (bio)->bi_done == (bio)->bi_issue)

/* jiffies: simulated milliseconds since boot */
#define jiffies_of(m)	((unsigned long)(sim_clock_now(&(m)->clock) / NSEC_PER_MSEC))

/* page-writeback.c */
GTree *dirty_tags_new(void);
bool dirty_tag_test(struct address_space *as, unsigned long index);
bool dirty_tag_next(struct address_space *as, unsigned long from, unsigned long last,
		    unsigned long *index);
void global_dirty_limits(const struct machine *m, unsigned long *bg, unsigned long *dirty);
bool folio_mark_dirty(struct machine *m, struct address_space *as, unsigned long pfn);
void folio_account_cleaned(struct machine *m, struct address_space *as, unsigned long pfn,
			   struct task_struct *t);
bool folio_clear_dirty_for_io(struct machine *m, struct address_space *as, unsigned long pfn);
void folio_start_writeback(struct machine *m, struct address_space *as, unsigned long pfn);
void folio_end_writeback(struct machine *m, struct address_space *as, unsigned long pfn);
/* The pause, in ns, a task that just dirtied pages of @as must take (0: none). */
uint64_t balance_dirty_pages_ratelimited(struct machine *m, struct address_space *as);
void wb_update_bandwidth(struct machine *m, struct bdi_writeback *wb);
struct bdi_writeback *inode_to_wb(struct machine *m, const struct address_space *as);
int writeback_init(struct machine *m);
void writeback_destroy(struct machine *m);
int writeback_check(struct machine *m);

/* fs-writeback.c */
void wb_start_background_writeback(struct machine *m, struct bdi_writeback *wb);
void wb_wakeup_delayed(struct machine *m, struct bdi_writeback *wb);
void wb_start_writeback(struct machine *m, struct bdi_writeback *wb, enum wb_reason reason);
void __mark_inode_dirty(struct machine *m, struct address_space *as);
void inode_io_list_del(struct machine *m, struct address_space *as);
bool writeback_in_progress(const struct bdi_writeback *wb);
/* dirty_writeback_centisecs changed: re-arm (or stop) every wb's periodic flush. */
void wakeup_flusher_interval_changed(struct machine *m);
/* sync(2) and fsync's data part: write every dirty page of @as (all files for NULL). */
int filemap_write_and_wait(struct machine *m, struct address_space *as);
/* Start writeback of the dirty pages of [@start, @end] (bytes) of @as, waiting for nothing. */
void filemap_write_and_wait_range(struct machine *m, struct address_space *as, uint64_t start,
				  uint64_t end);
void invalidate_inode_pages2_range(struct machine *m, struct address_space *as, unsigned long first,
				   unsigned long last);
bool wb_over_bg_thresh(struct machine *m, struct bdi_writeback *wb);
void filemap_fdatawrite_range(struct machine *m, struct address_space *as, uint64_t start,
			      uint64_t end);
void laptop_io_completion(struct machine *m, struct bdi_writeback *wb);

#endif /* MM_WRITEBACK_H */
