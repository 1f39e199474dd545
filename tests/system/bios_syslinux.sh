#!/bin/sh
# tests/system/bios_syslinux.sh: real bootloaders under emu's BIOS: SYSLINUX on
# a FAT floppy (Debian's syslinux, mtools, dosfstools), the same floppy as
# an El Torito floppy-emulation CD, and ISOLINUX on a no-emulation CD;
# each must show its banner and "boot:" prompt on the VGA text screen and
# then chain to a boot sector (bios_chain.asm) that ends emu with status 67.
. "$srcdir/tests/system/bios_lib.sh"
for t in syslinux mcopy mkfs.fat; do
    command -v $t >/dev/null 2>&1 || skip "$t is not installed"
done
make_syslinux_floppy "$tmp/sl.img" || exit 1

if run sl_floppy 67 --fda "$tmp/sl.img"; then
    has sl_floppy screen "SYSLINUX"
    has sl_floppy screen "emu-syslinux-ready"
    has sl_floppy screen "boot:"
    has sl_floppy out "CHAINED dl=00"
fi

if command -v xorriso >/dev/null 2>&1 && [ -f /usr/lib/ISOLINUX/isolinux.bin ] &&
   [ -f /usr/lib/syslinux/modules/bios/ldlinux.c32 ]; then
    mkdir -p "$tmp/iso/isolinux"
    cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$tmp/iso/isolinux/"
    cp "$tmp/sl.img" "$tmp/iso/floppy.img"
    cp "$tmp/chain.bs" "$tmp/iso/isolinux/"
    syslinux_cfg emu-isolinux-ready >"$tmp/iso/isolinux/isolinux.cfg"
    xorriso -as mkisofs -quiet -o "$tmp/isolinux.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
        -no-emul-boot -boot-load-size 4 -boot-info-table "$tmp/iso" 2>/dev/null || exit 1
    xorriso -as mkisofs -quiet -o "$tmp/fdemu.iso" -b floppy.img -c boot.cat "$tmp/iso" 2>/dev/null || exit 1
    if run isolinux 67 --cdrom "$tmp/isolinux.iso" --boot cdrom; then
        has isolinux screen "ISOLINUX"
        has isolinux screen "emu-isolinux-ready"
        has isolinux screen "boot:"
        has isolinux out "CHAINED dl=E0"
    fi
    if run sl_fdemu 67 --cdrom "$tmp/fdemu.iso" --boot cdrom; then
        has sl_fdemu screen "emu-syslinux-ready"
        has sl_fdemu screen "boot:"
        has sl_fdemu out "CHAINED dl=00"
    fi
else
    echo "note: xorriso or ISOLINUX missing: the CD part is skipped"
fi
exit $failed
