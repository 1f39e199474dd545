; pm_ssdown: expand-down stack segments and 16-bit call gates (SDM Vol.3
; 5.3 "Limit checking", 6.15 "#SS", 5.8.3 "Call gates", 5.8.5 "Stack
; switching"; Vol.2 CALL, RET).
; - SS = expand-down, B=1, limit 3FFF: SS-relative accesses at the limit,
;   above it and across the 4 GiB upper bound; #SS(0) for the bad ones;
; - at ring 3 (so that the #SS frame goes to the ring-0 stack): PUSH down
;   to the limit of a B=1 expand-down stack, then #SS(0) with ESP kept;
;   a B=0 expand-down stack: PUSH with SP=0 wraps to FFFE and is fine,
;   ESP bits 31:16 kept, POP at SP=FFFF crosses the 64 KiB bound #SS(0);
;   MOV SS of a not-present DPL 3 segment #SS(sel);
; - a 16-bit call gate at the same privilege (16-bit return address on the
;   32-bit stack, O16 RETF), and from ring 3 through a DPL 3 16-bit gate
;   with 2 word parameters: the 16-bit frame on the TSS ring-0 stack
;   (SS, SP, parameters, CS, IP), O16 RETF 4 back to ring 3.
%include "lib.inc"
%include "pm32.inc"
%include "pm_sys.inc"

next_ring0 equ 0x0530
SEL_SSD3  equ 0xD3              ; expand-down B=1 limit 3FFF, DPL 3
SEL_SSW3  equ 0xDB              ; expand-down B=0 limit 0FFF, base 20000, DPL 3
SEL_NP3   equ 0xE3              ; data DPL 3, not present
SEL_CG16U equ 0xEB              ; 16-bit call gate DPL 3, 2 words
EXTRA_END equ 0xF0

; QEMU TCG does not check data segment limits: it takes none of the
; limit #SS faults; the .expected follows the SDM.
main:
        PRINTLN "-- pm_ssdown"
        PM_ENTER pm_entry

pm_back:
        PRINT   "back in real mode, exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
; #SS from ring 3: "SS err eeeeeeee eip ok ss:esp SSSS:EEEEEEEE"
ss_handler:
        push    ds
        push    eax
        mov     ax, SEL_FLAT
        mov     ds, ax
        inc     word [pm_count]
        P32     "SS err "
        mov     eax, [esp+8]
        PX32    eax
        mov     eax, [esp+12]
        cmp     eax, [pm_want]
        jne     .bad
        P32     " eip ok"
        jmp     .r
.bad:   P32     " eip "
        PX32    eax
.r:     P32     " ss:esp "
        mov     eax, [esp+28]
        call    p32_hex16
        P32     ":"
        mov     eax, [esp+24]
        PX32    eax
        P32     10
        mov     eax, [pm_resume]
        mov     [esp+12], eax
        mov     dword [pm_resume], 0
        pop     eax
        pop     ds
        add     esp, 4
        iretd

int42:
        add     esp, 20
        mov     ax, SEL_FLAT
        mov     ds, ax
        jmp     [next_ring0]

pm_entry:
        PM_SYS_SETUP
        ; more descriptors after pm_sys.inc's, and a GDTR covering them
        mov     esi, 0xF0000 + extra_gdt
        mov     edi, GDT_RAM + 0xD0
        mov     ecx, EXTRA_END - 0xD0
        rep     movsb
        lgdt    [cs:extra_gdtr]
        SET_IDT 0x42, SEL_CODE32, int42 - $$, 0xEE

        P32     "-- SS expand-down B=1 limit 3FFF, ring 0", 10
        mov     ax, SEL_SSEXP
        mov     ss, ax
        mov     eax, [ss:0x4000]                        ; limit+1: fine
        mov     eax, [ss:0xFFFFFFFC]                    ; top: fine
        P32     "4000 and FFFFFFFC fine", 10
        PEXPECT .s1, .s1r
.s1:    mov     eax, [ss:0x3FFF]                        ; at the limit: #SS(0)
        PNOEXC
.s1r:   PEXPECT .s2, .s2r
.s2:    mov     eax, [ss:0x3FFE]                        ; ends above the limit, starts at/below: #SS(0)
        PNOEXC
.s2r:   PEXPECT .s3, .s3r
.s3:    mov     eax, [ss:0xFFFFFFFE]                    ; wraps past 4 GiB: #SS(0)
        PNOEXC
.s3r:   mov     ax, SEL_FLAT
        mov     ss, ax

        P32     "-- 16-bit call gate, same privilege", 10
        mov     ebx, esp
        call    SEL_CGATE16:0
.g1:    P32     "back: esp "
        sub     ebx, esp
        PX32    ebx
        P32     10

        P32     "-- ring 3", 10
        SET_IDT 12, SEL_CODE32, ss_handler - $$, 0x8E
        mov     dword [next_ring0], back0
        push    dword SEL_SSD3
        push    dword 0x4800
        pushfd
        push    dword SEL_CODE3
        push    dword ring3
        iretd
back0:
        P32     "ring 0 again", 10
        PM_EXIT

cg16_target:                                            ; via SEL_CGATE16 at CPL 0
        P32     "16-bit gate: "
        PCS32
        P32     " frame ip "
        movzx   eax, word [esp]
        cmp     eax, pm_entry.g1
        jne     .bad
        P32     "ok"
        jmp     .c
.bad:   PX32    eax
.c:     P32     " cs "
        movzx   eax, word [esp+2]
        call    p32_hex16
        P32     10
        o16 retf

cg16u_target:                                           ; via SEL_CG16U from ring 3
        mov     ebp, esp
        P32     "ring 0 via 16-bit gate: "
        PCS32
        P32     " esp "
        PX32    ebp
        P32     10, "  frame ip "
        movzx   eax, word [ebp]
        cmp     eax, ring3.cgret
        jne     .bad
        P32     "ok"
        jmp     .c
.bad:   PX32    eax
.c:     P32     " cs "
        movzx   eax, word [ebp+2]
        call    p32_hex16
        P32     " params "
        movzx   eax, word [ebp+4]
        call    p32_hex16
        P32     " "
        movzx   eax, word [ebp+6]
        call    p32_hex16
        P32     " sp "
        movzx   eax, word [ebp+8]
        call    p32_hex16
        P32     " ss "
        movzx   eax, word [ebp+10]
        call    p32_hex16
        P32     10
        o16 retf 4

ring3:
        mov     ax, SEL_DATA3
        mov     ds, ax
        mov     es, ax
        P32     "ring 3 on expand-down B=1 stack, esp "
        PX32    esp
        P32     10
        mov     esp, 0x4008
        mov     ebx, 0x11111111
        push    ebx
        push    ebx                                     ; esp = 4000
        PEXPECT .p1, .p1r
.p1:    push    ebx                                     ; 3FFC: #SS(0)
        PNOEXC
.p1r:   mov     ebx, esp
        mov     esp, 0x4800
        P32     "esp "
        PX32    ebx
        P32     10

        P32     "-- expand-down B=0 limit 0FFF", 10
        mov     ax, SEL_SSW3
        mov     ss, ax
        mov     esp, 0xABCD0000
        push    word 0x1234                             ; SP wraps to FFFE: fine
        mov     ebx, esp
        mov     esp, 0xABCD8000
        P32     "push at sp 0: esp "
        PX32    ebx
        P32     " mem "
        movzx   eax, word [0x2FFFE]
        call    p32_hex16
        P32     10
        mov     esp, 0x1002
        push    word 1                                  ; 1000: fine
        PEXPECT .p2, .p2r
.p2:    push    word 2                                  ; 0FFE: #SS(0)
        PNOEXC
.p2r:   mov     esp, 0xFFFF
        PEXPECT .p3, .p3r
.p3:    pop     ax                                      ; FFFF-10000: #SS(0)
        PNOEXC
.p3r:   mov     ax, SEL_NP3
        PEXPECT .p4, .p4r
.p4:    mov     ss, ax                                  ; not present: #SS(00E0)
        PNOEXC
.p4r:   mov     ax, SEL_DATA3
        mov     ss, ax
        mov     esp, 0x3F00

        P32     "-- 16-bit call gate from ring 3", 10
        push    word 0x1111
        push    word 0x2222
        call    SEL_CG16U:0
.cgret: P32     "back: "
        PCS32
        P32     " esp "
        PX32    esp
        P32     10
        int     0x42

cg_target:
        retf

        align   8
extra_gdt:
        DESC    0, 0x03FFF, 0xF6, 0x4                   ; 0xD0
        DESC    0x20000, 0x00FFF, 0xF6, 0x0             ; 0xD8
        DESC    0, 0xFFFFF, 0x72, 0xC                   ; 0xE0 not present
        GATE    SEL_CODE32, cg16u_target - $$, 0xE4, 2  ; 0xE8
extra_gdtr:
        dw      EXTRA_END - 1
        dd      GDT_RAM

        PM_SYS_CODE
        PM32_CODE
        ROM_END
