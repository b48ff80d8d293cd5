#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demand_paging.sh - mmap promises memory, the first touch of each page
# delivers it.
#
# Boots the "default" machine (4 GiB) with a manual clock in a temporary
# directory and starts a program, "app". It maps 64 MiB of anonymous memory
# and touches it in steps, then maps a file and reads it, once cold and once
# from a second program. After each step it prints what moved in the task's
# /proc/<pid>/status (VmSize, VmRSS, RssAnon, RssFile, VmPTE), in meminfo
# (AnonPages, Cached, PageTables, Committed_AS) and in vmstat (pgfault,
# pgmajfault). Needs root (FUSE) and a built tree: ./mmsimfs and ./mmsimctl
# from the repository root, or $MMSIMFS and $MMSIMCTL, or the installed
# programs.
#
#	examples/demand_paging.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== spawn app: pid 35, VmSize 2804 kB, VmRSS 1032 kB
#	== mmap 64M: a VMA, charged to Committed_AS, and not one page
#	   ctl mmap 35 64M name=buffer: 0x7f7dfb757000
#	   VmSize +65536 kB, Committed_AS +65536 kB
#	   maps: 7f7dfb757000-7f7dff757000 rw-p 00000000 00:00 0                          [anon:buffer]
#	== read the first 16M: a fault per page, each maps the zero page
#	   ctl touch 35 buffer 16M read: faults=4096 major=0
#	   VmPTE +36 kB, PageTables +36 kB, pgfault +4096
#	== write the same 16M: a fault per page, each gets a page of its own
#	   ctl touch 35 buffer 16M write: faults=4096 major=0
#	   VmRSS +16384 kB, RssAnon +16384 kB, AnonPages +16384 kB, pgfault +4096
#	== write the first 32M: only the 16M not written yet fault
#	   ctl touch 35 buffer 32M write: faults=4096 major=0
#	   VmRSS +16384 kB, RssAnon +16384 kB, VmPTE +32 kB, AnonPages +16384 kB,
#	   PageTables +32 kB, pgfault +4096
#	== write the first 32M again: every page is there, no fault
#	   ctl touch 35 buffer 32M write: faults=0 major=0
#	   nothing moved
#	== madvise(MADV_DONTNEED) the first 8M: the pages go, the tables stay
#	   VmRSS -8192 kB, RssAnon -8192 kB, AnonPages -8192 kB
#	== read those 8M again: zero pages, no memory
#	   ctl touch 35 0x7f7dfb757000 8M read: faults=2048 major=0
#	   pgfault +2048
#	== mmap a 16M file read-only
#	   ctl mmap 35 16M prot=r file=/srv/reference.db: 0x7f7dfa757000
#	   VmSize +16384 kB
#	== read it: major faults read the file into the page cache
#	   ctl touch 35 reference.db 16M read: faults=386 major=1
#	   VmRSS +16384 kB, RssFile +16384 kB, VmPTE +32 kB, Cached +16384 kB,
#	   PageTables +32 kB, pgfault +386, pgmajfault +1
#	== a second program (pid 36) reads the same file: page cache hits
#	   ctl touch 36 reference.db 16M read: faults=257 major=0
#	   VmRSS +16384 kB, RssFile +16384 kB, VmPTE +32 kB, PageTables +32 kB,
#	   pgfault +257
#	== app exits: its pages, tables and charge go; the file stays cached
#	   AnonPages -24660 kB, PageTables -152 kB, Committed_AS -65924 kB
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-demand_paging.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
"$mmsimfs" --machine default --clock manual "$mnt"

# the figures this story follows, one "name value" line each
snap()
{
	# nothing of a task that exited
	[ -e "$mnt/proc/$1" ] &&
		awk '$1 ~ /^(VmSize|VmRSS|RssAnon|RssFile|VmPTE):$/ { print substr($1, 1, length($1) - 1), $2 }' \
			"$mnt/proc/$1/status"
	awk '$1 ~ /^(AnonPages|Cached|PageTables|Committed_AS):$/ { print substr($1, 1, length($1) - 1), $2 }' \
		"$mnt/proc/meminfo"
	awk '$1 == "pgfault" || $1 == "pgmajfault"' "$mnt/proc/vmstat"
}

# moved BEFORE AFTER: the figures that changed, with their change
moved()
{
	awk 'NR == FNR { was[$1] = $2; next }
		$2 != was[$1] {
			item = sprintf("%s %+d%s", $1, $2 - was[$1], $1 ~ /^pg/ ? "" : " kB")
			if (line != "" && length(line) + length(item) > 72) { print "   " line ","; line = "" }
			line = line (line == "" ? "" : ", ") item
		}
		END { print "   " (line == "" ? "nothing moved" : line) }' <(echo "$1") <(echo "$2")
}

# step PID WHAT CTL-ARGS...: run one sim/ctl command as the story's next step
step()
{
	local pid=$1 what=$2 before reply

	shift 2
	before=$(snap "$pid")
	say "$what"
	reply=$(ctl "$@")
	[ -n "$reply" ] && echo "   ctl $*: $reply"
	moved "$before" "$(snap "$pid")"
}

# A program after exec and libc's start-up: its binary, ld.so and libc are
# mapped, and the few pages start-up touched are resident.
pid=$(ctl spawn app)
say "spawn app: pid $pid, $(awk '$1 == "VmSize:" { s = $2 } $1 == "VmRSS:" { r = $2 }
	END { printf "VmSize %d kB, VmRSS %d kB", s, r }' "$mnt/proc/$pid/status")"

# mmap only makes a VMA: the address space grows and, as private writable
# memory, it is charged to Committed_AS (what the task might need), but no
# page is allocated and RSS stays.
step "$pid" "mmap 64M: a VMA, charged to Committed_AS, and not one page" \
	mmap "$pid" 64M name=buffer
grep 'anon:buffer' "$mnt/proc/$pid/maps" | sed 's/^/   maps: /'

# Reading memory never written maps the shared zero page: one fault per
# page, page tables to hold the entries, and still no memory of its own.
step "$pid" "read the first 16M: a fault per page, each maps the zero page" \
	touch "$pid" buffer 16M read

# A write where the zero page is mapped faults again (the entry is
# read-only) and gets a fresh zeroed page of its own in place of it: now
# RSS and AnonPages grow, page by page.
step "$pid" "write the same 16M: a fault per page, each gets a page of its own" \
	touch "$pid" buffer 16M write
step "$pid" "write the first 32M: only the 16M not written yet fault" \
	touch "$pid" buffer 32M write
step "$pid" "write the first 32M again: every page is there, no fault" \
	touch "$pid" buffer 32M write

# MADV_DONTNEED gives the pages back at once; the mapping and its page
# tables stay, and the next read sees zeroes again: the zero page.
addr=$(awk '/anon:buffer/ { split($1, r, "-"); print "0x" r[1] }' "$mnt/proc/$pid/maps")
step "$pid" "madvise(MADV_DONTNEED) the first 8M: the pages go, the tables stay" \
	madvise "$pid" "$addr" 8M dontneed
step "$pid" "read those 8M again: zero pages, no memory" \
	touch "$pid" "$addr" 8M read

# A file page not in the page cache is read from disk: a major fault, which
# reads the 32 pages around it (read-around, read_ahead_kb 128), so the
# next faults find their pages cached and are minor; each of those maps up
# to 16 cached pages at once (fault-around). The pages count in Cached, and
# in RssFile once mapped.
step "$pid" "mmap a 16M file read-only" \
	mmap "$pid" 16M prot=r file=/srv/reference.db
step "$pid" "read it: major faults read the file into the page cache" \
	touch "$pid" reference.db 16M read

# A second program mapping the same file finds every page cached: minor
# faults only, and fault-around maps 16 cached pages per fault.
other=$(ctl spawn reader)
ctl mmap "$other" 16M prot=r file=/srv/reference.db >/dev/null
step "$other" "a second program (pid $other) reads the same file: page cache hits" \
	touch "$other" reference.db 16M read

ctl exit "$other"
step "$pid" "app exits: its pages, tables and charge go; the file stays cached" exit "$pid"
say "machine_check: $(ctl check)"
