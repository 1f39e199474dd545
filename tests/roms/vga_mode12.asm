; tests/roms/vga_mode12.asm: mode 12h (640x480, 16 colours, planar)
; programmed register by register: every plane written through the map
; mask, a rectangle in write mode 2 with a bit mask (latches keep the other
; pixels), a band XORed through set/reset with the latches, read mode 1
; colour compare; then the screen's checksum (vga_mode12.fbcrc, computed by
; vga_expect.py). DAC entry i = (i >> 2, i * 3 & 63, 63 - (i >> 2)).
%include "lib.inc"

main:
        mov     si, regs_mode12
        call    vga_set_regs
        call    dac_ramp
        mov     ax, 0xA000
        mov     es, ax
        ; plane p, byte i: (i * 13 + p * 55h) XOR (i >> 7)
        mov     dx, 0x3C4
        xor     bp, bp                  ; plane
.plane: mov     cx, bp
        mov     ah, 1
        shl     ah, cl
        mov     al, 2
        out     dx, ax
        mov     ax, bp
        mov     bl, 0x55
        mul     bl
        mov     bl, al                  ; p * 55h
        xor     di, di
.byte:  mov     ax, di
        mov     cx, 13
        push    dx
        mul     cx
        pop     dx
        add     al, bl
        mov     cx, di
        shr     cx, 7
        xor     al, cl
        mov     [es:di], al
        inc     di
        cmp     di, 38400
        jb      .byte
        inc     bp
        cmp     bp, 4
        jb      .plane
        mov     ax, 0x0F02
        out     dx, ax
        ; write mode 2, bit mask F0h: rows 100-199, bytes 10-19 -> colour 5
        mov     dx, 0x3CE
        mov     ax, 0x0205
        out     dx, ax
        mov     ax, 0xF008
        out     dx, ax
        mov     bx, 100
.r2:    mov     ax, 80
        mul     bl                      ; rows < 256
        add     ax, 10
        mov     di, ax
        mov     cx, 10
.c2:    mov     al, [es:di]             ; latches
        mov     byte [es:di], 5
        inc     di
        loop    .c2
        inc     bx
        cmp     bx, 200
        jb      .r2
        ; write mode 0, set/reset 0Ch on all planes, function XOR, rows 300-309
        mov     ax, 0x0005
        out     dx, ax
        mov     ax, 0xFF08
        out     dx, ax
        mov     ax, 0x0C00
        out     dx, ax
        mov     ax, 0x0F01
        out     dx, ax
        mov     ax, 0x1803
        out     dx, ax
        mov     di, 300 * 80
        mov     cx, 800
.x:     mov     al, [es:di]
        mov     [es:di], al
        inc     di
        loop    .x
        mov     ax, 0x0001
        out     dx, ax
        mov     ax, 0x0003
        out     dx, ax
        ; read mode 1: which pixels of row 150 byte 12 have colour 5
        mov     ax, 0x0502
        out     dx, ax
        mov     ax, 0x0F07
        out     dx, ax
        mov     ax, 0x0805
        out     dx, ax
        PRINT   "colour compare 5 at row 150 byte 12: "
        mov     al, [es:150*80 + 12]
        PHEX8   al
        NL
        mov     ax, 0x0005
        out     dx, ax
        ; read mode 0, map 3 of byte 1
        mov     ax, 0x0304
        out     dx, ax
        PRINT   "plane 3 byte 1: "
        mov     al, [es:1]
        PHEX8   al
        NL
        mov     ax, 0x0004
        out     dx, ax
        EXIT

%include "vga_regs.inc"
        ROM_END
