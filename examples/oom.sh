#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# oom.sh - an OOM incident, reproduced: three services, one leak, and the
# task the kernel kills.
#
# Boots a 1 GiB machine without swap (its description is below) with a
# manual clock in a temporary directory. Three services start: "db"
# protected with oom_score_adj -500, "cache", and "batch" exposed at +500.
# db and cache grow to a working size and stop; batch leaks 20 MiB a
# second. Second by second the script prints each one's RSS and the
# oom_score an OOM daemon would read. When a page fault finds no memory
# left (here cache's: the task that asks is not always the one that
# dies), the kernel log shows the OOM killer's report, and the victim is
# the one the scores named beforehand: batch, the smallest of the three,
# because +500 adds half of all memory to its badness; db, the biggest,
# survives on its -500. The victim's memory is free again at once. Needs root (FUSE) and a built
# tree: ./mmsimfs and ./mmsimctl from the repository root, or $MMSIMFS and
# $MMSIMCTL, or the installed programs.
#
#	examples/oom.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== a 1 GiB machine, no swap: MemTotal 998404 kB, MemFree 889884 kB
#	== db (35) grows to 300M, cache (36) to 400M, batch (37) leaks 20M/s
#	   time       db rss/score    cache rss/score    batch rss/score
#	     1s         41992k/362         31740k/687        21524k/1013
#	     2s         82952k/390         62460k/708        42004k/1026
#	     3s        123912k/417         93180k/728        62484k/1040
#	     4s        164872k/444        123900k/749        82964k/1054
#	     5s        205832k/472        154620k/770       103444k/1068
#	     6s        246792k/499        185340k/790       123924k/1082
#	     7s        287752k/527        216060k/810       144404k/1095
#	     8s        308232k/540        246780k/831       164884k/1109
#	     9s        308232k/540        277500k/852       185364k/1122
#	    10s        308232k/540        308220k/872       205844k/1136
#	    11s        308232k/540        338940k/893             gone/-
#	    12s        308232k/540        369660k/914             gone/-
#	== the kernel log (dmesg), the report's first and last lines
#	   [   10.300000] cache invoked oom-killer: gfp_mask=0x100dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, oom_score_adj=0
#	   [   10.300000] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=batch,pid=37,uid=0
#	   [   10.300000] Out of memory: Killed process 37 (batch) total-vm:211700kB, anon-rss:208980kB, file-rss:960kB, shmem-rss:0kB, UID:0 pgtables:448kB oom_score_adj:500
#	== the task table the report printed (pages)
#	   [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name
#	   [     35]     0    35    77501    77058    76821      237         0   667648        0          -500 db
#	   [     36]     0    36    79805    78780    78546      234         0   667648        0             0 cache
#	   [     37]     0    37    52925    52485    52245      240         0   458752        0           500 batch
#	== after: batch status=137 signal=9 (SIGKILL), oom_kill 1, MemFree 201824 kB
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-oom.XXXXXX")
conf=$(mktemp "${TMPDIR:-/tmp}/mmsimfs-oom.XXXXXX.conf")
trap 'fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt" 2>/dev/null || true; rmdir "$mnt"; rm -f "$conf"' EXIT
cat >"$conf" <<'DESC'
[machine]
name=oom-1g
arch=x86_64
nodes=1
swap=0

[zones]
DMA=16M
DMA32=4G
Normal=max

[node0]
memory=0x1000-0x9fc00,1M-1G
cpus=2
DESC
"$mmsimfs" --config "$conf" --clock manual "$mnt"

kb() { awk -v k="$1:" '$1 == k { print $2 }' "$mnt/proc/meminfo"; }
rss() { awk '/^VmRSS/ { print $2 "k" }' "$mnt/proc/$1/status" 2>/dev/null || echo gone; }
score() { cat "$mnt/proc/$1/oom_score" 2>/dev/null || echo -; }

say "a 1 GiB machine, no swap: MemTotal $(kb MemTotal) kB, MemFree $(kb MemFree) kB"
db=$(ctl spawn db oom_score_adj=-500)
cache=$(ctl spawn cache)
batch=$(ctl spawn batch oom_score_adj=500)
say "db ($db) grows to 300M, cache ($cache) to 400M, batch ($batch) leaks 20M/s"
ctl grow "$db" anon 40M until=300M
ctl grow "$cache" anon 30M until=400M
ctl grow "$batch" anon 20M
printf '   %4s %18s %18s %18s\n' time "db rss/score" "cache rss/score" "batch rss/score"
for s in $(seq 1 12); do
	ctl tick 1s >/dev/null
	row=""
	for p in "$db" "$cache" "$batch"; do
		row+=$(printf ' %18s' "$(rss "$p")/$(score "$p")")
	done
	printf '   %3ss%s\n' "$s" "$row"
done
say "the kernel log (dmesg), the report's first and last lines"
grep -E 'invoked oom-killer|oom-kill:|Killed process' "$mnt/sim/dmesg" | sed 's/^<[0-9]>/   /'
say "the task table the report printed (pages)"
sed -n '/Tasks state/,/oom-kill:/p' "$mnt/sim/dmesg" | grep -E '\] +[0-9]+ +[0-9]+ .* (db|cache|batch)$|pid  \]' |
	sed 's/^<[0-9]>\[[ 0-9.]*\] /   /'
say "after: batch $(ctl wait "$batch"), oom_kill $(awk '$1 == "oom_kill" { print $2 }' "$mnt/proc/vmstat"), MemFree $(kb MemFree) kB"
say "machine_check: $(ctl check)"
