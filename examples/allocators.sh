#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# allocators.sh - which allocator when: the kernel's advice, run.
#
# One scenario per case of the kernel's guidance
# (Documentation/core-api/memory-allocation.rst), each on a fresh "default"
# machine (4 GiB, with the boot slab profile of a small real system) with a
# manual clock, mounted in a temporary directory. Each makes the calls a
# driver would make, through sim/ctl, and after each step prints what
# changed: the slabinfo line of every cache that moved (active/total
# objects, slabs), the free blocks of every zone whose buddyinfo line
# moved, and the meminfo lines that moved.
#
#	kzalloc     a small struct in process context: kzalloc(GFP_KERNEL)
#	atomic      the same in interrupt context: GFP_ATOMIC, and its reserves
#	vmalloc     a large buffer no device reads: vmalloc
#	kvmalloc    a size not known in advance: kvmalloc
#	kmem_cache  many identical objects at a high rate: a cache of their own
#	dma         a buffer for a device that reaches only 16 MiB: GFP_DMA
#	pages       pages, not bytes: alloc_pages
#
# Needs root (FUSE; slabinfo is 0400) and a built tree: ./mmsimfs and
# ./mmsimctl from the repository root, or $MMSIMFS and $MMSIMCTL, or the
# installed programs.
#
#	examples/allocators.sh			every case, in the order above
#	examples/allocators.sh vmalloc dma	some of them
#
# What the terminal shows (the numbers are the same on every run):
#
#	==== kzalloc: a small struct in process context (GFP_KERNEL)
#	== kzalloc 200
#	0xffff888100ef2000 cache=kmalloc-256 size=256 waste=56 node=0 zone=Normal
#	   slabinfo   kmalloc-256: 752/752 -> 768/768 objects, 47 -> 48 slabs
#	   buddyinfo  no change
#	   meminfo    Slab +4 kB, SUnreclaim +4 kB
#	== kfree 0xffff888100ef2000
#	   slabinfo   no change
#	   buddyinfo  no change
#	   meminfo    no change
#	== echo 1 > sys/kernel/slab/kmalloc-256/shrink
#	   slabinfo   kmalloc-256: 768/768 -> 752/752 objects, 48 -> 47 slabs
#	   buddyinfo  no change
#	   meminfo    Slab -4 kB, SUnreclaim -4 kB
#	== machine_check: ok
#	==== atomic: a small struct in interrupt context (GFP_ATOMIC)
#	== kzalloc 64 gfp=GFP_ATOMIC
#	0xffff88810004ebc0 cache=kmalloc-64 size=64 waste=0 node=0 zone=Normal
#	   slabinfo   no change
#	   buddyinfo  no change
#	   meminfo    no change
#	== alloc_pages 'gfp=GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN', order 10 down to 0, until each zone refuses
#	Normal: 3591 pages free, min watermark 4056
#	== kzalloc 200 gfp=GFP_NOWAIT
#	kzalloc: allocation 1 of 1 failed: Cannot allocate memory
#	(mmsimctl exited 1)
#	== kzalloc 200 gfp=GFP_ATOMIC
#	0xffff888100ef2000 cache=kmalloc-256 size=256 waste=56 node=0 zone=Normal
#	   slabinfo   kmalloc-256: 752/752 -> 768/768 objects, 47 -> 48 slabs
#	   buddyinfo  no change
#	   meminfo    Slab +4 kB, SUnreclaim +4 kB
#	Normal: 3591 pages free, min watermark 4056
#	== machine_check: ok
#	==== vmalloc: a large buffer no device reads (vmalloc)
#	== kmalloc 8M
#	kmalloc: allocation 1 of 1 failed: Cannot allocate memory
#	(mmsimctl exited 1)
#	== vmalloc 8M
#	0xffffc900000aa000 vmalloc pages=2048 waste=0
#	   slabinfo   no change
#	   buddyinfo  Normal: order-5 2 -> 1, order-6 2 -> 1, order-7 2 -> 3, order-10 212 -> 210
#	   meminfo    MemFree -8064 kB, MemAvailable -8064 kB, VmallocUsed +8208 kB
#	== proc/vmallocinfo
#	0xffffc900000aa000-0xffffc900008ab000 8392704 vmalloc+0x0/0x0 pages=2048 vmalloc vpages N0=2048
#	0xffffc900008ab000-0xffffc900008b0000   20480 vmalloc+0x0/0x0 pages=4 vmalloc N0=4
#	== vfree 0xffffc900000aa000
#	   slabinfo   no change
#	   buddyinfo  no change
#	   meminfo    VmallocUsed -8208 kB
#	== machine_check: ok
#	==== kvmalloc: a size not known in advance (kvmalloc)
#	== kvmalloc 300
#	0xffff88810023fc00 cache=kmalloc-512 size=512 waste=212 node=0 zone=Normal
#	== kvmalloc 64K
#	0xffff888102690000 order=4 size=65536 waste=0 node=0 zone=Normal
#	== kvmalloc 8M
#	0xffffc90000200000 vmalloc pages=2048 waste=0
#	   slabinfo   no change
#	   buddyinfo  Normal: order-4 2 -> 1, order-10 212 -> 210
#	   meminfo    MemFree -8256 kB, MemAvailable -8256 kB, Slab +64 kB, SUnreclaim +64 kB,
#	              VmallocUsed +8208 kB
#	== kvmalloc 8M gfp=GFP_ATOMIC
#	kvmalloc: allocation 1 of 1 failed: Cannot allocate memory
#	(mmsimctl exited 1)
#	== kvfree of all three: kfree for the first two, vfree for the last
#	   slabinfo   no change
#	   buddyinfo  Normal: order-4 1 -> 2
#	   meminfo    MemFree +64 kB, MemAvailable +64 kB, Slab -64 kB, SUnreclaim -64 kB,
#	              VmallocUsed -8208 kB
#	== machine_check: ok
#	==== kmem_cache: many identical objects at a high rate (kmem_cache_create)
#	== kmem_cache_create my_obj 300
#	my_obj object_size=300 size=304 align=8 objects=13 order=0
#	== kmem_cache_alloc my_obj count=10000
#	0xffff888100ef2000 cache=my_obj size=304 waste=4 node=0 zone=Normal
#	0xffff888100ef2130 cache=my_obj size=304 waste=4 node=0 zone=Normal
#	0xffff888100ef2260 cache=my_obj size=304 waste=4 node=0 zone=Normal
#	... 9997 more lines like these
#	   slabinfo   my_obj: 0/0 -> 10010/10010 objects, 0 -> 770 slabs
#	   buddyinfo  no change
#	   meminfo    Slab +3080 kB, SUnreclaim +3080 kB
#	== kmalloc 300 count=10000
#	0xffff88810023fc00 cache=kmalloc-512 size=512 waste=212 node=0 zone=Normal
#	0xffff88810023fe00 cache=kmalloc-512 size=512 waste=212 node=0 zone=Normal
#	0xffff888100248000 cache=kmalloc-512 size=512 waste=212 node=0 zone=Normal
#	... 9997 more lines like these
#	   slabinfo   kmalloc-512: 1072/1072 -> 11072/11072 objects, 67 -> 692 slabs
#	   buddyinfo  Normal: order-3 3 -> 2, order-4 2 -> 1, order-6 2 -> 1, order-7 2 -> 3,
#	              order-8 2 -> 1, order-10 212 -> 211
#	   meminfo    MemFree -4960 kB, MemAvailable -4960 kB, Slab +5000 kB, SUnreclaim +5000 kB
#	== kmem_cache_destroy my_obj
#	kmem_cache_destroy: 'my_obj' still has objects (see the kernel log)
#	(mmsimctl exited 1)
#	kmem_cache_destroy my_obj: Slab cache still has objects when called from mmsimctl
#	== kmem_cache_free my_obj ADDR, for each of the 10000 objects
#	   slabinfo   my_obj: 10010/10010 -> 26/91 objects, 770 -> 7 slabs
#	   buddyinfo  no change
#	   meminfo    Slab -3052 kB, SUnreclaim -3052 kB
#	== kmem_cache_destroy my_obj
#	   slabinfo   my_obj: gone
#	   buddyinfo  no change
#	   meminfo    Slab -28 kB, SUnreclaim -28 kB
#	== machine_check: ok
#	==== dma: a buffer for a device that reaches only 16 MiB (GFP_DMA)
#	== kmalloc 1000 gfp=GFP_DMA
#	0xffff888000100000 cache=dma-kmalloc-1k size=1024 waste=24 node=0 zone=DMA
#	   slabinfo   dma-kmalloc-1k: 0/0 -> 16/16 objects, 0 -> 1 slabs
#	   buddyinfo  DMA: order-2 0 -> 1, order-3 0 -> 1, order-4 0 -> 1, order-5 0 -> 1,
#	              order-6 0 -> 1, order-7 0 -> 1, order-8 1 -> 0
#	   meminfo    MemFree -16 kB, MemAvailable -16 kB, Slab +16 kB, SUnreclaim +16 kB
#	== kmalloc 200 gfp=GFP_KERNEL|GFP_DMA32
#	0xffff888100ef2000 cache=kmalloc-256 size=256 waste=56 node=0 zone=Normal
#	Unexpected gfp: 0x4 (GFP_DMA32). Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix your code!
#	== alloc_pages gfp=GFP_DMA32
#	0xffff888003000000 pfn=0x3000 order=0 node=0 zone=DMA32 migratetype=Unmovable
#	== machine_check: ok
#	==== pages: pages, not bytes (alloc_pages)
#	== alloc_pages order=2
#	0xffff88810035c000 pfn=0x10035c order=2 node=0 zone=Normal migratetype=Unmovable
#	   slabinfo   no change
#	   buddyinfo  no change
#	   meminfo    no change
#	== kmalloc 16K
#	0xffff888100360000 order=2 size=16384 waste=0 node=0 zone=Normal
#	   slabinfo   no change
#	   buddyinfo  no change
#	   meminfo    Slab +16 kB, SUnreclaim +16 kB
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

all_cases="kzalloc atomic vmalloc kvmalloc kmem_cache dma pages"
for c in "$@"; do
	case " $all_cases " in
	*" $c "*) ;;
	*) echo "usage: $0 [CASE...], CASE one of: $all_cases" >&2; exit 2 ;;
	esac
done

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-allocators.XXXXXX")
work=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-allocators.XXXXXX")
# each case unmounts its machine when it is done; this is for a case that fails
trap 'fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt" 2>/dev/null || true; rmdir "$mnt"; rm -rf "$work"' EXIT

boot() { "$mmsimfs" --machine default --clock manual "$mnt"; }
halt()
{
	say "machine_check: $(ctl check)"
	fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt"
}

# snap: remember slabinfo, buddyinfo and meminfo, for changes to compare with
snap()
{
	local f

	for f in slabinfo buddyinfo meminfo; do
		cat "$mnt/proc/$f" >"$work/$f"
	done
}

# run VERB ARG...: the command, then its reply (the first three lines and a
# count of the rest; all of it in $work/reply); $addr is the reply's first
# word, the address of what was allocated
run()
{
	local lines status=0

	say "$*"
	ctl "$@" >"$work/reply" 2>&1 || status=$?
	if ((status == 0)); then
		addr=$(awk '{ print $1; exit }' "$work/reply")
		lines=$(wc -l <"$work/reply")
		sed -n '1,3p' "$work/reply"
		if ((lines > 3)); then
			echo "... $((lines - 3)) more lines like these"
		fi
	else
		cat "$work/reply"
		echo "(mmsimctl exited $status)"
	fi
}

# wrap LABEL: the items read one per line, joined with ", " after LABEL,
# folded before 92 columns; "no change" when there are none
wrap()
{
	awk -v label="$1" '
		{ item[n++] = $0 }
		END {
			if (!n) { printf "   %-10s no change\n", label; exit }
			line = sprintf("   %-10s %s", label, item[0])
			for (i = 1; i < n; i++) {
				if (length(line) + length(item[i]) + 2 > 90) {
					print line ","
					line = sprintf("   %-10s %s", "", item[i])
				} else {
					line = line ", " item[i]
				}
			}
			print line
		}'
}

# changes: what moved in slabinfo, buddyinfo and meminfo since snap
changes()
{
	local f

	for f in slabinfo buddyinfo meminfo; do
		cat "$mnt/proc/$f" >"$work/$f.now"
	done
	# <active_objs>/<num_objs> and <num_slabs> of each cache that moved
	awk 'FNR <= 2 { next }
	     NR == FNR { old[$1] = $2 "/" $3 " " $15; next }
	     { seen[$1] = 1 }
	     !($1 in old) { printf "%s: new, %d/%d objects, %d slabs\n", $1, $2, $3, $15; next }
	     old[$1] != $2 "/" $3 " " $15 {
		split(old[$1], o, " ")
		printf "%s: %s -> %d/%d objects, %d -> %d slabs\n", $1, o[1], $2, $3, o[2], $15
	     }
	     END { for (c in old) if (!(c in seen)) printf "%s: gone\n", c }' \
		"$work/slabinfo" "$work/slabinfo.now" | wrap slabinfo
	# the free blocks of each order that moved, by zone
	awk 'NR == FNR { for (o = 0; o <= 10; o++) old[$4, o] = $(5 + o); next }
	     { zone = $4 ": "
	       for (o = 0; o <= 10; o++)
		       if (old[$4, o] != $(5 + o)) {
			       print zone "order-" o " " old[$4, o] " -> " $(5 + o)
			       zone = ""
		       } }' "$work/buddyinfo" "$work/buddyinfo.now" | wrap buddyinfo
	# meminfo lines that moved, as differences in kB
	awk 'NR == FNR { old[$1] = $2; next }
	     old[$1] != $2 { name = $1; sub(/:$/, "", name); printf "%s %+d kB\n", name, $2 - old[$1] }' \
		"$work/meminfo" "$work/meminfo.now" | wrap meminfo
}

# zone_free ZONE: the zone's free pages against its min watermark
zone_free()
{
	awk -v z="$1" '$1 == "Node" { in_zone = ($4 == z) }
		in_zone && $1 == "pages" && $2 == "free" { free = $3 }
		in_zone && $1 == "min" { printf "%s: %d pages free, min watermark %d\n", z, free, $2; exit }' \
		"$mnt/proc/zoneinfo"
}

# A driver's private state, allocated in probe(), where it may sleep:
# priv = kzalloc(sizeof(*priv), GFP_KERNEL). 200 bytes come from the
# 256-byte kmalloc class; kmalloc-256 is full at boot, so SLUB takes a new
# order-0 slab (16 objects) from the buddy allocator and hands out one.
case_kzalloc()
{
	echo "==== kzalloc: a small struct in process context (GFP_KERNEL)"
	boot
	snap
	run kzalloc 200
	changes
	# The object goes back to its slab. The slab is empty, but SLUB keeps
	# empty slabs while the cache has fewer than min_partial partial ones,
	# for the next kzalloc: nothing goes back to the buddy allocator.
	snap
	run kfree "$addr"
	changes
	# kmem_cache_shrink(), as SLUB's sysfs file runs it, frees empty slabs.
	snap
	say "echo 1 > sys/kernel/slab/kmalloc-256/shrink"
	echo 1 >"$mnt/sys/kernel/slab/kmalloc-256/shrink"
	changes
	halt
}

# An interrupt handler, or code holding a spinlock, must not sleep:
# kmalloc(size, GFP_ATOMIC). Most such calls find a free object on a
# partial slab and never reach the page allocator.
case_atomic()
{
	echo "==== atomic: a small struct in interrupt context (GFP_ATOMIC)"
	boot
	snap
	run kzalloc 64 gfp=GFP_ATOMIC
	changes
	# Bring every zone down to its min watermark (plus its lowmem
	# protection) with GFP_KERNEL blocks, largest first. __GFP_NORETRY:
	# fail rather than call the OOM killer, which would kill every
	# process to feed the loop (no reclaim is simulated, so nothing else
	# gives pages back).
	say "alloc_pages 'gfp=GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN', order 10 down to 0, until each zone refuses"
	for order in {10..0}; do
		ctl alloc_pages order="$order" 'gfp=GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN' count=1000000 \
			>/dev/null 2>&1 || true
	done
	zone_free Normal
	# kmalloc-256 is full: 200 bytes need a new slab page. GFP_NOWAIT may
	# not go below min, so it fails, and the caller must cope. In 6.18 it
	# carries __GFP_NOWARN, so the failure leaves the kernel log alone.
	run kzalloc 200 gfp=GFP_NOWAIT
	# GFP_ATOMIC has __GFP_HIGH and cannot sleep: it may go below min by
	# half, and a quarter of the rest more. This is what the reserves that
	# min_free_kbytes keeps are for.
	snap
	run kzalloc 200 gfp=GFP_ATOMIC
	changes
	zone_free Normal
	halt
}

# A large buffer that only the CPU touches (a firmware image, a big
# table): vmalloc(). kmalloc cannot even try above KMALLOC_MAX_SIZE (4 MiB,
# one order-10 block); vmalloc maps order-0 pages, taken one at a time,
# into a virtually contiguous range, so it needs no contiguous block at
# all. On this fresh machine each order-0 request splits the smallest free
# block, so the pages come out of two order-10 blocks; on a fragmented one
# they would be scattered pages no contiguous request could use.
case_vmalloc()
{
	echo "==== vmalloc: a large buffer no device reads (vmalloc)"
	boot
	run kmalloc 8M
	snap
	run vmalloc 8M
	changes
	# The area is 2048 pages and a guard page. The array of its 2048 page
	# pointers (16 KiB) is vmalloc'ed too ("vpages"), so VmallocUsed counts
	# 2052 pages, and that area's own 4 pointers are a kmalloc-32 object.
	# The tasks' kernel stacks (alloc_thread_stack_node) are left out.
	say "proc/vmallocinfo"
	grep -v alloc_thread_stack_node "$mnt/proc/vmallocinfo"
	snap
	run vfree "$addr"
	changes
	halt
}

# A size that comes from the device or the user, small or huge:
# kvmalloc(size, GFP_KERNEL). It tries kmalloc first (above a page without
# warning or reclaim, so a fragmented machine does not suffer for it) and
# falls back to vmalloc; on x86_64 a fallback of 2 MiB or more is mapped
# with huge pages, taken as order-9 blocks.
case_kvmalloc()
{
	local a b

	echo "==== kvmalloc: a size not known in advance (kvmalloc)"
	boot
	snap
	run kvmalloc 300
	a=$addr
	run kvmalloc 64K
	b=$addr
	run kvmalloc 8M
	changes
	# vmalloc may sleep: a caller that cannot gets no fallback.
	run kvmalloc 8M gfp=GFP_ATOMIC
	snap
	say "kvfree of all three: kfree for the first two, vfree for the last"
	ctl kvfree "$a"
	ctl kvfree "$b"
	ctl kvfree "$addr"
	changes
	halt
}

# Many objects of one type, allocated and freed at a high rate (dentries,
# inodes, task_structs): kmem_cache_create() and kmem_cache_alloc(). The
# objects pack at their own size instead of the next kmalloc class: 300
# bytes take a 304-byte slot, 13 to a page, where kmalloc-512 fits 8.
case_kmem_cache()
{
	echo "==== kmem_cache: many identical objects at a high rate (kmem_cache_create)"
	boot
	run kmem_cache_create my_obj 300
	snap
	run kmem_cache_alloc my_obj count=10000
	cp "$work/reply" "$work/objects"
	changes
	# the same objects from kmalloc, for comparison
	snap
	run kmalloc 300 count=10000
	changes
	# A cache with live objects cannot go: the kernel complains and keeps it.
	run kmem_cache_destroy my_obj
	grep -o 'kmem_cache_destroy my_obj: .*' "$mnt/sim/dmesg"
	# Freed objects go back to their slabs, and empty slabs to the buddy
	# allocator once the cache has min_partial (5) partial slabs: the last
	# few stay for reuse until kmem_cache_shrink or kmem_cache_destroy.
	snap
	say "kmem_cache_free my_obj ADDR, for each of the 10000 objects"
	exec 3<>"$mnt/sim/ctl"
	while read -r obj _; do
		echo "kmem_cache_free my_obj $obj" >&3
	done <"$work/objects"
	exec 3>&-
	changes
	snap
	run kmem_cache_destroy my_obj
	changes
	halt
}

# A buffer for a device that reaches only the first 16 MiB (ISA-era DMA):
# kmalloc(size, GFP_DMA) comes from the dma-kmalloc-N caches, whose slabs
# come from ZONE_DMA. (A modern driver asks the DMA API,
# dma_alloc_coherent(), which picks the zone from the device's mask.)
case_dma()
{
	echo "==== dma: a buffer for a device that reaches only 16 MiB (GFP_DMA)"
	boot
	# DMA's pageblocks are all Movable at boot, so the first Unmovable
	# slab claims a whole order-10 block and splits it (see buddy.sh).
	snap
	run kmalloc 1000 gfp=GFP_DMA
	changes
	# There are no DMA32 kmalloc caches: the kernel serves the normal
	# cache and, when that takes a new slab, strips __GFP_DMA32 with a
	# warning. A buffer below 4 GiB is a job for alloc_pages(GFP_DMA32) or
	# the DMA API.
	run kmalloc 200 'gfp=GFP_KERNEL|GFP_DMA32'
	grep -o 'Unexpected gfp: .*' "$mnt/sim/dmesg"
	run alloc_pages gfp=GFP_DMA32
	halt
}

# Whole pages rather than bytes (a ring buffer, a page mapped to user
# space): alloc_pages(GFP_KERNEL, order). No slab is involved: buddyinfo
# and MemFree move, nothing else.
case_pages()
{
	echo "==== pages: pages, not bytes (alloc_pages)"
	boot
	snap
	run alloc_pages order=2
	changes
	# A kmalloc above 8 KiB (KMALLOC_MAX_CACHE_SIZE) is the same thing,
	# pages of order get_order(size), but counted as unreclaimable slab
	# (Slab, SUnreclaim), with no slabinfo line to show it.
	snap
	run kmalloc 16K
	changes
	halt
}

cases=("$@")
if ((${#cases[@]} == 0)); then
	read -ra cases <<<"$all_cases"
fi
for c in "${cases[@]}"; do
	"case_$c"
done
