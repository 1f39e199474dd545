; ioports: IN/OUT with immediate and DX port numbers, INS/OUTS with REP,
; DF=1, a segment override on OUTS and 32-bit addressing.
; - Port 0xE9 is the debug console: bytes written appear in the output;
;   reading it returns 0xE9 (the Bochs port_e9_hack and QEMU debugcon
;   convention).
; - Ports no device claims read as all ones: 0xFF, 0xFFFF, 0xFFFFFFFF
;   (the ISA bus floats high); writes to them are ignored.
%include "lib.inc"

UNCLAIMED  equ 0x5670           ; no device decodes these
UNCLAIMED2 equ 0x5678

main:
        PRINTLN "-- out"
        mov     al, 'i'
        out     0xE9, al                ; E6
        mov     dx, 0xE9
        mov     al, 'o'
        out     dx, al                  ; EE
        mov     al, 10
        out     dx, al
        PRINTLN "-- outs"
        mov     si, msg
        mov     cx, msg_len
        mov     dx, 0xE9
        cld
        cs rep outsb                    ; DS:SI overridden to CS:SI
        std
        mov     si, msg_rev + msg_rev_len - 1
        mov     cx, msg_rev_len
        cs rep outsb                    ; DF=1: backwards
        cld
        mov     al, 10
        out     dx, al
        PRINT   "si="
        mov     ax, si
        sub     ax, msg_rev
        PHEX16  ax
        NL
        ; 32-bit address size: ESI
        push    ds
        push    cs
        pop     ds
        mov     esi, msg
        mov     ecx, 3
        a32 rep outsb
        pop     ds
        mov     al, 10
        out     dx, al
        PRINT   "esi-msg="
        sub     esi, msg
        PHEX32  esi
        PRINT   " ecx="
        PHEX32  ecx
        NL

        PRINTLN "-- in from unclaimed ports"
        mov     eax, 0x12345678
        in      al, 0x13                ; E4: unclaimed (DMA is 00-0F)
        PHEX32  eax
        SPACE
        mov     dx, UNCLAIMED
        mov     eax, 0x12345678
        in      al, dx
        PHEX32  eax
        SPACE
        mov     eax, 0x12345678
        in      ax, dx
        PHEX32  eax
        SPACE
        in      eax, dx
        PHEX32  eax
        SPACE
        mov     dx, UNCLAIMED2
        xor     eax, eax
        in      eax, dx
        PHEX32  eax
        NL
        mov     al, 0x42
        out     dx, al                  ; ignored
        mov     ax, 0x4242
        out     dx, ax
        mov     eax, 0x42424242
        out     dx, eax
        in      al, dx
        PRINT   "after writes: "
        PHEX8   al
        NL
        PRINTLN "-- in from 0xE9"
        in      al, 0xE9
        PHEX8   al
        NL

        PRINTLN "-- ins"
        mov     di, scratch
        mov     cx, 16
        xor     al, al
        rep     stosb
        mov     di, scratch
        mov     dx, UNCLAIMED
        insb
        mov     cx, 2
        rep     insw
        insd
        PRINT   "di-scratch="
        mov     ax, di
        sub     ax, scratch
        PHEX16  ax
        SPACE
        DUMP    0, scratch, 12
        std
        mov     di, scratch+15
        mov     byte [scratch+15], 0
        mov     byte [scratch+14], 0
        mov     cx, 1
        rep     insb
        cld
        PRINT   "df=1: di-scratch="
        mov     ax, di
        sub     ax, scratch
        PHEX16  ax
        SPACE
        DUMP    0, scratch+12, 4
        mov     cx, 0
        rep     insb                    ; CX=0: nothing
        PRINTLN "cx=0 ok"
        EXIT

msg:     db "outs ok "
msg_len  equ $ - msg
msg_rev: db "desrever"
msg_rev_len equ $ - msg_rev
        ROM_END
