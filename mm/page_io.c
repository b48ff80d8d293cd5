// SPDX-License-Identifier: GPL-2.0
/*
 * Page-cache I/O that is not writeback (the readahead and direct-I/O ends
 * of fs/mpage.c and fs/iomap/direct-io.c), and a task's waits for it.
 *
 * read_pages() reads a run of new, locked pages with bios of at most
 * BIO_MAX_VECS pages under one plug, so they merge into requests of
 * max_sectors_kb; each page is unlocked (and its waiters woken) when its
 * bio completes. A reader waits on a locked page in D until then. A
 * direct write writes back and drops the cached pages of its range
 * first, then sends bios without pages, and the task waits for them.
 * balance_dirty_pages' pauses are waits of their own, ended by a timer.
 */
#include <errno.h>

#include "filemap.h"
#include "internal.h"
#include "task.h"
#include "writeback.h"

static void read_end_io(struct machine *m, struct bio *bio)
{
	struct address_space *as = bio->bi_private;
	struct bdi_writeback *wb = inode_to_wb(m, as);	/* @as may go with its last page */

	for (unsigned int i = 0; i < bio->bi_vcnt; i++) {
		unsigned long pfn = bio->bi_pfn[i];

		g_hash_table_remove(m->writeback->read_done, GSIZE_TO_POINTER(pfn));
		folio_unlock(m, pfn);
		filemap_end_truncated(m, as, pfn);
	}
	if (m->sysctl.laptop_mode)
		laptop_io_completion(m, wb);	/* any I/O spins the disk */
	if (!bio_done_at_submit(bio))
		bio_put(bio);
}

/**
 * read_pages - read the @nr new pages of @as from @index; each is locked until its bio completes
 */
void read_pages(struct machine *m, struct address_space *as, unsigned long index, unsigned long nr)
{
	struct block_device *bdev = inode_to_wb(m, as)->bdev;

	blk_start_plug(m);
	while (nr) {
		unsigned int n = (unsigned int)MIN(nr, (unsigned long)BIO_MAX_VECS);
		struct bio *bio = bio_alloc(bdev, n, REQ_OP_READ);

		bio->bi_sector = bmap(m, as, index);
		bio->bi_end_io = read_end_io;
		bio->bi_private = as;
		for (unsigned int i = 0; i < n; i++) {
			unsigned long pfn = filemap_lookup(as, index + i);

			page_ext_get(m, pfn)->flags |= PGE_locked;
			bio_add_page(bio, pfn);
		}
		submit_bio(m, bio);
		if (bio_done_at_submit(bio))
			bio_put(bio);
		else
			for (unsigned int i = 0; i < n; i++)
				g_hash_table_insert(m->writeback->read_done, GSIZE_TO_POINTER(bio->bi_pfn[i]),
						    GSIZE_TO_POINTER(bio_end_time(bio)));
		index += n;
		nr -= n;
	}
	blk_finish_plug(m);
}

/**
 * filemap_wait_folio - the current task waits in D while page @pfn is being read
 */
void filemap_wait_folio(struct machine *m, unsigned long pfn)
{
	struct task_struct *t = m->current;
	uint64_t done;

	if (!t || !folio_wait_bit(m, t, pfn, PGE_locked))
		return;
	done = GPOINTER_TO_SIZE(g_hash_table_lookup(m->writeback->read_done, GSIZE_TO_POINTER(pfn)));
	t->io_wait_until = MAX(t->io_wait_until, done);
}

static void dio_end_io(struct machine *m, struct bio *bio)
{
	if (!bio_done_at_submit(bio))
		bio_put(bio);
}

/**
 * direct_write - O_DIRECT write of [@pos, @pos + @len) of @as, aligned; the task waits for it
 *
 * The range's dirty pages are written and waited for, its cached pages
 * dropped (unmapped first), then the data goes to the disk in bios of
 * BIO_MAX_VECS pages; write_bytes counts at submission.
 */
int direct_write(struct machine *m, struct address_space *as, uint64_t pos, uint64_t len,
		 uint64_t *done)
{
	struct block_device *bdev = inode_to_wb(m, as)->bdev;
	struct task_struct *t = m->current;
	uint64_t at = pos, end;

	*done = 0;
	if (pos >= MAX_LFS_FILESIZE)
		return len ? -EFBIG : 0;
	len = MIN(len, MAX_LFS_FILESIZE - pos);
	if (!len)
		return 0;
	end = pos + len;
	filemap_write_and_wait_range(m, as, pos, end - 1);
	invalidate_inode_pages2_range(m, as, (unsigned long)(pos >> PAGE_SHIFT),
				      (unsigned long)((end - 1) >> PAGE_SHIFT));
	blk_start_plug(m);
	while (at < end) {
		uint64_t n = MIN(end - at, (uint64_t)BIO_MAX_VECS * PAGE_SIZE - (at & (PAGE_SIZE - 1)));
		struct bio *bio = bio_alloc(bdev, 0, REQ_OP_WRITE | REQ_SYNC);

		bio->bi_sector = bmap(m, as, (unsigned long)(at >> PAGE_SHIFT)) +
				 ((at & (PAGE_SIZE - 1)) >> SECTOR_SHIFT);
		bio->bi_size = (uint32_t)n;
		bio->bi_end_io = dio_end_io;
		if (t) {
			uint64_t end_ns;

			t->ioac.write_bytes += n;	/* task_io_account_write at submission */
			end_ns = submit_bio_wait(m, bio, t);
			t->io_wait_until = MAX(t->io_wait_until, end_ns);
		} else {
			submit_bio(m, bio);
		}
		if (bio_done_at_submit(bio))
			bio_put(bio);
		at += n;
	}
	blk_finish_plug(m);
	if (end > as->size)
		as->size = end;
	*done = len;
	return 0;
}

/* ---------------------------------------------------------- throttling */

/* A pause ends when the clock reaches its end: a later pause moved the end, or the task went. */
static void pause_end_timer(struct machine *m, void *data)
{
	struct task_struct *t = find_task_by_pid(m, GPOINTER_TO_INT(data));

	if (t && t->throttle_until && t->throttle_until == sim_clock_now(&m->clock)) {
		t->throttle_until = 0;
		io_schedule_end(m, t);
	}
}

/**
 * task_io_wait - @t sleeps @ns more in D (balance_dirty_pages' io_schedule_timeout)
 */
void task_io_wait(struct machine *m, struct task_struct *t, uint64_t ns)
{
	uint64_t now = sim_clock_now(&m->clock);

	if (!t || !ns)
		return;
	if (t->throttle_until <= now) {
		t->throttle_until = now;
		io_schedule_begin(m, t, "balance_dirty_pages");
	}
	t->throttle_until += ns;
	sim_timer_add(m, t->throttle_until - now, pause_end_timer, GINT_TO_POINTER(t->pid));
}

/**
 * task_io_wait_end - when @t's waits end: its pause and the last I/O it waits for
 */
uint64_t task_io_wait_end(struct machine *m, const struct task_struct *t)
{
	(void)m;
	return MAX(t->throttle_until, t->io_wait_until);
}
