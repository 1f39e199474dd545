; tests/roms/vga_mode13.asm: mode 13h (320x200, 256 colours, chain-4)
; programmed register by register, a ramp in the DAC (entry i = (i >> 2,
; i * 3 & 63, 63 - (i >> 2))), pixel (x, y) = (x + 2y) & FFh at A000:y*320+x;
; then the screen's checksum (vga_mode13.fbcrc, computed by vga_expect.py).
%include "lib.inc"

main:
        mov     si, regs_mode13
        call    vga_set_regs
        call    dac_ramp
        mov     ax, 0xA000
        mov     es, ax
        xor     di, di
        xor     dx, dx                  ; y
.row:   xor     cx, cx                  ; x
.px:    mov     ax, dx
        shl     ax, 1
        add     ax, cx
        stosb
        inc     cx
        cmp     cx, 320
        jb      .px
        inc     dx
        cmp     dx, 200
        jb      .row
        PRINT   "pixel (7,3) = "
        mov     al, [es:3*320 + 7]
        PHEX8   al
        ; the DAC read back: entry 200
        mov     dx, 0x3C7
        mov     al, 200
        out     dx, al
        mov     dx, 0x3C9
        PRINT   " DAC 200 = "
        in      al, dx
        PHEX8   al
        in      al, dx
        PHEX8   al
        in      al, dx
        PHEX8   al
        NL
        EXIT

%include "vga_regs.inc"
        ROM_END
