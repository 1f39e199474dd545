; tests/system/bios_chain.asm: a boot sector a bootloader chains to (SYSLINUX
; "KERNEL chain.bs"): prints "CHAINED dl=NN" through INT 10h and port 0xE9
; and ends emu through port 0xF4 with status 67.
        bits 16
        org 0x7C00
start:
        xor ax, ax
        mov ds, ax
        mov [drive], dl
        mov si, msg
.l:     lodsb
        test al, al
        jz .d
        call putc
        jmp .l
.d:     mov al, [drive]
        shr al, 4
        call hex
        mov al, [drive]
        call hex
        mov al, 10
        call putc
        mov al, 0x21
        out 0xF4, al
        cli
        hlt
hex:    and al, 15
        add al, '0'
        cmp al, '9'
        jbe putc
        add al, 7
putc:   out 0xE9, al
        mov ah, 0x0E
        mov bx, 7
        int 0x10
        ret
drive:  db 0
msg:    db 13, 10, "CHAINED dl=", 0
        times 510 - ($ - $$) db 0
        dw 0xAA55
