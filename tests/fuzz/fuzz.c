// SPDX-License-Identifier: GPL-2.0
/* The shared part of the libFuzzer targets (see fuzz.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "mm/machine.h"

struct fz fz;

static void print_log(void)
{
	for (GList *l = fz.m ? fz.m->log.records.head : NULL; l; l = l->next) {
		const struct printk_record *r = l->data;

		fprintf(stderr, "<%d> %s\n", r->level, r->text);
	}
}

void fz_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "==fuzz== kernel log:\n");
	print_log();
	fprintf(stderr, "==fuzz== FINDING: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void fz_check(const char *what)
{
	if (machine_check(fz.m))
		fz_fail("machine_check() failed after %s", what);
}

static void render_into(const char *path, GString *out)
{
	int err;

	g_string_append_printf(out, "== %s\n", path);
	err = pfs_render(fz.t, path, out);
	if (err)
		fz_fail("cannot render %s: %d", path, err);
}

void fz_fingerprint(GString *out)
{
	static const char *const files[] = {
		"proc/meminfo", "proc/vmstat", "proc/slabinfo", "proc/vmallocinfo", "sim/clock",
	};
	struct pfs_node *proc = pfs_resolve(fz.t, "proc");
	g_autoptr(GPtrArray) pids = pfs_list(fz.t, proc);

	g_string_truncate(out, 0);
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++)
		render_into(files[i], out);
	g_string_append(out, "== pids\n");
	for (guint i = 0; i < pids->len; i++) {
		const struct pfs_node *n = g_ptr_array_index(pids, i);

		if (n->dynamic)
			g_string_append_printf(out, "%s %u\n", n->name, (unsigned int)n->uid);
	}
}

static void boot(void)
{
	char err[256] = "";

	if (fz.t)
		pfs_tree_free(fz.t);
	if (fz.m)
		machine_free(fz.m);
	fz.m = machine_boot(machine_preset("tiny"), 1, err, sizeof(err));
	if (!fz.m)
		fz_fail("the tiny preset does not boot: %s", err);
	fz.t = pfs_tree_new(fz.m);
	fz.boots++;
	fz.dirty = false;
	if (!fz.print)
		fz.print = g_string_new(NULL);
	fz_fingerprint(fz.print);
}

void fz_begin(void)
{
	if (!fz.m)
		boot();
}

void fz_render_all(struct pfs_node *dir, bool slab)
{
	g_autoptr(GPtrArray) kids = pfs_list(fz.t, dir);

	for (guint i = 0; i < kids->len; i++) {
		struct pfs_node *c = g_ptr_array_index(kids, i);
		struct pfs_open *of = NULL;
		int err;

		if (S_ISDIR(c->mode)) {
			if (slab || strcmp(c->name, "slab") || strcmp(dir->name, "kernel"))
				fz_render_all(c, slab);
			continue;
		}
		if (!S_ISREG(c->mode) || !c->ops->show || !(c->mode & 0444))
			continue;
		err = pfs_open(fz.t, c, O_RDONLY, 0, 0, &of);
		/* a kernel thread has no mm: its smaps_rollup is ESRCH, as the kernel's */
		if (err && err != -ESRCH)
			fz_fail("%s/%s does not render: %d", dir->name, c->name, err);
		pfs_release(of);
	}
}

void fz_end(void)
{
	if (!fz.dirty)
		return;
	fz_render_all(pfs_node_get(fz.t, PFS_ROOT_INO), false);
	boot();
}

void fz_changed(void)
{
	fz.dirty = true;
	fz_fingerprint(fz.print);
}

void fz_refused(const char *what, long err)
{
	g_autoptr(GString) now = g_string_new(NULL);

	if (err == -ENOMEM) {
		fz_changed();
		return;
	}
	fz_fingerprint(now);
	if (!g_string_equal(now, fz.print)) {
		/* say which line moved */
		gchar **a = g_strsplit(fz.print->str, "\n", -1), **b = g_strsplit(now->str, "\n", -1);
		const char *section = "";
		int i;

		for (i = 0; a[i] && b[i] && !strcmp(a[i], b[i]); i++)
			if (!strncmp(a[i], "== ", 3))
				section = a[i];
		fz_fail("%s was refused (%ld) or ignored but changed the machine: %s\n"
			"  before: %s\n  after:  %s", what, err, section, a[i] ? a[i] : "(end)",
			b[i] ? b[i] : "(end)");
	}
}

void fz_result(const char *what, ssize_t ret, const char *buf, size_t len)
{
	size_t skip = 0;

	/* @buf is the input's bytes: no NUL at the end */
	while (skip < len && (buf[skip] == ' ' || buf[skip] == '\t'))
		skip++;
	/* touch's EFAULT is a segmentation fault: the task was killed */
	if (ret == -EFAULT && len >= skip + 6 && !memcmp(buf + skip, "touch", 5) &&
	    g_ascii_isspace(buf[skip + 5]))
		ret = 0;
	if (ret >= 0)
		fz_changed();
	else
		fz_refused(what, (long)ret);
}

/* What default_permissions lets through: root always, else the mode's bits. */
static bool may_write(const struct pfs_node *n, uid_t uid)
{
	if (uid == 0)
		return true;
	if (n->uid == uid)
		return n->mode & S_IWUSR;
	return n->mode & S_IWOTH;
}

int fz_open(struct pfs_node *n, uid_t uid, bool append, struct pfs_open **of)
{
	bool rw = (n->mode & 0444) && n->ops->show;

	if (!may_write(n, uid))
		return -EACCES;
	return pfs_open(fz.t, n, (rw ? O_RDWR : O_WRONLY) | (append ? O_APPEND : 0), uid,
			uid ? FZ_NOBODY : 0, of);
}

ssize_t fz_write(struct pfs_node *n, uid_t uid, bool append, uint64_t off, const char *buf,
		 size_t len, GString *reply)
{
	bool rw = (n->mode & 0444) && n->ops->show;
	struct pfs_open *of = NULL;
	ssize_t ret;
	int err;

	err = fz_open(n, uid, append, &of);
	if (err)
		return err;
	ret = pfs_write(fz.t, of, off, buf, len);
	if (rw && (n->ops->flags & PFS_REPLY)) {
		g_autofree char *data = NULL;
		ssize_t got = pfs_read(fz.t, of, 0, 1 << 20, &data);

		if (got < 0)
			fz_fail("reading the reply of %s: %zd", n->name, got);
		if (reply)
			g_string_append_len(g_string_truncate(reply, 0), data, got);
	}
	pfs_release(of);
	return ret;
}

static void collect(struct pfs_node *dir, const char *path, GPtrArray *out)
{
	g_autoptr(GPtrArray) kids = pfs_list(fz.t, dir);

	for (guint i = 0; i < kids->len; i++) {
		struct pfs_node *c = g_ptr_array_index(kids, i);
		g_autofree char *p = *path ? g_strdup_printf("%s/%s", path, c->name)
					   : g_strdup(c->name);

		if (S_ISDIR(c->mode))
			collect(c, p, out);
		else if (S_ISREG(c->mode) && (c->mode & 0222))
			g_ptr_array_add(out, g_steal_pointer(&p));
	}
}

GPtrArray *fz_writable_files(const char *path)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	struct pfs_node *n;

	fz_begin();
	n = pfs_resolve(fz.t, path);
	if (!n)
		fz_fail("no %s in the tree", path);
	collect(n, path, out);
	return out;
}

void fz_write_input(GPtrArray *paths, const uint8_t *data, size_t size)
{
	const char *path, *buf = (const char *)data + 2;
	size_t len = size - 2;
	struct pfs_open *of = NULL;
	struct pfs_node *n;
	ssize_t ret;
	uid_t uid;

	if (size < 2 || !paths->len)
		return;
	path = fz_input_path(paths, data);
	uid = data[1] & 1 ? FZ_NOBODY : 0;
	n = pfs_resolve(fz.t, path);
	if (!n)
		fz_fail("%s is gone from a fresh machine", path);
	switch ((data[1] >> 1) & 3) {
	case 0:
		ret = fz_write(n, uid, false, 0, buf, len, NULL);
		break;
	case 1:
		ret = fz_write(n, uid, false, 5, buf, len, NULL);
		/* an ignored write reports success and must change nothing */
		if (ret >= 0 && !(n->ops->flags & PFS_ANY_OFFSET)) {
			ret = 0;
			len = 0;
		}
		break;
	case 2:
		ret = fz_write(n, uid, true, 0, buf, len, NULL);
		break;
	default:
		/* two writes on one open file, the second where the first ended */
		ret = fz_open(n, uid, false, &of);
		if (ret)
			break;
		ret = pfs_write(fz.t, of, 0, buf, len / 2);
		fz_result(path, ret, buf, len / 2);
		if (ret >= 0)
			fz_check(path);
		ret = pfs_write(fz.t, of, ret > 0 ? (uint64_t)ret : 0, buf + len / 2, len - len / 2);
		pfs_release(of);
		break;
	}
	if (ret == 0 && len)
		fz_changed();
	else
		fz_result(path, ret ? ret : -1, buf, len);
	fz_check(path);
}
