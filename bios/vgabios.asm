; bios/vgabios.asm: emu's VGA BIOS, a 32 KiB option ROM at C000:0000.
;
; The system BIOS (or a test ROM) far-calls C000:0003; init hooks INT 10h,
; points INT 1Fh/43h at the ROM fonts, fills the BIOS data area, sets mode
; 03h and prints a banner. The build (Makefile.am) assembles this file and
; runs "romtool rom" on the result, which writes the length byte at offset
; 2 and the checksum byte at the end.
;
; INT 10h follows the IBM VGA BIOS as summarised in Ralf Brown's Interrupt
; List (AH=00h-1Ch); AX=4F00h-4F0Ah follow the VESA BIOS Extension 3.0 and
; drive the Bochs VBE "dispi" registers (ports 1CEh/1CFh). Register
; values of the standard modes are the IBM VGA mode tables.
;
; Fonts (font8.bin, font14.bin, font16.bin) are generated at build time from
; the console-setup "VGA" PSF fonts in bios/fonts/ (see bios/fonts/README).
        bits 16
        cpu 386
        org 0

ROM_SIZE        equ 32768
BDA             equ 0x40

; BIOS data area offsets (segment 40h)
B_EQUIP         equ 0x10
B_MODE          equ 0x49
B_COLS          equ 0x4A
B_PAGESIZE      equ 0x4C
B_PAGESTART     equ 0x4E
B_CURPOS        equ 0x50
B_CURSHAPE      equ 0x60
B_PAGE          equ 0x62
B_CRTC          equ 0x63
B_MODECTL       equ 0x65
B_PALETTE       equ 0x66
B_ROWS          equ 0x84
B_CHARH         equ 0x85
B_EGAMISC       equ 0x87
B_SWITCHES      equ 0x88
B_VGAFLAGS      equ 0x89
B_DCC           equ 0x8A
B_SAVEPTR       equ 0xA8
B_VBEMODE       equ 0xBA            ; current VBE mode (0: none), as Bochs's BIOS

; saved-register frame (pushad, push ds, push es), addressed through BP
R_ES            equ 0
R_DS            equ 2
R_DI            equ 4
R_SI            equ 8
R_BP            equ 12
R_BX            equ 20
R_BL            equ 20
R_BH            equ 21
R_DX            equ 24
R_DL            equ 24
R_DH            equ 25
R_CX            equ 28
R_CL            equ 28
R_CH            equ 29
R_AX            equ 32
R_AL            equ 32
R_AH            equ 33
R_FLAGS         equ 40

; mode kinds
K_TEXT          equ 0
K_CGA4          equ 1
K_CGA2          equ 2
K_PLANAR        equ 3
K_LIN8          equ 4
; palettes loaded into the DAC
P_EGA           equ 0
P_MONO          equ 1
P_VGA256        equ 2

; Bochs VBE dispi
DISPI_INDEX     equ 0x1CE
DISPI_DATA      equ 0x1CF
DI_ID           equ 0
DI_XRES         equ 1
DI_YRES         equ 2
DI_BPP          equ 3
DI_ENABLE       equ 4
DI_BANK         equ 5
DI_VWIDTH       equ 6
DI_VHEIGHT      equ 7
DI_XOFF         equ 8
DI_YOFF         equ 9
DI_MEM64K       equ 10
EN_ENABLED      equ 0x01
EN_8BITDAC      equ 0x20
EN_LFB          equ 0x40
EN_NOCLEAR      equ 0x80

; ---------------------------------------------------------------- header
rom_start:
        db 0x55, 0xAA
        db ROM_SIZE / 512
        jmp near vga_init
        times 0x18 - ($ - $$) db 0
        dw pcir                     ; PCI data structure
        dw 0
        times 0x1E - ($ - $$) db 0
        db 'IBM'                    ; some programs look for it at C000:001E
        align 4
pcir:   db 'PCIR'
        dw 0x1234, 0x1111           ; vendor, device: the Bochs/QEMU std VGA
        dw 0                        ; vital product data
        dw 0x18                     ; structure length
        db 0                        ; structure revision
        db 0x00, 0x00, 0x03         ; class code: VGA-compatible controller
        dw ROM_SIZE / 512           ; image length
        dw 1                        ; code revision
        db 0                        ; code type: x86
        db 0x80                     ; last image
        dw 0

banner: db 'emu VGA BIOS (VBE 3.0, Bochs dispi)', 13, 10, 0
oem_string:     db 'emu VGA BIOS', 0
vendor_string:  db 'emu project', 0
product_string: db 'emu Bochs-compatible VGA', 0
revision_string: db '1.0', 0

; ---------------------------------------------------------------- init
vga_init:
        pushad
        push ds
        push es
        cld
        xor ax, ax
        mov ds, ax
        mov word [0x10*4], int10
        mov [0x10*4+2], cs
        mov word [0x1F*4], font8 + 128*8
        mov [0x1F*4+2], cs
        mov word [0x43*4], font8
        mov [0x43*4+2], cs
        mov ax, BDA
        mov ds, ax
        and byte [B_EQUIP], 0xCF
        or byte [B_EQUIP], 0x20     ; initial video: 80x25 colour
        mov byte [B_EGAMISC], 0x60
        mov byte [B_SWITCHES], 0xF9
        mov byte [B_VGAFLAGS], 0x51 ; VGA active, 400 lines, palette loading on
        mov byte [B_DCC], 0x08
        mov word [B_SAVEPTR], save_ptr_table
        mov [B_SAVEPTR+2], cs
        mov word [B_VBEMODE], 0
        mov ax, 0x0003
        int 0x10
        mov si, banner
.pr:    cs lodsb
        test al, al
        jz .done
        mov ah, 0x0E
        mov bx, 0x0007
        int 0x10
        jmp .pr
.done:  pop es
        pop ds
        popad
        retf

save_ptr_table:
        dd video_param_dummy        ; video parameter table
        dd 0, 0, 0, 0, 0, 0         ; save area, alpha/graphics fonts, palette, reserved
video_param_dummy:
        times 64 db 0

; ---------------------------------------------------------------- INT 10h
int10:
        sti
        cld
        pushad
        push ds
        push es
        mov bp, sp
        sub sp, 20                  ; locals (L_*)
        push word BDA
        pop ds
        cmp ah, 0x4F
        je .vbe
        cmp ah, 0x1C
        ja .out
        movzx si, ah
        shl si, 1
        call [cs:si + int10_table]
.out:   mov sp, bp
        pop es
        pop ds
        popad
        iret
.vbe:   call vbe_dispatch
        jmp .out

int10_table:
        dw f00_set_mode, f01_cursor_shape, f02_set_cursor, f03_get_cursor
        dw f_none, f05_set_page, f06_scroll_up, f07_scroll_down
        dw f08_read_char, f09_write_char_attr, f0a_write_char, f0b_palette
        dw f0c_write_pixel, f0d_read_pixel, f0e_teletype, f0f_get_mode
        dw f10_palette, f11_font, f12_alt, f13_write_string
        dw f_none, f_none, f_none, f_none
        dw f_none, f_none, f1a_dcc, f1b_state, f1c_save
f_none: ret

; ---------------------------------------------------------------- helpers
; AC register AL <- AH (keeps the screen on: PAS bit set)
ac_write:
        push dx
        mov dx, 0x3DA
        push ax
        in al, dx
        pop ax
        mov dl, 0xC0
        push ax
        or al, 0x20
        out dx, al
        mov al, ah
        out dx, al
        pop ax
        pop dx
        ret

; AH <- AC register AL
ac_read:
        push dx
        push ax
        mov dx, 0x3DA
        in al, dx
        pop ax
        mov dl, 0xC0
        push ax
        or al, 0x20
        out dx, al
        inc dx
        in al, dx
        mov dl, 0xDA
        push ax
        in al, dx                   ; leave the flip-flop in index state
        pop ax
        mov dl, al
        pop ax
        mov ah, dl
        pop dx
        ret

; CRTC register AL <- AH
crtc_write:
        push dx
        mov dx, [B_CRTC]
        out dx, ax
        pop dx
        ret

; DS:SI -> the mode table entry of the current mode (B_MODE); CF if none
cur_entry:
        push ax
        mov al, [B_MODE]
        call find_mode
        pop ax
        ret

; AL = mode -> SI = table entry (CS relative), CF if unknown
find_mode:
        mov si, mode_table
.l:     cmp byte [cs:si], 0xFF
        je .no
        cmp [cs:si], al
        je .yes
        add si, ENT_SIZE
        jmp .l
.no:    stc
        ret
.yes:   clc
        ret

; AL <- kind of the current mode (K_TEXT when unknown)
cur_kind:
        push si
        call cur_entry
        mov al, K_TEXT
        jc .r
        mov al, [cs:si + E_KIND]
.r:     pop si
        ret

; ---------------------------------------------------------------- mode table
E_MODE  equ 0
E_KIND  equ 1
E_COLS  equ 2
E_ROWS  equ 3                       ; rows - 1
E_CHARH equ 4
E_PAL   equ 5
E_PAGE  equ 6                       ; page size in bytes
E_SEG   equ 8
E_SEQ   equ 10                      ; sequencer 1-4
E_MISC  equ 14
E_CRTC  equ 15                      ; 25 registers
E_AC    equ 40                      ; 20 registers
E_GC    equ 60                      ; 9 registers
ENT_SIZE equ 69

%macro MODE 8
        db %1, %2, %3, %4, %5, %6
        dw %7, %8
%endmacro

mode_table:
        ; 00h/01h: 40x25 text, 360x400, 9x16 cells
%assign m 0
%rep 2
        MODE m, K_TEXT, 40, 24, 16, P_EGA, 0x0800, 0xB800
        db 0x08, 0x03, 0x00, 0x02, 0x67
        db 0x2D,0x27,0x28,0x90,0x2B,0xA0,0xBF,0x1F,0x00,0x4F,0x0D,0x0E,0x00,0x00,0x00,0x00
        db 0x9C,0x8E,0x8F,0x14,0x1F,0x96,0xB9,0xA3,0xFF
        db 0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F
        db 0x0C,0x00,0x0F,0x08
        db 0x00,0x00,0x00,0x00,0x00,0x10,0x0E,0x0F,0xFF
%assign m m+1
%endrep
        ; 02h/03h: 80x25 text, 720x400, 9x16 cells
%rep 2
        MODE m, K_TEXT, 80, 24, 16, P_EGA, 0x1000, 0xB800
        db 0x00, 0x03, 0x00, 0x02, 0x67
        db 0x5F,0x4F,0x50,0x82,0x55,0x81,0xBF,0x1F,0x00,0x4F,0x0D,0x0E,0x00,0x00,0x00,0x00
        db 0x9C,0x8E,0x8F,0x28,0x1F,0x96,0xB9,0xA3,0xFF
        db 0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F
        db 0x0C,0x00,0x0F,0x08
        db 0x00,0x00,0x00,0x00,0x00,0x10,0x0E,0x0F,0xFF
%assign m m+1
%endrep
        ; 04h/05h: 320x200, 4 colours, CGA interleave at B8000
%rep 2
        MODE m, K_CGA4, 40, 24, 8, P_EGA, 0x4000, 0xB800
        db 0x09, 0x03, 0x00, 0x02, 0x63
        db 0x2D,0x27,0x28,0x90,0x2B,0x80,0xBF,0x1F,0x00,0xC1,0x00,0x00,0x00,0x00,0x00,0x00
        db 0x9C,0x8E,0x8F,0x14,0x00,0x96,0xB9,0xA2,0xFF
        db 0x00,0x13,0x15,0x17,0x02,0x04,0x06,0x07,0x10,0x11,0x12,0x13,0x14,0x15,0x16,0x17
        db 0x01,0x00,0x03,0x00
        db 0x00,0x00,0x00,0x00,0x00,0x30,0x0F,0x00,0xFF
%assign m m+1
%endrep
        ; 06h: 640x200, 2 colours
        MODE 6, K_CGA2, 80, 24, 8, P_EGA, 0x4000, 0xB800
        db 0x01, 0x01, 0x00, 0x06, 0x63
        db 0x5F,0x4F,0x50,0x82,0x54,0x80,0xBF,0x1F,0x00,0xC1,0x00,0x00,0x00,0x00,0x00,0x00
        db 0x9C,0x8E,0x8F,0x28,0x00,0x96,0xB9,0xC2,0xFF
        db 0x00,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17
        db 0x01,0x00,0x01,0x00
        db 0x00,0x00,0x00,0x00,0x00,0x00,0x0D,0x00,0xFF
        ; 07h: 80x25 monochrome text at B0000
        MODE 7, K_TEXT, 80, 24, 16, P_MONO, 0x1000, 0xB000
        db 0x00, 0x03, 0x00, 0x02, 0x66
        db 0x5F,0x4F,0x50,0x82,0x55,0x81,0xBF,0x1F,0x00,0x4F,0x0D,0x0E,0x00,0x00,0x00,0x00
        db 0x9C,0x8E,0x8F,0x28,0x0F,0x96,0xB9,0xA3,0xFF
        db 0x00,0x08,0x08,0x08,0x08,0x08,0x08,0x08,0x10,0x18,0x18,0x18,0x18,0x18,0x18,0x18
        db 0x0E,0x00,0x0F,0x08
        db 0x00,0x00,0x00,0x00,0x00,0x10,0x0A,0x0F,0xFF
        ; 0Dh: 320x200, 16 colours, planar
        MODE 0x0D, K_PLANAR, 40, 24, 8, P_EGA, 0x2000, 0xA000
        db 0x09, 0x0F, 0x00, 0x06, 0x63
        db 0x2D,0x27,0x28,0x90,0x2B,0x80,0xBF,0x1F,0x00,0xC0,0x00,0x00,0x00,0x00,0x00,0x00
        db 0x9C,0x8E,0x8F,0x14,0x00,0x96,0xB9,0xE3,0xFF
        db 0x00,0x01,0x02,0x03,0x04,0x05,0x06,0x07,0x10,0x11,0x12,0x13,0x14,0x15,0x16,0x17
        db 0x01,0x00,0x0F,0x00
        db 0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF
        ; 0Eh: 640x200, 16 colours
        MODE 0x0E, K_PLANAR, 80, 24, 8, P_EGA, 0x4000, 0xA000
        db 0x01, 0x0F, 0x00, 0x06, 0x63
        db 0x5F,0x4F,0x50,0x82,0x54,0x80,0xBF,0x1F,0x00,0xC0,0x00,0x00,0x00,0x00,0x00,0x00
        db 0x9C,0x8E,0x8F,0x28,0x00,0x96,0xB9,0xE3,0xFF
        db 0x00,0x01,0x02,0x03,0x04,0x05,0x06,0x07,0x10,0x11,0x12,0x13,0x14,0x15,0x16,0x17
        db 0x01,0x00,0x0F,0x00
        db 0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF
        ; 10h: 640x350, 16 colours
        MODE 0x10, K_PLANAR, 80, 24, 14, P_EGA, 0x8000, 0xA000
        db 0x01, 0x0F, 0x00, 0x06, 0xA3
        db 0x5F,0x4F,0x50,0x82,0x54,0x80,0xBF,0x1F,0x00,0x40,0x00,0x00,0x00,0x00,0x00,0x00
        db 0x83,0x85,0x5D,0x28,0x0F,0x63,0xBA,0xE3,0xFF
        db 0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F
        db 0x01,0x00,0x0F,0x00
        db 0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF
        ; 11h: 640x480, 2 colours
        MODE 0x11, K_PLANAR, 80, 29, 16, P_EGA, 0xA000, 0xA000
        db 0x01, 0x0F, 0x00, 0x06, 0xE3
        db 0x5F,0x4F,0x50,0x82,0x54,0x80,0x0B,0x3E,0x00,0x40,0x00,0x00,0x00,0x00,0x00,0x00
        db 0xEA,0x8C,0xDF,0x28,0x00,0xE7,0x04,0xC3,0xFF
        db 0x00,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F
        db 0x01,0x00,0x0F,0x00
        db 0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF
        ; 12h: 640x480, 16 colours
        MODE 0x12, K_PLANAR, 80, 29, 16, P_EGA, 0xA000, 0xA000
        db 0x01, 0x0F, 0x00, 0x06, 0xE3
        db 0x5F,0x4F,0x50,0x82,0x54,0x80,0x0B,0x3E,0x00,0x40,0x00,0x00,0x00,0x00,0x00,0x00
        db 0xEA,0x8C,0xDF,0x28,0x00,0xE7,0x04,0xE3,0xFF
        db 0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F
        db 0x01,0x00,0x0F,0x00
        db 0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF
        ; 13h: 320x200, 256 colours, chain-4
        MODE 0x13, K_LIN8, 40, 24, 8, P_VGA256, 0x0000, 0xA000
        db 0x01, 0x0F, 0x00, 0x0E, 0x63
        db 0x5F,0x4F,0x50,0x82,0x54,0x80,0xBF,0x1F,0x00,0x41,0x00,0x00,0x00,0x00,0x00,0x00
        db 0x9C,0x8E,0x8F,0x28,0x40,0x96,0xB9,0xA3,0xFF
        db 0x00,0x01,0x02,0x03,0x04,0x05,0x06,0x07,0x08,0x09,0x0A,0x0B,0x0C,0x0D,0x0E,0x0F
        db 0x41,0x00,0x0F,0x00
        db 0x00,0x00,0x00,0x00,0x00,0x40,0x05,0x0F,0xFF
        db 0xFF

; CGA mode control (3D8h) and colour select (3D9h) values for the BDA
cga_modectl:    db 0x2C, 0x28, 0x2D, 0x29, 0x2A, 0x2E, 0x1E, 0x29

; ---------------------------------------------------------------- AH=00h
f00_set_mode:
        mov ah, al
        and al, 0x7F
        call find_mode
        jc .ret
        push ax
        ; leave VBE modes
        mov dx, DISPI_INDEX
        mov ax, DI_ENABLE
        out dx, ax
        inc dx
        xor ax, ax
        out dx, ax
        mov word [B_VBEMODE], 0
        ; blank the screen while registers change
        mov dx, 0x3DA
        in al, dx
        mov dl, 0xC0
        xor al, al
        out dx, al
        ; sequencer (synchronous reset while it changes) and misc output
        mov dl, 0xC4
        mov ax, 0x0100
        out dx, ax
        mov cx, 4
        mov bx, E_SEQ
        mov al, 1
.seq:   mov ah, [cs:si + bx]
        out dx, ax
        inc bx
        inc al
        loop .seq
        mov dl, 0xC2
        mov al, [cs:si + E_MISC]
        out dx, al
        mov dl, 0xC4
        mov ax, 0x0300
        out dx, ax
        ; CRTC: unlock registers 0-7 first
        mov dx, 0x3D4
        test byte [cs:si + E_MISC], 1
        jnz .color
        mov dl, 0xB4
.color: mov [B_CRTC], dx
        mov ax, 0x0011
        out dx, ax
        xor al, al
        mov bx, E_CRTC
        mov cx, 25
.crtc:  mov ah, [cs:si + bx]
        out dx, ax
        inc bx
        inc al
        loop .crtc
        ; attribute controller
        add dx, 6
        in al, dx
        mov dx, 0x3C0
        xor al, al
        mov bx, E_AC
        mov cx, 20
.ac:    out dx, al
        mov ah, [cs:si + bx]
        xchg al, ah
        out dx, al
        xchg al, ah
        inc bx
        inc al
        loop .ac
        mov al, 0x20                ; palette address source: screen on
        out dx, al
        ; graphics controller
        mov dl, 0xCE
        xor al, al
        mov bx, E_GC
        mov cx, 9
.gc:    mov ah, [cs:si + bx]
        out dx, ax
        inc bx
        inc al
        loop .gc
        call text_scanlines
        ; DAC
        mov dl, 0xC6
        mov al, 0xFF
        out dx, al
        test byte [B_VGAFLAGS], 0x08
        jnz .nopal
        mov al, [cs:si + E_PAL]
        call load_dac
.nopal:
        ; BIOS data area
        pop ax
        mov [B_MODE], al
        movzx bx, byte [cs:si + E_COLS]
        mov [B_COLS], bx
        mov bx, [cs:si + E_PAGE]
        mov [B_PAGESIZE], bx
        xor bx, bx
        mov [B_PAGESTART], bx
        mov [B_PAGE], bl
        push ax
        push ds
        pop es
        mov di, B_CURPOS
        xor ax, ax
        mov cx, 8
        rep stosw
        pop ax
        mov word [B_CURSHAPE], 0x0607
        mov bl, [cs:si + E_ROWS]
        mov [B_ROWS], bl
        mov bl, [cs:si + E_CHARH]
        cmp byte [bp + L_LINES200], 1
        jb .ch
        mov bl, 14
        je .ch
        mov bl, 8
.ch:    mov [B_CHARH], bl
        mov byte [B_CHARH+1], 0
        mov bl, 0x30
        cmp al, 7
        ja .noctl
        movzx bx, al
        mov bl, [cs:bx + cga_modectl]
        mov [B_MODECTL], bl
        mov bl, 0x30
        cmp al, 6
        jne .noctl
        mov bl, 0x3F
.noctl: mov [B_PALETTE], bl
        and byte [B_EGAMISC], 0x7F
        test ah, 0x80
        jz .clr
        or byte [B_EGAMISC], 0x80
.clr:   and byte [B_EQUIP], 0xCF
        or byte [B_EQUIP], 0x20
        cmp al, 7
        jne .eq
        or byte [B_EQUIP], 0x30
.eq:
        ; clear video memory
        test ah, 0x80
        jnz .noclear
        mov es, [cs:si + E_SEG]
        xor di, di
        mov cx, 0x4000
        mov ax, 0x0720
        cmp byte [cs:si + E_KIND], K_TEXT
        je .fill
        xor ax, ax
        cmp byte [cs:si + E_KIND], K_PLANAR
        jb .fill
        mov cx, 0x8000              ; A0000-AFFFF, all planes (map mask 0Fh)
.fill:  rep stosw
.noclear:
        ; fonts: text modes get the 8x16 font in plane 2, graphics modes
        ; the INT 43h font of their cell height
        xor ax, ax
        mov es, ax
        cmp byte [cs:si + E_KIND], K_TEXT
        jne .gfont
        mov word [es:0x43*4], font8
        mov [es:0x43*4+2], cs
        mov ax, 0x1104
        cmp byte [bp + L_LINES200], 1
        jb .f16
        mov al, 0x01
        je .f16
        mov al, 0x02
.f16:   xor bl, bl
        call font_load_rom
        jmp .fdone
.gfont: mov ax, font8
        cmp byte [cs:si + E_CHARH], 14
        jb .gset
        mov ax, font14
        je .gset
        mov ax, font16
.gset:  mov [es:0x43*4], ax
        mov [es:0x43*4+2], cs
.fdone: mov byte [bp + R_AL], 0x20
        mov al, [B_MODE]
        cmp al, 7
        ja .ret
        mov byte [bp + R_AL], 0x30
        cmp al, 6
        jne .ret
        mov byte [bp + R_AL], 0x3F
.ret:   ret

; Text modes 00h-03h with 350 or 200 scan lines (AX=1200h BL=30h, kept in
; BDA 89h bits 7 and 4: 00b 350, 01b 400, 10b 200): 8-dot cells, 8x14
; characters on 350 lines or double-scanned 8x8 characters on 400 (IBM
; VGA mode tables for modes 0*-3* and 0-3). Sets L_LINES200.
text_scanlines:
        pusha
        mov byte [bp + L_LINES200], 0
        cmp byte [cs:si + E_KIND], K_TEXT
        jne .r
        cmp byte [cs:si + E_MODE], 7
        je .r
        mov al, [B_VGAFLAGS]
        and al, 0x90
        cmp al, 0x10
        je .r                       ; 400 lines: the table as it is
        mov bx, crtc350
        mov cl, 1
        mov ah, 0xA3
        test al, 0x80
        jz .go
        mov bx, crtc200
        mov cl, 2
        mov ah, 0x63
.go:    mov [bp + L_LINES200], cl
        mov dx, 0x3C4
        mov al, 0x00
        push ax
        mov ax, 0x0100
        out dx, ax
        pop ax
        mov dl, 0xC2                ; misc output: 25 MHz dot clock, sync polarity
        mov al, ah
        out dx, al
        mov dl, 0xC4
        mov al, 1                   ; clocking mode: 8-dot characters
        out dx, al
        inc dx
        in al, dx
        or al, 0x01
        out dx, al
        dec dx
        mov ax, 0x0300
        out dx, ax
        mov dx, 0x3D4
.crtc:  mov al, [cs:bx]
        cmp al, 0xFF
        je .ac
        mov ah, [cs:bx + 1]
        out dx, ax
        add bx, 2
        jmp .crtc
.ac:    mov ax, 0x0013              ; no pixel panning with 8-dot cells
        call ac_write
.r:     popa
        ret

; CRTC index/value pairs that differ from the 400-line text tables
crtc350: db 0x09, 0x4D, 0x0A, 0x0B, 0x0B, 0x0C, 0x10, 0x83, 0x11, 0x85, 0x12, 0x5D
         db 0x15, 0x63, 0x16, 0xBA, 0xFF
crtc200: db 0x09, 0xC7, 0x0A, 0x06, 0x0B, 0x07, 0xFF

; load the DAC with palette AL (P_EGA, P_MONO, P_VGA256)
load_dac:
        pusha
        mov dx, 0x3C8
        mov bl, al
        xor al, al
        out dx, al
        inc dx
        cmp bl, P_VGA256
        je .vga
        xor cx, cx                  ; 64 entries of rgbRGB (EGA) or mono
.e:     mov bh, 0
        mov ah, cl
        cmp bl, P_MONO
        je .mono
        call .comp                  ; red: bits 2 and 5
        mov ah, cl
        shl ah, 1
        call .comp                  ; green: bits 1 and 4
        mov ah, cl
        shl ah, 2
        call .comp                  ; blue: bits 0 and 3
        jmp .next
.mono:  xor al, al
        test cl, 0x08
        jz .m1
        add al, 0x2A
.m1:    test cl, 0x10
        jz .m2
        add al, 0x15
.m2:    out dx, al
        out dx, al
        out dx, al
.next:  inc cx
        cmp cx, 64
        jb .e
        ; entries 64-255 black
        mov cx, 192*3
        xor al, al
.z:     out dx, al
        loop .z
        popa
        ret
; AH: bit 2 = 2/3 intensity, bit 5 = 1/3 intensity (after the shift)
.comp:  xor al, al
        test ah, 0x04
        jz .c1
        add al, 0x2A
.c1:    test ah, 0x20
        jz .c2
        add al, 0x15
.c2:    out dx, al
        ret
.vga:   ; IBM's default 256-colour palette: the 16 CGA colours, 16 greys,
        ; then 3 intensities x 3 saturations x 24 hues, then 8 black
        mov si, vga_pal16
        mov cx, 16*3
.v1:    cs lodsb
        out dx, al
        loop .v1
        mov si, vga_grey
        mov cx, 16
.v2:    cs lodsb
        out dx, al
        out dx, al
        out dx, al
        loop .v2
        mov si, vga_levels          ; 9 groups of 5 levels
        mov cx, 9
.grp:   push cx
        mov di, vga_hues
        mov cx, 24
.hue:   push cx
        mov cx, 3
.comp3: mov al, [cs:di]
        inc di
        xor ah, ah
        mov bx, ax
        mov al, [cs:si + bx]
        out dx, al
        loop .comp3
        pop cx
        loop .hue
        add si, 5
        pop cx
        loop .grp
        mov cx, 8*3
        xor al, al
.z2:    out dx, al
        loop .z2
        popa
        ret

vga_pal16:
        db 0x00,0x00,0x00, 0x00,0x00,0x2A, 0x00,0x2A,0x00, 0x00,0x2A,0x2A
        db 0x2A,0x00,0x00, 0x2A,0x00,0x2A, 0x2A,0x15,0x00, 0x2A,0x2A,0x2A
        db 0x15,0x15,0x15, 0x15,0x15,0x3F, 0x15,0x3F,0x15, 0x15,0x3F,0x3F
        db 0x3F,0x15,0x15, 0x3F,0x15,0x3F, 0x3F,0x3F,0x15, 0x3F,0x3F,0x3F
vga_grey:
        db 0x00,0x05,0x08,0x0B,0x0E,0x11,0x14,0x18,0x1C,0x20,0x24,0x28,0x2D,0x32,0x38,0x3F
vga_levels:
        db 0x00,0x10,0x1F,0x2F,0x3F, 0x1F,0x27,0x2F,0x37,0x3F, 0x2D,0x31,0x36,0x3A,0x3F
        db 0x00,0x07,0x0E,0x15,0x1C, 0x0E,0x11,0x15,0x18,0x1C, 0x14,0x16,0x18,0x1A,0x1C
        db 0x00,0x04,0x08,0x0C,0x10, 0x08,0x0A,0x0C,0x0E,0x10, 0x0B,0x0C,0x0D,0x0F,0x10
vga_hues:       ; R, G, B level indexes: blue, magenta, red, yellow, green, cyan
        db 0,0,4, 1,0,4, 2,0,4, 3,0,4, 4,0,4, 4,0,3, 4,0,2, 4,0,1
        db 4,0,0, 4,1,0, 4,2,0, 4,3,0, 4,4,0, 3,4,0, 2,4,0, 1,4,0
        db 0,4,0, 0,4,1, 0,4,2, 0,4,3, 0,4,4, 0,3,4, 0,2,4, 0,1,4

; ---------------------------------------------------------------- fonts
; Loads a ROM font into character block BL: AL = 01h/11h 8x14,
; 02h/12h 8x8, 04h/14h 8x16 (AH ignored).
font_load_rom:
        push es
        push bp
        push cs
        pop es
        mov bh, 14
        mov bp, font14
        and al, 0x0F
        cmp al, 1
        je .go
        mov bh, 8
        mov bp, font8
        cmp al, 2
        je .go
        mov bh, 16
        mov bp, font16
.go:    mov cx, 256
        xor dx, dx
        call font_load
        pop bp
        pop es
        ret

; Loads CX glyphs of BH bytes from ES:BP into plane 2, block BL (0-7),
; starting at character DX.
font_load:
        pusha
        push ds
        push es
        push es
        pop ds
        push cx
        call plane2_open
        pop cx
        ; destination A000:(block base + DX*32)
        movzx ax, bl
        and al, 7
        mov di, ax
        and di, 3
        shl di, 14                  ; blocks 0-3: 0, 4000h, 8000h, C000h
        test al, 4
        jz .b
        add di, 0x2000              ; blocks 4-7 lie 2000h above
.b:     shl dx, 5
        add di, dx
        mov si, bp
        push word 0xA000
        pop es
        movzx dx, bh
.g:     push cx
        push di
        mov cx, dx
        rep movsb
        mov cx, 32
        sub cx, dx
        xor al, al
        rep stosb
        pop di
        add di, 32
        pop cx
        loop .g
        pop es
        pop ds
        call plane2_close
        popa
        ret

; plane 2 sequential access at A0000 (IBM: how a BIOS reaches the fonts)
plane2_open:
        push ax
        push dx
        mov dx, 0x3C4
        mov ax, 0x0402              ; map mask: plane 2
        out dx, ax
        mov ax, 0x0704              ; memory mode: sequential, extended
        out dx, ax
        mov dl, 0xCE
        mov ax, 0x0204              ; read map 2
        out dx, ax
        mov ax, 0x0005              ; write mode 0, no odd/even
        out dx, ax
        mov ax, 0x0406              ; A0000 64K, graphics off
        out dx, ax
        pop dx
        pop ax
        ret

plane2_close:
        push ax
        push dx
        push ds
        push word BDA
        pop ds
        mov dx, 0x3C4
        mov ax, 0x0302
        out dx, ax
        mov ax, 0x0204
        out dx, ax
        mov dl, 0xCE
        mov ax, 0x0004
        out dx, ax
        mov ax, 0x1005
        out dx, ax
        mov ax, 0x0E06
        cmp word [B_CRTC], 0x3B4
        jne .c
        mov ah, 0x0A
.c:     out dx, ax
        pop ds
        pop dx
        pop ax
        ret

; ---------------------------------------------------------------- cursor
; AH=01h: CH = start line (bit 5: off), CL = end line
f01_cursor_shape:
        mov [B_CURSHAPE], cx
set_cursor_shape_hw:
        mov cx, [B_CURSHAPE]
        mov al, ch
        and al, 0x60
        cmp al, 0x20
        jne .on
        mov ax, 0x200A
        call crtc_write
        mov ax, 0x000B
        jmp crtc_write
.on:    and cx, 0x1F1F
        test byte [B_EGAMISC], 1    ; cursor emulation
        jnz .prog
        mov al, [B_CHARH]
        cmp al, 8
        jbe .prog
        cmp ch, 8
        jae .prog
        cmp cl, 8
        jae .prog
        ; scale CGA 8-line values to the cell height: the bottom line 7
        ; becomes the line above the last, start 6 with end 7 two above
        mov bl, al                  ; cell height
        cmp cl, 7
        jne .e1
        mov cl, bl
        sub cl, 2
        cmp ch, 6
        jne .prog
        mov ch, bl
        sub ch, 3
        jmp .prog
.e1:    mov al, cl
        mul bl
        shr ax, 3
        mov cl, al
        mov al, ch
        mul bl
        shr ax, 3
        mov ch, al
.prog:  mov al, 0x0A
        mov ah, ch
        call crtc_write
        mov al, 0x0B
        mov ah, cl
        jmp crtc_write

; AH=02h: BH = page, DH = row, DL = column
f02_set_cursor:
        and bh, 7
        movzx bx, bh
        shl bx, 1
        mov [B_CURPOS + bx], dx
        shr bx, 1
        cmp bl, [B_PAGE]
        jne .r
        call cursor_hw
.r:     ret

; programs CRTC 0Eh/0Fh from the active page's cursor
cursor_hw:
        pusha
        movzx bx, byte [B_PAGE]
        shl bx, 1
        mov dx, [B_CURPOS + bx]
        movzx ax, dh
        movzx cx, dl
        mul word [B_COLS]
        add ax, cx
        mov bx, [B_PAGESTART]
        shr bx, 1
        add ax, bx
        mov bx, ax
        mov al, 0x0E
        mov ah, bh
        call crtc_write
        mov al, 0x0F
        mov ah, bl
        call crtc_write
        popa
        ret

; AH=03h: BH = page -> CX shape, DX position
f03_get_cursor:
        and bh, 7
        movzx bx, bh
        shl bx, 1
        mov ax, [B_CURPOS + bx]
        mov [bp + R_DX], ax
        mov ax, [B_CURSHAPE]
        mov [bp + R_CX], ax
        mov word [bp + R_AX], 0
        ret

; AH=05h: AL = page
f05_set_page:
        call cur_entry
        jc .r
        cmp byte [cs:si + E_KIND], K_LIN8
        je .r
        and al, 7
        mov [B_PAGE], al
        movzx ax, al
        mul word [B_PAGESIZE]
        mov [B_PAGESTART], ax
        cmp byte [cs:si + E_KIND], K_TEXT
        jne .g
        shr ax, 1                   ; CRTC counts words in text modes
.g:     mov bx, ax
        mov al, 0x0C
        mov ah, bh
        call crtc_write
        mov al, 0x0D
        mov ah, bl
        call crtc_write
        call cursor_hw
.r:     ret

; ---------------------------------------------------------------- geometry
; locals below the frame (int10 reserves 16 bytes)
L_KIND  equ -2
L_STRIDE equ -4                     ; bytes per scan line (text: per row)
L_BPC   equ -6                      ; bytes per character column
L_LINES equ -8                      ; scan lines per character row
L_SEG   equ -10
L_FILL  equ -12                     ; fill value for scrolling
L_COL   equ -14                     ; byte offset of the first column
L_LAST  equ -16                     ; last column of a scroll window
L_PAGEOFF equ -18                   ; start of the page pixels go to
L_LINES200 equ -20                  ; mode set: 0 = 400, 1 = 350, 2 = 200 lines

; fills the locals for the current mode; CF when the mode is unknown
geometry:
        pusha
        call cur_entry
        jc .r
        movzx ax, byte [cs:si + E_KIND]
        mov [bp + L_KIND], ax
        mov ax, [cs:si + E_SEG]
        mov [bp + L_SEG], ax
        mov ax, [B_COLS]
        mov word [bp + L_BPC], 1
        movzx bx, byte [B_CHARH]
        mov [bp + L_LINES], bx
        mov cl, [bp + L_KIND]
        cmp cl, K_TEXT
        jne .g
        shl ax, 1
        mov word [bp + L_BPC], 2
        mov word [bp + L_LINES], 1
        jmp .s
.g:     cmp cl, K_LIN8
        jne .c
        mov ax, 320
        mov word [bp + L_BPC], 8
        jmp .s
.c:     cmp cl, K_CGA4
        jne .s
        mov ax, 80
        mov word [bp + L_BPC], 2
.s:     mov [bp + L_STRIDE], ax
        mov ax, [B_PAGESTART]
        mov [bp + L_PAGEOFF], ax
        clc
.r:     popa
        ret

; L_PAGEOFF = start of page BH (AH=0Ch/0Dh address a page, not the screen)
page_bh:
        push ax
        push dx
        movzx ax, bh
        and al, 7
        mul word [B_PAGESIZE]
        mov [bp + L_PAGEOFF], ax
        pop dx
        pop ax
        ret

; AX = scan line (text: row) -> DI = its offset in the video segment
line_addr:
        push ax
        push dx
        cmp byte [bp + L_KIND], K_CGA4
        je .cga
        cmp byte [bp + L_KIND], K_CGA2
        je .cga
        mul word [bp + L_STRIDE]
        add ax, [bp + L_PAGEOFF]
        mov di, ax
        pop dx
        pop ax
        ret
.cga:   mov di, ax
        shr ax, 1
        mov dx, 80
        mul dx
        test di, 1
        jz .e
        add ax, 0x2000
.e:     mov di, ax
        pop dx
        pop ax
        ret

; ---------------------------------------------------------------- scrolling
; AH=06h/07h: AL lines (0: clear), BH fill attribute, CH,CL top left,
; DH,DL bottom right, on the active page
f06_scroll_up:
        xor si, si
        jmp scroll
f07_scroll_down:
        mov si, 1
scroll:
        call geometry
        jc .r
        mov bl, [B_COLS]
        dec bl
        cmp dl, bl
        jbe .c1
        mov dl, bl
.c1:    cmp dh, [B_ROWS]
        jbe .c2
        mov dh, [B_ROWS]
.c2:    cmp ch, dh
        ja .r
        cmp cl, dl
        ja .r
        mov bl, dh
        sub bl, ch
        inc bl                      ; window height
        test al, al
        jz .all
        cmp al, bl
        jbe .n
.all:   mov al, bl
.n:     call set_fill               ; from BH
        movzx di, al                ; DI = lines to move by
        test si, si
        jnz .down
        mov bl, ch                  ; up: destination rows top to bottom
.ul:    cmp bl, dh
        ja .r
        movzx ax, bl
        add ax, di
        cmp al, dh
        ja .uf
        test ah, ah
        jnz .uf
        call row_copy
        jmp .un
.uf:    call row_fill
.un:    inc bl
        jmp .ul
.down:  mov bl, dh
.dl:    movzx ax, bl
        sub ax, di
        jc .df
        cmp al, ch
        jb .df
        call row_copy
        jmp .dn
.df:    call row_fill
.dn:    cmp bl, ch
        je .r
        dec bl
        jmp .dl
.r:     call gc_restore
        ret

; L_FILL from attribute BH
set_fill:
        push ax
        mov al, [bp + L_KIND]
        cmp al, K_TEXT
        jne .g
        mov ah, bh
        mov al, ' '
        jmp .s
.g:     mov al, bh
        cmp byte [bp + L_KIND], K_CGA4
        jne .g2
        and al, 3
        mov ah, 0x55
        mul ah
        jmp .s
.g2:    cmp byte [bp + L_KIND], K_CGA2
        jne .s
        and al, 1
        neg al
.s:     mov [bp + L_FILL], ax
        pop ax
        ret

; copies columns CL..DL of character row AL to row BL
row_copy:
        pusha
        push ds
        push es
        mov es, [bp + L_SEG]
        cmp byte [bp + L_KIND], K_PLANAR
        jne .nl
        push ax
        push dx
        mov dx, 0x3CE
        mov ax, 0x0105              ; write mode 1: the latches copy all planes
        out dx, ax
        pop dx
        pop ax
.nl:    mov [bp + L_LAST], dl
        movzx ax, al
        mul word [bp + L_LINES]
        mov si, ax                  ; first source scan line
        movzx ax, bl
        mul word [bp + L_LINES]
        mov bx, ax                  ; first destination scan line
        movzx ax, cl
        mul word [bp + L_BPC]
        mov [bp + L_COL], ax
        mov dl, [bp + L_LAST]
        sub dl, cl
        movzx ax, dl
        inc ax
        mul word [bp + L_BPC]
        mov dx, ax                  ; bytes per line
        mov cx, [bp + L_LINES]
.line:  push cx
        mov ax, si
        call line_addr
        push di
        mov ax, bx
        call line_addr
        pop ax
        push si
        push ds
        push es
        pop ds
        mov si, ax
        add si, [bp + L_COL]
        add di, [bp + L_COL]
        mov cx, dx
        rep movsb
        pop ds
        pop si
        inc si
        inc bx
        pop cx
        loop .line
        pop es
        pop ds
        popa
        ret

; fills columns CL..DL of character row BL with L_FILL
row_fill:
        pusha
        push es
        mov es, [bp + L_SEG]
        cmp byte [bp + L_KIND], K_PLANAR
        jne .nl
        push dx
        mov dx, 0x3CE
        mov ax, 0x0005              ; write mode 0 with set/reset on all planes
        out dx, ax
        mov al, 0
        mov ah, [bp + L_FILL]
        out dx, ax
        mov ax, 0x0F01
        out dx, ax
        pop dx
.nl:    mov [bp + L_LAST], dl
        movzx ax, bl
        mul word [bp + L_LINES]
        mov bx, ax
        movzx ax, cl
        mul word [bp + L_BPC]
        mov si, ax
        mov dl, [bp + L_LAST]
        sub dl, cl
        movzx ax, dl
        inc ax
        mul word [bp + L_BPC]
        mov dx, ax
        mov cx, [bp + L_LINES]
.line:  push cx
        mov ax, bx
        call line_addr
        add di, si
        mov cx, dx
        mov ax, [bp + L_FILL]
        cmp byte [bp + L_KIND], K_TEXT
        jne .b
        shr cx, 1
        rep stosw
        jmp .nx
.b:     rep stosb
.nx:    inc bx
        pop cx
        loop .line
        pop es
        popa
        ret

; graphics controller back to the BIOS defaults of planar modes
gc_restore:
        push ax
        push dx
        cmp byte [bp + L_KIND], K_PLANAR
        jne .r
        mov dx, 0x3CE
        mov ax, 0x0005
        out dx, ax
        mov ax, 0x0001
        out dx, ax
        mov ax, 0x0000
        out dx, ax
        mov ax, 0x0003
        out dx, ax
        mov ax, 0xFF08
        out dx, ax
.r:     pop dx
        pop ax
        ret

; ---------------------------------------------------------------- characters
; text cell offset of page BH, row DH, column DL -> DI
text_off:
        push ax
        push dx
        movzx ax, bh
        and al, 7
        mul word [B_PAGESIZE]
        mov di, ax
        pop dx
        push dx
        movzx ax, dh
        mul word [B_COLS]
        pop dx
        push dx
        xor dh, dh
        add ax, dx
        shl ax, 1
        add di, ax
        pop dx
        pop ax
        ret

; cursor of page BH -> DX
get_pos:
        push bx
        movzx bx, bh
        and bl, 7
        shl bx, 1
        mov dx, [B_CURPOS + bx]
        pop bx
        ret

; AH=08h: BH = page -> AL character, AH attribute
f08_read_char:
        call geometry
        jc .r
        call get_pos
        cmp byte [bp + L_KIND], K_TEXT
        jne .g
        mov es, [bp + L_SEG]
        call text_off
        mov ax, [es:di]
        mov [bp + R_AX], ax
.r:     ret
.g:     ; graphics: read the cell as a bitmap (non-zero pixels set) and
        ; look it up in the current INT 43h font
        sub sp, 16
        mov si, sp
        movzx ax, dl
        shl ax, 3
        mov cx, ax                  ; x0
        movzx ax, dh
        mul word [B_CHARH]
        mov dx, ax                  ; y0
        xor bx, bx
.row:   xor ah, ah
        push cx
        mov di, 8
.px:    push ax
        call get_pixel              ; CX,DX -> AL
        test al, al
        pop ax
        clc
        jz .z
        stc
.z:     rcl ah, 1
        inc cx
        dec di
        jnz .px
        pop cx
        mov [ss:si + bx], ah
        inc dx
        inc bx
        cmp bx, [B_CHARH]
        jb .row
        ; compare with the 256 glyphs
        xor ax, ax
        mov es, ax
        les di, [es:0x43*4]
        xor dx, dx                  ; character
.cmp:   push si
        push di
        mov cx, [B_CHARH]
.c1:    mov al, [ss:si]
        cmp al, [es:di]
        jne .ne
        inc si
        inc di
        loop .c1
        pop di
        pop si
        jmp .found
.ne:    pop di
        pop si
        add di, [B_CHARH]
        inc dx
        cmp dx, 256
        jb .cmp
        xor dx, dx
.found: mov [bp + R_AX], dx
        add sp, 16
        ret

; AH=09h: AL char, BH page, BL attribute/colour, CX count
f09_write_char_attr:
        call geometry
        jc .r
        cmp byte [bp + L_KIND], K_TEXT
        jne gfx_chars
        call get_pos
        mov es, [bp + L_SEG]
        call text_off
        mov ah, bl
        rep stosw
.r:     ret

; AH=0Ah: AL char, BH page, CX count (attribute kept)
f0a_write_char:
        call geometry
        jc .r
        cmp byte [bp + L_KIND], K_TEXT
        jne gfx_chars
        call get_pos
        mov es, [bp + L_SEG]
        call text_off
        jcxz .r
.l:     stosb
        inc di
        loop .l
.r:     ret

; graphics: CX glyphs AL in colour BL (bit 7: XOR) at the cursor of page BH
gfx_chars:
        call get_pos
.l:     jcxz .r
        push cx
        call gfx_glyph
        pop cx
        inc dl
        dec cx
        jmp .l
.r:     ret

; draws glyph AL with colour BL at row DH, column DL (active page)
gfx_glyph:
        pusha
        push es
        xor si, si
        mov es, si
        les si, [es:0x43*4]
        push dx
        movzx cx, al
        mov ax, [B_CHARH]
        mul cx
        add si, ax                  ; ES:SI = glyph
        pop dx
        movzx cx, dl
        shl cx, 3                   ; x
        movzx ax, dh
        mul word [B_CHARH]
        mov di, ax                  ; y
        mov bh, [B_CHARH]
.row:   mov ah, [es:si]
        inc si
        push cx
        mov dh, 8
.px:    shl ah, 1
        push ax
        mov al, bl
        jc .set
        test bl, 0x80
        jz .bg
        cmp byte [bp + L_KIND], K_LIN8
        jne .skip                   ; XOR with 0 changes nothing
.bg:
        xor al, al
.set:   push dx
        mov dx, di
        call put_pixel
        pop dx
.skip:  pop ax
        inc cx
        dec dh
        jnz .px
        pop cx
        inc di
        dec bh
        jnz .row
        pop es
        popa
        ret

; ---------------------------------------------------------------- pixels
; AH=0Ch: AL colour (bit 7: XOR), BH page, CX column, DX row
f0c_write_pixel:
        call geometry
        jc .r
        cmp byte [bp + L_KIND], K_TEXT
        je .r
        call page_bh
        call put_pixel
.r:     ret

; AH=0Dh: BH page, CX column, DX row -> AL colour
f0d_read_pixel:
        call geometry
        jc .r
        cmp byte [bp + L_KIND], K_TEXT
        je .r
        call page_bh
        call get_pixel
        mov [bp + R_AL], al
.r:     ret

; pixel (CX, DX) of the active page: put AL (bit 7 XOR)
put_pixel:
        pusha
        push es
        mov es, [bp + L_SEG]
        mov bl, al
        mov al, [bp + L_KIND]
        cmp al, K_LIN8
        je .lin
        cmp al, K_PLANAR
        je .pl
        ; CGA: 4 (2 bits) or 8 (1 bit) pixels per byte
        mov ax, dx
        call line_addr
        mov ax, cx
        cmp byte [bp + L_KIND], K_CGA4
        jne .c2
        shr ax, 2
        add di, ax
        and cl, 3
        mov ch, 3
        sub ch, cl
        mov cl, ch
        shl cl, 1                   ; shift = (3 - x%4) * 2
        mov ah, 3
        jmp .cset
.c2:    shr ax, 3
        add di, ax
        and cl, 7
        mov ch, 7
        sub ch, cl
        mov cl, ch
        mov ah, 1
.cset:  mov al, bl
        and al, ah
        shl al, cl
        shl ah, cl
        test bl, 0x80
        jnz .cx
        not ah
        and [es:di], ah
        or [es:di], al
        jmp .r
.cx:    xor [es:di], al
        jmp .r
.lin:   mov ax, 320                 ; 256 colours: bit 7 is colour, not XOR
        mul dx
        add ax, cx
        add ax, [bp + L_PAGEOFF]
        mov di, ax
        mov [es:di], bl
        jmp .r
.pl:    mov ax, dx
        call line_addr
        mov ax, cx
        shr ax, 3
        add di, ax
        and cl, 7
        mov ah, 0x80
        shr ah, cl
        mov dx, 0x3CE
        mov al, 0x08                ; bit mask
        out dx, ax
        mov ax, 0x0205              ; write mode 2
        out dx, ax
        mov ax, 0x0003
        test bl, 0x80
        jz .p1
        mov ah, 0x18                ; function: XOR
.p1:    out dx, ax
        mov al, [es:di]             ; load the latches
        mov al, bl
        mov [es:di], al
        mov ax, 0xFF08
        out dx, ax
        mov ax, 0x0005
        out dx, ax
        mov ax, 0x0003
        out dx, ax
.r:     pop es
        popa
        ret

; pixel (CX, DX) of the active page -> AL
get_pixel:
        push bx
        push cx
        push dx
        push di
        push es
        mov es, [bp + L_SEG]
        mov bl, [bp + L_KIND]
        cmp bl, K_LIN8
        je .lin
        mov ax, dx
        call line_addr
        mov ax, cx
        cmp bl, K_PLANAR
        je .pl
        cmp bl, K_CGA4
        jne .c2
        shr ax, 2
        add di, ax
        and cl, 3
        mov ch, 3
        sub ch, cl
        mov cl, ch
        shl cl, 1
        mov al, [es:di]
        shr al, cl
        and al, 3
        jmp .r
.c2:    shr ax, 3
        add di, ax
        and cl, 7
        mov al, [es:di]
        shl al, cl
        rol al, 1
        and al, 1
        jmp .r
.lin:   mov ax, 320
        mul dx
        add ax, cx
        add ax, [bp + L_PAGEOFF]
        mov di, ax
        mov al, [es:di]
        jmp .r
.pl:    shr ax, 3
        add di, ax
        and cl, 7
        mov ch, 0x80
        shr ch, cl
        xor bl, bl                  ; result
        mov dx, 0x3CE
        mov ax, 0x0304              ; read map 3 down to 0
.plane: out dx, ax
        shl bl, 1
        test [es:di], ch
        jz .z
        or bl, 1
.z:     dec ah
        jns .plane
        mov ax, 0x0004
        out dx, ax
        mov al, bl
.r:     pop es
        pop di
        pop dx
        pop cx
        pop bx
        ret

; ---------------------------------------------------------------- teletype
; AH=0Eh: AL character, BL colour (graphics modes); active page
f0e_teletype:
        call geometry
        jc .r
        mov bh, [B_PAGE]
        call tty_char
.r:     ret

; writes AL as teletype on page BH; BL graphics colour; AH = attribute
; to use (0FFh: keep the cell's attribute)
tty_char:
        mov ah, 0xFF
tty_attr:
        pusha
        call get_pos
        cmp al, 7
        je .done                    ; bell: no speaker here
        cmp al, 8
        jne .nbs
        test dl, dl
        jz .done
        dec dl
        jmp .set
.nbs:   cmp al, 13
        jne .ncr
        xor dl, dl
        jmp .set
.ncr:   cmp al, 10
        jne .chr
        inc dh
        jmp .chk
.chr:   cmp byte [bp + L_KIND], K_TEXT
        jne .gc
        push es
        mov es, [bp + L_SEG]
        call text_off
        mov [es:di], al
        cmp ah, 0xFF
        je .ka
        mov [es:di + 1], ah
.ka:    pop es
        jmp .adv
.gc:    push bx
        cmp ah, 0xFF
        je .gcol
        mov bl, ah
.gcol:  call gfx_glyph
        pop bx
.adv:   inc dl
        cmp dl, [B_COLS]
        jb .set
        xor dl, dl
        inc dh
.chk:   cmp dh, [B_ROWS]
        jbe .set
        mov dh, [B_ROWS]
        ; scroll the whole page up one line; the new line gets the
        ; attribute of the cell at the cursor (text) or colour 0
        push dx
        push bx
        xor bh, bh
        cmp byte [bp + L_KIND], K_TEXT
        jne .sc
        push es
        mov es, [bp + L_SEG]
        mov bh, [B_PAGE]
        call text_off
        mov bh, [es:di + 1]
        pop es
.sc:    call set_fill
        xor cl, cl
        mov dl, [B_COLS]
        dec dl
        xor bl, bl
.sr:    cmp bl, dh
        jae .sf
        mov al, bl
        inc al
        call row_copy
        inc bl
        jmp .sr
.sf:    mov bl, dh
        call row_fill
        call gc_restore
        pop bx
        pop dx
.set:   push bx
        movzx bx, bh
        and bl, 7
        shl bx, 1
        mov [B_CURPOS + bx], dx
        shr bx, 1
        cmp bl, [B_PAGE]
        jne .nc
        call cursor_hw
.nc:    pop bx
.done:  popa
        ret

; AH=0Fh -> AL mode, AH columns, BH active page
f0f_get_mode:
        mov al, [B_EGAMISC]
        and al, 0x80
        or al, [B_MODE]
        mov ah, [B_COLS]
        mov [bp + R_AX], ax
        mov al, [B_PAGE]
        mov [bp + R_BH], al
        ret

; ---------------------------------------------------------------- palettes
; AH=0Bh: BH=0 background/border colour BL, BH=1 CGA palette BL
f0b_palette:
        test bh, bh
        jnz .pal
        mov al, [B_PALETTE]
        and al, 0xE0
        mov ah, bl
        and ah, 0x1F
        or al, ah
        mov [B_PALETTE], al
        ; intensity bit 4 -> palette bit 4
        mov ah, bl
        and ah, 0x0F
        test bl, 0x08
        jz .b1
        and ah, 0x07
        or ah, 0x10
.b1:    mov al, 0x11                ; overscan
        call ac_write
        call cur_kind
        cmp al, K_TEXT
        je .cga
        mov al, 0                   ; graphics: background = palette 0
        call ac_write
        jmp .cga
.pal:   mov al, [B_PALETTE]
        and al, 0xDF
        test bl, 1
        jz .p0
        or al, 0x20
.p0:    mov [B_PALETTE], al
.cga:   ; CGA 4-colour modes: palette registers 1-3 from the BDA
        call cur_kind
        cmp al, K_CGA4
        jne .r
        mov bl, [B_PALETTE]
        mov ah, 2
        test bl, 0x20
        jz .c1
        inc ah
.c1:    test bl, 0x10
        jz .c2
        or ah, 0x10
.c2:    mov al, 1
.c3:    call ac_write
        add ah, 2
        inc al
        cmp al, 4
        jb .c3
.r:     ret

; AH=10h: palette registers and DAC
f10_palette:
        cmp al, 0x00
        je .set1
        cmp al, 0x01
        je .over
        cmp al, 0x02
        je .setall
        cmp al, 0x03
        je .blink
        cmp al, 0x07
        je .get1
        cmp al, 0x08
        je .getover
        cmp al, 0x09
        je .getall
        cmp al, 0x10
        je .dac1
        cmp al, 0x12
        je .dacblk
        cmp al, 0x13
        je .page
        cmp al, 0x15
        je .rdac1
        cmp al, 0x17
        je .rdacblk
        cmp al, 0x1A
        je .getpage
        cmp al, 0x1B
        je .grey
        ret
.set1:  cmp bl, 0x14
        ja .r
        mov al, bl
        mov ah, bh
        jmp ac_write
.over:  mov al, 0x11
        mov ah, bh
        jmp ac_write
.setall:
        mov si, dx
        xor al, al
.sa:    mov ah, [es:si]
        inc si
        call ac_write
        inc al
        cmp al, 16
        jb .sa
        mov ah, [es:si]
        mov al, 0x11
        jmp ac_write
.blink: mov al, 0x10
        call ac_read
        and ah, 0xF7
        test bl, bl
        jz .bl0
        or ah, 0x08
.bl0:   jmp ac_write
.get1:  mov al, bl
        call ac_read
        mov [bp + R_BH], ah
.r:     ret
.getover:
        mov al, 0x11
        call ac_read
        mov [bp + R_BH], ah
        ret
.getall:
        mov di, dx
        xor al, al
.ga:    call ac_read
        mov [es:di], ah
        inc di
        inc al
        cmp al, 16
        jb .ga
        mov al, 0x11
        call ac_read
        mov [es:di], ah
        ret
.dac1:  mov al, bl
        mov dx, 0x3C8
        out dx, al
        inc dx
        mov al, [bp + R_DH]
        out dx, al
        mov al, ch
        out dx, al
        mov al, cl
        out dx, al
        ret
.dacblk:
        mov ax, cx
        mov cx, 3
        mul cx
        mov cx, ax
        mov al, bl
        mov si, [bp + R_DX]
        mov dx, 0x3C8
        out dx, al
        inc dx
        jcxz .r
.db:    mov al, [es:si]
        inc si
        out dx, al
        loop .db
        ret
.page:  ; BL=0: paging mode BH (AC 10h bit 7); BL=1: page BH (AC 14h)
        test bl, bl
        jnz .pg1
        mov al, 0x10
        call ac_read
        and ah, 0x7F
        test bh, bh
        jz .pg0
        or ah, 0x80
.pg0:   jmp ac_write
.pg1:   mov al, 0x10
        call ac_read
        mov al, bh
        test ah, 0x80
        jnz .pg16
        shl al, 2                   ; 4 pages of 64: bits 3-2
        and al, 0x0C
        jmp .pgw
.pg16:  and al, 0x0F
.pgw:   mov ah, al
        mov al, 0x14
        jmp ac_write
.rdac1: mov al, bl
        mov dx, 0x3C7
        out dx, al
        mov dl, 0xC9
        in al, dx
        mov [bp + R_DH], al
        in al, dx
        mov [bp + R_CH], al
        in al, dx
        mov [bp + R_CL], al
        ret
.rdacblk:
        mov ax, cx
        mov cx, 3
        mul cx
        mov cx, ax
        mov al, bl
        mov di, [bp + R_DX]
        mov dx, 0x3C7
        out dx, al
        mov dl, 0xC9
        jcxz .r2
        rep insb
.r2:    ret
.getpage:
        mov al, 0x10
        call ac_read
        shr ah, 7
        mov [bp + R_BL], ah
        mov al, 0x14
        call ac_read
        mov al, ah
        and al, 0x0F
        test byte [bp + R_BL], 1
        jnz .gp
        shr al, 2
.gp:    mov [bp + R_BH], al
        ret
.grey:  ; sum to grey: 30% red + 59% green + 11% blue (IBM)
        jcxz .r2
.gl:    push cx
        mov dx, 0x3C7
        mov al, bl
        out dx, al
        mov dl, 0xC9
        in al, dx
        movzx si, al
        imul si, si, 77
        in al, dx
        movzx di, al
        imul di, di, 151
        add si, di
        in al, dx
        movzx di, al
        imul di, di, 28
        add si, di
        add si, 0x80
        shr si, 8
        mov dl, 0xC8
        mov al, bl
        out dx, al
        inc dx
        mov ax, si
        out dx, al
        out dx, al
        out dx, al
        inc bx
        pop cx
        loop .gl
        ret

; ---------------------------------------------------------------- AH=11h
f11_font:
        cmp al, 0x00
        je .user
        cmp al, 0x10
        je .user
        cmp al, 0x01
        je .rom
        cmp al, 0x02
        je .rom
        cmp al, 0x04
        je .rom
        cmp al, 0x11
        je .rom
        cmp al, 0x12
        je .rom
        cmp al, 0x14
        je .rom
        cmp al, 0x03
        je .block
        cmp al, 0x20
        je .i1f
        cmp al, 0x21
        je .i43u
        cmp al, 0x22
        je .i43r
        cmp al, 0x23
        je .i43r
        cmp al, 0x24
        je .i43r
        cmp al, 0x30
        je .info
        ret
.user:  push bp
        mov bp, [bp + R_BP]
        call font_load
        pop bp
        mov al, [bp + R_AL]
        test al, 0x10
        jz .r
        mov al, bh
        jmp recalc_text
.rom:   push ax
        call font_load_rom
        pop ax
        test al, 0x10
        jz .r
        mov bh, 14
        cmp al, 0x11
        je .rc
        mov bh, 8
        cmp al, 0x12
        je .rc
        mov bh, 16
.rc:    mov al, bh
        jmp recalc_text
.block: mov dx, 0x3C4
        mov al, 3
        mov ah, bl
        out dx, ax
.r:     ret
.i1f:   push ds
        xor ax, ax
        mov ds, ax
        mov ax, [bp + R_BP]
        mov [0x1F*4], ax
        mov [0x1F*4+2], es
        pop ds
        ret
.i43u:  push ds
        xor ax, ax
        mov ds, ax
        mov ax, [bp + R_BP]
        mov [0x43*4], ax
        mov [0x43*4+2], es
        pop ds
        mov [B_CHARH], cx
        jmp .rows
.i43r:  mov si, font14
        mov cx, 14
        cmp al, 0x22
        je .i43s
        mov si, font8
        mov cx, 8
        cmp al, 0x23
        je .i43s
        mov si, font16
        mov cx, 16
.i43s:  push ds
        xor ax, ax
        mov ds, ax
        mov [0x43*4], si
        mov [0x43*4+2], cs
        pop ds
        mov [B_CHARH], cx
.rows:  ; BL: 0 = DL rows, 1 = 14, 2 = 25, 3 = 43
        mov al, dl
        cmp bl, 0
        je .rs
        mov al, 14
        cmp bl, 1
        je .rs
        mov al, 25
        cmp bl, 2
        je .rs
        mov al, 43
.rs:    dec al
        mov [B_ROWS], al
        ret
.info:  ; BH: 0 INT 1Fh, 1 INT 43h, 2 8x14, 3 8x8, 4 8x8 upper, 5 9x14
        ; alternates, 6 8x16, 7 9x16 alternates
        push ds
        xor ax, ax
        mov ds, ax
        mov ax, cs
        cmp bh, 0
        jne .f1
        les si, [0x1F*4]
        jmp .fo
.f1:    cmp bh, 1
        jne .f2
        les si, [0x43*4]
        jmp .fo
.f2:    mov es, ax
        mov si, font14
        cmp bh, 2
        je .fo
        mov si, font8
        cmp bh, 3
        je .fo
        mov si, font8 + 128*8
        cmp bh, 4
        je .fo
        mov si, font16
        cmp bh, 6
        je .fo
        mov si, no_alternates       ; 5, 7: no 9-dot replacement glyphs
.fo:    pop ds
        mov [bp + R_ES], es
        mov [bp + R_BP], si
        mov ax, [B_CHARH]
        mov [bp + R_CX], ax
        mov al, [B_ROWS]
        mov [bp + R_DL], al
        ret

no_alternates: db 0

; text geometry for a font of AL lines (after AH=11h/1xh): rows that fit in
; the 400 scan lines, CRTC max scan line, cursor, vertical display end
recalc_text:
        call cur_kind
        cmp al, K_TEXT
        jne .r
        mov al, [bp + R_AL]
        mov bl, 14
        cmp al, 0x11
        je .h
        mov bl, 8
        cmp al, 0x12
        je .h
        mov bl, 16
        cmp al, 0x14
        je .h
        mov bl, [bp + R_BH]         ; user font: BH bytes per character
.h:     test bl, bl
        jz .r
        cmp bl, 32
        ja .r
        movzx bx, bl
        mov [B_CHARH], bx
        mov ax, 400
        div bl
        mov cl, al                  ; rows
        dec al
        mov [B_ROWS], al
        movzx ax, cl
        mul bl
        dec ax                      ; vertical display end
        push ax
        mov ah, al
        mov al, 0x12
        call crtc_write
        pop ax
        ; max scan line (keep its other bits)
        mov dx, [B_CRTC]
        mov al, 0x09
        out dx, al
        inc dx
        in al, dx
        and al, 0xE0
        mov ah, bl
        dec ah
        or ah, al
        mov al, 0x09
        call crtc_write
        ; underline location (mono), cursor
        mov ah, bl
        dec ah
        mov al, 0x14
        call crtc_write
        ; page size: rows * columns * 2 rounded up to 2 KiB
        movzx ax, cl
        mul word [B_COLS]
        shl ax, 1
        add ax, 0x7FF
        and ax, 0xF800
        mov [B_PAGESIZE], ax
        call set_cursor_shape_hw
.r:     ret

; ---------------------------------------------------------------- AH=12h
f12_alt:
        cmp bl, 0x10
        je .info
        cmp bl, 0x30
        je .lines
        cmp bl, 0x31
        je .palload
        cmp bl, 0x32
        je .enable
        cmp bl, 0x33
        je .sum
        cmp bl, 0x34
        je .cemu
        cmp bl, 0x36
        je .screen
        ret
.info:  xor bh, bh
        cmp word [B_CRTC], 0x3B4
        jne .i1
        inc bh
.i1:    mov [bp + R_BH], bh
        mov byte [bp + R_BL], 3     ; 256 KiB
        mov byte [bp + R_CH], 0     ; feature bits
        mov al, [B_SWITCHES]
        and al, 0x0F
        mov [bp + R_CL], al
        ret
.lines: ; stored for the next text mode set: 0 = 200, 1 = 350, 2 = 400
        cmp al, 2
        ja .r
        mov ah, [B_VGAFLAGS]
        and ah, 0x6F
        cmp al, 1
        je .l350
        jb .l200
        or ah, 0x10
        jmp .lset
.l200:  or ah, 0x80
        jmp .lset
.l350:
.lset:  mov [B_VGAFLAGS], ah
.ok:    mov byte [bp + R_AL], 0x12
.r:     ret
.palload:                           ; AL=0: load the DAC at mode sets, 1: don't
        and byte [B_VGAFLAGS], 0xF7
        test al, al
        jz .ok
        or byte [B_VGAFLAGS], 0x08
        jmp .ok
.enable:                            ; AL=0 enable, 1 disable video I/O and memory
        mov dx, 0x3C3
        xor al, 1
        and al, 1
        out dx, al
        jmp .ok
.sum:   and byte [B_VGAFLAGS], 0xFD ; grey-scale summing flag (kept in the BDA)
        test al, al
        jnz .ok
        or byte [B_VGAFLAGS], 0x02
        jmp .ok
.cemu:  and byte [B_EGAMISC], 0xFE  ; AL=0 cursor emulation on, 1 off
        test al, al
        jz .ok
        or byte [B_EGAMISC], 0x01
        jmp .ok
.screen:                            ; AL=0 screen on, 1 off (sequencer 01h bit 5)
        mov dx, 0x3C4
        mov al, 1
        out dx, al
        inc dx
        in al, dx
        and al, 0xDF
        test byte [bp + R_AL], 1
        jz .s0
        or al, 0x20
.s0:    out dx, al
        jmp .ok

; ---------------------------------------------------------------- AH=13h
; AL bit 0 update cursor, bit 1 string of (char, attribute); BH page,
; BL attribute, CX length, DH,DL position, ES:BP string
f13_write_string:
        call geometry
        jc .r
        mov si, [bp + R_BP]
        call get_pos
        mov di, dx                  ; old position
        mov dx, [bp + R_DX]
        push bx
        movzx bx, bh
        and bl, 7
        shl bx, 1
        mov [B_CURPOS + bx], dx
        pop bx
        jcxz .end
.l:     mov al, [es:si]
        inc si
        mov ah, bl
        test byte [bp + R_AL], 2
        jz .w
        mov ah, [es:si]
        inc si
.w:     push bx
        cmp byte [bp + L_KIND], K_TEXT
        je .t
        mov bl, ah                  ; graphics: the attribute is the colour
.t:     call tty_attr
        pop bx
        loop .l
.end:   test byte [bp + R_AL], 1
        jnz .r
        movzx bx, bh
        and bl, 7
        shl bx, 1
        mov [B_CURPOS + bx], di
        shr bx, 1
        cmp bl, [B_PAGE]
        jne .r
        call cursor_hw
.r:     ret

; ---------------------------------------------------------------- AH=1Ah
f1a_dcc:
        cmp al, 1
        ja .r
        je .set
        mov bl, [B_DCC]
        mov byte [bp + R_BL], 0x08  ; VGA with analog colour display
        cmp word [B_CRTC], 0x3B4
        jne .c
        mov byte [bp + R_BL], 0x07  ; VGA with analog monochrome display
.c:     mov byte [bp + R_BH], 0
        mov byte [bp + R_AL], 0x1A
.r:     ret
.set:   mov byte [bp + R_AL], 0x1A
        ret

; ---------------------------------------------------------------- AH=1Bh
; BX=0: state information into the 64-byte buffer at ES:DI
f1b_state:
        test bx, bx
        jnz .r
        mov word [es:di], static_func
        mov [es:di + 2], cs
        push di
        add di, 4
        mov si, B_MODE
        mov cx, 0x1E                ; BDA 49h-66h
        rep movsb
        pop di
        mov al, [B_ROWS]
        inc al
        mov [es:di + 0x22], al
        mov ax, [B_CHARH]
        mov [es:di + 0x23], ax
        mov byte [es:di + 0x25], 0x08
        mov byte [es:di + 0x26], 0x00
        call geometry
        mov ax, 16
        mov bl, 8                   ; pages
        mov cl, [bp + L_KIND]
        cmp cl, K_LIN8
        jne .a
        mov ax, 256
        mov bl, 1
.a:     cmp cl, K_CGA4
        jne .b
        mov ax, 4
        mov bl, 1
.b:     cmp cl, K_CGA2
        jne .c
        mov ax, 2
        mov bl, 1
.c:     cmp word [B_CRTC], 0x3B4
        jne .d
        xor ax, ax                  ; monochrome
.d:     mov [es:di + 0x27], ax
        mov [es:di + 0x29], bl
        ; scan lines: 0 200, 1 350, 2 400, 3 480 (from the vertical display end)
        mov dx, [B_CRTC]
        mov al, 0x12
        out dx, al
        inc dx
        in al, dx
        mov bl, 3
        cmp al, 0xDF
        je .e
        mov bl, 1
        cmp al, 0x5D
        je .e
        mov bl, 0
        cmp al, 0xC7
        je .e
        mov bl, 2
.e:     mov [es:di + 0x2A], bl
        mov dx, 0x3C4
        mov al, 3
        out dx, al
        inc dx
        in al, dx
        mov ah, al
        and al, 3
        test ah, 0x10
        jz .f
        or al, 4
.f:     mov [es:di + 0x2B], al      ; primary block (B)
        mov al, ah
        shr al, 2
        and al, 3
        test ah, 0x20
        jz .g
        or al, 4
.g:     mov [es:di + 0x2C], al
        mov al, [B_VGAFLAGS]
        and al, 0x0F
        mov [es:di + 0x2D], al
        mov dword [es:di + 0x2E], 0
        mov byte [es:di + 0x31], 3  ; 256 KiB
        mov byte [es:di + 0x32], 0
        push di
        add di, 0x33
        mov cx, 13
        xor al, al
        rep stosb
        pop di
        mov byte [bp + R_AL], 0x1B
.r:     ret

static_func:
        db 0xFF, 0xE0, 0x0F         ; modes 00h-07h, 0Dh-0Fh, 10h-13h
        db 0, 0, 0, 0
        db 0x07                     ; 200, 350, 400 scan lines
        db 0x08, 0x02               ; 8 blocks, 2 active
        db 0xFF, 0x0E               ; misc functions
        db 0, 0
        db 0x3F, 0

; ---------------------------------------------------------------- AH=1Ch
; CX states: bit 0 hardware, bit 1 BIOS data, bit 2 DAC
SAVE_HW_SIZE    equ 1 + 1 + 1 + 1 + 1 + 4 + 1 + 25 + 20 + 9 + 2   ; indexes and registers
SAVE_BDA_SIZE   equ 0x1E + 6 + 8
SAVE_DAC_SIZE   equ 3 + 768 + 1
f1c_save:
        cmp al, 0
        je .size
        cmp al, 1
        je .save
        cmp al, 2
        je .restore
        ret
.size:  call state_size
        add ax, 63
        shr ax, 6
        mov [bp + R_BX], ax
        mov byte [bp + R_AL], 0x1C
        ret
.save:  mov di, bx
        call state_save
        mov byte [bp + R_AL], 0x1C
        ret
.restore:
        mov si, bx
        call state_restore
        mov byte [bp + R_AL], 0x1C
        ret

; CX states -> AX bytes
state_size:
        xor ax, ax
        test cl, 1
        jz .a
        add ax, SAVE_HW_SIZE
.a:     test cl, 2
        jz .b
        add ax, SAVE_BDA_SIZE
.b:     test cl, 4
        jz .c
        add ax, SAVE_DAC_SIZE
.c:     ret

; CX states into ES:DI
state_save:
        pusha
        test cl, 1
        jz .bda
        mov dx, 0x3C4
        in al, dx
        stosb
        mov dl, 0xCE
        in al, dx
        stosb
        mov dx, [B_CRTC]
        in al, dx
        stosb
        mov dl, 0xC0                ; AC index (read before the flip-flop reset)
        in al, dx
        stosb
        mov dl, 0xCC
        in al, dx
        stosb                       ; misc output
        mov dl, 0xC4
        mov ah, 1
.sq:    mov al, ah
        out dx, al
        inc dx
        in al, dx
        dec dx
        stosb
        inc ah
        cmp ah, 5
        jb .sq
        mov dx, [B_CRTC]
        mov al, dl
        stosb                       ; 0B4h or 0D4h
        xor ah, ah
.cr:    mov al, ah
        out dx, al
        inc dx
        in al, dx
        dec dx
        stosb
        inc ah
        cmp ah, 25
        jb .cr
        xor al, al
.ac:    push ax
        call ac_read
        mov al, ah
        stosb
        pop ax
        inc al
        cmp al, 20
        jb .ac
        mov dx, 0x3CE
        xor ah, ah
.gc:    mov al, ah
        out dx, al
        inc dx
        in al, dx
        dec dx
        stosb
        inc ah
        cmp ah, 9
        jb .gc
        mov dx, [B_CRTC]
        add dx, 6
        in al, dx                   ; flip-flop to index
        mov al, 0xFF
        stosb
        stosb
.bda:   test cl, 2
        jz .dac
        mov si, B_MODE
        push cx
        mov cx, 0x1E
        rep movsb
        mov si, B_ROWS
        mov cx, 6
        rep movsb
        push ds
        xor si, si
        mov ds, si
        mov si, 0x1F*4
        movsw
        movsw
        mov si, 0x43*4
        movsw
        movsw
        pop ds
        pop cx
.dac:   test cl, 4
        jz .r
        mov dx, 0x3C7
        in al, dx
        stosb                       ; DAC state
        mov dl, 0xC8
        in al, dx
        stosb                       ; write index
        mov dl, 0xC6
        in al, dx
        stosb                       ; PEL mask
        mov dl, 0xC7
        xor al, al
        out dx, al
        mov dl, 0xC9
        push cx
        mov cx, 768
        rep insb
        pop cx
        mov al, 0
        stosb
.r:     popa
        ret

; CX states from ES:SI
state_restore:
        pusha
        push ds
        push es
        pop ds                      ; DS:SI = buffer, ES for the BDA below
        push word BDA
        pop es
        test cl, 1
        jz .bda
        lodsw                       ; sequencer, GC index
        mov bx, ax
        lodsw                       ; CRTC index, AC index
        mov di, ax
        lodsb
        mov dx, 0x3C2
        out dx, al                  ; misc output
        mov dl, 0xC4
        mov ah, 1
.sq:    mov al, ah
        out dx, al
        inc dx
        lodsb
        out dx, al
        dec dx
        inc ah
        cmp ah, 5
        jb .sq
        lodsb
        mov dl, al
        mov dh, 3
        mov ax, 0x0011              ; unlock
        out dx, ax
        xor ah, ah
.cr:    mov al, ah
        out dx, al
        inc dx
        lodsb
        out dx, al
        dec dx
        inc ah
        cmp ah, 25
        jb .cr
        push dx
        add dx, 6
        in al, dx
        mov dx, 0x3C0
        xor ah, ah
.ac:    mov al, ah
        out dx, al
        lodsb
        out dx, al
        inc ah
        cmp ah, 20
        jb .ac
        mov dl, 0xCE
        xor ah, ah
.gc:    mov al, ah
        out dx, al
        inc dx
        lodsb
        out dx, al
        dec dx
        inc ah
        cmp ah, 9
        jb .gc
        lodsw
        ; indexes back
        mov al, bh
        out dx, al
        mov dl, 0xC4
        mov al, bl
        out dx, al
        pop dx
        mov ax, di
        out dx, al
        add dx, 6
        in al, dx
        mov dl, 0xC0
        mov al, ah
        or al, 0x20
        out dx, al
.bda:   test cl, 2
        jz .dac
        push cx
        mov di, B_MODE
        mov cx, 0x1E
        rep movsb
        mov di, B_ROWS
        mov cx, 6
        rep movsb
        push es
        xor di, di
        mov es, di
        mov di, 0x1F*4
        movsw
        movsw
        mov di, 0x43*4
        movsw
        movsw
        pop es
        pop cx
.dac:   test cl, 4
        jz .r
        lodsb
        mov bl, al
        lodsb
        mov bh, al
        lodsb
        mov dx, 0x3C6
        out dx, al
        mov dl, 0xC8
        xor al, al
        out dx, al
        inc dx
        push cx
        mov cx, 768
        rep outsb
        pop cx
        mov al, bh
        mov dl, 0xC8
        out dx, al
.r:     pop ds
        popa
        ret

; ---------------------------------------------------------------- VBE
; mode number, width, height, bits per pixel: the standard VESA numbers and
; Bochs's extra modes (0x140 and up)
%macro VMODE 4
        dw %1, %2, %3
        db %4
%endmacro
VM_SIZE equ 7
vbe_modes:
        VMODE 0x100,  640,  400,  8
        VMODE 0x101,  640,  480,  8
        VMODE 0x103,  800,  600,  8
        VMODE 0x105, 1024,  768,  8
        VMODE 0x107, 1280, 1024,  8
        VMODE 0x10D,  320,  200, 15
        VMODE 0x10E,  320,  200, 16
        VMODE 0x10F,  320,  200, 24
        VMODE 0x110,  640,  480, 15
        VMODE 0x111,  640,  480, 16
        VMODE 0x112,  640,  480, 24
        VMODE 0x113,  800,  600, 15
        VMODE 0x114,  800,  600, 16
        VMODE 0x115,  800,  600, 24
        VMODE 0x116, 1024,  768, 15
        VMODE 0x117, 1024,  768, 16
        VMODE 0x118, 1024,  768, 24
        VMODE 0x119, 1280, 1024, 15
        VMODE 0x11A, 1280, 1024, 16
        VMODE 0x11B, 1280, 1024, 24
        VMODE 0x140,  320,  200, 32
        VMODE 0x141,  640,  400, 32
        VMODE 0x142,  640,  480, 32
        VMODE 0x143,  800,  600, 32
        VMODE 0x144, 1024,  768, 32
        VMODE 0x145, 1280, 1024, 32
        VMODE 0x146,  320,  200,  8
        VMODE 0x147, 1600, 1200, 32
        VMODE 0x148, 1152,  864,  8
        VMODE 0x149, 1152,  864, 15
        VMODE 0x14A, 1152,  864, 16
        VMODE 0x14B, 1152,  864, 24
        VMODE 0x14C, 1152,  864, 32
        VMODE 0x18D, 1280,  720, 16
        VMODE 0x18E, 1280,  720, 24
        VMODE 0x18F, 1280,  720, 32
        VMODE 0x190, 1920, 1080, 16
        VMODE 0x191, 1920, 1080, 24
        VMODE 0x192, 1920, 1080, 32
vbe_modes_end:
        dw 0xFFFF

dispi_read:                         ; AX = register -> AX = value
        push dx
        mov dx, DISPI_INDEX
        out dx, ax
        inc dx
        in ax, dx
        pop dx
        ret

dispi_write:                        ; register AX <- BX
        push dx
        push ax
        mov dx, DISPI_INDEX
        out dx, ax
        inc dx
        mov ax, bx
        out dx, ax
        pop ax
        pop dx
        ret

; CX = mode (flag bits ignored) -> SI = entry; CF if unknown or too big
; for video memory
vbe_find:
        push eax
        push ebx
        push edx
        push cx
        and cx, 0x1FF
        mov si, vbe_modes
.l:     cmp si, vbe_modes_end
        jae .no
        cmp [cs:si], cx
        je .chk
        add si, VM_SIZE
        jmp .l
.chk:   call vbe_pitch              ; EAX = bytes per line
        movzx ebx, word [cs:si + 4]
        mul ebx
        mov ebx, eax
        mov ax, DI_MEM64K
        call dispi_read
        movzx eax, ax
        shl eax, 16
        cmp ebx, eax
        ja .no
        clc
        jmp .r
.no:    stc
.r:     pop cx
        pop edx
        pop ebx
        pop eax
        ret

; SI = mode entry -> EAX = bytes per scan line
vbe_pitch:
        push edx
        movzx eax, byte [cs:si + 6]
        add eax, 7
        shr eax, 3
        movzx edx, word [cs:si + 2]
        imul eax, edx
        pop edx
        ret

; -> EAX = linear framebuffer address: BAR0 of the PCI function
; 1234:1111 on bus 0 when there is one with a base, else 0E0000000h
vbe_lfb:
        push ebx
        push dx
        mov ebx, 0x80000000
.dev:   mov eax, ebx
        mov dx, 0xCF8
        out dx, eax
        mov dl, 0xFC
        in eax, dx
        cmp eax, 0x11111234
        je .found
        add ebx, 0x800              ; next device
        cmp ebx, 0x80010000
        jb .dev
.def:   mov eax, 0xE0000000
        jmp .r
.found: lea eax, [ebx + 0x10]
        mov dl, 0xF8
        out dx, eax
        mov dl, 0xFC
        in eax, dx
        and eax, 0xFFFFFFF0
        jz .def
.r:     push eax
        mov dx, 0xCF8
        xor eax, eax
        out dx, eax
        pop eax
        pop dx
        pop ebx
        ret

vbe_dispatch:
        cmp al, 0x0A
        ja .bad
        movzx si, al
        shl si, 1
        mov word [bp + R_AX], 0x004F
        jmp [cs:si + vbe_table]
.bad:   mov word [bp + R_AX], 0x014F
        ret
vbe_table:
        dw vbe00, vbe01, vbe02, vbe03, vbe04, vbe05, vbe06, vbe07, vbe08, vbe09, vbe0a

vbe_fail:
        mov word [bp + R_AX], 0x014F
        ret

; 4F00h: controller information into ES:DI (512 bytes for 'VBE2')
vbe00:
        mov ebx, [es:di]            ; the caller's signature
        push di
        mov cx, 256
        xor al, al
        cmp ebx, '2EBV'             ; 'VBE2' as a little-endian dword
        jne .clr
        mov cx, 512
.clr:   rep stosb
        pop di
        mov dword [es:di], 'VESA'
        mov word [es:di + 4], 0x0300
        mov dword [es:di + 10], 1   ; capabilities: DAC width switchable
        mov ax, DI_MEM64K
        call dispi_read
        mov [es:di + 18], ax        ; total memory in 64 KiB blocks
        mov word [es:di + 20], 0x0100   ; OEM software revision
        cmp ebx, '2EBV'
        je .v2
        ; VBE 1.x caller: pointers into the ROM
        mov word [es:di + 6], oem_string
        mov [es:di + 8], cs
        mov word [es:di + 22], vendor_string
        mov [es:di + 24], cs
        mov word [es:di + 26], product_string
        mov [es:di + 28], cs
        mov word [es:di + 30], revision_string
        mov [es:di + 32], cs
        ; the mode list goes in the reserved area at 22h (room for 110)
        lea bx, [di + 0x22]
        call vbe_list
        mov [es:di + 14], bx
        mov [es:di + 16], es
        ret
.v2:    ; VBE 2.0+: mode list in the reserved area, strings in OemData
        lea bx, [di + 0x22]
        call vbe_list
        mov [es:di + 14], bx
        mov [es:di + 16], es
        lea bx, [di + 0x100]
        mov si, oem_string
        mov cx, 6
        call .str
        mov si, vendor_string
        mov cx, 22
        call .str
        mov si, product_string
        mov cx, 26
        call .str
        mov si, revision_string
        mov cx, 30
        call .str
        ret
.str:   ; copy the string CS:SI to ES:BX and store its far pointer at DI+CX
        push di
        add di, cx
        mov [es:di], bx
        mov [es:di + 2], es
        mov di, bx
.sc:    cs lodsb
        stosb
        test al, al
        jnz .sc
        mov bx, di
        pop di
        ret

; writes the supported mode numbers (and 0FFFFh) at ES:BX; BX = start
vbe_list:
        push ax
        push cx
        push si
        push di
        mov di, bx
        mov si, vbe_modes
.l:     cmp si, vbe_modes_end
        jae .e
        push si
        mov cx, [cs:si]
        call vbe_find
        pop si
        jc .n
        mov ax, [cs:si]
        stosw
.n:     add si, VM_SIZE
        jmp .l
.e:     mov ax, 0xFFFF
        stosw
        pop di
        pop si
        pop cx
        pop ax
        ret

; 4F01h: CX mode -> 256-byte ModeInfoBlock at ES:DI
vbe01:
        call vbe_find
        jc vbe_fail
        push di
        mov cx, 128
        xor ax, ax
        rep stosw
        pop di
        mov word [es:di + 0x00], 0x009B ; supported, info, colour, graphics, LFB
        mov byte [es:di + 0x02], 0x07   ; window A: exists, readable, writable
        mov word [es:di + 0x04], 64     ; granularity (KiB)
        mov word [es:di + 0x06], 64     ; window size (KiB)
        mov word [es:di + 0x08], 0xA000
        mov word [es:di + 0x0C], vbe_bank_far
        mov [es:di + 0x0E], cs
        call vbe_pitch
        mov [es:di + 0x10], ax          ; bytes per scan line
        mov [es:di + 0x32], ax          ; linear bytes per scan line
        mov ebx, eax
        mov ax, [cs:si + 2]
        mov [es:di + 0x12], ax
        mov ax, [cs:si + 4]
        mov [es:di + 0x14], ax
        mov byte [es:di + 0x16], 8
        mov byte [es:di + 0x17], 16
        mov byte [es:di + 0x18], 1      ; planes
        mov al, [cs:si + 6]
        mov [es:di + 0x19], al
        mov byte [es:di + 0x1A], 1      ; banks
        mov byte [es:di + 0x1B], 4      ; packed pixel
        cmp al, 8
        je .pages
        mov byte [es:di + 0x1B], 6      ; direct colour
        ; colour masks: size/position pairs R, G, B, reserved
        push si
        mov si, masks15
        cmp al, 15
        je .m
        mov si, masks16
        cmp al, 16
        je .m
        mov si, masks24
        cmp al, 24
        je .m
        mov si, masks32
.m:     push di
        add di, 0x1F
        mov cx, 8
.mc:    cs lodsb
        stosb
        loop .mc
        pop di
        push di
        add di, 0x36                    ; linear masks: the same
        sub si, 8
        mov cx, 8
.ml:    cs lodsb
        stosb
        loop .ml
        pop di
        pop si
.pages: ; image pages - 1 that fit in video memory
        movzx ecx, word [cs:si + 4]
        mov eax, ebx
        mul ecx
        mov ecx, eax
        mov ax, DI_MEM64K
        call dispi_read
        movzx eax, ax
        shl eax, 16
        xor edx, edx
        div ecx
        dec eax
        cmp eax, 255
        jbe .pg
        mov eax, 255
.pg:    mov [es:di + 0x1D], al
        mov [es:di + 0x34], al
        mov [es:di + 0x35], al
        mov byte [es:di + 0x1E], 1
        call vbe_lfb
        mov [es:di + 0x28], eax
        ret

masks15: db 5, 10, 5, 5, 5, 0, 1, 15
masks16: db 5, 11, 6, 5, 5, 0, 0, 0
masks24: db 8, 16, 8, 8, 8, 0, 0, 0
masks32: db 8, 16, 8, 8, 8, 0, 8, 24

; 4F02h: BX mode (bit 14 linear framebuffer, bit 15 keep memory)
vbe02:
        mov cx, bx
        and cx, 0x1FF
        cmp cx, 0x100
        jae .vbe
        ; a VGA mode through the VBE call
        mov al, bl
        test bh, 0x80
        jz .v
        or al, 0x80
.v:     xor ah, ah
        call f00_set_mode
        mov word [bp + R_AX], 0x004F
        ret
.vbe:   call vbe_find
        jc vbe_fail
        push bx
        mov ax, DI_ENABLE
        xor bx, bx
        call dispi_write
        mov ax, DI_BPP
        movzx bx, byte [cs:si + 6]
        call dispi_write
        mov ax, DI_XRES
        mov bx, [cs:si + 2]
        call dispi_write
        mov ax, DI_YRES
        mov bx, [cs:si + 4]
        call dispi_write
        mov ax, DI_BANK
        xor bx, bx
        call dispi_write
        pop cx
        mov bx, EN_ENABLED
        test ch, 0x40
        jz .nl
        or bx, EN_LFB
.nl:    test ch, 0x80
        jz .nc
        or bx, EN_NOCLEAR
.nc:    mov ax, DI_ENABLE
        call dispi_write
        mov [B_VBEMODE], cx
        ; a VGA BIOS with an active VBE mode reports a graphics mode above 13h
        ret

; 4F03h -> BX current mode
vbe03:
        mov ax, [B_VBEMODE]
        test ax, ax
        jnz .s
        mov al, [B_MODE]
.s:     mov [bp + R_BX], ax
        ret

; 4F04h: DL=0 size (BX 64-byte blocks) for CX states, 1 save, 2 restore
; at ES:BX; CX bit 3 = the VBE (dispi) registers
VBE_STATE_SIZE equ 2 * 10
vbe04:
        cmp dl, 0
        je .size
        cmp dl, 2
        ja vbe_fail
        mov di, bx
        mov si, bx
        push dx
        cmp dl, 1
        jne .rest
        call state_save
        call state_size
        add di, ax
        test cl, 8
        jz .sd
        mov ax, 1
.sl:    push ax
        call dispi_read
        stosw
        pop ax
        inc ax
        cmp ax, 10
        jbe .sl
.sd:    pop dx
        ret
.rest:  call state_restore
        call state_size
        add si, ax
        test cl, 8
        jz .sd
        ; disable, geometry, then enable with the saved flags
        mov ax, DI_ENABLE
        push bx
        xor bx, bx
        call dispi_write
        pop bx
        mov ax, 1
.rl:    mov bx, [es:si]
        add si, 2
        cmp ax, DI_ENABLE
        je .skip
        call dispi_write
.skip:  inc ax
        cmp ax, 10
        jb .rl
        mov bx, [es:si - 2*6]       ; ENABLE (register 4) with NOCLEARMEM
        or bx, EN_NOCLEAR
        mov ax, DI_ENABLE
        call dispi_write
        ; the offsets again: enabling resets them
        mov bx, [es:si - 2*2]
        mov ax, DI_XOFF
        call dispi_write
        mov bx, [es:si - 2*1]
        mov ax, DI_YOFF
        call dispi_write
        mov bx, [es:si - 2*5]
        mov ax, DI_BANK
        call dispi_write
        mov bx, [es:si - 2*4]
        mov ax, DI_VWIDTH
        call dispi_write
        pop dx
        ret
.size:  call state_size
        test cl, 8
        jz .s1
        add ax, VBE_STATE_SIZE
.s1:    add ax, 63
        shr ax, 6
        mov [bp + R_BX], ax
        ret

; 4F05h: BH=0 set window A bank DX, BH=1 get it in DX
vbe05:
        test bl, bl
        jnz vbe_fail                ; window B does not exist
        cmp bh, 1
        je .get
        ja vbe_fail
        mov ax, DI_BANK
        mov bx, dx
        jmp dispi_write
.get:   mov ax, DI_BANK
        call dispi_read
        mov [bp + R_DX], ax
        ret

; the WinFuncPtr of the mode information: the same as 4F05h, far
vbe_bank_far:
        push ax
        push bx
        cmp bh, 1
        je .get
        mov ax, DI_BANK
        mov bx, dx
        call dispi_write
        jmp .r
.get:   mov ax, DI_BANK
        call dispi_read
        mov dx, ax
.r:     pop bx
        pop ax
        mov ax, 0x004F
        retf

; 4F06h: BL=0 set length CX pixels, 1 get, 2 set in bytes, 3 get maximum
vbe06:
        mov ax, DI_BPP
        call dispi_read
        add ax, 7
        shr ax, 3
        mov si, ax                  ; bytes per pixel
        cmp bl, 1
        je .get
        cmp bl, 3
        je .max
        cmp bl, 2
        ja vbe_fail
        jne .set
        mov ax, cx                  ; bytes -> pixels
        xor dx, dx
        div si
        mov cx, ax
.set:   mov ax, DI_VWIDTH
        mov bx, cx
        call dispi_write
.get:   mov ax, DI_VWIDTH
        call dispi_read
        mov [bp + R_CX], ax
        mul si
        mov [bp + R_BX], ax
        mov ax, DI_VHEIGHT
        call dispi_read
        mov [bp + R_DX], ax
        ret
.max:   mov ax, DI_MEM64K           ; bytes that fit one line of the height
        call dispi_read
        movzx eax, ax
        shl eax, 16
        push ax
        mov ax, DI_YRES
        call dispi_read
        movzx ecx, ax
        pop ax
        xor edx, edx
        div ecx
        cmp eax, 0xFFFF
        jbe .m1
        mov eax, 0xFFFF
.m1:    xor dx, dx
        div si
        mov cx, ax                  ; whole pixels
        mul si
        mov [bp + R_BX], ax
        mov [bp + R_CX], cx
        ret

; 4F07h: BL=00h/80h set start CX pixel, DX line; 01h get; 02h/82h start
; at byte ECX (VBE 3.0)
vbe07:
        mov al, bl
        and al, 0x7F
        cmp al, 1
        je .get
        ja .lin
        mov ax, DI_XOFF
        mov bx, cx
        call dispi_write
        mov ax, DI_YOFF
        mov bx, dx
        jmp dispi_write
.get:   mov word [bp + R_BH], 0
        mov ax, DI_XOFF
        call dispi_read
        mov [bp + R_CX], ax
        mov ax, DI_YOFF
        call dispi_read
        mov [bp + R_DX], ax
        ret
.lin:   cmp al, 2
        jne vbe_fail
        mov ax, DI_VWIDTH
        call dispi_read
        movzx ebx, ax
        mov ax, DI_BPP
        call dispi_read
        add ax, 7
        shr ax, 3
        movzx esi, ax
        imul ebx, esi               ; stride
        mov eax, ecx
        xor edx, edx
        div ebx                     ; EAX line, EDX byte in the line
        push ax
        mov eax, edx
        xor edx, edx
        div esi
        mov bx, ax
        mov ax, DI_XOFF
        call dispi_write
        pop bx
        mov ax, DI_YOFF
        jmp dispi_write

; 4F08h: BL=0 set DAC width BH (6 or 8), 1 get -> BH
vbe08:
        cmp bl, 1
        je .get
        ja vbe_fail
        mov ax, DI_ENABLE
        call dispi_read
        and ax, ~EN_8BITDAC
        cmp bh, 8
        jb .s
        or ax, EN_8BITDAC
.s:     mov bx, ax
        mov ax, DI_ENABLE
        call dispi_write
.get:   mov ax, DI_ENABLE
        call dispi_read
        mov byte [bp + R_BH], 6
        test al, EN_8BITDAC
        jz .r
        mov byte [bp + R_BH], 8
.r:     ret

; 4F09h: BL=00h/80h set CX entries from DX at ES:DI (B, G, R, pad),
; 01h get them
vbe09:
        mov al, bl
        and al, 0x7F
        cmp al, 1
        ja vbe_fail
        mov si, cx
        mov al, dl
        mov dx, 0x3C8
        jb .set
        dec dx
        out dx, al
        mov dl, 0xC9
        test si, si
        jz .r
.g:     in al, dx
        mov [es:di + 2], al
        in al, dx
        mov [es:di + 1], al
        in al, dx
        mov [es:di], al
        mov byte [es:di + 3], 0
        add di, 4
        dec si
        jnz .g
.r:     ret
.set:   out dx, al
        inc dx
        test si, si
        jz .r
.s:     mov al, [es:di + 2]
        out dx, al
        mov al, [es:di + 1]
        out dx, al
        mov al, [es:di]
        out dx, al
        add di, 4
        dec si
        jnz .s
        ret

; 4F0Ah: protected-mode interface: not provided
vbe0a:
        jmp vbe_fail

; ---------------------------------------------------------------- fonts
font8:  incbin "font8.bin"
font14: incbin "font14.bin"
font16: incbin "font16.bin"

rom_end:
%if rom_end - rom_start > ROM_SIZE - 1
%error "VGA BIOS larger than its ROM"
%endif
        times ROM_SIZE - 1 - ($ - $$) db 0
        db 0                        ; checksum (romtool rom)
