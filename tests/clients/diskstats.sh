# SPDX-License-Identifier: GPL-2.0
#
# The disk statistics tools read our tree unchanged: vmstat -d (procps),
# iostat and sar -d (sysstat) in a private namespace whose /proc and
# /sys/block are ours (run_in_ns), and node_exporter's diskstats collector
# with --path.procfs/--path.sysfs. Each figure they print must be the one
# /proc/diskstats holds after a task's major faults read a file from vda.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_cmd vmstat procps
need_cmd iostat sysstat
need_cmd sar sysstat
need_ns_tools

mount_sim --machine default

# a reader maps 8 MiB of a file and reads it: read-around and readahead go to vda
pid=$(ctl spawn reader 2>&1) || die "spawn failed: $pid"
addr=$(ctl mmap "$pid" 8M file=/data/blob 2>&1) || die "mmap failed: $addr"
ctl touch "$pid" "$addr" 8M read >/dev/null || fail "touch failed"
assert_eq "D" "$(awk '{ print $3 }' "$MNT/proc/$pid/stat")" "the reader waits for its reads"
assert_eq 1 "$(awk '$1 == "procs_blocked" { print $2 }' "$MNT/proc/stat")" "procs_blocked"
ctl tick 1s >/dev/null || fail "tick failed"
assert_eq "S" "$(awk '{ print $3 }' "$MNT/proc/$pid/stat")" "the reader sleeps once they completed"
ctl_ok "the reads"

read -r _ _ _ rios rmerges rsect rms wios wmerges wsect wms inflight ioticks _ \
	< <(awk '$3 == "vda"' "$MNT/proc/diskstats")
assert_eq "$(awk '$3 == "vda" { $1 = $2 = $3 = ""; print }' "$MNT/proc/diskstats" | xargs)" \
	"$(xargs <"$MNT/sys/block/vda/stat")" "sys/block/vda/stat is the diskstats line"
assert_eq "$(awk '$1 == "pgpgin" { print ($2 * 2 >= '"$rsect"') }' "$MNT/proc/vmstat")" 1 \
	"pgpgin covers the sectors read"

# ---------------------------------------------------------------- vmstat -d

out=$(run_in_ns 'vmstat -d' 2>&1) || fail "vmstat -d failed: $out"
assert_eq "vda $rios $rmerges $rsect $rms $wios $wmerges $wsect $wms $inflight $((ioticks / 1000))" \
	"$(awk '$1 == "vda"' <<<"$out" | xargs)" "vmstat -d: vda"
assert_eq "vdb 0 0 0 0 0 0 0 0 0 0" "$(awk '$1 == "vdb"' <<<"$out" | xargs)" "vmstat -d: vdb"

# ---------------------------------------------------------------- iostat, sar

out=$(run_in_ns 'iostat -d -k vda' 2>&1) || fail "iostat -d -k failed: $out"
# Device tps kB_read/s kB_wrtn/s kB_dscd/s kB_read kB_wrtn kB_dscd
assert_eq "$((rsect / 2)) 0 0" "$(awk '$1 == "vda" { print $6, $7, $8 }' <<<"$out")" \
	"iostat -d -k: vda's kB read, written, discarded"
out=$(run_in_ns 'iostat -x -d vda' 2>&1) || fail "iostat -x failed: $out"
assert_eq 1 "$(grep -c '^vda ' <<<"$out")" "iostat -x lists vda"
out=$(run_in_ns 'sar -d 1 1' 2>&1) || fail "sar -d failed: $out"
assert_eq 1 "$(grep -c 'Average: .* vda ' <<<"$out")" "sar -d lists vda"

umount_sim || fail "mmsimfs exited with status $?"
