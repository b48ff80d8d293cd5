// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_machine_desc: machine descriptions as --config reads them.
 *
 * Every input goes through machine_desc_load(). One it accepts must print
 * (machine_desc_to_text) as a description that loads back to the same
 * text. A small one (RAM below FZ_MAX_PHYS, few boot slab objects, so an
 * input stays fast) is then booted with its [sysctl] group applied,
 * machine_check() must hold, and every file of its tree must render
 * (fz_render_all()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "mm/machine.h"
#include "procfs/machine_desc.h"

#define FZ_MAX_PHYS	(1ULL << 30)
#define FZ_MAX_OBJECTS	100000UL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool small(const struct machine_desc *d)
{
	unsigned long objects = 0;

	for (int n = 0; n < d->nr_nodes; n++)
		for (int i = 0; i < d->nodes[n].nr_mem; i++)
			if (d->nodes[n].mem[i].end > FZ_MAX_PHYS)
				return false;
	for (int i = 0; i < d->nr_slab_profile; i++) {
		if (d->slab_profile[i].objects > FZ_MAX_OBJECTS - objects)
			return false;
		objects += d->slab_profile[i].objects;
	}
	return true;
}

static void boot(const struct machine_desc *d)
{
	char err[256] = "";
	struct machine *m = machine_boot(d, 1, err, sizeof(err));

	if (!m)
		return;		/* a description may ask for more than its RAM holds */
	fz.m = m;
	fz_check("boot");
	/* a value the parser refuses stops the boot, as mmsimfs exits */
	if (machine_desc_apply_sysctl(m, err, sizeof(err)) == 0)
		fz_check("the [sysctl] group");
	fz.t = pfs_tree_new(m);
	fz_render_all(pfs_node_get(fz.t, PFS_ROOT_INO), true);
	fz_check("rendering every file");
	pfs_tree_free(fz.t);
	machine_free(m);
	fz.t = NULL;
	fz.m = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = g_strndup((const char *)data, size);
	g_autofree char *printed = NULL, *again = NULL;
	struct machine_desc *d = g_new0(struct machine_desc, 1);
	struct machine_desc *back = g_new0(struct machine_desc, 1);
	char err[256] = "";

	if (machine_desc_load(NULL, text, d, err, sizeof(err)))
		goto out;
	printed = machine_desc_to_text(d);
	if (machine_desc_load(NULL, printed, back, err, sizeof(err)))
		fz_fail("the printed description does not load: %s\n%s", err, printed);
	again = machine_desc_to_text(back);
	if (strcmp(printed, again))
		fz_fail("the printed description loads to another:\n%s\n--- then\n%s", printed, again);
	if (small(d))
		boot(d);
out:
	g_free(back);
	g_free(d);
	return 0;
}
