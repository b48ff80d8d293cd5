/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The file tree: a kernfs-like table of nodes, each file a show (render the
 * whole text) and, if writable, a store (parse, validate, apply).
 *
 * One node table serves every operation: lookup, getattr, readdir, open,
 * read, write. A file is rendered once at open into a per-open buffer and
 * read from there (seq_file semantics with a snapshot), so a reader never
 * sees two ticks in one file. Nothing here knows FUSE; src/fuse_ops.c maps
 * FUSE requests onto these calls.
 */
#ifndef PROCFS_TREE_H
#define PROCFS_TREE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct machine;
struct pfs_node;
struct pfs_tree;

#define PFS_ROOT_INO	1

/* What a handler is given. The machine lock is held around every call. */
struct pfs_req {
	struct machine *m;
	const struct pfs_node *node;
	uid_t uid;			/* the caller */
	gid_t gid;
	GString *reply;			/* store: text the same open file reads back */
	long *private;			/* store: a word kept per open file (seq->private), 0 at open */
};

/*
 * Offsets: a write at offset 0 always reaches the store. One at another
 * offset is ignored and reported done, as proc_dointvec() does under
 * sysctl_writes_strict, unless the file has PFS_ANY_OFFSET: then every
 * write is parsed on its own, as the kernel's handlers that ignore *ppos
 * do (dev/kmsg, oom_score_adj, comm, pressure triggers, sysfs stores). An
 * O_APPEND write is at offset 0 for every file: /proc files have size 0,
 * however large the kernel's cached size of a FUSE file has grown.
 */
enum pfs_flags {
	PFS_ANY_OFFSET	= 1 << 0,	/* every write is parsed, whatever its offset */
	/*
	 * Report the true size and let the page cache serve it, so the file
	 * can be mmap()ed (dmesg -F maps its file). Rendered again at every
	 * getattr and open; only for files nobody reads in a hot loop.
	 */
	PFS_EXACT_SIZE	= 1 << 1,
	/* a read returns at most one line, like /dev/kmsg's one record per read */
	PFS_RECORDS	= 1 << 2,
	/* what the store puts in the reply is what the same open file reads next (sim/ctl) */
	PFS_REPLY	= 1 << 3,
};

struct pfs_file_ops {
	/* Render the whole file into @out; 0 or -errno. */
	int (*show)(const struct pfs_req *r, GString *out);
	/*
	 * Consume a write made at offset 0 (or any offset with PFS_ANY_OFFSET):
	 * bytes consumed (a short count is a short write, as sysctls do) or
	 * -errno, with nothing changed.
	 */
	ssize_t (*store)(const struct pfs_req *r, const char *buf, size_t len);
	/*
	 * Binary files too large to render whole (pagemap, kpageflags): instead
	 * of show, each read puts the bytes of [@off, @off + @size) into @out
	 * and returns their count (0 at the end) or -errno, under the machine
	 * lock, with the opener's credentials. The open calls it once with
	 * @size 0: an error there fails the open.
	 */
	ssize_t (*read)(const struct pfs_req *r, uint64_t off, size_t size, GString *out);
	/* ... and a write that needs its offset (sysfs binary files): bytes taken or -errno */
	ssize_t (*write)(const struct pfs_req *r, uint64_t off, const char *buf, size_t len);
	unsigned int flags;
	int ro_errno;			/* write to a file without store: EIO unless set */
};

/*
 * The target of a symlink the engine decides (proc/self, proc/<pid>/exe),
 * for the reader in @r (machine lock held): 0 with *@target set (g_free
 * it), or -errno (ENOENT: no target now; EACCES: not for this reader).
 */
typedef int (*pfs_link_fn)(const struct pfs_req *r, char **target);

/*
 * A directory whose entries come and go with the engine (slab caches, pids;
 * memory cgroups would be one, but none are modelled). Entries are made the first time a name is seen, keep their
 * inode number for good, and vanish from lookup and readdir once the engine
 * no longer lists them; their files' show handlers find the object by the
 * directory's name and answer -ENOENT when it is gone.
 *
 * The directory may also hold fixed children (/proc has meminfo and sys/
 * beside the pids): lookup tries them first, readdir lists them first, then
 * the engine's entries in the order list() gives.
 */
struct pfs_dir_ops {
	/* Append the entries of @dir now, in listing order (machine lock held). */
	void (*list)(struct machine *m, const struct pfs_node *dir, GPtrArray *names);
	/* Create the files of a new entry @dir (no lock needed: the tree only). */
	void (*populate)(struct pfs_tree *t, struct pfs_node *dir);
	/*
	 * Optional: whether @name is an entry now and, if it is, who owns it
	 * (machine lock held). Called at every lookup and readdir, so an entry
	 * whose name is reused by another owner (a recycled pid) follows it;
	 * the entry and everything below it take that owner. Lookup then asks
	 * this instead of listing every entry.
	 */
	bool (*owner)(struct machine *m, const struct pfs_node *dir, const char *name, uid_t *uid,
		      gid_t *gid);
	/*
	 * Optional: the entries are symlinks with this target (proc/<pid>/fd)
	 * or files with these ops (fdinfo), of mode @entry_mode, instead of
	 * directories made by populate.
	 */
	pfs_link_fn entry_link;
	const struct pfs_file_ops *entry_ops;
	mode_t entry_mode;
};


struct pfs_node {
	uint64_t ino;
	char *name;
	mode_t mode;			/* S_IFDIR | 0555, S_IFREG | 0444, ... */
	uid_t uid;
	gid_t gid;
	struct pfs_node *parent;
	GPtrArray *children;		/* struct pfs_node *, in creation order; dirs only */
	const struct pfs_file_ops *ops;	/* files only */
	const struct pfs_dir_ops *dir_ops;	/* dynamic directories only */
	const void *data;		/* the handler's argument (a ctl_table, ...) */
	long idata;			/* ... or a number (a node id, ...) */
	char *target;			/* symlinks with a fixed target */
	pfs_link_fn link;		/* ... or one computed at each readlink */
	bool dynamic;			/* an entry of its parent's dir_ops, not a fixed child */
	size_t size_hint;		/* the last render's length, where an open's buffer starts */
};

struct pfs_tree {
	struct machine *m;
	/*
	 * Dynamic directories add nodes while requests run on other threads:
	 * @lock covers the arrays (nodes, children). Nodes themselves are
	 * never freed before the tree, so a node pointer stays good unlocked.
	 */
	GMutex lock;
	GPtrArray *nodes;		/* by ino - 1 */
	/*
	 * Any user may open files and keep them open, and each open holds its
	 * snapshot or reply: @pinned counts those bytes, and an open or a
	 * write that would take the total past @pinned_max fails with ENOMEM.
	 */
	int64_t pinned;			/* updated with __atomic builtins: opens run unlocked */
	int64_t pinned_max;
};

#define PFS_PINNED_MAX	(256LL << 20)
/* The most a PFS_REPLY store may put in its reply (sim/ctl's summary line takes over). */
#define PFS_REPLY_MAX	(1LL << 20)

/* Build the whole tree for @m (procfs/root.c holds the table). */
struct pfs_tree *pfs_tree_new(struct machine *m);
void pfs_tree_free(struct pfs_tree *t);

/* An empty tree (the root only); root.c fills it. */
struct pfs_tree *pfs_tree_alloc(struct machine *m);

/* Tree construction, used by root.c. @path is relative to the root, '/'-separated. */
struct pfs_node *pfs_mkdir_p(struct pfs_tree *t, const char *path, mode_t mode);
struct pfs_node *pfs_add_file(struct pfs_tree *t, const char *path, mode_t mode,
			      const struct pfs_file_ops *ops, const void *data, long idata);
struct pfs_node *pfs_add_symlink(struct pfs_tree *t, const char *path, const char *target);
struct pfs_node *pfs_add_dynlink(struct pfs_tree *t, const char *path, pfs_link_fn link);
/* A dynamic directory at @path; fixed children added before or after stay. */
struct pfs_node *pfs_add_dyndir(struct pfs_tree *t, const char *path, mode_t mode,
				const struct pfs_dir_ops *ops);
/* A file under @dir, for pfs_dir_ops.populate. */
struct pfs_node *pfs_add_child_file(struct pfs_tree *t, struct pfs_node *dir, const char *name,
				    mode_t mode, const struct pfs_file_ops *ops);
/* A dynamic directory under @dir, for pfs_dir_ops.populate (proc/<pid>/task). */
/* A symlink under @dir whose target is computed at each readlink, for populate. */
struct pfs_node *pfs_add_child_dynlink(struct pfs_tree *t, struct pfs_node *dir, const char *name,
				       pfs_link_fn link);
/* A plain directory under @dir, for populate (proc/<pid>/ns). */
struct pfs_node *pfs_add_child_dir(struct pfs_tree *t, struct pfs_node *dir, const char *name,
				   mode_t mode);
struct pfs_node *pfs_add_child_dyndir(struct pfs_tree *t, struct pfs_node *dir, const char *name,
				      mode_t mode, const struct pfs_dir_ops *ops);

/* Lookups. NULL when absent. */
struct pfs_node *pfs_node_get(const struct pfs_tree *t, uint64_t ino);
struct pfs_node *pfs_lookup(const struct pfs_tree *t, uint64_t parent, const char *name);
struct pfs_node *pfs_resolve(const struct pfs_tree *t, const char *path);
/* The entries of directory @dir now (not . and ..); free with g_ptr_array_unref. */
GPtrArray *pfs_list(const struct pfs_tree *t, struct pfs_node *dir);
/* How many of @dir's entries are directories (for st_nlink). */
unsigned int pfs_subdirs(const struct pfs_tree *t, const struct pfs_node *dir);
/* A symlink's target now for the reader @uid/@gid: 0 and *@target (g_free it), or -errno. */
int pfs_readlink(const struct pfs_tree *t, const struct pfs_node *n, uid_t uid, gid_t gid,
		 char **target);
/*
 * Whether the kernel must ask again before trusting a cached entry or
 * attributes: entries of dynamic directories and what lies below them
 * vanish or change owner, computed symlinks change target.
 */
bool pfs_volatile(const struct pfs_node *n);

/* Per-open state. Two threads may use one open file at once; @lock orders them. */
struct pfs_open {
	GMutex lock;
	struct pfs_node *node;
	GString *buf;			/* the snapshot, or the reply of the last write */
	bool rendered;
	uint64_t reply_base;		/* file offset where the last write ended */
	uint64_t reply_shift;		/* offset the reply is served from: 0 or reply_base */
	bool reply_pending;		/* no read since the last write */
	bool append;			/* opened O_APPEND: every write at offset 0 */
	bool readonly;			/* opened O_RDONLY: @buf stays as open rendered it */
	long private;			/* the store's word for this open file */
	size_t pinned;			/* bytes of @buf counted in the tree's pinned total */
	struct pfs_tree *tree;
	uid_t uid;			/* the opener's credentials, which its writes carry */
	gid_t gid;
};

int pfs_open(struct pfs_tree *t, struct pfs_node *node, int flags, uid_t uid, gid_t gid,
	     struct pfs_open **out);
/* Copy up to @size bytes from @off into *@data (g_free it); the byte count or -errno. */
ssize_t pfs_read(struct pfs_tree *t, struct pfs_open *of, uint64_t off, size_t size,
		 char **data);
/* Given the bytes of a read: they stay good until it returns. */
typedef void (*pfs_read_actor_fn)(void *ctx, const char *data, size_t len);
/* The same read without a copy: @actor gets the bytes; the byte count or -errno. */
ssize_t pfs_read_actor(struct pfs_tree *t, struct pfs_open *of, uint64_t off, size_t size,
		       pfs_read_actor_fn actor, void *ctx);
ssize_t pfs_write(struct pfs_tree *t, struct pfs_open *of, uint64_t off,
		  const char *buf, size_t len);
void pfs_release(struct pfs_open *of);

/* Size of the file's text now (for PFS_EXACT_SIZE files), or -errno. */
ssize_t pfs_size(struct pfs_tree *t, struct pfs_node *node);

/* Render a file in one go (tests, and the benchmark's in-process figure). */
int pfs_render(struct pfs_tree *t, const char *path, GString *out);
/* Write @s to a file as one write at offset 0; bytes consumed or -errno. */
ssize_t pfs_store(struct pfs_tree *t, const char *path, const char *s, GString *reply);

#endif /* PROCFS_TREE_H */
