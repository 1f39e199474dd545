#!/usr/bin/env python3
"""Benchmark harness: runs a benchmark ROM under one emulator and reports
the time of the timed loop, or turns the collected runs into a report.

  bench.py run PEER ROM [RUN]     one run, one JSON line on stdout
  bench.py report JSONL [NOTES]   markdown report (docs/PERFORMANCE.md) on stdout

PEER: emu ($EMU names the binary), bochs, qemu-tcg.
The ROM prints START and DONE on port 0xE9 around its timed loop (see
rm_loop.asm). The loop's wall time is the time between the two markers on
the emulator's stdout; its CPU time is the emulator's on-CPU time between
the same moments, from the scheduler statistics of all its threads
(/proc/PID/task/*/schedstat). CPU time is the figure to trust on a shared
machine.
"""
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# instructions in the timed loop of each ROM (50M iterations x 10)
INSNS = {"rm_loop": 50_000_000 * 10}
PEERS = ["emu", "bochs", "qemu-tcg"]

BOCHSRC = """\
megs: 16
# Debian's Bochs 2.7: "address=0xf0000" puts the image where the reset
# vector does not see it; without an address a 64 KiB image goes to
# 0xFFFF0000 and is aliased at 0xF0000, as a BIOS is.
romimage: file={rom}
vgaromimage: file=/usr/share/vgabios/vgabios.bin
# no "nogui" in Debian's build; rfb with timeout=0 runs headless
display_library: rfb, options="timeout=0"
log: {log}
clock: sync=none, time0=local
cpu: ips=50000000
port_e9_hack: enabled=1
mouse: enabled=0
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
speaker: enabled=0
sound: driver=dummy
"""


def command(peer, rom, tmpdir):
    if peer == "emu":
        return [os.environ.get("EMU", "emu"), "--rom", rom, "--display", "none", "--stats"]
    if peer == "bochs":
        rc = os.path.join(tmpdir, "bochsrc")
        with open(rc, "w") as f:
            f.write(BOCHSRC.format(rom=rom, log=os.path.join(tmpdir, "bochs.log")))
        # Debian's Bochs is built with its debugger: answer "c" then "q"
        dbg = os.path.join(tmpdir, "bochs_dbg.rc")
        with open(dbg, "w") as f:
            f.write("c\nq\n")
        return ["bochs", "-q", "-f", rc, "-rc", dbg]
    if peer == "qemu-tcg":
        return ["qemu-system-i386", "-accel", "tcg", "-display", "none", "-serial", "none",
                "-monitor", "none", "-parallel", "none", "-m", "16", "-bios", rom,
                "-chardev", "stdio,id=dbg,signal=off",
                "-device", "isa-debugcon,iobase=0xe9,chardev=dbg",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    raise SystemExit("unknown peer " + peer)


def cpu_ns(pid):
    """on-CPU nanoseconds of every thread of pid"""
    d = {}
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                    d[t] = int(f.read().split()[0])
            except OSError:
                pass
    except OSError:
        return None
    return d


def cpu_delta(a, b):
    if a is None or b is None:
        return None
    return sum(v - a.get(t, 0) for t, v in b.items())


def run(peer, rom, runid):
    bench = os.path.splitext(os.path.basename(rom))[0]
    tmpdir = tempfile.mkdtemp(prefix=f"{peer}_{bench}_", dir=os.environ.get("BENCH_TMP"))
    load1 = float(open("/proc/loadavg").read().split()[0])
    t0 = time_now()
    p = subprocess.Popen(command(peer, rom, tmpdir), stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE,
                         stderr=open(os.path.join(tmpdir, "stderr.txt"), "wb"),
                         bufsize=0, cwd=tmpdir)
    buf = b""
    t_start = t_done = c_start = c_done = None
    while True:
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        now = time_now()
        buf += chunk
        if t_start is None and b"START\n" in buf:
            t_start, c_start = now, cpu_ns(p.pid)
        if t_done is None and b"DONE\n" in buf:
            t_done, c_done = now, cpu_ns(p.pid)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    t1 = time_now()
    with open(os.path.join(tmpdir, "stdout.txt"), "wb") as f:
        f.write(buf)
    ck = [l.split()[1] for l in buf.decode("latin1").splitlines() if l.startswith("CK ")]
    res = {"peer": peer, "bench": bench, "run": runid, "rc": p.returncode,
           "ok": t_start is not None and t_done is not None,
           "wall_total_s": round(t1 - t0, 4),
           "loop_s": round(t_done - t_start, 4) if (t_start and t_done) else None,
           "loop_cpu_s": None, "maxrss_kb": ru.ru_maxrss, "load1_before": load1,
           "insns": INSNS.get(bench), "ck": ck[0] if ck else None, "tmpdir": tmpdir}
    d = cpu_delta(c_start, c_done)
    if d is not None:
        res["loop_cpu_s"] = round(d / 1e9, 4)
    print(json.dumps(res), flush=True)


def time_now():
    import time
    return time.monotonic()


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version(cmd):
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, timeout=20).stdout.decode("latin1")
    except (OSError, subprocess.SubprocessError):
        return "not installed"
    for line in out.splitlines():
        line = line.strip()
        if line and ("version" in line.lower() or line.lower().startswith("bochs x86")):
            return line
    return out.strip().splitlines()[0] if out.strip() else "?"


def build_flags(emu):
    """CFLAGS of the build directory that holds the emu binary"""
    mk = os.path.join(os.path.dirname(os.path.abspath(emu)), "Makefile")
    try:
        flags = {}
        for line in open(mk):
            for k in ("CFLAGS", "SAN_CFLAGS"):
                if line.startswith(k + " ="):
                    flags[k] = line.split("=", 1)[1].strip()
        return " ".join(v for v in (flags.get("CFLAGS"), flags.get("SAN_CFLAGS")) if v) or "?"
    except OSError:
        return "?"


def report(jsonl, notes):
    rows = {}
    for line in open(jsonl):
        line = line.strip()
        if not line:
            continue
        d = json.loads(line)
        rows.setdefault((d["bench"], d["peer"]), []).append(d)
    benches = sorted({b for b, _ in rows})
    out = []
    w = out.append
    w("# Performance")
    w("")
    w("Generated by `bench/run.sh` (`make bench`); do not edit by hand: rerun it.")
    w("")
    w(f"- date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}")
    w(f"- machine: {cpu_model()}, {os.cpu_count()} CPUs (`nproc`: {os.sched_getaffinity(0).__len__()}), "
      f"load average after the runs {open('/proc/loadavg').read().split()[0]}")
    w(f"- emu: `{os.environ.get('EMU', 'emu')}` ({version([os.environ.get('EMU', 'emu'), '--version'])})")
    w(f"- emu built with: `{build_flags(os.environ.get('EMU', 'emu'))}`")
    w(f"- Bochs: {version(['bochs', '--help'])} (Debian package, built with its debugger)")
    w(f"- QEMU: {version(['qemu-system-i386', '--version'])}, TCG")
    w("")
    w("## What is measured")
    w("")
    w("`bench/rm_loop.rom` (from `bench/rm_loop.asm`) is a raw 64 KiB ROM started at the")
    w("reset vector: real mode, interrupts off, 50,000,000 iterations of ten instructions")
    w("(16-bit `add, xor, add, sub, inc, or, shl, mov`, then `dec ecx; jnz`) = 500,000,000")
    w("instructions, the same loop as `../shared/bench`'s `rm_alu`, without the BIOS and")
    w("floppy boot around it. The loop time is measured between the `START` and `DONE`")
    w("bytes the ROM writes to port 0xE9, both as wall time and as the emulator's CPU")
    w("time (all threads, from `/proc/PID/task/*/schedstat`). MIPS = 500M / loop time.")
    w("Runs are interleaved (emu, Bochs, QEMU, emu, ...); the figures are medians.")
    w("CPU-time MIPS is the figure to trust: the machine is shared and noisy.")
    w("")
    w("Commands (one run each):")
    w("")
    w("```")
    w("emu --rom rm_loop.rom --display none --stats")
    w("bochs -q -f bochsrc -rc bochs_dbg.rc      # bochsrc: see bench/bench.py; rc: c, q")
    w("qemu-system-i386 -accel tcg -display none -bios rm_loop.rom -m 16 \\")
    w("    -chardev stdio,id=dbg,signal=off -device isa-debugcon,iobase=0xe9,chardev=dbg \\")
    w("    -device isa-debug-exit,iobase=0xf4,iosize=0x04")
    w("```")
    w("")
    w("## Results")
    w("")
    w("| bench | peer | runs ok | loop wall s | loop CPU s | MIPS (CPU) | MIPS (wall) | peak RSS MiB | checksum |")
    w("|---|---|---|---|---|---|---|---|---|")
    mips = {}
    for b in benches:
        for p in PEERS:
            r = rows.get((b, p))
            if not r:
                continue
            ok = [x for x in r if x["ok"]]
            if not ok:
                w(f"| {b} | {p} | 0/{len(r)} | failed (rc {r[0]['rc']}) | | | | | |")
                continue
            ins = ok[0]["insns"] or 0
            lw = median(x["loop_s"] for x in ok)
            lc = median(x["loop_cpu_s"] for x in ok)
            mc = ins / lc / 1e6 if (ins and lc) else None
            mw = ins / lw / 1e6 if (ins and lw) else None
            mips[(b, p)] = mc
            rss = max(x["maxrss_kb"] for x in ok) / 1024
            cks = ",".join(sorted({str(x["ck"]) for x in ok}))
            fmt = lambda v, f: (f % v) if v is not None else "-"
            w(f"| {b} | {p} | {len(ok)}/{len(r)} | {fmt(lw, '%.3f')} | {fmt(lc, '%.3f')} | "
              f"{fmt(mc, '%.1f')} | {fmt(mw, '%.1f')} | {rss:.1f} | {cks} |")
    w("")
    w("Ratios (CPU-time MIPS; above 1 means emu is faster):")
    w("")
    w("| bench | emu / Bochs | emu / QEMU TCG |")
    w("|---|---|---|")
    for b in benches:
        e = mips.get((b, "emu"))
        def ratio(p):
            o = mips.get((b, p))
            return f"{e / o:.2f}" if (e and o) else "-"
        w(f"| {b} | {ratio('bochs')} | {ratio('qemu-tcg')} |")
    w("")
    w("For scale (`../shared/bench/README.md`, same machine type): a Bochs built from")
    w("current source with `--enable-all-optimizations` runs `rm_alu` at 323 MIPS, about")
    w("3.8x Debian's package (86 MIPS); QEMU 7.2 TCG at 3251 MIPS.")
    w("")
    if notes and os.path.exists(notes):
        w(open(notes).read().rstrip())
        w("")
    print("\n".join(out).rstrip())


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "run":
        run(sys.argv[2], os.path.abspath(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "0")
    elif len(sys.argv) >= 3 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
