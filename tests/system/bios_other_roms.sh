#!/bin/sh
# tests/system/bios_other_roms.sh: the SYSLINUX floppy of bios_syslinux.sh under
# SeaBIOS (Debian seabios) through romimage:, with emu's VGA BIOS, the LGPL
# VGABIOS (Debian vgabios) and SeaBIOS's own VGA BIOS as vgaromimage:.
# SeaBIOS needs the i440FX shadow RAM (PAM), 32-bit I/O BAR sizing and finds
# its VGA BIOS through fw_cfg (docs/BIOS.md "Other ROMs").
. "$srcdir/tests/system/bios_lib.sh"
for t in syslinux mcopy mkfs.fat; do
    command -v $t >/dev/null 2>&1 || skip "$t is not installed"
done
rom=/usr/share/seabios/bios.bin
[ -f "$rom" ] || skip "SeaBIOS is not installed"
make_syslinux_floppy "$tmp/sl.img" || exit 1
for vga in builtin /usr/share/vgabios/vgabios.bin /usr/share/seabios/vgabios-stdvga.bin; do
    set -- "romimage: file=$rom"
    if [ "$vga" != builtin ]; then
        [ -f "$vga" ] || continue
        set -- "$@" "vgaromimage: file=$vga"
    fi
    name=seabios-$(basename "$vga")
    if run "$name" 67 --fda "$tmp/sl.img" "$@" --max-insns 200000000; then
        has "$name" screen "SeaBIOS (version"
        has "$name" screen "emu-syslinux-ready"
        has "$name" out "CHAINED dl=00"
        lacks "$name" err "panic"
    fi
done
# the 256 KiB build: its last 128 KiB at E0000-FFFFF
rom=/usr/share/seabios/bios-256k.bin
if [ -f "$rom" ] && run seabios-256k 67 --fda "$tmp/sl.img" "romimage: file=$rom" --max-insns 200000000; then
    has seabios-256k out "CHAINED dl=00"
fi
# size checks name the file
head -c 100000 /usr/share/seabios/bios.bin >"$tmp/short.bin"
run short 1 --fda "$tmp/sl.img" "romimage: file=$tmp/short.bin" && has short err "short.bin: a BIOS image (romimage:) must be a multiple of 64 KiB"
exit $failed
