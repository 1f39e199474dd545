; tests/debug/dbg_boot.asm: a small ROM for the debugger and gdb tests.
;
; 4 KiB mapped below 1 MiB (F000:F000-F000:FFFF, linear 0xFF000). It sets
; up the IVT entry for INT 0x30, copies a "boot sector" to 0000:7C00 and
; jumps there like a BIOS would. The boot code calls a subroutine, writes
; a word to 0x500 (watchpoint target), hits the magic breakpoint
; (xchg bx, bx), takes INT 0x30, then switches to 32-bit protected mode
; with a flat GDT and 4 MiB identity paging (CR4.PSE), stores to 0x600 in
; protected mode and ends through port 0xF4.
; Layout matters: the expected transcripts name these addresses.
        bits 16
        org 0xF000

PDIR    equ 0x10000             ; page directory (physical)

start:                          ; F000:F000 (linear 0xFF000)
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7000
        mov word [0x30*4], int30 - boot + 0x7C00
        mov word [0x30*4+2], 0
        mov si, boot
        mov di, 0x7C00
        mov cx, boot_end - boot
        cld
        db 0x2E, 0xF3, 0xA4     ; rep movsb with a CS: source
        jmp 0x0000:0x7C00

; ---- copied to 0000:7C00; position independent except for B() ----
%define B(x) ((x) - boot + 0x7C00)
boot:
        mov ax, 0x1234          ; 7c00
        mov bx, 0x5678          ; 7c03
        call sub1               ; 7c06 (relative: position independent)
        mov [0x500], ax         ; 7c09: the watched store
        xchg bx, bx             ; 7c0c: magic breakpoint
        int 0x30                ; 7c0e
        mov cx, 3               ; 7c10
.loop:  dec cx
        jnz .loop
        ; protected mode: GDT and paging
        o32 lgdt [cs:B(gdtr)]
        mov eax, PDIR
        mov dword [es:0], 0     ; scratch
        push word PDIR >> 4
        pop es
        mov dword [es:0], 0x00000083 ; PDE 0: 4 MiB page at 0, P RW PS
        mov cr3, eax
        mov eax, cr4
        or eax, 0x10            ; PSE
        mov cr4, eax
        mov eax, cr0
        or eax, 0x80000001      ; PG | PE
        mov cr0, eax
        jmp dword 0x08:B(pm32)

sub1:   add ax, 1
        ret

int30:  inc dx
        iret

        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF   ; 0x08: code, base 0, 4 GiB, 32-bit
        dq 0x00CF92000000FFFF   ; 0x10: data, base 0, 4 GiB
gdtr:   dw 3*8-1
        dd B(gdt)

        bits 32
pm32:   mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x9000
        mov dword [0x600], 0xDEADBEEF
        mov eax, 0xCAFE
        xchg bx, bx             ; magic breakpoint in protected mode
        mov al, 0
        out 0xF4, al
        hlt
boot_end:
        bits 16

        times 0xFF0 - ($ - $$) db 0xF4
reset:  jmp 0xF000:start        ; F000:FFF0
        times 0x1000 - ($ - $$) db 0xF4
