#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# overcommit.sh - how much memory a program may ask for: the three
# vm.overcommit_memory modes.
#
# Boots the "default" machine (4 GiB of RAM, no swap) with a manual clock in
# a temporary directory and starts an unprivileged program, "hog" (uid
# 1000), that asks for memory with mmap and never touches it: what moves is
# Committed_AS, the memory promised, against CommitLimit in /proc/meminfo.
#
#	0 (heuristic, the default): only a single request larger than RAM +
#	  swap is refused; promising more than there is, in pieces, is fine
#	1 (always): nothing is refused
#	2 (never): Committed_AS stays below CommitLimit (overcommit_ratio % of
#	  RAM, plus swap), less a reserve for root and one for the task
#
# Needs root (FUSE, and sysctls are root's) and a built tree: ./mmsimfs
# and ./mmsimctl from the repository root, or $MMSIMFS and $MMSIMCTL, or
# the installed programs.
#
#	examples/overcommit.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== boot: MemTotal 4094980 kB, SwapTotal 0 kB, overcommit_memory 0, overcommit_ratio 50
#	   Committed_AS 24104 kB, CommitLimit 2047488 kB
#	== spawn hog (pid 35, uid 1000): its data, heap and stack are charged
#	   Committed_AS 24492 kB, CommitLimit 2047488 kB
#	== mode 0: one mapping larger than RAM + swap (4094980 kB) is refused
#	   ctl mmap 35 4193263616: refused: mmap: Cannot allocate memory
#	   log: [    0.000000] __vm_enough_memory: pid: 35, comm: hog, bytes: 4193263616 not enough memory for the allocation
#	== mode 0: three of 3G each are not: 9G promised on a 4G machine
#	   ctl mmap 35 3G, three times: ok 0x7f7d3f757000 0x7f7c7f757000 0x7f7bbf757000
#	   Committed_AS 9461676 kB, CommitLimit 2047488 kB
#	== mode 1: anything goes, even 64G in one mapping
#	   ctl mmap 35 64G: ok 0x7f6dff757000
#	   Committed_AS 67133356 kB, CommitLimit 2047488 kB
#	== mode 2: CommitLimit = 50% of MemTotal + swap = 2047488 kB
#	   allowed = CommitLimit 511872 - admin 2048 - min(VmSize 701 / 32, user 31366) pages
#	   the hog may map allowed - Committed_AS 6123 - 1 = 503679 pages more
#	   ctl mmap 35 2063073280: refused: mmap: Cannot allocate memory
#	   log: [    0.000000] __vm_enough_memory: pid: 35, comm: hog, bytes: 2063073280 not enough memory for the allocation
#	   ctl mmap 35 2063069184: ok 0x7f7d847d8000
#	   Committed_AS 2039208 kB, CommitLimit 2047488 kB
#	== mode 2: now nothing more: not a page, not a fork (the child is charged again), not a program
#	   ctl mmap 35 4K: refused: mmap: Cannot allocate memory
#	   ctl brk 35 +4K: refused: brk: Cannot allocate memory
#	   ctl fork 35: refused: fork: Cannot allocate memory
#	   ctl spawn sh uid=1000: refused: spawn: Cannot allocate memory
#	== mode 2: but root's shell still starts, on the admin reserve
#	   ctl spawn sh: ok 37
#	== overcommit_ratio=80: CommitLimit grows to 80% of RAM, room again
#	   Committed_AS 2039596 kB, CommitLimit 3275984 kB
#	   ctl mmap 35 512M: ok 0x7f7d647d8000
#	== back to mode 0; the hog exits and its promises go
#	   Committed_AS 24104 kB, CommitLimit 2047488 kB
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-overcommit.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -uz "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
"$mmsimfs" --machine default --clock manual "$mnt"

vm=$mnt/proc/sys/vm
kb() { awk -v k="$1:" '$1 == k { print $2 }' "$mnt/proc/meminfo"; }
commit() { echo "   Committed_AS $(kb Committed_AS) kB, CommitLimit $(kb CommitLimit) kB"; }

# try CTL-ARGS...: one sim/ctl command; what it replied (also left in
# $reply), or why it was refused
try()
{
	if reply=$(ctl "$@" 2>&1); then
		echo "   ctl $*: ok${reply:+ $reply}"
	else
		echo "   ctl $*: refused: $reply"
		reply=
	fi
}

# the kernel log's newest line
last_log() { tail -n 1 "$mnt/sim/dmesg" | sed 's/^<[0-9]*>/   log: /'; }

say "boot: MemTotal $(kb MemTotal) kB, SwapTotal $(kb SwapTotal) kB, overcommit_memory" \
    "$(cat "$vm/overcommit_memory"), overcommit_ratio $(cat "$vm/overcommit_ratio")"
commit
hog=$(ctl spawn hog uid=1000)
say "spawn hog (pid $hog, uid 1000): its data, heap and stack are charged"
commit

# Mode 0: __vm_enough_memory refuses a request only when it alone is
# larger than all of RAM and swap (totalram_pages + total_swap_pages).
ram_swap=$(($(kb MemTotal) + $(kb SwapTotal)))
say "mode 0: one mapping larger than RAM + swap ($ram_swap kB) is refused"
try mmap "$hog" $(((ram_swap + 4) * 1024))
last_log
say "mode 0: three of 3G each are not: 9G promised on a 4G machine"
addrs=()
for _ in 1 2 3; do
	addrs+=("$(ctl mmap "$hog" 3G)")
done
echo "   ctl mmap $hog 3G, three times: ok ${addrs[*]}"
commit
for a in "${addrs[@]}"; do
	ctl munmap "$hog" "$a" 3G
done

# Mode 1: no check at all. Programs that map huge sparse arrays want it;
# the price is that the shortage shows up later, at a page fault, where
# only the OOM killer can answer it.
echo 1 >"$vm/overcommit_memory"
say "mode 1: anything goes, even 64G in one mapping"
try mmap "$hog" 64G
commit
ctl munmap "$hog" "$reply" 64G

# Mode 2: the sum of all promises stays below CommitLimit. An unprivileged
# task also leaves admin_reserve_kbytes to root, and every task leaves
# min(its size / 32, user_reserve_kbytes) so that it can still be killed
# from a shell: allowed = CommitLimit - admin - min(VmSize / 32, user), and
# a request of N pages passes while Committed_AS + N < allowed.
echo 2 >"$vm/overcommit_memory"
limit=$(($(kb CommitLimit) / 4))
admin=$(($(cat "$vm/admin_reserve_kbytes") / 4))
user=$(($(cat "$vm/user_reserve_kbytes") / 4))
size=$(($(awk '$1 == "VmSize:" { print $2 }' "$mnt/proc/$hog/status") / 4))
reserve=$((size / 32 < user ? size / 32 : user))
pages=$((limit - admin - reserve - $(kb Committed_AS) / 4 - 1))
say "mode 2: CommitLimit = $(cat "$vm/overcommit_ratio")% of MemTotal + swap = $(kb CommitLimit) kB"
echo "   allowed = CommitLimit $limit - admin $admin - min(VmSize $size / 32, user $user) pages"
echo "   the hog may map allowed - Committed_AS $(($(kb Committed_AS) / 4)) - 1 = $pages pages more"
try mmap "$hog" $(((pages + 1) * 4096))
last_log
try mmap "$hog" $((pages * 4096))
big=$reply
commit
say "mode 2: now nothing more: not a page, not a fork (the child is charged again), not a program"
try mmap "$hog" 4K
try brk "$hog" +4K
try fork "$hog"
try spawn sh uid=1000

# root's programs may still dip into admin_reserve_kbytes: enough for an
# administrator's shell to find out what went wrong
say "mode 2: but root's shell still starts, on the admin reserve"
try spawn sh
sh=$reply

# The limit moves with the ratio (or overcommit_kbytes, which replaces it).
echo 80 >"$vm/overcommit_ratio"
say "overcommit_ratio=80: CommitLimit grows to 80% of RAM, room again"
commit
try mmap "$hog" 512M

say "back to mode 0; the hog exits and its promises go"
echo 0 >"$vm/overcommit_memory"
echo 50 >"$vm/overcommit_ratio"
ctl munmap "$hog" "$big" $((pages * 4096))
ctl exit "$hog"
ctl exit "$sh"
commit
say "machine_check: $(ctl check)"
