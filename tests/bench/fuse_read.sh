#!/bin/bash
# Read rates over real mounts: mmsimfs's hot files beside tests/bench/nullfs's
# empty and 1503-byte direct_io files, in the same run, with each daemon's CPU
# time per open+read+close (BENCH_ROUNDS rounds, 9 by default).
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
# the daemons by their mount points, for their CPU time
simpid=$(pgrep -f -- " $sim\$" | head -1)
nullpid=$(pgrep -f -- " $null\$" | head -1)
"$bench" --read "$null/empty@$nullpid" "$null/static@$nullpid" "$sim/proc/meminfo@$simpid" \
	"$sim/proc/vmstat@$simpid" "$sim/proc/zoneinfo@$simpid" "$sim/proc/1/status@$simpid"
