#!/bin/sh
# gdb (Debian's, batch mode) against the stub: break at 0x7c00 in the boot
# sector, read registers and memory, step, write a register, a write
# watchpoint that fires, continue into protected mode and read registers
# there, a monitor command through the internal debugger; then, on
# dbg_lm.rom, on into a 64-bit kernel: registers, x87 and SSE state there.
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
# second leg: real mode, protected mode, then a 64-bit kernel in the higher
# half (tests/debug/dbg_lm.asm); x87/SSE registers read and written
port=$((port + 1))
$to "$EMU" --rom "$lmrom" --e9 "$tmp/e9" --max-insns 1000000 --gdb $port </dev/null >"$tmp/emu.out" 2>"$tmp/emu.err" &
pid=$!
$to gdb -nx -batch -ex "set tcp connect-timeout 20" -ex "target remote 127.0.0.1:$port" \
    -x "$src/tests/debug/gdb-lm.gdb" >"$tmp/gdb.out" 2>&1
wait $pid
want "RIP 7c00"
want "AX 1234"
want "PM CS 8 CR0 60000011"
want "Breakpoint 3, 0xffffffff80007e44 in ?? ()"
want "LM RIP ffffffff80007e44 CS 18"
want "RAX 1111222233334444 R15 fedcba9876543210 RSP ffffffff80008fe8"
want "EFER d01 CR8 5 CR3 10000"
want "FSB 1000 GSB ffffffff80002000"
want "=> 0xffffffff80007e44:	movb   \$0x1,0x40000000"
want "0xffffffff80008fe8:	0xfedcba9876543210	0x000000000000bbbb"
want "\$1 = 3.14159265358979323851"
want "\$2 = 1"
want "FSTAT 3000 FTAG fff FCTRL 37f"
want "\$3 = 0x8899aabbccddeeff0011223344556677"
want "\$4 = {1.5, 2.5, -1, 0}"
want "MXCSR 1f80"
want "XMM[01]: 00000000_00001234_00000000_00000000"
want "  FP7 ST1(v): raw 0x4000:a000000000000000 (valid) 2.5"
want "RIP2 ffffffff80007e54"
if [ $fail -ne 0 ]; then
    echo "--- gdb output (long mode)"; cat "$tmp/gdb.out"; echo "--- emu stderr"; cat "$tmp/emu.err"
    exit 1
fi
echo "PASS: gdb"
exit 0
