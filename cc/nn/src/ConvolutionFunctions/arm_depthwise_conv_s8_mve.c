/*
 * nn_depthwise_conv_s8_core, Helium (MVE): the arithmetic of arm_depthwise_conv_s8.
 *
 * NHWC input and the IHWO filter keep the channels of one tap contiguous, so channels are the
 * vector lanes. Output pixels whose window lies inside the image ("inside" pixels) fold the
 * input offset out of the taps (sum (x + o) * w = sum x * w + o * sum w, the second term set
 * up once per channel block), so a tap is just products of raw int8 values:
 *
 * - 16-channel path (multiplier 1, channel count a multiple of 16: every MobileNet layer): one
 *   pixel, 16 channels per tap with one input load, one weight load and VMULLB/VMULLT (int8 x
 *   int8 -> int16, exact), widened into four int32 accumulators (sixteen_channel_run).
 * - 4-channel path (multiplier 1, other channel counts): four adjacent pixels share each
 *   weight load; four channels per int32x4 (VLDRB.S32 widens on load), one multiply and one add
 *   per vector (MVE's integer VMLA only takes a scalar operand). The last block is predicated.
 * - Border pixels (window partly outside): only the taps inside the image, offset added per
 *   value (pixel_border); with a multiplier, input channels are gathered (VLDRB gather,
 *   o / ch_mult; pixel_general).
 *
 * Channel counts that are not a multiple of 4 end with a predicated block: no lane reads or
 * writes outside the tensors. No scratch buffer is needed.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

/* Largest window pixel_border takes (larger ones use pixel_general). */
#define PIXEL_MAX_TAPS 64

/* Everything the per-pixel loops need, computed once per call. */
typedef struct {
    const int8_t *filter;
    const int32_t *bias;
    const int32_t *multiplier;
    const int32_t *shift;
    int32_t in_h;
    int32_t in_w;
    int32_t in_c;
    int32_t out_c;
    int32_t kernel_h;
    int32_t kernel_w;
    int32_t ch_mult;
    int32_t input_offset;
    int32_t output_offset;
    int32x4_t act_min;
    int32x4_t act_max;
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_tile dilation;
    nn_mve_shift_class shift_class;
} dw_job;

/* acc + a * b per lane (MVE's integer VMLA takes a scalar operand; this is VMUL + VADD). */
static inline int32x4_t mla(int32x4_t acc, int32x4_t a, int32x4_t b)
{
    return vaddq_s32(acc, vmulq_s32(a, b));
}

/* Requantizes, clamps and stores one block of four channels, for shifts of `shift_class` (a
 * constant where this is inlined). */
static inline __attribute__((always_inline)) void
finish_block_of_class(const dw_job *job, int32x4_t acc, const nn_mve_requant4 *q,
                      nn_mve_shift_class shift_class, int8_t *out, mve_pred16_t pred,
                      int32x4_t *overflow_lanes)
{
    acc = nn_mve_requant4_apply(acc, q, shift_class, overflow_lanes);
    acc = nn_mve_offset_clamp(acc, job->output_offset, job->act_min, job->act_max);
    vstrbq_p_s32(out, acc, pred);
}

/* finish_block_of_class for the call's shift class (border pixels: one block at a time), the
 * constants of channels `multiplier`, `shift` loaded for that class. */
static inline __attribute__((always_inline)) void
finish_block(const dw_job *job, int32x4_t acc, const int32_t *multiplier, const int32_t *shift,
             int8_t *out, mve_pred16_t pred, mve_pred16_t *overflow)
{
    int32x4_t overflow_lanes = vdupq_n_s32(0);
    switch (job->shift_class) {
    case NN_MVE_ALL_RIGHT: {
        const nn_mve_requant4 q = nn_mve_requant4_load(multiplier, shift, pred, NN_MVE_ALL_RIGHT);
        finish_block_of_class(job, acc, &q, NN_MVE_ALL_RIGHT, out, pred, &overflow_lanes);
        break;
    }
    case NN_MVE_NO_LEFT: {
        const nn_mve_requant4 q = nn_mve_requant4_load(multiplier, shift, pred, NN_MVE_NO_LEFT);
        finish_block_of_class(job, acc, &q, NN_MVE_NO_LEFT, out, pred, &overflow_lanes);
        break;
    }
    case NN_MVE_SAFE_LEFT: {
        const nn_mve_requant4 q = nn_mve_requant4_load(multiplier, shift, pred, NN_MVE_SAFE_LEFT);
        finish_block_of_class(job, acc, &q, NN_MVE_SAFE_LEFT, out, pred, &overflow_lanes);
        break;
    }
    default: {
        const nn_mve_requant4 q = nn_mve_requant4_load(multiplier, shift, pred, NN_MVE_ANY_SHIFT);
        finish_block_of_class(job, acc, &q, NN_MVE_ANY_SHIFT, out, pred, &overflow_lanes);
        *overflow |= nn_mve_overflowed(overflow_lanes);
        break;
    }
    }
}

/* First and one-past-last tap index k with 0 <= base + k * dilation < size. */
static void valid_taps(int32_t base, int32_t dilation, int32_t taps, int32_t size, int32_t *begin,
                       int32_t *end)
{
    int32_t lo = 0;
    while (lo < taps && base + lo * dilation < 0) {
        ++lo;
    }
    int32_t hi = taps;
    while (hi > lo && base + (hi - 1) * dilation >= size) {
        --hi;
    }
    *begin = lo;
    *end = hi;
}

/* pixel_general for multiplier 1: full channel blocks without predication, the addresses of
 * the valid taps computed once per pixel rather than once per block. */
static __attribute__((noinline)) void pixel_border(const dw_job *job, const int8_t *batch_in,
                                                   int32_t base_y, int32_t base_x, int8_t *out,
                                                   mve_pred16_t *overflow)
{
    const int8_t *inputs[PIXEL_MAX_TAPS];
    const int8_t *filters[PIXEL_MAX_TAPS];
    int32_t ky_begin;
    int32_t ky_end;
    int32_t kx_begin;
    int32_t kx_end;
    valid_taps(base_y, job->dilation.h, job->kernel_h, job->in_h, &ky_begin, &ky_end);
    valid_taps(base_x, job->dilation.w, job->kernel_w, job->in_w, &kx_begin, &kx_end);
    int32_t taps = 0;
    for (int32_t ky = ky_begin; ky < ky_end; ++ky) {
        const int32_t iy = base_y + ky * job->dilation.h;
        for (int32_t kx = kx_begin; kx < kx_end; ++kx) {
            const int32_t ix = base_x + kx * job->dilation.w;
            inputs[taps] = batch_in + ((size_t)iy * job->in_w + ix) * job->in_c;
            filters[taps] = job->filter + ((size_t)ky * job->kernel_w + kx) * job->out_c;
            ++taps;
        }
    }
    const int32_t out_c = job->out_c;
    const int32_t input_offset = job->input_offset;
    const int32_t *const bias = job->bias;
    int32_t c = 0;
    for (; c + 4 <= out_c; c += 4) {
        int32x4_t acc = bias != NULL ? vldrwq_s32(bias + c) : vdupq_n_s32(0);
        for (int32_t t = 0; t < taps; ++t) {
            const int32x4_t x = vaddq_n_s32(vldrbq_s32(inputs[t] + c), input_offset);
            acc = mla(acc, x, vldrbq_s32(filters[t] + c));
        }
        finish_block(job, acc, job->multiplier + c, job->shift + c, out + c, vctp32q(4), overflow);
    }
    if (c < out_c) {
        const mve_pred16_t pred = vctp32q((uint32_t)(out_c - c));
        int32x4_t acc = bias != NULL ? vldrwq_z_s32(bias + c, pred) : vdupq_n_s32(0);
        for (int32_t t = 0; t < taps; ++t) {
            const int32x4_t x = vaddq_n_s32(vldrbq_z_s32(inputs[t] + c, pred), input_offset);
            acc = mla(acc, x, vldrbq_z_s32(filters[t] + c, pred));
        }
        finish_block(job, acc, job->multiplier + c, job->shift + c, out + c, pred, overflow);
    }
}

/* One output pixel, every channel, any multiplier, taps limited to the image. */
static void pixel_general(const dw_job *job, const int8_t *batch_in, int32_t base_y, int32_t base_x,
                          int8_t *out, mve_pred16_t *overflow)
{
    int32_t ky_begin;
    int32_t ky_end;
    int32_t kx_begin;
    int32_t kx_end;
    valid_taps(base_y, job->dilation.h, job->kernel_h, job->in_h, &ky_begin, &ky_end);
    valid_taps(base_x, job->dilation.w, job->kernel_w, job->in_w, &kx_begin, &kx_end);
    for (int32_t c = 0; c < job->out_c; c += 4) {
        const mve_pred16_t pred = vctp32q((uint32_t)(job->out_c - c));
        int32x4_t acc = job->bias != NULL ? vldrwq_z_s32(job->bias + c, pred) : vdupq_n_s32(0);
        /* With a multiplier, output channel o reads input channel o / ch_mult. */
        uint32x4_t gather = vdupq_n_u32(0);
        if (job->ch_mult != 1) {
            uint32_t channels[4];
            for (int32_t i = 0; i < 4; ++i) {
                channels[i] = (uint32_t)((c + i) / job->ch_mult);
            }
            gather = vldrwq_u32(channels);
        }
        for (int32_t ky = ky_begin; ky < ky_end; ++ky) {
            const int32_t iy = base_y + ky * job->dilation.h;
            for (int32_t kx = kx_begin; kx < kx_end; ++kx) {
                const int32_t ix = base_x + kx * job->dilation.w;
                const int8_t *pixel = batch_in + ((size_t)iy * job->in_w + ix) * job->in_c;
                const int32x4_t w = vldrbq_z_s32(
                    job->filter + ((size_t)ky * job->kernel_w + kx) * job->out_c + c, pred);
                const int32x4_t x = job->ch_mult == 1
                                        ? vldrbq_z_s32(pixel + c, pred)
                                        : vldrbq_gather_offset_z_s32(pixel, gather, pred);
                acc = mla(acc, vaddq_n_s32(x, job->input_offset), w);
            }
        }
        finish_block(job, acc, job->multiplier + c, job->shift + c, out + c, pred, overflow);
    }
}

/* Four adjacent output pixels, four channels from `c` (lanes in `pred`), multiplier 1, every
 * tap inside the image. `base` is bias + input_offset * sum(w) for these channels. Always
 * inlined with a constant `predicated`, so full blocks carry no predication. */
static inline __attribute__((always_inline)) void
four_pixels_block(const dw_job *job, const int8_t *window, int32_t c, bool predicated,
                  mve_pred16_t pred, int32x4_t base, const nn_mve_requant4 *q,
                  nn_mve_shift_class shift_class, int8_t *out, int32x4_t *overflow_lanes)
{
    const size_t step = (size_t)job->stride.w * job->in_c;
    const size_t tap_x = (size_t)job->dilation.w * job->in_c;
    const size_t tap_y = (size_t)job->dilation.h * job->in_w * job->in_c;
    int32x4_t a0 = base;
    int32x4_t a1 = base;
    int32x4_t a2 = base;
    int32x4_t a3 = base;
    const int8_t *w = job->filter + c;
    const int8_t *x0 = window + c;
    const int8_t *x1 = x0 + step;
    const int8_t *x2 = x1 + step;
    const int8_t *x3 = x2 + step;
    const size_t next_row = tap_y - (size_t)job->kernel_w * tap_x;
    for (int32_t ky = 0; ky < job->kernel_h; ++ky) {
        for (int32_t kx = 0; kx < job->kernel_w; ++kx) {
            if (predicated) {
                const int32x4_t wv = vldrbq_z_s32(w, pred);
                a0 = mla(a0, vldrbq_z_s32(x0, pred), wv);
                a1 = mla(a1, vldrbq_z_s32(x1, pred), wv);
                a2 = mla(a2, vldrbq_z_s32(x2, pred), wv);
                a3 = mla(a3, vldrbq_z_s32(x3, pred), wv);
            } else {
                const int32x4_t wv = vldrbq_s32(w);
                a0 = mla(a0, vldrbq_s32(x0), wv);
                a1 = mla(a1, vldrbq_s32(x1), wv);
                a2 = mla(a2, vldrbq_s32(x2), wv);
                a3 = mla(a3, vldrbq_s32(x3), wv);
            }
            w += job->out_c;
            x0 += tap_x;
            x1 += tap_x;
            x2 += tap_x;
            x3 += tap_x;
        }
        x0 += next_row;
        x1 += next_row;
        x2 += next_row;
        x3 += next_row;
    }
    finish_block_of_class(job, a0, q, shift_class, out + c, pred, overflow_lanes);
    finish_block_of_class(job, a1, q, shift_class, out + job->out_c + c, pred, overflow_lanes);
    finish_block_of_class(job, a2, q, shift_class, out + 2 * job->out_c + c, pred, overflow_lanes);
    finish_block_of_class(job, a3, q, shift_class, out + 3 * job->out_c + c, pred, overflow_lanes);
}

/* bias + input_offset * (sum of the window's weights) for four channels from `c`. */
static int32x4_t window_base(const dw_job *job, int32_t c, mve_pred16_t pred)
{
    int32x4_t weight_sum = vdupq_n_s32(0);
    const int8_t *w = job->filter + c;
    for (int32_t t = 0; t < job->kernel_h * job->kernel_w; ++t) {
        weight_sum = vaddq_s32(weight_sum, vldrbq_z_s32(w, pred));
        w += job->out_c;
    }
    const int32x4_t bias = job->bias != NULL ? vldrwq_z_s32(job->bias + c, pred) : vdupq_n_s32(0);
    return vmlaq_n_s32(bias, weight_sum, job->input_offset);
}

/* Sixteen bytes, as an asm memory operand. */
typedef struct {
    int8_t bytes[16];
} sixteen_bytes;

/* bias + input_offset * (sum of the window's weights) for the 16 channels from `c`, in the
 * accumulator lane order of sixteen_channel_run_of_class ({0,4,8,12}, {2,6,10,14},
 * {1,5,9,13}, {3,7,11,15}). Windows of up to 255 taps sum their weights 16 channels per step in
 * int16 (|sum| <= 255 * 128), split into even and odd channels by the widening, whose bottom and
 * top halves are exactly those lane orders; larger windows four channels at a time. */
static void sixteen_channel_bases(const dw_job *job, int32_t c, int32x4_t base[4])
{
    static const int32_t lane_start[4] = {0, 2, 1, 3};
    const uint32x4_t quarter_words = vidupq_n_u32(0, 4);
    const int32_t taps = job->kernel_h * job->kernel_w;
    if (taps > 255) {
        int32_t natural[16];
        for (int32_t j = 0; j < 4; ++j) {
            vstrwq_s32(natural + 4 * j, window_base(job, c + 4 * j, vctp32q(4)));
        }
        for (int32_t k = 0; k < 4; ++k) {
            base[k] = vldrwq_gather_shifted_offset_s32(natural + lane_start[k], quarter_words);
        }
        return;
    }
    int16x8_t even = vdupq_n_s16(0);
    int16x8_t odd = vdupq_n_s16(0);
    const int8_t *w = job->filter + c;
    for (int32_t t = 0; t < taps; ++t) {
        const int8x16_t wv = vldrbq_s8(w);
        even = vaddq_s16(even, vmovlbq_s8(wv));
        odd = vaddq_s16(odd, vmovltq_s8(wv));
        w += job->out_c;
    }
    const int32x4_t weight_sums[4] = {vmovlbq_s16(even), vmovltq_s16(even), vmovlbq_s16(odd),
                                      vmovltq_s16(odd)};
    for (int32_t k = 0; k < 4; ++k) {
        const int32x4_t bias =
            job->bias != NULL
                ? vldrwq_gather_shifted_offset_s32(job->bias + c + lane_start[k], quarter_words)
                : vdupq_n_s32(0);
        base[k] = vmlaq_n_s32(bias, weight_sums[k], job->input_offset);
    }
}

/* One tap of sixteen_channel_run_of_class: 16 inputs at x_ptr and 16 weights at byte offset
 * `w_offset` (a literal number) from w_base, their products (exact in int16) widened into the
 * four accumulators (lane order as described there). Assembly, loads included, because GCC
 * otherwise reorders the nine taps of an unrolled window (the loads or the products first) and
 * spills most of them; a tap needs eight vector registers and no more. */
#define SIXTEEN_CHANNEL_TAP(x_ptr, w_base, w_offset)                                               \
    do {                                                                                           \
        const int8_t *const tap_input = (x_ptr);                                                   \
        int8x16_t xv;                                                                              \
        int8x16_t wv;                                                                              \
        int16x8_t product;                                                                         \
        int32x4_t wide;                                                                            \
        __asm__("vldrb.u8 %q[x], [%[xp]]\n\t"                                                      \
                "vldrb.u8 %q[w], [%[wp], #" #w_offset "]\n\t"                                      \
                "vmullb.s8 %q[p], %q[x], %q[w]\n\t"                                                \
                "vmovlb.s16 %q[t], %q[p]\n\t"                                                      \
                "vadd.i32 %q[a0], %q[a0], %q[t]\n\t"                                               \
                "vmovlt.s16 %q[t], %q[p]\n\t"                                                      \
                "vadd.i32 %q[a1], %q[a1], %q[t]\n\t"                                               \
                "vmullt.s8 %q[p], %q[x], %q[w]\n\t"                                                \
                "vmovlb.s16 %q[t], %q[p]\n\t"                                                      \
                "vadd.i32 %q[a2], %q[a2], %q[t]\n\t"                                               \
                "vmovlt.s16 %q[t], %q[p]\n\t"                                                      \
                "vadd.i32 %q[a3], %q[a3], %q[t]"                                                   \
                : [a0] "+w"(a0), [a1] "+w"(a1), [a2] "+w"(a2), [a3] "+w"(a3), [x] "=&w"(xv),       \
                  [w] "=&w"(wv), [p] "=&w"(product), [t] "=&w"(wide)                               \
                : [xp] "r"(tap_input), [wp] "r"(w_base), "m"(*(const sixteen_bytes *)tap_input),   \
                  "m"(*(const sixteen_bytes *)((w_base) + (w_offset))));                           \
    } while (0)

/* Sixteen channels of `count` adjacent inside windows (multiplier 1, in_c a multiple of 16).
 * Each tap is one 16-byte input load and one 16-byte weight load; VMULLB/VMULLT multiply the
 * even and the odd int8 lanes into int16 products (exact: |x * w| <= 2^14), which widen into
 * four int32 accumulators: 16 multiply-accumulates in 2 loads, 2 multiplies, 4 widenings and
 * 4 adds. The accumulators hold channels {0,4,8,12}, {2,6,10,14}, {1,5,9,13} and {3,7,11,15}
 * (relative to the block), so the block's constants are loaded in that order; the input offset
 * is folded into the start value (bias + offset * sum w). 3x3 windows run unrolled from a
 * stack copy of the block's weights (immediate offsets, no address arithmetic).
 *
 * The results narrow back into channel order for free: saturating narrows (VQMOVNB/VQMOVNT)
 * put {0,4,8,12} and {2,6,10,14} into the even and odd int16 lanes of one vector (channels
 * 0,2,...,14) and the other two into a second (1,3,...,15), and narrowing those two into the
 * even and odd bytes gives channels 0..15 in order: one 16-byte store. The output offset is
 * added in int16 with saturation and the clamp done in int8; as [act_min, act_max] lies inside
 * int8, saturating on the way changes no clamped result. */
static inline __attribute__((always_inline)) void
sixteen_channel_run_of_class(const dw_job *job, const int8_t *first_window, int32_t count,
                             int8_t *out, nn_mve_shift_class shift_class, mve_pred16_t *overflow)
{
    static const int32_t lane_start[4] = {0, 2, 1, 3};
    const int32_t out_c = job->out_c;
    const int32_t kernel_h = job->kernel_h;
    const int32_t kernel_w = job->kernel_w;
    const bool three_by_three = kernel_h == 3 && kernel_w == 3;
    const size_t step = (size_t)job->stride.w * job->in_c;
    const size_t tap_x = (size_t)job->dilation.w * job->in_c;
    const size_t tap_y = (size_t)job->dilation.h * job->in_w * job->in_c;
    const size_t next_row = tap_y - kernel_w * tap_x;
    const int16_t output_offset = (int16_t)job->output_offset;
    const int8x16_t lo = vdupq_n_s8((int8_t)vgetq_lane_s32(job->act_min, 0));
    const int8x16_t hi = vdupq_n_s8((int8_t)vgetq_lane_s32(job->act_max, 0));
    const uint32x4_t quarter_words = vidupq_n_u32(0, 4);
    int8_t weights[9 * 16] __attribute__((aligned(16)));
    int32x4_t base[4];
    nn_mve_requant4 q[4];
    int32x4_t overflow_lanes = vdupq_n_s32(0);
    for (int32_t c = 0; c < out_c; c += 16) {
        sixteen_channel_bases(job, c, base);
        /* The constants in accumulator lane order: channels {0,4,8,12}, {2,6,10,14} ... */
        for (int32_t k = 0; k < 4; ++k) {
            const int32_t first = lane_start[k];
            q[k] = nn_mve_requant4_make(
                vldrwq_gather_shifted_offset_s32(job->multiplier + c + first, quarter_words),
                vldrwq_gather_shifted_offset_s32(job->shift + c + first, quarter_words),
                shift_class);
        }
        if (three_by_three) {
            for (int32_t t = 0; t < 9; ++t) {
                vstrbq_s8(weights + 16 * t, vldrbq_s8(job->filter + (size_t)t * out_c + c));
            }
        }
        const int8_t *window = first_window + c;
        int8_t *pixel_out = out + c;
        for (int32_t i = 0; i < count; ++i) {
            int32x4_t a0 = base[0];
            int32x4_t a1 = base[1];
            int32x4_t a2 = base[2];
            int32x4_t a3 = base[3];
            if (three_by_three) {
                /* VLDRB offsets reach +-127: address the nine taps from the middle one. */
                const int8_t *const middle = weights + 64;
                const int8_t *x = window;
                SIXTEEN_CHANNEL_TAP(x, middle, -64);
                SIXTEEN_CHANNEL_TAP(x + tap_x, middle, -48);
                SIXTEEN_CHANNEL_TAP(x + 2 * tap_x, middle, -32);
                x += tap_y;
                SIXTEEN_CHANNEL_TAP(x, middle, -16);
                SIXTEEN_CHANNEL_TAP(x + tap_x, middle, 0);
                SIXTEEN_CHANNEL_TAP(x + 2 * tap_x, middle, 16);
                x += tap_y;
                SIXTEEN_CHANNEL_TAP(x, middle, 32);
                SIXTEEN_CHANNEL_TAP(x + tap_x, middle, 48);
                SIXTEEN_CHANNEL_TAP(x + 2 * tap_x, middle, 64);
            } else {
                const int8_t *x = window;
                const int8_t *w = job->filter + c;
                for (int32_t ky = 0; ky < kernel_h; ++ky) {
                    for (int32_t kx = 0; kx < kernel_w; ++kx) {
                        SIXTEEN_CHANNEL_TAP(x, w, 0);
                        x += tap_x;
                        w += out_c;
                    }
                    x += next_row;
                }
            }
            a0 = nn_mve_requant4_apply(a0, &q[0], shift_class, &overflow_lanes);
            a1 = nn_mve_requant4_apply(a1, &q[1], shift_class, &overflow_lanes);
            a2 = nn_mve_requant4_apply(a2, &q[2], shift_class, &overflow_lanes);
            a3 = nn_mve_requant4_apply(a3, &q[3], shift_class, &overflow_lanes);
            int16x8_t even = vqmovntq_s32(vqmovnbq_s32(vuninitializedq_s16(), a0), a1);
            int16x8_t odd = vqmovntq_s32(vqmovnbq_s32(vuninitializedq_s16(), a2), a3);
            even = vqaddq_n_s16(even, output_offset);
            odd = vqaddq_n_s16(odd, output_offset);
            int8x16_t result = vqmovntq_s16(vqmovnbq_s16(vuninitializedq_s8(), even), odd);
            result = vminq_s8(vmaxq_s8(result, lo), hi);
            vstrbq_s8(pixel_out, result);
            window += step;
            pixel_out += out_c;
        }
    }
    *overflow |= nn_mve_overflowed(overflow_lanes);
}

/* One out-of-line copy per shift class, so each is register-allocated on its own. */
#define SIXTEEN_CHANNEL_RUN(suffix, shift_class)                                                   \
    static __attribute__((noinline)) void sixteen_channel_run_##suffix(                            \
        const dw_job *job, const int8_t *first_window, int32_t count, int8_t *out,                 \
        mve_pred16_t *overflow)                                                                    \
    {                                                                                              \
        sixteen_channel_run_of_class(job, first_window, count, out, shift_class, overflow);        \
    }
SIXTEEN_CHANNEL_RUN(all_right, NN_MVE_ALL_RIGHT)
SIXTEEN_CHANNEL_RUN(no_left, NN_MVE_NO_LEFT)
SIXTEEN_CHANNEL_RUN(safe_left, NN_MVE_SAFE_LEFT)
SIXTEEN_CHANNEL_RUN(any_shift, NN_MVE_ANY_SHIFT)

/* sixteen_channel_run_of_class for the call's shift class. */
static void sixteen_channel_run(const dw_job *job, const int8_t *first_window, int32_t count,
                                int8_t *out, mve_pred16_t *overflow)
{
    switch (job->shift_class) {
    case NN_MVE_ALL_RIGHT:
        sixteen_channel_run_all_right(job, first_window, count, out, overflow);
        break;
    case NN_MVE_NO_LEFT:
        sixteen_channel_run_no_left(job, first_window, count, out, overflow);
        break;
    case NN_MVE_SAFE_LEFT:
        sixteen_channel_run_safe_left(job, first_window, count, out, overflow);
        break;
    default:
        sixteen_channel_run_any_shift(job, first_window, count, out, overflow);
        break;
    }
}

/* run_inside for one shift class (a constant: each class is its own loop). */
static inline __attribute__((always_inline)) void
run_inside_of_class(const dw_job *job, const int8_t *first_window, int32_t count, int8_t *out,
                    nn_mve_shift_class shift_class, mve_pred16_t *overflow)
{
    const size_t window_step = 4 * (size_t)job->stride.w * job->in_c;
    int32x4_t overflow_lanes = vdupq_n_s32(0);
    for (int32_t c = 0; c < job->out_c; c += 4) {
        const mve_pred16_t pred = vctp32q((uint32_t)(job->out_c - c));
        const bool full = job->out_c - c >= 4;
        const int32x4_t base = window_base(job, c, pred);
        const nn_mve_requant4 q =
            nn_mve_requant4_load(job->multiplier + c, job->shift + c, pred, shift_class);
        const int8_t *window = first_window;
        int8_t *block_out = out;
        for (int32_t i = 0; i < count; i += 4) {
            if (full) {
                four_pixels_block(job, window, c, false, pred, base, &q, shift_class, block_out,
                                  &overflow_lanes);
            } else {
                four_pixels_block(job, window, c, true, pred, base, &q, shift_class, block_out,
                                  &overflow_lanes);
            }
            window += window_step;
            block_out += 4 * (size_t)job->out_c;
        }
    }
    *overflow |= nn_mve_overflowed(overflow_lanes);
}

/* `count` (a multiple of 4) adjacent output pixels whose windows lie inside the image,
 * multiplier 1: channel blocks outside, so each block's constants are set up once per run. */
static __attribute__((noinline)) void run_inside(const dw_job *job, const int8_t *first_window,
                                                 int32_t count, int8_t *out, mve_pred16_t *overflow)
{
    switch (job->shift_class) {
    case NN_MVE_ALL_RIGHT:
        run_inside_of_class(job, first_window, count, out, NN_MVE_ALL_RIGHT, overflow);
        break;
    case NN_MVE_NO_LEFT:
        run_inside_of_class(job, first_window, count, out, NN_MVE_NO_LEFT, overflow);
        break;
    case NN_MVE_SAFE_LEFT:
        run_inside_of_class(job, first_window, count, out, NN_MVE_SAFE_LEFT, overflow);
        break;
    default:
        run_inside_of_class(job, first_window, count, out, NN_MVE_ANY_SHIFT, overflow);
        break;
    }
}

/* NN_MVE_SAFE_LEFT in place of NN_MVE_ANY_SHIFT when no accumulator of a channel with a left
 * shift can overflow: every path sums bias + (x + input_offset) * w over at most all taps, so
 * |acc| <= |bias| + (128 + |input_offset|) * sum |w|, and that shifted left must stay below 2^31.
 */
static nn_mve_shift_class refine_shift_class(const dw_job *job)
{
    if (job->shift_class != NN_MVE_ANY_SHIFT) {
        return job->shift_class;
    }
    const int32_t taps = job->kernel_h * job->kernel_w;
    const uint64_t offset = (uint64_t)(job->input_offset < 0 ? -(int64_t)job->input_offset
                                                             : (int64_t)job->input_offset);
    for (int32_t c = 0; c < job->out_c; ++c) {
        if (job->shift[c] <= 0) {
            continue;
        }
        uint64_t magnitude = 0;
        for (int32_t t = 0; t < taps; ++t) {
            const int32_t w = job->filter[(size_t)t * job->out_c + c];
            magnitude += (uint64_t)(w < 0 ? -w : w);
        }
        const int64_t bias = job->bias != NULL ? job->bias[c] : 0;
        const uint64_t bound = (uint64_t)(bias < 0 ? -bias : bias) + (128u + offset) * magnitude;
        if (bound > ((uint64_t)INT32_MAX >> job->shift[c])) {
            return NN_MVE_ANY_SHIFT;
        }
    }
    return NN_MVE_SAFE_LEFT;
}

arm_cmsis_nn_status nn_depthwise_conv_s8_core(const nn_dw_conv_call *restrict call)
{
    int8_t *output_data = call->output_data;
    const int32_t out_c = call->output_dims->c;
    const int32_t ch_mult = call->dw_conv_params->ch_mult;
    dw_job setup = {
        .filter = call->filter_data,
        .bias = call->bias_data,
        .multiplier = call->quant_params->multiplier,
        .shift = call->quant_params->shift,
        .in_h = call->input_dims->h,
        .in_w = call->input_dims->w,
        .in_c = call->input_dims->c,
        .out_c = out_c,
        .kernel_h = call->filter_dims->h,
        .kernel_w = call->filter_dims->w,
        .ch_mult = ch_mult,
        .input_offset = call->dw_conv_params->input_offset,
        .output_offset = call->dw_conv_params->output_offset,
        .act_min = vdupq_n_s32(call->dw_conv_params->activation.min),
        .act_max = vdupq_n_s32(call->dw_conv_params->activation.max),
        .stride = call->dw_conv_params->stride,
        .padding = call->dw_conv_params->padding,
        .dilation = call->dw_conv_params->dilation,
        .shift_class = nn_mve_classify_shifts(call->quant_params->shift, out_c),
    };
    setup.shift_class = refine_shift_class(&setup);
    const dw_job job = setup;
    const int32_t span_h = (job.kernel_h - 1) * job.dilation.h;
    const int32_t span_w = (job.kernel_w - 1) * job.dilation.w;
    /* sixteen_channel_run adds the output offset in saturating int16: exact for the clamped
     * result while |offset| <= 32767 - 127 (what any int8 program has: [-128, 127]). */
    const bool sixteen_channels =
        out_c % 16 == 0 && job.output_offset >= -32640 && job.output_offset <= 32640;
    mve_pred16_t overflow = 0;
    for (int32_t b = 0; b < call->input_dims->n; ++b) {
        const int8_t *batch_in = call->input_data + (size_t)b * job.in_h * job.in_w * job.in_c;
        for (int32_t oy = 0; oy < call->output_dims->h; ++oy) {
            const int32_t base_y = oy * job.stride.h - job.padding.h;
            const bool rows_inside = base_y >= 0 && base_y + span_h < job.in_h;
            /* Pixels whose whole window is inside the image: [inside_begin, inside_end). */
            int32_t inside_begin = 0;
            while (inside_begin < call->output_dims->w &&
                   inside_begin * job.stride.w - job.padding.w < 0) {
                ++inside_begin;
            }
            int32_t inside_end = call->output_dims->w;
            while (inside_end > inside_begin &&
                   (inside_end - 1) * job.stride.w - job.padding.w + span_w >= job.in_w) {
                --inside_end;
            }
            int32_t run = 0;
            if (ch_mult == 1 && rows_inside && sixteen_channels) {
                run = inside_end - inside_begin;
                if (run > 0) {
                    const int32_t base_x = inside_begin * job.stride.w - job.padding.w;
                    sixteen_channel_run(&job,
                                        batch_in + ((size_t)base_y * job.in_w + base_x) * job.in_c,
                                        run, output_data + (size_t)inside_begin * out_c, &overflow);
                }
            } else if (ch_mult == 1 && rows_inside) {
                run = (inside_end - inside_begin) & ~3;
                if (run > 0) {
                    const int32_t base_x = inside_begin * job.stride.w - job.padding.w;
                    run_inside(&job, batch_in + ((size_t)base_y * job.in_w + base_x) * job.in_c,
                               run, output_data + (size_t)inside_begin * out_c, &overflow);
                }
            }
            for (int32_t ox = 0; ox < call->output_dims->w; ++ox) {
                if (ox == inside_begin && run > 0) {
                    ox += run - 1;
                    continue;
                }
                if (ch_mult == 1 && job.kernel_h * job.kernel_w <= PIXEL_MAX_TAPS) {
                    pixel_border(&job, batch_in, base_y, ox * job.stride.w - job.padding.w,
                                 output_data + (size_t)ox * out_c, &overflow);
                } else {
                    pixel_general(&job, batch_in, base_y, ox * job.stride.w - job.padding.w,
                                  output_data + (size_t)ox * out_c, &overflow);
                }
            }
            output_data += (size_t)call->output_dims->w * out_c;
        }
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
