# SPDX-License-Identifier: GPL-2.0
#
# Every write is safe, through a real mount: the repros of the safe-writes
# issue as a user types them, then a sweep of bad input over every writable
# file (empty, blanks, signs, 2^63, 2^64, 1e30, garbage, hex and octal, NUL,
# several values, 1 MiB; at offset 0, with pwrite at an offset, O_APPEND,
# and as a second write on one fd), as root and as nobody, each against a
# table of the kernel's rules, with meminfo, vmstat and the file itself
# compared before and after every write the kernel would refuse or ignore.
#
# shellcheck source=tests/lib.sh
. "$TESTLIB"

need_fuse
need_cmd setpriv
# Debian's, which nobody may run (a pyenv shim under /root may not be)
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=$(command -v python3) || die "python3 is needed"


mount_sim --machine tiny

# --- the repros, as typed

echo 61 >"$MNT/proc/sys/vm/swappiness"
echo 62 >>"$MNT/proc/sys/vm/swappiness"
assert_eq 62 "$(cat "$MNT/proc/sys/vm/swappiness")" "an append to swappiness is applied"
exec 3>"$MNT/dev/kmsg"
echo first-of-two >&3
echo second-of-two >&3
exec 3>&-
assert_file_contains "$MNT/sim/dmesg" "second-of-two" "a second write on one kmsg fd is a record"
exec 3>"$MNT/proc/1/oom_score_adj"
echo 300 >&3
echo 400 >&3
exec 3>&-
assert_eq 400 "$(cat "$MNT/proc/1/oom_score_adj")" "a second write on one oom_score_adj fd"
echo 0 >"$MNT/proc/1/oom_score_adj"

for cmd in "kmalloc 18446744073709551615" "kmalloc 9223372036854775809" \
	   "kmalloc_array 2 9223372036854775807" "kzalloc 18446744073709551615" \
	   "krealloc 0 18446744073709551615" "kvmalloc 18446744073709551615"; do
	# shellcheck disable=SC2086
	out=$(timeout 20 "$MMSIMCTL" -m "$MNT" $cmd 2>&1)
	assert_eq 1 "$?" "$cmd fails at once (ENOMEM), it does not hang"
	assert_contains "${cmd%% *}: " "$out" "$cmd: the reason"
done
assert_ok "the daemon answers after the huge kmallocs" ctl check

a=$(ctl alloc_pages order=2 | cut -d' ' -f1)
ctl free_pages "$a" order=2
ctl vmalloc 16K >/dev/null
out=$(ctl free_pages "$a" order=0 2>&1)
assert_eq 1 "$?" "free_pages of a page vmalloc now holds is refused"
assert_contains "is no order-0 block of ours" "$out" "the refusal says why"
assert_file_contains "$MNT/sim/dmesg" "BUG: Bad page state in process mmsimctl" "and logs it"
assert_ok "nothing was corrupted" ctl check

tasks=$(ls -d "$MNT"/proc/[0-9]* | wc -l)
out=$("$PYTHON" -c '
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    os.write(fd, b"spawn x" + b" " * (1 << 20))
    print("written")
except OSError as e:
    print(e.errno)
print(os.pread(fd, 200, 0).decode(), end="")' "$MNT/sim/ctl")
assert_eq "7
ctl: a command is at most 4096 bytes" "$out" "a 1 MiB command is E2BIG, whole"
assert_eq "$tasks" "$(ls -d "$MNT"/proc/[0-9]* | wc -l)" "and spawned nothing"
out=$(ctl kmalloc 8 count=4000000 2>&1)
assert_eq 1 "$?" "count is bounded"
out=$(ctl kmalloc 8 count=40000 | tail -n 1)
assert_match '^kmalloc: [0-9]+ more lines not shown \(a reply keeps 1048576 bytes\)$' "$out" \
	"a long reply ends with a summary"

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
for cmd in "spawn evil uid=0" "kill 1" "exit 1" "tick 1s" "kmalloc 64" "alloc_pages" "check"; do
	# shellcheck disable=SC2086
	out=$(as_nobody "$MMSIMCTL" -m "$MNT" $cmd 2>&1)
	assert_eq 1 "$?" "nobody may not: $cmd"
done
pid=$(as_nobody "$MMSIMCTL" -m "$MNT" spawn mine)
assert_eq 65534 "$(awk '/^Uid:/ { print $2 }' "$MNT/proc/$pid/status")" "nobody spawns as itself"
assert_ok "nobody touches its own task" as_nobody "$MMSIMCTL" -m "$MNT" touch "$pid" heap 64K
assert_ok "and kills it" as_nobody "$MMSIMCTL" -m "$MNT" kill "$pid"
victim=$(ctl spawn victim)

# --- the sweep

sweep=$(mktemp_file)
cat >"$sweep" <<'EOF'
import errno, os, stat, sys

MNT, VICTIM = sys.argv[1], sys.argv[2]
ROOT = os.getuid() == 0
E = errno
INPUTS = {
    "empty": b"", "newline": b"\n", "blanks": b" \t\v\n", "negative": b"-1\n",
    "2^63": b"9223372036854775808\n", "2^64": b"18446744073709551616\n", "1e30": b"1e30\n",
    "trailing": b"5abc\n", "word": b"abc\n", "hex": b"0x10\n", "octal": b"010\n",
    "nul": b"\0", "one-nul": b"1\0", "two values": b"1 2\n", "1 MiB": b" " * (1 << 20),
}
ANY = "any"     # the kernel's answer depends on the knob's range: only "changes nothing if refused"
BAD = (E.EINVAL,)

def rules(kind):
    """The kernel's answer to each input written at offset 0: an errno, 0 (taken) or ANY."""
    r = dict.fromkeys(INPUTS, E.EINVAL)
    r["empty"] = 0
    if kind == "int":           # proc_dointvec_minmax and friends
        for k in ("negative", "2^63", "hex", "octal", "one-nul", "two values"):
            r[k] = ANY
    elif kind == "trigger":     # drop_caches 1..4, compact_memory 1
        r["one-nul"] = r["two values"] = ANY
    elif kind in ("refresh", "intvec"):
        r = dict.fromkeys(INPUTS, ANY)
    elif kind == "string":      # numa_zonelist_order: the first letter
        for k in ("negative", "2^63", "2^64", "1e30", "hex", "octal", "one-nul", "two values"):
            r[k] = ANY
    elif kind in ("oom_score_adj", "oom_adj"):  # 12 bytes, strstrip, kstrtoint(base 0)
        r.update({"negative": 0, "2^63": E.ERANGE, "2^64": E.ERANGE, "octal": 0,
                  "one-nul": 0, "hex": 0 if kind == "oom_score_adj" else E.EINVAL})
    elif kind == "clear_refs":  # 12 bytes, strstrip, kstrtoint(base 10), 1..5
        r.update({"2^63": E.ERANGE, "2^64": E.ERANGE, "one-nul": 0})
    elif kind == "comm":        # only a thread of the writer's own process
        pass
    elif kind == "kmsg":        # every write a record, up to PRINTKRB_RECORD_MAX
        r = dict.fromkeys(INPUTS, 0)
        r["1 MiB"] = E.EINVAL
    elif kind == "shrink":      # SLUB's shrink_store: buf[0] == '1'
        for k in ("2^64", "1e30", "one-nul", "two values"):
            r[k] = 0
    elif kind == "ctl":
        r["1 MiB"] = E.E2BIG
    elif kind == "make-it-fail":    # the oom files' parsing, then only 0 or 1
        r.update({"2^63": E.ERANGE, "2^64": E.ERANGE, "one-nul": 0})
    elif kind in ("fail-nth", "coredump_filter"):  # kstrtouint_from_user(base 0) of 34 bytes
        r.update({"hex": 0, "octal": 0, "one-nul": 0, "2^63": E.ERANGE, "2^64": E.ERANGE})
    elif kind == "autogroup":   # the oom files' parsing, then a nice of -20..19 (root: below 0)
        r.update({"negative": 0, "2^63": E.ERANGE, "2^64": E.ERANGE, "octal": 0,
                  "one-nul": 0, "hex": 0})
    elif kind == "timerslack_ns":   # kstrtoull_from_user(base 10), then CAP_SYS_NICE
        r.update({"2^63": 0, "2^64": E.ERANGE, "octal": 0, "one-nul": 0})
        if not ROOT:
            r = {k: (E.EPERM if v == 0 and k != "empty" else v) for k, v in r.items()}
    elif kind == "loginuid":    # only the task itself: EPERM before the number is read
        r = dict.fromkeys(INPUTS, E.EPERM)
        r["empty"] = 0
    elif kind == "mem":         # pages hold no bytes: every access fails as at an unmapped address
        r = dict.fromkeys(INPUTS, E.EIO)
        r["empty"] = 0
    elif kind in ("failslab", "debugfs_bool"):  # buf[0] == '1'; kstrtobool, junk ignored
        r = dict.fromkeys(INPUTS, 0)
    elif kind in ("debugfs_ul", "debugfs_atomic"):  # 23 bytes, kstrtoull / kstrtoll, base 0
        r.update({"hex": 0, "octal": 0, "one-nul": 0, "2^64": E.ERANGE,
                  "2^63": E.ERANGE if kind == "debugfs_atomic" else 0,
                  "negative": 0 if kind == "debugfs_atomic" else E.EINVAL})
    return r

def kind_of(path):
    rel = os.path.relpath(path, MNT)
    name = os.path.basename(rel)
    if rel.startswith("proc/sys/vm/"):
        return {"drop_caches": "trigger", "compact_memory": "trigger", "stat_refresh": "refresh",
                "lowmem_reserve_ratio": "intvec", "numa_zonelist_order": "string"}.get(name, "int")
    if rel.startswith("proc/pressure/"):
        return "psi"
    if name in ("oom_score_adj", "oom_adj", "comm", "clear_refs", "make-it-fail", "fail-nth",
                "coredump_filter", "autogroup", "timerslack_ns", "loginuid", "mem"):
        return name
    if rel.startswith("sys/kernel/debug/"):     # the debugfs helper behind each file
        if name in ("times", "space"):
            return "debugfs_atomic"
        return "debugfs_bool" if name in ("task-filter", "ignore-gfp-wait", "ignore-gfp-highmem",
                                          "cache-filter") else "debugfs_ul"
    if rel.startswith("sys/kernel/slab/") and name == "failslab":
        return "failslab"
    return {"dev/kmsg": "kmsg", "sim/ctl": "ctl"}.get(rel, "shrink" if name == "shrink" else None)

# the files whose handlers look at the offset as proc_dointvec does: later writes are ignored
STRICT = ("int", "trigger", "intvec")

def snapshot(path):
    def read(p):
        try:
            with open(p, "rb") as f:
                return f.read()
        except OSError as e:
            return e.errno
    own = read(path) if os.path.basename(path) not in ("kmsg", "ctl", "mem") else b""
    return (own, read(MNT + "/proc/meminfo"), read(MNT + "/proc/vmstat"))

def attempt(path, data, mode):
    """The errno of the last write (0 when taken) and whether it was ignored."""
    flags = os.O_WRONLY | (os.O_APPEND if mode == "append" else 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        return e.errno, False
    try:
        if mode == "pwrite":
            os.pwrite(fd, data, 5)
        elif mode == "second":
            try:
                os.write(fd, data)
            except OSError:
                pass
            os.write(fd, data)
        else:
            os.write(fd, data)
        return 0, False
    except OSError as e:
        return e.errno, False
    finally:
        os.close(fd)

failures = checks = 0
def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)

files = []
dirs = ["proc/sys/vm", "proc/pressure", "proc/1", "proc/" + VICTIM, "dev", "sim"]
dirs += ["sys/kernel/slab/" + c for c in sorted(os.listdir(MNT + "/sys/kernel/slab"))]
if ROOT:        # debugfs is 0700: nobody cannot even list it (the mode test is faultinject.sh's)
    dirs += ["sys/kernel/debug/fail_page_alloc", "sys/kernel/debug/failslab"]
for d in dirs:
    for n in sorted(os.listdir(os.path.join(MNT, d))):
        p = os.path.join(MNT, d, n)
        st = os.lstat(p)
        if stat.S_ISREG(st.st_mode) and st.st_mode & 0o222 and kind_of(p):
            files.append((p, st))

for path, st in files:
    kind = kind_of(path)
    writable = ROOT or (st.st_mode & 0o002) or st.st_uid == os.getuid()
    table = rules(kind) if kind != "psi" else dict(rules("ctl"), **{"1 MiB": E.EINVAL})
    for name, data in INPUTS.items():
        for mode in ("plain", "pwrite", "append", "second"):
            if kind in ("shrink", "failslab") and mode != "plain" and \
                    not path.endswith("dentry/" + kind):
                continue        # the offsets of one cache stand for all
            want = table[name] if writable else E.EACCES
            if writable and mode in ("pwrite", "second") and kind in STRICT:
                want = ANY      # ignored when past offset 0, else as at offset 0
            before = snapshot(path)
            got, _ = attempt(path, data, mode)
            checks += 1
            where = "%s %s (%s, %s)" % (os.path.relpath(path, MNT), name, mode,
                                        "root" if ROOT else "nobody")
            if want != ANY and got != want:
                fail("%s: errno %s, the kernel's is %s" % (where, got, want))
            if got or (mode == "pwrite" and kind in STRICT) or not data:
                if snapshot(path) != before:
                    fail("%s: refused or ignored, yet something changed" % where)
print("%d checks, %d failures" % (checks, failures))
sys.exit(1 if failures else 0)
EOF

out=$("$PYTHON" - "$MNT" "$victim" <"$sweep" 2>&1)
st=$?
note "as root: $(printf '%s\n' "$out" | tail -n 1)"
[ "$st" = 0 ] || printf '%s\n' "$out" | grep -m 40 FAIL
assert_eq 0 "$st" "the sweep as root: $(printf '%s\n' "$out" | tail -n 1)"
# the sweep left random fault attributes: nothing may fail from here on
for f in sys/kernel/debug/fail_page_alloc/probability sys/kernel/debug/failslab/probability \
	proc/1/fail-nth "proc/$victim/fail-nth"; do
	write_file "$MNT/$f" 0
done
out=$(as_nobody "$PYTHON" - "$MNT" "$victim" <"$sweep" 2>&1)
st=$?
note "as nobody: $(printf '%s\n' "$out" | tail -n 1)"
[ "$st" = 0 ] || printf '%s\n' "$out" | grep -m 40 FAIL
assert_eq 0 "$st" "the sweep as nobody: $(printf '%s\n' "$out" | tail -n 1)"
assert_ok "the machine holds after the sweep" ctl check
umount_sim
assert_eq 0 "$?" "the daemon exits cleanly"
