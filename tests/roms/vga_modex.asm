; tests/roms/vga_modex.asm: "mode X" (320x240, 256 colours, unchained:
; pixel x in plane x & 3 at byte y*80 + x/4), programmed register by
; register; pixel (x, y) = (x XOR y) & FFh, DAC ramp as vga_mode13; then
; the screen's checksum (vga_modex.fbcrc, computed by vga_expect.py).
%include "lib.inc"

main:
        mov     si, regs_modex
        call    vga_set_regs
        call    dac_ramp
        mov     ax, 0xA000
        mov     es, ax
        xor     bp, bp                  ; plane
.plane: mov     cx, bp
        mov     ah, 1
        shl     ah, cl
        mov     al, 2
        mov     dx, 0x3C4
        out     dx, ax
        xor     di, di
        xor     dx, dx                  ; y
.row:   xor     bx, bx                  ; x / 4
.px:    mov     ax, bx
        shl     ax, 2
        add     ax, bp
        xor     ax, dx
        stosb
        inc     bx
        cmp     bx, 80
        jb      .px
        inc     dx
        cmp     dx, 240
        jb      .row
        inc     bp
        cmp     bp, 4
        jb      .plane
        ; read map 2 of byte 80*10+3: pixel (14, 10) = 14 XOR 10 = 4
        mov     dx, 0x3CE
        mov     ax, 0x0204
        out     dx, ax
        PRINT   "pixel (14,10) = "
        mov     al, [es:80*10 + 3]
        PHEX8   al
        NL
        EXIT

%include "vga_regs.inc"
        ROM_END
