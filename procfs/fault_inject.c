// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/fail_page_alloc/ and /sys/kernel/debug/failslab/: the
 * files fault_create_debugfs_attr() makes (lib/fault-inject.c) and the ones
 * mm/fail_page_alloc.c and mm/failslab.c add, each parsed as the debugfs
 * helper behind it parses:
 *
 * - unsigned long (probability, interval, verbose) and u32 (the verbose
 *   ratelimit, min-order): simple_attr_write, the first 23 bytes through
 *   kstrtoull(s, 0), a u32 keeping the low 32 bits; they read "%llu\n";
 * - atomic_t (times, space): the same bytes through kstrtoll, the value
 *   truncated to an int; they read "%d\n";
 * - bool (task-filter, ignore-gfp-*, cache-filter): kstrtobool on the
 *   first 3 bytes; a write that is not a boolean changes nothing and still
 *   reports every byte written, as debugfs_write_file_bool does; they read
 *   "Y\n" or "N\n".
 *
 * All files are 0600 in 0755 directories under the debugfs root (0700).
 * debugfs ignores the file position on writes; so do these.
 */
#include <errno.h>
#include <string.h>

#include "files.h"
#include "mm/machine.h"
#include "seq.h"

enum fa_field {
	FA_PROBABILITY,
	FA_INTERVAL,
	FA_TIMES,
	FA_SPACE,
	FA_VERBOSE,
	FA_RATELIMIT_INTERVAL,
	FA_RATELIMIT_BURST,
	FA_TASK_FILTER,
	FA_IGNORE_GFP_WAIT,
	FA_IGNORE_GFP_HIGHMEM,
	FA_MIN_ORDER,
	FA_CACHE_FILTER,
};

/* idata: the directory in the high bits, the field in the low byte */
enum fa_dir { FA_PAGE_ALLOC, FA_SLAB };
#define FA_IDATA(dir, field)	((long)(dir) << 8 | (field))

static const struct {
	const char *name;
	enum fa_field field;
} fa_files[] = {
	/* fault_create_debugfs_attr(), in its order */
	{ "probability",			FA_PROBABILITY },
	{ "interval",				FA_INTERVAL },
	{ "times",				FA_TIMES },
	{ "space",				FA_SPACE },
	{ "verbose",				FA_VERBOSE },
	{ "verbose_ratelimit_interval_ms",	FA_RATELIMIT_INTERVAL },
	{ "verbose_ratelimit_burst",		FA_RATELIMIT_BURST },
	{ "task-filter",			FA_TASK_FILTER },
	/* then what each capability adds */
	{ "ignore-gfp-wait",			FA_IGNORE_GFP_WAIT },
	{ "ignore-gfp-highmem",			FA_IGNORE_GFP_HIGHMEM },
	{ "min-order",				FA_MIN_ORDER },
	{ "cache-filter",			FA_CACHE_FILTER },
};

/* Which fields each directory has: the common eight, then its own */
static bool fa_has(enum fa_dir dir, enum fa_field f)
{
	if (f < FA_IGNORE_GFP_WAIT || f == FA_IGNORE_GFP_WAIT)
		return true;
	if (dir == FA_PAGE_ALLOC)
		return f == FA_IGNORE_GFP_HIGHMEM || f == FA_MIN_ORDER;
	return f == FA_CACHE_FILTER;
}

static struct fault_attr *fa_attr(struct machine *m, enum fa_dir dir)
{
	return dir == FA_PAGE_ALLOC ? &m->fail_page_alloc.attr : &m->failslab.attr;
}

/* The variable a file shows, by kind: exactly one of the pointers is set. */
struct fa_var {
	unsigned long *ul;
	uint32_t *u32;
	int *atomic;
	bool *b;
};

static struct fa_var fa_var(struct machine *m, long idata)
{
	enum fa_dir dir = (enum fa_dir)(idata >> 8);
	struct fault_attr *a = fa_attr(m, dir);
	struct fa_var v = { 0 };

	switch ((enum fa_field)(idata & 0xff)) {
	case FA_PROBABILITY:		v.ul = &a->probability; break;
	case FA_INTERVAL:		v.ul = &a->interval; break;
	case FA_TIMES:			v.atomic = &a->times; break;
	case FA_SPACE:			v.atomic = &a->space; break;
	case FA_VERBOSE:		v.ul = &a->verbose; break;
	case FA_RATELIMIT_INTERVAL:	v.u32 = &a->ratelimit_interval; break;
	case FA_RATELIMIT_BURST:	v.u32 = &a->ratelimit_burst; break;
	case FA_TASK_FILTER:		v.b = &a->task_filter; break;
	case FA_IGNORE_GFP_WAIT:
		v.b = dir == FA_PAGE_ALLOC ? &m->fail_page_alloc.ignore_gfp_reclaim :
					     &m->failslab.ignore_gfp_reclaim;
		break;
	case FA_IGNORE_GFP_HIGHMEM:	v.b = &m->fail_page_alloc.ignore_gfp_highmem; break;
	case FA_MIN_ORDER:		v.u32 = &m->fail_page_alloc.min_order; break;
	case FA_CACHE_FILTER:		v.b = &m->failslab.cache_filter; break;
	}
	return v;
}

static int fault_attr_show(const struct pfs_req *r, GString *out)
{
	struct fa_var v = fa_var(r->m, r->node->idata);

	if (v.ul)
		g_string_append_printf(out, "%lu\n", *v.ul);
	else if (v.u32)
		g_string_append_printf(out, "%u\n", *v.u32);
	else if (v.atomic)
		g_string_append_printf(out, "%d\n", *v.atomic);
	else
		g_string_append(out, *v.b ? "Y\n" : "N\n");
	return 0;
}

/*
 * kstrtobool: the first byte says it ('e', 'y', 't', '1' and 'd', 'n',
 * 'f', '0', either case), or "on"/"off" by the first two.
 */
static int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'e': case 'E': case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'd': case 'D': case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

static ssize_t fault_attr_store(const struct pfs_req *r, const char *buf, size_t len)
{
	struct fa_var v = fa_var(r->m, r->node->idata);
	char set_buf[24] = "";		/* struct simple_attr's set_buf */
	unsigned long long u;
	long long s;
	bool b;
	int err;

	if (v.b) {
		char tmp[4] = "";	/* kstrtobool_from_user's buffer */

		memcpy(tmp, buf, MIN(len, sizeof(tmp) - 1));
		if (!kstrtobool(tmp, &b))
			*v.b = b;
		return (ssize_t)len;
	}
	memcpy(set_buf, buf, MIN(len, sizeof(set_buf) - 1));
	if (v.atomic) {
		err = kstrtoll(set_buf, 0, &s);
		if (err)
			return err;
		*v.atomic = (int)s;	/* atomic_set() of the u64 the setter is given */
		return (ssize_t)len;
	}
	err = kstrtoull(set_buf, 0, &u);
	if (err)
		return err;
	if (v.ul)
		*v.ul = (unsigned long)u;
	else
		*v.u32 = (uint32_t)u;
	return (ssize_t)len;	/* "on success, claim we got the whole input" */
}

static const struct pfs_file_ops fault_attr_ops = {
	.show = fault_attr_show,
	.store = fault_attr_store,
	.flags = PFS_ANY_OFFSET,
};

/**
 * fault_inject_debugfs - the debugfs root and the two fault directories
 * @t: the tree
 *
 * Called after sys/kernel exists, so that only debug/ takes debugfs's 0700.
 */
void fault_inject_debugfs(struct pfs_tree *t)
{
	static const char *const dirs[] = { [FA_PAGE_ALLOC] = "fail_page_alloc",
					    [FA_SLAB] = "failslab" };

	pfs_mkdir_p(t, "sys/kernel/debug", 0700);
	for (int d = 0; d < (int)G_N_ELEMENTS(dirs); d++) {
		g_autofree char *dir = g_strdup_printf("sys/kernel/debug/%s", dirs[d]);

		pfs_mkdir_p(t, dir, 0755);
		for (size_t i = 0; i < G_N_ELEMENTS(fa_files); i++) {
			g_autofree char *path = NULL;

			if (!fa_has((enum fa_dir)d, fa_files[i].field))
				continue;
			path = g_strdup_printf("%s/%s", dir, fa_files[i].name);
			pfs_add_file(t, path, 0600, &fault_attr_ops, NULL,
				     FA_IDATA(d, fa_files[i].field));
		}
	}
}
