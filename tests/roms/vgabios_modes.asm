; tests/roms/vgabios_modes.asm: more of emu's VGA BIOS: 80x50 text through
; AX=1112h, font information, functionality/state (AH=1Bh), state save and
; restore (AH=1Ch), CGA modes 04h/06h, mode 0Dh pages, and mode 13h with
; the palette/DAC functions, pixels, teletype and a scrolled window; then
; the mode 13h screen's checksum (vgabios_modes.fbcrc, computed by
; vga_expect.py from the 8x8 font and IBM's default 256-colour palette).
%include "lib.inc"

BUF     equ 0x0600              ; 64-byte state buffer (AH=1Bh)
SAVE    equ 0x1000              ; AH=1Ch buffer
TBL     equ 0x0A00              ; DAC tables

%macro CRTC_RD 1                ; AL = CRTC register %1 (colour address)
        mov     dx, 0x3D4
        mov     al, %1
        out     dx, al
        inc     dx
        in      al, dx
%endmacro

main:
        call    0xC000:0x0003
        ; ---- 80x50: mode 03h + 8x8 font
        mov     ax, 0x0003
        int     0x10
        mov     ax, 0x1112
        xor     bl, bl
        int     0x10
        push    ds
        push    0x40
        pop     ds
        PRINT   "1112: rows-1 "
        PHEX8   [0x84]
        PRINT   " charh "
        PHEX16  [0x85]
        PRINT   " pagesize "
        PHEX16  [0x4C]
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
        CRTC_RD 0x0B
        PHEX8   al
        NL
        mov     ax, 0x1130
        mov     bh, 3
        int     0x10
        PRINT   "1130 BH=3: CX="
        PHEX16  cx
        PRINT   " DL="
        PHEX8   dl
        mov     ax, es
        PRINT   " ES="
        PHEX16  ax
        NL
        ; AH=1Bh
        xor     ax, ax
        mov     es, ax
        mov     ah, 0x1B
        xor     bx, bx
        mov     di, BUF
        int     0x10
        PRINT   "1B: AL="
        PHEX8   al
        PRINT   " mode "
        PHEX8   [BUF + 4]
        PRINT   " cols "
        PHEX16  [BUF + 5]
        PRINT   " rows "
        PHEX8   [BUF + 0x22]
        PRINT   " charh "
        PHEX16  [BUF + 0x23]
        PRINT   " dcc "
        PHEX8   [BUF + 0x25]
        PRINT   " colours "
        PHEX16  [BUF + 0x27]
        PRINT   " pages "
        PHEX8   [BUF + 0x29]
        PRINT   " lines "
        PHEX8   [BUF + 0x2A]
        PRINT   " mem "
        PHEX8   [BUF + 0x31]
        NL
        PRINT   "static table: "
        les     si, [BUF]
        mov     bx, es
        DUMP    bx, si, 3
        xor     ax, ax
        mov     es, ax
        ; ---- AH=1Ch: save everything, switch to mode 01h, restore
        mov     ax, 0x1C00
        mov     cx, 7
        int     0x10
        PRINT   "1C00: AL="
        PHEX8   al
        PRINT   " blocks "
        PHEX16  bx
        NL
        mov     ax, 0x1C01
        mov     cx, 7
        mov     bx, SAVE
        int     0x10
        mov     ax, 0x0001
        int     0x10
        mov     ax, 0x1C02
        mov     cx, 7
        mov     bx, SAVE
        int     0x10
        mov     ah, 0x0F
        int     0x10
        PRINT   "after restore: mode "
        PHEX8   al
        PRINT   " cols "
        PHEX8   ah
        CRTC_RD 0x01
        PRINT   " crtc01 "
        PHEX8   al
        CRTC_RD 0x09
        PRINT   " crtc09 "
        PHEX8   al
        NL
        ; ---- CGA 04h: pixels and palette
        mov     ax, 0x0004
        int     0x10
        mov     ax, 0x0C01
        mov     cx, 0
        mov     dx, 0
        int     0x10
        mov     ax, 0x0C02
        mov     cx, 1
        int     0x10
        mov     ax, 0x0C03
        mov     cx, 2
        mov     dx, 1
        int     0x10
        mov     ax, 0x0C81              ; XOR 1 onto 3 at (2,1) -> 2
        int     0x10
        push    ds
        push    0xB800
        pop     ds
        PRINT   "mode 04: bytes "
        PHEX8   [0]
        PRINT   " "
        PHEX8   [0x2000]
        pop     ds
        mov     ah, 0x0D
        mov     cx, 2
        mov     dx, 1
        int     0x10
        PRINT   " pixel(2,1) "
        PHEX8   al
        mov     ah, 0x0B
        mov     bx, 0x0101
        int     0x10
        mov     ax, 0x1007
        mov     bl, 2
        int     0x10
        PRINT   " pal2 "
        PHEX8   bh
        NL
        ; ---- 06h
        mov     ax, 0x0006
        int     0x10
        mov     ax, 0x0C01
        mov     cx, 9
        mov     dx, 3
        int     0x10
        push    ds
        push    0xB800
        pop     ds
        PRINT   "mode 06: byte "
        PHEX8   [0x2000 + 81]
        pop     ds
        NL
        ; ---- 0Dh: page 1
        mov     ax, 0x000D
        int     0x10
        mov     ax, 0x0501
        int     0x10
        CRTC_RD 0x0C
        PRINT   "mode 0D page 1: start "
        PHEX8   al
        CRTC_RD 0x0D
        PHEX8   al
        push    ds
        push    0x40
        pop     ds
        PRINT   " bda page "
        PHEX8   [0x62]
        PRINT   " start "
        PHEX16  [0x4E]
        pop     ds
        mov     ax, 0x0C0B
        mov     cx, 5
        mov     dx, 7
        mov     bh, 1
        int     0x10
        mov     ah, 0x0D
        int     0x10
        PRINT   " pixel "
        PHEX8   al
        NL
        ; ---- 13h
        mov     ax, 0x0013
        int     0x10
        mov     ax, 0x1015
        mov     bx, 100
        int     0x10
        PRINT   "13h default DAC 100: "
        PHEX8   dh
        PHEX8   ch
        PHEX8   cl
        mov     ax, 0x1015
        mov     bx, 20
        int     0x10
        PRINT   " DAC 20: "
        PHEX8   dh
        PHEX8   ch
        PHEX8   cl
        NL
        ; DAC 1 = (3Fh, 0, 10h); block 16-18 from TBL; grey 17-18
        mov     ax, 0x1010
        mov     bx, 1
        mov     dh, 0x3F
        mov     cx, 0x0010
        int     0x10
        mov     byte [TBL + 0], 0x3F
        mov     byte [TBL + 1], 0x20
        mov     byte [TBL + 2], 0x00
        mov     byte [TBL + 3], 0x00
        mov     byte [TBL + 4], 0x3F
        mov     byte [TBL + 5], 0x3F
        mov     byte [TBL + 6], 0x10
        mov     byte [TBL + 7], 0x20
        mov     byte [TBL + 8], 0x30
        mov     ax, 0x1012
        mov     bx, 16
        mov     cx, 3
        mov     dx, TBL
        int     0x10
        mov     ax, 0x101B
        mov     bx, 17
        mov     cx, 2
        int     0x10
        mov     ax, 0x1017
        mov     bx, 16
        mov     cx, 3
        mov     dx, TBL + 16
        int     0x10
        PRINT   "DAC 16-18: "
        DUMP    0, TBL + 16, 9
        ; pixels: a band of the 256 colours, 1 pixel each, rows 150-159
        mov     dx, 150
.band:  xor     cx, cx
.bx:    mov     al, cl
        mov     ah, 0x0C
        int     0x10
        inc     cx
        cmp     cx, 256
        jb      .bx
        inc     dx
        cmp     dx, 160
        jb      .band
        ; teletype in colour 2Ch
        mov     si, msg13
.t:     cs lodsb
        test    al, al
        jz      .td
        mov     ah, 0x0E
        mov     bl, 0x2C
        int     0x10
        jmp     .t
.td:    ; scroll rows 0-3, columns 2-20 up by one, fill colour 10
        mov     ax, 0x0601
        mov     bh, 10
        mov     cx, 0x0002
        mov     dx, 0x0314
        int     0x10
        mov     ah, 0x0D
        mov     cx, 200
        mov     dx, 155
        int     0x10
        PRINT   "pixel (200,155) "
        PHEX8   al
        mov     ah, 0x08
        xor     bh, bh
        mov     ah, 0x02
        mov     dx, 0x0001
        int     0x10
        mov     ah, 0x08
        int     0x10
        PRINT   " char at (0,1) "
        PHEX8   al
        NL
        EXIT

msg13:  db "Mode 13h", 13, 10, "second line", 13, 10, "third", 0

        ROM_END
