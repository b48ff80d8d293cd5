// SPDX-License-Identifier: GPL-2.0
/*
 * The page cache's I/O: dirty limits, the flusher, balance_dirty_pages,
 * fsync, drop_caches, readahead and the tasks' I/O accounting, with exact
 * numbers on the default machine (vda: 128 MiB/s, 200 us, 3000 iops).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/filemap.h"
#include "mm/internal.h"
#include "mm/task.h"
#include "mm/writeback.h"
#include "procfs/ctl.h"
#include "testutil.h"

static int run(struct machine *m, const char *cmd, GString *reply)
{
	g_string_truncate(reply, 0);
	return ctl_execute(m, cmd, strlen(cmd), 0, 0, reply);
}

static int runf(struct machine *m, GString *reply, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static int runf(struct machine *m, GString *reply, const char *fmt, ...)
{
	g_autofree char *cmd = NULL;
	va_list ap;

	va_start(ap, fmt);
	cmd = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return run(m, cmd, reply);
}

static unsigned long nps(struct machine *m, enum node_stat_item item)
{
	return global_node_page_state(m, item);
}

static int spawn(struct machine *m)
{
	g_autoptr(GString) r = g_string_new(NULL);

	ck_assert_int_eq(run(m, "spawn writer", r), 0);
	return atoi(r->str);
}

static void tick(struct machine *m, const char *d)
{
	g_autoptr(GString) r = g_string_new(NULL);

	ck_assert_int_eq(runf(m, r, "tick %s", d), 0);
}

START_TEST(test_explore2)
{
	struct machine *m = boot_preset("default");
	g_autoptr(GString) r = g_string_new(NULL);
	int pid = spawn(m);
	unsigned long bg, th;
	uint64_t last = 0;

	ck_assert_int_eq(run(m, "create /data/f 0", r), 0);
	ck_assert_int_eq(runf(m, r, "grow %d write /data/f 1G", pid), 0);
	for (int i = 0; i < 60; i++) {
		struct address_space *as = filemap_find(m, "/data/f");
		struct task_struct *t = find_task_by_pid(m, pid);

		global_dirty_limits(m, &bg, &th);
		printf("t=%d dirty %lu wb %lu written %lu size %lu rate %lu MB/s bg %lu th %lu bw %lu rl %lu state %d\n", i, nps(m, NR_FILE_DIRTY),
		       nps(m, NR_WRITEBACK), nps(m, NR_WRITTEN), (unsigned long)(as->size >> 20),
		       (unsigned long)((as->size - last) >> 20), bg, th, m->writeback->root_wb->avg_write_bandwidth,
		       m->writeback->root_wb->dirty_ratelimit, t->state);
		last = as->size;
		tick(m, "1s");
		ck_machine_ok(m);
	}
	machine_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("writeback");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_explore2);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
