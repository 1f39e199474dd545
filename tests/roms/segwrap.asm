; segwrap: offsets and segment limits at the 64 KiB boundary in real mode,
; and the A20 gate.
; - 16-bit effective addresses wrap modulo 64 KiB ([bx+si], [bx+disp]);
;   32-bit ones modulo 4 GiB: no fault as long as the result is <= 0xFFFF.
; - A word/dword operand at offset 0xFFFF (or a dword at 0xFFFD-0xFFFF)
;   crosses the 0xFFFF real-mode limit: #GP (#SS through SS), 286 and
;   later (SDM Vol.3 20.1.3 and Vol.2 real-address mode exceptions); the
;   8086 wrapped instead.
; - A20 through port 0x92 bit 1: disabled, FFFF:1010 aliases 0000:1000.
; QEMU TCG does not check segment limits: it runs the limit cases without
; an exception, so the .expected follows the SDM there.
%include "lib.inc"

main:
        PRINTLN "-- 16-bit address wrap"
        mov     byte [0x0001], 0x5A     ; IVT vector 0 offset high byte
        mov     byte [0x0010], 0xA5
        mov     bx, 0xFFFF
        mov     si, 2
        mov     al, [bx+si]             ; EA = 0x0001
        PHEX8   al
        SPACE
        mov     bx, 0xFFF0
        mov     al, [bx+0x20]           ; EA = 0x0010
        PHEX8   al
        SPACE
        mov     ebx, 0xFFFFFFFF
        mov     al, [ebx+2]             ; 32-bit: EA = 0x00000001
        PHEX8   al
        SPACE
        mov     di, 0xFFFF
        mov     al, [di]                ; last byte of the segment: fine
        PRINTLN "ok"
        ; restore vector 0
        mov     word [0], exc_stubs

        PRINTLN "-- operands crossing offset 0xFFFF"
        mov     bx, 0xFFFF
        EXPECT_EXC .a1, .a1r
.a1:    mov     ax, [bx]                ; word at FFFF: #GP
        NO_EXC
.a1r:   EXPECT_EXC .a2, .a2r
.a2:    mov     word [0xFFFF], ax       ; write: #GP
        NO_EXC
.a2r:   EXPECT_EXC .a3, .a3r
.a3:    mov     eax, [0xFFFD]           ; dword at FFFD: #GP
        NO_EXC
.a3r:   mov     eax, [0xFFFC]           ; dword at FFFC: fine
        PRINTLN "dword at fffc ok"
        mov     bp, 0xFFFF
        EXPECT_EXC .a4, .a4r
.a4:    mov     ax, [bp]                ; SS: #SS
        NO_EXC
.a4r:   EXPECT_EXC .a5, .a5r
.a5:    inc     word [es:0xFFFF]        ; read-modify-write: #GP
        NO_EXC
.a5r:
        PRINTLN "-- fault in the middle of REP MOVSW keeps the progress"
        push    ds
        push    es
        mov     ax, 0x2000
        mov     ds, ax
        mov     es, ax
        mov     si, 0xFFFB
        mov     di, 0x0100
        mov     cx, 5
        cld
        EXPECT_EXC .r1, .r1r
.r1:    rep     movsw                   ; 3rd word at DS:FFFF: #GP
        NO_EXC
.r1r:   pop     es
        pop     ds
        PRINT   "si="
        PHEX16  si
        PRINT   " di="
        PHEX16  di
        PRINT   " cx="
        PHEX16  cx
        NL

        PRINTLN "-- code fetch at the end of CS"
        push    es
        mov     ax, 0x3000
        mov     es, ax
        ; 3000:FFFB: jmp far F000:.f1 (5 bytes, ends at FFFF)
        mov     byte [es:0xFFFB], 0xEA
        mov     word [es:0xFFFC], .f1
        mov     word [es:0xFFFE], 0xF000
        jmp     0x3000:0xFFFB
.f1:    PRINTLN "instruction ending at ffff ok"
        ; 3000:FFFE: mov ax, 0x1234 needs a byte at 3000:10000: #GP
        mov     word [es:0xFFFE], 0x34B8
        mov     byte [es:0x0000], 0x12  ; what a wrapping fetch would see
        mov     byte [es:0x0001], 0xEA  ; ... and then: back to .f2
        mov     word [es:0x0002], .f2
        mov     word [es:0x0004], 0xF000
        push    ds                      ; the same after phys 0x40000
        mov     ax, 0x4000
        mov     ds, ax
        mov     byte [0x0000], 0x12
        mov     byte [0x0001], 0xEA
        mov     word [0x0002], .f2
        mov     word [0x0004], 0xF000
        pop     ds
        pop     es
        EXPECT_EXC_AT 0x3000, 0xFFFE, .f3
        jmp     0x3000:0xFFFE
.f2:    NO_EXC
.f3:    PRINT   "exceptions: "
        PHEX16  [exc_count]
        NL

        PRINTLN "-- A20 gate (port 0x92 bit 1)"
        push    ds
        push    es
        mov     ax, 0xFFFF
        mov     es, ax
        in      al, 0x92
        or      al, 2
        and     al, 0xFE
        out     0x92, al
        in      al, 0x92
        and     al, 2
        PRINT   "enabled: bit="
        PHEX8   al
        mov     byte [0x1000], 0xAA
        mov     byte [es:0x1010], 0xBB  ; phys 0x101000
        PRINT   " 0000:1000="
        PHEX8   [0x1000]
        PRINT   " ffff:1010="
        PHEX8   [es:0x1010]
        NL
        in      al, 0x92
        and     al, 0xFC
        out     0x92, al
        in      al, 0x92
        and     al, 2
        PRINT   "disabled: bit="
        PHEX8   al
        mov     byte [es:0x1010], 0xCC  ; phys 0x001000
        PRINT   " 0000:1000="
        PHEX8   [0x1000]
        PRINT   " ffff:1010="
        PHEX8   [es:0x1010]
        NL
        in      al, 0x92
        or      al, 2
        and     al, 0xFE
        out     0x92, al
        PRINT   "enabled again: 0000:1000="
        PHEX8   [0x1000]
        PRINT   " ffff:1010="
        PHEX8   [es:0x1010]
        NL
        pop     es
        pop     ds
        EXIT
        ROM_END
