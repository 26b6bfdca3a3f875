/*
 * nn_convolve_1x1_s8_core, DSP extension: the pointwise convolution of arm_convolve_1x1_s8.
 *
 * A pointwise convolution is a matrix product (pixels x C_IN) by (C_IN x C_OUT). Two pixels are
 * taken at a time: their rows are widened to int16 with the input offset added, once, on the
 * stack (nn_dsp_pack_pair), and every filter row is widened once per pixel pair and used by
 * both (nn_dsp_pair_by_filters: SMLAD, 2 pixels x 2 channels). Rows deeper than the packing
 * buffer take the one-pixel core (nn_dsp_row_by_two). No caller scratch is needed.
 */
#include "internal/nn_cores.h"
#include "internal/nn_dsp.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_convolve_1x1_s8_core(const nn_conv_call *restrict call)
{
    int8_t *output_data = call->output_data;
    const int32_t in_c = call->input_dims->c;
    const int32_t out_c = call->output_dims->c;
    const int32_t pixels = call->output_dims->n * call->output_dims->h * call->output_dims->w;
    const int32_t input_offset = call->conv_params->input_offset;
    const nn_dsp_output_stage stage =
        nn_dsp_stage(call->quant_params, call->output_dims->c, call->conv_params->output_offset,
                     &call->conv_params->activation);
    bool overflowed = false;

    if (!nn_dsp_offset_fits(input_offset)) {
        for (int32_t p = 0; p < pixels; ++p) {
            const int8_t *row =
                nn_pointwise_input_pixel(call->input_data, call->input_dims, call->output_dims,
                                         &call->conv_params->stride, p);
            for (int32_t oc = 0; oc < out_c; ++oc) {
                int32_t acc = call->bias_data != NULL ? call->bias_data[oc] : 0;
                acc += nn_dot_s8_offset(row, call->filter_data + (size_t)oc * in_c, in_c,
                                        input_offset);
                *output_data++ = nn_dsp_output(stage, acc, oc, &overflowed);
            }
        }
    } else if (in_c <= NN_DSP_PACK_DEPTH) {
        nn_dsp_packed_pair pair;
        for (int32_t p = 0; p < pixels; p += 2) {
            /* An odd last pixel is packed as a pair with itself. */
            const bool both = p + 1 < pixels;
            const int8_t *row0 =
                nn_pointwise_input_pixel(call->input_data, call->input_dims, call->output_dims,
                                         &call->conv_params->stride, p);
            const int8_t *row1 = both ? nn_pointwise_input_pixel(call->input_data, call->input_dims,
                                                                 call->output_dims,
                                                                 &call->conv_params->stride, p + 1)
                                      : row0;
            nn_dsp_pack_pair(row0, row1, in_c, input_offset, &pair);
            int8_t *out0 = output_data + (size_t)p * out_c;
            nn_dsp_pair_by_filters(&pair, in_c, call->filter_data, call->bias_data, 0, out_c, stage,
                                   out0, both ? out0 + out_c : out0, &overflowed);
        }
    } else {
        int32_t acc[NN_DSP_CHANNEL_CHUNK];
        for (int32_t p = 0; p < pixels; ++p) {
            const int8_t *row =
                nn_pointwise_input_pixel(call->input_data, call->input_dims, call->output_dims,
                                         &call->conv_params->stride, p);
            int8_t *out = output_data + (size_t)p * out_c;
            for (int32_t chunk = 0; chunk < out_c; chunk += NN_DSP_CHANNEL_CHUNK) {
                const int32_t count =
                    out_c - chunk < NN_DSP_CHANNEL_CHUNK ? out_c - chunk : NN_DSP_CHANNEL_CHUNK;
                for (int32_t i = 0; i < count; i += 2) {
                    const int32_t oc = chunk + i;
                    const int32_t oc1 = i + 1 < count ? oc + 1 : oc;
                    acc[i] = call->bias_data != NULL ? call->bias_data[oc] : 0;
                    acc[i + 1] = call->bias_data != NULL ? call->bias_data[oc1] : 0;
                    nn_dsp_row_by_two(row, call->filter_data + (size_t)oc * in_c,
                                      call->filter_data + (size_t)oc1 * in_c, in_c, input_offset, 0,
                                      &acc[i], &acc[i + 1]);
                }
                nn_dsp_requantize_row(acc, count, stage.multiplier + chunk, stage.shift + chunk,
                                      &stage, out + chunk, &overflowed);
            }
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
