; fpu_real: the x87 from real mode: arithmetic with rounding and C1,
; integer and BCD stores, FCOMI, the real-mode FSAVE/FRSTOR image
; (SDM Vol.1 8.1.10, Figure 8-10), #NM from CR0.TS/EM and WAIT with MP
; (SDM Vol.3 2.5 Table 2-2), an unmasked exception signalled as #MF on the
; next waiting instruction with CR0.NE = 1 and as FERR# -> IRQ 13 through
; the 8259 with CR0.NE = 0 (SDM Vol.1 8.6, D.2.1).
;
; QEMU TCG differs (evidence, not law): it leaves C1 clear after rounding
; up, stores no FOP in the FNSAVE image, pops after an unmasked #Z (the SDM
; and Intel CPUs leave the stack alone: checked on the host) and raises no
; IRQ 13. emu asserts FERR# on the waiting instruction and lets it go on as
; with IGNNE#; the IRQ 13 handler writes port F0h.
%include "lib.inc"
%include "dev_irq.inc"

fscr         equ 0x0700
image           equ 0x0800

main:
        PRINTLN "-- FNINIT state"
        fninit
        fnstsw  ax
        PHEX16  ax
        SPACE
        fnstcw  [fscr]
        PHEX16  word [fscr]
        NL

        PRINTLN "-- 1/3: rounded up, PE and C1"
        fld1
        fld     dword [cs:c_three]
        fdivp   st1, st0
        fnstsw  ax
        PHEX16  ax
        SPACE
        fstp    tword [fscr]
        DUMP    0, fscr, 10

        PRINTLN "-- FSQRT, FISTP, FLDPI, FRNDINT"
        fninit
        fild    word [cs:c_1234]
        fsqrt
        fistp   word [fscr]
        PHEX16  word [fscr]
        SPACE
        fldpi
        frndint
        fistp   dword [fscr]
        PHEX32  dword [fscr]
        SPACE
        fldcw   [cs:cw_down]
        fldpi
        fchs
        fistp   word [fscr]          ; -pi rounded down: -4
        PHEX16  word [fscr]
        NL

        PRINTLN "-- FBSTP / FBLD"
        fninit
        fild    dword [cs:c_bcd]
        fbstp   [fscr]
        DUMP    0, fscr, 10
        fbld    [fscr]
        fistp   dword [fscr]
        PHEX32  dword [fscr]
        NL

        PRINTLN "-- FCOMIP 0 < 1"
        fld1
        fldz
        fcomip  st0, st1
        PFLAGS
        NL
        fstp    st0

        PRINTLN "-- FNSAVE real-mode image"
        fninit
        fld1
lab_fldz:
        fldz
        fnsave  [image]
        DUMP    0, image, 6             ; CW, SW (TOP = 6), TW
        CHKW    word [image+6], lab_fldz ; FIP 15:0 (linear F0000 + IP)
        PHEX16  word [image+8]          ; FIP 19:16 << 12 | FOP (D9 EE)
        SPACE
        PHEX16  word [image+10]         ; FDP
        SPACE
        PHEX16  word [image+12]
        NL
        DUMP    0, image+14, 20         ; ST0 = +0, ST1 = 1.0
        fnstsw  ax                      ; FNSAVE re-initialized
        PHEX16  ax
        SPACE
        frstor  [image]
        fxam                            ; ST0 = +0: C3
        fnstsw  ax
        PHEX16  ax
        NL

        PRINTLN "-- #NM: CR0.TS, then WAIT with MP"
        mov     eax, cr0
        or      eax, 0x08               ; TS
        mov     cr0, eax
        EXPECT_EXC nm1, nm1_done
nm1:    fld1
        NO_EXC
nm1_done:
        fwait                           ; TS without MP: no fault
        PRINTLN "wait ok"
        mov     eax, cr0
        or      eax, 0x02               ; MP
        mov     cr0, eax
        EXPECT_EXC nm2, nm2_done
nm2:    fwait
        NO_EXC
nm2_done:
        clts
        mov     eax, cr0
        or      eax, 0x04               ; EM
        mov     cr0, eax
        EXPECT_EXC nm3, nm3_done
nm3:    fninit
        NO_EXC
nm3_done:
        and     eax, ~0x06
        mov     cr0, eax

        PRINTLN "-- #MF with CR0.NE = 1"
        mov     eax, cr0
        or      eax, 0x20               ; NE
        mov     cr0, eax
        fninit
        fldcw   [cs:cw_ze]
        fld1
        fldz
        fdivp   st1, st0                ; ZE unmasked: pending, no fault yet
        fnstsw  ax
        PHEX16  ax
        NL
        EXPECT_EXC mf1, mf1_done
mf1:    fwait
        NO_EXC
mf1_done:
        fnclex
        fwait
        PRINTLN "cleared"

        PRINTLN "-- FERR# to IRQ 13 with CR0.NE = 0"
        mov     eax, cr0
        and     eax, ~0x20
        mov     cr0, eax
        call    irq_setup
        PIC_INIT
        mov     word [irq_hook], irq13_hook
        mov     al, 0xFB                ; master: IR2 (cascade)
        out     0x21, al
        mov     al, 0xDF                ; slave: IRQ 13
        out     0xA1, al
        fninit
        fldcw   [cs:cw_ze]
        fld1
        fldz
        fdivp   st1, st0
        sti
        fwait
        nop
        nop
        cli
        PRINT   "irq log "
        PRINT_LOG
        fnstsw  ax
        PHEX16  ax
        NL
        EXIT

; IRQ 13 handler hook: clear the exception, then release FERR# (port F0h)
irq13_hook:
        fnclex
        out     0xF0, al
        ret

c_three: dd 3.0
c_1234:  dw 1234
c_bcd:   dd 305419896
cw_down: dw 0x077F
cw_ze:   dw 0x037B

        ROM_END
