#!/bin/sh
# tests/system/bios_floppy.sh: emu's BIOS boots a hand-made boot sector
# from a 1.44 MB floppy; the program checks INT 13h CHS reads, writes and
# AH=08h, the change line, a key typed through INT 09h/16h, INT 14h on
# COM1, PCI BARs,
# E820/E801, the PCI BIOS, INT 16h, the timer, INT 15h AH=86h/87h and
# powers off through APM (emu exits 0). Its output comes through INT 10h
# (checked on the text screen) and port 0xE9.
. "$srcdir/tests/system/bios_lib.sh"
build_images
# Shift+Z typed 0.3 s after power-on (set 1 codes through the 8042)
# COM1 to a file: the program's INT 14h line
if run floppy 0 --fda "$tmp/floppy.img" --inject-keys 300000:0x2A,310000:0x2C,320000:0xAC,330000:0xAA \
       --serial "file:$tmp/com1.txt"; then
    has floppy out "INT14 60"
    if grep -q "SERIAL-OK" "$tmp/com1.txt"; then
        echo "ok: floppy: COM1 has 'SERIAL-OK'"
    else
        echo "FAIL: floppy: COM1 lacks 'SERIAL-OK'"
        failed=1
    fi
    has floppy out "emu BIOS"
    has floppy out "Booting from floppy..."
    has floppy out "BOOT dl=00"
    has floppy screen "BLOCKMOVE OK"
    has floppy out "MARKER-LBA4"
    has floppy out "WRITTEN"
    has floppy out "FD16 00"
    has floppy out "KEY 2C5A"
    has floppy out "FD08 4F12 0101 04"
    check_services floppy
fi
exit $failed
