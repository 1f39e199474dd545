; misc: XLAT, LAHF/SAHF, CBW/CWD/CWDE/CDQ, CLC/STC/CMC, LEA with every
; 16-bit addressing form, XCHG, MOV forms (moffs, imm, to/from segment
; registers, MOV CS -> #UD), NOP forms (90, 66 90, F3 90, 0F 1F /0).
; SDM Vol.2: MOV r32, Sreg zero-extends on P6 and later processors.
%include "lib.inc"
%include "ops.inc"

main:
        PRINTLN "-- xlat"
        mov     bx, xtab
        mov     al, 3
        cs xlatb
        PHEX8   al
        SPACE
        mov     al, 0xFF                ; index is unsigned
        mov     bx, xtab - 0xF0
        cs xlatb
        PHEX8   al
        SPACE
        mov     byte [scratch+5], 0x77
        mov     bx, scratch
        mov     ax, 0x1205
        xlatb                           ; DS:BX+AL
        PHEX16  ax
        NL

        PRINTLN "-- lahf/sahf"
        SETFL   FL_ALL
        lahf
        PHEX8   ah
        SPACE
        SETFL   0
        lahf
        PHEX8   ah
        SPACE
        SETFL   FL_OF
        mov     ah, 0xFF
        sahf                            ; OF untouched
        PFLAGS
        SPACE
        mov     ah, 0x00
        sahf
        PFLAGS
        SPACE
        mov     ah, 0x41                ; ZF CF
        sahf
        PFLAGS
        NL

        PRINTLN "-- cbw/cwd/cwde/cdq"
        mov     eax, 0x12345680
        cbw
        PHEX32  eax
        SPACE
        mov     al, 0x7F
        cbw
        PHEX32  eax
        SPACE
        mov     dx, 0x1111
        mov     ax, 0x8000
        cwd
        PHEX16  dx
        SPACE
        mov     ax, 0x7FFF
        cwd
        PHEX16  dx
        SPACE
        mov     ax, 0xFFFF
        cwde
        PHEX32  eax
        SPACE
        mov     edx, 0
        cdq
        PHEX32  edx
        NL

        PRINTLN "-- clc/stc/cmc"
        clc
        cmc
        PFLAGS  FL_CF
        stc
        cmc
        PFLAGS  FL_CF
        NL

        PRINTLN "-- lea, 16-bit addressing"
        mov     bx, 0x1000
        mov     si, 0x0200
        mov     di, 0x0030
        mov     bp, 0x4000
        lea     ax, [bx+si]
        PHEX16  ax
        SPACE
        lea     ax, [bx+di]
        PHEX16  ax
        SPACE
        lea     ax, [bp+si]
        PHEX16  ax
        SPACE
        lea     ax, [bp+di]
        PHEX16  ax
        SPACE
        lea     ax, [si]
        PHEX16  ax
        SPACE
        lea     ax, [di]
        PHEX16  ax
        SPACE
        lea     ax, [0x1234]            ; mod 00 rm 110: disp16
        PHEX16  ax
        SPACE
        lea     ax, [bx]
        PHEX16  ax
        NL
        lea     ax, [bx+si-1]           ; disp8 sign-extended
        PHEX16  ax
        SPACE
        lea     ax, [bp+0]              ; mod 01 rm 110
        PHEX16  ax
        SPACE
        lea     ax, [bp+di+0x7F]
        PHEX16  ax
        SPACE
        lea     ax, [si-0x80]
        PHEX16  ax
        SPACE
        lea     ax, [bx+si+0x8000]      ; disp16
        PHEX16  ax
        SPACE
        lea     ax, [bp+si+0xF000]      ; wraps
        PHEX16  ax
        SPACE
        mov     bx, 0xFFFF
        mov     si, 0xFFFF
        lea     ax, [bx+si+0x10]        ; wraps
        PHEX16  ax
        SPACE
        mov     eax, 0xFFFFFFFF
        o32 lea eax, [bx+si]            ; 16-bit EA, zero-extended
        PHEX32  eax
        SPACE
        mov     ebx, 0xFFFF0010
        lea     cx, [ebx+ebx]           ; 32-bit EA, truncated
        PHEX16  cx
        NL

        PRINTLN "-- xchg"
        mov     ax, 0x1111
        mov     cx, 0x2222
        xchg    ax, cx                  ; 91
        PHEX16  ax
        SPACE
        PHEX16  cx
        SPACE
        mov     bl, 0x33
        mov     bh, 0x44
        xchg    bl, bh                  ; 86
        PHEX16  bx
        SPACE
        mov     word [scratch], 0x5555
        mov     dx, 0x6666
        xchg    dx, [scratch]           ; 87 mem
        PHEX16  dx
        SPACE
        PHEX16  [scratch]
        SPACE
        mov     eax, 0xAAAAAAAA
        mov     edi, 0xBBBBBBBB
        xchg    eax, edi                ; 66 97
        PHEX32  eax
        SPACE
        PHEX32  edi
        SPACE
        mov     eax, 0x12345678
        xchg    ax, ax                  ; 90: a NOP
        PHEX32  eax
        SPACE
        o32 xchg eax, eax               ; 66 90
        PHEX32  eax
        NL

        PRINTLN "-- mov forms"
        mov     byte [0x0580], 0x9A
        mov     word [0x0582], 0xBC9A
        mov     dword [0x0584], 0x12345678
        mov     al, [0x0580]            ; A0
        mov     bx, ax
        mov     ax, [0x0582]            ; A1
        mov     ecx, eax
        mov     eax, [0x0584]           ; 66 A1
        PHEX8   bl
        SPACE
        PHEX16  cx
        SPACE
        PHEX32  eax
        SPACE
        mov     al, 0x11
        mov     [0x0580], al            ; A2
        mov     ax, 0x2233
        mov     [0x0582], ax            ; A3
        mov     byte [0x0584], 0x44     ; C6
        mov     word [0x0585], 0x6655   ; C7
        DUMP    0, 0x0580, 8
        mov     bh, 0x7B                ; B7
        mov     bp, 0x8BCD              ; BD
        mov     esi, 0x9ABCDEF0         ; 66 BE
        PHEX8   bh
        SPACE
        PHEX16  bp
        SPACE
        PHEX32  esi
        NL

        PRINTLN "-- mov segment registers"
        mov     ax, 0x1234
        mov     es, ax
        mov     bx, es
        PHEX16  bx
        SPACE
        mov     [scratch], es           ; 8C mem
        mov     word [scratch+2], 0x4321
        mov     es, [scratch+2]         ; 8E mem
        PHEX16  [scratch]
        SPACE
        PHEX16  es
        SPACE
        mov     eax, 0xFFFFFFFF
        mov     eax, es                 ; 66 8C: zero-extended
        PHEX32  eax
        SPACE
        mov     ecx, 0xFFFFFFFF
        mov     cx, cs
        PHEX32  ecx
        SPACE
        mov     ax, 0x5000
        mov     gs, ax
        mov     dx, gs
        PHEX16  dx
        NL
        xor     ax, ax
        mov     es, ax
        mov     gs, ax
        EXPECT_EXC .m1, .m1r
.m1:    db      0x8E, 0xC8              ; mov cs, ax: #UD
        NO_EXC
.m1r:   EXPECT_EXC .m2, .m2r
.m2:    db      0x8E, 0xF0              ; mov <sreg 6>, ax: #UD
        NO_EXC
.m2r:
        PRINTLN "-- nop forms"
        SETFL   FL_CF|FL_ZF
        nop
        db      0x66, 0x90
        db      0xF3, 0x90              ; pause
        db      0x0F, 0x1F, 0x00        ; nop dword [bx+si]
        db      0x0F, 0x1F, 0x40, 0x00  ; nop [bx+si+0]
        db      0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00      ; nop [si+0]
        db      0x0F, 0x1F, 0xC0        ; register form
        db      0x67, 0x0F, 0x1F, 0x44, 0x00, 0x00      ; nop [eax+eax+0]
        PFLAGS
        NL

        PRINTLN "-- prefixes that do not apply are ignored"
        mov     ax, 0x1100
        db      0x66, 0x04, 0x05        ; add al, 5: 66 does not widen imm8
        db      0x66, 0xB4, 0x22        ; mov ah, 0x22
        db      0x67, 0x40              ; inc ax: no memory operand
        db      0xF3, 0x40              ; rep inc ax
        db      0x26, 0x40              ; es inc ax
        db      0xF2, 0x2E, 0x3E, 0x40  ; several, none of them useful
        PHEX16  ax
        SPACE
        mov     dx, sp
        db      0x66, 0x6A, 0xFE        ; push dword -2 (imm8 sign-extended)
        sub     dx, sp
        pop     eax
        PHEX16  dx
        SPACE
        PHEX32  eax
        SPACE
        db      0x66, 0x66, 0xB8        ; two 66 prefixes: still 32-bit
        dd      0x13572468
        PHEX32  eax
        NL
        EXIT

xtab:   db      0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17
        times   8 db 0xEE
        db      0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27
        db      0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F
        ROM_END
