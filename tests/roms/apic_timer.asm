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
        cli
        lgdt    [cs:gdtr]
        mov     eax, cr0
        or      al, 1
        mov     cr0, eax
        jmp     0x08:.pm
.pm:    mov     ax, 0x10
        mov     fs, ax
        mov     eax, cr0
        and     al, 0xFE
        mov     cr0, eax
        jmp     0xF000:.rm
.rm:    xor     ax, ax
        mov     fs, ax
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

        align   8
gdt:    dq      0
        ; 0x08: 16-bit code, base 0xF0000, limit 0xFFFF
        dw      0xFFFF, 0x0000
        db      0x0F, 0x9B, 0x00, 0x00
        ; 0x10: data, base 0, limit 4 GiB (G=1), writable
        dw      0xFFFF, 0x0000
        db      0x00, 0x93, 0x8F, 0x00
gdt_end:
gdtr:   dw      gdt_end - gdt - 1
        dd      0xF0000 + gdt
        ROM_END
