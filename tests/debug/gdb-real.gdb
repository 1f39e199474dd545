# gdb batch script for tests/debug/gdb.sh (connected by -ex target remote)
set confirm off
set pagination off
break *0x7c00
continue
printf "RIP %x\n", $rip
x/3xb 0x7c00
stepi
printf "AX %x\n", $rax & 0xffff
set $rcx = 0x4242
printf "CX %x\n", $rcx
watch *(short *)0x500
continue
printf "WATCHED %x\n", *(short *)0x500
delete
break *0x7c84
continue
printf "CS %x CR0 %x\n", $cs, $cr0
break *0x7c9d
continue
printf "DS %x\n", $ds
x/1xw 0x600
monitor info gdt 1 1
kill
