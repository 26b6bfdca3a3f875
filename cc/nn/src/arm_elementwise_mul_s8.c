/* arm_elementwise_mul_s8: quantized multiply of two int8 vectors, portable C. */
#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status
arm_elementwise_mul_s8(const int8_t *input_1_vect, const int8_t *input_2_vect,
                       const int32_t input_1_offset, const int32_t input_2_offset, int8_t *output,
                       const int32_t out_offset, const int32_t out_mult, const int32_t out_shift,
                       const int32_t out_activation_min, const int32_t out_activation_max,
                       const int32_t block_size)
{
    const cmsis_nn_activation activation = {out_activation_min, out_activation_max};
    if (block_size < 0 || !nn_activation_is_valid(&activation) ||
        !nn_quant_pair_is_valid(out_mult, out_shift)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    bool overflowed = false;
    for (int32_t i = 0; i < block_size; ++i) {
        const int32_t product =
            (input_1_vect[i] + input_1_offset) * (input_2_vect[i] + input_2_offset);
        const int32_t scaled = nn_requantize(product, out_mult, out_shift, &overflowed);
        output[i] = nn_clamp_to_s8(scaled + out_offset, out_activation_min, out_activation_max);
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
