#!/bin/sh
# tests/system/boot_tables.sh: the ACPI, MP and SMBIOS tables emu builds for
# its own BIOS: structure and checksums (tests/system/acpi_dump), then an
# `iasl -d` round trip of every ACPI table (ACPICA's own parser must accept
# them), MADT and FADT fields read back from the disassembly, and the
# disassembled DSDT compiled again.
set -u
: "${srcdir:=.}"
dump=${ACPI_DUMP:-tests/system/acpi_dump}
command -v iasl >/dev/null || { echo "SKIP: iasl (acpica-tools) missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$dump" "$tmp" 128 || fail=1
for f in "$tmp"/*.dat; do
    b=$(basename "$f" .dat)
    if ! (cd "$tmp" && iasl -d "$b.dat") >"$tmp/$b.log" 2>&1 || grep -q "Error" "$tmp/$b.log"; then
        echo "FAIL: iasl -d $b.dat"
        cat "$tmp/$b.log"
        fail=1
    fi
done
want() { # FILE PATTERN WHAT
    if grep -Eq "$2" "$tmp/$1"; then echo "ok   $3"; else echo "FAIL $3 ($1: no /$2/)"; fail=1; fi
}
want apic.dsl "Local Apic Address : FEE00000" "iasl: MADT local APIC address"
want apic.dsl "Address : FEC00000" "iasl: MADT IOAPIC address"
want apic.dsl "Interrupt : 00000002" "iasl: MADT override to GSI 2"
want facp.dsl "PM1A Event Block Address : 0*B000" "iasl: FADT PM1a event block"
want facp.dsl "PM1A Control Block Address : 0*B004" "iasl: FADT PM1a control block"
want facp.dsl "PM Timer Block Address : 0*B008" "iasl: FADT PM timer"
want dsdt.dsl "Name \(_S5, Package" "iasl: DSDT \\_S5"
want dsdt.dsl "PNP0A03" "iasl: DSDT PCI root bridge"
want dsdt.dsl "_PRT" "iasl: DSDT _PRT"
if ! (cd "$tmp" && iasl -p again dsdt.dsl) >"$tmp/again.log" 2>&1; then
    echo "FAIL: the disassembled DSDT does not compile"
    cat "$tmp/again.log"
    fail=1
fi
[ $fail = 0 ] && echo "PASS: ACPI, MP and SMBIOS tables"
exit $fail
