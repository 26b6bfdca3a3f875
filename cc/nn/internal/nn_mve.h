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

/* The rows of one four-channel block of nn_mve_finish_rows for one shift class (a constant):
 * `full` blocks store four lanes unpredicated, the last block of a count that is not a multiple
 * of four its lanes in
 * `pred`; every row r < row_count. */
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

/* Interleaves values [k0, k0 + length) of four rows, 16 at a time, into packed (row r's step s
 * at packed + 64 * s + 16 * r), zero-padding the last step. */
static inline void nn_mve_pack_rows(const int8_t *const rows[4], int32_t k0, int32_t length,
                                    int8_t *packed)
{
    const int32_t full_steps = length >> 4;
    const int32_t tail = length & 15;
    for (int32_t r = 0; r < 4; ++r) {
        const int8_t *src = rows[r] + k0;
        int8_t *dst = packed + 16 * r;
        for (int32_t step = 0; step < full_steps; ++step) {
            vstrbq_s8(dst, vldrbq_s8(src));
            src += 16;
            dst += 64;
        }
        if (tail != 0) {
            vstrbq_s8(dst, vldrbq_z_s8(src, vctp8q((uint32_t)tail)));
        }
    }
}

/* The eight VMLADAVA(A) of one 16-value step of nn_mve_pair_steps: `op` is "vmladav" (the
 * first step: the sums start from its products) or "vmladava". */
#define NN_MVE_PAIR_STEP(op)                                                                       \
    "vldrb.u8 q0, [%[pa]], #16\n\t"                                                                \
    "vldrb.u8 q1, [%[pb]], #16\n\t"                                                                \
    "vldrb.u8 q2, [%[px]], #16\n\t"                                                                \
    "vldrb.u8 q3, [%[px]], #16\n\t" op ".s8 %[a0], q2, q0\n\t" op ".s8 %[b0], q2, q1\n\t"          \
    "vldrb.u8 q2, [%[px]], #16\n\t" op ".s8 %[a1], q3, q0\n\t" op ".s8 %[b1], q3, q1\n\t"          \
    "vldrb.u8 q3, [%[px]], #16\n\t" op ".s8 %[a2], q2, q0\n\t" op ".s8 %[b2], q2, q1\n\t" op       \
    ".s8 %[a3], q3, q0\n\t" op ".s8 %[b3], q3, q1\n\t"

/*
 * Dot products of two filter rows (wa, wb) with the four packed rows at x, `steps` (>= 1)
 * 16-value steps, into column i (row wa) and i + 1 (row wb) of *sums: added to the sums there
 * when `accumulate`, else the first step's products start them (no zeroing). Two filter rows
 * share every input load: 6 loads and 8 VMLADAVA per 128 multiply-accumulates. VMLADAVA
 * accumulates only into even registers, and the eight sums need all of them, LR included (so
 * the loop counts with SUBS/BNE rather than LE): GCC cannot be asked for that allocation from
 * C (it spills), hence the assembly.
 */
static inline __attribute__((always_inline)) void
nn_mve_pair_steps(const int8_t *x, const int8_t *wa, const int8_t *wb, int32_t steps,
                  nn_mve_row_sums *sums, int32_t i, bool accumulate)
{
    register int32_t a0 __asm__("r0");
    register int32_t b0 __asm__("r2");
    register int32_t a1 __asm__("r4");
    register int32_t b1 __asm__("r6");
    register int32_t a2 __asm__("r8");
    register int32_t b2 __asm__("r10");
    register int32_t a3 __asm__("r12");
    register int32_t b3 __asm__("r14");
    register const int8_t *px __asm__("r1") = x;
    register const int8_t *pa __asm__("r3") = wa;
    register const int8_t *pb __asm__("r5") = wb;
    register int32_t n __asm__("r9") = steps;
    if (accumulate) {
        a0 = (*sums)[0][i];
        b0 = (*sums)[0][i + 1];
        a1 = (*sums)[1][i];
        b1 = (*sums)[1][i + 1];
        a2 = (*sums)[2][i];
        b2 = (*sums)[2][i + 1];
        a3 = (*sums)[3][i];
        b3 = (*sums)[3][i + 1];
        __asm__ volatile("1:\n\t" NN_MVE_PAIR_STEP("vmladava") "subs %[n], %[n], #1\n\t"
                                                               "bne 1b"
                         : [a0] "+r"(a0), [b0] "+r"(b0), [a1] "+r"(a1), [b1] "+r"(b1),
                           [a2] "+r"(a2), [b2] "+r"(b2), [a3] "+r"(a3), [b3] "+r"(b3),
                           [px] "+r"(px), [pa] "+r"(pa), [pb] "+r"(pb), [n] "+r"(n)
                         :
                         : "q0", "q1", "q2", "q3", "cc", "memory");
    } else {
        __asm__ volatile(NN_MVE_PAIR_STEP("vmladav") "subs %[n], %[n], #1\n\t"
                                                     "beq 2f\n"
                                                     "1:\n\t" NN_MVE_PAIR_STEP(
                                                         "vmladava") "subs %[n], %[n], #1\n\t"
                                                                     "bne 1b\n"
                                                                     "2:"
                         : [a0] "=&r"(a0), [b0] "=&r"(b0), [a1] "=&r"(a1), [b1] "=&r"(b1),
                           [a2] "=&r"(a2), [b2] "=&r"(b2), [a3] "=&r"(a3), [b3] "=&r"(b3),
                           [px] "+r"(px), [pa] "+r"(pa), [pb] "+r"(pb), [n] "+r"(n)
                         :
                         : "q0", "q1", "q2", "q3", "cc", "memory");
    }
    (*sums)[0][i] = a0;
    (*sums)[0][i + 1] = b0;
    (*sums)[1][i] = a1;
    (*sums)[1][i + 1] = b1;
    (*sums)[2][i] = a2;
    (*sums)[2][i + 1] = b2;
    (*sums)[3][i] = a3;
    (*sums)[3][i + 1] = b3;
}

/* The channel pairs of one packed chunk (see nn_mve_rows_by_filters); `accumulate` a constant
 * where this is inlined. Every pair but the last runs all `steps`: a partial last step reads
 * the filter row's next bytes, in the next row, against zero padding. The last pair (whose
 * second row may be the filter's last, or repeat the first row for an odd count) loads its
 * last step predicated. */
static inline __attribute__((always_inline)) void
nn_mve_pairs_of_chunk(const int8_t *packed, const int8_t *w, int32_t depth, int32_t count,
                      int32_t steps, int32_t tail, nn_mve_row_sums *sums, bool accumulate)
{
    const int32_t last_pair = (count - 1) & ~1;
    int32_t i = 0;
    for (; i < last_pair; i += 2) {
        nn_mve_pair_steps(packed, w, w + depth, steps, sums, i, accumulate);
        w += 2 * depth;
    }
    const int8_t *wb = i + 1 < count ? w + depth : w;
    if (steps > 1) {
        nn_mve_pair_steps(packed, w, wb, steps - 1, sums, i, accumulate);
    } else if (!accumulate) {
        for (int32_t r = 0; r < 4; ++r) {
            (*sums)[r][i] = 0;
            (*sums)[r][i + 1] = 0;
        }
    }
    const mve_pred16_t pred = vctp8q((uint32_t)(tail != 0 ? tail : 16));
    const int32_t offset = 16 * (steps - 1);
    const int8x16_t va = vldrbq_z_s8(w + offset, pred);
    const int8x16_t vb = vldrbq_z_s8(wb + offset, pred);
    for (int32_t r = 0; r < 4; ++r) {
        const int8x16_t xv = vldrbq_s8(packed + 4 * offset + 16 * r);
        (*sums)[r][i] = vmladavaq_s8((*sums)[r][i], xv, va);
        (*sums)[r][i + 1] = vmladavaq_s8((*sums)[r][i + 1], xv, vb);
    }
}

/**
 * Shared core of every pointwise-shaped product (1x1 convolution, im2col convolution): up to
 * four input rows of `depth` int8 values (row r at rows + r * row_stride), each multiplied by
 * the filter rows [oc_begin, oc_end) (at most NN_MVE_CHANNEL_CHUNK of them; row oc at
 * filter + oc * depth), plus base[oc - oc_begin]
 * (nn_mve_filter_bases), requantized per channel, offset and clamped:  out[r * out_row_stride + oc]
 * for r < row_count (1..4).
 *
 * VMLADAVA multiplies 16 int8 pairs into a scalar accumulator. A depth of at most 16 keeps the
 * four input vectors in registers for every filter row. Deeper rows are interleaved 16 bytes at
 * a time into a stack buffer, NN_MVE_PACKED_DEPTH values of each row at a time (zero-padded to a
 * whole step), and two filter rows go through it together (nn_mve_pair_steps). Because the
 * padding is zero, the last step may read a filter row's 16 bytes past its end (into the next
 * row) without changing the sums; only the chunk's last filter row, which may end the filter
 * tensor, loads that step predicated. The sums are requantized afterwards four channels per
 * vector (nn_mve_finish_rows; `shift_class` as there). Overflowing lanes set *overflow.
 */
static __attribute__((noinline, unused)) void
nn_mve_rows_by_filters(const int8_t *rows, int32_t row_stride, int32_t row_count, int32_t depth,
                       const int8_t *filter, int32_t oc_begin, int32_t oc_end, const int32_t *base,
                       const int32_t *multiplier, const int32_t *shift, int32_t output_offset,
                       int32_t act_min, int32_t act_max, int8_t *out, int32_t out_row_stride,
                       nn_mve_shift_class shift_class, mve_pred16_t *overflow)
{
    nn_mve_row_sums sums;
    const int32_t count = oc_end - oc_begin;
    const int8_t *w = filter + (size_t)oc_begin * depth;
    /* Rows beyond row_count repeat row 0 (their sums are not used). */
    const int8_t *const sources[4] = {
        rows,
        rows + (row_count > 1 ? row_stride : 0),
        rows + (row_count > 2 ? 2 * row_stride : 0),
        rows + (row_count > 3 ? 3 * row_stride : 0),
    };

    if (depth <= 16) {
        const mve_pred16_t pred = vctp8q((uint32_t)depth);
        const int8x16_t x0 = vldrbq_z_s8(sources[0], pred);
        const int8x16_t x1 = vldrbq_z_s8(sources[1], pred);
        const int8x16_t x2 = vldrbq_z_s8(sources[2], pred);
        const int8x16_t x3 = vldrbq_z_s8(sources[3], pred);
        /* The inputs' inactive lanes are zero, so a weight load may run past its row into the
         * next ones while 16 bytes of the chunk's rows remain; the last rows load predicated. */
        const int32_t unpredicated = count + 1 - (16 + depth - 1) / depth;
        int32_t i = 0;
        for (; i < unpredicated; ++i) {
            const int8x16_t wv = vldrbq_s8(w);
            sums[0][i] = vmladavq_s8(x0, wv);
            sums[1][i] = vmladavq_s8(x1, wv);
            sums[2][i] = vmladavq_s8(x2, wv);
            sums[3][i] = vmladavq_s8(x3, wv);
            w += depth;
        }
        for (; i < count; ++i) {
            const int8x16_t wv = vldrbq_z_s8(w, pred);
            sums[0][i] = vmladavq_s8(x0, wv);
            sums[1][i] = vmladavq_s8(x1, wv);
            sums[2][i] = vmladavq_s8(x2, wv);
            sums[3][i] = vmladavq_s8(x3, wv);
            w += depth;
        }
    } else {
        int8_t packed[4 * NN_MVE_PACKED_DEPTH] __attribute__((aligned(16)));
        for (int32_t k0 = 0; k0 < depth; k0 += NN_MVE_PACKED_DEPTH) {
            const int32_t length =
                depth - k0 < NN_MVE_PACKED_DEPTH ? depth - k0 : NN_MVE_PACKED_DEPTH;
            const int32_t steps = (length + 15) >> 4;
            const int32_t tail = length & 15;
            nn_mve_pack_rows(sources, k0, length, packed);
            if (k0 == 0) {
                nn_mve_pairs_of_chunk(packed, w, depth, count, steps, tail, &sums, false);
            } else {
                nn_mve_pairs_of_chunk(packed, w + k0, depth, count, steps, tail, &sums, true);
            }
        }
    }
    nn_mve_finish_rows((const nn_mve_row_sums *)&sums, row_count, count, base,
                       multiplier + oc_begin, shift + oc_begin, output_offset, act_min, act_max,
                       out + oc_begin, out_row_stride, shift_class, overflow);
}

#endif /* M55ML_CC_NN_INTERNAL_NN_MVE_H_ */
