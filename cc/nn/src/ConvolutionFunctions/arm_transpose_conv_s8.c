/*
 * arm_transpose_conv_s8: transposed int8 convolution, portable C.
 *
 * Written as a gather rather than the usual scatter: each output pixel collects the input
 * pixels and taps that land on it (oy = iy*sy - py + ky*dy). That keeps the accumulator in a
 * register, needs no int32 output buffer, and makes each output a single requantization.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

/* The input index that tap k maps onto output index o, or -1 when none does. */
static int32_t source_index(int32_t o, int32_t k, int32_t stride, int32_t padding, int32_t dilation,
                            int32_t in_size)
{
    const int32_t numerator = o + padding - k * dilation;
    if (numerator < 0 || numerator % stride != 0) {
        return -1;
    }
    const int32_t i = numerator / stride;
    return i < in_size ? i : -1;
}

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

    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t in_c = input_dims->c;
    const int32_t kernel_h = filter_dims->h;
    const int32_t kernel_w = filter_dims->w;
    const int32_t out_c = output_dims->c;

    if (!nn_dims_are_positive(input_dims) || !nn_dims_are_positive(filter_dims) ||
        !nn_dims_are_positive(output_dims) || filter_dims->c != in_c || filter_dims->n != out_c ||
        output_dims->n != input_dims->n ||
        !nn_window_is_valid(&p->stride, &p->padding, &p->dilation) || p->padding_offsets.h < 0 ||
        p->padding_offsets.w < 0 || !nn_activation_is_valid(&p->activation) ||
        !nn_per_channel_quant_is_valid(quant_params, out_c)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }

    bool overflowed = false;
    for (int32_t b = 0; b < input_dims->n; ++b) {
        const int8_t *batch_in = input_data + (size_t)b * in_h * in_w * in_c;
        for (int32_t oy = 0; oy < output_dims->h; ++oy) {
            for (int32_t ox = 0; ox < output_dims->w; ++ox) {
                for (int32_t oc = 0; oc < out_c; ++oc) {
                    int32_t acc = bias_data != NULL ? bias_data[oc] : 0;
                    for (int32_t ky = 0; ky < kernel_h; ++ky) {
                        const int32_t iy =
                            source_index(oy, ky, p->stride.h, p->padding.h, p->dilation.h, in_h);
                        if (iy < 0) {
                            continue;
                        }
                        for (int32_t kx = 0; kx < kernel_w; ++kx) {
                            const int32_t ix = source_index(ox, kx, p->stride.w, p->padding.w,
                                                            p->dilation.w, in_w);
                            if (ix < 0) {
                                continue;
                            }
                            const int8_t *in = batch_in + ((size_t)iy * in_w + ix) * in_c;
                            const int8_t *w =
                                filter_data + (((size_t)oc * kernel_h + ky) * kernel_w + kx) * in_c;
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
