// SPDX-License-Identifier: GPL-2.0
/*
 * The flusher (fs/fs-writeback.c, mm/backing-dev.c): one bdi_writeback per
 * disk, its dirty inodes on b_dirty (oldest first), and wb_workfn's works
 * run from the simulated clock's timers.
 *
 * Works, in wb_do_writeback's order: a full flush asked for (sync,
 * laptop_mode's timer, a new dirty_writeback_centisecs), background
 * writeback while the dirty pages exceed the background threshold
 * (wb_over_bg_thresh), and the periodic kupdate pass every
 * dirty_writeback_centisecs of the inodes dirtied more than
 * dirty_expire_centisecs ago. wb_writeback writes chunks of
 * writeback_chunk_size() pages (MIN_WRITEBACK_PAGES multiples) per inode,
 * round robin, from where the inode's last writeback stopped: each page is
 * cleaned for I/O (folio_mkclean write-protects its shared mappings) and
 * put under writeback, runs of pages go out as bios, and each page ends
 * its writeback when its bio completes in simulated time.
 *
 * The kernel's flusher does not fill the disk's queue with a whole
 * background flush: writeback throttling (blk-wbt) lets a background
 * writer keep four requests in flight (wb_background of a queue depth of
 * 16). Here the flusher stops at WBT_BACKGROUND_PAGES in flight and goes
 * on as they complete, so Writeback stays near 5 MiB while Dirty drains at
 * the disk's bandwidth. Sync writeback (fsync, sync) submits everything at
 * once; its waiter sleeps until the last completes.
 *
 * dirtytime_expire_seconds concerns lazytime timestamps, which no
 * simulated file system has: the knob is kept and changes nothing here.
 */
#include <limits.h>

#include "filemap.h"
#include "internal.h"
#include "rmap.h"
#include "task.h"
#include "writeback.h"

/* blk-wbt: four requests of max_sectors_kb in flight for background writeback */
#define WBT_BACKGROUND_PAGES	(4 * (BLK_MAX_SECTORS_KB * 1024 / PAGE_SIZE))

static void wb_workfn(struct machine *m, struct bdi_writeback *wb);

/**
 * writeback_in_progress - is @wb's flusher at work (a work under way or a wakeup armed now)?
 */
bool writeback_in_progress(const struct bdi_writeback *wb)
{
	return wb->cur.active || wb->work;
}

static void wb_timer(struct machine *m, void *data)
{
	struct writeback_state *ws = m->writeback;
	unsigned int gen = GPOINTER_TO_UINT(data);

	for (guint i = 0; i < ws->wbs->len; i++) {
		struct bdi_writeback *wb = g_ptr_array_index(ws->wbs, i);

		if (wb->wakeup_armed && wb->wakeup_gen == gen) {
			wb->wakeup_armed = false;
			wb_workfn(m, wb);
			return;
		}
	}
}

/* Arm @wb's wakeup @delay ns from now unless it comes sooner already (mod_delayed_work's earliest). */
static void wb_arm(struct machine *m, struct bdi_writeback *wb, uint64_t delay)
{
	uint64_t due = sim_clock_now(&m->clock) + delay;

	if (wb->wakeup_armed && wb->wakeup_due <= due)
		return;
	wb->wakeup_armed = true;
	wb->wakeup_due = due;
	/* generations are unique across wbs: one counter per machine */
	wb->wakeup_gen = ++m->writeback->wakeup_gen;
	sim_timer_add(m, delay, wb_timer, GUINT_TO_POINTER(wb->wakeup_gen));
}

/**
 * wb_wakeup_delayed - the periodic flush in dirty_writeback_centisecs (none when it is 0)
 */
void wb_wakeup_delayed(struct machine *m, struct bdi_writeback *wb)
{
	if (m->sysctl.dirty_writeback_centisecs > 0)
		wb_arm(m, wb, (uint64_t)m->sysctl.dirty_writeback_centisecs * 10 * NSEC_PER_MSEC);
}

/**
 * wb_start_writeback - ask @wb to write everything dirty now, for @reason
 */
void wb_start_writeback(struct machine *m, struct bdi_writeback *wb, enum wb_reason reason)
{
	wb->work |= 1U << reason;
	wb_arm(m, wb, 0);
}

/**
 * wb_start_background_writeback - wake @wb's flusher for background writeback
 */
void wb_start_background_writeback(struct machine *m, struct bdi_writeback *wb)
{
	wb->work |= 1U << WB_REASON_BACKGROUND;
	wb_arm(m, wb, 0);
}

/**
 * __mark_inode_dirty - @as got its first dirty page: on its wb's list, the periodic flush armed
 */
void __mark_inode_dirty(struct machine *m, struct address_space *as)
{
	struct bdi_writeback *wb;
	bool was_empty;

	if (as->wb_link)
		return;
	wb = inode_to_wb(m, as);
	was_empty = g_queue_is_empty(&wb->b_dirty);
	as->dirtied_when = sim_clock_now(&m->clock);
	g_queue_push_tail(&wb->b_dirty, as);
	as->wb_link = wb->b_dirty.tail;
	if (was_empty)
		wb_wakeup_delayed(m, wb);
}

/**
 * inode_io_list_del - @as leaves its wb's dirty list (clean, or going)
 */
void inode_io_list_del(struct machine *m, struct address_space *as)
{
	if (!as->wb_link)
		return;
	g_queue_delete_link(&inode_to_wb(m, as)->b_dirty, as->wb_link);
	as->wb_link = NULL;
}

/* ------------------------------------------------------------ the I/O */

static void writeback_end_io(struct machine *m, struct bio *bio)
{
	struct address_space *as = bio->bi_private;
	struct bdi_writeback *wb = inode_to_wb(m, as);
	bool waiting = wb->running;

	for (unsigned int i = 0; i < bio->bi_vcnt; i++) {
		unsigned long pfn = bio->bi_pfn[i];

		folio_end_writeback(m, as, pfn);
		folio_wake_bit(m, pfn, PGE_writeback);
		filemap_end_truncated(m, as, pfn);
	}
	wb->inflight -= bio->bi_vcnt;
	if (!bio_done_at_submit(bio))
		bio_put(bio);
	if (m->sysctl.laptop_mode)
		laptop_io_completion(m, wb);
	if (jiffies_of(m) >= wb->bw_time_stamp + BANDWIDTH_INTERVAL)
		wb_update_bandwidth(m, wb);
	if (waiting && wb->inflight < WBT_BACKGROUND_PAGES) {
		wb->running = false;
		wb_arm(m, wb, 0);	/* the flusher goes on */
	}
}

static void wb_submit(struct machine *m, struct address_space *as, struct bio *bio)
{
	struct bdi_writeback *wb = inode_to_wb(m, as);

	wb->inflight += bio->bi_vcnt;
	submit_bio(m, bio);
	if (bio_done_at_submit(bio))
		bio_put(bio);
	else
		as->last_write_done = MAX(as->last_write_done, bio_end_time(bio));
}

/* The page at @pfn goes out: cleaned for I/O, under writeback, into the bio. */
static struct bio *write_one(struct machine *m, struct address_space *as, unsigned long pfn,
			     unsigned long index, struct bio *bio, unsigned long *prev, unsigned int opf)
{
	if (bio && (index != *prev + 1 || bio->bi_vcnt >= bio->bi_max_vecs)) {
		wb_submit(m, as, bio);
		bio = NULL;
	}
	if (!bio) {
		bio = bio_alloc(inode_to_wb(m, as)->bdev, BIO_MAX_VECS, REQ_OP_WRITE | opf);
		bio->bi_sector = bmap(m, as, index);
		bio->bi_end_io = writeback_end_io;
		bio->bi_private = as;
	}
	folio_mkclean(m, as, pfn);
	folio_clear_dirty_for_io(m, as, pfn);
	folio_start_writeback(m, as, pfn);
	bio_add_page(bio, pfn);
	*prev = index;
	return bio;
}

/*
 * writeback of @as's dirty pages in [@start, @end] (indexes), at most
 * @nr_to_write, from the first dirty page at or after @start: as
 * write_cache_pages does for one pass. Returns the pages written; the
 * index after the last one in *@next.
 */
static long write_cache_pages(struct machine *m, struct address_space *as, unsigned long start,
			      unsigned long end, long nr_to_write, unsigned int opf, unsigned long *next)
{
	struct bio *bio = NULL;
	unsigned long prev = 0, index = start;
	long written = 0;

	*next = start;
	while (written < nr_to_write && dirty_tag_next(as, index, end, &index)) {
		bio = write_one(m, as, filemap_lookup(as, index), index, bio, &prev, opf);
		written++;
		*next = index + 1;
		if (index++ == end)
			break;
	}
	if (bio)
		wb_submit(m, as, bio);
	if (!as->nr_dirty)
		inode_io_list_del(m, as);
	return written;
}

/* do_writepages for range_cyclic: from writeback_index to the end, then from 0. */
static long writeback_inode_cyclic(struct machine *m, struct address_space *as, long nr,
				   unsigned int opf)
{
	unsigned long next;
	long done = write_cache_pages(m, as, as->writeback_index, ULONG_MAX, nr, opf, &next);

	if (done < nr && as->writeback_index) {
		done += write_cache_pages(m, as, 0, as->writeback_index - 1, nr - done, opf, &next);
	}
	as->writeback_index = done < nr ? 0 : next;
	return done;
}

/* ------------------------------------------------------------ the works */

/* writeback_chunk_size(): half a second of the disk, or dirty_limit / DIRTY_SCOPE, in 4 MiB */
static long writeback_chunk_size(struct machine *m, struct bdi_writeback *wb,
				 const struct wb_writeback_work *work)
{
	long pages;

	if (work->sync_all)
		return LONG_MAX;
	pages = (long)MIN(wb->avg_write_bandwidth / 2, m->writeback->dom.dirty_limit / DIRTY_SCOPE);
	pages = MIN(pages, work->nr_pages);
	return (pages + MIN_WRITEBACK_PAGES) / MIN_WRITEBACK_PAGES * MIN_WRITEBACK_PAGES;
}

/* wb_bandwidth_estimate_start: after an idle second the estimate starts afresh from now */
static void wb_bandwidth_estimate_start(struct machine *m, struct bdi_writeback *wb)
{
	if (jiffies_of(m) - wb->bw_time_stamp > HZ && !wb->writeback) {
		wb->dirtied_stamp = wb->dirtied;
		wb->written_stamp = wb->written;
		wb->bw_time_stamp = jiffies_of(m);
	}
}

/*
 * writeback_sb_inodes, one step: the oldest inode dirtied by the work's
 * time gets (the rest of) its chunk, at most what the disk may take now
 * for a background work; once its chunk is done it goes behind the others
 * if still dirty (requeue_io keeps its dirtied_when). Returns the pages
 * written.
 */
static long writeback_chunk(struct machine *m, struct bdi_writeback *wb,
			    struct wb_writeback_work *work)
{
	struct address_space *as = g_queue_peek_head(&wb->b_dirty);
	unsigned int opf = work->sync_all ? REQ_SYNC :
			   (work->for_background || work->for_kupdate) ? REQ_BACKGROUND : 0;
	long budget, done;

	if (!as || as->dirtied_when > work->dirtied_before)
		return 0;	/* the list is oldest first */
	wb_bandwidth_estimate_start(m, wb);
	if (!work->chunk_left)
		work->chunk_left = MIN(writeback_chunk_size(m, wb, work), work->nr_pages);
	budget = work->chunk_left;
	if (!work->sync_all)
		budget = MIN(budget, (long)(WBT_BACKGROUND_PAGES - wb->inflight));
	done = writeback_inode_cyclic(m, as, budget, opf);
	work->nr_pages -= done;
	work->chunk_left = done < budget ? 0 : work->chunk_left - done;
	if (!work->chunk_left && as->wb_link) {
		g_queue_unlink(&wb->b_dirty, as->wb_link);
		g_queue_push_tail_link(&wb->b_dirty, as->wb_link);
	}
	return done;
}

/*
 * wb_writeback: run @work until it is done; false when it must wait for
 * the disk (too much in flight), to go on from a completion.
 */
static bool wb_writeback(struct machine *m, struct bdi_writeback *wb, struct wb_writeback_work *work)
{
	uint64_t now;

	for (;;) {
		if (work->nr_pages <= 0)
			return true;
		if (work->for_background && !wb_over_bg_thresh(m, wb))
			return true;
		if (!work->sync_all && wb->inflight >= WBT_BACKGROUND_PAGES) {
			wb->running = true;
			return false;
		}
		now = sim_clock_now(&m->clock);
		if (work->for_kupdate) {
			uint64_t expire = (uint64_t)m->sysctl.dirty_expire_centisecs * 10 * NSEC_PER_MSEC;

			if (now < expire)
				return true;	/* nothing can be that old yet */
			work->dirtied_before = now - expire;
		} else if (work->for_background)
			work->dirtied_before = now;
		if (!writeback_chunk(m, wb, work))
			return true;
		if (jiffies_of(m) >= wb->bw_time_stamp + BANDWIDTH_INTERVAL)
			wb_update_bandwidth(m, wb);
	}
}

static unsigned long get_nr_dirty_pages(struct machine *m)
{
	return global_node_page_state(m, NR_FILE_DIRTY);
}

/* The next work wb_do_writeback would take up, or false. */
static bool wb_next_work(struct machine *m, struct bdi_writeback *wb, struct wb_writeback_work *w)
{
	uint64_t now = sim_clock_now(&m->clock);
	uint64_t interval = (uint64_t)MAX(m->sysctl.dirty_writeback_centisecs, 0) * 10 * NSEC_PER_MSEC;

	*w = (struct wb_writeback_work){ .active = true, .dirtied_before = now };
	if (wb->work & (1U << WB_REASON_SYNC)) {
		wb->work &= ~(1U << WB_REASON_SYNC);
		w->nr_pages = LONG_MAX;
		w->sync_all = true;
		w->reason = WB_REASON_SYNC;
		return true;
	}
	for (int r = 0; r < WB_REASON_MAX; r++) {
		/* wb_check_start_all: everything dirty now */
		if (r == WB_REASON_BACKGROUND || !(wb->work & (1U << r)))
			continue;
		wb->work &= ~(1U << r);
		w->nr_pages = (long)get_nr_dirty_pages(m);
		w->reason = (enum wb_reason)r;
		return true;
	}
	wb->work &= ~(1U << WB_REASON_BACKGROUND);
	if (wb_over_bg_thresh(m, wb)) {
		w->nr_pages = LONG_MAX;
		w->for_background = true;
		w->reason = WB_REASON_BACKGROUND;
		return true;
	}
	/* wb_check_old_data_flush */
	if (interval && now >= wb->last_old_flush + interval) {
		wb->last_old_flush = now;
		w->nr_pages = (long)get_nr_dirty_pages(m);
		if (w->nr_pages) {
			w->for_kupdate = true;
			w->reason = WB_REASON_PERIODIC;
			return true;
		}
	}
	w->active = false;
	return false;
}

/* wb_workfn: the works in turn; waits for the disk when too much is in flight. */
static void wb_workfn(struct machine *m, struct bdi_writeback *wb)
{
	if (wb->running)
		return;		/* a completion wakes it */
	for (;;) {
		if (!wb->cur.active && !wb_next_work(m, wb, &wb->cur))
			break;
		if (!wb_writeback(m, wb, &wb->cur))
			return;
		wb->cur.active = false;
	}
	if (!g_queue_is_empty(&wb->b_dirty))
		wb_wakeup_delayed(m, wb);
}

/* ------------------------------------------------------------ callers */

/**
 * wakeup_flusher_interval_changed - a new dirty_writeback_centisecs wakes every flusher now
 */
void wakeup_flusher_interval_changed(struct machine *m)
{
	for (guint i = 0; i < m->writeback->wbs->len; i++)
		wb_start_writeback(m, g_ptr_array_index(m->writeback->wbs, i), WB_REASON_PERIODIC);
}

/**
 * filemap_fdatawrite_range - start writeback of @as's dirty pages in bytes [@start, @end]
 */
void filemap_fdatawrite_range(struct machine *m, struct address_space *as, uint64_t start,
			      uint64_t end)
{
	unsigned long next;

	if (start > end || as->shmem)
		return;
	write_cache_pages(m, as, (unsigned long)(start >> PAGE_SHIFT),
			  (unsigned long)(end >> PAGE_SHIFT), LONG_MAX, REQ_SYNC, &next);
}

/* The current task waits for every page of @as in [@first, @last] under writeback. */
static void filemap_fdatawait_range(struct machine *m, struct address_space *as,
				    unsigned long first, unsigned long last)
{
	struct task_struct *t = m->current;
	GHashTableIter it;
	gpointer key, val;

	if (!t || !as->nr_writeback)
		return;
	g_hash_table_iter_init(&it, as->pages);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		unsigned long index = GPOINTER_TO_SIZE(key);

		if (index >= first && index <= last &&
		    folio_wait_bit(m, t, GPOINTER_TO_SIZE(val) - 1, PGE_writeback))
			t->io_wait_until = MAX(t->io_wait_until, as->last_write_done);
	}
}

/**
 * filemap_write_and_wait_range - write @as's dirty pages in bytes [@start, @end]; the task waits
 */
void filemap_write_and_wait_range(struct machine *m, struct address_space *as, uint64_t start,
				  uint64_t end)
{
	blk_start_plug(m);
	filemap_fdatawrite_range(m, as, start, end);
	blk_finish_plug(m);
	filemap_fdatawait_range(m, as, (unsigned long)(start >> PAGE_SHIFT),
				(unsigned long)(end >> PAGE_SHIFT));
}

static void write_and_wait_one(struct machine *m, struct address_space *as, void *arg)
{
	(void)arg;
	if (!as->shmem)
		filemap_write_and_wait_range(m, as, 0, LLONG_MAX);
}

/**
 * filemap_write_and_wait - fsync's data part for @as; for NULL sync(2): every file
 */
int filemap_write_and_wait(struct machine *m, struct address_space *as)
{
	if (as) {
		write_and_wait_one(m, as, NULL);
		return 0;
	}
	filemap_for_each(m, write_and_wait_one, NULL);
	for (guint i = 0; i < m->writeback->wbs->len; i++)
		((struct bdi_writeback *)g_ptr_array_index(m->writeback->wbs, i))->laptop_due = 0;
	return 0;
}

static void laptop_timer(struct machine *m, void *data)
{
	struct bdi_writeback *wb = g_ptr_array_index(m->writeback->wbs, GPOINTER_TO_UINT(data));
	uint64_t now = sim_clock_now(&m->clock);

	wb->laptop_armed = false;
	if (!wb->laptop_due)
		return;		/* sync ran: nothing left to flush */
	if (wb->laptop_due > now) {
		/* more I/O came since: the flush moved on (mod_timer) */
		wb->laptop_armed = true;
		sim_timer_add(m, wb->laptop_due - now, laptop_timer, data);
		return;
	}
	wb->laptop_due = 0;
	wb_start_writeback(m, wb, WB_REASON_LAPTOP_TIMER);
}

/**
 * laptop_io_completion - laptop_mode: the disk spins; flush everything laptop_mode seconds after
 * its last I/O
 */
void laptop_io_completion(struct machine *m, struct bdi_writeback *wb)
{
	uint64_t delay = (uint64_t)MAX(m->sysctl.laptop_mode, 0) * NSEC_PER_SEC;

	wb->laptop_due = sim_clock_now(&m->clock) + delay;
	if (wb->laptop_armed)
		return;
	wb->laptop_armed = true;
	for (guint i = 0; i < m->writeback->wbs->len; i++)
		if (g_ptr_array_index(m->writeback->wbs, i) == wb)
			sim_timer_add(m, delay, laptop_timer, GUINT_TO_POINTER(i));
}
