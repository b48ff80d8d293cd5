// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection (lib/fault-inject.c): failslab and fail_page_alloc, so
 * tests can make the Nth allocation from now fail and prove that every
 * error path gives back what it took. Deterministic: the kernel's interval
 * and times, without its probability.
 */
#include "internal.h"

/**
 * should_fail - count the call; every @attr->interval-th one fails while
 * @attr->times lasts (-1: for ever). An interval of 0 never fails.
 */
bool should_fail(struct fault_attr *attr)
{
	if (!attr->interval || !attr->times)
		return false;
	if (++attr->count % attr->interval)
		return false;
	if (attr->times > 0)
		attr->times--;
	return true;
}

/**
 * fault_attr_set - make @attr fail every @interval-th call from now, @times times
 *
 * @interval 0 disarms it; @times -1 has no limit.
 */
void fault_attr_set(struct fault_attr *attr, unsigned long interval, long times)
{
	attr->interval = interval;
	attr->times = times;
	attr->count = 0;
}
