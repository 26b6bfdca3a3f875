/*
 * arm_fully_connected_s8 and arm_fully_connected_per_channel_s8: int8 matrix-vector products,
 * DSP extension.
 *
 * Each input vector runs against two weight rows at a time (nn_dsp_row_by_two): one input word
 * widened with SXTAB16 (input offset added) serves both rows, whose words are widened with the
 * filter offset added, and SMLAD accumulates (x + input_offset)(w + filter_offset) directly.
 * Both forms of cortex_m::quantized_linear work unchanged (see the portable kernel).
 */
#include "arm_nnfunctions.h"
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

/* Shared body: multiplier/shift arrays are read at [o * quant_stride] so per-tensor passes
 * stride 0 and per-channel stride 1. */
static arm_cmsis_nn_status fully_connected(const cmsis_nn_fc_params *fc_params,
                                           const int32_t *multipliers, const int32_t *shifts,
                                           int32_t quant_stride, const cmsis_nn_dims *input_dims,
                                           const int8_t *input_data,
                                           const cmsis_nn_dims *filter_dims,
                                           const int8_t *filter_data, const int32_t *bias_data,
                                           const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    const int32_t batches = input_dims->n;
    const int32_t depth = filter_dims->n;
    const int32_t out_c = output_dims->c;
    if (!nn_dims_are_positive(input_dims) || depth < 1 || out_c < 1 ||
        input_dims->h * input_dims->w * input_dims->c != depth ||
        !nn_activation_is_valid(&fc_params->activation)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    for (int32_t o = 0; o < (quant_stride != 0 ? out_c : 1); ++o) {
        if (!nn_quant_pair_is_valid(multipliers[o], shifts[o])) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
    }

    const int32_t input_offset = fc_params->input_offset;
    const int32_t filter_offset = fc_params->filter_offset;
    const bool widen = nn_dsp_offset_fits(input_offset) && nn_dsp_offset_fits(filter_offset);
    bool overflowed = false;
    for (int32_t b = 0; b < batches; ++b) {
        const int8_t *input = input_data + (size_t)b * depth;
        for (int32_t o = 0; o < out_c; o += 2) {
            const int32_t o1 = o + 1 < out_c ? o + 1 : o;
            const int8_t *w0 = filter_data + (size_t)o * depth;
            const int8_t *w1 = filter_data + (size_t)o1 * depth;
            int32_t acc0 = bias_data != NULL ? bias_data[o] : 0;
            int32_t acc1 = bias_data != NULL ? bias_data[o1] : 0;
            if (widen) {
                nn_dsp_row_by_two(input, w0, w1, depth, input_offset, filter_offset, &acc0, &acc1);
            } else {
                acc0 += plain_offset_dot(input, w0, depth, input_offset, filter_offset);
                acc1 += plain_offset_dot(input, w1, depth, input_offset, filter_offset);
            }
            const int32_t q0 = o * quant_stride;
            const int32_t q1 = o1 * quant_stride;
            output_data[o] =
                nn_clamp_to_s8(nn_requantize_fast(acc0, multipliers[q0], shifts[q0], &overflowed) +
                                   fc_params->output_offset,
                               fc_params->activation.min, fc_params->activation.max);
            output_data[o1] =
                nn_clamp_to_s8(nn_requantize_fast(acc1, multipliers[q1], shifts[q1], &overflowed) +
                                   fc_params->output_offset,
                               fc_params->activation.min, fc_params->activation.max);
        }
        output_data += out_c;
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status
arm_fully_connected_s8(const cmsis_nn_context *ctx, const cmsis_nn_fc_params *fc_params,
                       const cmsis_nn_per_tensor_quant_params *quant_params,
                       const cmsis_nn_dims *input_dims, const int8_t *input_data,
                       const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                       const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                       const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    return fully_connected(fc_params, &quant_params->multiplier, &quant_params->shift, 0,
                           input_dims, input_data, filter_dims, filter_data, bias_data, output_dims,
                           output_data);
}

arm_cmsis_nn_status
arm_fully_connected_per_channel_s8(const cmsis_nn_context *ctx, const cmsis_nn_fc_params *fc_params,
                                   const cmsis_nn_per_channel_quant_params *quant_params,
                                   const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                   const cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                   const cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                   const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    if (quant_params->multiplier == NULL || quant_params->shift == NULL) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    return fully_connected(fc_params, quant_params->multiplier, quant_params->shift, 1, input_dims,
                           input_data, filter_dims, filter_data, bias_data, output_dims,
                           output_data);
}

int32_t arm_fully_connected_s8_get_buffer_size(const cmsis_nn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}
