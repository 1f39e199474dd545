; bios/demo.asm: emu's built-in demo ROM, run when no ROM or disk is given.
; It starts at the reset vector in real mode, prints through port 0xE9,
; exercises a little of the CPU (primes by trial division, the CPUID vendor
; string, a 32-bit loop) and ends through Bochs's shutdown port (status 0).
        bits 16
        org 0
ROM_SIZE equ 65536

start:
        cli
        xor ax, ax
        mov ss, ax
        mov sp, 0x7000
        mov ax, cs
        mov ds, ax

        mov si, banner
        call puts

        ; primes below 100 by trial division
        mov si, primes_msg
        call puts
        mov cx, 2
.next:  mov bx, 2
.try:   cmp bx, cx
        jae .prime
        mov ax, cx
        xor dx, dx
        div bx
        test dx, dx
        jz .notprime
        inc bx
        jmp .try
.prime: mov ax, cx
        call putdec
        mov al, ' '
        out 0xE9, al
.notprime:
        inc cx
        cmp cx, 100
        jb .next
        mov al, 10
        out 0xE9, al

        ; CPUID vendor string
        mov si, cpu_msg
        call puts
        xor eax, eax
        cpuid
        push ecx                ; put4 uses CX
        push edx
        mov eax, ebx
        call put4
        pop eax
        call put4
        pop eax
        call put4
        mov al, 10
        out 0xE9, al

        ; sum of 1..100000 with 32-bit registers
        mov si, sum_msg
        call puts
        xor eax, eax
        mov ecx, 100000
.sum:   add eax, ecx
        loop .sum, ecx
        call puthex32
        mov al, 10
        out 0xE9, al

        mov si, bye
        call puts
        mov dx, 0x8900
        mov si, shutdown
.sd:    lodsb
        test al, al
        jz .halt
        out dx, al
        jmp .sd
.halt:  hlt
        jmp .halt

; print the NUL-terminated string at DS:SI
puts:   lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp puts
.done:  ret

; print 4 characters of EAX, low byte first
put4:   mov cx, 4
.l:     out 0xE9, al
        shr eax, 8
        loop .l
        ret

; print AX in decimal
putdec: push ax
        push bx
        push cx
        push dx
        mov bx, 10
        xor cx, cx
.div:   xor dx, dx
        div bx
        push dx
        inc cx
        test ax, ax
        jnz .div
.out:   pop ax
        add al, '0'
        out 0xE9, al
        loop .out
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; print EAX as 8 hex digits
puthex32:
        mov cx, 8
.h:     rol eax, 4
        push ax
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .d
        add al, 'A' - '0' - 10
.d:     out 0xE9, al
        pop ax
        loop .h
        ret

banner:     db "emu built-in demo ROM: real mode at the reset vector", 10, 0
primes_msg: db "primes below 100: ", 0
cpu_msg:    db "CPU vendor: ", 0
sum_msg:    db "sum 1..100000 = 0x", 0
bye:        db "demo done; powering off through port 0x8900", 10, 0
shutdown:   db "Shutdown", 0

        times ROM_SIZE - 16 - ($ - $$) db 0xFF
reset:  jmp 0xF000:start
        times ROM_SIZE - ($ - $$) db 0xFF
