; tests/roms/vgabios_lines.asm: AX=1200h BL=30h (scan lines for the next
; text mode set) in emu's VGA BIOS: mode 03h with 200 lines (8x8 cells,
; double scanned) and with 350 lines (8x14 cells), mode 07h ignores it;
; the final 350-line screen's checksum is vgabios_lines.fbcrc (computed by
; vga_expect.py from the 8x14 font with 8-dot cells).
%include "lib.inc"

%macro CRTC_RD 1
        mov     dx, 0x3D4
        mov     al, %1
        out     dx, al
        inc     dx
        in      al, dx
%endmacro

main:
        call    0xC000:0x0003
        mov     ax, 0x1200              ; 200 lines
        mov     bl, 0x30
        int     0x10
        PRINT   "1200/30: AL="
        PHEX8   al
        mov     ax, 0x0003
        int     0x10
        call    show
        mov     ax, 0x1201              ; 350 lines
        mov     bl, 0x30
        int     0x10
        mov     ax, 0x0003
        int     0x10
        call    show
        ; cursor off, some text
        mov     ah, 0x01
        mov     cx, 0x2000
        int     0x10
        mov     si, msg
.t:     cs lodsb
        test    al, al
        jz      .d
        mov     ah, 0x0E
        xor     bx, bx
        int     0x10
        jmp     .t
.d:     mov     ax, 0x0920              ; a bar of attribute 1Eh
        mov     bx, 0x001E
        mov     cx, 20
        int     0x10
        mov     ax, 0x0A00 | 0xC4       ; line graphics characters (8-dot: no 9th)
        mov     cx, 10
        int     0x10
        EXIT

show:   PRINT   " mode 03: charh "
        push    ds
        push    0x40
        pop     ds
        PHEX8   [0x85]
        PRINT   " rows-1 "
        PHEX8   [0x84]
        PRINT   " flags "
        PHEX8   [0x89]
        pop     ds
        CRTC_RD 0x09
        PRINT   " crtc09 "
        PHEX8   al
        CRTC_RD 0x12
        PRINT   " crtc12 "
        PHEX8   al
        CRTC_RD 0x0A
        PRINT   " cursor "
        PHEX8   al
        mov     dx, 0x3CC
        in      al, dx
        PRINT   " misc "
        PHEX8   al
        NL
        ret

msg:    db "350-line text, 8x14 cells", 13, 10, 0xC9, 0xCD, 0xCD, 0xBB, " box", 13, 10, 0

        ROM_END
