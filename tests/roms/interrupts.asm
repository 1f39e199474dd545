; interrupts: INT n through the real-mode IVT, INT3 (CC) and INT 3 (CD 03),
; INTO with OF=0 and OF=1, IRET/IRETD restoring FLAGS, LIDT moving the
; real-mode vector table, and faults: #UD from UD2 (0F 0B), UD1, an
; invalid ModRM form (LEA with a register operand, FE /2) and a LOCK
; prefix on an instruction that cannot take it, #BR from BOUND, #DE, all
; with the saved CS:IP pointing at the faulting instruction (SDM Vol.3
; 6.5: faults report the instruction, traps the next one).
; Real-mode delivery pushes FLAGS, CS, IP and clears IF, TF and AC
; (SDM Vol.2 "INT n", real-address mode).
%include "lib.inc"
%include "ops.inc"

v_ip    equ scratch
v_cs    equ scratch+2
v_fl    equ scratch+4
v_infl  equ scratch+8           ; EFLAGS inside the handler (dword)
v_cnt   equ scratch+12

%macro SETVEC 2                 ; vector, handler
        mov     word [(%1)*4], %2
        mov     word [(%1)*4+2], cs
%endmacro

; REPORT label: print the frame recorded by rec_handler; IP checked
; against label
%macro REPORT 1
        PRINT   "ip "
        CHKW    [v_ip], %1
        PRINT   " cs="
        PHEX16  [v_cs]
        PRINT   " pushed fl="
        PHEX16  [v_fl]
        PRINT   " in handler efl="
        PHEX32  [v_infl]
        NL
%endmacro

main:
        SETVEC  0x40, rec_handler
        SETVEC  3, rec_handler
        SETVEC  4, rec_handler
        PRINTLN "-- int 40h"
        SETFL   FL_CF|FL_ZF|FL_OF
        int     0x40
.r1:    PFLAGS
        SPACE
        REPORT  .r1
        PRINTLN "-- int3 / int 3"
        SETFL   FL_SF
        int3
.r2:    REPORT  .r2
        SETFL   0
        db      0xCD, 0x03              ; int 3, long form
.r3:    REPORT  .r3
        PRINTLN "-- into"
        mov     word [v_cnt], 0
        SETFL   0
        into                            ; OF=0: nothing
        PRINT   "OF=0 calls "
        PHEX16  [v_cnt]
        NL
        SETFL   FL_OF
        into
.r4:    PRINT   "OF=1 calls "
        PHEX16  [v_cnt]
        SPACE
        REPORT  .r4
        PRINTLN "-- AC cleared by delivery, not restored by a 16-bit IRET"
        pushfd
        or      dword [esp], 0x40000    ; AC
        popfd
        int     0x40
        pushfd
        pop     eax
        PRINT   "in handler "
        PHEX32  [v_infl]
        PRINT   " after iret "
        PHEX32  eax
        NL
        PRINTLN "-- iret restores FLAGS from the stack"
        SETVEC  0x41, setcf_handler
        clc
        int     0x41
        PFLAGS
        NL
        PRINTLN "-- iretd (66 CF): pops EIP, CS, EFLAGS as dwords"
        mov     dx, sp
        push    dword 0x00000CD7        ; EFLAGS: OF DF SF ZF AF PF CF
        push    dword 0xF000
        push    dword .r5
        iretd
.r5:    pushf
        cld
        pop     ax
        sub     dx, sp
        PRINT   "flags "
        PHEX16  ax
        PRINT   " sp delta "
        PHEX16  dx
        NL
        PRINTLN "-- lidt moves the vector table"
        mov     di, 0x8000
        mov     cx, 0x200
        xor     ax, ax
        rep     stosw
        mov     word [0x8000+0x42*4], moved_handler
        mov     word [0x8000+0x42*4+2], cs
        SETVEC  0x42, rec_handler
        mov     word [v_cnt], 0
        lidt    [cs:idt_moved]
        int     0x42
        lidt    [cs:idt_normal]
        int     0x42
        PRINT   "after: "
        PHEX16  [v_cnt]
        NL
        sidt    [scratch+0x20]
        PRINT   "sidt "
        PHEX16  [scratch+0x20]
        SPACE
        PHEX32  [scratch+0x22]
        NL

        PRINTLN "-- #UD"
        EXPECT_EXC .u1, .u1r
.u1:    ud2
        NO_EXC
.u1r:   EXPECT_EXC .u2, .u2r
.u2:    db      0x0F, 0xB9, 0xC0        ; ud1 eax, eax
        NO_EXC
.u2r:   EXPECT_EXC .u3, .u3r
.u3:    db      0x8D, 0xC3              ; lea ax, bx
        NO_EXC
.u3r:   EXPECT_EXC .u4, .u4r
.u4:    db      0xFE, 0xD0              ; FE /2: undefined
        NO_EXC
.u4r:   EXPECT_EXC .u5, .u5r
.u5:    db      0xF0, 0x01, 0xD8        ; lock add ax, bx (register dest)
        NO_EXC
.u5r:   EXPECT_EXC .u6, .u6r
.u6:    db      0xF0, 0x90              ; lock nop
        NO_EXC
.u6r:   EXPECT_EXC .u7, .u7r
.u7:    db      0x66, 0x0F, 0x0B        ; ud2 with a prefix: IP at the prefix
        NO_EXC
.u7r:   EXPECT_EXC .u8, .u8r
.u8:    db      0xC4, 0xC0              ; les ax, <register>: #UD (not VEX
        NO_EXC                          ; outside 64-bit/protected mode)
.u8r:   EXPECT_EXC .u9, .u9r
.u9:    db      0x0F, 0xFF, 0xC0        ; ud0 eax, eax
        NO_EXC
.u9r:   EXPECT_EXC .u10, .u10r
.u10:   db      0x0F, 0x04              ; undefined two-byte opcode
        NO_EXC
.u10r:  EXPECT_EXC .u11, .u11r
.u11:   db      0x0F, 0x22, 0xC8        ; mov cr1, eax: CR1 is reserved
        NO_EXC
.u11r:
        PRINTLN "-- instruction length limit (15 bytes)"
        mov     bx, scratch
.len15: times 13 db 0x2E                ; 13 CS prefixes + mov ax,[bx]: 15
        mov     ax, [bx]
        PRINTLN "15 bytes ok"
        EXPECT_EXC .len16, .len16r
.len16: times 14 db 0x2E                ; 16 bytes: #GP
        mov     ax, [bx]
        NO_EXC
.len16r:
        PRINTLN "-- vector beyond the IDT limit: #GP"
        lidt    [cs:idt_short]
        EXPECT_EXC .gp1, .gp1r
.gp1:   int     0x20
        NO_EXC
.gp1r:  lidt    [cs:idt_normal]
        PRINTLN "-- #BR"
        mov     word [scratch+0x30], 10
        mov     word [scratch+0x32], 20
        mov     ax, 15
        bound   ax, [scratch+0x30]      ; in range: nothing
        mov     ax, 20
        bound   ax, [scratch+0x30]      ; upper bound is inclusive
        PRINTLN "in range ok"
        mov     ax, 21
        EXPECT_EXC .b1, .b1r
.b1:    bound   ax, [scratch+0x30]
        NO_EXC
.b1r:   mov     ax, 9
        EXPECT_EXC .b2, .b2r
.b2:    bound   ax, [scratch+0x30]
        NO_EXC
.b2r:   mov     dword [scratch+0x30], -5
        mov     dword [scratch+0x34], 5
        mov     eax, -6
        EXPECT_EXC .b3, .b3r
.b3:    bound   eax, [scratch+0x30]     ; signed 32-bit bounds
        NO_EXC
.b3r:   mov     eax, -5
        bound   eax, [scratch+0x30]
        PRINTLN "signed ok"
        PRINTLN "-- #DE"
        xor     cl, cl
        mov     ax, 1
        EXPECT_EXC .d1, .d1r
.d1:    div     cl
        NO_EXC
.d1r:   PRINT   "exceptions taken: "
        PHEX16  [exc_count]
        NL
        PRINT   "saved flags of the last: "
        PHEX16  [exc_flags]
        NL
        EXIT

idt_moved:  dw 0x3FF
            dd 0x8000
idt_short:  dw 0x3B                ; vectors 0-14 only
            dd 0
idt_normal: dw 0x3FF
            dd 0

; records the interrupt frame and the flags inside the handler
rec_handler:
        push    bp
        mov     bp, sp
        push    eax
        pushfd
        pop     eax
        mov     [v_infl], eax
        mov     ax, [bp+2]
        mov     [v_ip], ax
        mov     ax, [bp+4]
        mov     [v_cs], ax
        mov     ax, [bp+6]
        mov     [v_fl], ax
        inc     word [v_cnt]
        pop     eax
        pop     bp
        iret

setcf_handler:
        push    bp
        mov     bp, sp
        or      word [bp+6], FL_CF
        pop     bp
        iret

moved_handler:
        PRINTLN "moved table used"
        iret
        ROM_END
