# SPDX-License-Identifier: GPL-2.0
#
# The kernel allocator API through a real mount: kmalloc and kmem_cache_*
# change /proc/slabinfo, sys/kernel/slab and meminfo's Slab lines at once;
# vmalloc takes scattered order-0 pages and shows in vmallocinfo and
# VmallocUsed; frees give everything back; slabtop reads the tree inside a
# private namespace; bad input fails with the kernel's errno.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_ns_tools
need_cmd slabtop procps

# the default preset has the reference machine's 2 CPUs, hence its slab geometry
mount_sim --machine default

# slabinfo_field CACHE COLUMN: a column of the cache's slabinfo line (2 = active_objs)
slabinfo_field()
{
	awk -v c="$1" -v col="$2" '$1 == c { print $col; found = 1 } END { exit !found }' \
		"$MNT/proc/slabinfo" || fail "slabinfo: no line for $1"
}

# free pages: MemFree and the per-cpu lists' pages (zoneinfo's count), which MemFree leaves out
free_pages_now()
{
	echo $(($(meminfo_kb MemFree) / 4 + $(awk '$1 == "count:" { s += $2 } END { print s + 0 }' \
		"$MNT/proc/zoneinfo")))
}

# ---------------------------------------------------------------- the files

assert_eq "slabinfo - version: 2.1" "$(head -1 "$MNT/proc/slabinfo")" "slabinfo header"
assert_eq 400 "$(stat -c %a "$MNT/proc/slabinfo")" "slabinfo mode"
assert_eq 400 "$(stat -c %a "$MNT/proc/vmallocinfo")" "vmallocinfo mode"
# the kmalloc geometry of the kernel (reference §3.3)
for spec in "kmalloc-8 8 512 1" "kmalloc-96 96 42 1" "kmalloc-192 192 21 1" "kmalloc-512 512 16 2" \
	    "kmalloc-1k 1024 16 4" "kmalloc-4k 4096 8 8" "kmalloc-8k 8192 4 8"; do
	read -r name size per pages <<<"$spec"
	assert_eq "$size $per $pages" "$(awk -v c="$name" '$1 == c { print $4, $5, $6 }' \
		"$MNT/proc/slabinfo")" "$name objsize/objperslab/pagesperslab"
	assert_eq "$size" "$(cat "$MNT/sys/kernel/slab/$name/slab_size")" "$name slab_size in sysfs"
	assert_eq "$per" "$(cat "$MNT/sys/kernel/slab/$name/objs_per_slab")" "$name objs_per_slab"
done
ls -a "$MNT/sys/kernel/slab" | head -2 | tr '\n' ' ' | grep -q '^\. \.\. ' ||
	fail "sys/kernel/slab does not list . and .. first"

# ---------------------------------------------------------------- kmalloc

active=$(slabinfo_field kmalloc-512 2)
slab_kb=$(meminfo_kb Slab)
out=$(ctl kmalloc 300)
assert_eq 0 "$?" "kmalloc 300: $out"
assert_match "^0xffff888[0-9a-f]+ cache=kmalloc-512 size=512 waste=212 node=0 zone=" "$out" \
	"kmalloc 300 reply"
addr=${out%% *}
# the object comes from the cpu slab, whose free objects slabinfo already counts as active
assert_eq "$active" "$(slabinfo_field kmalloc-512 2)" "kmalloc-512 active objects (cpu slab)"
assert_eq "$active N0=$active" "$(cat "$MNT/sys/kernel/slab/kmalloc-512/objects")" \
	"sys/kernel/slab/kmalloc-512/objects"
assert_eq "1 N0=1" "$(cat "$MNT/sys/kernel/slab/kmalloc-512/cpu_slabs")" "kmalloc-512 cpu_slabs"
assert_eq 52 "$(cat "$MNT/sys/kernel/slab/kmalloc-512/cpu_partial")" "kmalloc-512 cpu_partial"
assert_eq "0(0)" "$(cat "$MNT/sys/kernel/slab/kmalloc-512/slabs_cpu_partial")" \
	"kmalloc-512 slabs_cpu_partial"
assert_eq 512 "$(ctl ksize "$addr")" "ksize of the kmalloc 300 object"
assert_ok "kfree" ctl kfree "$addr"
assert_eq "$active" "$(slabinfo_field kmalloc-512 2)" "kmalloc-512 active objects after kfree"
assert_fails_with "double kfree" "Invalid argument" write_file "$MNT/sim/ctl" "kfree $addr"
assert_file_contains "$MNT/dev/kmsg" "Object already free" "double free reported in the kernel log"
assert_eq ok "$(ctl check)" "machine check after the double free"

# a large kmalloc goes to the page allocator and counts in SUnreclaim
sunreclaim=$(meminfo_kb SUnreclaim)
out=$(ctl kmalloc 100K)
assert_match " order=5 size=131072 waste=28672 " "$out" "kmalloc 100K reply"
assert_eq "$((sunreclaim + 128))" "$(meminfo_kb SUnreclaim)" "SUnreclaim after kmalloc 100K"
assert_ok "kfree of the large kmalloc" ctl kfree "${out%% *}"
assert_eq "$sunreclaim" "$(meminfo_kb SUnreclaim)" "SUnreclaim after its kfree"
assert_fails_with "kmalloc above KMALLOC_MAX_SIZE" "Cannot allocate memory" \
	write_file "$MNT/sim/ctl" "kmalloc 5M"
assert_fails_with "kmalloc_array overflow" "Cannot allocate memory" \
	write_file "$MNT/sim/ctl" "kmalloc_array 0x100000000 0x100000000"

# ---------------------------------------------------------------- a cache of our own

free0=$(free_pages_now)
out=$(ctl kmem_cache_create my_obj 200 flags=SLAB_HWCACHE_ALIGN)
assert_eq 0 "$?" "kmem_cache_create: $out"
assert_match "^my_obj object_size=200 size=256 " "$out" "kmem_cache_create reply"
assert_eq my_obj "$(awk 'NR == 3 { print $1 }' "$MNT/proc/slabinfo")" "newest cache listed first"
ctl kmem_cache_alloc my_obj count=10000 >/dev/null || fail "kmem_cache_alloc count=10000"
assert_eq 10000 "$(slabinfo_field my_obj 2)" "my_obj active objects"
per=$(slabinfo_field my_obj 5)
pages=$(slabinfo_field my_obj 6)
slabs=$(((10000 + per - 1) / per))
assert_eq "$slabs" "$(slabinfo_field my_obj 15)" "my_obj slabs for 10000 objects"
assert_eq "$((free0 - slabs * pages))" "$(free_pages_now)" "MemFree fell by the slabs' pages"
assert_fails_with "destroy with live objects" "Device or resource busy" \
	write_file "$MNT/sim/ctl" "kmem_cache_destroy my_obj"
assert_file_contains "$MNT/dev/kmsg" "Slab cache still has objects" "destroy complaint in the log"

# ---------------------------------------------------------------- vmalloc

used=$(meminfo_kb VmallocUsed)
out=$(ctl vmalloc 8M)
assert_match "^0xffffc9[0-9a-f]+ vmalloc pages=2048 waste=0" "$out" "vmalloc 8M reply"
# 2048 pages, and 4 more for the vmalloc'ed array of their addresses (nr_vmalloc_pages counts both)
assert_eq "$((used + 8208))" "$(meminfo_kb VmallocUsed)" "VmallocUsed after vmalloc 8M"
assert_match "pages=2048 vmalloc vpages N0=2048" "$(cat "$MNT/proc/vmallocinfo")" "vmallocinfo line"
assert_ok "vfree" ctl vfree "${out%% *}"
assert_eq "$used" "$(meminfo_kb VmallocUsed)" "VmallocUsed after vfree"
assert_fails_with "vfree of a kmalloc address" "Invalid argument" \
	write_file "$MNT/sim/ctl" "vfree 0xffff888001000000"
assert_eq ok "$(ctl check)" "machine check after the vmalloc round trip"

# ---------------------------------------------------------------- slabtop

out=$(run_in_ns 'slabtop -o -s c' 2>&1)
assert_match "my_obj" "$out" "slabtop lists my_obj"
assert_match "Active / Total Objects" "$out" "slabtop summary line"
