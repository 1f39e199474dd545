; pmode: a round trip through 32-bit protected mode with an IDT, and the
; protection checks of segment loads and accesses (SDM Vol.3 ch.3, 5, 6):
; - limit violation through a byte-granular data segment: #GP(0);
; - write to a read-only data segment: #GP(0);
; - access through a null selector in DS: #GP(0); null into SS: #GP(0);
; - selector beyond the GDT limit: #GP(selector);
; - execute-only code segment loaded into DS: #GP(selector);
; - segment not present: #NP(selector);
; - INT3, UD2, DIV by 0 through 32-bit interrupt gates, EIP checked;
; - 32-bit CALL/RET/PUSH/POP, then back to real mode via a 16-bit segment.
; QEMU TCG skips the limit checks of data accesses: the first case runs
; without #GP there; the .expected follows the SDM.
%include "lib.inc"
%include "pm32.inc"

main:
        PRINTLN "-- build the IDT, enter protected mode"
        PM_ENTER pm_entry

pm_back:
        PRINT   "back in real mode, cr0.pe="
        mov     eax, cr0
        and     al, 1
        PHEX8   al
        PRINT   ", protected-mode exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pm_entry:
        P32     "in 32-bit protected mode, cr0.pe="
        mov     eax, cr0
        and     eax, 1
        PX32    eax
        P32     10

        P32     "-- 32-bit stack and calls", 10
        mov     edx, esp
        push    dword 0x11223344
        push    word 0x5566
        call    .sub
        sub     edx, esp
        PX32    edx
        P32     " "
        PX32    eax
        P32     10
        add     esp, 6
        jmp     .s1
.sub:   mov     eax, [esp+6]            ; above the return EIP and the word
        ret
.s1:
        P32     "-- limits and access rights", 10
        mov     ax, SEL_SMALL
        mov     fs, ax
        mov     byte [fs:0xFFF], 0x5A   ; last byte: fine
        movzx   eax, byte [0x20FFF]     ; flat view of it
        PX32    eax
        P32     10
        PEXPECT .l1, .l1r
.l1:    mov     byte [fs:0x1000], 0     ; beyond the limit: #GP(0)
        PNOEXC
.l1r:   mov     ax, SEL_RO
        mov     gs, ax
        mov     eax, [gs:0x0500]        ; reading is fine
        PEXPECT .l2, .l2r
.l2:    mov     [gs:0x0600], eax        ; write: #GP(0)
        PNOEXC
.l2r:   xor     eax, eax
        mov     fs, ax                  ; null selector: loading is fine
        PEXPECT .l3, .l3r
.l3:    mov     eax, [fs:0x100]         ; using it: #GP(0)
        PNOEXC
.l3r:   xor     eax, eax
        PEXPECT .l4, .l4r
.l4:    mov     ss, ax                  ; null into SS: #GP(0)
        PNOEXC
.l4r:   mov     ax, 0x80                ; beyond the GDT limit
        PEXPECT .l5, .l5r
.l5:    mov     ds, ax                  ; #GP(0x80)
        PNOEXC
.l5r:   mov     ax, SEL_XO
        PEXPECT .l6, .l6r
.l6:    mov     es, ax                  ; execute-only: #GP(0x38)
        PNOEXC
.l6r:   mov     ax, SEL_NP
        PEXPECT .l7, .l7r
.l7:    mov     es, ax                  ; not present: #NP(0x40)
        PNOEXC
.l7r:   mov     ax, SEL_FLAT
        mov     es, ax
        P32     "-- exceptions through the IDT", 10
        PEXPECT .e1r, .e1r              ; INT3 is a trap: EIP after it
        int3
.e1r:   PEXPECT .e2, .e2r
.e2:    ud2
        PNOEXC
.e2r:   xor     ecx, ecx
        PEXPECT .e3, .e3r
.e3:    div     ecx
        PNOEXC
.e3r:
        P32     "-- back to real mode", 10
        PM_EXIT

        bits    16
        PM32_CODE
        ROM_END
