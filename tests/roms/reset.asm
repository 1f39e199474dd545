; reset: the processor state at the reset vector, SDM Vol.3 9.1.1 and
; Table 9-1: EFLAGS=00000002, CR0=60000010, CR2/CR3/CR4=0, EAX=0 (no
; BIST), EBX ECX ESI EDI EBP ESP=0, EDX=processor signature (the value
; CPUID leaf 1 returns in EAX), segment selectors 0 but CS=F000, GDTR and
; IDTR base 0 limit FFFF, DR7=00000400, DR6=FFFF0FF0.
; The hook runs before lib.inc's start-up code and stores everything in
; RAM at 0000:0400 through DS, which is 0 after reset.
%define RESET_HOOK
%include "lib.inc"

st      equ 0x0400

reset_hook:
        mov     [st+0x00], eax
        mov     [st+0x04], ebx
        mov     [st+0x08], ecx
        mov     [st+0x0C], edx
        mov     [st+0x10], esi
        mov     [st+0x14], edi
        mov     [st+0x18], ebp
        mov     [st+0x1C], esp
        mov     eax, cr0
        mov     [st+0x20], eax
        mov     eax, cr2
        mov     [st+0x24], eax
        mov     eax, cr3
        mov     [st+0x28], eax
        mov     eax, cr4
        mov     [st+0x2C], eax
        mov     eax, dr7
        mov     [st+0x30], eax
        mov     eax, dr6
        mov     [st+0x34], eax
        mov     [st+0x38], cs
        mov     [st+0x3A], ss
        mov     [st+0x3C], ds
        mov     [st+0x3E], es
        mov     [st+0x40], fs
        mov     [st+0x42], gs
        sgdt    [st+0x44]
        sidt    [st+0x4A]
        pushfd                          ; ESP=0, SS base 0: writes 0:FFFC
        pop     eax
        mov     [st+0x50], eax
        ; the segment limits are 0xFFFF: a word at offset 0xFFFF faults,
        ; which we cannot catch yet; a byte there is fine
        mov     al, [0xFFFF]
        jmp     0xF000:rom_start

main:
        PRINT   "eflags "
        PHEX32  [st+0x50]
        PRINT   " cr0 "
        PHEX32  [st+0x20]
        PRINT   " cr2 "
        PHEX32  [st+0x24]
        PRINT   " cr3 "
        PHEX32  [st+0x28]
        PRINT   " cr4 "
        PHEX32  [st+0x2C]
        NL
        PRINT   "eax "
        PHEX32  [st+0x00]
        PRINT   " ebx "
        PHEX32  [st+0x04]
        PRINT   " ecx "
        PHEX32  [st+0x08]
        PRINT   " esi "
        PHEX32  [st+0x10]
        PRINT   " edi "
        PHEX32  [st+0x14]
        PRINT   " ebp "
        PHEX32  [st+0x18]
        PRINT   " esp "
        PHEX32  [st+0x1C]
        NL
        PRINT   "edx = cpuid(1).eax: "
        mov     eax, 1
        cpuid
        cmp     eax, [st+0x0C]
        jne     .sig_bad
        PRINTLN "yes"
        jmp     .sig_done
.sig_bad:
        PRINT   "no, edx "
        PHEX32  [st+0x0C]
        PRINT   " cpuid "
        PHEX32  eax
        NL
.sig_done:
        PRINT   "dr7 "
        PHEX32  [st+0x30]
        PRINT   " dr6 "
        PHEX32  [st+0x34]
        NL
        PRINT   "cs "
        PHEX16  [st+0x38]
        PRINT   " ss "
        PHEX16  [st+0x3A]
        PRINT   " ds "
        PHEX16  [st+0x3C]
        PRINT   " es "
        PHEX16  [st+0x3E]
        PRINT   " fs "
        PHEX16  [st+0x40]
        PRINT   " gs "
        PHEX16  [st+0x42]
        NL
        PRINT   "gdtr "
        PHEX32  [st+0x46]
        PRINT   "/"
        PHEX16  [st+0x44]
        PRINT   " idtr "
        PHEX32  [st+0x4C]
        PRINT   "/"
        PHEX16  [st+0x4A]
        NL
        EXIT
        ROM_END
