; smc: self-modifying code. Routines are copied to RAM at 0400:0000 and
; called there; their bytes are then changed (immediates, opcodes) and the
; new behaviour must show on the next execution. Stores into the very next
; instruction, a loop that patches its own immediate, REP STOSB and REP
; MOVSB over code that follows them: on the Pentium and later, a store to
; an instruction about to execute is seen by the processor (SDM Vol.3 11.6
; "Self-Modifying Code"), so the modified instruction is the one executed.
%include "lib.inc"

CODESEG equ 0x0400              ; RAM code segment (phys 0x4000)

; COPY from, to_end: copy the ROM bytes [from, to_end) to CODESEG:0000
%macro COPY 2
        push    es
        mov     ax, CODESEG
        mov     es, ax
        mov     si, %1
        xor     di, di
        mov     cx, %2 - %1
        cld
        cs rep movsb
        pop     es
%endmacro

%define R(l, base) (l - base)   ; offset of label l in a copied routine

main:
        PRINTLN "-- patch an immediate and an opcode"
        COPY    r1, r1_end
        call    CODESEG:0
        PHEX16  ax
        SPACE
        mov     ax, CODESEG
        mov     es, ax
        mov     word [es:R(r1.imm, r1)+1], 0x2222       ; new immediate
        call    CODESEG:0
        PHEX16  ax
        SPACE
        mov     byte [es:R(r1.imm, r1)], 0xBB           ; mov bx, imm16
        mov     ax, 0x5555
        xor     bx, bx
        call    CODESEG:0
        PHEX16  ax
        SPACE
        PHEX16  bx
        SPACE
        mov     byte [es:R(r1.imm, r1)], 0x05           ; add ax, imm16
        mov     ax, 0x1000
        call    CODESEG:0
        PHEX16  ax
        NL
        ; the same physical code written through another segment alias
        mov     ax, CODESEG - 0x10
        mov     es, ax
        mov     byte [es:0x100+R(r1.imm, r1)], 0xB8     ; mov ax, imm16 again
        mov     word [es:0x100+R(r1.imm, r1)+1], 0x3333
        call    CODESEG:0
        PHEX16  ax
        NL

        PRINTLN "-- store into the next instruction"
        COPY    r2, r2_end
        call    CODESEG:0
        PHEX16  ax
        NL

        PRINTLN "-- loop patching its own immediate"
        COPY    r3, r3_end
        call    CODESEG:0
        PHEX16  bx
        SPACE
        mov     ax, CODESEG
        mov     es, ax
        PHEX8   [es:R(r3.add, r3)+2]
        NL

        PRINTLN "-- rep stosb over the following code"
        COPY    r4, r4_end
        call    CODESEG:0
        PHEX16  ax
        SPACE
        PHEX16  cx
        NL

        PRINTLN "-- rep movsb of new code over the following code"
        COPY    r5, r5_end
        call    CODESEG:0
        PHEX16  ax
        NL

        PRINTLN "-- code replaced between two calls of a hot routine"
        COPY    r1, r1_end
        mov     cx, 1000
.hot:   call    CODESEG:0               ; run it many times first
        loop    .hot
        mov     ax, CODESEG
        mov     es, ax
        mov     word [es:R(r1.imm, r1)+1], 0x7777
        call    CODESEG:0
        PHEX16  ax
        NL
        xor     ax, ax
        mov     es, ax
        EXIT

; ---- routines copied to RAM (CODESEG:0000) ----
r1:
.imm:   mov     ax, 0x1111
        retf
r1_end:

r2:     mov     al, 0x11
        mov     byte [cs:R(r2.next, r2)+1], 0x42
.next:  mov     ah, 0x00                ; executes as mov ah, 0x42
        mov     byte [cs:R(r2.next2, r2)], 0x40   ; inc ax
.next2: nop                             ; executes as inc ax
        retf
r2_end:

r3:     xor     bx, bx
        mov     cx, 5
.add:   add     bx, strict word 1       ; 81 C3 iw: imm16 at +2
        inc     byte [cs:R(r3.add, r3)+2]
        loop    .add
        mov     byte [cs:R(r3.add, r3)+2], 1
        retf
r3_end:

r4:     push    es
        push    cs
        pop     es
        mov     ax, 0x3390
        mov     di, R(r4.patch, r4)
        mov     cx, 4
        cld
        rep     stosb                   ; 4 NOPs over the two MOVs below
.patch: mov     al, 0x11
        mov     ah, 0x22
        pop     es
        retf
r4_end:

r5:     push    es
        push    ds
        push    cs
        pop     es
        push    cs
        pop     ds
        mov     si, R(r5.new, r5)
        mov     di, R(r5.patch, r5)
        mov     cx, 3
        cld
        rep     movsb
.patch: mov     ax, 0xDEAD              ; replaced by mov ax, 0xBEEF
        pop     ds
        pop     es
        retf
.new:   mov     ax, 0xBEEF
r5_end:
        ROM_END
