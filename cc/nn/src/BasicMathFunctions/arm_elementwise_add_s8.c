/*
 * arm_elementwise_add_s8: quantized add of two int8 vectors.
 *
 * Each operand is moved to a common scale with `left_shift` bits of headroom before the add,
 * so the sum is requantized once, as the ExecuTorch reference does. The entry point and its
 * checks; the arithmetic is nn_elementwise_add_s8_core, one per ISA class
 * (arm_elementwise_add_s8_{scalar,dsp,mve}.c).
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
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
    const nn_add_call call = {
        input_1_vect,   input_2_vect, input_1_offset, input_1_mult,       input_1_shift,
        input_2_offset, input_2_mult, input_2_shift,  left_shift,         output,
        out_offset,     out_mult,     out_shift,      out_activation_min, out_activation_max,
        block_size,
    };
    return nn_elementwise_add_s8_core(&call);
}
