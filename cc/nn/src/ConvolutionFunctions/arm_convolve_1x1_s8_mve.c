/*
 * nn_convolve_1x1_s8_core, Helium (MVE): the pointwise convolution of arm_convolve_1x1_s8.
 *
 * A pointwise convolution is a matrix product (pixels x C_IN) by (C_IN x C_OUT). Four pixels
 * are taken at a time and every filter row is loaded once for the four: VMLADAVA multiplies 16
 * int8 pairs and adds them into a scalar accumulator, so each 16-channel step is one filter
 * load, four input loads and four dot products (64 multiply-accumulates). The four results of
 * one output channel are requantized together in one vector and scattered to the four output
 * pixels. Input channels that are not a multiple of 16 finish with one predicated step.
 * No scratch buffer is needed.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_convolve_1x1_s8_core(const nn_conv_call *restrict call)
{
    const int32_t in_c = call->input_dims->c;
    const int32_t out_c = call->output_dims->c;
    const int32_t pixels = call->output_dims->n * call->output_dims->h * call->output_dims->w;
    const bool dense = call->conv_params->stride.h == 1 && call->conv_params->stride.w == 1 &&
                       call->output_dims->h == call->input_dims->h &&
                       call->output_dims->w == call->input_dims->w;
    /* Dense input: four consecutive pixels are four rows in_c apart; strided: one at a time. */
    const int32_t per_block = dense ? 4 : 1;
    int32_t base[NN_MVE_CHANNEL_CHUNK];
    const nn_mve_shift_class shift_class = nn_mve_classify_shifts(call->quant_params->shift, out_c);
    mve_pred16_t overflow = 0;
    for (int32_t oc = 0; oc < out_c; oc += NN_MVE_CHANNEL_CHUNK) {
        const int32_t oc_end =
            out_c - oc < NN_MVE_CHANNEL_CHUNK ? out_c : oc + NN_MVE_CHANNEL_CHUNK;
        const nn_mve_shift_class chunk_class = nn_mve_filter_bases(
            call->filter_data, in_c, call->bias_data, call->conv_params->input_offset,
            call->quant_params->shift, oc, oc_end, shift_class, base);
        for (int32_t p = 0; p < pixels; p += per_block) {
            const int32_t count = pixels - p < per_block ? pixels - p : per_block;
            const int8_t *rows =
                dense ? call->input_data + (size_t)p * in_c
                      : nn_pointwise_input_pixel(call->input_data, call->input_dims,
                                                 call->output_dims, &call->conv_params->stride, p);
            nn_mve_rows_by_filters(
                rows, in_c, count, in_c, call->filter_data, oc, oc_end, base,
                call->quant_params->multiplier, call->quant_params->shift,
                call->conv_params->output_offset, call->conv_params->activation.min,
                call->conv_params->activation.max, call->output_data + (size_t)p * out_c, out_c,
                chunk_class, &overflow);
        }
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
