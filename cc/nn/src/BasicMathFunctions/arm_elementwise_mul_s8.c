/*
 * arm_elementwise_mul_s8: quantized multiply of two int8 vectors. The entry point and its
 * checks; the arithmetic is nn_elementwise_mul_s8_core, one per ISA class
 * (arm_elementwise_mul_s8_{scalar,dsp,mve}.c).
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
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
    const nn_mul_call call = {
        input_1_vect, input_2_vect, input_1_offset,     input_2_offset,     output,     out_offset,
        out_mult,     out_shift,    out_activation_min, out_activation_max, block_size,
    };
    return nn_elementwise_mul_s8_core(&call);
}
