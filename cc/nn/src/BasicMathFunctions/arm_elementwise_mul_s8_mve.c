/*
 * nn_elementwise_mul_s8_core, Helium (MVE): the arithmetic of arm_elementwise_mul_s8.
 *
 * Four elements per int32x4 vector (VLDRB.S32 widens on load): (a + offset_a) * (b + offset_b)
 * is exact in int32 (|product| <= 2^16), then requantized (overflowing left shifts refused as in
 * the portable kernel), offset and clamped. The last partial vector is predicated.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_elementwise_mul_s8_core(const nn_mul_call *restrict call)
{
    const int32x4_t lo = vdupq_n_s32(call->out_activation_min);
    const int32x4_t hi = vdupq_n_s32(call->out_activation_max);
    mve_pred16_t overflow = 0;
    for (int32_t i = 0; i < call->block_size; i += 4) {
        const mve_pred16_t pred = vctp32q((uint32_t)(call->block_size - i));
        const int32x4_t a =
            vaddq_n_s32(vldrbq_z_s32(call->input_1_vect + i, pred), call->input_1_offset);
        const int32x4_t b =
            vaddq_n_s32(vldrbq_z_s32(call->input_2_vect + i, pred), call->input_2_offset);
        mve_pred16_t lane_overflow = 0;
        int32x4_t result = nn_mve_requantize_uniform(vmulq_s32(a, b), call->out_mult,
                                                     call->out_shift, &lane_overflow);
        result = nn_mve_offset_clamp(result, call->out_offset, lo, hi);
        vstrbq_p_s32(call->output + i, result, pred);
        overflow |= lane_overflow & pred;
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
