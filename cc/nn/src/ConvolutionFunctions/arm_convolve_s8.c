/*
 * arm_convolve_s8: general int8 convolution (groups, strides, padding, dilation).
 *
 * The entry point and its checks; the arithmetic is nn_convolve_s8_core, one per ISA class
 * (arm_convolve_s8_{scalar,dsp,mve}.c). No implementation needs caller scratch.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status arm_convolve_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_conv_params *conv_params,
                                    const cmsis_nn_per_channel_quant_params *quant_params,
                                    const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                    const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                    const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    int32_t groups = 0;
    if (!nn_convolve_arguments_are_valid(conv_params, quant_params, input_dims, filter_dims,
                                         output_dims, &groups)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const nn_conv_call call = {conv_params, quant_params, input_dims,  input_data,  filter_dims,
                               filter_data, bias_data,    output_dims, output_data, groups};
    return nn_convolve_s8_core(&call);
}

int32_t arm_convolve_s8_get_buffer_size(const cmsis_nn_dims *input_dims,
                                        const cmsis_nn_dims *filter_dims)
{
    (void)input_dims;
    (void)filter_dims;
    return 0;
}
