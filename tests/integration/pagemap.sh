# SPDX-License-Identifier: GPL-2.0
#
# Page-level introspection over a real mount: pagemap read with pread at
# page offsets (PFNs for root only), kpageflags and kpagecount of the pages
# it names, working-set estimation with clear_refs 1 and smaps Referenced,
# soft-dirty tracking with clear_refs 4, idle tracking through
# sys/kernel/mm/page_idle/bitmap, and the errors, each with exact numbers.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_cmd setpriv util-linux
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || die "$PYTHON is missing (Debian package python3)"

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# pm FILE OP ARGS...: the python helper (below) on $MNT/FILE
pm() { "$PYTHON" -c "$HELPER" "$MNT/$1" "${@:2}"; }
HELPER=$(cat <<'PY'
import os, struct, sys

path, op = sys.argv[1], sys.argv[2]
args = [int(a, 0) for a in sys.argv[3:]]
try:
    fd = os.open(path, os.O_RDONLY if op != "write" else os.O_WRONLY)
    if op == "entries":              # entries START_PAGE COUNT: one hex word per line
        data = os.pread(fd, 8 * args[1], 8 * args[0])
        for (v,) in struct.iter_unpack("<Q", data):
            print("%x" % v)
    elif op == "raw":                # raw OFFSET SIZE: the byte count read
        print(len(os.pread(fd, args[1], args[0])))
    elif op == "histogram":          # histogram: "flags count" of every PFN, flags sorted
        count, data, off = {}, b"", 0
        while True:
            chunk = os.pread(fd, 1 << 20, off)
            if not chunk:
                break
            data += chunk
            off += len(chunk)
        for (v,) in struct.iter_unpack("<Q", data):
            v &= ~(0xffff << 32)                     # page-types hides the hackers' bits
            if v & (3 << 15) and not v & (1 << 17):  # and compound bits but hugetlb's
                v &= ~(3 << 15)
            count[v] = count.get(v, 0) + 1
        for v in sorted(count):
            print("0x%016x %d" % (v, count[v]))
    elif op == "write":              # write OFFSET WORD...: 64-bit words at OFFSET
        print(os.pwrite(fd, b"".join(struct.pack("<Q", w) for w in args[1:]), args[0]))
except OSError as e:
    print(os.strerror(e.errno))
PY
)

mount_sim

BASE=0x600000000000
VPN=$((BASE / 4096))
PRESENT=$((1 << 63)) EXCL=$((1 << 56)) SD=$((1 << 55))
app=$(ctl spawn app uid=65534 2>&1) || die "spawn failed: $app"
ctl mmap "$app" 256K addr=$BASE flags=private,fixed >/dev/null || die "mmap failed"
ctl touch "$app" $BASE 64K write >/dev/null || fail "touch write failed"
ctl touch "$app" $((BASE + 65536)) 32K read >/dev/null || fail "touch read failed"
ctl_ok "the set-up"

# ---------------------------------------------------------------- pagemap

mapfile -t e < <(pm "proc/$app/pagemap" entries $VPN 64)
assert_eq 64 "${#e[@]}" "64 entries of the mapping"
flags() { printf '%x' $((16#$1 & ~((1 << 55) - 1))); }
pfn() { echo $((16#$1 & ((1 << 55) - 1))); }
assert_eq "$(printf '%x' $((PRESENT | EXCL | SD)))" "$(flags "${e[0]}")" \
	"a written page: present, exclusive, soft-dirty"
assert_eq 16 "$(for x in "${e[@]:0:16}"; do flags "$x"; echo; done | grep -c "^$(flags "${e[0]}")\$")" \
	"the 16 written pages alike"
assert_eq "$(printf '%x' $((PRESENT | 0xff)))" "${e[16]}" "a read page: the zero page, present"
assert_eq "0 0" "${e[24]} ${e[63]}" "untouched pages read 0"
# the 16 written pages have 16 distinct PFNs
assert_eq 16 "$(for x in "${e[@]:0:16}"; do pfn "$x"; done | sort -u | wc -l)" "16 distinct PFNs"
PFN0=$(pfn "${e[0]}")
# the owner sees no PFNs
mapfile -t n < <(as_nobody "$PYTHON" -c "$HELPER" "$MNT/proc/$app/pagemap" entries $VPN 17)
assert_eq "$(printf '%x %x' $((PRESENT | EXCL | SD)) $PRESENT)" "${n[0]} ${n[16]}" \
	"nobody reads the same entries without PFNs"
assert_eq "Invalid argument" "$(pm "proc/$app/pagemap" raw 4 8)" "pagemap: unaligned offset"
assert_eq "Invalid argument" "$(pm "proc/$app/pagemap" raw 0 12)" "pagemap: size not a multiple of 8"
assert_eq 8 "$(pm "proc/$app/pagemap" raw $(((0x7ffffffff000 >> 12 << 3) - 8)) 64)" \
	"pagemap ends with the user address space"

# ---------------------------------------------------------------- kpageflags, kpagecount

# UPTODATE DIRTY LRU MMAP ANON SWAPBACKED
assert_eq 5838 "$(pm proc/kpageflags entries "$PFN0" 1)" "kpageflags of the anon page"
assert_eq 1 "$(pm proc/kpagecount entries "$PFN0" 1)" "kpagecount of the anon page"
assert_eq 101000000 "$(pm proc/kpageflags entries 0xff 1)" "kpageflags of the zero page: ZERO_PAGE, RESERVED"
assert_eq "Permission denied" "$(as_nobody "$PYTHON" -c "$HELPER" "$MNT/proc/kpageflags" raw 0 8)" \
	"kpageflags is root's"
size=$(wc -c <"$MNT/proc/kpageflags")
[ "$size" -gt 0 ] && [ $((size % (32768 * 8))) = 0 ] ||
	fail "kpageflags is $size bytes, not whole 128 MiB sections of 8-byte entries"
assert_eq "$size" "$(wc -c <"$MNT/proc/kpagecount")" "kpagecount is as long as kpageflags"

# ---------------------------------------------------------------- mmsimctl page-types

out=$("$MMSIMCTL" -m "$MNT" page-types 2>&1) || fail "page-types failed: $out"
assert_eq "             flags	page-count       MB  symbolic-flags			long-symbolic-flags" \
	"$(head -n 1 <<<"$out")" "page-types: the header"
assert_eq "$(pm proc/kpageflags histogram)" \
	"$(awk '$1 ~ /^0x/ { print $1, $2 }' <<<"$out" | sort)" \
	"page-types: one line per combination of flags, counted from kpageflags"
assert_eq "$((size / 8)) $((size / 8 * 4096 >> 20))" "$(awk '$1 == "total" { print $2, $3 }' <<<"$out")" \
	"page-types: the total is every PFN"
assert_match "^0x0000000000005838	 +[0-9]+ +[0-9]+  ___UDl_____Ma_b_{28}	uptodate,dirty,lru,mmap,anonymous,swapbacked\$" \
	"$(grep '^0x0000000000005838' <<<"$out")" "page-types: the anonymous pages' line"
out=$("$MMSIMCTL" -m "$MNT" page-types --pid "$app" --raw 2>&1) || fail "page-types --pid failed: $out"
# raw: the pagemap bits join the page's; the zero page counts too (its PFN is 0xff)
# every anonymous page of the task was written and is mapped once (no fork yet)
assert_eq "0x8000010000005838 $(($(status_kb "$app" RssAnon) / 4))" \
	"$(awk '$1 == "0x8000010000005838" { print $1, $2 }' <<<"$out")" \
	"page-types --pid --raw: the anonymous pages (softdirty, mmap_exclusive), RssAnon of them"
assert_eq "0x0000000101000000 8" "$(awk '$1 == "0x0000000101000000" { print $1, $2 }' <<<"$out")" \
	"page-types --pid --raw: the 8 zero-page entries (zero_page, reserved)"
assert_fails_with "page-types --pid junk" "usage" "$MMSIMCTL" -m "$MNT" page-types --pid junk

# ---------------------------------------------------------------- working set

ctl fork "$app" >/dev/null || fail "fork failed"
echo 1 >"$MNT/proc/$app/clear_refs" || fail "clear_refs 1 failed"
referenced() { awk -v a="$(printf '%x' $BASE)-" '$1 ~ "^" a { on = 1 } on && $1 == "Referenced:" { print $2; exit }' \
	"$MNT/proc/$app/smaps"; }
assert_eq 0 "$(referenced)" "Referenced after clear_refs 1"
ctl touch "$app" $((BASE + 8192)) 20K read >/dev/null || fail "touch failed"
assert_eq 20 "$(referenced)" "Referenced: exactly the 5 pages used since"
assert_eq 2 "$(pm proc/kpagecount entries $((PFN0 + 0)) 1)" "kpagecount after the fork"

# ---------------------------------------------------------------- soft-dirty

echo 4 >"$MNT/proc/$app/clear_refs" || fail "clear_refs 4 failed"
ctl touch "$app" $((BASE + 4096)) 12K write >/dev/null || fail "touch write failed"
mapfile -t e < <(pm "proc/$app/pagemap" entries $VPN 16)
sd=$(for x in "${e[@]}"; do echo $(((16#$x >> 55) & 1)); done | tr -d '\n')
assert_eq 0111000000000000 "$sd" "soft-dirty: exactly the three pages written since clear_refs 4"
assert_fails_with "clear_refs 6" "Invalid argument" bash -c "echo 6 >'$MNT/proc/$app/clear_refs'"
assert_fails_with "clear_refs junk" "Invalid argument" bash -c "echo junk >'$MNT/proc/$app/clear_refs'"
echo 5 >"$MNT/proc/$app/clear_refs" || fail "clear_refs 5 failed"
assert_eq "$(status_kb "$app" VmRSS)" "$(status_kb "$app" VmHWM)" "clear_refs 5: VmHWM = VmRSS"
ctl_ok "after clear_refs"

# ---------------------------------------------------------------- page_idle

# the written pages are new copies after the fork's COW and the soft-dirty writes: take them all
mapfile -t e < <(pm "proc/$app/pagemap" entries $VPN 16)
idle_pfns=$(for x in "${e[@]}"; do pfn "$x"; done)
lo=$(sort -n <<<"$idle_pfns" | head -1) hi=$(sort -n <<<"$idle_pfns" | tail -1)
w0=$((lo / 64)) nw=$((hi / 64 - lo / 64 + 1))
ones=$(for ((i = 0; i < nw; i++)); do printf '%s ' 0xffffffffffffffff; done)
# shellcheck disable=SC2086
assert_eq $((nw * 8)) "$(pm sys/kernel/mm/page_idle/bitmap write $((w0 * 8)) $ones)" "page_idle write"
ctl touch "$app" $BASE 16K read >/dev/null || fail "touch failed"
idle=$(pm sys/kernel/mm/page_idle/bitmap entries "$w0" "$nw" | while read -r w; do
	echo "$w"; done)
count=0
for p in $idle_pfns; do
	w=$(sed -n "$((p / 64 - w0 + 1))p" <<<"$idle")
	count=$((count + ((16#$w >> (p % 64)) & 1)))
done
assert_eq 12 "$count" "page_idle: the 12 pages not used since they were marked"
assert_eq "Invalid argument" "$(pm sys/kernel/mm/page_idle/bitmap raw 4 8)" "page_idle: unaligned"
assert_eq "No such device or address" \
	"$(pm sys/kernel/mm/page_idle/bitmap write $((1 << 40)) 1)" "page_idle: write past max_pfn"
ctl_ok "after page_idle"

umount_sim
