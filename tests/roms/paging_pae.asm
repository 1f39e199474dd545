; paging_pae: PAE paging (SDM Vol.3 4.4) with EFER.NXE: 4 KiB and 2 MiB
; pages, accessed/dirty bits in 64-bit entries, #PF error codes with I/D
; (only when NXE=1, SDM Vol.3 4.7) for fetches from XD pages and from
; not-present pages, XD as a reserved bit when NXE=0, address bits above
; MAXPHYADDR (36) as reserved bits, and #GP(0) for a MOV to CR3 whose PDPT
; holds a present entry with reserved bits (SDM Vol.3 4.4.1).
; Checked against QEMU (-cpu Nehalem,+nx), which differs where it departs
; from the SDM: it sets A in PAE PDPTEs (bits 8:5 are reserved there),
; reports reserved-bit faults without P (Bochs and the SDM: P=1, the entry
; is present), and does not check PDPTEs on MOV CR3.
%include "lib.inc"
%include "pm32.inc"

PDPT    equ 0x90000
PD0     equ 0x91000             ; 0-1 GiB
PT0     equ 0x92000             ; identity 0-2 MiB
PT1     equ 0x93000             ; 4 MiB-6 MiB
CSB     equ 0xF0000             ; CS base: EIP = linear - CSB

%macro CR2 0
        P32     "  cr2="
        push    eax
        mov     eax, cr2
        PX32    eax
        pop     eax
        P32     10
%endmacro

%macro EFER 1                   ; EFER := %1 (EDX=0)
        mov     ecx, 0xC0000080
        mov     eax, %1
        xor     edx, edx
        wrmsr
%endmacro

main:
        PRINTLN "-- paging_pae"
        PM_ENTER pm_entry
pm_back:
        PRINT   "back in real mode, exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pm_entry:
        mov     edi, PDPT
        mov     ecx, 4*1024
        xor     eax, eax
        cld
        rep     stosd
        mov     dword [PDPT], PD0 | 1
        mov     dword [PD0+0*8], PT0 | 3
        mov     dword [PD0+1*8], 0x400000 | 0x83        ; 2 MiB at 2 MiB -> 4 MiB, XD
        mov     dword [PD0+1*8+4], 0x80000000
        mov     dword [PD0+2*8], PT1 | 3
        mov     edi, PT0
        mov     eax, 3
        mov     ecx, 512
.id:    mov     [edi], eax
        mov     dword [edi+4], 0
        add     edi, 8
        add     eax, 0x1000
        loop    .id
        mov     dword [PT1+0*8], 0x500000 | 3           ; 400000 -> 500000
        mov     dword [PT1+1*8], 0x501000 | 3           ; 401000 -> 501000, XD
        mov     dword [PT1+1*8+4], 0x80000000
        mov     dword [PT1+3*8], 0x503000 | 3           ; 403000: bit 40 set
        mov     dword [PT1+3*8+4], 0x100
        mov     dword [0x500000], 0x11111111
        mov     dword [0x501000], 0x000000C3            ; ret
        mov     dword [0x400010], 0x000000C3            ; ret (2 MiB page)
        mov     dword [0x400020], 0x22222222
        EFER    0x800                                   ; NXE
        mov     eax, cr4
        or      eax, 0x20                               ; PAE
        mov     cr4, eax
        mov     eax, PDPT
        mov     cr3, eax
        mov     eax, cr0
        or      eax, 0x80000000
        mov     cr0, eax
        jmp     .on
.on:    P32     "pae paging on", 10

        P32     "-- accessed and dirty bits", 10
        mov     eax, [0x400000]
        P32     "read "
        PX32    eax
        P32     " pte "
        PX32    [PT1]
        P32     " pde "
        PX32    [PD0+2*8]
        P32     " pdpte "
        PX32    [PDPT]
        P32     10
        mov     dword [0x400004], 1
        P32     "after write pte "
        PX32    [PT1]
        mov     eax, [0x200020]
        P32     " 2m read "
        PX32    eax
        P32     " pde "
        PX32    [PD0+1*8+4]
        PX32    [PD0+1*8]
        P32     10
        mov     eax, [0x401000]
        P32     "xd page readable "
        PX32    eax
        P32     10

        P32     "-- fetch faults (NXE=1)", 10
        mov     dword [pm_want], 0x401000 - CSB         ; XD 4 KiB page: P|I/D
        mov     dword [pm_resume], .r1
        mov     eax, 0x401000 - CSB
        call    eax
        PNOEXC
.r1:    add     esp, 4
        CR2
        mov     dword [pm_want], 0x200010 - CSB         ; XD 2 MiB page
        mov     dword [pm_resume], .r2
        mov     eax, 0x200010 - CSB
        call    eax
        PNOEXC
.r2:    add     esp, 4
        CR2
        mov     dword [pm_want], 0x402000 - CSB         ; not present: I/D only
        mov     dword [pm_resume], .r3
        mov     eax, 0x402000 - CSB
        call    eax
        PNOEXC
.r3:    add     esp, 4
        CR2
        PEXPECT .f4, .r4
.f4:    mov     byte [0x402123], 1                      ; not present write: W
        PNOEXC
.r4:    CR2
        PEXPECT .f5, .r5
.f5:    mov     eax, [0x403000]                         ; bit 40 > MAXPHYADDR: P|RSVD
        PNOEXC
.r5:    CR2

        P32     "-- NXE=0: XD is reserved", 10
        EFER    0
        mov     eax, cr3                                ; drop translations cached
        mov     cr3, eax                                ; under NXE=1 (SDM 4.10.4)
        PEXPECT .f6, .r6
.f6:    mov     eax, [0x401004]                         ; P|RSVD
        PNOEXC
.r6:    CR2
        mov     dword [pm_want], 0x401000 - CSB         ; fetch: P|RSVD, no I/D
        mov     dword [pm_resume], .r7
        mov     eax, 0x401000 - CSB
        call    eax
        PNOEXC
.r7:    add     esp, 4
        CR2
        mov     dword [pm_want], 0x402000 - CSB         ; not present fetch: 0
        mov     dword [pm_resume], .r8
        mov     eax, 0x402000 - CSB
        call    eax
        PNOEXC
.r8:    add     esp, 4
        CR2

        P32     "-- PDPTE reserved bits: #GP(0) on MOV CR3", 10
        mov     dword [PDPT+3*8], 0x94000 | 3           ; R/W is reserved
        mov     eax, PDPT
        PEXPECT .f9, .r9
.f9:    mov     cr3, eax
        PNOEXC
.r9:    mov     dword [PDPT+3*8], 0
        mov     cr3, eax
        mov     eax, [0x400000]
        P32     "cr3 reloaded, read "
        PX32    eax
        P32     10

        mov     eax, cr0
        and     eax, 0x7FFFFFFF
        mov     cr0, eax
        jmp     .off
.off:   mov     eax, cr4
        and     eax, ~0x20
        mov     cr4, eax
        P32     "paging off", 10
        PM_EXIT

        bits    16
        PM32_CODE
        ROM_END
