#!/usr/bin/env python3
"""The boot case: seconds from the emulator's start to the marker of the
Linux boot that `make check-linux` (tests/system/linux_boot.sh) runs: Debian's
kernel from /boot and an initramfs of busybox-static whose /init prints
EMU-LINUX-INIT-REACHED and powers off.

  boot.py run PEER DIR [RUN]   one boot, one JSON line on stdout
  boot.py report JSONL         markdown (a section of docs/PERFORMANCE.md)
  boot.py check                exit 0 if the kernel, busybox and cpio are there

PEER: emu ($EMU names the binary), qemu-tcg, bochs. DIR holds the initramfs
(built on the first run) and, for Bochs, which cannot load a kernel by
itself, a SYSLINUX hard disk image with the same kernel, initramfs and
command line. The time to the marker is taken when the marker appears in
the serial log (COM1 to a file, polled every 20 ms), as wall time and as the
emulator's CPU time (all threads, /proc/PID/task/*/schedstat).

Environment (as linux_boot.sh): LINUX_KERNEL (default the newest
/boot/vmlinuz-*), BUSYBOX (default /bin/busybox, static), LINUX_IPS (cpu:
ips= of emu and Bochs, default 50000000), LINUX_MAX_INSNS (emu's limit,
default 10000000000); BOOT_TIMEOUT (seconds per run, default 600).
"""
import glob
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

MARKER = b"EMU-LINUX-INIT-REACHED"
APPEND = "earlyprintk=serial,ttyS0,115200 console=tty0 console=ttyS0,115200 panic=0 loglevel=7"
MEMORY_MB = 256
PEERS = ["emu", "bochs", "qemu-tcg"]
NAMES = {"emu": "emu", "bochs": "Bochs", "qemu-tcg": "QEMU TCG"}
IPS = os.environ.get("LINUX_IPS", "50000000")

INIT = """#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox echo "EMU-LINUX-INIT-REACHED"
/bin/busybox poweroff -f
"""

BOCHSRC = """\
megs: {mem}
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=disk, path={disk}, mode=flat
boot: disk
display_library: rfb, options="timeout=0"
log: {log}
clock: sync=none, time0=local
cpu: ips={ips}
com1: enabled=1, mode=file, dev={serial}
mouse: enabled=0
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
speaker: enabled=0
sound: driver=dummy
"""


def kernel():
    k = os.environ.get("LINUX_KERNEL")
    if k:
        return k
    ks = glob.glob("/boot/vmlinuz-*")
    key = lambda p: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", p)]
    return sorted(ks, key=key)[-1] if ks else None


def busybox():
    return os.environ.get("BUSYBOX", "/bin/busybox")


def missing():
    """why the boot case cannot run here, or None"""
    k = kernel()
    if not k or not os.access(k, os.R_OK):
        return "no readable kernel (apt-get install linux-image-amd64)"
    b = busybox()
    if not os.access(b, os.X_OK):
        return f"no {b} (apt-get install busybox-static)"
    out = subprocess.run(["file", "-L", b], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    if b"statically linked" not in out:
        return f"{b} is not statically linked"
    if not shutil.which("cpio"):
        return "cpio missing"
    return None


def initramfs(d):
    """the initramfs of linux_boot.sh, built once in d"""
    img = os.path.join(d, "initramfs.gz")
    if os.path.exists(img):
        return img
    root = os.path.join(d, "root")
    shutil.rmtree(root, ignore_errors=True)
    for sub in ("bin", "dev", "proc"):
        os.makedirs(os.path.join(root, sub))
    shutil.copy(busybox(), os.path.join(root, "bin", "busybox"))
    with open(os.path.join(root, "init"), "w") as f:
        f.write(INIT)
    os.chmod(os.path.join(root, "init"), 0o755)
    subprocess.run("find . | cpio -o -H newc 2>/dev/null | gzip -1 > ../initramfs.gz.tmp",
                   shell=True, cwd=root, check=True)
    os.rename(img + ".tmp", img)
    return img


def syslinux_disk(d):
    """a FAT hard disk image (no partition table) booting the same kernel,
    initramfs and command line with SYSLINUX, for Bochs; None and the reason
    if the tools are missing"""
    img = os.path.join(d, "syslinux-disk.img")
    if os.path.exists(img):
        return img, None
    for t in ("syslinux", "mcopy", "mkfs.fat"):
        if not shutil.which(t):
            return None, f"{t} is not installed (Bochs cannot load a kernel directly)"
    ird = initramfs(d)
    tmp = img + ".tmp"
    if os.path.exists(tmp):
        os.unlink(tmp)
    # 65 cylinders x 16 heads x 63 sectors: a size from which Bochs takes the geometry
    kib = 65 * 16 * 63 // 2
    cfg = os.path.join(d, "syslinux.cfg")
    with open(cfg, "w") as f:
        f.write("DEFAULT linux\nPROMPT 0\nTIMEOUT 0\nLABEL linux\n  KERNEL vmlinuz\n"
                f"  INITRD initrd.gz\n  APPEND {APPEND}\n")
    for c in (["mkfs.fat", "-C", tmp, str(kib)], ["syslinux", "--install", tmp],
              ["mcopy", "-i", tmp, cfg, "::syslinux.cfg"],
              ["mcopy", "-i", tmp, kernel(), "::vmlinuz"],
              ["mcopy", "-i", tmp, ird, "::initrd.gz"]):
        r = subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if r.returncode:
            return None, "building the SYSLINUX disk failed: " + " ".join(c) + ": " + r.stderr.decode(errors="replace").strip()
    os.rename(tmp, img)
    return img, None


def command(peer, d, tmpdir, serial):
    ird = initramfs(d)
    if peer == "emu":
        return [os.environ.get("EMU", "emu"), "--kernel", kernel(), "--initrd", ird,
                "--append", APPEND, "--memory", str(MEMORY_MB), "--display", "none",
                "--serial", "file:" + serial,
                "--max-insns", os.environ.get("LINUX_MAX_INSNS", "10000000000"),
                "--stats", "cpu: ips=" + IPS], None
    if peer == "qemu-tcg":
        return ["qemu-system-x86_64", "-accel", "tcg", "-m", str(MEMORY_MB),
                "-kernel", kernel(), "-initrd", ird, "-append", APPEND,
                "-display", "none", "-serial", "file:" + serial, "-monitor", "none",
                "-parallel", "none", "-no-reboot"], None
    if peer == "bochs":
        disk, why = syslinux_disk(d)
        if not disk:
            return None, why
        rc = os.path.join(tmpdir, "bochsrc")
        with open(rc, "w") as f:
            f.write(BOCHSRC.format(mem=MEMORY_MB, disk=disk, log=os.path.join(tmpdir, "bochs.log"),
                                   ips=IPS, serial=serial))
        dbg = os.path.join(tmpdir, "bochs_dbg.rc")
        with open(dbg, "w") as f:
            f.write("c\nq\n")
        return ["bochs", "-q", "-f", rc, "-rc", dbg], None
    raise SystemExit("unknown peer " + peer)


def cpu_ns(pid):
    total = 0
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                    total += int(f.read().split()[0])
            except OSError:
                pass
    except OSError:
        return None
    return total


def run(peer, d, runid):
    d = os.path.abspath(d)
    os.makedirs(d, exist_ok=True)
    tmpdir = os.path.join(d, f"{peer}_{runid}")
    shutil.rmtree(tmpdir, ignore_errors=True)
    os.makedirs(tmpdir)
    serial = os.path.join(tmpdir, "serial.txt")
    res = {"peer": peer, "bench": "linux_boot", "run": runid, "ok": False, "rc": None,
           "marker_s": None, "marker_cpu_s": None, "wall_total_s": None, "maxrss_kb": None,
           "kernel": kernel(), "insns": None, "why": None, "tmpdir": tmpdir}
    why = missing()
    cmd = None
    if not why:
        cmd, why = command(peer, d, tmpdir, serial)
    if why:
        res["why"] = why
        print(json.dumps(res), flush=True)
        return
    timeout = float(os.environ.get("BOOT_TIMEOUT", "600"))
    open(serial, "wb").close()
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stdout=open(os.path.join(tmpdir, "stdout.txt"), "wb"),
                         stderr=open(os.path.join(tmpdir, "stderr.txt"), "wb"), cwd=tmpdir)
    c0 = 0  # the process starts with no CPU time
    seen = b""
    t_mark = c_mark = None
    status = ru = None
    killed = None
    with open(serial, "rb") as sf:
        while True:
            pid, st, r = os.wait4(p.pid, os.WNOHANG)
            if pid:
                status, ru = st, r
            if t_mark is None:
                chunk = sf.read()
                if chunk:
                    seen = seen[-64:] + chunk
                    if MARKER in seen:
                        t_mark, c_mark = time.monotonic(), cpu_ns(p.pid)
            if status is not None:
                break
            now = time.monotonic()
            # after the marker the guest powers off; a peer that does not
            # exit by itself by then is stopped
            if (t_mark is not None and now - t_mark > 30) or now - t0 > timeout:
                killed = "after the marker" if t_mark is not None else f"timeout {timeout:.0f} s"
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
                break
            time.sleep(0.02)
    t1 = time.monotonic()
    if status is not None and ru is not None:
        res["rc"] = os.waitstatus_to_exitcode(status)
        res["maxrss_kb"] = ru.ru_maxrss
    else:
        res["rc"] = p.returncode
    res["wall_total_s"] = round(t1 - t0, 3)
    if t_mark is not None:
        res["ok"] = True
        res["marker_s"] = round(t_mark - t0, 3)
        if c_mark is not None:
            res["marker_cpu_s"] = round((c_mark - c0) / 1e9, 3)
    else:
        res["why"] = "no marker" + (f" ({killed})" if killed else f" (exit status {res['rc']})")
    if killed:
        res["killed"] = killed
    if peer == "emu":
        err = open(os.path.join(tmpdir, "stderr.txt"), errors="replace").read()
        m = re.search(r"emu: (\d+) instructions", err)
        if m:
            res["insns"] = int(m.group(1))
    print(json.dumps(res), flush=True)


def report(jsonl):
    rows = {}
    for line in open(jsonl):
        line = line.strip()
        if line:
            d = json.loads(line)
            rows.setdefault(d["peer"], []).append(d)
    med = lambda xs: statistics.median(xs) if xs else None
    cpu = {p: med([x["marker_cpu_s"] for x in r if x["ok"] and x["marker_cpu_s"]]) for p, r in rows.items()}
    k = next((x["kernel"] for r in rows.values() for x in r if x.get("kernel")), kernel())
    print(f"Kernel `{k}`, the initramfs and command line of `make check-linux`")
    print(f"(`tests/system/linux_boot.sh`): `{APPEND}`, {MEMORY_MB} MiB. Seconds from the")
    print("emulator's start to the marker `EMU-LINUX-INIT-REACHED` that `/init` prints on COM1")
    print("(medians; the CPU time is all the emulator's threads'; speed ratios are the peer's")
    print("CPU seconds over emu's, above 1 means emu is faster):")
    print()
    print("| peer | runs ok | s to marker (wall) | s to marker (CPU) | emu faster by (CPU) | peak RSS MiB | note |")
    print("|---|---|---|---|---|---|---|")
    for p in PEERS:
        r = rows.get(p)
        if not r:
            continue
        ok = [x for x in r if x["ok"]]
        if not ok:
            whys = sorted({x.get("why") or "?" for x in r})
            print(f"| {NAMES[p]} | 0/{len(r)} | n/a | n/a | - | - | {'; '.join(whys)} |")
            continue
        w = med([x["marker_s"] for x in ok])
        c = cpu[p]
        rss = [x["maxrss_kb"] for x in ok if x.get("maxrss_kb")]
        ratio = "%.2f" % (c / cpu["emu"]) if (p != "emu" and c and cpu.get("emu")) else "-"
        note = ""
        if p == "emu":
            ins = [x["insns"] for x in ok if x.get("insns")]
            if ins:
                note = f"{med(ins) / 1e9:.2f} G instructions to the power-off"
        if p == "bochs":
            note = "booted by SYSLINUX from a FAT disk image (no direct kernel load); includes loading the kernel through the BIOS"
        print(f"| {NAMES[p]} | {len(ok)}/{len(r)} | {w:.1f} | {c:.1f} | {ratio} | "
              f"{max(rss) / 1024 if rss else 0:.1f} | {note} |")
    print()
    print("Commands (`bench/boot.py`; emu and Bochs count time in instructions, `cpu: ips=" + IPS + "`")
    print("as in `make check-linux`, so guest delays cost instructions, not host time; QEMU")
    print("runs its guest clock in host time, so its waits, if any, are real time):")
    print()
    print("```")
    print(f"emu --kernel VMLINUZ --initrd initramfs.gz --append '...' --memory {MEMORY_MB} --display none \\")
    print(f"    --serial file:serial.txt --max-insns 10000000000 --stats 'cpu: ips={IPS}'")
    print(f"qemu-system-x86_64 -accel tcg -m {MEMORY_MB} -kernel VMLINUZ -initrd initramfs.gz -append '...' \\")
    print("    -display none -serial file:serial.txt -monitor none -parallel none -no-reboot")
    print("bochs -q -f bochsrc -rc bochs_dbg.rc   # ata0-master: the SYSLINUX disk; com1: file; see bench/boot.py")
    print("```")


def main():
    a = sys.argv[1:]
    if len(a) >= 3 and a[0] == "run":
        run(a[1], a[2], a[3] if len(a) > 3 else "0")
    elif len(a) == 2 and a[0] == "report":
        report(a[1])
    elif a == ["check"]:
        why = missing()
        if why:
            print(why)
        sys.exit(1 if why else 0)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
