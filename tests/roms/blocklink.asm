; blocklink: the interpreter finds the block that follows another through
; cached links, reruns a block that branches back to its own start in
; place, and counts retired instructions per block (cpu/exec.c). Each case
; here would print something else if one of those shortcuts went stale:
; a) one far-call / far-return site reaching offset 0 under two CS values
;    (different code): the successor depends on CS, not only on IP; and a
;    link whose target's block table entry was taken by other code;
; b) code patched between runs in a successor block on another page, and
;    loops that patch their own code inside the loop body (SDM Vol.3 11.6
;    "Self-Modifying Code": the next execution sees the store);
; c) protected mode with paging: the page holding a call's target is
;    remapped (PTE + INVLPG, then another page directory through CR3);
;    the same call site must reach the new code (SDM Vol.3 4.10.4); and
;    a far call whose GDT descriptor's base is rewritten between calls;
; d) RDTSC deltas: emu's TSC is instructions retired plus an offset (the
;    offset only moves over HLT, which is not used here), so two reads
;    differ by the exact number of instructions between them, within one
;    block, across blocks and loops, across INT n and across exceptions;
; e) a loop that branches to itself with IF=1 waits for a flag set by the
;    PIT's IRQ 0 handler: interrupts are taken between iterations, as
;    promptly as in a loop of two blocks.
%include "lib.inc"
%include "pm32.inc"
%include "dev_irq.inc"

fptr    equ 0x0700              ; far pointer for CALL FAR [mem]
skiplen equ 0x0704              ; bytes skip_handler skips
saved   equ 0x0708              ; saved IVT entries (3 dwords)
buf     equ 0x0720              ; results, up to 16 words
tsc_log equ 0x0740              ; case e: TSC at IRQ n, 8 dwords

SEG_A   equ 0x1000              ; case a: ta at 1000:0000, tb at 2000:0000
SEG_B   equ 0x2000
SEG_X   equ 0x3000              ; case b: X at 3000:0000, Y at 3000:1000
SEG_L   equ 0x4000              ; case b: the self-patching loops
SEG_F   equ 0x5000              ; case a: B at 5000:0000, A at 5000:0100

PD      equ 0x90000             ; case c: directory 1 (PT0 identity, PT1)
PT0     equ 0x91000
PT1     equ 0x92000
PD2     equ 0x93000             ; directory 2: PT0 identity, PT2
PT2     equ 0x94000
V       equ 0x00400000          ; the remapped code page (PDE 1, PTE 0)
P1      equ 0x200000            ; its three physical pages
P2      equ 0x201000
P3      equ 0x202000
GDT_RAM equ 0x9A000             ; a copy of the GDT with descriptor 48h

; COPYTO seg, offset, from, to_end: copy ROM bytes [from, to_end) there
%macro COPYTO 4
        push    es
        mov     ax, %1
        mov     es, ax
        mov     si, %3
        mov     di, %2
        mov     cx, %4 - %3
        cld
        cs rep movsb
        pop     es
%endmacro

%define R(l, base) (l - base)   ; offset of label l in a copied routine

; SETVEC vec, slot: save IVT entry vec in saved+4*slot, point it at F000:%3
%macro SETVEC 3
        mov     eax, [%1*4]
        mov     [saved+4*%2], eax
        mov     word [%1*4], %3
        mov     word [%1*4+2], 0xF000
%endmacro
%macro RESTVEC 2
        mov     eax, [saved+4*%2]
        mov     [%1*4], eax
%endmacro

main:
; ---------------------------------------------------------------- a
        PRINTLN "-- a: one far-call site, two CS values, same offset 0"
        COPYTO  SEG_A, 0, ta, ta_end
        COPYTO  SEG_B, 0, tb, tb_end
        ; call far [mem]: the pointer's segment alternates 1000/2000
        mov     word [fptr], 0
        mov     word [fptr+2], SEG_A
        mov     di, buf
        mov     cx, 8
.a1:    xor     ax, ax
        call    far [fptr]
        mov     [di], ax
        add     di, 2
        xor     word [fptr+2], SEG_A ^ SEG_B
        loop    .a1
        mov     cx, 8
        call    print_words             ; 0001 0002 0001 0002 ...

        ; direct far calls (9A ptr16:16) to 2000:0 and 1000:0 alternately,
        ; both returning to one join point
        mov     di, buf
        mov     cx, 8
.a2:    xor     ax, ax
        test    cl, 1
        jz      .a3
        call    SEG_A:0
        jmp     .a4
.a3:    call    SEG_B:0
.a4:    mov     [di], ax
        add     di, 2
        loop    .a2
        mov     cx, 8
        call    print_words             ; 0002 0001 0002 0001 ...

        ; one RETF site dispatching to BX:0000, which RETFs back
        mov     di, buf
        mov     cx, 8
        mov     bx, SEG_A
.a5:    xor     ax, ax
        push    cs
        push    word .a6
        push    bx
        push    word 0
        retf
.a6:    mov     [di], ax
        add     di, 2
        xor     bx, SEG_A ^ SEG_B
        loop    .a5
        mov     cx, 8
        call    print_words             ; 0001 0002 0001 0002 ...

        ; A (5000:0100) jumps to B (5000:0000, physical 50000); C lies at
        ; physical 10201 = 50000 ^ 40201, which shares B's entry of the
        ; block table (slot = (pa ^ pa >> 9) mod 2^16 in cpu/icache.h):
        ; running C replaces B there, and A's link must not lead to C.
        COPYTO  SEG_F, 0, fb, fb_end
        COPYTO  SEG_F, 0x100, fa, fa_end
        COPYTO  SEG_A, 0x201, fc, fc_end
        mov     di, buf
        mov     cx, 4
.a7:    call    SEG_F:0x100
        mov     [di], ax
        call    SEG_A:0x201
        mov     [di+2], ax
        add     di, 4
        loop    .a7
        mov     cx, 8
        call    print_words             ; 000B 000C 000B 000C ...

; ---------------------------------------------------------------- b
        PRINTLN "-- b: successor block on another page patched between runs"
        COPYTO  SEG_X, 0, bx0, bx0_end
        COPYTO  SEG_X, 0x1000, by0, by0_end
        ; each value: patch Y's immediate, then run X -> Y twice
        mov     ax, SEG_X
        mov     es, ax
        mov     di, buf
        mov     bx, 0x1111
        mov     cx, 4
.b1:    mov     [es:0x1000+R(by0.imm, by0)+1], bx
        call    SEG_X:0
        mov     [di], ax
        call    SEG_X:0
        mov     [di+2], ax
        add     di, 4
        add     bx, 0x1111
        loop    .b1
        xor     ax, ax
        mov     es, ax
        mov     cx, 8
        call    print_words             ; 1111 1111 2222 2222 ...

        ; X2 stores Y's immediate itself, then jumps to Y
        mov     di, buf
        mov     dx, 0xA001
        mov     cx, 4
.b2:    call    SEG_X:R(bx0.x2, bx0)
        mov     [di], ax
        add     di, 2
        add     dx, 0x0101
        loop    .b2
        mov     cx, 4
        call    print_words             ; A001 A102 A203 A304

        PRINTLN "-- b: loops that patch their own code"
        COPYTO  SEG_L, 0, sl1, sl1_end
        call    SEG_L:0
        PHEX16  ax                      ; 1+11+21+31+41+51 = 00F6
        SPACE
        call    SEG_L:0                 ; it restored its immediate
        PHEX16  ax
        NL
        COPYTO  SEG_L, 0, sl2, sl2_end
        call    SEG_L:0
        PHEX16  ax                      ; 1+2+3+4+5 = 000F
        SPACE
        call    SEG_L:0
        PHEX16  ax
        NL

; ---------------------------------------------------------------- d
        PRINTLN "-- d: rdtsc deltas"
        ; One block: the second RDTSC reads icount + (instructions of the
        ; block before it); the first RDTSC, MOV and 5 NOPs: 7.
        rdtsc
        mov     esi, eax
        nop
        nop
        nop
        nop
        nop
        rdtsc
        sub     eax, esi
        PHEX32  eax                     ; 00000007
        SPACE
        ; across a block boundary: RDTSC, MOV, JMP, NOP: 4
        rdtsc
        mov     esi, eax
        jmp     short .d1
.d1:    nop
        rdtsc
        sub     eax, esi
        PHEX32  eax                     ; 00000004
        SPACE
        ; across a loop that branches to its own start (IF=0): RDTSC, MOV,
        ; MOV CX and 10 x (DEC, JNZ): 23
        rdtsc
        mov     esi, eax
        mov     cx, 10
.d2:    dec     cx
        jnz     .d2
        rdtsc
        sub     eax, esi
        PHEX32  eax                     ; 00000017
        NL

        SETVEC  0x06, 0, skip_handler
        SETVEC  0x0D, 1, skip_handler
        SETVEC  0x60, 2, iret_handler
        ; INT 60h to a bare IRET: RDTSC, MOV, INT, IRET: 4
        rdtsc
        mov     esi, eax
        int     0x60
        rdtsc
        sub     eax, esi
        PHEX32  eax                     ; 00000004
        SPACE
        ; #UD in the middle of a block, the handler resumes past UD2.
        ; Counted: RDTSC, MOV, 2 NOPs (4); UD2 does not retire, but emu
        ; counts the exception's delivery as one instruction (1); the
        ; handler's 8 instructions including its IRET (8); 2 NOPs (2).
        ; 4 + 1 + 8 + 2 = 15
        mov     word [skiplen], 2
        rdtsc
        mov     esi, eax
        nop
        nop
        ud2
        nop
        nop
        rdtsc
        sub     eax, esi
        PHEX32  eax                     ; 0000000F
        SPACE
        ; #GP from a word read at DS:FFFF (3-byte MOV), the same way: 15
        mov     word [skiplen], 3
        rdtsc
        mov     esi, eax
        nop
        nop
        mov     ax, [0xFFFF]
        nop
        nop
        rdtsc
        sub     eax, esi
        PHEX32  eax                     ; 0000000F
        NL
        RESTVEC 0x06, 0
        RESTVEC 0x0D, 1
        RESTVEC 0x60, 2

; ---------------------------------------------------------------- c
        PRINTLN "-- c: paging, the called page remapped"
        PM_ENTER pm_c

pm_back:
        PRINT   "back in real mode, exceptions: "
        PHEX16  [pm_count]
        NL

; ---------------------------------------------------------------- e
        PRINTLN "-- e: loop to itself with IF=1 waits for IRQ 0"
        call    irq_setup
        PIC_INIT
        mov     al, 0xFE                ; IRQ 0 only
        out     0x21, al
        mov     al, 0x34                ; channel 0, mode 2, 1 ms
        out     0x43, al
        mov     al, 1193 & 0xFF
        out     0x40, al
        mov     al, 1193 >> 8
        out     0x40, al
        LOG_RESET
        sti
.e1:    cmp     word [irq_count], 0
        je      .e1
        PRINTLN "timer ok"
        ; IRQ 0 every 1193 PIT ticks: the handler's hook stamps each IRQ
        ; with RDTSC (tsc_log[irq_count]). Between IRQs 2 and 3 the CPU
        ; spins in a block that branches to itself, between IRQs 4 and 5
        ; in a loop of two blocks: both intervals are one PIT period of
        ; instructions. An IRQ taken late (say at the end of the CPU's
        ; slice, the next timer deadline) would double the first.
        mov     word [irq_hook], tsc_hook
        xor     ebx, ebx
.e2:    inc     ebx
        cmp     word [irq_count], 3
        jb      .e2
.e3:    inc     ebx
        cmp     word [irq_count], 5
        jae     .e4
        jmp     .e3
.e4:    cli
        mov     al, 0xFF
        out     0x21, al
        mov     word [irq_hook], 0
        mov     eax, [tsc_log+3*4]
        sub     eax, [tsc_log+2*4]      ; self-loop interval
        mov     edx, [tsc_log+5*4]
        sub     edx, [tsc_log+4*4]      ; two-block loop interval
        mov     ecx, eax
        sub     ecx, edx
        jns     .e5
        neg     ecx
.e5:    shl     ecx, 3                  ; within 1/8 of each other
        cmp     ecx, edx
        jae     .e6
        PRINTLN "irq intervals match"
        jmp     .e7
.e6:    PRINT   "irq intervals differ: "
        PHEX32  eax
        SPACE
        PHEX32  edx
        NL
.e7:
        EXIT

; ---------------------------------------------------------------- helpers

; print_words: CX words at DS:buf as hex, space-separated, then newline
print_words:
        push    si
        push    cx
        mov     si, buf
.l:     PHEX16  [si]
        add     si, 2
        dec     cx
        jz      .e
        SPACE
        jmp     .l
.e:     NL
        pop     cx
        pop     si
        ret

; #UD/#GP handler for case d: resume [skiplen] bytes past the fault.
; 8 instructions.
skip_handler:
        push    bp
        mov     bp, sp
        push    ax
        mov     ax, [skiplen]
        add     [bp+2], ax
        pop     ax
        pop     bp
        iret

iret_handler:
        iret

; IRQ hook for case e: tsc_log[irq_count] = TSC (low dword)
tsc_hook:
        push    eax
        push    edx
        push    bx
        rdtsc
        mov     bx, [irq_count]
        shl     bx, 2
        mov     [tsc_log+bx], eax
        pop     bx
        pop     edx
        pop     eax
        ret

; ---- routines copied to RAM ----

; case a: the same offset 0 in two segments, different code
ta:     mov     ax, 1
        jmp     short .r                ; a second, linkable block
.r:     retf
ta_end:
tb:     mov     ax, 2
        retf
tb_end:

; case a: A jumps to B; C shares B's block table entry
fb:     mov     ax, 0x000B
        retf
fb_end:
fa:     xor     ax, ax
        db      0xE9                    ; jmp near 0000
        dw      0 - (0x100 + R($, fa) + 2)
fa_end:
fc:     mov     ax, 0x000C
        retf
fc_end:

; case b: X at SEG_X:0000 jumps to Y at SEG_X:1000 (another page)
bx0:    xor     ax, ax
        db      0xE9                    ; jmp near 1000h
        dw      0x1000 - (R($, bx0) + 2)
.x2:    mov     [cs:0x1000+R(by0.imm, by0)+1], dx
        db      0xE9
        dw      0x1000 - (R($, bx0) + 2)
bx0_end:
by0:
.imm:   mov     ax, strict word 0
        retf
by0_end:

; a loop adding its own immediate, which it raises by BX each time
sl1:    xor     ax, ax
        mov     cx, 6
        mov     bx, 0x10
.l:     db      0x05                    ; add ax, imm16
.imm:   dw      1
        add     [cs:R(sl1.imm, sl1)], bx
        dec     cx
        jnz     .l
        mov     word [cs:R(sl1.imm, sl1)], 1
        retf
sl1_end:

; a loop storing into the instruction that follows the store
sl2:    xor     ax, ax
        xor     dx, dx
        mov     cx, 5
.l:     inc     dx
        mov     [cs:R(sl2.imm, sl2)], dx
        db      0x05                    ; add ax, imm16
.imm:   dw      0
        dec     cx
        jnz     .l
        retf
sl2_end:

; case c: three pages of code mapped in turn at V
        bits    32
v1:     mov     eax, 0x11111111
        jmp     short .r
.r:     ret
v1_end:
v2:     mov     eax, 0x22222222
        ret
v2_end:
v3:     mov     eax, 0x33333333
        nop
        ret
v3_end:

; copy32 ESI (ROM offset) .. EDI (physical), ECX bytes
%macro COPY32 3
        mov     esi, 0xF0000 + %2
        mov     edi, %1
        mov     ecx, %3 - %2
        cld
        rep     movsb
%endmacro

pm_c:
        PAGING_IDENT 0x003
        mov     edi, PD2
        mov     ecx, 2*1024
        xor     eax, eax
        rep     stosd
        mov     dword [PD2+0], PT0 | 3
        mov     dword [PD2+4], PT2 | 3
        mov     dword [PT1+0], P1 | 3           ; PD:  V -> P1
        mov     dword [PT2+0], P3 | 3           ; PD2: V -> P3
        COPY32  P1, v1, v1_end
        COPY32  P2, v2, v2_end
        COPY32  P3, v3, v3_end
        mov     eax, PD
        mov     cr3, eax
        mov     eax, cr0
        or      eax, 0x80000000
        mov     cr0, eax
        jmp     .on
.on:    P32     "P1     "
        call    run_v
        mov     dword [PT1+0], P2 | 3
        invlpg  [V]
        P32     "invlpg "
        call    run_v
        mov     eax, PD2
        mov     cr3, eax
        P32     "cr3 PD2"
        call    run_v
        mov     eax, PD
        mov     cr3, eax
        P32     "cr3 PD "
        call    run_v
        mov     dword [PT1+0], P1 | 3
        mov     eax, cr3
        mov     cr3, eax
        P32     "reload "
        call    run_v
        ; the same again in loops, results kept in memory: after the
        ; first pass no block is built in between, so only the INVLPG or
        ; MOV CR3 itself can tell the call site that V changed
        mov     edi, 0x1000 + buf
        mov     ecx, 6
.m1:    mov     eax, P1 | 3
        test    cl, 1
        jz      .m2
        mov     eax, P2 | 3
.m2:    mov     [PT1+0], eax
        invlpg  [V]
        xor     eax, eax
        call    V - 0xF0000
        stosd
        loop    .m1
        P32     "invlpg "
        call    show6
        mov     edi, 0x1000 + buf
        mov     ecx, 6
.m3:    mov     eax, PD
        test    cl, 1
        jz      .m4
        mov     eax, PD2
.m4:    mov     cr3, eax
        xor     eax, eax
        call    V - 0xF0000
        stosd
        loop    .m3
        P32     "cr3    "
        call    show6
        mov     eax, PD
        mov     cr3, eax
        mov     eax, cr0
        and     eax, 0x7FFFFFFF
        mov     cr0, eax
        jmp     .off
.off:
        ; CALL FAR ptr16:32 to selector 48h, whose descriptor's base is
        ; rewritten in memory between calls (a RAM copy of the GDT): each
        ; call loads the descriptor anew, so the target alternates
        mov     esi, 0xF0000 + gdt
        mov     edi, GDT_RAM
        mov     ecx, gdt_end - gdt
        rep     movsb
        mov     dword [GDT_RAM+0x48], 0x0000FFFF        ; limit FFFF
        mov     dword [GDT_RAM+0x4C], 0x00409A21        ; code32, base 21xx00
        lgdt    [cs:gdtr_ram]
        COPY32  0x210000, f1, f1_end
        COPY32  0x211000, f2, f2_end
        mov     edi, 0x1000 + buf
        mov     ecx, 6
.g1:    mov     byte [GDT_RAM+0x48+3], 0x00             ; base 210000
        test    cl, 1
        jz      .g2
        mov     byte [GDT_RAM+0x48+3], 0x10             ; base 211000
.g2:    xor     eax, eax
        call    0x48:0
        stosd
        loop    .g1
        P32     "gdt    "
        call    show6
        PM_EXIT

; show6: the 6 dwords at 0x1000+buf
show6:
        mov     esi, 0x1000 + buf
        mov     ecx, 6
.l:     P32     " "
        PX32    [esi]
        add     esi, 4
        loop    .l
        P32     10
        ret
gdtr_ram:
        dw      0x4F
        dd      GDT_RAM
f1:     mov     eax, 0xF1F1F1F1
        retf
f1_end:
f2:     mov     eax, 0xF2F2F2F2
        retf
f2_end:

; run_v: three calls of V from one call site, EAX printed after each
run_v:
        mov     ecx, 3
.l:     xor     eax, eax
        call    V - 0xF0000             ; CS base is F0000
        P32     " "
        PX32    eax
        loop    .l
        P32     10
        ret

        bits    16
        PM32_CODE
        ROM_END
