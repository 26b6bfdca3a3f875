/*
 * nn_transpose_conv_s8_core, Helium (MVE).
 *
 * A gather, as the portable core: each output pixel collects the input pixels and taps that
 * land on it (oy = iy*sy - py + ky*dy). The valid (ky, iy) of an output row and (kx, ix) of an
 * output column are listed once, so the tap walk has no division. Four output channels run at
 * a time against each tap's input pixel: one input load per 16 channels serves four VMLADAVA
 * (16 int8 products into a scalar). Which taps are valid differs from pixel to pixel, so the
 * input offset cannot be folded into per-channel constants: sum (x + a) * w = sum x * w +
 * a * sum w, the second term a VMLADAVA of the duplicated offset into the same accumulator.
 * The pixel's sums are requantized four channels per vector (nn_mve_finish_rows). Kernels
 * wider or taller than MAX_KERNEL, and an input offset of 128 (not an int8), take a
 * per-channel loop over the taps.
 *
 * Output columns are walked phase by phase (ox mod stride). Four columns of one phase whose
 * taps all reach the input (block_is_uniform) share one tap list, and each tap reads four
 * consecutive input pixels for them: those run as a block, one filter load per four pixels
 * (four_pixels_tap), the offset term a * sum w taken once for the four.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"

#define MAX_KERNEL 16

static const int32_t zero_bias[NN_MVE_CHANNEL_CHUNK];

/* The taps k of one output index o that some input index i reaches: (k, i) pairs. */
static int32_t list_taps(int32_t o, int32_t kernel, int32_t stride, int32_t padding,
                         int32_t dilation, int32_t in_size, int32_t *k_list, int32_t *i_list)
{
    int32_t count = 0;
    for (int32_t k = 0; k < kernel; ++k) {
        const int32_t i = nn_transpose_conv_source(o, k, stride, padding, dilation, in_size);
        if (i >= 0) {
            k_list[count] = k;
            i_list[count] = i;
            ++count;
        }
    }
    return count;
}

/* The sums of four channels (filters w0..w3, `w_step` bytes apart) over the listed taps:
 * sum x * w + offset * sum w, where VMLADAVA of the duplicated offset (an int8 here) adds the
 * second term into the same accumulator. */
static inline __attribute__((always_inline)) void
four_channels(const int8_t *batch_in, int32_t in_w, int32_t in_c, int32_t kernel_w,
              const int8_t *w0, size_t w_step, const int32_t *ky, const int32_t *iy, int32_t ny,
              const int32_t *kx, const int32_t *ix, int32_t nx, int8x16_t offset, int32_t *sums)
{
    int32_t a0 = 0;
    int32_t a1 = 0;
    int32_t a2 = 0;
    int32_t a3 = 0;
    const int32_t full = in_c & ~15;
    const mve_pred16_t tail_pred = vctp8q((uint32_t)(in_c - full));
    for (int32_t ty = 0; ty < ny; ++ty) {
        const int8_t *in_row = batch_in + (size_t)iy[ty] * in_w * in_c;
        const int8_t *w_row = w0 + (size_t)ky[ty] * kernel_w * in_c;
        for (int32_t tx = 0; tx < nx; ++tx) {
            const int8_t *x = in_row + (size_t)ix[tx] * in_c;
            const int8_t *w = w_row + (size_t)kx[tx] * in_c;
            for (int32_t k = 0; k < full; k += 16) {
                const int8x16_t xv = vldrbq_s8(x + k);
                const int8x16_t v0 = vldrbq_s8(w + k);
                const int8x16_t v1 = vldrbq_s8(w + w_step + k);
                const int8x16_t v2 = vldrbq_s8(w + 2 * w_step + k);
                const int8x16_t v3 = vldrbq_s8(w + 3 * w_step + k);
                a0 = vmladavaq_s8(vmladavaq_s8(a0, xv, v0), offset, v0);
                a1 = vmladavaq_s8(vmladavaq_s8(a1, xv, v1), offset, v1);
                a2 = vmladavaq_s8(vmladavaq_s8(a2, xv, v2), offset, v2);
                a3 = vmladavaq_s8(vmladavaq_s8(a3, xv, v3), offset, v3);
            }
            if (full != in_c) {
                /* Inactive lanes load as zero and add nothing. */
                const int8x16_t xv = vldrbq_z_s8(x + full, tail_pred);
                const int8x16_t v0 = vldrbq_z_s8(w + full, tail_pred);
                const int8x16_t v1 = vldrbq_z_s8(w + w_step + full, tail_pred);
                const int8x16_t v2 = vldrbq_z_s8(w + 2 * w_step + full, tail_pred);
                const int8x16_t v3 = vldrbq_z_s8(w + 3 * w_step + full, tail_pred);
                a0 = vmladavaq_s8(vmladavaq_s8(a0, xv, v0), offset, v0);
                a1 = vmladavaq_s8(vmladavaq_s8(a1, xv, v1), offset, v1);
                a2 = vmladavaq_s8(vmladavaq_s8(a2, xv, v2), offset, v2);
                a3 = vmladavaq_s8(vmladavaq_s8(a3, xv, v3), offset, v3);
            }
        }
    }
    sums[0] = a0;
    sums[1] = a1;
    sums[2] = a2;
    sums[3] = a3;
}

/* Deepest input pixel (channels) the four-pixel blocks take: their packing buffer's size. */
#define BLOCK_DEPTH 256

/* For the four consecutive input pixels at x (in_c values each) and the filter taps at
 * w + i * w_stride (i < count, in_c values each): sums[r][i] += pixel r . tap i, and
 * weight_sums[i] += the tap's sum. The pixels are first interleaved 16 bytes at a time
 * (zero-padded to a whole step), so each step is one tap load, four pixel loads from one
 * pointer and four VMLADAVA, plus one VADDVA shared by the four pixels. */
static void four_pixels_tap(const int8_t *x, int32_t in_c, const int8_t *w, size_t w_stride,
                            int32_t count, nn_mve_row_sums *sums, int32_t *weight_sums)
{
    int8_t packed[4 * BLOCK_DEPTH] __attribute__((aligned(16)));
    const int32_t steps = (in_c + 15) >> 4;
    const int32_t full_steps = in_c >> 4;
    const mve_pred16_t tail_pred = vctp8q((uint32_t)(in_c & 15));
    for (int32_t r = 0; r < 4; ++r) {
        for (int32_t step = 0; step < steps; ++step) {
            const mve_pred16_t pred = vctp8q((uint32_t)(in_c - 16 * step));
            vstrbq_s8(packed + 64 * step + 16 * r,
                      vldrbq_z_s8(x + (size_t)r * in_c + 16 * step, pred));
        }
    }
    for (int32_t i = 0; i < count; ++i) {
        const int8_t *xp = packed;
        const int8_t *wp = w + (size_t)i * w_stride;
        int32_t a0 = (*sums)[0][i];
        int32_t a1 = (*sums)[1][i];
        int32_t a2 = (*sums)[2][i];
        int32_t a3 = (*sums)[3][i];
        int32_t weight_sum = weight_sums[i];
        for (int32_t step = 0; step < full_steps; ++step) {
            const int8x16_t wv = vldrbq_s8(wp);
            a0 = vmladavaq_s8(a0, vldrbq_s8(xp), wv);
            a1 = vmladavaq_s8(a1, vldrbq_s8(xp + 16), wv);
            a2 = vmladavaq_s8(a2, vldrbq_s8(xp + 32), wv);
            a3 = vmladavaq_s8(a3, vldrbq_s8(xp + 48), wv);
            weight_sum = vaddvaq_s8(weight_sum, wv);
            wp += 16;
            xp += 64;
        }
        if (full_steps != steps) {
            const int8x16_t wv = vldrbq_z_s8(wp, tail_pred);
            a0 = vmladavaq_s8(a0, vldrbq_s8(xp), wv);
            a1 = vmladavaq_s8(a1, vldrbq_s8(xp + 16), wv);
            a2 = vmladavaq_s8(a2, vldrbq_s8(xp + 32), wv);
            a3 = vmladavaq_s8(a3, vldrbq_s8(xp + 48), wv);
            weight_sum = vaddvaq_s8(weight_sum, wv);
        }
        (*sums)[0][i] = a0;
        (*sums)[1][i] = a1;
        (*sums)[2][i] = a2;
        (*sums)[3][i] = a3;
        weight_sums[i] = weight_sum;
    }
}

/* Kernels larger than MAX_KERNEL, or an offset of 128: one channel at a time over every tap. */
static void large_kernel_pixel(const nn_transpose_conv_call *call, const int8_t *batch_in,
                               int32_t oy, int32_t ox, int32_t oc_begin, int32_t count,
                               int32_t *sums)
{
    const cmsis_nn_transpose_conv_params *p = call->transpose_conv_params;
    const int32_t in_c = call->input_dims->c;
    const int32_t kernel_h = call->filter_dims->h;
    const int32_t kernel_w = call->filter_dims->w;
    for (int32_t i = 0; i < count; ++i) {
        const int8_t *filter =
            call->filter_data + (size_t)(oc_begin + i) * kernel_h * kernel_w * in_c;
        uint32_t acc = 0;
        for (int32_t ky = 0; ky < kernel_h; ++ky) {
            const int32_t iy = nn_transpose_conv_source(oy, ky, p->stride.h, p->padding.h,
                                                        p->dilation.h, call->input_dims->h);
            for (int32_t kx = 0; iy >= 0 && kx < kernel_w; ++kx) {
                const int32_t ix = nn_transpose_conv_source(ox, kx, p->stride.w, p->padding.w,
                                                            p->dilation.w, call->input_dims->w);
                if (ix < 0) {
                    continue;
                }
                const int8_t *x = batch_in + ((size_t)iy * call->input_dims->w + ix) * in_c;
                const int8_t *w = filter + ((size_t)ky * kernel_w + kx) * in_c;
                int32_t dot = 0;
                int32_t weight_sum = 0;
                for (int32_t k = 0; k < in_c; k += 16) {
                    const mve_pred16_t pred = vctp8q((uint32_t)(in_c - k));
                    const int8x16_t wv = vldrbq_z_s8(w + k, pred);
                    dot = vmladavaq_s8(dot, vldrbq_z_s8(x + k, pred), wv);
                    weight_sum = vaddvaq_s8(weight_sum, wv);
                }
                acc += (uint32_t)dot + (uint32_t)p->input_offset * (uint32_t)weight_sum;
            }
        }
        sums[i] = (int32_t)acc;
    }
}

/* Whether output columns ox, ox + s, ox + 2s, ox + 3s (s the stride) all exist and every tap
 * of their phase reaches the input for all four: then they share one list of taps, and tap k
 * reads input columns ix, ix + 1, ix + 2, ix + 3 (consecutive pixels). */
static bool block_is_uniform(const nn_transpose_conv_call *call, int32_t ox)
{
    const cmsis_nn_transpose_conv_params *p = call->transpose_conv_params;
    const int32_t stride = p->stride.w;
    if (call->input_dims->c > BLOCK_DEPTH || ox + 3 * stride >= call->output_dims->w) {
        return false;
    }
    for (int32_t k = 0; k < call->filter_dims->w; ++k) {
        const int32_t numerator = ox + p->padding.w - k * p->dilation.w;
        if (numerator % stride == 0 &&
            (numerator < 0 || numerator / stride + 3 >= call->input_dims->w)) {
            return false;
        }
    }
    return true;
}

/* The four output pixels (oy, ox + j * stride), j < 4, whose taps are listed (block_is_uniform
 * holds), every output channel, to out (the first pixel's). */
static void four_pixel_block(const nn_transpose_conv_call *call, const int8_t *batch_in,
                             const int32_t *ky, const int32_t *iy, int32_t ny, const int32_t *kx,
                             const int32_t *ix, int32_t nx, nn_mve_shift_class shift_class,
                             int8_t *out, mve_pred16_t *overflow)
{
    const cmsis_nn_transpose_conv_params *p = call->transpose_conv_params;
    const int32_t in_w = call->input_dims->w;
    const int32_t in_c = call->input_dims->c;
    const int32_t kernel_w = call->filter_dims->w;
    const int32_t out_c = call->output_dims->c;
    const size_t filter_stride = (size_t)call->filter_dims->h * kernel_w * in_c;
    nn_mve_row_sums sums;
    int32_t weight_sums[NN_MVE_CHANNEL_CHUNK];
    int32_t base[NN_MVE_CHANNEL_CHUNK];
    for (int32_t oc_begin = 0; oc_begin < out_c; oc_begin += NN_MVE_CHANNEL_CHUNK) {
        const int32_t count =
            out_c - oc_begin < NN_MVE_CHANNEL_CHUNK ? out_c - oc_begin : NN_MVE_CHANNEL_CHUNK;
        for (int32_t i = 0; i < count; ++i) {
            sums[0][i] = 0;
            sums[1][i] = 0;
            sums[2][i] = 0;
            sums[3][i] = 0;
            weight_sums[i] = 0;
        }
        const int8_t *filter = call->filter_data + (size_t)oc_begin * filter_stride;
        for (int32_t ty = 0; ty < ny; ++ty) {
            const int8_t *in_row = batch_in + (size_t)iy[ty] * in_w * in_c;
            const size_t w_row = (size_t)ky[ty] * kernel_w * in_c;
            for (int32_t tx = 0; tx < nx; ++tx) {
                four_pixels_tap(in_row + (size_t)ix[tx] * in_c, in_c,
                                filter + w_row + (size_t)kx[tx] * in_c, filter_stride, count, &sums,
                                weight_sums);
            }
        }
        /* bias + offset * (weight sum over the taps): the same for the four pixels. */
        for (int32_t i = 0; i < count; ++i) {
            const uint32_t bias =
                call->bias_data != NULL ? (uint32_t)call->bias_data[oc_begin + i] : 0u;
            base[i] = (int32_t)(bias + (uint32_t)p->input_offset * (uint32_t)weight_sums[i]);
        }
        nn_mve_finish_rows((const nn_mve_row_sums *)&sums, 4, count, base,
                           call->quant_params->multiplier + oc_begin,
                           call->quant_params->shift + oc_begin, p->output_offset,
                           p->activation.min, p->activation.max, out + oc_begin,
                           p->stride.w * out_c, shift_class, overflow);
    }
}

arm_cmsis_nn_status nn_transpose_conv_s8_core(const nn_transpose_conv_call *restrict call)
{
    const cmsis_nn_transpose_conv_params *p = call->transpose_conv_params;
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t in_c = call->input_dims->c;
    const int32_t kernel_h = call->filter_dims->h;
    const int32_t kernel_w = call->filter_dims->w;
    const int32_t out_c = call->output_dims->c;
    const size_t filter_stride = (size_t)kernel_h * kernel_w * in_c;
    /* The listed-taps path adds the offset as an int8 (every offset but 128). */
    const bool small_kernel = kernel_h <= MAX_KERNEL && kernel_w <= MAX_KERNEL &&
                              p->input_offset >= INT8_MIN && p->input_offset <= INT8_MAX;
    const int8x16_t offset_vector = vdupq_n_s8((int8_t)p->input_offset);
    const int32_t *multiplier = call->quant_params->multiplier;
    const int32_t *shift = call->quant_params->shift;
    const nn_mve_shift_class shift_class = nn_mve_classify_shifts(shift, out_c);
    int32_t ky[MAX_KERNEL];
    int32_t iy[MAX_KERNEL];
    int32_t kx[MAX_KERNEL];
    int32_t ix[MAX_KERNEL];
    nn_mve_row_sums sums;
    mve_pred16_t overflow = 0;
    const int32_t out_h = call->output_dims->h;
    const int32_t out_w = call->output_dims->w;
    const int32_t stride_w = p->stride.w;

    for (int32_t b = 0; b < call->input_dims->n; ++b) {
        const int8_t *batch_in = call->input_data + (size_t)b * in_h * in_w * in_c;
        int8_t *batch_out = call->output_data + (size_t)b * out_h * out_w * out_c;
        for (int32_t oy = 0; oy < out_h; ++oy) {
            const int32_t ny = small_kernel ? list_taps(oy, kernel_h, p->stride.h, p->padding.h,
                                                        p->dilation.h, in_h, ky, iy)
                                            : 0;
            /* Column by column within each phase (ox mod stride), so that four columns of one
             * phase can run as a block. */
            for (int32_t phase = 0; phase < stride_w && phase < out_w; ++phase) {
                for (int32_t ox = phase; ox < out_w;) {
                    int8_t *out = batch_out + ((size_t)oy * out_w + ox) * out_c;
                    const int32_t nx = small_kernel
                                           ? list_taps(ox, kernel_w, stride_w, p->padding.w,
                                                       p->dilation.w, in_w, kx, ix)
                                           : 0;
                    if (small_kernel && block_is_uniform(call, ox)) {
                        four_pixel_block(call, batch_in, ky, iy, ny, kx, ix, nx, shift_class, out,
                                         &overflow);
                        ox += 4 * stride_w;
                        continue;
                    }
                    for (int32_t oc_begin = 0; oc_begin < out_c; oc_begin += NN_MVE_CHANNEL_CHUNK) {
                        const int32_t count = out_c - oc_begin < NN_MVE_CHANNEL_CHUNK
                                                  ? out_c - oc_begin
                                                  : NN_MVE_CHANNEL_CHUNK;
                        if (!small_kernel) {
                            large_kernel_pixel(call, batch_in, oy, ox, oc_begin, count, sums[0]);
                        } else {
                            int32_t i = 0;
                            for (; i + 4 <= count; i += 4) {
                                four_channels(batch_in, in_w, in_c, kernel_w,
                                              call->filter_data +
                                                  (size_t)(oc_begin + i) * filter_stride,
                                              filter_stride, ky, iy, ny, kx, ix, nx, offset_vector,
                                              &sums[0][i]);
                            }
                            if (i < count) {
                                /* The last one to three channels: the four channels ending at the
                                 * last one where there are four, else each channel alone (its
                                 * filter read four times). */
                                int32_t last_four[4];
                                const int32_t first = oc_begin + count - 4;
                                for (int32_t j = i; j < count; ++j) {
                                    if (first >= 0 && j == i) {
                                        four_channels(batch_in, in_w, in_c, kernel_w,
                                                      call->filter_data +
                                                          (size_t)first * filter_stride,
                                                      filter_stride, ky, iy, ny, kx, ix, nx,
                                                      offset_vector, last_four);
                                    } else if (first < 0) {
                                        four_channels(batch_in, in_w, in_c, kernel_w,
                                                      call->filter_data +
                                                          (size_t)(oc_begin + j) * filter_stride,
                                                      0, ky, iy, ny, kx, ix, nx, offset_vector,
                                                      last_four);
                                    }
                                    sums[0][j] = last_four[first >= 0 ? oc_begin + j - first : 0];
                                }
                            }
                        }
                        const int32_t *base =
                            call->bias_data != NULL ? call->bias_data + oc_begin : zero_bias;
                        nn_mve_finish_rows((const nn_mve_row_sums *)&sums, 1, count, base,
                                           multiplier + oc_begin, shift + oc_begin,
                                           p->output_offset, p->activation.min, p->activation.max,
                                           out + oc_begin, 0, shift_class, &overflow);
                    }
                    ox += stride_w;
                }
            }
        }
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
