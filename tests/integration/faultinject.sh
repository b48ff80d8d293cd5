# SPDX-License-Identifier: GPL-2.0
#
# Fault injection through a real mount, as a kernel tester drives it: the
# debugfs directories with the kernel's files, modes, defaults and parsing;
# fail_page_alloc and failslab failing what sim/ctl and the tasks allocate,
# with the kernel's FAULT_INJECTION lines (and call trace) in dev/kmsg and
# no allocation-failure report; space skipping the first calls; fail-nth
# failing a fork at each of its allocations in turn; make-it-fail with
# task-filter; the slab failslab flag with cache-filter.
# Every failure gives everything back: MemFree, the tasks and `check`.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_cmd setpriv util-linux

mount_sim --machine tiny

DBG=$MNT/sys/kernel/debug
FPA=$DBG/fail_page_alloc
FSL=$DBG/failslab

# set DIR FILE=VALUE...: echo each value into its file
set_attr()
{
	local dir=$1 kv

	shift
	for kv in "$@"; do
		assert_ok "echo ${kv#*=} > ${dir##*/}/${kv%%=*}" write_file "$dir/${kv%%=*}" "${kv#*=}"
	done
}

nr_tasks() { find "$MNT/proc" -maxdepth 1 -name '[0-9]*' | wc -l; }

# ---------------------------------------------------------------- the files

assert_eq 700 "$(stat -c %a "$DBG")" "debugfs root mode"
assert_eq 755 "$(stat -c %a "$FPA")" "fail_page_alloc mode"
assert_eq "ignore-gfp-highmem ignore-gfp-wait interval min-order probability space task-filter times verbose verbose_ratelimit_burst verbose_ratelimit_interval_ms" \
	"$(LC_ALL=C ls "$FPA" | tr '\n' ' ' | sed 's/ $//')" "fail_page_alloc files"
assert_eq "cache-filter ignore-gfp-wait interval probability space task-filter times verbose verbose_ratelimit_burst verbose_ratelimit_interval_ms" \
	"$(LC_ALL=C ls "$FSL" | tr '\n' ' ' | sed 's/ $//')" "failslab files"
for f in "$FPA"/* "$FSL"/*; do
	assert_eq 600 "$(stat -c %a "$f")" "mode of ${f#"$DBG"/}"
done
assert_eq "0 1 1 0 2 0 10 N Y Y 1" \
	"$(cd "$FPA" && cat probability interval times space verbose verbose_ratelimit_interval_ms \
		verbose_ratelimit_burst task-filter ignore-gfp-wait ignore-gfp-highmem min-order |
		tr '\n' ' ' | sed 's/ $//')" "fail_page_alloc defaults"
assert_eq "N Y" "$(cat "$FSL/cache-filter" "$FSL/ignore-gfp-wait" | tr '\n' ' ' | sed 's/ $//')" \
	"failslab's own defaults"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups ls "$DBG" 2>&1)
assert_eq 2 "$?" "nobody may not list debugfs: $out"

# parsing: simple_attr_write's kstrtoull/kstrtoll; bools ignore junk
set_attr "$FPA" probability=0x10
assert_eq 16 "$(cat "$FPA/probability")" "probability from hex"
assert_fails_with "echo -1 > probability" "Invalid argument" write_file "$FPA/probability" -1
assert_fails_with "echo 2^64 > interval" "Numerical result out of range" \
	write_file "$FPA/interval" 18446744073709551616
assert_fails_with "echo 5abc > times" "Invalid argument" write_file "$FPA/times" 5abc
set_attr "$FPA" times=4294967295
assert_eq -1 "$(cat "$FPA/times")" "times is an atomic_t: 2^32-1 reads -1"
set_attr "$FPA" task-filter=maybe
assert_eq N "$(cat "$FPA/task-filter")" "a bool ignores what is no boolean"
set_attr "$FPA" probability=0 times=1

# ---------------------------------------------------------------- fail_page_alloc

set_attr "$FPA" probability=100 verbose=1
assert_ok "order 0 is below min-order" ctl alloc_pages order=0 gfp=GFP_ATOMIC
assert_ok "sleeping allocations are ignored" ctl alloc_pages order=1
out=$(ctl alloc_pages order=1 gfp=GFP_ATOMIC 2>&1)
assert_eq 1 "$?" "an atomic order-1 allocation fails: $out"
assert_contains "order-1 allocation failed" "$out" "mmsimctl says why"
assert_eq 0 "$(cat "$FPA/times")" "times used up"
kmsg=$(cat "$MNT/dev/kmsg")
assert_contains ';FAULT_INJECTION: forcing a failure.\x0aname fail_page_alloc, interval 1, probability 100, space 0, times 1' \
	"$kmsg" "dev/kmsg: one record, its newline escaped"
[[ "$kmsg" != *"page allocation failure"* ]] || fail "an injected failure printed warn_alloc"
assert_ok "times 0: nothing fails" ctl alloc_pages order=1 gfp=GFP_ATOMIC
ctl_ok "an injected page allocation failure"

# space: order-0 calls use it up one page each; the third fails
set_attr "$FPA" min-order=0 ignore-gfp-wait=N space=3 times=1 verbose=0
assert_ok "first of three" ctl alloc_pages
assert_ok "second of three" ctl alloc_pages
assert_fails_with "the third" "order-0 allocation failed" ctl alloc_pages
assert_eq 1 "$(cat "$FPA/space")" "space left"

# a task's page faults: the touch fails, then goes on where it stopped
pid=$(ctl spawn app 2>&1) || die "spawn app failed: $pid"
assert_ok "mmap 1M" ctl mmap "$pid" 1M name=fimap
set_attr "$FPA" ignore-gfp-highmem=N space=0 interval=100 times=1
assert_fails_with "touch fails at a fault" "Cannot allocate memory" ctl touch "$pid" fimap 1M write
ctl_ok "a failed fault"
assert_ok "the touch goes on" ctl touch "$pid" fimap 1M write
set_attr "$FPA" probability=0 interval=1 verbose=2 min-order=1 ignore-gfp-wait=Y \
	ignore-gfp-highmem=Y
# the blocks the first two calls took are the workbench's; what failed kept nothing
ctl_ok "fail_page_alloc"

# ---------------------------------------------------------------- failslab

set_attr "$FSL" ignore-gfp-wait=N probability=100 times=1 verbose=2
assert_fails_with "kmalloc 64" "Cannot allocate memory" ctl kmalloc 64
assert_contains 'FAULT_INJECTION: forcing a failure.\x0aname failslab, interval 1, probability 100, space 0, times 1' \
	"$(cat "$MNT/dev/kmsg")" "the failslab record"
kmsg=$(cut -d';' -f2- <"$MNT/dev/kmsg" | tr '\n' '|')
assert_contains "Call Trace:| <TASK>| dump_stack_lvl| should_fail_ex| should_failslab| kmem_cache_alloc_node_noprof| wb_kmalloc| </TASK>" \
	"$kmsg" "verbose 2: the simulated call trace"
[[ "$(cat "$MNT/dev/kmsg")" != *"SLUB: Unable to allocate"* ]] || fail "an injected failure printed SLUB's report"

# fork fails at each of its first allocations in turn and gives everything back
tasks=$(nr_tasks)
fails=0
for n in 1 2 3 5 8 13 21; do
	# the count runs on from earlier calls: some allocation of the fork fails
	set_attr "$FSL" interval="$n" times=1 verbose=0
	out=$(ctl fork "$pid" 2>&1)
	st=$?
	ctl_ok "fork with failslab interval $n"
	if [ "$st" != 0 ]; then
		assert_contains "Cannot allocate memory" "$out" "fork's ENOMEM at interval $n"
		assert_eq "$tasks" "$(nr_tasks)" "no task left by a failed fork (interval $n)"
		fails=$((fails + 1))
	else
		tasks=$((tasks + 1))
	fi
done
note "$fails of 7 forks failed"
assert_ne 0 "$fails" "some forks failed"
set_attr "$FSL" probability=0 interval=1 times=1

# fail-nth: the task's n-th allocation fails, whatever probability says
assert_eq 644 "$(stat -c %a "$MNT/proc/$pid/task/$pid/fail-nth")" "fail-nth mode"
tasks=$(nr_tasks)
n=1
while :; do
	set_attr "$MNT/proc/$pid/task/$pid" fail-nth=$n
	out=$(ctl fork "$pid" 2>&1) && break
	assert_contains "Cannot allocate memory" "$out" "fork with fail-nth $n"
	assert_eq 0 "$(cat "$MNT/proc/$pid/task/$pid/fail-nth")" "fail-nth $n was injected"
	assert_eq "$tasks" "$(nr_tasks)" "no task left by a fork failed at its allocation $n"
	ctl_ok "fork failed at its allocation $n"
	n=$((n + 1))
	[ "$n" -lt 100 ] || { fail "fork never succeeds"; break; }
done
assert_eq 31 "$n" "fork's 30 slab allocations (with fimap's VMA) failed in turn"
set_attr "$MNT/proc/$pid/task/$pid" fail-nth=0

# task-filter: only tasks whose make-it-fail is 1 (root only; 0 or 1)
assert_eq 644 "$(stat -c %a "$MNT/proc/$pid/make-it-fail")" "make-it-fail mode"
assert_eq 0 "$(cat "$MNT/proc/$pid/make-it-fail")" "make-it-fail default"
assert_fails_with "make-it-fail 2" "Invalid argument" write_file "$MNT/proc/$pid/make-it-fail" 2
set_attr "$MNT/proc/$pid" make-it-fail=1
set_attr "$FSL" task-filter=Y probability=100 times=-1
assert_ok "sim/ctl is no flagged task" ctl kmalloc 64
tasks=$(nr_tasks)
assert_fails_with "the flagged task's fork" "Cannot allocate memory" ctl fork "$pid"
assert_eq "$tasks" "$(nr_tasks)" "the failed fork left no task"
set_attr "$MNT/proc/$pid" make-it-fail=0
child=$(ctl fork "$pid" 2>&1) || fail "fork after make-it-fail 0: $child"
set_attr "$FSL" task-filter=N

# cache-filter: only caches whose failslab file says 1
assert_eq "0" "$(cat "$MNT/sys/kernel/slab/kmalloc-64/failslab")" "failslab flag default"
assert_eq 600 "$(stat -c %a "$MNT/sys/kernel/slab/kmalloc-64/failslab")" "failslab flag mode"
set_attr "$MNT/sys/kernel/slab/kmalloc-64" failslab=1
set_attr "$FSL" cache-filter=Y
assert_fails_with "kmalloc 64 in the flagged cache" "Cannot allocate memory" ctl kmalloc 64
assert_ok "kmalloc 128 in another" ctl kmalloc 128
set_attr "$FSL" probability=0 cache-filter=N times=1
set_attr "$MNT/sys/kernel/slab/kmalloc-64" failslab=0
ctl_ok "failslab"

umount_sim || fail "mmsimfs exited with status $?"
