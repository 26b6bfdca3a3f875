/*
 * arm_fully_connected_s8 and arm_fully_connected_per_channel_s8: int8 matrix-vector products,
 * Helium (MVE).
 *
 * Four weight rows at a time share each 16-byte input load; VMLADAVA accumulates the products
 * and VADDVA the weight sums (for the input offset), predicated on the last partial step so no
 * load passes a row. The input sum (for a filter offset) is taken once per batch row. As in the
 * portable kernel, a kernel-sum program passes its kernel sum as bias with input_offset 0.
 * Overflowing requantizations are refused. No scratch buffer is needed.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

/* Up to four rows of weights (row r at weights + r * depth, `rows` of them) against one input
 * vector, both offsets applied: sum (x + a)(w + b) per row, in wrapping int32 as the portable
 * kernel. VMLADAVA takes 16 products per instruction; the last partial step is predicated. */
static inline void offset_dots(const int8_t *input, const int8_t *weights, int32_t depth,
                               int32_t rows, int32_t input_offset, int32_t filter_offset,
                               int32_t input_sum, int32_t out[4])
{
    const int8_t *w0 = weights;
    const int8_t *w1 = weights + (rows > 1 ? depth : 0);
    const int8_t *w2 = weights + (rows > 2 ? 2 * depth : 0);
    const int8_t *w3 = weights + (rows > 3 ? 3 * depth : 0);
    int32_t p0 = 0;
    int32_t p1 = 0;
    int32_t p2 = 0;
    int32_t p3 = 0;
    int32_t s0 = 0;
    int32_t s1 = 0;
    int32_t s2 = 0;
    int32_t s3 = 0;
    for (int32_t k = 0; k < depth; k += 16) {
        const mve_pred16_t pred = vctp8q((uint32_t)(depth - k));
        const int8x16_t x = vldrbq_z_s8(input + k, pred);
        const int8x16_t v0 = vldrbq_z_s8(w0 + k, pred);
        const int8x16_t v1 = vldrbq_z_s8(w1 + k, pred);
        const int8x16_t v2 = vldrbq_z_s8(w2 + k, pred);
        const int8x16_t v3 = vldrbq_z_s8(w3 + k, pred);
        p0 = vmladavaq_s8(p0, x, v0);
        p1 = vmladavaq_s8(p1, x, v1);
        p2 = vmladavaq_s8(p2, x, v2);
        p3 = vmladavaq_s8(p3, x, v3);
        s0 = vaddvaq_s8(s0, v0);
        s1 = vaddvaq_s8(s1, v1);
        s2 = vaddvaq_s8(s2, v2);
        s3 = vaddvaq_s8(s3, v3);
    }
    /* (x + a)(w + b) summed = xw + b*sum(x) + a*sum(w) + depth*a*b. */
    const uint32_t common = (uint32_t)filter_offset * (uint32_t)input_sum +
                            (uint32_t)depth * (uint32_t)input_offset * (uint32_t)filter_offset;
    const uint32_t a = (uint32_t)input_offset;
    out[0] = (int32_t)((uint32_t)p0 + a * (uint32_t)s0 + common);
    out[1] = (int32_t)((uint32_t)p1 + a * (uint32_t)s1 + common);
    out[2] = (int32_t)((uint32_t)p2 + a * (uint32_t)s2 + common);
    out[3] = (int32_t)((uint32_t)p3 + a * (uint32_t)s3 + common);
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

    const int32x4_t lo = vdupq_n_s32(fc_params->activation.min);
    const int32x4_t hi = vdupq_n_s32(fc_params->activation.max);
    mve_pred16_t overflow = 0;
    for (int32_t b = 0; b < batches; ++b) {
        const int8_t *input = input_data + (size_t)b * depth;
        int32_t input_sum = 0;
        for (int32_t k = 0; k < depth; k += 16) {
            input_sum =
                vaddvaq_s8(input_sum, vldrbq_z_s8(input + k, vctp8q((uint32_t)(depth - k))));
        }
        for (int32_t o = 0; o < out_c; o += 4) {
            const int32_t rows = out_c - o < 4 ? out_c - o : 4;
            int32_t sums[4];
            offset_dots(input, filter_data + (size_t)o * depth, depth, rows,
                        fc_params->input_offset, fc_params->filter_offset, input_sum, sums);
            const mve_pred16_t pred = vctp32q((uint32_t)rows);
            int32x4_t acc = vldrwq_s32(sums);
            if (bias_data != NULL) {
                acc = vaddq_s32(acc, vldrwq_z_s32(bias_data + o, pred));
            }
            if (quant_stride == 0) {
                acc = nn_mve_requantize_uniform(acc, multipliers[0], shifts[0], &overflow);
            } else {
                int32x4_t left;
                int32x4_t right;
                nn_mve_split_shifts(vldrwq_z_s32(shifts + o, pred), &left, &right);
                acc = nn_mve_requantize_lanes(acc, vldrwq_z_s32(multipliers + o, pred), left, right,
                                              true, &overflow);
            }
            acc = nn_mve_offset_clamp(acc, fc_params->output_offset, lo, hi);
            vstrbq_p_s32(output_data, acc, pred);
            output_data += rows;
        }
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
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
