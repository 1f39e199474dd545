/* bios/roms.S: embeds the ROM images nasm built (see Makefile.am). */
    .section .rodata
    .balign 16
    .globl emu_demo_rom
    .globl emu_demo_rom_end
emu_demo_rom:
    .incbin "bios/demo.bin"
emu_demo_rom_end:
    .balign 16
    .globl emu_vgabios_rom
    .globl emu_vgabios_rom_end
emu_vgabios_rom:
    .incbin "bios/vgabios.bin"
emu_vgabios_rom_end:
    .balign 16
    .globl emu_bios_rom
    .globl emu_bios_rom_end
emu_bios_rom:
    .incbin "bios/bios.bin"
emu_bios_rom_end:
    .section .note.GNU-stack,"",@progbits
