/* iodev/acpi.h: PIIX4-style ACPI power management (iodev/acpi.c). */
#ifndef EMU_IODEV_ACPI_H
#define EMU_IODEV_ACPI_H

#include <stdint.h>

struct machine;
struct acpi;

/* The ACPI PM timer's clock. */
#define ACPI_PM_HZ 3579545u
/* PM I/O base until PCI configuration moves it (Bochs's choice). */
#define ACPI_PM_BASE_DEFAULT 0xB000

struct acpi *acpi_init(struct machine *m);
/* Moves the 64-byte PM I/O block (PIIX4 function 3, PMBA at 0x40, with
 * PMIOSE set); base 0 disables it. */
void acpi_set_pm_base(struct machine *m, uint16_t base);

#endif
