/*
 * nn_fully_connected_s8_core, DSP extension: the arithmetic of arm_fully_connected_s8 and
 * arm_fully_connected_per_channel_s8.
 *
 * Each input vector runs against two weight rows at a time (nn_dsp_row_by_two): one input word
 * widened with SXTAB16 (input offset added) serves both rows, whose words are widened with the
 * filter offset added, and SMLAD accumulates (x + input_offset)(w + filter_offset) directly.
 * Both forms of cortex_m::quantized_linear work unchanged (see the portable kernel).
 */
#include "internal/nn_cores.h"
#include "internal/nn_dsp.h"
#include "internal/nn_support.h"

/* sum (x + input_offset)(w + filter_offset) in plain C, for offsets the widening core cannot
 * take (only direct callers of this library pass them). */
static int32_t plain_offset_dot(const int8_t *input, const int8_t *weights, int32_t depth,
                                int32_t input_offset, int32_t filter_offset)
{
    int32_t sum = 0;
    for (int32_t k = 0; k < depth; ++k) {
        sum += (input[k] + input_offset) * (weights[k] + filter_offset);
    }
    return sum;
}

arm_cmsis_nn_status nn_fully_connected_s8_core(const nn_fc_call *restrict call)
{
    int8_t *output_data = call->output_data;
    const int32_t batches = call->input_dims->n;
    const int32_t depth = call->filter_dims->n;
    const int32_t out_c = call->output_dims->c;

    const int32_t input_offset = call->fc_params->input_offset;
    const int32_t filter_offset = call->fc_params->filter_offset;
    const bool widen = nn_dsp_offset_fits(input_offset) && nn_dsp_offset_fits(filter_offset);
    bool overflowed = false;
    for (int32_t b = 0; b < batches; ++b) {
        const int8_t *input = call->input_data + (size_t)b * depth;
        for (int32_t o = 0; o < out_c; o += 2) {
            const int32_t o1 = o + 1 < out_c ? o + 1 : o;
            const int8_t *w0 = call->filter_data + (size_t)o * depth;
            const int8_t *w1 = call->filter_data + (size_t)o1 * depth;
            int32_t acc0 = call->bias_data != NULL ? call->bias_data[o] : 0;
            int32_t acc1 = call->bias_data != NULL ? call->bias_data[o1] : 0;
            if (widen) {
                nn_dsp_row_by_two(input, w0, w1, depth, input_offset, filter_offset, &acc0, &acc1);
            } else {
                acc0 += plain_offset_dot(input, w0, depth, input_offset, filter_offset);
                acc1 += plain_offset_dot(input, w1, depth, input_offset, filter_offset);
            }
            const int32_t q0 = o * call->quant_stride;
            const int32_t q1 = o1 * call->quant_stride;
            output_data[o] = nn_clamp_to_s8(
                nn_requantize_fast(acc0, call->multipliers[q0], call->shifts[q0], &overflowed) +
                    call->fc_params->output_offset,
                call->fc_params->activation.min, call->fc_params->activation.max);
            output_data[o1] = nn_clamp_to_s8(
                nn_requantize_fast(acc1, call->multipliers[q1], call->shifts[q1], &overflowed) +
                    call->fc_params->output_offset,
                call->fc_params->activation.min, call->fc_params->activation.max);
        }
        output_data += out_c;
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
