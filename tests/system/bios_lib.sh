# tests/system/bios_lib.sh: helpers for the boot tests (sourced).
# Environment: EMU, srcdir (automake). Exit: 0 pass, 1 fail, 77 skip.
[ -x "$EMU" ] || { echo "SKIP: EMU is not set"; exit 77; }
: "${srcdir:=.}"
NASM=${NASM:-nasm}
skip() { echo "SKIP: $*"; exit 77; }
command -v "$NASM" >/dev/null 2>&1 || skip "nasm is not installed"
failed=0
tmp=$(mktemp -d /tmp/emu-system.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

# build_bootsect: tests/system/bios_test.asm -> $tmp/bootsect.bin, and the
# floppy and disk images with the program in sectors 1-4 and the marker
# in sector 5
build_images() {
    "$NASM" -f bin -o "$tmp/bootsect.bin" "$srcdir/tests/system/bios_test.asm" || exit 1
    { cat "$tmp/bootsect.bin"; printf 'MARKER-LBA4\0'; } > "$tmp/floppy.img"
    cp "$tmp/floppy.img" "$tmp/disk.img"
    truncate -s 1474560 "$tmp/floppy.img"
    truncate -s 8M "$tmp/disk.img"
}

# run NAME want_status args...: runs emu headless, output in $tmp/NAME.out,
# the text screen in $tmp/NAME.screen
run() {
    name=$1
    want=$2
    shift 2
    "$EMU" --max-insns 400000000 --text-dump "$tmp/$name.screen" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    status=$?
    if [ $status -ne "$want" ]; then
        echo "FAIL: $name: emu $* exited $status, expected $want"
        sed 's/^/  | /' "$tmp/$name.out" "$tmp/$name.err"
        failed=1
        return 1
    fi
    echo "ok: $name: emu $* (status $status)"
    return 0
}

# has NAME FILE-SUFFIX 'text': the output (out) or screen has this line part
has() {
    if grep -qF -- "$3" "$tmp/$1.$2"; then
        echo "ok: $1: $2 has '$3'"
    else
        echo "FAIL: $1: $2 lacks '$3'"
        sed 's/^/  | /' "$tmp/$1.$2"
        failed=1
    fi
}
lacks() {
    if grep -qF -- "$3" "$tmp/$1.$2"; then
        echo "FAIL: $1: $2 has '$3'"
        failed=1
    else
        echo "ok: $1: $2 lacks '$3'"
    fi
}

# the lines every run of bios_test.asm prints after its disk checks
check_services() {
    has "$1" out "INT12 027F"
    has "$1" out "E820 0000000000000000 000000000009FC00 01"
    has "$1" out "E820 000000000009FC00 0000000000000400 02"
    has "$1" out "E820 00000000000E0000 0000000000020000 02"
    has "$1" out "E820 0000000000100000 0000000001F00000 01"
    has "$1" out "E820 00000000FEE00000 0000000000001000 02"
    has "$1" out "E801 3C00 0100"
    has "$1" out "PCI 0210"
    has "$1" out "PCIDEV 0009 70108086"
    has "$1" out "PCICLASS 0008"
    has "$1" out "IDEBAR4 0000C001"
    has "$1" out "VGABAR0 E0000008"
    has "$1" out "COM1 03F8 01"
    has "$1" out "KBD 1E61"
    has "$1" out "TICK"
    has "$1" out "BLOCKMOVE OK"
    has "$1" out "APM OFF"
    lacks "$1" out "FAILED"
    has "$1" screen "APM OFF"
}

# make_syslinux_floppy IMG: a 1.44 MB FAT floppy with SYSLINUX whose
# configuration says "emu-syslinux-ready", shows its prompt and after
# 0.1 s boots bios_chain.asm (which ends emu with status 67)
syslinux_cfg() {
    printf 'PROMPT 1\nTIMEOUT 1\nSAY %s\nDEFAULT chain\nLABEL chain\n  KERNEL chain.bs\n' "$1"
}
build_chain() {
    [ -f "$tmp/chain.bs" ] || "$NASM" -f bin -o "$tmp/chain.bs" "$srcdir/tests/system/bios_chain.asm"
}
make_syslinux_floppy() {
    build_chain || return 1
    rm -f "$1"
    mkfs.fat -C "$1" 1440 >/dev/null || return 1
    syslinux --install "$1" || return 1
    syslinux_cfg emu-syslinux-ready >"$tmp/syslinux.cfg"
    mcopy -i "$1" "$tmp/syslinux.cfg" ::syslinux.cfg || return 1
    mcopy -i "$1" "$tmp/chain.bs" ::chain.bs || return 1
}
