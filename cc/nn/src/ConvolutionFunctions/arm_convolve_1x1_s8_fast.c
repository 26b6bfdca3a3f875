/*
 * arm_convolve_1x1_s8_fast: pointwise int8 convolution at unit stride, where output and input
 * have the same height and width (the case arm_convolve_wrapper_s8 picks it for). It is
 * arm_convolve_1x1_s8 with those extra preconditions; the cores take both alike.
 */
#include "arm_nnfunctions.h"

arm_cmsis_nn_status
arm_convolve_1x1_s8_fast(const cmsis_nn_context *ctx, const cmsis_nn_conv_params *conv_params,
                         const cmsis_nn_per_channel_quant_params *quant_params,
                         const cmsis_nn_dims *input_dims, const int8_t *input_data,
                         const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                         const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                         const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    if (conv_params->stride.h != 1 || conv_params->stride.w != 1 ||
        output_dims->h != input_dims->h || output_dims->w != input_dims->w) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    return arm_convolve_1x1_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims,
                               filter_data, bias_dims, bias_data, output_dims, output_data);
}

int32_t arm_convolve_1x1_s8_fast_get_buffer_size(const cmsis_nn_dims *input_dims)
{
    (void)input_dims;
    return 0;
}
