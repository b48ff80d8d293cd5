// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty page accounting, the dirty limits and balance_dirty_pages
 * (mm/page-writeback.c).
 *
 * A page-cache page is dirtied (PG_dirty: NR_FILE_DIRTY, NR_DIRTIED, the
 * wb's WB_RECLAIMABLE and WB_DIRTIED, the task's write_bytes), cleaned for
 * I/O and put under writeback (PG_writeback: NR_WRITEBACK, WB_WRITEBACK),
 * and ends its writeback when the disk completes (NR_WRITTEN, WB_WRITTEN,
 * the wb's writeout completions). NR_ZONE_WRITE_PENDING counts both states
 * per zone. A page may be dirtied again while under writeback, as the
 * kernel allows.
 *
 * The limits are domain_dirty_limits() of the global domain. Writers call
 * balance_dirty_pages_ratelimited() after dirtying; it returns the pause the
 * kernel's controller would sleep: free running below (thresh + bg) / 2,
 * then a task rate of dirty_ratelimit * pos_ratio, pos_ratio from the
 * global cubic control line and the wb's linear one, the pause between
 * wb_min_pause() and wb_max_pause() (at most MAX_PAUSE), and a full
 * MAX_PAUSE at or above the hard limit. The caller waits that long in D.
 * Left out: memcg domains, strictlimit, real-time tasks' lift, bdi
 * min/max ratios (every disk has 0 and 100).
 */
#include <errno.h>
#include <limits.h>

#include "filemap.h"
#include "internal.h"
#include "writeback.h"

static unsigned long roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1 : 1UL << (64 - __builtin_clzl(n - 1));
}

static unsigned int ilog2(unsigned long n)
{
	return n ? 63U - (unsigned int)__builtin_clzl(n) : 0;
}

/* ------------------------------------------------------------ the limits */

/* global_dirtyable_memory(): free pages above the reserves plus the file LRU, never 0. */
static unsigned long global_dirtyable_memory(const struct machine *m)
{
	unsigned long x = global_zone_page_state(m, NR_FREE_PAGES);

	x -= MIN(x, m->totalreserve_pages);
	x += global_node_page_state(m, NR_INACTIVE_FILE) + global_node_page_state(m, NR_ACTIVE_FILE);
	if (!m->sysctl.highmem_is_dirtyable) {
		unsigned long high = 0;
		int nid;

		/* highmem_dirtyable_memory(): free above the high watermark plus the file LRU */
		for_each_online_node(m, nid)
			for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++) {
				const struct zone *z = &NODE_DATA(m, nid)->node_zones[i];
				unsigned long nr;

				if (!is_highmem(z))
					continue;
				nr = (unsigned long)z->vm_stat[NR_FREE_PAGES];
				nr -= MIN(nr, high_wmark_pages(z));
				high += nr + (unsigned long)z->vm_stat[NR_ZONE_INACTIVE_FILE] +
					(unsigned long)z->vm_stat[NR_ZONE_ACTIVE_FILE];
			}
		x -= MIN(x, high);
	}
	return x + 1;
}

/* consolidated parameters of balance_dirty_pages (struct dirty_throttle_control) */
struct dirty_throttle_control {
	struct bdi_writeback *wb;
	unsigned long avail;		/* dirtyable */
	unsigned long dirty;		/* file dirty + writeback */
	unsigned long thresh, bg_thresh;
	unsigned long wb_dirty, wb_thresh, wb_bg_thresh;
	unsigned long pos_ratio;
};

/* domain_dirty_limits(): thresh and bg_thresh from the ratios (per-PAGE_SIZE) or the bytes. */
static void domain_dirty_limits(const struct machine *m, struct dirty_throttle_control *dtc)
{
	unsigned long ratio = (unsigned long)m->sysctl.dirty_ratio * PAGE_SIZE / 100;
	unsigned long bg_ratio = (unsigned long)m->sysctl.dirty_background_ratio * PAGE_SIZE / 100;
	unsigned long bytes = (unsigned long)m->sysctl.dirty_bytes;
	unsigned long bg_bytes = (unsigned long)m->sysctl.dirty_background_bytes;
	unsigned long thresh, bg_thresh;

	thresh = bytes ? (bytes + PAGE_SIZE - 1) / PAGE_SIZE : ratio * dtc->avail / PAGE_SIZE;
	bg_thresh = bg_bytes ? (bg_bytes + PAGE_SIZE - 1) / PAGE_SIZE : bg_ratio * dtc->avail / PAGE_SIZE;
	thresh = MIN(thresh, (unsigned long)UINT_MAX);
	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	dtc->thresh = thresh;
	dtc->bg_thresh = bg_thresh;
}

/**
 * global_dirty_limits - the background and throttling thresholds of the global domain, in pages
 */
void global_dirty_limits(const struct machine *m, unsigned long *bg, unsigned long *dirty)
{
	struct dirty_throttle_control gdtc = { .avail = global_dirtyable_memory(m) };

	domain_dirty_limits(m, &gdtc);
	*bg = gdtc.bg_thresh;
	*dirty = gdtc.thresh;
}

static unsigned long dirty_freerun_ceiling(unsigned long thresh, unsigned long bg_thresh)
{
	return (thresh + bg_thresh) / 2;
}

static unsigned long hard_dirty_limit(const struct wb_domain *dom, unsigned long thresh)
{
	return MAX(thresh, dom->dirty_limit);
}

/* ------------------------------------------------------------ accounting */

/**
 * inode_to_wb - the writeback context of @as's disk
 */
struct bdi_writeback *inode_to_wb(struct machine *m, const struct address_space *as)
{
	(void)as;	/* every file lives on the root filesystem */
	return m->writeback->root_wb;
}

static void mod_write_pending(struct machine *m, unsigned long pfn, enum node_stat_item item,
			      long delta)
{
	struct zone *zone = page_zone_pfn(m, pfn);

	__mod_node_page_state(zone->zone_pgdat, item, delta);
	__mod_zone_page_state(zone, NR_ZONE_WRITE_PENDING, delta);
}

/*
 * folio_account_dirtied: NR_FILE_DIRTY, NR_DIRTIED, the wb's counters and
 * the dirtying task's write_bytes and nr_dirtied (task_io_account_write).
 */
static void folio_account_dirtied(struct machine *m, struct address_space *as, unsigned long pfn)
{
	struct bdi_writeback *wb = inode_to_wb(m, as);

	mod_write_pending(m, pfn, NR_FILE_DIRTY, 1);
	__mod_node_page_state(page_zone_pfn(m, pfn)->zone_pgdat, NR_DIRTIED, 1);
	wb->reclaimable++;
	wb->dirtied++;
	if (m->current) {
		m->current->ioac.write_bytes += PAGE_SIZE;
		m->current->nr_dirtied++;
	}
}

/*
 * The dirty tag (PAGECACHE_TAG_DIRTY): per file, chunks of 512 indexes,
 * a bitmap each, in a tree by chunk, so that tagging costs no allocation
 * per page and the flusher finds the next dirty page in index order.
 */
#define TAG_CHUNK_SHIFT	9
#define TAG_CHUNK	(1UL << TAG_CHUNK_SHIFT)

struct dirty_chunk {
	uint64_t bits[TAG_CHUNK / 64];
	unsigned int count;
};

static gint chunk_cmp(gconstpointer a, gconstpointer b, gpointer unused)
{
	gsize x = GPOINTER_TO_SIZE(a), y = GPOINTER_TO_SIZE(b);

	(void)unused;
	return x < y ? -1 : x > y;
}

/**
 * dirty_tags_new - an empty dirty tag tree for a file
 */
GTree *dirty_tags_new(void)
{
	return g_tree_new_full(chunk_cmp, NULL, NULL, g_free);
}

static void dirty_tag_set(struct address_space *as, unsigned long index)
{
	gpointer key = GSIZE_TO_POINTER(index >> TAG_CHUNK_SHIFT);
	struct dirty_chunk *c = g_tree_lookup(as->dirty, key);
	unsigned long bit = index & (TAG_CHUNK - 1);

	if (!c) {
		c = g_new0(struct dirty_chunk, 1);
		g_tree_insert(as->dirty, key, c);
	}
	c->bits[bit / 64] |= 1ULL << (bit % 64);
	c->count++;
	as->nr_dirty++;
}

static void dirty_tag_clear(struct address_space *as, unsigned long index)
{
	gpointer key = GSIZE_TO_POINTER(index >> TAG_CHUNK_SHIFT);
	struct dirty_chunk *c = g_tree_lookup(as->dirty, key);
	unsigned long bit = index & (TAG_CHUNK - 1);

	c->bits[bit / 64] &= ~(1ULL << (bit % 64));
	as->nr_dirty--;
	if (!--c->count)
		g_tree_remove(as->dirty, key);
}

/**
 * dirty_tag_test - is page @index of @as tagged dirty?
 */
bool dirty_tag_test(struct address_space *as, unsigned long index)
{
	struct dirty_chunk *c = g_tree_lookup(as->dirty, GSIZE_TO_POINTER(index >> TAG_CHUNK_SHIFT));
	unsigned long bit = index & (TAG_CHUNK - 1);

	return c && (c->bits[bit / 64] & (1ULL << (bit % 64)));
}

/**
 * dirty_tag_next - the first dirty index of @as in [@from, @last], in *@index; false when none
 */
bool dirty_tag_next(struct address_space *as, unsigned long from, unsigned long last,
		    unsigned long *index)
{
	GTreeNode *n = g_tree_lower_bound(as->dirty, GSIZE_TO_POINTER(from >> TAG_CHUNK_SHIFT));

	for (; n; n = g_tree_node_next(n)) {
		unsigned long base = GPOINTER_TO_SIZE(g_tree_node_key(n)) << TAG_CHUNK_SHIFT;
		const struct dirty_chunk *c = g_tree_node_value(n);
		unsigned long first = base < from ? from - base : 0;

		if (base > last)
			return false;
		for (unsigned long w = first / 64; w < TAG_CHUNK / 64; w++) {
			uint64_t bits = c->bits[w];

			if (w == first / 64)
				bits &= ~0ULL << (first % 64);
			if (bits) {
				*index = base + w * 64 + (unsigned long)__builtin_ctzll(bits);
				return *index <= last;
			}
		}
	}
	return false;
}

/**
 * folio_mark_dirty - dirty page @pfn of @as; false when it was dirty already
 *
 * Shmem pages are always dirty and never written back: they only get the
 * flag. A file's first dirty page puts it on its wb's dirty list.
 */
bool folio_mark_dirty(struct machine *m, struct address_space *as, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);

	if (ext->flags & PGE_dirty)
		return false;
	ext->flags |= PGE_dirty;
	if (as->shmem)
		return true;
	dirty_tag_set(as, (unsigned long)ext->index);
	folio_account_dirtied(m, as, pfn);
	__mark_inode_dirty(m, as);
	return true;
}

static void folio_clear_dirty(struct machine *m, struct address_space *as, unsigned long pfn)
{
	struct page_ext *ext = page_ext_get(m, pfn);

	ext->flags &= (uint16_t)~PGE_dirty;
	dirty_tag_clear(as, (unsigned long)ext->index);
	mod_write_pending(m, pfn, NR_FILE_DIRTY, -1);
	inode_to_wb(m, as)->reclaimable--;
	if (!as->nr_dirty)
		inode_io_list_del(m, as);	/* clean: off the dirty list */
}

/**
 * folio_account_cleaned - a dirty page goes without being written (truncate,
 * invalidation): the counters drop and @t, the task doing it, is charged
 * cancelled_write_bytes, as cancel_dirty_page does.
 */
void folio_account_cleaned(struct machine *m, struct address_space *as, unsigned long pfn,
			   struct task_struct *t)
{
	if (!(page_ext_get(m, pfn)->flags & PGE_dirty) || as->shmem)
		return;
	folio_clear_dirty(m, as, pfn);
	if (t)
		t->ioac.cancelled_write_bytes += PAGE_SIZE;
}

/**
 * folio_clear_dirty_for_io - take the dirty bit for writing: true when the page was dirty
 */
bool folio_clear_dirty_for_io(struct machine *m, struct address_space *as, unsigned long pfn)
{
	if (!(page_ext_get(m, pfn)->flags & PGE_dirty))
		return false;
	folio_clear_dirty(m, as, pfn);
	return true;
}

/**
 * folio_start_writeback - @pfn's write to the disk begins (PG_writeback)
 */
void folio_start_writeback(struct machine *m, struct address_space *as, unsigned long pfn)
{
	page_ext_get(m, pfn)->flags |= PGE_writeback;
	mod_write_pending(m, pfn, NR_WRITEBACK, 1);
	as->nr_writeback++;
	inode_to_wb(m, as)->writeback++;
}

/* wb_domain_writeout_add + writeout_period: completions aged by half every period. */
static void wb_domain_age(struct machine *m, struct wb_domain *dom)
{
	unsigned long now = jiffies_of(m);

	if (!dom->period_time) {
		dom->period_time = now + VM_COMPLETIONS_PERIOD_LEN;
		return;
	}
	if (now < dom->period_time)
		return;
	{
		unsigned long miss = (now - dom->period_time) / VM_COMPLETIONS_PERIOD_LEN + 1;

		dom->completions = miss < 64 ? dom->completions >> miss : 0;
		dom->period += (unsigned int)miss;
		dom->period_time += miss * VM_COMPLETIONS_PERIOD_LEN;
	}
}

/* fprop_reflect_period: a wb's events decay with the periods it missed */
static void wb_completions_reflect(struct wb_domain *dom, struct bdi_writeback *wb)
{
	unsigned int d = dom->period - wb->completions_period;

	if (d)
		wb->completions = d < 64 ? wb->completions >> d : 0;
	wb->completions_period = dom->period;
}

/**
 * folio_end_writeback - the disk completed @pfn's write: NR_WRITTEN, the wb's completions
 */
void folio_end_writeback(struct machine *m, struct address_space *as, unsigned long pfn)
{
	struct bdi_writeback *wb = inode_to_wb(m, as);
	struct wb_domain *dom = &m->writeback->dom;

	page_ext_get(m, pfn)->flags &= (uint16_t)~PGE_writeback;
	mod_write_pending(m, pfn, NR_WRITEBACK, -1);
	__mod_node_page_state(page_zone_pfn(m, pfn)->zone_pgdat, NR_WRITTEN, 1);
	as->nr_writeback--;
	wb->writeback--;
	wb->written++;
	wb_domain_age(m, dom);
	wb_completions_reflect(dom, wb);
	wb->completions++;
	dom->completions++;
}

/* ------------------------------------------------------------- bandwidth */

/* wb_update_write_bandwidth(): written pages per second, smoothed over ~3 s, then once more. */
static void wb_update_write_bandwidth(struct bdi_writeback *wb, unsigned long elapsed,
				      unsigned long written)
{
	const unsigned long period = roundup_pow_of_two(3 * HZ);
	unsigned long avg = wb->avg_write_bandwidth, old = wb->write_bandwidth;
	uint64_t bw = (written - MIN(written, wb->written_stamp)) * (uint64_t)HZ;

	if (elapsed > period) {
		bw /= elapsed;
		avg = (unsigned long)bw;
		goto out;
	}
	bw += (uint64_t)wb->write_bandwidth * (period - elapsed);
	bw >>= ilog2(period);
	if (avg > old && old >= (unsigned long)bw)
		avg -= (avg - old) >> 3;
	if (avg < old && old <= (unsigned long)bw)
		avg += (old - avg) >> 3;
out:
	wb->write_bandwidth = (unsigned long)bw;
	wb->avg_write_bandwidth = MAX(avg, 1UL);
}

/* update_dirty_limit(): the domain's limit follows thresh up at once, down by 1/32 a step. */
static void domain_update_dirty_limit(struct machine *m, struct dirty_throttle_control *dtc,
				      unsigned long now)
{
	struct wb_domain *dom = &m->writeback->dom;
	unsigned long thresh = dtc->thresh, limit = dom->dirty_limit;

	if (now < dom->dirty_limit_tstamp + BANDWIDTH_INTERVAL)
		return;
	dom->dirty_limit_tstamp = now;
	if (limit < thresh) {
		dom->dirty_limit = thresh;
		return;
	}
	thresh = MAX(thresh, dtc->dirty);
	if (limit > thresh)
		dom->dirty_limit = limit - ((limit - thresh) >> 5);
}

/*
 * wb_update_dirty_ratelimit(): move dirty_ratelimit toward the balanced
 * rate write_bw * task_ratelimit / dirty_rate, only while the position
 * error points the same way, in damped steps.
 */
static void wb_update_dirty_ratelimit(struct machine *m, struct dirty_throttle_control *dtc,
				      unsigned long dirtied, unsigned long elapsed)
{
	struct bdi_writeback *wb = dtc->wb;
	unsigned long freerun = dirty_freerun_ceiling(dtc->thresh, dtc->bg_thresh);
	unsigned long limit = hard_dirty_limit(&m->writeback->dom, dtc->thresh);
	unsigned long setpoint = (freerun + limit) / 2;
	unsigned long write_bw = wb->avg_write_bandwidth;
	unsigned long dirty_ratelimit = wb->dirty_ratelimit;
	unsigned long dirty_rate = (dirtied - wb->dirtied_stamp) * HZ / elapsed;
	unsigned long task_ratelimit, balanced, step = 0, x, shift;

	task_ratelimit = (unsigned long)((uint64_t)dirty_ratelimit * dtc->pos_ratio >>
					 RATELIMIT_CALC_SHIFT) + 1;
	balanced = (unsigned long)((uint64_t)task_ratelimit * write_bw / (dirty_rate | 1));
	balanced = MIN(balanced, write_bw);
	if (dtc->dirty < setpoint) {
		x = MIN(MIN(wb->balanced_dirty_ratelimit, balanced), task_ratelimit);
		if (dirty_ratelimit < x)
			step = x - dirty_ratelimit;
	} else {
		x = MAX(MAX(wb->balanced_dirty_ratelimit, balanced), task_ratelimit);
		if (dirty_ratelimit > x)
			step = dirty_ratelimit - x;
	}
	shift = dirty_ratelimit / (2 * step + 1);
	step = shift < 64 ? ((step >> shift) + 7) / 8 : 0;
	if (dirty_ratelimit < balanced)
		dirty_ratelimit += step;
	else
		dirty_ratelimit -= step;
	wb->dirty_ratelimit = MAX(dirty_ratelimit, 1UL);
	wb->balanced_dirty_ratelimit = balanced;
}

static void __wb_update_bandwidth(struct machine *m, struct dirty_throttle_control *gdtc,
				  bool update_ratelimit)
{
	struct bdi_writeback *wb = gdtc->wb;
	unsigned long now = jiffies_of(m);
	unsigned long elapsed = MAX(now - wb->bw_time_stamp, 1UL);

	if (update_ratelimit) {
		domain_update_dirty_limit(m, gdtc, now);
		wb_update_dirty_ratelimit(m, gdtc, wb->dirtied, elapsed);
	}
	wb_update_write_bandwidth(wb, elapsed, wb->written);
	wb->dirtied_stamp = wb->dirtied;
	wb->written_stamp = wb->written;
	wb->bw_time_stamp = now;
}

/**
 * wb_update_bandwidth - refresh @wb's write bandwidth (the flusher calls it as I/O completes)
 */
void wb_update_bandwidth(struct machine *m, struct bdi_writeback *wb)
{
	struct dirty_throttle_control gdtc = { .wb = wb };

	__wb_update_bandwidth(m, &gdtc, false);
}

/* ---------------------------------------------------- the position ratio */

/* 1 + ((setpoint - dirty) / (limit - setpoint))^3, in 1/1024, clamped to [0, 2]. */
static long long pos_ratio_polynom(unsigned long setpoint, unsigned long dirty, unsigned long limit)
{
	long x = (long)((((long long)setpoint - (long long)dirty) * (1LL << RATELIMIT_CALC_SHIFT)) /
			(long long)((limit - setpoint) | 1));
	long long pos_ratio = x;

	pos_ratio = pos_ratio * x >> RATELIMIT_CALC_SHIFT;
	pos_ratio = pos_ratio * x >> RATELIMIT_CALC_SHIFT;
	pos_ratio += 1 << RATELIMIT_CALC_SHIFT;
	return CLAMP(pos_ratio, 0LL, 2LL << RATELIMIT_CALC_SHIFT);
}

/* __wb_calc_thresh(): the wb's share of thresh by its part of the recent writeout completions. */
static unsigned long __wb_calc_thresh(struct machine *m, struct dirty_throttle_control *dtc)
{
	struct wb_domain *dom = &m->writeback->dom;
	unsigned long num, den;

	wb_domain_age(m, dom);
	wb_completions_reflect(dom, dtc->wb);
	num = dtc->wb->completions;
	den = dom->completions;
	if (den <= num)
		den = num ? num : 1;
	return (unsigned long)((uint64_t)dtc->thresh * num / den);
}

static void wb_dirty_limits(struct machine *m, struct dirty_throttle_control *dtc)
{
	dtc->wb_thresh = __wb_calc_thresh(m, dtc);
	dtc->wb_bg_thresh = dtc->thresh ?
		(unsigned long)((uint64_t)dtc->wb_thresh * dtc->bg_thresh / dtc->thresh) : 0;
	dtc->wb_dirty = (unsigned long)(dtc->wb->reclaimable + dtc->wb->writeback);
}

/* wb_position_ratio(): the global cubic line scaled by the wb's linear one and its reserve area. */
static void wb_position_ratio(struct machine *m, struct dirty_throttle_control *dtc)
{
	unsigned long write_bw = dtc->wb->avg_write_bandwidth;
	unsigned long freerun = dirty_freerun_ceiling(dtc->thresh, dtc->bg_thresh);
	unsigned long limit = hard_dirty_limit(&m->writeback->dom, dtc->thresh);
	unsigned long wb_thresh = dtc->wb_thresh, setpoint, wb_setpoint, span, x_intercept;
	long long pos_ratio;
	uint64_t x;

	dtc->pos_ratio = 0;
	if (dtc->dirty >= limit)
		return;
	setpoint = (freerun + limit) / 2;
	pos_ratio = pos_ratio_polynom(setpoint, dtc->dirty, limit);
	wb_thresh = MIN(wb_thresh, dtc->thresh);
	/* an idle wb's share is near 0: give it room to ramp up */
	wb_thresh = MAX(wb_thresh, (limit - dtc->dirty) / 8);
	x = ((uint64_t)wb_thresh << 16) / (dtc->thresh | 1);
	wb_setpoint = (unsigned long)(setpoint * x >> 16);
	span = (unsigned long)((dtc->thresh - wb_thresh + 8 * write_bw) * x >> 16);
	x_intercept = wb_setpoint + span;
	if (dtc->wb_dirty < x_intercept - span / 4)
		pos_ratio = (long long)((uint64_t)pos_ratio * (x_intercept - dtc->wb_dirty) /
					((x_intercept - wb_setpoint) | 1));
	else
		pos_ratio /= 4;
	x_intercept = wb_thresh / 2;
	if (dtc->wb_dirty < x_intercept) {
		if (dtc->wb_dirty > x_intercept / 8)
			pos_ratio = (long long)((uint64_t)pos_ratio * x_intercept / dtc->wb_dirty);
		else
			pos_ratio *= 8;
	}
	dtc->pos_ratio = (unsigned long)pos_ratio;
}

/**
 * wb_over_bg_thresh - does background writeback go on? The dirty pages (not
 * those under writeback) above the background threshold, or @wb's above its
 * share of it.
 */
bool wb_over_bg_thresh(struct machine *m, struct bdi_writeback *wb)
{
	struct dirty_throttle_control gdtc = { .wb = wb };

	gdtc.avail = global_dirtyable_memory(m);
	gdtc.dirty = global_node_page_state(m, NR_FILE_DIRTY);
	domain_dirty_limits(m, &gdtc);
	if (gdtc.dirty > gdtc.bg_thresh)
		return true;
	gdtc.thresh = gdtc.bg_thresh;
	return (unsigned long)wb->reclaimable > __wb_calc_thresh(m, &gdtc);
}

/* -------------------------------------------------------------- pausing */

static unsigned long dirty_poll_interval(unsigned long dirty, unsigned long thresh)
{
	return thresh > dirty ? 1UL << (ilog2(thresh - dirty) >> 1) : 1;
}

/* wb_max_pause(): short enough that the dirty pool cannot run dry; at most MAX_PAUSE. */
static long wb_max_pause(const struct bdi_writeback *wb, unsigned long wb_dirty)
{
	unsigned long t = wb_dirty / (1 + wb->avg_write_bandwidth / roundup_pow_of_two(1 + HZ / 8));

	return (long)MIN(t + 1, (unsigned long)MAX_PAUSE);
}

/* wb_min_pause(): the pause worth sleeping, and how many pages until the next check. */
static long wb_min_pause(const struct bdi_writeback *wb, long max_pause,
			 unsigned long task_ratelimit, unsigned long dirty_ratelimit,
			 int *nr_dirtied_pause)
{
	long hi = ilog2(wb->avg_write_bandwidth), lo = ilog2(wb->dirty_ratelimit);
	long t = MAX(1, HZ / 100), pause;
	long pages;

	if (hi > lo)
		t += (hi - lo) * (10 * HZ) / 1024;
	t = MIN(t, 1 + max_pause / 2);
	pages = (long)(dirty_ratelimit * (unsigned long)t / roundup_pow_of_two(HZ));
	if (pages < DIRTY_POLL_THRESH) {
		t = max_pause;
		pages = (long)(dirty_ratelimit * (unsigned long)t / roundup_pow_of_two(HZ));
		if (pages > DIRTY_POLL_THRESH) {
			pages = DIRTY_POLL_THRESH;
			t = (long)(HZ * DIRTY_POLL_THRESH / dirty_ratelimit);
		}
	}
	pause = (long)(HZ * pages / (long)(task_ratelimit + 1));
	if (pause > max_pause) {
		t = max_pause;
		pages = (long)(task_ratelimit * (unsigned long)t / roundup_pow_of_two(HZ));
	}
	*nr_dirtied_pause = (int)pages;
	return pages >= DIRTY_POLL_THRESH ? 1 + t / 2 : t;
}

/*
 * balance_dirty_pages(): one pass of the kernel's loop. Returns the pause
 * in jiffies the task sleeps (0 when it runs free); the wait is the
 * caller's, and a writer still above the hard limit after it comes back
 * here on its next page.
 */
static long balance_dirty_pages(struct machine *m, struct bdi_writeback *wb,
				struct task_struct *t, unsigned long pages_dirtied)
{
	struct dirty_throttle_control gdtc = { .wb = wb };
	/* the task's own time: a call made while it still owes a pause runs after it */
	unsigned long now = MAX(jiffies_of(m), (unsigned long)(t->throttle_until / NSEC_PER_MSEC));
	unsigned long nr_reclaimable, task_ratelimit, dirty_ratelimit;
	long period, pause, max_pause, min_pause;
	int nr_dirtied_pause;

	nr_reclaimable = global_node_page_state(m, NR_FILE_DIRTY);
	gdtc.avail = global_dirtyable_memory(m);
	gdtc.dirty = nr_reclaimable + global_node_page_state(m, NR_WRITEBACK);
	domain_dirty_limits(m, &gdtc);
	if (!m->sysctl.laptop_mode && nr_reclaimable > gdtc.bg_thresh && !writeback_in_progress(wb))
		wb_start_background_writeback(m, wb);
	if (gdtc.dirty <= dirty_freerun_ceiling(gdtc.thresh, gdtc.bg_thresh)) {
		t->dirty_paused_when = now;
		t->nr_dirtied = 0;
		t->nr_dirtied_pause = (int)dirty_poll_interval(gdtc.dirty, gdtc.thresh);
		return 0;
	}
	if (!writeback_in_progress(wb))
		wb_start_background_writeback(m, wb);	/* even in laptop mode */
	wb_dirty_limits(m, &gdtc);
	wb->dirty_exceeded = gdtc.wb_dirty > gdtc.wb_thresh && gdtc.dirty > gdtc.thresh;
	wb_position_ratio(m, &gdtc);
	if (now >= wb->bw_time_stamp + BANDWIDTH_INTERVAL)
		__wb_update_bandwidth(m, &gdtc, true);
	dirty_ratelimit = wb->dirty_ratelimit;
	task_ratelimit = (unsigned long)((uint64_t)dirty_ratelimit * gdtc.pos_ratio >>
					 RATELIMIT_CALC_SHIFT);
	max_pause = wb_max_pause(wb, gdtc.wb_dirty);
	min_pause = wb_min_pause(wb, max_pause, task_ratelimit, dirty_ratelimit, &nr_dirtied_pause);
	if (!task_ratelimit) {
		pause = max_pause;	/* at the hard limit: wait for writeback */
	} else {
		period = (long)(HZ * pages_dirtied / task_ratelimit);
		pause = period;
		if (t->dirty_paused_when)
			pause -= (long)(now - t->dirty_paused_when);
		if (pause < min_pause) {
			/* too short to sleep: credit it to the next period */
			if (pause < -HZ) {
				t->dirty_paused_when = now;
				t->nr_dirtied = 0;
			} else if (period) {
				t->dirty_paused_when += (unsigned long)period;
				t->nr_dirtied = 0;
			} else if (t->nr_dirtied_pause <= (int)pages_dirtied) {
				t->nr_dirtied_pause += (int)pages_dirtied;
			}
			return 0;
		}
		if (pause > max_pause) {
			now += (unsigned long)MIN(pause - max_pause, max_pause);
			pause = max_pause;
		}
	}
	t->dirty_paused_when = now + (unsigned long)pause;
	t->nr_dirtied = 0;
	t->nr_dirtied_pause = nr_dirtied_pause;
	return pause;
}

/**
 * balance_dirty_pages_ratelimited - after a task dirtied pages of @as: the pause it must take, ns
 *
 * Checks only every nr_dirtied_pause pages (8 while the wb is over its
 * limit), as the kernel does; the caller makes the task wait (state D).
 */
uint64_t balance_dirty_pages_ratelimited(struct machine *m, struct address_space *as)
{
	struct task_struct *t = m->current;
	struct bdi_writeback *wb;
	int ratelimit;

	if (!t || as->shmem)
		return 0;
	wb = inode_to_wb(m, as);
	ratelimit = t->nr_dirtied_pause;
	if (wb->dirty_exceeded)
		ratelimit = MIN(ratelimit, 32 >> (PAGE_SHIFT - 10));
	if (t->nr_dirtied < ratelimit)
		return 0;
	return (uint64_t)balance_dirty_pages(m, wb, t, (unsigned long)t->nr_dirtied) * NSEC_PER_MSEC;
}

/* ------------------------------------------------------------ lifecycle */

static struct bdi_writeback *wb_new(struct block_device *bdev)
{
	struct bdi_writeback *wb = g_new0(struct bdi_writeback, 1);

	wb->bdev = bdev;
	g_queue_init(&wb->b_dirty);
	wb->write_bandwidth = wb->avg_write_bandwidth = INIT_BW;
	wb->dirty_ratelimit = wb->balanced_dirty_ratelimit = INIT_BW;
	return wb;
}

/**
 * writeback_init - the global domain and the root filesystem's writeback context
 */
int writeback_init(struct machine *m)
{
	struct writeback_state *ws = g_new0(struct writeback_state, 1);
	int nr = 0;
	struct block_device *bdevs = bdev_list(m, &nr);

	ws->wbs = g_ptr_array_new_with_free_func(g_free);
	ws->read_done = g_hash_table_new(NULL, NULL);
	for (int i = 0; i < nr; i++) {
		struct bdi_writeback *wb = wb_new(&bdevs[i]);

		g_ptr_array_add(ws->wbs, wb);
		if (&bdevs[i] == m->root_bdev)
			ws->root_wb = wb;
	}
	m->writeback = ws;
	return ws->root_wb ? 0 : -ENODEV;
}

void writeback_destroy(struct machine *m)
{
	if (!m->writeback)
		return;
	for (guint i = 0; i < m->writeback->wbs->len; i++)
		g_queue_clear(&((struct bdi_writeback *)g_ptr_array_index(m->writeback->wbs, i))->b_dirty);
	g_ptr_array_free(m->writeback->wbs, TRUE);
	g_hash_table_unref(m->writeback->read_done);
	g_free(m->writeback);
	m->writeback = NULL;
}

/**
 * writeback_check - each wb's counters equal what its files hold; no clean file on a dirty list
 */
int writeback_check(struct machine *m)
{
	int bad = 0;

	for (guint i = 0; i < m->writeback->wbs->len; i++) {
		struct bdi_writeback *wb = g_ptr_array_index(m->writeback->wbs, i);
		long dirty = 0;

		for (GList *l = wb->b_dirty.head; l; l = l->next) {
			struct address_space *as = l->data;

			if (!as->nr_dirty) {
				pr_err(m, "BUG: writeback: %s is on the dirty list and clean", as->path);
				bad++;
			}
			dirty += (long)as->nr_dirty;
		}
		if (dirty != wb->reclaimable || wb->writeback < 0) {
			pr_err(m, "BUG: writeback: wb %u lists %ld dirty pages, counts %ld (%ld writeback)",
			       i, dirty, wb->reclaimable, wb->writeback);
			bad++;
		}
	}
	return bad;
}
