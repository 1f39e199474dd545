; dev_power: ACPI PM (PIIX4 function 3 I/O at 0xB000: PM timer, PM1a
; status/enable, SCI_EN through the APM port 0xB2), the 0xCF9 reset
; control register (soft reset keeps the devices, hard reset resets them),
; and S5 power-off through PM1a_CNT, which ends emu with status 0
; (dev_power.status).
%include "lib.inc"
PM      equ 0xB000
stage   equ 0x0900

main:
        cmp     word [stage], 1
        je      after_soft
        cmp     word [stage], 2
        je      after_hard
        PRINTLN "-- PM timer"
        mov     dx, PM+8
        in      eax, dx
        mov     ebx, eax
        mov     cx, 1000
.d:     loop    .d
        in      eax, dx
        sub     eax, ebx
        and     eax, 0xFFFFFF
        cmp     eax, 0
        je      .still
        PRINTLN "advances"
        jmp     .t2
.still: PRINTLN "stuck"
.t2:    in      eax, dx
        shr     eax, 24
        PRINT   "bits 31-24 "
        PHEX8   al
        NL
        PRINTLN "-- PM1a registers"
        mov     dx, PM+2
        mov     ax, 0x0521      ; TMR_EN GBL_EN PWRBTN_EN RTC_EN
        out     dx, ax
        in      ax, dx
        PRINT   "en "
        PHEX16  ax
        xor     ax, ax
        out     dx, ax
        mov     dx, PM+4
        in      ax, dx
        PRINT   " cnt "
        PHEX16  ax
        mov     al, 0xF1        ; ACPI_ENABLE through the APM control port
        out     0xB2, al
        in      ax, dx
        PRINT   " after F1 "
        PHEX16  ax
        mov     al, 0xF0
        out     0xB2, al
        in      ax, dx
        PRINT   " after F0 "
        PHEX16  ax
        NL
        PRINTLN "-- 0xCF9 soft reset"
        mov     al, 0x11        ; program the PIC so that a reset shows
        out     0x20, al
        mov     al, 0x08
        out     0x21, al
        mov     al, 0x04
        out     0x21, al
        mov     al, 0x01
        out     0x21, al
        mov     al, 0xAB
        out     0x21, al
        mov     word [stage], 1
        mov     dx, 0xCF9
        mov     al, 0x04        ; RCPU with SRST = 0
        out     dx, al
        PRINTLN "no reset"
        EXIT

after_soft:
        PRINT   "after soft reset: imr "
        in      al, 0x21
        PHEX8   al
        NL
        PRINTLN "-- 0xCF9 hard reset"
        mov     word [stage], 2
        mov     dx, 0xCF9
        mov     al, 0x02        ; SRST first, then RCPU
        out     dx, al
        mov     al, 0x06
        out     dx, al
        PRINTLN "no reset"
        EXIT

after_hard:
        mov     word [stage], 0
        PRINT   "after hard reset: imr "
        in      al, 0x21
        PHEX8   al
        NL
        PRINTLN "-- S5 power-off"
        mov     dx, PM+4
        mov     ax, 0x2000      ; SLP_EN, SLP_TYP 0 (soft off)
        out     dx, ax
        PRINTLN "still running"
        EXIT
        ROM_END
