/*
 * arm_elementwise_add_s8: quantized add of two int8 vectors, for DSP-class cores.
 *
 * The portable kernel's arithmetic with the shorter requantization (nn_requantize_fast) and
 * without the checks that cannot fire: when |x + offset| <= 256 and left_shift <= 22, the
 * operand shift cannot overflow and the sum of two operands (each at most 2^30 in magnitude
 * after a multiplier below 1) fits int32 unless an operand shift is a left shift, which is then
 * checked as in the portable kernel. Other arguments take the portable kernel's checks.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

static inline bool offset_is_small(int32_t offset)
{
    return offset >= -128 && offset <= 128;
}

arm_cmsis_nn_status arm_elementwise_add_s8(
    const int8_t *input_1_vect, const int8_t *input_2_vect, const int32_t input_1_offset,
    const int32_t input_1_mult, const int32_t input_1_shift, const int32_t input_2_offset,
    const int32_t input_2_mult, const int32_t input_2_shift, const int32_t left_shift,
    int8_t *output, const int32_t out_offset, const int32_t out_mult, const int32_t out_shift,
    const int32_t out_activation_min, const int32_t out_activation_max, const int32_t block_size)
{
    if (!nn_elementwise_add_arguments_are_valid(
            input_1_mult, input_1_shift, input_2_mult, input_2_shift, left_shift, out_mult,
            out_shift, out_activation_min, out_activation_max, block_size)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    bool overflowed = false;
    if (left_shift <= 22 && offset_is_small(input_1_offset) && offset_is_small(input_2_offset) &&
        input_1_shift <= 0 && input_2_shift <= 0) {
        for (int32_t i = 0; i < block_size; ++i) {
            /* (x + offset) << left_shift fits: |x + offset| <= 256 = 2^8, and 8 + 22 < 31. */
            const int32_t a = nn_requantize_fast(
                (int32_t)((uint32_t)(input_1_vect[i] + input_1_offset) << left_shift), input_1_mult,
                input_1_shift, &overflowed);
            const int32_t b = nn_requantize_fast(
                (int32_t)((uint32_t)(input_2_vect[i] + input_2_offset) << left_shift), input_2_mult,
                input_2_shift, &overflowed);
            /* |a|, |b| <= 2^30 (right shifts of a high multiply by a multiplier below 2^31):
             * the sum fits. */
            const int32_t sum = nn_requantize_fast(a + b, out_mult, out_shift, &overflowed);
            output[i] = nn_clamp_to_s8(sum + out_offset, out_activation_min, out_activation_max);
        }
        return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
    }
    for (int32_t i = 0; i < block_size; ++i) {
        const int32_t a = nn_requantize_fast(
            nn_shift_left_checked(input_1_vect[i] + input_1_offset, left_shift, &overflowed),
            input_1_mult, input_1_shift, &overflowed);
        const int32_t b = nn_requantize_fast(
            nn_shift_left_checked(input_2_vect[i] + input_2_offset, left_shift, &overflowed),
            input_2_mult, input_2_shift, &overflowed);
        /* Two large same-sign operands can exceed int32: refuse rather than wrap. */
        int32_t wide_sum;
        if (__builtin_add_overflow(a, b, &wide_sum)) {
            overflowed = true;
        }
        const int32_t sum = nn_requantize_fast(wide_sum, out_mult, out_shift, &overflowed);
        output[i] = nn_clamp_to_s8(sum + out_offset, out_activation_min, out_activation_max);
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
