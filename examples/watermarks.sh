#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# watermarks.sh - what vm.min_free_kbytes, vm.watermark_scale_factor and
# vm.lowmem_reserve_ratio do to each zone's watermarks and protection.
#
# Boots the "default" machine (4 GiB, zones DMA, DMA32 and Normal) with a
# manual clock in a temporary directory, writes the three sysctls and shows
# /proc/zoneinfo's min, low and high (in pages) and protection after each
# write, with MemAvailable, which keeps the high watermarks and the
# protection out of what it calls available. Needs root (FUSE, and sysctls
# are root's) and a built tree: ./mmsimfs from the repository root, or
# $MMSIMFS, or the installed program.
#
#	examples/watermarks.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== boot: min_free_kbytes=67584 (raising min_free_kbytes from 8094 to 67584 to help transparent hugepage allocations)
#	zone        managed      min      low     high  protection
#	DMA            3840       63       78       93  (0, 3024, 3984, 3984, 3984)
#	DMA32        774144    12776    15970    19164  (0, 0, 960, 960, 960)
#	Normal       245761     4056     5070     6084  (0, 0, 0, 0, 0)
#	MemAvailable:    3895440 kB
#	== min_free_kbytes=16384: each zone's min is its share of 16384 kB by managed pages
#	zone        managed      min      low     high  protection
#	DMA            3840       15       18       21  (0, 3024, 3984, 3984, 3984)
#	DMA32        774144     3097     3871     4645  (0, 0, 960, 960, 960)
#	Normal       245761      983     1228     1473  (0, 0, 0, 0, 0)
#	MemAvailable:    3978512 kB
#	== watermark_scale_factor=200: the gaps become 2% of managed, min stays
#	zone        managed      min      low     high  protection
#	DMA            3840       15       91      167  (0, 3024, 3984, 3984, 3984)
#	DMA32        774144     3097    18579    34061  (0, 0, 960, 960, 960)
#	Normal       245761      983     5898    10813  (0, 0, 0, 0, 0)
#	MemAvailable:    3816936 kB
#	== lowmem_reserve_ratio=32 32 32: DMA and DMA32 keep 1/32 of what lies above them
#	zone        managed      min      low     high  protection
#	DMA            3840       15       91      167  (0, 24192, 31872, 31872, 31872)
#	DMA32        774144     3097    18579    34061  (0, 0, 7680, 7680, 7680)
#	Normal       245761      983     5898    10813  (0, 0, 0, 0, 0)
#	MemAvailable:    3790056 kB
#	== GFP_KERNEL may take a DMA page only while DMA keeps low + protection[Normal] = 91 + 31872 pages free: never, DMA manages 3840
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-watermarks.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
"$mmsimfs" --machine default --clock manual "$mnt"

vm=$mnt/proc/sys/vm

# min, low, high and protection of each populated zone, and MemAvailable
show_zones()
{
	awk '
		$1 == "Node"		{ zone = $4 }
		$1 == "min"		{ min = $2 }
		$1 == "low"		{ low = $2 }
		$1 == "high"		{ high = $2 }
		$1 == "managed"		{ managed = $2 }
		$1 == "protection:"	{
			sub(/^ *protection: /, "")
			if (managed)
				printf "%-6s %12d %8d %8d %8d  %s\n", zone, managed, min, low, high, $0
		}
		BEGIN { printf "%-6s %12s %8s %8s %8s  %s\n", "zone", "managed", "min", "low", "high", "protection" }
	' "$mnt/proc/zoneinfo"
	grep MemAvailable "$mnt/proc/meminfo"
}

# At boot the kernel sizes min_free_kbytes from lowmem (4 * sqrt(kB)), then
# khugepaged raises it so that huge pages stay possible.
say "boot: min_free_kbytes=$(cat "$vm/min_free_kbytes") ($(grep -o 'raising min_free_kbytes.*' "$mnt/sim/dmesg"))"
show_zones

# __setup_per_zone_wmarks: each lowmem zone's min is its share of
# min_free_kbytes by managed pages; low = min + gap, high = low + gap, with
# gap = max(min / 4, managed * watermark_scale_factor / 10000).
echo 16384 > "$vm/min_free_kbytes"
say "min_free_kbytes=16384: each zone's min is its share of 16384 kB by managed pages"
show_zones

echo 200 > "$vm/watermark_scale_factor"
say "watermark_scale_factor=200: the gaps become 2% of managed, min stays"
show_zones

# setup_per_zone_lowmem_reserve: protection[j] of a zone is the managed
# pages of the zones above it, up to zone j, divided by the zone's ratio.
echo "32 32 32" > "$vm/lowmem_reserve_ratio"
say "lowmem_reserve_ratio=32 32 32: DMA and DMA32 keep 1/32 of what lies above them"
show_zones

# zone_watermark_ok: free pages must stay above the watermark plus the
# protection against the allocation's highest zone (Normal is index 2).
read -r low prot managed < <(awk '$1 == "Node" { dma = ($4 == "DMA") }
	dma && $1 == "low" { low = $2 }
	dma && $1 == "managed" { managed = $2 }
	dma && $1 == "protection:" { gsub(/[(),]/, " "); print low, $4, managed; exit }' \
	"$mnt/proc/zoneinfo")
say "GFP_KERNEL may take a DMA page only while DMA keeps low + protection[Normal] =" \
    "$low + $prot pages free: never, DMA manages $managed"
