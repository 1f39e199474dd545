; ioapic_pit: symmetric I/O mode as a kernel sets it up: the local APIC
; software-enabled, the IMCR (ports 22h/23h) switched to APIC mode, and
; IOAPIC input 2 (where the PIT's ISA IRQ 0 arrives, the interrupt source
; override of the MP/ACPI tables) redirected to vector 50h, fixed, edge,
; physical destination APIC 0. The 8259 keeps IRQ 0 unmasked: with the
; IMCR set and LINT0 masked its request must not reach the CPU (the
; dev_irq.inc log of vectors 20h-2Fh stays empty). The APIC pages are
; reached through an unreal-mode FS.
%include "lib.inc"
%include "dev_irq.inc"

APIC    equ     0xFEE00000
IOAPIC  equ     0xFEC00000
count   equ     0x0680

%macro IOWR 2                   ; IOAPIC register %1 = %2
        mov     dword [fs:dword IOAPIC], %1
        mov     dword [fs:dword IOAPIC + 0x10], %2
%endmacro
%macro IORD 1                   ; EAX = IOAPIC register %1
        mov     dword [fs:dword IOAPIC], %1
        mov     eax, [fs:dword IOAPIC + 0x10]
%endmacro

main:
        UNREAL_FS
        call    irq_setup
        PIC_INIT
        mov     al, 0xFE        ; 8259: IRQ 0 unmasked
        out     0x21, al
        mov     word [count], 0
        mov     word [0x50*4], isr50
        mov     word [0x50*4+2], 0xF000

        PRINTLN "-- IOAPIC version, entry 2 at reset"
        IORD    1
        PHEX32  eax
        SPACE
        IORD    0x14
        PHEX32  eax
        NL
        PRINTLN "-- IMCR to APIC mode, LAPIC on, entry 2 = vector 50h"
        mov     al, 0x70
        out     0x22, al
        mov     al, 0x01
        out     0x23, al
        in      al, 0x23
        PHEX8   al
        NL
        mov     dword [fs:dword APIC + 0xF0], 0x1FF     ; SVR: enable, spurious FFh
        IOWR    0x15, 0x00000000                        ; destination APIC 0
        IOWR    0x14, 0x00000050                        ; fixed, edge, unmasked
        PRINTLN "-- PIT channel 0, mode 2, 1 ms"
        mov     al, 0x34
        out     0x43, al
        mov     al, 0xA9        ; 1193 = 04A9h
        out     0x40, al
        mov     al, 0x04
        out     0x40, al
        sti
.w:     cmp     word [count], 3
        jae     .done
        hlt
        jmp     .w
.done:  cli
        IOWR    0x14, 0x00010050                        ; masked again
        PHEX16  [count]
        NL
        PRINT   "8259 vectors taken: "
        PRINT_LOG
        PRINTLN "-- ISR, IRR of the LAPIC after EOI (vector 50h: word 2)"
        mov     eax, [fs:dword APIC + 0x120]
        PHEX32  eax
        SPACE
        mov     eax, [fs:dword APIC + 0x220]
        PHEX32  eax
        NL
        EXIT

isr50:  inc     word [count]
        mov     dword [fs:dword APIC + 0xB0], 0                 ; EOI
        iret

        ROM_END
