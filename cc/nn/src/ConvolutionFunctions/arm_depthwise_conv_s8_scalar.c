/*
 * nn_depthwise_conv_s8_core, portable C: the arithmetic of arm_depthwise_conv_s8.
 *
 * Output channel o reads input channel o / ch_mult. In NHWC input and the IHWO filter the
 * channels of one tap are contiguous, so each output pixel is computed a block of channels at a
 * time: the taps are the outer loop and a small accumulator array the inner one.
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

/* Output channels accumulated together on the stack. */
#define CHANNEL_BLOCK 64

arm_cmsis_nn_status nn_depthwise_conv_s8_core(const nn_dw_conv_call *restrict call)
{
    int8_t *output_data = call->output_data;
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t in_c = call->input_dims->c;
    const int32_t kernel_h = call->filter_dims->h;
    const int32_t kernel_w = call->filter_dims->w;
    const int32_t out_c = call->output_dims->c;
    const int32_t ch_mult = call->dw_conv_params->ch_mult;

    const int32_t input_offset = call->dw_conv_params->input_offset;
    bool overflowed = false;

    int32_t acc[CHANNEL_BLOCK];
    for (int32_t b = 0; b < call->input_dims->n; ++b) {
        const int8_t *batch_in = call->input_data + (size_t)b * in_h * in_w * in_c;
        for (int32_t oy = 0; oy < call->output_dims->h; ++oy) {
            const int32_t base_y =
                oy * call->dw_conv_params->stride.h - call->dw_conv_params->padding.h;
            for (int32_t ox = 0; ox < call->output_dims->w; ++ox) {
                const int32_t base_x =
                    ox * call->dw_conv_params->stride.w - call->dw_conv_params->padding.w;
                for (int32_t block = 0; block < out_c; block += CHANNEL_BLOCK) {
                    const int32_t count =
                        out_c - block < CHANNEL_BLOCK ? out_c - block : CHANNEL_BLOCK;
                    for (int32_t i = 0; i < count; ++i) {
                        acc[i] = call->bias_data != NULL ? call->bias_data[block + i] : 0;
                    }
                    for (int32_t ky = 0; ky < kernel_h; ++ky) {
                        const int32_t iy = base_y + ky * call->dw_conv_params->dilation.h;
                        if (iy < 0 || iy >= in_h) {
                            continue;
                        }
                        for (int32_t kx = 0; kx < kernel_w; ++kx) {
                            const int32_t ix = base_x + kx * call->dw_conv_params->dilation.w;
                            if (ix < 0 || ix >= in_w) {
                                continue;
                            }
                            const int8_t *pixel = batch_in + ((size_t)iy * in_w + ix) * in_c;
                            const int8_t *weights =
                                call->filter_data + ((size_t)ky * kernel_w + kx) * out_c + block;
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
                        const int32_t scaled =
                            nn_requantize(acc[i], call->quant_params->multiplier[oc],
                                          call->quant_params->shift[oc], &overflowed);
                        output_data[oc] =
                            nn_clamp_to_s8(scaled + call->dw_conv_params->output_offset,
                                           call->dw_conv_params->activation.min,
                                           call->dw_conv_params->activation.max);
                    }
                }
                output_data += out_c;
            }
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
