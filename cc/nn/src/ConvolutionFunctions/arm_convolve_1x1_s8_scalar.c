/*
 * nn_convolve_1x1_s8_core, portable C: the pointwise convolution as a matrix product of
 * (pixels x C_IN) by (C_IN x C_OUT), on the register-blocked core of internal/nn_scalar.h.
 *
 * A chunk of output channels at a time: their biases are folded with the input offset once,
 * then the pixels run against the chunk's filter rows, three at a time (3 pixels x 2 channels
 * per inner loop) where the input pixels are evenly spaced (unit stride over the whole image),
 * else two at a time (2 x 2), and the rows of accumulators are requantized. No caller scratch
 * is needed.
 */
#include "internal/nn_cores.h"
#include "internal/nn_scalar.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_convolve_1x1_s8_core(const nn_conv_call *restrict call)
{
    const int32_t in_c = call->input_dims->c;
    const int32_t out_c = call->output_dims->c;
    const int32_t pixels = call->output_dims->n * call->output_dims->h * call->output_dims->w;
    const nn_scalar_output_stage stage = {
        call->quant_params->multiplier, call->quant_params->shift, call->conv_params->output_offset,
        call->conv_params->activation.min, call->conv_params->activation.max};
    bool overflowed = false;
    int32_t folded[NN_SCALAR_CHANNEL_CHUNK];
    int32_t acc[3][NN_SCALAR_CHANNEL_CHUNK];
    /* Output pixel p reads input pixel p: rows in_c apart. */
    const bool dense = call->conv_params->stride.h == 1 && call->conv_params->stride.w == 1 &&
                       call->output_dims->h == call->input_dims->h &&
                       call->output_dims->w == call->input_dims->w;

    for (int32_t chunk = 0; chunk < out_c; chunk += NN_SCALAR_CHANNEL_CHUNK) {
        const int32_t count =
            out_c - chunk < NN_SCALAR_CHANNEL_CHUNK ? out_c - chunk : NN_SCALAR_CHANNEL_CHUNK;
        const int8_t *filters = call->filter_data + (size_t)chunk * in_c;
        nn_scalar_fold_bias(filters, in_c, count,
                            call->bias_data != NULL ? call->bias_data + chunk : NULL,
                            call->conv_params->input_offset, folded);
        int32_t p = 0;
        if (dense) {
            for (; p + 3 <= pixels; p += 3) {
                nn_scalar_triple_by_filters(call->input_data + (size_t)p * in_c, in_c, filters,
                                            count, folded, acc[0], acc[1], acc[2]);
                nn_scalar_requantize_rows(
                    acc[0], 3, count, stage.multiplier + chunk, stage.shift + chunk, &stage,
                    call->output_data + (size_t)p * out_c + chunk, out_c, &overflowed);
            }
        }
        for (; p < pixels; p += 2) {
            /* An odd last pixel runs as a pair with itself. */
            const bool both = p + 1 < pixels;
            const int8_t *row0 =
                nn_pointwise_input_pixel(call->input_data, call->input_dims, call->output_dims,
                                         &call->conv_params->stride, p);
            const int8_t *row1 = both ? nn_pointwise_input_pixel(call->input_data, call->input_dims,
                                                                 call->output_dims,
                                                                 &call->conv_params->stride, p + 1)
                                      : row0;
            nn_scalar_pair_by_filters(row0, row1, in_c, filters, count, folded, acc[0], acc[1]);
            nn_scalar_requantize_rows(
                acc[0], both ? 2 : 1, count, stage.multiplier + chunk, stage.shift + chunk, &stage,
                call->output_data + (size_t)p * out_c + chunk, out_c, &overflowed);
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
