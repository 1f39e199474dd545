; pm_task: hardware task switching (SDM Vol.3 ch.7):
; - JMP to a 32-bit TSS and back: busy bits (JMP clears the old one),
;   NT stays 0, no back link;
; - CALL through a task gate: back link = caller's TR, NT=1, the new
;   task's LDT loaded; IRET returns to the caller, clears the callee's
;   busy bit and restores the caller's LDTR;
; - INT n through a task gate in the IDT;
; - CALL to a 16-bit TSS and IRET from the 16-bit task;
; - the T flag of a TSS: #DB on entry with DR6.BT;
; - JMP to a TSS with a limit below 67H: #TS(sel); JMP to the busy
;   current TSS: #GP(sel).
; QEMU TCG agrees except for the T flag, which it does not implement.
%include "lib.inc"
%include "pm32.inc"
%include "pm_sys.inc"

%macro PBYTE 1
        push    eax
        movzx   eax, byte %1
        call    p32_hex8
        pop     eax
%endmacro
; descriptor type byte of a GDT entry
%macro PBUSY 1
        PBYTE   [GDT_RAM + (%1) + 5]
%endmacro

main:
        PRINTLN "-- pm_task"
        PM_ENTER pm_entry
pm_back:
        PRINT   "back in real mode, protected-mode exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
; fill a 32-bit TSS at EDI: EIP=EAX, ESP=EDX, flat segments, LDT=BX
tss_init:
        push    ecx
        push    edi
        push    eax
        xor     eax, eax
        mov     ecx, 0x68 / 4
        rep     stosd
        pop     eax
        pop     edi
        mov     [edi + 0x20], eax
        mov     dword [edi + 0x24], 2
        mov     [edi + 0x38], edx
        mov     dword [edi + 0x48], SEL_FLAT
        mov     dword [edi + 0x4C], SEL_CODE32
        mov     dword [edi + 0x50], SEL_FLAT
        mov     dword [edi + 0x54], SEL_FLAT
        mov     dword [edi + 0x58], SEL_FLAT
        mov     dword [edi + 0x5C], SEL_FLAT
        mov     [edi + 0x60], bx
        mov     word [edi + 0x66], 0x68
        pop     ecx
        ret

pm_entry:
        PM_SYS_SETUP
        mov     edi, TSS_B
        mov     eax, task_b
        mov     edx, 0x3000
        xor     ebx, ebx
        call    tss_init
        mov     edi, TSS_C
        mov     eax, task_c
        mov     edx, 0x2C00
        mov     bx, SEL_LDT
        call    tss_init
        ; 16-bit TSS
        mov     edi, TSS_16
        xor     eax, eax
        mov     ecx, 0x2C / 4
        rep     stosd
        mov     word [TSS_16 + 0x0E], task16
        mov     word [TSS_16 + 0x10], 2
        mov     word [TSS_16 + 0x1A], 0x2800
        mov     word [TSS_16 + 0x22], SEL_DATA16
        mov     word [TSS_16 + 0x24], SEL_CODE16
        mov     word [TSS_16 + 0x26], SEL_DATA16
        mov     word [TSS_16 + 0x28], SEL_DATA16
        SET_IDT 0x43, SEL_TSSC, 0, 0xE5

        P32     "-- JMP to TSS B", 10
        mov     eax, 0x12345678
        jmp     SEL_TSSB:0
back_a1:
        P32     "A again: eax="
        PX32    eax
        P32     " busy A="
        PBUSY   SEL_TSSA
        P32     " B="
        PBUSY   SEL_TSSB
        P32     10

        P32     "-- CALL through a task gate", 10
        call    SEL_TGATE:0
        P32     "A after IRET: tr="
        str     ax
        call    p32_hex16
        P32     " ldtr="
        sldt    ax
        call    p32_hex16
        P32     " nt="
        pushfd
        pop     eax
        shr     eax, 14
        and     eax, 1
        PX32    eax
        P32     " busy A="
        PBUSY   SEL_TSSA
        P32     " C="
        PBUSY   SEL_TSSC
        P32     10

        P32     "-- INT 43 through a task gate", 10
        int     0x43
        P32     "A after IRET, busy C="
        PBUSY   SEL_TSSC
        P32     10

        P32     "-- CALL to a 16-bit TSS", 10
        call    SEL_TSS16:0
        P32     "A after IRET, busy 16="
        PBUSY   SEL_TSS16
        P32     " saved ip ok="
        movzx   eax, word [TSS_16 + 0x0E]
        cmp     eax, task16.after
        sete    al
        PBYTE   al
        P32     10

        P32     "-- T flag", 10
        mov     edi, TSS_B
        mov     eax, task_b2
        mov     edx, 0x3000
        xor     ebx, ebx
        call    tss_init
        mov     word [TSS_B + 0x64], 1
        PEXPECT task_b2, task_b2
        jmp     SEL_TSSB:0
back_a2:
        P32     "-- errors", 10
        PEXPECT .x1, .x1r
.x1:    jmp     SEL_BADTSS:0            ; limit 0x20: #TS(00A0)
        PNOEXC
.x1r:   PEXPECT .x2, .x2r
.x2:    jmp     SEL_TSSA:0              ; busy: #GP(0048)
        PNOEXC
.x2r:   PM_EXIT

task_b:
        P32     "task B: eax="
        PX32    eax
        P32     " tr="
        str     ax
        call    p32_hex16
        P32     " nt="
        pushfd
        pop     eax
        shr     eax, 14
        and     eax, 1
        PX32    eax
        P32     " link="
        movzx   eax, word [TSS_B]
        call    p32_hex16
        P32     " busy A="
        PBUSY   SEL_TSSA
        P32     " B="
        PBUSY   SEL_TSSB
        P32     10
        mov     eax, 0x9999
        jmp     SEL_TSSA:0

task_b2:
        P32     "task B entered, dr6&E00F="
        mov     eax, dr6
        and     eax, 0xE00F
        PX32    eax
        P32     10
        jmp     SEL_TSSA:0
        ; not reached: A continues at back_a2 through its saved EIP

task_c:
        P32     "task C: tr="
        str     ax
        call    p32_hex16
        P32     " link="
        movzx   eax, word [TSS_C]
        call    p32_hex16
        P32     " ldtr="
        sldt    ax
        call    p32_hex16
        P32     " nt="
        pushfd
        pop     eax
        shr     eax, 14
        and     eax, 1
        PX32    eax
        P32     " busy C="
        PBUSY   SEL_TSSC
        P32     10
        iretd
        jmp     task_c

        bits    16
task16:
        mov     si, .msg
.l:     cs lodsb
        test    al, al
        jz      .d
        out     0xE9, al
        jmp     .l
.d:     cmp     word [TSS_16], SEL_TSSA
        mov     al, 'y'
        je      .o
        mov     al, 'n'
.o:     out     0xE9, al
        mov     al, 10
        out     0xE9, al
        iret
.after: jmp     task16
.msg:   db      "16-bit task, link is A: ", 0
        bits    32

cg_target:
cg16_target:
        retf

        PM_SYS_CODE
        PM32_CODE
        ROM_END
