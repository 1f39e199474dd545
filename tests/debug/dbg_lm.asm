; tests/debug/dbg_lm.asm: the debugger and gdb tests' boot into long mode.
;
; 4 KiB mapped below 1 MiB (F000:F000-F000:FFFF), like dbg_boot.asm. It
; copies a "boot sector" to 0000:7C00 and jumps there; the boot code enters
; 32-bit protected mode, builds 4-level page tables (0-2 MiB identity-mapped
; with 4 KiB pages, and the same 2 MiB again at 0xFFFFFFFF80000000, a
; kernel's higher half), a 64-bit TSS (RSP0, IST1) and an IDT of 16-byte
; gates, enables long mode (EFER.LME|NXE|SCE, CR4.PAE|OSFXSR), sets FS/GS
; bases and CR8, then jumps to its "kernel" in the higher half. The kernel
; fills RAX-R15, pushes three 8-byte slots, loads x87 and SSE registers,
; takes a #PF (error code 2) that its handler resumes from, stops at the
; magic breakpoint and ends through port 0xF4.
; Layout matters: the transcripts and gdb script name these addresses.
        bits 16
        org 0xF000

PML4    equ 0x10000
PDPT    equ 0x11000
PD      equ 0x12000
PT      equ 0x13000
IDT     equ 0x14000
TSS     equ 0x15000
PDPTHI  equ 0x16000             ; PML4[511]: 0xFFFFFF8000000000-
KBASE   equ 0xFFFFFFFF80000000  ; PDPTHI[510] -> PD: physical 0 again

start:                          ; F000:F000 (linear 0xFF000)
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7000
        mov si, boot
        mov di, 0x7C00
        mov cx, boot_end - boot
        cld
        db 0x2E, 0xF3, 0xA4     ; rep movsb with a CS: source
        jmp 0x0000:0x7C00

%define B(x) ((x) - boot + 0x7C00)
%define KB(x) (KBASE + B(x))
boot:
        mov ax, 0x1234          ; 7c00
        mov bx, 0x5678          ; 7c03
        o32 lgdt [cs:B(gdtr)]
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp dword 0x08:B(pm32)

        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF   ; 0x08: code, 32-bit, base 0, 4 GiB
        dq 0x00CF92000000FFFF   ; 0x10: data, base 0, 4 GiB
        dq 0x00AF9A000000FFFF   ; 0x18: code, 64-bit (L)
        dq 0x0000890150000067   ; 0x20: 64-bit TSS at 0x15000, limit 0x67
        dq 0                    ;       (base 63:32)
gdtr:   dw 6*8-1
        dd B(gdt)
        align 8
idtr:   dw 16*16-1              ; 16 gates of 16 bytes
        dq IDT
        align 16
xconst: dq 0x0011223344556677, 0x8899AABBCCDDEEFF
xconst2: dd 1.5, 2.5, -1.0, 0.0

        bits 32
pm32:   mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x9000
        mov dword [0x600], 0xDEADBEEF
        cld
        mov edi, PML4
        mov ecx, (PDPTHI + 0x1000 - PML4) / 4
        xor eax, eax
        rep stosd
        mov dword [PML4], PDPT | 3
        mov dword [PML4 + 511*8], PDPTHI | 3
        mov dword [PDPT], PD | 3
        mov dword [PDPTHI + 510*8], PD | 3
        mov dword [PD], PT | 3
        mov edi, PT
        mov eax, 3
        mov ecx, 512
.pt:    mov [edi], eax
        add eax, 0x1000
        add edi, 8
        loop .pt
        mov dword [TSS + 4], 0x9000      ; RSP0
        mov dword [TSS + 0x24], 0xA000   ; IST1
        mov eax, cr4
        or eax, 0x620           ; PAE OSFXSR OSXMMEXCPT
        mov cr4, eax
        mov eax, PML4
        mov cr3, eax
        mov ecx, 0xC0000080
        rdmsr
        or eax, 0x901           ; LME NXE SCE
        wrmsr
        mov eax, cr0
        or eax, 0x80000000      ; PG: long mode becomes active
        mov cr0, eax
        jmp 0x18:B(lm64)

        bits 64
lm64:   mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov rsp, 0x9000
        lidt [rel idtr]
        mov ax, 0x20
        ltr ax
        mov ecx, 0xC0000100     ; FS base
        mov eax, 0x1000
        xor edx, edx
        wrmsr
        mov ecx, 0xC0000101     ; GS base
        mov eax, 0x80002000
        mov edx, 0xFFFFFFFF
        wrmsr
        mov eax, 5
        mov cr8, rax
        mov rax, KB(pf_handler) ; IDT[14]: #PF, interrupt gate, IST1
        mov rdi, IDT + 14*16
        mov [rdi], ax
        mov word [rdi+2], 0x18
        mov word [rdi+4], 0x8E01
        shr rax, 16
        mov [rdi+6], ax
        shr rax, 16
        mov [rdi+8], eax
        mov rax, KB(kernel)
        jmp rax

kernel:                         ; runs at 0xFFFFFFFF80007Cxx
        mov rsp, KBASE + 0x9000
        mov rax, 0x1111222233334444
        mov rbx, 0xBBBB
        mov rcx, 0xCCCC
        mov rdx, 0xDDDD
        mov rsi, 0x5151
        mov rdi, 0xD1D1
        mov rbp, 0xB0B0
        mov r8, 0x8888
        mov r9, 0x9999
        mov r10, 0x1010
        mov r11, 0x1111
        mov r12, 0x1212
        mov r13, 0x1313
        mov r14, 0x1414
        mov r15, 0xFEDCBA9876543210
        push rax
        push rbx
        push r15
        fninit
        fld1
        fldpi
        movdqu xmm0, [rel xconst]
        movdqu xmm15, [rel xconst2]
        mov byte [abs 0x40000000], 1 ; not mapped: #PF, error 2
pf_resume:
        xchg bx, bx             ; magic breakpoint in 64-bit mode
        mov al, 0
        out 0xF4, al
        hlt

pf_handler:                     ; skips the faulting store
        push rax
        lea rax, [rel pf_resume]
        mov [rsp+16], rax
        pop rax
        add rsp, 8              ; the error code
        iretq
boot_end:
        bits 16

        times 0xFF0 - ($ - $$) db 0xF4
reset:  jmp 0xF000:start        ; F000:FFF0
        times 0x1000 - ($ - $$) db 0xF4
