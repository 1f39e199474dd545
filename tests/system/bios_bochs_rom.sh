#!/bin/sh
# tests/system/bios_bochs_rom.sh: the SYSLINUX floppy of bios_syslinux.sh under
# Bochs's BIOS (Debian bochsbios, BIOS-bochs-latest) through romimage:, with
# the LGPL VGABIOS (Debian vgabios) and with emu's VGA BIOS. Bochs's BIOS
# never programs the floppy controller's data rate (CCR/DSR); the controller
# then reads each medium at its own rate (docs/DEVICES.md, floppy).
. "$srcdir/tests/system/bios_lib.sh"
for t in syslinux mcopy mkfs.fat; do
    command -v $t >/dev/null 2>&1 || skip "$t is not installed"
done
rom=/usr/share/bochs/BIOS-bochs-latest
[ -f "$rom" ] || skip "Bochs's BIOS is not installed"
make_syslinux_floppy "$tmp/sl.img" || exit 1
for vga in builtin /usr/share/vgabios/vgabios.bin; do
    set -- "romimage: file=$rom"
    if [ "$vga" != builtin ]; then
        [ -f "$vga" ] || continue
        set -- "$@" "vgaromimage: file=$vga"
    fi
    name=bochs-$(basename "$vga")
    if run "$name" 67 --fda "$tmp/sl.img" "$@" --max-insns 200000000; then
        has "$name" screen "Bochs"
        has "$name" screen "emu-syslinux-ready"
        has "$name" out "CHAINED dl=00"
    fi
done
exit $failed
