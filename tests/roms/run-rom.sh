#!/bin/sh
# tests/roms/run-rom.sh: automake LOG_COMPILER for the test ROMs.
#
#   run-rom.sh path/to/NAME.rom        (from the build directory)
#
# Environment: EMU (the emu binary), srcdir (source tree, relative or
# absolute), abs_srcdir. Runs the ROM headless, captures what it writes to
# port 0xE9 and compares it with $srcdir/tests/roms/NAME.expected. The ROM
# ends by writing 0 to the isa-debug-exit port 0xF4, so emu must exit with
# status (0 << 1) | 1 = 1.
#
# Exit: 0 pass, 1 fail, 77 skip (no emu binary), 99 hard error.

rom=$1
if [ -z "$rom" ]; then
    echo "usage: $0 path/to/NAME.rom" >&2
    exit 99
fi
if [ -z "$EMU" ] || [ ! -x "$EMU" ]; then
    echo "SKIP: EMU is not set or not executable (EMU='$EMU')"
    exit 77
fi
if [ ! -f "$rom" ]; then
    echo "FAIL: ROM image '$rom' not found"
    exit 1
fi

name=$(basename "$rom" .rom)
dir=$(dirname "$rom")
src=${abs_srcdir:-${srcdir:-.}}
expected=
for cand in "$src/$dir/$name.expected" "$src/tests/roms/$name.expected" \
            "$dir/$name.expected"; do
    if [ -f "$cand" ]; then
        expected=$cand
        break
    fi
done
if [ -z "$expected" ]; then
    echo "FAIL: no $name.expected beside $name.asm in '$src/tests/roms'"
    exit 1
fi

tmp=${TMPDIR:-/tmp}/emu-rom-$name.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# Seconds of wall clock before the run is killed; the instruction limit is
# the primary bound, this only catches a hung emulator.
limit=${ROM_TIMEOUT:-120}
if command -v timeout >/dev/null 2>&1; then
    to="timeout -k 5 $limit"
else
    to=
fi

# NAME.args beside NAME.expected: extra emu options for this ROM (one
# line, split on blanks; "@tmp@" stands for a scratch directory)
args=
if [ -f "${expected%.expected}.args" ]; then
    args=$(sed "s|@tmp@|$tmp|g" "${expected%.expected}.args")
fi
# NAME.setup beside NAME.expected: a shell script run in the scratch
# directory before emu starts; it creates the disk images NAME.args names
setup="${expected%.expected}.setup"
if [ -f "$setup" ]; then
    if ! (cd "$tmp" && sh "$setup") >"$tmp/setup.log" 2>&1; then
        echo "FAIL: $name: $setup failed:"
        cat "$tmp/setup.log"
        exit 1
    fi
fi
# NAME.fbcrc beside NAME.expected: the rendered screen at exit must have
# this checksum (the "emu: fb WxH crc32 XXXXXXXX" line of --fb-checksum)
fbcrc="${expected%.expected}.fbcrc"
if [ -f "$fbcrc" ]; then
    args="$args --fb-checksum"
fi
# shellcheck disable=SC2086
$to "$EMU" --rom "$rom" --display none --e9 stdout --max-insns 200000000 $args \
    >"$tmp/out" 2>"$tmp/err" </dev/null
status=$?
if [ -f "$fbcrc" ]; then
    want=$(cat "$fbcrc")
    got=$(grep '^emu: fb ' "$tmp/err" | tail -n 1)
    if [ "$got" != "$want" ]; then
        echo "FAIL: $name: screen checksum '$got', want '$want' ($fbcrc)"
        fbfail=1
    fi
    grep -v '^emu: fb ' "$tmp/err" >"$tmp/err2"
    mv "$tmp/err2" "$tmp/err"
fi

fail=${fbfail:-0}
if ! cmp -s "$expected" "$tmp/out"; then
    echo "FAIL: $name: port 0xE9 output differs from $expected"
    diff -u "$expected" "$tmp/out" | sed "s|$tmp/out|$name (emu output)|"
    fail=1
fi
# NAME.status: the exit status the ROM ends with when it is not 1 (e.g. 0
# for an ACPI power-off)
want=1
if [ -f "${expected%.expected}.status" ]; then
    want=$(cat "${expected%.expected}.status")
fi
if [ "$status" -ne "$want" ]; then
    case $status in
    124|137) why=" (timed out after ${limit}s)" ;;
    *) why= ;;
    esac
    echo "FAIL: $name: emu exit status $status$why, want $want"
    fail=1
fi
if [ -s "$tmp/err" ]; then
    echo "--- emu stderr (last 20 distinct lines, with repeat counts):"
    uniq -c "$tmp/err" | tail -n 20
fi
if [ $fail -eq 0 ]; then
    echo "PASS: $name"
    exit 0
fi
exit 1
