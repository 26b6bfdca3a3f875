/*
 * nn_fully_connected_s8_core, Helium (MVE): the arithmetic of arm_fully_connected_s8 and
 * arm_fully_connected_per_channel_s8.
 *
 * Four weight rows at a time share each 16-byte input load; VMLADAVA accumulates the products
 * and, for an input offset a that fits int8, a second VMLADAVA against a vector of a adds
 * a * w into the same sum (other offsets: VADDVA sums the weights). Only the last partial step
 * is predicated, so no load passes a row. The input sum (for a filter offset) is taken once per
 * batch row. As in the portable kernel, a kernel-sum program passes its kernel sum as bias with
 * input_offset 0. Overflowing requantizations are refused. No scratch buffer is needed.
 */
#include "internal/nn_cores.h"
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
    /* (x + a)(w + b) summed = xw + b*sum(x) + a*sum(w) + depth*a*b. */
    const uint32_t common = (uint32_t)filter_offset * (uint32_t)input_sum +
                            (uint32_t)depth * (uint32_t)input_offset * (uint32_t)filter_offset;
    if (input_offset >= -128 && input_offset <= 127) {
        /* a * sum(w) as a second VMLADAVA into the same sum, against a vector of a: four sums
         * (not eight) stay in registers, and full steps need no predicate. */
        const int8x16_t offset = vdupq_n_s8((int8_t)input_offset);
        const int32_t full = depth & ~15;
        for (int32_t k = 0; k < full; k += 16) {
            const int8x16_t x = vldrbq_s8(input + k);
            const int8x16_t v0 = vldrbq_s8(w0 + k);
            const int8x16_t v1 = vldrbq_s8(w1 + k);
            const int8x16_t v2 = vldrbq_s8(w2 + k);
            const int8x16_t v3 = vldrbq_s8(w3 + k);
            p0 = vmladavaq_s8(vmladavaq_s8(p0, x, v0), offset, v0);
            p1 = vmladavaq_s8(vmladavaq_s8(p1, x, v1), offset, v1);
            p2 = vmladavaq_s8(vmladavaq_s8(p2, x, v2), offset, v2);
            p3 = vmladavaq_s8(vmladavaq_s8(p3, x, v3), offset, v3);
        }
        if (full < depth) {
            /* Inactive lanes load as zero weights: no products. */
            const mve_pred16_t pred = vctp8q((uint32_t)(depth - full));
            const int8x16_t x = vldrbq_z_s8(input + full, pred);
            const int8x16_t v0 = vldrbq_z_s8(w0 + full, pred);
            const int8x16_t v1 = vldrbq_z_s8(w1 + full, pred);
            const int8x16_t v2 = vldrbq_z_s8(w2 + full, pred);
            const int8x16_t v3 = vldrbq_z_s8(w3 + full, pred);
            p0 = vmladavaq_s8(vmladavaq_s8(p0, x, v0), offset, v0);
            p1 = vmladavaq_s8(vmladavaq_s8(p1, x, v1), offset, v1);
            p2 = vmladavaq_s8(vmladavaq_s8(p2, x, v2), offset, v2);
            p3 = vmladavaq_s8(vmladavaq_s8(p3, x, v3), offset, v3);
        }
        out[0] = (int32_t)((uint32_t)p0 + common);
        out[1] = (int32_t)((uint32_t)p1 + common);
        out[2] = (int32_t)((uint32_t)p2 + common);
        out[3] = (int32_t)((uint32_t)p3 + common);
        return;
    }
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
    const uint32_t a = (uint32_t)input_offset;
    out[0] = (int32_t)((uint32_t)p0 + a * (uint32_t)s0 + common);
    out[1] = (int32_t)((uint32_t)p1 + a * (uint32_t)s1 + common);
    out[2] = (int32_t)((uint32_t)p2 + a * (uint32_t)s2 + common);
    out[3] = (int32_t)((uint32_t)p3 + a * (uint32_t)s3 + common);
}

arm_cmsis_nn_status nn_fully_connected_s8_core(const nn_fc_call *restrict call)
{
    int8_t *output_data = call->output_data;
    const int32_t batches = call->input_dims->n;
    const int32_t depth = call->filter_dims->n;
    const int32_t out_c = call->output_dims->c;

    const int32x4_t lo = vdupq_n_s32(call->fc_params->activation.min);
    const int32x4_t hi = vdupq_n_s32(call->fc_params->activation.max);
    mve_pred16_t overflow = 0;
    for (int32_t b = 0; b < batches; ++b) {
        const int8_t *input = call->input_data + (size_t)b * depth;
        int32_t input_sum = 0;
        for (int32_t k = 0; k < depth; k += 16) {
            input_sum =
                vaddvaq_s8(input_sum, vldrbq_z_s8(input + k, vctp8q((uint32_t)(depth - k))));
        }
        for (int32_t o = 0; o < out_c; o += 4) {
            const int32_t rows = out_c - o < 4 ? out_c - o : 4;
            int32_t sums[4];
            offset_dots(input, call->filter_data + (size_t)o * depth, depth, rows,
                        call->fc_params->input_offset, call->fc_params->filter_offset, input_sum,
                        sums);
            const mve_pred16_t pred = vctp32q((uint32_t)rows);
            int32x4_t acc = vldrwq_s32(sums);
            if (call->bias_data != NULL) {
                acc = vaddq_s32(acc, vldrwq_z_s32(call->bias_data + o, pred));
            }
            if (call->quant_stride == 0) {
                acc = nn_mve_requantize_uniform(acc, call->multipliers[0], call->shifts[0],
                                                &overflow);
            } else {
                int32x4_t left;
                int32x4_t right;
                nn_mve_split_shifts(vldrwq_z_s32(call->shifts + o, pred), &left, &right);
                acc = nn_mve_requantize_lanes(acc, vldrwq_z_s32(call->multipliers + o, pred), left,
                                              right, true, &overflow);
            }
            acc = nn_mve_offset_clamp(acc, call->fc_params->output_offset, lo, hi);
            vstrbq_p_s32(output_data, acc, pred);
            output_data += rows;
        }
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
