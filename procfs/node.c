// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/devices/system/node (drivers/base/node.c): per node meminfo,
 * numastat, vmstat, distance, cpulist and cpumap, and the node masks
 * online, possible, has_memory, has_normal_memory and has_cpu.
 *
 * CPUs are numbered in node order (node 0 holds cpus 0..n0-1, and so on)
 * and every possible CPU and node is online: there is no hotplug.
 */
#include <string.h>

#include "files.h"
#include "mm/internal.h"
#include "seq.h"

static unsigned long node_page_state(const pg_data_t *pgdat, enum node_stat_item item)
{
	return pgdat->vm_stat[item] > 0 ? (unsigned long)pgdat->vm_stat[item] : 0;
}

static const pg_data_t *req_pgdat(const struct pfs_req *r)
{
	return NODE_DATA(r->m, (int)r->node->idata);
}

/* ---------------------------------------------------------------- meminfo */

/* "Node N Label:" with the label padded to 16 columns, the value in kB in 8 */
static void node_show_kb(GString *out, int nid, const char *label, unsigned long kb)
{
	seq_put_decimal_ull(out, "Node ", (unsigned long long)nid);
	g_string_append_c(out, ' ');
	show_kb(out, label, kb);
}

/* "Node N HugePages_Total: " and the count in 5 columns */
static void node_show_hugepages(GString *out, int nid, const char *label, unsigned long count)
{
	seq_put_decimal_ull(out, "Node ", (unsigned long long)nid);
	seq_put_decimal_ull_width(out, label, count, 5);
	g_string_append_c(out, '\n');
}

static void node_meminfo_lru(GString *out, const pg_data_t *pgdat)
{
	int nid = pgdat->node_id;
	unsigned long aa = node_page_state(pgdat, NR_ACTIVE_ANON);
	unsigned long ia = node_page_state(pgdat, NR_INACTIVE_ANON);
	unsigned long af = node_page_state(pgdat, NR_ACTIVE_FILE);
	unsigned long inf = node_page_state(pgdat, NR_INACTIVE_FILE);

	node_show_kb(out, nid, "SwapCached:", K(node_page_state(pgdat, NR_SWAPCACHE)));
	node_show_kb(out, nid, "Active:", K(aa + af));
	node_show_kb(out, nid, "Inactive:", K(ia + inf));
	node_show_kb(out, nid, "Active(anon):", K(aa));
	node_show_kb(out, nid, "Inactive(anon):", K(ia));
	node_show_kb(out, nid, "Active(file):", K(af));
	node_show_kb(out, nid, "Inactive(file):", K(inf));
	node_show_kb(out, nid, "Unevictable:", K(node_page_state(pgdat, NR_UNEVICTABLE)));
	node_show_kb(out, nid, "Mlocked:", K(sum_zone_node_page_state(pgdat, NR_MLOCK)));
}

static void node_meminfo_kernel(GString *out, const pg_data_t *pgdat)
{
	int nid = pgdat->node_id;
	unsigned long sreclaimable = node_page_state_pages(pgdat, NR_SLAB_RECLAIMABLE_B);
	unsigned long sunreclaimable = node_page_state_pages(pgdat, NR_SLAB_UNRECLAIMABLE_B);

	node_show_kb(out, nid, "Dirty:", K(node_page_state(pgdat, NR_FILE_DIRTY)));
	node_show_kb(out, nid, "Writeback:", K(node_page_state(pgdat, NR_WRITEBACK)));
	node_show_kb(out, nid, "FilePages:", K(node_page_state(pgdat, NR_FILE_PAGES)));
	node_show_kb(out, nid, "Mapped:", K(node_page_state(pgdat, NR_FILE_MAPPED)));
	node_show_kb(out, nid, "AnonPages:", K(node_page_state(pgdat, NR_ANON_MAPPED)));
	node_show_kb(out, nid, "Shmem:", K(node_page_state(pgdat, NR_SHMEM)));
	node_show_kb(out, nid, "KernelStack:", node_page_state(pgdat, NR_KERNEL_STACK_KB));
	node_show_kb(out, nid, "PageTables:", K(node_page_state(pgdat, NR_PAGETABLE)));
	node_show_kb(out, nid, "SecPageTables:", K(node_page_state(pgdat, NR_SECONDARY_PAGETABLE)));
	/* kept for the ABI: no NFS unstable pages, bounce buffers or temp writeback in 6.18 */
	node_show_kb(out, nid, "NFS_Unstable:", 0);
	node_show_kb(out, nid, "Bounce:", 0);
	node_show_kb(out, nid, "WritebackTmp:", 0);
	node_show_kb(out, nid, "KReclaimable:",
		     K(sreclaimable + node_page_state(pgdat, NR_KERNEL_MISC_RECLAIMABLE)));
	node_show_kb(out, nid, "Slab:", K(sreclaimable + sunreclaimable));
	node_show_kb(out, nid, "SReclaimable:", K(sreclaimable));
	node_show_kb(out, nid, "SUnreclaim:", K(sunreclaimable));
	node_show_kb(out, nid, "AnonHugePages:", K(node_page_state(pgdat, NR_ANON_THPS)));
	node_show_kb(out, nid, "ShmemHugePages:", K(node_page_state(pgdat, NR_SHMEM_THPS)));
	node_show_kb(out, nid, "ShmemPmdMapped:", K(node_page_state(pgdat, NR_SHMEM_PMDMAPPED)));
	node_show_kb(out, nid, "FileHugePages:", K(node_page_state(pgdat, NR_FILE_THPS)));
	node_show_kb(out, nid, "FilePmdMapped:", K(node_page_state(pgdat, NR_FILE_PMDMAPPED)));
}

static int node_meminfo_show(const struct pfs_req *r, GString *out)
{
	const pg_data_t *pgdat = req_pgdat(r);
	int nid = pgdat->node_id;
	struct mm_sysinfo i;

	si_meminfo_node(r->m, nid, &i);
	node_show_kb(out, nid, "MemTotal:", K(i.totalram));
	node_show_kb(out, nid, "MemFree:", K(i.freeram));
	node_show_kb(out, nid, "MemUsed:", K(i.totalram - i.freeram));
	node_meminfo_lru(out, pgdat);
	if (machine_has_highmem(r->m)) {
		node_show_kb(out, nid, "HighTotal:", K(i.totalhigh));
		node_show_kb(out, nid, "HighFree:", K(i.freehigh));
		node_show_kb(out, nid, "LowTotal:", K(i.totalram - i.totalhigh));
		node_show_kb(out, nid, "LowFree:", K(i.freeram - i.freehigh));
	}
	node_meminfo_kernel(out, pgdat);
	/* hugetlb_report_node_meminfo: the default hstate, no pool yet */
	node_show_hugepages(out, nid, " HugePages_Total: ", 0);
	node_show_hugepages(out, nid, " HugePages_Free:  ", 0);
	node_show_hugepages(out, nid, " HugePages_Surp:  ", 0);
	return 0;
}

const struct pfs_file_ops node_meminfo_ops = {
	.show = node_meminfo_show,
};

/* ---------------------------------------------------------------- numastat, vmstat */

static int node_numastat_show(const struct pfs_req *r, GString *out)
{
	const pg_data_t *pgdat = req_pgdat(r);

	/* the old names: interleave_hit, local_node, other_node */
	show_name_value(out, "numa_hit", node_numa_event_state(pgdat, NUMA_HIT));
	show_name_value(out, "numa_miss", node_numa_event_state(pgdat, NUMA_MISS));
	show_name_value(out, "numa_foreign", node_numa_event_state(pgdat, NUMA_FOREIGN));
	show_name_value(out, "interleave_hit", node_numa_event_state(pgdat, NUMA_INTERLEAVE_HIT));
	show_name_value(out, "local_node", node_numa_event_state(pgdat, NUMA_LOCAL));
	show_name_value(out, "other_node", node_numa_event_state(pgdat, NUMA_OTHER));
	return 0;
}

const struct pfs_file_ops node_numastat_ops = {
	.show = node_numastat_show,
};

/* zone counters, NUMA events and node counters of one node; no vm events */
static int node_vmstat_show(const struct pfs_req *r, GString *out)
{
	const pg_data_t *pgdat = req_pgdat(r);

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		show_name_value(out, zone_stat_names[i], sum_zone_node_page_state(pgdat, i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		show_name_value(out, numa_stat_names[i], node_numa_event_state(pgdat, i));
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++)
		show_name_value(out, node_stat_names[i], node_page_state_pages(pgdat, i));
	return 0;
}

const struct pfs_file_ops node_vmstat_ops = {
	.show = node_vmstat_show,
};

/* ---------------------------------------------------------------- distance, cpus */

static int node_distance_show(const struct pfs_req *r, GString *out)
{
	const int *row = r->m->desc.nodes[r->node->idata].distance;
	int nid;

	for_each_online_node(r->m, nid)
		g_string_append_printf(out, "%s%d", nid ? " " : "", row[nid]);
	g_string_append_c(out, '\n');
	return 0;
}

const struct pfs_file_ops node_distance_ops = {
	.show = node_distance_show,
};

/* %*pbl: "0-3,8,10-11" */
static void bitmap_list_string(GString *out, const bool *bits, int nbits)
{
	bool first = true;

	for (int start = 0; start < nbits; start++) {
		int end = start;

		if (!bits[start])
			continue;
		while (end + 1 < nbits && bits[end + 1])
			end++;
		g_string_append_printf(out, first ? "%d" : ",%d", start);
		if (end > start)
			g_string_append_printf(out, "-%d", end);
		first = false;
		start = end;
	}
}

/*
 * %*pb: hex in 32-bit chunks, most significant first, comma separated; the
 * first chunk is only as wide as the bits it holds ("3", "00000001,00000000").
 */
static void bitmap_string(GString *out, const bool *bits, int nbits)
{
	int chunksz = nbits % 32 ? nbits % 32 : 32;

	for (int base = (nbits + 31) / 32 * 32 - 32; base >= 0; base -= 32) {
		uint32_t val = 0;

		for (int b = 0; b < chunksz; b++)
			if (bits[base + b])
				val |= 1U << b;
		g_string_append_printf(out, "%s%0*x", base + chunksz == nbits ? "" : ",",
				       (chunksz + 3) / 4, val);
		chunksz = 32;
	}
}

/* the CPUs of node @nid: numbered in node order */
static void node_cpumask(const struct machine *m, int nid, bool *bits)
{
	int first = 0;

	for (int n = 0; n < nid; n++)
		first += m->desc.nodes[n].nr_cpus;
	memset(bits, 0, sizeof(bool) * (size_t)m->nr_cpus);
	for (int c = 0; c < m->desc.nodes[nid].nr_cpus; c++)
		bits[first + c] = true;
}

static int node_cpulist_show(const struct pfs_req *r, GString *out)
{
	bool bits[MAX_CPUS];

	node_cpumask(r->m, (int)r->node->idata, bits);
	bitmap_list_string(out, bits, r->m->nr_cpus);
	g_string_append_c(out, '\n');
	return 0;
}

const struct pfs_file_ops node_cpulist_ops = {
	.show = node_cpulist_show,
};

static int node_cpumap_show(const struct pfs_req *r, GString *out)
{
	bool bits[MAX_CPUS];

	node_cpumask(r->m, (int)r->node->idata, bits);
	bitmap_string(out, bits, r->m->nr_cpus);
	g_string_append_c(out, '\n');
	return 0;
}

const struct pfs_file_ops node_cpumap_ops = {
	.show = node_cpumap_show,
};

/* ---------------------------------------------------------------- node states */

enum node_states_file {
	NODE_ONLINE,
	NODE_POSSIBLE,
	NODE_HAS_MEMORY,
	NODE_HAS_NORMAL_MEMORY,
	NODE_HAS_CPU,
};

/* N_NORMAL_MEMORY: a populated zone the kernel maps directly (not HighMem or Movable) */
static bool node_has_normal_memory(const pg_data_t *pgdat)
{
	for (int i = 0; i < pgdat->nr_zones; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		if (populated_zone(z) && z->type <= ZONE_NORMAL)
			return true;
	}
	return false;
}

static bool node_in_state(const struct machine *m, int nid, enum node_states_file state)
{
	const pg_data_t *pgdat = NODE_DATA(m, nid);

	switch (state) {
	case NODE_HAS_MEMORY:
		return pgdat->node_present_pages != 0;
	case NODE_HAS_NORMAL_MEMORY:
		return node_has_normal_memory(pgdat);
	case NODE_HAS_CPU:
		return m->desc.nodes[nid].nr_cpus > 0;
	case NODE_ONLINE:
	case NODE_POSSIBLE:
	default:
		return true;
	}
}

static int node_online_show(const struct pfs_req *r, GString *out)
{
	bool bits[MAX_NUMNODES] = { false };
	int nid;

	for_each_online_node(r->m, nid)
		bits[nid] = node_in_state(r->m, nid, (enum node_states_file)r->node->idata);
	bitmap_list_string(out, bits, r->m->nr_nodes);
	g_string_append_c(out, '\n');
	return 0;
}

const struct pfs_file_ops node_online_ops = {
	.show = node_online_show,
};
