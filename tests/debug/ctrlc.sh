#!/bin/sh
# Ctrl-C (SIGINT) at the debugger stops the running guest at the next
# instruction boundary and returns to the prompt; emu goes on and quits
# only when told to.
. "${srcdir:-.}/tests/debug/lib.sh"
mkfifo "$tmp/in" || exit 99
$to "$EMU" --rom "$rom" --e9 "$tmp/e9" -d <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/in"
# make the boot code spin (jmp $ at 0x7c03), then let it run
printf 'b 0x7c00\nc\nsetpmem 0x7c03 2 0xfeeb\nc\n' >&3
sleep 1
kill -INT $pid
sleep 1
kill -0 $pid 2>/dev/null || { echo "FAIL: SIGINT ended emu"; cat "$tmp/out" "$tmp/err"; exit 1; }
printf 'r\nq\n' >&3
exec 3>&-
wait $pid
status=$?
fail=0
want() {
    grep -qF -- "$1" "$tmp/out" || { echo "FAIL: output lacks: $1"; fail=1; }
}
want "(0) Keyboard interrupt (Ctrl-C)"
want "(0) [0x000000007c03] 0000:7c03 (unk. ctxt): jmp 0x7c03"
want "eip: 0x00007c03"
[ $status -eq 0 ] || { echo "FAIL: exit status $status after q, want 0"; fail=1; }
if [ $fail -ne 0 ]; then
    cat "$tmp/out" "$tmp/err"
    exit 1
fi
echo "PASS: ctrlc"
exit 0
