; dev_serial: 16550A COM1 (run with --serial stdout): divisor latch, FIFO
; trigger levels and the character timeout, IIR priorities, THRE, MSR in
; loopback, overrun, and bytes sent to the back-end.
%include "lib.inc"
%include "dev_irq.inc"
COM     equ 0x3F8

%macro OUTB 2
        mov     dx, COM+%1
        mov     al, %2
        out     dx, al
%endmacro
%macro INB 1
        mov     dx, COM+%1
        in      al, dx
%endmacro
%macro SHOW 2                   ; SHOW "label", reg offset
        PRINT   %1
        INB     %2
        PHEX8   al
        SPACE
%endmacro

main:
        call    irq_setup
        PIC_INIT
        OUTB    3, 0x80         ; DLAB
        OUTB    0, 0x01         ; 115200 baud
        OUTB    1, 0x00
        SHOW    "dll ", 0
        OUTB    3, 0x03         ; 8N1
        SHOW    "lcr ", 3
        SHOW    "lsr ", 5
        SHOW    "iir ", 2
        NL
        PRINTLN "-- loopback, FIFO trigger 14"
        OUTB    2, 0xC7
        OUTB    4, 0x1F         ; loop, OUT2, OUT1, RTS, DTR
        SHOW    "msr ", 6
        SHOW    "msr again ", 6
        NL
        mov     si, msg
.tx:    mov     al, [cs:si]
        inc     si
        or      al, al
        jz      .txd
        mov     dx, COM
        out     dx, al
        jmp     .tx
.txd:   SHOW    "lsr ", 5
        SHOW    "iir ", 2
        NL
        PRINTLN "-- character timeout interrupt (IRQ 4)"
        mov     word [irq_hook], hook_iir
        OUTB    1, 0x01         ; RDA interrupts
        mov     al, 0xEF
        out     0x21, al
        sti
        hlt
        cli
        PRINT   "irq log "
        PRINT_LOG
        PRINT   "iir in wait "
        PHEX8   byte [iir_seen]
        NL
        PRINT   "rx "
        mov     cx, 5
.rx:    INB     0
        PHEX8   al
        SPACE
        loop    .rx
        SHOW    "lsr ", 5
        SHOW    "iir ", 2
        NL
        PRINTLN "-- trigger level 4"
        OUTB    2, 0x47
        OUTB    0, 'a'
        OUTB    0, 'b'
        OUTB    0, 'c'
        SHOW    "iir after 3 ", 2
        OUTB    0, 'd'
        SHOW    "after 4 ", 2
        OUTB    2, 0x47         ; clear the receive FIFO
        SHOW    "after clear ", 2
        NL
        PRINTLN "-- THRE interrupt, then IIR read acknowledges it"
        OUTB    1, 0x02
        SHOW    "iir ", 2
        SHOW    "iir ", 2
        OUTB    1, 0x00
        NL
        PRINTLN "-- overrun without FIFO"
        OUTB    2, 0x00
        OUTB    0, 0x11
        OUTB    0, 0x22
        SHOW    "lsr ", 5
        SHOW    "rbr ", 0
        SHOW    "lsr ", 5
        NL
        PRINTLN "-- to the back-end"
        OUTB    4, 0x0B
        SHOW    "msr ", 6
        NL
        mov     si, out_msg
.o:     mov     al, [cs:si]
        inc     si
        or      al, al
        jz      .od
        mov     dx, COM
        out     dx, al
        jmp     .o
.od:    EXIT

hook_iir:
        push    ax
        push    dx
        mov     dx, COM+2
        in      al, dx
        mov     [iir_seen], al
        pop     dx
        pop     ax
        ret
iir_seen equ 0x0700
msg     db      "HELLO", 0
out_msg db      "serial: hello from COM1", 10, 0
        ROM_END
