; dev_pic: 8259A programming and IRQ delivery order, with the 8254 (IRQ 0,
; mode 0 one-shots) and the RTC periodic interrupt (IRQ 8) as sources.
%include "lib.inc"
%include "dev_irq.inc"

; PIT channel 0 one-shot: mode 0, count %1
%macro PIT0_ONESHOT 1
        mov     al, 0x30
        out     0x43, al
        mov     al, (%1) & 0xFF
        out     0x40, al
        mov     al, (%1) >> 8
        out     0x40, al
%endmacro

; WAIT_IRR port, mask: spin until the IRR bits are all set (bounded)
%macro WAIT_IRR 2
        mov     al, 0x0A
        out     %1, al
        mov     cx, 0xFFFF
%%w:    in      al, %1
        and     al, %2
        cmp     al, %2
        je      %%ok
        loop    %%w
        PRINTLN "timeout waiting for IRR"
%%ok:
%endmacro

%macro RTC_PIE 1                ; %1 = 1: periodic interrupt on, 0: off
        mov     al, 0x0B
        out     0x70, al
        mov     al, 0x02 | ((%1) << 6)
        out     0x71, al
        mov     al, 0x0C        ; clear pending flags
        out     0x70, al
        in      al, 0x71
%endmacro

main:
        call    irq_setup
        PIC_INIT
        PRINT   "imr "
        in      al, 0x21
        PHEX8   al
        in      al, 0xA1
        PHEX8   al
        NL

        PRINTLN "-- IRQ 0 wakes HLT"
        mov     al, 0xFE
        out     0x21, al
        PIT0_ONESHOT 1000
        sti
        hlt
        cli
        PRINT   "log "
        PRINT_LOG

        PRINTLN "-- masked request stays in IRR; ISR while in service"
        LOG_RESET
        mov     al, 0xFF
        out     0x21, al
        PIT0_ONESHOT 100
        WAIT_IRR 0x20, 0x01
        PRINT   "irr "
        in      al, 0x20
        PHEX8   al
        mov     al, 0x0B
        out     0x20, al
        in      al, 0x20
        PRINT   " isr "
        PHEX8   al
        NL
        mov     word [irq_hook], hook_isr
        mov     al, 0xFE
        out     0x21, al
        sti
        nop
        cli
        mov     word [irq_hook], 0
        PRINT   "isr in handler "
        PHEX8   byte [saved]
        mov     al, 0x0B
        out     0x20, al
        in      al, 0x20
        PRINT   " after eoi "
        PHEX8   al
        NL
        PRINT   "log "
        PRINT_LOG

        PRINTLN "-- two requests: fixed priority, then IR1 lowest (IR2 first)"
        call    two_pending
        sti
        nop
        nop
        cli
        PRINT_LOG
        call    two_pending
        mov     al, 0xC1        ; OCW2 set priority: IR1 lowest
        out     0x20, al
        sti
        nop
        nop
        cli
        PRINT_LOG
        mov     al, 0xC7        ; back to IR7 lowest
        out     0x20, al

        PRINTLN "-- nesting: STI in the IRQ 0 handler, without and with special mask mode"
        call    two_pending
        mov     word [irq_hook], hook_nest
        mov     byte [smm], 0
        sti
        nop
        nop
        cli
        PRINT_LOG
        call    two_pending
        mov     byte [smm], 1
        sti
        nop
        nop
        cli
        mov     word [irq_hook], 0
        PRINT_LOG
        mov     al, 0x48        ; OCW3: reset special mask
        out     0x20, al

        PRINTLN "-- automatic EOI"
        LOG_RESET
        mov     al, 0x11
        out     0x20, al
        mov     al, 0x20
        out     0x21, al
        mov     al, 0x04
        out     0x21, al
        mov     al, 0x03        ; ICW4: AEOI
        out     0x21, al
        mov     al, 0xFE
        out     0x21, al
        mov     word [irq_noeoi], 1
        mov     word [irq_hook], hook_isr
        PIT0_ONESHOT 100
        sti
        hlt
        cli
        mov     word [irq_noeoi], 0
        mov     word [irq_hook], 0
        PRINT   "isr in handler "
        PHEX8   byte [saved]
        PRINT   " log "
        PRINT_LOG
        PIC_INIT

        PRINTLN "-- poll command"
        mov     al, 0xFE
        out     0x21, al
        PIT0_ONESHOT 100
        WAIT_IRR 0x20, 0x01
        mov     al, 0x0C        ; OCW3: poll
        out     0x20, al
        in      al, 0x20
        PRINT   "poll "
        PHEX8   al
        mov     al, 0x0B
        out     0x20, al
        in      al, 0x20
        PRINT   " isr "
        PHEX8   al
        mov     al, 0x20
        out     0x20, al
        mov     al, 0x0C
        out     0x20, al
        in      al, 0x20
        PRINT   " poll again "
        PHEX8   al
        NL

        PRINTLN "-- specific EOI and rotation"
        call    two_pending     ; IRR 0 and 2 (slave 0) pending
        PRINT   "ir2 while slave masked "
        PHEX8   byte [saved2]
        NL
        mov     al, 0x0C        ; poll takes IR0 ...
        out     0x20, al
        in      al, 0x20
        PHEX8   al
        mov     al, 0x0C        ; ... IR2 waits: IR0 is in service
        out     0x20, al
        in      al, 0x20
        PRINT   " then "
        PHEX8   al
        mov     al, 0x0B
        out     0x20, al
        in      al, 0x20
        PRINT   " isr "
        PHEX8   al
        mov     al, 0x60        ; specific EOI for IR0
        out     0x20, al
        in      al, 0x20
        PRINT   " after seoi0 "
        PHEX8   al
        mov     al, 0x0C
        out     0x20, al
        in      al, 0x20
        PRINT   " poll "
        PHEX8   al
        mov     al, 0x0B
        out     0x20, al
        in      al, 0x20
        PRINT   " isr "
        PHEX8   al
        mov     al, 0x20        ; EOI IR2 on the master (the slave's IR0 stays)
        out     0x20, al
        in      al, 0x20
        PRINT   " after eoi "
        PHEX8   al
        mov     al, 0x0C
        out     0xA0, al
        in      al, 0xA0
        PRINT   " slave poll "
        PHEX8   al
        mov     al, 0x20
        out     0xA0, al
        NL
        PRINT   "rotate on specific EOI 0 (IR1 highest): "
        call    two_pending
        mov     al, 0xE0
        out     0x20, al
        sti
        nop
        nop
        cli
        PRINT_LOG
        PIC_INIT

        PRINTLN "-- ELCR"
        mov     al, 0xFF
        mov     dx, 0x4D0
        out     dx, al
        in      al, dx
        PHEX8   al
        SPACE
        inc     dx
        mov     al, 0xFF
        out     dx, al
        in      al, dx
        PHEX8   al
        xor     al, al
        out     dx, al
        dec     dx
        out     dx, al
        NL
        EXIT

; both IRQ 0 and IRQ 8 (through IR2) pending with everything masked, then
; IRQ 0, IRQ 2 and IRQ 8 unmasked (with interrupts still disabled)
two_pending:
        LOG_RESET
        mov     al, 0xFF
        out     0x21, al
        out     0xA1, al
        RTC_PIE 1
        PIT0_ONESHOT 100
        WAIT_IRR 0xA0, 0x01
        RTC_PIE 0
        WAIT_IRR 0x20, 0x01
        ; the slave's INT (master IR2) rises only for an unmasked request
        mov     al, 0x0A
        out     0x20, al
        in      al, 0x20
        and     al, 0x04
        mov     [saved2], al
        mov     al, 0xFE
        out     0xA1, al
        WAIT_IRR 0x20, 0x05
        mov     al, 0xFA
        out     0x21, al
        ret

hook_isr:
        push    ax
        mov     al, 0x0B
        out     0x20, al
        in      al, 0x20
        mov     [saved], al
        mov     al, 0x0A
        out     0x20, al
        pop     ax
        ret

; in IRQ 0: enable interrupts for a while; IRQ 8 gets in only in special
; mask mode (with IR0 masked), else it waits for the EOI
hook_nest:
        cmp     al, 0
        jne     .r
        push    ax
        cmp     byte [smm], 0
        je      .n
        mov     al, 0xFB        ; mask IR0 (keep IR2)
        out     0x21, al
        mov     al, 0x68        ; OCW3: set special mask
        out     0x20, al
.n:     sti
        nop
        nop
        nop
        cli
        LOG_MARK 0xE0
        mov     al, 0xFA
        out     0x21, al
        pop     ax
.r:     ret

saved   equ 0x0700
smm     equ 0x0702
saved2  equ 0x0704
        ROM_END
