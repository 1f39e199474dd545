; control: JMP short/near/far (direct and indirect through registers and
; memory), Jcc with all 16 conditions (rel8 and rel16 forms) on a set of
; flag patterns, LOOP/LOOPE/LOOPNE/JCXZ/JECXZ (16- and 32-bit counters),
; CALL/RET near and far, RET imm16 / RETF imm16, 32-bit operand-size
; CALL/RET. SDM Vol.2 "Jcc", "JMP", "CALL", "RET", "LOOP/LOOPcc".
%include "lib.inc"
%include "ops.inc"

; JONE cc: print '1' if condition cc (0-15) is taken, else '0' (rel8)
%macro JONE 1
        db      0x70 + %1, %%t - %%n
%%n:    mov     al, '0'
        jmp     short %%o
%%t:    mov     al, '1'
%%o:    out     0xE9, al
%endmacro
; JONEL cc: the same with the 0F 8x rel16 form
%macro JONEL 1
        db      0x0F, 0x80 + %1
        dw      %%t - %%n
%%n:    mov     al, '0'
        jmp     short %%o
%%t:    mov     al, '1'
%%o:    out     0xE9, al
%endmacro
; ROW flags: the 16 conditions O NO B AE E NE BE A S NS P NP L GE LE G
%macro ROW 1
        push    ax
        SETFL   %1
        PFLAGS
        SPACE
%assign c 0
%rep 16
        JONE    c
%assign c c+1
%endrep
        SPACE
        SETFL   %1
%assign c 0
%rep 16
        JONEL   c
%assign c c+1
%endrep
        NL
        pop     ax
%endmacro

main:
        PRINTLN "-- jcc: O NO B AE E NE BE A S NS P NP L GE LE G"
        ROW     0
        ROW     FL_CF
        ROW     FL_ZF
        ROW     FL_SF
        ROW     FL_OF
        ROW     FL_PF
        ROW     FL_SF|FL_OF
        ROW     FL_SF|FL_ZF
        ROW     FL_OF|FL_ZF
        ROW     FL_CF|FL_ZF
        ROW     FL_ALL
        ; a backward Jcc
        mov     cx, 3
        xor     bx, bx
.back:  inc     bx
        dec     cx
        jnz     .back
        PRINT   "backward jnz: "
        PHEX16  bx
        NL

        PRINTLN "-- jmp"
        jmp     short .j1
        PRINTLN "jmp short not taken!"
.j1:    jmp     near .j2
        PRINTLN "jmp near not taken!"
.j2:    mov     bx, .j3
        jmp     bx                      ; FF /4 reg
        PRINTLN "jmp bx not taken!"
.j3:    mov     word [scratch], .j4
        jmp     word [scratch]          ; FF /4 mem
        PRINTLN "jmp [mem] not taken!"
.j4:    jmp     0xF000:.j5              ; EA
        PRINTLN "jmp far not taken!"
.j5:    ; the same code through another CS: F000:x = EF00:x+1000 (no
        ; PRINT there: its string addresses assume CS=F000)
        jmp     0xEF00:.j6+0x1000
.j6:    mov     bx, cs
        mov     word [scratch], .j7
        mov     word [scratch+2], 0xF000
        jmp     far [scratch]           ; FF /5
.j7:    PRINT   "cs="
        PHEX16  bx
        PRINT   " cs="
        PHEX16  cs
        NL
        PRINTLN "jmp ok"

        PRINTLN "-- loop"
        mov     ecx, 0x00010005
        xor     bx, bx
.l1:    inc     bx
        loop    .l1                     ; CX only: 5 times
        PHEX16  bx
        SPACE
        PHEX32  ecx
        NL
        xor     cx, cx
        xor     bx, bx
.l2:    inc     bx
        loop    .l2                     ; CX=0: 65536 times
        PHEX16  bx
        SPACE
        PHEX16  cx
        NL
        mov     ecx, 3
        xor     ebx, ebx
.l3:    inc     ebx
        a32 loop .l3                    ; ECX
        PHEX32  ebx
        SPACE
        PHEX32  ecx
        NL
        ; loope: runs while equal and CX != 0
        mov     si, loope_data
        mov     cx, 10
.l4:    mov     al, [cs:si]
        inc     si
        cmp     al, 7
        loope   .l4
        PFLAGS
        SPACE
        PHEX16  cx
        SPACE
        sub     si, loope_data
        PHEX16  si
        NL
        ; loopne: runs while not equal
        mov     si, loope_data
        mov     cx, 10
.l5:    mov     al, [cs:si]
        inc     si
        cmp     al, 9
        loopne  .l5
        PFLAGS
        SPACE
        PHEX16  cx
        SPACE
        sub     si, loope_data
        PHEX16  si
        NL
        ; loop ends on CX=0 even when ZF says go on
        mov     cx, 2
        xor     bx, bx
.l6:    inc     bx
        cmp     ax, ax
        loope   .l6
        PHEX16  bx
        SPACE
        PHEX16  cx
        NL
        ; jcxz / jecxz
        mov     ecx, 0x00010000
        PRINT   "jcxz "
        jcxz    .c1
        PRINT   "not "
.c1:    PRINT   "taken, jecxz "
        jecxz   .c2
        PRINT   "not "
.c2:    PRINTLN "taken"
        xor     ecx, ecx
        jecxz   .c3
        PRINTLN "jecxz 0 not taken!"
.c3:    inc     cx
        jcxz    .c4
        PRINTLN "jcxz 1 not taken: ok"
.c4:
        PRINTLN "-- call/ret"
        call    sub_near                ; E8
.ra1:   PRINT   "call rel: "
        CHKW    ax, .ra1
        mov     bx, sub_near
        call    bx                      ; FF /2 reg
.ra2:   PRINT   ", call reg: "
        CHKW    ax, .ra2
        mov     word [scratch], sub_near
        call    word [scratch]          ; FF /2 mem
.ra3:   PRINT   ", call mem: "
        CHKW    ax, .ra3
        NL
        ; ret imm16
        mov     dx, sp
        push    word 0x1111
        push    word 0x2222
        call    sub_ret4
        sub     dx, sp
        PRINT   "ret 4: sp delta "
        PHEX16  dx
        SPACE
        PHEX16  ax
        NL
        ; far calls
        call    0xF000:sub_far          ; 9A
.ra4:   PRINT   "call far: ip "
        CHKW    ax, .ra4
        PRINT   " cs="
        PHEX16  bx
        NL
        call    0xEF00:sub_far+0x1000   ; another CS for the same code
.ra7:   PRINT   "call far EF00: ip "
        CHKW    ax, .ra7
        PRINT   " cs="
        PHEX16  bx
        PRINT   " cur cs="
        PHEX16  cs
        NL
        mov     word [scratch], sub_far
        mov     word [scratch+2], 0xF000
        call    far [scratch]           ; FF /3
.ra5:   PRINT   "call far [mem]: ip "
        CHKW    ax, .ra5
        NL
        mov     dx, sp
        push    word 0x3333
        push    word 0x4444
        push    word 0x5555
        call    0xF000:sub_retf6
        sub     dx, sp
        PRINT   "retf 6: sp delta "
        PHEX16  dx
        SPACE
        PHEX16  ax
        NL
        ; 32-bit operand size: CALL pushes EIP (4 bytes), RET pops 4
        mov     dx, sp
        db      0x66, 0xE8              ; call rel32 (o32)
        dd      sub_near32 - .ra6
.ra6:   sub     dx, sp
        PRINT   "o32 call: sp delta "
        PHEX16  dx
        PRINT   " pushed eip "
        CHKW    ax, .ra6
        PRINT   " high "
        shr     eax, 16
        PHEX16  ax
        NL
        PRINTLN "-- IP wraps at 64 KiB with a 16-bit operand size"
        push    es
        mov     ax, 0x3000
        mov     es, ax
        mov     word [es:0xFFF0], 0x20EB        ; FFF0: jmp short FFF2+20
        mov     byte [es:0x0012], 0xE8          ; 0012: call near FFE0+
        mov     word [es:0x0013], 0xFFE0 - 0x0015
        mov     byte [es:0xFFE0], 0xEA          ; FFE0: jmp far F000:.w1
        mov     word [es:0xFFE1], .w1
        mov     word [es:0xFFE3], 0xF000
        pop     es
        mov     dx, sp
        jmp     0x3000:0xFFF0
.w1:    pop     ax                      ; the return address pushed
        sub     dx, sp
        PRINT   "landed; call pushed "
        PHEX16  ax
        PRINT   " sp delta "
        PHEX16  dx
        NL

        PRINTLN "-- 32-bit operand size far transfers"
        db      0x66, 0xEA              ; jmp far ptr16:32
        dd      .f1
        dw      0xF000
        PRINTLN "o32 jmp far not taken!"
.f1:    mov     dword [scratch], .f2
        mov     word [scratch+4], 0xF000
        o32 jmp far [scratch]           ; 66 FF /5 m16:32
        PRINTLN "o32 jmp far [mem] not taken!"
.f2:    PRINTLN "o32 jmp far ok"
        mov     dx, sp
        db      0x66, 0x9A              ; call far ptr16:32
        dd      sub_far32
        dw      0xF000
.ra8:   sub     dx, sp
        PRINT   "o32 call far: sp delta "
        PHEX16  dx
        PRINT   " eip "
        CHKW    ax, .ra8
        PRINT   " high "
        shr     eax, 16
        PHEX16  ax
        PRINT   " cs "
        PHEX16  bx
        NL
        mov     dword [scratch], sub_far32
        mov     word [scratch+4], 0xF000
        mov     dx, sp
        o32 call far [scratch]          ; 66 FF /3 m16:32
.ra9:   sub     dx, sp
        PRINT   "o32 call far [mem]: sp delta "
        PHEX16  dx
        PRINT   " eip "
        CHKW    ax, .ra9
        NL
        mov     dx, sp
        push    dword 0x11111111
        db      0x66, 0x9A
        dd      sub_retf32_4
        dw      0xF000
        sub     dx, sp
        PRINT   "o32 retf 4: sp delta "
        PHEX16  dx
        NL
        EXIT

; o32 far subroutines: EIP in EAX, CS (low word of its dword slot) in BX
sub_far32:
        mov     bp, sp
        mov     eax, [ss:bp]
        mov     bx, [ss:bp+4]
        o32 retf
sub_retf32_4:
        o32 retf 4

loope_data: db 7, 7, 7, 8, 9, 9, 9, 9, 9, 9

; returns the pushed return address in AX
sub_near:
        mov     bp, sp
        mov     ax, [ss:bp]
        ret
; returns the first argument; pops 4 bytes of arguments
sub_ret4:
        mov     bp, sp
        mov     ax, [ss:bp+2]
        ret     4
; returns the pushed IP in AX and CS in BX
sub_far:
        mov     bp, sp
        mov     ax, [ss:bp]
        mov     bx, [ss:bp+2]
        retf
sub_retf6:
        mov     bp, sp
        mov     ax, [ss:bp+4]
        retf    6
sub_near32:
        mov     bp, sp
        mov     eax, [ss:bp]
        o32 ret
        ROM_END
