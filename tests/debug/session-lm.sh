#!/bin/sh
# A scripted debugger session that follows tests/debug/dbg_lm.asm from real
# mode through protected mode into a 64-bit kernel in the higher half;
# transcript = tests/debug/lm.expected.
. "${srcdir:-.}/tests/debug/lib.sh"
cp "$src/tests/debug/lm.sym" "$tmp/"
(cd "$tmp" && $to "$EMU" --rom "$lmrom" --e9 "$tmp/e9" --max-insns 100000 -rc "$src/tests/debug/lm.rc" \
    'magic_break: enabled=1' </dev/null >"$tmp/out" 2>"$tmp/err")
status=$?
compare "$src/tests/debug/lm.expected" "$tmp/out" "session-lm" || exit 1
# writemem wrote the first bytes of the #PF handler (push rax; lea rax, ...)
[ "$(od -An -tx1 "$tmp/lm.bin" | tr -d ' \n')" = "50488d05" ] || { echo "FAIL: writemem"; exit 1; }
[ $status -eq 0 ] || { echo "FAIL: exit status $status after q"; cat "$tmp/err"; exit 1; }
exit 0
