/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection (include/linux/fault-inject.h, mm/failslab.c,
 * mm/fail_page_alloc.c): the attributes debugfs exposes under
 * /sys/kernel/debug/failslab/ and fail_page_alloc/, with the kernel's
 * types (the atomic_t fields are ints, the ratelimit's u32 files hold
 * what a u32 write leaves in the kernel's int fields).
 */
#ifndef MM_FAULT_INJECT_H
#define MM_FAULT_INJECT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "gfp.h"
#include "printk.h"

struct machine;
struct kmem_cache;

struct fault_attr {
	unsigned long probability;	/* percent; 0 disables the attribute */
	unsigned long interval;		/* every interval-th eligible call; 0 and 1: each */
	int times;			/* failures left; -1: no limit */
	int space;			/* size budget that must be used up first */
	unsigned long verbose;		/* 0 silent, 1 the two lines, 2 also a call trace */
	uint32_t ratelimit_interval;	/* verbose_ratelimit_interval_ms (jiffies, HZ=1000) */
	uint32_t ratelimit_burst;	/* verbose_ratelimit_burst */
	bool task_filter;		/* only tasks with make-it-fail set */
	unsigned long count;		/* eligible calls seen by the interval */
	struct ratelimit_state ratelimit_state;
	const char *dname;		/* the debugfs directory's name, for %pd */
};

/*
 * The engine functions a request is inside now, outermost first: what
 * verbose 2's call trace prints above the allocator. STACK_FRAME() in a
 * function (mm/internal.h) pushes its name for the function's lifetime.
 */
#define STACK_FRAMES_MAX	16
struct stack_frames {
	const char *fn[STACK_FRAMES_MAX];
	int depth;			/* may exceed STACK_FRAMES_MAX: the deepest are not kept */
};

/* should_fail_ex()'s flags */
#define FAULT_NOWARN	(1 << 0)

/* mm/fail_page_alloc.c's attribute and its filters */
struct fail_page_alloc_attr {
	struct fault_attr attr;
	bool ignore_gfp_highmem;	/* ignore-gfp-highmem */
	bool ignore_gfp_reclaim;	/* ignore-gfp-wait */
	uint32_t min_order;		/* min-order */
};

/* mm/failslab.c's attribute and its filters */
struct failslab_attr {
	struct fault_attr attr;
	bool ignore_gfp_reclaim;	/* ignore-gfp-wait */
	bool cache_filter;		/* only caches with /sys/kernel/slab/<cache>/failslab set */
};

void fault_attr_init(struct fault_attr *attr, const char *name);
void fault_inject_init(struct machine *m);
bool should_fail_ex(struct machine *m, struct fault_attr *attr, ssize_t size, int flags,
		    const char *const *path);
bool should_fail_alloc_page(struct machine *m, gfp_t gfp, unsigned int order);
int should_failslab(struct machine *m, struct kmem_cache *s, gfp_t gfp);
int kmem_cache_set_failslab(struct machine *m, struct kmem_cache *s, bool on);
void fault_attr_set(struct fault_attr *attr, unsigned long interval, int times);

#endif /* MM_FAULT_INJECT_H */
