; shift: SHL/SAL/SHR/SAR/ROL/ROR/RCL/RCR by 1, CL and imm8, SHLD/SHRD.
; SDM Vol.2 "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR", "SHLD", "SHRD":
; - the count is masked to 5 bits; a masked count of 0 changes no flags;
; - OF is defined only for 1-bit shifts/rotates; AF is undefined for
;   shifts with a nonzero count; CF is undefined for SHL/SHR when the count
;   is >= the operand width; rotates leave SF/ZF/AF/PF alone;
; - RCL/RCR rotate through CF: modulo 9 (8-bit) / 17 (16-bit) after masking;
; - SHLD/SHRD with a count > operand size are undefined (not tested).
; Flags that are undefined for a case are printed as '.'.
%include "lib.inc"
%include "ops.inc"

; SH size, op, value, count, form(1|i|c), preflags
%macro SH 6
        _SZ     %1
%assign _m (%4) & 31
%assign _mask FL_ALL
%assign _rot 0
%ifidni %2, rol
 %assign _rot 1
%elifidni %2, ror
 %assign _rot 1
%elifidni %2, rcl
 %assign _rot 1
%elifidni %2, rcr
 %assign _rot 1
%endif
%if _m != 0
 %if _m != 1
  %assign _mask _mask & ~FL_OF
 %endif
 %if _rot == 0
  %assign _mask _mask & ~FL_AF
  %ifnidni %2, sar
   %if _m >= %1
    %assign _mask _mask & ~FL_CF
   %endif
  %endif
 %endif
%endif
%defstr _OPS %2
        PRINT   _OPS, " "
        mov     RA, %3
        PH      RA
        PRINT   " by "
        PHEX8   %4
%defstr _FS %5
        PRINT   " ", _FS, " -> "
        mov     cl, %4
        SETFL   %6
%ifidni %5, 1
        %2      RA, 1
%elifidni %5, i
        %2      RA, byte %4
%else
        %2      RA, cl
%endif
        PH      RA
        SPACE
        PFLAGS  _mask
        NL
%endmacro

; SHD size, op, dst, src, count, form(i|c)
%macro SHD 6
        _SZ     %1
%assign _m (%5) & 31
%assign _mask FL_ALL
%if _m != 0
 %assign _mask _mask & ~FL_AF
 %if _m != 1
  %assign _mask _mask & ~FL_OF
 %endif
%endif
%defstr _OPS %2
        PRINT   _OPS, " "
        mov     RA, %3
        mov     RB, %4
        PH      RA
        SPACE
        PH      RB
        PRINT   " by "
        PHEX8   %5
        PRINT   " -> "
        mov     cl, %5
        SETFL   FL_CF|FL_OF
%ifidni %6, i
        %2      RA, RB, %5
%else
        %2      RA, RB, cl
%endif
        PH      RA
        SPACE
        PFLAGS  _mask
        NL
%endmacro

main:
        PRINTLN "-- shl/sal"
        SH 8, shl, 0x81, 1, 1, 0
        SH 8, shl, 0x40, 1, 1, 0
        SH 8, shl, 0xC0, 1, 1, 0
        SH 8, shl, 0x81, 0, c, FL_ALL
        SH 8, shl, 0x81, 0, i, 0
        SH 8, shl, 0x81, 2, c, 0
        SH 8, shl, 0x81, 7, i, 0
        SH 8, shl, 0x81, 8, c, 0
        SH 8, shl, 0x81, 9, c, 0
        SH 8, shl, 0x81, 33, c, 0
        SH 8, shl, 0x81, 32, c, FL_OF|FL_ZF
        SH 16, shl, 0x8001, 1, 1, 0
        SH 16, shl, 0x4001, 1, c, 0
        SH 16, shl, 0x1234, 4, i, 0
        SH 16, shl, 0x8421, 15, c, 0
        SH 16, shl, 0x8421, 16, c, 0
        SH 16, shl, 0x8421, 17, c, 0
        SH 32, shl, 0x80000001, 1, 1, 0
        SH 32, shl, 0x12345678, 4, i, 0
        SH 32, shl, 0x12345678, 31, c, 0
        SH 32, shl, 0x12345679, 32, c, FL_CF
        SH 32, shl, 0x12345679, 0x21, c, 0
        SH 8, sal, 0x40, 1, 1, 0
        PRINTLN "-- shr"
        SH 8, shr, 0x81, 1, 1, 0
        SH 8, shr, 0x01, 1, 1, 0
        SH 8, shr, 0x81, 0, c, FL_SF|FL_CF
        SH 8, shr, 0x81, 3, i, 0
        SH 8, shr, 0x81, 7, c, 0
        SH 8, shr, 0x81, 8, c, 0
        SH 8, shr, 0x81, 0x41, c, 0
        SH 16, shr, 0x8001, 1, 1, 0
        SH 16, shr, 0x8001, 15, c, 0
        SH 16, shr, 0xFFFF, 16, c, 0
        SH 32, shr, 0x80000001, 1, 1, 0
        SH 32, shr, 0x80000000, 31, i, 0
        SH 32, shr, 0xF0000000, 4, c, 0
        PRINTLN "-- sar"
        SH 8, sar, 0x81, 1, 1, 0
        SH 8, sar, 0x7F, 1, 1, 0
        SH 8, sar, 0x81, 3, i, 0
        SH 8, sar, 0x81, 8, c, 0
        SH 8, sar, 0x81, 31, c, 0
        SH 8, sar, 0x41, 31, c, 0
        SH 16, sar, 0x8000, 15, c, 0
        SH 16, sar, 0x8000, 16, c, 0
        SH 16, sar, 0x4000, 20, c, 0
        SH 32, sar, 0x80000000, 31, i, 0
        SH 32, sar, 0x80000001, 1, 1, 0
        SH 32, sar, 0x80000001, 0, c, FL_OF
        PRINTLN "-- rol/ror (SZAP unchanged)"
        SH 8, rol, 0x81, 1, 1, 0
        SH 8, rol, 0x41, 1, 1, FL_SF|FL_ZF|FL_AF|FL_PF
        SH 8, rol, 0x81, 4, i, 0
        SH 8, rol, 0x81, 0, c, FL_ALL
        SH 8, rol, 0x81, 8, c, 0
        SH 8, rol, 0x80, 9, c, 0
        SH 8, rol, 0x81, 32, c, FL_OF
        SH 16, rol, 0x8001, 1, 1, 0
        SH 16, rol, 0x1234, 4, i, 0
        SH 16, rol, 0x1234, 16, c, 0
        SH 16, rol, 0x1234, 20, c, 0
        SH 32, rol, 0x80000001, 1, 1, 0
        SH 32, rol, 0x12345678, 8, i, 0
        SH 32, rol, 0x12345678, 36, c, 0
        SH 8, ror, 0x81, 1, 1, 0
        SH 8, ror, 0x02, 1, 1, FL_ALL
        SH 8, ror, 0x81, 4, i, 0
        SH 8, ror, 0x7F, 8, c, 0
        SH 16, ror, 0x8001, 1, 1, 0
        SH 16, ror, 0x1234, 4, i, 0
        SH 16, ror, 0x1234, 12, c, 0
        SH 32, ror, 0x80000001, 1, 1, 0
        SH 32, ror, 0x12345678, 8, i, 0
        SH 32, ror, 0x12345678, 31, c, 0
        PRINTLN "-- rcl/rcr"
        SH 8, rcl, 0x81, 1, 1, 0
        SH 8, rcl, 0x81, 1, 1, FL_CF
        SH 8, rcl, 0x40, 1, 1, 0
        SH 8, rcl, 0x81, 4, i, FL_CF
        SH 8, rcl, 0x81, 8, c, 0
        SH 8, rcl, 0x81, 9, c, FL_CF
        SH 8, rcl, 0x81, 10, c, 0
        SH 8, rcl, 0x81, 0, c, FL_ALL
        SH 8, rcl, 0x81, 18, c, FL_CF
        SH 16, rcl, 0x8001, 1, 1, 0
        SH 16, rcl, 0x1234, 4, i, FL_CF
        SH 16, rcl, 0x8001, 17, c, 0
        SH 16, rcl, 0x8001, 18, c, 0
        SH 32, rcl, 0x80000001, 1, 1, FL_CF
        SH 32, rcl, 0x12345678, 31, c, FL_CF
        SH 32, rcl, 0x12345678, 32, c, FL_CF
        SH 8, rcr, 0x81, 1, 1, 0
        SH 8, rcr, 0x81, 1, 1, FL_CF
        SH 8, rcr, 0x01, 1, 1, FL_CF
        SH 8, rcr, 0x81, 4, i, FL_CF
        SH 8, rcr, 0x81, 9, c, 0
        SH 8, rcr, 0x81, 13, c, FL_CF
        SH 16, rcr, 0x8001, 1, 1, FL_CF
        SH 16, rcr, 0x1234, 4, i, 0
        SH 16, rcr, 0x8001, 17, c, FL_CF
        SH 16, rcr, 0x8001, 31, c, 0
        SH 32, rcr, 0x80000001, 1, 1, 0
        SH 32, rcr, 0x12345678, 31, c, FL_CF
        PRINTLN "-- shld/shrd"
        SHD 16, shld, 0x1234, 0xABCD, 4, i
        SHD 16, shld, 0x8000, 0x4000, 1, c
        SHD 16, shld, 0x1234, 0xABCD, 0, c
        SHD 16, shld, 0x1234, 0xABCD, 16, c
        SHD 16, shld, 0x1234, 0xABCD, 32, c
        SHD 32, shld, 0x12345678, 0x9ABCDEF0, 8, i
        SHD 32, shld, 0x12345678, 0x9ABCDEF0, 31, c
        SHD 32, shld, 0x40000000, 0x80000000, 1, c
        SHD 32, shld, 0x12345678, 0x9ABCDEF0, 40, c
        SHD 16, shrd, 0x1234, 0xABCD, 4, i
        SHD 16, shrd, 0x0001, 0x0001, 1, c
        SHD 16, shrd, 0x1234, 0xABCD, 16, c
        SHD 32, shrd, 0x12345678, 0x9ABCDEF0, 8, i
        SHD 32, shrd, 0x12345678, 0x9ABCDEF0, 31, c
        SHD 32, shrd, 0x00000001, 0x00000000, 1, c
        SHD 32, shrd, 0x12345678, 0x9ABCDEF0, 32, c
        PRINTLN "-- memory operands"
        mov     dword [scratch], 0x80402010
        shl     byte [scratch], 1
        shr     word [scratch+2], 1
        PHEX32  [scratch]
        SPACE
        PFLAGS  FL_NOAF
        NL
        mov     cl, 4
        rol     dword [scratch], cl
        PHEX32  [scratch]
        NL
        stc
        rcr     byte [scratch+3], 1
        sar     word [scratch], 3
        PHEX32  [scratch]
        NL
        mov     eax, 0xFFFF0000
        shld    [scratch], eax, 8
        mov     cl, 12
        shrd    [scratch], ax, cl
        PHEX32  [scratch]
        NL
        EXIT
        ROM_END
