#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# buddy.sh - the buddy allocator splitting a block and coalescing it again.
#
# Boots the 64 MiB "tiny" machine with a manual clock in a temporary
# directory, allocates one order-4 block (16 pages) from ZONE_DMA and frees
# it, showing ZONE_DMA's line of /proc/buddyinfo (free blocks per order)
# after each step. Needs root (FUSE, and the tree is root's) and a built
# tree: ./mmsimfs and ./mmsimctl from the repository root, or $MMSIMFS and
# $MMSIMCTL, or the installed programs.
#
#	examples/buddy.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== boot: 3840 free pages in DMA, as 3 order-10, 1 order-9 and 1 order-8 blocks
#	order:                     0      1      2      3      4      5      6      7      8      9     10
#	Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3
#	== alloc_pages order=4 gfp=GFP_DMA
#	0xffff888000100000 pfn=0x100 order=4 node=0 zone=DMA migratetype=Unmovable
#	== the order-8 block was split in halves down to order 4: one free block of each order 4..7 is left
#	order:                     0      1      2      3      4      5      6      7      8      9     10
#	Node 0, zone      DMA      0      0      0      0      1      1      1      1      0      1      3
#	== no pageblock changed type: pageblock 0 was Unmovable from boot
#	Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate
#	Node 0, zone      DMA            1            7            0            0            0
#	== free_pages 0xffff888000100000 order=4: each buddy is free, so the halves merge back to order 8
#	order:                     0      1      2      3      4      5      6      7      8      9     10
#	Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3
#	== pgalloc_dma 16, pgfree 16; machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-buddy.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
"$mmsimfs" --machine tiny --clock manual "$mnt"

# ZONE_DMA's buddyinfo line under a header of orders
dma_buddyinfo()
{
	printf '%-22s' 'order:'
	printf '%6d ' {0..10}
	echo
	grep 'zone      DMA ' "$mnt/proc/buddyinfo"
}

# the free pages of ZONE_DMA, from its buddyinfo line: sum of count << order
dma_free_pages()
{
	awk '$4 == "DMA" { for (o = 0; o <= 10; o++) s += $(5 + o) * 2 ^ o; print s }' \
		"$mnt/proc/buddyinfo"
}

# The first MiB is reserved at boot (x86 keeps it for the BIOS), so DMA
# manages 15 MiB: not a power of two, hence the smaller blocks.
say "boot: $(dma_free_pages) free pages in DMA, as 3 order-10, 1 order-9 and 1 order-8 blocks"
dma_buddyinfo

# Boot leaves pageblock 0 Unmovable (memmap_init_range marks Movable only
# the blocks whose first PFN is RAM, and PFN 0 is not), so its order-8 block
# (the pages above the reserved first MiB) is on the Unmovable list: the
# request takes it with no fallback, and expand() splits it in halves,
# putting each upper half back on the free lists. (Orders 0-3 would come
# from and go back to a per-cpu list, so order 4 shows the buddy alone.)
say "alloc_pages order=4 gfp=GFP_DMA"
reply=$(ctl alloc_pages order=4 gfp=GFP_DMA)
echo "$reply"
addr=${reply%% *}
say "the order-8 block was split in halves down to order 4: one free block of each order 4..7 is left"
dma_buddyinfo

say "no pageblock changed type: pageblock 0 was Unmovable from boot"
grep -E '^Number of blocks|zone +DMA +[0-9]' "$mnt/proc/pagetypeinfo" | sed 's/ *$//'

# __free_one_page merges with the buddy (pfn ^ (1 << order)) while it is
# free and of the same order, all the way back up.
say "free_pages $addr order=4: each buddy is free, so the halves merge back to order 8"
ctl free_pages "$addr" order=4
dma_buddyinfo

pgalloc=$(awk '$1 == "pgalloc_dma" { print $2 }' "$mnt/proc/vmstat")
pgfree=$(awk '$1 == "pgfree" { print $2 }' "$mnt/proc/vmstat")
say "pgalloc_dma $pgalloc, pgfree $pgfree; machine_check: $(ctl check)"
