; tests/system/mb1kern.asm: a Multiboot 1 test kernel. It prints what the
; boot loader passed (magic, information flags, memory sizes, command line,
; modules, memory map, boot loader name, the CPU state the specification
; promises) to port 0xE9 and exits through port 0xF4.
;   nasm -f elf32 (linked at 1 MiB by ld): an ELF kernel
;   nasm -f bin -DKLUDGE: a flat image with the a.out kludge address fields
; (Multiboot 0.6.96, 3.1 "OS image format", 3.2 "Machine state", 3.3
; "Boot information format")

MB_MAGIC        equ 0x1BADB002
%ifdef KLUDGE
MB_FLAGS        equ 0x00010003          ; page-aligned modules, memory info, address fields
        org 0x100000
        bits 32
        section .text
%else
MB_FLAGS        equ 0x00000003
        bits 32
        section .text
        global _start
%endif

image_start:
        jmp _start
        align 4
mb_header:
        dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
%ifdef KLUDGE
        dd mb_header                    ; header_addr
        dd image_start                  ; load_addr
        dd image_end                    ; load_end_addr
        dd bss_end                      ; bss_end_addr
        dd _start                       ; entry_addr
%endif

%include "mbprint.inc"

_start:
        mov esp, stack_top
        mov ebp, ebx
        PRINT "mb1: "
%ifdef KLUDGE
        PRINT "a.out kludge"
%else
        PRINT "ELF"
%endif
        call nl
        PRINT "magic "
        call puthex
        call nl
        ; 3.2: CR0.PE set, PG clear; EFLAGS.IF and VM clear
        call entry_state
        PRINT "bss "
        mov eax, [bss_start]
        call puthex
        call nl
        PRINT "flags "
        mov eax, [ebp]
        call puthex
        call nl
        mov eax, [ebp + 4]
        mov edx, [ebp + 8]
        call meminfo
        PRINT "cmdline '"
        mov esi, [ebp + 16]
        call puts
        PRINT "'"
        call nl
        ; modules (flags bit 3)
        test dword [ebp], 1 << 3
        jz .nomods
        PRINT "modules "
        mov ecx, [ebp + 20]
        mov eax, ecx
        call putdec
        call nl
        mov ebx, [ebp + 24]
        jecxz .nomods
.mod:   mov eax, [ebx]
        mov edx, [ebx + 4]
        mov esi, [ebx + 8]
        call module
        add ebx, 16
        loop .mod
.nomods:
        ; memory map (flags bit 6): entries with a size field before them
        test dword [ebp], 1 << 6
        jz .nommap
        PRINT "mmap"
        call nl
        mov ebx, [ebp + 48]
        mov ecx, [ebp + 44]
        add ecx, ebx
.mm:    cmp ebx, ecx
        jae .nommap
        lea edi, [ebx + 4]
        call mmap_entry
        add ebx, [ebx]
        add ebx, 4
        jmp .mm
.nommap:
        test dword [ebp], 1 << 9
        jz .noname
        PRINT "boot loader '"
        mov esi, [ebp + 64]
        call puts
        PRINT "'"
        call nl
.noname:
        jmp exit

image_end:

        section .bss
        alignb 4
bss_start:
        resd 1
        resb 4096
stack_top:
bss_end:
