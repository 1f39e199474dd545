; tests/roms/vgabios_lfb.asm: the VGA as PCI function 1234:1111 (class
; 0300h) with BAR0 = the 16 MiB linear framebuffer: the ROM sizes BAR0,
; moves it to D0000000h and enables memory decode, as a system BIOS does;
; then emu's VGA BIOS reports that address in the VBE mode information
; (4F01h), sets mode 118h (1024x768x24) with the LFB bit (4118h), the ROM
; writes video memory through D0000000h from unreal mode (byte i =
; (i * 7 + (i >> 10)) & FFh) and moves the display start to byte 6144
; (4F07h BL=02h, VBE 3.0); then the screen's checksum (vgabios_lfb.fbcrc,
; computed by vga_expect.py).
%include "lib.inc"

MINFO   equ 0x0A00

main:
        ; find 1234:1111 on bus 0
        mov     ebx, 0x80000000
.find:  mov     eax, ebx
        mov     dx, 0xCF8
        out     dx, eax
        mov     dx, 0xCFC
        in      eax, dx
        cmp     eax, 0x11111234
        je      .found
        add     ebx, 0x800
        cmp     ebx, 0x80010000
        jb      .find
        PRINTLN "no 1234:1111"
        EXIT
.found: PRINT   "VGA at device "
        mov     eax, ebx
        shr     eax, 11
        and     al, 31
        PHEX8   al
        lea     eax, [ebx + 8]
        mov     dx, 0xCF8
        out     dx, eax
        mov     dx, 0xCFC
        in      eax, dx
        PRINT   " class/rev "
        PHEX32  eax
        NL
        ; BAR0: size it, then D0000000h
        lea     eax, [ebx + 0x10]
        mov     dx, 0xCF8
        out     dx, eax
        mov     dx, 0xCFC
        mov     eax, 0xFFFFFFFF
        out     dx, eax
        in      eax, dx
        PRINT   "BAR0 size mask "
        PHEX32  eax
        NL
        mov     eax, 0xD0000000
        out     dx, eax
        lea     eax, [ebx + 4]
        mov     dx, 0xCF8
        out     dx, eax
        mov     dx, 0xCFC
        in      ax, dx
        or      ax, 2                   ; memory decode
        out     dx, ax
        call    0xC000:0x0003
        xor     ax, ax
        mov     es, ax
        mov     ax, 0x4F01
        mov     cx, 0x118
        mov     di, MINFO
        int     0x10
        PRINT   "4F01 118h AX="
        PHEX16  ax
        PRINT   " lfb "
        PHEX32  [MINFO + 0x28]
        PRINT   " pitch "
        PHEX16  [MINFO + 0x10]
        PRINT   " bpp "
        PHEX8   [MINFO + 0x19]
        PRINT   " masks "
        DUMP    0, MINFO + 0x1F, 8
        mov     ax, 0x4F02
        mov     bx, 0x4118
        int     0x10
        PRINT   "4F02 4118h AX="
        PHEX16  ax
        mov     ax, 0x4F03
        int     0x10
        PRINT   " 4F03 BX="
        PHEX16  bx
        mov     ax, 0x4F06
        mov     bl, 3
        int     0x10
        PRINT   " 4F06 max BX="
        PHEX16  bx
        PRINT   " CX="
        PHEX16  cx
        NL
        ; unreal mode, then 1024 * 770 * 3 bytes through the LFB
        UNREAL_FS
        xor     ecx, ecx
.w:     mov     eax, ecx
        shr     eax, 10
        lea     edx, [ecx * 8]
        sub     edx, ecx
        add     eax, edx
        mov     [fs:ecx + 0xD0000000], al
        inc     ecx
        cmp     ecx, 1024 * 770 * 3
        jb      .w
        mov     ax, 0x4F07
        mov     bx, 0x0002
        mov     ecx, 6144
        int     0x10
        PRINT   "4F07 02h AX="
        PHEX16  ax
        mov     ax, 0x4F07
        mov     bx, 0x0001
        int     0x10
        PRINT   " start "
        PHEX16  cx
        PRINT   ","
        PHEX16  dx
        NL
        EXIT

        ROM_END
