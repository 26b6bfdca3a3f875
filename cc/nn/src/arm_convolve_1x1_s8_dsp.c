/*
 * arm_convolve_1x1_s8 and arm_convolve_1x1_s8_fast: pointwise convolution, DSP extension.
 *
 * A pointwise convolution is a matrix product (pixels x C_IN) by (C_IN x C_OUT). Two pixels are
 * taken at a time: their rows are widened to int16 with the input offset added, once, on the
 * stack (nn_dsp_pack_pair), and every filter row is widened once per pixel pair and used by
 * both (nn_dsp_pair_by_filters: SMLAD, 2 pixels x 2 channels). Rows deeper than the packing
 * buffer take the one-pixel core (nn_dsp_row_by_two). No caller scratch is needed.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_dsp.h"
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
    const int32_t input_offset = conv_params->input_offset;
    const nn_dsp_output_stage stage = nn_dsp_stage(
        quant_params, output_dims->c, conv_params->output_offset, &conv_params->activation);
    bool overflowed = false;

    if (!nn_dsp_offset_fits(input_offset)) {
        for (int32_t p = 0; p < pixels; ++p) {
            const int8_t *row =
                input_pixel(input_data, input_dims, output_dims, &conv_params->stride, p);
            for (int32_t oc = 0; oc < out_c; ++oc) {
                int32_t acc = bias_data != NULL ? bias_data[oc] : 0;
                acc += nn_dot_s8_offset(row, filter_data + (size_t)oc * in_c, in_c, input_offset);
                *output_data++ = nn_dsp_output(stage, acc, oc, &overflowed);
            }
        }
    } else if (in_c <= NN_DSP_PACK_DEPTH) {
        nn_dsp_packed_pair pair;
        for (int32_t p = 0; p < pixels; p += 2) {
            /* An odd last pixel is packed as a pair with itself. */
            const bool both = p + 1 < pixels;
            const int8_t *row0 =
                input_pixel(input_data, input_dims, output_dims, &conv_params->stride, p);
            const int8_t *row1 =
                both ? input_pixel(input_data, input_dims, output_dims, &conv_params->stride, p + 1)
                     : row0;
            nn_dsp_pack_pair(row0, row1, in_c, input_offset, &pair);
            int8_t *out0 = output_data + (size_t)p * out_c;
            nn_dsp_pair_by_filters(&pair, in_c, filter_data, bias_data, 0, out_c, stage, out0,
                                   both ? out0 + out_c : out0, &overflowed);
        }
    } else {
        int32_t acc[NN_DSP_CHANNEL_CHUNK];
        for (int32_t p = 0; p < pixels; ++p) {
            const int8_t *row =
                input_pixel(input_data, input_dims, output_dims, &conv_params->stride, p);
            int8_t *out = output_data + (size_t)p * out_c;
            for (int32_t chunk = 0; chunk < out_c; chunk += NN_DSP_CHANNEL_CHUNK) {
                const int32_t count =
                    out_c - chunk < NN_DSP_CHANNEL_CHUNK ? out_c - chunk : NN_DSP_CHANNEL_CHUNK;
                for (int32_t i = 0; i < count; i += 2) {
                    const int32_t oc = chunk + i;
                    const int32_t oc1 = i + 1 < count ? oc + 1 : oc;
                    acc[i] = bias_data != NULL ? bias_data[oc] : 0;
                    acc[i + 1] = bias_data != NULL ? bias_data[oc1] : 0;
                    nn_dsp_row_by_two(row, filter_data + (size_t)oc * in_c,
                                      filter_data + (size_t)oc1 * in_c, in_c, input_offset, 0,
                                      &acc[i], &acc[i + 1]);
                }
                nn_dsp_requantize_row(acc, count, stage.multiplier + chunk, stage.shift + chunk,
                                      &stage, out + chunk, &overflowed);
            }
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
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
