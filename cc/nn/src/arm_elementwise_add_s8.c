/*
 * arm_elementwise_add_s8: quantized add of two int8 vectors, portable C.
 *
 * Each operand is moved to a common scale with `left_shift` bits of headroom before the add,
 * so the sum is requantized once, as the ExecuTorch reference does.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

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
    for (int32_t i = 0; i < block_size; ++i) {
        const int32_t a = nn_requantize(
            nn_shift_left_checked(input_1_vect[i] + input_1_offset, left_shift, &overflowed),
            input_1_mult, input_1_shift, &overflowed);
        const int32_t b = nn_requantize(
            nn_shift_left_checked(input_2_vect[i] + input_2_offset, left_shift, &overflowed),
            input_2_mult, input_2_shift, &overflowed);
        /* Two large same-sign operands can exceed int32: refuse rather than wrap. */
        const int64_t wide_sum = (int64_t)a + b;
        if (wide_sum > INT32_MAX || wide_sum < INT32_MIN) {
            overflowed = true;
        }
        const int32_t sum =
            nn_requantize((int32_t)(uint32_t)(uint64_t)wide_sum, out_mult, out_shift, &overflowed);
        output[i] = nn_clamp_to_s8(sum + out_offset, out_activation_min, out_activation_max);
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
