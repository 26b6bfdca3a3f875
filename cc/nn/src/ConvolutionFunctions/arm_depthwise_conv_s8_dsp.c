/*
 * nn_depthwise_conv_s8_core, DSP extension: the arithmetic of arm_depthwise_conv_s8.
 *
 * Channel multiplier 1, no dilation, windows of up to 25 taps (every depthwise layer of
 * MobileNetV2): a chunk of 32 channels at a time, whose weights are widened to int16 pairs once
 * (SXTB16, 1.6 KB on the stack); for each output pixel the window is clipped to the image once,
 * then four channels at a time run over the valid taps with their accumulators in registers:
 * per tap one word of input (four channels, widened with the input offset added by SXTAB16)
 * and four 16x16 multiply-accumulates (SMLABB/SMLATT on the even and odd halves). A pixel's
 * chunk is then requantized. Other multipliers, dilations, windows and offsets take the
 * portable general loop (nn_scalar_depthwise_general: a block of channels per tap, which is
 * three times faster than a channel at a time on DS-CNN's multiplier-64 first layer). The interior
 * of 3x3 layers (windows wholly in the image) is left to the portable per-channel pass of
 * internal/nn_scalar.h, which reuses each weight for two output pixels and, at stride 1, input
 * columns across them; measured on MobileNetV2 it takes fewer instructions than four channels per
 * SIMD word there. No caller scratch is needed.
 */
#include "internal/nn_cores.h"
#include "internal/nn_dsp.h"
#include "internal/nn_scalar.h"
#include "internal/nn_support.h"

/* Taps whose weights a chunk widens once on the stack (5x5 windows and smaller). */
#define WIDE_TAPS 25
/* Groups of four channels in a chunk. */
#define CHUNK_GROUPS (NN_DSP_CHANNEL_CHUNK / 4)

/* One tap of four channels: a[c] += (x[c] + offset) * k[c], the weights already widened. */
static inline void tap_by_four(const int8_t *in, const int32_t *wide, int32_t offset_pair,
                               int32_t *a0, int32_t *a1, int32_t *a2, int32_t *a3)
{
    const int32_t x = nn_dsp_read4(in);
    const int32_t x_even = __sxtab16(offset_pair, x);
    const int32_t x_odd = nn_dsp_sxtab16_odd(offset_pair, x);
    *a0 = __smlabb(x_even, wide[0], *a0);
    *a2 = __smlatt(x_even, wide[0], *a2);
    *a1 = __smlabb(x_odd, wide[1], *a1);
    *a3 = __smlatt(x_odd, wide[1], *a3);
}

/*
 * acc[4g .. 4g+3] = bias + sum over a rows x cols window of (in + offset) * w, for `groups`
 * groups of four adjacent channels. `in` points at the window's first tap of the first channel
 * (a step of `channels` is one tap right, `in_row_step` one row down); `wide` at the first
 * tap's widened weights (wide[(tap * CHUNK_GROUPS + g) * 2 + {0, 1}]: bytes 0/2 and 1/3 of
 * group g, a row of taps `kernel_w` taps long). Rows of three taps (3x3 windows away from the
 * borders) are unrolled. Out of line, one call per pixel and chunk, so the accumulators stay in
 * registers.
 */
static __attribute__((noinline)) void taps_by_groups(const int8_t *in, const int32_t *wide,
                                                     int32_t groups, int32_t rows, int32_t cols,
                                                     int32_t channels, int32_t in_row_step,
                                                     int32_t kernel_w, int32_t offset_pair,
                                                     const int32_t *bias, int32_t *acc)
{
    const int32_t tap_step = 2 * CHUNK_GROUPS;
    const int32_t wide_row_step = kernel_w * tap_step;
    for (int32_t g = 0; g < groups; ++g) {
        int32_t a0 = 0;
        int32_t a1 = 0;
        int32_t a2 = 0;
        int32_t a3 = 0;
        if (bias != NULL) {
            a0 = bias[4 * g];
            a1 = bias[4 * g + 1];
            a2 = bias[4 * g + 2];
            a3 = bias[4 * g + 3];
        }
        const int8_t *pi = in + 4 * g;
        const int32_t *pw = wide + 2 * g;
        if (cols == 3) {
            for (int32_t r = 0; r < rows; ++r) {
                tap_by_four(pi, pw, offset_pair, &a0, &a1, &a2, &a3);
                tap_by_four(pi + channels, pw + tap_step, offset_pair, &a0, &a1, &a2, &a3);
                tap_by_four(pi + 2 * channels, pw + 2 * tap_step, offset_pair, &a0, &a1, &a2, &a3);
                pi += in_row_step;
                pw += wide_row_step;
            }
        } else {
            for (int32_t r = 0; r < rows; ++r) {
                for (int32_t c = 0; c < cols; ++c) {
                    tap_by_four(pi + c * channels, pw + c * tap_step, offset_pair, &a0, &a1, &a2,
                                &a3);
                }
                pi += in_row_step;
                pw += wide_row_step;
            }
        }
        acc[4 * g] = a0;
        acc[4 * g + 1] = a1;
        acc[4 * g + 2] = a2;
        acc[4 * g + 3] = a3;
    }
}

/* Every output pixel of the multiplier-1, undilated case with at most WIDE_TAPS taps, a chunk
 * of channels at a time (its weights widened once); returns false on overflow. */
static bool depthwise_unit(const nn_dw_conv_call *call)
{
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t channels = call->input_dims->c;
    const int32_t kernel_h = call->filter_dims->h;
    const int32_t kernel_w = call->filter_dims->w;
    const int32_t taps = kernel_h * kernel_w;
    const int32_t input_offset = call->dw_conv_params->input_offset;
    const int32_t offset_pair = nn_dsp_pair(input_offset);
    const int32_t in_row_step = in_w * channels;
    const int32_t w_row_step = kernel_w * channels;
    const int32_t quad_channels = channels & ~3;
    const nn_dsp_output_stage stage =
        nn_dsp_stage(call->quant_params, call->output_dims->c, call->dw_conv_params->output_offset,
                     &call->dw_conv_params->activation);
    bool overflowed = false;
    int32_t acc[NN_DSP_CHANNEL_CHUNK];
    int32_t wide[WIDE_TAPS * 2 * CHUNK_GROUPS];
    const nn_dw_interior interior = nn_dw_3x3_interior(call);
    const bool split = interior.oy_lo < interior.oy_hi;

    for (int32_t chunk = 0; chunk < channels; chunk += NN_DSP_CHANNEL_CHUNK) {
        const int32_t count =
            channels - chunk < NN_DSP_CHANNEL_CHUNK ? channels - chunk : NN_DSP_CHANNEL_CHUNK;
        const int32_t quad_end = quad_channels - chunk < count ? quad_channels - chunk : count;
        const int32_t groups = quad_end > 0 ? quad_end / 4 : 0;
        for (int32_t t = 0; t < taps; ++t) {
            for (int32_t g = 0; g < groups; ++g) {
                const int32_t k =
                    nn_dsp_read4(call->filter_data + (size_t)t * channels + chunk + 4 * g);
                wide[(t * CHUNK_GROUPS + g) * 2] = __sxtb16(k);
                wide[(t * CHUNK_GROUPS + g) * 2 + 1] = nn_dsp_sxtb16_odd(k);
            }
        }
        int8_t *out = call->output_data + chunk;
        for (int32_t b = 0; b < call->input_dims->n; ++b) {
            const int8_t *batch_in = call->input_data + (size_t)b * in_h * in_w * channels;
            for (int32_t oy = 0; oy < call->output_dims->h; ++oy) {
                const int32_t base_y =
                    oy * call->dw_conv_params->stride.h - call->dw_conv_params->padding.h;
                const int32_t ky0 = base_y < 0 ? -base_y : 0;
                const int32_t ky1 = in_h - base_y < kernel_h ? in_h - base_y : kernel_h;
                for (int32_t ox = 0; ox < call->output_dims->w; ++ox) {
                    if (split && ox == interior.ox_lo && oy >= interior.oy_lo &&
                        oy < interior.oy_hi) {
                        /* nn_scalar_depthwise_3x3_interior computes these. */
                        out += (size_t)(interior.ox_hi - interior.ox_lo) * channels;
                        ox = interior.ox_hi - 1;
                        continue;
                    }
                    const int32_t base_x =
                        ox * call->dw_conv_params->stride.w - call->dw_conv_params->padding.w;
                    const int32_t kx0 = base_x < 0 ? -base_x : 0;
                    const int32_t kx1 = in_w - base_x < kernel_w ? in_w - base_x : kernel_w;
                    const int32_t rows = ky1 > ky0 ? ky1 - ky0 : 0;
                    const int32_t cols = kx1 > kx0 ? kx1 - kx0 : 0;
                    /* The window's first valid tap (an empty window reads nothing). */
                    const bool empty = rows == 0 || cols == 0;
                    const int8_t *in =
                        empty ? batch_in
                              : batch_in + ((size_t)(base_y + ky0) * in_w + (base_x + kx0)) *
                                               (size_t)channels;
                    const int32_t first_tap = empty ? 0 : ky0 * kernel_w + kx0;
                    taps_by_groups(in + chunk, wide + first_tap * 2 * CHUNK_GROUPS, groups, rows,
                                   cols, channels, in_row_step, kernel_w, offset_pair,
                                   call->bias_data != NULL ? call->bias_data + chunk : NULL, acc);
                    /* The channels % 4 last ones, one at a time. */
                    const int8_t *w = call->filter_data + (size_t)first_tap * channels;
                    for (int32_t i = 4 * groups; i < count; ++i) {
                        acc[i] = call->bias_data != NULL ? call->bias_data[chunk + i] : 0;
                        for (int32_t r = 0; r < rows; ++r) {
                            for (int32_t c = 0; c < cols; ++c) {
                                const size_t tap = (size_t)c * channels + chunk + i;
                                acc[i] += (in[(size_t)r * in_row_step + tap] + input_offset) *
                                          w[(size_t)r * w_row_step + tap];
                            }
                        }
                    }
                    nn_dsp_requantize_row(acc, count, stage.multiplier + chunk, stage.shift + chunk,
                                          &stage, out, &overflowed);
                    out += channels;
                }
            }
        }
    }
    if (split && nn_scalar_depthwise_3x3_interior(call, &interior)) {
        overflowed = true;
    }
    return !overflowed;
}

arm_cmsis_nn_status nn_depthwise_conv_s8_core(const nn_dw_conv_call *restrict call)
{
    const bool unit = call->dw_conv_params->ch_mult == 1 && call->dw_conv_params->dilation.h == 1 &&
                      call->dw_conv_params->dilation.w == 1 &&
                      call->filter_dims->h * call->filter_dims->w <= WIDE_TAPS &&
                      nn_dsp_offset_fits(call->dw_conv_params->input_offset);
    const bool ok = unit ? depthwise_unit(call) : !nn_scalar_depthwise_general(call);
    return ok ? ARM_CMSIS_NN_SUCCESS : ARM_CMSIS_NN_ARG_ERROR;
}
