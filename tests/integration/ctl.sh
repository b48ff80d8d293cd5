# SPDX-License-Identifier: GPL-2.0
#
# sim/ctl through a real mount: a command written with echo takes effect
# before the write returns, the same open file reads back the reply, and a
# bad command fails the write with the errno a kernel would give.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse

mount_sim --machine tiny
CTL=$MNT/sim/ctl

DMA_BOOT="Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 "
# four order-4 blocks split the order-8 block of pageblock 0 (Unmovable from boot):
# 256 - 64 = 128 + 64 (order 4: orders 0-3 would go back to a per-cpu list, not to the buddies)
DMA_AFTER="Node 0, zone      DMA      0      0      0      0      0      0      1      1      0      1      3 "
REPLY="0xffff888000100000 pfn=0x100 order=4 node=0 zone=DMA migratetype=Unmovable
0xffff888000110000 pfn=0x110 order=4 node=0 zone=DMA migratetype=Unmovable
0xffff888000120000 pfn=0x120 order=4 node=0 zone=DMA migratetype=Unmovable
0xffff888000130000 pfn=0x130 order=4 node=0 zone=DMA migratetype=Unmovable"
ADDRS="0xffff888000100000 0xffff888000110000 0xffff888000120000 0xffff888000130000"

assert_eq "" "$(cat "$CTL")" "sim/ctl before any write"
assert_eq "$DMA_BOOT" "$(buddy_line 0 DMA)" "buddyinfo DMA line at boot"
MEMFREE_BOOT=$(meminfo_kb MemFree)
assert_eq "$((4 * ($(zone_field 0 DMA free) + $(zone_field 0 DMA32 free))))" "$MEMFREE_BOOT" \
	"tiny: MemFree at boot is the zones' free pages"

# ---------------------------------------------------------------- echo > ctl, then free

assert_ok "echo alloc_pages > sim/ctl" write_file "$CTL" 'alloc_pages order=4 gfp=GFP_DMA count=4'
assert_eq "$DMA_AFTER" "$(buddy_line 0 DMA)" "buddyinfo DMA line right after the echo"
assert_eq "$((MEMFREE_BOOT - 64 * 4))" "$(meminfo_kb MemFree)" "MemFree after taking 64 DMA pages"
assert_eq "$((3840 - 64))" "$(zone_field 0 DMA free)" "zoneinfo DMA 'pages free' after the echo"
assert_eq ok "$(ctl check)" "mmsimctl check after alloc_pages"

# the allocator is deterministic: these are the blocks the echo took
out=$(ctl free_pages $ADDRS order=4 2>&1)
assert_eq 0 "$?" "mmsimctl free_pages of the four blocks: $out"
assert_eq "$DMA_BOOT" "$(buddy_line 0 DMA)" "buddyinfo DMA line after free_pages (buddies merged)"
assert_eq "$MEMFREE_BOOT" "$(meminfo_kb MemFree)" "MemFree back at its boot value"

# ---------------------------------------------------------------- the same open file reads the reply

exec 3<>"$CTL" || die "cannot open sim/ctl read-write"
echo 'alloc_pages order=4 gfp=GFP_DMA count=4' >&3
reply=$(cat <&3)
exec 3>&-
assert_eq "$REPLY" "$reply" "reply read back from the fd that wrote alloc_pages"
assert_eq "$DMA_AFTER" "$(buddy_line 0 DMA)" "buddyinfo DMA line after the fd write"

# mmsimctl with the replied addresses
addrs=$(awk '{ printf "%s ", $1 }' <<<"$reply")
out=$(ctl free_pages $addrs order=4 2>&1)
assert_eq 0 "$?" "mmsimctl free_pages with the replied addresses: $out"
assert_eq "$DMA_BOOT" "$(buddy_line 0 DMA)" "buddyinfo DMA line after freeing the replied blocks"

# one fd, several commands: each reply follows its own write
exec 3<>"$CTL" || die "cannot open sim/ctl read-write"
echo 'alloc_pages order=0 gfp=GFP_DMA' >&3
IFS= read -r first <&3
echo 'check' >&3
IFS= read -r second <&3
exec 3>&-
assert_match '^0xffff888000[0-9a-f]+ pfn=0x[0-9a-f]+ order=0 node=0 zone=DMA migratetype=Unmovable$' \
	"$first" "first reply on a shared fd"
assert_eq ok "$second" "second reply on a shared fd (check)"
out=$(ctl free_pages "${first%% *}" 2>&1)
assert_eq 0 "$?" "free_pages ${first%% *}: $out"
# the order-0 page went back to CPU 0's per-cpu list, out of "pages free"
assert_eq 1 "$(zone_field 0 DMA count:)" "zoneinfo DMA cpu 0 count after the order-0 round trip"
assert_eq 3839 "$(zone_field 0 DMA free)" "zoneinfo DMA 'pages free' after the order-0 round trip"

# mmsimctl prints the reply on stdout
# (pfn 0x100 is the page on CPU 0's list now: the blocks start one block further)
out=$(ctl alloc_pages order=4 gfp=GFP_DMA count=4)
assert_eq "$(tail -3 <<<"$REPLY")
0xffff888000140000 pfn=0x140 order=4 node=0 zone=DMA migratetype=Unmovable" "$out" \
	"mmsimctl alloc_pages reply"
assert_ok "mmsimctl free_pages" ctl free_pages ${ADDRS#* } 0xffff888000140000 order=4
assert_eq 3839 "$(zone_field 0 DMA free)" "zoneinfo DMA 'pages free' after the mmsimctl round trip"
assert_contains "alloc_pages [order=N] [gfp=FLAGS] [node=N] [count=N]" "$(ctl help)" "mmsimctl help"

# ---------------------------------------------------------------- bad commands

before=$(cat "$MNT/proc/buddyinfo")
for cmd in 'bogus' 'alloc_pages order=11' 'alloc_pages order=x' 'alloc_pages colour=red' \
	   'alloc_pages gfp=GFP_NOSUCH' 'alloc_pages node=1' 'alloc_pages stray' \
	   'free_pages' 'free_pages pfn=0x100 order=3' 'tick' 'tick -1s' 'tick 2parsecs' ' '; do
	assert_fails_with "echo '$cmd' > sim/ctl" "Invalid argument" write_file "$CTL" "$cmd"
done
assert_eq "$before" "$(cat "$MNT/proc/buddyinfo")" "buddyinfo after the refused commands"

out=$(ctl bogus 2>&1 >/dev/null)
st=$?
assert_eq 1 "$st" "exit status of mmsimctl bogus"
assert_eq "bogus: unknown command; try 'help'" "$out" "mmsimctl bogus: reason on stderr"
out=$(ctl alloc_pages order=11 2>&1)
assert_eq 1 "$?" "exit status of mmsimctl alloc_pages order=11"
assert_contains "bad order '11'" "$out" "mmsimctl alloc_pages order=11: reason"
out=$(ctl free_pages 0xffff888000100000 order=3 2>&1)
assert_eq 1 "$?" "exit status of freeing a free block"
assert_contains "is no order-3 block of ours (see the kernel log)" "$out" "freeing a free block: reason"
out=$("$MMSIMCTL" 2>&1)
assert_eq 2 "$?" "mmsimctl without a verb is a usage error"
out=$("$MMSIMCTL" -m "$MNT/nonexistent" check 2>&1)
assert_eq 1 "$?" "mmsimctl on a missing mount point"
assert_contains "No such file or directory" "$out" "mmsimctl on a missing mount point: reason"

# ---------------------------------------------------------------- time

up0=$(awk '{ print $1 }' "$MNT/proc/uptime")
ns0=$(awk '$1 == "now_ns" { print $2 }' "$MNT/sim/clock")
out=$(ctl tick 2s)
assert_eq 0 "$?" "mmsimctl tick 2s"
up1=$(awk '{ print $1 }' "$MNT/proc/uptime")
ns1=$(awk '$1 == "now_ns" { print $2 }' "$MNT/sim/clock")
assert_eq "2.00" "$(awk -v a="$up0" -v b="$up1" 'BEGIN { printf "%.2f", b - a }')" \
	"proc/uptime moved by tick 2s ($up0 -> $up1)"
assert_eq 2000000000 "$((ns1 - ns0))" "sim/clock now_ns moved by tick 2s"
assert_eq "$ns1" "$out" "tick's reply is the new now_ns"
assert_ok "echo 'tick 500ms' > sim/ctl" write_file "$CTL" 'tick 500ms'
assert_eq "$((ns1 + 500000000))" "$(awk '$1 == "now_ns" { print $2 }' "$MNT/sim/clock")" \
	"sim/clock after tick 500ms"
# manual clock: nothing moves on its own
sleep 0.3
assert_eq "$((ns1 + 500000000))" "$(awk '$1 == "now_ns" { print $2 }' "$MNT/sim/clock")" \
	"sim/clock in manual mode after 0.3 s of wall time"

# ---------------------------------------------------------------- ENOMEM

assert_fails_with "echo 'alloc_pages order=10 gfp=GFP_DMA count=100' > sim/ctl" \
	"Cannot allocate memory" write_file "$CTL" 'alloc_pages order=10 gfp=GFP_DMA count=100'
out=$(ctl alloc_pages order=10 gfp=GFP_DMA count=100 2>&1)
assert_eq 1 "$?" "exit status of a failing mmsimctl alloc_pages"
assert_contains "order-10 allocation failed" "$out" "mmsimctl reason for ENOMEM"
assert_file_contains "$MNT/dev/kmsg" "page allocation failure: order:10" \
	"dev/kmsg reports the allocation failure"
assert_eq ok "$(ctl check)" "mmsimctl check after the failed allocations"

umount_sim || fail "mmsimfs exited with status $?"
