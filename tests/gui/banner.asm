; tests/gui/banner.asm: writes a banner into the VGA text buffer (the VGA
; comes out of reset in 80x25 text mode), spins, replaces it with a second
; banner, spins again and ends through port 0xF4 (exit status 1).
; The display tests look for each banner on the screen: in the SDL2 window
; (tests/gui/sdl2-xvfb.sh) and on the terminal (--display term).
;
; Instruction counts: the first banner is on the screen from about
; instruction 200 to 30,000,000; the second from there to about 60,000,000.
        bits 16
        org 0
start:
        cli
        mov     dx, 0x3D4               ; CRTC cursor start (0x0A): bit 5 hides
        mov     ax, 0x200A              ; the blinking cursor, so that two
        out     dx, ax                  ; pictures of one screen are identical
        mov     ax, 0xB800
        mov     es, ax
        mov     si, banner1
        mov     ah, 0x1F                ; white on blue
        call    show
        mov     ecx, 150000000          ; 2 instructions per round: long enough
                                        ; for a screen grab at any speed
.spin1: dec     ecx
        jnz     .spin1
        mov     si, banner2
        mov     ah, 0x2E                ; yellow on green
        call    show
        mov     ecx, 150000000
.spin2: dec     ecx
        jnz     .spin2
        mov     al, 0
        out     0xF4, al
        hlt

; show: the NUL-terminated string at CS:SI in attribute AH at row 0
show:   xor     di, di
.next:  cs lodsb
        test    al, al
        jz      .done
        stosw
        jmp     .next
.done:  ret

banner1: db "emu display test: first banner", 0
banner2: db "emu display test: SECOND banner", 0

        times 0xFFF0-($-$$) db 0
        jmp     0xF000:start
        times 0x10000-($-$$) db 0
