/* cpu/prot.h: protected-mode system architecture shared by cpu/seg.c,
 * cpu/gates.c, cpu/task.c, cpu/v86.c, cpu/debugreg.c, cpu/exception.c and
 * cpu/control.c: descriptors, privilege-checked loads, gates, task
 * switches, virtual-8086 helpers and the debug-register hooks.
 */
#ifndef EMU_CPU_PROT_H
#define EMU_CPU_PROT_H

#include "cpu/cpu.h"

/* A descriptor as read from the GDT/LDT/IDT (SDM Vol.3 3.4.5). */
struct desc {
    uint32_t lo, hi;
};
static inline unsigned desc_type(struct desc d) { return (d.hi >> 8) & 0xFu; }
static inline bool desc_s(struct desc d) { return d.hi & 0x1000u; }
static inline unsigned desc_dpl(struct desc d) { return (d.hi >> 13) & 3u; }
static inline bool desc_p(struct desc d) { return d.hi & 0x8000u; }
static inline bool desc_code(struct desc d) { return desc_s(d) && (d.hi & 0x800u); }
static inline bool desc_conforming(struct desc d) { return desc_code(d) && (d.hi & 0x400u); }
static inline uint32_t desc_base(struct desc d)
{
    return (d.lo >> 16) | ((d.hi & 0xFFu) << 16) | (d.hi & 0xFF000000u);
}
static inline uint32_t desc_limit(struct desc d)
{
    uint32_t l = (d.lo & 0xFFFFu) | (d.hi & 0xF0000u);
    return (d.hi & (1u << 23)) ? (l << 12) | 0xFFFu : l;
}

/* System descriptor types (S=0) */
enum {
    DT_TSS16_AVL = 1, DT_LDT = 2, DT_TSS16_BUSY = 3, DT_CALL16 = 4, DT_TASK = 5,
    DT_INT16 = 6, DT_TRAP16 = 7, DT_TSS32_AVL = 9, DT_TSS32_BUSY = 11, DT_CALL32 = 12,
    DT_INT32 = 14, DT_TRAP32 = 15,
};

/* Reads the descriptor of sel from the GDT or LDT. Returns false when the
 * index lies outside the table (or the LDT is unusable). */
bool seg_desc_fetch(struct cpu *c, uint16_t sel, struct desc *d);
/* As seg_desc_fetch, raising exc(sel & ~3 | ext) when outside. */
struct desc seg_desc_get(struct cpu *c, uint16_t sel, int exc, uint32_t ext);
/* Writes back the high dword of sel's descriptor (accessed/busy bits). */
void seg_desc_set_hi(struct cpu *c, uint16_t sel, uint32_t hi);
/* Fills a descriptor cache; sets the accessed bit in memory for code/data. */
void seg_cache_load(struct cpu *c, struct seg *s, uint16_t sel, struct desc d);
/* Commits CS = sel (RPL = new CPL) with rip checked against the new limit
 * (#GP(0)); updates CPL and the decoder mode. */
void seg_commit_cs(struct cpu *c, uint16_t sel, struct desc d, uint64_t rip);
/* The checks of a return (RETF/IRET) to CS sel (SDM RET: #GP(sel) when
 * RPL < CPL, not code, DPL rules; #NP(sel)); returns the descriptor. */
struct desc seg_check_ret_cs(struct cpu *c, uint16_t sel);
/* The checks of loading SS with sel for privilege level pl (stack switch
 * on return: #GP codes; inward through the TSS: #TS codes with ext). */
struct desc seg_check_ss(struct cpu *c, uint16_t sel, unsigned pl, int exc, uint32_t ext);
/* Nulls ES/DS/FS/GS whose DPL is below the new CPL (data or
 * non-conforming code) after a return to an outer level. */
void seg_null_outer(struct cpu *c);
/* Loads a data segment register under the rules of a task switch
 * (#TS(sel) instead of #GP(sel)). */
void seg_load_data_ts(struct cpu *c, int seg, uint16_t sel);

/* Far transfers in protected mode (cpu/gates.c). opsize 2/4/8 is the
 * instruction's operand size (for pushes to a code segment target). */
void gate_far_jmp(struct cpu *c, uint16_t sel, uint64_t off, unsigned opsize);
void gate_far_call(struct cpu *c, uint16_t sel, uint64_t off, unsigned opsize);
void gate_far_ret(struct cpu *c, unsigned opsize, uint16_t extra);
/* Reads the inner stack for privilege level pl from the current TSS
 * (#TS(TR selector) if it lies outside the TSS limit). */
void gate_tss_stack(struct cpu *c, unsigned pl, uint32_t ext, uint16_t *ss, uint32_t *esp);

/* A stack described by a descriptor not yet loaded into SS: pushes are
 * checked against its limit (#SS(sel | ext)) and written linearly. */
struct nstack {
    uint64_t base;
    uint32_t limit, sp, mask;
    bool expdown;
    uint16_t sel;
    uint32_t ext;
};
void gate_ns_init(struct nstack *s, struct desc d, uint16_t sel, uint32_t sp, uint32_t ext);
/* #SS(sel | ext) unless n more bytes fit below the stack pointer. */
void gate_ns_room(struct cpu *c, const struct nstack *s, uint32_t n);
void gate_ns_push(struct cpu *c, struct nstack *s, uint32_t v, unsigned size);
/* Makes the stack current: SS from (s->sel, d), then SP/ESP from s->sp
 * (a 16-bit stack changes only SP). */
void gate_ns_load_ss(struct cpu *c, const struct nstack *s, struct desc d);

/* IA-32e mode transfers (cpu/long.c): interrupt/exception delivery
 * through 64-bit IDT gates, JMP/CALL through 64-bit call gates. */
void lm_deliver(struct cpu *c, int vec, int kind, bool has_err, uint32_t err);
void lm_call_gate(struct cpu *c, uint16_t sel, struct desc g, bool is_call);
/* Linear stack frames of long-mode transfers (cpu/access.c): check that
 * [lin, lin+len) is writable, write a qword; user selects a user-mode
 * access (only valid at CPL 3), else a supervisor-mode one. */
void cpu_lstack_check(struct cpu *c, uint64_t lin, unsigned len, bool user);
void cpu_lstack_write64(struct cpu *c, uint64_t lin, uint64_t v, bool user);

/* Task switch (cpu/task.c, SDM Vol.3 7.3). */
enum task_src { TASK_JMP, TASK_CALL, TASK_IRET, TASK_INT };
void task_switch(struct cpu *c, uint16_t sel, struct desc d, enum task_src src, uint32_t ext,
                 bool has_err, uint32_t err);
/* IRET with NT=1: back to the task named by the back link. */
void task_return(struct cpu *c);

/* Virtual-8086 mode (cpu/v86.c). */
/* INT n from V86 mode: true when it was redirected through the real-mode
 * IVT (VME), false when it must go through the IDT; #GP(0) as the SDM. */
bool v86_int(struct cpu *c, int vec);
/* CLI/STI at CPL > IOPL (V86 with VME, PM CPL 3 with PVI); false when the
 * caller must raise #GP(0). */
bool v86_cli_sti(struct cpu *c, bool sti);
/* PUSHF/POPF/IRET image handling in V86 mode with VME and IOPL < 3. */
uint16_t v86_pushf_image(struct cpu *c);
void v86_popf16(struct cpu *c, uint16_t v);
bool v86_vme_active(struct cpu *c);

/* Debug registers (cpu/debugreg.c, SDM Vol.3 17.2-17.3). */
void dbg_dr7_changed(struct cpu *c);
/* An instruction is about to start at CS:RIP: #DB fault on a match. */
void dbg_insn_check(struct cpu *c);
/* Data access to [lin, lin+len); write = true for writes. */
void dbg_data_check(struct cpu *c, uint64_t lin, unsigned len, bool write);
void dbg_io_check(struct cpu *c, uint16_t port, unsigned len);
/* At the end of an instruction: deliver the #DB trap collected. */
void dbg_trap_end(struct cpu *c);

/* CPU models (cpu/cpuid.c) */
int cpu_model_lookup(const char *name); /* -1 when unknown */
void cpu_model_select(struct cpu *c);   /* from the configuration */
void cpu_cpuid(struct cpu *c, uint32_t leaf, uint32_t r[4]);
uint32_t cpu_model_signature(const struct cpu *c);
uint32_t cpu_model_pmcs(const struct cpu *c);
bool cpu_model_has_rdtscp(const struct cpu *c);
bool cpu_model_has_sep(const struct cpu *c);
bool cpu_model_has_p6_msrs(const struct cpu *c);
uint64_t cpu_model_bios_sign_id(const struct cpu *c);
uint64_t cpu_model_platform_id(const struct cpu *c);
bool cpu_model_efer_ok(const struct cpu *c, uint64_t efer);
/* Reset of the model, MSR and debug state (cpu/system.c), from cpu_reset. */
void cpu_sys_reset(struct cpu *c);

#endif
