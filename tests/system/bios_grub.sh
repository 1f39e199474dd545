#!/bin/sh
# tests/system/bios_grub.sh: GRUB 2 for BIOS (Debian grub-pc-bin) under
# emu's BIOS: grub-mkrescue's image booted as a CD (El Torito, no
# emulation) and as a hard disk (its MBR and core image read through EDD).
# The menu entry echoes a marker and halts, which GRUB does through APM:
# emu exits 0.
. "$srcdir/tests/system/bios_lib.sh"
command -v grub-mkrescue >/dev/null 2>&1 || skip "grub-mkrescue is not installed"
[ -d /usr/lib/grub/i386-pc ] || skip "grub-pc-bin is not installed"
command -v xorriso >/dev/null 2>&1 || skip "xorriso is not installed"
mkdir -p "$tmp/grub/boot/grub"
printf 'set timeout=0\nmenuentry "emu-grub-entry" {\n  echo emu-grub-ready\n  halt\n}\n' \
    >"$tmp/grub/boot/grub/grub.cfg"
grub-mkrescue -o "$tmp/grub.iso" "$tmp/grub" >"$tmp/mkrescue.log" 2>&1 || {
    cat "$tmp/mkrescue.log"
    exit 1
}
if run grub_cd 0 --cdrom "$tmp/grub.iso" --boot cdrom; then
    has grub_cd screen "Booting \`emu-grub-entry'"
    has grub_cd screen "emu-grub-ready"
fi
if run grub_disk 0 --hda "$tmp/grub.iso" --boot disk; then
    has grub_disk screen "emu-grub-ready"
fi
exit $failed
