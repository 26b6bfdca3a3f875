/*
 * arm_convolve_wrapper_s8: picks the convolution kernel for the shape.
 *
 * The choice never changes results (every kernel computes the same sum), only speed, so a
 * vector variant of any one kernel can be swapped in without revisiting this file.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

/* 1x1, unpadded, undilated and ungrouped: a pointwise convolution. */
static bool is_pointwise(const cmsis_nn_conv_params *conv_params, const cmsis_nn_dims *input_dims,
                         const cmsis_nn_dims *filter_dims)
{
    return filter_dims->h == 1 && filter_dims->w == 1 && filter_dims->c == input_dims->c &&
           conv_params->padding.h == 0 && conv_params->padding.w == 0 &&
           conv_params->dilation.h == 1 && conv_params->dilation.w == 1;
}

arm_cmsis_nn_status
arm_convolve_wrapper_s8(const cmsis_nn_context *ctx, const cmsis_nn_conv_params *conv_params,
                        const cmsis_nn_per_channel_quant_params *quant_params,
                        const cmsis_nn_dims *input_dims, const int8_t *input_data,
                        const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                        const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                        const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    if (is_pointwise(conv_params, input_dims, filter_dims)) {
        if (conv_params->stride.h == 1 && conv_params->stride.w == 1 &&
            output_dims->h == input_dims->h && output_dims->w == input_dims->w) {
            return arm_convolve_1x1_s8_fast(ctx, conv_params, quant_params, input_dims, input_data,
                                            filter_dims, filter_data, bias_dims, bias_data,
                                            output_dims, output_data);
        }
        return arm_convolve_1x1_s8(ctx, conv_params, quant_params, input_dims, input_data,
                                   filter_dims, filter_data, bias_dims, bias_data, output_dims,
                                   output_data);
    }
    return arm_convolve_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims,
                           filter_data, bias_dims, bias_data, output_dims, output_data);
}

int32_t arm_convolve_wrapper_s8_get_buffer_size(const cmsis_nn_conv_params *conv_params,
                                                const cmsis_nn_dims *input_dims,
                                                const cmsis_nn_dims *filter_dims,
                                                const cmsis_nn_dims *output_dims)
{
    (void)output_dims;
    if (is_pointwise(conv_params, input_dims, filter_dims)) {
        return arm_convolve_1x1_s8_fast_get_buffer_size(input_dims);
    }
    return arm_convolve_s8_get_buffer_size(input_dims, filter_dims);
}
