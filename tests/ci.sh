#!/bin/bash
# Everything CI checks, from a fresh clone on Debian 12, as root:
# the packages the build and the tests need, a warnings-as-errors build
# with every test (unit, FUSE integration, real tools), all of them again
# under ASan+UBSan, cppcheck, make distcheck, and each fuzz target for 45
# seconds.
#
#   bash tests/ci.sh
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

packages=(autoconf automake make gcc pkg-config libfuse3-dev fuse3 libglib2.0-dev check
	  procps util-linux prometheus-node-exporter curl cppcheck htop smem python3-psutil tmux
	  atop numactl clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "ci: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
[ -e /dev/fuse ] || { echo "ci: /dev/fuse is missing: FUSE tests cannot run" >&2; exit 1; }

# the README's first command configures in the source tree; VPATH builds need it clean
if [ -f config.status ]; then
	make -s distclean >/dev/null 2>&1 || rm -f config.status
fi
autoreconf -fi
jobs=$(nproc)

# 1. the build users get, with warnings as errors, and every test
rm -rf build && mkdir build && cd build
../configure -q --enable-werror
make -s -j"$jobs"
status=0
make -s -j"$jobs" check || status=$?
cat test-suite.log | sed -n '/^FAIL\|^ERROR/,/^$/p' | head -200 || true
grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' test-suite.log
pass=$(sed -n 's/^# PASS: *//p' test-suite.log)
fail=$(( $(sed -n 's/^# FAIL: *//p' test-suite.log) + $(sed -n 's/^# ERROR: *//p' test-suite.log) ))
skip=$(sed -n 's/^# SKIP: *//p' test-suite.log)
cd "$top"
if ((skip)); then
	echo "ci: $skip tests were skipped; every FUSE and tool test must run here" >&2
	status=1
fi

# 2. everything again under AddressSanitizer and UBSan: the unit tests with
#    leak checking, then the mounts and tools against the sanitized daemon
rm -rf build-asan && mkdir build-asan && cd build-asan
../configure -q --enable-werror --enable-sanitizers
make -s -j"$jobs"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ASAN_OPTIONS=detect_leaks=1 make -s -j"$jobs" check-unit || status=1
ASAN_OPTIONS=detect_leaks=0 make -s -j"$jobs" check || { status=1; cat test-suite.log | head -100; }
cd "$top"

# 3. static analysis
cppcheck -q --error-exitcode=1 --enable=warning,performance,portability --std=c11 \
	--inline-suppr -I . -D__GNUC__ --suppress=missingIncludeSystem mm procfs src || status=1

# 4. the release tarball builds and passes its own checks
cd build
make -s distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror >/dev/null || { echo "ci: distcheck failed" >&2; status=1; }
cd "$top"

# 5. each libFuzzer target for FUZZ_SECONDS (45) from the seeds: a crash, a
#    sanitizer report, a machine_check() violation or a slow input fails;
#    with the clang build that is about 5 minutes on 2 CPUs
cd build
make -s -j"$jobs" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-45}" || { echo "ci: a fuzz target found something (build/build-fuzz/fuzz-artifacts)" >&2; status=1; }
cd "$top"

echo "$pass passed, $fail failed"
exit $status
