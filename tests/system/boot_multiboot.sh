#!/bin/sh
# tests/system/boot_multiboot.sh: the Multiboot test kernels (mb1kern.asm as
# ELF and as an a.out-kludge image, mb2kern64.asm as a 64-bit ELF) are built
# now with nasm and ld, booted with --kernel, --initrd (two modules with
# arguments) and --append, and what they print on port 0xE9 (command line,
# memory sizes and map, modules, boot loader name, ACPI RSDP, long mode) is
# compared with tests/system/boot_NAME.expected.
set -u
: "${EMU:?}" "${srcdir:=.}"
here=$(cd "$srcdir/tests/system" && pwd)
command -v nasm >/dev/null || { echo "SKIP: nasm missing"; exit 77; }
command -v ld >/dev/null || { echo "SKIP: ld (binutils) missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

build() {
    "$@" >>build.log 2>&1 || { echo "FAIL: build: $*"; cat build.log; exit 1; }
}
# -N: one segment from 1 MiB, no ELF headers loaded below it
build nasm -f elf32 -I"$here/" -o mb1.o "$here/mb1kern.asm"
build ld -m elf_i386 -N -Ttext=0x100000 --build-id=none -e _start -o mb1.elf mb1.o
build nasm -f bin -DKLUDGE -I"$here/" -o mb1.aout "$here/mb1kern.asm"
build nasm -f elf64 -I"$here/" -o mb2.o "$here/mb2kern64.asm"
build ld -m elf_x86_64 -N -Ttext=0x100000 --build-id=none -e _start -o mb2.elf64 mb2.o
printf 'first module\nsecond line\n' >mod1.txt
printf 'second' >mod2.txt

fail=0
run() {
    name=$1 kernel=$2
    "$EMU" --kernel "$kernel" --initrd "mod1.txt arg1 arg2,mod2.txt" --append "hello world" \
        --memory 32 --display none --e9 stdout --max-insns 20000000 >"$name.out" 2>"$name.err" </dev/null
    status=$?
    # the kernels exit through port 0xF4 with 0x10: (0x10 << 1) | 1
    if [ "$status" != 33 ]; then
        echo "FAIL: $name: exit status $status, want 33"
        cat "$name.err"
        fail=1
    fi
    if ! cmp -s "$here/boot_$name.expected" "$name.out"; then
        echo "FAIL: $name: output differs from boot_$name.expected"
        diff -u "$here/boot_$name.expected" "$name.out"
        fail=1
    fi
}
run mb1_elf mb1.elf
run mb1_aout mb1.aout
run mb2_elf64 mb2.elf64
[ $fail = 0 ] && echo "PASS: Multiboot 1 (ELF, a.out kludge) and Multiboot 2 (ELF64) kernels"
exit $fail
