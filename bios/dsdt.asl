/*
 * bios/dsdt.asl: the Differentiated System Description Table of emu's PC
 * (ACPI 2.0 and later, 5.2.11.1), compiled by iasl at build time and
 * embedded in emu (machine/acpi_tables.c places it with the other tables).
 *
 * What it describes must match the emulated hardware:
 * - \_S5: SLP_TYP 0 for soft off, the value iodev/acpi.c (PIIX4 PM1a_CNT)
 *   treats as power-off; Linux's poweroff writes it with SLP_EN.
 * - \_SB.PCI0: the i440FX root bridge, with _PRT routing INTx# of device
 *   D, pin P (0 = INTA#) to PIRQ (D + P - 1) mod 4, as the PIIX3 wires
 *   them (iodev/pci.c). In APIC mode (_PIC(1)) PIRQA-D are IOAPIC inputs
 *   16-19; in PIC mode they go through the link devices LNKA-LNKD, which
 *   read and write the PIIX3's PIRQ route control registers 60h-63h.
 * - \_SB.PCI0.ISA: the PIIX3 PCI-to-ISA bridge (00:01.0) and the legacy
 *   devices behind it with their fixed resources.
 */
DefinitionBlock ("", "DSDT", 2, "EMU", "EMUDSDT", 0x00000001)
{
    /* sleep states: {PM1a SLP_TYP, PM1b SLP_TYP, reserved, reserved} */
    Name (\_S5, Package (0x04) { Zero, Zero, Zero, Zero })

    /* interrupt model chosen by the OS: 0 PIC, 1 APIC (ACPI 5.8.1) */
    Name (PICM, Zero)
    Method (\_PIC, 1, NotSerialized)
    {
        PICM = Arg0
    }

    Scope (\_SB)
    {
        Device (CPU0)
        {
            Name (_HID, "ACPI0007")
            Name (_UID, Zero)
        }

        Device (PCI0)
        {
            Name (_HID, EisaId ("PNP0A03"))
            Name (_UID, Zero)
            Name (_BBN, Zero)
            Name (_CRS, ResourceTemplate ()
            {
                WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode,
                    0x0000, 0x0000, 0x00FF, 0x0000, 0x0100)
                IO (Decode16, 0x0CF8, 0x0CF8, 0x01, 0x08)
                WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,
                    0x0000, 0x0000, 0x0CF7, 0x0000, 0x0CF8)
                WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,
                    0x0000, 0x0D00, 0xFFFF, 0x0000, 0xF300)
                DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, Cacheable, ReadWrite,
                    0x00000000, 0x000A0000, 0x000BFFFF, 0x00000000, 0x00020000)
                DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,
                    0x00000000, 0xE0000000, 0xFEBFFFFF, 0x00000000, 0x1EC00000)
            })

            Method (_PRT, 0, NotSerialized)
            {
                If (PICM)
                {
                    Return (PRTA)
                }
                Return (PRTP)
            }

            /* APIC mode: {address (device << 16 | 0xFFFF), pin, 0, GSI} */
            Name (PRTA, Package ()
            {
                Package (0x04) { 0x0001FFFF, 0, Zero, 16 },
                Package (0x04) { 0x0001FFFF, 1, Zero, 17 },
                Package (0x04) { 0x0001FFFF, 2, Zero, 18 },
                Package (0x04) { 0x0001FFFF, 3, Zero, 19 },
                Package (0x04) { 0x0002FFFF, 0, Zero, 17 },
                Package (0x04) { 0x0002FFFF, 1, Zero, 18 },
                Package (0x04) { 0x0002FFFF, 2, Zero, 19 },
                Package (0x04) { 0x0002FFFF, 3, Zero, 16 },
                Package (0x04) { 0x0003FFFF, 0, Zero, 18 },
                Package (0x04) { 0x0003FFFF, 1, Zero, 19 },
                Package (0x04) { 0x0003FFFF, 2, Zero, 16 },
                Package (0x04) { 0x0003FFFF, 3, Zero, 17 },
                Package (0x04) { 0x0004FFFF, 0, Zero, 19 },
                Package (0x04) { 0x0004FFFF, 1, Zero, 16 },
                Package (0x04) { 0x0004FFFF, 2, Zero, 17 },
                Package (0x04) { 0x0004FFFF, 3, Zero, 18 },
                Package (0x04) { 0x0005FFFF, 0, Zero, 16 },
                Package (0x04) { 0x0005FFFF, 1, Zero, 17 },
                Package (0x04) { 0x0005FFFF, 2, Zero, 18 },
                Package (0x04) { 0x0005FFFF, 3, Zero, 19 },
                Package (0x04) { 0x0006FFFF, 0, Zero, 17 },
                Package (0x04) { 0x0006FFFF, 1, Zero, 18 },
                Package (0x04) { 0x0006FFFF, 2, Zero, 19 },
                Package (0x04) { 0x0006FFFF, 3, Zero, 16 },
                Package (0x04) { 0x0007FFFF, 0, Zero, 18 },
                Package (0x04) { 0x0007FFFF, 1, Zero, 19 },
                Package (0x04) { 0x0007FFFF, 2, Zero, 16 },
                Package (0x04) { 0x0007FFFF, 3, Zero, 17 },
                Package (0x04) { 0x0008FFFF, 0, Zero, 19 },
                Package (0x04) { 0x0008FFFF, 1, Zero, 16 },
                Package (0x04) { 0x0008FFFF, 2, Zero, 17 },
                Package (0x04) { 0x0008FFFF, 3, Zero, 18 },
                Package (0x04) { 0x0009FFFF, 0, Zero, 16 },
                Package (0x04) { 0x0009FFFF, 1, Zero, 17 },
                Package (0x04) { 0x0009FFFF, 2, Zero, 18 },
                Package (0x04) { 0x0009FFFF, 3, Zero, 19 },
                Package (0x04) { 0x000AFFFF, 0, Zero, 17 },
                Package (0x04) { 0x000AFFFF, 1, Zero, 18 },
                Package (0x04) { 0x000AFFFF, 2, Zero, 19 },
                Package (0x04) { 0x000AFFFF, 3, Zero, 16 },
                Package (0x04) { 0x000BFFFF, 0, Zero, 18 },
                Package (0x04) { 0x000BFFFF, 1, Zero, 19 },
                Package (0x04) { 0x000BFFFF, 2, Zero, 16 },
                Package (0x04) { 0x000BFFFF, 3, Zero, 17 },
                Package (0x04) { 0x000CFFFF, 0, Zero, 19 },
                Package (0x04) { 0x000CFFFF, 1, Zero, 16 },
                Package (0x04) { 0x000CFFFF, 2, Zero, 17 },
                Package (0x04) { 0x000CFFFF, 3, Zero, 18 },
                Package (0x04) { 0x000DFFFF, 0, Zero, 16 },
                Package (0x04) { 0x000DFFFF, 1, Zero, 17 },
                Package (0x04) { 0x000DFFFF, 2, Zero, 18 },
                Package (0x04) { 0x000DFFFF, 3, Zero, 19 },
                Package (0x04) { 0x000EFFFF, 0, Zero, 17 },
                Package (0x04) { 0x000EFFFF, 1, Zero, 18 },
                Package (0x04) { 0x000EFFFF, 2, Zero, 19 },
                Package (0x04) { 0x000EFFFF, 3, Zero, 16 },
                Package (0x04) { 0x000FFFFF, 0, Zero, 18 },
                Package (0x04) { 0x000FFFFF, 1, Zero, 19 },
                Package (0x04) { 0x000FFFFF, 2, Zero, 16 },
                Package (0x04) { 0x000FFFFF, 3, Zero, 17 },
                Package (0x04) { 0x0010FFFF, 0, Zero, 19 },
                Package (0x04) { 0x0010FFFF, 1, Zero, 16 },
                Package (0x04) { 0x0010FFFF, 2, Zero, 17 },
                Package (0x04) { 0x0010FFFF, 3, Zero, 18 },
                Package (0x04) { 0x0011FFFF, 0, Zero, 16 },
                Package (0x04) { 0x0011FFFF, 1, Zero, 17 },
                Package (0x04) { 0x0011FFFF, 2, Zero, 18 },
                Package (0x04) { 0x0011FFFF, 3, Zero, 19 },
                Package (0x04) { 0x0012FFFF, 0, Zero, 17 },
                Package (0x04) { 0x0012FFFF, 1, Zero, 18 },
                Package (0x04) { 0x0012FFFF, 2, Zero, 19 },
                Package (0x04) { 0x0012FFFF, 3, Zero, 16 },
                Package (0x04) { 0x0013FFFF, 0, Zero, 18 },
                Package (0x04) { 0x0013FFFF, 1, Zero, 19 },
                Package (0x04) { 0x0013FFFF, 2, Zero, 16 },
                Package (0x04) { 0x0013FFFF, 3, Zero, 17 },
                Package (0x04) { 0x0014FFFF, 0, Zero, 19 },
                Package (0x04) { 0x0014FFFF, 1, Zero, 16 },
                Package (0x04) { 0x0014FFFF, 2, Zero, 17 },
                Package (0x04) { 0x0014FFFF, 3, Zero, 18 },
                Package (0x04) { 0x0015FFFF, 0, Zero, 16 },
                Package (0x04) { 0x0015FFFF, 1, Zero, 17 },
                Package (0x04) { 0x0015FFFF, 2, Zero, 18 },
                Package (0x04) { 0x0015FFFF, 3, Zero, 19 },
                Package (0x04) { 0x0016FFFF, 0, Zero, 17 },
                Package (0x04) { 0x0016FFFF, 1, Zero, 18 },
                Package (0x04) { 0x0016FFFF, 2, Zero, 19 },
                Package (0x04) { 0x0016FFFF, 3, Zero, 16 },
                Package (0x04) { 0x0017FFFF, 0, Zero, 18 },
                Package (0x04) { 0x0017FFFF, 1, Zero, 19 },
                Package (0x04) { 0x0017FFFF, 2, Zero, 16 },
                Package (0x04) { 0x0017FFFF, 3, Zero, 17 },
                Package (0x04) { 0x0018FFFF, 0, Zero, 19 },
                Package (0x04) { 0x0018FFFF, 1, Zero, 16 },
                Package (0x04) { 0x0018FFFF, 2, Zero, 17 },
                Package (0x04) { 0x0018FFFF, 3, Zero, 18 },
                Package (0x04) { 0x0019FFFF, 0, Zero, 16 },
                Package (0x04) { 0x0019FFFF, 1, Zero, 17 },
                Package (0x04) { 0x0019FFFF, 2, Zero, 18 },
                Package (0x04) { 0x0019FFFF, 3, Zero, 19 },
                Package (0x04) { 0x001AFFFF, 0, Zero, 17 },
                Package (0x04) { 0x001AFFFF, 1, Zero, 18 },
                Package (0x04) { 0x001AFFFF, 2, Zero, 19 },
                Package (0x04) { 0x001AFFFF, 3, Zero, 16 },
                Package (0x04) { 0x001BFFFF, 0, Zero, 18 },
                Package (0x04) { 0x001BFFFF, 1, Zero, 19 },
                Package (0x04) { 0x001BFFFF, 2, Zero, 16 },
                Package (0x04) { 0x001BFFFF, 3, Zero, 17 },
                Package (0x04) { 0x001CFFFF, 0, Zero, 19 },
                Package (0x04) { 0x001CFFFF, 1, Zero, 16 },
                Package (0x04) { 0x001CFFFF, 2, Zero, 17 },
                Package (0x04) { 0x001CFFFF, 3, Zero, 18 },
                Package (0x04) { 0x001DFFFF, 0, Zero, 16 },
                Package (0x04) { 0x001DFFFF, 1, Zero, 17 },
                Package (0x04) { 0x001DFFFF, 2, Zero, 18 },
                Package (0x04) { 0x001DFFFF, 3, Zero, 19 },
                Package (0x04) { 0x001EFFFF, 0, Zero, 17 },
                Package (0x04) { 0x001EFFFF, 1, Zero, 18 },
                Package (0x04) { 0x001EFFFF, 2, Zero, 19 },
                Package (0x04) { 0x001EFFFF, 3, Zero, 16 },
                Package (0x04) { 0x001FFFFF, 0, Zero, 18 },
                Package (0x04) { 0x001FFFFF, 1, Zero, 19 },
                Package (0x04) { 0x001FFFFF, 2, Zero, 16 },
                Package (0x04) { 0x001FFFFF, 3, Zero, 17 },
            })

            /* PIC mode: {address, pin, link device, 0} */
            Name (PRTP, Package ()
            {
                Package (0x04) { 0x0001FFFF, 0, LNKA, Zero },
                Package (0x04) { 0x0001FFFF, 1, LNKB, Zero },
                Package (0x04) { 0x0001FFFF, 2, LNKC, Zero },
                Package (0x04) { 0x0001FFFF, 3, LNKD, Zero },
                Package (0x04) { 0x0002FFFF, 0, LNKB, Zero },
                Package (0x04) { 0x0002FFFF, 1, LNKC, Zero },
                Package (0x04) { 0x0002FFFF, 2, LNKD, Zero },
                Package (0x04) { 0x0002FFFF, 3, LNKA, Zero },
                Package (0x04) { 0x0003FFFF, 0, LNKC, Zero },
                Package (0x04) { 0x0003FFFF, 1, LNKD, Zero },
                Package (0x04) { 0x0003FFFF, 2, LNKA, Zero },
                Package (0x04) { 0x0003FFFF, 3, LNKB, Zero },
                Package (0x04) { 0x0004FFFF, 0, LNKD, Zero },
                Package (0x04) { 0x0004FFFF, 1, LNKA, Zero },
                Package (0x04) { 0x0004FFFF, 2, LNKB, Zero },
                Package (0x04) { 0x0004FFFF, 3, LNKC, Zero },
                Package (0x04) { 0x0005FFFF, 0, LNKA, Zero },
                Package (0x04) { 0x0005FFFF, 1, LNKB, Zero },
                Package (0x04) { 0x0005FFFF, 2, LNKC, Zero },
                Package (0x04) { 0x0005FFFF, 3, LNKD, Zero },
                Package (0x04) { 0x0006FFFF, 0, LNKB, Zero },
                Package (0x04) { 0x0006FFFF, 1, LNKC, Zero },
                Package (0x04) { 0x0006FFFF, 2, LNKD, Zero },
                Package (0x04) { 0x0006FFFF, 3, LNKA, Zero },
                Package (0x04) { 0x0007FFFF, 0, LNKC, Zero },
                Package (0x04) { 0x0007FFFF, 1, LNKD, Zero },
                Package (0x04) { 0x0007FFFF, 2, LNKA, Zero },
                Package (0x04) { 0x0007FFFF, 3, LNKB, Zero },
                Package (0x04) { 0x0008FFFF, 0, LNKD, Zero },
                Package (0x04) { 0x0008FFFF, 1, LNKA, Zero },
                Package (0x04) { 0x0008FFFF, 2, LNKB, Zero },
                Package (0x04) { 0x0008FFFF, 3, LNKC, Zero },
                Package (0x04) { 0x0009FFFF, 0, LNKA, Zero },
                Package (0x04) { 0x0009FFFF, 1, LNKB, Zero },
                Package (0x04) { 0x0009FFFF, 2, LNKC, Zero },
                Package (0x04) { 0x0009FFFF, 3, LNKD, Zero },
                Package (0x04) { 0x000AFFFF, 0, LNKB, Zero },
                Package (0x04) { 0x000AFFFF, 1, LNKC, Zero },
                Package (0x04) { 0x000AFFFF, 2, LNKD, Zero },
                Package (0x04) { 0x000AFFFF, 3, LNKA, Zero },
                Package (0x04) { 0x000BFFFF, 0, LNKC, Zero },
                Package (0x04) { 0x000BFFFF, 1, LNKD, Zero },
                Package (0x04) { 0x000BFFFF, 2, LNKA, Zero },
                Package (0x04) { 0x000BFFFF, 3, LNKB, Zero },
                Package (0x04) { 0x000CFFFF, 0, LNKD, Zero },
                Package (0x04) { 0x000CFFFF, 1, LNKA, Zero },
                Package (0x04) { 0x000CFFFF, 2, LNKB, Zero },
                Package (0x04) { 0x000CFFFF, 3, LNKC, Zero },
                Package (0x04) { 0x000DFFFF, 0, LNKA, Zero },
                Package (0x04) { 0x000DFFFF, 1, LNKB, Zero },
                Package (0x04) { 0x000DFFFF, 2, LNKC, Zero },
                Package (0x04) { 0x000DFFFF, 3, LNKD, Zero },
                Package (0x04) { 0x000EFFFF, 0, LNKB, Zero },
                Package (0x04) { 0x000EFFFF, 1, LNKC, Zero },
                Package (0x04) { 0x000EFFFF, 2, LNKD, Zero },
                Package (0x04) { 0x000EFFFF, 3, LNKA, Zero },
                Package (0x04) { 0x000FFFFF, 0, LNKC, Zero },
                Package (0x04) { 0x000FFFFF, 1, LNKD, Zero },
                Package (0x04) { 0x000FFFFF, 2, LNKA, Zero },
                Package (0x04) { 0x000FFFFF, 3, LNKB, Zero },
                Package (0x04) { 0x0010FFFF, 0, LNKD, Zero },
                Package (0x04) { 0x0010FFFF, 1, LNKA, Zero },
                Package (0x04) { 0x0010FFFF, 2, LNKB, Zero },
                Package (0x04) { 0x0010FFFF, 3, LNKC, Zero },
                Package (0x04) { 0x0011FFFF, 0, LNKA, Zero },
                Package (0x04) { 0x0011FFFF, 1, LNKB, Zero },
                Package (0x04) { 0x0011FFFF, 2, LNKC, Zero },
                Package (0x04) { 0x0011FFFF, 3, LNKD, Zero },
                Package (0x04) { 0x0012FFFF, 0, LNKB, Zero },
                Package (0x04) { 0x0012FFFF, 1, LNKC, Zero },
                Package (0x04) { 0x0012FFFF, 2, LNKD, Zero },
                Package (0x04) { 0x0012FFFF, 3, LNKA, Zero },
                Package (0x04) { 0x0013FFFF, 0, LNKC, Zero },
                Package (0x04) { 0x0013FFFF, 1, LNKD, Zero },
                Package (0x04) { 0x0013FFFF, 2, LNKA, Zero },
                Package (0x04) { 0x0013FFFF, 3, LNKB, Zero },
                Package (0x04) { 0x0014FFFF, 0, LNKD, Zero },
                Package (0x04) { 0x0014FFFF, 1, LNKA, Zero },
                Package (0x04) { 0x0014FFFF, 2, LNKB, Zero },
                Package (0x04) { 0x0014FFFF, 3, LNKC, Zero },
                Package (0x04) { 0x0015FFFF, 0, LNKA, Zero },
                Package (0x04) { 0x0015FFFF, 1, LNKB, Zero },
                Package (0x04) { 0x0015FFFF, 2, LNKC, Zero },
                Package (0x04) { 0x0015FFFF, 3, LNKD, Zero },
                Package (0x04) { 0x0016FFFF, 0, LNKB, Zero },
                Package (0x04) { 0x0016FFFF, 1, LNKC, Zero },
                Package (0x04) { 0x0016FFFF, 2, LNKD, Zero },
                Package (0x04) { 0x0016FFFF, 3, LNKA, Zero },
                Package (0x04) { 0x0017FFFF, 0, LNKC, Zero },
                Package (0x04) { 0x0017FFFF, 1, LNKD, Zero },
                Package (0x04) { 0x0017FFFF, 2, LNKA, Zero },
                Package (0x04) { 0x0017FFFF, 3, LNKB, Zero },
                Package (0x04) { 0x0018FFFF, 0, LNKD, Zero },
                Package (0x04) { 0x0018FFFF, 1, LNKA, Zero },
                Package (0x04) { 0x0018FFFF, 2, LNKB, Zero },
                Package (0x04) { 0x0018FFFF, 3, LNKC, Zero },
                Package (0x04) { 0x0019FFFF, 0, LNKA, Zero },
                Package (0x04) { 0x0019FFFF, 1, LNKB, Zero },
                Package (0x04) { 0x0019FFFF, 2, LNKC, Zero },
                Package (0x04) { 0x0019FFFF, 3, LNKD, Zero },
                Package (0x04) { 0x001AFFFF, 0, LNKB, Zero },
                Package (0x04) { 0x001AFFFF, 1, LNKC, Zero },
                Package (0x04) { 0x001AFFFF, 2, LNKD, Zero },
                Package (0x04) { 0x001AFFFF, 3, LNKA, Zero },
                Package (0x04) { 0x001BFFFF, 0, LNKC, Zero },
                Package (0x04) { 0x001BFFFF, 1, LNKD, Zero },
                Package (0x04) { 0x001BFFFF, 2, LNKA, Zero },
                Package (0x04) { 0x001BFFFF, 3, LNKB, Zero },
                Package (0x04) { 0x001CFFFF, 0, LNKD, Zero },
                Package (0x04) { 0x001CFFFF, 1, LNKA, Zero },
                Package (0x04) { 0x001CFFFF, 2, LNKB, Zero },
                Package (0x04) { 0x001CFFFF, 3, LNKC, Zero },
                Package (0x04) { 0x001DFFFF, 0, LNKA, Zero },
                Package (0x04) { 0x001DFFFF, 1, LNKB, Zero },
                Package (0x04) { 0x001DFFFF, 2, LNKC, Zero },
                Package (0x04) { 0x001DFFFF, 3, LNKD, Zero },
                Package (0x04) { 0x001EFFFF, 0, LNKB, Zero },
                Package (0x04) { 0x001EFFFF, 1, LNKC, Zero },
                Package (0x04) { 0x001EFFFF, 2, LNKD, Zero },
                Package (0x04) { 0x001EFFFF, 3, LNKA, Zero },
                Package (0x04) { 0x001FFFFF, 0, LNKC, Zero },
                Package (0x04) { 0x001FFFFF, 1, LNKD, Zero },
                Package (0x04) { 0x001FFFFF, 2, LNKA, Zero },
                Package (0x04) { 0x001FFFFF, 3, LNKB, Zero },
            })

            Device (ISA)
            {
                Name (_ADR, 0x00010000)

                /* PIIX3 PIRQRC[A:D] (2.2.8): bit 7 routing off, bits 3:0 the IRQ */
                OperationRegion (PIRQ, PCI_Config, 0x60, 0x04)
                Field (PIRQ, ByteAcc, NoLock, Preserve)
                {
                    PRQA, 8,
                    PRQB, 8,
                    PRQC, 8,
                    PRQD, 8
                }

                Device (PIC)
                {
                    Name (_HID, EisaId ("PNP0000"))
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x0020, 0x0020, 0x01, 0x02)
                        IO (Decode16, 0x00A0, 0x00A0, 0x01, 0x02)
                        IO (Decode16, 0x04D0, 0x04D0, 0x01, 0x02)
                        IRQNoFlags () {2}
                    })
                }

                Device (DMAC)
                {
                    Name (_HID, EisaId ("PNP0200"))
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x0000, 0x0000, 0x01, 0x10)
                        IO (Decode16, 0x0081, 0x0081, 0x01, 0x0F)
                        IO (Decode16, 0x00C0, 0x00C0, 0x01, 0x20)
                        DMA (Compatibility, NotBusMaster, Transfer8_16, ) {4}
                    })
                }

                Device (TMR)
                {
                    Name (_HID, EisaId ("PNP0100"))
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x0040, 0x0040, 0x01, 0x04)
                        IRQNoFlags () {0}
                    })
                }

                Device (RTC)
                {
                    Name (_HID, EisaId ("PNP0B00"))
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x0070, 0x0070, 0x01, 0x02)
                        IRQNoFlags () {8}
                    })
                }

                Device (SPKR)
                {
                    Name (_HID, EisaId ("PNP0800"))
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x0061, 0x0061, 0x01, 0x01)
                    })
                }

                Device (KBD)
                {
                    Name (_HID, EisaId ("PNP0303"))
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x0060, 0x0060, 0x01, 0x01)
                        IO (Decode16, 0x0064, 0x0064, 0x01, 0x01)
                        IRQNoFlags () {1}
                    })
                }

                Device (MOU)
                {
                    Name (_HID, EisaId ("PNP0F13"))
                    Name (_CRS, ResourceTemplate ()
                    {
                        IRQNoFlags () {12}
                    })
                }

                Device (COM1)
                {
                    Name (_HID, EisaId ("PNP0501"))
                    Name (_UID, One)
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x03F8, 0x03F8, 0x01, 0x08)
                        IRQNoFlags () {4}
                    })
                }

                Device (FDC)
                {
                    Name (_HID, EisaId ("PNP0700"))
                    Name (_CRS, ResourceTemplate ()
                    {
                        IO (Decode16, 0x03F2, 0x03F2, 0x01, 0x04)
                        IO (Decode16, 0x03F7, 0x03F7, 0x01, 0x01)
                        IRQNoFlags () {6}
                        DMA (Compatibility, NotBusMaster, Transfer8, ) {2}
                    })
                }
            }
        }

        /* PCI interrupt links (ACPI 6.2.13): PIRQA-D of the PIIX3 */
        Method (IQST, 1, NotSerialized)
        {
            If (Arg0 & 0x80)
            {
                Return (0x09)
            }
            Return (0x0B)
        }

        /* _CRS of a link: the IRQ in PIRQRC, none while routing is off */
        Method (IQCR, 1, NotSerialized)
        {
            Local0 = ResourceTemplate ()
            {
                Interrupt (ResourceConsumer, Level, ActiveLow, Shared, , , ) {0}
            }
            If (!(Arg0 & 0x80))
            {
                Local0 [0x05] = (Arg0 & 0x0F)
            }
            Return (Local0)
        }

        /* _SRS of a link: the IRQ of its Interrupt descriptor (one IRQ) */
        Method (IQSR, 1, NotSerialized)
        {
            Return (DerefOf (Arg0 [0x05]) & 0x0F)
        }

        Device (LNKA)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 1)
            Name (_PRS, ResourceTemplate ()
            {
                Interrupt (ResourceConsumer, Level, ActiveLow, Shared, , , ) {5, 10, 11}
            })
            Method (_STA, 0, NotSerialized)
            {
                Return (IQST (\_SB.PCI0.ISA.PRQA))
            }
            Method (_DIS, 0, NotSerialized)
            {
                \_SB.PCI0.ISA.PRQA |= 0x80
            }
            Method (_CRS, 0, NotSerialized)
            {
                Return (IQCR (\_SB.PCI0.ISA.PRQA))
            }
            Method (_SRS, 1, NotSerialized)
            {
                \_SB.PCI0.ISA.PRQA = IQSR (Arg0)
            }
        }

        Device (LNKB)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 2)
            Name (_PRS, ResourceTemplate ()
            {
                Interrupt (ResourceConsumer, Level, ActiveLow, Shared, , , ) {5, 10, 11}
            })
            Method (_STA, 0, NotSerialized)
            {
                Return (IQST (\_SB.PCI0.ISA.PRQB))
            }
            Method (_DIS, 0, NotSerialized)
            {
                \_SB.PCI0.ISA.PRQB |= 0x80
            }
            Method (_CRS, 0, NotSerialized)
            {
                Return (IQCR (\_SB.PCI0.ISA.PRQB))
            }
            Method (_SRS, 1, NotSerialized)
            {
                \_SB.PCI0.ISA.PRQB = IQSR (Arg0)
            }
        }

        Device (LNKC)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 3)
            Name (_PRS, ResourceTemplate ()
            {
                Interrupt (ResourceConsumer, Level, ActiveLow, Shared, , , ) {5, 10, 11}
            })
            Method (_STA, 0, NotSerialized)
            {
                Return (IQST (\_SB.PCI0.ISA.PRQC))
            }
            Method (_DIS, 0, NotSerialized)
            {
                \_SB.PCI0.ISA.PRQC |= 0x80
            }
            Method (_CRS, 0, NotSerialized)
            {
                Return (IQCR (\_SB.PCI0.ISA.PRQC))
            }
            Method (_SRS, 1, NotSerialized)
            {
                \_SB.PCI0.ISA.PRQC = IQSR (Arg0)
            }
        }

        Device (LNKD)
        {
            Name (_HID, EisaId ("PNP0C0F"))
            Name (_UID, 4)
            Name (_PRS, ResourceTemplate ()
            {
                Interrupt (ResourceConsumer, Level, ActiveLow, Shared, , , ) {5, 10, 11}
            })
            Method (_STA, 0, NotSerialized)
            {
                Return (IQST (\_SB.PCI0.ISA.PRQD))
            }
            Method (_DIS, 0, NotSerialized)
            {
                \_SB.PCI0.ISA.PRQD |= 0x80
            }
            Method (_CRS, 0, NotSerialized)
            {
                Return (IQCR (\_SB.PCI0.ISA.PRQD))
            }
            Method (_SRS, 1, NotSerialized)
            {
                \_SB.PCI0.ISA.PRQD = IQSR (Arg0)
            }
        }
    }
}
