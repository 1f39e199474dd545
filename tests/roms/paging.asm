; paging: 32-bit paging with 4 KiB pages (SDM Vol.3 ch.4 "Paging"):
; translation through a page directory and table, #PF with CR2 and the
; error code (P, W/R bits) for not-present and read-only pages, CR0.WP for
; supervisor writes, accessed and dirty bits set by the processor,
; INVLPG and CR3 reloads after a PTE change, and a 4 MiB page with
; CR4.PSE (when CPUID reports PSE).
%include "lib.inc"
%include "pm32.inc"

PD      equ 0x90000             ; page directory
PT0     equ 0x91000             ; identity map of 0-4 MiB
PT1     equ 0x92000             ; virtual 4 MiB-8 MiB
V       equ 0x00400000          ; test window

%macro CR2ERR 0
        P32     "  cr2="
        push    eax
        mov     eax, cr2
        PX32    eax
        pop     eax
        P32     10
%endmacro

main:
        PRINTLN "-- paging"
        PM_ENTER pm_entry

pm_back:
        PRINT   "back in real mode, exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pm_entry:
        ; PD: entry 0 -> PT0, entry 1 -> PT1; everything else not present
        PAGING_IDENT 0x003                      ; P RW
        mov     dword [PT1+0], 0x200000 | 0x003 ; V+0000 -> 200000 RW
        mov     dword [PT1+4], 0x201000 | 0x001 ; V+1000 -> 201000 RO
        mov     dword [PT1+8], 0x202000 | 0x002 ; V+2000: not present
        mov     dword [0x200000], 0x11111111
        mov     dword [0x201000], 0x22222222
        mov     dword [0x203000], 0x33333333
        mov     eax, PD
        mov     cr3, eax
        mov     eax, cr0
        or      eax, 0x80000000
        mov     cr0, eax
        jmp     .on
.on:    P32     "paging on", 10

        P32     "-- translation, accessed and dirty bits", 10
        P32     "pte before "
        PX32    [PT1]
        mov     eax, [V]
        P32     " read "
        PX32    eax
        P32     " pte "
        PX32    [PT1]
        P32     " pde "
        mov     eax, [PD+4]
        and     eax, 0x0FFF
        PX32    eax
        mov     dword [V+4], 0x44444444
        P32     " after write pte "
        PX32    [PT1]
        P32     " phys "
        PX32    [0x200004]
        P32     10

        P32     "-- page faults", 10
        PEXPECT .f1, .f1r
.f1:    mov     eax, [V+0x2000]         ; not present, read: err 0
        PNOEXC
.f1r:   CR2ERR
        PEXPECT .f2, .f2r
.f2:    mov     byte [V+0x2ABC], 1      ; not present, write: err 2
        PNOEXC
.f2r:   CR2ERR
        mov     eax, [V+0x1000]         ; read-only page: read fine
        P32     "ro read "
        PX32    eax
        mov     dword [V+0x1004], 0x55  ; WP=0: supervisor write allowed
        P32     " write with wp=0 ok "
        PX32    [0x201004]
        P32     10
        mov     eax, cr0
        or      eax, 0x10000            ; WP
        mov     cr0, eax
        PEXPECT .f3, .f3r
.f3:    mov     dword [V+0x1008], 0x66  ; WP=1: err 3 (present, write)
        PNOEXC
.f3r:   CR2ERR
        mov     eax, cr0
        and     eax, ~0x10000
        mov     cr0, eax
        PEXPECT .f4, .f4r
.f4:    mov     eax, [0x00C00000]       ; PDE not present: err 0
        PNOEXC
.f4r:   CR2ERR

        P32     "-- remapping: invlpg and cr3 reload", 10
        mov     eax, [V]                ; V cached -> 200000
        mov     dword [PT1+0], 0x203000 | 0x003
        invlpg  [V]
        mov     eax, [V]
        P32     "after invlpg "
        PX32    eax
        mov     dword [PT1+0], 0x200000 | 0x003
        mov     eax, cr3
        mov     cr3, eax
        mov     eax, [V]
        P32     " after cr3 reload "
        PX32    eax
        P32     10

        P32     "-- 4 MiB page (PSE)", 10
        mov     eax, 1
        cpuid
        test    edx, 1 << 3
        jz      .nopse
        mov     dword [PD+8], 0x00000000 | 0x083        ; 8 MiB -> 0, PS
        mov     eax, cr4
        or      eax, 0x10
        mov     cr4, eax
        mov     eax, [0x00800000 + 0x200000]
        P32     "8 MiB + 2 MiB -> "
        PX32    eax
        P32     10
        jmp     .pse_done
.nopse: P32     "no PSE in CPUID", 10
.pse_done:
        mov     eax, cr0
        and     eax, 0x7FFFFFFF
        mov     cr0, eax
        jmp     .off
.off:   P32     "paging off", 10
        PM_EXIT

        bits    16
        PM32_CODE
        ROM_END
