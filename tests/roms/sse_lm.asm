; sse_lm: SSE in 64-bit mode (SDM Vol.2 FXSAVE "64-bit mode" layout,
; CRC32, PCMPISTRI, POPCNT).
; - FXSAVE64 (REX.W): FIP as a 64-bit RIP (checked against the label),
;   XMM8-XMM15 at offsets 120h-19Fh; FXSAVE without REX.W: 32-bit FIP and
;   FCS; FXRSTOR64 of an edited XMM15;
; - CRC32 (CRC-32C): bytes of "123456789" (E3069283 after the final
;   inversion), then the same with the dword and qword forms;
; - PCMPISTRI: equal-any, ranges, equal-ordered (substring), with ECX and
;   the CF/ZF/SF/OF flags;
; - POPCNT 16/32/64 with flags (ZF for a zero source, others clear).
; E3069283 is CRC-32C's published check value; QEMU 8 (-cpu max) agrees
; on everything but FIP/FCS, which it does not store in FXSAVE.
%include "lib.inc"
%include "pm32.inc"
%include "lm64.inc"

BUF     equ 0x20000
FXA     equ 0x21000

main:
        PRINTLN "-- sse_lm"
        LM_ENTER lm_main
lm_back:
pm_back:
        PRINTLN "back in real mode"
        EXIT

        bits    64
lm_main:
        mov     rax, cr4
        or      eax, 0x600
        mov     cr4, rax
        mov     rax, cr0
        and     eax, ~0x0C
        or      eax, 0x22
        mov     cr0, rax
        fninit

        L64     "-- fxsave64", 10
%assign r 0
%rep 16
        mov     rax, 0x0101010101010101 * (r + 1)
        movq    xmm %+ r, rax
        pinsrq  xmm %+ r, rax, 1
%assign r r+1
%endrep
.fld:   fldpi
        mov     edi, FXA
        mov     ecx, 512/4
        mov     eax, 0xCCCCCCCC
        rep     stosd
        o64 fxsave [abs FXA]
        L64     "fip "
        lea     rax, [rel .fld]
        cmp     rax, [abs FXA+8]
        jne     .b1
        L64     "ok"
        jmp     .b2
.b1:    LX64    [abs FXA+8]
.b2:    L64     " fdp "
        LX64    [abs FXA+16]
        L64     " mxcsr "
        LX32    [abs FXA+24]
        L64     10
        mov     esi, FXA + 0xA0 + 7*16
%rep 9
        L64     "  "
        LX64    [rsi+8]
        LX64    [rsi]
        L64     10
        add     esi, 16
%endrep
        fxsave  [abs FXA]
        L64     "fxsave: fip "
        lea     rax, [rel .fld]
        cmp     eax, [abs FXA+8]
        jne     .b3
        L64     "ok"
        jmp     .b4
.b3:    LX32    [abs FXA+8]
.b4:    L64     " fcs "
        LX16    word [abs FXA+12]
        L64     10
        mov     qword [abs FXA + 0xA0 + 15*16], 0x5A5A5A5A
        o64 fxrstor [abs FXA]
        movq    rax, xmm15
        L64     "fxrstor64 xmm15 "
        LX64    rax
        L64     10

        L64     "-- crc32", 10
        mov     eax, -1
        lea     rsi, [rel digits]
        mov     ecx, 9
.c:     crc32   eax, byte [rsi]
        inc     rsi
        loop    .c
        not     eax
        L64     "bytes "
        LX32    eax
        mov     eax, -1
        lea     rsi, [rel digits]
        crc32   eax, dword [rsi]
        crc32   eax, dword [rsi+4]
        crc32   eax, byte [rsi+8]
        not     eax
        L64     " dwords "
        LX32    eax
        mov     rax, -1
        lea     rsi, [rel digits]
        crc32   rax, qword [rsi]
        crc32   eax, byte [rsi+8]
        not     eax
        L64     " qword "
        LX64    rax
        mov     eax, 0x12345678
        mov     ebx, 0xDEADBEEF
        crc32   eax, bx
        L64     " word "
        LX32    eax
        L64     10

        L64     "-- pcmpistri", 10
        movdqu  xmm1, [rel str_hay]
        movdqu  xmm2, [rel set_vow]
        pcmpistri xmm2, xmm1, 0x00      ; equal any, ubyte, first
        call    pres
        movdqu  xmm2, [rel set_rng]
        pcmpistri xmm2, xmm1, 0x04      ; ranges: "az"
        call    pres
        pcmpistri xmm2, xmm1, 0x14      ; ranges, negative polarity
        call    pres
        movdqu  xmm2, [rel sub_wo]
        pcmpistri xmm2, xmm1, 0x0C      ; equal ordered: "or"
        call    pres
        pcmpistri xmm2, xmm1, 0x4C      ; most significant index
        call    pres
        movdqu  xmm2, [rel sub_no]
        pcmpistri xmm2, xmm1, 0x0C      ; not found: ECX 16
        call    pres

        L64     "-- popcnt", 10
        mov     rax, 0xF0F0F0F0F0F0F0F1
        popcnt  rbx, rax
        call    pfl
        LX64    rbx
        L64     " "
        mov     eax, 0x80000001
        popcnt  ebx, eax
        call    pfl
        LX64    rbx
        L64     " "
        mov     ax, 0xFFFF
        mov     rbx, -1
        popcnt  bx, ax
        call    pfl
        LX64    rbx
        L64     " "
        xor     eax, eax
        stc
        popcnt  rbx, rax
        call    pfl
        LX64    rbx
        L64     " "
        L64     10
        LM_EXIT

; pres: "ecx N flags" after PCMPISTRI
pres:   pushfq
        L64     "ecx "
        LX8     cl
        L64     " "
        popfq
        call    pfl
        L64     10
        ret

; pfl: print the caller's O S Z A P C flags (flags and registers kept)
pfl:    pushfq
        push    rax
        push    rbx
        push    rcx
        mov     rbx, [rsp+24]
        lea     rcx, [rel .tab]
.l:     movzx   eax, word [rcx]
        test    eax, eax
        jz      .e
        test    ebx, eax
        mov     al, '-'
        jz      .o
        mov     al, [rcx+2]
.o:     out     0xE9, al
        add     rcx, 3
        jmp     .l
.e:     mov     al, ' '
        out     0xE9, al
        pop     rcx
        pop     rbx
        pop     rax
        popfq
        ret
.tab:   dw      0x800
        db      'O'
        dw      0x80
        db      'S'
        dw      0x40
        db      'Z'
        dw      0x10
        db      'A'
        dw      0x4
        db      'P'
        dw      0x1
        db      'C'
        dw      0

digits: db      "123456789", 0, 0, 0, 0, 0, 0, 0
str_hay: db     "hello, World 42", 0
set_vow: db     "aeiou", 0, "xxxxxxxxxx"
set_rng: db     "az", 0, "xxxxxxxxxxxxx"
sub_wo: db      "or", 0, "xxxxxxxxxxxxx"
sub_no: db      "xyz", 0, "xxxxxxxxxxxx"

        LM_CODE
        PM32_CODE
        ROM_END
