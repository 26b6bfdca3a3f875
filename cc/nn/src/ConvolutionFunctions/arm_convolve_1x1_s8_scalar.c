/*
 * nn_convolve_1x1_s8_core, portable C: one inner product per output pixel and channel.
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_convolve_1x1_s8_core(const nn_conv_call *call)
{
    const cmsis_nn_conv_params *conv_params = call->conv_params;
    const cmsis_nn_per_channel_quant_params *quant_params = call->quant_params;
    const cmsis_nn_dims *input_dims = call->input_dims;
    const cmsis_nn_dims *output_dims = call->output_dims;
    const int32_t in_c = input_dims->c;
    const int32_t out_c = output_dims->c;
    int8_t *out = call->output_data;
    bool overflowed = false;
    for (int32_t b = 0; b < output_dims->n; ++b) {
        for (int32_t oy = 0; oy < output_dims->h; ++oy) {
            const int32_t iy = oy * conv_params->stride.h;
            for (int32_t ox = 0; ox < output_dims->w; ++ox) {
                const int32_t ix = ox * conv_params->stride.w;
                const int8_t *in = call->input_data +
                                   (((size_t)b * input_dims->h + iy) * input_dims->w + ix) * in_c;
                for (int32_t oc = 0; oc < out_c; ++oc) {
                    int32_t acc = call->bias_data != NULL ? call->bias_data[oc] : 0;
                    acc += nn_dot_s8_offset(in, call->filter_data + (size_t)oc * in_c, in_c,
                                            conv_params->input_offset);
                    const int32_t scaled = nn_requantize(acc, quant_params->multiplier[oc],
                                                         quant_params->shift[oc], &overflowed);
                    *out++ =
                        nn_clamp_to_s8(scaled + conv_params->output_offset,
                                       conv_params->activation.min, conv_params->activation.max);
                }
            }
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
