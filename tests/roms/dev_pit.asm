; dev_pit: 8254 modes read back through the status (read-back command),
; counter latch, LSB/MSB access, BCD counting, channel 2 gated by port
; 0x61 bit 0 with OUT2 on bit 5, the refresh toggle on bit 4, and IRQ 0
; periods in modes 2 and 3.
%include "lib.inc"
%include "dev_irq.inc"

%macro STATUS 1                 ; read-back status of channel %1
        mov     al, 0xE0 | (2 << %1)
        out     0x43, al
        in      al, 0x40 + %1
        and     al, 0xBF        ; null count depends on the clock edge: not shown
        PHEX8   al
        SPACE
%endmacro
%macro LATCH16 1                ; AX = latched count of channel %1 (LSB/MSB mode)
        mov     al, (%1) << 6
        out     0x43, al
        in      al, 0x40 + %1
        mov     ah, al
        in      al, 0x40 + %1
        xchg    al, ah
%endmacro

main:
        call    irq_setup
        PIC_INIT
        PRINTLN "-- control words and read-back status (OUT, RW, mode, BCD)"
        mov     al, 0xB0        ; ch2 mode 0 LSB/MSB binary
        out     0x43, al
        mov     al, 0x00        ; gate low: counting waits
        out     0x61, al
        mov     al, 0x34
        out     0x42, al
        mov     al, 0x12
        out     0x42, al
        STATUS  2
        mov     al, 0xB6        ; mode 3
        out     0x43, al
        STATUS  2
        mov     al, 0xBD        ; mode 6 = 2 with BCD... 110 -> mode 2, BCD
        out     0x43, al
        STATUS  2
        mov     al, 0x98        ; ch2 mode 4, LSB only
        out     0x43, al
        STATUS  2
        mov     al, 0xAA        ; ch2 mode 5, MSB only
        out     0x43, al
        STATUS  2
        NL

        PRINTLN "-- gate low holds the count, latch, gate high counts down"
        mov     al, 0xB0        ; ch2 mode 0, count 0x1234, gate low
        out     0x43, al
        mov     al, 0x34
        out     0x42, al
        mov     al, 0x12
        out     0x42, al
        mov     cx, 200
.d1:    loop    .d1
        LATCH16 2
        PHEX16  ax
        SPACE
        in      al, 0x61
        and     al, 0x20
        PRINT   "out2 "
        PHEX8   al
        SPACE
        mov     al, 0x01        ; gate high
        out     0x61, al
        LATCH16 2
        mov     bx, ax
        mov     cx, 200
.d2:    loop    .d2
        LATCH16 2
        cmp     ax, bx
        jb      .dn
        PRINT   "not counting "
        jmp     .d3
.dn:    PRINT   "counting "
.d3:    mov     cx, 0xFFFF      ; wait for the terminal count
.d4:    in      al, 0x61
        test    al, 0x20
        jnz     .tc
        loop    .d4
        PRINTLN "no terminal count"
        jmp     .lat
.tc:    PRINTLN "out2 high at terminal count"

.lat:   PRINTLN "-- a latched count stays until read; a second latch is ignored"
        mov     al, 0xB4        ; ch2 mode 2, count 0x8000, running
        out     0x43, al
        xor     al, al
        out     0x42, al
        mov     al, 0x80
        out     0x42, al
        mov     al, 0x80
        out     0x43, al        ; latch
        mov     cx, 300
.d5:    loop    .d5
        mov     al, 0x80
        out     0x43, al        ; ignored
        in      al, 0x42
        mov     bl, al
        in      al, 0x42
        mov     bh, al
        LATCH16 2
        cmp     bx, ax
        ja      .ok1
        PRINTLN "latch lost"
        jmp     .lsb
.ok1:   PRINTLN "first latch kept"

.lsb:   PRINTLN "-- LSB-only and MSB-only counts (gate low)"
        xor     al, al
        out     0x61, al
        mov     al, 0x90        ; ch2 mode 0, LSB only
        out     0x43, al
        mov     al, 0x5A
        out     0x42, al
        in      al, 0x42
        PHEX8   al
        SPACE
        mov     al, 0xA0        ; ch2 mode 0, MSB only
        out     0x43, al
        mov     al, 0x5A
        out     0x42, al
        in      al, 0x42
        PHEX8   al
        SPACE
        mov     al, 0x80
        out     0x43, al
        LATCH16 2               ; in MSB-only mode one read of the latch
        NL
        PRINTLN "-- BCD: count 9999, gate low, then counting in decimal digits"
        mov     al, 0xB1        ; ch2 mode 0 BCD
        out     0x43, al
        mov     al, 0x99
        out     0x42, al
        out     0x42, al
        LATCH16 2
        PHEX16  ax
        SPACE
        mov     al, 0x01
        out     0x61, al
        mov     cx, 500
.d6:    loop    .d6
        LATCH16 2
        mov     bx, ax          ; every nibble must be 0-9
        mov     cx, 4
.nib:   mov     al, bl
        and     al, 0x0F
        cmp     al, 9
        ja      .badbcd
        shr     bx, 4
        loop    .nib
        PRINTLN "decimal digits"
        jmp     .ref
.badbcd:
        PRINTLN "not BCD"

.ref:   PRINTLN "-- refresh toggle (port 0x61 bit 4)"
        in      al, 0x61
        and     al, 0x10
        mov     bl, al
        mov     cx, 1000
.r:     in      al, 0x61
        and     al, 0x10
        cmp     al, bl
        jne     .tog
        loop    .r
        PRINTLN "never toggles"
        jmp     .sq
.tog:   PRINTLN "toggles"

.sq:    PRINTLN "-- mode 3 square wave on OUT2: both levels seen"
        mov     al, 0xB6
        out     0x43, al
        mov     al, 100
        out     0x42, al
        xor     al, al
        out     0x42, al
        mov     al, 0x03        ; gate and speaker on
        out     0x61, al
        xor     bx, bx
        mov     cx, 2000
.s:     in      al, 0x61
        test    al, 0x20
        jz      .lo
        or      bl, 1
        jmp     .sn
.lo:    or      bl, 2
.sn:    loop    .s
        PHEX8   bl
        NL
        xor     al, al
        out     0x61, al

        PRINTLN "-- IRQ 0: ten periods of mode 2 at 1193 (1 ms) take 10 ms"
        mov     al, 0xFE
        out     0x21, al
        mov     al, 0x34
        out     0x43, al
        mov     al, 1193 & 0xFF
        out     0x40, al
        mov     al, 1193 >> 8
        out     0x40, al
        LOG_RESET
        sti
.i:     cmp     word [irq_count], 1
        jb      .i0
        jmp     .i1
.i0:    hlt
        jmp     .i
.i1:    call    rtc_now_ms      ; RTC has 1 s resolution: use the PM timer instead
        mov     [t0], eax
.i2:    cmp     word [irq_count], 11
        jae     .i3
        hlt
        jmp     .i2
.i3:    cli
        call    rtc_now_ms
        sub     eax, [t0]
        ; 10 ms = 35795 PM timer ticks; allow +-1%
        cmp     eax, 35795 - 358
        jb      .bad
        cmp     eax, 35795 + 358
        ja      .bad
        PRINTLN "10 ms"
        jmp     .m3
.bad:   PRINT   "wrong: "
        PHEX32  eax
        NL
.m3:    PRINTLN "-- mode 3 period is the same"
        mov     al, 0x36
        out     0x43, al
        mov     al, 1193 & 0xFF
        out     0x40, al
        mov     al, 1193 >> 8
        out     0x40, al
        LOG_RESET
        sti
.j:     cmp     word [irq_count], 1
        jae     .j1
        hlt
        jmp     .j
.j1:    call    rtc_now_ms
        mov     [t0], eax
.j2:    cmp     word [irq_count], 11
        jae     .j3
        hlt
        jmp     .j2
.j3:    cli
        call    rtc_now_ms
        sub     eax, [t0]
        cmp     eax, 35795 - 358
        jb      .bad3
        cmp     eax, 35795 + 358
        ja      .bad3
        PRINTLN "10 ms"
        jmp     .end
.bad3:  PRINT   "wrong: "
        PHEX32  eax
        NL
.end:   EXIT

; EAX = ACPI PM timer (3.579545 MHz, 24 bits; short intervals only)
rtc_now_ms:
        push    dx
        mov     dx, 0xB008
        in      eax, dx
        and     eax, 0xFFFFFF
        pop     dx
        ret
t0      equ     0x0710
        ROM_END
