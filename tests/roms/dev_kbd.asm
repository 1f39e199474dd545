; dev_kbd: the 8042 controller (self-test, interface test, command byte,
; output port and A20, pulse reset), the keyboard (reset, echo, identify,
; scan code sets 1/2/3 with and without translation, typematic repeat) fed
; by --inject-keys (see dev_kbd.args), and the PS/2 mouse (reset, ID,
; IntelliMouse knock, status, remote read).
%include "lib.inc"
%include "dev_irq.inc"

data_logp       equ 0x0800
data_log        equ 0x0810          ; to 0x08FF
reset_magic     equ 0x0900

; send %1 to the controller (port 0x64)
%macro CTRL 1
        mov     al, %1
        call    ctrl_cmd
%endmacro
; send %1 to the data port (keyboard, or the parameter of a command)
%macro DATA 1
        mov     al, %1
        call    data_out
%endmacro
; read one byte straight from port 0x60 (interrupts off), print it
%macro POLL_PRINT 0
        call    poll_byte
        PHEX8   al
        SPACE
%endmacro
; wait (HLT) until the interrupt handlers logged %1 data bytes in total
%macro WAIT_BYTES 1
        mov     cx, %1
        call    wait_bytes
%endmacro

main:
        cmp     word [reset_magic], 0x4B42
        jne     .first
        mov     word [reset_magic], 0
        PRINTLN "after pulse reset: ok"
        in      al, 0x64
        PRINT   "status "
        PHEX8   al
        NL
        EXIT
.first:
        call    irq_setup
        PIC_INIT
        mov     word [data_logp], data_log
        mov     word [irq_hook], hook_data

        PRINTLN "-- controller (interrupts off, polled)"
        CTRL    0xAA
        PRINT   "self-test "
        POLL_PRINT
        CTRL    0xAB
        PRINT   "kbd interface "
        POLL_PRINT
        CTRL    0xA9
        PRINT   "aux interface "
        POLL_PRINT
        NL
        CTRL    0x60            ; command byte: no interrupts, translate, SYS
        DATA    0x44
        CTRL    0x20
        PRINT   "command byte "
        POLL_PRINT
        in      al, 0x64
        and     al, 0x04
        PRINT   "sys flag "
        PHEX8   al
        NL

        PRINTLN "-- keyboard commands (translated)"
        DATA    0xFF
        POLL_PRINT
        POLL_PRINT
        DATA    0xEE
        POLL_PRINT
        DATA    0xF2
        POLL_PRINT
        POLL_PRINT
        POLL_PRINT
        DATA    0xF0
        POLL_PRINT
        DATA    0x00
        POLL_PRINT
        POLL_PRINT
        DATA    0xED
        POLL_PRINT
        DATA    0x07
        POLL_PRINT
        DATA    0xAB            ; not a command
        POLL_PRINT
        NL
        CTRL    0x60            ; untranslated
        DATA    0x04
        DATA    0xF2
        PRINT   "untranslated id "
        POLL_PRINT
        POLL_PRINT
        POLL_PRINT
        NL

        PRINTLN "-- injected keys, set 2 translated: a, release, up, release"
        CTRL    0x60            ; keyboard interrupt on, translation
        DATA    0x45
        PIC_INIT                ; forget IRQ 1 edges latched while polling
        mov     al, 0xFD        ; unmask IRQ 1
        out     0x21, al
        WAIT_BYTES 6
        call    print_data
        PRINTLN "-- set 2 untranslated: a, release"
        CTRL    0x60
        DATA    0x05
        WAIT_BYTES 3
        call    print_data
        PRINTLN "-- set 3: Esc, release"
        DATA    0xF0
        DATA    0x03
        WAIT_BYTES 2            ; FA FA
        call    reset_data
        WAIT_BYTES 3
        call    print_data
        PRINTLN "-- set 1 untranslated: a, release"
        DATA    0xF0
        DATA    0x01
        WAIT_BYTES 2
        call    reset_data
        WAIT_BYTES 2
        call    print_data
        PRINTLN "-- typematic: b held 700 ms (500 ms delay, 10.9/s)"
        WAIT_BYTES 5
        call    print_data
        cli

        PRINTLN "-- mouse"
        CTRL    0xA8            ; enable the aux interface
        CTRL    0x60            ; both interrupts off again
        DATA    0x44
        CTRL    0xD4
        DATA    0xFF
        POLL_PRINT
        POLL_PRINT
        POLL_PRINT
        CTRL    0xD4
        DATA    0xF2
        POLL_PRINT
        POLL_PRINT
        NL
        PRINT   "knock 200 100 80: "
        mov     bl, 200
        call    mouse_rate
        mov     bl, 100
        call    mouse_rate
        mov     bl, 80
        call    mouse_rate
        CTRL    0xD4
        DATA    0xF2
        POLL_PRINT
        POLL_PRINT
        in      al, 0x64
        PRINT   "status reg aux bit "
        and     al, 0x20
        PHEX8   al
        NL
        PRINT   "status request: "
        CTRL    0xD4
        DATA    0xE9
        POLL_PRINT
        POLL_PRINT
        POLL_PRINT
        POLL_PRINT
        NL
        PRINT   "remote read: "
        CTRL    0xD4
        DATA    0xF0
        POLL_PRINT
        CTRL    0xD4
        DATA    0xEB
        POLL_PRINT
        POLL_PRINT
        POLL_PRINT
        POLL_PRINT
        POLL_PRINT
        NL

        PRINTLN "-- output port: A20"
        CTRL    0xD0
        PRINT   "output port "
        call    poll_byte
        and     al, 0x03
        PHEX8   al
        NL
        CTRL    0xD1
        DATA    0xDD            ; A20 off
        call    a20_test
        CTRL    0xD1
        DATA    0xDF            ; A20 on
        call    a20_test
        CTRL    0xD0
        call    poll_byte
        and     al, 0x02
        PRINT   "a20 bit "
        PHEX8   al
        NL

        PRINTLN "-- pulse reset (0xFE)"
        mov     word [reset_magic], 0x4B42
        CTRL    0xFE
        PRINTLN "no reset"
        EXIT

mouse_rate:
        CTRL    0xD4
        DATA    0xF3
        call    poll_byte
        CTRL    0xD4
        mov     al, bl
        call    data_out
        call    poll_byte
        ret

; prints "wrap" when 1 MiB aliases 0 (A20 off), "no wrap" otherwise
a20_test:
        push    es
        mov     ax, 0xFFFF
        mov     es, ax
        mov     word [0x0000], 0x1111
        mov     word [es:0x0010], 0x2222
        cmp     word [0x0000], 0x2222
        pop     es
        je      .w
        PRINTLN "no wrap"
        ret
.w:     PRINTLN "wrap"
        ret

ctrl_cmd:
        push    ax
.w:     in      al, 0x64        ; wait for the input buffer
        test    al, 0x02
        jnz     .w
        pop     ax
        out     0x64, al
        ret

data_out:
        push    ax
.w:     in      al, 0x64
        test    al, 0x02
        jnz     .w
        pop     ax
        out     0x60, al
        ret

; AL = next byte of port 0x60 (bounded wait)
poll_byte:
        push    cx
        mov     cx, 0xFFFF
.w:     in      al, 0x64
        test    al, 0x01
        jnz     .r
        loop    .w
        pop     cx
        mov     al, 0xEE
        PRINT   "(timeout) "
        ret
.r:     pop     cx
        in      al, 0x60
        ret

; IRQ 1/12 hook: log the byte
hook_data:
        push    ax
        push    bx
        in      al, 0x60
        mov     bx, [data_logp]
        cmp     bx, 0x08FF
        jae     .f
        mov     [bx], al
        inc     word [data_logp]
.f:     pop     bx
        pop     ax
        ret

wait_bytes:
        sti
.l:     mov     ax, [data_logp]
        sub     ax, data_log
        cmp     ax, cx
        jae     .d
        hlt
        jmp     .l
.d:     ret

reset_data:
        cli
        mov     word [data_logp], data_log
        sti
        ret

print_data:
        cli
        push    bx
        mov     bx, data_log
.l:     cmp     bx, [data_logp]
        jae     .e
        PHEX8   byte [bx]
        SPACE
        inc     bx
        jmp     .l
.e:     NL
        mov     word [data_logp], data_log
        pop     bx
        sti
        ret
        ROM_END
