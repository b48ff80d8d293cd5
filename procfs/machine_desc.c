// SPDX-License-Identifier: GPL-2.0
/*
 * Machine descriptions as key files (GKeyFile), for --config FILE and
 * sim/machine. The format:
 *
 *   [machine]
 *   # start from this preset, then apply the keys below (default: default)
 *   preset=default
 *   name=default
 *   # x86_64 or i386
 *   arch=x86_64
 *   nodes=1
 *   # sizes and addresses: decimal or 0x hex, with an optional K/M/G/T suffix
 *   swap=0
 *   # boot time, seconds since the epoch (/proc/stat btime)
 *   btime=1764633600
 *   cpu_model=mmsimfs Virtual CPU @ 2.40GHz
 *   cpu_mhz=2400
 *   # the optional CPU features the kernel acts on, space-separated:
 *   # pdpe1gb (1G direct-map pages, DirectMap1G) and pku (smaps' ProtectionKey)
 *   cpu_flags=pdpe1gb pku
 *
 *   [zones]
 *   # upper limit of each zone kind; max = no limit. The group replaces the
 *   # preset's zones; without it a changed arch gets that arch's zones.
 *   DMA=16M
 *   DMA32=4G
 *   Normal=max
 *
 *   [node0]
 *   # usable RAM, START-END (END excluded), comma-separated, in address order
 *   memory=0x1000-0x9fc00,1M-3G,4G-5G
 *   cpus=2
 *   # SLIT row, one value per node; left out: 10 local, 20 remote
 *   distance=10
 *
 *   [reserved]
 *   # NAME=START-END: memblock reservations besides the first MiB and the
 *   # memmap, which boot makes itself. The group replaces the preset's list.
 *   kernel=16M-48M
 *
 *   [disk.vda]
 *   # a virtio disk: vda holds the root filesystem, vdb the swap partition
 *   # (machine.swap bytes of it). Sizes and bandwidth (bytes per second)
 *   # take K/M/G/T; latency is a duration (200us, 1ms; a bare number is
 *   # seconds); iops 0 means no limit. The preset's disks are vda and vdb;
 *   # a group changes the keys it names or adds a disk vdc..vdp.
 *   size=20G
 *   bandwidth=128M
 *   latency=200us
 *   iops=3000
 *
 *   [sysctl]
 *   # written after boot as if to /proc/sys; the group replaces the preset's
 *   vm.min_free_kbytes=8192
 *
 *   [slab]
 *   # CACHE=OBJECTS [unused=N]: objects the kernel holds at boot, of which
 *   # N are unused (dentries, inodes) that a shrinker may free. The group
 *   # replaces the preset's profile; boot refuses a cache it does not have.
 *   dentry=12000 unused=9000
 *
 *   [tasks]
 *   # N=KIND NAME [binary=PATH] [uid=N] [oom_score_adj=N] [heap=SIZE] [session] [args=ARGV]
 *   # what runs after boot, in key order. KIND: process, kthread, kthread-per-cpu,
 *   # kthread-per-node (NAME holds one %d, the CPU or node). heap= is how far a
 *   # process has grown its heap; session marks the login shell proc/self
 *   # points to; args= takes the rest of the line. The group replaces the preset's.
 *   1=process systemd binary=/usr/lib/systemd/systemd heap=4M args=/sbin/init
 *   2=kthread kthreadd
 *
 * A key overrides only itself; memory, distance and the [reserved],
 * [sysctl], [slab] and [tasks] groups replace what the preset had. Lines starting with '#' are
 * comments; a '#' after a number or a range starts a comment too. Unknown
 * groups and keys, bad numbers and bad ranges are refused with the key
 * ("node0.memory: bad range '5G-4G'"), then machine_desc_validate() checks
 * that the machine makes sense.
 *
 * machine_desc_to_text() prints every field, with empty [reserved],
 * [sysctl], [slab] and [tasks] groups when there are none, so its text loads back to the same
 * description whatever preset it is applied over.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "machine_desc.h"
#include "mm/sysctl.h"
#include "seq.h"

#define SZ_1M		(1ULL << 20)
#define SZ_1G		(1ULL << 30)
#define SZ_1T		(1ULL << 40)
#define LOCAL_DISTANCE	10
#define REMOTE_DISTANCE	20

static const char *const machine_keys[] = {
	"preset", "name", "arch", "nodes", "swap", "btime", "cpu_model", "cpu_mhz", "cpu_flags",
	NULL,
};
static const char *const node_keys[] = { "memory", "cpus", "distance", NULL };
static const char *const disk_keys[] = { "size", "bandwidth", "latency", "iops", NULL };

static const char *const arch_names[] = {
	[ARCH_X86_64] = "x86_64",
	[ARCH_I386] = "i386",
};

/* What the loader works on: the description and where errors go. */
struct desc_loader {
	GKeyFile *kf;
	struct machine_desc *d;
	char *err;
	size_t errlen;
};

static int fail(struct desc_loader *l, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static int fail(struct desc_loader *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_vsnprintf(l->err, l->errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* ---------------------------------------------------------------- values */

/* The raw value of a number-like key, without a trailing comment; NULL if absent. */
static char *get_value(struct desc_loader *l, const char *group, const char *key)
{
	char *v = g_key_file_get_value(l->kf, group, key, NULL);
	char *hash;

	if (!v)
		return NULL;
	hash = strchr(v, '#');
	if (hash)
		*hash = '\0';
	return g_strstrip(v);
}

static int parse_number(struct desc_loader *l, const char *group, const char *key,
			uint64_t max, uint64_t *out)
{
	g_autofree char *v = get_value(l, group, key);
	guint64 n;

	if (!g_ascii_string_to_unsigned(v, 10, 0, max, &n, NULL))
		return fail(l, "%s.%s: bad number '%s'", group, key, v);
	*out = n;
	return 0;
}

/* An address or size: parse_size() (decimal, 0x hex, K/M/G/T), or "max" if allowed. */
static int parse_addr(const char *s, bool allow_max, uint64_t *out)
{
	unsigned long long v;

	if (allow_max && !strcmp(s, "max")) {
		*out = UINT64_MAX;
		return 0;
	}
	if (parse_size(s, &v))
		return -EINVAL;
	*out = v;
	return 0;
}

/* "START-END" with START < END */
static int parse_range(const char *s, struct mem_range *r)
{
	g_autofree char *start = g_strdup(s);
	char *dash = strchr(start, '-');

	if (!dash)
		return -EINVAL;
	*dash = '\0';
	if (parse_addr(g_strstrip(start), false, &r->start) ||
	    parse_addr(g_strstrip(dash + 1), false, &r->end) || r->start >= r->end)
		return -EINVAL;
	return 0;
}

static int copy_string(struct desc_loader *l, const char *group, const char *key,
		       const char *s, char *dst, size_t size)
{
	if (strlen(s) >= size)
		return fail(l, "%s.%s: longer than %zu characters", group, key, size - 1);
	memset(dst, 0, size);
	memcpy(dst, s, strlen(s));
	return 0;
}

/* ---------------------------------------------------------------- groups and keys */

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

/* "nodeN" with N as printed by %d; -1 if @group is not one */
static int node_group_id(const char *group)
{
	guint64 n;

	if (strncmp(group, "node", 4) || !g_ascii_isdigit(group[4]) ||
	    (group[4] == '0' && group[5]) ||
	    !g_ascii_string_to_unsigned(group + 4, 10, 0, G_MAXINT, &n, NULL))
		return -1;
	return (int)n;
}

static int zone_kind(const char *name)
{
	for (int i = 0; i < __MAX_ZONE_TYPES; i++)
		if (!strcmp(zone_names[i], name))
			return i;
	return -1;
}

static int check_keys(struct desc_loader *l, const char *group, const char *const *allowed)
{
	g_auto(GStrv) keys = g_key_file_get_keys(l->kf, group, NULL, NULL);

	for (int i = 0; keys && keys[i]; i++) {
		bool ok = allowed ? in_list(allowed, keys[i]) : zone_kind(keys[i]) >= 0;

		if (!ok)
			return fail(l, "%s.%s: unknown key", group, keys[i]);
	}
	return 0;
}

/* Refuse what the format does not know before anything is applied. */
static int check_groups(struct desc_loader *l)
{
	g_auto(GStrv) groups = g_key_file_get_groups(l->kf, NULL);
	int ret = 0;

	for (int i = 0; groups[i] && !ret; i++) {
		const char *g = groups[i];
		int nid = node_group_id(g);

		if (!strcmp(g, "machine"))
			ret = check_keys(l, g, machine_keys);
		else if (!strcmp(g, "zones"))
			ret = check_keys(l, g, NULL);
		else if (nid >= 0 && nid < MAX_NUMNODES)
			ret = check_keys(l, g, node_keys);
		else if (nid >= 0)
			ret = fail(l, "%s: at most %d nodes", g, MAX_NUMNODES);
		else if (!strncmp(g, "disk.", 5))
			ret = check_keys(l, g, disk_keys);
		else if (strcmp(g, "reserved") && strcmp(g, "sysctl") && strcmp(g, "slab") &&
			 strcmp(g, "tasks"))
			ret = fail(l, "%s: unknown group", g);
	}
	return ret;
}

/* ---------------------------------------------------------------- [machine] */

static int load_preset(struct desc_loader *l)
{
	g_autofree char *name = NULL;
	const struct machine_desc *p;

	name = g_key_file_has_key(l->kf, "machine", "preset", NULL) ?
	       get_value(l, "machine", "preset") : g_strdup("default");
	p = machine_preset(name);
	if (!p)
		return fail(l, "machine.preset: unknown preset '%s'", name);
	memcpy(l->d, p, sizeof(*p));
	return 0;
}

/* The zone limits of @arch: those of the first preset built for it. */
static void arch_default_zones(enum machine_arch arch, uint64_t zone_end[])
{
	for (const char *const *n = machine_preset_names(); *n; n++) {
		const struct machine_desc *p = machine_preset(*n);

		if (p->arch == arch) {
			memcpy(zone_end, p->zone_end, sizeof(p->zone_end));
			return;
		}
	}
}

static int load_arch(struct desc_loader *l)
{
	g_autofree char *v = get_value(l, "machine", "arch");

	for (size_t i = 0; i < G_N_ELEMENTS(arch_names); i++) {
		if (!strcmp(v, arch_names[i])) {
			if (l->d->arch != (enum machine_arch)i)
				arch_default_zones((enum machine_arch)i, l->d->zone_end);
			l->d->arch = (enum machine_arch)i;
			return 0;
		}
	}
	return fail(l, "machine.arch: unknown architecture '%s' (x86_64 or i386)", v);
}

static int load_string(struct desc_loader *l, const char *key, char *dst, size_t size)
{
	g_autofree char *v = g_key_file_get_string(l->kf, "machine", key, NULL);

	if (!v)
		return fail(l, "machine.%s: bad string", key);
	return copy_string(l, "machine", key, v, dst, size);
}

/* cpu_flags: the words of x86_cap_flags[] the CPU has, in any order; "" for none */
static int load_cpu_flags(struct desc_loader *l)
{
	g_autofree char *v = get_value(l, "machine", "cpu_flags");
	g_auto(GStrv) words = g_strsplit_set(v, " \t", -1);
	unsigned int features = 0;

	for (int i = 0; words[i]; i++) {
		int f = 0;

		if (!*words[i])
			continue;
		while (f < NR_CPU_FEATURES && strcmp(words[i], x86_cap_flags[f]))
			f++;
		if (f == NR_CPU_FEATURES)
			return fail(l, "machine.cpu_flags: unknown flag '%s' (pdpe1gb, pku)", words[i]);
		features |= 1U << f;
	}
	l->d->cpu_features = features;
	return 0;
}

static int load_machine(struct desc_loader *l)
{
	struct machine_desc *d = l->d;
	uint64_t v;
	int ret = 0;

	if (g_key_file_has_key(l->kf, "machine", "name", NULL))
		ret = load_string(l, "name", d->name, sizeof(d->name));
	if (!ret && g_key_file_has_key(l->kf, "machine", "arch", NULL))
		ret = load_arch(l);
	if (!ret && g_key_file_has_key(l->kf, "machine", "nodes", NULL)) {
		ret = parse_number(l, "machine", "nodes", G_MAXINT, &v);
		if (!ret && (v < 1 || v > MAX_NUMNODES))
			ret = fail(l, "machine.nodes: must be 1..%d", MAX_NUMNODES);
		if (!ret)
			d->nr_nodes = (int)v;
	}
	if (!ret && g_key_file_has_key(l->kf, "machine", "swap", NULL)) {
		g_autofree char *s = get_value(l, "machine", "swap");

		if (parse_addr(s, false, &d->swap_bytes))
			ret = fail(l, "machine.swap: bad size '%s'", s);
	}
	if (!ret && g_key_file_has_key(l->kf, "machine", "btime", NULL))
		ret = parse_number(l, "machine", "btime", G_MAXUINT64, &d->btime);
	if (!ret && g_key_file_has_key(l->kf, "machine", "cpu_model", NULL))
		ret = load_string(l, "cpu_model", d->cpu_model, sizeof(d->cpu_model));
	if (!ret && g_key_file_has_key(l->kf, "machine", "cpu_mhz", NULL)) {
		ret = parse_number(l, "machine", "cpu_mhz", 1000000, &v);
		if (!ret)
			d->cpu_mhz = (unsigned int)v;
	}
	if (!ret && g_key_file_has_key(l->kf, "machine", "cpu_flags", NULL))
		ret = load_cpu_flags(l);
	return ret;
}

/* ---------------------------------------------------------------- [disk.NAME] */

/* The disk of that name, added at the end when the preset has none; NULL when full. */
static struct disk_desc *disk_slot(struct machine_desc *d, const char *name)
{
	for (int i = 0; i < d->nr_disks; i++)
		if (!strcmp(d->disks[i].name, name))
			return &d->disks[i];
	if (d->nr_disks == MAX_DISKS)
		return NULL;
	memset(&d->disks[d->nr_disks], 0, sizeof(d->disks[0]));
	memcpy(d->disks[d->nr_disks].name, name, strlen(name));
	return &d->disks[d->nr_disks++];
}

static int load_disk_size(struct desc_loader *l, const char *group, const char *key,
			  uint64_t *out)
{
	g_autofree char *v = get_value(l, group, key);

	if (!v)
		return 0;
	if (parse_addr(v, false, out))
		return fail(l, "%s.%s: bad size '%s'", group, key, v);
	return 0;
}

static int load_disk(struct desc_loader *l, const char *group)
{
	const char *name = group + 5;
	struct disk_desc *k;
	int ret;

	if (strlen(name) >= sizeof(k->name))
		return fail(l, "%s: disk name longer than %zu characters", group, sizeof(k->name) - 1);
	k = disk_slot(l->d, name);
	if (!k)
		return fail(l, "%s: at most %d disks", group, MAX_DISKS);
	ret = load_disk_size(l, group, "size", &k->size);
	if (!ret)
		ret = load_disk_size(l, group, "bandwidth", &k->bandwidth);
	if (!ret && g_key_file_has_key(l->kf, group, "latency", NULL)) {
		g_autofree char *v = get_value(l, group, "latency");

		if (parse_duration(v, &k->latency))
			ret = fail(l, "%s.latency: bad duration '%s'", group, v);
	}
	if (!ret && g_key_file_has_key(l->kf, group, "iops", NULL))
		ret = parse_number(l, group, "iops", G_MAXUINT64, &k->iops);
	return ret;
}

static int disk_cmp(const void *a, const void *b)
{
	return strcmp(((const struct disk_desc *)a)->name, ((const struct disk_desc *)b)->name);
}

/* Every [disk.NAME] group, then the disks in name (minor) order. */
static int load_disks(struct desc_loader *l)
{
	g_auto(GStrv) groups = g_key_file_get_groups(l->kf, NULL);
	int ret = 0;

	for (int i = 0; groups[i] && !ret; i++)
		if (!strncmp(groups[i], "disk.", 5))
			ret = load_disk(l, groups[i]);
	qsort(l->d->disks, (size_t)l->d->nr_disks, sizeof(l->d->disks[0]), disk_cmp);
	return ret;
}

/* ---------------------------------------------------------------- [zones] */

static int load_zones(struct desc_loader *l)
{
	g_auto(GStrv) keys = g_key_file_get_keys(l->kf, "zones", NULL, NULL);

	if (!keys)
		return 0;
	memset(l->d->zone_end, 0, sizeof(l->d->zone_end));
	for (int i = 0; keys[i]; i++) {
		g_autofree char *v = get_value(l, "zones", keys[i]);
		int kind = zone_kind(keys[i]);

		if (parse_addr(v, true, &l->d->zone_end[kind]) || !l->d->zone_end[kind])
			return fail(l, "zones.%s: bad limit '%s'", keys[i], v);
	}
	return 0;
}

/* ---------------------------------------------------------------- [nodeN] */

static int load_memory(struct desc_loader *l, const char *group, struct node_desc *nd)
{
	g_autofree char *v = get_value(l, group, "memory");
	g_auto(GStrv) ranges = g_strsplit(v, ",", -1);
	int n = 0;

	memset(nd->mem, 0, sizeof(nd->mem));
	for (int i = 0; ranges[i]; i++) {
		char *s = g_strstrip(ranges[i]);

		if (!*s && !ranges[i + 1] && i)
			break;		/* a trailing comma */
		if (n == MAX_MEM_RANGES)
			return fail(l, "%s.memory: at most %d ranges", group, MAX_MEM_RANGES);
		if (parse_range(s, &nd->mem[n]))
			return fail(l, "%s.memory: bad range '%s'", group, s);
		n++;
	}
	nd->nr_mem = n;
	return 0;
}

static int load_distance(struct desc_loader *l, const char *group, struct node_desc *nd)
{
	g_autofree char *v = get_value(l, group, "distance");
	g_auto(GStrv) vals = g_strsplit(v, ",", -1);
	int n;

	memset(nd->distance, 0, sizeof(nd->distance));
	for (n = 0; vals[n]; n++) {
		char *s = g_strstrip(vals[n]);
		guint64 dist;

		if (n == MAX_NUMNODES)
			return fail(l, "%s.distance: at most %d values", group, MAX_NUMNODES);
		if (!g_ascii_string_to_unsigned(s, 10, 0, 255, &dist, NULL))
			return fail(l, "%s.distance: bad number '%s'", group, s);
		nd->distance[n] = (int)dist;
	}
	if (n != l->d->nr_nodes)
		return fail(l, "%s.distance: %d values for %d nodes", group, n, l->d->nr_nodes);
	return 0;
}

static int load_node(struct desc_loader *l, int nid)
{
	g_autofree char *group = g_strdup_printf("node%d", nid);
	struct node_desc *nd = &l->d->nodes[nid];
	bool has_group = g_key_file_has_group(l->kf, group);
	uint64_t v;
	int ret = 0;

	if (has_group && g_key_file_has_key(l->kf, group, "memory", NULL))
		ret = load_memory(l, group, nd);
	if (!ret && has_group && g_key_file_has_key(l->kf, group, "cpus", NULL)) {
		ret = parse_number(l, group, "cpus", MAX_CPUS, &v);
		if (!ret)
			nd->nr_cpus = (int)v;
	}
	if (!ret && has_group && g_key_file_has_key(l->kf, group, "distance", NULL))
		return load_distance(l, group, nd);
	/* no SLIT row given: the kernel's defaults, for nodes the preset lacked */
	for (int o = 0; o < l->d->nr_nodes && !ret; o++)
		if (!nd->distance[o])
			nd->distance[o] = o == nid ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	return ret;
}

static int load_nodes(struct desc_loader *l)
{
	for (int nid = l->d->nr_nodes; nid < MAX_NUMNODES; nid++) {
		g_autofree char *group = g_strdup_printf("node%d", nid);

		if (g_key_file_has_group(l->kf, group))
			return fail(l, "%s: machine.nodes is %d", group, l->d->nr_nodes);
	}
	for (int nid = 0; nid < l->d->nr_nodes; nid++) {
		int ret = load_node(l, nid);

		if (ret)
			return ret;
	}
	return 0;
}

/* ---------------------------------------------------------------- [reserved], [sysctl] */

static int load_reserved(struct desc_loader *l)
{
	g_auto(GStrv) keys = g_key_file_get_keys(l->kf, "reserved", NULL, NULL);
	struct machine_desc *d = l->d;

	if (!keys)
		return 0;
	d->nr_reserved = 0;
	memset(d->reserved, 0, sizeof(d->reserved));
	for (int i = 0; keys[i]; i++) {
		g_autofree char *v = get_value(l, "reserved", keys[i]);
		struct reserved_desc *r = &d->reserved[d->nr_reserved];
		int ret;

		if (d->nr_reserved == MAX_RESERVED_RANGES)
			return fail(l, "reserved.%s: at most %d reservations", keys[i],
				    MAX_RESERVED_RANGES);
		ret = copy_string(l, "reserved", keys[i], keys[i], r->name, sizeof(r->name));
		if (ret)
			return ret;
		if (parse_range(v, &r->range))
			return fail(l, "reserved.%s: bad range '%s'", keys[i], v);
		d->nr_reserved++;
	}
	return 0;
}

/* Values are checked as the sysctl table reads them; the knob's own store checks the rest. */
static int check_sysctl(struct desc_loader *l, const char *name, const char *value)
{
	const char *dot = strchr(name, '.');
	g_autofree char *dir = dot ? g_strndup(name, (gsize)(dot - name)) : NULL;
	const struct ctl_table *t = dot ? sysctl_find(dir, dot + 1) : NULL;
	const char *p = value;
	int n = 0;

	if (!t)
		return fail(l, "sysctl.%s: unknown sysctl", name);
	if (t->kind == CTL_TRIGGER || t->kind == CTL_REFRESH)
		return fail(l, "sysctl.%s: an action, not a setting", name);
	if (t->kind == CTL_STRING)
		return 0;
	while (*p) {
		char *end;
		long v;

		errno = 0;
		v = strtol(p, &end, 0);
		if (end == p || errno || (t->has_min && v < t->min) || (t->has_max && v > t->max))
			return fail(l, "sysctl.%s: bad value '%s'", name, value);
		n++;
		for (p = end; g_ascii_isspace(*p); p++)
			;
	}
	if (!n)
		return fail(l, "sysctl.%s: bad value '%s'", name, value);
	return 0;
}

static int load_sysctl(struct desc_loader *l)
{
	g_auto(GStrv) keys = g_key_file_get_keys(l->kf, "sysctl", NULL, NULL);
	struct machine_desc *d = l->d;

	if (!keys)
		return 0;
	d->nr_sysctl = 0;
	memset(d->sysctl, 0, sizeof(d->sysctl));
	for (int i = 0; keys[i]; i++) {
		g_autofree char *v = get_value(l, "sysctl", keys[i]);
		struct sysctl_override *o = &d->sysctl[d->nr_sysctl];
		int ret;

		if (d->nr_sysctl == MAX_SYSCTL_OVERRIDES)
			return fail(l, "sysctl.%s: at most %d settings", keys[i],
				    MAX_SYSCTL_OVERRIDES);
		ret = check_sysctl(l, keys[i], v);
		if (!ret)
			ret = copy_string(l, "sysctl", keys[i], keys[i], o->name, sizeof(o->name));
		if (!ret)
			ret = copy_string(l, "sysctl", keys[i], v, o->value, sizeof(o->value));
		if (ret)
			return ret;
		d->nr_sysctl++;
	}
	return 0;
}

/* "OBJECTS" or "OBJECTS unused=N", with unused <= objects */
static int parse_profile(const char *v, struct slab_profile *p)
{
	g_auto(GStrv) parts = g_strsplit(g_strstrip((char *)v), " ", -1);
	unsigned long long n;
	int i = 0;

	if (!parts[0] || parse_size(parts[0], &n))
		return -EINVAL;
	p->objects = (unsigned long)n;
	for (i = 1; parts[i] && !*parts[i]; i++)
		;
	if (parts[i]) {
		if (!g_str_has_prefix(parts[i], "unused=") || parse_size(parts[i] + 7, &n) ||
		    n > p->objects || parts[i + 1])
			return -EINVAL;
		p->unused = (unsigned long)n;
	}
	return 0;
}

static int load_slab(struct desc_loader *l)
{
	g_auto(GStrv) keys = g_key_file_get_keys(l->kf, "slab", NULL, NULL);
	struct machine_desc *d = l->d;

	if (!keys)
		return 0;
	d->nr_slab_profile = 0;
	memset(d->slab_profile, 0, sizeof(d->slab_profile));
	for (int i = 0; keys[i]; i++) {
		g_autofree char *v = get_value(l, "slab", keys[i]);
		struct slab_profile *p = &d->slab_profile[d->nr_slab_profile];
		int ret;

		if (d->nr_slab_profile == MAX_SLAB_PROFILE)
			return fail(l, "slab.%s: at most %d caches", keys[i], MAX_SLAB_PROFILE);
		ret = copy_string(l, "slab", keys[i], keys[i], p->cache, sizeof(p->cache));
		if (ret)
			return ret;
		if (parse_profile(v, p))
			return fail(l, "slab.%s: expected OBJECTS [unused=N], not '%s'", keys[i], v);
		d->nr_slab_profile++;
	}
	return 0;
}

static const char *const task_kinds[] = {
	[BOOT_PROCESS] = "process",
	[BOOT_KTHREAD] = "kthread",
	[BOOT_KTHREAD_PER_CPU] = "kthread-per-cpu",
	[BOOT_KTHREAD_PER_NODE] = "kthread-per-node",
};

/* One [tasks] option of "KEY=VALUE" or "session"; 0 or -EINVAL. */
static int parse_task_option(struct boot_task *b, const char *opt)
{
	unsigned long long n;
	char *end;
	long v;

	if (!strcmp(opt, "session")) {
		b->session = true;
	} else if (g_str_has_prefix(opt, "binary=")) {
		if (opt[7] != '/' || strlen(opt + 7) >= sizeof(b->binary))
			return -EINVAL;
		g_strlcpy(b->binary, opt + 7, sizeof(b->binary));
	} else if (g_str_has_prefix(opt, "uid=")) {
		if (parse_size(opt + 4, &n) || n > 4294967294ULL)
			return -EINVAL;
		b->uid = (uid_t)n;
	} else if (g_str_has_prefix(opt, "oom_score_adj=")) {
		v = strtol(opt + 14, &end, 10);
		if (!opt[14] || *end || v < -1000 || v > 1000)
			return -EINVAL;
		b->oom_score_adj = (short)v;
	} else if (g_str_has_prefix(opt, "heap=")) {
		if (parse_size(opt + 5, &n) || n > (1ULL << 40))
			return -EINVAL;
		b->anon_kb = (unsigned long)(n >> 10);
	} else {
		return -EINVAL;
	}
	return 0;
}

/* "KIND NAME [options] [args=...]" */
static int parse_task(const char *v, struct boot_task *b)
{
	g_autofree char *line = g_strdup(v);
	char *args = strstr(line, " args="), *save = NULL, *tok;
	int kind;

	memset(b, 0, sizeof(*b));
	if (args) {
		*args = '\0';
		if (strlen(args + 6) >= sizeof(b->cmdline))
			return -EINVAL;
		g_strlcpy(b->cmdline, args + 6, sizeof(b->cmdline));
	}
	tok = strtok_r(line, " ", &save);
	for (kind = 0; tok && kind < (int)G_N_ELEMENTS(task_kinds); kind++)
		if (!strcmp(tok, task_kinds[kind]))
			break;
	if (!tok || kind == (int)G_N_ELEMENTS(task_kinds))
		return -EINVAL;
	b->kind = (enum boot_task_kind)kind;
	tok = strtok_r(NULL, " ", &save);
	if (!tok || strlen(tok) >= sizeof(b->comm))
		return -EINVAL;
	g_strlcpy(b->comm, tok, sizeof(b->comm));
	while ((tok = strtok_r(NULL, " ", &save)))
		if (b->kind != BOOT_PROCESS || parse_task_option(b, tok))
			return -EINVAL;
	return 0;
}

static int load_tasks(struct desc_loader *l)
{
	g_auto(GStrv) keys = g_key_file_get_keys(l->kf, "tasks", NULL, NULL);
	struct machine_desc *d = l->d;

	if (!keys)
		return 0;
	d->nr_boot_tasks = 0;
	memset(d->boot_tasks, 0, sizeof(d->boot_tasks));
	for (int i = 0; keys[i]; i++) {
		g_autofree char *v = g_key_file_get_value(l->kf, "tasks", keys[i], NULL);

		if (d->nr_boot_tasks == MAX_BOOT_TASKS)
			return fail(l, "tasks.%s: at most %d tasks", keys[i], MAX_BOOT_TASKS);
		if (parse_task(g_strstrip(v), &d->boot_tasks[d->nr_boot_tasks++]))
			return fail(l, "tasks.%s: expected KIND NAME [binary=PATH] [uid=N] [oom_score_adj=N] [heap=SIZE] [session] [args=ARGV], not '%s'",
				    keys[i], v);
	}
	return 0;
}

/* Zero what the counts leave unused, so equal machines compare equal byte for byte. */
static void canonicalize(struct machine_desc *d)
{
	for (int n = 0; n < MAX_NUMNODES; n++) {
		struct node_desc *nd = &d->nodes[n];

		if (n >= d->nr_nodes) {
			memset(nd, 0, sizeof(*nd));
			continue;
		}
		memset(&nd->mem[nd->nr_mem], 0,
		       sizeof(nd->mem[0]) * (size_t)(MAX_MEM_RANGES - nd->nr_mem));
		memset(&nd->distance[d->nr_nodes], 0,
		       sizeof(nd->distance[0]) * (size_t)(MAX_NUMNODES - d->nr_nodes));
	}
}

static int load_keyfile(struct desc_loader *l)
{
	int ret = check_groups(l);

	if (!ret)
		ret = load_preset(l);
	if (!ret)
		ret = load_machine(l);
	if (!ret)
		ret = load_zones(l);
	if (!ret)
		ret = load_nodes(l);
	if (!ret)
		ret = load_reserved(l);
	if (!ret)
		ret = load_disks(l);
	if (!ret)
		ret = load_sysctl(l);
	if (!ret)
		ret = load_slab(l);
	if (!ret)
		ret = load_tasks(l);
	return ret;
}

int machine_desc_load(const char *path, const char *data, struct machine_desc *d,
		      char *err, size_t errlen)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) gerr = NULL;
	g_autofree char *contents = NULL;
	g_autofree struct machine_desc *tmp = g_new0(struct machine_desc, 1);
	struct desc_loader l = { .kf = kf, .d = tmp, .err = err, .errlen = errlen };
	struct desc_error derr;
	int ret;

	if (path) {
		if (!g_file_get_contents(path, &contents, NULL, &gerr)) {
			g_snprintf(err, errlen, "%s", gerr->message);
			return gerr->code == G_FILE_ERROR_NOENT ? -ENOENT :
			       gerr->code == G_FILE_ERROR_ACCES ? -EACCES : -EIO;
		}
		data = contents;
	}
	if (!g_key_file_load_from_data(kf, data ? data : "", (gsize)-1, G_KEY_FILE_NONE, &gerr))
		return fail(&l, "%s", gerr->message);
	ret = load_keyfile(&l);
	if (ret)
		return ret;
	canonicalize(tmp);
	ret = machine_desc_validate(tmp, &derr);
	if (ret) {
		machine_desc_error_text(tmp, &derr, err, errlen);
		return ret;
	}
	memcpy(d, tmp, sizeof(*d));
	return 0;
}

/* ---------------------------------------------------------------- validation errors */

/* The key of @e's field as this format spells it: "node1.memory", "reserved.kernel", ... */
static void desc_error_key(const struct machine_desc *d, const struct desc_error *e,
			   char *buf, size_t len)
{
	switch (e->field) {
	case DESC_NODES:
		g_snprintf(buf, len, "machine.nodes");
		break;
	case DESC_NODE_MEMORY:
		g_snprintf(buf, len, "node%d.memory", e->index);
		break;
	case DESC_NODE_CPUS:
		g_snprintf(buf, len, "node%d.cpus", e->index);
		break;
	case DESC_NODE_DISTANCE:
		g_snprintf(buf, len, "node%d.distance", e->index);
		break;
	case DESC_RESERVED:
		g_snprintf(buf, len, "reserved.%s", d->reserved[e->index].name);
		break;
	case DESC_ZONE:
		g_snprintf(buf, len, "zones.%s", zone_names[e->index]);
		break;
	case DESC_BOOT_TASK:
		g_snprintf(buf, len, "tasks.%d", e->index + 1);	/* keys count from 1 */
		break;
	case DESC_BOOT_TASKS:
		g_snprintf(buf, len, "tasks");
		break;
	case DESC_DISK:
		if (e->index >= 0)
			g_snprintf(buf, len, "disk.%s", d->disks[e->index].name);
		else
			g_snprintf(buf, len, "disk.vda");
		break;
	case DESC_SWAP:
		g_snprintf(buf, len, "machine.swap");
		break;
	}
}

/**
 * machine_desc_error_text - word a machine_desc_validate() refusal for a key-file user
 * @d: the description that was refused
 * @e: what machine_desc_validate() found
 * @err: the text, "KEY: reason" ("node0.memory: range 1 ends above the x86_64 limit")
 * @errlen: its size
 */
void machine_desc_error_text(const struct machine_desc *d, const struct desc_error *e,
			     char *err, size_t errlen)
{
	const char *arch = d->arch == ARCH_I386 ? "i386" : "x86_64";
	char key[64];

	desc_error_key(d, e, key, sizeof(key));
	switch (e->reason) {
	case DESC_OUT_OF_RANGE:
		if (e->field == DESC_NODES)
			g_snprintf(err, errlen, "%s: must be 1..%" G_GUINT64_FORMAT, key, e->value);
		else
			g_snprintf(err, errlen, "%s: at most %" G_GUINT64_FORMAT " CPUs in all", key,
				   e->value);
		break;
	case DESC_NO_MEMORY:
		g_snprintf(err, errlen, "%s: node has no memory", key);
		break;
	case DESC_EMPTY_RANGE:
		if (e->field == DESC_RESERVED)
			g_snprintf(err, errlen, "%s: empty range", key);
		else
			g_snprintf(err, errlen, "%s: range %d is empty", key, e->item);
		break;
	case DESC_ABOVE_ARCH:
		g_snprintf(err, errlen, "%s: range %d ends above the %s limit", key, e->item,
			   d->arch == ARCH_I386 ? "i386 PAE" : "x86_64");
		break;
	case DESC_ABOVE_SIM:
		g_snprintf(err, errlen, "%s: range %d ends above %" G_GUINT64_FORMAT
			   "T, the simulator's limit", key, e->item,
			   (uint64_t)((e->value + SZ_1T - 1) / SZ_1T));
		break;
	case DESC_UNSORTED:
		g_snprintf(err, errlen, "%s: ranges must be sorted and not overlap", key);
		break;
	case DESC_OVERLAPS_NODE:
		g_snprintf(err, errlen, "%s: overlaps node%" G_GUINT64_FORMAT, key, e->value);
		break;
	case DESC_NODE_ORDER:
		g_snprintf(err, errlen, "%s: nodes must be in address order", key);
		break;
	case DESC_BAD_DISTANCE:
		g_snprintf(err, errlen, "%s: local distance is %d, remote %d..254", key,
			   LOCAL_DISTANCE, LOCAL_DISTANCE + 1);
		break;
	case DESC_ASYMMETRIC:
		g_snprintf(err, errlen, "%s: table is not symmetric", key);
		break;
	case DESC_NO_CPU:
		g_snprintf(err, errlen, "%s: the machine needs a CPU", key);
		break;
	case DESC_TOO_LITTLE_RAM:
		g_snprintf(err, errlen, "%s: at least %" G_GUINT64_FORMAT " MiB of RAM", key,
			   (uint64_t)(e->value / SZ_1M));
		break;
	case DESC_NOT_IN_ARCH:
		g_snprintf(err, errlen, "%s: the %s architecture has no such zone", key, arch);
		break;
	case DESC_BAD_NAME:
		g_snprintf(err, errlen, "%s: a process needs a name without '/'", key);
		break;
	case DESC_BAD_PATTERN:
		g_snprintf(err, errlen, "%s: '%s': per-CPU and per-node names hold one %%d, others none",
			   key, d->boot_tasks[e->index].comm);
		break;
	case DESC_TWO_SESSIONS:
		g_snprintf(err, errlen, "%s: only one session task", key);
		break;
	case DESC_DISK_NAME:
		g_snprintf(err, errlen, "%s: disks are vda (the root disk, always there) to vdp, each "
			   "once, at most %" G_GUINT64_FORMAT, key, e->value);
		break;
	case DESC_DISK_SIZE:
		g_snprintf(err, errlen, "%s.size: a whole number of 512-byte sectors, 1 to %" G_GUINT64_FORMAT
			   "T bytes", key, (uint64_t)(e->value / SZ_1T));
		break;
	case DESC_DISK_BANDWIDTH:
		g_snprintf(err, errlen, "%s.bandwidth: 1 to %" G_GUINT64_FORMAT "T bytes per second",
			   key, (uint64_t)(e->value / SZ_1T));
		break;
	case DESC_DISK_LATENCY:
		g_snprintf(err, errlen, "%s.latency: at most %" G_GUINT64_FORMAT "s", key,
			   (uint64_t)(e->value / NSEC_PER_SEC));
		break;
	case DESC_DISK_IOPS:
		g_snprintf(err, errlen, "%s.iops: at most %" G_GUINT64_FORMAT, key, e->value);
		break;
	case DESC_NO_SWAP_DISK:
		g_snprintf(err, errlen, "%s: the swap partition needs a disk vdb at least as large (%s)",
			   key, e->value ? "it is smaller" : "there is none");
		break;
	}
}

/* ---------------------------------------------------------------- to text */

/* Sizes on MiB boundaries with a suffix, anything else in hex */
static void put_addr(GString *out, uint64_t v)
{
	static const struct { uint64_t unit; char suffix; } units[] = {
		{ SZ_1T, 'T' }, { SZ_1G, 'G' }, { SZ_1M, 'M' },
	};

	if (v == UINT64_MAX) {
		g_string_append(out, "max");
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(units) && v; i++) {
		if (v % units[i].unit == 0) {
			g_string_append_printf(out, "%" G_GUINT64_FORMAT "%c", v / units[i].unit,
					       units[i].suffix);
			return;
		}
	}
	g_string_append_printf(out, v ? "%#" G_GINT64_MODIFIER "x" : "%" G_GUINT64_FORMAT, v);
}

static void put_range(GString *out, const struct mem_range *r)
{
	put_addr(out, r->start);
	g_string_append_c(out, '-');
	put_addr(out, r->end);
}

/* A string as GKeyFile escapes it (leading blanks, backslashes, newlines). */
static void put_string(GString *out, const char *key, const char *s)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree char *escaped = NULL;

	g_key_file_set_string(kf, "x", key, s);
	escaped = g_key_file_get_value(kf, "x", key, NULL);
	g_string_append_printf(out, "%s=%s\n", key, escaped);
}

static void put_machine(GString *out, const struct machine_desc *d)
{
	g_string_append(out, "[machine]\n");
	put_string(out, "name", d->name);
	g_string_append_printf(out, "arch=%s\nnodes=%d\nswap=", arch_names[d->arch], d->nr_nodes);
	put_addr(out, d->swap_bytes);
	g_string_append_printf(out, "\nbtime=%" G_GUINT64_FORMAT "\n", d->btime);
	put_string(out, "cpu_model", d->cpu_model);
	g_string_append_printf(out, "cpu_mhz=%u\ncpu_flags=", d->cpu_mhz);
	for (int f = 0, n = 0; f < NR_CPU_FEATURES; f++)
		if (d->cpu_features & (1U << f))
			g_string_append_printf(out, "%s%s", n++ ? " " : "", x86_cap_flags[f]);
	g_string_append_c(out, '\n');
}

static void put_node(GString *out, const struct machine_desc *d, int nid)
{
	const struct node_desc *nd = &d->nodes[nid];

	g_string_append_printf(out, "\n[node%d]\nmemory=", nid);
	for (int i = 0; i < nd->nr_mem; i++) {
		if (i)
			g_string_append_c(out, ',');
		put_range(out, &nd->mem[i]);
	}
	g_string_append_printf(out, "\ncpus=%d\ndistance=", nd->nr_cpus);
	for (int o = 0; o < d->nr_nodes; o++)
		g_string_append_printf(out, "%s%d", o ? "," : "", nd->distance[o]);
	g_string_append_c(out, '\n');
}

/* latency in the largest unit that keeps it whole */
static void put_disk(GString *out, const struct disk_desc *k)
{
	static const struct { uint64_t ns; const char *suffix; } units[] = {
		{ NSEC_PER_SEC, "s" }, { NSEC_PER_MSEC, "ms" }, { NSEC_PER_USEC, "us" }, { 1, "ns" },
	};
	size_t u = 0;

	while (k->latency % units[u].ns)
		u++;
	g_string_append_printf(out, "\n[disk.%s]\nsize=", k->name);
	put_addr(out, k->size);
	g_string_append(out, "\nbandwidth=");
	put_addr(out, k->bandwidth);
	g_string_append_printf(out, "\nlatency=%" G_GUINT64_FORMAT "%s\niops=%" G_GUINT64_FORMAT "\n",
			       k->latency / units[u].ns, units[u].suffix, k->iops);
}

char *machine_desc_to_text(const struct machine_desc *d)
{
	GString *out = g_string_new("# mmsimfs machine description: load it with --config FILE\n");

	put_machine(out, d);
	g_string_append(out, "\n[zones]\n");
	for (int i = 0; i < __MAX_ZONE_TYPES; i++) {
		if (!d->zone_end[i])
			continue;
		g_string_append_printf(out, "%s=", zone_names[i]);
		put_addr(out, d->zone_end[i]);
		g_string_append_c(out, '\n');
	}
	for (int nid = 0; nid < d->nr_nodes; nid++)
		put_node(out, d, nid);
	g_string_append(out, "\n[reserved]\n");
	for (int i = 0; i < d->nr_reserved; i++) {
		g_string_append_printf(out, "%s=", d->reserved[i].name);
		put_range(out, &d->reserved[i].range);
		g_string_append_c(out, '\n');
	}
	for (int i = 0; i < d->nr_disks; i++)
		put_disk(out, &d->disks[i]);
	g_string_append(out, "\n[sysctl]\n");
	for (int i = 0; i < d->nr_sysctl; i++)
		g_string_append_printf(out, "%s=%s\n", d->sysctl[i].name, d->sysctl[i].value);
	g_string_append(out, "\n[slab]\n");
	for (int i = 0; i < d->nr_slab_profile; i++) {
		const struct slab_profile *p = &d->slab_profile[i];

		g_string_append_printf(out, "%s=%lu", p->cache, p->objects);
		if (p->unused)
			g_string_append_printf(out, " unused=%lu", p->unused);
		g_string_append_c(out, '\n');
	}
	g_string_append(out, "\n[tasks]\n");
	for (int i = 0; i < d->nr_boot_tasks; i++) {
		const struct boot_task *b = &d->boot_tasks[i];

		g_string_append_printf(out, "%d=%s %s", i + 1, task_kinds[b->kind], b->comm);
		if (b->kind != BOOT_PROCESS) {
			g_string_append_c(out, '\n');
			continue;
		}
		if (*b->binary)
			g_string_append_printf(out, " binary=%s", b->binary);
		g_string_append_printf(out, " uid=%u oom_score_adj=%d heap=%luK", b->uid,
				       b->oom_score_adj, b->anon_kb);
		if (b->session)
			g_string_append(out, " session");
		if (*b->cmdline)
			g_string_append_printf(out, " args=%s", b->cmdline);
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

int machine_desc_apply_sysctl(struct machine *m, char *err, size_t errlen)
{
	for (int i = 0; i < m->desc.nr_sysctl; i++) {
		const struct sysctl_override *o = &m->desc.sysctl[i];
		const char *dot = strchr(o->name, '.');
		g_autofree char *dir = dot ? g_strndup(o->name, (gsize)(dot - o->name)) : NULL;
		const struct ctl_table *t = dot ? sysctl_find(dir, dot + 1) : NULL;
		struct pfs_node node = { .name = (char *)o->name, .data = t };
		g_autoptr(GString) reply = g_string_new(NULL);
		struct pfs_req r = { .m = m, .node = &node, .uid = 0, .reply = reply };
		ssize_t n;

		if (!t) {
			g_snprintf(err, errlen, "sysctl.%s: unknown sysctl", o->name);
			return -EINVAL;
		}
		n = sysctl_ops.store(&r, o->value, strlen(o->value));
		if (n < 0) {
			g_snprintf(err, errlen, "sysctl.%s: %s", o->name, g_strerror((int)-n));
			return (int)n;
		}
	}
	return 0;
}
