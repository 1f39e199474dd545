# gdb batch script for tests/debug/gdb.sh, second leg (dbg_lm.rom):
# real mode at 0x7c00, protected mode, then the 64-bit kernel.
set confirm off
set pagination off
break *0x7c00
continue
printf "RIP %x\n", $rip
stepi
printf "AX %x\n", $rax & 0xffff
break *0x7c92
continue
printf "PM CS %x CR0 %x\n", $cs, $cr0
delete
break *0xffffffff80007e44
continue
printf "LM RIP %lx CS %x\n", $rip, $cs
printf "RAX %lx R15 %lx RSP %lx\n", $rax, $r15, $rsp
printf "EFER %lx CR8 %lx CR3 %lx\n", $efer, $cr8, $cr3
printf "FSB %lx GSB %lx\n", $fs_base, $gs_base
x/2i $pc
x/2gx $rsp
p $st0
p $st1
printf "FSTAT %x FTAG %x FCTRL %x\n", $fstat, $ftag, $fctrl
p/x $xmm0.uint128
p $xmm15.v4_float
printf "MXCSR %x\n", $mxcsr
set $xmm1.v4_int32[2] = 0x1234
set $st1 = 2.5
set $rbx = 0x77
monitor xmm
monitor fp
stepi
printf "RIP2 %lx\n", $rip
kill
