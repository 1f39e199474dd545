#!/bin/sh
# tests/system/bios_disk.sh: emu's BIOS boots the test program from a hard
# disk image: INT 13h CHS reads, AH=08h, EDD 3.0 (41h, 48h with the DPTE
# and the device path "PCI"/"ATA", 42h/43h extended read and write) and
# the services.
. "$srcdir/tests/system/bios_lib.sh"
build_images
if run disk 0 --hda "$tmp/disk.img" --boot disk; then
    has disk out "Booting from hard disk..."
    has disk out "ata0-master: 8 MiB hard disk"
    has disk out "BOOT dl=80"
    has disk screen "BLOCKMOVE OK"
    has disk out "EDD41 30 0007"
    has disk out "EDD48 0042 00004000 0200 BEDD PCI ATA"
    has disk out "MARKER-LBA4"
    has disk out "WRITTEN"
    has disk out "HD08 0F3F 0F01"
    check_services disk
fi
exit $failed
