; paging_user: #PF from ring 3 with 32-bit paging (SDM Vol.3 4.6 "Access
; rights", 4.7 "Page-fault exceptions"). A #PF handler prints the error
; code, CR2 (ring 3 cannot read it) and the saved CS:EIP of:
; - user read and write of a supervisor page (U/S in the PTE, and in the
;   PDE only), err 5 / 7;
; - user write to a read-only user page with CR0.WP=0 and =1 (both err 7),
;   and the same write from ring 0 (allowed with WP=0, err 3 with WP=1);
; - not-present page at ring 3 (err 4 / 6) and a jump to a supervisor page
;   (err 5 with CR2 = saved EIP: no I/D bit without NX);
; - a reserved bit (bit 21 of a 4 MiB PDE) at ring 3 (err D / F);
; - the accessed and dirty bits of the user pages that were accessed.
; QEMU 8 TCG agrees except for the reserved-bit faults, where it reports
; err C / E (P clear); the SDM sets P for every fault that is not a
; not-present entry, so the .expected has D / F.
%include "lib.inc"
%include "pm32.inc"
%include "pm_sys.inc"

PD      equ 0x90000
PT0     equ 0x91000             ; identity map 0-4 MiB, user, writable
PT1     equ 0x92000             ; V..V+4 MiB
V       equ 0x00400000
VSUPPDE equ 0x00C00000          ; PDE 3 -> PT1 with U/S=0
VRSVD   equ 0x00800000          ; PDE 2: 4 MiB page with bit 21 set
next_ring0 equ 0x0530

main:
        PRINTLN "-- paging_user"
        PM_ENTER pm_entry

pm_back:
        PRINT   "back in real mode, exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
; the #PF handler: "PF err eeeeeeee cr2 cccccccc cs ssss eip ok"
pf_handler:
        push    ds
        push    eax
        mov     ax, SEL_FLAT
        mov     ds, ax
        inc     word [pm_count]
        P32     "PF err "
        mov     eax, [esp+8]
        PX32    eax
        P32     " cr2 "
        mov     eax, cr2
        PX32    eax
        P32     " cs "
        mov     eax, [esp+16]
        call    p32_hex16
        cmp     dword [pm_resume], 0
        je      .unexp
        mov     eax, [esp+12]
        cmp     eax, [pm_want]
        jne     .bad
        P32     " eip ok", 10
        jmp     .res
.bad:   P32     " eip "
        PX32    eax
        P32     " want "
        PX32    [pm_want]
        P32     10
.res:   mov     eax, [pm_resume]
        mov     [esp+12], eax
        mov     dword [pm_resume], 0
        pop     eax
        pop     ds
        add     esp, 4
        iretd
.unexp: P32     " unexpected at "
        PX32    [esp+12]
        P32     10
        mov     al, 1
        out     0xF4, al
.h:     hlt
        jmp     .h

; INT 43 from ring 3: toggle CR0.WP
int43:
        push    eax
        mov     eax, cr0
        xor     eax, 0x10000
        mov     cr0, eax
        pop     eax
        iretd

int42:
        add     esp, 20
        mov     ax, SEL_FLAT
        mov     ds, ax
        jmp     [next_ring0]

pm_entry:
        PM_SYS_SETUP
        SET_IDT 14, SEL_CODE32, pf_handler - $$, 0x8E
        SET_IDT 0x42, SEL_CODE32, int42 - $$, 0xEE
        SET_IDT 0x43, SEL_CODE32, int43 - $$, 0xEE
        PAGING_IDENT 0x007
        mov     dword [PD+8], 0x00200000 | 0x087        ; PS U RW P + bit 21
        mov     dword [PD+12], PT1 | 0x003              ; supervisor PDE
        mov     dword [PT1+0x0], 0x200000 | 0x003       ; supervisor RW
        mov     dword [PT1+0x4], 0x201000 | 0x005       ; user RO
        mov     dword [PT1+0x8], 0x202000 | 0x006       ; not present
        mov     dword [PT1+0xC], 0x203000 | 0x007       ; user RW
        mov     dword [0x200000], 0x11111111
        mov     dword [0x201000], 0x22222222
        mov     dword [0x203000], 0x33333333
        mov     byte [0x200000 + 0x800], 0xC3           ; RET in the supervisor page
        mov     eax, PD
        mov     cr3, eax
        mov     eax, cr4
        or      eax, 0x10                               ; PSE
        mov     cr4, eax
        mov     eax, cr0
        or      eax, 0x80000000
        mov     cr0, eax
        jmp     .on
.on:    P32     "paging on", 10

        P32     "-- ring 0, user read-only page", 10
        mov     dword [V+0x1004], 0x55                  ; WP=0: allowed
        P32     "wp=0 write ok "
        PX32    [0x201004]
        P32     10
        mov     eax, cr0
        or      eax, 0x10000
        mov     cr0, eax
        PEXPECT .k1, .k1r
.k1:    mov     dword [V+0x1008], 0x66                  ; WP=1: err 3
        PNOEXC
.k1r:   mov     eax, cr0
        and     eax, ~0x10000
        mov     cr0, eax

        P32     "-- ring 3", 10
        mov     dword [next_ring0], back0
        push    dword SEL_DATA3
        push    dword RING3_SP
        pushfd
        push    dword SEL_CODE3
        push    dword ring3
        iretd

back0:
        P32     "ring 0: pte ro "
        PX32    [PT1+0x4]
        P32     " pte rw "
        PX32    [PT1+0xC]
        P32     " pte sup "
        PX32    [PT1+0x0]
        P32     10
        mov     eax, cr0
        and     eax, 0x7FFFFFFF
        mov     cr0, eax
        jmp     .off
.off:   P32     "paging off", 10
        PM_EXIT

ring3:
        mov     ax, SEL_DATA3
        mov     ds, ax
        mov     es, ax
        P32     "user read of supervisor page", 10
        PEXPECT .u1, .u1r
.u1:    mov     eax, [V+0x10]                           ; err 5
        PNOEXC
.u1r:   P32     "user write of supervisor page", 10
        PEXPECT .u2, .u2r
.u2:    mov     dword [V+0x14], 1                       ; err 7
        PNOEXC
.u2r:   P32     "user read through a supervisor PDE", 10
        PEXPECT .u3, .u3r
.u3:    mov     eax, [VSUPPDE+0x3020]                   ; err 5
        PNOEXC
.u3r:   mov     eax, [V+0x1000]
        P32     "user read of read-only page "
        PX32    eax
        P32     10
        P32     "user write of read-only page, wp=0", 10
        PEXPECT .u4, .u4r
.u4:    mov     dword [V+0x100C], 2                     ; err 7
        PNOEXC
.u4r:   int     0x43                                    ; WP=1
        P32     "user write of read-only page, wp=1", 10
        PEXPECT .u5, .u5r
.u5:    mov     word [V+0x1FFE], 3                      ; err 7
        PNOEXC
.u5r:   int     0x43                                    ; WP=0
        mov     dword [V+0x3000], 0x77
        P32     "user write of user page "
        PX32    [V+0x3000]
        P32     10
        P32     "not present", 10
        PEXPECT .u6, .u6r
.u6:    mov     eax, [V+0x2FFC]                         ; err 4
        PNOEXC
.u6r:   PEXPECT .u7, .u7r
.u7:    mov     dword [V+0x2FFE], 4                     ; crosses into V+3000: err 6, cr2 V+2FFE
        PNOEXC
.u7r:   P32     "jump to a supervisor page", 10
        PEXPECT V+0x800-0xF0000, .u8r
        call    V+0x800-0xF0000                         ; fetch: err 5
        PNOEXC
.u8r:   P32     "reserved bit", 10
        PEXPECT .u9, .u9r
.u9:    mov     eax, [VRSVD+0x1234]                     ; err D
        PNOEXC
.u9r:   PEXPECT .u10, .u10r
.u10:   mov     byte [VRSVD+0x5678], 0                  ; err F
        PNOEXC
.u10r:  int     0x42

cg_target:
cg16_target:
        retf

        PM_SYS_CODE
        PM32_CODE
        ROM_END
