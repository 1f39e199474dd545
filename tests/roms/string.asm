; string: MOVS/STOS/LODS/CMPS/SCAS, byte/word/dword, with REP/REPE/REPNE,
; DF=0 and DF=1, a segment override on the source (DS:SI -> CS:SI), the
; 16-bit address size (SI/DI/CX wrap, upper halves untouched) and the
; 32-bit one with 67h (ESI/EDI/ECX). SDM Vol.2 "MOVS", "REP/REPE/REPNE".
%include "lib.inc"

SRC equ 0x1000                  ; source segment (phys 0x10000)
DST equ 0x2000                  ; destination segment (phys 0x20000)

; REGS: print ESI EDI ECX
%macro REGS 0
        PRINT   "esi="
        PHEX32  esi
        PRINT   " edi="
        PHEX32  edi
        PRINT   " ecx="
        PHEX32  ecx
        NL
%endmacro

main:
        ; fill SRC:0000-00FF with 0x00..0xFF, DST:0000-00FF with 0xEE
        mov     ax, SRC
        mov     es, ax
        xor     di, di
        xor     al, al
        mov     cx, 256
.f1:    stosb
        inc     al
        loop    .f1
        mov     ax, DST
        mov     es, ax
        xor     di, di
        mov     al, 0xEE
        mov     cx, 256
        rep     stosb
        mov     ax, SRC
        mov     ds, ax

        PRINTLN "-- rep movsb, DF=0"
        mov     si, 0x10
        mov     di, 0x00
        mov     cx, 5
        cld
        rep     movsb
        REGS
        DUMP    DST, 0, 8
        PRINTLN "-- rep movsw, DF=1"
        mov     si, 0x20
        mov     di, 0x16
        mov     cx, 3
        std
        rep     movsw
        cld
        REGS
        DUMP    DST, 0x10, 8
        PRINTLN "-- rep movsd (66), DF=0"
        mov     si, 0x30
        mov     di, 0x20
        mov     ecx, 2
        rep     movsd
        REGS
        DUMP    DST, 0x20, 12
        PRINTLN "-- movsb without rep, rep with cx=0"
        mov     si, 0x40
        mov     di, 0x30
        mov     cx, 0
        movsb
        rep     movsb
        REGS
        DUMP    DST, 0x30, 3

        PRINTLN "-- stos"
        mov     di, 0x40
        mov     eax, 0x44332211
        mov     cx, 3
        rep     stosb
        stosw
        stosd
        REGS
        DUMP    DST, 0x40, 12
        std
        mov     di, 0x5C
        mov     cx, 2
        rep     stosd
        cld
        REGS
        DUMP    DST, 0x50, 16

        PRINTLN "-- lods"
        mov     si, 0x80
        mov     eax, 0xAAAAAAAA
        lodsb
        PHEX32  eax
        SPACE
        lodsw
        PHEX32  eax
        SPACE
        lodsd
        PHEX32  eax
        SPACE
        std
        lodsw
        cld
        PHEX32  eax
        SPACE
        mov     cx, 3
        rep     lodsb                   ; legal, loads the last one
        PHEX32  eax
        NL
        REGS

        PRINTLN "-- cmps"
        ; DST:0x60.. = copy of SRC:0x60.. with one byte changed
        mov     si, 0x60
        mov     di, 0x60
        mov     cx, 16
        rep     movsb
        mov     byte [es:0x66], 0x00
        mov     si, 0x60
        mov     di, 0x60
        mov     cx, 16
        repe    cmpsb
        PFLAGS
        SPACE
        REGS
        mov     si, 0x60
        mov     di, 0x60
        mov     cx, 4
        repe    cmpsb                   ; all equal: ends with CX=0, ZF=1
        PFLAGS
        SPACE
        REGS
        mov     si, 0x60
        mov     di, 0x64
        mov     cx, 8
        repne   cmpsb                   ; never equal: runs out
        PFLAGS
        SPACE
        REGS
        mov     si, 0x60
        mov     di, 0x60
        mov     cx, 8
        repne   cmpsw                   ; first words equal: stops after 1
        PFLAGS
        SPACE
        REGS
        mov     si, 0x64
        mov     di, 0x64
        cmpsd                           ; 67666564 vs 67660064
        PFLAGS
        SPACE
        REGS
        stc
        mov     cx, 0
        repe    cmpsb                   ; CX=0: nothing, flags unchanged
        PFLAGS
        SPACE
        REGS
        mov     si, 0x6F
        mov     di, 0x6F
        mov     cx, 12
        std
        repe    cmpsb                   ; backwards, stops at 0x66
        cld
        PFLAGS
        SPACE
        REGS

        PRINTLN "-- scas"
        mov     di, 0x60
        mov     al, 0x68
        mov     cx, 16
        repne   scasb
        PFLAGS
        SPACE
        REGS
        mov     di, 0x60
        mov     al, 0x60
        mov     cx, 16
        repe    scasb
        PFLAGS
        SPACE
        REGS
        mov     di, 0x60
        mov     ax, 0x6362
        mov     cx, 16
        repne   scasw
        PFLAGS
        SPACE
        REGS
        mov     di, 0x60
        mov     eax, 0x6B6A6968
        mov     cx, 4
        repne   scasd
        PFLAGS
        SPACE
        REGS
        mov     di, 0x60
        mov     al, 0x99
        mov     cx, 16
        repne   scasb                   ; not found
        PFLAGS
        SPACE
        REGS

        PRINTLN "-- segment override on the source"
        mov     si, cs_text
        mov     di, 0x90
        mov     cx, 4
        db      0xF3, 0x2E, 0xA4        ; rep cs movsb
        DUMP    DST, 0x90, 4
        push    es
        pop     fs
        mov     si, 0x90
        mov     di, 0xA0
        mov     cx, 2
        db      0xF3, 0x64, 0xA5        ; rep fs movsw
        DUMP    DST, 0xA0, 4
        mov     si, cs_text
        mov     di, 0x90
        cs cmpsb                        ; 'e' vs 'e'
        PFLAGS
        SPACE
        mov     si, cs_text+1
        db      0x2E, 0xAD              ; cs lodsw
        PHEX16  ax
        NL

        PRINTLN "-- the ES:DI destination ignores segment overrides"
        mov     ax, 0x3000
        mov     fs, ax
        mov     byte [fs:0xE0], 0x77
        mov     di, 0xE0
        mov     al, 0x5C
        db      0x64, 0xAA              ; fs stosb: still ES:DI
        DUMP    DST, 0xE0, 1
        DUMP    0x3000, 0xE0, 1
        mov     di, 0xE0
        db      0x64, 0xAE              ; fs scasb: compares ES:DI
        PFLAGS
        NL
        mov     byte [fs:0x10], 0x99
        mov     si, 0x10
        mov     di, 0xE1
        db      0x64, 0xA4              ; fs movsb: FS:SI -> ES:DI
        DUMP    DST, 0xE1, 1

        PRINTLN "-- 16-bit address size wraps SI/DI only"
        mov     esi, 0x1234FFFF
        mov     edi, 0x5678FFFE
        mov     ecx, 0x00050002
        rep     movsb
        REGS
        PRINTLN "-- 67h: ESI/EDI/ECX"
        mov     esi, 0x000000F0
        mov     edi, 0x000000B0
        mov     ecx, 0x00000004
        a32     rep movsb
        REGS
        DUMP    DST, 0xB0, 4
        mov     edi, 0x000000C0
        mov     ecx, 2
        mov     eax, 0x12345678
        a32     rep stosd
        REGS
        DUMP    DST, 0xC0, 8
        mov     edi, 0x000000C0
        mov     ecx, 8
        mov     al, 0x34
        a32     repne scasb
        PFLAGS
        SPACE
        REGS
        EXIT

cs_text: db "emu!"
        ROM_END
