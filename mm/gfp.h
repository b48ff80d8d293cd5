/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GFP flags and the page allocator's entry points.
 *
 * Names, bit values and meaning are the kernel's (include/linux/gfp_types.h,
 * 6.x numbering), so `gfp=GFP_KERNEL|__GFP_ZERO` behaves here as it would in
 * a driver and the allocation-failure warning prints the kernel's mode:0xcc0.
 */
#ifndef MM_GFP_H
#define MM_GFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmzone.h"

typedef unsigned int gfp_t;

#define __GFP_DMA		0x000001u
#define __GFP_HIGHMEM		0x000002u
#define __GFP_DMA32		0x000004u
#define __GFP_MOVABLE		0x000008u
#define __GFP_RECLAIMABLE	0x000010u
#define __GFP_HIGH		0x000020u
#define __GFP_IO		0x000040u
#define __GFP_FS		0x000080u
#define __GFP_ZERO		0x000100u
#define __GFP_DIRECT_RECLAIM	0x000400u
#define __GFP_KSWAPD_RECLAIM	0x000800u
#define __GFP_WRITE		0x001000u
#define __GFP_NOWARN		0x002000u
#define __GFP_RETRY_MAYFAIL	0x004000u
#define __GFP_NOFAIL		0x008000u
#define __GFP_NORETRY		0x010000u
#define __GFP_MEMALLOC		0x020000u
#define __GFP_COMP		0x040000u
#define __GFP_NOMEMALLOC	0x080000u
#define __GFP_HARDWALL		0x100000u
#define __GFP_THISNODE		0x200000u
#define __GFP_ACCOUNT		0x400000u
#define __GFP_BITS_MASK		0x7fffffu

#define GFP_ZONEMASK		(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK	(__GFP_RECLAIMABLE | __GFP_MOVABLE)
/* the bits that choose the zone and the migratetype: pg_data_t's gfp_hit[] index */
#define GFP_HIT_MASK		(GFP_ZONEMASK | __GFP_RECLAIMABLE)
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC		(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO		(__GFP_RECLAIM)
#define GFP_NOFS		(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER		(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA			__GFP_DMA
#define GFP_DMA32		__GFP_DMA32
#define GFP_HIGHUSER		(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_TRANSHUGE_LIGHT	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | \
				  __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE		(GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

/* Names of every flag and composite, longest composites first, for parsing and printing. */
struct gfp_name {
	const char *name;
	gfp_t flags;
};
extern const struct gfp_name gfp_names[];
extern const unsigned int nr_gfp_names;

/* "GFP_KERNEL|__GFP_ZERO", as the kernel's %pGg prints it. */
void gfp_flags_string(gfp_t gfp, char *buf, size_t len);

struct machine;

enum migratetype gfp_migratetype(gfp_t gfp);
/* highest zone index the allocation may use on this machine, or -EINVAL */
int gfp_zone(const struct machine *m, gfp_t gfp);

int alloc_pages_node(struct machine *m, int nid, gfp_t gfp, unsigned int order,
		     unsigned long *pfnp);
int __free_pages(struct machine *m, unsigned long pfn, unsigned int order);

#endif /* MM_GFP_H */
