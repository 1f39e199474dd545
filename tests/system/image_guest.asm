; tests/system/image_guest.asm: a guest that writes eight sectors to the
; primary ATA disk (LBA 10-17, sector i filled with 0x40 + i), sends
; FLUSH CACHE after each, and reports "flushed i" on port 0xE9 once the
; drive acknowledged the flush. Then it prints DONE and spins forever, so
; that tests/system/image_kill.sh can kill emu at a known point.
%include "lib.inc"

%include "ata.inc"

main:
        cli
        xor     si, si                  ; i
.sector:
        lea     ebx, [si + 10]
        mov     al, 0x30                ; WRITE SECTORS
        call    lba_cmd
        call    wait_ready
        mov     ax, si
        add     al, 0x40
        mov     ah, al
        mov     cx, 256
        mov     dx, 0x1F0
.w:     out     dx, ax
        loop    .w
        call    wait_ready
        mov     dx, 0x1F7
        mov     al, 0xE7                ; FLUSH CACHE
        out     dx, al
        call    wait_ready
        in      al, dx
        test    al, 0x01                ; ERR
        jnz     .fail
        PRINT   "flushed "
        mov     ax, si
        PHEX8   al
        NL
        inc     si
        cmp     si, 8
        jb      .sector
        PRINTLN "DONE"
.spin:  jmp     .spin
.fail:  PRINT   "error "
        PHEX8   al
        NL
        jmp     .spin

        ROM_END
