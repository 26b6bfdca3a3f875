/*
 * nn_transpose_conv_s8_core, portable C.
 *
 * Written as a gather rather than the usual scatter: each output pixel collects the input
 * pixels and taps that land on it (oy = iy*sy - py + ky*dy). That keeps the accumulator in a
 * register, needs no int32 output buffer, and makes each output a single requantization.
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_transpose_conv_s8_core(const nn_transpose_conv_call *restrict call)
{
    const cmsis_nn_transpose_conv_params *p = call->transpose_conv_params;
    const cmsis_nn_per_channel_quant_params *quant_params = call->quant_params;
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t in_c = call->input_dims->c;
    const int32_t kernel_h = call->filter_dims->h;
    const int32_t kernel_w = call->filter_dims->w;
    const int32_t out_c = call->output_dims->c;
    int8_t *output_data = call->output_data;

    bool overflowed = false;
    for (int32_t b = 0; b < call->input_dims->n; ++b) {
        const int8_t *batch_in = call->input_data + (size_t)b * in_h * in_w * in_c;
        for (int32_t oy = 0; oy < call->output_dims->h; ++oy) {
            for (int32_t ox = 0; ox < call->output_dims->w; ++ox) {
                for (int32_t oc = 0; oc < out_c; ++oc) {
                    int32_t acc = call->bias_data != NULL ? call->bias_data[oc] : 0;
                    for (int32_t ky = 0; ky < kernel_h; ++ky) {
                        const int32_t iy = nn_transpose_conv_source(
                            oy, ky, p->stride.h, p->padding.h, p->dilation.h, in_h);
                        if (iy < 0) {
                            continue;
                        }
                        for (int32_t kx = 0; kx < kernel_w; ++kx) {
                            const int32_t ix = nn_transpose_conv_source(
                                ox, kx, p->stride.w, p->padding.w, p->dilation.w, in_w);
                            if (ix < 0) {
                                continue;
                            }
                            const int8_t *in = batch_in + ((size_t)iy * in_w + ix) * in_c;
                            const int8_t *w = call->filter_data +
                                              (((size_t)oc * kernel_h + ky) * kernel_w + kx) * in_c;
                            acc += nn_dot_s8_offset(in, w, in_c, p->input_offset);
                        }
                    }
                    const int32_t scaled = nn_requantize(acc, quant_params->multiplier[oc],
                                                         quant_params->shift[oc], &overflowed);
                    *output_data++ = nn_clamp_to_s8(scaled + p->output_offset, p->activation.min,
                                                    p->activation.max);
                }
            }
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
