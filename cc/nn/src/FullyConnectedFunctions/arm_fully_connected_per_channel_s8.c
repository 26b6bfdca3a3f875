/*
 * arm_fully_connected_per_channel_s8: arm_fully_connected_s8 with one multiplier and shift per
 * output channel. Its checks; the arithmetic is the same nn_fully_connected_s8_core.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status
arm_fully_connected_per_channel_s8(const cmsis_nn_context *ctx, const cmsis_nn_fc_params *fc_params,
                                   const cmsis_nn_per_channel_quant_params *quant_params,
                                   const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                   const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                   const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                   const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    if (quant_params->multiplier == NULL || quant_params->shift == NULL ||
        !nn_fully_connected_arguments_are_valid(fc_params, quant_params->multiplier,
                                                quant_params->shift, 1, input_dims, filter_dims,
                                                output_dims)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const nn_fc_call call = {fc_params,           quant_params->multiplier,
                             quant_params->shift, 1,
                             input_dims,          input_data,
                             filter_dims,         filter_data,
                             bias_data,           output_dims,
                             output_data};
    return nn_fully_connected_s8_core(&call);
}
