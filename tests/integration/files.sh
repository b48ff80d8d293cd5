# SPDX-License-Identifier: GPL-2.0
#
# Every file of a mounted tree reads like its kernel counterpart: it parses,
# the numbers of different files agree with each other, and the file
# behaves like a procfs file under cat, tail, head, dd, truncate and stat.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_cmd dmesg util-linux
need_cmd dd coreutils

# files that are empty on a kernel too: ctl before a write, stat_refresh always,
# and SLUB's shrink attribute reads empty
EMPTY_OK=" sim/ctl proc/sys/vm/stat_refresh "

# A per-pid file as the kernel has it: cmdline and environ are NUL-separated
# with no final newline; a kernel thread has no memory to show (empty
# cmdline, environ, maps and smaps, coredump_filter and mem; smaps_rollup
# fails with ESRCH) and sits in no autogroup. wchan, loginuid and sessionid
# are one number without a newline, stack reads empty (root: nothing to
# unwind), and a process's mem fails with EIO (its pages hold no bytes).
check_pid_file()
{
	local f=$1 rel=$2 pid file kthread

	pid=${rel#proc/}
	pid=${pid%%/*}
	file=${rel##*/}
	# once per pid: a directory holds some 60 files
	if [ -z "${KTHREAD_OF[$pid]:-}" ]; then
		KTHREAD_OF[$pid]=0
		grep -q $'^Kthread:\t1$' "$MNT/proc/$pid/status" && KTHREAD_OF[$pid]=1
	fi
	kthread=${KTHREAD_OF[$pid]}
	case "$kthread:$file" in
	1:smaps_rollup)
		if cat -- "$f" >/dev/null 2>&1; then
			fail "$PRESET: $rel of a kernel thread reads (the kernel says ESRCH)"
		fi
		return 0 ;;
	*:children)
		# "PID PID " without a newline, empty without children (get_children_pid)
		[[ "$(cat -- "$f")" =~ ^([0-9]+\ )*$ ]] || fail "$PRESET: $rel: $(cat -- "$f")"
		return 0 ;;
	*:wchan | *:loginuid | *:sessionid)
		[[ "$(cat -- "$f"; echo x)" =~ ^[0-9]+x$ ]] ||
			fail "$PRESET: $rel is not one number without a newline: $(cat -- "$f")"
		return 0 ;;
	*:stack)
		[ "$(wc -c <"$f")" -eq 0 ] || fail "$PRESET: $rel is not empty"
		return 0 ;;
	0:mem)
		assert_fails_with "$PRESET: reading $rel" "Input/output error" cat -- "$f"
		return 0 ;;
	1:cmdline | 1:environ | 1:maps | 1:smaps | 1:numa_maps | 1:coredump_filter | 1:mem | \
	1:autogroup)
		[ -s "$f" ] && [ "$(wc -c <"$f")" -ne 0 ] && fail "$PRESET: $rel of a kernel thread is not empty"
		return 0 ;;
	0:cmdline | 0:environ)
		[ "$(tail -c 1 "$f" | od -An -tx1 | tr -d ' ')" = 00 ] ||
			fail "$PRESET: $rel does not end with a NUL"
		return 0 ;;
	esac
	return 1
}

# every readable regular file reads in full and ends with a newline
check_every_file()
{
	local f rel text

	while IFS= read -r f; do
		rel=${f#"$MNT"/}
		# 0200 triggers have no read bit: checked below (EACCES)
		[ "$(($(stat -c '0%a' "$f") & 0444))" -eq 0 ] && continue
		# binary, 8 bytes per page (pagemap spans 256 GiB): tests/integration/pagemap.sh
		case $rel in
		proc/kpageflags | proc/kpagecount | */pagemap | sys/kernel/mm/page_idle/bitmap) continue ;;
		esac
		checked
		if [[ "$rel" =~ ^proc/[0-9]+/ ]] && check_pid_file "$f" "$rel"; then
			continue
		fi
		# the x keeps the trailing newline from $(...)
		if ! text=$(cat -- "$f" 2>&1 && echo x); then
			fail "$PRESET: $rel: read failed: $text"
			continue
		fi
		text=${text%x}
		if [ -z "$text" ]; then
			[[ "$EMPTY_OK" == *" $rel "* || "$rel" == sys/kernel/slab/*/shrink ]] ||
				fail "$PRESET: $rel is empty"
			continue
		fi
		[ "${text: -1}" = $'\n' ] || fail "$PRESET: $rel does not end with a newline"
	done < <(find "$MNT/proc" "$MNT/sys" "$MNT/sim" "$MNT/dev" -type f)
}

# readdir gives . and .. first (sysctl -a and `sysctl vm` skip two entries blindly)
check_dirs()
{
	local d first

	while IFS= read -r d; do
		first=$(ls -f -a "$d" | head -n 2 | tr '\n' ' ')
		assert_eq ". .. " "$first" "$PRESET: ls -f ${d#"$MNT"/}: first two entries"
	done < <(find "$MNT" -type d)
}

check_meminfo()
{
	local bad

	# psutil and prometheus/procfs: every line "Key: N" or "Key: N kB"
	bad=$(grep -Ev '^[A-Za-z0-9_()]+: +[0-9]+( kB)?$' "$MNT/proc/meminfo")
	assert_eq "" "$bad" "$PRESET: meminfo lines that are not 'Key: N [kB]'"
	bad=$(grep -Ev '^Node [0-9]+ [A-Za-z0-9_()]+: +[0-9]+( kB)?$' \
		"$MNT"/sys/devices/system/node/node*/meminfo)
	assert_eq "" "$bad" "$PRESET: nodeN/meminfo lines that are not 'Node N Key: N [kB]'"
}

check_buddyinfo()
{
	local bad counts

	bad=$(grep -Ev '^Node [0-9]+, zone +[A-Za-z0-9]+ ( +[0-9]+ )+$' "$MNT/proc/buddyinfo")
	assert_eq "" "$bad" "$PRESET: buddyinfo lines not in 'Node N, zone Z  n n ... ' form"
	# prometheus/procfs refuses the file unless every line has as many buckets
	counts=$(awk '{ print NF - 4 }' "$MNT/proc/buddyinfo" | sort -u | tr '\n' ' ')
	assert_eq "11 " "$counts" "$PRESET: buddyinfo buckets per line (orders 0..10)"
}

check_zoneinfo()
{
	local bad nzones node

	bad=$(grep 'protection:' "$MNT/proc/zoneinfo" |
		grep -Ev '^        protection: \(-?[0-9]+(, -?[0-9]+)*\)$')
	assert_eq "" "$bad" "$PRESET: zoneinfo protection lines not like '        protection: (a, b)'"
	# one protection slot per zone of the node
	for node in $(zones | awk '{ print $1 }' | sort -un); do
		nzones=$(zones | awk -v n="$node" '$1 == n' | wc -l)
		bad=$(awk -v node="$node," -v want="$nzones" '
			$1 == "Node" { in_node = ($2 == node) }
			in_node && $1 == "protection:" && split($0, a, ",") != want { print }' \
			"$MNT/proc/zoneinfo")
		assert_eq "" "$bad" "$PRESET: node $node protection tuples with other than $nzones slots"
	done
}

# the line shapes the tools parse (kernel.md §5, research §3 and §4)
check_formats()
{
	local f bad

	for f in "$MNT"/proc/vmstat "$MNT"/sys/devices/system/node/node*/{vmstat,numastat}; do
		bad=$(grep -Ev '^[a-z0-9_]+ [0-9]+$' "$f")
		assert_eq "" "$bad" "$PRESET: ${f#"$MNT"/} lines that are not 'name N'"
	done
	for f in cpu io memory; do
		bad=$(grep -Ev '^(some|full) avg10=[0-9]+\.[0-9]{2} avg60=[0-9]+\.[0-9]{2} avg300=[0-9]+\.[0-9]{2} total=[0-9]+$' \
			"$MNT/proc/pressure/$f")
		assert_eq "" "$bad" "$PRESET: proc/pressure/$f lines not in psi_show's format"
		assert_eq "some full" "$(awk '{ print $1 }' "$MNT/proc/pressure/$f" | tr '\n' ' ' | sed 's/ $//')" \
			"$PRESET: proc/pressure/$f has a some and a full line"
	done
	assert_match '^[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2}$' "$(cat "$MNT/proc/uptime")" "$PRESET: proc/uptime"
	assert_match '^[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2} [0-9]+/[0-9]+ [0-9]+$' \
		"$(cat "$MNT/proc/loadavg")" "$PRESET: proc/loadavg"
	assert_match '^cpu  [0-9]+( [0-9]+){9}$' "$(head -n 1 "$MNT/proc/stat")" "$PRESET: proc/stat cpu line"
	for f in btime ctxt processes procs_running procs_blocked; do
		assert_match "^$f [0-9]+\$" "$(grep "^$f " "$MNT/proc/stat")" "$PRESET: proc/stat $f line"
	done
	assert_eq "$(grep -c '^processor' "$MNT/proc/cpuinfo")" "$(grep -c '^cpu[0-9]' "$MNT/proc/stat")" \
		"$PRESET: CPUs in cpuinfo vs cpuN lines of stat"
	assert_match '^Filename\s+Type\s+Size\s+Used\s+Priority$' "$(head -n 1 "$MNT/proc/swaps")" \
		"$PRESET: proc/swaps header"
	assert_match '^now_ns [0-9]+$' "$(grep '^now_ns' "$MNT/sim/clock")" "$PRESET: sim/clock now_ns line"
	# node lists: "0" or "0-1"
	for f in online possible has_memory has_cpu; do
		assert_match '^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$' \
			"$(cat "$MNT/sys/devices/system/node/$f")" "$PRESET: node/$f"
	done
}

# free pages agree across buddyinfo, zoneinfo, vmstat, meminfo and node meminfo
check_free_pages()
{
	local node zone buddy zfree total=0 node_total memfree nodefree sum_nodes=0

	while read -r node zone; do
		zfree=$(zone_field "$node" "$zone" free)
		if buddy_line "$node" "$zone" >/dev/null; then
			buddy=$(buddy_pages "$node" "$zone")
			assert_eq "$zfree" "$buddy" \
				"$PRESET: node $node zone $zone: zoneinfo 'pages free' vs sum of buddyinfo count<<order"
		else
			assert_eq 0 "$(zone_field "$node" "$zone" present)" \
				"$PRESET: node $node zone $zone has no buddyinfo line, so it must be unpopulated"
		fi
		total=$((total + zfree))
	done < <(zones)

	memfree=$(meminfo_kb MemFree)
	assert_eq "$((total * 4))" "$memfree" "$PRESET: meminfo MemFree (kB) vs 4 * zone free pages"
	assert_eq "$total" "$(vmstat_val nr_free_pages)" "$PRESET: vmstat nr_free_pages vs zone free pages"

	for f in "$MNT"/sys/devices/system/node/node*/meminfo; do
		node=${f%/meminfo}
		node=${node##*node}
		nodefree=$(awk '$3 == "MemFree:" { print $4 }' "$f")
		node_total=0
		while read -r zone; do
			node_total=$((node_total + $(zone_field "$node" "$zone" free)))
		done < <(zones | awk -v n="$node" '$1 == n { print $2 }')
		assert_eq "$((node_total * 4))" "$nodefree" "$PRESET: node$node/meminfo MemFree vs its zones"
		sum_nodes=$((sum_nodes + nodefree))
	done
	assert_eq "$memfree" "$sum_nodes" "$PRESET: sum of nodeN MemFree vs MemFree"
	assert_eq "$(meminfo_kb MemTotal)" \
		"$(awk '$3 == "MemTotal:" { s += $4 } END { print s }' \
			"$MNT"/sys/devices/system/node/node*/meminfo)" \
		"$PRESET: sum of nodeN MemTotal vs MemTotal"
}

# the kernel's modes and errors
check_modes()
{
	local vm=$MNT/proc/sys/vm

	assert_eq 444 "$(stat -c %a "$MNT/proc/meminfo")" "mode of proc/meminfo"
	assert_eq 400 "$(stat -c %a "$MNT/proc/pagetypeinfo")" "mode of proc/pagetypeinfo"
	assert_eq 644 "$(stat -c %a "$vm/swappiness")" "mode of proc/sys/vm/swappiness"
	assert_eq 644 "$(stat -c %a "$vm/min_free_kbytes")" "mode of proc/sys/vm/min_free_kbytes"
	assert_eq 200 "$(stat -c %a "$vm/drop_caches")" "mode of proc/sys/vm/drop_caches"
	assert_eq 200 "$(stat -c %a "$vm/compact_memory")" "mode of proc/sys/vm/compact_memory"
	assert_eq 555 "$(stat -c %a "$MNT/proc")" "mode of proc/"
	# fs/proc/base.c's tgid_base_stuff
	for f in limits:444 io:400 personality:400 stack:400 mem:600 timerslack_ns:666 \
		coredump_filter:644 loginuid:644 sessionid:444 autogroup:644 mountstats:400 \
		fd:500 fdinfo:555 ns:511; do
		assert_eq "${f#*:}" "$(stat -c %a "$MNT/proc/1/${f%:*}")" "mode of proc/1/${f%:*}"
	done
	assert_fails_with "readlink proc/2/exe (a kernel thread)" "No such file" \
		readlink -v "$MNT/proc/2/exe"
	assert_eq "/usr/lib/systemd/systemd" "$(readlink "$MNT/proc/1/exe")" "proc/1/exe"
	assert_eq "mnt:[4026531832]" "$(readlink "$MNT/proc/1/ns/mnt")" "proc/1/ns/mnt"

	# even root may not read a write-only sysctl
	assert_fails_with "reading drop_caches as root" "Permission denied" cat "$vm/drop_caches"
	assert_fails_with "writing proc/meminfo" "Input/output error" write_file "$MNT/proc/meminfo" 1

	for f in proc/meminfo proc/zoneinfo proc/sys/vm/swappiness sys/devices/system/node/node0/meminfo; do
		assert_eq 0 "$(stat -c %s "$MNT/$f")" "stat size of $f (procfs reports 0)"
	done
}

# the file behaves under the tools the way a size-0 procfs file does
check_io()
{
	local zi=$MNT/proc/zoneinfo full tmp

	full=$(mktemp_file)
	tmp=$(mktemp_file)
	cat "$zi" >"$full" || fail "cat proc/zoneinfo failed"
	assert_eq "$(tail -n 2 "$full")" "$(tail -n 2 "$zi")" "tail -n 2 proc/zoneinfo"
	assert_eq "$(tail -c 30 "$full" | od -c)" "$(tail -c 30 "$zi" | od -c)" \
		"tail -c 30 proc/zoneinfo"
	assert_eq "$(head -c 100 "$full" | od -c)" "$(head -c 100 "$zi" | od -c)" \
		"head -c 100 proc/zoneinfo"
	# 1-byte reads at increasing offsets give the same bytes as one big read
	cat "$MNT/proc/meminfo" >"$full"
	dd if="$MNT/proc/meminfo" of="$tmp" bs=1 status=none || fail "dd bs=1 of meminfo failed"
	cmp -s "$full" "$tmp" || fail "dd bs=1 of proc/meminfo differs from cat: $(cmp "$full" "$tmp")"
	checked
	cat "$MNT/proc/buddyinfo" >"$full"
	dd if="$MNT/proc/buddyinfo" of="$tmp" bs=7 status=none || fail "dd bs=7 of buddyinfo failed"
	cmp -s "$full" "$tmp" || fail "dd bs=7 of proc/buddyinfo differs from cat: $(cmp "$full" "$tmp")"
	checked

	local before
	before=$(cat "$MNT/proc/sys/vm/swappiness")
	assert_ok "truncate -s 0 on a sysctl" truncate -s 0 "$MNT/proc/sys/vm/swappiness"
	assert_eq "$before" "$(cat "$MNT/proc/sys/vm/swappiness")" "swappiness after truncate -s 0"
	# the shell's O_TRUNC redirection reaches a sysctl too
	assert_ok "echo 61 > swappiness" write_file "$MNT/proc/sys/vm/swappiness" 61
	assert_eq 61 "$(cat "$MNT/proc/sys/vm/swappiness")" "swappiness after echo 61"
	assert_ok "echo 60 > swappiness" write_file "$MNT/proc/sys/vm/swappiness" 60
}

# dmesg -F maps its file, so sim/dmesg needs its exact size
check_dmesg()
{
	local out

	if ! out=$(dmesg -F "$MNT/sim/dmesg" 2>&1); then
		fail "dmesg -F sim/dmesg failed: $out"
		return
	fi
	assert_match '(^|'$'\n'')\[ *[0-9]+\.[0-9]{6}\] Memory: [0-9]+K/[0-9]+K available' "$out" \
		"dmesg -F sim/dmesg: boot line 'Memory: ...K/...K available'"
	assert_contains "Memory: $(meminfo_kb MemTotal)K/" "$out" \
		"dmesg -F sim/dmesg: the Memory: line's available figure is MemTotal"
	out=$(dmesg -F "$MNT/sim/dmesg" -x 2>&1)
	assert_contains "kern  :info  : [" "$out" "dmesg -F -x sim/dmesg decodes facility and level"
}

for PRESET in tiny default numa2 i386-highmem; do
	mount_sim --machine "$PRESET"
	declare -A KTHREAD_OF=()
	check_every_file
	check_dirs
	check_meminfo
	check_buddyinfo
	check_zoneinfo
	check_formats
	check_free_pages
	if [ "$PRESET" = tiny ]; then
		check_modes
		check_io
		check_dmesg
	fi
	umount_sim || fail "$PRESET: mmsimfs exited with status $? after fusermount3 -u"
done
