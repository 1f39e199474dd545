#!/bin/sh
# gdb (Debian's, batch mode) against the stub: break at 0x7c00 in the boot
# sector, read registers and memory, step, write a register, a write
# watchpoint that fires, continue into protected mode and read registers
# there, a monitor command through the internal debugger.
. "${srcdir:-.}/tests/debug/lib.sh"
command -v gdb >/dev/null 2>&1 || { echo "SKIP: gdb not installed"; exit 77; }
port=$((20000 + $$ % 20000))
$to "$EMU" --rom "$rom" --e9 "$tmp/e9" --max-insns 1000000 --gdb $port </dev/null >"$tmp/emu.out" 2>"$tmp/emu.err" &
pid=$!
$to gdb -nx -batch -ex "set tcp connect-timeout 20" -ex "target remote 127.0.0.1:$port" \
    -x "$src/tests/debug/gdb-real.gdb" >"$tmp/gdb.out" 2>&1
wait $pid
fail=0
want() {
    grep -qF -- "$1" "$tmp/gdb.out" || { echo "FAIL: gdb output lacks: $1"; fail=1; }
}
want "RIP 7c00"
want "0x7c00:	0xb8	0x34	0x12"
want "AX 1234"
want "CX 4242"
want "WATCHED 1235"
want "Hardware watchpoint 2: *(short *)0x500"
want "New value = 4661"
want "CS 8 CR0 e0000011"
want "DS 10"
want "0x600:	0xdeadbeef"
want "GDT[0x0008]=Code segment, base=0x00000000, limit=0xffffffff"
if [ $fail -ne 0 ]; then
    echo "--- gdb output"; cat "$tmp/gdb.out"; echo "--- emu stderr"; cat "$tmp/emu.err"
    exit 1
fi
echo "PASS: gdb"
exit 0
