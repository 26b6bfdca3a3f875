/*
 * nn_depthwise_conv_s8_core, portable C: the arithmetic of arm_depthwise_conv_s8.
 *
 * Channel multiplier 1 without dilation (every depthwise layer of MobileNetV2): a chunk of
 * channels at a time, whose biases are folded with the input offset once (bias + offset * sum
 * of the channel's weights over the whole window). For each output pixel the window is clipped
 * to the image once; then four adjacent channels at a time run over the valid taps with their
 * accumulators in registers (in NHWC input and the filter's [tap][channel] layout, the four
 * values of a tap are adjacent on both sides, and both sides step by the channel count from tap
 * to tap). Pixels whose window lies wholly in the image start from the folded biases and add
 * plain products; border pixels start from the bias and add the offset to every value. The
 * chunk's row of accumulators is then requantized (internal/nn_scalar.h). The interior of 3x3
 * layers is computed a channel at a time instead (nn_scalar_depthwise_3x3_interior). Other
 * multipliers and dilations take a plain loop over the valid taps. No caller scratch is needed.
 */
#include "internal/nn_cores.h"
#include "internal/nn_scalar.h"
#include "internal/nn_support.h"

/*
 * acc[4g .. 4g+3] = init[4g .. 4g+3] + sum over a rows x cols window of (in + offset) * w, for
 * `groups` groups of four adjacent channels. `in` and `w` point at the window's first valid tap
 * of the first channel; a step of `channels` is one tap right on both sides, `in_row_step` and
 * `w_row_step` one row down. Inlined with a constant offset of 0 for whole windows.
 */
static inline void taps_by_fours(const int8_t *in, const int8_t *w, int32_t groups, int32_t rows,
                                 int32_t cols, int32_t channels, int32_t in_row_step,
                                 int32_t w_row_step, int32_t offset, const int32_t *init,
                                 int32_t *acc)
{
    const int32_t in_skip = in_row_step - cols * channels;
    const int32_t w_skip = w_row_step - cols * channels;
    for (int32_t g = 0; g < groups; ++g) {
        int32_t a0 = init[0];
        int32_t a1 = init[1];
        int32_t a2 = init[2];
        int32_t a3 = init[3];
        const int8_t *pi = in;
        const int8_t *pw = w;
        for (int32_t r = 0; r < rows; ++r) {
            for (int32_t c = 0; c < cols; ++c) {
                a0 += (pi[0] + offset) * pw[0];
                a1 += (pi[1] + offset) * pw[1];
                a2 += (pi[2] + offset) * pw[2];
                a3 += (pi[3] + offset) * pw[3];
                pi += channels;
                pw += channels;
            }
            pi += in_skip;
            pw += w_skip;
        }
        acc[0] = a0;
        acc[1] = a1;
        acc[2] = a2;
        acc[3] = a3;
        in += 4;
        w += 4;
        init += 4;
        acc += 4;
    }
}

/* One tap of four adjacent channels, the offset already folded. */
static inline void tap_by_four(const int8_t *x, const int8_t *k, int32_t *a0, int32_t *a1,
                               int32_t *a2, int32_t *a3)
{
    *a0 += x[0] * k[0];
    *a1 += x[1] * k[1];
    *a2 += x[2] * k[2];
    *a3 += x[3] * k[3];
}

/* A window wholly in the image: the offset is folded into `folded`. 3x3 windows (every one of
 * MobileNetV2's) are unrolled. */
static __attribute__((noinline)) void whole_window(const int8_t *in, const int8_t *w,
                                                   int32_t groups, int32_t rows, int32_t cols,
                                                   int32_t channels, int32_t in_row_step,
                                                   const int32_t *folded, int32_t *acc)
{
    if (rows != 3 || cols != 3) {
        taps_by_fours(in, w, groups, rows, cols, channels, in_row_step, cols * channels, 0, folded,
                      acc);
        return;
    }
    for (int32_t g = 0; g < groups; ++g) {
        int32_t a0 = folded[0];
        int32_t a1 = folded[1];
        int32_t a2 = folded[2];
        int32_t a3 = folded[3];
        const int8_t *pi = in;
        const int8_t *pw = w;
        for (int32_t r = 0; r < 3; ++r) {
            tap_by_four(pi, pw, &a0, &a1, &a2, &a3);
            tap_by_four(pi + channels, pw + channels, &a0, &a1, &a2, &a3);
            tap_by_four(pi + 2 * channels, pw + 2 * channels, &a0, &a1, &a2, &a3);
            pi += in_row_step;
            pw += 3 * channels;
        }
        acc[0] = a0;
        acc[1] = a1;
        acc[2] = a2;
        acc[3] = a3;
        in += 4;
        w += 4;
        folded += 4;
        acc += 4;
    }
}

/* A window clipped by the image's border: every value carries the offset. */
static __attribute__((noinline)) void clipped_window(const int8_t *in, const int8_t *w,
                                                     int32_t groups, int32_t rows, int32_t cols,
                                                     int32_t channels, int32_t in_row_step,
                                                     int32_t w_row_step, int32_t offset,
                                                     const int32_t *bias, int32_t *acc)
{
    taps_by_fours(in, w, groups, rows, cols, channels, in_row_step, w_row_step, offset, bias, acc);
}

/* Every output pixel of the multiplier-1, undilated case; returns false on overflow. 3x3
 * windows at horizontal stride 1 or 2 leave their interior to
 * nn_scalar_depthwise_3x3_interior (internal/nn_scalar.h). */
static bool depthwise_unit(const nn_dw_conv_call *call)
{
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t channels = call->input_dims->c;
    const int32_t kernel_h = call->filter_dims->h;
    const int32_t kernel_w = call->filter_dims->w;
    const int32_t taps = kernel_h * kernel_w;
    const int32_t input_offset = call->dw_conv_params->input_offset;
    const int32_t in_row_step = in_w * channels;
    const int32_t w_row_step = kernel_w * channels;
    const nn_scalar_output_stage stage = {call->quant_params->multiplier, call->quant_params->shift,
                                          call->dw_conv_params->output_offset,
                                          call->dw_conv_params->activation.min,
                                          call->dw_conv_params->activation.max};
    bool overflowed = false;
    int32_t bias[NN_SCALAR_CHANNEL_CHUNK];
    int32_t folded[NN_SCALAR_CHANNEL_CHUNK];
    int32_t acc[NN_SCALAR_CHANNEL_CHUNK];
    const nn_dw_interior interior = nn_dw_3x3_interior(call);
    const bool split = interior.oy_lo < interior.oy_hi;

    for (int32_t chunk = 0; chunk < channels; chunk += NN_SCALAR_CHANNEL_CHUNK) {
        const int32_t count =
            channels - chunk < NN_SCALAR_CHANNEL_CHUNK ? channels - chunk : NN_SCALAR_CHANNEL_CHUNK;
        const int32_t groups = count / 4;
        for (int32_t i = 0; i < count; ++i) {
            bias[i] = call->bias_data != NULL ? call->bias_data[chunk + i] : 0;
            int32_t sum = 0;
            for (int32_t t = 0; t < taps; ++t) {
                sum += call->filter_data[(size_t)t * channels + chunk + i];
            }
            folded[i] = (int32_t)((uint32_t)bias[i] + (uint32_t)input_offset * (uint32_t)sum);
        }
        int8_t *out = call->output_data + chunk;
        for (int32_t b = 0; b < call->input_dims->n; ++b) {
            const int8_t *batch_in = call->input_data + (size_t)b * in_h * in_w * channels + chunk;
            for (int32_t oy = 0; oy < call->output_dims->h; ++oy) {
                const int32_t base_y =
                    oy * call->dw_conv_params->stride.h - call->dw_conv_params->padding.h;
                const int32_t ky0 = base_y < 0 ? -base_y : 0;
                const int32_t ky1 = in_h - base_y < kernel_h ? in_h - base_y : kernel_h;
                const int32_t rows = ky1 > ky0 ? ky1 - ky0 : 0;
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
                    const int32_t cols = kx1 > kx0 ? kx1 - kx0 : 0;
                    const bool whole = rows == kernel_h && cols == kernel_w;
                    /* The window's first valid tap (an empty window reads nothing). */
                    const bool empty = rows == 0 || cols == 0;
                    const int8_t *in =
                        empty ? batch_in
                              : batch_in + ((size_t)(base_y + ky0) * in_w + (base_x + kx0)) *
                                               (size_t)channels;
                    const int8_t *w = call->filter_data + chunk +
                                      (empty ? 0 : (size_t)(ky0 * kernel_w + kx0) * channels);
                    if (whole) {
                        whole_window(in, w, groups, rows, cols, channels, in_row_step, folded, acc);
                    } else {
                        clipped_window(in, w, groups, rows, cols, channels, in_row_step, w_row_step,
                                       input_offset, bias, acc);
                    }
                    /* The count % 4 last channels, one at a time. */
                    for (int32_t i = 4 * groups; i < count; ++i) {
                        int32_t sum = bias[i];
                        for (int32_t r = 0; r < rows; ++r) {
                            for (int32_t c = 0; c < cols; ++c) {
                                const size_t tap = (size_t)c * channels + i;
                                sum += (in[(size_t)r * in_row_step + tap] + input_offset) *
                                       w[(size_t)r * w_row_step + tap];
                            }
                        }
                        acc[i] = sum;
                    }
                    nn_scalar_requantize_rows(acc, 1, count, stage.multiplier + chunk,
                                              stage.shift + chunk, &stage, out, 0, &overflowed);
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
                      call->dw_conv_params->dilation.w == 1;
    const bool ok = unit ? depthwise_unit(call) : !nn_scalar_depthwise_general(call);
    return ok ? ARM_CMSIS_NN_SUCCESS : ARM_CMSIS_NN_ARG_ERROR;
}
