; dev_rtc: MC146818 RTC with --time0 1700000000 (Tue 2023-11-14 22:13:20
; UTC): time read-out in BCD/24 h, setting the clock in binary/12 h, update
; and periodic interrupts (IRQ 8), alarm, UIP, CMOS RAM and checksum.
%include "lib.inc"
%include "dev_irq.inc"

%macro RD 1                     ; AL = CMOS register %1
        mov     al, %1
        out     0x70, al
        in      al, 0x71
%endmacro
%macro WR 2                     ; CMOS register %1 = %2
        mov     al, %1
        out     0x70, al
        mov     al, %2
        out     0x71, al
%endmacro
%macro SHOWR 1
        RD      %1
        PHEX8   al
        SPACE
%endmacro

main:
        call    irq_setup
        PIC_INIT
        PRINTLN "-- registers A B D, time (BCD, 24 h): sec min hour wday mday month year century"
        SHOWR   0x0A
        SHOWR   0x0B
        SHOWR   0x0D
        NL
        call    wait_not_uip
        call    show_time
        PRINTLN "-- binary, 12 h: set 10:59:58 PM, two updates later"
        WR      0x0B, 0x84      ; SET, binary, 12 h
        WR      0x04, 0x8A      ; 10 PM
        WR      0x02, 59
        WR      0x00, 58
        WR      0x07, 14        ; the date in binary too
        WR      0x08, 11
        WR      0x09, 23
        WR      0x32, 20
        WR      0x0B, 0x14      ; run, update interrupt, binary, 12 h
        mov     al, 0xFB        ; unmask IRQ 2 and IRQ 8
        out     0x21, al
        mov     al, 0xFE
        out     0xA1, al
        RD      0x0C
        mov     word [irq_hook], hook_c
        LOG_RESET
        sti
.w2:    cmp     word [irq_count], 2
        jae     .d2
        hlt
        jmp     .w2
.d2:    cli
        PRINT   "register C at each IRQ: "
        PRINT_LOG
        call    show_time
        PRINTLN "-- periodic 2 Hz and update interrupts for 1.5 s"
        WR      0x0A, 0x2F      ; rate 15: 2 Hz
        WR      0x0B, 0x56      ; PIE, UIE, binary, 24 h
        RD      0x0C
        LOG_RESET
        sti
.w3:    cmp     word [irq_count], 3
        jae     .d3
        hlt
        jmp     .w3
.d3:    cli
        PRINT_LOG
        PRINTLN "-- alarm 2 s ahead (hours don't care)"
        WR      0x0A, 0x26
        call    wait_not_uip
        RD      0x00
        add     al, 2
        mov     bl, al
        RD      0x02
        mov     bh, al
        WR      0x01, bl
        WR      0x03, bh
        WR      0x05, 0xC0
        WR      0x0B, 0x26      ; AIE, binary, 24 h
        RD      0x0C
        LOG_RESET
        sti
.w4:    cmp     word [irq_count], 1
        jae     .d4
        hlt
        jmp     .w4
.d4:    cli
        PRINT   "C "
        PRINT_LOG
        RD      0x00
        sub     al, bl
        PRINT   "seconds after the alarm time "
        PHEX8   al
        NL
        PRINTLN "-- UIP"
        mov     dx, 30          ; up to ~1.5 s of polling
.u0:    mov     cx, 0
.u:     RD      0x0A
        test    al, 0x80
        jnz     .uok
        loop    .u
        dec     dx
        jnz     .u0
        PRINTLN "never set"
        jmp     .u2
.uok:   PRINTLN "set before an update"
.u2:    PRINTLN "-- CMOS RAM, checksum, NMI bit"
        WR      0x40, 0x5A
        SHOWR   0x40
        mov     al, 0x80 | 0x40 ; NMI disabled, same register
        out     0x70, al
        in      al, 0x71
        PHEX8   al
        SPACE
        mov     si, 0x10        ; checksum over 0x10-0x2D
        xor     bx, bx
.cs:    mov     ax, si
        out     0x70, al
        in      al, 0x71
        xor     ah, ah
        add     bx, ax
        inc     si
        cmp     si, 0x2E
        jb      .cs
        RD      0x2E
        mov     ah, al
        RD      0x2F
        cmp     ax, bx
        jne     .bad
        PRINTLN "checksum ok"
        jmp     .e
.bad:   PRINTLN "checksum bad"
.e:     EXIT

hook_c:
        push    ax
        push    bx
        mov     al, [rtc_c]
        mov     bx, [irq_logp]
        dec     bx
        mov     [bx], al        ; replace the IRQ number by register C
        pop     bx
        pop     ax
        ret

wait_not_uip:
        push    ax
.w:     RD      0x0A
        test    al, 0x80
        jnz     .w
        pop     ax
        ret

show_time:
        SHOWR   0x00
        SHOWR   0x02
        SHOWR   0x04
        SHOWR   0x06
        SHOWR   0x07
        SHOWR   0x08
        SHOWR   0x09
        SHOWR   0x32
        NL
        ret
        ROM_END
