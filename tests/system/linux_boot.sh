#!/bin/sh
# tests/system/linux_boot.sh (make check-linux): boots Debian's
# linux-image-amd64 kernel with --kernel and a small initramfs built now
# from busybox-static whose /init prints a marker and powers off (ACPI S5
# through the DSDT's \_S5, which ends emu with status 0).
#   LINUX_KERNEL=/boot/vmlinuz-...  (default: the newest /boot/vmlinuz-*)
#   BUSYBOX=/bin/busybox            (must be static)
#   LINUX_MAX_INSNS=N               (default 10 000 000 000; about 4 minutes)
#   LINUX_IPS=N                     (cpu: ips=, default 50 000 000: at Bochs's
#                                    default of 4 000 000 the kernel's
#                                    watchdogs report soft lockups in its W+X
#                                    page-table scan and lost timer ticks mark
#                                    the TSC unstable; the boot still passes)
# The kernel's log goes to COM1 from the first line (earlyprintk=serial,
# then console=ttyS0, written to serial.txt) and to the VGA text screen
# (console=tty0, dumped at exit; panic=0 keeps a panic on the screen).
# console=ttyS0 comes last, so it is /dev/console and /init's output (the
# marker) goes there too; the test reads the marker from serial.txt and
# falls back to the screen dump, and wants emu's status 0 from the power-off
# that follows. The log of how far the boot got is
# kept in $LINUX_LOG_DIR (default: linux-boot.d in the current directory).
set -u
: "${EMU:?}"
kernel=${LINUX_KERNEL:-$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)}
busybox=${BUSYBOX:-/bin/busybox}
[ -n "$kernel" ] && [ -r "$kernel" ] || { echo "SKIP: no readable kernel (apt-get install linux-image-amd64)"; exit 77; }
[ -x "$busybox" ] || { echo "SKIP: no $busybox (apt-get install busybox-static)"; exit 77; }
command -v cpio >/dev/null || { echo "SKIP: cpio missing"; exit 77; }
file "$busybox" 2>/dev/null | grep -q "statically linked" || \
    ldd "$busybox" 2>&1 | grep -q "not a dynamic" || { echo "SKIP: $busybox is not static"; exit 77; }
out=${LINUX_LOG_DIR:-$PWD/linux-boot.d}
rm -rf "$out"
mkdir -p "$out/root/bin" "$out/root/dev" "$out/root/proc"
cp "$busybox" "$out/root/bin/busybox"
marker="EMU-LINUX-INIT-REACHED"
cat >"$out/root/init" <<EOT
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox echo "$marker"
/bin/busybox poweroff -f
EOT
chmod +x "$out/root/init"
(cd "$out/root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$out/initramfs.gz"

start=$(date +%s)
"$EMU" --kernel "$kernel" --initrd "$out/initramfs.gz" \
    --append "earlyprintk=serial,ttyS0,115200 console=tty0 console=ttyS0,115200 panic=0 loglevel=7" \
    --memory 256 --display none --serial "file:$out/serial.txt" --text-dump "$out/screen.txt" \
    --max-insns "${LINUX_MAX_INSNS:-10000000000}" --stats "cpu: ips=${LINUX_IPS:-50000000}" \
    >"$out/e9.txt" 2>"$out/emu.err" </dev/null
status=$?
echo "emu exit status $status after $(( $(date +%s) - start )) s; logs in $out"
tail -n 3 "$out/emu.err"
where=
if grep -qs "$marker" "$out/serial.txt"; then
    where="on COM1"
elif grep -qs "$marker" "$out/screen.txt"; then
    where="on the screen"
fi
if [ -n "$where" ] && [ "$status" -eq 0 ]; then
    echo "PASS: Linux reached /init, printed the marker $where and powered off"
    exit 0
fi
if [ -n "$where" ]; then
    echo "FAIL: the marker appeared $where but emu did not end with status 0 (poweroff -f); last lines of the consoles:"
else
    echo "FAIL: no marker; last lines of the consoles:"
fi
tail -n 15 "$out/serial.txt" 2>/dev/null
grep -v '^ *$' "$out/screen.txt" 2>/dev/null | tail -n 15
exit 1
