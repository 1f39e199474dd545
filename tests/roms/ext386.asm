; ext386: 386+ instructions and 32-bit forms in real mode: 66/67 prefixes,
; 32-bit addressing with SIB (SS default for EBP/ESP bases), FS/GS,
; MOVZX/MOVSX, BT/BTS/BTR/BTC (register and bit-string memory forms),
; BSF/BSR, SETcc, IMUL r,r/m,imm, LDS/LES/LSS/LFS/LGS, XADD, CMPXCHG,
; CMPXCHG8B, BSWAP, CWDE/CDQ, CPUID, RDTSC.
; Undefined flags are not printed: BT* leave OF SF AF PF undefined and ZF
; unchanged; BSF/BSR define only ZF (the destination is undefined for a
; zero source: not printed); CMPXCHG8B defines only ZF.
%include "lib.inc"
%include "ops.inc"

DSEG equ 0x1000
FL_BT   equ FL_CF|FL_ZF

main:
        PRINTLN "-- 32-bit addressing"
        ; distinct data at offset 0x6000 in DS (0x1000) and SS (0)
        mov     ax, DSEG
        mov     ds, ax
        mov     dword [0x6000], 0xD5D5D500
        mov     dword [0x6004], 0xD5D5D504
        mov     dword [0x6008], 0xD5D5D508
        mov     dword [0x6010], 0xD5D5D510
        mov     dword [0x6040], 0xD5D5D540
        mov     dword [ss:0x6000], 0x55555500
        mov     dword [ss:0x6004], 0x55555504
        mov     dword [ss:0x6008], 0x55555508
        mov     dword [ss:0x6010], 0x55555510
        mov     eax, 0x6000
        mov     ebx, 0x6000
        mov     ecx, 2
        mov     edx, 0x5FFC
        mov     esi, 4
        mov     edi, 0x0C00
        mov     ebp, 0x6000
        PHEX32  [eax]                   ; 67 8B 00
        SPACE
        PHEX32  [ebx+ecx*4]             ; SIB scale 4
        SPACE
        PHEX32  [edx+8]                 ; disp8
        SPACE
        PHEX32  [edx+0x14]
        SPACE
        PHEX32  [dword 0x6004]          ; mod 00 rm 101: disp32
        SPACE
        PHEX32  [edi*8+0x10]            ; SIB no base, disp32
        NL
        PHEX32  [ebp]                   ; SS default
        SPACE
        PHEX32  [ebp+esi]               ; SS default (base EBP)
        SPACE
        PHEX32  [esi+ebp]               ; DS: EBP as index
        SPACE
        PHEX32  [ds:ebp+8]              ; override
        SPACE
        PHEX32  [eax+eax*1-0x5FF8]      ; 0x6008
        SPACE
        PHEX32  [ebx+esi*2+0x8]         ; 0x6010
        NL
        mov     esp, 0x7000-4
        mov     dword [ss:0x7000-4], 0x5A5A0000
        mov     eax, [esp]              ; SIB base ESP: SS
        add     esp, 4
        PHEX32  eax
        SPACE
        lea     eax, [ebx+ecx*8+0x12345678]
        PHEX32  eax
        SPACE
        lea     eax, [eax*2+eax]
        PHEX32  eax
        SPACE
        lea     ax, [ecx+edx]           ; 16-bit dest, 32-bit address
        PHEX32  eax
        NL
        xor     ax, ax
        mov     ds, ax

        PRINTLN "-- fs/gs"
        mov     ax, DSEG
        mov     fs, ax
        mov     ax, 0
        mov     gs, ax
        mov     eax, [fs:0x6000]
        mov     ebx, [gs:0x6000]
        PHEX32  eax
        SPACE
        PHEX32  ebx
        SPACE
        mov     dword [fs:0x6020], 0x0F0F0F0F
        mov     eax, [fs:0x6020]
        PHEX32  eax
        SPACE
        PHEX16  fs
        SPACE
        PHEX16  gs
        NL

        PRINTLN "-- movzx/movsx"
        mov     byte [scratch], 0x80
        mov     word [scratch+2], 0x8001
        mov     eax, 0xFFFFFFFF
        movzx   ax, byte [scratch]
        PHEX32  eax
        SPACE
        movzx   eax, byte [scratch]
        PHEX32  eax
        SPACE
        movzx   eax, word [scratch+2]
        PHEX32  eax
        SPACE
        mov     bl, 0xFE
        movzx   ecx, bl
        PHEX32  ecx
        NL
        mov     eax, 0x12345678
        movsx   ax, byte [scratch]
        PHEX32  eax
        SPACE
        movsx   eax, byte [scratch]
        PHEX32  eax
        SPACE
        movsx   eax, word [scratch+2]
        PHEX32  eax
        SPACE
        mov     bh, 0x7F
        movsx   edx, bh
        PHEX32  edx
        NL

        PRINTLN "-- bt/bts/btr/btc"
        mov     eax, 0x80000001
        SETFL   FL_ZF
        bt      eax, 0
        PFLAGS  FL_BT
        SPACE
        SETFL   0
        bt      eax, 1
        PFLAGS  FL_BT
        SPACE
        mov     ecx, 63                 ; register form: offset mod 32
        bt      eax, ecx
        PFLAGS  FL_BT
        SPACE
        bts     eax, 4
        PFLAGS  FL_BT
        SPACE
        PHEX32  eax
        SPACE
        btr     eax, 31
        PFLAGS  FL_BT
        SPACE
        PHEX32  eax
        SPACE
        btc     eax, 0
        PFLAGS  FL_BT
        SPACE
        PHEX32  eax
        NL
        mov     bx, 0x0010
        mov     cx, 4
        bts     bx, cx
        PFLAGS  FL_BT
        SPACE
        btc     bx, 20                  ; imm masked to 4 bits: bit 4
        PFLAGS  FL_BT
        SPACE
        PHEX16  bx
        NL
        ; bit string in memory: register offset selects the dword
        mov     dword [scratch+0x10], 0
        mov     dword [scratch+0x14], 0
        mov     dword [scratch+0x18], 0
        mov     dword [scratch+0x1C], 0
        mov     ecx, 35
        bts     dword [scratch+0x14], ecx       ; bit 3 of [0x18]
        mov     ecx, -1
        bts     dword [scratch+0x14], ecx       ; bit 31 of [0x10]
        mov     cx, 17
        bts     word [scratch+0x14], cx         ; bit 1 of word [0x16]
        mov     cx, -16
        bts     word [scratch+0x14], cx         ; bit 0 of word [0x12]
        bts     dword [scratch+0x14], 33        ; imm: masked to 1
        DUMP    0, scratch+0x10, 16
        mov     ecx, 35
        bt      dword [scratch+0x14], ecx
        PFLAGS  FL_BT
        SPACE
        mov     ecx, 36
        btr     dword [scratch+0x14], ecx
        PFLAGS  FL_BT
        SPACE
        mov     ecx, -1
        btc     dword [scratch+0x14], ecx
        PFLAGS  FL_BT
        SPACE
        PHEX32  [scratch+0x10]
        NL

        PRINTLN "-- bsf/bsr"
        mov     eax, 0x00F00100
        bsf     ebx, eax
        PFLAGS  FL_ZF
        SPACE
        PHEX32  ebx
        SPACE
        bsr     ebx, eax
        PFLAGS  FL_ZF
        SPACE
        PHEX32  ebx
        SPACE
        mov     word [scratch], 0x8000
        bsf     cx, [scratch]
        PHEX16  cx
        SPACE
        bsr     cx, [scratch]
        PHEX16  cx
        SPACE
        mov     eax, 1
        bsr     edx, eax
        PHEX32  edx
        SPACE
        xor     eax, eax
        bsf     edx, eax
        PFLAGS  FL_ZF
        SPACE
        bsr     dx, ax
        PFLAGS  FL_ZF
        NL

        PRINTLN "-- setcc: O NO B AE E NE BE A S NS P NP L GE LE G"
        SETFL   FL_CF|FL_SF
        call    setcc_row
        SETFL   FL_ZF|FL_OF|FL_PF
        call    setcc_row
        mov     byte [scratch], 0x55
        SETFL   FL_CF
        setc    byte [scratch]
        setnc   byte [scratch+1]
        PHEX16  [scratch]
        NL

        PRINTLN "-- imul r, r/m, imm (32-bit)"
        mov     ebx, 0x00012345
        imul    eax, ebx, 0x100
        PHEX32  eax
        SPACE
        PFLAGS  FL_CF|FL_OF
        SPACE
        imul    eax, ebx, 0x10000
        PHEX32  eax
        SPACE
        PFLAGS  FL_CF|FL_OF
        SPACE
        mov     dword [scratch], -7
        imul    ecx, [scratch], -3
        PHEX32  ecx
        SPACE
        imul    ecx, [scratch]
        PHEX32  ecx
        NL

        PRINTLN "-- lds/les/lss/lfs/lgs"
        mov     dword [scratch], 0x12345678
        mov     word [scratch+4], 0x2000
        mov     word [scratch+6], 0x3000
        lfs     bx, [scratch]
        PHEX16  fs
        PRINT   ":"
        PHEX16  bx
        SPACE
        lgs     ecx, [scratch]
        PHEX16  gs
        PRINT   ":"
        PHEX32  ecx
        SPACE
        les     di, [scratch+2]
        PHEX16  es
        PRINT   ":"
        PHEX16  di
        SPACE
        mov     dx, ss
        mov     si, sp
        mov     dword [scratch+8], 0x00006F00
        mov     word [scratch+12], 0x0100
        lss     esp, [scratch+8]
        mov     [scratch+16], esp
        mov     [scratch+20], ss
        mov     ss, dx
        mov     sp, si
        PHEX16  [scratch+20]
        PRINT   ":"
        PHEX32  [scratch+16]
        SPACE
        push    ds
        lds     si, [scratch]
        mov     ax, ds
        pop     ds
        PHEX16  ax
        PRINT   ":"
        PHEX16  si
        NL
        xor     ax, ax
        mov     es, ax

        PRINTLN "-- xadd"
        mov     al, 0x7F
        mov     bl, 0x01
        xadd    al, bl
        PHEX8   al
        SPACE
        PHEX8   bl
        SPACE
        PFLAGS
        SPACE
        mov     dword [scratch], 0xFFFFFFFF
        mov     ecx, 2
        xadd    [scratch], ecx
        PHEX32  [scratch]
        SPACE
        PHEX32  ecx
        SPACE
        PFLAGS
        SPACE
        mov     dx, 0x1234
        xadd    dx, dx
        PHEX16  dx
        NL

        PRINTLN "-- cmpxchg"
        mov     al, 0x11
        mov     bl, 0x11
        mov     cl, 0x22
        cmpxchg bl, cl                  ; equal: BL = CL
        PFLAGS
        SPACE
        PHEX8   al
        SPACE
        PHEX8   bl
        SPACE
        mov     ax, 0x1000
        mov     word [scratch], 0x0FFF
        mov     cx, 0x3333
        cmpxchg [scratch], cx           ; not equal: AX = mem
        PFLAGS
        SPACE
        PHEX16  ax
        SPACE
        PHEX16  [scratch]
        SPACE
        mov     eax, 0x80000000
        mov     dword [scratch], 0x80000000
        mov     ecx, 0xCAFEBABE
        lock cmpxchg [scratch], ecx
        PFLAGS
        SPACE
        PHEX32  [scratch]
        SPACE
        mov     eax, 5
        mov     edx, 5
        cmpxchg edx, edx                ; dest == accumulator
        PFLAGS
        SPACE
        PHEX32  edx
        NL
        PRINTLN "-- cmpxchg8b"
        mov     dword [scratch], 0x11111111
        mov     dword [scratch+4], 0x22222222
        mov     eax, 0x11111111
        mov     edx, 0x22222222
        mov     ebx, 0xBBBBBBBB
        mov     ecx, 0xCCCCCCCC
        cmpxchg8b [scratch]
        PFLAGS  FL_ZF
        SPACE
        PHEX32  [scratch+4]
        PHEX32  [scratch]
        SPACE
        mov     eax, 0
        mov     edx, 0
        cmpxchg8b [scratch]
        PFLAGS  FL_ZF
        SPACE
        PHEX32  edx
        PHEX32  eax
        NL

        PRINTLN "-- bswap, cwde, cdq"
        mov     eax, 0x12345678
        bswap   eax
        PHEX32  eax
        SPACE
        mov     edi, 0xAABBCCDD
        bswap   edi
        PHEX32  edi
        SPACE
        mov     eax, 0xFFFF8000
        mov     ax, 0x8001
        cwde
        PHEX32  eax
        SPACE
        mov     ax, 0x7FFF
        cwde
        PHEX32  eax
        SPACE
        mov     edx, 0x12345678
        mov     eax, 0x80000000
        cdq
        PHEX32  edx
        SPACE
        mov     eax, 0x7FFFFFFF
        cdq
        PHEX32  edx
        NL

        PRINTLN "-- cpuid"
        xor     eax, eax
        cpuid
        PRINT   "max leaf >= 1: "
        cmp     eax, 1
        jae     .c1
        PRINT   "no"
        jmp     .c2
.c1:    PRINT   "yes"
.c2:    mov     [scratch], ebx
        mov     [scratch+4], edx
        mov     [scratch+8], ecx
        PRINT   ", vendor string printable: "
        mov     si, scratch
        mov     cx, 12
.c3:    mov     al, [si]
        cmp     al, 0x20
        jb      .c4
        cmp     al, 0x7E
        ja      .c4
        inc     si
        loop    .c3
        PRINTLN "yes"
        jmp     .c5
.c4:    PRINTLN "no"
.c5:    mov     eax, 1
        cpuid
        PRINT   "leaf 1 edx: tsc "
        mov     eax, edx
        shr     eax, 4
        and     al, 1
        PHEX8   al
        PRINT   " cx8 "
        mov     eax, edx
        shr     eax, 8
        and     al, 1
        PHEX8   al
        NL

        PRINTLN "-- rdtsc"
        rdtsc
        mov     esi, eax
        mov     edi, edx
        mov     cx, 100
.t1:    loop    .t1
        rdtsc
        sub     eax, esi
        sbb     edx, edi
        PRINT   "increases: "
        jc      .t2                     ; negative
        or      eax, edx
        jz      .t2                     ; equal
        PRINTLN "yes"
        jmp     .t3
.t2:    PRINTLN "no"
.t3:
        EXIT

; setcc_row: the 16 SETcc into a buffer, printed as 0/1 (flags preserved)
setcc_row:
        pushf
        push    si
        push    ax
        mov     si, scratch+0x40
%assign c 0
%rep 16
        db      0x0F, 0x90 + c, 0x04    ; setcc byte [si]
        lea     si, [si+1]              ; not INC: keep the flags
%assign c c+1
%endrep
        mov     si, scratch+0x40
        mov     cx, 16
.l:     mov     al, [si]
        add     al, '0'
        out     0xE9, al
        inc     si
        loop    .l
        NL
        pop     ax
        pop     si
        popf
        ret
        ROM_END
