; pm_triple: a triple fault resets the machine (SDM Vol.3 6.15, #DF
; "Interrupt 8": a fault while delivering #DF shuts the processor down;
; the PC turns shutdown into a reset). With an IDT limit of 0 in
; protected mode, INT3 raises #GP (vector outside the IDT), delivering it
; raises #GP again (#DF), delivering #DF faults once more: triple fault.
; A marker in RAM survives the reset; the reset hook sees it and the
; test reports the reset.
%define RESET_HOOK
%include "lib.inc"
%include "pm32.inc"

marker  equ 0x07F0

main:
        cmp     byte [marker + 2], 1
        je      after_reset
        PRINTLN "-- pm_triple: enter protected mode, load an empty IDT"
        mov     word [marker], 0x5454
        PM_ENTER pm_entry
pm_back:
        PRINTLN "no reset"
        EXIT

after_reset:
        mov     byte [marker + 2], 0
        PRINT   "reset after the triple fault, cr0="
        mov     eax, cr0
        PHEX32  eax
        NL
        EXIT

        bits    32
pm_entry:
        lidt    [cs:idtr_empty]
        int3
        PM_EXIT

idtr_empty:
        dw      0
        dd      IDT_BASE

        bits    16
reset_hook:
        xor     ax, ax
        mov     ds, ax
        cmp     word [marker], 0x5454
        jne     .n
        mov     word [marker], 0
        mov     byte [marker + 2], 1
.n:     jmp     0xF000:rom_start

        PM32_CODE
        ROM_END
