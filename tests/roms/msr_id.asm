; msr_id: the identification MSRs of the P6 family and later (SDM Vol.4
; Table 2-2), which operating systems read unguarded on Intel CPUs:
; IA32_PLATFORM_ID (17H, platform bits 52:50) and IA32_BIOS_SIGN_ID (8BH:
; the microcode revision in bits 63:32, read as SDM Vol.3 10.11.7.1 says:
; WRMSR 0, CPUID leaf 1, RDMSR). The values are those of emu's default
; model (corei7: platform 1, revision 19H).
%include "lib.inc"

main:
        PRINTLN "-- msr_id"
        mov     ecx, 0x17
        rdmsr
        PRINT   "IA32_PLATFORM_ID "
        PHEX32  edx
        PHEX32  eax
        NL
        mov     ecx, 0x8B
        xor     eax, eax
        xor     edx, edx
        wrmsr
        mov     eax, 1
        cpuid
        mov     ecx, 0x8B
        rdmsr
        PRINT   "IA32_BIOS_SIGN_ID "
        PHEX32  edx
        PHEX32  eax
        NL
        EXIT
        ROM_END
