/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the libFuzzer targets share: a booted tiny machine kept across
 * inputs, the tree on it, and the checks every input must pass.
 *
 * The machine is kept only while inputs change nothing: after an input in
 * which some write succeeded it is booted again, and
 * an input whose writes were all refused must leave the machine's counters
 * as they were (fz_refused()). So every input starts from a machine that
 * is, as far as any file shows, freshly booted, and a crash input found in
 * a long run reproduces on its own.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "procfs/tree.h"

struct machine;

/* The machine and tree of the current input. */
struct fz {
	struct machine *m;
	struct pfs_tree *t;
	bool dirty;		/* a write succeeded: boot again after this input */
	GString *print;		/* fz_fingerprint() of the machine as it is */
	unsigned long boots;
};
extern struct fz fz;

#define FZ_NOBODY	65534

/* Before an input: boot the tiny preset (seed 1) if there is no machine yet. */
void fz_begin(void);

/*
 * Render every readable file below @dir, as root: each must render, or
 * answer ESRCH as a kernel thread's smaps_rollup does; else a finding.
 * sys/kernel/slab (a directory of counters per cache, about a thousand
 * files that slabinfo sums) only when @slab.
 */
void fz_render_all(struct pfs_node *dir, bool slab);

/*
 * After an input: if it changed the machine, render the files of the
 * tree (fz_render_all(), sys/kernel/slab left out), then boot again. Booting here, not
 * at the next input, frees about as many blocks as it allocates, so
 * libFuzzer's per-input leak check (-detect_leaks=1, run when an input
 * allocates more than it frees) has less to look at.
 */
void fz_end(void);

/* machine_check(), and abort with the kernel log if it fails: a finding. */
void fz_check(const char *what);

/* Abort with a message and the kernel log: a finding. */
void fz_fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;

/* The counters a change would move: meminfo, vmstat, slabinfo, vmallocinfo, clock, pids. */
void fz_fingerprint(GString *out);

/*
 * A write was refused with @err, or ignored: the machine must be as it was.
 * A refused allocation (ENOMEM) may have done part of a count= loop, as the
 * kernel would, so it only marks the machine dirty.
 */
void fz_refused(const char *what, long err);

/* A write succeeded: the fingerprint is taken again, the next input boots afresh. */
void fz_changed(void);

/*
 * The result @ret of writing @buf: fz_changed() for a success, and for the
 * failure that acts (sim/ctl's touch answers EFAULT when the access killed
 * the task, as SIGSEGV would), else fz_refused().
 */
void fz_result(const char *what, ssize_t ret, const char *buf, size_t len);

/* Open @n for writing as @uid would: the kernel's DAC check first (-EACCES). */
int fz_open(struct pfs_node *n, uid_t uid, bool append, struct pfs_open **of);

/*
 * Open @n as a user would (the kernel's DAC check first: -EACCES), write
 * @len bytes at @off (O_APPEND when @append), read the reply back if the
 * file has one (into @reply unless NULL). Returns the write's result.
 */
ssize_t fz_write(struct pfs_node *n, uid_t uid, bool append, uint64_t off, const char *buf,
		 size_t len, GString *reply);

/* Every regular file below @path whose mode lets someone write, in tree order. */
GPtrArray *fz_writable_files(const char *path);

#endif

/*
 * One input of fuzz_writes or fuzz_sysctl: byte 0 picks the file of
 * @paths, byte 1 how to write (bit 0: as nobody; bits 1-2: at offset 0,
 * a pwrite at offset 5, O_APPEND, or the payload in two writes on one
 * open file), the rest is the payload.
 */
void fz_write_input(GPtrArray *paths, const uint8_t *data, size_t size);

/* Which file of @paths fz_write_input() writes for @data. */
static inline const char *fz_input_path(GPtrArray *paths, const uint8_t *data)
{
	return (const char *)g_ptr_array_index(paths, data[0] % paths->len);
}
