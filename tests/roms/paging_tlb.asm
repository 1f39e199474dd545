; paging_tlb: what flushes a cached translation (SDM Vol.3 4.10.4
; "Invalidation of TLBs"): a PTE changed in memory keeps its old
; translation until the right flush.
; - a non-global PTE: INVLPG of another page keeps it, MOV CR3 flushes it;
; - a global PTE (CR4.PGE=1): MOV CR3 keeps it, INVLPG flushes it;
; - clearing CR4.PGE flushes global entries;
; - a global 4 MiB page: MOV CR3 keeps it, INVLPG of any address inside
;   the 4 MiB page flushes it;
; - with CR4.PGE=0 the G bit is ignored: MOV CR3 flushes.
; Printed: the value read through the test address after each step
; (A* = the old page, B* = the new one).
; QEMU TCG flushes global entries on MOV CR3 too (it may: the SDM lets a
; processor drop any TLB entry at any time), so it prints B2/B4 after the
; CR3 reloads that keep global pages here; emu keeps them, as Intel CPUs do.
%include "lib.inc"
%include "pm32.inc"

PD      equ 0x90000
PT0     equ 0x91000
PT1     equ 0x92000
V       equ 0x00400000
VBIG    equ 0x00800000          ; PDE 2: 4 MiB page

%macro SHOW 1                   ; SHOW "text": print text and [ebx]
        P32     %1
        mov     eax, [ebx]
        PX32    eax
        P32     10
%endmacro

main:
        PRINTLN "-- paging_tlb"
        PM_ENTER pm_entry

pm_back:
        PRINT   "back in real mode, exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pm_entry:
        PAGING_IDENT 0x003
        mov     dword [PD+8], 0x00000000 | 0x183        ; G PS RW P -> 0
        mov     dword [PT1+0], 0x200000 | 0x003         ; V       -> A1
        mov     dword [PT1+4], 0x202000 | 0x103         ; V+1000  -> A2, global
        mov     dword [PT1+8], 0x204000 | 0x003         ; V+2000  -> A3
        mov     dword [0x200000], 0xA1A1A1A1
        mov     dword [0x201000], 0xB1B1B1B1
        mov     dword [0x202000], 0xA2A2A2A2
        mov     dword [0x203000], 0xB2B2B2B2
        mov     dword [0x204000], 0xA3A3A3A3
        mov     dword [0x205000], 0xB3B3B3B3
        mov     dword [0x300000], 0xA4A4A4A4
        mov     dword [0x700000], 0xB4B4B4B4
        mov     eax, PD
        mov     cr3, eax
        mov     eax, cr4
        or      eax, 0x90                               ; PSE PGE
        mov     cr4, eax
        mov     eax, cr0
        or      eax, 0x80000000
        mov     cr0, eax
        jmp     .on
.on:    P32     "paging on, pse pge", 10

        P32     "-- non-global 4 KiB page", 10
        mov     ebx, V
        SHOW    "read         "
        mov     dword [PT1+0], 0x201000 | 0x003
        SHOW    "pte changed  "
        invlpg  [V+0x1000]
        SHOW    "invlpg other "
        mov     eax, cr3
        mov     cr3, eax
        SHOW    "cr3 reload   "

        P32     "-- global 4 KiB page", 10
        mov     ebx, V+0x1000
        SHOW    "read         "
        mov     dword [PT1+4], 0x203000 | 0x103
        mov     eax, cr3
        mov     cr3, eax
        SHOW    "cr3 reload   "
        invlpg  [V+0x1FFF]
        SHOW    "invlpg       "
        mov     dword [PT1+4], 0x202000 | 0x103
        mov     eax, cr3
        mov     cr3, eax
        SHOW    "back, cr3    "
        mov     eax, cr4
        and     eax, ~0x80
        mov     cr4, eax
        SHOW    "pge cleared  "
        mov     eax, cr4
        or      eax, 0x80
        mov     cr4, eax

        P32     "-- global 4 MiB page", 10
        mov     ebx, VBIG+0x300000
        SHOW    "read         "
        mov     dword [PD+8], 0x00400000 | 0x183
        mov     eax, cr3
        mov     cr3, eax
        SHOW    "cr3 reload   "
        invlpg  [VBIG+0x1000]
        SHOW    "invlpg       "

        P32     "-- G ignored with pge=0", 10
        mov     eax, cr4
        and     eax, ~0x80
        mov     cr4, eax
        mov     dword [PT1+8], 0x204000 | 0x103
        mov     ebx, V+0x2000
        SHOW    "read         "
        mov     dword [PT1+8], 0x205000 | 0x103
        SHOW    "pte changed  "
        mov     eax, cr3
        mov     cr3, eax
        SHOW    "cr3 reload   "

        mov     eax, cr0
        and     eax, 0x7FFFFFFF
        mov     cr0, eax
        jmp     .off
.off:   P32     "paging off", 10
        PM_EXIT

        bits    16
        PM32_CODE
        ROM_END
