/*
 * nn_mve.h: Helium (MVE) helpers shared by this library's *_mve.c kernels (not public API).
 *
 * Requantization is CMSIS-NN's double rounding, lane by lane, bit-exact with nn_requantize:
 *   1. x << max(s, 0): VSHL; a lane overflowed when shifting the result back (arithmetic right
 *      shift) does not give x. (Comparing with VQSHL would miss values that wrap to exactly
 *      INT32_MIN, e.g. -48256 << 24.) Overflowing lanes are reported the way nn_requantize
 *      reports them (the kernel returns an error).
 *   2. (x * m + 2^30) >> 31: VQRDMULH computes sat((2 * x * m + 2^31) >> 32), the same value for
 *      every pair except (INT32_MIN, INT32_MIN), which nn_quant_pair_is_valid refuses.
 *   3. rounding right shift, ties away from zero: VRSHL rounds ties up (towards +inf), so a
 *      negative value is first lowered by one (saturating; INT32_MIN stays exact because it is a
 *      multiple of every power of two), which turns "ties up" into "ties away from zero".
 * tests/kernels/mve_requantize_test.c checks every form here against nn_requantize lane by lane
 * on the simulator (edges, .5 ties of both signs, every shift), and the firmware case runner
 * grades every kernel against the same oracles as the host tests.
 */
#ifndef M55ML_CC_NN_INTERNAL_NN_MVE_H_
#define M55ML_CC_NN_INTERNAL_NN_MVE_H_

#include <arm_mve.h>
#include <stdbool.h>
#include <stdint.h>

#include "internal/nn_support.h"

/** Requantizes four lanes sharing one (multiplier, shift) pair; sets bits of *overflow for
 * lanes whose left shift does not fit int32. */
static inline int32x4_t nn_mve_requantize_uniform(int32x4_t acc, int32_t multiplier, int32_t shift,
                                                  mve_pred16_t *overflow)
{
    if (shift > 0) {
        const int32x4_t shifted = vshlq_r_s32(acc, shift);
        *overflow |= vcmpneq_s32(vshlq_r_s32(shifted, -shift), acc);
        return vqrdmulhq_n_s32(shifted, multiplier);
    }
    int32x4_t high = vqrdmulhq_n_s32(acc, multiplier);
    if (shift < 0) {
        high = vqaddq_s32(high, vshrq_n_s32(high, 31));
        high = vrshlq_n_s32(high, shift);
    }
    return high;
}

/** Requantizes four lanes with per-lane multipliers and shifts. `left` = max(shift, 0) and
 * `right` = min(shift, 0) per lane (see nn_mve_split_shifts); `has_left` false skips the left
 * shift and its overflow check when every lane's shift is <= 0. */
static inline int32x4_t nn_mve_requantize_lanes(int32x4_t acc, int32x4_t multiplier, int32x4_t left,
                                                int32x4_t right, bool has_left,
                                                mve_pred16_t *overflow)
{
    if (has_left) {
        const int32x4_t shifted = vshlq_s32(acc, left);
        *overflow |= vcmpneq_s32(vshlq_s32(shifted, vnegq_s32(left)), acc);
        acc = shifted;
    }
    int32x4_t high = vqrdmulhq_s32(acc, multiplier);
    /* right >> 31 is -1 exactly where a right shift follows: only those lanes take the -1. */
    high = vqaddq_s32(high, vandq_s32(vshrq_n_s32(high, 31), vshrq_n_s32(right, 31)));
    return vrshlq_s32(high, right);
}

/** Splits per-lane shifts into the left (>= 0) and right (<= 0) parts. */
static inline void nn_mve_split_shifts(int32x4_t shift, int32x4_t *left, int32x4_t *right)
{
    const int32x4_t zero = vdupq_n_s32(0);
    *left = vmaxq_s32(shift, zero);
    *right = vminq_s32(shift, zero);
}

/**
 * What the per-channel shifts of one call need, decided once per call so that every inner loop
 * is compiled for one class and carries no per-lane selection it does not need:
 *   NN_MVE_ALL_RIGHT  every shift < 0 (what exporters mostly produce): multiply, fix-up, shift;
 *   NN_MVE_NO_LEFT    every shift <= 0, some 0: the fix-up only in lanes that shift right;
 *   NN_MVE_SAFE_LEFT  some shift > 0, but no accumulator can overflow when shifted left (its
 *                     bound from the weights says so: nn_mve_filter_bases): the left shift
 *                     without the check;
 *   NN_MVE_ANY_SHIFT  some shift > 0: the left shift with its overflow check as well.
 * All three compute nn_requantize exactly; each is a straight run of vector instructions.
 */
typedef enum {
    NN_MVE_ALL_RIGHT,
    NN_MVE_NO_LEFT,
    NN_MVE_SAFE_LEFT,
    NN_MVE_ANY_SHIFT,
} nn_mve_shift_class;

static inline nn_mve_shift_class nn_mve_classify_shifts(const int32_t *shift, int32_t count)
{
    int32_t largest = INT32_MIN;
    for (int32_t i = 0; i < count; ++i) {
        largest = shift[i] > largest ? shift[i] : largest;
    }
    return largest > 0 ? NN_MVE_ANY_SHIFT : largest == 0 ? NN_MVE_NO_LEFT : NN_MVE_ALL_RIGHT;
}

/** The lanes of an overflow vector of nn_mve_requant4_apply that overflowed, as a predicate. */
static inline mve_pred16_t nn_mve_overflowed(int32x4_t overflow_lanes)
{
    return vcmpneq_s32(overflow_lanes, vdupq_n_s32(0));
}

/** The requantization constants of four output channels, loaded once per channel block and
 * used for every pixel of it. */
typedef struct {
    int32x4_t multiplier;
    int32x4_t right;  /* min(shift, 0) */
    int32x4_t left;   /* max(shift, 0) */
    int32x4_t unleft; /* -left: shifts the left-shifted value back for the overflow check */
} nn_mve_requant4;

/** The constants of four channels from their multipliers and shifts, computing only the fields
 * class `shift_class` (a constant where this is inlined) uses: all right shifts need none but
 * the shift itself. */
static inline __attribute__((always_inline)) nn_mve_requant4
nn_mve_requant4_make(int32x4_t multiplier, int32x4_t shift, nn_mve_shift_class shift_class)
{
    const int32x4_t zero = vdupq_n_s32(0);
    nn_mve_requant4 q;
    q.multiplier = multiplier;
    q.right = shift_class == NN_MVE_ALL_RIGHT ? shift : vminq_s32(shift, zero);
    q.left = vmaxq_s32(shift, zero);
    q.unleft = vnegq_s32(q.left);
    return q;
}

/** nn_mve_requant4_make of the four channels at `multiplier`, `shift` (lanes in `pred`). */
static inline __attribute__((always_inline)) nn_mve_requant4
nn_mve_requant4_load(const int32_t *multiplier, const int32_t *shift, mve_pred16_t pred,
                     nn_mve_shift_class shift_class)
{
    return nn_mve_requant4_make(vldrwq_z_s32(multiplier, pred), vldrwq_z_s32(shift, pred),
                                shift_class);
}

/** nn_requantize of four lanes with the constants `q`, for shifts of class `shift_class` (a
 * constant where this is inlined). A lane whose left shift overflows leaves a nonzero value in
 * *overflow_lanes (a vector, so the check costs two vector instructions and no predicate moves;
 * the caller folds it into its status once: nn_mve_overflowed). The -1 of the ties-away fix-up
 * goes only to lanes that are negative and shift right: the sign bit of high & right (right is
 * negative exactly there), so no mask register is needed. */
static inline __attribute__((always_inline)) int32x4_t
nn_mve_requant4_apply(int32x4_t acc, const nn_mve_requant4 *q, nn_mve_shift_class shift_class,
                      int32x4_t *overflow_lanes)
{
    if (shift_class == NN_MVE_SAFE_LEFT) {
        acc = vshlq_s32(acc, q->left);
    } else if (shift_class == NN_MVE_ANY_SHIFT) {
        const int32x4_t shifted = vshlq_s32(acc, q->left);
        *overflow_lanes = vorrq_s32(*overflow_lanes, veorq_s32(vshlq_s32(shifted, q->unleft), acc));
        acc = shifted;
    }
    int32x4_t high = vqrdmulhq_s32(acc, q->multiplier);
    const int32x4_t fix =
        vshrq_n_s32(shift_class == NN_MVE_ALL_RIGHT ? high : vandq_s32(high, q->right), 31);
    high = vqaddq_s32(high, fix);
    return vrshlq_s32(high, q->right);
}

/** Adds the output offset and clamps to [act_min, act_max] (int8 values in int32 lanes). */
static inline int32x4_t nn_mve_offset_clamp(int32x4_t value, int32_t output_offset,
                                            int32x4_t act_min, int32x4_t act_max)
{
    return vminq_s32(vmaxq_s32(vaddq_n_s32(value, output_offset), act_min), act_max);
}

/** Output channels whose per-channel constants nn_mve_rows_by_filters takes at a time. */
#define NN_MVE_CHANNEL_CHUNK 32

/**
 * base[oc - oc_begin] = bias[oc] + input_offset * sum(filter row oc) for oc in [oc_begin, oc_end):
 * the input offset folded out of the products (sum (x + o) * w = sum x * w + o * sum w), in the
 * same wrapping int32 arithmetic as the portable kernels. bias may be NULL.
 *
 * Returns the shift class for these channels: `shift_class` (the call's), except that
 * NN_MVE_ANY_SHIFT becomes NN_MVE_SAFE_LEFT when no accumulator base + sum x * w (x raw int8,
 * |x| <= 128) of a channel with a left shift can leave int32 when shifted: |base| + 128 * sum |w|
 * is at most INT32_MAX >> shift.
 */
static inline nn_mve_shift_class nn_mve_filter_bases(const int8_t *filter, int32_t depth,
                                                     const int32_t *bias, int32_t input_offset,
                                                     const int32_t *shift, int32_t oc_begin,
                                                     int32_t oc_end, nn_mve_shift_class shift_class,
                                                     int32_t *base)
{
    const bool bound_left = shift_class == NN_MVE_ANY_SHIFT;
    bool left_safe = true;
    for (int32_t oc = oc_begin; oc < oc_end; ++oc) {
        const int8_t *w = filter + (size_t)oc * depth;
        int32_t weight_sum = 0;
        uint32_t magnitude_sum = 0;
        if (bound_left) {
            for (int32_t k = 0; k < depth; k += 16) {
                const int8x16_t wv = vldrbq_z_s8(w + k, vctp8q((uint32_t)(depth - k)));
                weight_sum = vaddvaq_s8(weight_sum, wv);
                /* |-128| is 0x80: exact read as unsigned. */
                magnitude_sum = vaddvaq_u8(magnitude_sum, vreinterpretq_u8_s8(vabsq_s8(wv)));
            }
        } else {
            for (int32_t k = 0; k < depth; k += 16) {
                weight_sum =
                    vaddvaq_s8(weight_sum, vldrbq_z_s8(w + k, vctp8q((uint32_t)(depth - k))));
            }
        }
        const int32_t value = (int32_t)((uint32_t)(bias != NULL ? bias[oc] : 0) +
                                        (uint32_t)input_offset * (uint32_t)weight_sum);
        base[oc - oc_begin] = value;
        if (bound_left && shift[oc] > 0) {
            const uint64_t bound = (uint64_t)(value < 0 ? -(int64_t)value : (int64_t)value) +
                                   128u * (uint64_t)magnitude_sum;
            left_safe = left_safe && bound <= ((uint64_t)INT32_MAX >> shift[oc]);
        }
    }
    return shift_class == NN_MVE_ANY_SHIFT && left_safe ? NN_MVE_SAFE_LEFT : shift_class;
}

/** Depth the packed path interleaves at a time (its on-stack buffer holds four rows of it). */
#define NN_MVE_PACKED_DEPTH 256

/* Sums of one block: sums[r][oc - oc_begin] for four rows and up to NN_MVE_CHANNEL_CHUNK
 * output channels, plus one column a channel pair of an odd count writes and nobody reads. */
typedef int32_t nn_mve_row_sums[4][NN_MVE_CHANNEL_CHUNK + 4];

/* The rows r < row_count of one four-channel block of nn_mve_finish_rows for one shift class
 * (a constant): `full` blocks load and store four lanes unpredicated; the last block of a count
 * that is not a multiple of four stores only the lanes in `pred`. */
static inline __attribute__((always_inline)) void
nn_mve_finish_block(const nn_mve_row_sums *sums, int32_t row_count, int32_t i, mve_pred16_t pred,
                    bool full, const int32_t *base, const int32_t *multiplier, const int32_t *shift,
                    int32_t output_offset, int32x4_t lo, int32x4_t hi, int8_t *out,
                    int32_t out_row_stride, nn_mve_shift_class shift_class,
                    int32x4_t *overflow_lanes)
{
    const nn_mve_requant4 q =
        full ? nn_mve_requant4_make(vldrwq_s32(multiplier + i), vldrwq_s32(shift + i), shift_class)
             : nn_mve_requant4_load(multiplier + i, shift + i, pred, shift_class);
    const int32x4_t bias = full ? vldrwq_s32(base + i) : vldrwq_z_s32(base + i, pred);
    int8_t *o = out + i;
    for (int32_t r = 0; r < row_count; ++r) {
        /* The sums buffer is larger than any block: lanes past the count are read but never
         * stored, except that the overflow check must not see them. */
        const int32x4_t sum = full || shift_class != NN_MVE_ANY_SHIFT
                                  ? vldrwq_s32(&(*sums)[r][i])
                                  : vldrwq_z_s32(&(*sums)[r][i], pred);
        int32x4_t acc =
            nn_mve_requant4_apply(vaddq_s32(sum, bias), &q, shift_class, overflow_lanes);
        acc = nn_mve_offset_clamp(acc, output_offset, lo, hi);
        if (full) {
            vstrbq_s32(o, acc);
        } else {
            vstrbq_p_s32(o, acc, pred);
        }
        o += out_row_stride;
    }
}

/* nn_mve_finish_rows for one shift class (a constant: each class is its own loop). */
static inline __attribute__((always_inline)) void
nn_mve_finish_rows_of_class(const nn_mve_row_sums *sums, int32_t row_count, int32_t count,
                            const int32_t *base, const int32_t *multiplier, const int32_t *shift,
                            int32_t output_offset, int32_t act_min, int32_t act_max, int8_t *out,
                            int32_t out_row_stride, nn_mve_shift_class shift_class,
                            mve_pred16_t *overflow)
{
    const int32x4_t lo = vdupq_n_s32(act_min);
    const int32x4_t hi = vdupq_n_s32(act_max);
    int32x4_t overflow_lanes = vdupq_n_s32(0);
    int32_t i = 0;
    for (; i + 4 <= count; i += 4) {
        nn_mve_finish_block(sums, row_count, i, 0, true, base, multiplier, shift, output_offset, lo,
                            hi, out, out_row_stride, shift_class, &overflow_lanes);
    }
    if (i < count) {
        nn_mve_finish_block(sums, row_count, i, vctp32q((uint32_t)(count - i)), false, base,
                            multiplier, shift, output_offset, lo, hi, out, out_row_stride,
                            shift_class, &overflow_lanes);
    }
    *overflow |= nn_mve_overflowed(overflow_lanes);
}

/**
 * Requantizes sums[r][i] + base[i] for r < row_count, i < count (output channels oc_begin + i),
 * four channels per vector with their own multipliers and shifts, and stores them contiguously
 * at out + r * out_row_stride + oc_begin + i. The channel constants are loaded once for the four
 * rows; `shift_class` (nn_mve_classify_shifts of the call) picks the loop compiled for it.
 */
static inline void nn_mve_finish_rows(const nn_mve_row_sums *sums, int32_t row_count, int32_t count,
                                      const int32_t *base, const int32_t *multiplier,
                                      const int32_t *shift, int32_t output_offset, int32_t act_min,
                                      int32_t act_max, int8_t *out, int32_t out_row_stride,
                                      nn_mve_shift_class shift_class, mve_pred16_t *overflow)
{
    switch (shift_class) {
    case NN_MVE_ALL_RIGHT:
        nn_mve_finish_rows_of_class(sums, row_count, count, base, multiplier, shift, output_offset,
                                    act_min, act_max, out, out_row_stride, NN_MVE_ALL_RIGHT,
                                    overflow);
        break;
    case NN_MVE_NO_LEFT:
        nn_mve_finish_rows_of_class(sums, row_count, count, base, multiplier, shift, output_offset,
                                    act_min, act_max, out, out_row_stride, NN_MVE_NO_LEFT,
                                    overflow);
        break;
    case NN_MVE_SAFE_LEFT:
        nn_mve_finish_rows_of_class(sums, row_count, count, base, multiplier, shift, output_offset,
                                    act_min, act_max, out, out_row_stride, NN_MVE_SAFE_LEFT,
                                    overflow);
        break;
    default:
        nn_mve_finish_rows_of_class(sums, row_count, count, base, multiplier, shift, output_offset,
                                    act_min, act_max, out, out_row_stride, NN_MVE_ANY_SHIFT,
                                    overflow);
        break;
    }
}

/**
 * Shared core of every pointwise-shaped product (1x1 convolution, im2col convolution): up to
 * four input rows of `depth` int8 values (row r at rows + r * row_stride), each multiplied by
 * the filter rows [oc_begin, oc_end) (at most NN_MVE_CHANNEL_CHUNK of them; row oc at
 * filter + oc * depth), plus base[oc - oc_begin] (nn_mve_filter_bases), requantized per
 * channel, offset and clamped: out[r * out_row_stride + oc] for r < row_count (1..4).
 * `shift_class` is nn_mve_classify_shifts of the call (or nn_mve_filter_bases' refinement);
 * overflowing lanes set *overflow.
 *
 * VMLADAVA multiplies 16 int8 pairs into a scalar accumulator. A depth of at most 16 keeps the
 * four input vectors in registers for every filter row. Deeper rows are interleaved 16 bytes at
 * a time into a stack buffer, NN_MVE_PACKED_DEPTH values of each row at a time (zero-padded to a
 * whole step), and two filter rows go through it together: 6 loads and 8 VMLADAVA per 128
 * multiply-accumulates, the first step of a chunk a VMLADAV that starts the sums. Because the
 * padding is zero, a last partial step may read a filter row's 16 bytes past its end (into the
 * next row) without changing the sums; only the chunk's last pair, whose second row may end
 * the filter tensor, loads that step predicated. The sums are requantized afterwards four
 * channels per vector with the constants loaded once for the four rows, a loop compiled per
 * shift class.
 *
 * Defined in ConvolutionFunctions/arm_convolve_1x1_s8_mve.c: one copy serves both convolution
 * cores.
 */
void nn_mve_rows_by_filters(const int8_t *rows, int32_t row_stride, int32_t row_count,
                            int32_t depth, const int8_t *filter, int32_t oc_begin, int32_t oc_end,
                            const int32_t *base, const int32_t *multiplier, const int32_t *shift,
                            int32_t output_offset, int32_t act_min, int32_t act_max, int8_t *out,
                            int32_t out_row_stride, nn_mve_shift_class shift_class,
                            mve_pred16_t *overflow);

#endif /* M55ML_CC_NN_INTERNAL_NN_MVE_H_ */
