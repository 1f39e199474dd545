#!/bin/sh
# Benchmarks emu against Bochs and QEMU (TCG) and writes docs/PERFORMANCE.md.
# `make bench` runs it from the build directory.
#
# Environment:
#   EMU=PATH        the emu binary (default: ./emu, else build*/emu in the tree)
#   RUNS=N          runs per emulator, interleaved (default 3)
#   PEERS="..."     emulators to run (default: emu, and bochs / qemu-tcg if installed)
#   BENCH_OUT=DIR   where ROMs, logs and results go (default ./bench-out)
#   REPORT_ONLY=1   rewrite docs/PERFORMANCE.md from the results in BENCH_OUT
#                   without running anything again
#   BENCH_IR=0      skip the callgrind counts (host instructions per guest one)
#   BENCH_FLOPPY=0  skip the floppy benchmarks (bench/floppy: null, rm_alu,
#                   pm_alu, pm_mem, pm_call, pm_int, pm_io, lm_mem, pm_str,
#                   pm_smc, pm_pf, pm_cr3, booted by each emulator's BIOS);
#                   EMU_FLOPPY=0 runs them without emu
#   BENCH_BOOT=0    skip the Linux boot (bench/boot.py: seconds to the marker
#                   of `make check-linux`'s boot, about 40 s for emu, 80 s for
#                   Bochs per run); default: run it when the kernel, a static
#                   busybox and cpio are there; BENCH_BOOT=1 insists
#   BOOT_RUNS=N     runs of the Linux boot per emulator (default: RUNS)
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
[ "${REPORT_ONLY:-0}" = 1 ] && RUNS=0
[ "$RUNS" -gt 0 ] && : > "$results"
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
if [ "${BENCH_FLOPPY:-1}" = 1 ]; then
    fl=$here/floppy
    fpeers=""
    [ "${EMU_FLOPPY:-1}" = 1 ] && fpeers=emu
    for p in $PEERS; do [ "$p" = emu ] || fpeers="$fpeers $p"; done
    (cd "$out" && sh "$fl/build.sh" bench-build >/dev/null)
    if [ "$RUNS" -gt 0 ]; then
        : > "$out/floppy.jsonl"
        (cd "$out" && BENCH_DIR=$out/bench-build sh "$fl/run_all.sh" "$RUNS" "$out/floppy.jsonl" $fpeers)
    fi
    {
        echo "## Floppy benchmarks (bench/floppy, from ../shared/bench)"
        echo
        echo "Boot floppies built from \`bench/floppy/bench.asm\` (\`bench/floppy/build.sh\`), booted by"
        echo "each emulator's BIOS, interrupts off, timed between \`START\` and \`DONE\` on port 0xE9:"
        echo "\`rm_alu\` real-mode ALU loop; \`pm_alu\` the same in 32-bit protected mode with paging;"
        echo "\`pm_mem\` a load/store loop over 64 pages; \`pm_call\` call/ret with push/pop; \`pm_int\`"
        echo "INT 0x80/IRETD through the IDT; \`pm_io\` IN AL,0x61; \`lm_mem\` a 64-bit load/store loop;"
        echo "\`pm_str\` 4 KiB REP MOVSD copies, then 4 KiB REP STOSD fills (a \`LAP\` marker between"
        echo "them splits the time); \`pm_smc\` each iteration rewrites the immediate of the next"
        echo "instruction, on the loop's own page, and executes it; \`pm_pf\` each iteration clears P in"
        echo "a PTE, INVLPGs and reads the page: one #PF, whose handler sets P again; \`pm_cr3\` each"
        echo "iteration writes CR3, alternating between two page directories that map one page"
        echo "differently, and reads that page. Checksums (\`CK\`) must agree between the emulators."
        echo
        echo "\`\`\`"
        echo "emu --fda bench_NAME.img --boot floppy --display none --e9 stdout"
        echo "bochs -f bochsrc -rc bench/floppy/bochs_dbg.rc   # bochsrc: bench/floppy/bochsrc.template"
        echo "qemu-system-x86_64 -accel tcg -display none -serial none -monitor none -parallel none -m 64 \\"
        echo "    -drive file=bench_NAME.img,if=floppy,format=raw -boot a -chardev stdio,id=dbg,signal=off \\"
        echo "    -device isa-debugcon,iobase=0xe9,chardev=dbg -device isa-debug-exit,iobase=0xf4,iosize=0x04"
        echo "\`\`\`"
        echo
        echo "Ratios of CPU-time MIPS (medians of interleaved runs) against the targets of issue 9:"
        echo
        python3 "$here/ratios.py" "$out/floppy.jsonl"
        echo
        echo "All runs:"
        echo
        python3 "$fl/summarize.py" "$out/floppy.jsonl"
    } > "$notes"
fi

# host instructions per guest instruction (callgrind), stable under load
if [ "${BENCH_IR:-1}" = 1 ] && command -v valgrind >/dev/null && [ -d "$out/bench-build" ]; then
    {
        echo
        echo "Host instructions per guest instruction in emu's timed loops (callgrind Ir,"
        echo "\`bench/cgper.sh N1 N2 emu --fda IMAGE\`: the difference of runs stopped at N1 and N2):"
        echo
        echo "| bench | Ir / guest instruction |"
        echo "|---|---|"
        # pm_str is left out: its REP instructions are counted differently
        for b in rm_alu pm_alu pm_mem pm_call pm_int pm_io lm_mem pm_smc pm_pf pm_cr3; do
            case $b in
                pm_int|pm_io|pm_pf|pm_cr3) n1=1000000 n2=3000000 ;;
                pm_smc) n1=300000 n2=900000 ;;
                *) n1=2000000 n2=6000000 ;;
            esac
            echo "| $b | $(bash "$here/cgper.sh" $n1 $n2 "$EMU" --fda "$out/bench-build/bench_$b.img") |"
        done
    } >> "$notes"
fi

# the Linux boot of `make check-linux`: seconds to its marker
boot=${BENCH_BOOT:-auto}
bootres=$out/boot.jsonl
if [ "$boot" != 0 ]; then
    if why=$(python3 "$here/boot.py" check); then
        bruns=${BOOT_RUNS:-$RUNS}
        [ "$RUNS" -gt 0 ] || bruns=0
        if [ "$bruns" -gt 0 ]; then
            : > "$bootres"
            echo "bench: Linux boot, $bruns run(s) each of: $PEERS"
            i=1
            while [ "$i" -le "$bruns" ]; do
                for p in $PEERS; do
                    python3 "$here/boot.py" run "$p" "$out/boot" "$i" | tee -a "$bootres" |
                        python3 -c 'import json,sys
for l in sys.stdin:
    d=json.loads(l)
    print("  run %s %-9s marker after %s s wall, %s s CPU%s" % (d["run"], d["peer"], d["marker_s"],
          d["marker_cpu_s"], "" if d["ok"] else ": " + str(d["why"])))'
                done
                i=$((i + 1))
            done
        fi
    elif [ "$boot" = 1 ]; then
        echo "bench: BENCH_BOOT=1 but the Linux boot cannot run: $why" >&2
        exit 1
    else
        bootwhy="not run: $why"
    fi
else
    bootwhy="not run (BENCH_BOOT=0)"
fi
{
    echo
    echo "## Linux boot"
    echo
    if [ -z "${bootwhy:-}" ] && [ -s "$bootres" ]; then
        python3 "$here/boot.py" report "$bootres"
    else
        echo "${bootwhy:-not run}."
    fi
} >> "$notes"

python3 "$here/bench.py" report "$results" "$notes" > "$top/docs/PERFORMANCE.md"
echo "bench: wrote $top/docs/PERFORMANCE.md"
sed -n '/^## Results/,/^For scale/p' "$top/docs/PERFORMANCE.md"
