; tests/roms/vgabios_gfx.asm: emu's VGA BIOS in mode 12h (640x480, 16
; colours, planar): write/read pixel (AH=0Ch/0Dh, with XOR), teletype in
; graphics (glyphs from the INT 43h font in colour BL) scrolling the screen,
; write character (AH=09h) and reading it back (AH=08h), then the screen's
; checksum (vgabios_gfx.fbcrc, computed by vga_expect.py).
%include "lib.inc"

main:
        call    0xC000:0x0003
        mov     ax, 0x0012
        int     0x10
        PRINT   "mode 12h AL="
        PHEX8   al
        push    ds
        push    0x40
        pop     ds
        PRINT   " rows "
        PHEX8   [0x84]
        PRINT   " charh "
        PHEX8   [0x85]
        PRINT   " cols "
        PHEX8   [0x4A]
        pop     ds
        NL
        ; a diagonal of colour 14 and a horizontal line of colour 9
        xor     cx, cx
.diag:  mov     dx, cx
        mov     ax, 0x0C0E
        xor     bh, bh
        int     0x10
        inc     cx
        cmp     cx, 100
        jb      .diag
        xor     cx, cx
        mov     dx, 300
.hl:    mov     ax, 0x0C09
        int     0x10
        inc     cx
        cmp     cx, 640
        jb      .hl
        ; XOR colour 15 onto (10,10): 14 ^ 15 = 1
        mov     ax, 0x0C8F
        mov     cx, 10
        mov     dx, 10
        int     0x10
        mov     si, pts
.rd:    mov     cx, [cs:si]
        mov     dx, [cs:si + 2]
        cmp     cx, 0xFFFF
        je      .rdone
        mov     ah, 0x0D
        xor     bh, bh
        int     0x10
        PRINT   "pixel "
        PHEX16  cx
        PRINT   ","
        PHEX16  dx
        PRINT   " = "
        PHEX8   al
        NL
        add     si, 4
        jmp     .rd
.rdone:
        ; 32 teletype lines in colour 0Bh: the screen scrolls up 2 rows
        mov     cx, 32
        xor     di, di
.line:  mov     si, msg_row
        call    tty_str
        mov     ax, di
        call    tty_hex
        mov     si, msg_crlf
        call    tty_str
        inc     di
        loop    .line
        ; three 'X' in colour 0Ah at row 5, column 40
        mov     ah, 0x02
        xor     bh, bh
        mov     dx, 0x0528
        int     0x10
        mov     ax, 0x0958
        mov     bx, 0x000A
        mov     cx, 3
        int     0x10
        mov     ah, 0x08
        xor     bh, bh
        int     0x10
        PRINT   "read char "
        PHEX8   al
        NL
        mov     ah, 0x03
        xor     bh, bh
        int     0x10
        PRINT   "cursor "
        PHEX16  dx
        NL
        EXIT

pts:    dw 10, 10, 50, 50, 99, 99, 100, 100, 5, 300, 639, 300, 0xFFFF, 0

tty_str:
        push    ax
        push    bx
.l:     cs lodsb
        test    al, al
        jz      .e
        mov     ah, 0x0E
        mov     bx, 0x000B
        int     0x10
        jmp     .l
.e:     pop     bx
        pop     ax
        ret

tty_hex:
        push    ax
        push    ax
        shr     al, 4
        call    .d
        pop     ax
        and     al, 15
        call    .d
        pop     ax
        ret
.d:     push    bx
        add     al, '0'
        cmp     al, '9'
        jbe     .o
        add     al, 7
.o:     mov     ah, 0x0E
        mov     bx, 0x000B
        int     0x10
        pop     bx
        ret

msg_row:  db "Row ", 0
msg_crlf: db 13, 10, 0

        ROM_END
