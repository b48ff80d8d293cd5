// SPDX-License-Identifier: GPL-2.0
/*
 * mmsimctl - run one sim/ctl command and print its reply, or run a real tool
 * against the simulated machine.
 *
 *	mmsimctl [-m MOUNTPOINT] VERB [ARG...] [key=value...]
 *	mmsimctl [-m MOUNTPOINT] run [--cgroup] [--] COMMAND [ARG...]
 *
 * The mount point comes from -m, else $MMSIMFS_MNT, else ./mnt. On success
 * the reply goes to stdout and the exit status is 0; on failure the reason
 * goes to stderr and the status is 1 (2 for a usage error), so scripts can
 * write pid=$(mmsimctl spawn db) and test $?.
 *
 *	mmsimctl [-m MOUNTPOINT] page-types [--pid PID] [--raw]
 *
 * is not a sim/ctl verb: it reads kpageflags (and a task's pagemap) and
 * prints the kernel's page-types summary (src/page_types.c).
 *
 * run puts COMMAND in a private mount and pid namespace whose /proc is the
 * tree's (see run_command() for the layout) and exits with its status.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "page_types.h"

static int usage(void)
{
	fprintf(stderr, "usage: mmsimctl [-m MOUNTPOINT] VERB [ARG...] [key=value...]\n"
			"       mmsimctl [-m MOUNTPOINT] page-types [--pid PID] [--raw]\n"
			"       mmsimctl [-m MOUNTPOINT] run [--cgroup] [--] COMMAND [ARG...]\n"
			"       mmsimctl help    lists the verbs\n");
	return 2;
}

/* ---------------------------------------------------------------- run */

/* Exit statuses of run's own failures, as env(1) and timeout(1) have them. */
#define RUN_FAILED	125	/* the namespaces could not be set up */
#define RUN_NOEXEC	126	/* COMMAND was found but could not be run */
#define RUN_NOTFOUND	127	/* COMMAND was not found */

/*
 * The namespace's own procfs, mounted inside the new /proc: what the tree
 * does not have (self, thread-self, net, tty, filesystems, ...) is a link
 * into it, so a tool's /proc/self is its own.
 */
#define RUN_NS_PROC	".ns"

/*
 * The namespace's processes take pids from RUN_PID_BASE up (or above the
 * simulation's pid_max), so they never meet a simulated pid, and /proc holds
 * links for RUN_PID_LINKS of them: a tool finds /proc/<its own pid>. A link
 * whose process does not exist dangles, and readers of /proc skip it as they
 * skip a process that has just exited.
 */
#define RUN_PID_BASE	50000
#define RUN_PID_LINKS	256

/*
 * The tree's directories of proc/sys that replace the real ones whole (the
 * knobs the simulation has); its other files are bound one by one over the
 * real files of the same name, so kernel.ns_last_pid and the rest stay.
 */
static const char *const run_sysctl_dirs[] = { "vm" };

/*
 * The tree's directories of sys/ that replace the real ones, each when the
 * tree has something in it and the real one exists (a bind needs a place):
 * sys/fs/cgroup once the tree has a cgroup hierarchy, sys/kernel/debug once
 * it has fault injection, sys/block with the simulated disks.
 */
static const char *const run_sys_dirs[] = {
	"block",
	"devices/system/node",
	"kernel/slab",
	"kernel/mm",
	"kernel/debug",
	"fs/cgroup",
};

/* where run_forward() sends a signal: the namespace's init, then COMMAND */
static volatile sig_atomic_t run_target;

static const int run_signals[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP };

/*
 * A signal a process sent us (kill(1), a test's cleanup) goes on to COMMAND;
 * one from the terminal reaches COMMAND's process group by itself, so it is
 * not sent twice.
 */
static void run_forward(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	if (info->si_code <= 0 && run_target > 0)
		kill((pid_t)run_target, sig);
}

static int run_fail(const char *what, int err)
{
	fprintf(stderr, "mmsimctl run: %s: %s\n", what, strerror(err));
	return RUN_FAILED;
}

static bool run_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* a directory with at least one entry */
static bool run_has_entries(const char *path)
{
	g_autoptr(GDir) d = g_dir_open(path, 0, NULL);

	return d && g_dir_read_name(d);
}

static int run_bind(const char *src, const char *dst)
{
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0) {
		g_autofree char *what = g_strdup_printf("bind %s over %s", src, dst);

		return run_fail(what, errno);
	}
	return 0;
}

/* mountinfo writes space, tab, newline and backslash as \ooo */
static void run_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

/* PATH is DIR or below it */
static bool run_is_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return true;
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/*
 * Lazily unmount, in the new mount namespace, every FUSE mount but the
 * tree's (and those it lies below). The namespace's copy of another
 * daemon's mount would hold that daemon's connection open after its owner
 * unmounts it, and the daemon would not exit before COMMAND does.
 */
static int run_detach_fuse(const char *mnt)
{
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	guint i;

	if (!g_file_get_contents("/proc/self/mountinfo", &text, NULL, NULL))
		return run_fail("/proc/self/mountinfo", errno ? errno : EIO);
	lines = g_strsplit(text, "\n", -1);
	/* children are listed after their parents: detach them first */
	for (i = g_strv_length(lines); i-- > 0;) {
		g_auto(GStrv) f = g_strsplit(lines[i], " ", -1);
		guint n = g_strv_length(f), sep;

		for (sep = 6; sep < n && strcmp(f[sep], "-"); sep++)
			;
		if (sep + 1 >= n || n < 5)
			continue;
		if (strcmp(f[sep + 1], "fuse") && strcmp(f[sep + 1], "fuseblk") &&
		    !g_str_has_prefix(f[sep + 1], "fuse."))
			continue;
		run_unescape(f[4]);
		if (run_is_below(mnt, f[4]))
			continue;
		/* EINVAL: it went with a mount above it */
		umount2(f[4], MNT_DETACH);
	}
	return 0;
}

/* an empty file or directory like SRC at DST, to bind SRC on */
static int run_mount_point(const char *src, const char *dst, bool *skip)
{
	struct stat st;
	int fd;

	*skip = false;
	if (lstat(src, &st) < 0 || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
		/* a task that exited since the listing; proc/self: the namespace's own */
		*skip = true;
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (mkdir(dst, 0555) < 0)
			return run_fail(dst, errno);
		return 0;
	}
	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0)
		return run_fail(dst, errno);
	close(fd);
	return 0;
}

/*
 * proc/sys: the namespace's own, with the tree's run_sysctl_dirs over the
 * real ones and every other file of the tree over the real file, if any.
 */
static int run_bind_sysctl(const char *tree, const char *real, int depth)
{
	g_autoptr(GDir) d = g_dir_open(tree, 0, NULL);
	const char *name;
	int err = 0;

	while (!err && d && (name = g_dir_read_name(d))) {
		g_autofree char *src = g_build_filename(tree, name, NULL);
		g_autofree char *dst = g_build_filename(real, name, NULL);
		struct stat st;
		bool whole = false;
		guint i;

		if (lstat(dst, &st) < 0)
			continue;	/* nothing to bind on */
		for (i = 0; depth == 0 && i < G_N_ELEMENTS(run_sysctl_dirs); i++)
			whole |= !strcmp(name, run_sysctl_dirs[i]);
		if (S_ISDIR(st.st_mode) && !whole)
			err = run_bind_sysctl(src, dst, depth + 1);
		else if (S_ISDIR(st.st_mode) == run_is_dir(src))
			err = run_bind(src, dst) ? -1 : 0;
	}
	return err;
}

/*
 * The pids of the namespace start above the simulation's; links into the
 * namespace's procfs stand for the first RUN_PID_LINKS of them. If the
 * namespace's pid_max leaves no room for them, or the kernel refuses the
 * start, pids start at 2 and only /proc/self finds the tool.
 */
static int run_pid_links(const char *mnt)
{
	g_autofree char *pid_max_path = g_build_filename(mnt, "proc/sys/kernel/pid_max", NULL);
	g_autofree char *text = NULL;
	long base = RUN_PID_BASE, i;
	FILE *f;

	if (g_file_get_contents(pid_max_path, &text, NULL, NULL))
		base = MAX(base, strtol(text, NULL, 10));
	g_clear_pointer(&text, g_free);
	/* pids past the namespace's pid_max would wrap to 300, among the simulated ones */
	if (g_file_get_contents("/proc/" RUN_NS_PROC "/sys/kernel/pid_max", &text, NULL, NULL) &&
	    base + RUN_PID_LINKS > strtol(text, NULL, 10))
		return 0;
	f = fopen("/proc/" RUN_NS_PROC "/sys/kernel/ns_last_pid", "w");
	if (!f)
		return 0;
	fprintf(f, "%ld\n", base - 1);
	if (fclose(f) != 0)
		return 0;
	for (i = base + RUN_PID_LINKS - 1; i >= base; i--) {
		char target[64], link[64];

		snprintf(target, sizeof(target), RUN_NS_PROC "/%ld", i);
		snprintf(link, sizeof(link), "/proc/%ld", i);
		if (symlink(target, link) < 0)
			return run_fail(link, errno);
	}
	return 0;
}

static bool run_is_pid(const char *name)
{
	return *name && strspn(name, "0123456789") == strlen(name);
}

/*
 * tmpfs lists the newest entry first, and /proc lists its names, then its
 * pids in ascending order: entries are made in the reverse of that, pids
 * from the highest down, then the names.
 */
static gint run_cmp_entries(gconstpointer a, gconstpointer b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	bool px = run_is_pid(x), py = run_is_pid(y);

	if (px != py)
		return px ? -1 : 1;
	if (px)
		return strtol(y, NULL, 10) < strtol(x, NULL, 10) ? -1 : 1;
	return strcmp(x, y);
}

/* the names in DIR, in run_cmp_entries() order */
static GPtrArray *run_list(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	while (d && (name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, run_cmp_entries);
	return names;
}

/*
 * The new /proc: a tmpfs holding the tree's top-level files and its pid and
 * pressure directories, each bound from the tree; proc/sys as
 * run_bind_sysctl() makes it; the namespace's procfs at /proc/.ns, and a
 * link into it for each of its entries the tree lacks; then read-only, as a
 * real /proc takes no new entries.
 */
static int run_setup_proc(const char *mnt)
{
	g_autofree char *tproc = g_build_filename(mnt, "proc", NULL);
	g_autofree char *tsys = g_build_filename(tproc, "sys", NULL);
	g_autoptr(GPtrArray) tree = NULL, ns = NULL;
	guint i;
	int err;

	if (mount("mmsimctl-run", "/proc", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "mode=0555") < 0)
		return run_fail("mount a tmpfs on /proc", errno);
	if (mkdir("/proc/" RUN_NS_PROC, 0555) < 0)
		return run_fail("/proc/" RUN_NS_PROC, errno);
	if (mount("proc", "/proc/" RUN_NS_PROC, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) <
	    0)
		return run_fail("mount the namespace's procfs", errno);
	tree = run_list(tproc);
	if (!tree->len)
		return run_fail(tproc, ENOENT);
	ns = run_list("/proc/" RUN_NS_PROC);

	err = run_pid_links(mnt);
	for (i = 0; !err && i < tree->len; i++) {
		const char *name = tree->pdata[i];
		g_autofree char *src = g_build_filename(tproc, name, NULL);
		g_autofree char *dst = g_build_filename("/proc", name, NULL);
		bool skip;

		if (!strcmp(name, "sys")) {
			if (mkdir("/proc/sys", 0555) < 0)
				return run_fail("/proc/sys", errno);
			err = run_bind("/proc/" RUN_NS_PROC "/sys", "/proc/sys");
			if (!err && run_bind_sysctl(tsys, "/proc/sys", 0))
				err = RUN_FAILED;
			continue;
		}
		err = run_mount_point(src, dst, &skip);
		if (err || skip)
			continue;
		if (mount(src, dst, NULL, MS_BIND, NULL) < 0) {
			if (errno != ENOENT)
				return run_bind(src, dst);
			remove(dst);	/* the task exited since the listing */
		}
	}
	for (i = 0; !err && i < ns->len; i++) {
		const char *name = ns->pdata[i];
		g_autofree char *target = g_build_filename(RUN_NS_PROC, name, NULL);
		g_autofree char *link = g_build_filename("/proc", name, NULL);
		struct stat st;

		/* the namespace's pids have their links; the tree has the rest */
		if (run_is_pid(name) || lstat(link, &st) == 0)
			continue;
		if (symlink(target, link) < 0)
			err = run_fail(link, errno);
	}
	if (err)
		return err;
	if (mount(NULL, "/proc", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV |
		  MS_NOEXEC, NULL) < 0)
		return run_fail("remount /proc read-only", errno);
	return 0;
}

/* the tree's sys/ directories of run_sys_dirs and its dev/kmsg, when present */
static int run_setup_sys(const char *mnt)
{
	g_autofree char *kmsg = g_build_filename(mnt, "dev/kmsg", NULL);
	guint i;
	int err = 0;

	for (i = 0; !err && i < G_N_ELEMENTS(run_sys_dirs); i++) {
		g_autofree char *src = g_build_filename(mnt, "sys", run_sys_dirs[i], NULL);
		g_autofree char *dst = g_build_filename("/sys", run_sys_dirs[i], NULL);

		if (run_has_entries(src) && run_is_dir(dst))
			err = run_bind(src, dst);
	}
	if (!err && access(kmsg, F_OK) == 0 && access("/dev/kmsg", F_OK) == 0)
		err = run_bind(kmsg, "/dev/kmsg");
	return err;
}

/*
 * The namespace's init (pid 1): make the mounts, start COMMAND, reap until
 * it exits and return its status (128+N for signal N). When init returns the
 * kernel kills what COMMAND left running, and the last process of the mount
 * namespace takes its mounts with it: nothing needs undoing.
 */
static int run_init(const char *mnt, bool cgroup, char **argv)
{
	pid_t cmd, pid;
	int st, err;

	run_target = 0;
	/* if the process waiting for us is killed, the namespace goes with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (unshare(CLONE_NEWNS | (cgroup ? CLONE_NEWCGROUP : 0)) < 0)
		return run_fail(cgroup ? "unshare(CLONE_NEWNS|CLONE_NEWCGROUP)" :
					 "unshare(CLONE_NEWNS)", errno);
	/* nothing mounted here reaches the host, nor the host's mounts us */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return run_fail("make / private", errno);
	err = run_detach_fuse(mnt);
	if (!err)
		err = run_setup_proc(mnt);
	if (!err)
		err = run_setup_sys(mnt);
	if (err)
		return err;

	fflush(NULL);
	cmd = fork();
	if (cmd < 0)
		return run_fail("fork", errno);
	if (cmd == 0) {
		execvp(argv[0], argv);
		err = errno;
		fprintf(stderr, "mmsimctl run: %s: %s\n", argv[0], strerror(err));
		_exit(err == ENOENT ? RUN_NOTFOUND : RUN_NOEXEC);
	}
	run_target = cmd;
	for (;;) {
		pid = waitpid(-1, &st, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			return run_fail("waitpid", errno);
		if (pid == cmd)
			break;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * In a child of mmsimctl: make the pid namespace, start its init, wait for
 * it and return its status. mmsimctl itself keeps its own pid namespace for
 * its children: after unshare(CLONE_NEWPID) a process can fork no more once
 * the new namespace's init is gone, and LeakSanitizer's exit check forks.
 */
static int run_spawn_init(const char *mnt, bool cgroup, char **argv)
{
	pid_t init, pid;
	int st;

	run_target = 0;
	if (unshare(CLONE_NEWPID) < 0) {
		if (errno == EPERM)
			fprintf(stderr, "mmsimctl run: unshare(CLONE_NEWPID): %s: making namespaces "
					"needs root (CAP_SYS_ADMIN)\n", strerror(errno));
		else
			run_fail("unshare(CLONE_NEWPID): this kernel cannot make a pid namespace",
				 errno);
		return RUN_FAILED;
	}
	/* if mmsimctl is killed, this process and the namespace go with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	init = fork();
	if (init < 0)
		return run_fail("fork", errno);
	if (init == 0)
		_exit(run_init(mnt, cgroup, argv));
	run_target = init;
	while ((pid = waitpid(init, &st, 0)) < 0 && errno == EINTR)
		;
	if (pid < 0)
		return run_fail("waitpid", errno);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run_usage(void)
{
	fprintf(stderr, "usage: mmsimctl [-m MOUNTPOINT] run [--cgroup] [--] COMMAND [ARG...]\n");
	return 2;
}

/*
 * mmsimctl run [--cgroup] [--] COMMAND...: COMMAND in a new pid namespace
 * (its init is our grandchild) and a private mount namespace where the tree is
 * bound over /proc, over /sys's simulated directories and over /dev/kmsg;
 * --cgroup adds a cgroup namespace, so COMMAND's own cgroup is the root of
 * the hierarchy it sees. The exit status is COMMAND's (128+N when signal N
 * killed it), RUN_FAILED when the namespaces could not be made.
 */
static int run_command(const char *mnt_arg, int argc, char **argv)
{
	g_autofree char *mnt = NULL, *ctl = NULL;
	struct sigaction sa = { .sa_sigaction = run_forward, .sa_flags = SA_SIGINFO | SA_RESTART };
	bool cgroup = false;
	int i = 1, st;
	pid_t init, pid;
	guint s;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--cgroup")) {
			cgroup = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			return run_usage();
		} else {
			fprintf(stderr, "mmsimctl run: unknown option '%s'\n", argv[i]);
			return run_usage();
		}
	}
	if (i >= argc || !*argv[i])
		return run_usage();

	mnt = realpath(mnt_arg, NULL);
	if (!mnt)
		return run_fail(mnt_arg, errno);
	ctl = g_build_filename(mnt, "sim", "ctl", NULL);
	if (access(ctl, F_OK) < 0) {
		fprintf(stderr, "mmsimctl run: %s is not a mounted mmsimfs tree (%s: %s)\n", mnt,
			ctl, strerror(errno));
		return RUN_FAILED;
	}

	/* a signal ignored at start stays ignored, for COMMAND too */
	sigemptyset(&sa.sa_mask);
	for (s = 0; s < G_N_ELEMENTS(run_signals); s++) {
		struct sigaction old;

		if (sigaction(run_signals[s], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(run_signals[s], &sa, NULL);
	}

	fflush(NULL);
	init = fork();
	if (init < 0)
		return run_fail("fork", errno);
	if (init == 0)
		_exit(run_spawn_init(mnt, cgroup, argv + i));
	run_target = init;
	while ((pid = waitpid(init, &st, 0)) < 0 && errno == EINTR)
		;
	if (pid < 0)
		return run_fail("waitpid", errno);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char *argv[])
{
	const char *mnt = getenv("MMSIMFS_MNT");
	g_autofree char *path = NULL, *cmd = NULL;
	g_autoptr(GString) reply = g_string_new(NULL);
	char buf[65536];
	ssize_t n;
	int first = 1, fd, err;

	if (!mnt || !*mnt)
		mnt = "mnt";
	if (argc > 2 && !strcmp(argv[1], "-m")) {
		mnt = argv[2];
		first = 3;
	}
	if (first >= argc || !strcmp(argv[first], "-h") || !strcmp(argv[first], "--help"))
		return usage();
	if (!strcmp(argv[first], "run"))
		return run_command(mnt, argc - first, argv + first);

	if (!strcmp(argv[first], "page-types"))
		return page_types_main(mnt, argc - first, argv + first);
	path = g_build_filename(mnt, "sim", "ctl", NULL);
	cmd = g_strjoinv(" ", argv + first);
	if (!*g_strstrip(cmd))
		return usage();
	fd = open(path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "mmsimctl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	n = write(fd, cmd, strlen(cmd));
	err = n < 0 ? errno : 0;

	/*
	 * The reply, or the reason, is what the same open file reads back from
	 * 0; the daemon bounds it (a summary line replaces what passes 1 MiB).
	 */
	while ((n = pread(fd, buf, sizeof(buf), (off_t)reply->len)) > 0)
		g_string_append_len(reply, buf, n);
	close(fd);

	if (err) {
		if (reply->len)
			fputs(reply->str, stderr);
		else
			fprintf(stderr, "mmsimctl: %s: %s\n", cmd, strerror(err));
		return 1;
	}
	fputs(reply->str, stdout);
	return 0;
}
