/* bios/roms.h: ROM images assembled at build time and embedded in emu. */
#ifndef EMU_BIOS_ROMS_H
#define EMU_BIOS_ROMS_H

#include <stdint.h>

extern const uint8_t emu_demo_rom[];
extern const uint8_t emu_demo_rom_end[];
/* emu's VGA BIOS (bios/vgabios.asm), mapped at C0000 without vgaromimage: */
extern const uint8_t emu_vgabios_rom[];
extern const uint8_t emu_vgabios_rom_end[];
/* emu's system BIOS (bios/bios.asm): 128 KiB at E0000 when something is
 * to be booted and no ROM is configured */
extern const uint8_t emu_bios_rom[];
extern const uint8_t emu_bios_rom_end[];

#endif
