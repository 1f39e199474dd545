; sse_pm: SSE in 32-bit protected mode (SDM Vol.3 14.1 / 13.1.4 "SSE and
; SSE2 extensions", 2.5 CR0/CR4; Vol.1 11.5 "SIMD floating-point
; exceptions"; Vol.2 FXSAVE, MOVAPS).
; - CR4.OSFXSR=1: ADDPS, MULPD, SQRTSS, CVTSI2SD, CVTTSD2SI, PADDD, PSHUFD;
; - DIVSS by zero with ZM clear: #XM with OSXMMEXCPT=1, #UD with it 0;
;   MXCSR.ZE set either way;
; - CR0.TS: #NM, and the lazy-switch pattern (CLTS in the #NM handler,
;   IRET retries the instruction); CR0.EM=1: SSE is #UD;
; - MOVAPS from a misaligned address #GP(0), MOVUPS fine;
; - FXSAVE: FCW FSW FTW(abridged) FOP, FIP (checked against the label),
;   FDP, MXCSR, ST0 and XMM0 areas; FXRSTOR of an edited image;
; - MMX: MOVQ makes TOP 0 and all tags valid (exponent bits all ones),
;   EMMS empties them.
; QEMU 8 TCG agrees on the arithmetic, #NM, #GP, FCW/FSW/FTW and MXCSR;
; it raises neither #XM nor #UD for the unmasked divide by zero (it sets
; ZE only for the masked case), stores no FOP/FIP/FCS in FXSAVE and leaves
; the exponent of an MMX register 0; the .expected follows the SDM.
%include "lib.inc"
%include "pm32.inc"

BUF     equ 0x20000             ; 16-aligned scratch
FXA     equ 0x21000             ; FXSAVE area

%macro XDUMP 1                  ; print an XMM register as 4 dwords (high first)
        movdqu  [BUF+0x100], %1
        P32     " "
        PX32    [BUF+0x10C]
        PX32    [BUF+0x108]
        PX32    [BUF+0x104]
        PX32    [BUF+0x100]
%endmacro
%macro PMEM 2                   ; print %2 bytes at %1 as hex
        push    esi
        push    ecx
        mov     esi, %1
        mov     ecx, %2
        call    pmem
        pop     ecx
        pop     esi
%endmacro

main:
        PRINTLN "-- sse_pm"
        PM_ENTER pm_entry

pm_back:
        PRINT   "back in real mode, exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pmem:   push    eax
.l:     mov     al, [esi]
        call    p32_hex8
        inc     esi
        dec     ecx
        jz      .e
        P32     " "
        jmp     .l
.e:     P32     10
        pop     eax
        ret

nm_handler:                     ; lazy FPU switch: CLTS and retry
        P32     "NM: clts, retry", 10
        inc     word [pm_count]
        clts
        iretd

pm_entry:
        mov     eax, cr0
        and     eax, ~0x0C              ; EM TS
        or      eax, 0x22               ; MP NE
        mov     cr0, eax
        mov     eax, cr4
        or      eax, 0x600              ; OSFXSR OSXMMEXCPT
        mov     cr4, eax
        mov     word [IDT_BASE + 7*8], nm_handler
        fninit

        P32     "-- arithmetic", 10
        mov     dword [BUF+0], 0x3F800000       ; 1.0
        mov     dword [BUF+4], 0x40000000       ; 2.0
        mov     dword [BUF+8], 0x40400000       ; 3.0
        mov     dword [BUF+12], 0xBF000000      ; -0.5
        mov     dword [BUF+16], 0x3F000000      ; 0.5
        mov     dword [BUF+20], 0x40800000      ; 4.0
        mov     dword [BUF+24], 0x41200000      ; 10.0
        mov     dword [BUF+28], 0x3F000000      ; 0.5
        movaps  xmm0, [BUF]
        addps   xmm0, [BUF+16]
        P32     "addps"
        XDUMP   xmm0
        P32     10
        mov     dword [BUF+32], 0
        mov     dword [BUF+36], 0x3FF80000      ; 1.5
        mov     dword [BUF+40], 0
        mov     dword [BUF+44], 0xC0240000      ; -10.0
        movapd  xmm1, [BUF+32]
        mulpd   xmm1, xmm1
        P32     "mulpd"
        XDUMP   xmm1
        P32     10
        mov     dword [BUF+48], 0x40000000      ; 2.0
        sqrtss  xmm2, [BUF+48]
        P32     "sqrtss "
        movd    eax, xmm2
        PX32    eax
        mov     eax, -7
        cvtsi2sd xmm3, eax
        movq    [BUF+0x80], xmm3
        P32     " cvtsi2sd "
        PX32    [BUF+0x84]
        PX32    [BUF+0x80]
        mov     dword [BUF+0x80], 0
        mov     dword [BUF+0x84], 0xC00C0000    ; -3.5
        cvttsd2si eax, [BUF+0x80]
        P32     " cvttsd2si "
        PX32    eax
        P32     10
        pcmpeqd xmm4, xmm4                      ; all ones
        movdqa  xmm5, [BUF]
        paddd   xmm5, xmm4
        pshufd  xmm5, xmm5, 0x1B
        P32     "paddd+pshufd"
        XDUMP   xmm5
        stmxcsr [BUF+0x90]
        P32     " mxcsr "
        PX32    [BUF+0x90]
        P32     10

        P32     "-- unmasked divide by zero", 10
        mov     dword [BUF+0x90], 0x1F80 & ~0x200       ; ZM clear
        ldmxcsr [BUF+0x90]
        xorps   xmm1, xmm1
        movss   xmm0, [BUF]
        PEXPECT .x1, .x1r
.x1:    divss   xmm0, xmm1                      ; #XM
        PNOEXC
.x1r:   stmxcsr [BUF+0x94]
        P32     "mxcsr "
        PX32    [BUF+0x94]
        P32     10
        ldmxcsr [BUF+0x90]
        mov     eax, cr4
        and     eax, ~0x400
        mov     cr4, eax
        PEXPECT .x2, .x2r
.x2:    divss   xmm0, xmm1                      ; #UD
        PNOEXC
.x2r:   stmxcsr [BUF+0x94]
        P32     "mxcsr "
        PX32    [BUF+0x94]
        P32     10
        or      eax, 0x400
        mov     cr4, eax
        mov     dword [BUF+0x90], 0x1F80
        ldmxcsr [BUF+0x90]

        P32     "-- CR0.TS and EM", 10
        mov     eax, cr0
        or      eax, 8
        mov     cr0, eax
        movaps  xmm0, [BUF]
        addps   xmm0, xmm0                      ; #NM, CLTS, retried
        P32     "after lazy switch"
        XDUMP   xmm0
        mov     eax, cr0
        P32     " cr0.ts "
        and     eax, 8
        PX32    eax
        P32     10
        mov     eax, cr0
        or      eax, 4
        mov     cr0, eax
        PEXPECT .e1, .e1r
.e1:    addps   xmm0, xmm0                      ; EM=1: #UD
        PNOEXC
.e1r:   and     eax, ~4
        mov     cr0, eax

        P32     "-- alignment", 10
        PEXPECT .a1, .a1r
.a1:    movaps  xmm0, [BUF+4]                   ; #GP(0)
        PNOEXC
.a1r:   movups  xmm0, [BUF+4]
        P32     "movups"
        XDUMP   xmm0
        P32     10

        P32     "-- fxsave", 10
        fninit
        movaps  xmm0, [BUF]
.fld:   fld1
        mov     edi, FXA
        mov     ecx, 512/4
        mov     eax, 0xCCCCCCCC
        rep     stosd
        fxsave  [FXA]
        PMEM    FXA, 8
        P32     "fip "
        mov     eax, [FXA+8]
        cmp     eax, .fld
        jne     .fipbad
        P32     "ok"
        jmp     .fipok
.fipbad: PX32   eax
.fipok: P32     " fcs "
        movzx   eax, word [FXA+12]
        PX32    eax
        P32     10
        PMEM    FXA+16, 16
        PMEM    FXA+32, 10
        PMEM    FXA+160, 16
        mov     dword [FXA+160+16], 0x89ABCDEF  ; XMM1 in the image
        mov     word [FXA+0], 0x0C7F            ; FCW
        fxrstor [FXA]
        fnstcw  [BUF+0x98]
        P32     "fxrstor: fcw "
        movzx   eax, word [BUF+0x98]
        PX32    eax
        XDUMP   xmm1
        P32     10

        P32     "-- mmx", 10
        fninit
        movq    mm0, [BUF]
        fnstenv [BUF+0xA0]
        P32     "movq: fsw "
        movzx   eax, word [BUF+0xA4]
        PX32    eax
        P32     " ftw "
        movzx   eax, word [BUF+0xA8]
        PX32    eax
        fxsave  [FXA]
        P32     " st0 exp "
        movzx   eax, word [FXA+32+8]
        PX32    eax
        P32     10
        emms
        fnstenv [BUF+0xA0]
        P32     "emms: ftw "
        movzx   eax, word [BUF+0xA8]
        PX32    eax
        P32     10
        PM_EXIT

        bits    16
        PM32_CODE
        ROM_END
