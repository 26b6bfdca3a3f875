/*
 * nn_elementwise_add_s8_core for DSP-class cores: the arithmetic of arm_elementwise_add_s8.
 *
 * The portable kernel's arithmetic with the shorter requantization (nn_requantize_fast) and
 * without the checks that cannot fire: when |x + offset| <= 256 and left_shift <= 22, the
 * operand shift cannot overflow and the sum of two operands (each at most 2^30 in magnitude
 * after a multiplier below 1) fits int32 unless an operand shift is a left shift, which is then
 * checked as in the portable kernel. Other arguments take the portable kernel's checks.
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

static inline bool offset_is_small(int32_t offset)
{
    return offset >= -128 && offset <= 128;
}

arm_cmsis_nn_status nn_elementwise_add_s8_core(const nn_add_call *restrict call)
{
    bool overflowed = false;
    if (call->left_shift <= 22 && offset_is_small(call->input_1_offset) &&
        offset_is_small(call->input_2_offset) && call->input_1_shift <= 0 &&
        call->input_2_shift <= 0) {
        for (int32_t i = 0; i < call->block_size; ++i) {
            /* (x + offset) << call->left_shift fits: |x + offset| <= 256 = 2^8, and 8 + 22 < 31. */
            const int32_t a = nn_requantize_fast(
                (int32_t)((uint32_t)(call->input_1_vect[i] + call->input_1_offset)
                          << call->left_shift),
                call->input_1_mult, call->input_1_shift, &overflowed);
            const int32_t b = nn_requantize_fast(
                (int32_t)((uint32_t)(call->input_2_vect[i] + call->input_2_offset)
                          << call->left_shift),
                call->input_2_mult, call->input_2_shift, &overflowed);
            /* |a|, |b| <= 2^30 (right shifts of a high multiply by a multiplier below 2^31):
             * the sum fits. */
            const int32_t sum =
                nn_requantize_fast(a + b, call->out_mult, call->out_shift, &overflowed);
            call->output[i] = nn_clamp_to_s8(sum + call->out_offset, call->out_activation_min,
                                             call->out_activation_max);
        }
        return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
    }
    for (int32_t i = 0; i < call->block_size; ++i) {
        const int32_t a =
            nn_requantize_fast(nn_shift_left_checked(call->input_1_vect[i] + call->input_1_offset,
                                                     call->left_shift, &overflowed),
                               call->input_1_mult, call->input_1_shift, &overflowed);
        const int32_t b =
            nn_requantize_fast(nn_shift_left_checked(call->input_2_vect[i] + call->input_2_offset,
                                                     call->left_shift, &overflowed),
                               call->input_2_mult, call->input_2_shift, &overflowed);
        /* Two large same-sign operands can exceed int32: refuse rather than wrap. */
        int32_t wide_sum;
        if (__builtin_add_overflow(a, b, &wide_sum)) {
            overflowed = true;
        }
        const int32_t sum =
            nn_requantize_fast(wide_sum, call->out_mult, call->out_shift, &overflowed);
        call->output[i] = nn_clamp_to_s8(sum + call->out_offset, call->out_activation_min,
                                         call->out_activation_max);
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
