; dev_halt: a CPU in "sti; hlt" that nothing can wake ends the run with
; status 2, even though the RTC's once-a-second update cycle keeps running:
; its interrupt is enabled in register B (UIE) but IRQ 8 is masked at the
; PIC, and the IOAPIC's entries are masked. Before that, the same update
; interrupt with IRQ 8 unmasked does wake the CPU.
%include "lib.inc"
%include "dev_irq.inc"

main:
        call    irq_setup
        PIC_INIT
        mov     al, 0x0B        ; RTC register B: update interrupts, 24 h
        out     0x70, al
        mov     al, 0x12
        out     0x71, al
        PRINTLN "-- IRQ 8 unmasked: the update interrupt wakes HLT"
        mov     al, 0xFB        ; master: cascade only
        out     0x21, al
        mov     al, 0xFE        ; slave: IRQ 8
        out     0xA1, al
        sti
.w:     cmp     word [irq_count], 0
        jne     .woke
        hlt
        jmp     .w
.woke:  cli
        PRINT_LOG
        PHEX8   byte [rtc_c]
        NL
        PRINTLN "-- IRQ 8 masked, UIE still set: halted with nothing to wake it"
        mov     al, 0xFF
        out     0xA1, al
        out     0x21, al
        sti
        hlt
        PRINTLN "woke up (wrong)"
        EXIT

        ROM_END
