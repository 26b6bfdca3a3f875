/*
 * arm_convolve_1x1_s8 and arm_convolve_1x1_s8_fast: pointwise convolution, portable C.
 *
 * With a 1x1 window and no padding every output pixel is one input pixel, so the convolution
 * is a matrix product of (pixels x C_IN) by (C_IN x C_OUT): the shape most of MobileNetV2's
 * multiply-accumulates take.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

/* Pointwise product for one input pixel: out[oc] for every output channel. */
static void pointwise_pixel(const int8_t *in, const int8_t *filter, const int32_t *bias,
                            const cmsis_nn_conv_params *conv_params,
                            const cmsis_nn_per_channel_quant_params *quant_params, int32_t in_c,
                            int32_t out_c, int8_t *out, bool *overflowed)
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

arm_cmsis_nn_status arm_convolve_1x1_s8(const cmsis_nn_context *ctx,
                                        const cmsis_nn_conv_params *conv_params,
                                        const cmsis_nn_per_channel_quant_params *quant_params,
                                        const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                        const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                        const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                        const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    if (!nn_pointwise_arguments_are_valid(conv_params, quant_params, input_dims, filter_dims,
                                          output_dims, false)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t in_c = input_dims->c;
    const int32_t out_c = output_dims->c;
    bool overflowed = false;
    for (int32_t b = 0; b < input_dims->n; ++b) {
        for (int32_t oy = 0; oy < output_dims->h; ++oy) {
            const int32_t iy = oy * conv_params->stride.h;
            for (int32_t ox = 0; ox < output_dims->w; ++ox) {
                const int32_t ix = ox * conv_params->stride.w;
                const int8_t *in =
                    input_data + (((size_t)b * input_dims->h + iy) * input_dims->w + ix) * in_c;
                pointwise_pixel(in, filter_data, bias_data, conv_params, quant_params, in_c, out_c,
                                output_data, &overflowed);
                output_data += out_c;
            }
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status
arm_convolve_1x1_s8_fast(const cmsis_nn_context *ctx, const cmsis_nn_conv_params *conv_params,
                         const cmsis_nn_per_channel_quant_params *quant_params,
                         const cmsis_nn_dims *input_dims, const int8_t *input_data,
                         const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                         const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                         const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    if (!nn_pointwise_arguments_are_valid(conv_params, quant_params, input_dims, filter_dims,
                                          output_dims, true) ||
        output_dims->h != input_dims->h || output_dims->w != input_dims->w) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t in_c = input_dims->c;
    const int32_t out_c = output_dims->c;
    const int32_t pixels = input_dims->n * input_dims->h * input_dims->w;
    bool overflowed = false;
    for (int32_t p = 0; p < pixels; ++p) {
        pointwise_pixel(input_data + (size_t)p * in_c, filter_data, bias_data, conv_params,
                        quant_params, in_c, out_c, output_data + (size_t)p * out_c, &overflowed);
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}

int32_t arm_convolve_1x1_s8_fast_get_buffer_size(const cmsis_nn_dims *input_dims)
{
    (void)input_dims;
    return 0;
}
