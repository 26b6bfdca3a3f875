/*
 * nn_scalar.h: the register-blocked matrix core shared by the portable (*_scalar.c) kernels (not
 * public API). Plain C11 for any 32-bit core; written for this project.
 *
 * A convolution is a matrix product once each output pixel's receptive field is one contiguous
 * row of int8 values (a 1x1 convolution's input pixel, or a gathered patch): output pixel p,
 * channel o = bias[o] + sum over k of (row_p[k] + input_offset) * filter_o[k]. Three things keep
 * the instruction count down on cores without SIMD:
 *
 * - the input offset leaves the inner loop: sum (x + a) w = sum x w + a * sum w, and
 *   bias[o] + a * sum w is computed once per channel and call (nn_scalar_fold_bias);
 * - two pixels by two channels per inner loop (nn_scalar_pair_by_filters): each loaded input
 *   value serves two channels and each loaded weight two pixels, so four multiply-accumulates
 *   take four loads, with the four accumulators in registers;
 * - requantization of a chunk of channels for two or three pixels in one tight loop
 *   (nn_scalar_requantize_rows), each channel's multiplier and shift decoded once, with the
 *   arithmetic of nn_requantize_fast, bit-exact with nn_requantize
 *   (tests/kernels:dsp_requantize_test).
 *
 * Sums wrap modulo 2^32 like the unblocked kernels' int32 sums, so the folded order gives the
 * same bytes.
 */
#ifndef M55ML_CC_NN_INTERNAL_NN_SCALAR_H_
#define M55ML_CC_NN_INTERNAL_NN_SCALAR_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal/nn_cores.h"
#include "internal/nn_support.h"

#if defined(__ARM_FEATURE_SAT)
#include <arm_acle.h>
#endif

/* Output channels whose folded biases and accumulators a kernel keeps on the stack at once. */
#define NN_SCALAR_CHANNEL_CHUNK 64

/** folded[i] = bias[i] (0 when bias is NULL) + input_offset * sum of filter row i, for `count`
 * rows of `depth` int8 weights starting at `filters`. */
static inline void nn_scalar_fold_bias(const int8_t *filters, int32_t depth, int32_t count,
                                       const int32_t *bias, int32_t input_offset, int32_t *folded)
{
    for (int32_t i = 0; i < count; ++i) {
        int32_t sum = 0;
        for (int32_t k = 0; k < depth; ++k) {
            sum += *filters++;
        }
        folded[i] = (int32_t)((uint32_t)(bias != NULL ? bias[i] : 0) +
                              (uint32_t)input_offset * (uint32_t)sum);
    }
}

/* Pixel values v0, v1 by channel weights f0, f1 into the 2 x 2 accumulators. */
static inline void nn_scalar_mac_2x2(int32_t v0, int32_t v1, int32_t f0, int32_t f1, int32_t *a00,
                                     int32_t *a01, int32_t *a10, int32_t *a11)
{
    *a00 += v0 * f0;
    *a01 += v0 * f1;
    *a10 += v1 * f0;
    *a11 += v1 * f1;
}

/*
 * acc0[i] = folded[i] + row0 . filter_i and acc1[i] = folded[i] + row1 . filter_i for the `count`
 * filter rows of `depth` weights from `filters` (row1 may be row0). Two channels at a time with
 * the 2 x 2 accumulators in registers; out of line so the loop owns the registers.
 */
static __attribute__((noinline, unused)) void
nn_scalar_pair_by_filters(const int8_t *row0, const int8_t *row1, int32_t depth,
                          const int8_t *filters, int32_t count, const int32_t *folded,
                          int32_t *acc0, int32_t *acc1)
{
    /* Row 1 and filter row i + 1 are addressed from row 0 and filter row i, so the loop moves
     * two pointers, not four. */
    const ptrdiff_t row_step = row1 - row0;
    const int8_t *w = filters;
    int32_t i = 0;
    for (; i + 1 < count; i += 2) {
        const int8_t *x = row0;
        const int8_t *const w_end4 = w + (depth & ~3);
        const int8_t *const w_end = w + depth;
        int32_t a00 = folded[i];
        int32_t a01 = folded[i + 1];
        int32_t a10 = a00;
        int32_t a11 = a01;
        while (w != w_end4) {
            nn_scalar_mac_2x2(x[0], x[row_step], w[0], w[depth], &a00, &a01, &a10, &a11);
            nn_scalar_mac_2x2(x[1], x[row_step + 1], w[1], w[depth + 1], &a00, &a01, &a10, &a11);
            nn_scalar_mac_2x2(x[2], x[row_step + 2], w[2], w[depth + 2], &a00, &a01, &a10, &a11);
            nn_scalar_mac_2x2(x[3], x[row_step + 3], w[3], w[depth + 3], &a00, &a01, &a10, &a11);
            x += 4;
            w += 4;
        }
        while (w != w_end) {
            nn_scalar_mac_2x2(x[0], x[row_step], w[0], w[depth], &a00, &a01, &a10, &a11);
            ++x;
            ++w;
        }
        acc0[i] = a00;
        acc0[i + 1] = a01;
        acc1[i] = a10;
        acc1[i + 1] = a11;
        /* The next pair starts after this pair's second row. */
        w += depth;
    }
    if (i < count) {
        int32_t a0 = folded[i];
        int32_t a1 = a0;
        for (int32_t k = 0; k < depth; ++k) {
            const int32_t f = w[k];
            a0 += row0[k] * f;
            a1 += row1[k] * f;
        }
        acc0[i] = a0;
        acc1[i] = a1;
    }
}

/*
 * One depth step of the 3 x 2 block: rows *x, *x + depth, *x + 2 * depth against filter rows
 * *w, *w + depth, then both pointers advance by one. The empty asm statements keep GCC from
 * rewriting the unrolled steps' addresses as base + constant offsets, which costs one register
 * per offset (more than a 32-bit core has); each step then loads with the pointer and the one
 * stride register, and advances the pointers with post-increment addressing.
 */
static inline void nn_scalar_step_3x2(const int8_t **x, const int8_t **w, int32_t depth,
                                      int32_t *a00, int32_t *a01, int32_t *a10, int32_t *a11,
                                      int32_t *a20, int32_t *a21)
{
    const int8_t *px = *x;
    const int8_t *pw = *w;
    const int32_t f1 = pw[depth];
    const int32_t f0 = *pw++;
    const int32_t v1 = px[depth];
    const int32_t v2 = px[2 * depth];
    const int32_t v0 = *px++;
    *a00 += v0 * f0;
    *a01 += v0 * f1;
    *a10 += v1 * f0;
    *a11 += v1 * f1;
    *a20 += v2 * f0;
    *a21 += v2 * f1;
    *x = px;
    *w = pw;
}

/*
 * nn_scalar_pair_by_filters for three rows `depth` values apart (rows[0 .. 3 * depth), as three
 * adjacent pixels of a dense NHWC image or three gathered patches are), into acc0, acc1, acc2.
 * Three pixels by two channels: two weight loads and three input loads per six
 * multiply-accumulates. With the rows and the filter rows both `depth` apart, the loop needs
 * only two moving pointers and one stride (row 2 is addressed as row 0 + 2 * depth), so its six
 * accumulators and five operands fit a 32-bit core's registers.
 */
static __attribute__((noinline, unused)) void
nn_scalar_triple_by_filters(const int8_t *rows, int32_t depth, const int8_t *filters, int32_t count,
                            const int32_t *folded, int32_t *acc0, int32_t *acc1, int32_t *acc2)
{
    const int8_t *w = filters;
    int32_t i = 0;
    for (; i + 1 < count; i += 2) {
        const int8_t *x = rows;
        const int8_t *const w_end = w + depth;
        int32_t a00 = folded[i];
        int32_t a01 = folded[i + 1];
        int32_t a10 = a00;
        int32_t a11 = a01;
        int32_t a20 = a00;
        int32_t a21 = a01;
        while (w != w_end) {
            nn_scalar_step_3x2(&x, &w, depth, &a00, &a01, &a10, &a11, &a20, &a21);
        }
        acc0[i] = a00;
        acc0[i + 1] = a01;
        acc1[i] = a10;
        acc1[i + 1] = a11;
        acc2[i] = a20;
        acc2[i + 1] = a21;
        /* The next pair starts after this pair's second row. */
        w += depth;
    }
    if (i < count) {
        int32_t a0 = folded[i];
        int32_t a1 = a0;
        int32_t a2 = a0;
        for (int32_t k = 0; k < depth; ++k) {
            const int32_t f = w[k];
            a0 += rows[k] * f;
            a1 += rows[depth + k] * f;
            a2 += rows[2 * depth + k] * f;
        }
        acc0[i] = a0;
        acc1[i] = a1;
        acc2[i] = a2;
    }
}

/** The output stage of a convolution: requantize per channel, add the output offset, clamp. */
typedef struct {
    const int32_t *multiplier;
    const int32_t *shift;
    int32_t output_offset;
    int32_t act_min;
    int32_t act_max;
} nn_scalar_output_stage;

/* clamp(requantize(value, m, s) + output_offset): nn_requantize_fast's arithmetic. */
static inline int8_t nn_scalar_output(int32_t value, int32_t m, int32_t s, int32_t output_offset,
                                      int32_t act_min, int32_t act_max, bool *overflow)
{
    if (__builtin_expect(s > 0, 0)) {
        value = nn_shift_left_checked(value, s, overflow);
    }
    value = nn_high_multiply(value, m);
    if (s < 0) {
        value = nn_round_shift_right(value, ~s);
    }
#if defined(__ARM_FEATURE_SAT) && defined(__GNUC__)
    /* Callers that pass the full int8 range as constants get a single SSAT. */
    if (__builtin_constant_p(act_min) && __builtin_constant_p(act_max) && act_min == INT8_MIN &&
        act_max == INT8_MAX) {
        return (int8_t)__ssat(value + output_offset, 8);
    }
#endif
    return nn_clamp_to_s8(value + output_offset, act_min, act_max);
}

/*
 * The loop of nn_scalar_requantize_rows with the clamp bounds as parameters, so that a call
 * with the constant full int8 range compiles to a single saturate where the core has one.
 */
static inline __attribute__((always_inline)) bool
nn_scalar_requantize_loop(const int32_t *acc, int32_t rows, int32_t count,
                          const int32_t *multiplier, const int32_t *shift, int32_t output_offset,
                          int32_t act_min, int32_t act_max, int8_t *out, int32_t out_stride)
{
    const int32_t *const acc_end = acc + count;
    bool overflow = false;
    if (rows == 3) {
        while (acc != acc_end) {
            const int32_t m = *multiplier++;
            const int32_t s = *shift++;
            out[0] = nn_scalar_output(acc[0], m, s, output_offset, act_min, act_max, &overflow);
            out[out_stride] = nn_scalar_output(acc[NN_SCALAR_CHANNEL_CHUNK], m, s, output_offset,
                                               act_min, act_max, &overflow);
            out[2 * out_stride] = nn_scalar_output(acc[2 * NN_SCALAR_CHANNEL_CHUNK], m, s,
                                                   output_offset, act_min, act_max, &overflow);
            ++acc;
            ++out;
        }
    } else if (rows == 2) {
        while (acc != acc_end) {
            const int32_t m = *multiplier++;
            const int32_t s = *shift++;
            out[0] = nn_scalar_output(acc[0], m, s, output_offset, act_min, act_max, &overflow);
            out[out_stride] = nn_scalar_output(acc[NN_SCALAR_CHANNEL_CHUNK], m, s, output_offset,
                                               act_min, act_max, &overflow);
            ++acc;
            ++out;
        }
    } else {
        while (acc != acc_end) {
            *out++ = nn_scalar_output(*acc++, *multiplier++, *shift++, output_offset, act_min,
                                      act_max, &overflow);
        }
    }
    return overflow;
}

/**
 * out[r * out_stride + i] = clamp(requantize(acc[r * NN_SCALAR_CHANNEL_CHUNK + i],
 * multiplier[i], shift[i]) + output_offset) for `rows` (1, 2 or 3) pixels of `count` channels
 * (multiplier and shift already offset to the first channel): each channel's multiplier and
 * shift are loaded once for every row. Sets *overflowed when a left shift overflows. Out of
 * line: one tight loop keeps its values in registers.
 */
static __attribute__((noinline, unused)) void
nn_scalar_requantize_rows(const int32_t *acc, int32_t rows, int32_t count,
                          const int32_t *multiplier, const int32_t *shift,
                          const nn_scalar_output_stage *stage, int8_t *out, int32_t out_stride,
                          bool *overflowed)
{
    bool overflow;
    if (stage->act_min == INT8_MIN && stage->act_max == INT8_MAX) {
        overflow =
            nn_scalar_requantize_loop(acc, rows, count, multiplier, shift, stage->output_offset,
                                      INT8_MIN, INT8_MAX, out, out_stride);
    } else {
        overflow =
            nn_scalar_requantize_loop(acc, rows, count, multiplier, shift, stage->output_offset,
                                      stage->act_min, stage->act_max, out, out_stride);
    }
    if (overflow) {
        *overflowed = true;
    }
}

/* ---- The interior of 3x3 depthwise layers, a channel at a time (every ISA class's depthwise
 * core without a better one uses it). ---- */

/* One row of taps (weights w0, w1, w2) for two horizontally adjacent output pixels of one
 * channel, `stride` (1 or 2, a constant after inlining) input pixels apart, from `x`. */
static inline __attribute__((always_inline)) void nn_dw_row_pair(const int8_t *x, int32_t channels,
                                                                 int32_t stride, int32_t w0,
                                                                 int32_t w1, int32_t w2,
                                                                 int32_t *a0, int32_t *a1)
{
    const int32_t x0 = x[0];
    const int32_t x1 = x[channels];
    const int32_t x2 = x[2 * channels];
    const int32_t x3 = x[3 * channels];
    *a0 += x0 * w0;
    *a0 += x1 * w1;
    *a0 += x2 * w2;
    if (stride == 1) {
        *a1 += x1 * w0;
        *a1 += x2 * w1;
        *a1 += x3 * w2;
    } else {
        *a1 += x2 * w0;
        *a1 += x3 * w1;
        *a1 += x[4 * channels] * w2;
    }
}

/*
 * The interior of a 3x3 layer (windows wholly in the image), one channel at a time: the
 * channel's nine weights are copied to a local array (loaded with constant offsets from the
 * stack, no pointer), its bias folded with the input offset, and each output row is walked two
 * pixels at a time, so every weight loaded serves two pixels and, at stride 1, two of the four
 * input columns a row of the pair reads serve both pixels. Each output is requantized as soon as
 * its pair is done. `stride` and the clamp bounds are constants after inlining.
 */
static inline __attribute__((always_inline)) bool
nn_dw_3x3_channel(const int8_t *in, int8_t *out, const int8_t *filter, int32_t folded, int32_t m,
                  int32_t s, int32_t channels, int32_t in_row_step, int32_t out_row_step,
                  int32_t rows, int32_t cols, int32_t stride_h, int32_t stride,
                  int32_t output_offset, int32_t act_min, int32_t act_max)
{
    int32_t k[9];
    for (int32_t t = 0; t < 9; ++t) {
        k[t] = filter[(size_t)t * channels];
    }
    const int32_t step = stride * channels;
    bool overflow = false;
    for (int32_t r = 0; r < rows; ++r) {
        const int8_t *p = in;
        int8_t *o = out;
        int32_t c = cols;
        for (; c >= 2; c -= 2) {
            int32_t a0 = folded;
            int32_t a1 = folded;
            nn_dw_row_pair(p, channels, stride, k[0], k[1], k[2], &a0, &a1);
            nn_dw_row_pair(p + in_row_step, channels, stride, k[3], k[4], k[5], &a0, &a1);
            nn_dw_row_pair(p + 2 * in_row_step, channels, stride, k[6], k[7], k[8], &a0, &a1);
            o[0] = nn_scalar_output(a0, m, s, output_offset, act_min, act_max, &overflow);
            o[channels] = nn_scalar_output(a1, m, s, output_offset, act_min, act_max, &overflow);
            p += 2 * step;
            o += 2 * channels;
        }
        if (c != 0) {
            int32_t a0 = folded;
            const int8_t *x = p;
            for (int32_t ky = 0; ky < 3; ++ky) {
                a0 += x[0] * k[3 * ky];
                a0 += x[channels] * k[3 * ky + 1];
                a0 += x[2 * channels] * k[3 * ky + 2];
                x += in_row_step;
            }
            o[0] = nn_scalar_output(a0, m, s, output_offset, act_min, act_max, &overflow);
        }
        in += (size_t)stride_h * in_row_step;
        out += out_row_step;
    }
    return overflow;
}

/* nn_dw_3x3_channel for the strides and clamp bounds MobileNetV2 uses, out of line. */
static inline bool nn_dw_3x3_strided(const int8_t *in, int8_t *out, const int8_t *filter,
                                     int32_t folded, int32_t m, int32_t s, int32_t channels,
                                     int32_t in_row_step, int32_t out_row_step, int32_t rows,
                                     int32_t cols, int32_t stride_h, int32_t stride_w,
                                     const nn_scalar_output_stage *stage)
{
    const bool full = stage->act_min == INT8_MIN && stage->act_max == INT8_MAX;
    if (stride_w == 1 && full) {
        return nn_dw_3x3_channel(in, out, filter, folded, m, s, channels, in_row_step, out_row_step,
                                 rows, cols, stride_h, 1, stage->output_offset, INT8_MIN, INT8_MAX);
    }
    if (stride_w == 1) {
        return nn_dw_3x3_channel(in, out, filter, folded, m, s, channels, in_row_step, out_row_step,
                                 rows, cols, stride_h, 1, stage->output_offset, stage->act_min,
                                 stage->act_max);
    }
    if (stride_w == 2 && full) {
        return nn_dw_3x3_channel(in, out, filter, folded, m, s, channels, in_row_step, out_row_step,
                                 rows, cols, stride_h, 2, stage->output_offset, INT8_MIN, INT8_MAX);
    }
    return nn_dw_3x3_channel(in, out, filter, folded, m, s, channels, in_row_step, out_row_step,
                             rows, cols, stride_h, 2, stage->output_offset, stage->act_min,
                             stage->act_max);
}

/* [*lo, *hi): the output positions along one axis whose window of `kernel` taps lies wholly in
 * an input of `size` (empty when *lo == *hi). */
static inline void nn_dw_interior_range(int32_t size, int32_t kernel, int32_t stride,
                                        int32_t padding, int32_t out_size, int32_t *lo, int32_t *hi)
{
    const int32_t last_start = size - kernel + padding;
    *lo = (padding + stride - 1) / stride;
    *hi = last_start < 0 ? 0 : last_start / stride + 1;
    if (*hi > out_size) {
        *hi = out_size;
    }
    if (*hi < *lo) {
        *hi = *lo;
    }
}

/** The output pixels of a depthwise convolution whose 3x3 window lies wholly in the image:
 * rows [oy_lo, oy_hi) x columns [ox_lo, ox_hi); empty (oy_lo == oy_hi) when the layer is not a
 * multiplier-1, undilated 3x3 one at horizontal stride 1 or 2, or has no such pixel. */
typedef struct {
    int32_t oy_lo;
    int32_t oy_hi;
    int32_t ox_lo;
    int32_t ox_hi;
} nn_dw_interior;

static inline nn_dw_interior nn_dw_3x3_interior(const nn_dw_conv_call *call)
{
    nn_dw_interior r = {0, 0, 0, 0};
    const cmsis_nn_dw_conv_params *params = call->dw_conv_params;
    if (call->filter_dims->h != 3 || call->filter_dims->w != 3 || params->ch_mult != 1 ||
        params->dilation.h != 1 || params->dilation.w != 1 ||
        (params->stride.w != 1 && params->stride.w != 2)) {
        return r;
    }
    nn_dw_interior_range(call->input_dims->h, 3, params->stride.h, params->padding.h,
                         call->output_dims->h, &r.oy_lo, &r.oy_hi);
    nn_dw_interior_range(call->input_dims->w, 3, params->stride.w, params->padding.w,
                         call->output_dims->w, &r.ox_lo, &r.ox_hi);
    if (r.ox_lo == r.ox_hi) {
        r.oy_hi = r.oy_lo;
    }
    return r;
}

/**
 * Every output pixel of `interior` (nn_dw_3x3_interior, not empty), every channel and batch,
 * one channel at a time: the channel's weights copied to the stack, its bias folded with the
 * input offset, each output row walked two pixels per step (nn_dw_3x3_channel). Returns true
 * when a left shift overflowed.
 */
static __attribute__((noinline, unused)) bool
nn_scalar_depthwise_3x3_interior(const nn_dw_conv_call *call, const nn_dw_interior *interior)
{
    const cmsis_nn_dw_conv_params *params = call->dw_conv_params;
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t channels = call->input_dims->c;
    const int32_t out_h = call->output_dims->h;
    const int32_t out_w = call->output_dims->w;
    const nn_scalar_output_stage stage = {call->quant_params->multiplier, call->quant_params->shift,
                                          params->output_offset, params->activation.min,
                                          params->activation.max};
    bool overflowed = false;
    for (int32_t c = 0; c < channels; ++c) {
        int32_t sum = 0;
        for (int32_t t = 0; t < 9; ++t) {
            sum += call->filter_data[(size_t)t * channels + c];
        }
        const int32_t folded =
            (int32_t)((uint32_t)(call->bias_data != NULL ? call->bias_data[c] : 0) +
                      (uint32_t)params->input_offset * (uint32_t)sum);
        for (int32_t b = 0; b < call->input_dims->n; ++b) {
            const int8_t *in =
                call->input_data + (size_t)b * in_h * in_w * channels +
                ((size_t)(interior->oy_lo * params->stride.h - params->padding.h) * in_w +
                 (size_t)(interior->ox_lo * params->stride.w - params->padding.w)) *
                    channels +
                c;
            int8_t *out =
                call->output_data +
                (((size_t)b * out_h + interior->oy_lo) * out_w + interior->ox_lo) * channels + c;
            if (nn_dw_3x3_strided(
                    in, out, call->filter_data + c, folded, call->quant_params->multiplier[c],
                    call->quant_params->shift[c], channels, in_w * channels, out_w * channels,
                    interior->oy_hi - interior->oy_lo, interior->ox_hi - interior->ox_lo,
                    params->stride.h, params->stride.w, &stage)) {
                overflowed = true;
            }
        }
    }
    return overflowed;
}

/**
 * Any depthwise convolution (channel multipliers, dilation, any window): each output pixel a
 * block of NN_SCALAR_CHANNEL_CHUNK channels at a time, the taps the outer loop and the block's
 * accumulators the inner one (a tap's channels are adjacent in the input and the filter).
 * Returns true when a left shift overflowed.
 */
static __attribute__((noinline, unused)) bool
nn_scalar_depthwise_general(const nn_dw_conv_call *call)
{
    int8_t *output_data = call->output_data;
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t in_c = call->input_dims->c;
    const int32_t kernel_h = call->filter_dims->h;
    const int32_t kernel_w = call->filter_dims->w;
    const int32_t out_c = call->output_dims->c;
    const int32_t ch_mult = call->dw_conv_params->ch_mult;

    const int32_t input_offset = call->dw_conv_params->input_offset;
    bool overflowed = false;

    int32_t acc[NN_SCALAR_CHANNEL_CHUNK];
    for (int32_t b = 0; b < call->input_dims->n; ++b) {
        const int8_t *batch_in = call->input_data + (size_t)b * in_h * in_w * in_c;
        for (int32_t oy = 0; oy < call->output_dims->h; ++oy) {
            const int32_t base_y =
                oy * call->dw_conv_params->stride.h - call->dw_conv_params->padding.h;
            for (int32_t ox = 0; ox < call->output_dims->w; ++ox) {
                const int32_t base_x =
                    ox * call->dw_conv_params->stride.w - call->dw_conv_params->padding.w;
                for (int32_t block = 0; block < out_c; block += NN_SCALAR_CHANNEL_CHUNK) {
                    const int32_t count = out_c - block < NN_SCALAR_CHANNEL_CHUNK
                                              ? out_c - block
                                              : NN_SCALAR_CHANNEL_CHUNK;
                    for (int32_t i = 0; i < count; ++i) {
                        acc[i] = call->bias_data != NULL ? call->bias_data[block + i] : 0;
                    }
                    for (int32_t ky = 0; ky < kernel_h; ++ky) {
                        const int32_t iy = base_y + ky * call->dw_conv_params->dilation.h;
                        if (iy < 0 || iy >= in_h) {
                            continue;
                        }
                        for (int32_t kx = 0; kx < kernel_w; ++kx) {
                            const int32_t ix = base_x + kx * call->dw_conv_params->dilation.w;
                            if (ix < 0 || ix >= in_w) {
                                continue;
                            }
                            const int8_t *pixel = batch_in + ((size_t)iy * in_w + ix) * in_c;
                            const int8_t *weights =
                                call->filter_data + ((size_t)ky * kernel_w + kx) * out_c + block;
                            if (ch_mult == 1) {
                                const int8_t *values = pixel + block;
                                for (int32_t i = 0; i < count; ++i) {
                                    acc[i] += (values[i] + input_offset) * weights[i];
                                }
                            } else {
                                for (int32_t i = 0; i < count; ++i) {
                                    const int32_t value = pixel[(block + i) / ch_mult];
                                    acc[i] += (value + input_offset) * weights[i];
                                }
                            }
                        }
                    }
                    for (int32_t i = 0; i < count; ++i) {
                        const int32_t oc = block + i;
                        const int32_t scaled =
                            nn_requantize(acc[i], call->quant_params->multiplier[oc],
                                          call->quant_params->shift[oc], &overflowed);
                        output_data[oc] =
                            nn_clamp_to_s8(scaled + call->dw_conv_params->output_offset,
                                           call->dw_conv_params->activation.min,
                                           call->dw_conv_params->activation.max);
                    }
                }
                output_data += out_c;
            }
        }
    }
    return overflowed;
}

#endif /* M55ML_CC_NN_INTERNAL_NN_SCALAR_H_ */
