; tests/roms/vga_text.asm: mode 03h programmed register by register, a font
; written into plane 2 by the ROM (sequential plane-2 access: sequencer map
; mask 04h, memory mode 07h, GC read map 2, mode 00h, misc 04h), 2000
; character cells at B8000, then the screen's checksum (vga_text.fbcrc,
; computed by vga_expect.py). Glyph line l of character c is
; c XOR (l * 1Dh) for l < 16 (so codes C0h-DFh show the 9th-dot rule).
%include "lib.inc"

main:
        mov     si, regs_mode03
        call    vga_set_regs
        ; plane 2, sequential
        mov     dx, 0x3C4
        mov     ax, 0x0402
        out     dx, ax
        mov     ax, 0x0704
        out     dx, ax
        mov     dx, 0x3CE
        mov     ax, 0x0204
        out     dx, ax
        mov     ax, 0x0005
        out     dx, ax
        mov     ax, 0x0406
        out     dx, ax
        mov     ax, 0xA000
        mov     es, ax
        xor     di, di
        xor     cx, cx                  ; CL = character, CH = line
.glyph: xor     ch, ch
.line:  mov     al, ch
        mov     bl, 0x1D
        mul     bl
        xor     al, cl
        cmp     ch, 16
        jb      .st
        xor     al, al
.st:    stosb
        inc     ch
        cmp     ch, 32
        jb      .line
        inc     cl
        jnz     .glyph
        ; read two font bytes back through read map 2
        PRINT   "plane 2 [41h*32+3] = "
        mov     al, [es:0x41*32 + 3]
        PHEX8   al
        PRINT   " [FFh*32+15] = "
        mov     al, [es:0xFF*32 + 15]
        PHEX8   al
        NL
        ; back to odd/even text access
        mov     dx, 0x3C4
        mov     ax, 0x0302
        out     dx, ax
        mov     ax, 0x0204
        out     dx, ax
        mov     dx, 0x3CE
        mov     ax, 0x0004
        out     dx, ax
        mov     ax, 0x1005
        out     dx, ax
        mov     ax, 0x0E06
        out     dx, ax
        ; cell i: character i & FFh, attribute (i * 7 >> 3) & 7Fh
        mov     ax, 0xB800
        mov     es, ax
        xor     di, di
        xor     bx, bx
.cell:  mov     ax, bx
        mov     cx, 7
        mul     cx
        shr     ax, 3
        and     al, 0x7F
        mov     ah, al
        mov     al, bl
        stosw
        inc     bx
        cmp     bx, 2000
        jb      .cell
        PRINT   "cell 1234: "
        PHEX16  [es:1234*2]
        NL
        EXIT

%include "vga_regs.inc"
        ROM_END
