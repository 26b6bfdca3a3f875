/*
 * arm_convolve_1x1_s8 and arm_convolve_1x1_s8_fast: pointwise convolution, Helium (MVE).
 *
 * A pointwise convolution is a matrix product (pixels x C_IN) by (C_IN x C_OUT). Four pixels
 * are taken at a time and every filter row is loaded once for the four: VMLADAVA multiplies 16
 * int8 pairs and adds them into a scalar accumulator, so each 16-channel step is one filter
 * load, four input loads and four dot products (64 multiply-accumulates). The four results of
 * one output channel are requantized together in one vector and scattered to the four output
 * pixels. Input channels that are not a multiple of 16 finish with one predicated step.
 * No scratch buffer is needed.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

/* Address of output pixel `pixel` (batch-major, dense) in the strided input. */
static const int8_t *input_pixel(const int8_t *input, const cmsis_nn_dims *input_dims,
                                 const cmsis_nn_dims *output_dims, const cmsis_nn_tile *stride,
                                 int32_t pixel)
{
    const int32_t ox = pixel % output_dims->w;
    const int32_t rest = pixel / output_dims->w;
    const int32_t oy = rest % output_dims->h;
    const int32_t b = rest / output_dims->h;
    return input + (((size_t)b * input_dims->h + (size_t)oy * stride->h) * input_dims->w +
                    (size_t)ox * stride->w) *
                       input_dims->c;
}

static arm_cmsis_nn_status pointwise(const cmsis_nn_conv_params *conv_params,
                                     const cmsis_nn_per_channel_quant_params *quant_params,
                                     const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                     const int8_t *filter_data, const int32_t *bias_data,
                                     const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    const int32_t in_c = input_dims->c;
    const int32_t out_c = output_dims->c;
    const int32_t pixels = output_dims->n * output_dims->h * output_dims->w;
    const bool dense = conv_params->stride.h == 1 && conv_params->stride.w == 1 &&
                       output_dims->h == input_dims->h && output_dims->w == input_dims->w;
    /* Dense input: four consecutive pixels are four rows in_c apart; strided: one at a time. */
    const int32_t per_block = dense ? 4 : 1;
    int32_t base[NN_MVE_CHANNEL_CHUNK];
    const bool all_right = nn_all_right_shifts(quant_params->shift, out_c);
    mve_pred16_t overflow = 0;
    for (int32_t oc = 0; oc < out_c; oc += NN_MVE_CHANNEL_CHUNK) {
        const int32_t oc_end =
            out_c - oc < NN_MVE_CHANNEL_CHUNK ? out_c : oc + NN_MVE_CHANNEL_CHUNK;
        nn_mve_filter_bases(filter_data, in_c, bias_data, conv_params->input_offset, oc, oc_end,
                            base);
        for (int32_t p = 0; p < pixels; p += per_block) {
            const int32_t count = pixels - p < per_block ? pixels - p : per_block;
            const int8_t *rows =
                dense ? input_data + (size_t)p * in_c
                      : input_pixel(input_data, input_dims, output_dims, &conv_params->stride, p);
            nn_mve_rows_by_filters(rows, in_c, count, in_c, filter_data, oc, oc_end, base,
                                   quant_params->multiplier, quant_params->shift,
                                   conv_params->output_offset, conv_params->activation.min,
                                   conv_params->activation.max, output_data + (size_t)p * out_c,
                                   out_c, all_right, &overflow);
        }
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
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
    return pointwise(conv_params, quant_params, input_dims, input_data, filter_data, bias_data,
                     output_dims, output_data);
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
    return pointwise(conv_params, quant_params, input_dims, input_data, filter_data, bias_data,
                     output_dims, output_data);
}

int32_t arm_convolve_1x1_s8_fast_get_buffer_size(const cmsis_nn_dims *input_dims)
{
    (void)input_dims;
    return 0;
}
