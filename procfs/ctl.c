// SPDX-License-Identifier: GPL-2.0
/*
 * sim/ctl: the kernel API workbench and the simulation's own verbs.
 *
 *	VERB [ARG...] [key=value...]		sizes take K/M/G suffixes
 *
 * Each write is one command. It succeeds (the write returns its length) or
 * fails with the errno the kernel would give; either way the same open file
 * reads back the reply: what was created, or a one-line reason. A command
 * checks all of its input before it changes anything.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "files.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "seq.h"

#define CTL_MAX_ARGS	32

struct ctl_args {
	struct machine *m;
	GString *reply;
	const char *verb;
	int argc;			/* positional arguments */
	char *argv[CTL_MAX_ARGS];
	int nkeys;			/* key=value arguments */
	char *keys[CTL_MAX_ARGS];
	char *vals[CTL_MAX_ARGS];
};

struct ctl_verb {
	const char *name;
	int (*fn)(struct ctl_args *a);
	const char *keys;		/* the key=value names it takes, space-separated */
	const char *usage;
};

static int fail(struct ctl_args *a, int err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static int fail(struct ctl_args *a, int err, const char *fmt, ...)
{
	va_list ap;

	g_string_truncate(a->reply, 0);
	g_string_append_printf(a->reply, "%s: ", a->verb);
	va_start(ap, fmt);
	g_string_append_vprintf(a->reply, fmt, ap);
	va_end(ap);
	g_string_append_c(a->reply, '\n');
	return err;
}

static const char *key(struct ctl_args *a, const char *name)
{
	for (int i = a->nkeys - 1; i >= 0; i--)
		if (!strcmp(a->keys[i], name))
			return a->vals[i];
	return NULL;
}

static int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = (unsigned long)v;
	return 0;
}

/* key=N with a default; range checked. */
static int key_ulong(struct ctl_args *a, const char *name, unsigned long def,
		     unsigned long max, unsigned long *out)
{
	const char *s = key(a, name);

	*out = def;
	if (s && parse_ulong(s, max, out))
		return fail(a, -EINVAL, "bad %s '%s': expected 0..%lu", name, s, max);
	return 0;
}

/* "GFP_KERNEL|__GFP_ZERO" or a number. */
static int parse_gfp(const char *s, gfp_t *out)
{
	g_auto(GStrv) parts = g_strsplit(s, "|", -1);
	gfp_t gfp = 0;

	for (int i = 0; parts[i]; i++) {
		unsigned long v;
		bool found = false;

		g_strstrip(parts[i]);
		for (unsigned int n = 0; n < nr_gfp_names && !found; n++) {
			if (!strcmp(parts[i], gfp_names[n].name)) {
				gfp |= gfp_names[n].flags;
				found = true;
			}
		}
		if (!found) {
			if (parse_ulong(parts[i], __GFP_BITS_MASK, &v))
				return -EINVAL;
			gfp |= (gfp_t)v;
		}
	}
	*out = gfp;
	return 0;
}

static int key_gfp(struct ctl_args *a, gfp_t def, gfp_t *out)
{
	const char *s = key(a, "gfp");

	*out = def;
	if (s && parse_gfp(s, out))
		return fail(a, -EINVAL, "bad gfp '%s': flags are GFP_* and __GFP_* names joined by '|'", s);
	return 0;
}

/* An address argument: a direct-map address, or pfn=N. */
static int parse_block(struct ctl_args *a, const char *s, unsigned long *pfn)
{
	unsigned long v;
	long p;

	if (!strncmp(s, "pfn=", 4)) {
		if (parse_ulong(s + 4, a->m->max_pfn - 1, &v))
			return fail(a, -EINVAL, "bad pfn '%s'", s + 4);
		*pfn = v;
		return 0;
	}
	if (parse_ulong(s, ~0UL, &v))
		return fail(a, -EINVAL, "bad address '%s'", s);
	p = virt_to_pfn(a->m, v);
	if (p < 0 || (v & (PAGE_SIZE - 1)))
		return fail(a, -EFAULT, "%s is not a page in the direct map", s);
	*pfn = (unsigned long)p;
	return 0;
}

static void reply_block(struct ctl_args *a, unsigned long pfn, unsigned int order)
{
	const struct zone *zone = page_zone_pfn(a->m, pfn);
	uint64_t virt = pfn_to_virt(a->m, pfn);

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

	if ((err = key_ulong(a, "order", 0, MAX_PAGE_ORDER, &order)) ||
	    (err = key_ulong(a, "count", 1, 1UL << 30, &count)) ||
	    (err = key_gfp(a, GFP_KERNEL, &gfp)))
		return err;
	if (key(a, "node")) {
		if ((err = key_ulong(a, "node", 0, (unsigned long)a->m->nr_nodes - 1, &node)))
			return err;
	} else {
		node = (unsigned long)-1;
	}
	if (a->argc)
		return fail(a, -EINVAL, "unexpected argument '%s'", a->argv[0]);
	if (gfp_zone(a->m, gfp) < 0)
		return fail(a, -EINVAL, "gfp %#x names more than one zone", gfp);

	/* blocks that were allocated stay allocated, as in a kernel loop */
	for (unsigned long i = 0; i < count; i++) {
		unsigned long pfn;

		err = alloc_pages_node(a->m, (int)node, gfp, (unsigned int)order, &pfn);
		if (err) {
			g_string_append_printf(a->reply, "%s: block %lu of %lu: order-%lu allocation failed\n",
					       a->verb, i + 1, count, order);
			return err;
		}
		reply_block(a, pfn, (unsigned int)order);
	}
	return 0;
}

/* free_pages ADDR... [order=N] */
static int ctl_free_pages(struct ctl_args *a)
{
	unsigned long order, pfns[CTL_MAX_ARGS];
	int err;

	if ((err = key_ulong(a, "order", 0, MAX_PAGE_ORDER, &order)))
		return err;
	if (!a->argc)
		return fail(a, -EINVAL, "usage: free_pages ADDR... [order=N]");
	for (int i = 0; i < a->argc; i++) {
		unsigned long head;
		unsigned int o;
		int mt;

		if ((err = parse_block(a, a->argv[i], &pfns[i])))
			return err;
		if (pfn_state(a->m, pfns[i], &head, &o, &mt) != PAGE_STATE_ALLOCATED ||
		    head != pfns[i] || o != order)
			return fail(a, -EINVAL, "%s is not an allocated block of order %lu",
				    a->argv[i], order);
		for (int j = 0; j < i; j++)
			if (pfns[j] == pfns[i])
				return fail(a, -EINVAL, "%s given twice", a->argv[i]);
	}
	for (int i = 0; i < a->argc; i++)
		__free_pages(a->m, pfns[i], (unsigned int)order);
	return 0;
}

/* "1.5s", "100ms", "20us", "5000ns", "2m", "1h"; a bare number is seconds. */
static int parse_duration(const char *s, uint64_t *ns)
{
	static const struct { const char *suffix; double mult; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "m", 60e9 },
		{ "h", 3600e9 }, { "", 1e9 },
	};
	char *end;
	double v;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	v = g_ascii_strtod(s, &end);
	if (end == s || v < 0 || v > 1e7 * 3600)
		return -EINVAL;
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		if (!strcmp(end, units[i].suffix)) {
			*ns = (uint64_t)(v * units[i].mult + 0.5);
			return 0;
		}
	}
	return -EINVAL;
}

/* tick DURATION */
static int ctl_tick(struct ctl_args *a)
{
	uint64_t ns;

	if (a->argc != 1 || parse_duration(a->argv[0], &ns))
		return fail(a, -EINVAL, "usage: tick DURATION (e.g. 500ms, 2s, 1m)");
	machine_advance(a->m, ns);
	g_string_append_printf(a->reply, "%" G_GUINT64_FORMAT "\n", sim_clock_now(&a->m->clock));
	return 0;
}

/* check: machine_check(), as a script's assertion */
static int ctl_check(struct ctl_args *a)
{
	if (machine_check(a->m))
		return fail(a, -EUCLEAN, "invariants broken; see the kernel log");
	g_string_append(a->reply, "ok\n");
	return 0;
}

static int ctl_help(struct ctl_args *a);

static const struct ctl_verb verbs[] = {
	{ "alloc_pages", ctl_alloc_pages, "order gfp node count",
	  "alloc_pages [order=N] [gfp=FLAGS] [node=N] [count=N]" },
	{ "free_pages",	ctl_free_pages,	"order", "free_pages ADDR|pfn=N... [order=N]" },
	{ "tick",	ctl_tick,	"", "tick DURATION" },
	{ "check",	ctl_check,	"", "check" },
	{ "help",	ctl_help,	"", "help" },
};

static int ctl_help(struct ctl_args *a)
{
	for (size_t i = 0; i < G_N_ELEMENTS(verbs); i++)
		g_string_append_printf(a->reply, "%s\n", verbs[i].usage);
	return 0;
}

static int split_args(struct ctl_args *a, char *line)
{
	char *save = NULL;

	a->verb = strtok_r(line, " \t\n", &save);
	for (char *tok; (tok = strtok_r(NULL, " \t\n", &save));) {
		char *eq = strchr(tok, '=');

		if (a->argc + a->nkeys >= CTL_MAX_ARGS)
			return -E2BIG;
		/* pfn=N is an address, not a key */
		if (eq && strncmp(tok, "pfn=", 4)) {
			*eq = '\0';
			a->keys[a->nkeys] = tok;
			a->vals[a->nkeys++] = eq + 1;
		} else {
			a->argv[a->argc++] = tok;
		}
	}
	return 0;
}

int ctl_execute(struct machine *m, const char *line, size_t len, GString *reply)
{
	g_autofree char *buf = g_strndup(line, len);
	struct ctl_args a = { .m = m, .reply = reply };

	if (strlen(buf) != len)
		return -EINVAL;
	if (split_args(&a, buf)) {
		a.verb = a.verb ? a.verb : "ctl";
		return fail(&a, -E2BIG, "at most %d arguments", CTL_MAX_ARGS);
	}
	if (!a.verb) {
		a.verb = "ctl";
		return fail(&a, -EINVAL, "empty command; try 'help'");
	}
	for (size_t i = 0; i < G_N_ELEMENTS(verbs); i++) {
		g_auto(GStrv) known = NULL;

		if (strcmp(verbs[i].name, a.verb))
			continue;
		known = g_strsplit(verbs[i].keys, " ", -1);
		for (int k = 0; k < a.nkeys; k++)
			if (!g_strv_contains((const char *const *)known, a.keys[k]))
				return fail(&a, -EINVAL, "unknown key '%s'", a.keys[k]);
		return verbs[i].fn(&a);
	}
	return fail(&a, -EINVAL, "unknown command; try 'help'");
}

static ssize_t ctl_store(const struct pfs_req *r, const char *buf, size_t len)
{
	int err = ctl_execute(r->m, buf, len, r->reply);

	return err ? err : (ssize_t)len;
}

/* Read before any write: nothing to say yet. */
static int ctl_show(const struct pfs_req *r, GString *out)
{
	return 0;
}

const struct pfs_file_ops ctl_ops = {
	.show = ctl_show,
	.store = ctl_store,
	.flags = PFS_ANY_OFFSET,
};
