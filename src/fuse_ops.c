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
		g_autofree char *target = NULL;

		/* proc/<pid>/ links are 0 bytes long, as procfs's are; fixed ones their target's */
		if (!n->link && !pfs_readlink(fs->tree, n, 0, 0, &target))
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
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	g_autofree char *target = NULL;
	int err;

	if (!n || !S_ISLNK(n->mode)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	err = pfs_readlink(tree, n, ctx->uid, ctx->gid, &target);
	if (err)
		fuse_reply_err(req, -err);
	else
		fuse_reply_readlink(req, target);
}

/* A directory listing is a snapshot taken at opendir, served by offset. */
struct dir_snapshot {
	char *buf;
	size_t len;
};

/*
 * The handle table. Every request of a reader's open-read-close goes
 * through it, from several threads at once, so it takes no lock: a handle
 * is a slot in chunks that live as long as the table (a pointer to a slot
 * stays good whatever happens to the handle), and the kernel's fh names the
 * slot and the generation it was opened in. One atomic word per slot holds
 * that generation, whether the kernel still holds the handle (HANDLE_LIVE,
 * until RELEASE) and the references: the kernel's one and one per request
 * using it. A request takes a reference only while the generation matches
 * and the handle is live, so a READ that RELEASE overtook finds nothing
 * (EBADF) or keeps the open file until it is done, and a slot is reused,
 * under a new generation, only once the last reference is gone. Free slots
 * form a stack whose head carries a tag against ABA.
 */
#define HANDLE_CHUNK		1024U
#define HANDLE_CHUNKS		4096U		/* 4 Mi open files and listings at once */
#define HANDLE_LIVE		(1ULL << 31)
#define HANDLE_REFS		(HANDLE_LIVE - 1)
#define HANDLE_GEN(state)	((uint32_t)((state) >> 32))

/* An open file or directory, alive while the kernel's handle or a request holds it. */
struct fuse_handle {
	uint64_t state;			/* generation << 32 | HANDLE_LIVE | references */
	uint32_t index;			/* this slot's number */
	uint32_t next_free;		/* the next free slot + 1, while this one is free */
	struct pfs_open *file;		/* or */
	struct dir_snapshot *dir;
};

struct handle_table {
	struct fuse_handle *chunks[HANDLE_CHUNKS];	/* made on first use, freed with the table */
	uint32_t nr;			/* slots handed out so far */
	uint64_t free_head;		/* tag << 32 | (top free slot + 1), 0 when none */
	GMutex grow_lock;		/* making a chunk (once per HANDLE_CHUNK slots) */
};

/* Slot @i, or NULL if no handle was ever given that number. */
static struct fuse_handle *handle_slot(struct handle_table *tab, uint64_t i)
{
	struct fuse_handle *chunk;

	if (i >= __atomic_load_n(&tab->nr, __ATOMIC_ACQUIRE))
		return NULL;
	chunk = __atomic_load_n(&tab->chunks[i / HANDLE_CHUNK], __ATOMIC_ACQUIRE);
	return chunk ? &chunk[i % HANDLE_CHUNK] : NULL;
}

static void handle_free_contents(struct fuse_handle *h)
{
	if (h->dir) {
		g_free(h->dir->buf);
		g_free(h->dir);
	}
	pfs_release(h->file);
	h->dir = NULL;
	h->file = NULL;
}

/**
 * mmsimfs_init - the daemon's FUSE state over @tree, with an empty handle table.
 * @fs: filled in
 * @tree: the file tree it serves
 */
void mmsimfs_init(struct mmsimfs *fs, struct pfs_tree *tree)
{
	fs->tree = tree;
	fs->handles = g_new0(struct handle_table, 1);
	g_mutex_init(&fs->handles->grow_lock);
}

/**
 * mmsimfs_destroy - free what the kernel left open (the session has ended).
 * @fs: the state mmsimfs_init() made
 */
void mmsimfs_destroy(struct mmsimfs *fs)
{
	struct handle_table *tab = fs->handles;

	for (uint32_t i = 0; i < tab->nr; i++) {
		struct fuse_handle *h = handle_slot(tab, i);

		if (h && (h->state & HANDLE_REFS))
			handle_free_contents(h);
	}
	for (uint32_t c = 0; c < HANDLE_CHUNKS; c++)
		g_free(tab->chunks[c]);
	g_mutex_clear(&tab->grow_lock);
	g_free(tab);
	fs->handles = NULL;
}

/* A free slot: the top of the free stack, or one never used; NULL when all are taken. */
static struct fuse_handle *handle_alloc(struct handle_table *tab)
{
	uint64_t head = __atomic_load_n(&tab->free_head, __ATOMIC_ACQUIRE);
	struct fuse_handle *chunk;
	uint32_t i;

	while ((uint32_t)head) {
		struct fuse_handle *h = handle_slot(tab, (uint32_t)head - 1);
		uint64_t next = ((head >> 32) + 1) << 32 |
				__atomic_load_n(&h->next_free, __ATOMIC_RELAXED);

		/* a stale next_free loses to the tag: whoever popped h changed it */
		if (__atomic_compare_exchange_n(&tab->free_head, &head, next, true, __ATOMIC_ACQUIRE,
						__ATOMIC_ACQUIRE))
			return h;
	}
	i = __atomic_load_n(&tab->nr, __ATOMIC_RELAXED);
	do {
		if (i >= HANDLE_CHUNK * HANDLE_CHUNKS)
			return NULL;
	} while (!__atomic_compare_exchange_n(&tab->nr, &i, i + 1, true, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	chunk = __atomic_load_n(&tab->chunks[i / HANDLE_CHUNK], __ATOMIC_ACQUIRE);
	if (!chunk) {
		g_mutex_lock(&tab->grow_lock);
		chunk = tab->chunks[i / HANDLE_CHUNK];
		if (!chunk) {
			chunk = g_new0(struct fuse_handle, HANDLE_CHUNK);
			__atomic_store_n(&tab->chunks[i / HANDLE_CHUNK], chunk, __ATOMIC_RELEASE);
		}
		g_mutex_unlock(&tab->grow_lock);
	}
	chunk[i % HANDLE_CHUNK].index = i;
	return &chunk[i % HANDLE_CHUNK];
}

/* A handle for @file or @dir with the kernel's reference; -ENFILE when the table is full. */
static int handle_new(struct mmsimfs *fs, struct pfs_open *file, struct dir_snapshot *dir,
		      uint64_t *fh)
{
	struct fuse_handle *h = handle_alloc(fs->handles);
	uint32_t gen;

	if (!h)
		return -ENFILE;
	gen = HANDLE_GEN(__atomic_load_n(&h->state, __ATOMIC_RELAXED));
	h->file = file;
	h->dir = dir;
	/* publishes file and dir to whoever takes a reference */
	__atomic_store_n(&h->state, (uint64_t)gen << 32 | HANDLE_LIVE | 1, __ATOMIC_RELEASE);
	*fh = (uint64_t)gen << 32 | h->index;
	return 0;
}

/* The handle behind @fh with a reference taken, or NULL once it was released. */
static struct fuse_handle *handle_get(struct mmsimfs *fs, uint64_t fh)
{
	struct fuse_handle *h = handle_slot(fs->handles, (uint32_t)fh);
	uint64_t s;

	if (!h)
		return NULL;
	s = __atomic_load_n(&h->state, __ATOMIC_ACQUIRE);
	do {
		if (HANDLE_GEN(s) != (uint32_t)(fh >> 32) || !(s & HANDLE_LIVE))
			return NULL;
	} while (!__atomic_compare_exchange_n(&h->state, &s, s + 1, true, __ATOMIC_ACQUIRE,
					      __ATOMIC_ACQUIRE));
	return h;
}

/* Drop a reference; the last one (never before RELEASE) frees the open file and the slot. */
static void handle_put(struct mmsimfs *fs, struct fuse_handle *h)
{
	struct handle_table *tab = fs->handles;
	uint64_t s = __atomic_sub_fetch(&h->state, 1, __ATOMIC_ACQ_REL);
	uint64_t head;

	if (s & HANDLE_REFS)
		return;
	handle_free_contents(h);
	/* a new generation: an fh of the old one never matches again */
	__atomic_store_n(&h->state, (uint64_t)(HANDLE_GEN(s) + 1) << 32, __ATOMIC_RELEASE);
	head = __atomic_load_n(&tab->free_head, __ATOMIC_RELAXED);
	do {
		__atomic_store_n(&h->next_free, (uint32_t)head, __ATOMIC_RELAXED);
	} while (!__atomic_compare_exchange_n(&tab->free_head, &head,
					      ((head >> 32) + 1) << 32 | (h->index + 1), true,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/* RELEASE and RELEASEDIR: the kernel is done with @fh; the last request frees it. */
static void handle_release(struct mmsimfs *fs, uint64_t fh)
{
	struct fuse_handle *h = handle_get(fs, fh);
	uint64_t s;

	if (!h)
		return;
	/* only one RELEASE drops the kernel's reference */
	s = __atomic_fetch_and(&h->state, ~HANDLE_LIVE, __ATOMIC_ACQ_REL);
	if (s & HANDLE_LIVE)
		handle_put(fs, h);
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
	if (handle_new(fs_of(req), NULL, d, &fi->fh)) {
		g_free(d->buf);
		g_free(d);
		fuse_reply_err(req, ENFILE);
		return;
	}
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
	err = handle_new(fs, of, NULL, &fi->fh);
	if (err) {
		pfs_release(of);
		fuse_reply_err(req, -err);
		return;
	}
	fi->direct_io = !exact_size(n);
	fi->keep_cache = 0;
	fuse_reply_open(req, fi);
}

/* The reply to a READ, sent from the open's buffer while its lock holds it still. */
static void reply_read(void *req, const char *data, size_t len)
{
	fuse_reply_buf(req, data, len);
}

static void mmsimfs_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
			 struct fuse_file_info *fi)
{
	/* the reply frees @req: take what we need from it first */
	struct mmsimfs *fs = fs_of(req);
	struct fuse_handle *h = handle_get(fs, fi->fh);
	ssize_t n = h && h->file ?
		    pfs_read_actor(fs->tree, h->file, (uint64_t)off, size, reply_read, req) : -EBADF;

	if (n < 0)
		fuse_reply_err(req, (int)-n);
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
