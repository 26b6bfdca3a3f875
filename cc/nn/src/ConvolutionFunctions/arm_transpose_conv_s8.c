/*
 * arm_transpose_conv_s8: transposed int8 convolution: entry point, checks and buffer sizes
 * (none is needed); the arithmetic is nn_transpose_conv_s8_core.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status
arm_transpose_conv_s8(const cmsis_nn_context *ctx, const cmsis_nn_context *output_ctx,
                      const cmsis_nn_transpose_conv_params *transpose_conv_params,
                      const cmsis_nn_per_channel_quant_params *quant_params,
                      const cmsis_nn_dims *input_dims, const int8_t *input_data,
                      const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                      const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                      const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)output_ctx;
    (void)bias_dims;
    const cmsis_nn_transpose_conv_params *p = transpose_conv_params;

    const int32_t in_c = input_dims->c;
    const int32_t out_c = output_dims->c;

    if (!nn_dims_are_positive(input_dims) || !nn_dims_are_positive(filter_dims) ||
        !nn_dims_are_positive(output_dims) || filter_dims->c != in_c || filter_dims->n != out_c ||
        output_dims->n != input_dims->n ||
        !nn_window_is_valid(&p->stride, &p->padding, &p->dilation) || p->padding_offsets.h < 0 ||
        p->padding_offsets.w < 0 || !nn_activation_is_valid(&p->activation) ||
        !nn_per_channel_quant_is_valid(quant_params, out_c)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }

    const nn_transpose_conv_call call = {
        .transpose_conv_params = p,
        .quant_params = quant_params,
        .input_dims = input_dims,
        .input_data = input_data,
        .filter_dims = filter_dims,
        .filter_data = filter_data,
        .bias_data = bias_data,
        .output_dims = output_dims,
        .output_data = output_data,
    };
    return nn_transpose_conv_s8_core(&call);
}

int32_t arm_transpose_conv_s8_get_buffer_size(
    const cmsis_nn_transpose_conv_params *transpose_conv_params, const cmsis_nn_dims *input_dims,
    const cmsis_nn_dims *filter_dims, const cmsis_nn_dims *out_dims)
{
    (void)transpose_conv_params;
    (void)input_dims;
    (void)filter_dims;
    (void)out_dims;
    return 0;
}

int32_t arm_transpose_conv_s8_get_reverse_conv_buffer_size(
    const cmsis_nn_transpose_conv_params *transpose_conv_params, const cmsis_nn_dims *input_dims,
    const cmsis_nn_dims *filter_dims)
{
    (void)transpose_conv_params;
    (void)input_dims;
    (void)filter_dims;
    return 0;
}
