#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# writeback.sh - a fast writer, a slow disk and the dirty limits.
# Dirty pages, the flusher and balance_dirty_pages on the simulated clock.
#
# Boots the "default" machine (4 GiB, vda at 128 MiB/s) with a manual
# clock in a temporary directory. A "logger" writes 256 MiB at once: the
# pages are dirty in meminfo, below the background threshold, so little
# is written until the flusher's periodic pass finds them older than
# dirty_expire_centisecs (30 s): only its first pass at 5 s writes 5 MiB,
# because a disk that never completed a write has no share of the
# background threshold yet (the kernel's writeout fractions). Then dirty_background_ratio goes down to
# 1%: the next write starts background writeback at once, Writeback stays
# near 5 MiB (four requests in flight) while Dirty drains at the disk's
# 32768 pages a second. Last, a "dd" writes at 1 GiB/s: once Dirty passes
# the freerun ceiling, (background + dirty threshold) / 2, the writer is
# throttled to the disk's speed, in D while paused. Needs root (FUSE) and
# a built tree: ./mmsimfs and ./mmsimctl from the repository root, or
# $MMSIMFS and $MMSIMCTL, or the installed programs.
#
#	examples/writeback.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== thresholds: nr_dirty_background_threshold 96616, nr_dirty_threshold 193468
#	== logger writes 256M: Dirty 262144 kB, Writeback 0 kB
#	   after 4 s: Dirty 262144 kB, below the background threshold
#	   after 6 s: Dirty 257024 kB: the first periodic pass wrote a little
#	   after 29 s: Dirty 257024 kB (nothing older than 30 s)
#	   after 36 s: Dirty 0 kB, nr_written 65536
#	== dirty_background_ratio 1: nr_dirty_background_threshold 9460
#	   logger writes 256M again
#	   0.5 s: Dirty 192512 kB, Writeback 5120 kB
#	   1.0 s: Dirty 126976 kB, Writeback 5120 kB
#	   1.5 s: Dirty 61440 kB, Writeback 5120 kB
#	   2.0 s: Dirty 36864 kB, Writeback 0 kB
#	== dd writes at 1G/s for 20 s
#	   dd wrote 3038 MiB: its last 15 s at 128 MiB/s, the disk's speed
#	   dd's status: D (disk sleep), paused by balance_dirty_pages
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-writeback.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
"$mmsimfs" --machine default --clock manual "$mnt"

kb() { awk -v k="$1:" '$1 == k { print $2 }' "$mnt/proc/meminfo"; }
vm() { awk -v k="$1" '$1 == k { print $2 }' "$mnt/proc/vmstat"; }

say "thresholds: nr_dirty_background_threshold $(vm nr_dirty_background_threshold)," \
    "nr_dirty_threshold $(vm nr_dirty_threshold)"
logger=$(ctl spawn logger)
ctl create /var/log/app.log 0
ctl write "$logger" /var/log/app.log 0 256M >/dev/null
say "logger writes 256M: Dirty $(kb Dirty) kB, Writeback $(kb Writeback) kB"
ctl tick 4s >/dev/null
echo "   after 4 s: Dirty $(kb Dirty) kB, below the background threshold"
ctl tick 2s >/dev/null
echo "   after 6 s: Dirty $(kb Dirty) kB: the first periodic pass wrote a little"
ctl tick 23s >/dev/null
echo "   after 29 s: Dirty $(kb Dirty) kB (nothing older than 30 s)"
ctl tick 7s >/dev/null
echo "   after 36 s: Dirty $(kb Dirty) kB, nr_written $(vm nr_written)"

echo 1 >"$mnt/proc/sys/vm/dirty_background_ratio"
say "dirty_background_ratio 1: nr_dirty_background_threshold $(vm nr_dirty_background_threshold)"
echo "   logger writes 256M again"
ctl write "$logger" /var/log/app.log 256M 256M >/dev/null
for t in 0.5 1.0 1.5 2.0; do
	ctl tick 500ms >/dev/null
	echo "   $t s: Dirty $(kb Dirty) kB, Writeback $(kb Writeback) kB"
done

echo 10 >"$mnt/proc/sys/vm/dirty_background_ratio"
say "dd writes at 1G/s for 20 s"
dd=$(ctl spawn dd)
ctl create /data/big 0
ctl grow "$dd" write /data/big 1G >/dev/null
ctl tick 5s >/dev/null
written5=$(vm nr_dirtied)
ctl tick 15s >/dev/null
written20=$(vm nr_dirtied)
echo "   dd wrote $((written20 * 4 / 1024 - 65536 * 8 / 1024)) MiB: its last 15 s at" \
     "$(((written20 - written5) * 4 / 1024 / 15)) MiB/s, the disk's speed"
echo "   dd's status: $(awk '$1 == "State:" { print $2, $3, $4 }' "$mnt/proc/$dd/status"), paused by balance_dirty_pages"
ctl stop "$dd"
say "machine_check: $(ctl check)"
