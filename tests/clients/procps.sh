# SPDX-License-Identifier: GPL-2.0
#
# procps (free, vmstat, sysctl) and util-linux dmesg read our tree as if it
# were the kernel's: `mmsimctl run` puts them in a private mount + pid
# namespace whose /proc is our tree (tests/lib.sh run_in_ns), and each figure
# the tools print must be the one our meminfo, vmstat and sysctl files say.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_cmd free procps
need_cmd vmstat procps
need_cmd sysctl procps
need_cmd dmesg util-linux
need_ns_tools

host_swappiness=$(cat /proc/sys/vm/swappiness)

# col HEADER-LINE VALUE-LINE NAME: the value under column NAME
col()
{
	awk -v name="$3" -v h="$1" -v v="$2" 'BEGIN {
		n = split(h, hs, " "); split(v, vs, " ")
		for (i = 1; i <= n; i++) if (hs[i] == name) { print vs[i]; exit }
	}'
}

check_free()
{
	local out mem swap total free avail

	out=$(run_in_ns 'free -k') || fail "$PRESET: free -k failed: $out"
	mem=$(awk '$1 == "Mem:" { $1 = ""; print substr($0, 2) }' <<<"$out")
	swap=$(awk '$1 == "Swap:" { $1 = ""; print substr($0, 2) }' <<<"$out")
	total=$(meminfo_kb MemTotal)
	free=$(meminfo_kb MemFree)
	avail=$(meminfo_kb MemAvailable)
	# procps 4: used = total - available; buff/cache = Buffers + Cached + SReclaimable
	assert_eq "$total $((total - avail)) $free $(meminfo_kb Shmem) $(($(meminfo_kb Buffers) + \
		$(meminfo_kb Cached) + $(meminfo_kb SReclaimable))) $avail" "$(echo $mem)" \
		"$PRESET: free -k Mem: total used free shared buff/cache available"
	assert_eq "$(meminfo_kb SwapTotal) $(($(meminfo_kb SwapTotal) - $(meminfo_kb SwapFree))) \
$(meminfo_kb SwapFree)" "$(echo $swap)" "$PRESET: free -k Swap: total used free"
	out=$(run_in_ns 'free -b') || fail "$PRESET: free -b failed: $out"
	assert_eq "$((total * 1024))" "$(awk '$1 == "Mem:" { print $2 }' <<<"$out")" \
		"$PRESET: free -b total"
}

check_vmstat()
{
	local out header values

	out=$(run_in_ns 'vmstat') || fail "$PRESET: vmstat failed: $out"
	header=$(sed -n 2p <<<"$out")
	values=$(sed -n 3p <<<"$out")
	assert_eq "$(meminfo_kb MemFree)" "$(col "$header" "$values" free)" "$PRESET: vmstat 'free' column"
	assert_eq "$(meminfo_kb Buffers)" "$(col "$header" "$values" buff)" "$PRESET: vmstat 'buff' column"
	assert_eq "$(($(meminfo_kb Cached) + $(meminfo_kb SReclaimable)))" \
		"$(col "$header" "$values" cache)" "$PRESET: vmstat 'cache' column"
	assert_eq "$(($(meminfo_kb SwapTotal) - $(meminfo_kb SwapFree)))" \
		"$(col "$header" "$values" swpd)" "$PRESET: vmstat 'swpd' column"

	out=$(run_in_ns 'vmstat -s') || fail "$PRESET: vmstat -s failed: $out"
	assert_eq "$(meminfo_kb MemTotal)" "$(awk '/K total memory$/ { print $1 }' <<<"$out")" \
		"$PRESET: vmstat -s total memory"
	assert_eq "$(meminfo_kb MemFree)" "$(awk '/K free memory$/ { print $1 }' <<<"$out")" \
		"$PRESET: vmstat -s free memory"
	assert_eq "$(vmstat_val pgpgin)" "$(awk '/ K paged in$/ { print $1 }' <<<"$out")" \
		"$PRESET: vmstat -s paged in (vmstat pgpgin)"
	assert_eq "$(vmstat_val pswpout)" "$(awk '/ pages swapped out$/ { print $1 }' <<<"$out")" \
		"$PRESET: vmstat -s pages swapped out (vmstat pswpout)"
	assert_eq "$(awk '$1 == "btime" { print $2 }' "$MNT/proc/stat")" \
		"$(awk '/ boot time$/ { print $1 }' <<<"$out")" "$PRESET: vmstat -s boot time (stat btime)"
}

check_sysctl()
{
	local out expected f

	out=$(run_in_ns 'sysctl vm.min_free_kbytes') || fail "$PRESET: sysctl vm.min_free_kbytes failed"
	assert_eq "vm.min_free_kbytes = $(cat "$MNT/proc/sys/vm/min_free_kbytes")" "$out" \
		"$PRESET: sysctl vm.min_free_kbytes"

	# `sysctl vm` walks our directory: every readable knob, with our value
	expected=$(cd "$MNT/proc/sys/vm" && for f in *; do
		[ $(($(stat -c 0%a "$f") & 0400)) -ne 0 ] || continue
		v=$(cat "$f")
		[ -n "$v" ] && printf 'vm.%s = %s\n' "$f" "$v"
	done)
	out=$(run_in_ns 'sysctl vm' 2>&1) || fail "$PRESET: sysctl vm failed: $out"
	assert_eq "$expected" "$out" "$PRESET: sysctl vm lists our knobs and values"

	out=$(run_in_ns 'sysctl -w vm.swappiness=10' 2>&1)
	assert_eq "vm.swappiness = 10" "$out" "$PRESET: sysctl -w vm.swappiness=10"
	assert_eq 10 "$(cat "$MNT/proc/sys/vm/swappiness")" "$PRESET: our swappiness after sysctl -w"
	out=$(run_in_ns 'sysctl -w vm.watermark_scale_factor=0' 2>&1)
	assert_contains "Invalid argument" "$out" "$PRESET: sysctl -w vm.watermark_scale_factor=0 refused"
	out=$(run_in_ns 'sysctl -w vm.min_free_kbytes=8192 && sysctl -n vm.min_free_kbytes' 2>&1)
	assert_eq "vm.min_free_kbytes = 8192
8192" "$out" "$PRESET: sysctl -w then -n vm.min_free_kbytes"
	assert_eq "$host_swappiness" "$(cat /proc/sys/vm/swappiness)" "host swappiness untouched"
}

check_proc_files()
{
	local f out

	for f in buddyinfo zoneinfo meminfo vmstat; do
		out=$(run_in_ns "cat /proc/$f") || fail "$PRESET: cat /proc/$f in the namespace failed"
		assert_eq "$(cat "$MNT/proc/$f")" "$out" "$PRESET: /proc/$f in the namespace vs ours"
	done
	# the processes are the simulated ones; the tool's own /proc/self is real
	out=$(run_in_ns 'ps -e -o pid=,comm= | head -n 1')
	assert_eq "1 $(cat "$MNT/proc/1/comm")" "$(xargs <<<"$out")" \
		"$PRESET: ps in the namespace sees the simulated init as pid 1"
	out=$(run_in_ns 'read -r self _ </proc/self/stat; echo $$ $self $(readlink /proc/$$/exe)')
	assert_match '^(5[0-9]{4}) \1 /.*bash$' "$out" \
		"$PRESET: the namespace's own pids start at 50000 and /proc/\$\$ is the shell's"
	out=$(run_in_ns 'cat /sys/devices/system/node/online') ||
		fail "$PRESET: reading node/online in the namespace failed"
	assert_eq "$(cat "$MNT/sys/devices/system/node/online")" "$out" \
		"$PRESET: /sys/devices/system/node/online in the namespace vs ours"
}

check_dmesg()
{
	local out nrec

	if ! out=$(dmesg -F "$MNT/sim/dmesg" 2>&1); then
		fail "$PRESET: dmesg -F sim/dmesg failed: $out"
		return
	fi
	nrec=$(grep -c '^[0-9]' "$MNT/dev/kmsg")
	assert_eq "$nrec" "$(grep -c '^\[' <<<"$out")" "$PRESET: dmesg -F lists every record of dev/kmsg"
	assert_contains "Memory: " "$out" "$PRESET: dmesg -F shows the boot line"
	out=$(dmesg -F "$MNT/sim/dmesg" --level warn 2>&1)
	assert_contains "page allocation failure: order:10" "$out" \
		"$PRESET: dmesg -F --level warn shows the allocation failure"
}

for PRESET in tiny numa2; do
	mount_sim --machine "$PRESET"
	# some used memory, so used, free and available all differ
	ctl alloc_pages order=5 count=10 >/dev/null || fail "$PRESET: alloc_pages failed"
	ctl alloc_pages order=10 gfp=GFP_DMA count=100 >/dev/null 2>&1
	check_free
	check_vmstat
	check_sysctl
	check_proc_files
	check_dmesg
	umount_sim || fail "$PRESET: mmsimfs exited with status $?"
done
