/*
 * arm_depthwise_conv_s8: depthwise int8 convolution with channel multiplier, portable C.
 *
 * Output channel o reads input channel o / ch_mult. In NHWC input and the IHWO filter the
 * channels of one tap are contiguous, so each output pixel is computed a block of channels at a
 * time: the taps are the outer loop and a small accumulator array the inner one.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

/* Output channels accumulated together on the stack. */
#define CHANNEL_BLOCK 64

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

    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t in_c = input_dims->c;
    const int32_t kernel_h = filter_dims->h;
    const int32_t kernel_w = filter_dims->w;
    const int32_t out_c = output_dims->c;
    const int32_t ch_mult = dw_conv_params->ch_mult;

    if (!nn_depthwise_arguments_are_valid(dw_conv_params, quant_params, input_dims, filter_dims,
                                          output_dims)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }

    const int32_t input_offset = dw_conv_params->input_offset;
    bool overflowed = false;

    int32_t acc[CHANNEL_BLOCK];
    for (int32_t b = 0; b < input_dims->n; ++b) {
        const int8_t *batch_in = input_data + (size_t)b * in_h * in_w * in_c;
        for (int32_t oy = 0; oy < output_dims->h; ++oy) {
            const int32_t base_y = oy * dw_conv_params->stride.h - dw_conv_params->padding.h;
            for (int32_t ox = 0; ox < output_dims->w; ++ox) {
                const int32_t base_x = ox * dw_conv_params->stride.w - dw_conv_params->padding.w;
                for (int32_t block = 0; block < out_c; block += CHANNEL_BLOCK) {
                    const int32_t count =
                        out_c - block < CHANNEL_BLOCK ? out_c - block : CHANNEL_BLOCK;
                    for (int32_t i = 0; i < count; ++i) {
                        acc[i] = bias_data != NULL ? bias_data[block + i] : 0;
                    }
                    for (int32_t ky = 0; ky < kernel_h; ++ky) {
                        const int32_t iy = base_y + ky * dw_conv_params->dilation.h;
                        if (iy < 0 || iy >= in_h) {
                            continue;
                        }
                        for (int32_t kx = 0; kx < kernel_w; ++kx) {
                            const int32_t ix = base_x + kx * dw_conv_params->dilation.w;
                            if (ix < 0 || ix >= in_w) {
                                continue;
                            }
                            const int8_t *pixel = batch_in + ((size_t)iy * in_w + ix) * in_c;
                            const int8_t *weights =
                                filter_data + ((size_t)ky * kernel_w + kx) * out_c + block;
                            if (ch_mult == 1) {
                                const int8_t *values = pixel + block;
                                for (int32_t i = 0; i < count; ++i) {
                                    acc[i] += (values[i] + input_offset) * weights[i];
                                }
                            } else {
                                for (int32_t i = 0; i < count; ++i) {
                                    const int32_t value = pixel[(block + i) / ch_mult];
                                    acc[i] += (value + input_offset) * weights[i];
                                }
                            }
                        }
                    }
                    for (int32_t i = 0; i < count; ++i) {
                        const int32_t oc = block + i;
                        const int32_t scaled = nn_requantize(acc[i], quant_params->multiplier[oc],
                                                             quant_params->shift[oc], &overflowed);
                        output_data[oc] = nn_clamp_to_s8(scaled + dw_conv_params->output_offset,
                                                         dw_conv_params->activation.min,
                                                         dw_conv_params->activation.max);
                    }
                }
                output_data += out_c;
            }
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
