/*
 * nn_fully_connected_s8_core, portable C: the arithmetic of arm_fully_connected_s8 and
 * arm_fully_connected_per_channel_s8, the offsets hoisted out of the inner product.
 */
#include "internal/nn_cores.h"
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

arm_cmsis_nn_status nn_fully_connected_s8_core(const nn_fc_call *restrict call)
{
    int8_t *output_data = call->output_data;
    const int32_t batches = call->input_dims->n;
    const int32_t depth = call->filter_dims->n;
    const int32_t out_c = call->output_dims->c;

    bool overflowed = false;
    for (int32_t b = 0; b < batches; ++b) {
        const int8_t *input = call->input_data + (size_t)b * depth;
        for (int32_t o = 0; o < out_c; ++o) {
            int32_t acc = call->bias_data != NULL ? call->bias_data[o] : 0;
            acc += offset_dot(input, call->filter_data + (size_t)o * depth, depth,
                              call->fc_params->input_offset, call->fc_params->filter_offset);
            const int32_t q = o * call->quant_stride;
            const int32_t scaled =
                nn_requantize(acc, call->multipliers[q], call->shifts[q], &overflowed);
            *output_data++ =
                nn_clamp_to_s8(scaled + call->fc_params->output_offset,
                               call->fc_params->activation.min, call->fc_params->activation.max);
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
