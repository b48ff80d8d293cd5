/* SPDX-License-Identifier: GPL-2.0 */
/* Shared helpers for the Check unit tests. */
#ifndef TESTS_UNIT_TESTUTIL_H
#define TESTS_UNIT_TESTUTIL_H

#include <check.h>
#include <stdbool.h>
#include <glib.h>

#include "mm/machine.h"
#include "procfs/tree.h"

/* Boot a preset with seed 1; fails the test if it does not boot. */
struct machine *boot_preset(const char *name);
/* The preset without its boot tasks: the allocators alone, for tests of their exact state. */
struct machine *boot_bare(const char *name);

/* machine_check() must pass; on failure the kernel log is printed. */
#define ck_machine_ok(m) ck_assert_msg(machine_check(m) == 0, "machine_check failed:\n%s", \
				       test_log_text(m))

/* The whole kernel log as text, valid until the next call. */
const char *test_log_text(struct machine *m);

/* Whether the kernel log holds @line. */
bool logged(struct machine *m, const char *line);
#define ck_logged(m, line) ck_assert_msg(logged(m, line), "not in the log: %s\n%s", line, \
					 test_log_text(m))

/* Free pages of the whole machine: NR_FREE_PAGES and the per-cpu lists. */
unsigned long nr_free(struct machine *m);

/* Render @path of a tree built on @m; returned string is owned by the caller. */
char *render(struct machine *m, const char *path);

/* Run a suite built by @fn and return the process exit status. */
int run_suite(Suite *s);

#endif
