#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fragmentation.sh - plenty of free memory, and still no room for 8 pages.
#
# Boots the 64 MiB "tiny" machine with a manual clock in a temporary
# directory, fills ZONE_DMA with single pages, frees every other one, and
# shows that an order-3 GFP_DMA allocation then fails with ENOMEM although
# half the zone is free, while an order-0 one still works: no two free
# pages are buddies, and nothing compacts yet. Shows buddyinfo, the zone
# in sim/physmap, and the allocation-failure warning in sim/dmesg. Needs
# root (FUSE) and a built tree: ./mmsimfs and ./mmsimctl from the
# repository root, or $MMSIMFS and $MMSIMCTL, or the installed programs.
#
#	examples/fragmentation.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== boot
#	order:                     0      1      2      3      4      5      6      7      8      9     10
#	Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3
#	== alloc_pages gfp=GFP_DMA|__GFP_MEMALLOC|__GFP_NOWARN until DMA is empty
#	alloc_pages: block 3841 of 100000: order-0 allocation failed
#	order:                     0      1      2      3      4      5      6      7      8      9     10
#	Node 0, zone      DMA      0      0      0      0      0      0      0      0      0      0      0
#	== free_pages: every page at an even PFN
#	order:                     0      1      2      3      4      5      6      7      8      9     10
#	Node 0, zone      DMA   1696      0      0      0      0      0      0      0      0      0      0
#	DMA: 1696 pages free, min watermark 186 (boost 0)
#	== sim/physmap: every DMA pageblock holds allocated pages
#	Node 0, zone      DMA  pfn 0x1-0x1000
#	0x00000000 UUUUUUUU
#	== alloc_pages order=3 gfp=GFP_DMA
#	alloc_pages: block 1 of 1: order-3 allocation failed
#	(mmsimctl exited 1)
#	== the same command written by echo: the write fails with the kernel's errno
#	write error: Cannot allocate memory
#	== sim/dmesg: the allocation-failure warning, and DMA's free areas from its Mem-Info report
#	<4>[    0.000000] mmsimctl: page allocation failure: order:3, mode:0x1(GFP_DMA), nodemask=(null),cpuset=/,mems_allowed=0
#	<4>[    0.000000] Node 0 DMA: 1696*4kB (U) 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 6784kB
#	== alloc_pages order=0 gfp=GFP_DMA
#	0xffff8880003fe000 pfn=0x3fe order=0 node=0 zone=DMA migratetype=Unmovable
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-fragmentation.XXXXXX")
replies=$(mktemp "${TMPDIR:-/tmp}/mmsimfs-fragmentation.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt" 2>/dev/null || true; rmdir "$mnt"; rm -f "$replies"' EXIT
"$mmsimfs" --machine tiny --clock manual "$mnt"

dma_buddyinfo()
{
	printf '%-22s' 'order:'
	printf '%6d ' {0..10}
	echo
	grep 'zone      DMA ' "$mnt/proc/buddyinfo"
}

say "boot"
dma_buddyinfo

# __GFP_MEMALLOC lets the fill go past the watermarks (as a task freeing
# memory may), so the zone ends up empty; __GFP_NOWARN keeps the expected
# failure that ends the loop out of the kernel log.
say "alloc_pages gfp=GFP_DMA|__GFP_MEMALLOC|__GFP_NOWARN until DMA is empty"
if ctl alloc_pages 'gfp=GFP_DMA|__GFP_MEMALLOC|__GFP_NOWARN' count=100000 >"$replies" 2>&1; then
	echo "DMA did not run out" >&2
	exit 1
fi
tail -n 1 "$replies"
dma_buddyinfo

# Free the pages at even PFNs: the buddy of each (its odd neighbour) stays
# allocated, so no freed page can merge. free_pages takes 32 blocks a call.
say "free_pages: every page at an even PFN"
grep -o 'pfn=0x[0-9a-f]*' "$replies" | while read -r arg; do
	if (( ${arg#pfn=} % 2 == 0 )); then
		echo "$arg"
	fi
done | xargs -n 32 "$mmsimctl" -m "$mnt" free_pages
dma_buddyinfo
# Half the zone is free, far above the min watermark (no boost: every
# fallback of the fill claimed a whole pageblock, which boosts nothing), so
# the watermarks are not what will fail.
awk '$1 == "Node" { dma = ($4 == "DMA") }
     dma && $1 == "pages" { free = $3 }
     dma && $1 == "boost" { boost = $2 }
     dma && $1 == "min" { printf "DMA: %d pages free, min watermark %d (boost %d)\n", free, $2, boost; exit }' \
	"$mnt/proc/zoneinfo"

# One character per pageblock, all U: the first Unmovable since boot (its
# first PFN is no RAM), the others claimed for Unmovable by the fill.
say "sim/physmap: every DMA pageblock holds allocated pages"
sed -n '/zone      DMA/,/zone    DMA32/p' "$mnt/sim/physmap" | sed '$d'

# Enough free pages, but no free block of order 3 or more: the fast and
# the slow path find nothing, and GFP_DMA may not reclaim (nor could it yet).
say "alloc_pages order=3 gfp=GFP_DMA"
ctl alloc_pages order=3 gfp=GFP_DMA 2>&1 || echo "(mmsimctl exited $?)"
say "the same command written by echo: the write fails with the kernel's errno"
# shellcheck disable=SC2116 # the point is a shell's own write to ctl
err=$(echo 'alloc_pages order=3 gfp=GFP_DMA' 2>&1 >"$mnt/sim/ctl") || true
echo "write error: ${err##*write error: }"
# warn_alloc: the failure line, then the Mem-Info report; its free-area
# line for DMA counts the free blocks by size, with their migratetypes
say "sim/dmesg: the allocation-failure warning, and DMA's free areas from its Mem-Info report"
grep -E 'page allocation failure|Node 0 DMA: ' "$mnt/sim/dmesg" | tail -n 2

say "alloc_pages order=0 gfp=GFP_DMA"
ctl alloc_pages order=0 gfp=GFP_DMA
say "machine_check: $(ctl check)"
