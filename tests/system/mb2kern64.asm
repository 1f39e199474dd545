; tests/system/mb2kern64.asm: a Multiboot 2 test kernel in a 64-bit ELF
; file (nasm -f elf64, linked at 1 MiB by ld). It starts in 32-bit
; protected mode as Multiboot 2 specifies (3.3 "I386 machine state"),
; prints the boot information tags (3.6) to port 0xE9, enters long mode
; itself, prints from 64-bit code and exits through port 0xF4.

MB2_MAGIC       equ 0xE85250D6
MB2_ARCH        equ 0                   ; i386 protected mode

        bits 32
        section .text
        global _start

        align 8
mb2_header:
        dd MB2_MAGIC, MB2_ARCH, mb2_header_end - mb2_header
        dd -(MB2_MAGIC + MB2_ARCH + (mb2_header_end - mb2_header))
        align 8
        dw 1, 0                         ; information request, required
        dd 8 + 4 * 5
        dd 1, 2, 3, 4, 6                ; cmdline, loader name, modules, meminfo, mmap
        align 8
        dw 0, 0                         ; end
        dd 8
mb2_header_end:

%include "mbprint.inc"

_start:
        mov esp, stack_top
        PRINT "mb2: ELF64"
        call nl
        PRINT "magic "
        call puthex
        call nl
        call entry_state
        PRINT "mbi 8-byte aligned: "
        mov eax, ebx
        and eax, 7
        call putdec
        call nl
        lea ebp, [ebx + 8]              ; the first tag
.tag:   mov eax, [ebp]
        cmp eax, 0
        je .end
        cmp eax, 1
        je .cmdline
        cmp eax, 2
        je .loader
        cmp eax, 3
        je .module
        cmp eax, 4
        je .meminfo
        cmp eax, 6
        je .mmap
        cmp eax, 14
        je .acpi
        cmp eax, 15
        je .acpi
        PRINT "tag "
        call putdec
        call nl
.next:  mov eax, [ebp + 4]
        add eax, 7
        and eax, ~7
        add ebp, eax
        jmp .tag
.cmdline:
        PRINT "cmdline '"
        lea esi, [ebp + 8]
        call puts
        PRINT "'"
        call nl
        jmp .next
.loader:
        PRINT "boot loader '"
        lea esi, [ebp + 8]
        call puts
        PRINT "'"
        call nl
        jmp .next
.module:
        mov eax, [ebp + 8]
        mov edx, [ebp + 12]
        lea esi, [ebp + 16]
        call module
        jmp .next
.meminfo:
        mov eax, [ebp + 8]
        mov edx, [ebp + 12]
        call meminfo
        jmp .next
.mmap:  PRINT "mmap entry_size "
        mov eax, [ebp + 8]
        call putdec
        PRINT " version "
        mov eax, [ebp + 12]
        call putdec
        call nl
        lea edi, [ebp + 16]
        mov ecx, [ebp + 4]
        add ecx, ebp
.mm:    cmp edi, ecx
        jae .next
        call mmap_entry
        add edi, [ebp + 8]
        jmp .mm
.acpi:  PRINT "acpi tag "
        call putdec
        PRINT ": '"
        lea esi, [ebp + 8]
        push ecx
        mov ecx, 8
        call putn
        pop ecx
        PRINT "' revision "
        movzx eax, byte [ebp + 8 + 15]
        call putdec
        call nl
        jmp .next
.end:   PRINT "end tag"
        call nl

        ; long mode (SDM Vol.3 10.8.5): identity map of 1 GiB in 2 MiB pages
        mov edi, pml4
        mov ecx, 3 * 4096 / 4
        xor eax, eax
        rep stosd
        mov dword [pml4], pdpt + 3
        mov dword [pdpt], pd + 3
        xor ecx, ecx
.pd:    mov eax, ecx
        shl eax, 21
        or eax, 0x83                    ; present, writable, 2 MiB
        mov [pd + ecx * 8], eax
        inc ecx
        cmp ecx, 512
        jb .pd
        mov eax, pml4
        mov cr3, eax
        mov eax, cr4
        or eax, 1 << 5                  ; PAE
        mov cr4, eax
        mov ecx, 0xC0000080
        rdmsr
        or eax, 1 << 8                  ; LME
        wrmsr
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        lgdt [gdt_ptr]
        jmp 0x08:long_mode

        bits 64
long_mode:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        lea rsi, [rel msg64]
        call puts64
        mov rax, 0x0123456789ABCDEF
        call puthex64
        mov ecx, 0xC0000080
        rdmsr
        shr eax, 10
        and eax, 1
        lea rsi, [rel msg_lma]
        call puts64
        add al, '0'
        out 0xE9, al
        mov al, 10
        out 0xE9, al
        mov al, 0x10
        out 0xF4, al
        cli
.h:     hlt
        jmp .h

puts64: push rax
.l:     lodsb
        test al, al
        jz .d
        out 0xE9, al
        jmp .l
.d:     pop rax
        ret

puthex64:
        push rax
        push rcx
        mov rcx, 16
.l:     rol rax, 4
        push rax
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .p
        add al, 'A' - '0' - 10
.p:     out 0xE9, al
        pop rax
        loop .l
        pop rcx
        pop rax
        ret

msg64:  db "long mode: rax ", 0
msg_lma: db " EFER.LMA ", 0

        align 8
gdt:    dq 0
        dq 0x00AF9A000000FFFF           ; 0x08: 64-bit code
        dq 0x00CF92000000FFFF           ; 0x10: data
gdt_ptr:
        dw gdt_ptr - gdt - 1
        dd gdt

        section .bss
        alignb 4096
pml4:   resb 4096
pdpt:   resb 4096
pd:     resb 4096
        resb 4096
stack_top:
