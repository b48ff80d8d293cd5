// SPDX-License-Identifier: GPL-2.0
/*
 * mmsimctl - run one sim/ctl command and print its reply.
 *
 *	mmsimctl [-m MOUNTPOINT] VERB [ARG...] [key=value...]
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
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "page_types.h"

static int usage(void)
{
	fprintf(stderr, "usage: mmsimctl [-m MOUNTPOINT] VERB [ARG...] [key=value...]\n"
			"       mmsimctl [-m MOUNTPOINT] page-types [--pid PID] [--raw]\n"
			"       mmsimctl help    lists the verbs\n");
	return 2;
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
