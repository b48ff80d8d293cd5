// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/meminfo (fs/proc/meminfo.c): every line of a 6.18 x86 kernel in its
 * order, each value read from an engine counter or formula. Subsystems the
 * engine does not simulate yet (buffers, zswap, percpu, hugetlb
 * pools) print 0 rather than a guess. A HIGHMEM kernel (our i386 preset)
 * adds High and Low lines after Mlocked, as CONFIG_HIGHMEM does.
 */
#include "files.h"
#include "mm/internal.h"
#include "mm/swapfile.h"
#include "mm/vmalloc.h"
#include "seq.h"

#define HPAGE_PMD_ORDER		9	/* 2 MiB on x86_64 and i386 PAE */

static unsigned long node_state(const struct machine *m, enum node_stat_item item)
{
	return global_node_page_state(m, item);
}

static void show_lru(const struct machine *m, GString *out)
{
	unsigned long lru_aa = node_state(m, NR_ACTIVE_ANON);
	unsigned long lru_ia = node_state(m, NR_INACTIVE_ANON);
	unsigned long lru_af = node_state(m, NR_ACTIVE_FILE);
	unsigned long lru_if = node_state(m, NR_INACTIVE_FILE);

	show_val_kb(out, "Active:", lru_aa + lru_af);
	show_val_kb(out, "Inactive:", lru_ia + lru_if);
	show_val_kb(out, "Active(anon):", lru_aa);
	show_val_kb(out, "Inactive(anon):", lru_ia);
	show_val_kb(out, "Active(file):", lru_af);
	show_val_kb(out, "Inactive(file):", lru_if);
	show_val_kb(out, "Unevictable:", node_state(m, NR_UNEVICTABLE));
	show_val_kb(out, "Mlocked:", global_zone_page_state(m, NR_MLOCK));
}

static void show_highmem(GString *out, const struct mm_sysinfo *i)
{
	show_val_kb(out, "HighTotal:", i->totalhigh);
	show_val_kb(out, "HighFree:", i->freehigh);
	show_val_kb(out, "LowTotal:", i->totalram - i->totalhigh);
	show_val_kb(out, "LowFree:", i->freeram - i->freehigh);
}

static void show_kernel(const struct machine *m, GString *out)
{
	unsigned long sreclaimable = global_node_page_state_pages(m, NR_SLAB_RECLAIMABLE_B);
	unsigned long sunreclaim = global_node_page_state_pages(m, NR_SLAB_UNRECLAIMABLE_B);

	show_val_kb(out, "Dirty:", node_state(m, NR_FILE_DIRTY));
	show_val_kb(out, "Writeback:", node_state(m, NR_WRITEBACK));
	show_val_kb(out, "AnonPages:", node_state(m, NR_ANON_MAPPED));
	show_val_kb(out, "Mapped:", node_state(m, NR_FILE_MAPPED));
	show_val_kb(out, "Shmem:", node_state(m, NR_SHMEM));
	show_val_kb(out, "KReclaimable:", sreclaimable + node_state(m, NR_KERNEL_MISC_RECLAIMABLE));
	show_val_kb(out, "Slab:", sreclaimable + sunreclaim);
	show_val_kb(out, "SReclaimable:", sreclaimable);
	show_val_kb(out, "SUnreclaim:", sunreclaim);
	show_kb(out, "KernelStack:", node_state(m, NR_KERNEL_STACK_KB));
	show_val_kb(out, "PageTables:", node_state(m, NR_PAGETABLE));
	show_val_kb(out, "SecPageTables:", node_state(m, NR_SECONDARY_PAGETABLE));
	/* NFS_Unstable is kept for the ABI; 6.18 has no bounce or writeback_temp counters */
	show_val_kb(out, "NFS_Unstable:", 0);
	show_val_kb(out, "Bounce:", 0);
	show_val_kb(out, "WritebackTmp:", 0);
}

static void show_vm(const struct machine *m, GString *out)
{
	show_val_kb(out, "CommitLimit:", vm_commit_limit(m));
	show_val_kb(out, "Committed_AS:", vm_memory_committed(m));
	show_kb(out, "VmallocTotal:", (unsigned long)(vmalloc_total(m) >> 10));
	show_val_kb(out, "VmallocUsed:", vmalloc_nr_pages(m));
	show_val_kb(out, "VmallocChunk:", 0);	/* always 0 since 4.x */
	show_val_kb(out, "Percpu:", 0);		/* no percpu allocator yet */
	show_val_kb(out, "AnonHugePages:", node_state(m, NR_ANON_THPS));
	show_val_kb(out, "ShmemHugePages:", node_state(m, NR_SHMEM_THPS));
	show_val_kb(out, "ShmemPmdMapped:", node_state(m, NR_SHMEM_PMDMAPPED));
	show_val_kb(out, "FileHugePages:", node_state(m, NR_FILE_THPS));
	show_val_kb(out, "FilePmdMapped:", node_state(m, NR_FILE_PMDMAPPED));
	show_val_kb(out, "Balloon:", node_state(m, NR_BALLOON_PAGES));
}

/* "HugePages_Total:" padded to 19 columns, the count in 5 */
static void show_hugepages(GString *out, const char *label, unsigned long count)
{
	seq_puts_pad(out, label, 19);
	seq_put_decimal_ull_width(out, NULL, count, 5);
	g_string_append_c(out, '\n');
}

/* hugetlb_report_meminfo: counts of the default hstate, no pool yet */
static void show_hugetlb(const struct machine *m, GString *out)
{
	show_hugepages(out, "HugePages_Total:", 0);
	show_hugepages(out, "HugePages_Free:", 0);
	show_hugepages(out, "HugePages_Rsvd:", 0);
	show_hugepages(out, "HugePages_Surp:", 0);
	show_val_kb(out, "Hugepagesize:", 1UL << HPAGE_PMD_ORDER);
	show_val_kb(out, "Hugetlb:", node_state(m, NR_HUGETLB));
}

/* arch_report_meminfo: DirectMap1G only when the direct map may use 1G pages (direct_gbpages) */
static void show_direct_map(const struct machine *m, GString *out)
{
	unsigned long kb[3];

	arch_direct_map_sizes(m, kb);
	show_kb(out, "DirectMap4k:", kb[0]);
	show_kb(out, "DirectMap2M:", kb[1]);
	if (direct_gbpages(m))
		show_kb(out, "DirectMap1G:", kb[2]);
}

static int meminfo_show(const struct pfs_req *r, GString *out)
{
	const struct machine *m = r->m;
	struct mm_sysinfo i;
	unsigned long swapcached = node_state(m, NR_SWAPCACHE);
	unsigned long buffers = 0;	/* nr_blockdev_pages(): no block devices yet */
	unsigned long file = node_state(m, NR_FILE_PAGES);
	unsigned long cached = file > swapcached + buffers ? file - swapcached - buffers : 0;

	si_meminfo(m, &i);
	show_val_kb(out, "MemTotal:", i.totalram);
	show_val_kb(out, "MemFree:", i.freeram);
	show_val_kb(out, "MemAvailable:", (unsigned long)si_mem_available(m));
	show_val_kb(out, "Buffers:", buffers);
	show_val_kb(out, "Cached:", cached);
	show_val_kb(out, "SwapCached:", swapcached);
	show_lru(m, out);
	if (machine_has_highmem(m))
		show_highmem(out, &i);
	show_val_kb(out, "SwapTotal:", total_swap_pages(m));
	show_val_kb(out, "SwapFree:", nr_swap_pages(m));
	show_val_kb(out, "Zswap:", 0);		/* no zswap pool yet */
	show_val_kb(out, "Zswapped:", 0);
	show_kernel(m, out);
	show_vm(m, out);
	show_hugetlb(m, out);
	show_direct_map(m, out);
	return 0;
}

const struct pfs_file_ops meminfo_ops = {
	.show = meminfo_show,
};
