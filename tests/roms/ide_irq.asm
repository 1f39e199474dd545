; ide_irq: the PIIX3 IDE channels driven the way a kernel's driver does,
; by interrupts through the 8259: READ SECTORS of two sectors by PIO with
; one IRQ 14 per DRQ block (reading the status register acknowledges it),
; then on the secondary channel the ATAPI CD-ROM: READ(10) of one 2048-byte
; sector by PIO (IRQ 15 when the data is ready and again at completion)
; and by bus-master DMA (one IRQ 15, BMIDE interrupt bit). The images come
; from ide_irq.setup: the disk's sector 7 starts "DISK-SEVEN", sector 8
; "DISK-EIGHT"; the CD's sector 16 is an ISO 9660 primary volume
; descriptor, sector 17 starts "CD-SECTOR-17".
%include "lib.inc"
%include "dev_irq.inc"

buf     equ 0x1000
prd     equ 0x2000
dmabuf  equ 0x3000
BM      equ 0xC000

main:
        call    irq_setup
        PIC_INIT
        mov     al, 0xFB        ; master: cascade
        out     0x21, al
        mov     al, 0x3F        ; slave: IRQ 14, 15
        out     0xA1, al
        mov     word [irq_last], 0
        ; BAR4 of 00:01.1 at BM, I/O decode and bus master on
        mov     eax, 0x80000920
        mov     dx, 0xCF8
        out     dx, eax
        mov     dx, 0xCFC
        mov     eax, BM | 1
        out     dx, eax
        mov     eax, 0x80000904
        mov     dx, 0xCF8
        out     dx, eax
        mov     dx, 0xCFC
        mov     eax, 5
        out     dx, eax

        PRINTLN "-- ATA READ SECTORS LBA 7, 2 sectors, IRQ 14 per block"
        mov     dx, 0x3F6       ; nIEN = 0
        mov     al, 0
        out     dx, al
        mov     dx, 0x1F2
        mov     al, 2
        out     dx, al
        inc     dx
        mov     al, 7
        out     dx, al
        inc     dx
        mov     al, 0
        out     dx, al
        inc     dx
        out     dx, al
        inc     dx
        mov     al, 0xE0
        out     dx, al
        inc     dx
        mov     al, 0x20
        out     dx, al
        mov     di, buf
        mov     bx, 2
.blk:   call    wait_irq
        mov     dx, 0x1F7
        in      al, dx          ; acknowledges INTRQ
        PHEX8   al
        SPACE
        mov     cx, 256
        mov     dx, 0x1F0
        rep insw
        dec     bx
        jnz     .blk
        mov     dx, 0x1F7
        in      al, dx
        PHEX8   al
        NL
        DUMP    0, buf, 10
        DUMP    0, buf + 512, 10
        PRINT_LOG

        PRINTLN "-- ATAPI READ(10) LBA 17 by PIO, IRQ 15"
        LOG_RESET
        mov     word [irq_last], 0
        mov     dx, 0x376
        mov     al, 0
        out     dx, al
        mov     al, 0           ; features: PIO
        mov     ebx, 17
        call    packet_read10
        call    wait_irq
        mov     dx, 0x177
        in      al, dx
        PHEX8   al
        SPACE
        mov     dx, 0x172       ; interrupt reason: IO=1 CoD=0
        in      al, dx
        PHEX8   al
        SPACE
        mov     dx, 0x175
        in      al, dx
        mov     ah, al
        dec     dx
        in      al, dx
        PHEX16  ax
        NL
        mov     di, buf
        mov     cx, 1024
        mov     dx, 0x170
        rep insw
        call    wait_irq
        mov     dx, 0x177
        in      al, dx
        PHEX8   al
        SPACE
        mov     dx, 0x172       ; IO=1 CoD=1: command complete
        in      al, dx
        PHEX8   al
        NL
        DUMP    0, buf, 12
        PRINT_LOG

        PRINTLN "-- ATAPI READ(10) LBA 16 by bus-master DMA, IRQ 15"
        LOG_RESET
        mov     word [irq_last], 0
        mov     dword [prd], dmabuf
        mov     dword [prd + 4], 0x80000000 | 2048
        mov     dx, BM + 8 + 4
        mov     eax, prd
        out     dx, eax
        mov     dx, BM + 8
        mov     al, 0x08        ; direction: to memory
        out     dx, al
        mov     al, 1           ; features: DMA
        mov     ebx, 16
        call    packet_read10
        mov     dx, BM + 8
        mov     al, 0x09        ; start
        out     dx, al
        call    wait_irq
        mov     dx, BM + 8 + 2
        in      al, dx
        PHEX8   al
        SPACE
        mov     dx, BM + 8
        mov     al, 0
        out     dx, al
        mov     dx, 0x177
        in      al, dx
        PHEX8   al
        SPACE
        mov     dx, 0x172
        in      al, dx
        PHEX8   al
        NL
        DUMP    0, dmabuf, 8
        PRINT_LOG
        EXIT

; packet_read10: PACKET with features AL, byte count limit 2048, then the
; READ(10) packet of one block at LBA EBX
packet_read10:
        mov     dx, 0x176
        push    ax
        mov     al, 0xA0
        out     dx, al
        pop     ax
        mov     dx, 0x171
        out     dx, al
        mov     dx, 0x174
        mov     al, 0x00
        out     dx, al
        inc     dx
        mov     al, 0x08
        out     dx, al
        mov     dx, 0x177
        mov     al, 0xA0
        out     dx, al
        mov     dx, 0x376
.drq:   in      al, dx
        and     al, 0x88
        cmp     al, 0x08
        jne     .drq
        mov     dx, 0x170
        mov     ax, 0x0028      ; READ(10)
        out     dx, ax
        mov     eax, ebx        ; LBA, big-endian in bytes 2-5
        xchg    al, ah
        rol     eax, 16
        xchg    al, ah
        out     dx, ax          ; bytes 2-3: LBA 31-16
        shr     eax, 16
        out     dx, ax          ; bytes 4-5: LBA 15-0
        mov     ax, 0x0000      ; byte 6 reserved, byte 7 length MSB
        out     dx, ax
        mov     ax, 0x0001      ; byte 8 length LSB = 1, byte 9 control
        out     dx, ax
        xor     ax, ax
        out     dx, ax
        ret

        ROM_END
