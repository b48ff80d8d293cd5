/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sim/ctl: one command per write, as DESIGN.md section 3 describes.
 *
 * ctl.c splits the line and dispatches; each concept's verbs live in a file
 * of their own (ctl_page.c, ...) as a table of struct ctl_verb, listed in
 * ctl.c's verb_tables[]. A verb checks all of its input before it changes
 * anything, and says why in the reply when it refuses.
 */
#ifndef PROCFS_CTL_H
#define PROCFS_CTL_H

#include <glib.h>
#include <sys/types.h>

#include "mm/gfp.h"

struct machine;

#define CTL_MAX_ARGS	32
/* A command line is at most this long, its trailing newline included (else E2BIG). */
#define CTL_MAX_LINE	4096
/* Reply lines past this many bytes are counted, not kept; a summary line says how many. */
#define CTL_REPLY_MAX	(1UL << 20)

struct ctl_args {
	struct machine *m;
	uid_t uid;			/* the writer's credentials */
	gid_t gid;
	GString *reply;			/* what the writer reads back */
	unsigned long lines;		/* reply lines begun */
	unsigned long dropped;		/* of those, over CTL_REPLY_MAX */
	const char *verb;
	int argc;			/* positional arguments */
	char *argv[CTL_MAX_ARGS];
	int nkeys;			/* key=value arguments, checked against the verb's list */
	char *keys[CTL_MAX_ARGS];
	char *vals[CTL_MAX_ARGS];
};

struct ctl_verb {
	const char *name;		/* NULL ends a table */
	int (*fn)(struct ctl_args *a);	/* 0 or -errno; machine lock held */
	const char *keys;		/* the key=value names it takes, space-separated */
	const char *usage;		/* one line for `help` */
	unsigned int flags;
};

/* Kernel actions and machine-wide verbs: root only (CAP_SYS_ADMIN), else EPERM. */
#define CTL_ADMIN	(1U << 0)
#define CTL_READS	(1U << 1)	/* changes nothing: runs on a panicked machine too */

/* ctl_page.c */
extern const struct ctl_verb page_verbs[];
/* ctl_slab.c: kmalloc, kmem_cache_*, vmalloc, kvmalloc and friends */
extern const struct ctl_verb slab_verbs[];
/* ctl_task.c: spawn, fork, mmap, touch and the other task verbs */
extern const struct ctl_verb task_verbs[];
struct task_struct;
/* The task of pid @s, which the writer may act for (ESRCH, EPERM). */
int ctl_task(struct ctl_args *a, const char *s, struct task_struct **out);
/* @nargs positional arguments, argv[0] a task with an address space. */
int ctl_user_task(struct ctl_args *a, int nargs, const char *usage, struct task_struct **t);
/* A size with K, M, G or T. */
int ctl_size(struct ctl_args *a, const char *s, uint64_t *out);
/* ctl_file.c: create, read, write, fsync, sync, truncate, unlink, fadvise */
extern const struct ctl_verb file_verbs[];

/*
 * Run one command line (machine lock held). Returns 0 or -errno; @reply
 * gets the result (addresses, pids) or a one-line reason for a failure.
 */
int ctl_execute(struct machine *m, const char *line, size_t len, uid_t uid, gid_t gid,
		GString *reply);

/* Replace the reply with "VERB: reason" and return @err. */
/*
 * @t (of @pid) returns to user space after an engine call made for it: a
 * SIGKILL the call brought (the OOM killer) kills it, and the reply says
 * so: -EINTR. 0 when it lives on or died already of something else.
 */
int ctl_exit_to_user(struct ctl_args *a, struct task_struct *t, int pid);
int ctl_fail(struct ctl_args *a, int err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* The value of key=value, the last one given, or NULL. */
const char *ctl_key(struct ctl_args *a, const char *name);
/* A number 0..@max in any base strtoull accepts; no sign. 0 or -EINVAL. */
int ctl_parse_ulong(const char *s, unsigned long max, unsigned long *out);
/* key=N with a default, range checked; fails the command on bad input. */
int ctl_key_ulong(struct ctl_args *a, const char *name, unsigned long def, unsigned long max,
		  unsigned long *out);
/* count=N, 1 (the default) .. CTL_MAX_COUNT */
#define CTL_MAX_COUNT	(1UL << 20)
int ctl_key_count(struct ctl_args *a, unsigned long *count);
/*
 * Start a reply line: true while the reply has room. Once it is full the
 * line is counted instead and ctl_execute() ends the reply with how many
 * were dropped. Also lets waiting readers in every 4096 lines.
 */
bool ctl_reply_line(struct ctl_args *a);
/* gfp=FLAGS with a default: GFP_* and __GFP_* names joined by '|', or a number. */
int ctl_key_gfp(struct ctl_args *a, gfp_t def, gfp_t *out);

#endif
