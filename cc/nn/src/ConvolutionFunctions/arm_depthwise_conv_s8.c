/*
 * arm_depthwise_conv_s8: depthwise int8 convolution with a channel multiplier (output channel o
 * reads input channel o / ch_mult), strides, padding and dilation.
 *
 * The entry point and its checks; the arithmetic is nn_depthwise_conv_s8_core, one per ISA
 * class (arm_depthwise_conv_s8_{scalar,dsp,mve}.c). No implementation needs caller scratch.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status arm_depthwise_conv_s8(const cmsis_nn_context *ctx,
                                          const cmsis_nn_dw_conv_params *dw_conv_params,
                                          const cmsis_nn_per_channel_quant_params *quant_params,
                                          const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                          const cmsis_nn_dims *filter_dims,
                                          const int8_t *filter_data, const cmsis_nn_dims *bias_dims,
                                          const int32_t *bias_data,
                                          const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    if (!nn_depthwise_arguments_are_valid(dw_conv_params, quant_params, input_dims, filter_dims,
                                          output_dims)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const nn_dw_conv_call call = {dw_conv_params, quant_params, input_dims,
                                  input_data,     filter_dims,  filter_data,
                                  bias_data,      output_dims,  output_data};
    return nn_depthwise_conv_s8_core(&call);
}
