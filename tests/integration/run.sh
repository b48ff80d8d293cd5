# SPDX-License-Identifier: GPL-2.0
#
# mmsimctl run: a real tool in a private mount + pid namespace whose /proc,
# simulated sys directories and /dev/kmsg are the tree. Its exit status is
# the tool's (128+N for a signal), nothing outlives it (no mount on the host,
# no process left behind, no other FUSE daemon held alive), and bad
# arguments, a missing tree or a caller who is not root fail clearly.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_ns_tools
need_cmd setpriv util-linux
need_cmd pgrep procps

# our_mounts: the host's mounts run could leave: of our tree's device (a
# bind), below /proc, or run's tmpfs (other tests mount and unmount beside us)
our_mounts()
{
	awk -v dev="$(awk -v m="$MNT" '$5 == m { print $3 }' /proc/self/mountinfo)" \
		'$3 == dev || $5 ~ /^\/proc\// || / - tmpfs mmsimctl-run / { print $5 }' /proc/self/mountinfo | sort
}

# st CMD...: the exit status of CMD, its output thrown away
st()
{
	"$@" >/dev/null 2>&1
	echo $?
}

mount_sim --machine tiny
run() { "$MMSIMCTL" -m "$MNT" run "$@"; }
host_mounts=$(our_mounts)

# ---------------------------------------------------------------- what the tool sees

assert_eq "$(cat "$MNT/proc/meminfo")" "$(run cat /proc/meminfo)" "run cat /proc/meminfo is the tree's"
assert_eq "$(cat "$MNT/proc/zoneinfo")" "$(run cat /proc/zoneinfo)" "run cat /proc/zoneinfo is the tree's"
assert_eq "$(cat "$MNT/proc/sys/vm/min_free_kbytes")" "$(run cat /proc/sys/vm/min_free_kbytes)" \
	"run: /proc/sys/vm is the tree's"
assert_eq "$(cd "$MNT/proc/sys/vm" && ls)" "$(run ls /proc/sys/vm)" "run: /proc/sys/vm has the tree's knobs only"
assert_eq "$(cat "$MNT/proc/sys/kernel/pid_max")" "$(run cat /proc/sys/kernel/pid_max)" \
	"run: the tree's proc/sys/kernel files over the real ones"
assert_eq "$(cat "$MNT/sys/devices/system/node/online")" "$(run cat /sys/devices/system/node/online)" \
	"run: /sys/devices/system/node is the tree's"
assert_eq "$(ls "$MNT/sys/kernel/slab")" "$(run ls /sys/kernel/slab)" "run: /sys/kernel/slab is the tree's"
assert_eq "$(head -n 1 "$MNT/dev/kmsg")" "$(run head -n 1 /dev/kmsg)" "run: /dev/kmsg is the tree's"
# the simulated processes, in the kernel's order, and the tool's own above 50000
out=$(run ls -U /proc)
assert_eq "$(cd "$MNT/proc" && ls -d [0-9]* | sort -n)" "$(grep -E '^[0-9]+$' <<<"$out" | awk '$1 < 50000')" \
	"run ls -U /proc: the simulated pids, in ascending order"
assert_eq meminfo "$(grep -xE 'meminfo|[0-9]+' <<<"$out" | head -n 1)" "run ls -U /proc: names before pids"
out=$(run bash -c 'read -r self _ </proc/self/stat; echo $$ $self')
assert_match '^(5[0-9]{4}) \1$' "$out" "run: /proc/self is the tool's, its pid from 50000"
assert_eq "$(cat "$MNT/proc/1/comm")" "$(run cat /proc/1/comm)" "run: pid 1 is the simulated init"
assert_fails_with "run: /proc is read-only" "Read-only file system" run touch /proc/newfile
# a write goes to the tree, not to the host
host_swappiness=$(cat /proc/sys/vm/swappiness)
assert_ok "run sysctl write" run sh -c 'echo 7 > /proc/sys/vm/swappiness'
assert_eq 7 "$(cat "$MNT/proc/sys/vm/swappiness")" "run: a write to /proc/sys/vm changes the tree"
assert_eq "$host_swappiness" "$(cat /proc/sys/vm/swappiness)" "run: the host's swappiness is untouched"
assert_eq hello "$(echo hello | run cat)" "run: standard input and output pass through"
out=$(run --cgroup cat /proc/self/cgroup)
assert_eq "" "$(grep -v ':/$' <<<"$out")" "run --cgroup: the tool is at the root of every hierarchy"
ctl_ok "the tools' reads"

# ---------------------------------------------------------------- exit status

assert_eq 0 "$(st run true)" "run true"
assert_eq 7 "$(st run sh -c 'exit 7')" "run: the command's exit status"
assert_eq 143 "$(st run sh -c 'kill -TERM $$')" "run: a command killed by SIGTERM gives 143"
assert_eq 137 "$(st run sh -c 'kill -KILL $$')" "run: a command killed by SIGKILL gives 137"
assert_eq 127 "$(st run no-such-command-here)" "run: a command that does not exist gives 127"
assert_fails_with "run: a command that does not exist" "no-such-command-here: No such file or directory" \
	run no-such-command-here
assert_eq 126 "$(st run /etc/passwd)" "run: a file that cannot be executed gives 126"
assert_eq 3 "$(st run -- sh -c 'exit 3')" "run -- COMMAND"

# ---------------------------------------------------------------- cleanup

assert_eq "$host_mounts" "$(our_mounts)" "run leaves no mount on the host"
# what the command leaves running dies with it
start=$SECONDS
run sh -c 'sleep 1234.5 & echo started' >/dev/null
assert_eq "" "$(pgrep -f '^sleep 1234.5')" "run: a background process dies with the command"
# a signal sent to mmsimctl reaches the command
"$MMSIMCTL" -m "$MNT" run sleep 1235.5 &
runner=$!
register_pid "$runner"
for ((i = 0; i < WAIT_SECONDS * 20; i++)); do
	pgrep -f '^sleep 1235.5' >/dev/null && break
	sleep 0.05
done
kill -TERM "$runner"
wait_pid "$runner"
assert_eq 143 "$?" "run: SIGTERM to mmsimctl ends the command (143)"
assert_eq "" "$(pgrep -f '^sleep 1235.5')" "run: the command is gone after SIGTERM"
assert_eq "$host_mounts" "$(our_mounts)" "run leaves no mount after a signal"
note "the cleanup checks took $((SECONDS - start)) s"

# another daemon is unmounted while a tool runs: the namespace's copy of its
# mount must not keep it alive
first_mnt=$MNT first_pid=$SIM_PID
mount_sim --machine tiny
other_mnt=$MNT other_pid=$SIM_PID
MNT=$first_mnt SIM_PID=$first_pid
"$MMSIMCTL" -m "$MNT" run sleep 1236.5 &
runner=$!
register_pid "$runner"
for ((i = 0; i < WAIT_SECONDS * 20; i++)); do
	pgrep -f '^sleep 1236.5' >/dev/null && break
	sleep 0.05
done
unmount_busy "$other_mnt"
start=$(date +%s.%N)
wait_pid "$other_pid" 20
assert_eq 0 "$?" "the other daemon's exit status"
note "the other daemon exited $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }') s after its unmount, a tool running"
kill -0 "$runner" 2>/dev/null || fail "run sleep ended before the other daemon's unmount was checked"
kill -TERM "$runner"
wait_pid "$runner"

# ---------------------------------------------------------------- bad arguments and callers

assert_eq 2 "$(st run)" "run without a command: usage"
assert_fails_with "run without a command" "usage: mmsimctl" run
assert_eq 2 "$(st run --)" "run -- without a command: usage"
assert_eq 2 "$(st run --bogus true)" "run --bogus: usage"
assert_fails_with "run --bogus" "unknown option '--bogus'" run --bogus true
assert_eq 2 "$(st run "")" "run with an empty command: usage"
assert_eq 125 "$(st "$MMSIMCTL" -m "$MNT/no-such-dir" run true)" "run on a missing mount point"
assert_fails_with "run on a missing mount point" "No such file or directory" \
	"$MMSIMCTL" -m "$MNT/no-such-dir" run true
assert_eq 125 "$(st "$MMSIMCTL" -m /tmp run true)" "run on a directory that is no tree"
assert_fails_with "run on a directory that is no tree" "is not a mounted mmsimfs tree" \
	"$MMSIMCTL" -m /tmp run true
nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
"${nobody[@]}" true 2>/dev/null || nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
assert_eq 125 "$(st "${nobody[@]}" "$MMSIMCTL" -m "$MNT" run true)" "run as nobody"
assert_fails_with "run as nobody" "Operation not permitted: making namespaces needs root" \
	"${nobody[@]}" "$MMSIMCTL" -m "$MNT" run true
assert_eq "$host_mounts" "$(our_mounts)" "refused runs leave no mount"

ctl_ok "the runs"
umount_sim || fail "mmsimfs exited with status $?"
