# SPDX-License-Identifier: GPL-2.0
#
# The daemon's life: its command line, bad machine descriptions, clean exit
# on SIGTERM and SIGINT, survival under garbage writes, and the realtime
# clock.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-daemon-scratch.XXXXXX") || die "mktemp -d failed"
register_tmp "$SCRATCH"

# run_daemon ARGS...: mmsimfs in the foreground on a scratch directory that
# must never get mounted; sets OUT (stdout + stderr) and ST (exit status)
run_daemon()
{
	local dir=$SCRATCH/mnt

	mkdir -p "$dir"
	OUT=$(timeout "$WAIT_SECONDS" "$MMSIMFS" -f "$@" "$dir" 2>&1)
	ST=$?
	[ "$ST" -eq 124 ] && fail "mmsimfs $* was still running after $WAIT_SECONDS s (timeout killed it)"
	if _is_mounted "$dir"; then
		fusermount3 -u "$dir"
		fail "mmsimfs $* mounted $dir although it should have refused"
	fi
}

# ---------------------------------------------------------------- command line

OUT=$("$MMSIMFS" --help 2>&1)
assert_eq 0 "$?" "mmsimfs --help exit status"
assert_contains "--machine" "$OUT" "mmsimfs --help mentions --machine"
assert_contains "--clock" "$OUT" "mmsimfs --help mentions --clock"
OUT=$("$MMSIMFS" --version 2>&1)
assert_eq 0 "$?" "mmsimfs --version exit status"

OUT=$("$MMSIMFS" 2>&1)
assert_eq 2 "$?" "mmsimfs without a mount point"

run_daemon --machine nosuch
assert_eq 2 "$ST" "mmsimfs --machine nosuch exit status"
assert_contains "nosuch" "$OUT" "mmsimfs --machine nosuch names the preset"
run_daemon --clock sometimes
assert_eq 2 "$ST" "mmsimfs --clock sometimes exit status"
assert_contains "--clock" "$OUT" "mmsimfs --clock sometimes names the option"
run_daemon --speed -3
assert_eq 2 "$ST" "mmsimfs --speed -3 exit status"
run_daemon --seed banana
assert_eq 2 "$ST" "mmsimfs --seed banana exit status"
run_daemon --config "$SCRATCH/no-such-file.conf"
assert_eq 2 "$ST" "mmsimfs --config with a missing file: exit status"
assert_contains "no-such-file.conf" "$OUT" "mmsimfs --config with a missing file names it"
run_daemon --machine tiny --config "$SCRATCH/no-such-file.conf"
assert_eq 2 "$ST" "mmsimfs --machine and --config together"

# ---------------------------------------------------------------- machine descriptions

# sim/machine prints a key file that --config loads back; bad ones are made
# from it, so this test does not depend on the file's exact syntax
mount_sim --machine numa2
desc=$SCRATCH/numa2.conf
cat "$MNT/sim/machine" >"$desc" || fail "cannot read sim/machine"
meminfo_numa2=$(cat "$MNT/proc/meminfo")
umount_sim || fail "numa2: mmsimfs exited with status $?"

# the --option=VALUE spelling the help shows means the same as --option VALUE
mount_sim --machine=numa2 --clock=manual --seed=1
assert_eq "$meminfo_numa2" "$(cat "$MNT/proc/meminfo")" "meminfo of --machine=numa2"
assert_contains "now_ns 0" "$(cat "$MNT/sim/clock")" "--clock=manual keeps the clock at 0"
umount_sim || fail "--machine=numa2: mmsimfs exited with status $?"

if [ -s "$desc" ]; then
	mount_sim --config "$desc"
	assert_eq "$(cat "$desc")" "$(cat "$MNT/sim/machine")" "sim/machine of a machine booted from it"
	assert_eq "$meminfo_numa2" "$(cat "$MNT/proc/meminfo")" "meminfo of numa2 booted from its sim/machine"
	umount_sim || fail "--config: mmsimfs exited with status $?"

	# a key nobody knows, in the first group
	awk 'NR == 1, /^\[/ { print; if (/^\[/) print "no_such_key=1"; next } { print }' \
		"$desc" >"$SCRATCH/unknown-key.conf"
	run_daemon --config "$SCRATCH/unknown-key.conf"
	assert_eq 2 "$ST" "--config with an unknown key: exit status"
	assert_contains "no_such_key" "$OUT" "--config with an unknown key names it"

	# node 1 gets node 0's memory: the ranges overlap
	mem0=$(grep -m1 '^memory *=' "$desc")
	nmem=$(grep -c '^memory *=' "$desc")
	assert_eq 2 "$nmem" "numa2's sim/machine has one memory= key per node"
	awk -v m0="$mem0" '/^memory *=/ && ++n == 2 { print m0; next } { print }' \
		"$desc" >"$SCRATCH/overlap.conf"
	run_daemon --config "$SCRATCH/overlap.conf"
	assert_eq 2 "$ST" "--config with overlapping node ranges: exit status"
	assert_match 'memory.*overlap' "$OUT" "--config with overlapping ranges names memory and the overlap"

	# a value that is not a number
	sed '0,/^memory *=.*/s//memory=lots/' "$desc" >"$SCRATCH/bad-value.conf"
	run_daemon --config "$SCRATCH/bad-value.conf"
	assert_eq 2 "$ST" "--config with memory=lots: exit status"
	assert_contains "memory" "$OUT" "--config with memory=lots names the key"
else
	fail "sim/machine is empty: cannot test --config"
fi

# small hand-written key files (format: procfs/machine_desc.c)
conf=$SCRATCH/small.conf
printf '[machine]\npreset=tiny\n\n[node0]\nmemory=0x1000-0x9fc00,1M-128M\n' >"$conf"
mount_sim --config "$conf"
# 128 MiB instead of tiny's 64: more than tiny's MemTotal of 55300 kB
total=$(meminfo_kb MemTotal)
assert_eq 1 "$(( total > 55300 + 60000 ))" "MemTotal of a 128 MiB tiny from --config ($total kB)"
assert_eq ok "$(ctl check 2>&1)" "machine_check of the --config machine"
umount_sim || fail "small.conf: mmsimfs exited with status $?"

printf '[machine]\npreset=tiny\ncolour=blue\n' >"$conf"
run_daemon --config "$conf"
assert_eq 2 "$ST" "--config with [machine] colour=blue: exit status"
assert_contains "colour" "$OUT" "--config with an unknown key names it"

printf '[machine]\npreset=tiny\n\n[node0]\nmemory=1M-64M,32M-96M\n' >"$conf"
run_daemon --config "$conf"
assert_eq 2 "$ST" "--config with overlapping ranges in one node: exit status"
assert_contains "node0.memory" "$OUT" "--config with overlapping ranges names node0.memory"

printf '[machine]\npreset=tiny\n\n[node0]\nmemory=5G-4G\n' >"$conf"
run_daemon --config "$conf"
assert_eq 2 "$ST" "--config with an inverted range: exit status"
assert_contains "node0.memory" "$OUT" "--config with an inverted range names node0.memory"

printf '[machine]\npreset=nosuch\n' >"$conf"
run_daemon --config "$conf"
assert_eq 2 "$ST" "--config with preset=nosuch: exit status"
assert_contains "nosuch" "$OUT" "--config with preset=nosuch names the preset"

printf '[machine\n' >"$conf"
run_daemon --config "$conf"
assert_eq 2 "$ST" "--config with a broken key file: exit status"

# ---------------------------------------------------------------- signals

for sig in TERM INT; do
	mount_sim --machine tiny
	assert_ok "meminfo readable before SIG$sig" cat "$MNT/proc/meminfo"
	kill -s "$sig" "$SIM_PID"
	wait_pid "$SIM_PID"
	st=$?
	assert_eq 0 "$st" "mmsimfs exit status after SIG$sig"
	if _is_mounted "$MNT"; then
		fail "$MNT still mounted after SIG$sig"
	fi
	checked
	rmdir "$MNT" || fail "mount point not removable after SIG$sig"
done

# fusermount3 -u alone ends the daemon too
mount_sim --machine tiny
umount_sim
assert_eq 0 "$?" "mmsimfs exit status after fusermount3 -u"

# without -f the daemon detaches once the tree is mounted
dir=$SCRATCH/bg
mkdir -p "$dir"
_MOUNTS+=("$dir")
"$MMSIMFS" --machine tiny --clock manual "$dir" 2>&1
assert_eq 0 "$?" "mmsimfs (daemonized) exit status"
assert_ok "meminfo of the daemonized mmsimfs" cat "$dir/proc/meminfo"
checked
unmount_busy "$dir"

# ---------------------------------------------------------------- garbage writes

mount_sim --machine tiny
rnd=$SCRATCH/random.bin
long=$SCRATCH/long.txt
head -c 65536 /dev/zero | tr '\0' 9 >"$long"
nfiles=0
while IFS= read -r f; do
	nfiles=$((nfiles + 1))
	head -c 4096 /dev/urandom >"$rnd"
	for text in "garbage" "" "-" "0x" "$(printf '\x01\x02\xff')" "1 2 3 4 5 6 7 8 9 10 11 12"; do
		printf '%s\n' "$text" >"$f" 2>/dev/null
	done
	cat "$rnd" >"$f" 2>/dev/null
	cat "$long" >"$f" 2>/dev/null
	printf 'x\0y\n' >"$f" 2>/dev/null
	if ! kill -0 "$SIM_PID" 2>/dev/null; then
		cp "$rnd" "${TMPDIR:-/tmp}/mmsimfs-crash-input.bin"
		die "mmsimfs died on garbage written to ${f#"$MNT"/} (random input kept in" \
		    "${TMPDIR:-/tmp}/mmsimfs-crash-input.bin): $(cat "$SIM_LOG")"
	fi
done < <(find "$MNT" -type f -perm -u+w)
assert_ne 0 "$nfiles" "number of writable files found"
assert_ok "meminfo after garbage in every writable file" cat "$MNT/proc/meminfo"
assert_ok "zoneinfo after garbage in every writable file" cat "$MNT/proc/zoneinfo"
assert_eq ok "$(ctl check 2>&1)" "machine_check after garbage in every writable file"
umount_sim
assert_eq 0 "$?" "mmsimfs exit status after the garbage writes"

# ---------------------------------------------------------------- open files under load

# Readers on several threads at once, reads interrupted by a signal (their
# RELEASE overtakes the READ still being answered), one fd read by two
# threads while a third writes it, and listings: the handle table takes no
# lock, so this is where a lost reference would crash the daemon or a
# reused slot would serve another file's bytes.
mount_sim --machine tiny
want=$(cat "$MNT/proc/meminfo")
end=$((SECONDS + 4))
(while [ $SECONDS -lt $end ]; do
	[ "$(cat "$MNT/proc/meminfo")" = "$want" ] || echo "meminfo changed while nothing ran"
done) >"$SCRATCH/readers.out" 2>&1 &
readers=$!
(while [ $SECONDS -lt $end ]; do
	timeout -s INT 0.002 cat "$MNT/proc/zoneinfo" "$MNT/proc/slabinfo" >/dev/null 2>&1
	ls -la "$MNT/proc" "$MNT/proc/1" "$MNT/sys/kernel/slab" >/dev/null 2>&1
done) &
interrupted=$!
if command -v python3 >/dev/null; then
	python3 - "$MNT" 4 <<'PY' >"$SCRATCH/threads.out" 2>&1
import os, sys, threading, time
mnt, stop = sys.argv[1], time.time() + float(sys.argv[2])
def shared_fd(path, mode, write):
    while time.time() < stop:
        fd = os.open(path, mode)
        t = threading.Thread(target=lambda: [os.pread(fd, 64, 0) for _ in range(8)])
        t.start()
        for _ in range(8):
            os.pread(fd, 7, 3)
            if write:
                os.pwrite(fd, b"60\n", 0)
        t.join()
        os.close(fd)
ts = [threading.Thread(target=shared_fd, args=(mnt + "/proc/sys/vm/swappiness", os.O_RDWR, True)),
      threading.Thread(target=shared_fd, args=(mnt + "/proc/meminfo", os.O_RDONLY, False)),
      threading.Thread(target=shared_fd, args=(mnt + "/proc/1/status", os.O_RDONLY, False))]
[t.start() for t in ts]
[t.join() for t in ts]
PY
	assert_eq 0 "$?" "threads sharing fds: $(cat "$SCRATCH/threads.out")"
fi
wait "$readers" "$interrupted"
assert_eq "" "$(cat "$SCRATCH/readers.out")" "meminfo read whole and unchanged by every reader"
kill -0 "$SIM_PID" 2>/dev/null || die "mmsimfs died under concurrent readers: $(cat "$SIM_LOG")"
assert_eq "$want" "$(cat "$MNT/proc/meminfo")" "meminfo after the concurrent readers"
assert_eq 60 "$(cat "$MNT/proc/sys/vm/swappiness")" "swappiness after the shared-fd writes"
assert_eq ok "$(ctl check 2>&1)" "machine_check after the concurrent readers"
umount_sim
assert_eq 0 "$?" "mmsimfs exit status after the concurrent readers"

# ---------------------------------------------------------------- realtime clock

uptime_s() { awk '{ print $1 }' "$MNT/proc/uptime"; }
wall_s() { date +%s.%N; }

# realtime_moved SPEED WHAT: uptime reaches 0.5 s x SPEED past its first
# reading (polled, so a loaded machine is slower, never red), and by then it
# has not run ahead of the wall clock: at most the wall time that passed,
# plus 0.5 s for a first reading that the clock thread had not yet brought
# up to date, times SPEED
realtime_moved()
{
	local w0 w u0 u1 i

	w0=$(wall_s)
	u0=$(uptime_s)
	for ((i = 0; i < WAIT_SECONDS * 20; i++)); do
		sleep 0.05
		u1=$(uptime_s)
		awk -v a="$u0" -v b="$u1" -v s="$1" 'BEGIN { exit !(b - a >= 0.5 * s) }' && break
	done
	w=$(awk -v a="$w0" -v b="$(wall_s)" 'BEGIN { printf "%.3f", b - a }')
	assert_eq 1 "$(awk -v a="$u0" -v b="$u1" -v w="$w" -v s="$1" 'BEGIN {
		d = b - a; print (d >= 0.5 * s && d <= (w + 0.5) * s) }')" \
		"$2: uptime moved by 0.5 s x $1 within $w s of wall time, not faster ($u0 -> $u1)"
}

mount_sim --machine tiny --clock realtime
realtime_moved 1 realtime
umount_sim || fail "realtime: mmsimfs exited with status $?"

mount_sim --machine tiny --clock realtime --speed 100
realtime_moved 100 "realtime --speed 100"
umount_sim || fail "--speed 100: mmsimfs exited with status $?"
