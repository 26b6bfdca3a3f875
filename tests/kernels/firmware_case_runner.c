/*
 * firmware_case_runner: replays the kernel-case corpus (firmware_corpus.py) on the Corstone-300.
 *
 * Reads `cases.bin` from the host (semihosting), rebuilds every argument of every case, calls the
 * operator through cmops_find_kernel exactly as the runtime does, and grades it in firmware:
 * the status must be the expected one and the out tensor must equal the expected bytes (which
 * the corpus got from ExecuTorch's reference or an integer model). Every tensor gets 16-byte
 * aligned storage followed by a guard band that must be untouched afterwards, so a kernel that
 * writes past any buffer fails its case. Prints one line per failure and a summary; exits 0
 * only when every case passed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cc/boards/common/board.h"
#include "cc/ops/cortex_m_ops.h"

#define MAX_ARGS 24
#define MAX_LIST_ITEMS 16
#define GUARD_BYTES 32
#define GUARD_VALUE 0xA5
#define OUT_FILL 0x5A
#define CORPUS_CAPACITY (2u * 1024u * 1024u)

/* A forward-only reader over the corpus; `ok` turns false on any overrun. */
typedef struct {
    const uint8_t *at;
    const uint8_t *end;
    bool ok;
} reader;

static const uint8_t *take(reader *r, size_t bytes)
{
    const size_t padded = (bytes + 3u) & ~(size_t)3u;
    if (!r->ok || (size_t)(r->end - r->at) < padded) {
        r->ok = false;
        return NULL;
    }
    const uint8_t *here = r->at;
    r->at += padded;
    return here;
}

static uint32_t take_u32(reader *r)
{
    uint32_t value = 0;
    const uint8_t *p = take(r, 4);
    if (p != NULL) {
        memcpy(&value, p, 4);
    }
    return value;
}

static int64_t take_i64(reader *r)
{
    int64_t value = 0;
    const uint8_t *p = take(r, 8);
    if (p != NULL) {
        memcpy(&value, p, 8);
    }
    return value;
}

/* Bump allocator over the SRAM after the corpus; reset for every case. */
typedef struct {
    uint8_t *base;
    uint8_t *next;
    uint8_t *end;
} pool;

static uint8_t *pool_take(pool *p, size_t bytes)
{
    uint8_t *start = (uint8_t *)(((uintptr_t)p->next + 15u) & ~(uintptr_t)15u);
    if (start + bytes + GUARD_BYTES > p->end) {
        return NULL;
    }
    memset(start + bytes, GUARD_VALUE, GUARD_BYTES);
    p->next = start + bytes + GUARD_BYTES;
    return start;
}

static bool guard_intact(const uint8_t *data, size_t bytes)
{
    for (size_t i = 0; i < GUARD_BYTES; ++i) {
        if (data[bytes + i] != GUARD_VALUE) {
            return false;
        }
    }
    return true;
}

/* One case's decoded arguments. */
typedef struct {
    cmops_value values[MAX_ARGS];
    cmops_value *pointers[MAX_ARGS];
    int64_t lists[MAX_ARGS][MAX_LIST_ITEMS];
    size_t count;
} case_args;

/* Decodes one argument into `value`; tensors are copied into `storage`. */
static bool decode_arg(reader *r, pool *storage, cmops_value *value, int64_t *list, bool is_out)
{
    memset(value, 0, sizeof(*value));
    value->kind = (int32_t)take_u32(r);
    switch (value->kind) {
    case CMOPS_VALUE_NONE:
        return r->ok;
    case CMOPS_VALUE_INT:
        value->as.int_value = take_i64(r);
        return r->ok;
    case CMOPS_VALUE_DOUBLE: {
        const int64_t bits = take_i64(r);
        memcpy(&value->as.double_value, &bits, sizeof(bits));
        return r->ok;
    }
    case CMOPS_VALUE_BOOL:
        value->as.bool_value = take_u32(r) != 0;
        return r->ok;
    case CMOPS_VALUE_INT_LIST: {
        const uint32_t length = take_u32(r);
        if (length > MAX_LIST_ITEMS) {
            return false;
        }
        for (uint32_t i = 0; i < length; ++i) {
            list[i] = take_i64(r);
        }
        value->as.int_list.items = list;
        value->as.int_list.length = length;
        return r->ok;
    }
    case CMOPS_VALUE_TENSOR: {
        cmops_tensor *t = &value->as.tensor;
        t->dtype = (int32_t)take_u32(r);
        t->dim = (int32_t)take_u32(r);
        for (int i = 0; i < CMOPS_MAX_DIM; ++i) {
            t->sizes[i] = (int32_t)take_u32(r);
        }
        const uint8_t *order = take(r, 8);
        if (order == NULL) {
            return false;
        }
        memcpy(t->dim_order, order, CMOPS_MAX_DIM);
        t->nbytes = take_u32(r);
        const uint8_t *data = take(r, t->nbytes);
        uint8_t *copy = pool_take(storage, t->nbytes);
        if (data == NULL || copy == NULL) {
            return false;
        }
        if (is_out) {
            memset(copy, OUT_FILL, t->nbytes);
        } else {
            memcpy(copy, data, t->nbytes);
        }
        t->data = copy;
        return true;
    }
    default:
        return false;
    }
}

typedef enum { CASE_PASSED, CASE_FAILED, CORPUS_BROKEN } case_result;

static case_result run_case(reader *r, pool *storage, uint32_t index, case_args *args)
{
    const uint32_t record_bytes = take_u32(r);
    const uint8_t *record_end = r->at - 4 + record_bytes;
    const uint32_t op_length = take_u32(r);
    const char *op = (const char *)take(r, op_length);
    const uint32_t label_length = take_u32(r);
    const char *label_bytes = (const char *)take(r, label_length);
    /* board_printf has no %.*s: failures print a NUL-terminated copy of the label. */
    char label[160];
    const size_t label_copy = label_length < sizeof(label) - 1 ? label_length : sizeof(label) - 1;
    if (label_bytes != NULL) {
        memcpy(label, label_bytes, label_copy);
    }
    label[label_bytes != NULL ? label_copy : 0] = '\0';
    const int32_t expected_status = (int32_t)take_u32(r);
    args->count = take_u32(r);
    if (!r->ok || args->count == 0 || args->count > MAX_ARGS || record_end > r->end) {
        return CORPUS_BROKEN;
    }
    char name[64];
    if (op_length >= sizeof(name)) {
        return CORPUS_BROKEN;
    }
    memcpy(name, op, op_length);
    name[op_length] = '\0';
    storage->next = storage->base;
    for (size_t i = 0; i < args->count; ++i) {
        args->pointers[i] = &args->values[i];
        if (!decode_arg(r, storage, &args->values[i], args->lists[i], i + 1 == args->count)) {
            return CORPUS_BROKEN;
        }
    }
    const uint32_t expected_bytes = take_u32(r);
    const uint8_t *expected = take(r, expected_bytes);
    if (!r->ok || r->at != record_end) {
        return CORPUS_BROKEN;
    }

    const cmops_kernel *kernel = cmops_find_kernel(name, "out");
    if (kernel == NULL) {
        board_printf("FAIL case %lu %s: no kernel %s\n", (unsigned long)index, label, name);
        return CASE_FAILED;
    }
    cmops_context ctx = {CMOPS_NO_ARG, CMOPS_PHASE_RUN};
    const cmops_status status = kernel->fn(&ctx, args->pointers, args->count);
    for (size_t i = 0; i < args->count; ++i) {
        const cmops_value *v = &args->values[i];
        if (v->kind == CMOPS_VALUE_TENSOR &&
            !guard_intact(v->as.tensor.data, v->as.tensor.nbytes)) {
            board_printf("FAIL case %lu %s: wrote past argument %lu\n", (unsigned long)index, label,
                         (unsigned long)i);
            return CASE_FAILED;
        }
    }
    if ((int32_t)status != expected_status) {
        board_printf("FAIL case %lu %s: status %d (%s, argument %s), expected %ld\n",
                     (unsigned long)index, label, (int)status, cmops_status_message(status),
                     cmops_argument_name(kernel, ctx.error_arg), (long)expected_status);
        return CASE_FAILED;
    }
    if (status != CMOPS_OK) {
        return CASE_PASSED;
    }
    const cmops_tensor *out = &args->values[args->count - 1].as.tensor;
    if (expected == NULL || expected_bytes != out->nbytes) {
        return CORPUS_BROKEN;
    }
    const uint8_t *got = out->data;
    for (uint32_t i = 0; i < expected_bytes; ++i) {
        if (got[i] != expected[i]) {
            board_printf("FAIL case %lu %s: byte %lu of %lu is 0x%02x, expected 0x%02x\n",
                         (unsigned long)index, label, (unsigned long)i,
                         (unsigned long)expected_bytes, got[i], expected[i]);
            return CASE_FAILED;
        }
    }
    return CASE_PASSED;
}

static case_args g_args;

int main(void)
{
    uint8_t *corpus = __arena_start;
    const long length = board_read_file("cases.bin", corpus, CORPUS_CAPACITY);
    if (length < 8) {
        board_printf("case runner: cannot read cases.bin (%ld bytes)\n", length);
        return 3;
    }
    reader r = {corpus, corpus + length, true};
    const uint8_t *magic = take(&r, 4);
    const uint32_t count = take_u32(&r);
    if (magic == NULL || memcmp(magic, "KCS1", 4) != 0) {
        board_printf("case runner: cases.bin is not a KCS1 corpus\n");
        return 3;
    }
    pool storage = {0};
    storage.base = (uint8_t *)(((uintptr_t)(corpus + length) + 15u) & ~(uintptr_t)15u);
    storage.end = __arena_end;
    uint32_t passed = 0;
    uint32_t failed = 0;
    for (uint32_t i = 0; i < count; ++i) {
        const case_result result = run_case(&r, &storage, i, &g_args);
        if (result == CORPUS_BROKEN) {
            board_printf("case runner: corpus record %lu is malformed or too large\n",
                         (unsigned long)i);
            return 3;
        }
        if (result == CASE_PASSED) {
            ++passed;
        } else {
            ++failed;
        }
    }
    board_printf("kernel cases on the simulated Cortex-M55: %lu passed, %lu failed\n",
                 (unsigned long)passed, (unsigned long)failed);
    return failed == 0 ? 0 : 1;
}
