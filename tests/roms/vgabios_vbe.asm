; tests/roms/vgabios_vbe.asm: the VESA BIOS Extension of emu's VGA BIOS
; (VBE 3.0 on the Bochs dispi interface): controller information (4F00h,
; 'VBE2' request), mode information (4F01h), mode 143h (800x600x32) set
; through 4F02h and drawn through the 64 KiB window with bank switching
; (4F05h), scan line length (4F06h), display start (4F07h), DAC width
; (4F08h), palette (4F09h), unsupported functions; then the screen's
; checksum (vgabios_vbe.fbcrc, computed by vga_expect.py: pixel i of the
; memory holds i * 9E3779B1h, the picture starts at line 8).
%include "lib.inc"

INFO    equ 0x0600
MINFO   equ 0x0A00
PAL     equ 0x0C00

main:
        call    0xC000:0x0003
        xor     ax, ax
        mov     es, ax
        mov     dword [INFO], '2EBV'        ; "VBE2"
        mov     ax, 0x4F00
        mov     di, INFO
        int     0x10
        PRINT   "4F00 AX="
        PHEX16  ax
        PRINT   " sig "
        DUMP    0, INFO, 4
        PRINT   "version "
        PHEX16  [INFO + 4]
        PRINT   " caps "
        PHEX32  [INFO + 10]
        PRINT   " memory "
        PHEX16  [INFO + 18]
        PRINT   " oem rev "
        PHEX16  [INFO + 20]
        NL
        PRINT   "oem "
        lds     si, [INFO + 6]
        call    pstr
        PRINT   " / vendor "
        lds     si, [INFO + 22]
        call    pstr
        PRINT   " / product "
        lds     si, [INFO + 26]
        call    pstr
        PRINT   " / rev "
        lds     si, [INFO + 30]
        call    pstr
        NL
        ; the mode list: count and the modes the test relies on
        lds     si, [INFO + 14]
        xor     cx, cx
        xor     bx, bx
.ml:    lodsw
        cmp     ax, 0xFFFF
        je      .mle
        inc     cx
        cmp     ax, 0x143
        jne     .m1
        or      bl, 1
.m1:    cmp     ax, 0x192
        jne     .m2
        or      bl, 2
.m2:    cmp     ax, 0x101
        jne     .ml
        or      bl, 4
        jmp     .ml
.mle:   xor     ax, ax
        mov     ds, ax
        PRINT   "modes "
        PHEX16  cx
        PRINT   " has 101h/143h/192h: "
        PHEX8   bl
        NL
        ; mode information of 143h
        mov     ax, 0x4F01
        mov     cx, 0x4143
        mov     di, MINFO
        int     0x10
        PRINT   "4F01 AX="
        PHEX16  ax
        PRINT   " attr "
        PHEX16  [MINFO]
        PRINT   " winA "
        PHEX8   [MINFO + 2]
        PRINT   " gran "
        PHEX16  [MINFO + 4]
        PRINT   " size "
        PHEX16  [MINFO + 6]
        PRINT   " seg "
        PHEX16  [MINFO + 8]
        NL
        PRINT   "pitch "
        PHEX16  [MINFO + 0x10]
        PRINT   " "
        PHEX16  [MINFO + 0x12]
        PRINT   "x"
        PHEX16  [MINFO + 0x14]
        PRINT   "x"
        PHEX8   [MINFO + 0x19]
        PRINT   " model "
        PHEX8   [MINFO + 0x1B]
        PRINT   " pages "
        PHEX8   [MINFO + 0x1D]
        PRINT   " lfb "
        PHEX32  [MINFO + 0x28]
        PRINT   " linpitch "
        PHEX16  [MINFO + 0x32]
        NL
        PRINT   "masks "
        DUMP    0, MINFO + 0x1F, 8
        mov     ax, 0x4F01
        mov     cx, 0x0123
        int     0x10
        PRINT   "4F01 unknown mode AX="
        PHEX16  ax
        NL
        ; set 143h (banked) and draw
        mov     ax, 0x4F02
        mov     bx, 0x0143
        int     0x10
        PRINT   "4F02 AX="
        PHEX16  ax
        mov     ax, 0x4F03
        int     0x10
        PRINT   " 4F03 BX="
        PHEX16  bx
        NL
        mov     ax, 0x4F06
        mov     bl, 1
        int     0x10
        PRINT   "4F06 BX="
        PHEX16  bx
        PRINT   " CX="
        PHEX16  cx
        PRINT   " DX="
        PHEX16  dx
        NL
        mov     ax, 0xA000
        mov     es, ax
        xor     eax, eax
        xor     dx, dx
.bank:  push    eax
        mov     ax, 0x4F05
        xor     bx, bx
        int     0x10
        pop     eax
        xor     di, di
        mov     cx, 16384
.px:    mov     [es:di], eax
        add     eax, 0x9E3779B1
        add     di, 4
        loop    .px
        inc     dx
        cmp     dx, 30
        jb      .bank
        mov     ax, 0x4F05
        mov     bh, 1
        int     0x10
        PRINT   "4F05 get DX="
        PHEX16  dx
        NL
        mov     ax, 0x4F07
        xor     bx, bx
        xor     cx, cx
        mov     dx, 8
        int     0x10
        mov     ax, 0x4F07
        mov     bx, 1
        int     0x10
        PRINT   "4F07 AX="
        PHEX16  ax
        PRINT   " CX="
        PHEX16  cx
        PRINT   " DX="
        PHEX16  dx
        NL
        mov     ax, 0x4F08
        mov     bx, 0x0800
        int     0x10
        PRINT   "4F08 set 8: AX="
        PHEX16  ax
        PRINT   " BH="
        PHEX8   bh
        mov     ax, 0x4F08
        mov     bx, 0x0600
        int     0x10
        mov     ax, 0x4F08
        mov     bx, 0x0001
        int     0x10
        PRINT   " back to BH="
        PHEX8   bh
        NL
        xor     ax, ax
        mov     es, ax
        mov     dword [PAL], 0x00030201     ; blue 1, green 2, red 3
        mov     ax, 0x4F09
        xor     bl, bl
        mov     cx, 1
        mov     dx, 5
        mov     di, PAL
        int     0x10
        mov     dword [PAL], 0xFFFFFFFF
        mov     ax, 0x4F09
        mov     bl, 1
        mov     cx, 1
        mov     dx, 5
        mov     di, PAL
        int     0x10
        PRINT   "4F09 AX="
        PHEX16  ax
        PRINT   " entry 5: "
        DUMP    0, PAL, 4
        mov     ax, 0x4F0A
        xor     bx, bx
        int     0x10
        PRINT   "4F0A AX="
        PHEX16  ax
        mov     ax, 0x4F0B
        int     0x10
        PRINT   " 4F0B AX="
        PHEX16  ax
        NL
        EXIT

; prints the zero-terminated string at DS:SI, then DS = 0
pstr:   push    ax
.l:     lodsb
        test    al, al
        jz      .e
        out     0xE9, al
        jmp     .l
.e:     xor     ax, ax
        mov     ds, ax
        pop     ax
        ret

        ROM_END
