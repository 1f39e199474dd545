/* tests/unit/test_memory.c: the physical memory map, A20, the TLB and
 * segmented accesses through the CPU. */
#include <criterion/criterion.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/handlers.h"
#include "memory/phys.h"

static uint64_t mmio_last_off;
static uint64_t mmio_last_val;
static int mmio_reads;

static uint64_t mmio_read(void *opaque, uint64_t off, int size)
{
    (void)opaque;
    mmio_reads++;
    return 0xA0 + off + (uint64_t)size * 0x100;
}

static void mmio_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    (void)opaque, (void)size;
    mmio_last_off = off;
    mmio_last_val = val;
}

static const struct mmio_ops ops = {mmio_read, mmio_write};

Test(phys, ram_read_write_little_endian)
{
    struct phys *p = phys_new(1 << 20);
    phys_write(p, 0x1234, 4, 0x11223344);
    cr_assert_eq(phys_read(p, 0x1234, 1), 0x44);
    cr_assert_eq(phys_read(p, 0x1235, 2), 0x2233);
    cr_assert_eq(phys_read(p, 0x1234, 4), 0x11223344);
    phys_free(p);
}

Test(phys, unmapped_reads_all_ones_and_writes_vanish)
{
    struct phys *p = phys_new(1 << 20);
    cr_assert_eq(phys_read(p, 0x200000, 4), 0xFFFFFFFF);
    phys_write(p, 0x200000, 4, 0);
    cr_assert_eq(phys_read(p, 0x200000, 1), 0xFF);
    /* a word straddling the end of RAM: one byte of RAM, one of nothing */
    phys_write(p, 0xFFFFF, 1, 0x5A);
    cr_assert_eq(phys_read(p, 0xFFFFF, 2), 0xFF5A);
    phys_free(p);
}

Test(phys, rom_ignores_writes_and_overrides_ram)
{
    struct phys *p = phys_new(1 << 20);
    uint8_t rom[4096];
    memset(rom, 0xC3, sizeof rom);
    phys_write(p, 0xF0000, 1, 0x11);
    cr_assert_eq(phys_map_rom(p, 0xF0000, rom, sizeof rom, "rom"), 0);
    cr_assert_eq(phys_read(p, 0xF0000, 1), 0xC3);
    phys_write(p, 0xF0000, 1, 0x00);
    cr_assert_eq(phys_read(p, 0xF0000, 1), 0xC3);
    cr_assert_not_null(phys_host_page(p, 0xF0000, false));
    cr_assert_null(phys_host_page(p, 0xF0000, true));
    phys_free(p);
}

Test(phys, mmio_callbacks)
{
    struct phys *p = phys_new(1 << 20);
    phys_map_mmio(p, 0xA0000, 0x20000, &ops, NULL, "vga");
    mmio_reads = 0;
    cr_assert_eq(phys_read(p, 0xA0010, 2), 0xA0 + 0x10 + 0x200);
    cr_assert_eq(mmio_reads, 1);
    phys_write(p, 0xA0004, 4, 0xDEADBEEF);
    cr_assert_eq(mmio_last_off, 4);
    cr_assert_eq(mmio_last_val, 0xDEADBEEF);
    cr_assert_null(phys_host_page(p, 0xA0000, false));
    phys_free(p);
}

Test(phys, a20_wraps_at_one_mib)
{
    struct phys *p = phys_new(2 << 20);
    phys_write(p, 0x000010, 1, 0xAA);
    phys_write(p, 0x100010, 1, 0xBB);
    cr_assert(phys_a20(p));
    cr_assert_eq(phys_read(p, 0x100010, 1), 0xBB);
    phys_set_a20(p, false);
    cr_assert_not(phys_a20(p));
    cr_assert_eq(phys_read(p, 0x100010, 1), 0xAA);
    phys_set_a20(p, true);
    cr_assert_eq(phys_read(p, 0x100010, 1), 0xBB);
    phys_free(p);
}

Test(phys, code_pages_lose_host_write_pointer)
{
    struct phys *p = phys_new(1 << 20);
    cr_assert_not_null(phys_host_page(p, 0x7000, true));
    phys_mark_code(p, 0x7123);
    cr_assert_null(phys_host_page(p, 0x7000, true));
    cr_assert_not_null(phys_host_page(p, 0x7000, false));
    phys_free(p);
}

Test(tlb, flush_and_protect)
{
    struct tlb t;
    tlb_flush(&t);
    struct tlb_entry *e = tlb_slot(&t, 0x5000);
    cr_assert_eq(e->tag_r, TLB_INVALID);
    e->tag_r = e->tag_w = 0x5000;
    e->phys = 0x9000;
    tlb_protect_phys(&t, 0x9123);
    cr_assert_eq(e->tag_w, TLB_INVALID);
    cr_assert_eq(e->tag_r, 0x5000);
}

/* Runs code placed at 0000:1000 in real mode until HLT. */
static struct cpu *run_code(struct phys *p, const uint8_t *code, size_t len)
{
    phys_write_buf(p, 0x1000, code, len);
    struct cpu *c = cpu_new(NULL, p);
    cpu_load_seg_real(c, SEG_CS, 0);
    c->rip = 0x1000;
    c->idtr.limit = 0x3FF;
    for (int n = 0; n < 1000 && !c->halted; n++)
        cpu_step(c);
    return c;
}

Test(access, real_mode_word_at_ffff_faults)
{
    /* IVT vector 13 -> 0000:2000 which is HLT */
    struct phys *p = phys_new(1 << 20);
    phys_write(p, 13 * 4, 4, 0x00002000);
    phys_write(p, 0x2000, 1, 0xF4);
    /* mov ax, [0xFFFF] ; hlt */
    static const uint8_t code[] = {0xA1, 0xFF, 0xFF, 0xF4};
    struct cpu *c = run_code(p, code, sizeof code);
    cr_assert(c->halted);
    cr_assert_eq(c->rip, 0x2001, "handler for #GP reached (rip %llx)", (unsigned long long)c->rip);
    /* the saved IP points at the faulting MOV */
    cr_assert_eq(phys_read(p, c->seg[SEG_SS].base + cpu_get16(c, R_SP), 2), 0x1000);
    cpu_free(c);
    phys_free(p);
}

Test(access, self_modifying_code_is_seen)
{
    struct phys *p = phys_new(1 << 20);
    /* mov byte [0x1006], 0x42 ; mov al, 0x00 ; hlt -- the store rewrites
     * the immediate of the next instruction before it executes */
    static const uint8_t code[] = {0xC6, 0x06, 0x06, 0x10, 0x42, 0xB0, 0x00, 0xF4};
    struct cpu *c = run_code(p, code, sizeof code);
    cr_assert(c->halted);
    cr_assert_eq(cpu_get8(c, R_AX), 0x42);
    /* run it again from the start: the decoded copy must be refreshed */
    phys_write(p, 0x1004, 1, 0x17);
    c->halted = false;
    c->rip = 0x1000;
    for (int n = 0; n < 10 && !c->halted; n++)
        cpu_step(c);
    cr_assert_eq(cpu_get8(c, R_AX), 0x17);
    cpu_free(c);
    phys_free(p);
}

Test(access, unreal_mode_limit_is_kept)
{
    struct phys *p = phys_new(4 << 20);
    struct cpu *c = cpu_new(NULL, p);
    c->seg[SEG_DS].limit = 0xFFFFFFFF;
    cpu_load_seg_real(c, SEG_DS, 0); /* real-mode load keeps the cached limit */
    cr_assert_eq(c->seg[SEG_DS].limit, 0xFFFFFFFF);
    jmp_buf jb;
    c->fault_jmp = &jb;
    if (setjmp(jb))
        cr_assert_fail("unexpected fault");
    cpu_write32(c, SEG_DS, 0x200000, 0xCAFEBABE);
    cr_assert_eq(phys_read(p, 0x200000, 4), 0xCAFEBABE);
    c->fault_jmp = NULL;
    cpu_free(c);
    phys_free(p);
}
