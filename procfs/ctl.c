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
#include "mm/machine.h"
#include "mm/oom.h"
#include "mm/task.h"
#include "seq.h"

int ctl_fail(struct ctl_args *a, int err, const char *fmt, ...)
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

int ctl_exit_to_user(struct ctl_args *a, struct task_struct *t, int pid)
{
	if (find_task_by_pid(a->m, pid) != t || !exit_to_user_mode(a->m, t))
		return 0;
	return ctl_fail(a, -EINTR, "pid %d was killed by SIGKILL (see the kernel log)", pid);
}

const char *ctl_key(struct ctl_args *a, const char *name)
{
	for (int i = a->nkeys - 1; i >= 0; i--)
		if (!strcmp(a->keys[i], name))
			return a->vals[i];
	return NULL;
}

int ctl_parse_ulong(const char *s, unsigned long max, unsigned long *out)
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
int ctl_key_ulong(struct ctl_args *a, const char *name, unsigned long def,
		     unsigned long max, unsigned long *out)
{
	const char *s = ctl_key(a, name);

	*out = def;
	if (s && ctl_parse_ulong(s, max, out))
		return ctl_fail(a, -EINVAL, "bad %s '%s': expected 0..%lu", name, s, max);
	return 0;
}

int ctl_key_count(struct ctl_args *a, unsigned long *count)
{
	const char *s = ctl_key(a, "count");

	*count = 1;
	if (s && (ctl_parse_ulong(s, CTL_MAX_COUNT, count) || !*count))
		return ctl_fail(a, -EINVAL, "bad count '%s': expected 1..%lu", s, CTL_MAX_COUNT);
	return 0;
}

/* "GFP_KERNEL|__GFP_ZERO" or a number; nothing at all is no flags given, so EINVAL. */
static int parse_gfp(const char *s, gfp_t *out)
{
	g_auto(GStrv) parts = g_strsplit(s, "|", -1);
	gfp_t gfp = 0;

	if (!*s)
		return -EINVAL;
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
			if (ctl_parse_ulong(parts[i], __GFP_BITS_MASK, &v))
				return -EINVAL;
			gfp |= (gfp_t)v;
		}
	}
	*out = gfp;
	return 0;
}

int ctl_key_gfp(struct ctl_args *a, gfp_t def, gfp_t *out)
{
	const char *s = ctl_key(a, "gfp");

	*out = def;
	if (s && parse_gfp(s, out))
		return ctl_fail(a, -EINVAL, "bad gfp '%s': flags are GFP_* and __GFP_* names joined by '|'", s);
	return 0;
}

/* tick DURATION */
static int ctl_tick(struct ctl_args *a)
{
	uint64_t ns;
	int err;

	if (a->argc != 1)
		return ctl_fail(a, -EINVAL, "usage: tick DURATION (e.g. 500ms, 2s, 1m)");
	err = parse_duration(a->argv[0], &ns);
	if (!err && ns > KTIME_MAX - sim_clock_now(&a->m->clock))
		err = -ERANGE;
	if (err == -ERANGE)
		return ctl_fail(a, err, "simulated time ends at KTIME_MAX, 292 years after boot");
	if (err)
		return ctl_fail(a, err, "usage: tick DURATION (e.g. 500ms, 2s, 1m)");
	machine_advance(a->m, ns);
	g_string_append_printf(a->reply, "%" G_GUINT64_FORMAT "\n", sim_clock_now(&a->m->clock));
	return 0;
}

bool ctl_reply_line(struct ctl_args *a)
{
	if ((++a->lines & 4095) == 0)
		cond_resched(a->m);
	if (a->reply->len < CTL_REPLY_MAX)
		return true;
	a->dropped++;
	return false;
}

/* The verbs that take no argument at all. */
static int no_args(struct ctl_args *a)
{
	if (a->argc)
		return ctl_fail(a, -EINVAL, "usage: %s (no arguments)", a->verb);
	return 0;
}

/* check: machine_check(), as a script's assertion */
static int ctl_check(struct ctl_args *a)
{
	int err = no_args(a);

	if (err)
		return err;
	if (machine_check(a->m))
		return ctl_fail(a, -EUCLEAN, "invariants broken; see the kernel log");
	g_string_append(a->reply, "ok\n");
	return 0;
}

static int ctl_help(struct ctl_args *a);

static const struct ctl_verb sim_verbs[] = {
	{ "tick",	ctl_tick,	"", "tick DURATION", CTL_ADMIN },
	{ "check",	ctl_check,	"", "check", CTL_ADMIN | CTL_READS },
	{ "help",	ctl_help,	"", "help", CTL_READS },
	{ NULL }
};

/* Every verb, by the file that implements it. */
static const struct ctl_verb *const verb_tables[] = {
	page_verbs,
	slab_verbs,
	task_verbs,
	file_verbs,
	sim_verbs,
};

static const struct ctl_verb *find_verb(const char *name)
{
	for (size_t t = 0; t < G_N_ELEMENTS(verb_tables); t++)
		for (const struct ctl_verb *v = verb_tables[t]; v->name; v++)
			if (!strcmp(v->name, name))
				return v;
	return NULL;
}

static int ctl_help(struct ctl_args *a)
{
	int err = no_args(a);

	if (err)
		return err;
	for (size_t t = 0; t < G_N_ELEMENTS(verb_tables); t++)
		for (const struct ctl_verb *v = verb_tables[t]; v->name; v++)
			g_string_append_printf(a->reply, "%s\n", v->usage);
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

/*
 * One command per write: a NUL or a newline before the end is a second
 * command glued on (EINVAL), a line past CTL_MAX_LINE is E2BIG. Both are
 * refused before anything runs, so a write the kernel split into several
 * requests (more than max_write bytes) never runs in part.
 */
static int check_line(struct ctl_args *a, const char *buf, size_t len)
{
	size_t end = len;

	a->verb = "ctl";
	if (len > CTL_MAX_LINE)
		return ctl_fail(a, -E2BIG, "a command is at most %d bytes", CTL_MAX_LINE);
	if (strlen(buf) != len)
		return ctl_fail(a, -EINVAL, "a NUL byte in the command");
	while (end && g_ascii_isspace(buf[end - 1]))
		end--;
	if (memchr(buf, '\n', end))
		return ctl_fail(a, -EINVAL, "one command per write");
	return 0;
}

static int __ctl_execute(struct ctl_args *a, char *buf, size_t len)
{
	const struct ctl_verb *verb;
	g_auto(GStrv) known = NULL;
	int err = check_line(a, buf, len);

	if (err)
		return err;
	if (split_args(a, buf)) {
		a->verb = a->verb ? a->verb : "ctl";
		return ctl_fail(a, -E2BIG, "at most %d arguments", CTL_MAX_ARGS);
	}
	if (!a->verb) {
		a->verb = "ctl";
		return ctl_fail(a, -EINVAL, "empty command; try 'help'");
	}
	verb = find_verb(a->verb);
	if (!verb)
		return ctl_fail(a, -EINVAL, "unknown command; try 'help'");
	if ((verb->flags & CTL_ADMIN) && a->uid != 0)
		return ctl_fail(a, -EPERM, "only root may run %s", a->verb);
	if (a->m->panicked && !(verb->flags & CTL_READS))
		return ctl_fail(a, -EIO, "the kernel has panicked (see the kernel log): the machine is halted");
	known = g_strsplit(verb->keys, " ", -1);
	for (int k = 0; k < a->nkeys; k++)
		if (!g_strv_contains((const char *const *)known, a->keys[k]))
			return ctl_fail(a, -EINVAL, "unknown key '%s'", a->keys[k]);
	return verb->fn(a);
}

int ctl_execute(struct machine *m, const char *line, size_t len, uid_t uid, gid_t gid,
		GString *reply)
{
	g_autofree char *buf = g_strndup(line, MIN(len, (size_t)CTL_MAX_LINE + 1));
	struct ctl_args a = { .m = m, .uid = uid, .gid = gid, .reply = reply };
	int err = __ctl_execute(&a, buf, len);

	if (a.dropped)
		g_string_append_printf(reply, "%s: %lu more lines not shown (a reply keeps %lu bytes)\n",
				       a.verb, a.dropped, CTL_REPLY_MAX);
	return err;
}

static ssize_t ctl_store(const struct pfs_req *r, const char *buf, size_t len)
{
	int err = ctl_execute(r->m, buf, len, r->uid, r->gid, r->reply);

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
	.flags = PFS_ANY_OFFSET | PFS_REPLY,
};
