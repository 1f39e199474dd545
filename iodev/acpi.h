/* iodev/acpi.h: PIIX4-compatible ACPI power management registers. */
#ifndef EMU_IODEV_ACPI_H
#define EMU_IODEV_ACPI_H

#include <stdint.h>

struct machine;

/* Places the PM I/O block (PM1a event/control, PM timer, ...) at base, as
 * the PIIX4 function 01.3 programs it through PMBA (40h) and PMREGMISC
 * (80h bit 0); base 0 removes it. Called by iodev/pci.c. */
void acpi_set_pm_base(struct machine *m, uint16_t base);

#endif
