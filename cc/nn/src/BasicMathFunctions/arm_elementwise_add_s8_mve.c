/*
 * nn_elementwise_add_s8_core, Helium (MVE): the arithmetic of arm_elementwise_add_s8.
 *
 * Four elements per int32x4 vector (VLDRB.S32 widens on load): each operand is offset, shifted
 * left by `left_shift` and requantized to the common scale, the two are added, and the sum is
 * requantized to the output. Every step that the portable kernel checks for int32 overflow is
 * checked here too (a left shift that does not shift back to its input; a saturating add that
 * differs from the wrapping one), and the kernel refuses such parameters the same way. The last
 * partial vector is predicated.
 *
 * Where none of those checks can fire (offsets in [-128, 128], left_shift <= 22, operand shifts
 * <= 0: each rescaled operand stays within 2^30, their sum within int32) and the output shift
 * is <= 0, a rescaled operand depends on its int8 value alone: both are looked up in 256-entry
 * tables (built once per call on the stack with the same vector code, 2 KB) with VLDRW gathers
 * indexed by the unsigned byte, so four elements cost two byte loads, two gathers, the add and
 * the output requantization. Blocks shorter than TABLE_MIN_BLOCK compute directly.
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

/* Blocks from this size on look the rescaled operands up (building the tables costs about as
 * much as computing 512 elements directly). */
#define TABLE_MIN_BLOCK 512

/* table[u] = the rescaled operand of the int8 value with byte u, for u in [0, 256). */
static void build_table(int32_t offset, int32_t left_shift, int32_t multiplier, int32_t shift,
                        int32_t *table)
{
    mve_pred16_t unused = 0;
    for (uint32_t u = 0; u < 256; u += 4) {
        /* Bytes 0..255 read as int8: sign-extend bit 7. */
        const int32x4_t byte = vreinterpretq_s32_u32(vidupq_n_u32(u, 1));
        const int32x4_t x = vsubq_n_s32(veorq_s32(byte, vdupq_n_s32(0x80)), 0x80);
        const int32x4_t shifted = vshlq_r_s32(vaddq_n_s32(x, offset), left_shift);
        vstrwq_s32(table + u, nn_mve_requantize_uniform(shifted, multiplier, shift, &unused));
    }
}

/* The table path (see the file comment): out_shift <= 0, no check needed. */
static void add_by_tables(const nn_add_call *call)
{
    int32_t table_1[256];
    int32_t table_2[256];
    build_table(call->input_1_offset, call->left_shift, call->input_1_mult, call->input_1_shift,
                table_1);
    build_table(call->input_2_offset, call->left_shift, call->input_2_mult, call->input_2_shift,
                table_2);
    const int32x4_t lo = vdupq_n_s32(call->out_activation_min);
    const int32x4_t hi = vdupq_n_s32(call->out_activation_max);
    const int32_t out_mult = call->out_mult;
    const int32_t out_shift = call->out_shift;
    const int32_t out_offset = call->out_offset;
    const int8_t *in_1 = call->input_1_vect;
    const int8_t *in_2 = call->input_2_vect;
    int8_t *out = call->output;
    mve_pred16_t unused = 0;
    const int32_t full = call->block_size & ~3;
    for (int32_t i = 0; i < full; i += 4) {
        const int32x4_t a =
            vldrwq_gather_shifted_offset_s32(table_1, vldrbq_u32((const uint8_t *)in_1));
        const int32x4_t b =
            vldrwq_gather_shifted_offset_s32(table_2, vldrbq_u32((const uint8_t *)in_2));
        const int32x4_t sum =
            nn_mve_requantize_uniform(vaddq_s32(a, b), out_mult, out_shift, &unused);
        vstrbq_s32(out, nn_mve_offset_clamp(sum, out_offset, lo, hi));
        in_1 += 4;
        in_2 += 4;
        out += 4;
    }
    if (full < call->block_size) {
        const mve_pred16_t pred = vctp32q((uint32_t)(call->block_size - full));
        const int32x4_t a = vldrwq_gather_shifted_offset_z_s32(
            table_1, vldrbq_z_u32((const uint8_t *)in_1, pred), pred);
        const int32x4_t b = vldrwq_gather_shifted_offset_z_s32(
            table_2, vldrbq_z_u32((const uint8_t *)in_2, pred), pred);
        const int32x4_t sum =
            nn_mve_requantize_uniform(vaddq_s32(a, b), out_mult, out_shift, &unused);
        vstrbq_p_s32(out, nn_mve_offset_clamp(sum, out_offset, lo, hi), pred);
    }
}

arm_cmsis_nn_status nn_elementwise_add_s8_core(const nn_add_call *restrict call)
{
    if (call->block_size >= TABLE_MIN_BLOCK &&
        !shift_may_overflow(call->input_1_offset, call->left_shift) &&
        !shift_may_overflow(call->input_2_offset, call->left_shift) && call->input_1_shift <= 0 &&
        call->input_2_shift <= 0 && call->out_shift <= 0) {
        add_by_tables(call);
        return ARM_CMSIS_NN_SUCCESS;
    }
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
