; bios/bios.asm: emu's system BIOS (128 KiB at E0000-FFFFF, aliased below
; 4 GiB). POST initialises the PC (IVT, BDA/EBDA, PIC, PIT, RTC, 8042, DMA,
; PCI), runs the option ROMs at C0000-DFFFF (the VGA BIOS first), prints a
; banner and boots through INT 19h. The services follow the IBM PC/AT BIOS
; interface as Ralf Brown's interrupt list documents it; see docs/BIOS.md.
;
; Layout: the first 64 KiB (E000:0000) are free for later tables; all code
; is in the F000 segment, with the entry points old software expects at
; their IBM addresses (POST at F000:E05B, the configuration table at
; F000:E6F5, the diskette parameter table at F000:EFC7, the reset vector at
; F000:FFF0, the date at F000:FFF5 and the model byte at F000:FFFE).
;
; BIOS variables live in the EBDA (1 KiB at 9FC0:0000, see bios_data.inc);
; the ROM itself is never written.

        cpu 686
        bits 16

%include "bios_data.inc"

; ---- the low 64 KiB: E000:0000 (reserved for tables) ----
        section lo start=0 vstart=0
        times 0x10000 db 0xFF

; ---- the F000 segment: all code ----
        section hi start=0x10000 vstart=0 align=1

bios_start:
        db "emu BIOS", 0

%include "bios_util.inc"
%include "bios_post.inc"
%include "bios_pci.inc"
%include "bios_video.inc"
%include "bios_kbd.inc"
%include "bios_svc.inc"
%include "bios_ata.inc"
%include "bios_floppy.inc"
%include "bios_disk.inc"
%include "bios_boot.inc"

code_end:

; ---- fixed IBM entry points ----
        times 0xE05B - ($ - $$) db 0xFF
post_entry:
        jmp post

        times 0xE6F5 - ($ - $$) db 0xFF
config_table:                           ; INT 15h AH=C0h
        dw 8                            ; bytes that follow
        db 0xFC                         ; model: AT
        db 0x00                         ; submodel
        db 0x01                         ; BIOS revision
        db 0x74                         ; 2nd PIC, RTC, INT 15h/4Fh, EBDA
        db 0x40                         ; INT 16h/09h supported
        db 0x00, 0x00, 0x00

        times 0xEFC7 - ($ - $$) db 0xFF
diskette_param_table:                   ; INT 1Eh (1.44 MB)
        db 0xAF                         ; step rate 10 (6 ms), head unload 15
        db 0x02                         ; head load 2, DMA mode
        db 37                           ; motor off delay (ticks)
        db 2                            ; 512 bytes per sector
        db 18                           ; last sector on a track
        db 0x1B                         ; gap length
        db 0xFF                         ; data length
        db 0x6C                         ; format gap length
        db 0xF6                         ; format filler byte
        db 15                           ; head settle (ms)
        db 8                            ; motor start (1/8 s)

        times 0xFF53 - ($ - $$) db 0xFF
default_iret:
        iret

        times 0xFFF0 - ($ - $$) db 0xFF
reset_vector:
        jmp 0xF000:post_entry
        db "11/22/26"
        db 0xFF
        db 0xFC                         ; model byte: AT
        db 0xFF
