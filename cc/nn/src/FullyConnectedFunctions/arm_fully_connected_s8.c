/*
 * arm_fully_connected_s8: int8 matrix-vector products with per-tensor requantization.
 *
 * Both the input and the filter carry an offset. A program that precomputed the MVE-style
 * kernel sum (input_offset * sum(w) + bias) passes it as bias with input_offset 0; the result is
 * identical, which is how one kernel serves both forms of cortex_m::quantized_linear. The entry
 * point and its checks; the arithmetic is nn_fully_connected_s8_core, one per ISA class
 * (arm_fully_connected_s8_{scalar,dsp,mve}.c), shared with
 * arm_fully_connected_per_channel_s8. No implementation needs caller scratch.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status
arm_fully_connected_s8(const cmsis_nn_context *ctx, const cmsis_nn_fc_params *fc_params,
                       const cmsis_nn_per_tensor_quant_params *quant_params,
                       const cmsis_nn_dims *input_dims, const int8_t *input_data,
                       const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                       const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                       const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    const nn_fc_call call = {fc_params,
                             &quant_params->multiplier,
                             &quant_params->shift,
                             0,
                             input_dims,
                             input_data,
                             filter_dims,
                             filter_data,
                             bias_data,
                             output_dims,
                             output_data};
    if (!nn_fully_connected_arguments_are_valid(fc_params, call.multipliers, call.shifts, 0,
                                                input_dims, filter_dims, output_dims)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    return nn_fully_connected_s8_core(&call);
}

int32_t arm_fully_connected_s8_get_buffer_size(const cmsis_nn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}
