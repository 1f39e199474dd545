; bench/rm_loop.asm: real-mode ALU benchmark as a raw 64 KiB ROM.
; Build: nasm -f bin -o rm_loop.rom rm_loop.asm
;
; Loaded at F0000 (emu --rom, Bochs romimage address=0xf0000, QEMU -bios);
; the CPU starts at the reset vector F000:FFF0. The same timed loop as
; ../shared/bench/bench.asm's rm_alu: 50,000,000 iterations of ten
; instructions (16-bit ALU mix, 32-bit counter) = 500,000,000 instructions.
; Protocol (port 0xE9): "START\n" just before the loop, "DONE\n" right after
; it, then "CK <hex>\n" (a checksum that must agree between emulators),
; then a 40M-instruction tail loop so a harness can sample CPU time while
; the emulator still runs, then exit: port 0xF4 (emu's exit port, QEMU's
; isa-debug-exit), "Shutdown" to port 0x8900 (Bochs), else cli; hlt.
; Interrupts stay disabled throughout.

%ifndef ITERS
%define ITERS 50000000
%endif

        bits 16
        org 0                   ; CS = F000, offsets within the 64 KiB ROM

start:  cli
        cld
        xor ax, ax
        mov ss, ax
        mov sp, 0x7000
        mov ax, cs
        mov ds, ax              ; strings live in the ROM

        mov si, msg_start
        call print
        mov ecx, ITERS
        xor eax, eax
        mov ebx, 1
        xor edx, edx
        xor esi, esi
        xor edi, edi
        xor ebp, ebp
        align 16
.l:     add ax, bx
        xor dx, ax
        add bx, 3
        sub si, dx
        inc di
        or bp, si
        shl ax, 1
        mov dx, di
        dec ecx
        jnz .l
        xor eax, ebx
        xor eax, edx
        xor eax, esi
        xor eax, edi
        xor eax, ebp
        mov ebx, eax
        mov si, msg_done
        call print
        mov si, msg_ck
        call print
        mov eax, ebx
        call phex
        ; tail: 20M x (dec, jnz) so the harness can read CPU time after DONE
        mov ecx, 20000000
.w:     dec ecx
        jnz .w
        xor al, al
        out 0xf4, al            ; emu / QEMU isa-debug-exit
        mov dx, 0x8900          ; Bochs: "Shutdown" to port 0x8900
        mov si, msg_shutdown
.s:     lodsb
        test al, al
        jz .h
        out dx, al
        jmp .s
.h:     cli
        hlt
        jmp .h

; print the NUL-terminated string at DS:SI to port 0xE9
print:  push ax
.p:     lodsb
        test al, al
        jz .e
        out 0xe9, al
        jmp .p
.e:     pop ax
        ret

; print EAX as 8 hex digits and a newline to port 0xE9
phex:   mov cx, 8
.d:     rol eax, 4
        push eax
        and al, 0x0f
        add al, '0'
        cmp al, '9'
        jbe .o
        add al, 'A' - '9' - 1
.o:     out 0xe9, al
        pop eax
        loop .d
        mov al, 10
        out 0xe9, al
        ret

msg_start:    db "START", 10, 0
msg_done:     db "DONE", 10, 0
msg_ck:       db "CK ", 0
msg_shutdown: db "Shutdown", 0

        times 0xFFF0 - ($ - $$) db 0xFF
reset:  jmp 0xF000:start        ; F000:FFF0, the reset vector
        times 0x10000 - ($ - $$) db 0xFF
