; pm_exc: exceptions, debug registers and system instructions:
; - CPUID leaves of the configured model (default Core i7-920, family 6
;   model 1AH stepping 5; FPU=0 because x87 is not implemented);
; - RDMSR of an unknown MSR #GP(0); MTRR MSRs written and read back;
; - SYSENTER/SYSEXIT round trip (flat CS/SS from IA32_SYSENTER_CS);
; - DR0 instruction breakpoint (fault, RF to resume), DR1 data write and
;   read/write breakpoints (traps after the access), DR7.GD (#DB with BD);
; - #DF: #NP while delivering #GP (both contributory), error code 0;
; - the LOCK prefix on a non-lockable instruction #UD;
; - at ring 3: #AC(0) with CR0.AM and EFLAGS.AC, RDTSC with CR4.TSD and
;   RDPMC without CR4.PCE #GP(0).
; Not comparable with QEMU TCG: another CPUID model, no #GP for unknown
; MSRs, and (QEMU 8) a crash on the DR0 breakpoint; the .expected follows
; the SDM.
%include "lib.inc"
%include "pm32.inc"
%include "pm_sys.inc"

next_ring0 equ 0x0530

%macro CPUIDP 1
        mov     eax, %1
        xor     ecx, ecx
        cpuid
        P32     "cpuid ", %str(%1), ": "
        PX32    eax
        P32     " "
        PX32    ebx
        P32     " "
        PX32    ecx
        P32     " "
        PX32    edx
        P32     10
%endmacro

main:
        PRINTLN "-- pm_exc"
        PM_ENTER pm_entry
pm_back:
        PRINT   "back in real mode, protected-mode exceptions: "
        PHEX16  [pm_count]
        NL
        EXIT

        bits    32
pm_entry:
        PM_SYS_SETUP
        SET_IDT 0x01, SEL_CODE32, dbg_h - $$, 0x8E
        SET_IDT 0x45, SEL_CODE32, int45 - $$, 0xEE

        P32     "-- CPUID", 10
        CPUIDP  0
        CPUIDP  1
        CPUIDP  2
        CPUIDP  0x80000000
        CPUIDP  0x80000001
        CPUIDP  0x80000002
        CPUIDP  0x80000003
        CPUIDP  0x80000004
        CPUIDP  0x80000008

        P32     "-- MSRs", 10
        mov     ecx, 0x12345
        PEXPECT .m1, .m1r
.m1:    rdmsr                           ; unknown: #GP(0)
        PNOEXC
.m1r:   mov     ecx, 0xFE
        rdmsr
        P32     "MTRRCAP "
        PX32    eax
        mov     ecx, 0x200
        mov     eax, 0x00000006
        mov     edx, 0x0000000F
        wrmsr
        xor     eax, eax
        xor     edx, edx
        rdmsr
        P32     " PHYSBASE0 "
        PX32    edx
        PX32    eax
        P32     10
        mov     ecx, 0x200
        mov     eax, 0x00000002         ; memory type 2 is reserved: #GP(0)
        xor     edx, edx
        PEXPECT .m2, .m2r
.m2:    wrmsr
        PNOEXC
.m2r:
        P32     "-- SYSENTER/SYSEXIT", 10
        mov     ecx, 0x174
        mov     eax, SEL_CODE32
        xor     edx, edx
        wrmsr
        mov     ecx, 0x175
        mov     eax, RING0_SP
        wrmsr
        mov     ecx, 0x176
        mov     eax, 0xF0000 + sysenter_entry
        wrmsr
        mov     ecx, RING3_SP
        mov     edx, 0xF0000 + r3_sys
        sysexit
r3_sys: mov     ebx, cs                 ; flat CS at ring 3: base 0
        mov     esi, ss
        mov     edi, esp
        sysenter
sysenter_entry:
        jmp     SEL_CODE32:.g           ; the GDT's CS (base F0000) again
.g:     P32     "ring 3 had cs="
        PX32    ebx
        P32     " ss="
        PX32    esi
        P32     " esp="
        PX32    edi
        P32     "; now ss="
        mov     eax, ss
        PX32    eax
        P32     " esp="
        PX32    esp
        P32     10

        P32     "-- DR0 instruction breakpoint", 10
        mov     eax, 0xF0000 + .bp1
        mov     dr0, eax
        mov     eax, 0x00000001         ; L0, execute
        mov     dr7, eax
        mov     dword [want_db], .bp1
.bp1:   nop
        xor     eax, eax
        mov     dr7, eax
        P32     "-- DR1 data breakpoints", 10
        mov     eax, 0x7000
        mov     dr1, eax
        mov     eax, 0x00D00004         ; L1, write, 4 bytes
        mov     dr7, eax
        mov     dword [want_db], .bp2
        mov     eax, [0x7000]           ; read: no trap
        mov     dword [0x7002], 1       ; write overlapping: trap after
.bp2:   mov     eax, 0x00F00004         ; L1, read/write, 4 bytes
        mov     dr7, eax
        mov     dword [want_db], .bp3
        mov     eax, [0x7003]           ; read: trap after
.bp3:   xor     eax, eax
        mov     dr7, eax
        P32     "-- DR7.GD", 10
        mov     eax, 0x2000
        mov     dr7, eax
        mov     dword [want_db], .bp4
.bp4:   mov     eax, dr0                ; #DB fault, BD; GD cleared
        mov     eax, dr7
        P32     "dr7 after: "
        PX32    eax
        P32     10

        P32     "-- #DF", 10
        and     byte [IDT_BASE + 13*8 + 5], 0x7F     ; #GP gate not present
        mov     ax, 0x80
        PEXPECT .d1, .d1r
.d1:    mov     ds, ax                  ; #GP(0080) -> #NP(006B) -> #DF(0)
        PNOEXC
.d1r:   or      byte [IDT_BASE + 13*8 + 5], 0x80
        mov     ax, SEL_FLAT
        mov     ds, ax

        P32     "-- LOCK", 10
        lock add [0x7000], eax
        PEXPECT .l1, .l1r
.l1:    db      0xF0, 0x90              ; LOCK NOP: #UD
        PNOEXC
.l1r:
        P32     "-- ring 3", 10
        mov     eax, cr0
        or      eax, 1 << 18            ; CR0.AM
        mov     cr0, eax
        mov     eax, cr4
        or      eax, 4                  ; TSD
        mov     cr4, eax
        mov     dword [next_ring0], from_r3
        push    dword SEL_DATA3
        push    dword RING3_SP
        push    dword 0x40002           ; AC
        push    dword SEL_CODE3
        push    dword ring3
        iretd
from_r3:
        mov     ax, SEL_FLAT
        mov     ds, ax
        mov     es, ax
        mov     eax, cr4
        and     eax, ~4
        mov     cr4, eax
        PM_EXIT

ring3:
        mov     ax, SEL_DATA3
        mov     ds, ax
        mov     es, ax
        mov     eax, [0x7004]           ; aligned: fine
        PEXPECT .r1, .r1r
.r1:    mov     eax, [0x7001]           ; #AC(0)
        PNOEXC
.r1r:   PEXPECT .r2, .r2r
.r2:    rdtsc                           ; TSD at CPL 3: #GP(0)
        PNOEXC
.r2r:   xor     ecx, ecx
        PEXPECT .r3, .r3r
.r3:    rdpmc                           ; PCE clear at CPL 3: #GP(0)
        PNOEXC
.r3r:   int     0x45

; #DB handler: DR6 status, EIP check, RF set to resume past a fault
dbg_h:
        mov     ebp, esp
        push    eax
        P32     "#DB dr6&E00F="
        mov     eax, dr6
        and     eax, 0xE00F
        PX32    eax
        mov     eax, dr6
        and     eax, ~0xE00F
        mov     dr6, eax
        mov     eax, [ebp]
        cmp     eax, [want_db]
        jne     .bad
        P32     " eip ok", 10
        jmp     .o
.bad:   P32     " eip="
        PX32    eax
        P32     10
.o:     or      dword [ebp+8], 0x10000  ; RF
        pop     eax
        iretd

int45:
        add     esp, 20
        mov     ax, SEL_FLAT
        mov     ds, ax
        jmp     [next_ring0]

want_db equ 0x0534

cg_target:
cg16_target:
        retf

        PM_SYS_CODE
        PM32_CODE
        ROM_END
