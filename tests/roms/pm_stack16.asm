; pm_stack16: 32-bit code on a 16-bit stack segment (B=0), where only SP
; moves and ESP keeps its bits 31:16 (SDM Vol.1 6.2.3):
; - POP SS that loads a 32-bit stack segment: the increment still uses the
;   width of the old SS (the value was read through it), so ESP bits 31:16
;   stay (SDM POP; Bochs agrees);
; - ENTER with o32: FrameTemp is ESP after pushing EBP, bits 31:16
;   included, and it becomes EBP and the pushed frame pointer (SDM ENTER).
%include "lib.inc"
%include "pm32.inc"

main:
        PM_ENTER pm_entry

pm_back:
        EXIT

        bits    32
pm_entry:
        mov     [0x0600], esp           ; flat SS:ESP, restored at the end

        P32     "-- POP SS from a 16-bit stack into a 32-bit one", 10
        mov     ax, SEL_DATA16
        mov     ss, ax
        mov     esp, 0x00016F00         ; SP = 6F00, bits 31:16 = 0001
        push    dword SEL_FLAT          ; SP = 6EFC
        pop     ss                      ; o32: SP += 4 with the old width
        mov     edx, esp
        P32     "esp="
        PX32    edx
        P32     " ss="
        mov     dx, ss
        movzx   edx, dx
        PX32    edx
        P32     10

        P32     "-- POP DS on the 16-bit stack, SP wrapping at 64 KiB", 10
        mov     ax, SEL_DATA16
        mov     ss, ax
        mov     esp, 0x0001FFFC         ; SP = FFFC
        mov     dword [0xFFFC], SEL_FLAT
        pop     ds                      ; SP = 0000, ESP = 00010000
        mov     edx, esp
        P32     "esp="
        PX32    edx
        P32     10

        P32     "-- ENTER 8,0 (o32) on the 16-bit stack", 10
        mov     esp, 0x00016F00
        mov     ebp, 0x00026000
        enter   8, 0                    ; push EBP at 6EFC, FrameTemp = 00016EFC
        mov     edx, ebp
        P32     "ebp="
        PX32    edx
        mov     edx, esp
        P32     " esp="
        PX32    edx
        P32     10

        P32     "-- ENTER 4,1 (o32) on the 16-bit stack", 10
        mov     esp, 0x00016F00
        mov     ebp, 0x00026000
        enter   4, 1                    ; pushes EBP, then FrameTemp
        mov     edx, ebp
        P32     "ebp="
        PX32    edx
        mov     edx, esp
        P32     " esp="
        PX32    edx
        P32     " frame pointer pushed="
        mov     edx, [0x6EF8]
        PX32    edx
        P32     10

        P32     "-- ENTER 4,0 (o16) on the 16-bit stack: only BP changes", 10
        mov     esp, 0x00016F00
        mov     ebp, 0x00026000
        o16 enter 4, 0                  ; push BP at 6EFE, BP = 6EFE
        mov     edx, ebp
        P32     "ebp="
        PX32    edx
        mov     edx, esp
        P32     " esp="
        PX32    edx
        P32     10

        mov     ax, SEL_FLAT
        mov     ss, ax
        mov     ds, ax
        mov     esp, [0x0600]
        PM_EXIT

        bits    16
        PM32_CODE
        ROM_END
