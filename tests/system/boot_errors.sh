#!/bin/sh
# tests/system/boot_errors.sh: a kernel, initrd or module file emu cannot
# boot is a user error: exit status 1 and one message naming the file,
# never a crash.
set -u
: "${EMU:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0
# expect NAME FILE-IN-MESSAGE emu-args...
expect() {
    name=$1 file=$2
    shift 2
    "$EMU" --display none --memory 32 --max-insns 1000000 "$@" >out 2>err </dev/null
    status=$?
    if [ $status != 1 ] || [ "$(wc -l <err)" != 1 ] || ! grep -q "$file" err; then
        echo "FAIL: $name: status $status (want 1), messages:"
        cat err
        fail=1
    else
        echo "ok   $name: $(cat err)"
    fi
}
printf 'just some text, not a kernel\n' >text.bin
expect "not a kernel" text.bin --kernel text.bin
expect "missing kernel" nothere.elf --kernel nothere.elf
: >empty.bin
expect "empty kernel" empty.bin --kernel empty.bin
# a bzImage header with no protected-mode kernel after the setup code
printf '\004' | dd of=bz.img bs=1 seek=497 conv=notrunc 2>/dev/null
printf '\125\252\353\146HdrS\017\002' | dd of=bz.img bs=1 seek=510 conv=notrunc 2>/dev/null
printf '\001' | dd of=bz.img bs=1 seek=529 conv=notrunc 2>/dev/null
dd if=/dev/zero of=bz.img bs=1 count=1 seek=1023 conv=notrunc 2>/dev/null
expect "truncated bzImage" bz.img --kernel bz.img
# a Multiboot 1 header without address fields in a file that is not ELF
printf '\002\260\255\033\000\000\000\000\376\117\122\344' >mb.bin
expect "Multiboot, not ELF" mb.bin --kernel mb.bin
# a truncated ELF after a Multiboot header
printf '\177ELF\001\001\001\000\000\000\000\000\000\000\000\000\002\000\003\000\001\000\000\000\000\000\020\000\064\000\000\000\000\000\000\000\000\000\000\000\064\000\040\000\011\000' >elf.bin
dd if=/dev/zero bs=1 count=22 >>elf.bin 2>/dev/null
printf '\002\260\255\033\000\000\000\000\376\117\122\344' >>elf.bin
expect "truncated ELF" elf.bin --kernel elf.bin
# a kernel image that needs more RAM than the machine has
{ printf '\002\260\255\033\000\000\001\000\376\117\121\344'; printf '\000\000\000\020\000\000\000\020\000\000\000\000\000\000\000\030\040\000\000\020'; } >big.bin
expect "too big for RAM" big.bin --kernel big.bin
expect "missing module" nomod.txt --kernel text.bin --initrd "nomod.txt args"
[ $fail = 0 ] && echo "PASS: unusable kernel files are reported"
exit $fail
