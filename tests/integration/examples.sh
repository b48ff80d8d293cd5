# SPDX-License-Identifier: GPL-2.0
#
# Every story in examples/ is a test: each runs on its deterministic machine
# (manual clock, the default seed) and must print what its head comment
# shows under "What the terminal shows", so the stories users read never go
# stale. Trailing blanks and blank lines are not compared (a comment cannot
# hold the first, and the second mark no difference a reader would see).
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse

examples=$(cd "$(dirname "$TESTLIB")/../examples" && pwd)
export MMSIMFS MMSIMCTL

# the text after "#<TAB>" in the comment block that starts at the marker
shown() { sed -n '/^# What the terminal shows/,/^[^#]/{s/^#\t//p}' "$1"; }
normal() { sed 's/[[:space:]]*$//' | grep -v '^$'; }

for ex in "$examples"/*.sh; do
	name=$(basename "$ex")
	[ "$name" = lib.sh ] && continue
	want=$(shown "$ex" | normal)
	[ -n "$want" ] || { fail "$name has no output in its head comment"; continue; }
	start=$(date +%s)
	got=$(timeout 300 bash "$ex" 2>&1 | normal)
	st=${PIPESTATUS[0]}
	assert_eq 0 "$st" "$name exits 0 (after $(($(date +%s) - start)) s)"
	if [ "$want" != "$got" ]; then
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -20
	fi
	assert_eq "$want" "$got" "$name prints what its head shows"
done
