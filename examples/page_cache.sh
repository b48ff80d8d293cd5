#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# page_cache.sh - cold and warm reads, readahead and drop_caches.
# The page cache from a reader's side, on the simulated disk.
#
# Boots the "default" machine (vda at 128 MiB/s, 200 us) with a manual
# clock in a temporary directory. A "reader" reads a 64 MiB file twice:
# the cold read goes to the disk (read_bytes, pgpgin, the time the task
# waits in D), the warm one is free. A 4 KiB sequential reader shows the
# readahead window growing from 4 pages to 32 (read_ahead_kb 128). Reading
# the file again activates its pages (mark_page_accessed's second access:
# Active(file)); drop_caches 1 then frees the clean pages and keeps a
# dirty file and a mapped one. Needs root (FUSE) and a built tree:
# ./mmsimfs and ./mmsimctl from the repository root, or $MMSIMFS and
# $MMSIMCTL, or the installed programs.
#
#	examples/page_cache.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== cold read of 64M: read=67108864 wait=0.500200s
#	   Cached +65536 kB, pgpgin +65536 kB
#	== warm read of 64M: read=67108864 wait=0.000000s
#	   Active(file) 65536 kB after the second access
#	== a 4K reader's readahead windows on a cold file
#	   pages read ahead @ read number: 4@0 8@1 16@4 32@12 32@28 32@60
#	== before drop_caches: Cached 79564 kB, Dirty 8192 kB, Mapped 3408 kB
#	== after drop_caches:  Cached 11600 kB, Dirty 8192 kB, Mapped 3408 kB
#	   mmsimctl (0): drop_caches: 1
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-page_cache.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
"$mmsimfs" --machine default --clock manual "$mnt"

kb() { awk -v k="$1:" '$1 == k { print $2 }' "$mnt/proc/meminfo"; }
vm() { awk -v k="$1" '$1 == k { print $2 }' "$mnt/proc/vmstat"; }

reader=$(ctl spawn reader)
ctl tick 1s >/dev/null
ctl create /data/db 64M
cached0=$(kb Cached)
in0=$(vm pgpgin)
say "cold read of 64M: $(ctl read "$reader" /data/db 0 64M)"
echo "   Cached +$(($(kb Cached) - cached0)) kB, pgpgin +$(($(vm pgpgin) - in0)) kB"
ctl tick 1s >/dev/null
say "warm read of 64M: $(ctl read "$reader" /data/db 0 64M)"
echo "   Active(file) $(kb 'Active(file)') kB after the second access"

say "a 4K reader's readahead windows on a cold file"
ctl create /data/log 1M
windows=""
for i in $(seq 0 63); do
	before=$(kb Cached)
	ctl read "$reader" /data/log $((i * 4096)) 4K >/dev/null
	grown=$((($(kb Cached) - before) / 4))
	[ "$grown" = 0 ] || windows="$windows $grown@$i"
	ctl tick 10ms >/dev/null
done
echo "   pages read ahead @ read number:$windows"

ctl create /data/dirty 0
ctl write "$reader" /data/dirty 0 8M >/dev/null
ctl create /data/lib.so 1M
ctl mmap "$reader" 1M file=/data/lib.so prot=r-x >/dev/null
ctl touch "$reader" lib.so 1M read >/dev/null
ctl tick 1s >/dev/null
say "before drop_caches: Cached $(kb Cached) kB, Dirty $(kb Dirty) kB, Mapped $(kb Mapped) kB"
echo 1 >"$mnt/proc/sys/vm/drop_caches"
say "after drop_caches:  Cached $(kb Cached) kB, Dirty $(kb Dirty) kB, Mapped $(kb Mapped) kB"
echo "   $(grep -o 'mmsimctl (0): drop_caches: 1' "$mnt/sim/dmesg" | tail -1)"
say "machine_check: $(ctl check)"
