#!/usr/bin/env python3
"""Ratios and per-operation costs from the floppy benchmarks' JSON lines.

usage: ratios.py floppy.jsonl  -> markdown (medians of CPU-time MIPS)
"""
import json
import statistics as st
import sys
from collections import defaultdict

rows = defaultdict(list)
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("ok") and d.get("loop_cpu_s"):
        rows[(d["bench"], d["peer"])].append(d)

# issue 9: emu / Debian's Bochs, and emu / QEMU TCG where given
TARGETS = {"rm_alu": (4.5, None), "pm_alu": (4.5, None), "pm_mem": (4.5, None),
           "lm_mem": (4.5, None), "pm_call": (3.2, None), "pm_int": (2.4, 2.0),
           "pm_io": (2.1, 2.0)}
ORDER = ["rm_alu", "pm_alu", "pm_mem", "pm_call", "pm_int", "pm_io", "lm_mem"]


def mips(b, p):
    r = rows.get((b, p))
    if not r:
        return None
    return st.median(x["insns"] / x["loop_cpu_s"] / 1e6 for x in r)


def cpu_s(b, p):
    r = rows.get((b, p))
    return st.median(x["loop_cpu_s"] for x in r) if r else None


def fmt(v, f="%.2f"):
    return f % v if v is not None else "-"


print("| bench | emu MIPS | Bochs MIPS | QEMU MIPS | emu / Bochs (target) | emu / QEMU (target) | met |")
print("|---|---|---|---|---|---|---|")
for b in ORDER:
    e, bo, q = mips(b, "emu"), mips(b, "bochs"), mips(b, "qemu-tcg")
    tb, tq = TARGETS[b]
    rb = e / bo if e and bo else None
    rq = e / q if e and q else None
    met = rb is not None and rb >= tb and (tq is None or (rq is not None and rq >= tq))
    print("| %s | %s | %s | %s | %s (%.1f) | %s (%s) | %s |" % (
        b, fmt(e, "%.1f"), fmt(bo, "%.1f"), fmt(q, "%.1f"), fmt(rb), tb, fmt(rq),
        "%.1f" % tq if tq else "-", "yes" if met else "no"))
print()

# per-operation costs: loop CPU time over the operations of the loop
OPS = [("call/ret pair (+2 push, 2 pop, dec, jnz)", "pm_call", 25e6),
       ("INT/IRET round trip (+dec, jnz)", "pm_int", 10e6),
       ("port read (in al,0x61; loop overhead shared by 4)", "pm_io", 10e6)]
print("| operation (ns, CPU time, from the loop) | emu | Bochs | QEMU TCG |")
print("|---|---|---|---|")
for name, b, n in OPS:
    cells = []
    for p in ("emu", "bochs", "qemu-tcg"):
        s = cpu_s(b, p)
        cells.append("%.1f" % (s * 1e9 / n) if s else "-")
    print("| %s | %s |" % (name, " | ".join(cells)))
print()
rss = [x["maxrss_kb"] for (b, p), r in rows.items() if p == "emu" for x in r]
if rss:
    print("emu peak RSS over all runs: %.1f MiB (guest RAM of the runs: see bochsrc/--memory)" % (max(rss) / 1024))
