; alu: ADD/ADC/SUB/SBB/AND/OR/XOR/CMP/INC/DEC/NEG/NOT/TEST on 8/16/32-bit
; operands: results and defined flags (SDM Vol.2 for each instruction;
; AF is undefined after AND/OR/XOR/TEST and is not printed there).
%include "lib.inc"
%include "ops.inc"

main:
        PRINTLN "-- add"
        T2 8, add, 0x7F, 0x01, 0
        T2 8, add, 0xFF, 0x01, 0
        T2 8, add, 0x80, 0x80, 0
        T2 8, add, 0x0F, 0x01, 1
        T2 8, add, 0x00, 0x00, 0
        T2 8, add, 0x7F, 0x80, 0
        T2 16, add, 0x7FFF, 0x0001, 0
        T2 16, add, 0xFFFF, 0x0001, 0
        T2 16, add, 0x8000, 0x8000, 0
        T2 16, add, 0x1234, 0x4321, 0
        T2 32, add, 0x7FFFFFFF, 1, 0
        T2 32, add, 0xFFFFFFFF, 1, 0
        T2 32, add, 0x80000000, 0x80000000, 0
        T2 32, add, 0x12345678, 0x0FEDCBA9, 0
        PRINTLN "-- adc"
        T2 8, adc, 0xFF, 0x00, 1
        T2 8, adc, 0x7F, 0x00, 1
        T2 8, adc, 0xFF, 0xFF, 1
        T2 8, adc, 0x0E, 0x01, 1
        T2 8, adc, 0x40, 0x3F, 0
        T2 16, adc, 0xFFFF, 0x0000, 1
        T2 16, adc, 0x7FFF, 0x0000, 1
        T2 16, adc, 0xFFFF, 0xFFFF, 1
        T2 32, adc, 0xFFFFFFFF, 0, 1
        T2 32, adc, 0x7FFFFFFF, 0, 1
        T2 32, adc, 0xFFFFFFFF, 0xFFFFFFFF, 1
        T2 32, adc, 0x00000001, 0x00000001, 0
        PRINTLN "-- sub"
        T2 8, sub, 0x00, 0x01, 0
        T2 8, sub, 0x80, 0x01, 0
        T2 8, sub, 0x7F, 0xFF, 0
        T2 8, sub, 0x10, 0x01, 1
        T2 8, sub, 0x05, 0x05, 1
        T2 16, sub, 0x0000, 0x0001, 0
        T2 16, sub, 0x8000, 0x0001, 0
        T2 16, sub, 0x7FFF, 0xFFFF, 0
        T2 32, sub, 0, 1, 0
        T2 32, sub, 0x80000000, 1, 0
        T2 32, sub, 0x7FFFFFFF, 0xFFFFFFFF, 0
        T2 32, sub, 0x12345678, 0x12345678, 0
        PRINTLN "-- sbb"
        T2 8, sbb, 0x00, 0xFF, 1
        T2 8, sbb, 0x80, 0x00, 1
        T2 8, sbb, 0x00, 0x00, 1
        T2 8, sbb, 0x10, 0x0F, 1
        T2 8, sbb, 0x10, 0x0F, 0
        T2 16, sbb, 0x0000, 0xFFFF, 1
        T2 16, sbb, 0x8000, 0x0000, 1
        T2 16, sbb, 0x0000, 0x0000, 1
        T2 32, sbb, 0, 0xFFFFFFFF, 1
        T2 32, sbb, 0x80000000, 0, 1
        T2 32, sbb, 0, 0, 1
        PRINTLN "-- cmp"
        T2 8, cmp, 0x00, 0x01, 0
        T2 8, cmp, 0x80, 0x01, 0
        T2 8, cmp, 0x42, 0x42, 1
        T2 16, cmp, 0x8000, 0x7FFF, 0
        T2 16, cmp, 0x0001, 0x8000, 0
        T2 32, cmp, 0x80000000, 0x7FFFFFFF, 0
        T2 32, cmp, 0xFFFFFFFF, 0xFFFFFFFF, 0
        PRINTLN "-- and/or/xor/test (AF undefined)"
        T2 8, and, 0xF0, 0x3C, 1, FL_NOAF
        T2 8, and, 0x0F, 0xF0, 1, FL_NOAF
        T2 8, and, 0x81, 0x80, 0, FL_NOAF
        T2 16, and, 0xFFFF, 0x8001, 1, FL_NOAF
        T2 32, and, 0x12345678, 0xF0F0F0F0, 1, FL_NOAF
        T2 8, or, 0x00, 0x00, 1, FL_NOAF
        T2 8, or, 0x80, 0x01, 1, FL_NOAF
        T2 16, or, 0x1200, 0x0034, 1, FL_NOAF
        T2 32, or, 0x80000000, 0x00000003, 1, FL_NOAF
        T2 8, xor, 0x5A, 0x5A, 1, FL_NOAF
        T2 8, xor, 0x5A, 0xA5, 1, FL_NOAF
        T2 16, xor, 0x1234, 0xFFFF, 1, FL_NOAF
        T2 32, xor, 0xDEADBEEF, 0x0000FFFF, 1, FL_NOAF
        T2 8, test, 0x80, 0x80, 1, FL_NOAF
        T2 8, test, 0x55, 0xAA, 1, FL_NOAF
        T2 16, test, 0x0300, 0x0100, 1, FL_NOAF
        T2 32, test, 0x80000001, 0xFFFFFFFF, 1, FL_NOAF
        PRINTLN "-- inc/dec (CF preserved)"
        T1 8, inc, 0xFF, 0
        T1 8, inc, 0xFF, 1
        T1 8, inc, 0x7F, 0
        T1 8, inc, 0x0F, 1
        T1 16, inc, 0xFFFF, 1
        T1 16, inc, 0x7FFF, 0
        T1 32, inc, 0xFFFFFFFF, 0
        T1 32, inc, 0x7FFFFFFF, 1
        T1 8, dec, 0x00, 0
        T1 8, dec, 0x80, 1
        T1 8, dec, 0x10, 0
        T1 8, dec, 0x01, 1
        T1 16, dec, 0x8000, 0
        T1 16, dec, 0x0000, 1
        T1 32, dec, 0x80000000, 0
        T1 32, dec, 0x00000001, 1
        PRINTLN "-- neg"
        T1 8, neg, 0x00, 1
        T1 8, neg, 0x80, 0
        T1 8, neg, 0x01, 0
        T1 8, neg, 0x10, 0
        T1 16, neg, 0x8000, 0
        T1 16, neg, 0x0001, 0
        T1 32, neg, 0x80000000, 0
        T1 32, neg, 0x00000000, 1
        T1 32, neg, 0x12345678, 0
        PRINTLN "-- not (flags unchanged)"
        SETFL   FL_ALL
        T1 8, not, 0x5A, 1
        SETFL   0
        T1 16, not, 0x00FF, 0
        SETFL   FL_ZF|FL_OF
        T1 32, not, 0x12345678, 0

        PRINTLN "-- encodings"
        ; 8-bit high registers
        mov     ax, 0x1234
        mov     bx, 0x4321
        add     ah, bh
        adc     al, bl
        sub     bh, al
        PHEX16  ax
        SPACE
        PHEX16  bx
        NL
        mov     cx, 0x00FF
        mov     dx, 0x0180
        add     ch, dl
        xor     cl, dh
        PHEX16  cx
        SPACE
        PFLAGS  FL_NOAF
        NL
        ; memory destination/source, immediates (80/81/83, short forms)
        mov     dword [scratch], 0x000000FF
        add     byte [scratch], 1               ; 80 /0
        PHEX32  [scratch]
        SPACE
        PFLAGS
        NL
        add     word [scratch], -1              ; 83 /0 sign-extended
        PHEX32  [scratch]
        SPACE
        PFLAGS
        NL
        sub     dword [scratch], 0x10000        ; 81 /5 imm32
        PHEX32  [scratch]
        SPACE
        PFLAGS
        NL
        mov     dword [scratch], 0x11111111
        or      dword [scratch], byte -128      ; 83 /1
        PHEX32  [scratch]
        NL
        mov     ax, 0x8000
        sbb     ax, strict word 1               ; 3D-family short form (1D)
        PHEX16  ax
        SPACE
        PFLAGS
        NL
        mov     eax, 5
        cmp     eax, strict dword 5             ; 3D id
        PFLAGS
        NL
        mov     al, 0x80
        xor     al, 0x80                        ; 34 ib
        PFLAGS  FL_NOAF
        NL
        mov     ebx, 0x01020304
        mov     [scratch+4], ebx
        add     ebx, [scratch+4]                ; 03 /r mem source
        adc     [scratch+4], ebx                ; 11 /r mem dest
        PHEX32  ebx
        SPACE
        PHEX32  [scratch+4]
        NL
        mov     word [scratch+8], 0x00FF
        inc     byte [scratch+8]                ; FE /0 mem
        dec     word [scratch+8]                ; FF /1 mem
        neg     word [scratch+8]                ; F7 /3 mem
        not     byte [scratch+9]                ; F6 /2 mem
        PHEX16  [scratch+8]
        SPACE
        PFLAGS
        NL
        mov     dword [scratch+12], 0x80
        test    byte [scratch+12], 0x80         ; F6 /0 mem
        PFLAGS  FL_NOAF
        SPACE
        test    [scratch+12], eax               ; 85 /r
        PFLAGS  FL_NOAF
        SPACE
        lock add dword [scratch+12], 0x7FFFFF80
        PHEX32  [scratch+12]
        SPACE
        PFLAGS
        NL
        ; byte immediates of opcode 82 (alias of 80 outside 64-bit mode)
        mov     al, 0x10
        db      0x82, 0xC0, 0x05                ; add al, 5
        db      0x82, 0xE8, 0x01                ; sub al, 1
        PHEX8   al
        NL

        ; Flags that one instruction leaves alone must survive from the
        ; previous one, whatever produced them (lazy evaluation traps).
        PRINTLN "-- flags carried across instructions"
        mov     al, 0xFF
        add     al, 1                   ; CF=1 ZF=1 AF=1 PF=1
        inc     bl                      ; CF kept
        mov     cl, 0
        adc     cl, 0                   ; 1
        PHEX8   cl
        SPACE
        mov     al, 0
        sub     al, 1                   ; CF=1 (borrow)
        dec     bl                      ; CF kept
        mov     cl, 5
        sbb     cl, 0                   ; 4
        PHEX8   cl
        SPACE
        mov     al, 0x80
        add     al, 0x80                ; OF ZF PF CF
        mov     cl, 0
        shl     bl, cl                  ; count 0: no flag changes
        PFLAGS
        SPACE
        mov     al, 0xFF
        add     al, 1                   ; ZF AF PF CF
        mov     bl, 0x40
        rol     bl, 1                   ; CF=0 OF=1, SZAP kept
        PFLAGS
        SPACE
        mov     al, 0x10
        sub     al, 0x20                ; CF=1
        mov     bl, 0x80
        rcl     bl, 1                   ; 0x01, CF=1
        PHEX8   bl
        SPACE
        PFLAGS  FL_CF
        SPACE
        mov     ah, 0x01                ; CF only
        sahf
        inc     ax                      ; CF kept, rest from INC
        PFLAGS
        NL
        mov     eax, 0x7FFFFFFF
        add     eax, 1                  ; OF SF AF PF
        bt      eax, 31                 ; CF=1, ZF kept; OF SF AF PF undef.
        PFLAGS  FL_CF|FL_ZF
        SPACE
        mov     al, 1
        add     al, 0xFF                ; ZF AF PF CF
        cmc                             ; CF=0, the rest kept
        PFLAGS
        SPACE
        mov     al, 0x7F
        stc
        adc     al, 0                   ; 80: OF SF AF
        lahf
        PHEX8   ah
        SPACE
        mov     al, 0x19
        add     al, 0x28                ; 41, AF=1
        daa                             ; 47
        PHEX8   al
        SPACE
        mov     ax, 0x000F
        inc     al                      ; 10, AF=1
        aaa                             ; AF set: AX+106h = 0116 -> 0106
        PHEX16  ax
        SPACE
        mov     al, 0x80
        neg     al                      ; CF=1 OF=1
        pushf
        pop     dx
        and     dx, FL_ALL
        PHEX16  dx
        SPACE
        xor     cx, cx
        mov     al, 0xFF
        add     al, 1
        loop    .lp                     ; LOOP: no flag changes
.lp:    PFLAGS
        SPACE
        mov     al, 0xFF
        add     al, 1
        mov     esi, 0x100
        lea     edi, [esi+4]            ; no flag changes
        movzx   ecx, al
        xchg    ecx, edi
        PFLAGS
        NL
        EXIT
        ROM_END
