/*
 * nn_elementwise_add_s8_core, portable C: the arithmetic of arm_elementwise_add_s8.
 *
 * When the arguments are in the range every exporter produces (|x + offset| <= 256, a left
 * shift of at most 22 bits and right-shifting operand scales), no int32 overflow is possible
 * before the final requantization: (x + offset) << left_shift stays within 2^30, and each
 * rescaled operand stays within 2^30 (a high multiply by a multiplier below 2^31 followed by
 * right shifts), so their sum fits. Each rescaled operand then depends on its int8 value alone:
 * large blocks look both up in 256-entry tables computed once per call, leaving one
 * requantization per element; small blocks compute them directly. Other arguments take the
 * loop that checks every step and refuses an overflow.
 */
#include "internal/nn_cores.h"
#include "internal/nn_scalar.h"
#include "internal/nn_support.h"

/* Elements from which building the two operand tables (512 requantizations) pays. */
#define TABLE_MIN_BLOCK 512

static inline bool offset_is_small(int32_t offset)
{
    return offset >= -128 && offset <= 128;
}

/* One operand rescaled to the common scale; cannot overflow under the fast path's conditions. */
static inline int32_t rescaled(int32_t x, int32_t offset, int32_t left_shift, int32_t mult,
                               int32_t shift)
{
    bool unused = false;
    return nn_requantize_fast((int32_t)((uint32_t)(x + offset) << left_shift), mult, shift,
                              &unused);
}

/* The table loop with the clamp bounds as parameters (constants after inlining). */
static inline __attribute__((always_inline)) bool add_from_tables(const nn_add_call *call,
                                                                  const int32_t *table_1,
                                                                  const int32_t *table_2,
                                                                  int32_t act_min, int32_t act_max)
{
    const int8_t *in_1 = call->input_1_vect;
    const int8_t *in_2 = call->input_2_vect;
    int8_t *out = call->output;
    int8_t *const end = out + call->block_size;
    const int32_t out_mult = call->out_mult;
    const int32_t out_shift = call->out_shift;
    const int32_t out_offset = call->out_offset;
    bool overflow = false;
    while (out != end) {
        const int32_t sum = table_1[*in_1++] + table_2[*in_2++];
        *out++ =
            nn_scalar_output(sum, out_mult, out_shift, out_offset, act_min, act_max, &overflow);
    }
    return overflow;
}

/* add_from_tables out of line (the tables' addresses then sit in registers), for the full
 * int8 range (a single saturate where the core has one) and for other activations. */
static __attribute__((noinline)) bool add_full_range(const nn_add_call *call,
                                                     const int32_t *table_1, const int32_t *table_2)
{
    return add_from_tables(call, table_1, table_2, INT8_MIN, INT8_MAX);
}

static __attribute__((noinline)) bool add_clamped(const nn_add_call *call, const int32_t *table_1,
                                                  const int32_t *table_2)
{
    return add_from_tables(call, table_1, table_2, call->out_activation_min,
                           call->out_activation_max);
}

static bool add_with_tables(const nn_add_call *call)
{
    int32_t table_1[256];
    int32_t table_2[256];
    for (int32_t v = INT8_MIN; v <= INT8_MAX; ++v) {
        table_1[v - INT8_MIN] = rescaled(v, call->input_1_offset, call->left_shift,
                                         call->input_1_mult, call->input_1_shift);
        table_2[v - INT8_MIN] = rescaled(v, call->input_2_offset, call->left_shift,
                                         call->input_2_mult, call->input_2_shift);
    }
    if (call->out_activation_min == INT8_MIN && call->out_activation_max == INT8_MAX) {
        return add_full_range(call, table_1 - INT8_MIN, table_2 - INT8_MIN);
    }
    return add_clamped(call, table_1 - INT8_MIN, table_2 - INT8_MIN);
}

static bool add_direct(const nn_add_call *call)
{
    bool overflow = false;
    for (int32_t i = 0; i < call->block_size; ++i) {
        const int32_t a = rescaled(call->input_1_vect[i], call->input_1_offset, call->left_shift,
                                   call->input_1_mult, call->input_1_shift);
        const int32_t b = rescaled(call->input_2_vect[i], call->input_2_offset, call->left_shift,
                                   call->input_2_mult, call->input_2_shift);
        call->output[i] =
            nn_scalar_output(a + b, call->out_mult, call->out_shift, call->out_offset,
                             call->out_activation_min, call->out_activation_max, &overflow);
    }
    return overflow;
}

/* Every step checked: operand shifts, the sum, the final left shift. */
static bool add_checked(const nn_add_call *call)
{
    bool overflowed = false;
    for (int32_t i = 0; i < call->block_size; ++i) {
        const int32_t a =
            nn_requantize(nn_shift_left_checked(call->input_1_vect[i] + call->input_1_offset,
                                                call->left_shift, &overflowed),
                          call->input_1_mult, call->input_1_shift, &overflowed);
        const int32_t b =
            nn_requantize(nn_shift_left_checked(call->input_2_vect[i] + call->input_2_offset,
                                                call->left_shift, &overflowed),
                          call->input_2_mult, call->input_2_shift, &overflowed);
        /* Two large same-sign operands can exceed int32: refuse rather than wrap. */
        const int64_t wide_sum = (int64_t)a + b;
        if (wide_sum > INT32_MAX || wide_sum < INT32_MIN) {
            overflowed = true;
        }
        const int32_t sum = nn_requantize((int32_t)(uint32_t)(uint64_t)wide_sum, call->out_mult,
                                          call->out_shift, &overflowed);
        call->output[i] = nn_clamp_to_s8(sum + call->out_offset, call->out_activation_min,
                                         call->out_activation_max);
    }
    return overflowed;
}

arm_cmsis_nn_status nn_elementwise_add_s8_core(const nn_add_call *restrict call)
{
    const bool fast = call->left_shift <= 22 && offset_is_small(call->input_1_offset) &&
                      offset_is_small(call->input_2_offset) && call->input_1_shift <= 0 &&
                      call->input_2_shift <= 0;
    bool overflowed;
    if (!fast) {
        overflowed = add_checked(call);
    } else if (call->block_size >= TABLE_MIN_BLOCK) {
        overflowed = add_with_tables(call);
    } else {
        overflowed = add_direct(call);
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
