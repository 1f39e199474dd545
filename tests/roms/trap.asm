; trap: single-step debug exceptions (#DB, vector 1) in real mode.
; SDM Vol.3 17.3.1.4: with TF=1 a trap-class #DB follows each instruction
; (saved IP = the next instruction); no trap after the POPF that sets TF,
; one after the POPF that clears it (TF was set while it executed).
; 6.8.3: MOV SS / POP SS hold off the trap for one instruction.
; REP string instructions trap after every iteration, the saved IP
; pointing back at the REP instruction until the last one.
; Delivery clears TF, so the handler itself is not traced.
%include "lib.inc"

buf     equ scratch             ; saved IPs (word each)
cnt     equ scratch+0x80        ; number of traps

; TF_ON / TF_OFF: set / clear TF with POPF
%macro TF_ON 0
        pushf
        or      word [esp], 0x0100
        popf
%endmacro
%macro TF_OFF 0
        pushf
        and     word [esp], 0xFEFF
        popf
%endmacro

; SHOW base: print the trapped IPs relative to base, and reset
%macro SHOW 1
        mov     cx, [cnt]
        PRINT   "traps "
        PHEX16  cx
        PRINT   ":"
        mov     si, buf
        jcxz    %%e
%%l:    mov     ax, [si]
        sub     ax, %1
        SPACE
        PHEX16  ax
        add     si, 2
        loop    %%l
%%e:    NL
        mov     word [cnt], 0
%endmacro

main:
        mov     word [1*4], db_handler
        mov     word [cnt], 0

        PRINTLN "-- plain instructions"
        TF_ON
.a0:    nop
        mov     ax, 1
        add     ax, ax
        jmp     short .a1
        nop
.a1:    TF_OFF
        SHOW    .a0
        PRINT   "handler saw TF clear: "
        PHEX16  [scratch+0x82]
        NL

        PRINTLN "-- rep movsb, 3 iterations"
        mov     si, 0x2000
        mov     di, 0x2100
        mov     cx, 3
        cld
        TF_ON
.b0:    rep     movsb
        nop
        TF_OFF
        SHOW    .b0

        PRINTLN "-- mov ss holds the trap off for one instruction"
        mov     dx, ss
        TF_ON
.c0:    nop
        mov     ss, dx
        nop
        nop
        TF_OFF
        SHOW    .c0

        PRINTLN "-- call/ret and a far jump"
        jmp     .d_start
.sub:   nop
        ret
.d_start:
        TF_ON
.d0:    call    .sub
        jmp     0xF000:.d1
.d1:    nop
        TF_OFF
        SHOW    .d0
        PRINT   "other exceptions: "
        PHEX16  [exc_count]
        NL
        EXIT

; records the saved IP; reports whether TF is clear inside
db_handler:
        push    bp
        mov     bp, sp
        push    ax
        push    bx
        mov     bx, [cnt]
        cmp     bx, 32
        jae     .full
        shl     bx, 1
        mov     ax, [bp+2]
        mov     [buf+bx], ax
        inc     word [cnt]
.full:  pushf
        pop     ax
        and     ax, 0x0100
        mov     [scratch+0x82], ax
        pop     bx
        pop     ax
        pop     bp
        iret
        ROM_END
