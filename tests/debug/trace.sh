#!/bin/sh
# --trace FILE: one line per instruction in the mode's address form, the
# mode switch marked, the same run's result as without the trace.
. "${srcdir:-.}/tests/debug/lib.sh"
$to "$EMU" --rom "$rom" --e9 "$tmp/e9" --max-insns 100000 --trace "$tmp/trace" </dev/null 2>"$tmp/err"
status=$?
[ $status -eq 1 ] || { echo "FAIL: exit status $status, want 1"; cat "$tmp/err"; exit 1; }
fail=0
want() {
    grep -qF -- "$1" "$tmp/trace" || { echo "FAIL: trace lacks: $1"; fail=1; }
}
want "[0x0000fffffff0] f000:fff0 ea00f000f0           jmp far 0xf000:0xf000"
want "[0x000000007c00] 0000:7c00 b83412               mov ax, 0x1234"
want "--- mode switch: real mode -> protected mode"
want "[0x000000007ca7] 0008:00007ca7 e6f4                 out 0xf4, al"
# one line per instruction: the count equals the instructions retired
n=$(grep -c '^\[0x' "$tmp/trace")
[ "$n" -eq 56 ] || { echo "FAIL: $n instruction lines, want 56"; fail=1; }
# long mode: the switches and the #PF with its vector and error code
$to "$EMU" --rom "$lmrom" --e9 "$tmp/e9" --max-insns 100000 --trace "$tmp/trace" </dev/null 2>"$tmp/err"
want "--- mode switch: protected mode -> long mode"
want "--- mode switch: long mode, compatibility -> 64-bit"
want "[0x000000007e44] 0018:ffffffff80007e44 c604250000004001     mov byte ptr [0x40000000], 1"
want "--- exception 0x0e #PF, error 0x0002 at 0018:ffffffff80007e44, handler at 0018:ffffffff80007e54"
[ $fail -eq 0 ] && echo "PASS: trace"
exit $fail
