/*
 * nn_dsp.h: DSP-extension (SIMD32) helpers shared by this library's *_dsp.c kernels (not public
 * API). Written for this project from Arm's ACLE and instruction-set documentation.
 *
 * The multiply-accumulate core is SMLAD: two signed 16x16 products added into a 32-bit
 * accumulator. Four int8 values loaded as one word are widened by SXTB16 into two int16 pairs,
 * bytes (0, 2) and, with the word rotated by 8, bytes (1, 3); SXTAB16 adds an offset to both
 * halves in the same instruction, so (x + input_offset) costs nothing extra. The two operands
 * of SMLAD only have to pair the same positions, which they do when both sides are widened the
 * same way.
 *
 * Products are exact: (x + offset) and (w + offset) fit int16 for every offset this library
 * accepts, and the accumulators wrap modulo 2^32 like the portable kernels' int32 sums.
 * Requantization goes through nn_requantize_fast (nn_support.h), bit-exact with nn_requantize.
 */
#ifndef M55ML_CC_NN_INTERNAL_NN_DSP_H_
#define M55ML_CC_NN_INTERNAL_NN_DSP_H_

#if !defined(__ARM_FEATURE_DSP) || __ARM_FEATURE_DSP != 1
#error                                                                                             \
    "nn_dsp.h: the DSP kernels need a core with the DSP extension (Cortex-M4/M7/M33/M55); build this core with the portable kernels (//cc/nn:cores_scalar)"
#endif

#include <arm_acle.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "internal/nn_support.h"

/* Deepest row (input channels, or patch values) the two-pixel core packs on the stack: two
 * pixels of int16 = 4 * NN_DSP_PACK_DEPTH bytes. Deeper rows take the one-pixel core. */
#define NN_DSP_PACK_DEPTH 576

/** Four int8 values as one word (an unaligned LDR; the DSP-class cores allow it). */
static inline int32_t nn_dsp_read4(const int8_t *p)
{
    int32_t word;
    memcpy(&word, p, sizeof word);
    return word;
}

/* SXTB16 / SXTAB16 with the operand rotated by 8: bytes 1 and 3. GCC 12 does not fold a
 * rotation written in C into the instruction's ROR field, so the rotated forms are spelled out. */
static inline int32_t nn_dsp_sxtb16_odd(int32_t word)
{
    int32_t result;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(result) : "r"(word));
    return result;
}

static inline int32_t nn_dsp_sxtab16_odd(int32_t pair, int32_t word)
{
    int32_t result;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(result) : "r"(pair), "r"(word));
    return result;
}

/** True when int8 + `offset` always fits int16, which the widening cores rely on (cc/ops passes
 * offsets in [-127, 128]; other callers' offsets take the kernels' plain C loops). */
static inline bool nn_dsp_offset_fits(int32_t offset)
{
    return offset >= INT16_MIN - INT8_MIN && offset <= INT16_MAX - INT8_MAX;
}

/** `value` in both halfwords (value in int16 range). */
static inline int32_t nn_dsp_pair(int32_t value)
{
    return (int32_t)(((uint32_t)value & 0xffffu) * 0x10001u);
}

/** Two pixels' rows widened to int16 with the input offset added (nn_dsp_pack_pair). */
typedef struct {
    /* Per four values one quad of words: row0 bytes 0/2, row0 bytes 1/3, row1 bytes 0/2,
     * row1 bytes 1/3 (each a pair of int16). */
    int32_t quads[NN_DSP_PACK_DEPTH];
    /* The depth % 4 values after the last quad: row0's, then row1's. */
    int16_t tail[6];
} nn_dsp_packed_pair;

/** Packs two rows of `depth` (<= NN_DSP_PACK_DEPTH) int8 values, each plus `offset`. */
static inline void nn_dsp_pack_pair(const int8_t *row0, const int8_t *row1, int32_t depth,
                                    int32_t offset, nn_dsp_packed_pair *pair)
{
    const int32_t offset_pair = nn_dsp_pair(offset);
    int32_t *packed = pair->quads;
    int32_t quads = depth >> 2;
    while (quads-- > 0) {
        const int32_t a = nn_dsp_read4(row0);
        const int32_t b = nn_dsp_read4(row1);
        row0 += 4;
        row1 += 4;
        packed[0] = __sxtab16(offset_pair, a);
        packed[1] = nn_dsp_sxtab16_odd(offset_pair, a);
        packed[2] = __sxtab16(offset_pair, b);
        packed[3] = nn_dsp_sxtab16_odd(offset_pair, b);
        packed += 4;
    }
    int16_t *tail = pair->tail;
    const int32_t rest = depth & 3;
    for (int32_t i = 0; i < rest; ++i) {
        tail[i] = (int16_t)(row0[i] + offset);
        tail[rest + i] = (int16_t)(row1[i] + offset);
    }
}

/**
 * The shift classes of a call's per-channel shifts, each with a requantization loop of its own
 * (nn_dsp_requantize_row): every shift <= 0 (what exporters produce) needs no left shift;
 * shifts up to +2, and up to +30, fold the left shift into the doubling of the SMMULR form with
 * a bound check of one instruction (small) or three (any); a shift of +31 (which only 0 and -1
 * survive) takes the exact loop.
 */
typedef enum {
    NN_DSP_SHIFTS_RIGHT = 0,
    NN_DSP_SHIFTS_SMALL_LEFT = 1,
    NN_DSP_SHIFTS_LEFT = 2,
    NN_DSP_SHIFTS_EXACT = 3,
} nn_dsp_shift_class;

/* The largest shift the NN_DSP_SHIFTS_SMALL_LEFT loop takes (x saturated to 29 bits, then
 * shifted left by up to 3) and the largest the NN_DSP_SHIFTS_LEFT loop takes (x << (shift + 1)
 * must be a valid C shift). */
#define NN_DSP_SMALL_LEFT_SHIFT_MAX 2
#define NN_DSP_LEFT_SHIFT_MAX 30

/** CMSIS-style output stage: requantize, add the output offset, clamp to the activation. */
typedef struct {
    const int32_t *multiplier;
    const int32_t *shift;
    int32_t output_offset;
    int32_t act_min;
    int32_t act_max;
    /* Which requantization loop the call's shifts take (nn_dsp_shift_class). */
    nn_dsp_shift_class shift_class;
} nn_dsp_output_stage;

/** The output stage of a call with per-channel `quant_params` over `channels` channels. */
static inline nn_dsp_output_stage
nn_dsp_stage(const cmsis_nn_per_channel_quant_params *quant_params, int32_t channels,
             int32_t output_offset, const cmsis_nn_activation *activation)
{
    int32_t max_shift = NN_SHIFT_MIN;
    for (int32_t i = 0; i < channels; ++i) {
        if (quant_params->shift[i] > max_shift) {
            max_shift = quant_params->shift[i];
        }
    }
    const nn_dsp_shift_class shift_class =
        max_shift <= 0                             ? NN_DSP_SHIFTS_RIGHT
        : max_shift <= NN_DSP_SMALL_LEFT_SHIFT_MAX ? NN_DSP_SHIFTS_SMALL_LEFT
        : max_shift <= NN_DSP_LEFT_SHIFT_MAX       ? NN_DSP_SHIFTS_LEFT
                                                   : NN_DSP_SHIFTS_EXACT;
    const nn_dsp_output_stage stage = {quant_params->multiplier, quant_params->shift, output_offset,
                                       activation->min,          activation->max,     shift_class};
    return stage;
}

static inline int8_t nn_dsp_output(nn_dsp_output_stage stage, int32_t acc, int32_t channel,
                                   bool *overflowed)
{
    const int32_t scaled =
        nn_requantize_fast(acc, stage.multiplier[channel], stage.shift[channel], overflowed);
    return nn_clamp_to_s8(scaled + stage.output_offset, stage.act_min, stage.act_max);
}

/* Output channels whose accumulators a kernel holds before requantizing them together. */
#define NN_DSP_CHANNEL_CHUNK 32

/* SMMULR: (a * b + 2^31) >> 32 with a 64-bit product (not in GCC 12's arm_acle.h). */
static inline int32_t nn_dsp_smmulr(int32_t a, int32_t b)
{
    int32_t result;
    __asm__("smmulr %0, %1, %2" : "=r"(result) : "r"(a), "r"(b));
    return result;
}

/** max(shift, 0) + 1: the left shift that doubles (and left-shifts) x for SMMULR. */
static inline int32_t nn_dsp_left_amount(int32_t shift)
{
    return (shift & ~(shift >> 31)) + 1;
}

/** The exact loop: nn_requantize_fast element by element (any valid shift). */
static __attribute__((noinline, unused)) void
nn_dsp_requantize_row_exact(const int32_t *acc, int32_t count, const int32_t *multiplier,
                            const int32_t *shift, const nn_dsp_output_stage *stage, int8_t *out,
                            bool *overflowed)
{
    const int32_t output_offset = stage->output_offset;
    const int32_t act_min = stage->act_min;
    const int32_t act_max = stage->act_max;
    bool overflow = false;
    for (int32_t i = 0; i < count; ++i) {
        const int32_t scaled = nn_requantize_fast(acc[i], multiplier[i], shift[i], &overflow);
        out[i] = nn_clamp_to_s8(scaled + output_offset, act_min, act_max);
    }
    if (overflow) {
        *overflowed = true;
    }
}

/* The value SMMULR takes for channel shift s: x << (max(s, 0) + 1), as x has been bounded. */
#define NN_DSP_RIGHT_DOUBLE(x, s) __qdbl(x)
#define NN_DSP_SMALL_LEFT_DOUBLE(x, s)                                                             \
    ((int32_t)((uint32_t)__ssat((x), 29) << nn_dsp_left_amount(s)))

/**
 * out[i] = clamp(requantize(acc[i], multiplier[i], shift[i]) + output_offset) for `count`
 * channels; sets *overflowed when a left shift overflows. One tight loop per row of outputs,
 * so the requantization's live values stay in registers.
 *
 * The doubling high multiply (x * m + 2^30) >> 31 is SMMULR(2x, m) = (2x * m + 2^31) >> 32, the
 * same value while 2x fits int32; with a left shift s > 0 first, it is SMMULR(x << (s + 1), m)
 * while that fits. One loop per shift class of the call (nn_dsp_shift_class):
 * - right shifts only: 2x by QDADD's saturating doubling (__qdbl), which sets the sticky Q flag
 *   when |x| is too large;
 * - shifts up to +2: x saturated to 29 bits by SSAT (which sets the Q flag when |x| >= 2^28,
 *   and leaves every other x as it is), then shifted left by max(s, 0) + 1 <= 3;
 * - shifts up to +30: x << (max(s, 0) + 1), and the bits a shift back does not restore are
 *   collected in one word;
 * a row that could not be formed exactly (Q flag, or a lost bit) is computed again by the exact
 * loop, which also reports a genuine overflow; shifts of +31 take the exact loop directly
 * (tests/kernels:dsp_requantize_row_test covers every loop).
 */
static __attribute__((noinline)) void nn_dsp_requantize_row(const int32_t *acc, int32_t count,
                                                            const int32_t *multiplier,
                                                            const int32_t *shift,
                                                            const nn_dsp_output_stage *stage,
                                                            int8_t *out, bool *overflowed)
{
    const int32_t output_offset = stage->output_offset;
    const int32_t act_min = stage->act_min;
    const int32_t act_max = stage->act_max;
#define NN_DSP_ROW_LOOP(DOUBLE)                                                                    \
    for (int32_t i = 0; i < count; ++i) {                                                          \
        const int32_t s = shift[i];                                                                \
        int32_t value = nn_dsp_smmulr(DOUBLE(acc[i], s), multiplier[i]);                           \
        if (s < 0) {                                                                               \
            value = nn_round_shift_right(value, ~s);                                               \
        }                                                                                          \
        out[i] = nn_clamp_to_s8(value + output_offset, act_min, act_max);                          \
    }
    switch (stage->shift_class) {
    case NN_DSP_SHIFTS_RIGHT:
        __set_saturation_occurred(0);
        NN_DSP_ROW_LOOP(NN_DSP_RIGHT_DOUBLE)
        if (!__saturation_occurred()) {
            return;
        }
        break;
    case NN_DSP_SHIFTS_SMALL_LEFT:
        __set_saturation_occurred(0);
        NN_DSP_ROW_LOOP(NN_DSP_SMALL_LEFT_DOUBLE)
        if (!__saturation_occurred()) {
            return;
        }
        break;
    case NN_DSP_SHIFTS_LEFT: {
        uint32_t lost = 0;
        for (int32_t i = 0; i < count; ++i) {
            const int32_t x = acc[i];
            const int32_t s = shift[i];
            const int32_t left = nn_dsp_left_amount(s);
            const int32_t doubled = (int32_t)((uint32_t)x << left);
            lost |= (uint32_t)((doubled >> left) ^ x);
            int32_t value = nn_dsp_smmulr(doubled, multiplier[i]);
            if (s < 0) {
                value = nn_round_shift_right(value, ~s);
            }
            out[i] = nn_clamp_to_s8(value + output_offset, act_min, act_max);
        }
        if (lost == 0) {
            return;
        }
        break;
    }
    default:
        break;
    }
#undef NN_DSP_ROW_LOOP
    nn_dsp_requantize_row_exact(acc, count, multiplier, shift, stage, out, overflowed);
}

/*
 * acc0[0..1] += pixel 0 against rows w0, w1; acc1[0..1] += pixel 1 against them, over `quads`
 * packed quads.
 */
static inline __attribute__((always_inline)) void nn_dsp_pair_quads(const int32_t *p,
                                                                    const int8_t *w0,
                                                                    const int8_t *w1, int32_t quads,
                                                                    int32_t *acc0, int32_t *acc1)
{
    int32_t a00 = acc0[0];
    int32_t a01 = acc0[1];
    int32_t a10 = acc1[0];
    int32_t a11 = acc1[1];
    const int32_t *const p_end = p + 4 * quads;
    while (p != p_end) {
        const int32_t wa = nn_dsp_read4(w0);
        w0 += 4;
        int32_t even = __sxtb16(wa);
        int32_t odd = nn_dsp_sxtb16_odd(wa);
        a00 = __smlad(p[0], even, a00);
        a00 = __smlad(p[1], odd, a00);
        a10 = __smlad(p[2], even, a10);
        a10 = __smlad(p[3], odd, a10);
        const int32_t wb = nn_dsp_read4(w1);
        w1 += 4;
        even = __sxtb16(wb);
        odd = nn_dsp_sxtb16_odd(wb);
        a01 = __smlad(p[0], even, a01);
        a01 = __smlad(p[1], odd, a01);
        a11 = __smlad(p[2], even, a11);
        a11 = __smlad(p[3], odd, a11);
        p += 4;
    }
    acc0[0] = a00;
    acc0[1] = a01;
    acc1[0] = a10;
    acc1[1] = a11;
}

/*
 * nn_dsp_pair_quads as a leaf of its own. Where the channel loop calls it (Armv8-M Mainline), its
 * live values fit the registers, which GCC 12 does not manage with the loop inlined there (a
 * pointer spilled inside the loop); on Armv7E-M the inlined loop allocates without a spill and
 * saves the call, the better trade for shallow rows. Measured on MobileNetV2 (one inference):
 * M33 703 M inlined, 690 M called; M4 678 M inlined, 698 M called.
 */
static __attribute__((noinline, unused)) void nn_dsp_pair_dot(const int32_t *p, const int8_t *w0,
                                                              const int8_t *w1, int32_t quads,
                                                              int32_t *acc0, int32_t *acc1)
{
    /* The same arithmetic as nn_dsp_pair_quads; counted down, which the leaf allocates best
     * (one instruction per quad fewer than an end pointer on Armv8-M). */
    int32_t a00 = acc0[0];
    int32_t a01 = acc0[1];
    int32_t a10 = acc1[0];
    int32_t a11 = acc1[1];
    for (int32_t q = quads; q > 0; --q) {
        const int32_t wa = nn_dsp_read4(w0);
        w0 += 4;
        int32_t even = __sxtb16(wa);
        int32_t odd = nn_dsp_sxtb16_odd(wa);
        a00 = __smlad(p[0], even, a00);
        a00 = __smlad(p[1], odd, a00);
        a10 = __smlad(p[2], even, a10);
        a10 = __smlad(p[3], odd, a10);
        const int32_t wb = nn_dsp_read4(w1);
        w1 += 4;
        even = __sxtb16(wb);
        odd = nn_dsp_sxtb16_odd(wb);
        a01 = __smlad(p[0], even, a01);
        a01 = __smlad(p[1], odd, a01);
        a11 = __smlad(p[2], even, a11);
        a11 = __smlad(p[3], odd, a11);
        p += 4;
    }
    acc0[0] = a00;
    acc0[1] = a01;
    acc1[0] = a10;
    acc1[1] = a11;
}

/*
 * acc0[i] (pixel 0) and acc1[i] (pixel 1) = bias[i] (0 when NULL) + the packed pair against
 * filter row i, for `count` rows of `depth` weights from `filters`: two channels at a time
 * (nn_dsp_pair_dot: 2 x 2 accumulators, each weight word widened once serves both pixels), the
 * depth % 4 tail in C; a lone last channel runs as a pair with itself.
 */
static __attribute__((noinline, unused)) void nn_dsp_pair_rows(const nn_dsp_packed_pair *pair,
                                                               int32_t depth, const int8_t *filters,
                                                               const int32_t *bias, int32_t count,
                                                               int32_t *acc0, int32_t *acc1)
{
    const int32_t quads = depth >> 2;
    const int32_t rest = depth & 3;
    const int16_t *tail = pair->tail;
    for (int32_t i = 0; i < count; i += 2) {
        const int32_t i1 = i + 1 < count ? i + 1 : i;
        const int8_t *w0 = filters + (size_t)i * depth;
        const int8_t *w1 = filters + (size_t)i1 * depth;
        int32_t a0[2] = {bias != NULL ? bias[i] : 0, bias != NULL ? bias[i1] : 0};
        int32_t a1[2] = {a0[0], a0[1]};
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
        nn_dsp_pair_dot(pair->quads, w0, w1, quads, a0, a1);
#else
        nn_dsp_pair_quads(pair->quads, w0, w1, quads, a0, a1);
#endif
        w0 += 4 * quads;
        w1 += 4 * quads;
        for (int32_t k = 0; k < rest; ++k) {
            a0[0] += tail[k] * w0[k];
            a0[1] += tail[k] * w1[k];
            a1[0] += tail[rest + k] * w0[k];
            a1[1] += tail[rest + k] * w1[k];
        }
        acc0[i] = a0[0];
        acc1[i] = a1[0];
        acc0[i1] = a0[1];
        acc1[i1] = a1[1];
    }
}

/*
 * nn_dsp_requantize_row for two pixels' rows of the same channels (acc[0] to out0, acc[1] to
 * out1, which may be the same row; the two rows of accumulators sit one chunk apart, which saves
 * the loop a register): each channel's multiplier and shift loaded once for both, in the loop of
 * the call's shift class; a row pair that could not be formed exactly (Q flag, or a lost bit),
 * and shifts of +31, go through the exact loop row by row, which computes them exactly and
 * reports a genuine overflow.
 */
static __attribute__((noinline, unused)) void
nn_dsp_requantize_row_pair(const int32_t acc[2][NN_DSP_CHANNEL_CHUNK], int32_t count,
                           const int32_t *multiplier, const int32_t *shift,
                           const nn_dsp_output_stage *stage, int8_t *out0, int8_t *out1,
                           bool *overflowed)
{
    const int32_t output_offset = stage->output_offset;
    const int32_t act_min = stage->act_min;
    const int32_t act_max = stage->act_max;
    const int32_t *acc0 = acc[0];
#define NN_DSP_PAIR_LOOP(DOUBLE)                                                                   \
    for (int32_t i = 0; i < count; ++i) {                                                          \
        const int32_t m = multiplier[i];                                                           \
        const int32_t s = shift[i];                                                                \
        int32_t v0 = nn_dsp_smmulr(DOUBLE(acc0[i], s), m);                                         \
        int32_t v1 = nn_dsp_smmulr(DOUBLE(acc0[i + NN_DSP_CHANNEL_CHUNK], s), m);                  \
        if (s < 0) {                                                                               \
            v0 = nn_round_shift_right(v0, ~s);                                                     \
            v1 = nn_round_shift_right(v1, ~s);                                                     \
        }                                                                                          \
        out0[i] = nn_clamp_to_s8(v0 + output_offset, act_min, act_max);                            \
        out1[i] = nn_clamp_to_s8(v1 + output_offset, act_min, act_max);                            \
    }
    switch (stage->shift_class) {
    case NN_DSP_SHIFTS_RIGHT:
        __set_saturation_occurred(0);
        NN_DSP_PAIR_LOOP(NN_DSP_RIGHT_DOUBLE)
        if (!__saturation_occurred()) {
            return;
        }
        break;
    case NN_DSP_SHIFTS_SMALL_LEFT:
        __set_saturation_occurred(0);
        NN_DSP_PAIR_LOOP(NN_DSP_SMALL_LEFT_DOUBLE)
        if (!__saturation_occurred()) {
            return;
        }
        break;
    default:
        /* Rare in practice (exporters produce right shifts): row by row. */
        nn_dsp_requantize_row(acc[0], count, multiplier, shift, stage, out0, overflowed);
        nn_dsp_requantize_row(acc[1], count, multiplier, shift, stage, out1, overflowed);
        return;
    }
#undef NN_DSP_PAIR_LOOP
    nn_dsp_requantize_row_exact(acc[0], count, multiplier, shift, stage, out0, overflowed);
    nn_dsp_requantize_row_exact(acc[1], count, multiplier, shift, stage, out1, overflowed);
}

/**
 * Two packed pixels (nn_dsp_pack_pair) against filter rows [oc_begin, oc_end) of `depth` int8
 * weights each (row oc at filters + oc * depth): out0[oc] and out1[oc] for each of them, two
 * channels at a time (2 x 2 accumulators: each weight word widened once serves two pixels),
 * requantized a chunk of channels at a time (nn_dsp_pair_rows, nn_dsp_requantize_row_pair).
 * `bias` may be NULL. A lone pixel is packed as a pair with itself and passes out1 == out0; a
 * lone last channel runs as a pair with itself.
 */
static inline void nn_dsp_pair_by_filters(const nn_dsp_packed_pair *pair, int32_t depth,
                                          const int8_t *filters, const int32_t *bias,
                                          int32_t oc_begin, int32_t oc_end,
                                          nn_dsp_output_stage stage, int8_t *out0, int8_t *out1,
                                          bool *overflowed)
{
    int32_t acc[2][NN_DSP_CHANNEL_CHUNK];
    for (int32_t chunk = oc_begin; chunk < oc_end; chunk += NN_DSP_CHANNEL_CHUNK) {
        const int32_t count =
            oc_end - chunk < NN_DSP_CHANNEL_CHUNK ? oc_end - chunk : NN_DSP_CHANNEL_CHUNK;
        nn_dsp_pair_rows(pair, depth, filters + (size_t)chunk * depth,
                         bias != NULL ? bias + chunk : NULL, count, acc[0], acc[1]);
        nn_dsp_requantize_row_pair(acc, count, stage.multiplier + chunk, stage.shift + chunk,
                                   &stage, out0 + chunk, out1 + chunk, overflowed);
    }
}

/**
 * One row of `depth` int8 values against two weight rows, with offsets on both sides:
 * acc0 += sum (x + x_offset)(w0 + w_offset), acc1 likewise with w1. For rows too deep to pack
 * and for fully connected layers (one input vector).
 */
static inline void nn_dsp_row_by_two(const int8_t *x, const int8_t *w0, const int8_t *w1,
                                     int32_t depth, int32_t x_offset, int32_t w_offset,
                                     int32_t *acc0, int32_t *acc1)
{
    const int32_t x_pair = nn_dsp_pair(x_offset);
    const int32_t w_pair = nn_dsp_pair(w_offset);
    int32_t a0 = *acc0;
    int32_t a1 = *acc1;
    for (int32_t q = depth >> 2; q > 0; --q) {
        const int32_t xw = nn_dsp_read4(x);
        x += 4;
        const int32_t x_even = __sxtab16(x_pair, xw);
        const int32_t x_odd = nn_dsp_sxtab16_odd(x_pair, xw);
        const int32_t wa = nn_dsp_read4(w0);
        w0 += 4;
        a0 = __smlad(x_even, __sxtab16(w_pair, wa), a0);
        a0 = __smlad(x_odd, nn_dsp_sxtab16_odd(w_pair, wa), a0);
        const int32_t wb = nn_dsp_read4(w1);
        w1 += 4;
        a1 = __smlad(x_even, __sxtab16(w_pair, wb), a1);
        a1 = __smlad(x_odd, nn_dsp_sxtab16_odd(w_pair, wb), a1);
    }
    for (int32_t i = 0; i < (depth & 3); ++i) {
        const int32_t value = x[i] + x_offset;
        a0 += value * (w0[i] + w_offset);
        a1 += value * (w1[i] + w_offset);
    }
    *acc0 = a0;
    *acc1 = a1;
}

#endif /* M55ML_CC_NN_INTERNAL_NN_DSP_H_ */
