/*
 * nn_matmul_s8_core, Helium (MVE): four lhs rows against every rhs row, VMLADAVA (16 int8
 * products into a scalar) per 16 depth values, as the pointwise convolutions do.
 *
 * The offsets leave the inner loop: sum (x + a)(w + b) = sum x*w + b*sum x + a*sum w + K*a*b
 * (wrapping int32, the same bytes as the portable loop's sum). a*sum w + K*a*b is computed once
 * per rhs row and chunk of 32 of them, b*sum x once per lhs row and chunk. Rows up to 256 deep
 * are first interleaved 16 bytes at a time into a stack buffer (zero-padded to a whole step),
 * so the loop walks one pointer; deeper rows are read in place with a predicated last step.
 * The sums are requantized four columns per vector (the one multiplier and shift of the call).
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"

/* rhs rows whose sums and constants are taken at a time. */
#define COL_CHUNK 32

static int32_t row_sum(const int8_t *row, int32_t depth)
{
    int32_t sum = 0;
    for (int32_t k = 0; k < depth; k += 16) {
        sum = vaddvaq_s8(sum, vldrbq_z_s8(row + k, vctp8q((uint32_t)(depth - k))));
    }
    return sum;
}

/* sums[r][i] = sum over k of rows[r][k] * rhs[i][k] for r < 4, i < count. */
static void dot_rows(const int8_t *const rows[4], int32_t depth, const int8_t *rhs, int32_t count,
                     int32_t (*sums)[COL_CHUNK])
{
    const int32_t full_steps = depth >> 4;
    const int32_t tail = depth & 15;
    const mve_pred16_t tail_pred = vctp8q((uint32_t)tail);
    const int8_t *w = rhs;
    if (depth <= NN_MVE_PACKED_DEPTH) {
        int8_t packed[4 * NN_MVE_PACKED_DEPTH] __attribute__((aligned(16)));
        const int32_t steps = full_steps + (tail != 0 ? 1 : 0);
        for (int32_t r = 0; r < 4; ++r) {
            for (int32_t step = 0; step < steps; ++step) {
                const mve_pred16_t pred = vctp8q((uint32_t)(depth - 16 * step));
                vstrbq_s8(packed + 64 * step + 16 * r, vldrbq_z_s8(rows[r] + 16 * step, pred));
            }
        }
        for (int32_t i = 0; i < count; ++i) {
            const int8_t *x = packed;
            int32_t a0 = 0;
            int32_t a1 = 0;
            int32_t a2 = 0;
            int32_t a3 = 0;
            for (int32_t step = 0; step < full_steps; ++step) {
                const int8x16_t wv = vldrbq_s8(w);
                a0 = vmladavaq_s8(a0, vldrbq_s8(x), wv);
                a1 = vmladavaq_s8(a1, vldrbq_s8(x + 16), wv);
                a2 = vmladavaq_s8(a2, vldrbq_s8(x + 32), wv);
                a3 = vmladavaq_s8(a3, vldrbq_s8(x + 48), wv);
                w += 16;
                x += 64;
            }
            if (tail != 0) {
                /* The packed tail is zero past depth; the rhs load stops at it. */
                const int8x16_t wv = vldrbq_z_s8(w, tail_pred);
                a0 = vmladavaq_s8(a0, vldrbq_s8(x), wv);
                a1 = vmladavaq_s8(a1, vldrbq_s8(x + 16), wv);
                a2 = vmladavaq_s8(a2, vldrbq_s8(x + 32), wv);
                a3 = vmladavaq_s8(a3, vldrbq_s8(x + 48), wv);
                w += tail;
            }
            sums[0][i] = a0;
            sums[1][i] = a1;
            sums[2][i] = a2;
            sums[3][i] = a3;
        }
        return;
    }
    for (int32_t i = 0; i < count; ++i) {
        const int8_t *p0 = rows[0];
        const int8_t *p1 = rows[1];
        const int8_t *p2 = rows[2];
        const int8_t *p3 = rows[3];
        int32_t a0 = 0;
        int32_t a1 = 0;
        int32_t a2 = 0;
        int32_t a3 = 0;
        for (int32_t step = 0; step < full_steps; ++step) {
            const int8x16_t wv = vldrbq_s8(w);
            a0 = vmladavaq_s8(a0, vldrbq_s8(p0), wv);
            a1 = vmladavaq_s8(a1, vldrbq_s8(p1), wv);
            a2 = vmladavaq_s8(a2, vldrbq_s8(p2), wv);
            a3 = vmladavaq_s8(a3, vldrbq_s8(p3), wv);
            w += 16;
            p0 += 16;
            p1 += 16;
            p2 += 16;
            p3 += 16;
        }
        if (tail != 0) {
            /* Inactive lanes load as zero on both sides. */
            const int8x16_t wv = vldrbq_z_s8(w, tail_pred);
            a0 = vmladavaq_s8(a0, vldrbq_z_s8(p0, tail_pred), wv);
            a1 = vmladavaq_s8(a1, vldrbq_z_s8(p1, tail_pred), wv);
            a2 = vmladavaq_s8(a2, vldrbq_z_s8(p2, tail_pred), wv);
            a3 = vmladavaq_s8(a3, vldrbq_z_s8(p3, tail_pred), wv);
            w += tail;
        }
        sums[0][i] = a0;
        sums[1][i] = a1;
        sums[2][i] = a2;
        sums[3][i] = a3;
    }
}

/* Requantizes sums[r][i] + col_term[i] + row_term[r] (r < row_count, i < count) to
 * out[r * cols + i]; `sign` (a constant where inlined) is the sign of the call's shift. */
static inline __attribute__((always_inline)) void
finish_rows(const nn_matmul_call *call, const int32_t (*sums)[COL_CHUNK], const int32_t *col_term,
            const int32_t *row_term, int32_t row_count, int32_t count, int8_t *out, int32_t sign,
            mve_pred16_t *overflow)
{
    const int32x4_t lo = vdupq_n_s32(call->act_min);
    const int32x4_t hi = vdupq_n_s32(call->act_max);
    const int32_t multiplier = call->multiplier;
    const int32_t shift = call->shift;
    for (int32_t r = 0; r < row_count; ++r) {
        for (int32_t i = 0; i < count; i += 4) {
            const mve_pred16_t pred = vctp32q((uint32_t)(count - i));
            int32x4_t acc =
                vaddq_s32(vldrwq_z_s32(&sums[r][i], pred), vldrwq_z_s32(col_term + i, pred));
            acc = vaddq_n_s32(acc, row_term[r]);
            if (sign > 0) {
                const int32x4_t shifted = vshlq_r_s32(acc, shift);
                *overflow |= vcmpneq_m_s32(vshlq_r_s32(shifted, -shift), acc, pred);
                acc = vqrdmulhq_n_s32(shifted, multiplier);
            } else {
                acc = vqrdmulhq_n_s32(acc, multiplier);
            }
            if (sign < 0) {
                /* -1 on negative values turns VRSHL's ties-up into ties away from zero. */
                acc = vqaddq_s32(acc, vshrq_n_s32(acc, 31));
                acc = vrshlq_s32(acc, vdupq_n_s32(shift));
            }
            acc = nn_mve_offset_clamp(acc, call->output_offset, lo, hi);
            vstrbq_p_s32(out + (size_t)r * call->cols + i, acc, pred);
        }
    }
}

arm_cmsis_nn_status nn_matmul_s8_core(const nn_matmul_call *restrict call)
{
    const int32_t depth = call->depth;
    const uint32_t a = (uint32_t)call->lhs_offset;
    const uint32_t b = (uint32_t)call->rhs_offset;
    const uint32_t ab_depth = a * b * (uint32_t)depth;
    int32_t col_term[COL_CHUNK];
    int32_t sums[4][COL_CHUNK];
    mve_pred16_t overflow = 0;
    for (int32_t c0 = 0; c0 < call->cols; c0 += COL_CHUNK) {
        const int32_t count = call->cols - c0 < COL_CHUNK ? call->cols - c0 : COL_CHUNK;
        const int8_t *rhs = call->rhs + (size_t)c0 * depth;
        for (int32_t i = 0; i < count; ++i) {
            col_term[i] =
                (int32_t)(a * (uint32_t)row_sum(rhs + (size_t)i * depth, depth) + ab_depth);
        }
        for (int32_t r0 = 0; r0 < call->rows; r0 += 4) {
            const int32_t row_count = call->rows - r0 < 4 ? call->rows - r0 : 4;
            const int8_t *rows[4];
            int32_t row_term[4];
            for (int32_t r = 0; r < 4; ++r) {
                /* Rows past the last repeat it (their sums are not used). */
                rows[r] = call->lhs + (size_t)(r0 + (r < row_count ? r : row_count - 1)) * depth;
                row_term[r] = r < row_count ? (int32_t)(b * (uint32_t)row_sum(rows[r], depth)) : 0;
            }
            dot_rows(rows, depth, rhs, count, sums);
            int8_t *out = call->output + (size_t)r0 * call->cols + c0;
            if (call->shift > 0) {
                finish_rows(call, sums, col_term, row_term, row_count, count, out, 1, &overflow);
            } else if (call->shift == 0) {
                finish_rows(call, sums, col_term, row_term, row_count, count, out, 0, &overflow);
            } else {
                finish_rows(call, sums, col_term, row_term, row_count, count, out, -1, &overflow);
            }
        }
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
