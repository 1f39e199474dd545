; tests/roms/vgabios_text.asm: emu's VGA BIOS in text mode, driven through
; INT 10h as DOS and bootloaders do: init (far call to C000:0003, as the
; system BIOS does), mode 03h, teletype with CR/LF/BS and scrolling, cursor
; services, write string, scroll window, mode 01h (40x25), AH=0Fh, 1130h,
; 1A00h, then the screen's checksum (vgabios_text.fbcrc, derived by
; tests/roms/vga_expect.py from the same font and the screen text dumped
; here on port 0xE9).
%include "lib.inc"

main:
        call    0xC000:0x0003
        PRINTLN "-- after init"
        call    show_state
        ; mode 03h again, cursor off (the checksum must not see it blink)
        mov     ax, 0x0003
        int     0x10
        PRINT   "set mode AL="
        PHEX8   al
        NL
        mov     ah, 0x01
        mov     cx, 0x2000
        int     0x10
        ; 30 lines of teletype: the first 6 scroll away
        mov     cx, 30
        mov     bl, 0
.line:  mov     si, msg_line
        call    tty_str
        mov     al, bl
        call    tty_hex
        mov     si, msg_crlf
        call    tty_str
        inc     bl
        loop    .line
        ; backspace over the last character of a line
        mov     si, msg_bs
        call    tty_str
        PRINTLN "-- after teletype"
        call    show_state
        ; write string with attributes at row 2, column 60 (cursor kept)
        push    cs
        pop     es
        mov     bp, msg_attr
        mov     ax, 0x1302
        mov     bx, 0x0000
        mov     cx, 5
        mov     dx, 0x023C
        int     0x10
        ; write string, attribute in BL, cursor moved: row 4 col 60
        mov     bp, msg_plain
        mov     ax, 0x1301
        mov     bx, 0x001E
        mov     cx, msg_plain_len
        mov     dx, 0x043C
        int     0x10
        PRINTLN "-- after write string"
        call    show_state
        ; AH=09h: 10 x '*' white on red at row 6, column 60
        mov     ah, 0x02
        xor     bh, bh
        mov     dx, 0x063C
        int     0x10
        mov     ax, 0x092A
        mov     bx, 0x004F
        mov     cx, 10
        int     0x10
        ; AH=08h reads it back
        mov     ah, 0x08
        xor     bh, bh
        int     0x10
        PRINT   "read char/attr "
        PHEX16  ax
        NL
        ; scroll a window (rows 8-12, columns 60-70) up 2 with blue
        mov     ax, 0x0602
        mov     bh, 0x1F
        mov     cx, 0x083C
        mov     dx, 0x0C46
        int     0x10
        ; and down 1 at rows 14-16 with a green fill
        mov     ax, 0x0701
        mov     bh, 0x2F
        mov     cx, 0x0E3C
        mov     dx, 0x1046
        int     0x10
        mov     ax, 0x1130
        mov     bh, 0x06
        int     0x10
        PRINT   "font 8x16 info CX="
        PHEX16  cx
        PRINT   " DL="
        PHEX8   dl
        PRINT   " ES="
        PHEX16  es
        NL
        PRINT   "glyph 41h: "
        add     bp, 0x41 * 16
        mov     bx, es
        DUMP    bx, bp, 16
        mov     ax, 0x1A00
        int     0x10
        PRINT   "1A00: AL="
        PHEX8   al
        PRINT   " BX="
        PHEX16  bx
        NL
        mov     ah, 0x12
        mov     bl, 0x10
        int     0x10
        PRINT   "1210: BX="
        PHEX16  bx
        PRINT   " CX="
        PHEX16  cx
        NL
        call    dump_screen
        EXIT

; prints mode, columns, page (AH=0Fh), cursor (AH=03h) and BDA fields
show_state:
        pusha
        mov     ah, 0x0F
        int     0x10
        PRINT   "mode "
        PHEX8   al
        PRINT   " cols "
        PHEX8   ah
        PRINT   " page "
        PHEX8   bh
        mov     ah, 0x03
        xor     bh, bh
        int     0x10
        PRINT   " cursor "
        PHEX16  dx
        PRINT   " shape "
        PHEX16  cx
        push    ds
        push    0x40
        pop     ds
        PRINT   " bda rows "
        PHEX8   [0x84]
        PRINT   " charh "
        PHEX16  [0x85]
        PRINT   " pagesize "
        PHEX16  [0x4C]
        PRINT   " crtc "
        PHEX16  [0x63]
        PRINT   " equip "
        PHEX16  [0x10]
        pop     ds
        NL
        popa
        ret

; the text screen (characters only) as 25 lines on port 0xE9
dump_screen:
        pusha
        push    ds
        push    0xB800
        pop     ds
        xor     si, si
        mov     dx, 25
.row:   mov     cx, 80
.col:   lodsw
        cmp     al, 0x20
        jae     .p
        mov     al, '.'
.p:     out     0xE9, al
        loop    .col
        mov     al, 10
        out     0xE9, al
        dec     dx
        jnz     .row
        pop     ds
        popa
        ret

tty_str:
        push    ax
        push    bx
.l:     cs lodsb
        test    al, al
        jz      .e
        mov     ah, 0x0E
        xor     bx, bx
        int     0x10
        jmp     .l
.e:     pop     bx
        pop     ax
        ret

tty_hex:
        push    ax
        push    bx
        push    ax
        shr     al, 4
        call    .d
        pop     ax
        and     al, 15
        call    .d
        pop     bx
        pop     ax
        ret
.d:     add     al, '0'
        cmp     al, '9'
        jbe     .o
        add     al, 7
.o:     mov     ah, 0x0E
        xor     bx, bx
        int     0x10
        ret

msg_line:  db "line ", 0
msg_crlf:  db 13, 10, 0
msg_bs:    db "abcX", 8, "d", 0
msg_attr:  db 'C', 0x4E, 'o', 0x2F, 'l', 0x1E, 'o', 0x5F, 'r', 0x70
msg_plain: db "Plain", 7, "!"
msg_plain_len equ $ - msg_plain

        ROM_END
