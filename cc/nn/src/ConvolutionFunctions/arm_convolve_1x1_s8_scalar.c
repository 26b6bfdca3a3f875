/*
 * nn_convolve_1x1_s8_core, portable C: one inner product per output pixel and channel.
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

/* Pointwise product for one input pixel: out[oc] for every output channel. Out of line: inlined
 * into the pixel loop, GCC compiles it 1-5% slower (M3 and M55 alike). */
static __attribute__((noinline)) void
pointwise_pixel(const int8_t *in, const int8_t *filter, const int32_t *bias,
                const cmsis_nn_conv_params *conv_params,
                const cmsis_nn_per_channel_quant_params *quant_params, int32_t in_c, int32_t out_c,
                int8_t *out, bool *overflowed)
{
    for (int32_t oc = 0; oc < out_c; ++oc) {
        int32_t acc = bias != NULL ? bias[oc] : 0;
        acc += nn_dot_s8_offset(in, filter + (size_t)oc * in_c, in_c, conv_params->input_offset);
        const int32_t scaled =
            nn_requantize(acc, quant_params->multiplier[oc], quant_params->shift[oc], overflowed);
        out[oc] = nn_clamp_to_s8(scaled + conv_params->output_offset, conv_params->activation.min,
                                 conv_params->activation.max);
    }
}

arm_cmsis_nn_status nn_convolve_1x1_s8_core(const nn_conv_call *restrict call)
{
    const cmsis_nn_dims *input_dims = call->input_dims;
    const cmsis_nn_dims *output_dims = call->output_dims;
    const int32_t in_c = input_dims->c;
    const int32_t out_c = output_dims->c;
    const int32_t pixels = output_dims->n * output_dims->h * output_dims->w;
    bool overflowed = false;
    for (int32_t p = 0; p < pixels; ++p) {
        const int8_t *in = nn_pointwise_input_pixel(call->input_data, input_dims, output_dims,
                                                    &call->conv_params->stride, p);
        pointwise_pixel(in, call->filter_data, call->bias_data, call->conv_params,
                        call->quant_params, in_c, out_c, call->output_data + (size_t)p * out_c,
                        &overflowed);
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
