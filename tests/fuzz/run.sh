#!/bin/bash
# Run each libFuzzer target for FUZZ_SECONDS (default 60) from the seeds in
# the tree, keeping what it finds in fuzz-corpus/TARGET of the build; print
# each target's executions and speed. Fails when a target finds a crash, a
# sanitizer report, a machine_check() violation or an input slower than
# FUZZ_TIMEOUT seconds (default 10); the input is in fuzz-artifacts/.
#
#   run.sh SRCDIR TARGET...		(make fuzz runs it)
set -uo pipefail
src=$1
shift
seconds=${FUZZ_SECONDS:-60}
timeout=${FUZZ_TIMEOUT:-10}
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# A small quarantine: each boot allocates afresh, and with the default 256 MiB
# a third of the time went to faulting in new pages. Leaks are checked once,
# by LeakSanitizer at exit, not per input: the kernel log grows with refused
# inputs, so libFuzzer's per-input check (when an input allocates more than
# it frees) ran on most inputs and cost more than the input itself.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16}
status=0
mkdir -p fuzz-artifacts
for target in "$@"; do
	name=$(basename "$target")
	corpus=fuzz-corpus/$name
	log=fuzz-artifacts/$name.log
	mkdir -p "$corpus"
	args=(-max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -detect_leaks=0
	      -print_final_stats=1 -artifact_prefix="fuzz-artifacts/$name-")
	[ -f "$src/$name.dict" ] && args+=(-dict="$src/$name.dict")
	rc=0
	"$target" "${args[@]}" "$corpus" "$src/corpus/$name" >"$log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if ((rc)); then
		echo "fuzz: $name: FINDING after ${execs:-?} executions (exit $rc); log $PWD/$log"
		grep -E '==fuzz== FINDING|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|Test unit written' \
			"$log" | head -20
		tail -40 "$log"
		status=1
	else
		echo "fuzz: $name: ${execs:-?} executions in ${seconds} s (${speed:-?}/s), ${cov:-cov: ?}," \
		     "corpus $(find "$corpus" -type f | wc -l) inputs, no finding"
	fi
done
exit $status
