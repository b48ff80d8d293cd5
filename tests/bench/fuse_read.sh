#!/bin/bash
# Read rates over real mounts: mmsimfs's proc/meminfo and zoneinfo against
# tests/bench/nullfs's empty and 1503-byte direct_io files, in the same run.
#
#   tests/bench/fuse_read.sh ./mmsimfs     (make bench runs it)
set -eu
mmsimfs=${1:-./mmsimfs}
bench=${BENCH:-./tests/bench/bench}
nullfs=${NULLFS:-./tests/bench/nullfs}
sim=$(mktemp -d) null=$(mktemp -d)
cleanup() {
	fusermount3 -u "$sim" 2>/dev/null || true
	fusermount3 -u "$null" 2>/dev/null || true
	rmdir "$sim" "$null"
}
trap cleanup EXIT
"$mmsimfs" --clock manual "$sim"
"$nullfs" "$null"
for i in $(seq 50); do
	mountpoint -q "$sim" && mountpoint -q "$null" && break
	sleep 0.1
done
"$bench" --read "$null/empty" "$null/static" "$sim/proc/meminfo" "$sim/proc/zoneinfo"
