# SPDX-License-Identifier: GPL-2.0
#
# Real process tools read the simulated processes unchanged: ps, top, pmap
# (procps), htop (in a tmux pane), choom (util-linux) under `mmsimctl run`,
# whose /proc shows our pid directories (tests/lib.sh run_in_ns); smem (-S prefix) and psutil (PROCFS_PATH) straight from
# the mount. A postgres (uid 999) with shared buffers, a heap and one
# backend gives known numbers; each figure a tool prints must be the one
# our status, smaps, smaps_rollup and oom files say.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_ns_tools
need_cmd ps procps
need_cmd top procps
need_cmd pmap procps
need_cmd choom util-linux
need_cmd htop htop
need_cmd tmux tmux
need_cmd smem smem
# the distribution's python: a pyenv or venv python has no psutil
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] && "$PYTHON" -c 'import psutil' 2>/dev/null ||
	die "$PYTHON cannot import psutil: install the Debian package 'python3-psutil' (these tests never skip)"

# col HEADER-LINE VALUE-LINE NAME: the value under column NAME
col()
{
	awk -v name="$3" -v h="$1" -v v="$2" 'BEGIN {
		n = split(h, hs, " "); split(v, vs, " ")
		for (i = 1; i <= n; i++) if (hs[i] == name) { print vs[i]; exit }
	}'
}

# smaps_sum PID KEY: KEY summed over every VMA of smaps, as smem and pmap add it
smaps_sum()
{
	awk -v k="$2:" '$1 == k { s += $2 } END { print s + 0 }' "$MNT/proc/$1/smaps"
}

mount_sim --machine default

# postgres: shared_buffers are shared anonymous memory (shmem), half of it
# written; a heap; a backend forked from it reads part of the buffers
pg=$(ctl spawn postgres uid=999 2>&1) || die "spawn postgres failed: $pg"
shm=$(ctl mmap "$pg" 128M flags=shared 2>&1) || die "mmap of the shared buffers failed: $shm"
ctl touch "$pg" "$shm" 64M write >/dev/null || fail "touch of the shared buffers failed"
ctl touch "$pg" heap 8M write >/dev/null || fail "touch heap failed"
backend=$(ctl fork "$pg" 2>&1) || die "fork of postgres failed: $backend"
ctl touch "$backend" "$shm" 16M read >/dev/null || fail "the backend's read of the buffers failed"
# the programs' start-up reads from vda complete: the tasks sleep (S) again
ctl tick 1s >/dev/null || fail "tick failed"
ctl_ok "the postgres set-up"

RSS=$(status_kb "$pg" VmRSS)
VSZ=$(status_kb "$pg" VmSize)
SHARED=$(($(status_kb "$pg" RssFile) + $(status_kb "$pg" RssShmem)))
PSS=$(rollup_kb "$pg" Pss)
NMAPS=$(wc -l <"$MNT/proc/$pg/maps")
# the gate VMA maps prints last is not in VmSize (total_vm)
read -r vs ve < <(awk '$NF == "[vsyscall]" { sub(/-/, " ", $1); print $1 }' "$MNT/proc/$pg/maps")
VSYSCALL_KB=$(((16#$ve - 16#$vs) / 1024))
MEMTOTAL=$(meminfo_kb MemTotal)
USER999=$(getent passwd 999 | cut -d: -f1)
USER999=${USER999:-999}
note "postgres $pg: VmRSS $RSS kB, VmSize $VSZ kB, Pss $PSS kB, $NMAPS maps lines; backend $backend"

# ---------------------------------------------------------------- ps

out=$(run_in_ns 'ps -eo pid=,rss=,vsz=,comm=' 2>&1) || fail "ps -eo failed: $out"
assert_eq "$pg $RSS $VSZ postgres" "$(awk -v p="$pg" '$1 == p' <<<"$out" | xargs)" \
	"ps -eo pid,rss,vsz,comm: postgres"
assert_eq "$backend $(status_kb "$backend" VmRSS) $(status_kb "$backend" VmSize) postgres" \
	"$(awk -v p="$backend" '$1 == p' <<<"$out" | xargs)" "ps -eo pid,rss,vsz,comm: the backend"
# every simulated process and nothing else below the namespace's own pids
assert_eq "$(printf '%s\n' "$MNT"/proc/[0-9]* | sed 's|.*/||' | sort -n)" \
	"$(awk '$1 < 50000 { print $1 }' <<<"$out" | sort -n)" "ps -e lists exactly our pids"

out=$(run_in_ns 'ps aux' 2>&1) || fail "ps aux failed: $out"
header=$(head -n 1 <<<"$out")
line=$(awk -v p="$pg" '$2 == p' <<<"$out")
assert_eq "$USER999" "$(col "$header" "$line" USER)" "ps aux USER of postgres"
assert_eq "$VSZ" "$(col "$header" "$line" VSZ)" "ps aux VSZ"
assert_eq "$RSS" "$(col "$header" "$line" RSS)" "ps aux RSS"
# procps: per mille of MemTotal, printed as N.N
pmem=$((RSS * 1000 / MEMTOTAL))
assert_eq "$((pmem / 10)).$((pmem % 10))" "$(col "$header" "$line" %MEM)" "ps aux %MEM"
assert_match '/usr/bin/postgres$' "$line" "ps aux COMMAND is postgres's cmdline"
assert_match "^root +1 .* $(tr '\0' ' ' <"$MNT/proc/1/cmdline" | sed 's/ $//')\$" \
	"$(awk '$2 == 1' <<<"$out")" "ps aux lists init as pid 1 with its cmdline"
assert_match "\[kthreadd\]$" "$(awk '$2 == 2' <<<"$out")" "ps aux shows kthreadd in brackets"

# ---------------------------------------------------------------- pmap

out=$(run_in_ns "pmap -x $pg" 2>&1) || fail "pmap -x $pg failed: $out"
assert_eq "$pg:   /usr/bin/postgres" "$(head -n 1 <<<"$out")" "pmap -x: the cmdline line"
read -r _ _ kbytes rss dirty < <(grep '^total kB' <<<"$out")
assert_eq $((VSZ + VSYSCALL_KB)) "$kbytes" "pmap -x total Kbytes: VmSize + the [vsyscall] page"
assert_eq "$RSS" "$rss" "pmap -x total RSS"
assert_eq $(($(smaps_sum "$pg" Shared_Dirty) + $(smaps_sum "$pg" Private_Dirty))) "$dirty" \
	"pmap -x total Dirty: Shared_Dirty + Private_Dirty"
assert_eq "$NMAPS" "$(grep -cE '^[0-9a-f]{16} ' <<<"$out")" "pmap -x has one row per maps line"
assert_match "^$(printf %016x "$shm") +131072 +65536 +65536 rw-s- " \
	"$(grep "^$(printf %016x "$shm") " <<<"$out")" "pmap -x row of the shared buffers"

# ---------------------------------------------------------------- top

out=$(run_in_ns "top -b -n 1 -p $pg" 2>&1) || fail "top -b -n 1 -p $pg failed: $out"
header=$(grep -E '^ *PID +USER' <<<"$out")
line=$(awk -v p="$pg" '$1 == p' <<<"$out")
assert_eq "$RSS" "$(col "$header" "$line" RES)" "top RES"
assert_eq "$VSZ" "$(col "$header" "$line" VIRT)" "top VIRT"
assert_eq "$SHARED" "$(col "$header" "$line" SHR)" "top SHR: RssFile + RssShmem"
assert_eq "$USER999" "$(col "$header" "$line" USER)" "top USER"
assert_eq postgres "$(col "$header" "$line" COMMAND)" "top COMMAND"
assert_eq "$(awk -v t="$MEMTOTAL" 'BEGIN { printf "%.1f", t / 1024 }')" \
	"$(awk '/^MiB Mem/ { print $4 }' <<<"$out")" "top MiB Mem total"

# ---------------------------------------------------------------- htop

export TMUX_SOCK="$_STATE/tmux"
out=$(run_in_ns "
	HTOPRC=/dev/null tmux -S \"\$TMUX_SOCK\" new-session -d -x 150 -y 40 \\
		\"htop -C --readonly -d 10 -p $pg; echo htop-rc=\\\$?; sleep 5\"
	for ((i = 0; i < $WAIT_SECONDS * 2; i++)); do
		sleep 0.5
		pane=\$(tmux -S \"\$TMUX_SOCK\" capture-pane -p -t 0)
		grep -q '/usr/bin/postgres' <<<\"\$pane\" && break
	done
	printf '%s\n' \"\$pane\"
	tmux -S \"\$TMUX_SOCK\" kill-server" 2>&1)
line=$(awk -v p="$pg" '$1 == p' <<<"$out")
assert_match "^ *$pg +$USER999 +.* $RSS +$SHARED +S .*/usr/bin/postgres *$" "$line" \
	"htop's row of postgres: pid, user, RES, SHR, state, command"
[[ "$out" == *htop-rc=* ]] && fail "htop exited early: $out"

# ---------------------------------------------------------------- choom

out=$(run_in_ns "choom -p $pg" 2>&1)
assert_eq "pid $pg's current OOM score: $(cat "$MNT/proc/$pg/oom_score")
pid $pg's current OOM score adjust value: 0" "$out" "choom -p"
out=$(run_in_ns "choom -p $pg -n 300" 2>&1)
assert_eq "pid $pg's OOM score adjust value changed from 0 to 300" "$out" "choom -p -n 300"
assert_eq 300 "$(cat "$MNT/proc/$pg/oom_score_adj")" "oom_score_adj after choom -n 300"
# reference §4.6
totalpages=$((($(meminfo_kb MemTotal) + $(meminfo_kb SwapTotal)) / 4))
points=$((($(status_kb "$pg" VmRSS) + $(status_kb "$pg" VmSwap) + $(status_kb "$pg" VmPTE)) / 4))
assert_eq $(((1000 + (points + 300 * (totalpages / 1000)) * 1000 / totalpages) * 2 / 3)) \
	"$(cat "$MNT/proc/$pg/oom_score")" "oom_score after choom -n 300"
out=$(run_in_ns "choom -p $pg" 2>&1)
assert_eq "pid $pg's current OOM score: $(cat "$MNT/proc/$pg/oom_score")
pid $pg's current OOM score adjust value: 300" "$out" "choom -p after -n 300"
assert_fails_with "choom -n 1001" "Invalid argument" run_in_ns "choom -p $pg -n 1001"

# ---------------------------------------------------------------- smem

out=$(smem -S "$MNT" -P postgres -c "pid user rss pss uss" 2>&1) || fail "smem failed: $out"
line=$(awk -v p="$pg" '$1 == p' <<<"$out")
# smem adds each VMA's Pss line: up to 1 kB per VMA below smaps_rollup's
# Pss, which adds the bytes first
assert_eq "$pg $USER999 $RSS $(smaps_sum "$pg" Pss) $(($(smaps_sum "$pg" Private_Clean) + \
	$(smaps_sum "$pg" Private_Dirty)))" "$(xargs <<<"$line")" "smem: pid user rss pss uss"
smem_pss=$(awk '{ print $4 }' <<<"$line")
[ "$smem_pss" -le "$PSS" ] && [ $((PSS - smem_pss)) -lt "$NMAPS" ] ||
	fail "smem PSS $smem_pss is not within $NMAPS kB below smaps_rollup's $PSS"
assert_eq 2 "$(awk '$1 ~ /^[0-9]+$/' <<<"$out" | wc -l)" "smem -P postgres: postgres and its backend"

# ---------------------------------------------------------------- psutil

out=$("$PYTHON" - "$MNT/proc" "$pg" <<'EOF' 2>&1
import sys
import psutil

psutil.PROCFS_PATH = sys.argv[1]
p = psutil.Process(int(sys.argv[2]))
mi = p.memory_info()
full = p.memory_full_info()
print("rss", mi.rss)
print("vms", mi.vms)
print("shared", mi.shared)
print("pss", full.pss)
print("uss", full.uss)
print("maps", len(p.memory_maps(grouped=False)))
print("name", p.name())
print("uid", p.uids().real)
print("ppid", p.ppid())
print("cmdline", " ".join(p.cmdline()))
print("pids", int(sys.argv[2]) in psutil.pids())
EOF
) || fail "psutil failed: $out"
pyval() { awk -v k="$1" '$1 == k { $1 = ""; print substr($0, 2) }' <<<"$out"; }
assert_eq $((RSS * 1024)) "$(pyval rss)" "psutil memory_info().rss"
assert_eq $((VSZ * 1024)) "$(pyval vms)" "psutil memory_info().vms"
assert_eq $((SHARED * 1024)) "$(pyval shared)" "psutil memory_info().shared"
assert_eq $((PSS * 1024)) "$(pyval pss)" "psutil memory_full_info().pss (smaps_rollup)"
assert_eq $((($(rollup_kb "$pg" Private_Clean) + $(rollup_kb "$pg" Private_Dirty)) * 1024)) \
	"$(pyval uss)" "psutil memory_full_info().uss"
# psutil keeps every smaps block, [vsyscall] included
assert_eq "$NMAPS" "$(pyval maps)" "psutil memory_maps(grouped=False): one per maps line"
assert_eq "$(cat "$MNT/proc/$pg/comm")" "$(pyval name)" "psutil name() is comm"
assert_eq 999 "$(pyval uid)" "psutil uids().real"
assert_eq 1 "$(pyval ppid)" "psutil ppid(): spawned by init"
assert_eq /usr/bin/postgres "$(pyval cmdline)" "psutil cmdline()"
assert_eq True "$(pyval pids)" "psutil pids() lists postgres"

ctl_ok "the tools' reads"
umount_sim || fail "mmsimfs exited with status $?"
