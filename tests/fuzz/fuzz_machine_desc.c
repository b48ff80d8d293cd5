// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_machine_desc: machine descriptions as --config reads them.
 *
 * Every input goes through machine_desc_load(). One it accepts must print
 * (machine_desc_to_text) as a description that loads back to the same
 * text. A small one (RAM below FZ_MAX_PHYS, few boot slab objects, so an
 * input stays fast) is then booted with its [sysctl] group applied,
 * machine_check() must hold, and every file of its tree must render (or
 * answer ESRCH, as a kernel thread's smaps_rollup does).
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

/* Render every file below @dir: no renderer may fail on a machine that booted. */
static void render_all(struct pfs_tree *t, struct pfs_node *dir)
{
	g_autoptr(GPtrArray) kids = pfs_list(t, dir);

	for (guint i = 0; i < kids->len; i++) {
		struct pfs_node *c = g_ptr_array_index(kids, i);
		struct pfs_open *of = NULL;
		int err;

		if (S_ISDIR(c->mode)) {
			render_all(t, c);
			continue;
		}
		if (!S_ISREG(c->mode) || !c->ops->show || !(c->mode & 0444))
			continue;
		err = pfs_open(t, c, 0, 0, 0, &of);
		/* a kernel thread has no mm: its smaps_rollup is ESRCH, as the kernel's */
		if (err && err != -ESRCH)
			fz_fail("%s of the booted description does not render: %d", c->name, err);
		pfs_release(of);
	}
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
	render_all(fz.t, pfs_node_get(fz.t, PFS_ROOT_INO));
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
