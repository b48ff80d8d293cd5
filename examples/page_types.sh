#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# page_types.sh - the machine by page flags, before and after a fork, with
# mmsimctl page-types (the summary of the kernel's tools/mm/page-types,
# read from /proc/kpageflags and a task's /proc/PID/pagemap).
#
# Boots the "tiny" machine (64 MiB) with a manual clock in a temporary
# directory and prints the page-types summary of all its page frames; a
# "server" writes 8 MiB: its pages by flags (--raw adds pagemap's
# soft-dirty and mmap_exclusive bits); it forks: the same pages, now mapped
# twice, lose mmap_exclusive; the child writes 2 MiB: copy-on-write gives
# it new pages, and the server's originals are exclusive again. Needs root
# (FUSE) and a built tree: ./mmsimfs and ./mmsimctl from the repository
# root, or $MMSIMFS and $MMSIMCTL, or the installed programs.
#
#	examples/page_types.sh
#
# What the terminal shows (the numbers are the same on every run):
#
#	== the machine at boot
#	                flags	page-count       MB  symbolic-flags
#	   0x0000000000000000	      2485        9  ___________________________________________
#	   0x0000000000100000	     16481       64  ____________________n______________________
#	   0x0000000001000000	         1        0  ________________________z__________________
#	   0x0000000004000000	        24        0  __________________________g________________
#	   0x0000000000000028	       192        0  ___U_l_____________________________________
#	   0x0000000000000080	       431        1  _______S___________________________________
#	   0x0000000000000400	     12517       48  __________B________________________________
#	   0x0000000000000828	       275        1  ___U_l_____M_______________________________
#	   0x0000000000005838	       362        1  ___UDl_____Ma_b____________________________
#	                total	     32768      128
#	== server (pid 7) writes 8M: its pages, raw (pagemap bits added)
#	                flags	page-count       MB  symbolic-flags
#	   0xa000000000000828	        39        0  ___U_l_____M____________________________F_1
#	   0x2000000000000828	       205        0  ___U_l_____M____________________________F__
#	   0x8000010000005838	      2069        8  ___UDl_____Ma_b___________________f_______1
#	                total	      2313        9
#	== after fork: the server's pages
#	                flags	page-count       MB  symbolic-flags
#	   0xa000000000000828	        39        0  ___U_l_____M____________________________F_1
#	   0x2000000000000828	       205        0  ___U_l_____M____________________________F__
#	   0x0000010000005838	      2069        8  ___UDl_____Ma_b___________________f________
#	                total	      2313        9
#	== the child (pid 8) writes 2M: the server's pages
#	                flags	page-count       MB  symbolic-flags
#	   0xa000000000000828	        39        0  ___U_l_____M____________________________F_1
#	   0x2000000000000828	       205        0  ___U_l_____M____________________________F__
#	   0x0000010000005838	      1557        6  ___UDl_____Ma_b___________________f________
#	   0x8000010000005838	       512        2  ___UDl_____Ma_b___________________f_______1
#	                total	      2313        9
#	== the child's pages
#	                flags	page-count       MB  symbolic-flags
#	   0x0000010000005838	      1557        6  ___UDl_____Ma_b___________________f________
#	   0x8000010000005838	       512        2  ___UDl_____Ma_b___________________f_______1
#	                total	      2069        8
#	== the machine now: the server's 2069 anonymous pages and the child's 512 copies more
#	                flags	page-count       MB  symbolic-flags
#	   0x0000000000000000	      2493        9  ___________________________________________
#	   0x0000000000100000	     16481       64  ____________________n______________________
#	   0x0000000001000000	         1        0  ________________________z__________________
#	   0x0000000004000000	        54        0  __________________________g________________
#	   0x0000000000000028	       221        0  ___U_l_____________________________________
#	   0x0000000000000080	       433        1  _______S___________________________________
#	   0x0000000000000400	      9828       38  __________B________________________________
#	   0x0000000000000828	       314        1  ___U_l_____M_______________________________
#	   0x0000000000005838	      2943       11  ___UDl_____Ma_b____________________________
#	                total	     32768      128
#	== machine_check: ok
#
set -euo pipefail

# shellcheck source=examples/lib.sh
. "$(dirname "$0")/lib.sh"

mnt=$(mktemp -d "${TMPDIR:-/tmp}/mmsimfs-page_types.XXXXXX")
trap 'fusermount3 -u "$mnt" 2>/dev/null || true; rmdir "$mnt"' EXIT
"$mmsimfs" --machine tiny --clock manual "$mnt"

# page-types without the long names: the flags, the count, the MB, the letters
types() { ctl page-types "$@" | cut -f1-2 | sed 's/^/   /'; }

# Every PFN of the machine: free pages are buddy, the kernel's slabs slab,
# page tables pgtable, the page cache uptodate and lru (mmap when mapped),
# anonymous memory anonymous and swapbacked; holes are nopage, and flags 0
# is what has no flag the tool shows: the kernel image and memblock
# reservations (reserved is a raw-mode bit), vmalloc and workbench pages.
say "the machine at boot"
types

server=$(ctl spawn server)
cache=$(ctl mmap "$server" 8M name=cache)
ctl touch "$server" "$cache" 8M write >/dev/null
say "server (pid $server) writes 8M: its pages, raw (pagemap bits added)"
types --pid "$server" --raw

# fork write-protects the anonymous pages on both sides; each is mapped
# twice now, so neither task maps it exclusively
child=$(ctl fork "$server")
say "after fork: the server's pages"
types --pid "$server" --raw

# the child's first write to each page copies it (do_wp_page): the copy is
# its own, and the original is mapped by the server alone again
ctl touch "$child" "$cache" 2M write >/dev/null
say "the child (pid $child) writes 2M: the server's pages"
types --pid "$server" --raw
say "the child's pages"
types --pid "$child" --raw
say "the machine now: the server's 2069 anonymous pages and the child's 512 copies more"
types
say "machine_check: $(ctl check)"
