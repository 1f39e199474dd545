; stack: PUSH/POP of registers, memory, immediates and segment registers
; (16- and 32-bit operand size), PUSH SP (286+: the value before the
; decrement), POP SP, POP to an ESP-based memory operand (address computed
; after the increment), PUSHA/POPA/PUSHAD/POPAD, PUSHF/POPF/PUSHFD/POPFD,
; ENTER with nesting levels 0/1/3, LEAVE. SDM Vol.2 "PUSH", "POP", "ENTER".
%include "lib.inc"

SSEG equ 0x3000                 ; test stack segment (phys 0x30000)

; SPV / ESPV: print SP / ESP as it was before the macro (no flags touched)
%macro SPV 0
        PRINT   "sp="
        push    ax
        lea     ax, [esp+2]
        call    print_hex16
        pop     ax
%endmacro
%macro ESPV 0
        PRINT   "esp="
        push    eax
        lea     eax, [esp+4]
        call    print_hex32
        pop     eax
%endmacro

main:
        ; a separate stack: SS=3000, SP=0100; the exception handlers are
        ; not expected to run in this ROM
        mov     ax, SSEG
        mov     ss, ax
        mov     sp, 0x0100

        PRINTLN "-- push/pop registers"
        mov     ax, 0x1111
        mov     ebx, 0x22223333
        push    ax
        push    ebx
        SPV
        SPACE
        DUMP    SSEG, 0xFA, 6
        pop     ecx
        pop     dx
        PHEX32  ecx
        SPACE
        PHEX16  dx
        SPACE
        SPV
        NL
        PRINTLN "-- push imm"
        push    byte -2                 ; 6A, sign-extended to 16 bits
        push    word 0x1234             ; 68
        push    dword 0x89ABCDEF        ; 66 68
        push    dword -3                ; 66 6A
        SPV
        SPACE
        DUMP    SSEG, 0xF4, 12
        add     sp, 12
        PRINTLN "-- push/pop memory"
        mov     word [scratch], 0xBEEF
        mov     dword [scratch+2], 0xCAFEF00D
        push    word [scratch]          ; FF /6
        push    dword [scratch+2]
        pop     word [scratch+8]        ; 8F /0
        pop     dword [scratch+10]
        DUMP    0, scratch+8, 6
        SPV
        NL
        PRINTLN "-- push sp / pop sp"
        push    sp                      ; pushes 0100 (286+)
        pop     ax
        PHEX16  ax
        SPACE
        push    esp
        pop     eax
        PHEX32  eax
        SPACE
        mov     word [ss:0x80], 0x00C0
        mov     sp, 0x80
        pop     sp                      ; SP = value popped
        SPV
        NL
        mov     sp, 0x100
        PRINTLN "-- pop [esp] / push [esp]"
        mov     esp, 0x100
        push    word 0xAAAA
        push    word 0x5555
        pop     word [esp]              ; EA after the increment: 00FE
        SPV
        SPACE
        DUMP    SSEG, 0xFE, 2
        push    word [esp]              ; reads 00FE before the decrement
        SPV
        SPACE
        DUMP    SSEG, 0xFC, 4
        mov     sp, 0x100

        PRINTLN "-- pusha/popa"
        mov     eax, 0xA0A0A0A0
        mov     ecx, 0xC1C1C1C1
        mov     edx, 0xD2D2D2D2
        mov     ebx, 0xB3B3B3B3
        mov     ebp, 0xB5B5B5B5
        mov     esi, 0x56565656
        mov     edi, 0xD7D7D7D7
        pusha
        SPV
        SPACE
        DUMP    SSEG, 0xF0, 16
        mov     bp, sp
        mov     word [ss:bp+6], 0x1234  ; the saved SP slot: ignored by POPA
        mov     word [ss:bp+14], 0x0A0A ; AX slot
        xor     eax, eax
        xor     ecx, ecx
        xor     edx, edx
        xor     ebx, ebx
        xor     ebp, ebp
        xor     esi, esi
        xor     edi, edi
        popa
        SPV
        SPACE
        PHEX32  eax
        SPACE
        PHEX32  ecx
        SPACE
        PHEX32  ebx
        SPACE
        PHEX32  ebp
        SPACE
        PHEX32  edi
        NL
        PRINTLN "-- pushad/popad"
        pushad
        SPV
        SPACE
        mov     bp, sp
        PHEX32  [ss:bp+12]              ; saved ESP
        SPACE
        PHEX32  [ss:bp+28]              ; saved EAX
        NL
        mov     dword [ss:bp+28], 0x76543210
        mov     dword [ss:bp+12], 0xFFFFFFFF
        popad
        SPV
        SPACE
        PHEX32  eax
        SPACE
        PHEX32  esi
        NL

        PRINTLN "-- pushf/popf"
        push    word 0xFCFF             ; all but TF and IF
        popf
        pushf
        pop     ax
        cld
        PHEX16  ax
        SPACE
        push    word 0
        popf
        pushf
        pop     ax
        PHEX16  ax
        SPACE
        pushfd
        pop     eax
        PHEX32  eax
        SPACE
        push    dword 0x00240002        ; AC and ID
        popfd
        pushfd
        pop     eax
        PHEX32  eax
        SPACE
        push    dword 0x00030002        ; RF and VM: not set from real mode
        popfd
        pushfd
        pop     eax
        PHEX32  eax
        NL
        push    word 2
        popf

        PRINTLN "-- segment registers"
        mov     ax, 0x1234
        mov     es, ax
        mov     ax, 0x5678
        mov     fs, ax
        mov     ax, 0x9ABC
        mov     gs, ax
        push    cs
        push    ss
        push    ds
        push    es
        push    fs
        push    gs
        SPV
        SPACE
        DUMP    SSEG, 0xF4, 12
        pop     ax
        pop     ax
        pop     ds
        pop     gs
        pop     fs
        pop     es
        SPV
        SPACE
        PHEX16  ds
        SPACE
        PHEX16  es
        SPACE
        PHEX16  fs
        SPACE
        PHEX16  gs
        NL
        xor     ax, ax
        mov     ds, ax
        o32 push fs                     ; 32-bit push: SP -= 4
        SPV
        SPACE
        PHEX16  [ss:0xFC]               ; upper half is model-specific
        SPACE
        o32 pop gs
        SPV
        SPACE
        PHEX16  gs
        NL
        mov     ax, ss
        push    word 0x4000
        pop     ss                      ; SS from the stack
        PHEX16  ss
        SPACE
        SPV
        NL
        mov     ss, ax
        mov     sp, 0x100

        PRINTLN "-- enter/leave"
        mov     bp, 0xBBBB
        enter   8, 0
        SPV
        PRINT   " bp="
        PHEX16  bp
        SPACE
        DUMP    SSEG, 0xFE, 2
        leave
        SPV
        PRINT   " bp="
        PHEX16  bp
        NL
        ; nesting level 1: pushes the frame pointer again
        enter   4, 1
        SPV
        PRINT   " bp="
        PHEX16  bp
        SPACE
        DUMP    SSEG, 0xFC, 4
        ; nesting level 3 from here: copies the 2 words at BP-2 and BP-4
        ; (the outer frame's display/locals) and pushes the new frame
        mov     word [ss:0xFA], 0x2222
        mov     word [ss:0xF8], 0x3333
        enter   2, 3
        SPV
        PRINT   " bp="
        PHEX16  bp
        SPACE
        DUMP    SSEG, 0xF0, 8
        leave
        SPV
        PRINT   " bp="
        PHEX16  bp
        NL
        leave
        SPV
        PRINT   " bp="
        PHEX16  bp
        NL
        o32 enter 4, 0                  ; 32-bit: pushes EBP
        ESPV
        PRINT   " ebp="
        PHEX32  ebp
        NL
        o32 leave
        ESPV
        PRINT   " ebp="
        PHEX32  ebp
        NL

        PRINTLN "-- stack wrap at SS:0000"
        mov     sp, 0
        push    word 0xABCD             ; SP -> FFFE
        SPV
        SPACE
        DUMP    SSEG, 0xFFFE, 2
        pop     ax                      ; SP -> 0000
        SPV
        SPACE
        PHEX16  ax
        NL

        xor     ax, ax
        mov     ss, ax
        mov     sp, STACK_TOP
        EXIT
        ROM_END
