# SPDX-License-Identifier: GPL-2.0
#
# /proc/sys/vm writes through a real mount: the watermark knobs move
# zoneinfo to the kernel's formulas (kernel.md §2.4), bad values fail with
# EINVAL and change nothing, and the parser follows proc_dointvec's rules.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse

VM=
ZONEINFO=

# expected_wmarks: "NODE ZONE min low high promo" per zone, from zoneinfo's
# managed pages and the current sysctls (__setup_per_zone_wmarks)
expected_wmarks()
{
	awk -v min_free_kbytes="$(cat "$VM/min_free_kbytes")" \
	    -v wsf="$(cat "$VM/watermark_scale_factor")" '
		$1 == "Node" { node = $2; sub(/,$/, "", node); zone = $4; next }
		$1 == "managed" && NF == 2 {
			n++; nodes[n] = node; names[n] = zone; managed[n] = $2
			if (zone != "HighMem" && zone != "Movable")
				lowmem += $2
		}
		END {
			pages_min = int(min_free_kbytes / 4)
			for (i = 1; i <= n; i++) {
				tmp = int(pages_min * managed[i] / lowmem)
				if (names[i] == "HighMem" || names[i] == "Movable") {
					min = int(managed[i] / 1024)
					min = min < 32 ? 32 : (min > 128 ? 128 : min)
				} else {
					min = tmp
				}
				delta = int(tmp / 4)
				scaled = int(managed[i] * wsf / 10000)
				if (scaled > delta)
					delta = scaled
				print nodes[i], names[i], min, min + delta, min + 2 * delta, min + 3 * delta
			}
		}' "$ZONEINFO"
}

# actual_wmarks: the same fields as printed by zoneinfo
actual_wmarks()
{
	awk '
		$1 == "Node" { node = $2; sub(/,$/, "", node); zone = $4; next }
		NF == 2 && ($1 == "min" || $1 == "low" || $1 == "high" || $1 == "promo") { w[$1] = $2 }
		$1 == "protection:" { print node, zone, w["min"], w["low"], w["high"], w["promo"] }' \
		"$ZONEINFO"
}

# expected_protection: "NODE ZONE (a, b, ...)" per zone (setup_per_zone_lowmem_reserve)
expected_protection()
{
	awk -v ratios="$(cat "$VM/lowmem_reserve_ratio")" '
		BEGIN { split(ratios, ratio, /[ \t]+/) }
		$1 == "Node" { node = $2; sub(/,$/, "", node); zone = $4; n++; nodes[n] = node; names[n] = zone; next }
		$1 == "managed" && NF == 2 { managed[n] = $2 }
		END {
			for (i = 1; i <= n; i++) {
				# zones of the node: the run of entries with the same node
				first = i; while (first > 1 && nodes[first - 1] == nodes[i]) first--
				last = i; while (last < n && nodes[last + 1] == nodes[i]) last++
				idx = i - first + 1
				clear = ratio[idx] == 0 || managed[i] == 0
				line = "(0"; sum = 0
				for (j = first + 1; j <= last; j++) {
					if (j > i)
						sum += managed[j]
					line = line ", " (j > i && !clear ? int(sum / ratio[idx]) : 0)
				}
				print nodes[i], names[i], line ")"
			}
		}' "$ZONEINFO"
}

actual_protection()
{
	awk '$1 == "Node" { node = $2; sub(/,$/, "", node); zone = $4 }
		$1 == "protection:" { sub(/^ *protection: /, ""); print node, zone, $0 }' "$ZONEINFO"
}

check_formulas()
{
	assert_eq "$(expected_wmarks)" "$(actual_wmarks)" \
		"$PRESET: zoneinfo min/low/high/promo vs __setup_per_zone_wmarks ($1)"
	assert_eq "$(expected_protection)" "$(actual_protection)" \
		"$PRESET: zoneinfo protection vs setup_per_zone_lowmem_reserve ($1)"
}

# set_ok KNOB VALUE: echo VALUE > KNOB must succeed
set_ok() { assert_ok "echo $2 > vm/$1" write_file "$VM/$1" "$2"; }

sim_up()
{
	PRESET=$1
	mount_sim --machine "$PRESET"
	VM=$MNT/proc/sys/vm
	ZONEINFO=$MNT/proc/zoneinfo
}

# ---------------------------------------------------------------- tiny, exact numbers

sim_up tiny

check_formulas "at boot"
assert_eq "0 DMA 186 232 278 324
0 DMA32 486 607 728 849
0 Normal 0 0 0 0
0 Movable 32 32 32 32
0 Device 0 0 0 0" "$(actual_wmarks)" "tiny: watermarks at boot (min_free_kbytes 2692)"

set_ok min_free_kbytes 16384
assert_eq 16384 "$(cat "$VM/min_free_kbytes")" "min_free_kbytes after echo 16384"
check_formulas "min_free_kbytes 16384"
# pages_min 4096 over lowmem 3840 + 9985: DMA tmp 1137, delta 284; DMA32 tmp 2958, delta 739
assert_eq "0 DMA 1137 1421 1705 1989
0 DMA32 2958 3697 4436 5175
0 Normal 0 0 0 0
0 Movable 32 32 32 32
0 Device 0 0 0 0" "$(actual_wmarks)" "tiny: watermarks after min_free_kbytes 16384"

set_ok watermark_scale_factor 1000
check_formulas "watermark_scale_factor 1000"
# the scaled delta wins now: DMA 3840 * 1000 / 10000 = 384, DMA32 998
assert_eq "0 DMA 1137 1521 1905 2289
0 DMA32 2958 3956 4954 5952
0 Normal 0 0 0 0
0 Movable 32 32 32 32
0 Device 0 0 0 0" "$(actual_wmarks)" "tiny: watermarks after watermark_scale_factor 1000"
set_ok watermark_scale_factor 10

# lowmem_reserve_ratio moves the protection tuples at once
assert_eq "(0, 39, 39, 39, 39)" "$(zone_protection 0 DMA)" "tiny: DMA protection at boot (9985 / 256)"
set_ok lowmem_reserve_ratio "128 64 32 0 0"
assert_eq "128	64	32	0	0" "$(cat "$VM/lowmem_reserve_ratio")" "lowmem_reserve_ratio read back (TABs)"
assert_eq "(0, 78, 78, 78, 78)" "$(zone_protection 0 DMA)" "tiny: DMA protection after ratio 128 (9985 / 128)"
check_formulas "lowmem_reserve_ratio 128 64 32 0 0"
# 6.18's vector handler ignores what it cannot parse and reports success
set_ok lowmem_reserve_ratio "abc"
assert_eq "128	64	32	0	0" "$(cat "$VM/lowmem_reserve_ratio")" "lowmem_reserve_ratio after 'abc'"
set_ok lowmem_reserve_ratio "256 256 32 0 0"
assert_eq "(0, 39, 39, 39, 39)" "$(zone_protection 0 DMA)" "tiny: DMA protection back at ratio 256"

# ---------------------------------------------------------------- bad writes change nothing

before_zi=$(cat "$ZONEINFO")
while read -r knob value; do
	[ "$value" = "''" ] && value=
	old=$(cat "$VM/$knob")
	assert_fails_with "echo '$value' > vm/$knob" "Invalid argument" write_file "$VM/$knob" "$value"
	assert_eq "$old" "$(cat "$VM/$knob")" "vm/$knob after the refused write '$value'"
done <<'EOF'
min_free_kbytes abc
min_free_kbytes -1
min_free_kbytes 16384abc
min_free_kbytes 99999999999
min_free_kbytes ''
watermark_scale_factor 3001
watermark_scale_factor 0
watermark_scale_factor -1
watermark_scale_factor 1.5
dirty_ratio 101
dirty_background_ratio -1
swappiness 201
swappiness abc
swappiness 60abc
swappiness x60
overcommit_memory 3
percpu_pagelist_high_fraction 7
admin_reserve_kbytes -1
dirty_bytes 100
numa_zonelist_order foo
EOF
assert_eq "$before_zi" "$(cat "$ZONEINFO")" "zoneinfo after the refused writes"

# ---------------------------------------------------------------- proc_dointvec parsing

set_ok swappiness 10
assert_ok "echo '60 70' > swappiness (short write, then ignored)" write_file "$VM/swappiness" "60 70"
assert_eq 60 "$(cat "$VM/swappiness")" "swappiness after echo '60 70'"
set_ok swappiness 10
assert_ok "printf 0x3c > swappiness" printf_file "$VM/swappiness" 0x3c
assert_eq 60 "$(cat "$VM/swappiness")" "swappiness after printf 0x3c (base from the prefix)"
assert_ok "printf 010 > swappiness" printf_file "$VM/swappiness" 010
assert_eq 8 "$(cat "$VM/swappiness")" "swappiness after printf 010 (octal)"
assert_ok "echo '  42' > swappiness" write_file "$VM/swappiness" "  42"
assert_eq 42 "$(cat "$VM/swappiness")" "swappiness after leading blanks"
set_ok swappiness 60
# an empty write is no write at all
assert_ok "printf '' > swappiness" printf_file "$VM/swappiness" ""
assert_eq 60 "$(cat "$VM/swappiness")" "swappiness after an empty write"
# overcommit_ratio is plain proc_dointvec: no range
set_ok overcommit_ratio -5
assert_eq -5 "$(cat "$VM/overcommit_ratio")" "overcommit_ratio after echo -5"
set_ok overcommit_ratio 50

# write-only triggers: root may write but never read
assert_fails_with "cat vm/compact_memory" "Permission denied" cat "$VM/compact_memory"
assert_fails_with "echo 2 > vm/compact_memory" "Invalid argument" write_file "$VM/compact_memory" 2
umount_sim || fail "tiny: mmsimfs exited with status $?"

# ---------------------------------------------------------------- other machines, formulas only

for preset in default numa2 i386-highmem; do
	sim_up "$preset"
	check_formulas "at boot"
	set_ok min_free_kbytes 16384
	check_formulas "min_free_kbytes 16384"
	set_ok watermark_scale_factor 500
	check_formulas "watermark_scale_factor 500"
	set_ok lowmem_reserve_ratio "100 100 10 0 0"
	check_formulas "lowmem_reserve_ratio 100 100 10 0 0"
	umount_sim || fail "$preset: mmsimfs exited with status $?"
done
