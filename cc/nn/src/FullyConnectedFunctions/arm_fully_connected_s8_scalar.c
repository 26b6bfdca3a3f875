/*
 * nn_fully_connected_s8_core, portable C: the arithmetic of arm_fully_connected_s8 and
 * arm_fully_connected_per_channel_s8, the offsets hoisted out of the inner product.
 *
 * sum (x + a)(w + b) = sum x w + b sum x + a sum w + depth a b: the input's sum is taken once
 * per input vector, and two weight rows run against the input at a time, so each input value
 * loaded serves both rows (their weight sums ride along in the same loop).
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

/* products[r] = sum x w_r and weight_sums[r] = sum w_r for the two rows w0, w1. */
static void dot_two_rows(const int8_t *input, const int8_t *w0, const int8_t *w1, int32_t depth,
                         int32_t products[2], int32_t weight_sums[2])
{
    int32_t p0 = 0;
    int32_t p1 = 0;
    int32_t s0 = 0;
    int32_t s1 = 0;
    for (int32_t k = 0; k < depth; ++k) {
        const int32_t x = input[k];
        const int32_t f0 = w0[k];
        const int32_t f1 = w1[k];
        p0 += x * f0;
        p1 += x * f1;
        s0 += f0;
        s1 += f1;
    }
    products[0] = p0;
    products[1] = p1;
    weight_sums[0] = s0;
    weight_sums[1] = s1;
}

arm_cmsis_nn_status nn_fully_connected_s8_core(const nn_fc_call *restrict call)
{
    const int32_t batches = call->input_dims->n;
    const int32_t depth = call->filter_dims->n;
    const int32_t out_c = call->output_dims->c;
    const int32_t input_offset = call->fc_params->input_offset;
    const int32_t filter_offset = call->fc_params->filter_offset;

    bool overflowed = false;
    for (int32_t b = 0; b < batches; ++b) {
        const int8_t *input = call->input_data + (size_t)b * depth;
        int8_t *output = call->output_data + (size_t)b * out_c;
        int32_t input_sum = 0;
        for (int32_t k = 0; k < depth; ++k) {
            input_sum += input[k];
        }
        /* The terms every row shares: b sum x + depth a b. */
        const int32_t shared = filter_offset * input_sum + depth * input_offset * filter_offset;
        for (int32_t o = 0; o < out_c; o += 2) {
            /* A lone last row runs as a pair with itself. */
            const int32_t o1 = o + 1 < out_c ? o + 1 : o;
            int32_t products[2];
            int32_t weight_sums[2];
            dot_two_rows(input, call->filter_data + (size_t)o * depth,
                         call->filter_data + (size_t)o1 * depth, depth, products, weight_sums);
            for (int32_t r = 0; r < 2; ++r) {
                const int32_t row = r == 0 ? o : o1;
                const int32_t acc = (call->bias_data != NULL ? call->bias_data[row] : 0) +
                                    products[r] + input_offset * weight_sums[r] + shared;
                const int32_t q = row * call->quant_stride;
                const int32_t scaled =
                    nn_requantize(acc, call->multipliers[q], call->shifts[q], &overflowed);
                output[row] = nn_clamp_to_s8(scaled + call->fc_params->output_offset,
                                             call->fc_params->activation.min,
                                             call->fc_params->activation.max);
            }
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
