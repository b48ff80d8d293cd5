// SPDX-License-Identifier: GPL-2.0
/*
 * The tree mechanism with files of its own: lookup, the per-open snapshot,
 * write offsets, short writes, replies read back, and access refusals.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "procfs/tree.h"
#include "testutil.h"

static int counter_value;

/* "N\n" of a counter the test changes behind the open file's back */
static int counter_show(const struct pfs_req *r, GString *out)
{
	g_string_append_printf(out, "%d\n", counter_value);
	return 0;
}

/* consumes one token; a short write when more follow, like a sysctl */
static ssize_t counter_store(const struct pfs_req *r, const char *buf, size_t len)
{
	size_t n = strcspn(buf, " \n");

	if (!n || n > len)
		return -EINVAL;
	counter_value = (int)strtol(buf, NULL, 10);
	return (ssize_t)(n < len ? n + 1 : n);
}

static ssize_t echo_store(const struct pfs_req *r, const char *buf, size_t len)
{
	g_string_append_printf(r->reply, "got %zu bytes\n", len);
	return (ssize_t)len;
}

static const struct pfs_file_ops counter_ops = { .show = counter_show, .store = counter_store };
static const struct pfs_file_ops trigger_ops = { .store = counter_store };
static const struct pfs_file_ops ro_ops = { .show = counter_show };
static const struct pfs_file_ops echo_ops = { .show = counter_show, .store = echo_store,
					      .flags = PFS_ANY_OFFSET | PFS_REPLY };

static struct pfs_tree *test_tree(struct machine *m)
{
	struct pfs_tree *t = pfs_tree_alloc(m);

	pfs_add_file(t, "a/b/counter", 0644, &counter_ops, NULL, 0);
	pfs_add_file(t, "a/trigger", 0200, &trigger_ops, NULL, 0);
	pfs_add_file(t, "a/ro", 0444, &ro_ops, NULL, 0);
	pfs_add_file(t, "echo", 0666, &echo_ops, NULL, 0);
	pfs_add_symlink(t, "link", "a/ro");
	return t;
}

static char *read_all(struct pfs_tree *t, struct pfs_open *of, uint64_t off)
{
	GString *s = g_string_new(NULL);
	char *data;
	ssize_t n;

	while ((n = pfs_read(t, of, off, 3, &data)) > 0) {
		g_string_append_len(s, data, n);
		g_free(data);
		off += (uint64_t)n;
	}
	ck_assert_int_ge(n, 0);
	return g_string_free(s, FALSE);
}

START_TEST(test_lookup)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = test_tree(m);
	struct pfs_node *b = pfs_resolve(t, "a/b"), *c = pfs_resolve(t, "a/b/counter");

	ck_assert_ptr_nonnull(b);
	ck_assert(S_ISDIR(b->mode));
	ck_assert_ptr_eq(pfs_lookup(t, b->ino, "counter"), c);
	ck_assert_ptr_eq(pfs_lookup(t, b->ino, "."), b);
	ck_assert_ptr_eq(pfs_lookup(t, b->ino, ".."), pfs_resolve(t, "a"));
	ck_assert_ptr_eq(pfs_lookup(t, PFS_ROOT_INO, ".."), pfs_node_get(t, PFS_ROOT_INO));
	ck_assert_ptr_null(pfs_lookup(t, b->ino, "nope"));
	ck_assert_ptr_null(pfs_lookup(t, c->ino, "x"));
	ck_assert_ptr_null(pfs_node_get(t, 0));
	ck_assert_ptr_null(pfs_node_get(t, 1000));
	ck_assert_int_eq(c->mode, S_IFREG | 0644);
	ck_assert_str_eq(pfs_resolve(t, "link")->target, "a/ro");
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

START_TEST(test_snapshot)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = test_tree(m);
	struct pfs_open *of;
	g_autofree char *first = NULL, *again = NULL;

	counter_value = 41;
	ck_assert_int_eq(pfs_open(t, pfs_resolve(t, "a/b/counter"), O_RDONLY, 0, 0, &of), 0);
	counter_value = 42;
	/* the text was taken at open: small reads see one consistent value */
	first = read_all(t, of, 0);
	ck_assert_str_eq(first, "41\n");
	again = read_all(t, of, 1);
	ck_assert_str_eq(again, "1\n");
	pfs_release(of);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

START_TEST(test_write_offsets)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = test_tree(m);
	struct pfs_open *of;
	g_autofree char *text = NULL;

	ck_assert_int_eq(pfs_open(t, pfs_resolve(t, "a/b/counter"), O_RDWR, 0, 0, &of), 0);
	/* "7 8": the first value is taken, the write is short */
	ck_assert_int_eq(pfs_write(t, of, 0, "7 8", 3), 2);
	ck_assert_int_eq(counter_value, 7);
	/* the rest, written at offset 2, is ignored and reported as done */
	ck_assert_int_eq(pfs_write(t, of, 2, "8", 1), 1);
	ck_assert_int_eq(counter_value, 7);
	ck_assert_int_eq(pfs_write(t, of, 0, "", 0), 0);
	ck_assert_int_eq(pfs_write(t, of, 0, " ", 1), -EINVAL);
	ck_assert_int_eq(counter_value, 7);
	text = read_all(t, of, 0);
	ck_assert_str_eq(text, "7\n");
	pfs_release(of);

	/* read-only files refuse writes with EIO, as procfs seq files do */
	ck_assert_int_eq(pfs_open(t, pfs_resolve(t, "a/ro"), O_WRONLY, 0, 0, &of), 0);
	ck_assert_int_eq(pfs_write(t, of, 0, "1", 1), -EIO);
	pfs_release(of);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

START_TEST(test_write_only)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = test_tree(m);
	struct pfs_open *of = NULL;

	ck_assert_int_eq(pfs_open(t, pfs_resolve(t, "a/trigger"), O_RDONLY, 0, 0, &of), -EACCES);
	ck_assert_int_eq(pfs_open(t, pfs_resolve(t, "a/trigger"), O_RDWR, 0, 0, &of), -EACCES);
	ck_assert_int_eq(pfs_open(t, pfs_resolve(t, "a/trigger"), O_WRONLY, 0, 0, &of), 0);
	ck_assert_int_eq(pfs_write(t, of, 0, "5", 1), 1);
	ck_assert_int_eq(counter_value, 5);
	pfs_release(of);
	ck_assert_int_eq(pfs_open(t, pfs_resolve(t, "a"), O_RDONLY, 0, 0, &of), -EISDIR);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* A reply is read back from 0 (pread) or from where the write left the file position. */
START_TEST(test_reply)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = test_tree(m);
	struct pfs_open *of;
	g_autofree char *a = NULL, *b = NULL, *c = NULL;

	ck_assert_int_eq(pfs_open(t, pfs_resolve(t, "echo"), O_RDWR, 0, 0, &of), 0);
	ck_assert_int_eq(pfs_write(t, of, 0, "hello", 5), 5);
	a = read_all(t, of, 0);
	ck_assert_str_eq(a, "got 5 bytes\n");
	/* every write is a request, whatever the offset */
	ck_assert_int_eq(pfs_write(t, of, 5, "hi", 2), 2);
	b = read_all(t, of, 7);
	ck_assert_str_eq(b, "got 2 bytes\n");
	ck_assert_int_eq(pfs_write(t, of, 7, "x", 1), 1);
	c = read_all(t, of, 0);
	ck_assert_str_eq(c, "got 1 bytes\n");
	pfs_release(of);
	ck_assert_int_eq(pfs_size(t, pfs_resolve(t, "a/ro")), 2);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

/* A dynamic directory listing whatever names the test puts here. */
static const char *dyn_names_now[4];
static int populated;

static void dyn_list(struct machine *m, const struct pfs_node *dir, GPtrArray *names)
{
	for (int i = 0; i < 4 && dyn_names_now[i]; i++)
		g_ptr_array_add(names, g_strdup(dyn_names_now[i]));
}

static void dyn_populate(struct pfs_tree *t, struct pfs_node *dir)
{
	populated++;
	pfs_add_child_file(t, dir, "value", 0444, &ro_ops);
}

static const struct pfs_dir_ops dyn_ops = { .list = dyn_list, .populate = dyn_populate };

START_TEST(test_dynamic_dir)
{
	struct machine *m = boot_preset("tiny");
	struct pfs_tree *t = test_tree(m);
	struct pfs_node *d = pfs_add_dyndir(t, "dyn", 0555, &dyn_ops), *a, *again;
	g_autoptr(GPtrArray) list = NULL;

	dyn_names_now[0] = "a";
	dyn_names_now[1] = "b";
	a = pfs_lookup(t, d->ino, "a");
	ck_assert_ptr_nonnull(a);
	ck_assert(S_ISDIR(a->mode));
	ck_assert_ptr_nonnull(pfs_lookup(t, a->ino, "value"));
	ck_assert_ptr_null(pfs_lookup(t, d->ino, "c"));
	list = pfs_list(t, d);
	ck_assert_uint_eq(list->len, 2);
	ck_assert_str_eq(((struct pfs_node *)g_ptr_array_index(list, 1))->name, "b");
	ck_assert_int_eq(populated, 2);

	/* "a" goes away, then comes back with the same inode and files */
	dyn_names_now[0] = "b";
	dyn_names_now[1] = NULL;
	ck_assert_ptr_null(pfs_lookup(t, d->ino, "a"));
	dyn_names_now[1] = "a";
	again = pfs_lookup(t, d->ino, "a");
	ck_assert_ptr_eq(again, a);
	ck_assert_int_eq(populated, 2);
	pfs_tree_free(t);
	machine_free(m);
}
END_TEST

static Suite *tree_suite(void)
{
	Suite *s = suite_create("tree");
	TCase *tc = tcase_create("nodes");

	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_snapshot);
	tcase_add_test(tc, test_write_offsets);
	tcase_add_test(tc, test_write_only);
	tcase_add_test(tc, test_reply);
	tcase_add_test(tc, test_dynamic_dir);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(tree_suite());
}
