// SPDX-License-Identifier: GPL-2.0
/*
 * The node table and the per-open snapshot.
 *
 * Inode numbers are indices into one array, so lookup by inode is O(1) and
 * every FUSE operation finds its node the same way. Files are rendered at
 * open (or at the first read, for a file opened read-write) under the
 * machine lock; reads are then served from that buffer at any offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "mm/machine.h"
#include "tree.h"

static struct pfs_node *node_new(struct pfs_tree *t, struct pfs_node *parent,
				 const char *name, mode_t mode)
{
	struct pfs_node *n = g_new0(struct pfs_node, 1);

	g_ptr_array_add(t->nodes, n);
	n->ino = t->nodes->len;
	n->name = g_strdup(name);
	n->mode = mode;
	n->parent = parent ? parent : n;
	if (S_ISDIR(mode))
		n->children = g_ptr_array_new();
	if (parent)
		g_ptr_array_add(parent->children, n);
	return n;
}

static void node_free(gpointer data)
{
	struct pfs_node *n = data;

	g_free(n->name);
	g_free(n->target);
	if (n->children)
		g_ptr_array_free(n->children, TRUE);
	g_free(n);
}

static GMutex *tree_lock(const struct pfs_tree *t)
{
	return (GMutex *)&t->lock;
}

struct pfs_node *pfs_node_get(const struct pfs_tree *t, uint64_t ino)
{
	struct pfs_node *n = NULL;

	g_mutex_lock(tree_lock(t));
	if (ino >= 1 && ino <= t->nodes->len)
		n = g_ptr_array_index(t->nodes, ino - 1);
	g_mutex_unlock(tree_lock(t));
	return n;
}

/* A child of @dir: fixed or made by dir_ops, as @dynamic says (tree lock held). */
static struct pfs_node *find_child(const struct pfs_node *dir, const char *name, bool dynamic)
{
	for (guint i = 0; i < dir->children->len; i++) {
		struct pfs_node *c = g_ptr_array_index(dir->children, i);

		if (c->dynamic == dynamic && !strcmp(c->name, name))
			return c;
	}
	return NULL;
}

/* What a dynamic directory holds now, as the engine says under its lock. */
struct dyn_listing {
	GPtrArray *names;
	GArray *owners;			/* struct dyn_owner per name, when dir_ops has owner */
};

struct dyn_owner {
	bool known;
	uid_t uid;
	gid_t gid;
};

static void dyn_listing_clear(struct dyn_listing *l)
{
	g_ptr_array_unref(l->names);
	if (l->owners)
		g_array_unref(l->owners);
}

static struct dyn_listing dyn_list(const struct pfs_tree *t, const struct pfs_node *dir)
{
	const struct pfs_dir_ops *ops = dir->dir_ops;
	struct dyn_listing l = { .names = g_ptr_array_new_with_free_func(g_free) };

	machine_lock(t->m);
	ops->list(t->m, dir, l.names);
	if (ops->owner) {
		l.owners = g_array_sized_new(FALSE, TRUE, sizeof(struct dyn_owner), l.names->len);
		g_array_set_size(l.owners, l.names->len);
		for (guint i = 0; i < l.names->len; i++) {
			struct dyn_owner *o = &g_array_index(l.owners, struct dyn_owner, i);
			const char *name = g_ptr_array_index(l.names, i);

			o->known = ops->owner(t->m, dir, name, &o->uid, &o->gid);
		}
	}
	machine_unlock(t->m);
	return l;
}

/* Whether the engine has entry @name now, and its owner if dir_ops knows it. */
static bool dyn_exists(const struct pfs_tree *t, const struct pfs_node *dir, const char *name,
		       struct dyn_owner *o)
{
	const struct pfs_dir_ops *ops = dir->dir_ops;
	bool found = false;

	if (!ops->owner) {
		struct dyn_listing l = dyn_list(t, dir);

		for (guint i = 0; i < l.names->len && !found; i++)
			found = !strcmp(g_ptr_array_index(l.names, i), name);
		dyn_listing_clear(&l);
		o->known = false;
		return found;
	}
	machine_lock(t->m);
	found = ops->owner(t->m, dir, name, &o->uid, &o->gid);
	machine_unlock(t->m);
	o->known = found;
	return found;
}

static void set_owner(struct pfs_node *n, uid_t uid, gid_t gid)
{
	n->uid = uid;
	n->gid = gid;
	for (guint i = 0; n->children && i < n->children->len; i++)
		set_owner(g_ptr_array_index(n->children, i), uid, gid);
}

/* The node of a listed entry, made on first sight, owned as the engine says (tree lock held). */
static struct pfs_node *dyn_child(const struct pfs_tree *t, struct pfs_node *dir, const char *name,
				  const struct dyn_owner *o)
{
	struct pfs_node *c = find_child(dir, name, true);

	if (!c) {
		const struct pfs_dir_ops *ops = dir->dir_ops;

		if (ops->entry_link) {
			c = node_new((struct pfs_tree *)t, dir, name, S_IFLNK | ops->entry_mode);
			c->link = ops->entry_link;
		} else if (ops->entry_ops) {
			c = node_new((struct pfs_tree *)t, dir, name, S_IFREG | ops->entry_mode);
			c->ops = ops->entry_ops;
		} else {
			c = node_new((struct pfs_tree *)t, dir, name, S_IFDIR | (dir->mode & 07777));
		}
		c->dynamic = true;
		if (S_ISDIR(c->mode))
			ops->populate((struct pfs_tree *)t, c);
	}
	if (o && o->known && (c->uid != o->uid || c->gid != o->gid))
		set_owner(c, o->uid, o->gid);
	return c;
}

struct pfs_node *pfs_lookup(const struct pfs_tree *t, uint64_t parent, const char *name)
{
	struct pfs_node *dir = pfs_node_get(t, parent);
	struct pfs_node *found = NULL;
	struct dyn_owner o;

	if (!dir || !dir->children)
		return NULL;
	if (!strcmp(name, "."))
		return dir;
	if (!strcmp(name, ".."))
		return dir->parent;
	g_mutex_lock(tree_lock(t));
	found = find_child(dir, name, false);
	g_mutex_unlock(tree_lock(t));
	if (found || !dir->dir_ops || !dyn_exists(t, dir, name, &o))
		return found;
	g_mutex_lock(tree_lock(t));
	found = dyn_child(t, dir, name, &o);
	g_mutex_unlock(tree_lock(t));
	return found;
}

GPtrArray *pfs_list(const struct pfs_tree *t, struct pfs_node *dir)
{
	struct dyn_listing l = { 0 };
	GPtrArray *out = g_ptr_array_new();

	if (dir->dir_ops)
		l = dyn_list(t, dir);
	g_mutex_lock(tree_lock(t));
	for (guint i = 0; i < dir->children->len; i++) {
		struct pfs_node *c = g_ptr_array_index(dir->children, i);

		if (!c->dynamic)
			g_ptr_array_add(out, c);
	}
	for (guint i = 0; l.names && i < l.names->len; i++) {
		const struct dyn_owner *o = l.owners ? &g_array_index(l.owners, struct dyn_owner, i)
						     : NULL;

		g_ptr_array_add(out, dyn_child(t, dir, g_ptr_array_index(l.names, i), o));
	}
	g_mutex_unlock(tree_lock(t));
	if (l.names)
		dyn_listing_clear(&l);
	return out;
}

/* Fixed subdirectories, plus every entry the engine lists when they are directories. */
unsigned int pfs_subdirs(const struct pfs_tree *t, const struct pfs_node *dir)
{
	unsigned int n = 0;

	if (dir->dir_ops && !dir->dir_ops->entry_link && !dir->dir_ops->entry_ops) {
		struct dyn_listing l = dyn_list(t, dir);

		n = l.names->len;
		dyn_listing_clear(&l);
	}
	g_mutex_lock(tree_lock(t));
	for (guint i = 0; i < dir->children->len; i++) {
		const struct pfs_node *c = g_ptr_array_index(dir->children, i);

		n += !c->dynamic && S_ISDIR(c->mode);
	}
	g_mutex_unlock(tree_lock(t));
	return n;
}

int pfs_readlink(const struct pfs_tree *t, const struct pfs_node *n, uid_t uid, gid_t gid,
		 char **target)
{
	struct pfs_req r = { .m = t->m, .node = n, .uid = uid, .gid = gid };
	int err;

	*target = NULL;
	if (!n->link) {
		*target = g_strdup(n->target);
		return 0;
	}
	machine_lock(t->m);
	err = n->link(&r, target);
	machine_unlock(t->m);
	return err;
}

bool pfs_volatile(const struct pfs_node *n)
{
	if (n->link)
		return true;
	for (; n->parent != n; n = n->parent)
		if (n->dynamic)
			return true;
	return false;
}

struct pfs_node *pfs_resolve(const struct pfs_tree *t, const char *path)
{
	g_auto(GStrv) parts = g_strsplit(path, "/", -1);
	struct pfs_node *n = pfs_node_get(t, PFS_ROOT_INO);

	for (int i = 0; parts[i] && n; i++)
		if (*parts[i])
			n = pfs_lookup(t, n->ino, parts[i]);
	return n;
}

struct pfs_node *pfs_mkdir_p(struct pfs_tree *t, const char *path, mode_t mode)
{
	g_auto(GStrv) parts = g_strsplit(path, "/", -1);
	struct pfs_node *n = pfs_node_get(t, PFS_ROOT_INO);

	for (int i = 0; parts[i]; i++) {
		struct pfs_node *c;

		if (!*parts[i])
			continue;
		c = pfs_lookup(t, n->ino, parts[i]);
		n = c ? c : node_new(t, n, parts[i], S_IFDIR | mode);
	}
	return n;
}

/* Split "a/b/c" into the directory node for "a/b" (created) and "c". */
static struct pfs_node *parent_of(struct pfs_tree *t, const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	g_autofree char *dir = slash ? g_strndup(path, (gsize)(slash - path)) : g_strdup("");

	*base = slash ? slash + 1 : path;
	return pfs_mkdir_p(t, dir, 0555);
}

struct pfs_node *pfs_add_file(struct pfs_tree *t, const char *path, mode_t mode,
			      const struct pfs_file_ops *ops, const void *data, long idata)
{
	const char *base;
	struct pfs_node *dir = parent_of(t, path, &base);
	struct pfs_node *n = node_new(t, dir, base, S_IFREG | mode);

	n->ops = ops;
	n->data = data;
	n->idata = idata;
	return n;
}

struct pfs_node *pfs_add_dyndir(struct pfs_tree *t, const char *path, mode_t mode,
				const struct pfs_dir_ops *ops)
{
	struct pfs_node *n = pfs_mkdir_p(t, path, mode);

	n->dir_ops = ops;
	return n;
}

struct pfs_node *pfs_add_child_file(struct pfs_tree *t, struct pfs_node *dir, const char *name,
				    mode_t mode, const struct pfs_file_ops *ops)
{
	struct pfs_node *n = node_new(t, dir, name, S_IFREG | mode);

	n->ops = ops;
	return n;
}

struct pfs_node *pfs_add_child_dyndir(struct pfs_tree *t, struct pfs_node *dir, const char *name,
				      mode_t mode, const struct pfs_dir_ops *ops)
{
	struct pfs_node *n = node_new(t, dir, name, S_IFDIR | mode);

	n->dir_ops = ops;
	return n;
}

struct pfs_node *pfs_add_child_dynlink(struct pfs_tree *t, struct pfs_node *dir, const char *name,
				       pfs_link_fn link)
{
	struct pfs_node *n = node_new(t, dir, name, S_IFLNK | 0777);

	n->link = link;
	return n;
}

struct pfs_node *pfs_add_child_dir(struct pfs_tree *t, struct pfs_node *dir, const char *name,
				   mode_t mode)
{
	return node_new(t, dir, name, S_IFDIR | mode);
}

struct pfs_node *pfs_add_symlink(struct pfs_tree *t, const char *path, const char *target)
{
	const char *base;
	struct pfs_node *dir = parent_of(t, path, &base);
	struct pfs_node *n = node_new(t, dir, base, S_IFLNK | 0777);

	n->target = g_strdup(target);
	return n;
}

struct pfs_node *pfs_add_dynlink(struct pfs_tree *t, const char *path, pfs_link_fn link)
{
	const char *base;
	struct pfs_node *dir = parent_of(t, path, &base);
	struct pfs_node *n = node_new(t, dir, base, S_IFLNK | 0777);

	n->link = link;
	return n;
}

struct pfs_tree *pfs_tree_alloc(struct machine *m)
{
	struct pfs_tree *t = g_new0(struct pfs_tree, 1);

	t->m = m;
	t->pinned_max = PFS_PINNED_MAX;
	g_mutex_init(&t->lock);
	t->nodes = g_ptr_array_new_with_free_func(node_free);
	node_new(t, NULL, "", S_IFDIR | 0555);
	return t;
}

void pfs_tree_free(struct pfs_tree *t)
{
	if (!t)
		return;
	g_ptr_array_free(t->nodes, TRUE);
	g_mutex_clear(&t->lock);
	g_free(t);
}

/* ---------------------------------------------------------------- open files */

/* The two ways into a handler, with the machine lock held around each. */
static int call_show(struct pfs_tree *t, const struct pfs_node *n, uid_t uid, gid_t gid,
		     GString *out)
{
	struct pfs_req r = { .m = t->m, .node = n, .uid = uid, .gid = gid, .reply = out };
	int err;

	machine_lock(t->m);
	err = n->ops->show(&r, out);
	machine_unlock(t->m);
	return err;
}

static ssize_t call_read(struct pfs_tree *t, const struct pfs_node *n, uid_t uid, gid_t gid,
			 uint64_t off, size_t size, GString *out)
{
	struct pfs_req r = { .m = t->m, .node = n, .uid = uid, .gid = gid };
	ssize_t ret;

	machine_lock(t->m);
	ret = n->ops->read(&r, off, size, out);
	machine_unlock(t->m);
	return ret;
}

static ssize_t call_store(struct pfs_tree *t, const struct pfs_node *n, uid_t uid, gid_t gid,
			  long *private, uint64_t off, const char *buf, size_t len, GString *reply)
{
	struct pfs_req r = { .m = t->m, .node = n, .uid = uid, .gid = gid, .reply = reply,
			     .private = private };
	ssize_t ret;

	machine_write_lock(t->m);
	ret = n->ops->write ? n->ops->write(&r, off, buf, len) : n->ops->store(&r, buf, len);
	machine_write_unlock(t->m);
	return ret;
}

/*
 * Count what @of's buffer holds now in the tree's pinned total. Past the
 * limit the buffer is emptied and -ENOMEM returned: the caller fails the
 * open or read that filled it.
 */
static int pin_buffer(struct pfs_tree *t, struct pfs_open *of)
{
	gint64 delta = (gint64)of->buf->allocated_len - (gint64)of->pinned;
	gint64 total = __atomic_add_fetch(&t->pinned, delta, __ATOMIC_RELAXED);

	of->pinned = of->buf->allocated_len;
	if (delta <= 0 || total <= t->pinned_max)
		return 0;
	g_string_free(of->buf, TRUE);
	of->buf = g_string_new(NULL);
	__atomic_add_fetch(&t->pinned, (gint64)of->buf->allocated_len - (gint64)of->pinned,
			   __ATOMIC_RELAXED);
	of->pinned = of->buf->allocated_len;
	return -ENOMEM;
}

static int render(struct pfs_tree *t, struct pfs_open *of)
{
	size_t hint = __atomic_load_n(&of->node->size_hint, __ATOMIC_RELAXED);
	int err;

	/* start as large as the last render: the show handler never regrows the buffer */
	if (of->buf->allocated_len <= hint)
		g_string_set_size(of->buf, hint);
	g_string_truncate(of->buf, 0);
	err = call_show(t, of->node, of->uid, of->gid, of->buf);
	if (!err) {
		/* the next open's buffer starts this large: no regrowing on the way */
		__atomic_store_n(&of->node->size_hint, of->buf->len, __ATOMIC_RELAXED);
		err = pin_buffer(t, of);
	}
	if (err)
		g_string_truncate(of->buf, 0);
	of->rendered = !err;
	return err;
}

int pfs_open(struct pfs_tree *t, struct pfs_node *node, int flags, uid_t uid, gid_t gid,
	     struct pfs_open **out)
{
	int acc = flags & O_ACCMODE;
	struct pfs_open *of;
	int err;

	if (!S_ISREG(node->mode))
		return S_ISDIR(node->mode) ? -EISDIR : -EINVAL;
	/* write-only knobs refuse readers even when DAC lets root through */
	if (acc != O_WRONLY && (!(node->ops->show || node->ops->read) || !(node->mode & 0444)))
		return -EACCES;
	if (acc != O_WRONLY && node->ops->read) {
		g_autoptr(GString) none = g_string_new(NULL);
		ssize_t ret = call_read(t, node, uid, gid, 0, 0, none);

		if (ret < 0)
			return (int)ret;
	}

	of = g_new0(struct pfs_open, 1);
	g_mutex_init(&of->lock);
	of->node = node;
	of->buf = g_string_new(NULL);
	of->append = flags & O_APPEND;
	of->readonly = acc == O_RDONLY;
	of->uid = uid;
	of->gid = gid;
	of->tree = t;
	if (acc == O_RDONLY && !node->ops->read) {
		err = render(t, of);
		if (err) {
			pfs_release(of);
			return err;
		}
	}
	*out = of;
	return 0;
}

static ssize_t __pfs_read(struct pfs_tree *t, struct pfs_open *of, uint64_t off, size_t size,
			  const char **data)
{
	if (of->node->ops->read) {
		ssize_t ret;

		g_string_truncate(of->buf, 0);
		ret = call_read(t, of->node, of->uid, of->gid, off, size, of->buf);
		if (ret >= 0 && pin_buffer(t, of))
			ret = -ENOMEM;
		*data = of->buf->str;
		return ret;
	}
	if (!of->rendered) {
		int err = render(t, of);

		if (err)
			return err;
	}
	/*
	 * A reply is read either with pread(fd, .., 0) or by reading on from
	 * where the write left the file position; the first read after the
	 * write tells which, and later reads follow the same origin.
	 */
	if (of->reply_pending) {
		of->reply_shift = off == of->reply_base ? of->reply_base : 0;
		of->reply_pending = false;
	}
	if (off < of->reply_shift)
		return 0;
	off -= of->reply_shift;
	if (off >= of->buf->len)
		return 0;
	*data = of->buf->str + off;
	if (of->node->ops->flags & PFS_RECORDS) {
		const char *nl = memchr(*data, '\n', of->buf->len - off);
		size_t rec = nl ? (size_t)(nl - *data) + 1 : of->buf->len - off;

		return rec > size ? -EINVAL : (ssize_t)rec;
	}
	return (ssize_t)MIN(size, of->buf->len - off);
}

/**
 * pfs_read_actor - serve a read straight from the open's buffer: @actor gets
 * the bytes at @off (at most @size, possibly none) while nothing can replace
 * them, so the snapshot is never copied (src/fuse_ops.c replies from it).
 * The open's lock keeps a write on the same open file in another thread
 * away; a read-only open of a rendered file needs none: it was rendered at
 * open and no write reaches it (pfs_write refuses), and a cat's second READ
 * arrives while the first still replies.
 * @t: the tree
 * @of: the open file
 * @off: the file offset
 * @size: the most the reader takes
 * @actor: called once when the read succeeds; the bytes stay good until it returns
 * @ctx: @actor's argument
 *
 * Return: the byte count given to @actor, or -errno (and @actor not called).
 */
ssize_t pfs_read_actor(struct pfs_tree *t, struct pfs_open *of, uint64_t off, size_t size,
		       pfs_read_actor_fn actor, void *ctx)
{
	/* a binary file's read fills the open's buffer anew: always under the lock */
	bool lock = !of->readonly || of->node->ops->read;
	const char *p = NULL;
	ssize_t ret;

	if (lock)
		g_mutex_lock(&of->lock);
	ret = __pfs_read(t, of, off, size, &p);
	if (ret >= 0)
		actor(ctx, p, (size_t)ret);
	if (lock)
		g_mutex_unlock(&of->lock);
	return ret;
}

static void copy_out(void *ctx, const char *data, size_t len)
{
	*(char **)ctx = len ? g_memdup2(data, (gsize)len) : NULL;
}

/**
 * pfs_read - a copy of up to @size bytes at @off, for callers that keep the
 * bytes past the open's lock (tests).
 * @t: the tree
 * @of: the open file
 * @off: the file offset
 * @size: the most the reader takes
 * @data: set to the copy (g_free it), or NULL when none
 *
 * Return: the byte count, or -errno.
 */
ssize_t pfs_read(struct pfs_tree *t, struct pfs_open *of, uint64_t off, size_t size,
		 char **data)
{
	*data = NULL;
	return pfs_read_actor(t, of, off, size, copy_out, data);
}

static ssize_t __pfs_write(struct pfs_tree *t, struct pfs_open *of, uint64_t off,
			   const char *buf, size_t len)
{
	const struct pfs_file_ops *ops = of->node->ops;
	uint64_t pos = of->append ? 0 : off;
	ssize_t ret;

	/* not opened for writing (the kernel never sends one): reads share the buffer unlocked */
	if (of->readonly)
		return -EBADF;
	if (ops->write)
		return len ? call_store(t, of->node, of->uid, of->gid, &of->private, pos, buf, len,
					NULL) : 0;
	if (!ops->store)
		return -(ops->ro_errno ? ops->ro_errno : EIO);
	/* sysctl_writes_strict: a write past offset 0 is ignored and reported done */
	if (pos && !(ops->flags & PFS_ANY_OFFSET))
		return (ssize_t)len;
	if (!len)
		return 0;
	/* a reply must have room before the command runs: it is applied whole or not at all */
	if ((ops->flags & PFS_REPLY) &&
	    __atomic_load_n(&t->pinned, __ATOMIC_RELAXED) + PFS_REPLY_MAX > t->pinned_max)
		return -ENOMEM;

	g_string_truncate(of->buf, 0);
	ret = call_store(t, of->node, of->uid, of->gid, &of->private, 0, buf, len, of->buf);
	pin_buffer(t, of);
	/* what the next read returns: the store's reply, or a fresh render */
	of->rendered = ops->flags & PFS_REPLY;
	of->reply_base = off + len;
	of->reply_shift = 0;
	of->reply_pending = true;
	return ret;
}

ssize_t pfs_write(struct pfs_tree *t, struct pfs_open *of, uint64_t off,
		  const char *buf, size_t len)
{
	ssize_t ret;

	g_mutex_lock(&of->lock);
	ret = __pfs_write(t, of, off, buf, len);
	g_mutex_unlock(&of->lock);
	return ret;
}

void pfs_release(struct pfs_open *of)
{
	if (!of)
		return;
	__atomic_add_fetch(&of->tree->pinned, -(gint64)of->pinned, __ATOMIC_RELAXED);
	g_mutex_clear(&of->lock);
	g_string_free(of->buf, TRUE);
	g_free(of);
}

int pfs_render(struct pfs_tree *t, const char *path, GString *out)
{
	struct pfs_node *n = pfs_resolve(t, path);

	if (!n)
		return -ENOENT;
	if (!S_ISREG(n->mode) || !n->ops->show)
		return -EACCES;
	return call_show(t, n, 0, 0, out);
}

ssize_t pfs_size(struct pfs_tree *t, struct pfs_node *node)
{
	struct pfs_open of = { .node = node, .buf = g_string_new(NULL), .tree = t };
	ssize_t ret = render(t, &of);

	if (!ret)
		ret = (ssize_t)of.buf->len;
	__atomic_add_fetch(&t->pinned, -(gint64)of.pinned, __ATOMIC_RELAXED);
	g_string_free(of.buf, TRUE);
	return ret;
}

ssize_t pfs_store(struct pfs_tree *t, const char *path, const char *s, GString *reply)
{
	struct pfs_node *n = pfs_resolve(t, path);
	g_autoptr(GString) scratch = g_string_new(NULL);
	long private = 0;

	if (!n)
		return -ENOENT;
	if (!S_ISREG(n->mode))
		return -EISDIR;
	if (!n->ops->store && !n->ops->write)
		return -(n->ops->ro_errno ? n->ops->ro_errno : EIO);
	if (!*s)
		return 0;
	return call_store(t, n, 0, 0, &private, 0, s, strlen(s), reply ? reply : scratch);
}
