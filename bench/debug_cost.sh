#!/bin/sh
# bench/debug_cost.sh: what debugging costs (docs/DEBUGGER.md "Cost").
#
#   bench/debug_cost.sh [path/to/emu] [instructions]
#
# Runs the real-mode ALU loop ROM (bench/rm_loop.asm) for a fixed number
# of instructions (default 200 million) three ways with the same binary:
#   plain     no debugging state: machine_run uses cpu_run()
#   attached  the debugger present (-rc with one 'c'), no breakpoints:
#             the instrumented loop runs every instruction
#   trace     --trace to a file: one line per instruction
# and prints MIPS for each (best of three runs).
set -e
here=$(cd "$(dirname "$0")" && pwd)
emu=${1:-$here/../build/emu}
n=${2:-200000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nasm -f bin -o "$tmp/loop.rom" "$here/rm_loop.asm"
echo c > "$tmp/c.rc"
mips() { sed -n 's/.* \([0-9.]*\) MIPS.*/\1/p' "$1"; }
best() {
    b=0
    for i in 1 2 3; do
        "$@" --rom "$tmp/loop.rom" --max-insns "$n" --stats </dev/null >/dev/null 2>"$tmp/err" || true
        m=$(mips "$tmp/err")
        b=$(echo "$m $b" | awk '{print ($1 > $2) ? $1 : $2}')
    done
    echo "$b"
}
plain=$(best "$emu")
attached=$(best "$emu" -rc "$tmp/c.rc")
tn=$((n / 10))
n_saved=$n; n=$tn
trace=$(best "$emu" --trace "$tmp/trace.txt")
n=$n_saved
echo "instructions: $n (trace: $tn)"
echo "plain:    $plain MIPS"
echo "attached: $attached MIPS (debugger present, no breakpoints)"
echo "trace:    $trace MIPS (--trace FILE, $(wc -c <"$tmp/trace.txt") bytes)"
