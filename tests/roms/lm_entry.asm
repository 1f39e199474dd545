; lm_entry: entry into long mode from real mode through protected mode
; with PAE and a 4-level identity map (SDM Vol.3 10.8.5), evidence of
; 64-bit mode (CS.L, EFER.LMA, 64-bit registers, REX, RIP-relative,
; zero-extension of 32-bit writes, MOVSXD, 67h, PUSH/POP width, segment
; bases ignored except FS/GS, null data selectors usable), the #GP(0)
; cases of the SDM around the mode switch (Vol.3 2.5, 10.8.5 and the
; MOV CR/WRMSR pages: clearing PG or PAE while LMA=1, changing LME while
; PG=1, PG with LME=1 and PAE=0, CR3 bits above MAXPHYADDR, CR8 bits
; 63:4, reserved EFER bits), CR8, and exit to real mode (LMA clears with
; PG, SDM Vol.3 10.8.5.4).
%include "lib.inc"
%include "pm32.inc"
%include "lm64.inc"

%macro EFERW 1
        mov     ecx, 0xC0000080
        mov     eax, %1
        xor     edx, edx
        wrmsr
%endmacro

main:
        PRINTLN "-- lm_entry"
        mov     eax, 0x80000001
        cpuid
        PRINT   "cpuid 80000001 edx "
        PHEX32  edx
        PRINT   " ecx "
        PHEX32  ecx
        NL
        mov     eax, 0x80000008
        cpuid
        PRINT   "cpuid 80000008 eax "
        PHEX32  eax
        NL
        LM_ENTER lm_main

        bits    64
lm_main:
        L64     "64-bit: cs "
        mov     ax, cs
        LX16    ax
        L64     " efer "
        mov     ecx, 0xC0000080
        rdmsr
        LX32    eax
        L64     " cr0 "
        mov     rax, cr0
        LX64    rax
        L64     " cr4 "
        mov     rax, cr4
        LX32    eax
        L64     " cr3 "
        mov     rax, cr3
        LX32    eax
        L64     10
        ; 64-bit registers, REX registers, 32-bit writes zero-extend
        mov     rax, 0x123456789ABCDEF0
        mov     r15, rax
        LX64    r15
        L64     " "
        mov     r8, -1
        mov     r8d, 0x11223344
        LX64    r8
        L64     " "
        mov     r9, -1
        mov     r9w, 0x5566
        LX64    r9
        L64     " "
        mov     r10, -1
        mov     r10b, 0x77
        LX64    r10
        L64     " "
        mov     rax, -1
        mov     ah, 0x12                ; no REX: AH
        LX64    rax
        L64     10
        ; MOVSXD, CDQE, CQO
        mov     ecx, 0x80000001
        movsxd  rdx, ecx
        LX64    rdx
        L64     " "
        mov     eax, 0x80000000
        cdqe
        LX64    rax
        L64     " "
        cqo
        LX64    rdx
        L64     10
        ; PUSH/POP are 64-bit; 66h makes them 16-bit
        mov     rbx, rsp
        push    qword 0x7FFFFFFF
        push    word 0x1234
        mov     rcx, rbx
        sub     rcx, rsp
        LX8     cl
        L64     " "
        pop     ax
        pop     rdx
        LX16    ax
        L64     " "
        LX64    rdx
        L64     " "
        push    -2                      ; imm8 sign-extended to 64 bits
        pop     rax
        LX64    rax
        L64     10
        ; RIP-relative, 67h (32-bit addresses), a32 wrap
        lea     rax, [rel lm_main]
        sub     rax, ROMB
        LX32    eax
        L64     " "
        mov     rbx, 0xFFFFFFFF00000600
        mov     dword [abs 0x600], 0xCAFEF00D
        mov     eax, [ebx]              ; 67h: address 00000600
        LX32    eax
        L64     " "
        lea rax, [ebx + 0x10]
        LX64    rax
        L64     " "
        mov     ecx, 0xFFFFFFF0
        lea rdx, [ecx + 0x20]
        LX64    rdx
        L64     10
        ; segment bases: DS base ignored, FS/GS bases from the MSRs
        mov     ax, LSEL_FLAT           ; base 0 anyway; use a null DS
        xor     eax, eax
        mov     ds, ax
        mov     eax, [abs 0x600]        ; null DS is usable in 64-bit mode
        LX32    eax
        L64     " "
        mov     ecx, 0xC0000100         ; FS.base = 0x500
        mov     eax, 0x500
        xor     edx, edx
        wrmsr
        mov     eax, [fs:0x100]
        LX32    eax
        L64     " "
        mov     ecx, 0xC0000101         ; GS.base = 0xFFFFFFFF80000000 + 0x80000600
        mov     eax, 0x80000000
        mov     edx, 0xFFFFFFFF
        wrmsr
        rdmsr
        LX32    edx
        LX32    eax
        L64     " "
        mov     ax, LSEL_DATA0
        mov     fs, ax                  ; a selector load puts base 0 back
        mov     ecx, 0xC0000100
        rdmsr
        LX32    eax
        L64     10
        mov     ax, LSEL_DATA0
        mov     ds, ax
        ; string instructions with RSI/RDI/RCX
        mov     rdi, 0x700
        mov     ecx, 3
        mov     al, 0xAB
        rep     stosb
        mov     rcx, 0x100000002        ; 67h: ECX counts, RCX zero-extends
        a32 rep stosb
        mov     rax, [abs 0x700]
        LX64    rax
        L64     " "
        LX64    rcx
        L64     " "
        LX64    rdi
        L64     10
        ; CMPXCHG16B
        mov     qword [abs 0x800], 1
        mov     qword [abs 0x808], 2
        mov     eax, 1
        mov     edx, 2
        mov     ebx, 0x33
        mov     ecx, 0x44
        cmpxchg16b [abs 0x800]
        setz    al
        LX8     al
        L64     " "
        LX64    [abs 0x800]
        LX64    [abs 0x808]
        L64     10

        ; #GP(0) from mode-switch rules. QEMU (TCG) lets 64-bit code clear
        ; PG, and clear PAE while LMA=1, and goes astray: assemble with
        ; -DQEMU to skip those two cases there.
%ifndef QEMU
        L64     "clear PG in 64-bit mode: "
        LEXPECT .f1, .r1
        mov     rax, cr0
        btr     eax, 31
.f1:    mov     cr0, rax
        LNOEXC
.r1:    L64     "clear PAE while LMA=1: "
        LEXPECT .f2, .r2
        mov     rax, cr4
        and     eax, ~0x20
.f2:    mov     cr4, rax
        LNOEXC
.r2:
%endif
        L64     "clear LME while PG=1: "
        mov     ecx, 0xC0000080
        rdmsr
        and     eax, ~0x100
        LEXPECT .f3, .r3
.f3:    wrmsr
        LNOEXC
.r3:    L64     "EFER reserved bit 1: "
        mov     ecx, 0xC0000080
        rdmsr
        or      eax, 2
        LEXPECT .f4, .r4
.f4:    wrmsr
        LNOEXC
.r4:    L64     "EFER write keeps LMA, sets SCE NXE: "
        mov     ecx, 0xC0000080
        mov     eax, 0x901              ; LMA=0 in the value: ignored
        xor     edx, edx
        wrmsr
        rdmsr
        LX32    eax
        L64     10
        L64     "CR3 bit 40 (MAXPHYADDR 36): "
        mov     rax, cr3
        bts     rax, 40
        LEXPECT .f5, .r5
.f5:    mov     cr3, rax
        LNOEXC
.r5:    L64     "CR8 = 10h: "
        mov     eax, 0x10
        LEXPECT .f6, .r6
.f6:    mov     cr8, rax
        LNOEXC
.r6:    mov     eax, 0xB
        mov     cr8, rax
        mov     rbx, cr8
        L64     "CR8 = "
        LX64    rbx
        xor     eax, eax
        mov     cr8, rax
        L64     10
        L64     "exceptions: "
        LX16    word [abs lm_count]
        L64     10
        LM_EXIT

        bits    16
lm_back:
        PRINT   "real mode: efer "
        mov     ecx, 0xC0000080
        rdmsr
        PHEX32  eax
        PRINT   " cr0 "
        mov     eax, cr0
        PHEX32  eax
        NL
        ; SDM Vol.3 2.5 / MOV CR0: PG with LME=1 and PAE=0 is #GP(0)
        PM_ENTER pm_main
pm_back:
        PRINT   "back in real mode, exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pm_main:
        EFERW   0x100
        P32     "PG with LME=1 PAE=0: "
        mov     eax, LM_PML4
        mov     cr3, eax
        mov     eax, cr0
        or      eax, 0x80000000
        PEXPECT .f1, .r1
.f1:    mov     cr0, eax
        PNOEXC
.r1:    P32     "LMA after PAE and PG: "
        mov     eax, cr4
        or      eax, 0x20
        mov     cr4, eax
        mov     eax, cr0
        or      eax, 0x80000000
        mov     cr0, eax
        mov     ecx, 0xC0000080
        rdmsr
        PX32    eax
        P32     " (compatibility mode)", 10
        mov     eax, cr0
        and     eax, 0x7FFFFFFF
        mov     cr0, eax
        mov     ecx, 0xC0000080
        rdmsr
        P32     "after PG=0: efer "
        PX32    eax
        P32     10
        EFERW   0
        mov     eax, cr4
        and     eax, ~0x20
        mov     cr4, eax
        PM_EXIT

        PM32_CODE
        LM_CODE
        ROM_END
