/*
 * arm_fully_connected_s8 and arm_fully_connected_per_channel_s8: int8 matrix-vector products,
 * portable C.
 *
 * Both the input and the filter carry an offset. A program that precomputed the MVE-style
 * kernel sum (input_offset * sum(w) + bias) passes it as bias with input_offset 0; the result is
 * identical, which is how one kernel serves both forms of cortex_m::quantized_linear.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

/* One row of weights against one input vector, both offsets applied. */
static int32_t offset_dot(const int8_t *input, const int8_t *weights, int32_t depth,
                          int32_t input_offset, int32_t filter_offset)
{
    int32_t products = 0;
    int32_t input_sum = 0;
    int32_t weight_sum = 0;
    for (int32_t k = 0; k < depth; ++k) {
        products += (int32_t)input[k] * (int32_t)weights[k];
        input_sum += input[k];
        weight_sum += weights[k];
    }
    /* (x + a)(w + b) summed = xw + b*sum(x) + a*sum(w) + depth*a*b, with the sums hoisted. */
    return products + filter_offset * input_sum + input_offset * weight_sum +
           depth * input_offset * filter_offset;
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

    bool overflowed = false;
    for (int32_t b = 0; b < batches; ++b) {
        const int8_t *input = input_data + (size_t)b * depth;
        for (int32_t o = 0; o < out_c; ++o) {
            int32_t acc = bias_data != NULL ? bias_data[o] : 0;
            acc += offset_dot(input, filter_data + (size_t)o * depth, depth,
                              fc_params->input_offset, fc_params->filter_offset);
            const int32_t q = o * quant_stride;
            const int32_t scaled = nn_requantize(acc, multipliers[q], shifts[q], &overflowed);
            *output_data++ = nn_clamp_to_s8(scaled + fc_params->output_offset,
                                            fc_params->activation.min, fc_params->activation.max);
        }
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
