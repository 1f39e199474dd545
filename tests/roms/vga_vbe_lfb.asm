; tests/roms/vga_vbe_lfb.asm: the Bochs VBE dispi interface programmed
; directly: 800x600x32 with the linear framebuffer at E0000000h (the VGA's
; default LFB base), a virtual width of 1024 pixels and the display start
; at (16, 4); the ROM writes dword i of video memory = i * 01000193h through
; the LFB from unreal mode; then the screen's checksum (vga_vbe_lfb.fbcrc,
; computed by vga_expect.py).
%include "lib.inc"

%macro DISPI 2
        mov     dx, 0x1CE
        mov     ax, %1
        out     dx, ax
        inc     dx
        mov     ax, %2
        out     dx, ax
%endmacro
%macro DISPI_RD 1
        mov     dx, 0x1CE
        mov     ax, %1
        out     dx, ax
        inc     dx
        in      ax, dx
%endmacro

main:
        DISPI_RD 0
        PRINT   "id "
        PHEX16  ax
        DISPI_RD 10
        PRINT   " memory 64k "
        PHEX16  ax
        NL
        DISPI   4, 0
        DISPI   1, 800
        DISPI   2, 600
        DISPI   3, 32
        DISPI   4, 0x41                 ; enabled, LFB
        DISPI   6, 1024                 ; virtual width
        DISPI   8, 16
        DISPI   9, 4
        DISPI_RD 7
        PRINT   "virtual height "
        PHEX16  ax
        DISPI_RD 1
        PRINT   " xres "
        PHEX16  ax
        NL
        ; unreal mode: FS with a 4 GiB limit
        UNREAL_FS
        mov     edi, 0xE0000000
        xor     eax, eax
        mov     ecx, 1024 * 610
.w:     mov     [fs:edi], eax
        add     eax, 0x01000193
        add     edi, 4
        dec     ecx
        jnz     .w
        PRINT   "dword 1000 = "
        mov     eax, [fs:dword 0xE0000000 + 4000]
        PHEX32  eax
        NL
        EXIT

        ROM_END
