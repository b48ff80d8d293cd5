// SPDX-License-Identifier: GPL-2.0
/*
 * sim/ctl verbs of the page allocator: alloc_pages and free_pages, the way
 * a driver calls alloc_pages_node() and __free_pages().
 */
#include <errno.h>
#include <string.h>

#include "ctl.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/workbench.h"

/* An address argument: a direct-map address, or pfn=N. */
static int parse_block(struct ctl_args *a, const char *s, unsigned long *pfn)
{
	unsigned long v;
	long p;

	if (!strncmp(s, "pfn=", 4)) {
		if (ctl_parse_ulong(s + 4, a->m->max_pfn - 1, &v))
			return ctl_fail(a, -EINVAL, "bad pfn '%s'", s + 4);
		*pfn = v;
		return 0;
	}
	if (ctl_parse_ulong(s, ~0UL, &v))
		return ctl_fail(a, -EINVAL, "bad address '%s'", s);
	p = virt_to_pfn(a->m, v);
	if (p < 0 || (v & (PAGE_SIZE - 1)))
		return ctl_fail(a, -EFAULT, "%s is not a page in the direct map", s);
	*pfn = (unsigned long)p;
	return 0;
}

static void reply_block(struct ctl_args *a, unsigned long pfn, unsigned int order)
{
	const struct zone *zone = page_zone_pfn(a->m, pfn);
	uint64_t virt = pfn_to_virt(a->m, pfn);

	if (!ctl_reply_line(a))
		return;
	if (virt)
		g_string_append_printf(a->reply, "%#" G_GINT64_MODIFIER "x", virt);
	else
		g_string_append_printf(a->reply, "pfn=%#lx", pfn);
	g_string_append_printf(a->reply, " pfn=%#lx order=%u node=%d zone=%s migratetype=%s\n", pfn,
			       order, zone->zone_pgdat->node_id, zone->name,
			       migratetype_names[pfn_to_page(a->m, pfn)->migratetype]);
}

/* alloc_pages [order=N] [gfp=FLAGS] [node=N] [count=N] */
static int ctl_alloc_pages(struct ctl_args *a)
{
	unsigned long order, node, count;
	gfp_t gfp;
	int err;

	if ((err = ctl_key_ulong(a, "order", 0, MAX_PAGE_ORDER, &order)) ||
	    (err = ctl_key_count(a, &count)) ||
	    (err = ctl_key_gfp(a, GFP_KERNEL, &gfp)))
		return err;
	if (ctl_key(a, "node")) {
		if ((err = ctl_key_ulong(a, "node", 0, (unsigned long)a->m->nr_nodes - 1, &node)))
			return err;
	} else {
		node = (unsigned long)-1;
	}
	if (a->argc)
		return ctl_fail(a, -EINVAL, "unexpected argument '%s'", a->argv[0]);
	if (gfp_zone(a->m, gfp) < 0)
		return ctl_fail(a, -EINVAL, "gfp %#x names more than one zone", gfp);

	/* blocks that were allocated stay allocated, as in a kernel loop */
	for (unsigned long i = 0; i < count; i++) {
		unsigned long pfn;

		err = wb_alloc_pages(a->m, (int)node, gfp, (unsigned int)order, &pfn);
		if (err) {
			g_string_append_printf(a->reply, "%s: block %lu of %lu: order-%lu allocation failed\n",
					       a->verb, i + 1, count, order);
			return err;
		}
		reply_block(a, pfn, (unsigned int)order);
	}
	return 0;
}

/* free_pages ADDR... [order=N]: every block ours at that order, or none is freed */
static int ctl_free_pages(struct ctl_args *a)
{
	unsigned long order, pfns[CTL_MAX_ARGS];
	int err;

	if ((err = ctl_key_ulong(a, "order", 0, MAX_PAGE_ORDER, &order)))
		return err;
	if (!a->argc)
		return ctl_fail(a, -EINVAL, "usage: free_pages ADDR... [order=N]");
	for (int i = 0; i < a->argc; i++) {
		if ((err = parse_block(a, a->argv[i], &pfns[i])))
			return err;
		for (int j = 0; j < i; j++)
			if (pfns[j] == pfns[i])
				return ctl_fail(a, -EINVAL, "%s given twice", a->argv[i]);
		if (!wb_pages_held(a->m, pfns[i], (unsigned int)order)) {
			err = wb_free_pages(a->m, pfns[i], (unsigned int)order);
			return ctl_fail(a, err, "%s is no order-%lu block of ours (see the kernel log)",
					a->argv[i], order);
		}
	}
	for (int i = 0; i < a->argc; i++)
		wb_free_pages(a->m, pfns[i], (unsigned int)order);
	return 0;
}

const struct ctl_verb page_verbs[] = {
	{ "alloc_pages", ctl_alloc_pages, "order gfp node count",
	  "alloc_pages [order=N] [gfp=FLAGS] [node=N] [count=N]", CTL_ADMIN },
	{ "free_pages",	ctl_free_pages,	"order", "free_pages ADDR|pfn=N... [order=N]", CTL_ADMIN },
	{ NULL }
};
