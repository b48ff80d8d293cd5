// SPDX-License-Identifier: GPL-2.0
/*
 * Machine descriptions, boot and the invariant check.
 *
 * Boot follows the kernel's order: zone spans from the architecture's zone
 * limits and the RAM ranges (free_area_init), memblock reservations (the
 * first MiB on x86, the kernel image, the memmap at 64 bytes per page — 32
 * on i386), every other page handed to the buddy allocator in the largest
 * aligned blocks (memblock_free_all), then zonelists, watermarks and
 * lowmem_reserve. Reserved pages are present but not managed, so
 * spanned >= present > managed, as on a real machine.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "filemap.h"
#include "internal.h"
#include "slab.h"
#include "task.h"
#include "vmalloc.h"
#include "workbench.h"
#include "writeback.h"

#define SZ_1M		(1ULL << 20)
#define SZ_1G		(1ULL << 30)
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define MAX_ORDER_NR_PAGES	(1UL << MAX_PAGE_ORDER)

/* ---------------------------------------------------------------- presets */

#define X86_64_ZONES	{ [ZONE_DMA] = 16 * SZ_1M, [ZONE_DMA32] = 4 * SZ_1G, \
			  [ZONE_NORMAL] = UINT64_MAX }
/* e820 on a PC: RAM below 640K (page 0 left to the BIOS), the rest from 1M */
#define LOW_RAM		{ 0x1000, 0x9fc00 }

/*
 * Boot slab profiles: the objects a freshly booted small system holds, as
 * { cache, objects, unused }. The default machine carries what the
 * reference machine of reference/samples/proc_slabinfo.txt held (about as
 * much RAM); the others are scaled to their RAM: filesystem caches with the
 * memory, process and kmalloc objects less, the kernel's fixed tables
 * (trace events, kernfs, proc entries) hardly. "unused" are dentries,
 * inodes and the like on their LRUs, which drop_caches=2 frees.
 */
#define SLAB_PROFILE(...) \
	.nr_slab_profile = sizeof((struct slab_profile[]){ __VA_ARGS__ }) / \
			   sizeof(struct slab_profile), \
	.slab_profile = { __VA_ARGS__ }

#define SLAB_PROFILE_DEFAULT SLAB_PROFILE( \
	{ "kmalloc-8", 1536, 0 }, { "kmalloc-16", 3328, 0 }, { "kmalloc-32", 2282, 0 }, \
	{ "kmalloc-64", 2159, 0 }, { "kmalloc-96", 3338, 0 }, { "kmalloc-128", 3264, 0 }, \
	{ "kmalloc-192", 2415, 0 }, { "kmalloc-256", 752, 0 }, { "kmalloc-512", 1070, 0 }, \
	{ "kmalloc-1k", 729, 0 }, { "kmalloc-2k", 288, 0 }, { "kmalloc-4k", 265, 0 }, \
	{ "kmalloc-8k", 36, 0 }, { "kmalloc-rcl-96", 12012, 0 }, { "kmalloc-rcl-128", 448, 0 }, \
	{ "vmap_area", 4704, 0 }, { "maple_node", 932, 0 }, \
	{ "radix_tree_node", 12936, 0 }, { "ftrace_event_field", 8730, 0 }, \
	{ "trace_event_file", 2352, 0 }, { "anon_vma", 361, 0 }, \
	{ "anon_vma_chain", 565, 0 }, \
	\
	{ "lsm_inode_cache", 32626, 24900 }, { "dentry", 38157, 30000 }, \
	{ "inode_cache", 585, 300 }, { "filp", 581, 0 }, { "mnt_cache", 84, 0 }, \
	{ "kernfs_node_cache", 17102, 0 }, { "shmem_inode_cache", 168, 0 }, \
	{ "proc_inode_cache", 805, 600 }, { "proc_dir_entry", 357, 0 }, \
	{ "buffer_head", 9704, 0 }, { "debugfs_inode_cache", 528, 0 }, \
	{ "tracefs_inode_cache", 108, 0 }, { "skbuff_head_cache", 336, 0 }, \
	{ "sock_inode_cache", 95, 0 }, { "mem_cgroup", 90, 0 }, \
	{ "ext4_inode_cache", 30394, 24000 }, { "extent_status", 32640, 26000 }, \
	{ "biovec-max", 128, 0 })

#define SLAB_PROFILE_NUMA2 SLAB_PROFILE( \
	{ "kmalloc-8", 2304, 0 }, { "kmalloc-16", 4992, 0 }, { "kmalloc-32", 3423, 0 }, \
	{ "kmalloc-64", 3238, 0 }, { "kmalloc-96", 5007, 0 }, { "kmalloc-128", 4896, 0 }, \
	{ "kmalloc-192", 3622, 0 }, { "kmalloc-256", 1128, 0 }, { "kmalloc-512", 1605, 0 }, \
	{ "kmalloc-1k", 1094, 0 }, { "kmalloc-2k", 432, 0 }, { "kmalloc-4k", 398, 0 }, \
	{ "kmalloc-8k", 54, 0 }, { "kmalloc-rcl-96", 36036, 0 }, { "kmalloc-rcl-128", 1344, 0 }, \
	{ "vmap_area", 7056, 0 }, { "maple_node", 1398, 0 }, \
	{ "radix_tree_node", 38808, 0 }, { "ftrace_event_field", 8730, 0 }, \
	{ "trace_event_file", 2352, 0 }, { "anon_vma", 542, 0 }, \
	{ "anon_vma_chain", 848, 0 }, \
	\
	{ "lsm_inode_cache", 97878, 74700 }, { "dentry", 114471, 90000 }, \
	{ "inode_cache", 1755, 900 }, { "filp", 872, 0 }, { "mnt_cache", 126, 0 }, \
	{ "kernfs_node_cache", 17102, 0 }, { "shmem_inode_cache", 252, 0 }, \
	{ "proc_inode_cache", 2415, 1800 }, { "proc_dir_entry", 357, 0 }, \
	{ "buffer_head", 29112, 0 }, { "debugfs_inode_cache", 528, 0 }, \
	{ "tracefs_inode_cache", 108, 0 }, { "skbuff_head_cache", 504, 0 }, \
	{ "sock_inode_cache", 142, 0 }, { "mem_cgroup", 90, 0 }, \
	{ "ext4_inode_cache", 91182, 72000 }, { "extent_status", 97920, 78000 }, \
	{ "biovec-max", 192, 0 })

#define SLAB_PROFILE_I386 SLAB_PROFILE( \
	{ "kmalloc-8", 1152, 0 }, { "kmalloc-16", 2496, 0 }, { "kmalloc-32", 1712, 0 }, \
	{ "kmalloc-64", 1619, 0 }, { "kmalloc-96", 2504, 0 }, { "kmalloc-128", 2448, 0 }, \
	{ "kmalloc-192", 1811, 0 }, { "kmalloc-256", 564, 0 }, { "kmalloc-512", 802, 0 }, \
	{ "kmalloc-1k", 547, 0 }, { "kmalloc-2k", 216, 0 }, { "kmalloc-4k", 199, 0 }, \
	{ "kmalloc-8k", 27, 0 }, { "kmalloc-rcl-96", 6006, 0 }, { "kmalloc-rcl-128", 224, 0 }, \
	{ "vmap_area", 3528, 0 }, { "maple_node", 699, 0 }, \
	{ "radix_tree_node", 6468, 0 }, { "ftrace_event_field", 8730, 0 }, \
	{ "trace_event_file", 2352, 0 }, { "anon_vma", 271, 0 }, \
	{ "anon_vma_chain", 424, 0 }, \
	\
	{ "lsm_inode_cache", 16313, 12450 }, { "dentry", 19078, 15000 }, \
	{ "inode_cache", 292, 150 }, { "filp", 436, 0 }, { "mnt_cache", 63, 0 }, \
	{ "kernfs_node_cache", 17102, 0 }, { "shmem_inode_cache", 126, 0 }, \
	{ "proc_inode_cache", 402, 300 }, { "proc_dir_entry", 357, 0 }, \
	{ "buffer_head", 4852, 0 }, { "debugfs_inode_cache", 528, 0 }, \
	{ "tracefs_inode_cache", 108, 0 }, { "skbuff_head_cache", 252, 0 }, \
	{ "sock_inode_cache", 71, 0 }, { "mem_cgroup", 90, 0 }, \
	{ "ext4_inode_cache", 15197, 12000 }, { "extent_status", 16320, 13000 }, \
	{ "biovec-max", 96, 0 })

#define SLAB_PROFILE_TINY SLAB_PROFILE( \
	{ "kmalloc-8", 256, 0 }, { "kmalloc-16", 512, 0 }, { "kmalloc-32", 384, 0 }, \
	{ "kmalloc-64", 320, 0 }, { "kmalloc-96", 336, 0 }, { "kmalloc-128", 256, 0 }, \
	{ "kmalloc-192", 168, 0 }, { "kmalloc-256", 64, 0 }, { "kmalloc-512", 48, 0 }, \
	{ "kmalloc-1k", 32, 0 }, { "kmalloc-2k", 12, 0 }, { "kmalloc-4k", 8, 0 }, \
	{ "kmalloc-8k", 2, 0 }, { "kmalloc-rcl-96", 168, 0 }, { "kmalloc-rcl-128", 32, 0 }, \
	{ "vmap_area", 224, 0 }, { "maple_node", 48, 0 }, \
	{ "radix_tree_node", 168, 0 }, { "ftrace_event_field", 438, 0 }, \
	{ "trace_event_file", 126, 0 }, { "anon_vma", 39, 0 }, \
	{ "anon_vma_chain", 64, 0 }, \
	\
	{ "lsm_inode_cache", 896, 560 }, { "dentry", 1890, 1300 }, { "inode_cache", 52, 26 }, \
	{ "filp", 63, 0 }, { "mnt_cache", 21, 0 }, { "kernfs_node_cache", 600, 0 }, \
	{ "shmem_inode_cache", 21, 0 }, { "proc_inode_cache", 46, 23 }, \
	{ "proc_dir_entry", 126, 0 }, { "buffer_head", 117, 0 }, { "debugfs_inode_cache", 24, 0 }, \
	{ "tracefs_inode_cache", 12, 0 }, { "skbuff_head_cache", 32, 0 }, \
	{ "sock_inode_cache", 19, 0 }, { "mem_cgroup", 7, 0 }, { "ext4_inode_cache", 252, 170 }, \
	{ "extent_status", 510, 340 }, { "biovec-max", 8, 0 })

/*
 * Boot task profiles: init, the kernel threads a 6.x kernel starts (per CPU
 * and per node where it starts one each), and the daemons of a small
 * Debian server with the heap each has grown and the oom_score_adj systemd
 * gives it. The login shell is where proc/self points.
 */
#define BOOT_TASKS(...) \
	.nr_boot_tasks = sizeof((struct boot_task[]){ __VA_ARGS__ }) / sizeof(struct boot_task), \
	.boot_tasks = { __VA_ARGS__ }
#define PROC(comm, bin, args, uid, adj, kb)	{ BOOT_PROCESS, comm, bin, args, uid, adj, kb, false }
#define KTHREAD(comm)				{ BOOT_KTHREAD, comm }
#define KTHREAD_CPU(comm)			{ BOOT_KTHREAD_PER_CPU, comm }
#define KTHREAD_NODE(comm)			{ BOOT_KTHREAD_PER_NODE, comm }
#define SESSION(comm, bin, args, uid, kb)	{ BOOT_PROCESS, comm, bin, args, uid, 0, kb, true }

#define BOOT_KERNEL_THREADS \
	KTHREAD("kthreadd"), KTHREAD("pool_workqueue_release"), KTHREAD("kworker/R-rcu_gp"), \
	KTHREAD("kworker/R-sync_wq"), KTHREAD("kworker/R-slub_flushwq"), KTHREAD("kworker/R-netns"), \
	KTHREAD_CPU("kworker/%d:0H-events_highpri"), KTHREAD("rcu_tasks_kthread"), \
	KTHREAD_CPU("ksoftirqd/%d"), KTHREAD("rcu_preempt"), KTHREAD_CPU("migration/%d"), \
	KTHREAD_CPU("cpuhp/%d"), KTHREAD("kdevtmpfs"), KTHREAD("oom_reaper"), \
	KTHREAD("kworker/R-writeback"), KTHREAD_NODE("kcompactd%d"), KTHREAD("khugepaged"), \
	KTHREAD("kworker/R-kblockd"), KTHREAD_NODE("kswapd%d"), KTHREAD("jbd2/vda1-8")

#define BOOT_TASKS_SERVER BOOT_TASKS( \
	PROC("systemd", "/usr/lib/systemd/systemd", "/sbin/init", 0, 0, 4096), \
	BOOT_KERNEL_THREADS, \
	PROC("systemd-journal", "/usr/lib/systemd/systemd-journald", "", 0, -250, 8192), \
	PROC("systemd-udevd", "/usr/lib/systemd/systemd-udevd", "", 0, -1000, 2048), \
	PROC("systemd-timesyn", "/usr/lib/systemd/systemd-timesyncd", "", 997, 0, 1024), \
	PROC("dbus-daemon", "/usr/bin/dbus-daemon", \
	     "/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only", \
	     100, -900, 1024), \
	PROC("systemd-logind", "/usr/lib/systemd/systemd-logind", "", 0, 0, 1024), \
	PROC("cron", "/usr/sbin/cron", "/usr/sbin/cron -f", 0, 0, 512), \
	PROC("sshd", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", \
	     0, -1000, 1024), \
	PROC("agetty", "/sbin/agetty", "/sbin/agetty -o -p -- \\u --noclear - linux", 0, 0, 256), \
	SESSION("bash", "/usr/bin/bash", "-bash", 0, 1024))

#define BOOT_TASKS_TINY BOOT_TASKS( \
	PROC("systemd", "/usr/lib/systemd/systemd", "/sbin/init", 0, 0, 1024), \
	KTHREAD("kthreadd"), KTHREAD_CPU("ksoftirqd/%d"), KTHREAD_NODE("kswapd%d"), \
	KTHREAD("oom_reaper"), \
	SESSION("bash", "/usr/bin/bash", "-bash", 0, 256))

/*
 * Disks: a virtio root disk and the disk the swap partition lives on, with
 * a cloud volume's baseline figures (a general-purpose SSD volume: 128 MiB/s,
 * 3000 IOPS, a fifth of a millisecond per request).
 */
#define DISK(nm, sz)	{ .name = nm, .size = (sz), .bandwidth = 128 * SZ_1M, \
			  .latency = 200 * NSEC_PER_USEC, .iops = 3000 }
#define DISKS(root, swap)	.nr_disks = 2, .disks = { DISK("vda", root), DISK("vdb", swap) }

/*
 * The server presets' CPU has what the live 6.18 host of the reference
 * captures has (DirectMap1G in meminfo, ProtectionKey in smaps); "tiny" is a
 * small VM on a baseline CPU model (QEMU's qemu64 has neither), and the
 * i386 kernel would use neither.
 */
#define HOST_CPU_FEATURES	((1U << X86_FEATURE_GBPAGES) | (1U << X86_FEATURE_PKU))

static const struct machine_desc presets[] = {
	{
		.name = "default", .arch = ARCH_X86_64, .nr_nodes = 1,
		.nodes = { { .nr_mem = 3, .nr_cpus = 2, .distance = { 10 },
			     .mem = { LOW_RAM, { SZ_1M, 3 * SZ_1G }, { 4 * SZ_1G, 5 * SZ_1G } } } },
		.zone_end = X86_64_ZONES,
		.nr_reserved = 1, .reserved = { { "kernel", { 16 * SZ_1M, 48 * SZ_1M } } },
		.swap_bytes = 0, .btime = 1764633600,
		.cpu_model = "mmsimfs Virtual CPU @ 2.40GHz", .cpu_mhz = 2400,
		.cpu_features = HOST_CPU_FEATURES,
		DISKS(20 * SZ_1G, 4 * SZ_1G),
		SLAB_PROFILE_DEFAULT,
		BOOT_TASKS_SERVER,
	},
	{
		.name = "numa2", .arch = ARCH_X86_64, .nr_nodes = 2,
		.nodes = {
			{ .nr_mem = 3, .nr_cpus = 2, .distance = { 10, 20 },
			  .mem = { LOW_RAM, { SZ_1M, 3 * SZ_1G }, { 4 * SZ_1G, 9 * SZ_1G } } },
			{ .nr_mem = 1, .nr_cpus = 2, .distance = { 20, 10 },
			  .mem = { { 9 * SZ_1G, 17 * SZ_1G } } },
		},
		.zone_end = X86_64_ZONES,
		.nr_reserved = 1, .reserved = { { "kernel", { 16 * SZ_1M, 48 * SZ_1M } } },
		.btime = 1764633600,
		.cpu_model = "mmsimfs Virtual CPU @ 2.40GHz", .cpu_mhz = 2400,
		.cpu_features = HOST_CPU_FEATURES,
		DISKS(20 * SZ_1G, 4 * SZ_1G),
		SLAB_PROFILE_NUMA2,
		BOOT_TASKS_SERVER,
	},
	{
		.name = "i386-highmem", .arch = ARCH_I386, .nr_nodes = 1,
		.nodes = { { .nr_mem = 2, .nr_cpus = 2, .distance = { 10 },
			     .mem = { LOW_RAM, { SZ_1M, 2 * SZ_1G } } } },
		.zone_end = { [ZONE_DMA] = 16 * SZ_1M, [ZONE_NORMAL] = 896 * SZ_1M,
			      [ZONE_HIGHMEM] = UINT64_MAX },
		.nr_reserved = 1, .reserved = { { "kernel", { 16 * SZ_1M, 32 * SZ_1M } } },
		.btime = 1764633600,
		.cpu_model = "mmsimfs Virtual CPU @ 2.40GHz", .cpu_mhz = 2400,
		DISKS(20 * SZ_1G, 4 * SZ_1G),
		SLAB_PROFILE_I386,
		BOOT_TASKS_SERVER,
	},
	{
		.name = "tiny", .arch = ARCH_X86_64, .nr_nodes = 1,
		.nodes = { { .nr_mem = 2, .nr_cpus = 1, .distance = { 10 },
			     .mem = { LOW_RAM, { SZ_1M, 64 * SZ_1M } } } },
		.zone_end = X86_64_ZONES,
		.nr_reserved = 1, .reserved = { { "kernel", { 16 * SZ_1M, 24 * SZ_1M } } },
		.btime = 1764633600,
		.cpu_model = "mmsimfs Virtual CPU @ 2.40GHz", .cpu_mhz = 2400,
		DISKS(2 * SZ_1G, 512 * SZ_1M),
		SLAB_PROFILE_TINY,
		BOOT_TASKS_TINY,
	},
};

/**
 * machine_preset - the preset named @name ("default", "numa2", "i386-highmem", "tiny"), or NULL
 */
const struct machine_desc *machine_preset(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(presets); i++)
		if (!strcmp(presets[i].name, name))
			return &presets[i];
	return NULL;
}

/**
 * machine_preset_names - the presets' names, NULL-terminated
 */
const char *const *machine_preset_names(void)
{
	static const char *const names[] = { "default", "numa2", "i386-highmem", "tiny", NULL };

	return names;
}

/* ---------------------------------------------------------------- arch */

struct arch_info {
	int nr_zone_types;
	enum zone_type zone_types[MAX_ZONES_PER_NODE];
	int lowmem_reserve_ratio[MAX_ZONES_PER_NODE];
	uint64_t page_offset;
	uint64_t max_phys;		/* what the arch can address */
	unsigned int struct_page_size;
};

static const struct arch_info arch_x86_64 = {
	.nr_zone_types = 5,
	.zone_types = { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_MOVABLE, ZONE_DEVICE },
	.lowmem_reserve_ratio = { 256, 256, 32, 0, 0 },
	.page_offset = 0xffff888000000000ULL,
	.max_phys = 1ULL << 46,
	.struct_page_size = 64,
};

static const struct arch_info arch_i386 = {
	.nr_zone_types = 4,
	.zone_types = { ZONE_DMA, ZONE_NORMAL, ZONE_HIGHMEM, ZONE_MOVABLE },
	.lowmem_reserve_ratio = { 256, 32, 0, 0 },
	.page_offset = 0xc0000000ULL,
	.max_phys = 64 * SZ_1G,		/* PAE */
	.struct_page_size = 32,
};

static const struct arch_info *arch_of(enum machine_arch arch)
{
	return arch == ARCH_I386 ? &arch_i386 : &arch_x86_64;
}

/* ---------------------------------------------------------------- validation */

/* Fill @e and refuse: every check below ends here. */
static int bad(struct desc_error *e, enum desc_field field, enum desc_reason reason, int index,
	       int item, uint64_t value)
{
	*e = (struct desc_error){ .field = field, .reason = reason, .index = index, .item = item,
				  .value = value };
	return -EINVAL;
}

static bool ranges_overlap(const struct mem_range *a, const struct mem_range *b)
{
	return a->start < b->end && b->start < a->end;
}

/* A per-CPU or per-node name is a printf pattern: exactly one %d and no other '%'. */
static bool task_pattern_ok(const struct boot_task *b)
{
	const char *pct = strchr(b->comm, '%');

	if (b->kind != BOOT_KTHREAD_PER_CPU && b->kind != BOOT_KTHREAD_PER_NODE)
		return !pct;
	return pct && pct[1] == 'd' && !strchr(pct + 2, '%');
}

/* A disk name: "vd" and a letter a..p (its minor, letter * 16, fits the 8-bit st_dev minor). */
static bool disk_name_ok(const char *name)
{
	return !strncmp(name, "vd", 2) && name[2] >= 'a' && name[2] < 'a' + 256 / VIRTBLK_MINORS &&
	       !name[3];
}

/* The disks: vda first, names unique, sizes, bandwidth, latency and iops in range; swap fits vdb. */
static int validate_disks(const struct machine_desc *d, struct desc_error *e)
{
	const struct disk_desc *vdb = NULL;

	if (d->nr_disks < 1 || d->nr_disks > MAX_DISKS || strcmp(d->disks[0].name, "vda"))
		return bad(e, DESC_DISK, DESC_DISK_NAME, d->nr_disks >= 1 ? 0 : -1, -1, MAX_DISKS);
	for (int i = 0; i < d->nr_disks; i++) {
		const struct disk_desc *k = &d->disks[i];

		if (!disk_name_ok(k->name))
			return bad(e, DESC_DISK, DESC_DISK_NAME, i, -1, MAX_DISKS);
		for (int j = 0; j < i; j++)
			if (!strcmp(d->disks[j].name, k->name))
				return bad(e, DESC_DISK, DESC_DISK_NAME, i, -1, MAX_DISKS);
		if (!k->size || k->size % SECTOR_SIZE || k->size > DISK_MAX_SIZE)
			return bad(e, DESC_DISK, DESC_DISK_SIZE, i, -1, DISK_MAX_SIZE);
		if (!k->bandwidth || k->bandwidth > DISK_MAX_BANDWIDTH)
			return bad(e, DESC_DISK, DESC_DISK_BANDWIDTH, i, -1, DISK_MAX_BANDWIDTH);
		if (k->latency > DISK_MAX_LATENCY)
			return bad(e, DESC_DISK, DESC_DISK_LATENCY, i, -1, DISK_MAX_LATENCY);
		if (k->iops > DISK_MAX_IOPS)
			return bad(e, DESC_DISK, DESC_DISK_IOPS, i, -1, DISK_MAX_IOPS);
		if (!strcmp(k->name, "vdb"))
			vdb = k;
	}
	if (d->swap_bytes && (!vdb || vdb->size < d->swap_bytes))
		return bad(e, DESC_SWAP, DESC_NO_SWAP_DISK, -1, -1, vdb ? vdb->size : 0);
	return 0;
}

static int validate_tasks(const struct machine_desc *d, struct desc_error *e)
{
	int sessions = 0;

	for (int i = 0; i < d->nr_boot_tasks; i++) {
		const struct boot_task *b = &d->boot_tasks[i];

		if (!*b->comm || (strchr(b->comm, '/') && b->kind == BOOT_PROCESS))
			return bad(e, DESC_BOOT_TASK, DESC_BAD_NAME, i, -1, 0);
		if (!task_pattern_ok(b))
			return bad(e, DESC_BOOT_TASK, DESC_BAD_PATTERN, i, -1, 0);
		sessions += b->session;
	}
	if (sessions > 1)
		return bad(e, DESC_BOOT_TASKS, DESC_TWO_SESSIONS, -1, -1, 0);
	return 0;
}

/* One node's memory ranges: each non-empty, below the limits, sorted, apart from other nodes'. */
static int validate_node_memory(const struct machine_desc *d, int n, uint64_t *total,
				struct desc_error *e)
{
	const struct arch_info *arch = arch_of(d->arch);
	const struct node_desc *nd = &d->nodes[n];
	/* struct page links PFNs in 32 bits: the last PFN boot may use */
	const uint64_t sim_limit = (uint64_t)(PFN_NONE - MAX_ORDER_NR_PAGES) << PAGE_SHIFT;

	if (nd->nr_mem < 1)
		return bad(e, DESC_NODE_MEMORY, DESC_NO_MEMORY, n, -1, 0);
	for (int i = 0; i < nd->nr_mem; i++) {
		const struct mem_range *r = &nd->mem[i];

		if (r->start >= r->end || PFN_UP(r->start) >= PFN_DOWN(r->end))
			return bad(e, DESC_NODE_MEMORY, DESC_EMPTY_RANGE, n, i, 0);
		if (r->end > arch->max_phys)
			return bad(e, DESC_NODE_MEMORY, DESC_ABOVE_ARCH, n, i, arch->max_phys);
		if (PFN_UP(r->end) >= PFN_NONE - MAX_ORDER_NR_PAGES)
			return bad(e, DESC_NODE_MEMORY, DESC_ABOVE_SIM, n, i, sim_limit);
		if (i && r->start < nd->mem[i - 1].end)
			return bad(e, DESC_NODE_MEMORY, DESC_UNSORTED, n, i, 0);
		*total += r->end - r->start;
		for (int o = 0; o < n; o++)
			for (int j = 0; j < d->nodes[o].nr_mem; j++)
				if (ranges_overlap(r, &d->nodes[o].mem[j]))
					return bad(e, DESC_NODE_MEMORY, DESC_OVERLAPS_NODE, n, i,
						   (uint64_t)o);
	}
	if (n && nd->mem[0].start < d->nodes[n - 1].mem[d->nodes[n - 1].nr_mem - 1].end)
		return bad(e, DESC_NODE_MEMORY, DESC_NODE_ORDER, n, -1, 0);
	return 0;
}

/**
 * machine_desc_validate - refuse what boot could not make sense of
 * @d: the description
 * @e: where the first thing wrong goes, as data (field, index, reason, limit)
 *
 * Checks the nodes (count, CPUs, memory ranges, SLIT), the RAM in all, the
 * reservations, that each zone limit is of a kind the architecture has, the
 * disks (vda first, names, sizes, service figures; swap on a vdb that holds
 * it), and the boot tasks' names. The engine knows no config-file syntax: the caller
 * words @e for its user (procfs/machine_desc.c names the key).
 *
 * Return: 0, or -EINVAL with @e filled.
 */
int machine_desc_validate(const struct machine_desc *d, struct desc_error *e)
{
	const struct arch_info *arch = arch_of(d->arch);
	uint64_t total = 0;
	int cpus = 0, ret;

	if (d->nr_nodes < 1 || d->nr_nodes > MAX_NUMNODES)
		return bad(e, DESC_NODES, DESC_OUT_OF_RANGE, -1, -1, MAX_NUMNODES);
	for (int n = 0; n < d->nr_nodes; n++) {
		const struct node_desc *nd = &d->nodes[n];

		ret = validate_node_memory(d, n, &total, e);
		if (ret)
			return ret;
		if (nd->nr_cpus < 0 || cpus + nd->nr_cpus > MAX_CPUS)
			return bad(e, DESC_NODE_CPUS, DESC_OUT_OF_RANGE, n, -1, MAX_CPUS);
		cpus += nd->nr_cpus;
		for (int o = 0; o < d->nr_nodes; o++) {
			int dist = nd->distance[o];

			if (o == n ? dist != 10 : (dist <= 10 || dist > 254))
				return bad(e, DESC_NODE_DISTANCE, DESC_BAD_DISTANCE, n, o, 0);
			if (d->nodes[o].distance[n] != dist)
				return bad(e, DESC_NODE_DISTANCE, DESC_ASYMMETRIC, n, o, 0);
		}
	}
	if (cpus < 1)
		return bad(e, DESC_NODE_CPUS, DESC_NO_CPU, 0, -1, 0);
	if (total < 16 * SZ_1M)
		return bad(e, DESC_NODE_MEMORY, DESC_TOO_LITTLE_RAM, 0, -1, 16 * SZ_1M);
	for (int i = 0; i < d->nr_reserved; i++) {
		const struct mem_range *r = &d->reserved[i].range;

		if (r->start >= r->end)
			return bad(e, DESC_RESERVED, DESC_EMPTY_RANGE, i, -1, 0);
	}
	for (int i = 0; i < __MAX_ZONE_TYPES; i++) {
		bool used = false;

		for (int k = 0; k < arch->nr_zone_types; k++)
			used |= arch->zone_types[k] == (enum zone_type)i;
		if (d->zone_end[i] && !used)
			return bad(e, DESC_ZONE, DESC_NOT_IN_ARCH, i, -1, 0);
	}
	ret = validate_disks(d, e);
	return ret ? ret : validate_tasks(d, e);
}

/* ---------------------------------------------------------------- boot */

/**
 * __page_zone_pfn - The zone of @pfn the slow way, for blocks that straddle a zone edge or a hole.
 */
struct zone *__page_zone_pfn(const struct machine *m, unsigned long pfn)
{
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++)
			if (zone_spans_pfn(&pgdat->node_zones[i], pfn))
				return &pgdat->node_zones[i];
	}
	return NULL;
}

/* Fill the pageblock -> zone table: a block wholly inside one zone span gets its zone. */
static void init_pageblock_zones(struct machine *m)
{
	for (unsigned long b = 0; b < m->max_pfn >> pageblock_order; b++) {
		unsigned long first = b << pageblock_order, last = first + pageblock_nr_pages - 1;
		struct zone *z = __page_zone_pfn(m, first);

		if (z && z == __page_zone_pfn(m, last))
			m->pageblock_zone[b] = (uint8_t)(1 + z->zone_pgdat->node_id * MAX_ZONES_PER_NODE +
							 zone_idx(z));
	}
}

/**
 * pfn_to_virt - the direct-map address of @pfn; 0 when it has none (highmem)
 */
uint64_t pfn_to_virt(const struct machine *m, unsigned long pfn)
{
	uint64_t phys = (uint64_t)pfn << PAGE_SHIFT;

	return phys < m->direct_map_end ? m->page_offset + phys : 0;
}

/* Zone [lo, hi) in PFNs: the arch's limits for each kind, in index order. */
static void zone_limits(const struct machine_desc *d, const struct arch_info *arch,
			unsigned long lo[], unsigned long hi[])
{
	unsigned long prev = 0;

	for (int i = 0; i < arch->nr_zone_types; i++) {
		uint64_t end = d->zone_end[arch->zone_types[i]];

		lo[i] = prev;
		hi[i] = end ? (unsigned long)MIN(PFN_DOWN(end), (uint64_t)UINT32_MAX) : prev;
		if (hi[i] < prev)
			hi[i] = prev;
		prev = hi[i];
	}
}

static void init_node(struct machine *m, const struct arch_info *arch, int nid)
{
	const struct node_desc *nd = &m->desc.nodes[nid];
	pg_data_t *pgdat = g_new0(pg_data_t, 1);
	unsigned long node_start = PFN_UP(nd->mem[0].start);
	unsigned long node_end = PFN_DOWN(nd->mem[nd->nr_mem - 1].end);
	unsigned long lo[MAX_ZONES_PER_NODE], hi[MAX_ZONES_PER_NODE];

	m->node_data[nid] = pgdat;
	pgdat->node_id = nid;
	pgdat->nr_zones = arch->nr_zone_types;
	pgdat->node_start_pfn = node_start;
	pgdat->node_spanned_pages = node_end - node_start;
	for (int l = 0; l < NR_LRU_LISTS; l++)
		pgdat->lru[l] = PFN_NONE;
	zone_limits(&m->desc, arch, lo, hi);

	for (int i = 0; i < pgdat->nr_zones; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		unsigned long start = MAX(lo[i], node_start), end = MIN(hi[i], node_end);

		zone->zone_pgdat = pgdat;
		zone->type = arch->zone_types[i];
		zone->name = zone_names[zone->type];
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				zone->free_area[o].free_list[mt] = PFN_NONE;
		if (start >= end)
			continue;
		zone->zone_start_pfn = start;
		zone->spanned_pages = end - start;
		for (int r = 0; r < nd->nr_mem; r++) {
			unsigned long rs = MAX(PFN_UP(nd->mem[r].start), start);
			unsigned long re = MIN(PFN_DOWN(nd->mem[r].end), end);

			if (rs < re)
				zone->present_pages += re - rs;
		}
		pgdat->node_present_pages += zone->present_pages;
	}
}

static bool pfn_is_ram(const struct machine *m, unsigned long pfn)
{
	for (int n = 0; n < m->desc.nr_nodes; n++)
		for (int r = 0; r < m->desc.nodes[n].nr_mem; r++)
			if (pfn >= PFN_UP(m->desc.nodes[n].mem[r].start) &&
			    pfn < PFN_DOWN(m->desc.nodes[n].mem[r].end))
				return true;
	return false;
}

/* Mark the non-RAM pages inside zone spans; they are few (the PCI hole, the ISA hole). */
static void mark_holes(struct machine *m)
{
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);
		const struct node_desc *nd = &m->desc.nodes[nid];

		for (int r = 0; r + 1 < nd->nr_mem; r++)
			for (unsigned long pfn = PFN_DOWN(nd->mem[r].end); pfn < PFN_UP(nd->mem[r + 1].start); pfn++)
				if (!pfn_is_ram(m, pfn))
					pfn_to_page(m, pfn)->flags = PG_nomap;
		(void)pgdat;
	}
}

/* Boot-time reservations, as PFN intervals, so freeing never scans the memmap. */
struct memblock {
	GArray *reserved;	/* struct pfn_range */
};

struct pfn_range {
	unsigned long start, end;
};

static gint pfn_range_cmp(gconstpointer a, gconstpointer b)
{
	const struct pfn_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void memblock_reserve(struct machine *m, struct memblock *mb, unsigned long start,
			     unsigned long end)
{
	struct pfn_range r = { start, MIN(end, m->max_pfn) };

	for (unsigned long pfn = r.start; pfn < r.end; pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		if (page->flags || !page_zone_pfn(m, pfn))
			continue;
		page->flags = PG_reserved;
		m->reserved_pages++;
	}
	if (r.start < r.end)
		g_array_append_val(mb->reserved, r);
}

/*
 * The memmap of each node lives at the top of the node's memory (of its
 * lowmem on i386), where memblock's top-down allocator would put it.
 */
static void reserve_memmap(struct machine *m, struct memblock *mb,
			   const struct arch_info *arch, int nid)
{
	pg_data_t *pgdat = NODE_DATA(m, nid);
	const struct node_desc *nd = &m->desc.nodes[nid];
	unsigned long need = PFN_UP((uint64_t)pgdat->node_present_pages * arch->struct_page_size);
	unsigned long limit = (unsigned long)MIN(PFN_DOWN(m->direct_map_end), (uint64_t)ULONG_MAX);

	m->memmap_boot_pages += need;
	for (int r = nd->nr_mem - 1; r >= 0 && need; r--) {
		unsigned long rs = PFN_UP(nd->mem[r].start), re = MIN(PFN_DOWN(nd->mem[r].end), limit);
		unsigned long take;

		if (rs >= re)
			continue;
		take = MIN(need, re - rs);
		memblock_reserve(m, mb, re - take, re);
		need -= take;
	}
}

/* Free [start, end) of one zone in the largest naturally aligned blocks. */
static void __free_pages_memory(struct machine *m, unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned int order = start ? MIN((unsigned int)__builtin_ctzl(start), MAX_PAGE_ORDER)
					   : MAX_PAGE_ORDER;

		while (start + (1UL << order) > end)
			order--;
		memblock_free_pages(m, start, order);
		start += 1UL << order;
	}
}

/* memblock_free_all: every RAM page of every zone that no reservation holds. */
static void memblock_free_all(struct machine *m, struct memblock *mb)
{
	const struct pfn_range *res = (const struct pfn_range *)(void *)mb->reserved->data;
	guint nr_res = mb->reserved->len;
	int nid;

	g_array_sort(mb->reserved, pfn_range_cmp);
	for_each_online_node(m, nid) {
		const struct node_desc *nd = &m->desc.nodes[nid];
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int z = 0; z < pgdat->nr_zones; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			for (int r = 0; r < nd->nr_mem && populated_zone(zone); r++) {
				unsigned long pfn = MAX(PFN_UP(nd->mem[r].start), zone->zone_start_pfn);
				unsigned long end = MIN(PFN_DOWN(nd->mem[r].end), zone_end_pfn(zone));

				for (guint i = 0; i < nr_res && pfn < end; i++) {
					if (res[i].end <= pfn || res[i].start >= end)
						continue;
					__free_pages_memory(m, pfn, MAX(res[i].start, pfn));
					pfn = MAX(pfn, res[i].end);
				}
				if (pfn < end)
					__free_pages_memory(m, pfn, end);
			}
		}
	}
}

/*
 * The memmap comes zeroed from mmap and only the pages that hold something
 * other than a free page get written: a fresh 1 TiB machine costs a few MiB
 * of RSS, and pages fill in as memory gets used.
 */
static struct page *memmap_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * The boot profile's allocations fall back across pageblock types and boost
 * the watermarks, as early allocations do on a real machine; by the time a
 * real boot is over kswapd has run and let the boost go. Start from there,
 * with no wakeup pending, and with the boot tasks' reads done
 * (blk_boot_settle).
 */
static void boot_settle(struct machine *m)
{
	int nid;

	blk_boot_settle(m);
	sim_clock_destroy(&m->clock);
	sim_clock_init(&m->clock, 0);
	m->calc_load.update = LOAD_FREQ_NS;	/* sched_init: the first sample a LOAD_FREQ in */
	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		pgdat->kswapd_wakeups = 0;
		pgdat->vmstat_work = false;	/* its timer went with the clock */
		for (int i = 0; i < pgdat->nr_zones; i++)
			pgdat->node_zones[i].watermark_boost = 0;
	}
}

/**
 * machine_boot - build a machine from @desc. On failure return NULL with the
 * reason in @err.
 */
struct machine *machine_boot(const struct machine_desc *desc, uint64_t seed,
			     char *err, size_t errlen)
{
	const struct arch_info *arch = arch_of(desc->arch);
	struct memblock mb;
	struct machine *m;
	struct desc_error derr;
	uint64_t top = 0;
	int nid;

	if (machine_desc_validate(desc, &derr)) {
		/* callers validate first (machine_desc_load words the error for its user) */
		g_snprintf(err, errlen, "machine: the description does not validate");
		return NULL;
	}

	m = g_new0(struct machine, 1);
	m->desc = *desc;
	g_mutex_init(&m->lock);
	g_mutex_init(&m->write_lock);
	m->seed = seed;
	m->rng = g_rand_new_with_seed((guint32)(seed ^ (seed >> 32)));
	printk_init(&m->log);
	fault_inject_init(m);
	sim_clock_init(&m->clock, 0);
	m->nr_zone_types = arch->nr_zone_types;
	memcpy(m->zone_types, arch->zone_types, sizeof(m->zone_types));
	m->page_offset = arch->page_offset;
	m->direct_map_end = desc->arch == ARCH_I386 ? desc->zone_end[ZONE_NORMAL] : arch->max_phys;
	m->nr_nodes = desc->nr_nodes;
	for (nid = 0; nid < desc->nr_nodes; nid++) {
		m->nr_cpus += desc->nodes[nid].nr_cpus;
		top = MAX(top, desc->nodes[nid].mem[desc->nodes[nid].nr_mem - 1].end);
	}
	m->max_pfn = (PFN_DOWN(top) + MAX_ORDER_NR_PAGES - 1) & ~(MAX_ORDER_NR_PAGES - 1);

	m->mem_map = memmap_alloc(m->max_pfn * sizeof(struct page));
	m->maxblock = calloc(m->max_pfn >> MAX_PAGE_ORDER, sizeof(struct page));
	m->pageblock_flags = malloc(m->max_pfn >> pageblock_order);
	m->page_ext = calloc(m->max_pfn >> pageblock_order, sizeof(*m->page_ext));
	m->pageblock_zone = calloc(m->max_pfn >> pageblock_order, 1);
	if (!m->mem_map || !m->maxblock || !m->pageblock_flags || !m->page_ext || !m->pageblock_zone) {
		g_snprintf(err, errlen, "machine: cannot allocate the memmap for %lu pages", m->max_pfn);
		machine_free(m);
		return NULL;
	}

	for (nid = 0; nid < desc->nr_nodes; nid++)
		init_node(m, arch, nid);
	memmap_init(m);
	mark_holes(m);
	init_pageblock_zones(m);
	sysctl_init_defaults(m);
	memcpy(m->sysctl.lowmem_reserve_ratio, arch->lowmem_reserve_ratio,
	       sizeof(m->sysctl.lowmem_reserve_ratio));

	/* x86 keeps the first MiB for the BIOS, trampolines and the real-mode code */
	mb.reserved = g_array_new(FALSE, FALSE, sizeof(struct pfn_range));
	memblock_reserve(m, &mb, 0, PFN_DOWN(SZ_1M));
	for (int i = 0; i < desc->nr_reserved; i++)
		memblock_reserve(m, &mb, PFN_DOWN(desc->reserved[i].range.start),
				 PFN_UP(desc->reserved[i].range.end));
	for (nid = 0; nid < desc->nr_nodes; nid++)
		reserve_memmap(m, &mb, arch, nid);
	memblock_free_all(m, &mb);
	g_array_free(mb.reserved, TRUE);

	for (nid = 0; nid < desc->nr_nodes; nid++) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < pgdat->nr_zones; i++)
			m->totalram_pages += pgdat->node_zones[i].managed_pages;
	}
	build_all_zonelists(m);
	init_per_zone_wmark_min(m);
	if (vmalloc_init(m) || slab_init(m, err, errlen)) {
		if (!*err)
			g_snprintf(err, errlen, "machine: out of memory setting up the allocators");
		machine_free(m);
		return NULL;
	}
	filemap_init(m);
	if (blk_init(m, err, errlen)) {
		machine_free(m);
		return NULL;
	}
	if (writeback_init(m)) {
		g_snprintf(err, errlen, "machine: no root disk for the page cache's writeback");
		machine_free(m);
		return NULL;
	}
	sysctl_init_defaults_late(m);
	if (task_init(m, err, errlen)) {
		machine_free(m);
		return NULL;
	}
	boot_settle(m);
	pr_info(m, "Memory: %luK/%luK available (%luK reserved)", K(m->totalram_pages),
		K(m->totalram_pages + m->reserved_pages), K(m->reserved_pages));
	return m;
}

/**
 * machine_free - free @m and everything it holds (NULL is fine)
 */
void machine_free(struct machine *m)
{
	if (!m)
		return;
	task_destroy(m);
	workbench_destroy(m);
	blk_destroy(m);
	filemap_destroy(m);
	page_ext_destroy(m);
	slab_destroy_all(m);
	vmalloc_destroy(m);
	zone_pcp_destroy(m);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		g_free(m->node_data[nid]);
	if (m->mem_map)
		munmap(m->mem_map, m->max_pfn * sizeof(struct page));
	free(m->maxblock);
	free(m->pageblock_flags);
	free(m->pageblock_zone);
	sim_clock_destroy(&m->clock);
	printk_destroy(&m->log);
	if (m->rng)
		g_rand_free(m->rng);
	g_mutex_clear(&m->write_lock);
	g_mutex_clear(&m->lock);
	g_free(m);
}

/**
 * cond_resched - inside a writer's long loop, let the readers waiting now go first
 *
 * Only for the writer holding machine_write_lock() with readers waiting:
 * it drops the state lock, yields a bounded number of times and takes it
 * back. Everyone else (readers, tests) goes straight on.
 */
void cond_resched(struct machine *m)
{
	/* only the writer holding the locks; readers and unlocked callers (tests) go on */
	if (m->yielder != g_thread_self() || !g_atomic_int_get(&m->readers_waiting))
		return;
	g_mutex_unlock(&m->lock);
	/* bounded: a stream of readers must not starve the writer */
	for (int i = 0; i < 100 && g_atomic_int_get(&m->readers_waiting); i++)
		g_thread_yield();
	g_mutex_lock(&m->lock);
}

/**
 * machine_advance - advance simulated time by @ns and run what fell due (machine lock held)
 */
void machine_advance(struct machine *m, uint64_t ns)
{
	if (!m->panicked)	/* a halted machine's clock stands still */
		sim_clock_advance(m, ns);
}

/**
 * machine_check - verify every accounting invariant, like CONFIG_DEBUG_VM
 *
 * The allocator, vmstat, slab, vmalloc, task and workbench checks. A writer's
 * check lets waiting readers in between slices (CHECK_SLICE_PAGES).
 *
 * Return: 0, or -EUCLEAN after logging each violation to the kernel log.
 */
int machine_check(struct machine *m)
{
	int bad = page_alloc_check(m) + vmstat_check(m) + slab_check(m) + vmalloc_check(m) +
		  task_check(m) + workbench_check(m) + blk_check(m);

	return bad ? -EUCLEAN : 0;
}
