; lm_sys: long-mode system architecture. 4-level paging with 4 KiB and
; 2 MiB pages, #PF error codes and CR2 (SDM Vol.3 4.7); canonical-address
; faults: #GP(0) for data and branches, #SS(0) for stack references (Vol.3
; 6.14 / 5.3.1, JMP); interrupts through 64-bit gates on the IST and with
; the 16-byte alignment of the frame (Vol.3 6.14.2-6.14.5); ring 3 entered
; with IRETQ, INT n and a #GP from ring 3 through RSP0 of the 64-bit TSS
; (SS null with RPL 0 in the handler); SYSCALL/SYSRET to 64-bit and to
; compatibility mode, #UD with EFER.SCE=0, #GP for SYSRET at CPL 3 and
; for a non-canonical RCX; SWAPGS; compatibility-mode code calling 64-bit
; code through a 64-bit call gate, at the same level and from ring 3, and
; returning with RETF (REX.W); no task switch in IA-32e mode.
; QEMU (TCG) as evidence agrees on paging, #PF codes and CR2, IST and
; the frames; it departs from the SDM where it reports non-canonical JMP,
; RET and SYSRET targets at the target (AMD behaviour; Intel faults on the
; instruction, at CPL 0 for SYSRET), accepts a non-canonical FS.base, and
; on the cases -DQEMU skips.
%include "lib.inc"
%include "pm32.inc"
%include "lm64.inc"

GATE_SEL  equ 0x68              ; 64-bit call gate, DPL 0 (16 bytes)
GATE3_SEL equ 0x78              ; 64-bit call gate, DPL 3 (16 bytes)

main:
        PRINTLN "-- lm_sys"
        LM_ENTER lm_main
lm_back:
pm_back:
        PRINTLN "back in real mode"
        EXIT

        bits    64
lm_main:
        mov     rax, cr0
        bts     eax, 16                 ; WP
        mov     cr0, rax
        ; ---- 4 KiB and 2 MiB pages ----
        mov     qword [abs LM_PT + 0x1FE * 8], 0x300000 | 3    ; 1FE000 -> 300000
        mov     qword [abs LM_PT + 0x1FF * 8], 0               ; 1FF000 not present
        mov     qword [abs LM_PD + 3 * 8], 0x800000 | 0x83     ; 600000 -> 800000 (2 MiB)
        mov     qword [abs LM_PD + 4 * 8], 0x800000 | 0x81     ; 800000 read-only, supervisor
        mov     rax, cr3
        mov     cr3, rax
        mov     dword [abs 0x1FE010], 0x11112222
        mov     eax, [abs 0x300010]
        L64     "4K alias "
        LX32    eax
        mov     dword [abs 0x600020], 0x33334444
        mov     eax, [abs 0x800020]
        L64     " 2M alias "
        LX32    eax
        L64     " pd3 "
        LX8     byte [abs LM_PD + 3 * 8]        ; A and D set by the walk
        L64     10
        L64     "read not present: "
        LEXPECT .p1, .p1r
.p1:    mov     eax, [abs 0x1FF008]
        LNOEXC
.p1r:   mov     rax, cr2
        L64     "  cr2 "
        LX64    rax
        L64     10, "write read-only 2M (WP=1): "
        LEXPECT .p2, .p2r
.p2:    mov     byte [abs 0x800033], 1
        LNOEXC
.p2r:   mov     rax, cr2
        L64     "  cr2 "
        LX64    rax
        L64     10, "upper half not mapped: "
        mov     rbx, 0xFFFF800000001234
        LEXPECT .p3, .p3r
.p3:    mov     eax, [rbx]
        LNOEXC
.p3r:   mov     rax, cr2
        L64     "  cr2 "
        LX64    rax
        L64     10
        ; ---- canonical addresses ----
        L64     "non-canonical data: "
        mov     rbx, 0x0000800000000000
        LEXPECT .c1, .c1r
.c1:    mov     eax, [rbx]
        LNOEXC
.c1r:
        ; QEMU (TCG) raises #GP for non-canonical SS references and checks
        ; only the first byte of an access: -DQEMU skips these three
%ifndef QEMU
        L64     "non-canonical through RBP (SS): "
        mov     rbp, 0xFFFF7FFFFFFFFFF0
        LEXPECT .c2, .c2r
.c2:    mov     eax, [rbp + 8]
        LNOEXC
.c2r:   L64     "qword crossing into non-canonical: "
        mov     rbx, 0x00007FFFFFFFFFFC
        LEXPECT .c3, .c3r
.c3:    mov     rax, [rbx]
        LNOEXC
.c3r:   ; #SS needs a good stack to be delivered on: IST1
        LGATE   12, lm64_stubs + 12 * lm64_stub_len, 0x8E, 1
        L64     "push with non-canonical RSP: "
        mov     rdx, rsp
        LEXPECT .c4, .c4r
        mov     rsp, 0x0000800000000008
.c4:    push    rax
        LNOEXC
.c4r:   mov     rsp, rdx
%endif
        L64     "jmp to non-canonical: "
        mov     rax, 0x0000800000000000
        LEXPECT .c5, .c5r
.c5:    jmp     rax
        LNOEXC
.c5r:   L64     "ret to non-canonical: "
        mov     rax, 0xFFFF000000000000
        push    rax
        LEXPECT .c6, .c6r
.c6:    ret
        LNOEXC
.c6r:   pop     rax
        L64     "wrmsr FS.base non-canonical: "
        mov     ecx, 0xC0000100
        xor     eax, eax
        mov     edx, 0x00008000
        LEXPECT .c7, .c7r
.c7:    wrmsr
        LNOEXC
.c7r:
        ; ---- IST and frame alignment ----
        LGATE   3, ist_handler, 0x8E, 1         ; INT3 on IST1
        LGATE   4, al_handler, 0x8F, 0          ; vector 4: trap gate, no IST
        mov     rdx, rsp
        L64     "int3 on IST1: "
        int3
        L64     "int 4 with RSP=...8: "
        sub     rsp, 8
        int     4                       ; IF stays 0: no IRQ may come in
        mov     rsp, rdx
        ; ---- task switch refused ----
        L64     "jmp far to a TSS: "
        LEXPECT .t1, .t1r
.t1:    jmp     far [rel tss_ptr]
        LNOEXC
.t1r:
        ; ---- ring 3 via IRETQ ----
        LGATE   0x80, int80_handler, 0xEE, 0    ; DPL 3
        push    qword LSEL_UDATA | 3
        push    qword LM_USTK
        push    qword 0x3002                    ; RFLAGS: IF=0 IOPL=3 (OUT 0E9h)
        push    qword LSEL_UCODE64 | 3
        lea     rax, [rel ring3]
        push    rax
        iretq

ring3:  L64     "ring 3: cs "
        mov     ax, cs
        LX16    ax
        L64     " ss "
        mov     ax, ss
        LX16    ax
        L64     10
        mov     rbx, 0x1234
        int     0x80
int80_ret:
        mov     r8, rsp
        L64     "back in ring 3, rsp "
        LX64    r8
        L64     10, "hlt at CPL 3: "
        LEXPECT .u1, .u1r
.u1:    hlt
        LNOEXC
.u1r:   L64     "  frame cs "
        LX16    word [abs lm_cs]
        L64     " ss "
        LX16    word [abs lm_ss]
        L64     " rsp "
        LX64    [abs lm_rsp]
        L64     10, "int 3 (DPL 0 gate) at CPL 3: "
        LEXPECT .u2, .u2r
.u2:    int     0x03
        LNOEXC
.u2r:   L64     "sysret with SCE=0: "
        LEXPECT .u3, .u3r
.u3:    o64 sysret
        LNOEXC
.u3r:   L64     "syscall with SCE=0: "
        LEXPECT .u4, .u4r
.u4:    syscall
        LNOEXC
.u4r:   L64     "swapgs at CPL 3: "
        LEXPECT .u5, .u5r
.u5:    swapgs
        LNOEXC
.u5r:   ; ask ring 0 (int 0x80 with RBX=1) to set up SYSCALL
        mov     ebx, 1
        int     0x80
        L64     "sysret at CPL 3: "
        LEXPECT .u6, .u6r
.u6:    o64 sysret
        LNOEXC
.u6r:   pushfq
        or      qword [rsp], 0x100 | 0x400      ; TF DF: masked by SFMASK
        and     qword [rsp], ~0x100             ; (no TF: just DF)
        popfq
        mov     r11, 0x5555
        syscall
after_sc:
        cld
        L64     "sysret: cs "
        mov     ax, cs
        LX16    ax
        L64     " ss "
        mov     ax, ss
        LX16    ax
        L64     " rflags "
        pushfq
        pop     rax
        LX32    eax
        L64     10
        ; SYSRET to compatibility mode (kernel does it for RBX=2)
        mov     ebx, 2
        syscall
after_sc2:
        ; not reached: int 0x80 from compatibility mode continues at k_cont
        hlt

        bits    32
compat3:                                ; CS 0x3B base 0: EIP is linear
        mov     ax, cs
        mov     ebx, 3
        int     0x80
compat3_int:
        hlt

        bits    64
; SYSCALL entry (CPL 0, RSP still the user's)
sc_entry:
        mov     r12, rcx
        L64     "syscall: cs "
        mov     ax, cs
        LX16    ax
        L64     " ss "
        mov     ax, ss
        LX16    ax
        L64     " r11 "
        LX32    r11d
        L64     " rcx "
        lea     rax, [rel after_sc]
        cmp     ebx, 2
        jne     .cmp
        lea     rax, [rel after_sc2]
.cmp:   cmp     rax, rcx
        jne     .bad
        L64     "ok"
        jmp     .g
.bad:   LX64    rcx
.g:     pushfq
        pop     rax
        L64     " rflags "
        LX32    eax
        L64     10
        ; SWAPGS
        mov     rax, 0x1122334455667788
        mov     [abs 0x600], rax
        mov     ecx, 0xC0000102
        mov     eax, 0x600
        xor     edx, edx
        wrmsr
        mov     ecx, 0xC0000101
        mov     eax, 0x700
        wrmsr
        swapgs
        mov     rax, [gs:0]
        L64     "swapgs: [gs:0] "
        LX64    rax
        mov     ecx, 0xC0000102
        rdmsr
        L64     " kernel_gs_base "
        LX32    eax
        swapgs
        mov     ecx, 0xC0000101
        rdmsr
        L64     " gs.base "
        LX32    eax
        L64     10
        cmp     ebx, 2
        je      .compat
        L64     "sysret non-canonical rcx: "
        mov     rcx, 0x0000800000000000
        LEXPECT .s1, .s1r
.s1:    o64 sysret
        LNOEXC
.s1r:   mov     rcx, r12
        o64 sysret
.compat:
        mov     ecx, compat3 + ROMB
        mov     r11, 0x3002
        sysret                          ; to compatibility mode, CPL 3

; INT 0x80: RBX=0x1234 print the frame; 1: enable SYSCALL; 3: from
; compatibility mode, continue at k_cont in ring 0
int80_handler:
        cmp     rbx, 1
        je      .sce
        cmp     rbx, 3
        je      .c3
        mov     r8, rsp
        L64     "int 0x80: rsp "
        LX64    r8
        L64     " ss "
        mov     ax, ss
        LX16    ax
        L64     " frame rip "
        lea     rax, [rel int80_ret]
        cmp     [r8], rax
        jne     .bad
        L64     "ok"
.bad:   L64     " cs "
        LX16    word [r8 + 8]
        L64     " "
        LX32    [r8 + 16]
        L64     " "
        LX64    [r8 + 24]
        L64     " "
        LX16    word [r8 + 32]
        L64     10
        iretq
.sce:   mov     ecx, 0xC0000080
        rdmsr
        or      eax, 1
        wrmsr
        mov     ecx, 0xC0000081                 ; STAR
        xor     eax, eax
        mov     edx, (LSEL_UCODE32 << 16) | LSEL_CODE64
        wrmsr
        mov     ecx, 0xC0000082                 ; LSTAR
        lea     rax, [rel sc_entry]
        mov     rdx, rax
        shr     rdx, 32
        wrmsr
        mov     ecx, 0xC0000084                 ; SFMASK: DF
        mov     eax, 0x400
        xor     edx, edx
        wrmsr
        iretq
.c3:    mov     r8, rsp
        L64     "int 0x80 from compatibility mode: cs "
        LX16    word [r8 + 8]
        L64     " ax "
        LX16    ax
        L64     " rip "
        mov     rax, [rsp]
        cmp     rax, ROMB + compat3_int
        jne     .bad3
        L64     "ok"
.bad3:  L64     10
        mov     rsp, LM_STACK
        mov     ax, LSEL_DATA0
        mov     ss, ax
        jmp     k_cont

ist_handler:
        mov     r8, rsp
        L64     "rsp "
        LX64    r8
        L64     " saved rsp ok? "
        cmp     [rsp + 24], rdx
        sete    al
        LX8     al
        L64     10
        iretq

al_handler:
        mov     r8, rsp
        L64     "rsp "
        LX64    r8
        L64     " saved rsp "
        LX64    [r8 + 24]
        L64     10
        iretq

tss_ptr: dq     0
        dw      LSEL_TSS

; ---- compatibility mode and call gates ----
k_cont:
        ; call gate 0x68: DPL 0 -> g64_same; 0x78: DPL 3 -> g64_inner
        lea     rax, [rel g64_same]
        mov     edi, LM_GDT + GATE_SEL
        call    set_gate
        mov     byte [rdi + 5], 0x8C            ; P, DPL 0, type 12
        lea     rax, [rel g64_inner]
        mov     edi, LM_GDT + GATE3_SEL
        call    set_gate
        mov     byte [rdi + 5], 0xEC            ; P, DPL 3, type 12
        push    qword LSEL_CODE32
        push    qword compat0
        o64 retf

set_gate:                               ; rdi = descriptor, rax = offset
        mov     [rdi], ax
        mov     word [rdi + 2], LSEL_CODE64
        mov     word [rdi + 4], 0
        shr     rax, 16
        mov     [rdi + 6], ax
        shr     rax, 16
        mov     [rdi + 8], eax
        mov     dword [rdi + 12], 0
        ret

        bits    32
compat0:                                ; CPL 0, CS 0x08 base F0000
        P32     "compatibility mode, calling through the gate", 10
        mov     esp, 0x27000
        call    GATE_SEL:0
compat_ret1:
        P32     "back in compatibility mode: cs "
        mov     ax, cs
        PX32    eax
        P32     " esp "
        PX32    esp
        P32     10
        ; to ring 3 compatibility mode (CS 0x3B base F0000) with IRETD
        push    dword LSEL_UDATA | 3
        push    dword 0x3F000
        push    dword 0x3002
        push    dword LSEL_UCODE32 | 3
        push    dword compat_r3
        iretd
compat_r3:
        P32     "ring 3 compatibility mode: cs "
        mov     ax, cs
        PX32    eax
        P32     10
        call    GATE3_SEL | 3:0
compat_ret3:
        P32     "back in ring 3: ss "
        mov     ax, ss
        PX32    eax
        P32     " esp "
        PX32    esp
        P32     10
        ; back to ring 0 and out: INT 0x80 with EBX=4 is not handled;
        ; use the DPL 3 gate again with EBX=1 in g64_inner
        mov     ebx, 1
        call    GATE3_SEL | 3:0
        hlt

        bits    64
g64_same:
        mov     r8, rsp
        L64     "64-bit through the gate: cs "
        mov     ax, cs
        LX16    ax
        L64     " frame rip "
        cmp     qword [r8], compat_ret1
        jne     .bad
        L64     "ok"
.bad:   L64     " cs "
        LX64    [r8 + 8]
        L64     " rsp "
        LX64    r8
        L64     10
        o64 retf

g64_inner:
        cmp     ebx, 1
        je      .out
        mov     r8, rsp
        L64     "64-bit from ring 3: cs "
        mov     ax, cs
        LX16    ax
        L64     " ss "
        mov     ax, ss
        LX16    ax
        L64     " rsp "
        LX64    r8
        L64     10, "  frame rip "
        cmp     qword [r8], compat_ret3
        jne     .bad
        L64     "ok"
.bad:   L64     " cs "
        LX16    word [r8 + 8]
        L64     " "
        LX64    [r8 + 16]
        L64     " "
        LX16    word [r8 + 24]
        L64     10
        o64 retf
.out:   L64     "exceptions: "
        LX16    word [abs lm_count]
        L64     10
        LM_EXIT

        PM32_CODE
        LM_CODE
        ROM_END
