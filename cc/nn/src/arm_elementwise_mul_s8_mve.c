/*
 * arm_elementwise_mul_s8: quantized multiply of two int8 vectors, Helium (MVE).
 *
 * Four elements per int32x4 vector (VLDRB.S32 widens on load): (a + offset_a) * (b + offset_b)
 * is exact in int32 (|product| <= 2^16), then requantized (overflowing left shifts refused as in
 * the portable kernel), offset and clamped. The last partial vector is predicated.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status
arm_elementwise_mul_s8(const int8_t *input_1_vect, const int8_t *input_2_vect,
                       const int32_t input_1_offset, const int32_t input_2_offset, int8_t *output,
                       const int32_t out_offset, const int32_t out_mult, const int32_t out_shift,
                       const int32_t out_activation_min, const int32_t out_activation_max,
                       const int32_t block_size)
{
    const cmsis_nn_activation activation = {out_activation_min, out_activation_max};
    if (block_size < 0 || !nn_activation_is_valid(&activation) ||
        !nn_quant_pair_is_valid(out_mult, out_shift)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32x4_t lo = vdupq_n_s32(out_activation_min);
    const int32x4_t hi = vdupq_n_s32(out_activation_max);
    mve_pred16_t overflow = 0;
    for (int32_t i = 0; i < block_size; i += 4) {
        const mve_pred16_t pred = vctp32q((uint32_t)(block_size - i));
        const int32x4_t a = vaddq_n_s32(vldrbq_z_s32(input_1_vect + i, pred), input_1_offset);
        const int32x4_t b = vaddq_n_s32(vldrbq_z_s32(input_2_vect + i, pred), input_2_offset);
        mve_pred16_t lane_overflow = 0;
        int32x4_t result =
            nn_mve_requantize_uniform(vmulq_s32(a, b), out_mult, out_shift, &lane_overflow);
        result = nn_mve_offset_clamp(result, out_offset, lo, hi);
        vstrbq_p_s32(output + i, result, pred);
        overflow |= lane_overflow & pred;
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
