#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# working_set.sh - how much of its memory does a process really use?
# Working-set estimation with clear_refs, smaps' Referenced and pagemap.
#
# Boots the "default" machine with a manual clock in a temporary directory.
# A "memcached" holds 64 MiB of anonymous memory, all of it written
# once. Then, interval by interval, the tool a memory person would write
# clears the referenced bits (echo 1 > clear_refs), lets the process run,
# and reads Referenced from the mapping's smaps block: what was used since.
# Then the same with writes: echo 4 > clear_refs clears the soft-dirty
# bits, and pagemap's bit 55 names the pages written since (what CRIU's
# incremental dumps copy). Needs root (FUSE) and a built tree: ./mmsimfs
# and ./mmsimctl from the repository root, or $MMSIMFS and $MMSIMCTL, or
# the installed programs.
#
#	examples/working_set.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== memcached (pid 35) writes its 64M: Rss 65536 kB, Referenced 65536 kB
#	== interval 1: reads the first 8M twice
#	   Referenced 8192 kB of Rss 65536 kB: working set 12%
#	== interval 2: reads 8M at 16M and writes 4M at 40M
#	   Referenced 12288 kB of Rss 65536 kB: working set 18%
#	== interval 3: idle
#	   Referenced 0 kB of Rss 65536 kB: working set 0%
#	== soft-dirty: clear_refs 4, then writes 1M at 0 and 2M at 32M
#	   pagemap: 768 of 16384 pages soft-dirty (3072 kB to copy), 16384 present
#	   soft-dirty pages: 0-255 8192-8703
#	== VmHWM after the 16M scratch buffer is gone: 82952 kB, after clear_refs 5: 66568 kB
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-working_set.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
"$mmsimfs" --machine default --clock manual "$mnt"

# smaps KEY: the kB of KEY in the [anon:cache] block
smaps()
{
	awk -v k="$1:" '$1 ~ /-/ { on = ($NF == "[anon:cache]") } on && $1 == k { print $2 }' \
		"$mnt/proc/$pid/smaps"
}

# interval WHAT [TOUCH-ARGS...]...: clear the referenced bits, let the
# process run (each argument a "ADDR SIZE read|write" touch), measure
interval()
{
	local what=$1 ref rss

	shift
	echo 1 >"$mnt/proc/$pid/clear_refs"
	for t in "$@"; do
		# shellcheck disable=SC2086 # "ADDR SIZE MODE"
		ctl touch "$pid" $t >/dev/null
	done
	ref=$(smaps Referenced) rss=$(smaps Rss)
	say "$what"
	echo "   Referenced $ref kB of Rss $rss kB: working set $((ref * 100 / rss))%"
}

at() { printf '%#x' $((cache + $1 * 1024 * 1024)); }

pid=$(ctl spawn memcached)
ctl mmap "$pid" 64M name=cache >/dev/null
ctl touch "$pid" cache 64M write >/dev/null
cache=$(awk '/anon:cache/ { split($1, r, "-"); print "0x" r[1] }' "$mnt/proc/$pid/maps")
say "memcached (pid $pid) writes its 64M: Rss $(smaps Rss) kB, Referenced $(smaps Referenced) kB"

# clear_refs 1 takes the accessed bit from every entry (and the page's
# referenced and young flags); an access sets it again, so Referenced
# counts exactly the pages used in the interval, reads and writes alike.
interval "interval 1: reads the first 8M twice" "$(at 0) 8M read" "$(at 0) 8M read"
interval "interval 2: reads 8M at 16M and writes 4M at 40M" "$(at 16) 8M read" "$(at 40) 4M write"
interval "interval 3: idle"

# clear_refs 4 clears the soft-dirty bit of every entry and write-protects
# it: the next write to a page faults once and marks it soft-dirty again.
# pagemap has one 64-bit entry per page: bit 63 present, bit 55 soft-dirty.
echo 4 >"$mnt/proc/$pid/clear_refs"
ctl touch "$pid" "$(at 0)" 1M write >/dev/null
ctl touch "$pid" "$(at 32)" 2M write >/dev/null
say "soft-dirty: clear_refs 4, then writes 1M at 0 and 2M at 32M"
entries=$(dd if="$mnt/proc/$pid/pagemap" bs=65536 iflag=skip_bytes,count_bytes \
	skip=$((cache >> 12 << 3)) count=$((16384 * 8)) status=none | od -An -v -t x8 -w8)
awk '{ p = substr($1, 1, 1); sd = substr($1, 3, 1)
	# bit 63 is the top bit of the first of 16 hex digits, bit 55 that of the third
	if (index("89abcdef", p)) present++
	if (index("89abcdef", sd)) { dirty++; page[dirty] = NR - 1 } }
	END {
		printf "   pagemap: %d of %d pages soft-dirty (%d kB to copy), %d present\n",
			dirty, NR, dirty * 4, present
		line = "   soft-dirty pages:"; start = page[1]
		for (i = 2; i <= dirty + 1; i++)
			if (i > dirty || page[i] != page[i - 1] + 1) {
				line = line " " start "-" page[i - 1]; start = page[i]
			}
		print line
	}' <<<"$entries"

# clear_refs 5 sets VmHWM back to what is resident now
scratch=$(ctl mmap "$pid" 16M)
ctl touch "$pid" "$scratch" 16M write >/dev/null
ctl munmap "$pid" "$scratch" 16M >/dev/null
hwm=$(awk '$1 == "VmHWM:" { print $2 }' "$mnt/proc/$pid/status")
echo 5 >"$mnt/proc/$pid/clear_refs"
say "VmHWM after the 16M scratch buffer is gone: $hwm kB, after clear_refs 5:" \
	"$(awk '$1 == "VmHWM:" { print $2 }' "$mnt/proc/$pid/status") kB"
say "machine_check: $(ctl check)"
