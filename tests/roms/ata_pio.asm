; tests/roms/ata_pio.asm: the PCI bus and the primary ATA disk driven the
; way a BIOS does, by polling: PCI enumeration with the IDE BAR4 size,
; IDENTIFY DEVICE, READ/WRITE SECTORS by PIO and READ DMA through the
; PIIX3 bus master. The disk comes from ata_pio.setup (sector 1 starts
; "SECTOR-ONE", sector 300 "SECTOR-300").
%include "lib.inc"

buf     equ 0x1000
prd     equ 0x2000
dmabuf  equ 0x3000
BM      equ 0xC000

; pci_addr: EAX = 0x80000000 | dev << 11 | fn << 8 | reg, out to 0xCF8
pci_rd: mov     dx, 0xCF8
        out     dx, eax
        mov     dx, 0xCFC
        in      eax, dx
        ret
pci_wr: push    eax
        mov     eax, ebx
        mov     dx, 0xCF8
        out     dx, eax
        pop     eax
        mov     dx, 0xCFC
        out     dx, eax
        ret

%include "ata.inc"

main:
        PRINTLN "-- PCI"
        xor     ebx, ebx                ; bus 0, dev 0, fn 0
.dev:   mov     eax, ebx
        or      eax, 0x80000000
        call    pci_rd
        cmp     eax, 0xFFFFFFFF
        je      .next
        mov     ecx, eax
        mov     eax, ebx
        shr     eax, 11
        PHEX8   al
        PRINT   "."
        mov     eax, ebx
        shr     eax, 8
        and     al, 7
        PHEX8   al
        SPACE
        PHEX32  ecx
        SPACE
        mov     eax, ebx
        or      eax, 0x80000008
        call    pci_rd
        shr     eax, 8
        PHEX32  eax
        NL
.next:  add     ebx, 0x100
        cmp     ebx, 0x1000             ; devices 0-1: the chipset
        jb      .dev
        ; BAR4 of 01.1: size it, then place it at BM
        mov     ebx, 0x80000920
        mov     eax, 0xFFFFFFFF
        call    pci_wr
        mov     eax, ebx
        call    pci_rd
        PRINT   "bar4 sizing "
        PHEX32  eax
        NL
        mov     eax, BM | 1
        call    pci_wr
        mov     ebx, 0x80000904
        mov     eax, 5                  ; I/O decode, bus master
        call    pci_wr

        PRINTLN "-- IDENTIFY"
        call    wait_ready
        mov     dx, 0x1F6
        mov     al, 0xA0
        out     dx, al
        mov     dx, 0x1F7
        mov     al, 0xEC
        out     dx, al
        call    wait_ready
        in      al, dx
        PHEX8   al
        SPACE
        mov     di, buf
        mov     cx, 256
        mov     dx, 0x1F0
        rep insw
        PHEX16  [buf + 2]               ; cylinders
        SPACE
        PHEX16  [buf + 6]               ; heads
        SPACE
        PHEX16  [buf + 12]              ; sectors per track
        SPACE
        PHEX16  [buf + 120]             ; LBA capacity
        SPACE
        DUMP    0, buf + 54, 8          ; model, byte-swapped
        mov     dx, 0x1F7
        in      al, dx
        PHEX8   al
        NL

        PRINTLN "-- READ SECTORS LBA 1"
        mov     ebx, 1
        mov     al, 0x20
        call    lba_cmd
        call    wait_ready
        in      al, dx
        PHEX8   al
        SPACE
        mov     di, buf
        mov     cx, 256
        mov     dx, 0x1F0
        rep insw
        DUMP    0, buf, 10

        PRINTLN "-- WRITE SECTORS LBA 5, read back"
        mov     ebx, 5
        mov     al, 0x30
        call    lba_cmd
        call    wait_ready
        mov     cx, 256
        mov     ax, 0x1234
        mov     dx, 0x1F0
.w:     out     dx, ax
        add     ax, 0x0101
        loop    .w
        call    wait_ready
        in      al, dx
        PHEX8   al
        SPACE
        mov     ebx, 5
        mov     al, 0x20
        call    lba_cmd
        call    wait_ready
        mov     di, buf
        mov     cx, 256
        mov     dx, 0x1F0
        rep insw
        DUMP    0, buf, 4
        DUMP    0, buf + 510, 2

        PRINTLN "-- out of range"
        mov     ebx, 4096
        mov     al, 0x20
        call    lba_cmd
        call    wait_ready
        in      al, dx
        PHEX8   al
        SPACE
        mov     dx, 0x1F1
        in      al, dx
        PHEX8   al
        NL

        PRINTLN "-- READ DMA LBA 300"
        mov     dword [prd], dmabuf
        mov     dword [prd + 4], 0x80000000 | 512
        mov     dx, BM + 4
        mov     eax, prd
        out     dx, eax
        mov     dx, BM
        mov     al, 0x08
        out     dx, al
        mov     ebx, 300
        mov     al, 0xC8
        call    lba_cmd
        mov     dx, BM
        mov     al, 0x09
        out     dx, al
        mov     dx, BM + 2
.p:     in      al, dx
        test    al, 4
        jz      .p
        PHEX8   al
        SPACE
        mov     dx, BM
        mov     al, 0
        out     dx, al
        mov     dx, 0x1F7
        in      al, dx
        PHEX8   al
        SPACE
        DUMP    0, dmabuf, 10
        EXIT

        ROM_END
