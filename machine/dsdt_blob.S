/* machine/dsdt_blob.S: embeds the DSDT iasl compiled from bios/dsdt.asl. */
    .section .rodata
    .balign 16
    .globl emu_dsdt_aml
    .globl emu_dsdt_aml_end
emu_dsdt_aml:
    .incbin "bios/dsdt.aml"
emu_dsdt_aml_end:
    .section .note.GNU-stack,"",@progbits
