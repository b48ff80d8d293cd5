# SPDX-License-Identifier: GPL-2.0
#
# The thread views: every simulated task has its proc/<pid>/task/<tid>/
# (one thread, tid = pid), so ps -L, top -H, atop (which rescanned /proc
# for ever without task/) and numastat -p (numa_maps) work inside a private
# mount + pid namespace showing our pid directories (tests/lib.sh
# run_in_ns), as node_exporter's processes collector does from the
# mount, and their figures are the ones our files say.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_ns_tools
need_cmd ps procps
need_cmd top procps
need_cmd atop atop
need_cmd numastat numactl
need_cmd timeout coreutils
need_cmd prometheus-node-exporter prometheus-node-exporter
need_cmd curl curl

mount_sim --machine numa2

app=$(ctl spawn app uid=1000 2>&1) || die "spawn app failed: $app"
addr=$(ctl mmap "$app" 16M 2>&1) || die "mmap failed: $addr"
ctl touch "$app" "$addr" 8M write >/dev/null || fail "touch failed"
child=$(ctl fork "$app" 2>&1) || die "fork failed: $child"
ctl_ok "the set-up"
RSS=$(status_kb "$app" VmRSS)

# ---------------------------------------------------------------- task/

assert_eq "$app" "$(ls "$MNT/proc/$app/task")" "task/ holds the task itself"
assert_eq "$child " "$(cat "$MNT/proc/$app/task/$app/children")" "task/<tid>/children"
assert_eq "$(cat "$MNT/proc/$app/status")" "$(cat "$MNT/proc/$app/task/$app/status")" \
	"task/<tid>/status is the process's"
assert_eq "1 1" "$(awk '{ print $20 }' "$MNT/proc/$app/stat") $(status_kb "$app" Threads)" \
	"stat num_threads and status Threads"

# ---------------------------------------------------------------- ps -L, top -H

out=$(run_in_ns "ps -L -p $app -o pid=,lwp=,nlwp=,rss=,comm=" 2>&1) || fail "ps -L failed: $out"
assert_eq "$app $app 1 $RSS app" "$(xargs <<<"$out")" "ps -L -p: pid, lwp, nlwp, rss, comm"
out=$(run_in_ns 'ps -eLo pid=,lwp=' 2>&1) || fail "ps -eL failed: $out"
# one thread per simulated process, its lwp its pid
assert_eq "$(printf '%s\n' "$MNT"/proc/[0-9]* | sed 's|.*/||' | sort -n | awk '{ print $1, $1 }')" \
	"$(awk '$1 < 50000 { print $1, $2 }' <<<"$out" | sort -n)" "ps -eL: every task once, lwp = pid"

out=$(run_in_ns "top -H -b -n 1 -p $app" 2>&1) || fail "top -H failed: $out"
assert_match "Threads: +1 total" "$out" "top -H counts threads"
assert_match "^ *$app +[^ ]+ +20 +0 +[0-9]+ +$RSS .* app *\$" "$(awk -v p="$app" '$1 == p' <<<"$out")" \
	"top -H row of the thread: pid, priority, RES, command"

# ---------------------------------------------------------------- atop

# atop used to rescan /proc for ever: it must end, with the memory lines of our meminfo
out=$(run_in_ns 'timeout 20 atop -P MEM,PAG 1 2; echo "atop-rc=$?"' 2>&1)
assert_match "atop-rc=0" "$out" "atop -P MEM,PAG 1 2 finishes"
mem=$(grep -m1 '^MEM ' <<<"$out")
assert_eq "4096 $(($(meminfo_kb MemTotal) / 4)) $(($(meminfo_kb MemFree) / 4))" \
	"$(awk '{ print $7, $8, $9 }' <<<"$mem")" "atop MEM: page size, physmem, freemem (pages)"
assert_eq 2 "$(grep -c '^PAG ' <<<"$out")" "atop prints a PAG line per sample"

# ---------------------------------------------------------------- numastat -p

# numastat adds each numa_maps line's N<node>= pages
pages=$(grep -o ' N0=[0-9]*' "$MNT/proc/$app/numa_maps" | awk -F= '{ s += $2 } END { print s }')
out=$(run_in_ns "numastat -p $app" 2>&1) || fail "numastat -p failed: $out"
assert_match "for PID $app \\(app\\)" "$out" "numastat -p names the process"
assert_eq "$(awk -v p="$pages" 'BEGIN { printf "%.2f %.2f", p * 4 / 1024, p * 4 / 1024 }')" \
	"$(awk '$1 == "Total" { print $2, $NF }' <<<"$out")" "numastat -p Total on node 0 and in all"
assert_eq "$RSS" "$((pages * 4))" "numa_maps counts every page of VmRSS"

# ---------------------------------------------------------------- node_exporter

# the processes collector counts the entries of every task/ directory
metrics=""
for ((try = 0; try < 10; try++)); do
	[ -n "$metrics" ] && break
	port=$((20000 + (RANDOM * 7 + $$ + try * 7919) % 40000))
	prometheus-node-exporter --web.listen-address="127.0.0.1:$port" --path.procfs="$MNT/proc" \
		--path.sysfs="$MNT/sys" --collector.disable-defaults --collector.processes \
		2>/dev/null &
	exporter=$!
	register_pid "$exporter"
	for ((i = 0; i < 50; i++)); do
		[ -n "$metrics" ] && break
		sleep 0.1
		kill -0 "$exporter" 2>/dev/null || break
		metrics=$(curl -s --noproxy '*' --max-time 2 "http://127.0.0.1:$port/metrics")
	done
	kill "$exporter" 2>/dev/null
	wait_pid "$exporter"
done
[ -n "$metrics" ] || die "prometheus-node-exporter did not answer"
ntasks=$(printf '%s\n' "$MNT"/proc/[0-9]* | wc -l)
metric() { awk -v m="$1" '$1 == m { print $2 }' <<<"$metrics"; }
assert_eq 1 "$(metric 'node_scrape_collector_success{collector="processes"}')" \
	"node_exporter: the processes collector succeeds"
assert_eq "$ntasks $ntasks" "$(metric node_processes_pids) $(metric node_processes_threads)" \
	"node_exporter: node_processes_pids and node_processes_threads, one thread per task"
assert_eq "$(cat "$MNT/proc/sys/kernel/threads-max")" "$(metric node_processes_max_threads)" \
	"node_exporter: node_processes_max_threads"

umount_sim
