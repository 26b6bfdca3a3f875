/*
 * nn_elementwise_add_s8_core, Helium (MVE): the arithmetic of arm_elementwise_add_s8.
 *
 * Four elements per int32x4 vector (VLDRB.S32 widens on load): each operand is offset, shifted
 * left by `left_shift` and requantized to the common scale, the two are added, and the sum is
 * requantized to the output. Every step that the portable kernel checks for int32 overflow is
 * checked here too (a left shift that does not shift back to its input; a saturating add that
 * differs from the wrapping one), and the kernel refuses such parameters the same way. The last
 * partial vector is predicated.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

/* (x + offset) << left_shift, flagging lanes where the shift leaves int32. `checked` false when
 * no int8 value can overflow (|x + offset| <= 256 and left_shift <= 22: at most 2^30). */
static inline int32x4_t offset_and_shift(int32x4_t x, int32_t offset, int32_t left_shift,
                                         bool checked, mve_pred16_t *overflow)
{
    const int32x4_t offset_x = vaddq_n_s32(x, offset);
    const int32x4_t shifted = vshlq_r_s32(offset_x, left_shift);
    if (checked) {
        *overflow |= vcmpneq_s32(vshlq_r_s32(shifted, -left_shift), offset_x);
    }
    return shifted;
}

static inline bool shift_may_overflow(int32_t offset, int32_t left_shift)
{
    return offset < -128 || offset > 128 || left_shift > 22;
}

arm_cmsis_nn_status nn_elementwise_add_s8_core(const nn_add_call *restrict call)
{
    const int32x4_t lo = vdupq_n_s32(call->out_activation_min);
    const int32x4_t hi = vdupq_n_s32(call->out_activation_max);
    const bool check_1 = shift_may_overflow(call->input_1_offset, call->left_shift);
    const bool check_2 = shift_may_overflow(call->input_2_offset, call->left_shift);
    mve_pred16_t overflow = 0;
    for (int32_t i = 0; i < call->block_size; i += 4) {
        const mve_pred16_t pred = vctp32q((uint32_t)(call->block_size - i));
        mve_pred16_t lane_overflow = 0;
        int32x4_t a =
            offset_and_shift(vldrbq_z_s32(call->input_1_vect + i, pred), call->input_1_offset,
                             call->left_shift, check_1, &lane_overflow);
        int32x4_t b =
            offset_and_shift(vldrbq_z_s32(call->input_2_vect + i, pred), call->input_2_offset,
                             call->left_shift, check_2, &lane_overflow);
        a = nn_mve_requantize_uniform(a, call->input_1_mult, call->input_1_shift, &lane_overflow);
        b = nn_mve_requantize_uniform(b, call->input_2_mult, call->input_2_shift, &lane_overflow);
        /* Two large same-sign operands can exceed int32: refuse rather than wrap. */
        const int32x4_t sum = vaddq_s32(a, b);
        lane_overflow |= vcmpneq_s32(sum, vqaddq_s32(a, b));
        int32x4_t result =
            nn_mve_requantize_uniform(sum, call->out_mult, call->out_shift, &lane_overflow);
        result = nn_mve_offset_clamp(result, call->out_offset, lo, hi);
        vstrbq_p_s32(call->output + i, result, pred);
        /* Inactive lanes hold zeros, which never overflow; keep only active lanes anyway. */
        overflow |= lane_overflow & pred;
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
