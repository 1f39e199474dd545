#!/bin/sh
# A scripted debugger session that follows tests/debug/dbg_lm.asm from real
# mode through protected mode into a 64-bit kernel in the higher half;
# transcript = tests/debug/lm.expected.
. "${srcdir:-.}/tests/debug/lib.sh"
(cd "$tmp" && $to "$EMU" --rom "$lmrom" --e9 "$tmp/e9" --max-insns 100000 -rc "$src/tests/debug/lm.rc" \
    'magic_break: enabled=1' </dev/null >"$tmp/out" 2>"$tmp/err")
compare "$src/tests/debug/lm.expected" "$tmp/out" "session-lm" || exit 1
exit 0
