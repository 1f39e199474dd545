#!/bin/sh
# tests/system/bios_other_roms.sh: the SYSLINUX floppy of bios_syslinux.sh under the
# ROMs users bring (romimage:): SeaBIOS (Debian seabios) and Bochs's BIOS
# (Debian bochsbios) with emu's VGA BIOS. Listed in XFAIL_TESTS until the
# platform runs them (see docs/BIOS.md).
. "$srcdir/tests/system/bios_lib.sh"
for t in syslinux mcopy mkfs.fat; do
    command -v $t >/dev/null 2>&1 || skip "$t is not installed"
done
n=0
make_syslinux_floppy "$tmp/sl.img" || exit 1
for rom in /usr/share/seabios/bios.bin /usr/share/bochs/BIOS-bochs-latest; do
    [ -f "$rom" ] || continue
    n=$((n + 1))
    name=$(basename "$rom")
    if run "$name" 67 --fda "$tmp/sl.img" "romimage: file=$rom" --max-insns 200000000; then
        has "$name" screen "emu-syslinux-ready"
        has "$name" out "CHAINED dl=00"
    fi
done
[ $n -gt 0 ] || skip "neither SeaBIOS nor Bochs's BIOS is installed"
exit $failed
