// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "testutil.h"

struct machine *boot_preset(const char *name)
{
	char err[256] = "";
	struct machine *m = machine_boot(machine_preset(name), 1, err, sizeof(err));

	ck_assert_msg(m != NULL, "boot %s: %s", name, err);
	return m;
}

struct machine *boot_bare(const char *name)
{
	struct machine_desc d = *machine_preset(name);
	char err[256] = "";
	struct machine *m;

	d.nr_boot_tasks = 0;
	m = machine_boot(&d, 1, err, sizeof(err));
	ck_assert_msg(m != NULL, "boot %s: %s", name, err);
	return m;
}

const char *test_log_text(struct machine *m)
{
	static GString *s;

	if (!s)
		s = g_string_new(NULL);
	g_string_truncate(s, 0);
	for (GList *l = m->log.records.head; l; l = l->next) {
		const struct printk_record *r = l->data;

		g_string_append_printf(s, "<%d> %s\n", r->level, r->text);
	}
	return s->str;
}

bool logged(struct machine *m, const char *line)
{
	return strstr(test_log_text(m), line) != NULL;
}

unsigned long nr_free(struct machine *m)
{
	unsigned long free = global_zone_page_state(m, NR_FREE_PAGES);
	int nid;

	for_each_online_node(m, nid)
		for (int i = 0; i < NODE_DATA(m, nid)->nr_zones; i++)
			free += nr_pcp_pages(&NODE_DATA(m, nid)->node_zones[i], -1, m->nr_cpus);
	return free;
}

char *render(struct machine *m, const char *path)
{
	struct pfs_tree *t = pfs_tree_new(m);
	GString *out = g_string_new(NULL);
	int err = pfs_render(t, path, out);

	pfs_tree_free(t);
	ck_assert_msg(err == 0, "render %s: %d", path, err);
	return g_string_free(out, FALSE);
}

int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
