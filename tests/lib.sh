# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the integration and client tests. Each test script
# starts with `. "$TESTLIB"`; the Makefile exports MMSIMFS, MMSIMCTL (the
# built programs) and TESTLIB (this file). By hand, from a build directory:
#
#	MMSIMFS=$PWD/mmsimfs MMSIMCTL=$PWD/mmsimctl TESTLIB=/src/tests/lib.sh \
#		bash /src/tests/integration/files.sh
#
# Exit status (automake's driver): 0 pass, 1 fail, 77 skip. These tests never
# skip: CI must run them, so a missing /dev/fuse, fusermount3 or client tool
# is a failure that names the package to install. They run as root.
#
# A failed check prints "FAIL: ..." and the script goes on, so one run shows
# every broken check; the exit status is 1 if any failed. die() stops at once
# (for checks whose failure makes the rest meaningless). Mounts, daemons and
# helper processes are cleaned up by a trap on EXIT, INT and TERM.

# the driver runs us with $(SHELL); the helpers want bash
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi

set -u
set -o pipefail
export LC_ALL=C

TEST_NAME=$(basename "$0" .sh)
# counted in files, so checks made in $(...) subshells count too
_STATE=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-$TEST_NAME-state.XXXXXX") || exit 1
: >"$_STATE/failures"
: >"$_STATE/checks"
_MOUNTS=()		# mount points we made
_PIDS=()		# daemons and helpers to stop at exit
_TMPS=()		# scratch files and directories

# ---------------------------------------------------------------- reporting

note() { printf '%s: %s\n' "$TEST_NAME" "$*"; }

# fail MESSAGE: record a failed check and go on.
fail()
{
	echo >>"$_STATE/failures"
	printf 'FAIL: %s\n' "$*" >&2
	return 1
}

# die MESSAGE: fail and stop the script (in a subshell: stop the subshell).
die()
{
	fail "$@"
	exit 1
}

# count one check
checked() { echo >>"$_STATE/checks"; }

# assert_eq EXPECTED ACTUAL WHAT
assert_eq()
{
	checked
	[ "$1" == "$2" ] && return 0
	if [[ "$1$2" == *$'\n'* ]]; then
		fail "$3: output differs (- expected, + actual):
$(diff -u <(printf '%s\n' "$1") <(printf '%s\n' "$2") | tail -n +3)"
	else
		fail "$3: expected '$1', got '$2'"
	fi
}

# assert_ne UNEXPECTED ACTUAL WHAT
assert_ne()
{
	checked
	[ "$1" != "$2" ] || fail "$3: still '$2'"
}

# assert_match REGEX ACTUAL WHAT (bash extended regex, whole string anchored by the caller)
assert_match()
{
	checked
	[[ "$2" =~ $1 ]] || fail "$3: '$2' does not match /$1/"
}

# assert_contains NEEDLE HAYSTACK WHAT (fixed string)
assert_contains()
{
	checked
	[[ "$2" == *"$1"* ]] || fail "$3: '$1' not found in:
$2"
}

# assert_file_contains FILE NEEDLE [WHAT] (fixed string)
assert_file_contains()
{
	local text

	checked
	if ! text=$(cat -- "$1" 2>&1); then
		fail "${3:-$1}: cannot read $1: $text"
		return 1
	fi
	[[ "$text" == *"$2"* ]] || fail "${3:-$1}: '$2' not found in $1:
$text"
}

# assert_ok WHAT CMD...: the command must succeed
assert_ok()
{
	local what=$1 out

	shift
	checked
	out=$("$@" 2>&1) || fail "$what: '$*' failed (status $?): $out"
}

# assert_fails_with WHAT STRERROR CMD...: the command must fail, saying STRERROR
assert_fails_with()
{
	local what=$1 msg=$2 out st

	shift 2
	checked
	out=$("$@" 2>&1)
	st=$?
	if [ "$st" -eq 0 ]; then
		fail "$what: '$*' succeeded; expected '$msg'"
	elif [[ "$out" != *"$msg"* ]]; then
		fail "$what: '$*' failed (status $st) without '$msg': $out"
	fi
}

# write_file FILE TEXT: `echo TEXT > FILE` as a script would, in a subshell so
# the error ("bash: FILE: write error: Invalid argument") is our output
write_file()
{
	bash -c 'echo "$2" > "$1"' write_file "$1" "$2"
}

# printf_file FILE TEXT: printf '%s' TEXT > FILE (no newline)
printf_file()
{
	bash -c 'printf "%s" "$2" > "$1"' printf_file "$1" "$2"
}

# ---------------------------------------------------------------- requirements

# need_cmd CMD PACKAGE: the tool must be installed (CI installs it)
need_cmd()
{
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' is not installed: install the Debian package '$2' (these tests never skip)"
}

need_fuse()
{
	# sysctls are root's 0644 files and the namespaces need CAP_SYS_ADMIN
	[ "$(id -u)" -eq 0 ] ||
		die "these tests run as root (sysctl files are root's, namespaces need" \
		    "CAP_SYS_ADMIN): run 'sudo make check'"
	[ -c /dev/fuse ] ||
		die "/dev/fuse is missing: load the fuse module (modprobe fuse) or run the container" \
		    "with --device /dev/fuse (FUSE tests must run, they never skip)"
	[ -r /dev/fuse ] && [ -w /dev/fuse ] ||
		die "/dev/fuse is not readable and writable by $(id -un)"
	need_cmd fusermount3 fuse3
	need_cmd mountpoint util-linux
	[ -n "${MMSIMFS:-}" ] && [ -x "$MMSIMFS" ] ||
		die "MMSIMFS must name the built mmsimfs (got '${MMSIMFS:-}'); run 'make check'"
	[ -n "${MMSIMCTL:-}" ] && [ -x "$MMSIMCTL" ] ||
		die "MMSIMCTL must name the built mmsimctl (got '${MMSIMCTL:-}'); run 'make check'"
}

# ---------------------------------------------------------------- cleanup

register_pid() { _PIDS+=("$1"); }

# forget_pid PID: it was waited for; never signal its number again
forget_pid()
{
	local i

	for i in "${!_PIDS[@]}"; do
		[ "${_PIDS[$i]}" = "$1" ] && unset '_PIDS[i]'
	done
}
register_tmp() { _TMPS+=("$1"); }

# mktemp_file: a scratch file, removed at exit with the state directory
# (works from $(...) too, where registering it would be lost)
mktemp_file()
{
	mktemp "$_STATE/tmp.XXXXXX" || die "mktemp failed"
}

_is_mounted()
{
	awk -v m="$1" '$2 == m { found = 1 } END { exit !found }' /proc/self/mounts
}

_cleanup()
{
	local st=$? p m failures checks

	trap - EXIT INT TERM
	# unmounting first lets each daemon leave its loop on its own
	for m in "${_MOUNTS[@]}"; do
		if _is_mounted "$m"; then
			fusermount3 -u "$m" 2>/dev/null || fusermount3 -uz "$m" 2>/dev/null
		fi
	done
	for p in "${_PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${_PIDS[@]}"; do
		wait_pid "$p"
	done
	for m in "${_MOUNTS[@]}"; do
		rmdir "$m" 2>/dev/null
	done
	for p in "${_TMPS[@]}"; do
		rm -rf -- "$p"
	done
	failures=$(wc -l <"$_STATE/failures")
	# a failed test shows what its daemons said (a sanitizer report, say)
	if [ "$st" -ne 0 ] || [ "$failures" -gt 0 ]; then
		for p in "$_STATE"/tmp.*; do
			[ -s "$p" ] && { note "--- $p"; head -c 20000 "$p" >&2; }
		done
	fi
	checks=$(wc -l <"$_STATE/checks")
	rm -rf -- "$_STATE"
	if [ "$st" -eq 0 ] && [ "$failures" -gt 0 ]; then
		st=1
	fi
	if [ "$st" -eq 0 ]; then
		note "PASS ($checks checks)"
	else
		note "FAILED ($failures failures in $checks checks, status $st)"
	fi
	exit "$st"
}

trap _cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- the daemon

# How long a wait may take before it fails: generous, so that a loaded
# 2-CPU machine (an ASan build beside another) is slow, never red. A wait
# that takes more than a few seconds says so in the log.
WAIT_SECONDS=${WAIT_SECONDS:-60}

# wait_mounted DIR PID LOG: until DIR is a mount point, or the daemon died
wait_mounted()
{
	local i

	for ((i = 0; i < WAIT_SECONDS * 20; i++)); do
		_is_mounted "$1" && return 0
		if ! kill -0 "$2" 2>/dev/null; then
			wait "$2"
			local st=$?
			forget_pid "$2"
			die "mmsimfs exited (status $st) before mounting $1: $(cat "$3")"
		fi
		sleep 0.05
	done
	die "mmsimfs did not mount $1 within $WAIT_SECONDS s: $(cat "$3")"
}

#
# mount_sim [DAEMON ARGS...]: mount a simulated machine on a fresh temporary
# directory and set MNT (the mount point), SIM_PID (the daemon, run in the
# foreground with -f so we own its pid and exit status) and SIM_LOG (its
# stderr). --clock manual and --seed 1 are added unless given.
#
mount_sim()
{
	local args=("$@") a has_clock=0 has_seed=0

	for a in "$@"; do
		case $a in
		--clock | --clock=*) has_clock=1 ;;
		--seed | --seed=*) has_seed=1 ;;
		esac
	done
	[ "$has_clock" = 1 ] || args+=(--clock manual)
	[ "$has_seed" = 1 ] || args+=(--seed 1)

	MNT=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-$TEST_NAME.XXXXXX") || die "mktemp -d failed"
	_MOUNTS+=("$MNT")
	SIM_LOG=$(mktemp_file)
	# a job started with & by a script ignores SIGINT, and libfuse keeps an
	# ignored signal ignored: give the daemon SIGINT as a terminal would
	# (env --default-signal is coreutils 9; perl-base is always there)
	if env --default-signal=INT true 2>/dev/null; then
		env --default-signal=INT "$MMSIMFS" -f "${args[@]}" "$MNT" 2>"$SIM_LOG" &
	else
		perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die "exec: $!"' \
			"$MMSIMFS" -f "${args[@]}" "$MNT" 2>"$SIM_LOG" &
	fi
	SIM_PID=$!
	_PIDS+=("$SIM_PID")
	wait_mounted "$MNT" "$SIM_PID" "$SIM_LOG"
	export MNT SIM_PID SIM_LOG
}

#
# wait_pid PID [SECONDS]: wait for a child of ours to exit and return its
# status; one still running after SECONDS (default $WAIT_SECONDS) is a
# failure, and it is killed so that the test never hangs
#
wait_pid()
{
	local pid=$1 i st limit=${2:-$WAIT_SECONDS} start=$SECONDS

	for ((i = 0; i < limit * 20; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		fail "process $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)) still running after $limit s: killing it"
		kill -KILL "$pid" 2>/dev/null
	elif ((SECONDS - start > 5)); then
		note "process $pid took $((SECONDS - start)) s to exit"
	fi
	wait "$pid"
	st=$?
	forget_pid "$pid"
	return "$st"
}

#
# unmount_busy DIR: fusermount3 -u DIR, again while the kernel says it is
# busy (on a loaded machine a process walking a path through the mount holds
# it for a moment) for up to $WAIT_SECONDS; then a failure that says why,
# and a lazy unmount so the daemon still exits
#
unmount_busy()
{
	local i out start=$SECONDS

	for ((i = 0; i < WAIT_SECONDS * 10; i++)); do
		if out=$(fusermount3 -u "$1" 2>&1); then
			((SECONDS - start > 5)) && note "unmounting $1 took $((SECONDS - start)) s (busy)"
			return 0
		fi
		[[ "$out" == *busy* ]] || break
		sleep 0.1
	done
	fail "fusermount3 -u $1 failed after $((SECONDS - start)) s: $out"
	fusermount3 -uz "$1" 2>/dev/null
	return 1
}

#
# umount_sim: unmount $MNT, wait for the daemon and return its exit status.
# Unmounting makes the daemon's FUSE read fail, and it leaves its loop.
#
umount_sim()
{
	local st

	unmount_busy "$MNT"
	wait_pid "$SIM_PID"
	st=$?
	rmdir "$MNT" 2>/dev/null
	return "$st"
}

# ctl VERB ARGS...: one sim/ctl command on $MNT
ctl() { "$MMSIMCTL" -m "$MNT" "$@"; }

# ---------------------------------------------------------------- file parsing

# meminfo_kb KEY [FILE]: the value of "KEY: N kB" (N for count lines)
meminfo_kb()
{
	awk -v k="$1:" '$1 == k { print $2; found = 1 } END { exit !found }' \
		"${2:-$MNT/proc/meminfo}" || fail "meminfo: no '$1' line in ${2:-$MNT/proc/meminfo}"
}

# vmstat_val KEY [FILE]: the value of "KEY N" in /proc/vmstat
vmstat_val()
{
	awk -v k="$1" '$1 == k { print $2; found = 1 } END { exit !found }' \
		"${2:-$MNT/proc/vmstat}" || fail "vmstat: no '$1' line in ${2:-$MNT/proc/vmstat}"
}

# zone_field NODE ZONE FIELD: a "FIELD N" line of one zone's zoneinfo block
# (FIELD "free" means "pages free"); the per-node stats are skipped
zone_field()
{
	awk -v node="$1," -v zone="$2" -v key="$3" '
		$1 == "Node" { inzone = ($2 == node && $4 == zone); next }
		!inzone { next }
		key == "free" && $1 == "pages" && $2 == "free" { print $3; found = 1; exit }
		$1 == key && NF == 2 { print $2; found = 1; exit }
		END { exit !found }' "$MNT/proc/zoneinfo" ||
		fail "zoneinfo: no '$3' for node $1 zone $2"
}

# zone_protection NODE ZONE: the "protection: (a, b, ...)" tuple of a zone
zone_protection()
{
	awk -v node="$1," -v zone="$2" '
		$1 == "Node" { inzone = ($2 == node && $4 == zone); next }
		inzone && $1 == "protection:" { sub(/^ *protection: /, ""); print; found = 1; exit }
		END { exit !found }' "$MNT/proc/zoneinfo" ||
		fail "zoneinfo: no protection line for node $1 zone $2"
}

# zones: "NODE ZONE" per zone of zoneinfo, in file order
zones()
{
	awk '$1 == "Node" { sub(/,$/, "", $2); print $2, $4 }' "$MNT/proc/zoneinfo"
}

# buddy_line NODE ZONE: the buddyinfo line of a zone
buddy_line()
{
	awk -v node="$1," -v zone="$2" '$2 == node && $4 == zone { print; found = 1 }
		END { exit !found }' "$MNT/proc/buddyinfo"
}

# buddy_pages NODE ZONE: sum of count << order over the zone's buddyinfo line
buddy_pages()
{
	awk -v node="$1," -v zone="$2" '$2 == node && $4 == zone {
			s = 0; for (i = 5; i <= NF; i++) s += $i * 2 ^ (i - 5); printf "%d\n", s; found = 1 }
		END { exit !found }' "$MNT/proc/buddyinfo"
}

# ---------------------------------------------------------------- namespaces

#
# run_in_ns SCRIPT: run a bash SCRIPT against the simulated machine with
# `mmsimctl run` (a private mount + pid namespace whose /proc is the tree:
# its files, pid directories and proc/sys/vm, the namespace's own procfs at
# /proc/.ns for self and the rest; sys/devices/system/node and the other
# simulated sys directories bound over /sys). The namespace's processes get
# pids from 50000 up, so they never meet a simulated pid. Nothing leaks to
# the host. $MNT is exported to the script; the status is the script's.
#
run_in_ns()
{
	"$MMSIMCTL" -m "$MNT" run bash -c "$1" run_in_ns
}

# mmsimctl run makes its namespaces with unshare(2): the kernel must have them
need_ns_tools()
{
	[ -e /proc/self/ns/mnt ] && [ -e /proc/self/ns/pid ] ||
		die "this kernel has no mount or pid namespaces (CONFIG_PID_NS, CONFIG_NAMESPACES)"
}

# ---------------------------------------------------------------- /proc/<pid>

# status_kb PID KEY: the number of a "KEY:\t N kB" (or "KEY:\tN") line of
# $MNT/proc/PID/status
status_kb()
{
	awk -v k="$2:" '$1 == k { print $2; found = 1 } END { exit !found }' \
		"$MNT/proc/$1/status" || fail "status: no '$2' line in $MNT/proc/$1/status"
}

# rollup_kb PID KEY: the value of "KEY: N kB" in $MNT/proc/PID/smaps_rollup
rollup_kb()
{
	awk -v k="$2:" '$1 == k { print $2; found = 1 } END { exit !found }' \
		"$MNT/proc/$1/smaps_rollup" || fail "smaps_rollup: no '$2' line in $MNT/proc/$1/smaps_rollup"
}

# vma_kb PID START KEY: the value of "KEY: N kB" in the smaps block of the
# VMA starting at START (hex, as maps prints it, without 0x)
vma_kb()
{
	awk -v s="$2" -v k="$3:" '
		$1 ~ /^[0-9a-f]+-[0-9a-f]+$/ { split($1, r, "-"); invma = (r[1] == s); next }
		invma && $1 == k { print $2; found = 1; exit }
		END { exit !found }' "$MNT/proc/$1/smaps" ||
		fail "smaps: no '$3' for the VMA at $2 in $MNT/proc/$1/smaps"
}

# maps_line PID START: the maps line of the VMA starting at START (hex, no 0x)
maps_line()
{
	awk -v s="$2" '{ split($1, r, "-") } r[1] == s { print; found = 1; exit }
		END { exit !found }' "$MNT/proc/$1/maps"
}

# ctl_ok WHAT: sim/ctl check must say ok (the engine's invariants hold)
ctl_ok()
{
	assert_eq ok "$(ctl check 2>&1)" "sim/ctl check after $1"
}
