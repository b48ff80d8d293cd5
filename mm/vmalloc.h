/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmalloc: virtually contiguous memory from order-0 pages, in the vmalloc
 * address range with a guard page after each area; kvmalloc, which tries
 * kmalloc first, lives here too (the kernel keeps it in mm/slub.c).
 */
#ifndef MM_VMALLOC_H
#define MM_VMALLOC_H

#include <glib.h>
#include <stdint.h>

#include "gfp.h"

struct machine;
struct kmalloc_where;

/* vm_struct flags, the kernel's names and values (include/linux/vmalloc.h) */
#define VM_IOREMAP		0x00000001	/* ioremap() and friends */
#define VM_ALLOC		0x00000002	/* vmalloc() */
#define VM_MAP			0x00000004	/* vmap()ed pages */
#define VM_USERMAP		0x00000008	/* suitable for remap_vmalloc_range */
#define VM_DMA_COHERENT		0x00000010	/* dma_alloc_coherent */
#define VM_UNINITIALIZED	0x00000020	/* still being set up: vmallocinfo skips it */
#define VM_NO_GUARD		0x00000040	/* no guard page after the area */
#define VM_ALLOW_HUGE_VMAP	0x00000400	/* may be backed by PMD-sized pages */

#define NUMA_NO_NODE		(-1)

/*
 * One area, as /proc/vmallocinfo lists it: vmap_area and vm_struct in one.
 * [va_start, va_end) is the whole reservation, guard page included, so
 * va_end - va_start is the size vmallocinfo prints; the pages map the
 * first nr_pages pages of it.
 */
struct vmap_area {
	uint64_t va_start;
	uint64_t va_end;		/* includes the guard page */
	unsigned long nr_pages;
	uint32_t *pfns;			/* nr_pages order-0 pages, scattered */
	unsigned int page_order;	/* 9 when backed by split PMD-sized blocks (kvmalloc) */
	uint64_t pages_addr;		/* page array: kmalloc'ed or vmalloc'ed (" vpages") */
	uint64_t owner;			/* for a vmalloc'ed page array: its area's start */
	const char *caller;		/* the API that made it (interned): "vmalloc", ... */
	unsigned long flags;		/* VM_* (VM_ALLOC for vmalloc) */
	gfp_t gfp;			/* what the pages were allocated with */
	int node;			/* NUMA_NO_NODE unless asked for */
	GList link;			/* in vmap_areas(), by address; .data is this area */
};

/* VMALLOC_START and VMALLOC_END of the machine's architecture (x86_64 4-level, i386 PAE). */
uint64_t vmalloc_start(const struct machine *m);
uint64_t vmalloc_end(const struct machine *m);
/* VMALLOC_TOTAL in bytes (END - START, as the kernel computes it): meminfo's VmallocTotal */
uint64_t vmalloc_total(const struct machine *m);

int vmalloc_init(struct machine *m);
void vmalloc_destroy(struct machine *m);

/*
 * All return 0 with the area's start in *addr, -ENOMEM (with the kernel's
 * "vmalloc error" warning unless __GFP_NOWARN), or -EINVAL for a size of 0
 * (where the kernel's vmalloc returns NULL) and for impossible GFP flags.
 */
int __vmalloc(struct machine *m, size_t size, gfp_t gfp, const char *caller, uint64_t *addr);
int vmalloc(struct machine *m, size_t size, uint64_t *addr);
int vzalloc(struct machine *m, size_t size, uint64_t *addr);
/*
 * Frees the area that contains @addr; -EINVAL (and the kernel's WARN) for an
 * address that is in no area, or for another area's page array. vfree(0) is a no-op.
 */
int vfree(struct machine *m, uint64_t addr);
/* Is @addr in the vmalloc range? (not: is it allocated) */
bool is_vmalloc_addr(const struct machine *m, uint64_t addr);
/* The area that contains @addr, guard page included, or NULL. */
const struct vmap_area *find_vmap_area(const struct machine *m, uint64_t addr);

/*
 * kvmalloc: kmalloc when it can, without warning or blocking for a
 * contiguous block, else vmalloc. *vmalloced says which; *where (may be
 * NULL) is kmalloc's answer, or for vmalloc cache NULL and the page waste.
 */
int kvmalloc(struct machine *m, size_t size, gfp_t gfp, uint64_t *addr, bool *vmalloced,
	     struct kmalloc_where *where);
/* vfree() for a vmalloc address, kfree() otherwise */
int kvfree(struct machine *m, uint64_t addr);

/* The areas by address (engine-owned, do not free); iterate under the machine lock. */
GList *vmap_areas(struct machine *m);
/* VmallocUsed: pages held by vmalloc areas (nr_vmalloc_pages). */
unsigned long vmalloc_nr_pages(const struct machine *m);

int vmalloc_check(struct machine *m);

#endif /* MM_VMALLOC_H */
