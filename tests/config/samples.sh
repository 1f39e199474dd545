#!/bin/sh
# tests/config/samples.sh: bochsrc files as people have them load without
# an error: emu's representative samples (tests/config/samples/, with the
# exact warnings expected), Bochs's own sample bochsrc and Debian's
# /etc/bochs-init/bochsrc when the bochs package is installed; and a machine
# built from a sample runs.
#
# Environment: EMU, srcdir (automake). Exit: 0 pass, 1 fail, 77 skip.
[ -x "$EMU" ] || { echo "SKIP: EMU is not set"; exit 77; }
samples=$(cd "${srcdir:-.}/tests/config/samples" && pwd)
builddir=$(pwd)
failed=0
tmp=$(mktemp -d /tmp/emu-samples.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

# the images and ROMs the samples name, by $EMU_TEST_IMAGES
EMU_TEST_IMAGES=$tmp
export EMU_TEST_IMAGES
for f in bios.bin vgabios.bin option.rom cd.iso; do
    printf 'not a real %s\n' "$f" >"$tmp/$f"
done
dd if=/dev/zero of="$tmp/floppy.img" bs=1024 count=1440 2>/dev/null
dd if=/dev/zero of="$tmp/disk.img" bs=512 count=20160 2>/dev/null

# sample NAME: loads with exactly the warnings in NAME.warnings (none if absent)
sample() {
    got=$(cd "$samples" && "$EMU" --check-config -f "$1.bochsrc" 2>&1 >/dev/null)
    status=$?
    got=$(echo "$got" | sed "s|$tmp|@IMAGES@|g")
    want=
    [ -f "$samples/$1.warnings" ] && want=$(cat "$samples/$1.warnings")
    if [ $status -ne 0 ]; then
        echo "FAIL: $1: exit status $status: $got"
        failed=1
    elif [ "$got" != "$want" ]; then
        echo "FAIL: $1: warnings differ"
        echo "$want" >"$tmp/want"
        echo "$got" >"$tmp/got"
        diff -u "$tmp/want" "$tmp/got"
        failed=1
    else
        echo "ok: $1"
    fi
}
sample osdev
sample full

# other people's files: no error, and every message is a warning naming
# the file and line
foreign() {
    got=$("$EMU" --check-config -f "$1" 2>&1 >/dev/null)
    status=$?
    bad=$(echo "$got" | grep -v "^emu: $1:[0-9]*: warning: " | grep -v '^$')
    if [ $status -ne 0 ] || [ -n "$bad" ]; then
        echo "FAIL: $1: exit status $status:"
        echo "$got"
        failed=1
    else
        echo "ok: $1 ($(echo "$got" | grep -c warning) warnings)"
    fi
}
if [ -f /usr/share/doc/bochs/examples/bochsrc.gz ]; then
    # Bochs's sample names /usr/share/vgabios/vgabios.bin and Bochs's BIOS
    if [ -f /usr/share/vgabios/vgabios.bin ] && [ -f /usr/share/bochs/BIOS-bochs-latest ]; then
        gzip -dc /usr/share/doc/bochs/examples/bochsrc.gz >"$tmp/bochsrc"
        foreign "$tmp/bochsrc"
    else
        echo "note: Bochs's sample names ROMs from bochsbios and vgabios, which are not installed"
    fi
else
    echo "note: Bochs's sample bochsrc is not installed (Debian package bochs)"
fi
if [ -f /etc/bochs-init/bochsrc ] && [ -f /usr/share/vgabios/vgabios.bin ]; then
    foreign /etc/bochs-init/bochsrc
else
    echo "note: /etc/bochs-init/bochsrc (Debian package bochs) or vgabios is not installed"
fi

# a machine from a sample runs: a small sample with a ROM of ours, the VGA
# text screen dumped at the end
sample run
rom=$builddir/tests/gui/banner.rom
(cd "$samples" && "$EMU" -f run.bochsrc --rom "$rom" --max-insns 1000000 --text-dump "$tmp/screen.txt" \
    'megs: 8' >"$tmp/run.out" 2>&1)
status=$?
if [ $status -ne 124 ] || ! grep -q '^emu display test: first banner' "$tmp/screen.txt"; then
    echo "FAIL: running the run.bochsrc sample: exit status $status (expected 124):"
    cat "$tmp/run.out"
    failed=1
else
    echo "ok: a machine from the run.bochsrc sample runs"
fi
exit $failed
