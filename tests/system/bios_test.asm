; tests/system/bios_test.asm: a boot program for the BIOS tests (2 KiB).
; Booted from a floppy or hard disk, its first sector loads the other
; three with INT 13h AH=02h; from a CD (El Torito, no emulation, 4 virtual
; sectors) the BIOS loads all of it. It prints through INT 10h teletype
; and port 0xE9, exercises the BIOS services and powers off through APM
; (emu exits 0), or exits through port 0xF4 (status 3) if APM fails.
;
; Sector 5 of a floppy or disk image (LBA 4) holds "MARKER-LBA4".
        bits 16
        org 0x7C00

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        mov [drive], dl
        cmp dl, 0xE0
        jae .loaded
        mov ax, 0x0203                  ; the three sectors that follow
        mov bx, 0x7E00
        mov cx, 0x0002
        xor dh, dh
        int 0x13
        jnc .loaded
        mov al, 'X'
        out 0xE9, al
        mov al, 1
        out 0xF4, al
.loaded:
        jmp main

; print: the NUL-terminated string at SI
print:
        pusha
.l:     lodsb
        test al, al
        jz .d
        call putc
        jmp .l
.d:     popa
        ret
putc:
        pusha
        out 0xE9, al
        cmp al, 10
        jne .t
        mov ax, 0x0E0D
        mov bx, 7
        int 0x10
        mov al, 10
.t:     mov ah, 0x0E
        mov bx, 7
        int 0x10
        popa
        ret
hex8:   push ax
        shr al, 4
        call .n
        pop ax
        push ax
        call .n
        pop ax
        ret
.n:     and al, 15
        add al, '0'
        cmp al, '9'
        jbe .p
        add al, 7
.p:     jmp putc
hex16:  xchg al, ah
        call hex8
        xchg al, ah
        jmp hex8
hex32:  ror eax, 16
        call hex16
        ror eax, 16
        jmp hex16
space:  push ax
        mov al, ' '
        call putc
        pop ax
        ret
nl:     push ax
        mov al, 10
        call putc
        pop ax
        ret

drive:  db 0
msg_boot: db "BOOT dl=", 0
        times 510 - ($ - $$) db 0
        dw 0xAA55

; ---- sectors 2-4 ----
main:
        mov si, msg_boot
        call print
        mov al, [drive]
        call hex8
        call nl

        ; INT 11h, INT 12h
        mov si, msg_mem
        call print
        int 0x12
        call hex16
        call nl

        ; the disk under test
        mov dl, [drive]
        cmp dl, 0xE0
        je cdrom
        cmp dl, 0x80
        je disk
        ; floppy: CHS 0/0/5
        mov ax, 0x0201
        mov bx, buf
        mov cx, 0x0005
        xor dh, dh
        int 0x13
        jc fail
        mov si, buf
        call print
        call nl
        ; write CHS 0/0/6, read it back
        mov ax, 0x4B01                  ; an El Torito image is read-only
        mov dl, [drive]
        mov si, spec
        int 0x13
        jnc .nowrite
        mov ax, 0x0301
        mov bx, msg_written
        mov cx, 0x0006
        xor dh, dh
        mov dl, [drive]
        int 0x13
        jc fail
        mov ax, 0x0201
        mov bx, buf
        mov cx, 0x0006
        xor dh, dh
        mov dl, [drive]
        int 0x13
        jc fail
        mov si, buf
        call print
.nowrite:
        mov ah, 0x16                    ; change line: no change since the seeks
        mov dl, [drive]
        int 0x13
        mov si, msg_change
        call print
        mov al, ah
        call hex8
        call nl
        mov ah, 0x08
        mov dl, [drive]
        int 0x13
        jc fail
        mov si, msg_fdparm
        call print
        mov ax, cx
        call hex16
        call space
        mov ax, dx
        call hex16
        call space
        mov al, bl
        call hex8
        call nl
        xor ax, ax                      ; (AH=08h set ES:DI)
        mov es, ax
        jmp services

disk:   ; EDD: check, parameters with the device path, extended read
        mov ah, 0x41
        mov bx, 0x55AA
        int 0x13
        jc fail
        cmp bx, 0xAA55
        jne fail
        mov si, msg_edd
        call print
        mov al, ah
        call hex8
        call space
        mov ax, cx
        call hex16
        call nl
        mov word [edd_buf], 0x42
        mov ah, 0x48
        mov dl, [drive]
        mov si, edd_buf
        int 0x13
        jc fail
        mov si, msg_eddp
        call print
        mov ax, [edd_buf]
        call hex16
        call space
        mov eax, [edd_buf + 16]
        call hex32
        call space
        mov ax, [edd_buf + 24]
        call hex16
        call space
        mov ax, [edd_buf + 0x1E]
        call hex16
        call space
        mov eax, [edd_buf + 0x24]
        mov [tag], eax
        mov eax, [edd_buf + 0x28]
        mov [tag + 4], eax
        mov si, tag
        call print
        call nl
        ; checksum of the device path
        xor al, al
        mov si, edd_buf + 0x1E
.ck:    add al, [si]
        inc si
        cmp si, edd_buf + 0x42
        jb .ck
        test al, al
        jnz fail
        mov word [dap], 0x10
        mov word [dap + 2], 1
        mov word [dap + 4], buf
        mov word [dap + 6], 0
        mov dword [dap + 8], 4
        mov ah, 0x42
        mov dl, [drive]
        mov si, dap
        int 0x13
        jc fail
        mov si, buf
        call print
        call nl
        ; extended write of LBA 5, read back
        mov word [dap + 4], msg_written
        mov dword [dap + 8], 5
        mov ax, 0x4300
        mov dl, [drive]
        mov si, dap
        int 0x13
        jc fail
        mov word [dap + 4], buf
        mov ah, 0x42
        mov dl, [drive]
        mov si, dap
        int 0x13
        jc fail
        mov si, buf
        call print
        ; CHS parameters
        mov ah, 0x08
        mov dl, [drive]
        int 0x13
        jc fail
        mov si, msg_hdparm
        call print
        mov ax, cx
        call hex16
        call space
        mov ax, dx
        call hex16
        call nl
        jmp services

cdrom:  ; El Torito status and an extended read of the volume descriptor
        mov ax, 0x4B01
        mov dl, [drive]
        mov si, spec
        int 0x13
        jc fail
        mov si, msg_spec
        call print
        mov al, [spec + 1]
        call hex8
        call space
        mov al, [spec + 2]
        call hex8
        call nl
        mov word [dap], 0x10
        mov word [dap + 2], 1
        mov word [dap + 4], cdbuf
        mov word [dap + 6], 0
        mov dword [dap + 8], 16
        mov ah, 0x42
        mov dl, [drive]
        mov si, dap
        int 0x13
        jc fail
        mov byte [cdbuf + 6], 0
        mov si, cdbuf + 1
        call print
        call nl

services:
        ; E820
        xor ebx, ebx
.e820:  mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 20
        mov di, e820_buf
        int 0x15
        jc fail
        cmp eax, 0x534D4150
        jne fail
        push ebx
        mov si, msg_e820
        call print
        mov eax, [e820_buf + 4]
        call hex32
        mov eax, [e820_buf]
        call hex32
        call space
        mov eax, [e820_buf + 12]
        call hex32
        mov eax, [e820_buf + 8]
        call hex32
        call space
        mov al, [e820_buf + 16]
        call hex8
        call nl
        pop ebx
        test ebx, ebx
        jnz .e820
        ; E801 and 88h
        mov ax, 0xE801
        int 0x15
        jc fail
        mov si, msg_e801
        call print
        call hex16
        call space
        mov ax, bx
        call hex16
        call nl
        ; PCI BIOS: installation check, find the PIIX3 IDE, read its IDs
        mov ax, 0xB101
        xor edi, edi
        int 0x1A
        jc fail
        cmp edx, 0x20494350
        jne fail
        mov si, msg_pci
        call print
        mov ax, bx
        call hex16
        call nl
        mov ax, 0xB102
        mov cx, 0x7010
        mov dx, 0x8086
        xor si, si
        int 0x1A
        jc fail
        mov si, msg_pcidev
        call print
        mov ax, bx
        call hex16
        call space
        mov ax, 0xB10A
        xor di, di
        int 0x1A
        jc fail
        mov eax, ecx
        call hex32
        call nl
        mov ax, 0xB103
        mov ecx, 0x060100               ; the ISA bridge by class
        xor si, si
        int 0x1A
        jc fail
        mov si, msg_pcicls
        call print
        mov ax, bx
        call hex16
        call nl
        ; BARs the BIOS assigned: the IDE's bus master block, the VGA's LFB
        mov ax, 0xB102
        mov cx, 0x7010
        mov dx, 0x8086
        xor si, si
        int 0x1A
        jc fail
        mov ax, 0xB10A
        mov di, 0x20
        int 0x1A
        jc fail
        mov si, msg_idebar
        call print
        mov eax, ecx
        call hex32
        call nl
        mov ax, 0xB102
        mov cx, 0x1111
        mov dx, 0x1234
        xor si, si
        int 0x1A
        jc .novga
        mov ax, 0xB10A
        mov di, 0x10
        int 0x1A
        jc fail
        mov si, msg_vgabar
        call print
        mov eax, ecx
        call hex32
        call nl
.novga:
        ; a key typed on the keyboard (--inject-keys), if one comes in 0.5 s
        mov ah, 0
        int 0x1A
        mov bx, dx
.kpoll: mov ah, 0x11
        int 0x16
        jnz .key
        hlt
        mov ah, 0
        int 0x1A
        sub dx, bx
        cmp dx, 9
        jb .kpoll
        jmp .nokey
.key:   mov ah, 0x10
        int 0x16
        mov si, msg_key
        call print
        call hex16
        call nl
.nokey:
        ; COM1 from the BDA; INT 14h: 9600 8N1, a line, the status
        mov si, msg_com
        call print
        mov ax, [0x400]
        call hex16
        call space
        int 0x11
        shr ax, 9
        and al, 7
        call hex8
        call nl
        cmp word [0x400], 0
        je .nocom
        mov ax, 0x00E3
        xor dx, dx
        int 0x14
        mov si, msg_serial
.ser:   lodsb
        test al, al
        jz .serd
        mov ah, 0x01
        xor dx, dx
        int 0x14
        test ah, 0x80
        jnz fail
        jmp .ser
.serd:  mov ah, 0x03
        xor dx, dx
        int 0x14
        mov si, msg_com14
        call print
        mov al, ah
        and al, 0x60                    ; transmitter empty
        call hex8
        call nl
.nocom:
        ; the keyboard buffer: store, then read back
        mov ah, 0x05
        mov cx, 0x1E61
        int 0x16
        mov ah, 0x00
        int 0x16
        mov si, msg_kbd
        call print
        call hex16
        call nl
        ; the timer ticks
        mov ah, 0
        int 0x1A
        mov bx, dx
.tick:  hlt
        mov ah, 0
        int 0x1A
        cmp dx, bx
        je .tick
        mov si, msg_tick
        call print
        ; INT 15h AH=86h: 0.1 s
        mov ah, 0x86
        mov cx, 100000 >> 16
        mov dx, 100000 & 0xFFFF
        int 0x15
        jc fail
        ; block move: here -> 1 MiB -> back
        mov si, msg_move_src
        mov di, gdt
        call move_setup
        mov dword [gdt + 0x12], msg_move_src
        mov dword [gdt + 0x1A], 0x100000
        call move
        mov dword [gdt + 0x12], 0x100000
        mov dword [gdt + 0x1A], move_dst
        call move
        mov si, move_dst
        call print
        ; power off through APM
        mov ax, 0x5300
        xor bx, bx
        int 0x15
        jc fail
        mov ax, 0x5301
        xor bx, bx
        int 0x15
        jc fail
        mov si, msg_apm
        call print
        mov ax, 0x5307
        mov bx, 0x0001
        mov cx, 0x0003
        int 0x15
fail:   mov si, msg_fail
        call print
        mov al, 1
        out 0xF4, al
        cli
        hlt

move_setup:
        mov cx, 48 / 2
        xor ax, ax
        push di
        rep stosw
        pop di
        mov word [gdt + 0x10], 0xFFFF
        mov byte [gdt + 0x15], 0x93
        mov word [gdt + 0x18], 0xFFFF
        mov byte [gdt + 0x1D], 0x93
        ret
move:   mov byte [gdt + 0x15], 0x93     ; (the dword stores clobber it)
        mov byte [gdt + 0x1D], 0x93
        mov ah, 0x87
        mov cx, 8                       ; words
        mov si, gdt
        int 0x15
        ret

msg_mem:    db "INT12 ", 0
msg_fdparm: db "FD08 ", 0
msg_hdparm: db "HD08 ", 0
msg_edd:    db "EDD41 ", 0
msg_eddp:   db "EDD48 ", 0
msg_spec:   db "ELTORITO ", 0
msg_e820:   db "E820 ", 0
msg_e801:   db "E801 ", 0
msg_pci:    db "PCI ", 0
msg_pcidev: db "PCIDEV ", 0
msg_pcicls: db "PCICLASS ", 0
msg_kbd:    db "KBD ", 0
msg_tick:   db "TICK", 10, 0
msg_apm:    db "APM OFF", 10, 0
msg_fail:   db "FAILED", 10, 0
msg_idebar: db "IDEBAR4 ", 0
msg_vgabar: db "VGABAR0 ", 0
msg_key:    db "KEY ", 0
msg_change: db "FD16 ", 0
msg_com:    db "COM1 ", 0
msg_com14:  db "INT14 ", 0
msg_serial: db "SERIAL-OK", 13, 10, 0
msg_written: db "WRITTEN", 10, 0     ; (the 512 bytes written start here)
msg_move_src: db "BLOCKMOVE OK", 10, 0, 0, 0
tag:        times 9 db 0
        times 2048 - ($ - $$) db 0

; ---- data beyond the image (not loaded) ----
absolute 0x7C00 + 2048
move_dst:   resb 16
dap:        resb 16
spec:       resb 0x14
gdt:        resb 48
e820_buf:   resb 24
edd_buf:    resb 0x42
            alignb 16
buf:        resb 512
cdbuf:      resb 2048
