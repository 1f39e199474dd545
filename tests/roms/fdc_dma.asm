; fdc_dma: the 82077AA floppy controller driven the way a BIOS does it,
; by DMA channel 2 and IRQ 6 through the 8259: controller reset (one
; interrupt, four SENSE INTERRUPT STATUS), SPECIFY, RECALIBRATE, READ DATA
; of head 1 sector 2 (LBA 19) into 1000:0000 and WRITE DATA of LBA 4, read
; back. The 1.44 MB image comes from fdc_dma.setup (LBA 0 starts
; "FLOPPY-LBA0", LBA 19 "FLOPPY-LBA19").
%include "lib.inc"
%include "dev_irq.inc"

wrbuf   equ 0x2000
rdbuf   equ 0x3000

main:
        call    irq_setup
        PIC_INIT
        mov     al, 0xBF        ; IRQ 6 only
        out     0x21, al
        mov     word [irq_last], 0
        mov     al, 0xC0        ; DMA: channel 4 in cascade mode, unmasked,
        out     0xD6, al        ; so that channels 0-3 reach the bus
        mov     al, 0x00
        out     0xD4, al
        PRINTLN "-- reset: IRQ 6, then four SENSE INTERRUPT STATUS"
        mov     dx, 0x3F2
        mov     al, 0x00
        out     dx, al
        mov     al, 0x1C        ; motor A, DMA/IRQ gate, out of reset, drive 0
        out     dx, al
        call    wait_irq
        mov     cx, 4
.si:    mov     al, 0x08
        call    fdc_out
        call    results
        loop    .si
        mov     dx, 0x3F7       ; 500 kbit/s for 1.44 MB
        mov     al, 0
        out     dx, al
        mov     al, 0x03        ; SPECIFY: SRT/HUT, HLT, DMA mode
        call    fdc_out
        mov     al, 0xDF
        call    fdc_out
        mov     al, 0x02
        call    fdc_out
        PRINTLN "-- RECALIBRATE"
        mov     al, 0x07
        call    fdc_out
        mov     al, 0x00
        call    fdc_out
        call    wait_irq
        mov     al, 0x08
        call    fdc_out
        call    results

        PRINTLN "-- READ DATA C0 H1 R2 by DMA to 10000h"
        mov     bl, 0x46        ; DMA: single, increment, write to memory, ch 2
        mov     ax, 0x1000      ; page 1, offset 0
        call    dma_setup
        mov     al, 0xE6        ; MT MFM SK READ DATA
        mov     bh, 0x04        ; head 1, drive 0
        mov     cx, 0x0102      ; H1 R2
        call    rw_cmd
        call    wait_irq
        call    results
        DUMP    0x1000, 0, 12
        PRINT_LOG

        PRINTLN "-- WRITE DATA C0 H0 R5 by DMA from 02000h, read back"
        mov     di, wrbuf
        mov     cx, 512
        mov     al, 0x40
.f:     mov     [di], al
        inc     al
        inc     di
        loop    .f
        mov     bl, 0x4A        ; read from memory
        mov     ax, 0x0200      ; page 0, offset 2000h (in units of 16 bytes)
        call    dma_setup
        mov     al, 0xC5        ; MT MFM WRITE DATA
        mov     bh, 0x00
        mov     cx, 0x0005
        call    rw_cmd
        call    wait_irq
        call    results
        mov     bl, 0x46
        mov     ax, 0x0300      ; rdbuf
        call    dma_setup
        mov     al, 0xE6
        mov     bh, 0x00
        mov     cx, 0x0005
        call    rw_cmd
        call    wait_irq
        call    results
        DUMP    0, rdbuf, 8
        DUMP    0, rdbuf + 504, 8
        PRINT_LOG
        EXIT

; fdc_out: AL to the data FIFO once RQM=1, DIO=0
fdc_out:
        push    dx
        push    ax
        mov     dx, 0x3F4
.w:     in      al, dx
        and     al, 0xC0
        cmp     al, 0x80
        jne     .w
        pop     ax
        inc     dx
        out     dx, al
        pop     dx
        ret

; results: print the result phase bytes
results:
        push    dx
        push    ax
.l:     mov     dx, 0x3F4
        in      al, dx
        and     al, 0xD0
        cmp     al, 0xD0
        jne     .e
        inc     dx
        in      al, dx
        PHEX8   al
        SPACE
        jmp     .l
.e:     NL
        pop     ax
        pop     dx
        ret

; dma_setup: channel 2, mode BL, 512 bytes at physical AX * 16
dma_setup:
        push    ax
        push    cx
        mov     cx, ax
        mov     al, 0x06        ; mask channel 2
        out     0x0A, al
        out     0x0C, al        ; clear the byte flip-flop
        mov     ax, cx
        shl     ax, 4
        out     0x04, al
        mov     al, ah
        out     0x04, al
        mov     al, ch
        shr     al, 4
        out     0x81, al        ; page
        mov     al, 0xFF        ; count - 1 = 511
        out     0x05, al
        mov     al, 0x01
        out     0x05, al
        mov     al, bl
        out     0x0B, al
        mov     al, 0x02        ; unmask channel 2
        out     0x0A, al
        pop     cx
        pop     ax
        ret

; rw_cmd: command AL, drive/head byte BH, C=0, H=CH, R=CL, N=2, EOT=18
rw_cmd:
        call    fdc_out
        mov     al, bh
        call    fdc_out
        mov     al, 0
        call    fdc_out
        mov     al, ch
        call    fdc_out
        mov     al, cl
        call    fdc_out
        mov     al, 2
        call    fdc_out
        mov     al, 18
        call    fdc_out
        mov     al, 0x1B
        call    fdc_out
        mov     al, 0xFF
        call    fdc_out
        ret

        ROM_END
