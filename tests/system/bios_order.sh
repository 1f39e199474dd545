#!/bin/sh
# tests/system/bios_order.sh: the boot order (--boot, CMOS 3Dh/38h): a
# missing floppy drive, a disk without the AA55 signature and a floppy
# without it are reported and the next device is tried; with nothing
# bootable the BIOS says so and halts (emu exits 2).
. "$srcdir/tests/system/bios_lib.sh"
build_images
truncate -s 4M "$tmp/blank.img"
truncate -s 1474560 "$tmp/blankfd.img"

if run nofloppy 0 --hda "$tmp/disk.img" --boot floppy,disk; then
    has nofloppy out "Boot failed: no floppy drive."
    has nofloppy screen "APM OFF"
    has nofloppy out "BOOT dl=80"
fi
if run nosig 0 --hda "$tmp/blank.img" --fda "$tmp/floppy.img" --boot disk,floppy; then
    has nosig out "Booting from hard disk..."
    has nosig out "Boot failed: not a bootable disk."
    has nosig out "BOOT dl=00"
fi
if run nothing 2 --fda "$tmp/blankfd.img" --boot floppy,cdrom; then
    has nothing out "Boot failed: not a bootable disk."
    has nothing out "Boot failed: no CD-ROM drive."
    has nothing out "No bootable device."
    has nothing screen "No bootable device."
fi
# floppy_bootsig_check: disabled=1 boots a floppy without the signature
printf '\372\260\007\346\364' | dd of="$tmp/blankfd.img" conv=notrunc 2>/dev/null
if run nosigcheck 15 --fda "$tmp/blankfd.img" --boot floppy 'floppy_bootsig_check: disabled=1'; then
    lacks nosigcheck out "not a bootable disk"
fi
exit $failed
