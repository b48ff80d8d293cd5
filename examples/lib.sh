# SPDX-License-Identifier: GPL-2.0
#
# What every example shares, sourced by each: where the programs are, and
# two helpers. An example sets $mnt to its mount point before calling ctl.
#
# shellcheck shell=bash

top=$(cd "$(dirname "$0")/.." && pwd)

# find_prog NAME VAR: $VAR, else the repository's build, else $PATH
find_prog()
{
	local p

	for p in "${!2:-}" "$top/$1" "$top/build/$1"; do
		if [ -n "$p" ] && [ -x "$p" ]; then
			echo "$p"
			return
		fi
	done
	command -v "$1" || { echo "$0: no $1: build it first (see README.md)" >&2; exit 1; }
}
# shellcheck disable=SC2034 # used by the examples that source this
mmsimfs=$(find_prog mmsimfs MMSIMFS)
mmsimctl=$(find_prog mmsimctl MMSIMCTL)

# shellcheck disable=SC2154 # $mnt is the example's
ctl() { "$mmsimctl" -m "$mnt" "$@"; }
say() { printf '== %s\n' "$*"; }
