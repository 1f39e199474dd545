#!/bin/sh
# bench/idle.sh: host CPU cost of a guest that idles in HLT.
#
#   sh bench/idle.sh [EMU] [SECONDS]
#
# Assembles a ROM that programs the PIT for 1000 interrupts a second (as
# a kernel with HZ=1000 does), then sits in "sti; hlt" and ends after
# SECONDS seconds of guest time. With clock: sync=realtime guest time runs
# with the wall clock, so the run lasts SECONDS seconds; the script prints
# the user+system CPU time emu used and that as a share of one core.
# Issue 4 wants it well under 5%.
EMU=${1:-./emu}
SECS=${2:-3}
tmp=${TMPDIR:-/tmp}/emu-idle.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cat >"$tmp/idle.asm" <<ASM
        bits 16
        org 0
start:  cli
        xor     ax, ax
        mov     ss, ax
        mov     sp, 0x7000
        mov     ds, ax
        mov     word [0x20*4], tick
        mov     word [0x20*4+2], 0xF000
        mov     al, 0x11                ; 8259: vectors 0x20-0x27
        out     0x20, al
        mov     al, 0x20
        out     0x21, al
        mov     al, 0x04
        out     0x21, al
        mov     al, 0x01
        out     0x21, al
        mov     al, 0xFE                ; IRQ 0 only
        out     0x21, al
        mov     al, 0x34                ; PIT channel 0, mode 2, 1193 -> 1000 Hz
        out     0x43, al
        mov     al, 1193 & 0xFF
        out     0x40, al
        mov     al, 1193 >> 8
        out     0x40, al
        xor     si, si
idle:   sti
        hlt
        cmp     si, $SECS * 1000
        jb      idle
        xor     al, al
        out     0xF4, al
tick:   inc     si
        push    ax
        mov     al, 0x20
        out     0x20, al
        pop     ax
        iret
        times 0xFFF0 - (\$ - \$\$) db 0
        jmp     0xF000:start
        times 0x10000 - (\$ - \$\$) db 0
ASM
nasm -f bin -o "$tmp/idle.rom" "$tmp/idle.asm" || exit 1
# CPU time of emu alone: the children's times before and after it
cpu_of() { sed -n 2p "$1" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }'; }
times >"$tmp/times0"
start=$(date +%s.%N)
"$EMU" --rom "$tmp/idle.rom" --display none --e9 /dev/null 'clock: sync=realtime' --stats 2>"$tmp/err"
status=$?
end=$(date +%s.%N)
times >"$tmp/times1"
cpu=$(echo "$(cpu_of "$tmp/times1") - $(cpu_of "$tmp/times0")" | bc -l)
wall=$(echo "$end - $start" | bc -l)
echo "emu status $status (1 = the ROM ended itself)"
cat "$tmp/err"
printf 'idle guest, sync=realtime: %.2f s wall, %.3f s CPU: %.2f%% of one core\n' "$wall" "$cpu" \
    "$(echo "100 * $cpu / $wall" | bc -l)"
