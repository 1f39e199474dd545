; pm_v86: virtual-8086 mode (SDM Vol.3 ch.20):
; - entry by IRETD with VM=1 from ring 0, segments loaded as paragraphs;
; - IOPL 3: CLI/STI/PUSHF allowed; INT n goes through the IDT to ring 0
;   with GS FS DS ES SS ESP EFLAGS(VM) CS EIP on the ring-0 stack and the
;   data segment registers nulled, IRETD back;
; - IOPL 0: CLI, PUSHF, INT n #GP(0); OUT to a port the TSS I/O bitmap
;   denies #GP(0); #UD (UD2) reaches the IDT at any IOPL;
; - CR4.VME at IOPL 0: INT n redirected through the 8086 IVT when its bit
;   in the redirection bitmap is clear, #GP(0) when set; CLI/STI change
;   VIF, PUSHF shows IF=VIF and IOPL=3, IRET restores VIF.
; QEMU TCG agrees up to the VME part (it raises #GP(0) for the redirected
; INT 30H); the .expected follows SDM Vol.3 20.3.3.5 (method 5).
%include "lib.inc"
%include "pm32.inc"
%include "pm_sys.inc"

phase   equ 0x0540

; V86PRINT "text": print from V86 code without PUSHF (IOPL-sensitive)
%macro V86PRINT 1+
        jmp     %%skip
%%str:  db      %1, 0
%%skip: mov     si, %%str
        call    v86_puts
%endmacro
%macro V86EXPECT 2
        mov     dword [pm_want], %1
        mov     dword [pm_resume], %2
%endmacro

main:
        PRINTLN "-- pm_v86"
        ; IVT entry 30H for the redirected INT 30H
        mov     word [0x30*4], v86_int30
        mov     word [0x30*4+2], 0xF000
        PM_ENTER pm_entry
pm_back:
        PRINT   "back in real mode, protected-mode exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pm_entry:
        PM_SYS_SETUP
        SET_IDT 0x06, SEL_CODE32, v86_exit - $$, 0x8E
        SET_IDT 0x44, SEL_CODE32, int44 - $$, 0xEE
        mov     dword [phase], 0
        P32     "-- enter V86 with IOPL 3", 10
        push    dword 0                 ; GS
        push    dword 0                 ; FS
        push    dword 0                 ; DS
        push    dword 0                 ; ES
        push    dword 0                 ; SS
        push    dword 0x6800            ; ESP
        push    dword 0x23002           ; EFLAGS: VM, IOPL 3
        push    dword 0xF000            ; CS
        push    dword v86_code
        iretd

; INT 44H from V86: print the ring-0 frame
int44:
        mov     ebp, esp
        P32     "INT 44 at ring 0: "
        PCS32
        P32     " ds="
        mov     eax, ds
        call    p32_hex16
        P32     10, "  ip="
        PX32    [ebp]
        P32     " cs="
        PX32    [ebp+4]
        P32     " fl="
        PX32    [ebp+8]
        P32     " sp="
        PX32    [ebp+12]
        P32     " ss="
        PX32    [ebp+16]
        P32     10, "  es="
        PX32    [ebp+20]
        P32     " ds="
        PX32    [ebp+24]
        P32     " fs="
        PX32    [ebp+28]
        P32     " gs="
        PX32    [ebp+32]
        P32     10
        iretd

; #UD (UD2) from V86: next phase; not IOPL-sensitive
v86_exit:
        mov     ax, SEL_FLAT
        mov     ds, ax
        mov     es, ax
        inc     dword [phase]
        add     dword [esp], 2          ; past the UD2 (a fault)
        cmp     dword [phase], 1
        jne     .p2
        P32     "-- IOPL 0", 10
        and     dword [esp+8], ~0x3000
        iretd
.p2:    cmp     dword [phase], 2
        jne     .p3
        P32     "-- VME, IOPL 0", 10
        mov     eax, cr4
        or      eax, 1
        mov     cr4, eax
        ; redirection bit for INT 31H set: not redirected
        or      byte [TSS_A + IOMAP_OFF - 32 + 0x31/8], 1 << (0x31 & 7)
        iretd
.p3:    add     esp, 36
        mov     eax, cr4
        and     eax, ~1
        mov     cr4, eax
        P32     "back in protected mode", 10
        PM_EXIT

        bits    16
v86_puts:
.l:     cs lodsb
        test    al, al
        jz      .d
        out     0xE9, al
        jmp     .l
.d:     ret
v86_hex16:                              ; AX, without PUSHF
        mov     cx, 4
        mov     dx, ax
.l:     rol     dx, 4
        mov     al, dl
        and     al, 0x0F
        add     al, '0'
        cmp     al, '9'
        jbe     .o
        add     al, 'A'-'0'-10
.o:     out     0xE9, al
        loop    .l
        ret

v86_code:
        V86PRINT "in V86: cs="
        mov     ax, cs
        call    v86_hex16
        V86PRINT " ss="
        mov     ax, ss
        call    v86_hex16
        V86PRINT " sp="
        mov     ax, sp
        call    v86_hex16
        V86PRINT 10
        cli
        sti
        pushf
        pop     ax
        and     ax, 0x3200
        V86PRINT "pushf&3200="
        call    v86_hex16
        V86PRINT 10
        mov     ax, 0x1234
        mov     ds, ax
        int     0x44
        xor     ax, ax
        mov     ds, ax
        ud2                             ; #UD -> next phase (IOPL 0)

        V86EXPECT .b1, .b1r
.b1:    cli                             ; #GP(0)
        V86PRINT "no exception", 10
.b1r:   V86EXPECT .b2, .b2r
.b2:    pushf                           ; #GP(0)
        V86PRINT "no exception", 10
.b2r:   V86EXPECT .b3, .b3r
.b3:    int     0x44                    ; #GP(0)
        V86PRINT "no exception", 10
.b3r:   V86EXPECT .b4, .b4r
.b4:    out     0x80, al                ; I/O bitmap: #GP(0)
        V86PRINT "no exception", 10
.b4r:   out     0x81, al                ; allowed
        ud2                             ; -> VME

        int     0x30                    ; redirected to v86_int30
        V86PRINT "after INT 30", 10
        cli                             ; VIF = 0
        pushf
        pop     ax
        and     ax, 0x3200
        V86PRINT "after cli: pushf&3200="
        call    v86_hex16
        V86PRINT 10
        sti
        pushf
        pop     ax
        and     ax, 0x3200
        V86PRINT "after sti: pushf&3200="
        call    v86_hex16
        V86PRINT 10
        V86EXPECT .c1, .c1r
.c1:    int     0x31                    ; bit set, IOPL 0: #GP(0)
        V86PRINT "no exception", 10
.c1r:   ud2

v86_int30:
        V86PRINT "INT 30 via the IVT: flags&3200="
        mov     bp, sp
        mov     ax, [bp+4]
        and     ax, 0x3200
        call    v86_hex16
        V86PRINT " ret="
        mov     ax, [bp]
        call    v86_hex16
        V86PRINT 10
        iret

        bits    32
cg_target:
cg16_target:
        retf

        PM_SYS_CODE
        PM32_CODE
        ROM_END
