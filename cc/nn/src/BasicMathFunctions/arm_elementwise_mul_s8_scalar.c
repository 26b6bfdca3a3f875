/* nn_elementwise_mul_s8_core, portable C: the arithmetic of arm_elementwise_mul_s8. */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_elementwise_mul_s8_core(const nn_mul_call *restrict call)
{
    bool overflowed = false;
    for (int32_t i = 0; i < call->block_size; ++i) {
        const int32_t product = (call->input_1_vect[i] + call->input_1_offset) *
                                (call->input_2_vect[i] + call->input_2_offset);
        const int32_t scaled = nn_requantize(product, call->out_mult, call->out_shift, &overflowed);
        call->output[i] = nn_clamp_to_s8(scaled + call->out_offset, call->out_activation_min,
                                         call->out_activation_max);
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
