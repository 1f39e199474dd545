#!/bin/sh
# Benchmarks emu against Bochs and QEMU (TCG) and writes docs/PERFORMANCE.md.
# `make bench` runs it from the build directory.
#
# Environment:
#   EMU=PATH        the emu binary (default: ./emu, else build*/emu in the tree)
#   RUNS=N          runs per emulator, interleaved (default 3)
#   PEERS="..."     emulators to run (default: emu, and bochs / qemu-tcg if installed)
#   BENCH_OUT=DIR   where ROMs, logs and results go (default ./bench-out)
#   BENCH_FLOPPY=1  also run ../shared/bench's floppy benchmarks with Bochs and
#                   QEMU (and emu if EMU_FLOPPY=1: it needs a BIOS to boot them)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
RUNS=${RUNS:-3}
out=${BENCH_OUT:-$PWD/bench-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ -z "${EMU:-}" ]; then
    for e in ./emu "$top"/build*/emu; do
        if [ -x "$e" ]; then EMU=$(cd "$(dirname "$e")" && pwd)/emu; break; fi
    done
fi
if [ -z "${EMU:-}" ] || [ ! -x "$EMU" ]; then
    echo "bench: no emu binary (build it, or set EMU=/path/to/emu)" >&2
    exit 1
fi
export EMU

# the ROM: assembled here unless up to date
rom=$out/rm_loop.rom
if [ ! -f "$rom" ] || [ "$here/rm_loop.asm" -nt "$rom" ]; then
    command -v nasm >/dev/null || { echo "bench: nasm is needed to build rm_loop.rom" >&2; exit 1; }
    nasm -f bin -o "$rom" "$here/rm_loop.asm"
fi

if [ -z "${PEERS:-}" ]; then
    PEERS=emu
    command -v bochs >/dev/null && PEERS="$PEERS bochs"
    command -v qemu-system-i386 >/dev/null && PEERS="$PEERS qemu-tcg"
fi

BENCH_TMP=$out/runs
mkdir -p "$BENCH_TMP"
export BENCH_TMP
results=$out/bench.jsonl
: > "$results"
echo "bench: $RUNS run(s) each of: $PEERS (results in $results)"
i=1
while [ "$i" -le "$RUNS" ]; do
    for p in $PEERS; do
        python3 "$here/bench.py" run "$p" "$rom" "$i" | tee -a "$results" |
            python3 -c 'import json,sys
for l in sys.stdin:
    d=json.loads(l); c=d["loop_cpu_s"]; n=d["insns"]
    print("  run %s %-9s loop %s s wall, %s s CPU, %s MIPS (CPU), CK %s" % (d["run"], d["peer"],
          d["loop_s"], c, round(n/c/1e6,1) if c else "-", d["ck"]))'
    done
    i=$((i + 1))
done

notes=$out/notes.md
: > "$notes"
if [ "${BENCH_FLOPPY:-0}" = 1 ]; then
    shared=$top/../shared/bench
    [ -d "$shared" ] || shared=/work/shared/bench
    if [ -d "$shared" ]; then
        fpeers="bochs qemu-tcg"
        [ "${EMU_FLOPPY:-0}" = 1 ] && fpeers="emu $fpeers"
        (cd "$out" && sh "$shared/build.sh" bench-build >/dev/null &&
            BENCH_DIR=$out/bench-build sh "$shared/run_all.sh" "$RUNS" "$out/floppy.jsonl" $fpeers)
        {
            echo "## Floppy benchmarks (../shared/bench)"
            echo
            python3 "$shared/summarize.py" "$out/floppy.jsonl"
        } > "$notes"
    else
        echo "bench: ../shared/bench not found; floppy benchmarks skipped" >&2
    fi
fi

python3 "$here/bench.py" report "$results" "$notes" > "$top/docs/PERFORMANCE.md"
echo "bench: wrote $top/docs/PERFORMANCE.md"
sed -n '/^## Results/,/^For scale/p' "$top/docs/PERFORMANCE.md"
