; pm_priv: segment-load checks and privilege transfers (SDM Vol.3 5.4-5.8,
; 6.12; Vol.2 MOV, CALL, RET, IRET, INT n):
; - segment loads: LDT selector with no LDT #GP(sel), SS with DPL != CPL
;   #GP(sel), SS with RPL != CPL #GP(sel), SS not present #SS(sel), code
;   into SS #GP(sel), LDT entry not present #NP(sel);
; - expand-down data segments (B=0 and B=1): offsets at or below the limit
;   and beyond the upper bound #GP(0);
; - IRET from ring 0 to ring 3 (DS nulled), a call gate from ring 3 with
;   two parameters copied to the ring-0 stack from the TSS, RETF 8 back;
; - INT n from ring 3 through a DPL 3 interrupt gate (frame with SS:ESP),
;   INT n through a DPL 0 gate #GP(vec*8+2), ring-0 data from ring 3
;   #GP(sel), the I/O bitmap #GP(0), CLI at IOPL 0 #GP(0);
; - a conforming code segment runs at the caller's CPL; RETF to ring 3.
; QEMU TCG agrees except for the expand-down limit checks of data
; accesses, which it skips; the .expected follows the SDM.
%include "lib.inc"
%include "pm32.inc"
%include "pm_sys.inc"

next_ring0 equ 0x0530               ; where INT 0x42 continues at ring 0

; CHK value, label: prints "ok" when value == label, else both
%macro CHK 2
        push    eax
        mov     eax, %1
        cmp     eax, %2
        jne     %%bad
        P32     "ok"
        jmp     %%end
%%bad:  PX32    eax
        P32     "!="
        PX32    %2
%%end:  pop     eax
%endmacro

main:
        PRINTLN "-- pm_priv"
        PM_ENTER pm_entry

pm_back:
        PRINT   "back in real mode, protected-mode exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pm_entry:
        PM_SYS_SETUP
        SET_IDT 0x40, SEL_CODE32, int40 - $$, 0xEE
        SET_IDT 0x41, SEL_CODE32, int40 - $$, 0x8E
        SET_IDT 0x42, SEL_CODE32, int42 - $$, 0xEE

        P32     "-- segment loads", 10
        mov     ax, 0x0C
        PEXPECT .a1, .a1r
.a1:    mov     ds, ax                  ; LDT selector, LDTR null: #GP(000C)
        PNOEXC
.a1r:   mov     ax, SEL_DATA1
        PEXPECT .a2, .a2r
.a2:    mov     ss, ax                  ; DPL 1 data into SS at CPL 0: #GP(00B8)
        PNOEXC
.a2r:   mov     ax, SEL_FLAT | 1
        PEXPECT .a3, .a3r
.a3:    mov     ss, ax                  ; RPL 1 != CPL: #GP(0010)
        PNOEXC
.a3r:   mov     ax, SEL_NP
        PEXPECT .a4, .a4r
.a4:    mov     ss, ax                  ; not present: #SS(0040)
        PNOEXC
.a4r:   mov     ax, SEL_CODE32
        PEXPECT .a5, .a5r
.a5:    mov     ss, ax                  ; code: #GP(0008)
        PNOEXC
.a5r:   mov     ax, SEL_LDT
        lldt    ax
        mov     ax, 0x07
        mov     fs, ax                  ; LDT entry 0: fine
        mov     eax, [fs:0x500]
        mov     ax, 0x0F
        PEXPECT .a6, .a6r
.a6:    mov     es, ax                  ; LDT entry 1 not present: #NP(000C)
        PNOEXC
.a6r:   sldt    ax
        P32     "ldtr="
        call    p32_hex16
        P32     10

        P32     "-- expand-down", 10
        mov     ax, SEL_EXPD16
        mov     es, ax
        mov     al, [es:0x1000]         ; limit+1: fine
        mov     al, [es:0xFFFF]         ; upper bound 0xFFFF (B=0): fine
        PEXPECT .e1, .e1r
.e1:    mov     al, [es:0x0FFF]         ; at the limit: #GP(0)
        PNOEXC
.e1r:   PEXPECT .e2, .e2r
.e2:    mov     ax, [es:0xFFFF]         ; ends beyond 0xFFFF: #GP(0)
        PNOEXC
.e2r:   mov     ax, SEL_EXPD32
        mov     es, ax
        mov     byte [es:0x100000], 0x42
        mov     al, [0x100000]
        P32     "byte via B=1 expand-down: "
        PX32    eax
        P32     10
        PEXPECT .e3, .e3r
.e3:    mov     al, [es:0xFFFFF]        ; at the limit: #GP(0)
        PNOEXC
.e3r:   mov     ax, SEL_FLAT
        mov     es, ax

        P32     "-- IRET to ring 3", 10
        mov     dword [next_ring0], from_r3a
        push    dword SEL_DATA3
        push    dword RING3_SP
        pushfd
        push    dword SEL_CODE3
        push    dword ring3
        iretd

from_r3a:
        P32     "-- RETF to ring 3", 10
        mov     dword [next_ring0], from_r3b
        push    dword SEL_DATA3
        push    dword RING3_SP - 0x100
        push    dword SEL_CODE3
        push    dword ring3b
        retf
from_r3b:
        mov     ax, SEL_FLAT
        mov     ds, ax
        mov     es, ax
        PM_EXIT

; ---- ring 3 ----
ring3:
        P32     "ring 3: "
        PCS32
        P32     " ss="
        mov     eax, ss
        call    p32_hex16
        P32     " ds="
        mov     eax, ds
        call    p32_hex16
        P32     " esp="
        PX32    esp
        P32     10
        mov     ax, SEL_DATA3
        mov     ds, ax
        mov     es, ax

        P32     "-- call gate with 2 parameters", 10
        push    dword 0x1111
        push    dword 0x2222
        call    SEL_CGATE:0
.cg_ret:
        P32     "back: "
        PCS32
        P32     " esp="
        PX32    esp
        P32     10

        P32     "-- INT 40 from ring 3", 10
        int     0x40
.int_ret:
        P32     "back: "
        PCS32
        P32     10
        mov     dword [want_int], .int_ret2
        PEXPECT .g1, .g1r
.g1:    int     0x41                    ; DPL 0 gate: #GP(020A)
        PNOEXC
.g1r:   mov     ax, SEL_FLAT
        PEXPECT .g2, .g2r
.g2:    mov     ds, ax                  ; DPL 0 data at CPL 3: #GP(0010)
        PNOEXC
.g2r:   PEXPECT .g3, .g3r
.g3:    in      al, 0x80                ; denied by the I/O bitmap: #GP(0)
        PNOEXC
.g3r:   in      al, 0x81                ; allowed
        PEXPECT .g4, .g4r
.g4:    cli                             ; CPL 3 > IOPL 0: #GP(0)
        PNOEXC
.g4r:   P32     "-- conforming code", 10
        call    SEL_CONF:conf_fn
.int_ret2:
        int     0x42                    ; back to ring 0

ring3b:
        P32     "ring 3 again: "
        PCS32
        P32     " esp="
        PX32    esp
        P32     10
        int     0x42

conf_fn:
        P32     "conforming: "
        PCS32
        P32     10
        retf

; ---- ring 0 targets ----
cg_target:
        mov     ebp, esp
        P32     "ring 0 via gate: "
        PCS32
        P32     " ss="
        mov     eax, ss
        call    p32_hex16
        P32     " esp="
        PX32    ebp
        P32     10, "  frame eip "
        CHK     [ebp], ring3.cg_ret
        P32     " cs="
        PX32    [ebp+4]
        P32     " params "
        PX32    [ebp+8]
        P32     " "
        PX32    [ebp+12]
        P32     " esp="
        PX32    [ebp+16]
        P32     " ss="
        PX32    [ebp+20]
        P32     10
        retf    8

int40:
        mov     ebp, esp
        P32     "INT 40 handler: "
        PCS32
        P32     " esp="
        PX32    ebp
        P32     10, "  eip "
        CHK     [ebp], ring3.int_ret
        P32     " cs="
        PX32    [ebp+4]
        P32     " fl&27200="
        mov     eax, [ebp+8]
        and     eax, 0x27200
        PX32    eax
        P32     " esp="
        PX32    [ebp+12]
        P32     " ss="
        PX32    [ebp+16]
        P32     10
        iretd

int42:
        add     esp, 20
        mov     ax, SEL_FLAT
        mov     ds, ax
        jmp     [next_ring0]

want_int equ 0x0534
cg16_target equ cg_target

        PM_SYS_CODE
        PM32_CODE
        ROM_END
