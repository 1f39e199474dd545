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
# cases without a target in issue 9 (MIPS of their loops, for the record;
# pm_str has none: its time is in REP MOVSD/STOSD, see the tables below)
MORE = ["pm_smc", "pm_pf", "pm_cr3"]


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
for b in ORDER + MORE:
    e, bo, q = mips(b, "emu"), mips(b, "bochs"), mips(b, "qemu-tcg")
    if b in MORE and e is None and bo is None and q is None:
        continue
    rb = e / bo if e and bo else None
    rq = e / q if e and q else None
    if b not in TARGETS:
        print("| %s | %s | %s | %s | %s (-) | %s (-) | - |" % (
            b, fmt(e, "%.1f"), fmt(bo, "%.1f"), fmt(q, "%.1f"), fmt(rb), fmt(rq)))
        continue
    tb, tq = TARGETS[b]
    met = rb is not None and rb >= tb and (tq is None or (rq is not None and rq >= tq))
    print("| %s | %s | %s | %s | %s (%.1f) | %s (%s) | %s |" % (
        b, fmt(e, "%.1f"), fmt(bo, "%.1f"), fmt(q, "%.1f"), fmt(rb), tb, fmt(rq),
        "%.1f" % tq if tq else "-", "yes" if met else "no"))
print()

# per-operation costs: loop CPU time over the operations of the loop. The
# figures include the rest of each loop iteration, named in the row (no
# subtraction: the other instructions are cheap beside the operation, and
# what they cost differs between the emulators as much as the operation).
def ops(b, default):
    r = rows.get((b, "emu")) or [x for (bb, _), v in rows.items() if bb == b for x in v]
    return (r[0].get("ops") if r else None) or default


def lap(b, p, part):
    """pm_str: CPU s of the copy loop (START..LAP) or of the fill loop (LAP..DONE)"""
    r = [x for x in rows.get((b, p), []) if x.get("lap_cpu_s") is not None]
    if not r:
        return None
    return st.median(x["lap_cpu_s"] if part == "copy" else x["loop_cpu_s"] - x["lap_cpu_s"] for x in r)


def per_op(b, p, n, part=None):
    s = lap(b, p, part) if part else cpu_s(b, p)
    return s * 1e9 / n if s else None


str_n = ops("pm_str", 0) // 2
OPS = [("call/ret pair (+2 push, 2 pop, dec, jnz)", "pm_call", 25e6, None),
       ("INT/IRET round trip (+dec, jnz)", "pm_int", 10e6, None),
       ("port read (in al,0x61; loop overhead shared by 4)", "pm_io", 10e6, None),
       ("page fault delivered (#PF, handler: mov cr2, add, or PTE, inc, add esp, iretd; "
        "+and PTE, invlpg, the restarted read, dec, jnz)", "pm_pf", ops("pm_pf", 0), None),
       ("CR3 write, alternating directories (+TLB refills of the code and a data page; "
        "xchg, add, dec, jnz)", "pm_cr3", ops("pm_cr3", 0), None),
       ("4 KiB copy, REP MOVSD (+3 mov, dec, jnz)", "pm_str", str_n, "copy"),
       ("4 KiB fill, REP STOSD (+3 mov, dec, jnz)", "pm_str", str_n, "fill"),
       ("code write + execution of the rewritten instruction, same page "
        "(mov [imm], add, dec, jnz)", "pm_smc", ops("pm_smc", 0), None)]
print("| operation (ns, CPU time, from the loop) | emu | Bochs | QEMU TCG | emu / Bochs | emu / QEMU TCG |")
print("|---|---|---|---|---|---|")
for name, b, n, part in OPS:
    v = {p: per_op(b, p, n, part) if n else None for p in ("emu", "bochs", "qemu-tcg")}
    e = v["emu"]
    print("| %s | %s | %s | %s |" % (
        name, " | ".join(fmt(v[p], "%.1f") for p in ("emu", "bochs", "qemu-tcg")),
        fmt(v["bochs"] / e if e and v["bochs"] else None),
        fmt(v["qemu-tcg"] / e if e and v["qemu-tcg"] else None)))
print()
print("(emu / peer: the peer's time over emu's, above 1 means emu is faster.)")
print()
if str_n:
    print("String instructions (pm_str), bytes written per CPU second, MB/s (10^6):")
    print()
    print("| pm_str | emu | Bochs | QEMU TCG |")
    print("|---|---|---|---|")
    for part, what in (("copy", "REP MOVSD, 4 KiB to 4 KiB"), ("fill", "REP STOSD, 4 KiB")):
        cells = []
        for p in ("emu", "bochs", "qemu-tcg"):
            t = lap("pm_str", p, part)
            cells.append("%.0f" % (str_n * 4096 / t / 1e6) if t else "-")
        print("| %s | %s |" % (what, " | ".join(cells)))
    print()
rss = [x["maxrss_kb"] for (b, p), r in rows.items() if p == "emu" for x in r]
if rss:
    print("emu peak RSS over all runs: %.1f MiB (guest RAM of the runs: see bochsrc/--memory)" % (max(rss) / 1024))
