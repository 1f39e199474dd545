/* bios/roms.h: ROM images assembled at build time and embedded in emu. */
#ifndef EMU_BIOS_ROMS_H
#define EMU_BIOS_ROMS_H

#include <stdint.h>

extern const uint8_t emu_demo_rom[];
extern const uint8_t emu_demo_rom_end[];

#endif
