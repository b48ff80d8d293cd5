// SPDX-License-Identifier: GPL-2.0
/*
 * FUSE low-level callbacks. Each one finds its node by inode in the tree's
 * table and hands the work to procfs/tree.c; nothing here knows what a file
 * contains. Callbacks reply with positive errnos (the FUSE convention); the
 * tree returns negative ones.
 *
 * Files are opened with direct_io and report size 0, as procfs does, so every
 * read(2) reaches the daemon and the kernel never caches stale text. Only
 * PFS_EXACT_SIZE files go through the page cache, with their true size.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuse_ops.h"
#include "procfs/tree.h"

/* The tree's shape is fixed once mounted; names and modes may be cached long. */
#define ENTRY_TIMEOUT	60.0

static struct mmsimfs *fs_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

static bool exact_size(const struct pfs_node *n)
{
	return S_ISREG(n->mode) && (n->ops->flags & PFS_EXACT_SIZE);
}

static int fill_stat(struct mmsimfs *fs, struct pfs_node *n, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = n->ino;
	st->st_mode = n->mode;
	st->st_nlink = 1;
	if (S_ISDIR(n->mode)) {
		st->st_nlink = 2;
		for (guint i = 0; i < n->children->len; i++)
			if (S_ISDIR(((struct pfs_node *)g_ptr_array_index(n->children, i))->mode))
				st->st_nlink++;
	} else if (S_ISLNK(n->mode)) {
		st->st_size = (off_t)strlen(n->target);
	} else if (exact_size(n)) {
		ssize_t size = pfs_size(fs->tree, n);

		if (size < 0)
			return (int)size;
		st->st_size = size;
	}
	st->st_uid = n->uid;
	st->st_gid = n->gid;
	st->st_blksize = 1024;	/* what procfs reports; stdio sizes its reads from it */
	st->st_atim = st->st_mtim = st->st_ctim = fs->mount_time;
	return 0;
}

static void mmsimfs_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct mmsimfs *fs = fs_of(req);
	struct pfs_node *n = pfs_lookup(fs->tree, parent, name);
	struct fuse_entry_param e = { 0 };
	int err;

	if (!n) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	err = fill_stat(fs, n, &e.attr);
	if (err) {
		fuse_reply_err(req, -err);
		return;
	}
	e.ino = n->ino;
	e.generation = 1;
	/* entries of dynamic directories go away: the kernel must ask again */
	e.entry_timeout = n->parent->dir_ops || n->parent->parent->dir_ops ? 0 : ENTRY_TIMEOUT;
	e.attr_timeout = exact_size(n) ? 0 : ENTRY_TIMEOUT;
	fuse_reply_entry(req, &e);
}

static void mmsimfs_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct mmsimfs *fs = fs_of(req);
	struct pfs_node *n = pfs_node_get(fs->tree, ino);
	struct stat st;
	int err;

	if (!n) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	err = fill_stat(fs, n, &st);
	if (err)
		fuse_reply_err(req, -err);
	else
		fuse_reply_attr(req, &st, exact_size(n) ? 0 : ENTRY_TIMEOUT);
}

/*
 * Tools write without O_TRUNC, or truncate first: a size change is accepted
 * and ignored (the next write replaces the value). Ownership and modes are
 * the kernel's to decide, as on procfs.
 */
static void mmsimfs_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
			    struct fuse_file_info *fi)
{
	if (to_set & (FUSE_SET_ATTR_MODE | FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)) {
		fuse_reply_err(req, EPERM);
		return;
	}
	mmsimfs_getattr(req, ino, fi);
}

static void mmsimfs_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct pfs_node *n = pfs_node_get(fs_of(req)->tree, ino);

	if (!n || !S_ISLNK(n->mode))
		fuse_reply_err(req, EINVAL);
	else
		fuse_reply_readlink(req, n->target);
}

/* A directory listing is a snapshot taken at opendir, served by offset. */
struct dir_snapshot {
	char *buf;
	size_t len;
};

static void add_dirent(fuse_req_t req, GByteArray *out, const char *name, struct pfs_node *n)
{
	struct stat st = { .st_ino = n->ino, .st_mode = n->mode };
	size_t need = fuse_add_direntry(req, NULL, 0, name, NULL, 0);
	size_t old = out->len;

	g_byte_array_set_size(out, (guint)(old + need));
	fuse_add_direntry(req, (char *)out->data + old, need, name, &st, (off_t)(old + need));
}

static void mmsimfs_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct pfs_node *n = pfs_node_get(fs_of(req)->tree, ino);
	g_autoptr(GPtrArray) entries = NULL;
	struct dir_snapshot *d;
	GByteArray *out;

	if (!n || !S_ISDIR(n->mode)) {
		fuse_reply_err(req, n ? ENOTDIR : ENOENT);
		return;
	}
	out = g_byte_array_new();
	add_dirent(req, out, ".", n);
	add_dirent(req, out, "..", n->parent);
	entries = pfs_list(fs_of(req)->tree, n);
	for (guint i = 0; i < entries->len; i++) {
		struct pfs_node *c = g_ptr_array_index(entries, i);

		add_dirent(req, out, c->name, c);
	}
	d = g_new(struct dir_snapshot, 1);
	d->len = out->len;
	d->buf = (char *)g_byte_array_free(out, FALSE);
	fi->fh = (uint64_t)(uintptr_t)d;
	fuse_reply_open(req, fi);
}

static void mmsimfs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			    struct fuse_file_info *fi)
{
	struct dir_snapshot *d = (struct dir_snapshot *)(uintptr_t)fi->fh;

	if (off < 0 || (size_t)off >= d->len)
		fuse_reply_buf(req, NULL, 0);
	else
		fuse_reply_buf(req, d->buf + off, MIN(d->len - (size_t)off, size));
}

static void mmsimfs_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct dir_snapshot *d = (struct dir_snapshot *)(uintptr_t)fi->fh;

	g_free(d->buf);
	g_free(d);
	fuse_reply_err(req, 0);
}

static void mmsimfs_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct mmsimfs *fs = fs_of(req);
	struct pfs_node *n = pfs_node_get(fs->tree, ino);
	struct pfs_open *of;
	int err;

	if (!n) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	err = pfs_open(fs->tree, n, fi->flags, fuse_req_ctx(req)->uid, &of);
	if (err) {
		fuse_reply_err(req, -err);
		return;
	}
	fi->fh = (uint64_t)(uintptr_t)of;
	fi->direct_io = !exact_size(n);
	fi->keep_cache = 0;
	fuse_reply_open(req, fi);
}

static void mmsimfs_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			 struct fuse_file_info *fi)
{
	struct pfs_open *of = (struct pfs_open *)(uintptr_t)fi->fh;
	g_autofree char *data = NULL;
	ssize_t n = pfs_read(fs_of(req)->tree, of, (uint64_t)off, size, &data);

	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_buf(req, data, (size_t)n);
}

static void mmsimfs_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size,
			  off_t off, struct fuse_file_info *fi)
{
	struct pfs_open *of = (struct pfs_open *)(uintptr_t)fi->fh;
	ssize_t n = pfs_write(fs_of(req)->tree, of, (uint64_t)off, buf, size);

	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_write(req, (size_t)n);
}

static void mmsimfs_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	pfs_release((struct pfs_open *)(uintptr_t)fi->fh);
	fuse_reply_err(req, 0);
}

/*
 * Answer poll at once: an ENOSYS here would switch poll off for the whole
 * mount, and the event files (memory.events, PSI triggers) will need it.
 */
static void mmsimfs_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
			 struct fuse_pollhandle *ph)
{
	if (ph)
		fuse_pollhandle_destroy(ph);
	fuse_reply_poll(req, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
}

static void mmsimfs_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct statvfs st = { .f_bsize = 4096, .f_frsize = 4096, .f_namemax = 255 };

	fuse_reply_statfs(req, &st);
}

const struct fuse_lowlevel_ops mmsimfs_oper = {
	.lookup		= mmsimfs_lookup,
	.getattr	= mmsimfs_getattr,
	.setattr	= mmsimfs_setattr,
	.readlink	= mmsimfs_readlink,
	.opendir	= mmsimfs_opendir,
	.readdir	= mmsimfs_readdir,
	.releasedir	= mmsimfs_releasedir,
	.open		= mmsimfs_open,
	.read		= mmsimfs_read,
	.write		= mmsimfs_write,
	.release	= mmsimfs_release,
	.poll		= mmsimfs_poll,
	.statfs		= mmsimfs_statfs,
};
