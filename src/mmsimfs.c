// SPDX-License-Identifier: GPL-2.0
/*
 * mmsimfs - mount a simulated machine's /proc and /sys.
 *
 *	mmsimfs [--machine PRESET | --config FILE] [--clock realtime|manual]
 *		[--speed N] [--seed N] [FUSE options] MOUNTPOINT
 *
 * libfuse's multi-threaded loop serves FUSE requests (handlers never block:
 * every file is rendered from memory); -s keeps it to one thread. In
 * realtime mode another thread advances the simulated clock; all of them
 * take the machine lock around the engine. SIGINT, SIGTERM and SIGHUP end the loop and unmount cleanly. A bad
 * machine description exits with 2.
 */
#include <errno.h>
#include <fuse_lowlevel.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuse_ops.h"
#include "mm/machine.h"
#include "procfs/machine_desc.h"
#include "procfs/tree.h"

#define CLOCK_PERIOD_MS	10
#define MAX_FUSE_THREADS	4

struct options {
	char *machine;
	char *config;
	char *clock;
	char *speed;
	char *seed;
	int show_help;
	int show_version;
};

/*
 * fuse_opt runs every template an argument matches, and "--clock %s" also
 * matches "--clock=manual" (as "=manual"): one template per option, and
 * split_long_options() makes "--clock=manual" two arguments first.
 */
#define OPT(t, p) { t, offsetof(struct options, p), 1 }
static const struct fuse_opt option_spec[] = {
	OPT("--machine %s", machine), OPT("-m %s", machine),
	OPT("--config %s", config), OPT("-c %s", config),
	OPT("--clock %s", clock),
	OPT("--speed %s", speed),
	OPT("--seed %s", seed),
	OPT("-h", show_help), OPT("--help", show_help),
	OPT("-V", show_version), OPT("--version", show_version),
	FUSE_OPT_END
};

struct daemon {
	struct fuse_session *se;
	struct machine *m;
	bool realtime;
	double speed;
	GThread *clock_thread;
	gint stop;
};

static void usage(const char *prog)
{
	printf("usage: %s [options] MOUNTPOINT\n\n"
	       "Machine:\n"
	       "    -m, --machine=PRESET   default, numa2, i386-highmem or tiny (default: default)\n"
	       "    -c, --config=FILE      machine description (key file, see mmsimfs(8))\n"
	       "    --clock=MODE           realtime (default) or manual: time moves only on 'tick'\n"
	       "    --speed=N              simulated seconds per real second in realtime mode (default 1)\n"
	       "    --seed=N               seed for every random choice (default 1)\n"
	       "    -h, --help             this help\n"
	       "    -V, --version          version\n\n"
	       "FUSE:\n", prog);
	fuse_cmdline_help();
	fuse_lowlevel_help();
}

/* Realtime mode: move simulated time by the wall time elapsed, times --speed. */
static gpointer clock_thread(gpointer data)
{
	struct daemon *d = data;
	gint64 last = g_get_monotonic_time();
	double carry = 0;

	while (!g_atomic_int_get(&d->stop)) {
		gint64 now;
		double ns;

		g_usleep(CLOCK_PERIOD_MS * 1000);
		now = g_get_monotonic_time();
		ns = (double)(now - last) * 1000.0 * d->speed + carry;
		last = now;
		carry = ns - (double)(uint64_t)ns;
		machine_write_lock(d->m);
		machine_advance(d->m, (uint64_t)ns);
		machine_write_unlock(d->m);
	}
	return NULL;
}

static int parse_options(struct options *o, struct daemon *d, uint64_t *seed)
{
	char *end;

	d->realtime = !o->clock || !strcmp(o->clock, "realtime");
	if (o->clock && !d->realtime && strcmp(o->clock, "manual")) {
		fprintf(stderr, "mmsimfs: --clock: expected realtime or manual, not '%s'\n", o->clock);
		return -EINVAL;
	}
	d->speed = 1.0;
	if (o->speed) {
		d->speed = g_ascii_strtod(o->speed, &end);
		if (*end || !(d->speed > 0 && d->speed <= 1e6)) {
			fprintf(stderr, "mmsimfs: --speed: expected a number in (0, 1e6], not '%s'\n",
				o->speed);
			return -EINVAL;
		}
	}
	*seed = 1;
	if (o->seed) {
		errno = 0;
		*seed = g_ascii_strtoull(o->seed, &end, 0);
		if (errno || *end || !*o->seed) {
			fprintf(stderr, "mmsimfs: --seed: expected a number, not '%s'\n", o->seed);
			return -EINVAL;
		}
	}
	return 0;
}

static struct machine *boot(const struct options *o, uint64_t seed)
{
	struct machine_desc desc;
	char err[512] = "";
	struct machine *m;

	if (o->machine && o->config) {
		fprintf(stderr, "mmsimfs: give --machine or --config, not both\n");
		return NULL;
	}
	if (o->config) {
		if (machine_desc_load(o->config, NULL, &desc, err, sizeof(err))) {
			fprintf(stderr, "mmsimfs: %s: %s\n", o->config, err);
			return NULL;
		}
	} else {
		const struct machine_desc *p = machine_preset(o->machine ? o->machine : "default");

		if (!p) {
			fprintf(stderr, "mmsimfs: --machine: no preset '%s' (try default, numa2, "
				"i386-highmem, tiny)\n", o->machine);
			return NULL;
		}
		desc = *p;
	}
	m = machine_boot(&desc, seed, err, sizeof(err));
	if (m && machine_desc_apply_sysctl(m, err, sizeof(err))) {
		machine_free(m);
		m = NULL;
	}
	if (!m)
		fprintf(stderr, "mmsimfs: %s%s%s\n", o->config ? o->config : "", o->config ? ": " : "",
			err);
	return m;
}

/* "--machine=tiny" becomes "--machine" "tiny", for each of our long options, up to "--". */
static int split_long_options(int argc, char *argv[], struct fuse_args *args)
{
	static const char *const names[] = { "--machine=", "--config=", "--clock=", "--speed=", "--seed=" };
	bool options = true;

	for (int i = 0; i < argc; i++) {
		size_t k = 0;
		int err;

		if (!strcmp(argv[i], "--"))
			options = false;
		while (options && i && k < G_N_ELEMENTS(names) &&
		       strncmp(argv[i], names[k], strlen(names[k])))
			k++;
		if (options && i && k < G_N_ELEMENTS(names)) {
			g_autofree char *name = g_strndup(names[k], strlen(names[k]) - 1);

			err = fuse_opt_add_arg(args, name) ||
			      fuse_opt_add_arg(args, argv[i] + strlen(names[k]));
		} else {
			err = fuse_opt_add_arg(args, argv[i]);
		}
		if (err)
			return -ENOMEM;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
	struct fuse_cmdline_opts opts = { 0 };
	struct options o = { 0 };
	struct mmsimfs fs = { 0 };
	struct daemon d = { 0 };
	uint64_t seed;
	int ret = 1;

	if (split_long_options(argc, argv, &args) ||
	    fuse_opt_parse(&args, &o, option_spec, NULL) == -1 ||
	    fuse_parse_cmdline(&args, &opts) != 0)
		return 2;
	if (o.show_help || opts.show_help) {
		usage(argv[0]);
		ret = 0;
		goto out_args;
	}
	if (o.show_version || opts.show_version) {
		printf("mmsimfs %s, FUSE library %s\n", PACKAGE_VERSION, fuse_pkgversion());
		ret = 0;
		goto out_args;
	}
	if (!opts.mountpoint) {
		fprintf(stderr, "usage: %s [options] MOUNTPOINT (see --help)\n", argv[0]);
		ret = 2;
		goto out_args;
	}
	if (parse_options(&o, &d, &seed)) {
		ret = 2;
		goto out_args;
	}
	d.m = boot(&o, seed);
	if (!d.m) {
		ret = 2;
		goto out_args;
	}
	mmsimfs_init(&fs, pfs_tree_new(d.m));
	clock_gettime(CLOCK_REALTIME, &fs.mount_time);

	/* the kernel enforces the real files' modes; root's tree is everyone's */
	fuse_opt_add_arg(&args, "-odefault_permissions");
	fuse_opt_add_arg(&args, "-ofsname=mmsimfs");
	fuse_opt_add_arg(&args, "-osubtype=mmsimfs");
	if (geteuid() == 0)
		fuse_opt_add_arg(&args, "-oallow_other");

	d.se = fuse_session_new(&args, &mmsimfs_oper, sizeof(mmsimfs_oper), &fs);
	if (!d.se) {
		ret = 2;	/* libfuse refused an option and said which */
		goto out_machine;
	}
	if (fuse_set_signal_handlers(d.se))
		goto out_session;
	if (fuse_session_mount(d.se, opts.mountpoint))
		goto out_signals;
	if (fuse_daemonize(opts.foreground))
		goto out_unmount;

	/* threads start after fuse_daemonize(): fork() keeps only the caller */
	if (d.realtime)
		d.clock_thread = g_thread_new("clock", clock_thread, &d);
	/*
	 * Readers overlap in the kernel's FUSE round trips, so several request
	 * threads serve them (open handles are reference-counted, see
	 * fuse_ops.h); -s keeps one. The loops return 0, -errno, or the number
	 * of the signal that ended them.
	 */
	if (opts.singlethread) {
		ret = fuse_session_loop(d.se) < 0;
	} else {
		struct fuse_loop_config *cfg = fuse_loop_cfg_create();

		fuse_loop_cfg_set_clone_fd(cfg, opts.clone_fd);
		fuse_loop_cfg_set_max_threads(cfg, MAX_FUSE_THREADS);
		ret = fuse_session_loop_mt(d.se, cfg) < 0;
		fuse_loop_cfg_destroy(cfg);
	}
	if (d.clock_thread) {
		g_atomic_int_set(&d.stop, 1);
		g_thread_join(d.clock_thread);
	}

out_unmount:
	fuse_session_unmount(d.se);
out_signals:
	fuse_remove_signal_handlers(d.se);
out_session:
	fuse_session_destroy(d.se);
out_machine:
	if (fs.handles)
		mmsimfs_destroy(&fs);	/* open files point into the tree */
	pfs_tree_free(fs.tree);
	machine_free(d.m);
out_args:
	free(opts.mountpoint);
	fuse_opt_free_args(&args);
	free(o.machine);
	free(o.config);
	free(o.clock);
	free(o.speed);
	free(o.seed);
	return ret;
}
