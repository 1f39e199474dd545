#!/bin/sh
# tests/system/bios_cdrom.sh: El Torito boot from an ISO made with xorriso
# (or genisoimage): no emulation (the test program as a 4-sector boot
# image, drive E0h: INT 13h AH=4B01h status, AH=42h read of the volume
# descriptor at sector 16) and floppy emulation (the floppy image of
# bios_floppy.sh as drive 00h).
. "$srcdir/tests/system/bios_lib.sh"
if command -v xorriso >/dev/null 2>&1; then
    mkiso() { xorriso -as mkisofs -quiet "$@" 2>/dev/null; }
elif command -v genisoimage >/dev/null 2>&1; then
    mkiso() { genisoimage -quiet "$@" 2>/dev/null; }
else
    skip "neither xorriso nor genisoimage is installed"
fi
build_images
mkdir -p "$tmp/iso/boot"
cp "$tmp/bootsect.bin" "$tmp/iso/boot/boot.bin"
cp "$tmp/floppy.img" "$tmp/iso/boot/floppy.img"
mkiso -o "$tmp/noemu.iso" -b boot/boot.bin -c boot/boot.cat -no-emul-boot -boot-load-size 4 "$tmp/iso" || exit 1
mkiso -o "$tmp/fdemu.iso" -b boot/floppy.img -c boot/boot.cat "$tmp/iso" || exit 1

if run noemu 0 --cdrom "$tmp/noemu.iso" --boot cdrom; then
    has noemu out "ata1-master: CD-ROM"
    has noemu out "Booting from CD-ROM..."
    has noemu out "BOOT dl=E0"
    has noemu screen "BLOCKMOVE OK"
    has noemu out "ELTORITO 00 E0"
    has noemu out "CD001"
    check_services noemu
fi
if run fdemu 0 --cdrom "$tmp/fdemu.iso" --boot cdrom; then
    has fdemu out "BOOT dl=00"
    has fdemu out "MARKER-LBA4"
    has fdemu out "FD08 4F12 0101 04"
    lacks fdemu out "WRITTEN"
    check_services fdemu
fi
# the CD after a disk without a boot signature
truncate -s 4M "$tmp/blank.img"
if run order 0 --hda "$tmp/blank.img" --cdrom "$tmp/noemu.iso" --boot disk,cdrom; then
    has order out "Boot failed: not a bootable disk."
    has order out "BOOT dl=E0"
fi
exit $failed
