#!/bin/sh
# A scripted debugger session that follows the ROM from real mode into
# 32-bit protected mode with paging; transcript = tests/debug/pmode.expected.
. "${srcdir:-.}/tests/debug/lib.sh"
(cd "$tmp" && $to "$EMU" --rom "$rom" --e9 "$tmp/e9" --max-insns 100000 -rc "$src/tests/debug/pmode.rc" \
    'magic_break: enabled=1' </dev/null >"$tmp/out" 2>"$tmp/err")
compare "$src/tests/debug/pmode.expected" "$tmp/out" "session-pmode" || exit 1
exit 0
