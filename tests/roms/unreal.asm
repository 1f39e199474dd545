; unreal: enter protected mode with a GDT holding a 4 GiB flat data
; segment, load DS/ES/FS, return to real mode: the descriptor caches keep
; their 4 GiB limit ("unreal mode", SDM Vol.3 9.9.2 and 3.4.3: a real-mode
; segment load changes only the selector and base), so 32-bit offsets above
; 64 KiB reach memory above 1 MiB, even after DS is reloaded in real mode.
; Segments never loaded in protected mode keep the 64 KiB real-mode limit:
; an access beyond it is #GP (or #SS through SS), SDM Vol.3 20.1.3 /
; Vol.2 "Real-Address Mode Exceptions" of MOV.
;
; QEMU TCG does not check segment limits, so it runs the limit checks of
; this ROM without any exception: the .expected follows the SDM there.
%include "lib.inc"

%macro TO_PM_AND_BACK 1         ; data selector loaded into DS, ES, FS
        cli
        lgdt    [cs:gdtr]
        mov     eax, cr0
        or      al, 1
        mov     cr0, eax
        jmp     0x08:%%pm
%%pm:   mov     ax, %1
        mov     ds, ax
        mov     es, ax
        mov     fs, ax
        mov     eax, cr0
        and     al, 0xFE
        mov     cr0, eax
        jmp     0xF000:%%rm
%%rm:   xor     ax, ax
        mov     ds, ax
        mov     es, ax
        mov     fs, ax
%endmacro

main:
        ; A20 on (port 0x92 bit 1) so that 1 MiB and up is not aliased
        in      al, 0x92
        or      al, 2
        and     al, 0xFE                ; bit 0 would reset the machine
        out     0x92, al

        PRINTLN "-- 4 GiB limits in real mode"
        TO_PM_AND_BACK 0x10
        PRINT   "cr0.pe="
        mov     eax, cr0
        and     al, 1
        PHEX8   al
        PRINT   " cs="
        PHEX16  cs
        NL
        mov     esi, 0x00200000         ; 2 MiB
        mov     dword [esi], 0x600DF00D
        mov     dword [esi+4], 0x12345678
        mov     eax, [esi]
        PHEX32  eax
        SPACE
        mov     eax, [es:esi+4]
        PHEX32  eax
        SPACE
        mov     eax, [fs:dword 0x00200000]
        PHEX32  eax
        NL
        ; reloading DS in real mode keeps the limit
        mov     ax, 0
        mov     ds, ax
        mov     eax, [dword 0x00200004]
        PHEX32  eax
        SPACE
        ; a nonzero real-mode base plus a large offset
        mov     ax, 0x1000
        mov     ds, ax
        mov     eax, [dword 0x001F0000] ; 0x10000 + 0x1F0000 = 0x200000
        PHEX32  eax
        xor     ax, ax
        mov     ds, ax
        NL
        ; 32-bit string operations above 1 MiB
        mov     esi, 0x00200000
        mov     edi, 0x00300000
        mov     ecx, 2
        cld
        a32 rep movsd
        mov     eax, [dword 0x00300004]
        PHEX32  eax
        SPACE
        PHEX32  edi
        NL
        ; the same physical memory seen through FFFF:xxxx (A20 on)
        mov     dword [dword 0x00100010], 0xA20A20A2
        push    ds
        mov     ax, 0xFFFF
        mov     ds, ax
        mov     eax, [0x0020]
        pop     ds
        PRINT   "FFFF:0020 = "
        PHEX32  eax
        NL

        PRINTLN "-- the ROM: read-only, also at the top of 4 GiB"
        mov     eax, [cs:rom_marker]
        PHEX32  eax
        SPACE
        mov     esi, 0xFFFF0000 + rom_marker
        mov     eax, [fs:esi]           ; high alias of the same image
        PHEX32  eax
        SPACE
        mov     dword [fs:esi], 0       ; writes to ROM are ignored
        push    ds
        mov     ax, 0xF000
        mov     ds, ax
        mov     dword [rom_marker], 0
        pop     ds
        mov     eax, [cs:rom_marker]
        PHEX32  eax
        SPACE
        mov     eax, [fs:esi]
        PHEX32  eax
        SPACE
        mov     eax, [fs:dword 0xFFFFFFF0]      ; the reset vector: jmp far
        PHEX32  eax
        NL

        PRINTLN "-- segments with the real-mode 64 KiB limit"
        ; GS was not loaded in protected mode: limit 0xFFFF
        mov     ebx, 0x10000
        EXPECT_EXC .g1, .g1r
.g1:    mov     al, [gs:ebx]
        NO_EXC
.g1r:   EXPECT_EXC .g2, .g2r
.g2:    mov     eax, [gs:0xFFFE]        ; dword crossing the limit
        NO_EXC
.g2r:   mov     al, [gs:0xFFFF]         ; last byte: fine
        PRINTLN "gs:ffff byte ok"
        ; SS too: #SS
        mov     ebp, 0x10000
        EXPECT_EXC .s1, .s1r
.s1:    mov     al, [ebp]
        NO_EXC
.s1r:
        PRINTLN "-- back to 64 KiB limits through protected mode"
        TO_PM_AND_BACK 0x18
        mov     al, [0xFFFF]
        PRINTLN "ds:ffff byte ok"
        mov     ebx, 0x10000
        EXPECT_EXC .d1, .d1r
.d1:    mov     al, [ebx]
        NO_EXC
.d1r:   EXPECT_EXC .d2, .d2r
.d2:    mov     dword [es:ebx], 0
        NO_EXC
.d2r:   EXPECT_EXC .d3, .d3r
.d3:    mov     ax, [fs:0xFFFF]
        NO_EXC
.d3r:   PRINT   "exceptions: "
        PHEX16  [exc_count]
        NL
        EXIT

rom_marker: dd  0x524F4D21

        align   8
gdt:    dq      0
        ; 0x08: 16-bit code, base 0xF0000, limit 0xFFFF
        dw      0xFFFF, 0x0000
        db      0x0F, 0x9B, 0x00, 0x00
        ; 0x10: data, base 0, limit 4 GiB (G=1), writable
        dw      0xFFFF, 0x0000
        db      0x00, 0x93, 0x8F, 0x00
        ; 0x18: data, base 0, limit 0xFFFF, writable
        dw      0xFFFF, 0x0000
        db      0x00, 0x93, 0x00, 0x00
gdt_end:
gdtr:   dw      gdt_end - gdt - 1
        dd      0xF0000 + gdt
        ROM_END
