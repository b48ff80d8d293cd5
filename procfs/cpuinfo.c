// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/cpuinfo as arch/x86/kernel/cpu/proc.c prints it.
 *
 * The machine description chooses the model name and the clock; the rest
 * describes one generic family-6 part a hypervisor would expose. Topology
 * is one package per NUMA node, one thread per core. Lines the kernel
 * prints only for non-zero values (microcode, cache size, TLB size) are
 * left out, since the simulated CPU reports none.
 */
#include "files.h"
#include "machine_desc.h"
#include "mm/machine.h"


const char *const x86_cap_flags[NR_CPU_FEATURES] = {
	[X86_FEATURE_GBPAGES] = "pdpe1gb",
	[X86_FEATURE_PKU] = "pku",
};

/*
 * The flags in the kernel's order (by feature word and bit): the ones a
 * description may add go where their bit puts them, pdpe1gb (word 1) just
 * after nx, pku (word 16) after everything here.
 */
struct cpu_arch {
	const char *flags, *after_nx;	/* before and after where pdpe1gb goes */
	unsigned int phys_bits, virt_bits;
	bool is_32bit;
};

static const struct cpu_arch cpu_x86_64 = {
	.flags = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 "
		 "clflush mmx fxsr sse sse2 ht syscall nx",
	.after_nx = "lm constant_tsc rep_good nopl xtopology cpuid tsc_known_freq pni pclmulqdq "
		    "ssse3 cx16 sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx hypervisor lahf_lm",
	.phys_bits = 46, .virt_bits = 48,
};

/* no lm/syscall without long mode; nx through PAE */
static const struct cpu_arch cpu_i386 = {
	.flags = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 "
		 "clflush mmx fxsr sse sse2 ht nx",
	.after_nx = "constant_tsc cpuid tsc_known_freq pni "
		    "pclmulqdq ssse3 cx16 sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx "
		    "hypervisor",
	.phys_bits = 36, .virt_bits = 32,
	.is_32bit = true,
};

/* bits needed to number @n cores, as the APIC ID layout reserves them */
static unsigned int core_bits(int n)
{
	unsigned int bits = 0;

	while ((1 << bits) < n)
		bits++;
	return bits;
}

static void show_cpu_core(GString *out, const struct machine *m, int nid, int core)
{
	int cores = m->desc.nodes[nid].nr_cpus, width = 0;
	int apicid;

	for (int n = 0; n < m->desc.nr_nodes; n++)
		width = MAX(width, m->desc.nodes[n].nr_cpus);
	apicid = (nid << core_bits(width)) | core;
	g_string_append_printf(out, "physical id\t: %d\nsiblings\t: %d\ncore id\t\t: %d\n"
			       "cpu cores\t: %d\napicid\t\t: %d\ninitial apicid\t: %d\n",
			       nid, cores, core, cores, apicid, apicid);
}

static void show_cpu_misc(GString *out, const struct cpu_arch *a)
{
	if (a->is_32bit)
		g_string_append(out, "fdiv_bug\t: no\nf00f_bug\t: no\ncoma_bug\t: no\n");
	g_string_append(out, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 13\n"
			"wp\t\t: yes\n");
}

static void show_one_cpu(GString *out, const struct machine *m, const struct cpu_arch *a,
			 int cpu, int nid, int core)
{
	unsigned int khz = m->desc.cpu_mhz * 1000;
	/* calibrated from the TSC: loops_per_jiffy = tsc_khz * 1000 / HZ */
	unsigned long lpj = (unsigned long)khz * 1000 / HZ;

	g_string_append_printf(out, "processor\t: %d\nvendor_id\t: GenuineIntel\n"
			       "cpu family\t: 6\nmodel\t\t: 0\nmodel name\t: %s\n"
			       "stepping\t: 0\ncpu MHz\t\t: %u.%03u\n",
			       cpu, m->desc.cpu_model[0] ? m->desc.cpu_model : "unknown",
			       khz / 1000, khz % 1000);
	show_cpu_core(out, m, nid, core);
	show_cpu_misc(out, a);
	g_string_append_printf(out, "flags\t\t: %s", a->flags);
	if (boot_cpu_has(m, X86_FEATURE_GBPAGES))
		g_string_append_printf(out, " %s", x86_cap_flags[X86_FEATURE_GBPAGES]);
	g_string_append_printf(out, " %s", a->after_nx);
	/* ospke: the kernel turned the keys on (CR4.PKE), which only x86_64's does */
	if (boot_cpu_has(m, X86_FEATURE_PKU))
		g_string_append_printf(out, " %s%s", x86_cap_flags[X86_FEATURE_PKU],
				       arch_pkeys_enabled(m) ? " ospke" : "");
	g_string_append(out, "\nbugs\t\t:\n");
	g_string_append_printf(out, "bogomips\t: %lu.%02lu\n", lpj / (500000 / HZ),
			       lpj / (5000 / HZ) % 100);
	g_string_append_printf(out, "clflush size\t: 64\ncache_alignment\t: 64\n"
			       "address sizes\t: %u bits physical, %u bits virtual\n"
			       "power management:\n\n", a->phys_bits, a->virt_bits);
}

static int cpuinfo_show(const struct pfs_req *r, GString *out)
{
	const struct machine *m = r->m;
	const struct cpu_arch *a = m->desc.arch == ARCH_I386 ? &cpu_i386 : &cpu_x86_64;
	int cpu = 0;

	/* CPUs are numbered in node order (struct node_desc) */
	for (int nid = 0; nid < m->desc.nr_nodes; nid++)
		for (int core = 0; core < m->desc.nodes[nid].nr_cpus; core++)
			show_one_cpu(out, m, a, cpu++, nid, core);
	return 0;
}

const struct pfs_file_ops cpuinfo_ops = {
	.show = cpuinfo_show,
};
