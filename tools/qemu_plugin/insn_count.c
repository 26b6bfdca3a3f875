/*
 * insn_count: a QEMU TCG plugin that counts executed guest instructions, in total and at marker
 * points, so firmware cost is measured in instructions (QEMU's model of the M55 has no working
 * cycle counter).
 *
 *   qemu-system-arm ... -plugin libinsn_count.so[,marker=0xADDR] -d plugin -D plugin.log
 *
 * At exit the log holds "insns: N" and, when a marker address was given, one line
 * "marker: K COUNT" for the K-th time the instruction at ADDR executed (COUNT = instructions
 * executed before it). The firmware calls board_profile_marker() around each operator; the host
 * subtracts consecutive counts to cost each one.
 *
 * Debian's QEMU 7.2 ships plugin support but not qemu-plugin.h, so the few declarations of the
 * public plugin API (version 1) used here are written out below.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef struct qemu_info_t qemu_info_t;

enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_outs(const char *string);

PLUGIN_EXPORT int qemu_plugin_version = 1;

/* Markers kept; later ones are counted but not recorded (reported as dropped). */
#define MAX_MARKERS 65536

static uint64_t executed; /* single vCPU: inline adds need no atomics */
static uint64_t marker_address;
static bool have_marker;
static uint64_t *marker_counts;
static size_t marker_hits;

static void on_marker(unsigned int vcpu_index, void *userdata)
{
    (void)vcpu_index;
    (void)userdata;
    if (marker_hits < MAX_MARKERS) {
        marker_counts[marker_hits] = executed;
    }
    marker_hits++;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    const size_t count = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < count; ++i) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed, 1);
        /* Thumb addresses: compare without the interworking bit. */
        if (have_marker && (qemu_plugin_insn_vaddr(insn) & ~1ull) == marker_address) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
    }
}

static void on_plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id;
    (void)userdata;
    char line[96];
    snprintf(line, sizeof line, "insns: %llu\n", (unsigned long long)executed);
    qemu_plugin_outs(line);
    const size_t recorded = marker_hits < MAX_MARKERS ? marker_hits : MAX_MARKERS;
    for (size_t k = 0; k < recorded; ++k) {
        snprintf(line, sizeof line, "marker: %zu %llu\n", k, (unsigned long long)marker_counts[k]);
        qemu_plugin_outs(line);
    }
    if (marker_hits > recorded) {
        snprintf(line, sizeof line, "markers dropped: %zu\n", marker_hits - recorded);
        qemu_plugin_outs(line);
    }
}

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                      char **argv)
{
    (void)info;
    for (int i = 0; i < argc; ++i) {
        if (strncmp(argv[i], "marker=", 7) == 0) {
            char *end = NULL;
            marker_address = strtoull(argv[i] + 7, &end, 0) & ~1ull;
            if (end == argv[i] + 7 || *end != '\0') {
                fprintf(stderr, "insn_count: bad marker address '%s'\n", argv[i] + 7);
                return -1;
            }
            have_marker = true;
        } else {
            fprintf(stderr, "insn_count: unknown argument '%s' (takes marker=0xADDR)\n", argv[i]);
            return -1;
        }
    }
    if (have_marker) {
        marker_counts = calloc(MAX_MARKERS, sizeof *marker_counts);
        if (marker_counts == NULL) {
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_plugin_exit, NULL);
    return 0;
}
