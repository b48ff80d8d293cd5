// SPDX-License-Identifier: GPL-2.0
/*
 * nullfs - the FUSE floor for the read benchmark: files served with
 * direct_io and size 0 exactly as mmsimfs serves its files, with no work
 * behind them, from the same multi-threaded loop (-s: one thread). "empty"
 * has no content (one READ per open); "static" holds
 * 1503 constant bytes, meminfo's size, so it costs the same two READs (the
 * data, then EOF) that any non-empty file does. Whatever mmsimfs spends
 * beyond "static" is its own work.
 *
 *	tests/bench/nullfs [-f] MOUNTPOINT
 */
#include <errno.h>
#include <fuse_lowlevel.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>

#define EMPTY_INO	2
#define STATIC_INO	3
#define STATIC_SIZE	1503

static char static_text[STATIC_SIZE];

static void fill(fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	st->st_mode = ino == FUSE_ROOT_ID ? S_IFDIR | 0555 : S_IFREG | 0444;
	st->st_nlink = ino == FUSE_ROOT_ID ? 2 : 1;
}

static void null_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e = { .entry_timeout = 60, .attr_timeout = 60 };

	if (parent == FUSE_ROOT_ID && !strcmp(name, "empty"))
		e.ino = EMPTY_INO;
	else if (parent == FUSE_ROOT_ID && !strcmp(name, "static"))
		e.ino = STATIC_INO;
	if (!e.ino) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	fill(e.ino, &e.attr);
	fuse_reply_entry(req, &e);
}

static void null_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stat st;

	fill(ino, &st);
	fuse_reply_attr(req, &st, 60);
}

static void null_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	fi->direct_io = 1;
	fuse_reply_open(req, fi);
}

static void null_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	if (ino != STATIC_INO || off >= STATIC_SIZE)
		fuse_reply_buf(req, NULL, 0);
	else
		fuse_reply_buf(req, static_text + off, MIN(size, (size_t)(STATIC_SIZE - off)));
}

static const struct fuse_lowlevel_ops null_oper = {
	.lookup = null_lookup,
	.getattr = null_getattr,
	.open = null_open,
	.read = null_read,
};

int main(int argc, char *argv[])
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct fuse_cmdline_opts opts;
	struct fuse_session *se;
	int ret = 1;

	if (fuse_parse_cmdline(&args, &opts) || !opts.mountpoint)
		return 2;
	for (int i = 0; i < STATIC_SIZE; i++)
		static_text[i] = i % 28 == 27 ? '\n' : 'x';
	se = fuse_session_new(&args, &null_oper, sizeof(null_oper), NULL);
	if (!se)
		goto out;
	if (fuse_set_signal_handlers(se) || fuse_session_mount(se, opts.mountpoint))
		goto out_session;
	fuse_daemonize(opts.foreground);
	if (opts.singlethread) {
		ret = fuse_session_loop(se);
	} else {
		/* the same loop as mmsimfs's, so the two differ only in their work */
		struct fuse_loop_config *cfg = fuse_loop_cfg_create();

		fuse_loop_cfg_set_max_threads(cfg, 4);
		ret = fuse_session_loop_mt(se, cfg);
		fuse_loop_cfg_destroy(cfg);
	}
	fuse_session_unmount(se);
	fuse_remove_signal_handlers(se);
out_session:
	fuse_session_destroy(se);
out:
	free(opts.mountpoint);
	fuse_opt_free_args(&args);
	return ret ? 1 : 0;
}
