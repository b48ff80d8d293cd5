#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cow_fork.sh - fork copies nothing until someone writes: copy-on-write.
#
# Boots the "default" machine (4 GiB) with a manual clock in a temporary
# directory. A "server" fills 100 MiB of anonymous memory (its "cache"),
# forks a worker, and the two write to the cache in turns. After each step
# it prints, for each task, VmRSS and RssAnon (status) and the cache's Rss,
# Pss, Shared_Dirty and Private_Dirty (its smaps block), then what moved in
# meminfo (AnonPages, PageTables, KernelStack, Committed_AS) and vmstat
# (pgfault, pgreuse). Needs root (FUSE) and a built tree: ./mmsimfs and
# ./mmsimctl from the repository root, or $MMSIMFS and $MMSIMCTL, or the
# installed programs.
#
#	examples/cow_fork.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== server (pid 35) maps 100M and writes all of it: one fault per page
#	   ctl touch 35 cache 100M write: faults=25600 major=0
#	   task               VmRSS   RssAnon  cache:    Rss       Pss  Shared_D Private_D
#	   server (35)       103432    102484         102400    102400         0    102400
#	   AnonPages +102400 kB, PageTables +200 kB, pgfault +25600
#	== fork: the worker shares every page of the server, none is copied
#	   ctl fork 35: 36
#	   task               VmRSS   RssAnon  cache:    Rss       Pss  Shared_D Private_D
#	   server (35)       103432    102484         102400     51200    102400         0
#	   worker (36)       102484    102484         102400     51200    102400         0
#	   KernelStack +16 kB, PageTables +248 kB, Committed_AS +102788 kB
#	== the worker writes the first 25M: copy-on-write, one copy per page
#	   ctl touch 36 0x7f7df9357000 25M write: faults=6400 major=0
#	   task               VmRSS   RssAnon  cache:    Rss       Pss  Shared_D Private_D
#	   server (35)       103432    102484         102400     64000     76800     25600
#	   worker (36)       102484    102484         102400     64000     76800     25600
#	   AnonPages +25600 kB, pgfault +6400
#	== the server writes the same 25M: mapped once now, reused without a copy
#	   ctl touch 35 0x7f7df9357000 25M write: faults=6400 major=0
#	   task               VmRSS   RssAnon  cache:    Rss       Pss  Shared_D Private_D
#	   server (35)       103432    102484         102400     64000     76800     25600
#	   worker (36)       102484    102484         102400     64000     76800     25600
#	   pgfault +6400, pgreuse +6400
#	== the server writes the next 25M: still shared, copied
#	   ctl touch 35 0x7f7dfac57000 25M write: faults=6400 major=0
#	   task               VmRSS   RssAnon  cache:    Rss       Pss  Shared_D Private_D
#	   server (35)       103432    102484         102400     76800     51200     51200
#	   worker (36)       102484    102484         102400     76800     51200     51200
#	   AnonPages +25600 kB, pgfault +6400
#	== the worker exits: its copies are freed, the server owns the rest alone
#	   task               VmRSS   RssAnon  cache:    Rss       Pss  Shared_D Private_D
#	   server (35)       103432    102484         102400    102400         0    102400
#	   AnonPages -51200 kB, KernelStack -16 kB, PageTables -248 kB,
#	   Committed_AS -102788 kB
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-cow_fork.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
"$mmsimfs" --machine default --clock manual "$mnt"

# One line per task of the story (the server and its children): status
# figures, then the smaps figures of its "cache" VMA
tasks()
{
	local p role

	printf '   %-14s %9s %9s  cache:%7s %9s %9s %9s\n' task VmRSS RssAnon Rss Pss Shared_D Private_D
	for p in $(printf '%s\n' "$mnt"/proc/[0-9]* | sed 's|.*/||' | sort -n); do
		[ "$p" = "$server" ] && role=server ||
			{ grep -qx "PPid:	$server" "$mnt/proc/$p/status" 2>/dev/null && role=worker; } ||
			continue
		awk -v who="$role ($p)" '
			FILENAME ~ /status$/ && $1 == "VmRSS:" { rss = $2 }
			FILENAME ~ /status$/ && $1 == "RssAnon:" { anon = $2 }
			FILENAME ~ /smaps$/ && $1 ~ /-/ { cache = ($NF == "[anon:cache]") }
			FILENAME ~ /smaps$/ && cache && $1 == "Rss:" { c_rss = $2 }
			FILENAME ~ /smaps$/ && cache && $1 == "Pss:" { c_pss = $2 }
			FILENAME ~ /smaps$/ && cache && $1 == "Shared_Dirty:" { c_sd = $2 }
			FILENAME ~ /smaps$/ && cache && $1 == "Private_Dirty:" { c_pd = $2 }
			END { printf "   %-14s %9d %9d  %13d %9d %9d %9d\n", who, rss, anon,
				c_rss, c_pss, c_sd, c_pd }' "$mnt/proc/$p/status" "$mnt/proc/$p/smaps"
	done
}

# the machine-wide figures, one "name value" line each
snap()
{
	awk '$1 ~ /^(AnonPages|PageTables|KernelStack|Committed_AS):$/ { print substr($1, 1, length($1) - 1), $2 }' \
		"$mnt/proc/meminfo"
	awk '$1 == "pgfault" || $1 == "pgreuse"' "$mnt/proc/vmstat"
}

# step WHAT CTL-ARGS...: one sim/ctl command, then the tasks and what
# moved; the command's reply is left in $reply
step()
{
	local what=$1 before

	shift
	before=$(snap)
	say "$what"
	reply=$(ctl "$@")
	[ -n "$reply" ] && echo "   ctl $*: $reply"
	tasks
	awk 'NR == FNR { was[$1] = $2; next }
		$2 != was[$1] {
			item = sprintf("%s %+d%s", $1, $2 - was[$1], $1 ~ /^pg/ ? "" : " kB")
			if (line != "" && length(line) + length(item) > 72) { print "   " line ","; line = "" }
			line = line (line == "" ? "" : ", ") item
		}
		END { print "   " (line == "" ? "nothing moved" : line) }' <(echo "$before") <(snap)
}

server=$(ctl spawn server)
ctl mmap "$server" 100M name=cache >/dev/null
step "server (pid $server) maps 100M and writes all of it: one fault per page" \
	touch "$server" cache 100M write
cache=$(awk '/anon:cache/ { split($1, r, "-"); print "0x" r[1] }' "$mnt/proc/$server/maps")

# fork (dup_mmap) gives the child every VMA and, for the VMAs that have
# anonymous pages, a copy of their page tables, with the entries made
# read-only on both sides. No page is copied: AnonPages stays, each task's
# RSS counts every page it maps, Pss splits each shared page between the
# two. What grows is the kernel's part (a kernel stack, the child's page
# tables) and Committed_AS: the child may write every private page it got.
# The worker's VmRSS is short of the server's by the file pages of the
# program and its libraries: fork copies no page table of a VMA without
# anonymous memory (vma_needs_copy); the child faults those pages in again,
# from the page cache, when it runs that code.
step "fork: the worker shares every page of the server, none is copied" fork "$server"
worker=$reply

# The first write to a shared page faults (the entry is read-only) and
# do_wp_page copies the page for the writer: AnonPages grows by what is
# written, the worker's pages become private, the server's stay counted
# in its RSS but are now mapped once, hence private too.
step "the worker writes the first 25M: copy-on-write, one copy per page" \
	touch "$worker" "$cache" 25M write

# The server's write-protected entries there now map pages nobody else
# maps: do_wp_page reuses them (pgreuse) instead of copying.
step "the server writes the same 25M: mapped once now, reused without a copy" \
	touch "$server" "$cache" 25M write

step "the server writes the next 25M: still shared, copied" \
	touch "$server" "$(printf %#x $((cache + 25 * 1024 * 1024)))" 25M write

# exit frees the worker's copies; the pages it shared stay with the
# server, which now maps each of them alone.
step "the worker exits: its copies are freed, the server owns the rest alone" exit "$worker"
say "machine_check: $(ctl check)"
