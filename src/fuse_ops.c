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
		st->st_nlink = 2 + pfs_subdirs(fs->tree, n);
	} else if (S_ISLNK(n->mode)) {
		g_autofree char *target = pfs_readlink(fs->tree, n);

		st->st_size = (off_t)strlen(target);
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
	/* pids go away or change owner, proc/self moves: the kernel must ask again */
	e.entry_timeout = pfs_volatile(n) ? 0 : ENTRY_TIMEOUT;
	e.attr_timeout = exact_size(n) || pfs_volatile(n) ? 0 : ENTRY_TIMEOUT;
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
		fuse_reply_attr(req, &st, exact_size(n) || pfs_volatile(n) ? 0 : ENTRY_TIMEOUT);
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
	struct pfs_tree *tree = fs_of(req)->tree;
	struct pfs_node *n = pfs_node_get(tree, ino);
	g_autofree char *target = NULL;

	if (!n || !S_ISLNK(n->mode)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	target = pfs_readlink(tree, n);
	fuse_reply_readlink(req, target);
}

/* A directory listing is a snapshot taken at opendir, served by offset. */
struct dir_snapshot {
	char *buf;
	size_t len;
};

/* An open file or directory, alive while the kernel's handle or a request holds it. */
struct fuse_handle {
	int refs;
	struct pfs_open *file;		/* or */
	struct dir_snapshot *dir;
};

static void handle_free(struct fuse_handle *h)
{
	if (h->dir) {
		g_free(h->dir->buf);
		g_free(h->dir);
	}
	pfs_release(h->file);
	g_free(h);
}

void mmsimfs_init(struct mmsimfs *fs, struct pfs_tree *tree)
{
	fs->tree = tree;
	g_mutex_init(&fs->handles_lock);
	fs->handles = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	fs->next_fh = 1;
}

void mmsimfs_destroy(struct mmsimfs *fs)
{
	GHashTableIter it;
	gpointer h;

	g_hash_table_iter_init(&it, fs->handles);
	while (g_hash_table_iter_next(&it, NULL, &h))
		handle_free(h);
	g_hash_table_destroy(fs->handles);
	g_mutex_clear(&fs->handles_lock);
}

static uint64_t handle_new(struct mmsimfs *fs, struct pfs_open *file, struct dir_snapshot *dir)
{
	struct fuse_handle *h = g_new0(struct fuse_handle, 1);
	uint64_t *key = g_new(uint64_t, 1);

	h->refs = 1;
	h->file = file;
	h->dir = dir;
	g_mutex_lock(&fs->handles_lock);
	*key = fs->next_fh++;
	g_hash_table_insert(fs->handles, key, h);
	g_mutex_unlock(&fs->handles_lock);
	return *key;
}

/* The handle behind @fh with a reference taken, or NULL once it was released. */
static struct fuse_handle *handle_get(struct mmsimfs *fs, uint64_t fh)
{
	struct fuse_handle *h;

	g_mutex_lock(&fs->handles_lock);
	h = g_hash_table_lookup(fs->handles, &fh);
	if (h)
		h->refs++;
	g_mutex_unlock(&fs->handles_lock);
	return h;
}

static void handle_put(struct mmsimfs *fs, struct fuse_handle *h)
{
	bool last;

	g_mutex_lock(&fs->handles_lock);
	last = --h->refs == 0;
	g_mutex_unlock(&fs->handles_lock);
	if (last)
		handle_free(h);
}

/* RELEASE and RELEASEDIR: the kernel is done with @fh; the last request frees it. */
static void handle_release(struct mmsimfs *fs, uint64_t fh)
{
	struct fuse_handle *h;

	g_mutex_lock(&fs->handles_lock);
	h = g_hash_table_lookup(fs->handles, &fh);
	if (h)
		g_hash_table_remove(fs->handles, &fh);
	g_mutex_unlock(&fs->handles_lock);
	if (h)
		handle_put(fs, h);
}

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
	fi->fh = handle_new(fs_of(req), NULL, d);
	fuse_reply_open(req, fi);
}

static void mmsimfs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			    struct fuse_file_info *fi)
{
	/* the reply frees @req: take what we need from it first */
	struct mmsimfs *fs = fs_of(req);
	struct fuse_handle *h = handle_get(fs, fi->fh);
	struct dir_snapshot *d = h ? h->dir : NULL;

	if (!d)
		fuse_reply_err(req, EBADF);
	else if (off < 0 || (size_t)off >= d->len)
		fuse_reply_buf(req, NULL, 0);
	else
		fuse_reply_buf(req, d->buf + off, MIN(d->len - (size_t)off, size));
	if (h)
		handle_put(fs, h);
}

static void mmsimfs_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	handle_release(fs_of(req), fi->fh);
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
	err = pfs_open(fs->tree, n, fi->flags, fuse_req_ctx(req)->uid, fuse_req_ctx(req)->gid, &of);
	if (err) {
		fuse_reply_err(req, -err);
		return;
	}
	fi->fh = handle_new(fs, of, NULL);
	fi->direct_io = !exact_size(n);
	fi->keep_cache = 0;
	fuse_reply_open(req, fi);
}

static void mmsimfs_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			 struct fuse_file_info *fi)
{
	struct mmsimfs *fs = fs_of(req);
	struct fuse_handle *h = handle_get(fs, fi->fh);
	g_autofree char *data = NULL;
	ssize_t n = h && h->file ? pfs_read(fs->tree, h->file, (uint64_t)off, size, &data) : -EBADF;

	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_buf(req, data, (size_t)n);
	if (h)
		handle_put(fs, h);
}

static void mmsimfs_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size,
			  off_t off, struct fuse_file_info *fi)
{
	struct mmsimfs *fs = fs_of(req);
	struct fuse_handle *h = handle_get(fs, fi->fh);
	ssize_t n = h && h->file ? pfs_write(fs->tree, h->file, (uint64_t)off, buf, size) : -EBADF;

	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_write(req, (size_t)n);
	if (h)
		handle_put(fs, h);
}

static void mmsimfs_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	handle_release(fs_of(req), fi->fh);
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
