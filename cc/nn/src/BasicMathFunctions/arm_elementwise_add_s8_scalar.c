/*
 * nn_elementwise_add_s8_core, portable C: the arithmetic of arm_elementwise_add_s8, every int32
 * overflow refused.
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_elementwise_add_s8_core(const nn_add_call *restrict call)
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
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
