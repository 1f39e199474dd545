; lm_exit: leaving and re-entering long mode, IRETQ's SS checks and the
; 16-byte system descriptors of IA-32e mode.
; - in 64-bit mode, clearing CR0.PG, clearing CR4.PAE and changing
;   EFER.LME with paging on are #GP(0) (SDM Vol.2 MOV CR, WRMSR; Vol.3
;   10.8.5);
; - leaving as Vol.3 10.8.5.4 orders it: far return to compatibility
;   mode, clear CR0.PG (EFER.LMA clears), clear EFER.LME; 32-bit code runs
;   with paging off under a legacy IDT; setting CR0.PG with LME=1 and
;   PAE=0 is #GP(0); with PAE set again, PG=1 activates IA-32e mode
;   (LMA=1, compatibility mode) and a far jump returns to 64-bit code;
; - IRETQ at CPL 0 to CPL 0 with a null SS is allowed in 64-bit mode; an
;   SS naming a code segment or a DPL 3 data segment is #GP(selector);
; - LTR and LLDT of a 16-byte descriptor whose upper type field is not 0
;   are #GP(selector); LAR and LSL clear ZF for it; with the field 0 all
;   succeed (the TSS turns busy).
; QEMU (TCG, with -DQEMU to skip the first three cases) agrees with the
; rest but for checks it skips, where the .expected follows the SDM: MOV
; CR0 clearing PG in 64-bit mode, LLDT/LAR/LSL of a 16-byte descriptor
; with a nonzero upper type (it checks only LTR's), and PG=1 with LME=1,
; PAE=0 (Vol.2 MOV CR: #GP(0)).
%include "lib.inc"
%include "pm32.inc"
%include "lm64.inc"

%macro PZF 0                    ; 64-bit: print "ZF=n "
        call    p64_zf
%endmacro

TSS_SEL equ 0x68                ; 16 bytes: 0x68-0x77
LDT_SEL equ 0x78                ; 16 bytes: 0x78-0x87
LDT_AT  equ 0x17000

%macro PEFER 0                  ; 32-bit code: print EFER low and CR0
        push    ecx
        push    edx
        mov     ecx, 0xC0000080
        rdmsr
        P32     "efer "
        PX32    eax
        mov     eax, cr0
        P32     " cr0 "
        PX32    eax
        pop     edx
        pop     ecx
%endmacro

main:
        PRINTLN "-- lm_exit"
        LM_ENTER lm_main
lm_back:
pm_back:
        PRINTLN "back in real mode"
        EXIT

        bits    64
lm_main:
        L64     "64-bit mode", 10
        L64     "-- forbidden in 64-bit mode", 10
%ifndef QEMU
        mov     rax, cr0
        btr     eax, 31
        LEXPECT .f1, .f1r
.f1:    mov     cr0, rax                ; clear PG: #GP(0)
        LNOEXC
.f1r:   mov     rax, cr4
        btr     eax, 5
        LEXPECT .f2, .f2r
.f2:    mov     cr4, rax                ; clear PAE: #GP(0)
        LNOEXC
.f2r:   mov     ecx, 0xC0000080
        rdmsr
        btr     eax, 8
        LEXPECT .f3, .f3r
.f3:    wrmsr                           ; clear LME with PG=1: #GP(0)
        LNOEXC
.f3r:
%endif
        L64     "-- IRETQ and SS", 10
        mov     rbx, rsp
        push    0
        push    rbx
        pushfq
        push    LSEL_CODE64
        lea     rax, [rel .i1]
        push    rax
        iretq
.i1:    mov     eax, ss
        L64     "null ss: ss "
        LX16    ax
        L64     " rsp ok "
        cmp     rsp, rbx
        sete    al
        LX8     al
        L64     10
        mov     ax, LSEL_DATA0
        mov     ss, ax
        push    LSEL_CODE64             ; SS = a code segment
        push    rbx
        pushfq
        push    LSEL_CODE64
        lea     rax, [rel .i2r]
        push    rax
        LEXPECT .i2, .i2r
.i2:    iretq                           ; #GP(0028)
        LNOEXC
.i2r:   mov     rsp, rbx
        push    LSEL_UDATA              ; DPL 3 data, RPL 0
        push    rbx
        pushfq
        push    LSEL_CODE64
        lea     rax, [rel .i3r]
        push    rax
        LEXPECT .i3, .i3r
.i3:    iretq                           ; #GP(0040)
        LNOEXC
.i3r:   mov     rsp, rbx

        L64     "-- 16-byte descriptors with upper type != 0", 10
        mov     edi, LM_GDT + TSS_SEL
        mov     dword [rdi], 0x00000067 | ((LM_TSS & 0xFFFF) << 16)
        mov     dword [rdi+4], 0x00008900 | (LM_TSS >> 16)
        mov     dword [rdi+8], 0
        mov     dword [rdi+12], 0x00000900      ; upper type 9
        mov     dword [rdi+16], 0x0000000F | ((LDT_AT & 0xFFFF) << 16)
        mov     dword [rdi+20], 0x00008200 | (LDT_AT >> 16)
        mov     dword [rdi+24], 0
        mov     dword [rdi+28], 0x00000200      ; upper type 2
        mov     ax, TSS_SEL
        LEXPECT .d1, .d1r
.d1:    ltr     ax                      ; #GP(0068)
        LNOEXC
.d1r:   mov     ax, LDT_SEL
        LEXPECT .d2, .d2r
.d2:    lldt    ax                      ; #GP(0078)
        LNOEXC
.d2r:   mov     eax, 0x12345678
        mov     ecx, TSS_SEL
        lar     eax, ecx
        L64     "lar tss "
        PZF
        LX32    eax
        mov     ecx, LDT_SEL
        lsl     eax, ecx
        L64     " lsl ldt "
        PZF
        LX32    eax
        L64     10
        mov     dword [abs LM_GDT + TSS_SEL + 12], 0
        mov     dword [abs LM_GDT + LDT_SEL + 12], 0
        mov     ecx, TSS_SEL
        lar     eax, ecx
        L64     "upper type 0: lar tss "
        PZF
        LX32    eax
        mov     ecx, LDT_SEL
        lsl     eax, ecx
        L64     " lsl ldt "
        PZF
        LX32    eax
        mov     ax, LDT_SEL
        lldt    ax
        mov     ax, TSS_SEL
        ltr     ax
        sldt    eax
        L64     10, "ldtr "
        LX16    ax
        str     eax
        L64     " tr "
        LX16    ax
        L64     " type "
        LX8     byte [abs LM_GDT + TSS_SEL + 5]
        L64     10

        L64     "-- leave long mode", 10
        push    LSEL_CODE32
        mov     rax, c32                ; offset in the CS base F0000 segment
        push    rax
        o64 retf

        bits    32
c32:    mov     ax, LSEL_FLAT
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     esp, LM_STACK
        P32     "compatibility mode: "
        PEFER
        P32     10
        mov     eax, cr0
        and     eax, 0x7FFFFFFF
        mov     cr0, eax                ; LMA clears
        P32     "paging off:         "
        PEFER
        P32     10
        mov     ecx, 0xC0000080
        rdmsr
        and     eax, ~0x100
        wrmsr
        P32     "lme off:            "
        PEFER
        P32     10
        ; a legacy IDT for pm32.inc's handlers
        mov     edi, IDT_BASE
        mov     esi, pm_stubs
        mov     ecx, 32
.idt:   mov     [edi], si
        mov     word [edi+2], SEL_CODE32
        mov     dword [edi+4], 0x8E00
        add     esi, pm_stub_len
        add     edi, 8
        loop    .idt
        lidt    [cs:idtr_pm]
        mov     eax, 7
        mov     ebx, 6
        imul    eax, ebx
        P32     "32-bit code, paging off: 7*6="
        PX32    eax
        P32     10
        PEXPECT .b1, .b1r
.b1:    ud2
        PNOEXC
.b1r:
        P32     "-- re-enter", 10
        mov     eax, cr4
        and     eax, ~0x20
        mov     cr4, eax
        mov     ecx, 0xC0000080
        rdmsr
        or      eax, 0x100
        wrmsr
        mov     eax, cr0
        or      eax, 0x80000000
        PEXPECT .b2, .b2r
.b2:    mov     cr0, eax                ; LME=1, PAE=0: #GP(0)
        PNOEXC
.b2r:   mov     eax, cr4
        or      eax, 0x20
        mov     cr4, eax
        mov     eax, cr0
        or      eax, 0x80000000
        mov     cr0, eax
        P32     "pg on:              "
        PEFER
        P32     10
        db      0xEA                    ; jmp far LSEL_CODE64:back64
        dd      ROMB + back64
        dw      LSEL_CODE64

        bits    64
back64: mov     ax, LSEL_DATA0
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     rsp, LM_STACK
        lidt    [abs lm_idtr]
        mov     rax, 0x123456789
        add     rax, rax
        L64     "64-bit again: "
        LX64    rax
        L64     10
        LEXPECT .z1, .z1r
.z1:    ud2
        LNOEXC
.z1r:   LM_EXIT

p64_zf:                                 ; print "ZF=n " for the flags saved
        L64     "ZF="
        push    rax
        pushfq
        pop     rax
        shr     eax, 6
        and     eax, 1
        add     al, '0'
        out     0xE9, al
        mov     al, ' '
        out     0xE9, al
        pop     rax
        ret

        LM_CODE
        PM32_CODE
        ROM_END
