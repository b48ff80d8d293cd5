// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of fs/proc/base.c's table: limits, io, schedstat, wchan,
 * personality, stack, loginuid, sessionid, coredump_filter,
 * timerslack_ns, autogroup, mem, the exe/cwd/root links, the mount
 * views, ns/, fd/ and fdinfo/: exact text on the tiny preset with seed 1,
 * which directory has which entry, each reader's errno, each write's
 * parsing and rule, and what fork and exec pass on. machine_check()
 * after every step that changes the engine.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/task.h"
#include "testutil.h"

struct fixture {
	struct machine *m;
	struct pfs_tree *tree;
};

static struct fixture boot(void)
{
	struct fixture f = { .m = boot_preset("tiny") };

	f.tree = pfs_tree_new(f.m);
	return f;
}

static void shutdown(struct fixture *f)
{
	pfs_tree_free(f->tree);
	machine_free(f->m);
}

static struct task_struct *spawn(struct fixture *f, const char *comm, uid_t uid, int parent)
{
	struct spawn_args a = { .comm = comm, .uid = uid, .gid = uid, .parent = parent };
	int pid = task_spawn(f->m, &a);

	ck_assert_int_gt(pid, 0);
	ck_machine_ok(f->m);
	return find_task_by_pid(f->m, pid);
}

static struct task_struct *by_comm(struct fixture *f, const char *comm)
{
	for (GList *l = task_list(f->m); l; l = l->next)
		if (!strcmp(((struct task_struct *)l->data)->comm, comm))
			return l->data;
	ck_abort_msg("no %s", comm);
	return NULL;
}

/* What @uid reads from proc/<pid>/<file> through an open and reads: the text, or NULL and *@err */
static char *read_as(struct fixture *f, int pid, const char *file, uid_t uid, int *err)
{
	g_autofree char *path = g_strdup_printf("proc/%d/%s", pid, file);
	struct pfs_node *n = pfs_resolve(f->tree, path);
	GString *out = g_string_new(NULL);
	struct pfs_open *of;
	ssize_t got;

	*err = n ? pfs_open(f->tree, n, O_RDONLY, uid, uid, &of) : -ENOENT;
	if (*err)
		return g_string_free(out, TRUE);
	do {
		g_autofree char *data = NULL;

		got = pfs_read(f->tree, of, out->len, 4096, &data);
		if (got > 0)
			g_string_append_len(out, data, got);
	} while (got > 0);
	pfs_release(of);
	*err = got < 0 ? (int)got : 0;
	return got < 0 ? g_string_free(out, TRUE) : g_string_free(out, FALSE);
}

static char *read_root(struct fixture *f, int pid, const char *file)
{
	int err;
	char *s = read_as(f, pid, file, 0, &err);

	ck_assert_msg(!err, "proc/%d/%s: %d", pid, file, err);
	return s;
}

static int read_err(struct fixture *f, int pid, const char *file, uid_t uid)
{
	int err;
	g_autofree char *s = read_as(f, pid, file, uid, &err);

	return err;
}

static ssize_t write_as(struct fixture *f, int pid, const char *file, const char *s, uid_t uid)
{
	g_autofree char *path = g_strdup_printf("proc/%d/%s", pid, file);
	struct pfs_node *n = pfs_resolve(f->tree, path);
	struct pfs_open *of;
	ssize_t ret;

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(pfs_open(f->tree, n, O_WRONLY, uid, uid, &of), 0);
	ret = pfs_write(f->tree, of, 0, s, strlen(s));
	pfs_release(of);
	return ret;
}

/* readlink of proc/<pid>/<link> by @uid: the target or NULL and *@err */
static char *link_as(struct fixture *f, int pid, const char *link, uid_t uid, int *err)
{
	g_autofree char *path = g_strdup_printf("proc/%d/%s", pid, link);
	struct pfs_node *n = pfs_resolve(f->tree, path);
	char *target = NULL;

	ck_assert_msg(n && S_ISLNK(n->mode), "%s is no link", path);
	*err = pfs_readlink(f->tree, n, uid, uid, &target);
	return target;
}

static mode_t mode_of(struct fixture *f, const char *path)
{
	struct pfs_node *n = pfs_resolve(f->tree, path);

	ck_assert_msg(n != NULL, "no %s", path);
	return n->mode;
}

START_TEST(test_limits)
{
	struct fixture f = boot();
	struct task_struct *bash = by_comm(&f, "bash");
	struct rlimit as = { 1UL << 30, RLIM_INFINITY };
	g_autofree char *text = NULL, *kthread = NULL;

	ck_assert_int_eq(do_prlimit(bash, RLIMIT_AS, &as, NULL, true), 0);
	text = read_root(&f, bash->pid, "limits");
	ck_assert_str_eq(text,
		"Limit                     Soft Limit           Hard Limit           Units     \n"
		"Max cpu time              unlimited            unlimited            seconds   \n"
		"Max file size             unlimited            unlimited            bytes     \n"
		"Max data size             unlimited            unlimited            bytes     \n"
		"Max stack size            8388608              unlimited            bytes     \n"
		"Max core file size        0                    unlimited            bytes     \n"
		"Max resident set          unlimited            unlimited            bytes     \n"
		"Max processes             216                  216                  processes \n"
		"Max open files            1024                 524288               files     \n"
		"Max locked memory         8388608              8388608              bytes     \n"
		"Max address space         1073741824           unlimited            bytes     \n"
		"Max file locks            unlimited            unlimited            locks     \n"
		"Max pending signals       216                  216                  signals   \n"
		"Max msgqueue size         819200               819200               bytes     \n"
		"Max nice priority         0                    0                    \n"
		"Max realtime priority     0                    0                    \n"
		"Max realtime timeout      unlimited            unlimited            us        \n");
	kthread = read_root(&f, 2, "limits");
	ck_assert_ptr_nonnull(strstr(kthread, "Max open files            1024                 4096 "));
	/* anyone reads anyone's: 0444 and no ptrace check */
	ck_assert_int_eq(read_err(&f, 1, "limits", 1000), 0);
	ck_assert_uint_eq(mode_of(&f, "proc/1/limits"), S_IFREG | 0444);
	ck_assert_uint_eq(mode_of(&f, "proc/1/task/1/limits"), S_IFREG | 0444);
	shutdown(&f);
}
END_TEST

START_TEST(test_small_values)
{
	struct fixture f = boot();
	struct task_struct *t = spawn(&f, "app", 1000, 0);
	g_autofree char *io = read_root(&f, t->pid, "io"), *ss = read_root(&f, t->pid, "schedstat");
	g_autofree char *wchan = read_root(&f, t->pid, "wchan");
	g_autofree char *pers = read_root(&f, t->pid, "personality");
	g_autofree char *stack = read_root(&f, t->pid, "stack");
	g_autofree char *luid = read_root(&f, t->pid, "loginuid");
	g_autofree char *sid = read_root(&f, t->pid, "sessionid");
	g_autofree char *io2 = NULL;
	int err;

	/* exec's page faults read 68 pages of the binary and libraries from the disk */
	ck_assert_str_eq(io, "rchar: 0\nwchar: 0\nsyscr: 0\nsyscw: 0\nread_bytes: 278528\n"
			     "write_bytes: 0\ncancelled_write_bytes: 0\n");
	/* the counters as they stand */
	t->ioac.rchar = 4096;
	t->ioac.syscr = 1;
	t->ioac.write_bytes = 8192;
	io2 = read_as(&f, t->pid, "io", 1000, &err);
	ck_assert_int_eq(err, 0);
	ck_assert_str_eq(io2, "rchar: 4096\nwchar: 0\nsyscr: 1\nsyscw: 0\nread_bytes: 278528\n"
			      "write_bytes: 8192\ncancelled_write_bytes: 0\n");
	ck_assert_int_eq(read_err(&f, 1, "io", 1000), -EACCES);
	ck_assert_str_eq(ss, "0 0 0\n");
	ck_assert_str_eq(wchan, "0");
	ck_assert_str_eq(pers, "00000000\n");
	ck_assert_str_eq(stack, "");
	/* the task's owner may open stack (0400) but not read it */
	ck_assert_int_eq(read_err(&f, t->pid, "stack", 1000), -EACCES);
	ck_assert_int_eq(read_err(&f, t->pid, "personality", 1000), 0);
	ck_assert_str_eq(luid, "4294967295");
	ck_assert_str_eq(sid, "4294967295");
	/* only the task itself sets its loginuid: never the writer */
	ck_assert_int_eq(write_as(&f, t->pid, "loginuid", "1000", 0), -EPERM);
	ck_assert_int_eq(write_as(&f, t->pid, "loginuid", "junk", 1000), -EPERM);
	ck_assert_uint_eq(t->loginuid, AUDIT_UID_UNSET);
	ck_assert_uint_eq(mode_of(&f, "proc/1/io"), S_IFREG | 0400);
	ck_assert_uint_eq(mode_of(&f, "proc/1/stack"), S_IFREG | 0400);
	ck_assert_uint_eq(mode_of(&f, "proc/1/loginuid"), S_IFREG | 0644);
	ck_assert_uint_eq(mode_of(&f, "proc/1/task/1/io"), S_IFREG | 0400);
	shutdown(&f);
}
END_TEST

START_TEST(test_coredump_filter)
{
	struct fixture f = boot();
	struct task_struct *sh = spawn(&f, "sh", 1000, 0), *child;
	g_autofree char *text = read_root(&f, sh->pid, "coredump_filter");
	g_autofree char *kthread = read_root(&f, 2, "coredump_filter");
	g_autofree char *after = NULL, *forked = NULL;
	int pid;

	ck_assert_str_eq(text, "00000033\n");
	ck_assert_str_eq(kthread, "");
	ck_assert_int_eq(write_as(&f, 2, "coredump_filter", "1", 0), -ESRCH);
	/* kstrtouint base 0; bits past MMF_DUMP_FILTER_BITS are dropped */
	ck_assert_int_eq(write_as(&f, sh->pid, "coredump_filter", "0xffff\n", 1000), 7);
	after = read_root(&f, sh->pid, "coredump_filter");
	ck_assert_str_eq(after, "000001ff\n");
	ck_assert_int_eq(write_as(&f, sh->pid, "coredump_filter", "0x100000000", 1000), -ERANGE);
	ck_assert_int_eq(write_as(&f, sh->pid, "coredump_filter", "-1", 1000), -EINVAL);
	ck_assert_int_eq(write_as(&f, sh->pid, "coredump_filter", "07", 1000), 2);
	ck_assert_uint_eq(sh->mm->dump_filter, 7);
	/* fork copies the mm's flags, and so does exec from the parent */
	pid = task_fork(f.m, sh);
	ck_assert_int_gt(pid, 0);
	ck_machine_ok(f.m);
	forked = read_root(&f, pid, "coredump_filter");
	ck_assert_str_eq(forked, "00000007\n");
	child = spawn(&f, "child", 1000, sh->pid);
	ck_assert_uint_eq(child->mm->dump_filter, 7);
	ck_assert_uint_eq(mode_of(&f, "proc/1/coredump_filter"), S_IFREG | 0644);
	ck_assert_ptr_null(pfs_resolve(f.tree, "proc/1/task/1/coredump_filter"));
	shutdown(&f);
}
END_TEST

START_TEST(test_timerslack_ns)
{
	struct fixture f = boot();
	struct task_struct *t = spawn(&f, "app", 1000, 0), *child;
	g_autofree char *text = read_root(&f, t->pid, "timerslack_ns"), *after = NULL;

	ck_assert_str_eq(text, "50000\n");
	/* another task's slack needs CAP_SYS_NICE, to read as to write; the number comes first */
	ck_assert_int_eq(read_err(&f, t->pid, "timerslack_ns", 1000), -EPERM);
	ck_assert_int_eq(write_as(&f, t->pid, "timerslack_ns", "100", 1000), -EPERM);
	ck_assert_int_eq(write_as(&f, t->pid, "timerslack_ns", "0x10", 1000), -EINVAL);
	ck_assert_int_eq(write_as(&f, t->pid, "timerslack_ns", "18446744073709551616", 0), -ERANGE);
	ck_assert_int_eq(write_as(&f, t->pid, "timerslack_ns", "1000\n", 0), 5);
	after = read_root(&f, t->pid, "timerslack_ns");
	ck_assert_str_eq(after, "1000\n");
	/* a child starts with the parent's slack, and 0 restores that, not 50 us */
	child = spawn(&f, "child", 1000, t->pid);
	ck_assert_int_eq(write_as(&f, child->pid, "timerslack_ns", "7", 0), 1);
	ck_assert_uint_eq(child->timer_slack_ns, 7);
	ck_assert_int_eq(write_as(&f, child->pid, "timerslack_ns", "0", 0), 1);
	ck_assert_uint_eq(child->timer_slack_ns, 1000);
	ck_assert_int_eq(write_as(&f, t->pid, "timerslack_ns", "0", 0), 1);
	ck_assert_uint_eq(t->timer_slack_ns, 50000);
	ck_assert_uint_eq(mode_of(&f, "proc/1/timerslack_ns"), S_IFREG | 0666);
	ck_assert_ptr_null(pfs_resolve(f.tree, "proc/1/task/1/timerslack_ns"));
	shutdown(&f);
}
END_TEST

START_TEST(test_autogroup)
{
	struct fixture f = boot();
	struct task_struct *bash = by_comm(&f, "bash"), *t;
	g_autofree char *init = read_root(&f, 1, "autogroup"), *sh = read_root(&f, bash->pid, "autogroup");
	g_autofree char *kthread = read_root(&f, 2, "autogroup"), *child = NULL, *after = NULL;

	/* every boot process was started in a session of its own: one autogroup each */
	ck_assert_str_eq(init, "/autogroup-1 nice 0\n");
	ck_assert_str_eq(sh, "/autogroup-2 nice 0\n");
	ck_assert_str_eq(kthread, "");
	t = spawn(&f, "vim", 0, bash->pid);
	child = read_root(&f, t->pid, "autogroup");
	ck_assert_str_eq(child, "/autogroup-2 nice 0\n");
	/* the group's nice, shared by its tasks */
	ck_assert_int_eq(write_as(&f, t->pid, "autogroup", "5\n", 0), 2);
	after = read_root(&f, bash->pid, "autogroup");
	ck_assert_str_eq(after, "/autogroup-2 nice 5\n");
	ck_assert_int_eq(write_as(&f, t->pid, "autogroup", "20", 0), -EINVAL);
	ck_assert_int_eq(write_as(&f, t->pid, "autogroup", "-1", 1000), -EPERM);
	ck_assert_int_eq(write_as(&f, t->pid, "autogroup", "x", 0), -EINVAL);
	ck_assert_int_eq(write_as(&f, 2, "autogroup", "1", 0), -EINVAL);
	/* an unprivileged writer: one change per 100 ms, counted from any writer's */
	ck_assert_int_eq(write_as(&f, t->pid, "autogroup", "3", 1000), -EAGAIN);
	sim_clock_advance(f.m, 100 * 1000 * 1000);
	ck_assert_int_eq(write_as(&f, t->pid, "autogroup", "3", 1000), 1);
	ck_assert_int_eq(write_as(&f, t->pid, "autogroup", "4", 1000), -EAGAIN);
	sim_clock_advance(f.m, 100 * 1000 * 1000);
	ck_assert_int_eq(write_as(&f, t->pid, "autogroup", "4", 1000), 1);
	ck_assert_int_eq(bash->autogroup->nice, 4);
	/* the group goes with its last task */
	ck_assert_int_eq(task_exit(f.m, t, 0, false), 0);
	ck_assert_int_eq(task_exit(f.m, bash, 0, false), 0);
	ck_machine_ok(f.m);
	ck_assert_uint_eq(mode_of(&f, "proc/1/autogroup"), S_IFREG | 0644);
	ck_assert_ptr_null(pfs_resolve(f.tree, "proc/1/task/1/autogroup"));
	shutdown(&f);
}
END_TEST

START_TEST(test_mem)
{
	struct fixture f = boot();
	struct task_struct *t = spawn(&f, "app", 1000, 0);
	g_autofree char *kthread = read_root(&f, 2, "mem");

	/* pages hold no bytes: reads and writes fail as at an unmapped address */
	ck_assert_int_eq(read_err(&f, t->pid, "mem", 1000), -EIO);
	ck_assert_int_eq(read_err(&f, t->pid, "mem", 0), -EIO);
	ck_assert_int_eq(write_as(&f, t->pid, "mem", "x", 1000), -EIO);
	ck_assert_int_eq(read_err(&f, 1, "mem", 1000), -EACCES);
	/* a kernel thread has no mm: it opens and reads nothing; a write is EIO, never 0 bytes */
	ck_assert_str_eq(kthread, "");
	ck_assert_int_eq(write_as(&f, 2, "mem", "x", 0), -EIO);
	ck_assert_uint_eq(mode_of(&f, "proc/1/mem"), S_IFREG | 0600);
	shutdown(&f);
}
END_TEST

START_TEST(test_links)
{
	struct fixture f = boot();
	struct task_struct *t = spawn(&f, "postgres", 1000, 0);
	g_autofree char *exe = NULL, *cwd = NULL, *root = NULL, *init = NULL, *forked = NULL;
	g_autofree char *kcwd = NULL, *none = NULL, *ns = NULL, *pfc = NULL, *fd = NULL;
	GPtrArray *names;
	int err, pid;

	exe = link_as(&f, t->pid, "exe", 1000, &err);
	ck_assert_int_eq(err, 0);
	ck_assert_str_eq(exe, "/usr/bin/postgres");
	cwd = link_as(&f, t->pid, "cwd", 1000, &err);
	ck_assert_str_eq(cwd, "/");
	root = link_as(&f, t->pid, "root", 0, &err);
	ck_assert_str_eq(root, "/");
	init = link_as(&f, 1, "exe", 0, &err);
	ck_assert_str_eq(init, "/usr/lib/systemd/systemd");
	pid = task_fork(f.m, t);
	ck_machine_ok(f.m);
	forked = link_as(&f, pid, "exe", 1000, &err);
	ck_assert_str_eq(forked, "/usr/bin/postgres");
	/* another uid's, and a kernel thread's exe */
	none = link_as(&f, 1, "exe", 1000, &err);
	ck_assert_int_eq(err, -EACCES);
	ck_assert_ptr_null(link_as(&f, 2, "exe", 0, &err));
	ck_assert_int_eq(err, -ENOENT);
	kcwd = link_as(&f, 2, "cwd", 0, &err);
	ck_assert_str_eq(kcwd, "/");
	/* ns/: the initial namespaces' fixed inodes */
	ns = link_as(&f, t->pid, "ns/mnt", 1000, &err);
	ck_assert_str_eq(ns, "mnt:[4026531832]");
	pfc = link_as(&f, t->pid, "ns/pid_for_children", 1000, &err);
	ck_assert_str_eq(pfc, "pid:[4026531836]");
	ck_assert_ptr_null(link_as(&f, 1, "ns/net", 1000, &err));
	ck_assert_int_eq(err, -EACCES);
	ck_assert_uint_eq(mode_of(&f, "proc/1/ns"), S_IFDIR | 0511);
	names = pfs_list(f.tree, pfs_resolve(f.tree, "proc/1/ns"));
	ck_assert_uint_eq(names->len, 10);
	ck_assert_str_eq(((struct pfs_node *)g_ptr_array_index(names, 0))->name, "net");
	g_ptr_array_unref(names);
	/* fd/: stdio on /dev/null; none for a kernel thread */
	fd = link_as(&f, t->pid, "fd/2", 1000, &err);
	ck_assert_str_eq(fd, "/dev/null");
	ck_assert_uint_eq(mode_of(&f, "proc/1/fd/0"), S_IFLNK | 0700);
	ck_assert_uint_eq(mode_of(&f, "proc/1/fd"), S_IFDIR | 0500);
	ck_assert_ptr_null(pfs_resolve(f.tree, "proc/1/fd/3"));
	ck_assert_ptr_null(pfs_resolve(f.tree, "proc/2/fd/0"));
	ck_assert_uint_eq(pfs_resolve(f.tree, "proc/1/fd/0")->uid, 0);
	ck_assert_uint_eq(pfs_resolve(f.tree, "proc/1/task/1/fd/0") != NULL, 1);
	shutdown(&f);
}
END_TEST

START_TEST(test_fdinfo_and_mounts)
{
	struct fixture f = boot();
	struct task_struct *t = spawn(&f, "app", 1000, 0);
	g_autofree char *fdinfo = read_root(&f, t->pid, "fdinfo/1");
	g_autofree char *info = read_root(&f, t->pid, "mountinfo");
	g_autofree char *stats = read_root(&f, t->pid, "mountstats");
	g_autofree char *mounts = read_root(&f, t->pid, "mounts"), *global = render(f.m, "proc/mounts");

	ck_assert_str_eq(fdinfo, "pos:\t0\nflags:\t0100002\nmnt_id:\t24\nino:\t4\n");
	ck_assert_int_eq(read_err(&f, 1, "fdinfo/0", 1000), -EACCES);
	ck_assert_str_eq(info,
		"22 1 0:22 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
		"23 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw\n"
		"24 1 0:5 / /dev rw,relatime - devtmpfs devtmpfs rw,size=27648k,nr_inodes=6912,mode=755\n"
		"25 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 "
		"rw,nsdelegate,memory_recursiveprot\n");
	ck_assert_str_eq(stats,
		"device proc mounted on /proc with fstype proc\n"
		"device sysfs mounted on /sys with fstype sysfs\n"
		"device devtmpfs mounted on /dev with fstype devtmpfs\n"
		"device cgroup2 mounted on /sys/fs/cgroup with fstype cgroup2\n");
	ck_assert_str_eq(mounts, global);
	ck_assert_uint_eq(mode_of(&f, "proc/1/mountstats"), S_IFREG | 0400);
	ck_assert_ptr_null(pfs_resolve(f.tree, "proc/1/task/1/mountstats"));
	ck_assert_ptr_nonnull(pfs_resolve(f.tree, "proc/1/task/1/mountinfo"));
	shutdown(&f);
}
END_TEST

/* A task gone: its files answer ENOENT at open, ESRCH to writes */
START_TEST(test_gone)
{
	struct fixture f = boot();
	struct task_struct *t = spawn(&f, "app", 1000, 0);
	g_autofree char *cf = g_strdup_printf("proc/%d/coredump_filter", t->pid);
	g_autofree char *exe_path = g_strdup_printf("proc/%d/exe", t->pid);
	struct pfs_node *n = pfs_resolve(f.tree, cf), *exe = pfs_resolve(f.tree, exe_path);
	struct pfs_open *of;
	char *target = NULL;
	int err;

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(pfs_open(f.tree, n, O_WRONLY, 0, 0, &of), 0);
	ck_assert_int_eq(task_exit(f.m, t, 0, false), 0);
	ck_machine_ok(f.m);
	ck_assert_int_eq(pfs_write(f.tree, of, 0, "1", 1), -ESRCH);
	pfs_release(of);
	err = pfs_readlink(f.tree, exe, 0, 0, &target);
	ck_assert_int_eq(err, -ENOENT);
	shutdown(&f);
}
END_TEST

static Suite *proc_base_suite(void)
{
	Suite *s = suite_create("proc_base");
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_small_values);
	tcase_add_test(tc, test_coredump_filter);
	tcase_add_test(tc, test_timerslack_ns);
	tcase_add_test(tc, test_autogroup);
	tcase_add_test(tc, test_mem);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_fdinfo_and_mounts);
	tcase_add_test(tc, test_gone);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(proc_base_suite());
}
