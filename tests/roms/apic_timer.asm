; apic_timer: the local APIC timer from real mode (the xAPIC page at
; 0xFEE00000 reached through an unreal-mode FS): periodic mode delivers its
; vector through the IVT until masked (SDM Vol.3 10.5.4), one-shot mode
; fires once, the current count runs down to 0, EOI retires the vector,
; and a self IPI (ICR shorthand 01b, SDM 10.6.1) arrives at once.
%include "lib.inc"

APIC    equ     0xFEE00000
count   equ     0x600
oneshot equ     0x602
ipi     equ     0x604

main:
        UNREAL_FS
        mov     word [count], 0
        mov     word [oneshot], 0
        mov     word [ipi], 0
        mov     word [0x40*4], periodic_isr
        mov     word [0x40*4+2], 0xF000
        mov     word [0x41*4], oneshot_isr
        mov     word [0x41*4+2], 0xF000
        mov     word [0x42*4], ipi_isr
        mov     word [0x42*4+2], 0xF000

        PRINTLN "-- version, software enable"
        mov     eax, [fs:dword APIC + 0x30]
        PHEX32  eax
        NL
        mov     dword [fs:dword APIC + 0xF0], 0x1FF
        mov     dword [fs:dword APIC + 0x3E0], 0x0B       ; divide by 1
        PRINTLN "-- periodic, vector 40h"
        mov     dword [fs:dword APIC + 0x320], 0x20040
        mov     dword [fs:dword APIC + 0x380], 200000     ; 200 us
        sti
.wait1: cmp     word [count], 5
        jae     .done1
        hlt
        jmp     .wait1
.done1: mov     dword [fs:dword APIC + 0x320], 0x30040    ; masked
        cli
        PHEX16  [count]
        NL
        PRINTLN "-- one-shot, vector 41h"
        mov     dword [fs:dword APIC + 0x320], 0x00041
        mov     dword [fs:dword APIC + 0x380], 50000
        sti
.wait2: cmp     word [oneshot], 0
        jne     .done2
        hlt
        jmp     .wait2
.done2: mov     ecx, 2000000
.spin:  a32 loop .spin                              ; time for a second shot
        cli
        PHEX16  [oneshot]
        SPACE
        mov     eax, [fs:dword APIC + 0x390]
        PHEX32  eax
        NL
        PRINTLN "-- self IPI, vector 42h"
        sti
        mov     dword [fs:dword APIC + 0x300], 0x40042
        nop
        cli
        PHEX16  [ipi]
        NL
        PRINTLN "-- ISR empty"
        mov     eax, [fs:dword APIC + 0x100 + 0x20]       ; ISR bits 64-95
        PHEX32  eax
        NL
        EXIT

periodic_isr:
        inc     word [count]
        mov     dword [fs:dword APIC + 0xB0], 0
        iret
oneshot_isr:
        inc     word [oneshot]
        mov     dword [fs:dword APIC + 0xB0], 0
        iret
ipi_isr:
        inc     word [ipi]
        mov     dword [fs:dword APIC + 0xB0], 0
        iret

        ROM_END
