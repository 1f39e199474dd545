#!/bin/sh
# tests/roms/determinism.sh: with clock: sync=none two runs of the same ROM
# must execute the same instructions in the same order, interrupts
# included: the --trace outputs of two runs are compared byte for byte.
# The ROMs take PIT, RTC and keyboard interrupts at points fixed by
# virtual time only. Exit: 0 pass, 1 fail, 77 skip.
if [ -z "$EMU" ] || [ ! -x "$EMU" ]; then
    echo "SKIP: EMU is not set"
    exit 77
fi
src=${abs_srcdir:-${srcdir:-.}}
tmp=${TMPDIR:-/tmp}/emu-determinism.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
for name in dev_pic dev_kbd; do
    rom=tests/roms/$name.rom
    if [ ! -f "$rom" ]; then
        echo "FAIL: $rom not built"
        fail=1
        continue
    fi
    args=
    [ -f "$src/tests/roms/$name.args" ] && args=$(cat "$src/tests/roms/$name.args")
    for run in 1 2; do
        # shellcheck disable=SC2086
        "$EMU" --rom "$rom" --display none --e9 "$tmp/out$run" --max-insns 50000000 \
            --trace "$tmp/trace$run" $args 'clock: sync=none' >/dev/null 2>&1 </dev/null
        echo "status $?" >>"$tmp/out$run"
    done
    if [ ! -s "$tmp/trace1" ]; then
        echo "FAIL: $name: no trace written"
        fail=1
    elif cmp -s "$tmp/trace1" "$tmp/trace2" && cmp -s "$tmp/out1" "$tmp/out2"; then
        echo "PASS: $name: $(wc -l <"$tmp/trace1") traced instructions identical in two runs"
    else
        echo "FAIL: $name: the two runs differ"
        cmp "$tmp/trace1" "$tmp/trace2"
        fail=1
    fi
    rm -f "$tmp"/trace* "$tmp"/out*
done
exit $fail
