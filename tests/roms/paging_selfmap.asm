; paging_selfmap: page tables in a page that holds code (SDM Vol.3 4.8
; "Accessed and dirty flags", 4.10 "Caching translation information";
; Vol.3 11.6 "Self-modifying code").
; The page table for 0-4 MiB (PT0, at 0x91000) also holds, from offset
; 0xC00 on, code copied from the ROM (its PTE slots 0x300-0x3FF are not
; used: linear 3-4 MiB stays unused). PT0's own PTE (slot 0x91, at
; 0x91244) maps the page being executed. The same page is mapped at V to
; read the PTEs without touching slot 0x91's accessed bit.
; - fetching from the page sets A in slot 0x91 (a write by the page walk
;   into the page being executed), D stays clear;
; - code in the page stores into a PTE of the same page (remaps linear
;   0x200000), INVLPG, reads the new page: D is set in slot 0x91;
; - code in the page patches an immediate of an instruction ahead of it
;   and a RET into a NOP, and runs the patched bytes;
; - code in the page clears A in its own PTE, INVLPG on its own page, and
;   runs on: the next fetch walks again and sets A again.
%include "lib.inc"
%include "pm32.inc"

PD      equ 0x90000
PT0     equ 0x91000
PT1     equ 0x92000
V       equ 0x00400000          ; PT1 slot 0 -> PT0's page
CODE    equ PT0 + 0xC00
SLOT    equ PT0 + 0x91*4        ; PTE of the page itself
VSLOT   equ V + 0x91*4

%macro CALLBLOB 1               ; call the copied routine %1 (SEL_XO, base 0)
        call    SEL_XO:CODE + (%1 - blob)
%endmacro
%macro SHOWPTE 0
        P32     "slot 91 "
        mov     eax, [VSLOT]
        and     eax, 0x60
        PX32    eax
%endmacro

main:
        PRINTLN "-- paging_selfmap"
        PM_ENTER pm_entry

pm_back:
        PRINT   "back in real mode, exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pm_entry:
        PAGING_IDENT 0x003
        mov     dword [PT1+0], PT0 | 0x003
        mov     esi, 0xF0000 + blob
        mov     edi, CODE
        mov     ecx, blob_end - blob
        rep     movsb
        mov     dword [0x200000], 0xAAAAAAAA
        mov     dword [0x250000], 0xBBBBBBBB
        mov     eax, PD
        mov     cr3, eax
        mov     eax, cr0
        or      eax, 0x80000000
        mov     cr0, eax
        jmp     .on
.on:    P32     "paging on: "
        SHOWPTE
        P32     10

        P32     "-- fetch from the page table page", 10
        CALLBLOB b_fetch
        P32     "eax "
        PX32    eax
        P32     " "
        SHOWPTE
        P32     10

        P32     "-- store into a PTE of the page being executed", 10
        mov     eax, [0x200000]
        CALLBLOB b_remap
        P32     "before "
        PX32    edx
        P32     " after "
        PX32    eax
        P32     " pte "
        PX32    [V + 0x200*4]
        P32     " "
        SHOWPTE
        P32     10

        P32     "-- self-modifying code in the page", 10
        CALLBLOB b_smc
        P32     "eax "
        PX32    eax
        P32     " ecx "
        PX32    ecx
        P32     10
        CALLBLOB b_smc
        P32     "again eax "
        PX32    eax
        P32     " ecx "
        PX32    ecx
        P32     10

        P32     "-- clear A in its own PTE, invlpg, run on", 10
        CALLBLOB b_own
        P32     "ebx "
        PX32    ebx
        P32     " "
        SHOWPTE
        P32     10

        mov     eax, cr0
        and     eax, 0x7FFFFFFF
        mov     cr0, eax
        jmp     .off
.off:   P32     "paging off", 10
        PM_EXIT

; ---- copied to CODE, run with CS = SEL_XO (base 0), DS flat ----
blob:
b_fetch:
        mov     eax, 0x12345678
        retf
b_remap:
        mov     edx, [0x200000]                         ; old page
        mov     dword [PT0 + 0x200*4], 0x250000 | 0x003
        invlpg  [0x200000]
        mov     eax, [0x200000]                         ; new page
        retf
b_smc:
        mov     dword [CODE + (.imm - blob) + 1], 0x5EC0DE00
        mov     byte [CODE + (.ret - blob)], 0x90       ; RET -> NOP
        xor     ecx, ecx
.imm:   mov     eax, 0x11111111
        inc     ecx
.ret:   retf
        inc     ecx
        retf
b_own:
        and     dword [SLOT], ~0x60                     ; clear A and D
        invlpg  [CODE]
        mov     ebx, [SLOT]                             ; walks again: sets A
        and     ebx, 0x60
        nop
        retf
blob_end:

        bits    16
        PM32_CODE
        ROM_END
