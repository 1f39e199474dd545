; muldiv: MUL/IMUL (one-, two- and three-operand forms) and DIV/IDIV on
; 8/16/32-bit operands; #DE on divide by zero and on quotient overflow,
; with the saved CS:IP pointing at the faulting instruction (SDM Vol.3
; 6.15 "Interrupt 0": #DE is a fault) and the destination unchanged.
; MUL/IMUL define only CF and OF (SF/ZF/AF/PF undefined); DIV/IDIV leave
; every arithmetic flag undefined, so no flags are printed for them.
%include "lib.inc"

FL_CO equ FL_CF|FL_OF

%macro MUL8 3   ; op, al, src
%defstr _OPS %1
        PRINT   _OPS, "8 "
        mov     ax, 0x5500 | (%2)
        mov     bl, %3
        PHEX8   al
        SPACE
        PHEX8   bl
        %1      bl
        PRINT   " -> "
        PHEX16  ax
        SPACE
        PFLAGS  FL_CO
        NL
%endmacro
%macro MUL16 3
%defstr _OPS %1
        PRINT   _OPS, "16 "
        mov     ax, %2
        mov     dx, 0x5555
        mov     bx, %3
        PHEX16  ax
        SPACE
        PHEX16  bx
        %1      bx
        PRINT   " -> "
        PHEX16  dx
        PRINT   ":"
        PHEX16  ax
        SPACE
        PFLAGS  FL_CO
        NL
%endmacro
%macro MUL32 3
%defstr _OPS %1
        PRINT   _OPS, "32 "
        mov     eax, %2
        mov     edx, 0x55555555
        mov     ebx, %3
        PHEX32  eax
        SPACE
        PHEX32  ebx
        %1      ebx
        PRINT   " -> "
        PHEX32  edx
        PRINT   ":"
        PHEX32  eax
        SPACE
        PFLAGS  FL_CO
        NL
%endmacro

; DIVn op, dividend, divisor: print quotient/remainder or the #DE
%macro DIV8 3
%defstr _OPS %1
        PRINT   _OPS, "8 "
        mov     ax, %2
        mov     bl, %3
        PHEX16  ax
        PRINT   " / "
        PHEX8   bl
        PRINT   " -> "
        EXPECT_EXC %%f, %%de
%%f:    %1      bl
        mov     word [exc_resume], 0
        PRINT   "q="
        PHEX8   al
        PRINT   " r="
        PHEX8   ah
        NL
        jmp     %%e
%%de:   PRINT   "  ax="
        PHEX16  ax
        NL
%%e:
%endmacro
%macro DIV16 4
%defstr _OPS %1
        PRINT   _OPS, "16 "
        mov     dx, %2
        mov     ax, %3
        mov     bx, %4
        PHEX16  dx
        PRINT   ":"
        PHEX16  ax
        PRINT   " / "
        PHEX16  bx
        PRINT   " -> "
        EXPECT_EXC %%f, %%de
%%f:    %1      bx
        mov     word [exc_resume], 0
        PRINT   "q="
        PHEX16  ax
        PRINT   " r="
        PHEX16  dx
        NL
        jmp     %%e
%%de:   PRINT   "  dx:ax="
        PHEX16  dx
        PRINT   ":"
        PHEX16  ax
        NL
%%e:
%endmacro
%macro DIV32 4
%defstr _OPS %1
        PRINT   _OPS, "32 "
        mov     edx, %2
        mov     eax, %3
        mov     ebx, %4
        PHEX32  edx
        PRINT   ":"
        PHEX32  eax
        PRINT   " / "
        PHEX32  ebx
        PRINT   " -> "
        EXPECT_EXC %%f, %%de
%%f:    %1      ebx
        mov     word [exc_resume], 0
        PRINT   "q="
        PHEX32  eax
        PRINT   " r="
        PHEX32  edx
        NL
        jmp     %%e
%%de:   PRINT   "  edx:eax="
        PHEX32  edx
        PRINT   ":"
        PHEX32  eax
        NL
%%e:
%endmacro

main:
        PRINTLN "-- mul"
        MUL8 mul, 0x10, 0x0F
        MUL8 mul, 0x10, 0x10
        MUL8 mul, 0xFF, 0xFF
        MUL8 mul, 0x00, 0xFF
        MUL16 mul, 0x1234, 0x0010
        MUL16 mul, 0xFFFF, 0xFFFF
        MUL16 mul, 0x8000, 0x0002
        MUL32 mul, 0x12345678, 0x10
        MUL32 mul, 0xFFFFFFFF, 0xFFFFFFFF
        MUL32 mul, 0x0000FFFF, 0x00010001
        PRINTLN "-- imul one operand"
        MUL8 imul, 0xFF, 0xFF
        MUL8 imul, 0x80, 0xFF
        MUL8 imul, 0x40, 0x02
        MUL8 imul, 0x3F, 0x02
        MUL8 imul, 0xC0, 0x02
        MUL16 imul, 0x8000, 0xFFFF
        MUL16 imul, 0xC000, 0x0002
        MUL16 imul, 0x1234, 0xFFFE
        MUL32 imul, 0x80000000, 0xFFFFFFFF
        MUL32 imul, 0xC0000000, 2
        MUL32 imul, 0x12345678, 0xFFFFFFF0
        PRINTLN "-- imul r, r/m / imm"
        mov     ax, 0x4000
        mov     bx, 2
        imul    ax, bx                  ; 0F AF
        PHEX16  ax
        SPACE
        PFLAGS  FL_CO
        NL
        mov     ax, 0x3FFF
        imul    ax, bx
        PHEX16  ax
        SPACE
        PFLAGS  FL_CO
        NL
        mov     word [scratch], 0xFFFD
        mov     cx, 7
        imul    cx, [scratch]           ; 0F AF mem
        PHEX16  cx
        SPACE
        PFLAGS  FL_CO
        NL
        mov     eax, 0x00010000
        imul    eax, eax
        PHEX32  eax
        SPACE
        PFLAGS  FL_CO
        NL
        mov     ecx, 0x7FFFFFFF
        imul    edx, ecx, -1            ; 6B
        PHEX32  edx
        SPACE
        PFLAGS  FL_CO
        NL
        imul    edx, ecx, 2             ; 6B
        PHEX32  edx
        SPACE
        PFLAGS  FL_CO
        NL
        imul    si, [scratch], 1000     ; 69 imm16
        PHEX16  si
        SPACE
        PFLAGS  FL_CO
        NL
        imul    di, [scratch], -12000   ; 69 overflow
        PHEX16  di
        SPACE
        PFLAGS  FL_CO
        NL
        mov     ebx, 0x10000
        imul    ebp, ebx, 0x12345       ; 69 imm32
        PHEX32  ebp
        SPACE
        PFLAGS  FL_CO
        NL
        mov     bl, 0xFE
        mov     byte [scratch+2], 0x03
        mov     al, 0xFE
        imul    byte [scratch+2]        ; F6 /5 mem
        PHEX16  ax
        SPACE
        PFLAGS  FL_CO
        NL
        mov     ax, 300
        mul     word [scratch]          ; F7 /4 mem
        PHEX16  dx
        PHEX16  ax
        SPACE
        PFLAGS  FL_CO
        NL

        PRINTLN "-- div"
        DIV8 div, 0x0100, 0x10
        DIV8 div, 0x00FF, 0x10
        DIV8 div, 0xFEFF, 0xFF
        DIV8 div, 0xFF00, 0xFF
        DIV8 div, 0x1234, 0x00
        DIV16 div, 0x0001, 0x0000, 0x0010
        DIV16 div, 0xFFFE, 0xFFFF, 0xFFFF
        DIV16 div, 0x0001, 0x0000, 0x0001
        DIV16 div, 0x0000, 0x1234, 0x0000
        DIV32 div, 0x00000001, 0x00000000, 0x00000010
        DIV32 div, 0x00000000, 0xFFFFFFFF, 0x00000003
        DIV32 div, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF
        DIV32 div, 0x00000001, 0x00000000, 0x00000001
        DIV32 div, 0, 0x12345678, 0
        PRINTLN "-- idiv"
        DIV8 idiv, 0xFF80, 0xFF
        DIV8 idiv, 0xFF81, 0xFF
        DIV8 idiv, 0x0080, 0x01
        DIV8 idiv, 0xFF80, 0x01
        DIV8 idiv, 0xFFF9, 0x02
        DIV8 idiv, 0x0007, 0xFE
        DIV8 idiv, 0x0007, 0x00
        DIV16 idiv, 0xFFFF, 0x8000, 0xFFFF
        DIV16 idiv, 0xFFFF, 0x8001, 0xFFFF
        DIV16 idiv, 0xFFFF, 0xFFF9, 0x0002
        DIV16 idiv, 0x0000, 0x8000, 0x0001
        DIV32 idiv, 0xFFFFFFFF, 0x80000000, 0xFFFFFFFF
        DIV32 idiv, 0xFFFFFFFF, 0xFFFFFFF9, 0x00000002
        DIV32 idiv, 0x00000000, 0x00000007, 0xFFFFFFFE
        DIV32 idiv, 0x00000000, 0x80000000, 0x00000001
        DIV32 idiv, 0x12345678, 0x9ABCDEF0, 0
        PRINTLN "-- div mem, #DE from a memory operand"
        mov     word [scratch], 0
        mov     ax, 100
        EXPECT_EXC .f1, .r1
.f1:    div     byte [scratch]
        NO_EXC
.r1:    mov     dword [scratch], 7
        mov     edx, 0
        mov     eax, 100
        div     dword [scratch]
        PHEX32  eax
        SPACE
        PHEX32  edx
        NL
        PRINT   "exceptions: "
        PHEX16  [exc_count]
        NL
        EXIT
        ROM_END
