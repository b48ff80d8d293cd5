# SPDX-License-Identifier: GPL-2.0
#
# Tasks and their address spaces through a real mount: the sim/ctl verbs
# (spawn, fork, exit, kill, mmap, munmap, mprotect, brk, mlock, madvise,
# touch) move /proc/<pid>/status, smaps, maps, meminfo and vmstat by exactly
# what the kernel would, computed here from first principles (page size,
# page-table geometry, overcommit formulas of reference §10.2, oom_score of
# §4.6); bad input fails with the kernel's errno; sim/ctl check holds after
# every step; an exiting task gives everything back.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_cmd setpriv util-linux

mount_sim --machine default
CTL=$MNT/sim/ctl
VM=$MNT/proc/sys/vm

PAGE=4096
KiB=1024
MiB=$((1024 * 1024))
GiB=$((1024 * MiB))
THREAD_SIZE_KB=16	# x86_64 kernel stacks: 4 pages

mi() { meminfo_kb "$1"; }

# tables_for START END: the page tables below the PGD that map [START, END)
# on 4-level x86_64 when none existed: one PTE table per 2 MiB, one PMD
# table per 1 GiB, one PUD table per 512 GiB the range touches
tables_for()
{
	local s=$1 e=$2 n=0 shift

	for shift in 21 30 39; do
		n=$((n + ((e - 1) >> shift) - (s >> shift) + 1))
	done
	echo "$n"
}

# the start and end (hex, no 0x) of the VMA whose maps line ends in NAME
vma_range()
{
	awk -v n="$2" '$NF == n { split($1, r, "-"); print r[1], r[2]; found = 1; exit }
		END { exit !found }' "$MNT/proc/$1/maps" || fail "maps of $1: no $2"
}

# the sum of Rss over the VMAs of PID that have anonymous pages (those
# fork copies the page tables of: vma_needs_copy)
rss_of_anon_vmas()
{
	awk '$1 ~ /^[0-9a-f]+-[0-9a-f]+$/ { if (anon > 0) sum += rss; rss = 0; anon = 0; next }
		$1 == "Rss:" { rss = $2 } $1 == "Anonymous:" { anon = $2 }
		END { if (anon > 0) sum += rss; print sum + 0 }' "$MNT/proc/$1/smaps"
}

# as_user UID CMD...: run CMD with that uid and gid, no groups, no capabilities
as_user()
{
	local uid=$1

	shift
	setpriv --reuid="$uid" --regid="$uid" --clear-groups --inh-caps=-all "$@"
}

# ---------------------------------------------------------------- the boot

assert_eq systemd "$(cat "$MNT/proc/1/comm")" "pid 1 is init"
assert_eq kthreadd "$(cat "$MNT/proc/2/comm")" "pid 2 is kthreadd"
self=$(readlink "$MNT/proc/self")
assert_match '^[0-9]+$' "$self" "proc/self links to a pid"
assert_eq bash "$(cat "$MNT/proc/self/comm")" "proc/self is the login shell"
assert_eq "0 0 0 0 0 0 0" "$(cat "$MNT/proc/2/statm")" "a kernel thread's statm"
ctl_ok boot

anon0=$(mi AnonPages)
pt0=$(mi PageTables)
ks0=$(mi KernelStack)
cas0=$(mi Committed_AS)

# ---------------------------------------------------------------- spawn

pid=$(ctl spawn worker 2>&1) || die "spawn worker failed: $pid"
assert_match '^[0-9]+$' "$pid" "spawn replies the pid"
[ -d "$MNT/proc/$pid" ] || die "no $MNT/proc/$pid after spawn"
assert_eq worker "$(cat "$MNT/proc/$pid/comm")" "comm of the new task"
assert_eq "0 0" "$(stat -c '%u %g' "$MNT/proc/$pid")" "proc/$pid owned by root"
assert_eq $((ks0 + THREAD_SIZE_KB)) "$(mi KernelStack)" "KernelStack: one kernel stack more"
# 10.1: what is accounted is every private writable mapping: data, bss, heap,
# stack, and RELRO, which ld.so wrote before making it read-only (it keeps
# its charge: smaps shows "ac" on those r--p lines)
relro=$(awk '/^[0-9a-f]+-[0-9a-f]+ r--p /{ro=1; next} /^[0-9a-f]+-/{ro=0}
	ro && /^Size:/{size=$2} ro && /^VmFlags:.* ac /{sum+=size} END{print sum+0}' "$MNT/proc/$pid/smaps")
assert_eq $((8 + 8 + 16)) "$relro" "RELRO of the program, ld.so and libc stays charged"
assert_eq $((cas0 + $(status_kb "$pid" VmData) + $(status_kb "$pid" VmStk) + relro)) "$(mi Committed_AS)" \
	"Committed_AS after spawn: + the task's VmData + VmStk + RELRO"
assert_eq $((pt0 + $(status_kb "$pid" VmPTE) + PAGE / KiB)) "$(mi PageTables)" \
	"PageTables after spawn: the task's VmPTE + its PGD"
assert_eq $((anon0 + $(status_kb "$pid" RssAnon))) "$(mi AnonPages)" \
	"AnonPages after spawn: + the task's RssAnon"
ctl_ok spawn

# ---------------------------------------------------------------- mmap 1G

BASE=0x600000000000	# PGD slot 192: no table below it yet
rss=$(status_kb "$pid" VmRSS)
size=$(status_kb "$pid" VmSize)
cas=$(mi Committed_AS)
out=$(ctl mmap "$pid" 1G addr=$BASE flags=private,fixed 2>&1)
assert_eq "$BASE" "$out" "mmap 1G at $BASE replies the address"
assert_eq $((cas + GiB / KiB)) "$(mi Committed_AS)" "Committed_AS after mmap 1G: + 1048576 kB"
assert_eq "$rss" "$(status_kb "$pid" VmRSS)" "VmRSS after mmap 1G: no page yet"
assert_eq $((size + GiB / KiB)) "$(status_kb "$pid" VmSize)" "VmSize after mmap 1G"
assert_eq "600000000000-600040000000 rw-p 00000000 00:00 0 " "$(maps_line "$pid" 600000000000)" \
	"maps line of the 1G mapping"
ctl_ok "mmap 1G"

# ---------------------------------------------------------------- touch 300M

rss=$(status_kb "$pid" VmRSS)
rssanon=$(status_kb "$pid" RssAnon)
anon=$(mi AnonPages)
pgfault=$(vmstat_val pgfault)
pt=$(mi PageTables)
pte=$(status_kb "$pid" VmPTE)
cas=$(mi Committed_AS)
len=$((300 * MiB))
tables=$(tables_for $((BASE)) $((BASE + len)))
assert_eq 152 "$tables" "tables_for: 150 PTE tables + 1 PMD + 1 PUD for 300M at $BASE"
out=$(ctl touch "$pid" "$BASE" 300M write 2>&1)
assert_eq "faults=$((len / PAGE)) major=0" "$out" "touch 300M write: one fault per page"
assert_eq $((rss + len / KiB)) "$(status_kb "$pid" VmRSS)" "VmRSS after touch 300M"
assert_eq $((rssanon + len / KiB)) "$(status_kb "$pid" RssAnon)" "RssAnon after touch 300M"
assert_eq $((anon + len / KiB)) "$(mi AnonPages)" "AnonPages after touch 300M"
assert_eq $((pgfault + len / PAGE)) "$(vmstat_val pgfault)" "vmstat pgfault after touch 300M"
assert_eq $((pt + tables * PAGE / KiB)) "$(mi PageTables)" "PageTables after touch 300M: + 608 kB"
assert_eq $((pte + tables * PAGE / KiB)) "$(status_kb "$pid" VmPTE)" "VmPTE after touch 300M"
assert_eq "$cas" "$(mi Committed_AS)" "Committed_AS after touch: already charged at mmap"
assert_eq $((len / KiB)) "$(vma_kb "$pid" 600000000000 Rss)" "smaps Rss of the mapping"
assert_eq $((len / KiB)) "$(vma_kb "$pid" 600000000000 Private_Dirty)" "smaps Private_Dirty"
assert_eq $((len / KiB)) "$(vma_kb "$pid" 600000000000 Anonymous)" "smaps Anonymous"
# touching again costs nothing
out=$(ctl touch "$pid" "$BASE" 300M write 2>&1)
assert_eq "faults=0 major=0" "$out" "touch of present writable pages: no fault"
assert_eq $((pgfault + len / PAGE)) "$(vmstat_val pgfault)" "vmstat pgfault after the second touch"
ctl_ok "touch 300M"

# ---------------------------------------------------------------- touch heap

# malloc-like: the heap grows by brk first, then every page not yet there faults
read -r hs he < <(vma_range "$pid" '[heap]')
hs=$((16#$hs))
he=$((16#$he))
heap_rss=$(vma_kb "$pid" "$(printf %x $hs)" Rss)
rss=$(status_kb "$pid" VmRSS)
anon=$(mi AnonPages)
pgfault=$(vmstat_val pgfault)
pt=$(mi PageTables)
cas=$(mi Committed_AS)
len=$((8 * MiB))
# the heap's first page is there since start-up (its PTE table too)
tables=$(($(tables_for $hs $((hs + len))) - $(tables_for $hs $((hs + PAGE)))))
out=$(ctl touch "$pid" heap 8M write 2>&1)
assert_eq "faults=$(((len - heap_rss * KiB) / PAGE)) major=0" "$out" "touch heap 8M write"
assert_eq "$(printf '%x-%x' $hs $((hs + len)))" "$(vma_range "$pid" '[heap]' | tr ' ' -)" \
	"[heap] after touch heap 8M: brk moved to start + 8M"
assert_eq $((cas + (hs + len - he) / KiB)) "$(mi Committed_AS)" "Committed_AS after the heap grew"
assert_eq $((rss + len / KiB - heap_rss)) "$(status_kb "$pid" VmRSS)" "VmRSS after touch heap 8M"
assert_eq $((anon + len / KiB - heap_rss)) "$(mi AnonPages)" "AnonPages after touch heap 8M"
assert_eq $((pgfault + (len / KiB - heap_rss) / 4)) "$(vmstat_val pgfault)" "pgfault after touch heap"
assert_eq $((pt + tables * PAGE / KiB)) "$(mi PageTables)" "PageTables after touch heap 8M"
ctl_ok "touch heap"

# ---------------------------------------------------------------- fork

anon=$(mi AnonPages)
cas=$(mi Committed_AS)
ks=$(mi KernelStack)
pt=$(mi PageTables)
pgfault=$(vmstat_val pgfault)
parent_committed=$((cas - cas0))	# the worker is all that was charged since cas0
child=$(ctl fork "$pid" 2>&1) || die "fork $pid failed: $child"
assert_match '^[0-9]+$' "$child" "fork replies the child's pid"
[ -d "$MNT/proc/$child" ] || die "no $MNT/proc/$child after fork"
assert_eq worker "$(cat "$MNT/proc/$child/comm")" "the child's comm"
assert_eq "$pid" "$(status_kb "$child" PPid)" "the child's PPid"
assert_eq "$(status_kb "$pid" VmSize)" "$(status_kb "$child" VmSize)" "child's VmSize = parent's"
assert_eq "$(status_kb "$pid" RssAnon)" "$(status_kb "$child" RssAnon)" "child's RssAnon = parent's"
# file pages of VMAs without anonymous memory are not copied: the child faults them in
assert_eq "$(rss_of_anon_vmas "$pid")" "$(status_kb "$child" VmRSS)" \
	"child's VmRSS = parent's Rss in the VMAs fork copies (anon_vma)"
assert_eq "$anon" "$(mi AnonPages)" "AnonPages after fork: pages shared, none copied"
assert_eq $((cas + parent_committed)) "$(mi Committed_AS)" "Committed_AS after fork: charged again"
assert_eq $((ks + THREAD_SIZE_KB)) "$(mi KernelStack)" "KernelStack after fork"
assert_eq $((pt + $(status_kb "$child" VmPTE) + PAGE / KiB)) "$(mi PageTables)" \
	"PageTables after fork: the child's VmPTE + its PGD"
assert_eq "$pgfault" "$(vmstat_val pgfault)" "fork itself takes no fault"
ctl_ok fork

len=$((40 * MiB))
out=$(ctl touch "$child" "$BASE" 40M write 2>&1)
assert_eq "faults=$((len / PAGE)) major=0" "$out" "child touch 40M write: copy-on-write faults"
assert_eq $((anon + len / KiB)) "$(mi AnonPages)" "AnonPages after the child's 40M of COW: + 40960 kB"
assert_eq "$(status_kb "$pid" RssAnon)" "$(status_kb "$child" RssAnon)" \
	"child's RssAnon after COW: a copy replaced each shared page"
assert_eq $((pgfault + len / PAGE)) "$(vmstat_val pgfault)" "pgfault after the child's COW"
# the 1G mapping: 40M private to each, 260M still shared by two
shared=$((300 * MiB / KiB - len / KiB))
for p in "$pid" "$child"; do
	assert_eq $((300 * MiB / KiB)) "$(vma_kb "$p" 600000000000 Rss)" "$p: smaps Rss of the mapping"
	assert_eq $((len / KiB)) "$(vma_kb "$p" 600000000000 Private_Dirty)" "$p: smaps Private_Dirty"
	assert_eq "$shared" "$(vma_kb "$p" 600000000000 Shared_Dirty)" "$p: smaps Shared_Dirty"
	assert_eq $((len / KiB + shared / 2)) "$(vma_kb "$p" 600000000000 Pss)" "$p: smaps Pss"
done
ctl_ok "child COW"

assert_ok "exit child" ctl exit "$child"
[ -e "$MNT/proc/$child" ] && fail "proc/$child still there after exit"
assert_eq "$anon" "$(mi AnonPages)" "AnonPages after the child exits: its copies freed"
assert_eq "$cas" "$(mi Committed_AS)" "Committed_AS after the child exits"
assert_eq "$ks" "$(mi KernelStack)" "KernelStack after the child exits"
assert_eq "$pt" "$(mi PageTables)" "PageTables after the child exits"
assert_eq $((300 * MiB / KiB)) "$(vma_kb "$pid" 600000000000 Private_Dirty)" \
	"parent's mapping all private again"
ctl_ok "child exit"

# ---------------------------------------------------------------- munmap

size=$(status_kb "$pid" VmSize)
cas=$(mi Committed_AS)
rss=$(status_kb "$pid" VmRSS)
# the untouched upper half
assert_ok "munmap the upper 512M" ctl munmap "$pid" $((BASE + 512 * MiB)) 512M
assert_eq "600000000000-600020000000 rw-p 00000000 00:00 0 " "$(maps_line "$pid" 600000000000)" \
	"maps after munmap of the upper half"
assert_eq $((size - 512 * MiB / KiB)) "$(status_kb "$pid" VmSize)" "VmSize after munmap 512M"
assert_eq $((cas - 512 * MiB / KiB)) "$(mi Committed_AS)" "Committed_AS after munmap 512M"
assert_eq "$rss" "$(status_kb "$pid" VmRSS)" "VmRSS after munmap of untouched pages"
assert_fails_with "munmap of an unaligned address" "Invalid argument" \
	write_file "$CTL" "munmap $pid $((BASE + 1)) 4096"
assert_fails_with "munmap of length 0" "Invalid argument" write_file "$CTL" "munmap $pid $BASE 0"
assert_fails_with "mmap for a pid that does not exist" "No such process" \
	write_file "$CTL" "mmap 2000000000 4K"
assert_fails_with "mmap of a kernel thread" "Invalid argument" write_file "$CTL" "mmap 2 4K"
ctl_ok munmap

# ---------------------------------------------------------------- mprotect

cas=$(mi Committed_AS)
assert_ok "mprotect 1M read-only" ctl mprotect "$pid" "$BASE" 1M r
assert_eq "600000000000-600000100000 r--p 00000000 00:00 0 
600000100000-600020000000 rw-p 00000000 00:00 0 " \
	"$(awk '$1 ~ /^60000/' "$MNT/proc/$pid/maps")" "maps after mprotect: the VMA split in two"
assert_eq "$cas" "$(mi Committed_AS)" "Committed_AS after mprotect r: the charge stays (pages exist)"
assert_ok "mprotect back to rw" ctl mprotect "$pid" "$BASE" 1M rw
assert_eq "600000000000-600020000000 rw-p 00000000 00:00 0 " "$(maps_line "$pid" 600000000000)" \
	"maps after mprotect back: merged again"
assert_eq "$cas" "$(mi Committed_AS)" "Committed_AS after mprotect rw: nothing charged twice"
assert_fails_with "mprotect of an unmapped range" "Cannot allocate memory" \
	write_file "$CTL" "mprotect $pid $((BASE + 512 * MiB)) 4096 rw"
assert_fails_with "mprotect of an unaligned address" "Invalid argument" \
	write_file "$CTL" "mprotect $pid $((BASE + 1)) 4096 r"
# a shared mapping of a file opened read-only can never become writable
out=$(ctl mmap "$pid" 8K prot=r flags=shared file=/srv/data.bin 2>&1)
assert_match '^0x[0-9a-f]+$' "$out" "mmap 8K of a file, shared read-only"
assert_fails_with "mprotect rw of a read-only shared file mapping" "Permission denied" \
	write_file "$CTL" "mprotect $pid $out 8K rw"
assert_ok "munmap the file mapping" ctl munmap "$pid" "$out" 8K
ctl_ok mprotect

# ---------------------------------------------------------------- brk

read -r hs he < <(vma_range "$pid" '[heap]')
cas=$(mi Committed_AS)
data=$(status_kb "$pid" VmData)
out=$(ctl brk "$pid" +1M 2>&1)
assert_eq "$(printf '%#x' $((16#$he + MiB)))" "$out" "brk +1M replies the new break"
assert_eq "$hs $(printf %x $((16#$he + MiB)))" "$(vma_range "$pid" '[heap]')" "[heap] after brk +1M"
assert_eq $((cas + MiB / KiB)) "$(mi Committed_AS)" "Committed_AS after brk +1M"
assert_eq $((data + MiB / KiB)) "$(status_kb "$pid" VmData)" "VmData after brk +1M"
out=$(ctl brk "$pid" -1M 2>&1)
assert_eq "0x$he" "$out" "brk -1M replies the old break"
assert_eq "$cas" "$(mi Committed_AS)" "Committed_AS after brk -1M"
assert_fails_with "brk below the start of the heap" "Cannot allocate memory" \
	write_file "$CTL" "brk $pid -$(((16#$he - 16#$hs) + PAGE))"
assert_fails_with "brk without a sign" "Invalid argument" write_file "$CTL" "brk $pid 1M"
ctl_ok brk

# ---------------------------------------------------------------- mlock

LOCK=$((BASE + 100 * MiB))	# inside the touched 300M
mlocked=$(mi Mlocked)
unevictable=$(mi Unevictable)
assert_ok "mlock 4M of touched memory" ctl mlock "$pid" $LOCK 4M
assert_eq 4096 "$(status_kb "$pid" VmLck)" "VmLck after mlock 4M"
assert_eq $((mlocked + 4096)) "$(mi Mlocked)" "Mlocked after mlock 4M"
assert_eq $((unevictable + 4096)) "$(mi Unevictable)" "Unevictable after mlock 4M"
assert_eq 4096 "$(vma_kb "$pid" "$(printf %x $LOCK)" Locked)" "smaps Locked of the locked VMA"
assert_fails_with "mlock of an unmapped range" "Cannot allocate memory" \
	write_file "$CTL" "mlock $pid $((BASE + 512 * MiB)) 4096"
# ---------------------------------------------------------------- madvise
assert_fails_with "madvise dontneed of mlocked memory" "Invalid argument" \
	write_file "$CTL" "madvise $pid $LOCK 4M dontneed"
assert_ok "munlock" ctl munlock "$pid" $LOCK 4M
assert_eq 0 "$(status_kb "$pid" VmLck)" "VmLck after munlock"
assert_eq "$mlocked" "$(mi Mlocked)" "Mlocked after munlock"
ctl_ok mlock

rss=$(status_kb "$pid" VmRSS)
anon=$(mi AnonPages)
pt=$(mi PageTables)
assert_ok "madvise 10M dontneed" ctl madvise "$pid" "$BASE" 10M dontneed
assert_eq $((rss - 10 * MiB / KiB)) "$(status_kb "$pid" VmRSS)" "VmRSS after madvise dontneed 10M"
assert_eq $((anon - 10 * MiB / KiB)) "$(mi AnonPages)" "AnonPages after madvise dontneed 10M"
assert_eq "$pt" "$(mi PageTables)" "PageTables after madvise: the tables stay"
assert_eq "faults=$((10 * MiB / PAGE)) major=0" "$(ctl touch "$pid" "$BASE" 10M write 2>&1)" \
	"touching the dropped range faults again"
assert_eq "$anon" "$(mi AnonPages)" "AnonPages after touching it again"
assert_fails_with "madvise of an unsupported advice" "Invalid argument" \
	write_file "$CTL" "madvise $pid $BASE 4096 willneed"
assert_fails_with "madvise of an unmapped range" "Cannot allocate memory" \
	write_file "$CTL" "madvise $pid $((BASE + 512 * MiB)) 4096 dontneed"
ctl_ok madvise

# ---------------------------------------------------------------- overcommit

# mode 0 refuses one request larger than RAM + swap (§10.2)
ram_swap=$(($(mi MemTotal) + $(mi SwapTotal)))
cas=$(mi Committed_AS)
assert_fails_with "mode 0: mmap of RAM + swap + 1 page" "Cannot allocate memory" \
	write_file "$CTL" "mmap $pid $((ram_swap * KiB + PAGE))"
assert_eq "$cas" "$(mi Committed_AS)" "Committed_AS after the refused mode 0 mmap"
out=$(ctl mmap "$pid" $((ram_swap * KiB)) 2>&1)
assert_match '^0x[0-9a-f]+$' "$out" "mode 0: mmap of exactly RAM + swap"
assert_eq $((cas + ram_swap)) "$(mi Committed_AS)" "Committed_AS after mmap of RAM + swap"
assert_ok "munmap it" ctl munmap "$pid" "$out" $((ram_swap * KiB))
ctl_ok "overcommit mode 0"

# mode 2: an unprivileged task may commit up to CommitLimit less the admin
# reserve and less min(VmSize / 32, user_reserve_kbytes); the check is
# Committed_AS + pages < allowed, so the largest request is one page less
big=$(ctl spawn big uid=1000 2>&1) || die "spawn big uid=1000 failed: $big"
assert_eq "1000 1000" "$(stat -c '%u %g' "$MNT/proc/$big")" "proc/$big owned by uid 1000"
assert_ok "overcommit_memory=2" write_file "$VM/overcommit_memory" 2
limit=$(($(mi CommitLimit) / 4))
committed=$(($(mi Committed_AS) / 4))
admin=$(($(cat "$VM/admin_reserve_kbytes") / 4))
user=$(($(cat "$VM/user_reserve_kbytes") / 4))
total_vm=$(($(status_kb "$big" VmSize) / 4))
reserve=$((total_vm / 32 < user ? total_vm / 32 : user))
pages=$((limit - admin - reserve - committed - 1))
note "mode 2: CommitLimit $limit pages, committed $committed, admin $admin, user reserve $reserve: $pages pages"
[ "$pages" -gt 0 ] || die "mode 2: no room left to test the boundary ($pages pages)"
cas=$(mi Committed_AS)
assert_fails_with "mode 2: mmap of one page past the limit" "Cannot allocate memory" \
	write_file "$CTL" "mmap $big $(((pages + 1) * PAGE))"
assert_eq "$cas" "$(mi Committed_AS)" "Committed_AS after the refused mode 2 mmap"
assert_contains "__vm_enough_memory: pid: $big, comm: big, bytes: $(((pages + 1) * PAGE)) not enough memory for the allocation" \
	"$(cat "$MNT/sim/dmesg")" "the kernel log names the refused request"
out=$(ctl mmap "$big" $((pages * PAGE)) 2>&1)
assert_match '^0x[0-9a-f]+$' "$out" "mode 2: mmap of exactly the largest allowed size"
assert_eq $((cas + pages * 4)) "$(mi Committed_AS)" "Committed_AS after the largest mmap"
assert_fails_with "mode 2: one more page" "Cannot allocate memory" write_file "$CTL" "mmap $big 4096"
assert_fails_with "mode 2: fork of the task would charge it again" "Cannot allocate memory" \
	write_file "$CTL" "fork $big"
# MAP_NORESERVE does not escape accounting in mode 2
assert_fails_with "mode 2: noreserve is charged too" "Cannot allocate memory" \
	write_file "$CTL" "mmap $big 4096 flags=private,noreserve"
assert_ok "munmap the largest mapping" ctl munmap "$big" "$out" $((pages * PAGE))
assert_eq "$cas" "$(mi Committed_AS)" "Committed_AS after munmap of the largest mapping"
assert_ok "overcommit_memory=0" write_file "$VM/overcommit_memory" 0
ctl_ok "overcommit mode 2"

# RLIMIT_MEMLOCK (8 MiB) holds an unprivileged task
out=$(ctl mmap "$big" 9M 2>&1)
assert_fails_with "uid 1000: mlock of 9M (RLIMIT_MEMLOCK 8M)" "Cannot allocate memory" \
	write_file "$CTL" "mlock $big $out 9M"
assert_ok "uid 1000: mlock of 8M" ctl mlock "$big" "$out" 8M
assert_eq $((8 * MiB / KiB)) "$(status_kb "$big" VmLck)" "mlock populates: all 8M locked"
assert_ok "exit big" ctl exit "$big"
ctl_ok "exit big"

# ---------------------------------------------------------------- segfault

crasher=$(ctl spawn crasher 2>&1) || die "spawn crasher failed: $crasher"
text=$(awk '$2 == "r-xp" && $NF == "/usr/bin/crasher" { print $1; exit }' "$MNT/proc/$crasher/maps")
IFS=- read -r ts te <<<"$text"
assert_fails_with "touch of an unmapped address: SIGSEGV" "Bad address" \
	write_file "$CTL" "touch $crasher 0x1000 4096 write"
[ -e "$MNT/proc/$crasher" ] && fail "proc/$crasher still there after its segfault"
# error 6: a user-mode write to a page that is not present
assert_match "crasher\[$crasher\]: segfault at 1000 ip 0*$ts sp [0-9a-f]{16} error 6 in crasher\[$ts\+$(printf %x $((16#$te - 16#$ts)))\]" \
	"$(cat "$MNT/sim/dmesg")" "sim/dmesg has the segfault line"
assert_contains "crasher[$crasher]: segfault at 1000" "$(cat "$MNT/dev/kmsg")" "dev/kmsg has it too"
assert_fails_with "touch of a dead task" "No such process" \
	write_file "$CTL" "touch $crasher 0x1000 4096 write"
# a write to a read-only mapping is a segfault too (error 7: present, write)
crasher=$(ctl spawn crasher 2>&1) || die "spawn crasher failed: $crasher"
addr=$(ctl mmap "$crasher" 4K prot=r)
assert_eq "faults=1 major=0" "$(ctl touch "$crasher" "$addr" 4K read 2>&1)" "read of a read-only page"
assert_fails_with "write to a read-only page" "Bad address" \
	write_file "$CTL" "touch $crasher $addr 4096 write"
assert_contains "crasher[$crasher]: segfault at ${addr#0x} ip" "$(cat "$MNT/sim/dmesg")" \
	"segfault line of the write to a read-only page"
assert_match "crasher\[$crasher\]: segfault at ${addr#0x} ip [0-9a-f]+ sp [0-9a-f]+ error 7 " \
	"$(cat "$MNT/sim/dmesg")" "error 7: present, write, user"
[ -e "$MNT/proc/$crasher" ] && fail "proc/$crasher still there after its segfault"
ctl_ok segfault

# ---------------------------------------------------------------- oom_score_adj

usr=$(ctl spawn editor uid=1000 2>&1) || die "spawn editor uid=1000 failed: $usr"
ADJ=$MNT/proc/$usr/oom_score_adj
assert_eq 0 "$(cat "$ADJ")" "oom_score_adj of a new task"
assert_ok "write 500" write_file "$ADJ" 500
assert_eq 500 "$(cat "$ADJ")" "oom_score_adj after writing 500"
# oom_adj reads oom_score_adj * 17 / 1000
assert_eq $((500 * 17 / 1000)) "$(cat "$MNT/proc/$usr/oom_adj")" "oom_adj after oom_score_adj 500"
assert_fails_with "write 1001" "Invalid argument" write_file "$ADJ" 1001
assert_fails_with "write -1001" "Invalid argument" write_file "$ADJ" -1001
assert_fails_with "write junk" "Invalid argument" write_file "$ADJ" abc
assert_eq 500 "$(cat "$ADJ")" "oom_score_adj after the refused writes"
# root's write set oom_score_adj_min: the owner may raise, not lower
assert_fails_with "uid 1000 lowers to 0" "Permission denied" as_user 1000 bash -c 'echo 0 > "$1"' _ "$ADJ"
assert_eq 500 "$(cat "$ADJ")" "oom_score_adj after the refused lowering"
assert_ok "uid 1000 raises to 600" as_user 1000 bash -c 'echo 600 > "$1"' _ "$ADJ"
assert_eq 600 "$(cat "$ADJ")" "oom_score_adj after uid 1000 raised it"
assert_fails_with "uid 1000 writes another user's task" "Permission denied" \
	as_user 1000 bash -c 'echo 600 > "$1"' _ "$MNT/proc/$pid/oom_score_adj"
# §4.6: (1000 + badness * 1000 / totalpages) * 2 / 3, badness = rss + swap + page
# tables in pages + adj * (totalpages / 1000)
totalpages=$((($(mi MemTotal) + $(mi SwapTotal)) / 4))
points=$((($(status_kb "$usr" VmRSS) + $(status_kb "$usr" VmSwap) + $(status_kb "$usr" VmPTE)) / 4))
badness=$((points + 600 * (totalpages / 1000)))
assert_eq $(((1000 + badness * 1000 / totalpages) * 2 / 3)) "$(cat "$MNT/proc/$usr/oom_score")" \
	"oom_score with oom_score_adj 600"
assert_eq 0 "$(cat "$MNT/proc/1/oom_score")" "init's oom_score"
assert_ok "kill editor" ctl kill "$usr"
[ -e "$MNT/proc/$usr" ] && fail "proc/$usr still there after kill"
assert_fails_with "kill of a task that is gone" "No such process" write_file "$CTL" "kill $usr"
assert_fails_with "kill init" "Operation not permitted" write_file "$CTL" "kill 1"
assert_fails_with "kill kthreadd" "Operation not permitted" write_file "$CTL" "kill 2"
assert_fails_with "exit of a pid that does not exist" "No such process" \
	write_file "$CTL" "exit 2000000000"
ctl_ok "oom_score_adj"

# ---------------------------------------------------------------- exit

assert_ok "exit worker" ctl exit "$pid" 0
[ -e "$MNT/proc/$pid" ] && fail "proc/$pid still there after exit"
[[ " $(echo "$MNT"/proc/[0-9]*) " == *"/proc/$pid "* ]] && fail "proc lists $pid after exit"
assert_eq "$anon0" "$(mi AnonPages)" "AnonPages back to before the spawn"
assert_eq "$pt0" "$(mi PageTables)" "PageTables back to before the spawn"
assert_eq "$ks0" "$(mi KernelStack)" "KernelStack back to before the spawn"
assert_eq "$cas0" "$(mi Committed_AS)" "Committed_AS back to before the spawn"
ctl_ok "exit"

umount_sim || fail "mmsimfs exited with status $?"
