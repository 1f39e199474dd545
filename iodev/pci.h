/* iodev/pci.h: PCI bus 0, configuration mechanism #1 and the i440FX/PIIX3
 * functions.
 *
 * Configuration space (PCI Local Bus Specification 2.1, 3.2.2.3.2): port
 * 0xCF8 is the dword CONFIG_ADDRESS register (bit 31 enable, bus 23:16,
 * device 15:11, function 10:8, register 7:2); 0xCFC-0xCFF is CONFIG_DATA
 * with byte, word and dword access. Only bus 0 exists; absent functions
 * read as all ones.
 *
 * A device describes a function with struct pci_func: 256 bytes of
 * configuration space, a mask of writable bits, and up to six BARs plus
 * the expansion ROM BAR. The bus handles BAR sizing (all ones written read
 * back the size mask), the command register's I/O and memory decode
 * enables, and tells the device through bar_changed() whenever the
 * effective decode of a BAR changes (base moved, decode switched on/off).
 */
#ifndef EMU_IODEV_PCI_H
#define EMU_IODEV_PCI_H

#include <stdbool.h>
#include <stdint.h>

struct machine;

#define PCI_MAX_DEV 32
#define PCI_BAR_ROM 6 /* index of the expansion ROM BAR (offset 0x30) */

/* configuration space offsets (PCI 2.1, 6.1) */
enum {
    PCI_VENDOR_ID = 0x00, PCI_DEVICE_ID = 0x02, PCI_COMMAND = 0x04, PCI_STATUS = 0x06,
    PCI_REVISION = 0x08, PCI_CLASS_PROG = 0x09, PCI_HEADER_TYPE = 0x0E, PCI_BAR0 = 0x10,
    PCI_SUBSYS_VENDOR = 0x2C, PCI_SUBSYS_ID = 0x2E, PCI_ROM_ADDRESS = 0x30,
    PCI_INTERRUPT_LINE = 0x3C, PCI_INTERRUPT_PIN = 0x3D,
};
enum { PCI_CMD_IO = 1, PCI_CMD_MEM = 2, PCI_CMD_MASTER = 4, PCI_CMD_INTX_DISABLE = 0x400 };

struct pci_func {
    uint8_t cfg[256];
    uint8_t wmask[256];       /* 1 = writable bit (BARs are handled apart) */
    uint32_t bar_size[7];     /* power of two; 0 = no BAR */
    bool bar_io[7];
    bool bar_mapped[7];       /* last decode state reported to bar_changed */
    uint32_t bar_addr[7];
    void *opaque;
    /* Optional: called after the bus stored a configuration write (off is
     * the first byte written, size 1, 2 or 4). */
    void (*cfg_written)(struct pci_func *f, int off, int size);
    /* Optional: a BAR's decode changed; mapped=false means it no longer
     * decodes (addr is then the old base). */
    void (*bar_changed)(struct pci_func *f, int bar, bool mapped, uint32_t addr);
    /* set by pci_register */
    struct machine *m;
    int dev, fn;
};

/* Fills IDs, class (base<<16 | sub<<8 | prog-if), the header type and the
 * standard writable bits (command, cache line, latency, interrupt line). */
void pci_func_init(struct pci_func *f, uint16_t vendor, uint16_t device, uint8_t revision,
                   uint32_t class_code);
/* Declares BAR bar (0-5, or PCI_BAR_ROM) of size bytes (power of two,
 * at least 16 for memory, 4 for I/O). */
void pci_func_set_bar(struct pci_func *f, int bar, uint32_t size, bool io);
/* Creates the bus: ports 0xCF8 and 0xCFC-0xCFF, the i440FX host bridge at 00.0 and the PIIX3 ISA bridge at
 * 01.0, and the PIIX4-compatible ACPI function at 01.3. */
void pci_init(struct machine *m);
/* Adds a function at bus 0, device dev, function fn. 0, or -1 if taken. */
int pci_register(struct machine *m, int dev, int fn, struct pci_func *f);
/* Drives INTx# (pin 0 = INTA# .. 3 = INTD#) of device dev. The PIIX3
 * routes PIRQ[(dev + pin - 1) & 3] to the ISA IRQ in its PIRQRC register
 * (0x60-0x63) and to IOAPIC input 16 + PIRQ. */
void pci_set_irq(struct machine *m, int dev, int pin, int level);
/* Configuration access as the guest sees it (also for tests and the
 * debugger). */
uint32_t pci_config_read(struct machine *m, int dev, int fn, int off, int size);
void pci_config_write(struct machine *m, int dev, int fn, int off, int size, uint32_t val);

/* i440FX PAM registers (0x59-0x5F): read and write enables of the 13
 * segments of C0000-FFFFF. Segment 0 is F0000-FFFFF (64 KiB), segments
 * 1-12 are C0000-EFFFF in 16 KiB steps. The hook runs for every segment
 * whose enables change (and may run for unchanged ones), and for
 * A0000-BFFFF (128 KiB) when the SMRAM register (0x72) is written:
 * read_ram = write_ram = D_OPEN, the SMRAM DRAM visible instead of the
 * VGA. */
typedef void (*pci_pam_hook)(void *opaque, uint32_t base, uint32_t size, bool read_ram,
                             bool write_ram);
void pci_set_pam_hook(struct machine *m, pci_pam_hook hook, void *opaque);
/* Current enables for the segment containing addr (C0000-FFFFF). */
void pci_pam_get(struct machine *m, uint32_t addr, bool *read_ram, bool *write_ram);

#endif
