#!/bin/sh
# tests/system/snapshot.sh: a restored snapshot continues the run exactly.
#
# dev_pic.rom and dev_pit.rom take PIT and RTC interrupts. Run A saves a
# snapshot at instruction N and runs on to M with a trace; run B restores
# it and runs to M with a trace; run C stops at N. A's trace after C's
# lines must be B's trace line for line (the same instruction at each
# count, the same interrupts), and A's port E9 output must be C's then
# B's. A truncated snapshot and one from a machine with other RAM each
# give one error naming the file and exit status 1.
set -u
: "${EMU:=./emu}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
M=22000

roundtrip() {
    rom=tests/roms/$1.rom n=$2
    name=$1-$n
    run() { "$EMU" --rom "$rom" --display none --max-insns "$@" 2>>"$T/$name.err"; echo $? >>"$T/$name.st"; }
    run $M --e9 "$T/a.e9" --trace "$T/a.tr" --save-snapshot "$T/s.snap" --snapshot-at "$n"
    run $M --e9 "$T/b.e9" --trace "$T/b.tr" --restore "$T/s.snap"
    run "$n" --e9 "$T/c.e9" --trace "$T/c.tr"
    if [ "$(tr '\n' ' ' <"$T/$name.st")" != "124 124 124 " ]; then
        echo "FAIL: $name: exit statuses $(tr '\n' ' ' <"$T/$name.st"), want 124 each"
        cat "$T/$name.err"
        fail=1
        return
    fi
    # B's first lines may announce the mode before its first instruction
    awk '/^\[0x/ { c++ } c > 0' "$T/b.tr" >"$T/b.tail"
    tail -n +$(($(wc -l <"$T/c.tr") + 1)) "$T/a.tr" >"$T/a.tail"
    lines=$(grep -c '^\[0x' "$T/b.tail")
    if [ "$lines" -lt $((M - n)) ]; then
        echo "FAIL: $name: the restored run traced $lines instructions, want at least $((M - n))"
        fail=1
    elif ! cmp -s "$T/a.tail" "$T/b.tail"; then
        echo "FAIL: $name: the restored run's trace differs from the original's after instruction $n:"
        diff "$T/a.tail" "$T/b.tail" | head -10
        fail=1
    fi
    if ! cat "$T/c.e9" "$T/b.e9" | cmp -s - "$T/a.e9"; then
        echo "FAIL: $name: port E9 output after instruction $n differs"
        fail=1
    fi
    [ $fail -eq 0 ] && echo "PASS: $name: restored run repeats $((M - n)) instructions"
}

roundtrip dev_pic 5000
roundtrip dev_pic 12000
roundtrip dev_pit 15555

# errors: one line naming the file, exit status 1
"$EMU" --rom tests/roms/dev_pic.rom --display none --e9 /dev/null --max-insns 3000 \
    --save-snapshot "$T/good.snap" --snapshot-at 2000 2>/dev/null
size=$(wc -c <"$T/good.snap")
head -c $((size / 2)) "$T/good.snap" >"$T/trunc.snap"
printf 'not a snapshot\n' >"$T/junk.snap"
expect_error() {
    file=$1 what=$2
    shift 2
    "$EMU" --rom tests/roms/dev_pic.rom --display none --e9 /dev/null --max-insns 3000 \
        --restore "$file" "$@" >/dev/null 2>"$T/err"
    st=$?
    if [ $st -ne 1 ] || [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -qF "$file" "$T/err" ||
        ! grep -qF "$what" "$T/err"; then
        echo "FAIL: restoring $file: status $st, want 1 and one error about '$what':"
        cat "$T/err"
        fail=1
    else
        echo "PASS: $(cat "$T/err")"
    fi
}
expect_error "$T/trunc.snap" "truncated"
expect_error "$T/junk.snap" "not an emu snapshot"
expect_error "$T/good.snap" "RAM size" --memory 16
expect_error "$T/missing.snap" "No such file"
exit $fail
