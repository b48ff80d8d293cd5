// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection (lib/fault-inject.c, mm/failslab.c, mm/fail_page_alloc.c):
 * should_fail_ex() with the kernel's checks in the kernel's order, the
 * probability drawn from the machine's seeded generator (so a run repeats
 * exactly), the FAULT_INJECTION report and its call trace, and the two
 * hooks the allocators call before they touch anything, so an injected
 * failure takes the caller's real error path.
 *
 * Left out: the stack-trace filter (CONFIG_FAULT_INJECTION_STACKTRACE_FILTER:
 * there is no kernel image to take addresses from) and the boot options.
 */
#include "fault_inject.h"
#include "internal.h"
#include "slab.h"

#define DEFAULT_RATELIMIT_BURST	10

/**
 * fault_attr_init - FAULT_ATTR_INITIALIZER
 * @attr: the attribute
 * @name: its debugfs directory, which the report names
 *
 * Disabled (probability 0), one failure allowed, each eligible call, verbose
 * 2, and a ratelimit that limits nothing (RATELIMIT_STATE_INIT_DISABLED).
 */
void fault_attr_init(struct fault_attr *attr, const char *name)
{
	*attr = (struct fault_attr){
		.interval = 1,
		.times = 1,
		.verbose = 2,
		.ratelimit_interval = 0,
		.ratelimit_burst = DEFAULT_RATELIMIT_BURST,
		.dname = name,
	};
}

/**
 * fault_inject_init - the two attributes as the kernel boots them
 * @m: the machine
 *
 * Both ignore sleeping allocations, fail_page_alloc also highmem ones and
 * order 0, so turning the probability up alone hits only atomic requests.
 */
void fault_inject_init(struct machine *m)
{
	fault_attr_init(&m->fail_page_alloc.attr, "fail_page_alloc");
	m->fail_page_alloc.ignore_gfp_reclaim = true;
	m->fail_page_alloc.ignore_gfp_highmem = true;
	m->fail_page_alloc.min_order = 1;
	fault_attr_init(&m->failslab.attr, "failslab");
	m->failslab.ignore_gfp_reclaim = true;
	m->failslab.cache_filter = false;
}

static void fail_dump(struct machine *m, struct fault_attr *attr, const char *const *path)
{
	/* the u32 debugfs files write the kernel's int fields */
	int interval = (int)attr->ratelimit_interval;
	int burst = (int)attr->ratelimit_burst;
	g_autofree char *text = NULL;

	if (attr->verbose == 0 ||
	    !___ratelimit(m, &attr->ratelimit_state, (int64_t)interval * (NSEC_PER_SEC / HZ), burst,
			  "fail_dump"))
		return;
	/* one printk of two lines: one record, its newline escaped in /dev/kmsg */
	text = g_strdup_printf("FAULT_INJECTION: forcing a failure.\n"
			       "name %s, interval %lu, probability %lu, space %d, times %d",
			       attr->dname, attr->interval, attr->probability, attr->space,
			       attr->times);
	printk_emit(m, LOG_KERN, LOGLEVEL_NOTICE, text);
	if (attr->verbose > 1)
		dump_stack(m, (const char *const[]){ "dump_stack_lvl", "should_fail_ex", NULL }, path);
}

/* fail_task(): in_task() is every simulated request; only a task can carry the flag */
static bool fail_task(const struct machine *m)
{
	return m->current && m->current->make_it_fail;
}

/**
 * should_fail_ex - whether this call fails (lib/fault-inject.c)
 * @m: the machine
 * @attr: the attribute
 * @size: what the call asks for (object size, pages), for @attr->space
 * @flags: FAULT_NOWARN keeps the report out of the log
 * @path: the frames above should_fail_ex for verbose 2, NULL-terminated
 *
 * The kernel's order: the acting task's fail-nth first (it counts down
 * each call that reaches here, whatever the attribute says, and the call
 * that takes it to 0 fails); then probability 0 disables; the task filter;
 * no times left; the space budget is used up first; the interval counts
 * only the calls that got this far; then the probability, drawn from the
 * machine's generator. A failure is reported (unless @flags says not) and,
 * unless times is -1, uses up one of them.
 */
bool should_fail_ex(struct machine *m, struct fault_attr *attr, ssize_t size, int flags,
		    const char *const *path)
{
	/* in_task(): a request a simulated task makes */
	if (m->current && m->current->fail_nth) {
		if (--m->current->fail_nth)
			return false;
		goto fail;
	}
	if (attr->probability == 0)
		return false;
	if (attr->task_filter && !fail_task(m))
		return false;
	if (attr->times == 0)
		return false;
	if (attr->space > size) {
		attr->space -= (int)size;
		return false;
	}
	if (attr->interval > 1) {
		attr->count++;
		if (attr->count % attr->interval)
			return false;
	}
	if (attr->probability <= (unsigned long)g_rand_int_range(m->rng, 0, 100))
		return false;
fail:
	if (!(flags & FAULT_NOWARN))
		fail_dump(m, attr, path);
	/* atomic_dec_not_zero: times may have been set below -1 */
	if (attr->times != -1 && attr->times != 0)
		attr->times--;
	return true;
}

/**
 * should_fail_alloc_page - fail_page_alloc's filters, then should_fail_ex
 * @m: the machine
 * @gfp: the request's flags
 * @order: its order
 *
 * prepare_alloc_pages() asks this before any zone is looked at, and the
 * allocator returns NULL at once: no warn_alloc, no Mem-Info report, only
 * the FAULT_INJECTION lines. __GFP_NOWARN silences those too.
 */
bool should_fail_alloc_page(struct machine *m, gfp_t gfp, unsigned int order)
{
	static const char *const path[] = {
		"should_fail_alloc_page", "__alloc_frozen_pages_noprof", "__alloc_pages_noprof",
		NULL,
	};
	struct fail_page_alloc_attr *f = &m->fail_page_alloc;

	if (order < f->min_order)
		return false;
	if (gfp & __GFP_NOFAIL)
		return false;
	if (f->ignore_gfp_highmem && (gfp & __GFP_HIGHMEM))
		return false;
	if (f->ignore_gfp_reclaim && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	return should_fail_ex(m, &f->attr, (ssize_t)1 << order,
			      gfp & __GFP_NOWARN ? FAULT_NOWARN : 0, path);
}

/**
 * should_failslab - failslab's filters, then should_fail_ex
 * @m: the machine
 * @s: the cache
 * @gfp: the request's flags
 *
 * slab_pre_alloc_hook() asks this before a slab is looked at; the
 * allocation then returns NULL without SLUB's out-of-memory report. The
 * bootstrap cache kmem_cache never fails. Returns 0 or -ENOMEM.
 */
int should_failslab(struct machine *m, struct kmem_cache *s, gfp_t gfp)
{
	static const char *const path[] = { "should_failslab", "kmem_cache_alloc_node_noprof",
					    NULL };
	struct failslab_attr *f = &m->failslab;

	if (s == m->slab->kmem_cache)
		return 0;
	if (gfp & __GFP_NOFAIL)
		return 0;
	if (f->ignore_gfp_reclaim && (gfp & __GFP_DIRECT_RECLAIM))
		return 0;
	if (f->cache_filter && !(s->flags & SLAB_FAILSLAB))
		return 0;
	/* __GFP_NOWARN callers expect no output at all (commit 6b9dbedbe349) */
	return should_fail_ex(m, &f->attr, (ssize_t)s->object_size,
			      gfp & __GFP_NOWARN ? FAULT_NOWARN : 0, path) ? -ENOMEM : 0;
}

/**
 * kmem_cache_set_failslab - SLUB's failslab_store
 * @m: the machine
 * @s: the cache
 * @on: set or clear SLAB_FAILSLAB, which failslab's cache-filter looks for
 *
 * -EINVAL for a cache that is an alias of others (refcount above 1).
 */
int kmem_cache_set_failslab(struct machine *m, struct kmem_cache *s, bool on)
{
	(void)m;
	if (s->refcount > 1)
		return -EINVAL;
	if (on)
		s->flags |= SLAB_FAILSLAB;
	else
		s->flags &= ~SLAB_FAILSLAB;
	return 0;
}

/**
 * fault_attr_set - for tests: fail the @interval-th eligible call from now
 * @attr: the attribute
 * @interval: which call (1: the next)
 * @times: how many failures, -1 for no limit, 0 to disable
 *
 * Probability 100, space 0 and a fresh count, as a test script writes them
 * to debugfs.
 */
void fault_attr_set(struct fault_attr *attr, unsigned long interval, int times)
{
	attr->probability = times ? 100 : 0;
	attr->interval = interval;
	attr->times = times;
	attr->space = 0;
	attr->count = 0;
}
