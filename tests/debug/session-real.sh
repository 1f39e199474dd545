#!/bin/sh
# A scripted debugger session in real mode (-rc with stdin not a terminal:
# the commands run, then emu quits at the end of input). The transcript
# must equal tests/debug/real.expected.
. "${srcdir:-.}/tests/debug/lib.sh"
cp "$src/tests/debug/real.sym" "$tmp/"
(cd "$tmp" && $to "$EMU" --rom "$rom" --e9 "$tmp/e9" --max-insns 100000 -rc "$src/tests/debug/real.rc" \
    'magic_break: enabled=1' </dev/null >"$tmp/out" 2>"$tmp/err")
status=$?
compare "$src/tests/debug/real.expected" "$tmp/out" "session-real" || exit 1
# writemem wrote the first three bytes of the boot code
[ "$(od -An -tx1 "$tmp/wm.bin" | tr -d ' \n')" = "b83412" ] || { echo "FAIL: writemem"; exit 1; }
[ $status -eq 0 ] || { echo "FAIL: exit status $status after q"; cat "$tmp/err"; exit 1; }
exit 0
