; bcd: DAA/DAS/AAA/AAS/AAM/AAD, following the SDM Vol.2 pseudocode
; (AAA/AAS use the AX+106h / AX-6,AH-1 forms of 386 and later).
; Undefined flags: DAA/DAS OF; AAA/AAS OF SF ZF PF; AAM/AAD OF AF CF.
; AAM 0 raises #DE. AAM/AAD with an immediate other than 10 use that base.
%include "lib.inc"
%include "ops.inc"

; B op, ax, preflags, mask
%macro B 4
%defstr _OPS %1
        PRINT   _OPS, " "
        mov     ax, %2
        PHEX16  ax
        SPACE
        SETFL   %3
        PFLAGS  FL_AF|FL_CF
        PRINT   " -> "
        %1
        PHEX16  ax
        SPACE
        PFLAGS  %4
        NL
%endmacro

FL_DAA equ FL_ALL & ~FL_OF
FL_AAA equ FL_AF|FL_CF
FL_AAM equ FL_SF|FL_ZF|FL_PF

main:
        PRINTLN "-- daa"
        B daa, 0x0000, 0, FL_DAA
        B daa, 0x0009, 0, FL_DAA
        B daa, 0x000A, 0, FL_DAA
        B daa, 0x0019, FL_AF, FL_DAA
        B daa, 0x009A, 0, FL_DAA
        B daa, 0x0099, 0, FL_DAA
        B daa, 0x0099, FL_CF, FL_DAA
        B daa, 0x00A0, 0, FL_DAA
        B daa, 0x00FF, 0, FL_DAA
        B daa, 0x0012, FL_CF|FL_AF, FL_DAA
        B daa, 0x007D, 0, FL_DAA
        ; 0x38 + 0x45 = 0x7D -> 83
        mov     al, 0x38
        add     al, 0x45
        daa
        PHEX8   al
        SPACE
        PFLAGS  FL_DAA
        NL
        ; 0x99 + 0x01 -> 00 carry
        mov     al, 0x99
        add     al, 0x01
        daa
        PHEX8   al
        SPACE
        PFLAGS  FL_DAA
        NL
        PRINTLN "-- das"
        B das, 0x0000, 0, FL_DAA
        B das, 0x000A, 0, FL_DAA
        B das, 0x00FF, 0, FL_DAA
        B das, 0x0010, FL_AF, FL_DAA
        B das, 0x009A, 0, FL_DAA
        B das, 0x0003, FL_AF|FL_CF, FL_DAA
        B das, 0x0066, FL_CF, FL_DAA
        B das, 0x00A5, 0, FL_DAA
        ; 0x45 - 0x38 = 0x0D -> 07
        mov     al, 0x45
        sub     al, 0x38
        das
        PHEX8   al
        SPACE
        PFLAGS  FL_DAA
        NL
        ; 0x10 - 0x20 -> 90 borrow
        mov     al, 0x10
        sub     al, 0x20
        das
        PHEX8   al
        SPACE
        PFLAGS  FL_DAA
        NL
        PRINTLN "-- aaa"
        B aaa, 0x0005, 0, FL_AAA
        B aaa, 0x000A, 0, FL_AAA
        B aaa, 0x010F, 0, FL_AAA
        B aaa, 0x0003, FL_AF, FL_AAA
        B aaa, 0x00FA, 0, FL_AAA
        B aaa, 0xFFFB, 0, FL_AAA
        B aaa, 0x0039, FL_CF, FL_AAA
        PRINTLN "-- aas"
        B aas, 0x0005, 0, FL_AAA
        B aas, 0x050A, 0, FL_AAA
        B aas, 0x0503, FL_AF, FL_AAA
        B aas, 0x0000, FL_AF, FL_AAA
        B aas, 0x02FF, 0, FL_AAA
        B aas, 0x0039, FL_CF, FL_AAA
        PRINTLN "-- aam"
        B aam, 0x0000, 0, FL_AAM
        B aam, 0x003F, 0, FL_AAM
        B aam, 0x1263, 0, FL_AAM
        B aam, 0x00FF, 0, FL_AAM
        PRINT   "aam 16: "
        mov     ax, 0x00FE
        aam     16
        PHEX16  ax
        SPACE
        PFLAGS  FL_AAM
        NL
        PRINT   "aam 7: "
        mov     ax, 0x0064
        aam     7
        PHEX16  ax
        SPACE
        PFLAGS  FL_AAM
        NL
        PRINT   "aam 0: "
        mov     ax, 0x1234
        EXPECT_EXC .f, .r
.f:     aam     0
        NO_EXC
.r:     PRINT   "ax="
        PHEX16  ax
        NL
        PRINTLN "-- aad"
        B aad, 0x0000, 0, FL_AAM
        B aad, 0x0509, 0, FL_AAM
        B aad, 0x0909, 0, FL_AAM
        B aad, 0x1A0F, 0, FL_AAM
        B aad, 0xFFFF, 0, FL_AAM
        PRINT   "aad 16: "
        mov     ax, 0x0A0B
        aad     16
        PHEX16  ax
        SPACE
        PFLAGS  FL_AAM
        NL
        PRINT   "aad 0: "
        mov     ax, 0x7F05
        aad     0
        PHEX16  ax
        SPACE
        PFLAGS  FL_AAM
        NL
        EXIT
        ROM_END
