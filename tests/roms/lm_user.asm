; lm_user: what ring-3 code of a 64-bit OS relies on across its trips
; through ring 0.
; - FS and GS with null selectors keep the bases WRMSR gave them
;   (IA32_FS_BASE/IA32_GS_BASE, SDM Vol.3 3.4.4) across IRETQ to ring 3:
;   the return to an outer level makes data segments of DPL < CPL null
;   (SDM IRET), which leaves the hidden base alone; Linux's threads find
;   their TLS block through FS this way after every interrupt or fault.
; - DS loaded with a DPL-0 selector reads 0 in ring 3 after IRETQ.
; - MOV FS/GS with a null selector in 64-bit mode clears the base (Intel).
%include "lib.inc"
%include "lm64.inc"

TLS_FS equ 0x600                ; what FS.base and GS.base point at
TLS_GS equ 0x700

main:
        PRINTLN "-- lm_user"
        LM_ENTER lm_main
lm_back:
        PRINTLN "back in real mode"
        EXIT

        bits    64
lm_main:
        LGATE   0x80, k80, 0xEE, 0      ; DPL 3
        mov     rax, 0x1111222233334444
        mov     [abs TLS_FS], rax
        mov     rax, 0x5555666677778888
        mov     [abs TLS_GS], rax
        xor     eax, eax
        mov     fs, ax
        mov     gs, ax
        mov     ecx, 0xC0000100         ; IA32_FS_BASE
        mov     eax, TLS_FS
        xor     edx, edx
        wrmsr
        mov     ecx, 0xC0000101         ; IA32_GS_BASE
        mov     eax, TLS_GS
        wrmsr
        mov     rax, [fs:0]
        L64     "ring 0: [fs:0] "
        LX64    rax
        mov     rax, [gs:0]
        L64     " [gs:0] "
        LX64    rax
        L64     10
        ; ring 3 through IRETQ (DS = ES = LSEL_DATA0 from LM_ENTER)
        push    qword LSEL_UDATA | 3
        push    qword LM_USTK
        push    qword 0x3002            ; IOPL 3 for OUT 0E9h
        push    qword LSEL_UCODE64 | 3
        lea     rax, [rel ring3]
        push    rax
        iretq

ring3:  mov     ax, ds
        L64     "ring 3: ds "
        LX16    ax
        mov     ax, fs
        L64     " fs "
        LX16    ax
        mov     ax, gs
        L64     " gs "
        LX16    ax
        mov     rax, [fs:0]
        L64     " [fs:0] "
        LX64    rax
        mov     rax, [gs:0]
        L64     " [gs:0] "
        LX64    rax
        L64     10
        ; an interrupt from ring 3 and IRETQ back, as for a page fault
        mov     ebx, 1
        int     0x80
        mov     rax, [fs:0]
        L64     "after int 0x80: [fs:0] "
        LX64    rax
        mov     rax, [gs:0]
        L64     " [gs:0] "
        LX64    rax
        L64     10
        ; ring 0 loads FS with a null selector
        mov     ebx, 2
        int     0x80
        mov     ebx, 3
        int     0x80
        hlt

; INT 0x80 (ring 0): RBX=1 return; 2 MOV FS/GS null; 3 leave
k80:    cmp     ebx, 1
        je      .ret
        cmp     ebx, 2
        jne     .out
        xor     eax, eax
        mov     fs, ax
        mov     ecx, 0xC0000100
        rdmsr
        L64     "mov fs, 0 in 64-bit mode: fs.base "
        LX32    edx
        LX32    eax
        mov     ax, 3
        mov     gs, ax
        mov     ecx, 0xC0000101
        rdmsr
        L64     " mov gs, 3: gs.base "
        LX32    edx
        LX32    eax
        L64     10
.ret:   iretq
.out:   L64     "exceptions: "
        LX16    word [abs lm_count]
        L64     10
        LM_EXIT

        LM_CODE
        ROM_END
