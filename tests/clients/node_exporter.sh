# SPDX-License-Identifier: GPL-2.0
#
# prometheus-node-exporter scrapes our tree (--path.procfs, --path.sysfs):
# its collectors must all succeed, and every metric they export must be the
# number our files hold. It listens on the loopback address only.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_cmd prometheus-node-exporter prometheus-node-exporter
need_cmd curl curl

EXPORTER_PID=
PORT=

# start_exporter EXTRA-FLAGS...: start it on a free loopback port
start_exporter()
{
	local log i try start

	log=$(mktemp_file)
	for ((try = 0; try < 10; try++)); do
		PORT=$((20000 + (RANDOM * 7 + $$ + try * 7919) % 40000))
		# something answers there already: try another
		if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
			continue
		fi
		prometheus-node-exporter --web.listen-address="127.0.0.1:$PORT" \
			--path.procfs="$MNT/proc" --path.sysfs="$MNT/sys" \
			--collector.disable-defaults --collector.meminfo --collector.buddyinfo \
			--collector.zoneinfo --collector.vmstat --collector.pressure "$@" 2>"$log" &
		EXPORTER_PID=$!
		register_pid "$EXPORTER_PID"
		start=$SECONDS
		for ((i = 0; SECONDS - start < WAIT_SECONDS; i++)); do
			if ! kill -0 "$EXPORTER_PID" 2>/dev/null; then
				wait "$EXPORTER_PID"
				forget_pid "$EXPORTER_PID"
				break
			fi
			curl -s --noproxy '*' --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/" && return 0
			sleep 0.05
		done
		# it died (port taken meanwhile) or never answered
		if kill -0 "$EXPORTER_PID" 2>/dev/null; then
			stop_exporter
		fi
	done
	die "prometheus-node-exporter did not answer on 127.0.0.1 within $WAIT_SECONDS s (10 ports tried): $(cat "$log")"
}

stop_exporter()
{
	kill "$EXPORTER_PID" 2>/dev/null
	wait_pid "$EXPORTER_PID"
}

# scrape: the metrics text, sample lines only, in $METRICS (a file)
scrape()
{
	local try

	METRICS=$(mktemp_file)
	for ((try = 0; try < 5; try++)); do
		curl -sS --noproxy '*' --max-time 10 "http://127.0.0.1:$PORT/metrics" >"$METRICS.all" &&
			break
		sleep 0.2
	done
	grep -v '^#' "$METRICS.all" >"$METRICS" || die "no metrics from http://127.0.0.1:$PORT/metrics"
	rm -f "$METRICS.all"
}

# metric 'NAME{LABELS}': its value as an integer (Go prints 1.6876834816e+10)
metric()
{
	awk -v k="$1" '$1 == k { printf "%.0f\n", $2; found = 1 } END { exit !found }' "$METRICS" ||
		echo "missing"
}

check_success()
{
	local c expected=$1

	for c in $expected; do
		assert_eq 1 "$(metric "node_scrape_collector_success{collector=\"$c\"}")" \
			"$PRESET: node_scrape_collector_success of $c"
	done
	assert_eq "" "$(awk '$1 ~ /^node_scrape_collector_success/ && $2 != 1' "$METRICS")" \
		"$PRESET: collectors reporting failure"
}

# every meminfo line is a metric: kB lines in bytes, the others as they are
check_meminfo()
{
	local key value unit name want got n=0

	while read -r key value unit; do
		key=${key%:}
		name=${key//(/_}
		name=node_memory_${name//)/}
		if [ "$unit" = kB ]; then
			name=${name}_bytes
			want=$((value * 1024))
		else
			want=$value
		fi
		got=$(metric "$name")
		n=$((n + 1))
		[ "$want" = "$got" ] || fail "$PRESET: $name: expected $want ($key), got $got"
	done <"$MNT/proc/meminfo"
	checked
	assert_ne 0 "$n" "$PRESET: meminfo lines compared"
	assert_eq "$(($(meminfo_kb MemTotal) * 1024))" "$(metric node_memory_MemTotal_bytes)" \
		"$PRESET: node_memory_MemTotal_bytes"
}

check_buddyinfo()
{
	local node zone counts o want

	while read -r _ node _ zone counts; do
		node=${node%,}
		o=0
		for want in $counts; do
			assert_eq "$want" \
				"$(metric "node_buddyinfo_blocks{node=\"$node\",size=\"$o\",zone=\"$zone\"}")" \
				"$PRESET: node_buddyinfo_blocks node $node zone $zone order $o"
			o=$((o + 1))
		done
	done <"$MNT/proc/buddyinfo"
	assert_eq "$(wc -l <"$MNT/proc/buddyinfo")" \
		"$(grep -c '^node_buddyinfo_blocks{.*size="0"' "$METRICS")" \
		"$PRESET: one buddyinfo series per populated zone"
}

check_zoneinfo()
{
	local node zone f labels prot i v

	while read -r node zone; do
		labels="{node=\"$node\",zone=\"$zone\"}"
		for f in min low high spanned present managed; do
			assert_eq "$(zone_field "$node" "$zone" "$f")" \
				"$(metric "node_zoneinfo_${f}_pages$labels")" \
				"$PRESET: node_zoneinfo_${f}_pages$labels"
		done
		if [ "$(zone_field "$node" "$zone" present)" != 0 ]; then
			assert_eq "$(zone_field "$node" "$zone" free)" \
				"$(metric "node_zoneinfo_nr_free_pages$labels")" \
				"$PRESET: node_zoneinfo_nr_free_pages$labels"
		fi
		prot=$(zone_protection "$node" "$zone" | tr -d '(),')
		i=0
		for v in $prot; do
			assert_eq "$v" "$(metric "node_zoneinfo_protection_$i$labels")" \
				"$PRESET: node_zoneinfo_protection_$i$labels"
			i=$((i + 1))
		done
	done < <(zones)
}

check_vmstat()
{
	local k

	# the collector's default --collector.vmstat.fields
	for k in oom_kill pgpgin pgpgout pswpin pswpout pgfault pgmajfault; do
		assert_eq "$(vmstat_val "$k")" "$(metric "node_vmstat_$k")" "$PRESET: node_vmstat_$k"
	done
}

check_pressure()
{
	local m

	for m in cpu_waiting io_waiting io_stalled memory_waiting memory_stalled; do
		assert_eq 0 "$(metric "node_pressure_${m}_seconds_total")" \
			"$PRESET: node_pressure_${m}_seconds_total"
	done
}

# the diskstats collector: each disk's counters, times in seconds, sectors in bytes
check_diskstats()
{
	local dev rios rmerges rsect rms wios wmerges wsect wms inflight ioticks weighted

	while read -r _ _ dev rios rmerges rsect rms wios wmerges wsect wms inflight ioticks weighted _; do
		assert_eq "$rios $rmerges $((rsect * 512)) $wios $((wsect * 512)) $inflight" \
			"$(metric "node_disk_reads_completed_total{device=\"$dev\"}") $(metric "node_disk_reads_merged_total{device=\"$dev\"}") $(metric "node_disk_read_bytes_total{device=\"$dev\"}") $(metric "node_disk_writes_completed_total{device=\"$dev\"}") $(metric "node_disk_written_bytes_total{device=\"$dev\"}") $(metric "node_disk_io_now{device=\"$dev\"}")" \
			"$PRESET: node_disk_* of $dev"
		assert_eq "$ioticks" "$(awk -v k="node_disk_io_time_seconds_total{device=\"$dev\"}" \
			'$1 == k { printf "%.0f\n", $2 * 1000 }' "$METRICS")" "$PRESET: node_disk_io_time_seconds_total of $dev"
	done <"$MNT/proc/diskstats"
}

check_numa()
{
	local f node key value unit

	for f in "$MNT"/sys/devices/system/node/node*/meminfo; do
		while read -r _ node key value unit; do
			key=${key%:}
			[ "$unit" = kB ] && value=$((value * 1024))
			assert_eq "$value" "$(metric "node_memory_numa_${key//[()]/_}{node=\"$node\"}")" \
				"$PRESET: node_memory_numa_$key{node=\"$node\"}"
		done < <(grep -E '^Node [0-9]+ (MemTotal|MemFree|MemUsed|Active|Inactive|Dirty):' "$f")
	done
	for f in "$MNT"/sys/devices/system/node/node*/numastat; do
		node=${f%/numastat}
		node=${node##*node}
		while read -r key value; do
			assert_eq "$value" "$(metric "node_memory_numa_${key}_total{node=\"$node\"}")" \
				"$PRESET: node_memory_numa_${key}_total{node=\"$node\"}"
		done <"$f"
	done
}

for PRESET in tiny numa2; do
	mount_sim --machine "$PRESET"
	# a used machine: split buddies, moved watermarks
	ctl alloc_pages order=3 gfp=GFP_DMA count=4 >/dev/null || fail "$PRESET: alloc_pages failed"
	ctl alloc_pages order=0 count=7 >/dev/null || fail "$PRESET: alloc_pages failed"
	write_file "$MNT/proc/sys/vm/min_free_kbytes" 16384 || fail "$PRESET: min_free_kbytes write failed"
	collectors="buddyinfo diskstats meminfo pressure vmstat zoneinfo"
	if [ "$PRESET" = numa2 ]; then
		collectors="$collectors meminfo_numa"
		start_exporter --collector.diskstats --collector.meminfo_numa
	else
		start_exporter --collector.diskstats
	fi
	scrape
	check_success "$collectors"
	check_meminfo
	check_buddyinfo
	check_zoneinfo
	check_vmstat
	check_diskstats
	check_pressure
	[ "$PRESET" = numa2 ] && check_numa
	stop_exporter
	umount_sim || fail "$PRESET: mmsimfs exited with status $?"
done
