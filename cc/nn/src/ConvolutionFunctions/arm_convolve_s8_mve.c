/*
 * nn_convolve_s8_core, Helium (MVE): the arithmetic of arm_convolve_s8.
 *
 * im2col on the stack: the receptive fields of up to four output pixels (one group at a time)
 * are copied into a small buffer laid out like an OHWI filter row, taps outside the image
 * filled with the value v where v + input_offset == 0 (so they add nothing), and the four
 * patches are multiplied by every filter row of the group with the same VMLADAVA core as the
 * 1x1 convolution (nn_mve_rows_by_filters). Patches larger than the buffer, or an input offset
 * whose padding value does not fit int8, take a direct path: per output pixel and channel, a
 * predicated dot product over each valid tap's channels. Neither path needs caller scratch.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

/* Bytes of on-stack im2col buffer (four patches of up to 256 values, or one of up to 1024). */
#define PATCH_CAPACITY 1024

typedef struct {
    int32_t in_h;
    int32_t in_w;
    int32_t in_c;
    int32_t kernel_h;
    int32_t kernel_w;
    int32_t group_in_c;
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_tile dilation;
} conv_geometry;

/* Copies `count` bytes with predicated 16-byte steps (no access past either buffer). */
static inline void copy_bytes(int8_t *dst, const int8_t *src, int32_t count)
{
    for (int32_t i = 0; i < count; i += 16) {
        const mve_pred16_t pred = vctp8q((uint32_t)(count - i));
        vstrbq_p_s8(dst + i, vldrbq_z_s8(src + i, pred), pred);
    }
}

static inline void fill_bytes(int8_t *dst, int8_t value, int32_t count)
{
    const int8x16_t fill = vdupq_n_s8(value);
    for (int32_t i = 0; i < count; i += 16) {
        vstrbq_p_s8(dst + i, fill, vctp8q((uint32_t)(count - i)));
    }
}

/* The receptive field of output pixel (oy, ox) for the group starting at channel group_start.
 * Without groups or dilation, a window row that lies inside the image is one contiguous run of
 * kernel_w * in_c bytes, copied in one go. */
static void gather_patch(const conv_geometry *g, const int8_t *batch_in, int32_t oy, int32_t ox,
                         int32_t group_start, int8_t pad_value, int8_t *patch)
{
    const int32_t base_y = oy * g->stride.h - g->padding.h;
    const int32_t base_x = ox * g->stride.w - g->padding.w;
    const int32_t row_bytes = g->kernel_w * g->group_in_c;
    const bool row_runs = g->group_in_c == g->in_c && g->dilation.w == 1 && base_x >= 0 &&
                          base_x + g->kernel_w <= g->in_w;
    for (int32_t ky = 0; ky < g->kernel_h; ++ky) {
        const int32_t iy = base_y + ky * g->dilation.h;
        int8_t *dst = patch + (size_t)ky * row_bytes;
        if (iy < 0 || iy >= g->in_h) {
            fill_bytes(dst, pad_value, row_bytes);
            continue;
        }
        const int8_t *row = batch_in + (size_t)iy * g->in_w * g->in_c;
        if (row_runs) {
            copy_bytes(dst, row + (size_t)base_x * g->in_c, row_bytes);
            continue;
        }
        for (int32_t kx = 0; kx < g->kernel_w; ++kx) {
            const int32_t ix = base_x + kx * g->dilation.w;
            if (ix < 0 || ix >= g->in_w) {
                fill_bytes(dst + (size_t)kx * g->group_in_c, pad_value, g->group_in_c);
            } else {
                copy_bytes(dst + (size_t)kx * g->group_in_c,
                           row + (size_t)ix * g->in_c + group_start, g->group_in_c);
            }
        }
    }
}

/* sum over the valid taps of (x + input_offset) * w for one output channel, tap by tap. */
static int32_t direct_accumulate(const conv_geometry *g, const int8_t *batch_in, int32_t oy,
                                 int32_t ox, int32_t group_start, const int8_t *filter_row,
                                 int32_t input_offset)
{
    const int32_t base_y = oy * g->stride.h - g->padding.h;
    const int32_t base_x = ox * g->stride.w - g->padding.w;
    int32_t products = 0;
    int32_t weight_sum = 0;
    for (int32_t ky = 0; ky < g->kernel_h; ++ky) {
        const int32_t iy = base_y + ky * g->dilation.h;
        if (iy < 0 || iy >= g->in_h) {
            continue;
        }
        for (int32_t kx = 0; kx < g->kernel_w; ++kx) {
            const int32_t ix = base_x + kx * g->dilation.w;
            if (ix < 0 || ix >= g->in_w) {
                continue;
            }
            const int8_t *x = batch_in + ((size_t)iy * g->in_w + ix) * g->in_c + group_start;
            const int8_t *w = filter_row + ((size_t)ky * g->kernel_w + kx) * g->group_in_c;
            for (int32_t i = 0; i < g->group_in_c; i += 16) {
                const mve_pred16_t pred = vctp8q((uint32_t)(g->group_in_c - i));
                const int8x16_t wv = vldrbq_z_s8(w + i, pred);
                products = vmladavaq_s8(products, vldrbq_z_s8(x + i, pred), wv);
                weight_sum = vaddvaq_s8(weight_sum, wv);
            }
        }
    }
    return (int32_t)((uint32_t)products + (uint32_t)input_offset * (uint32_t)weight_sum);
}

arm_cmsis_nn_status nn_convolve_s8_core(const nn_conv_call *restrict call)
{
    int8_t *output_data = call->output_data;
    const int32_t batches = call->input_dims->n;
    const int32_t in_c = call->input_dims->c;
    const int32_t group_in_c = call->filter_dims->c;
    const int32_t out_h = call->output_dims->h;
    const int32_t out_w = call->output_dims->w;
    const int32_t out_c = call->output_dims->c;
    const int32_t groups = call->groups;
    const int32_t group_out_c = out_c / groups;
    const conv_geometry geometry = {
        .in_h = call->input_dims->h,
        .in_w = call->input_dims->w,
        .in_c = in_c,
        .kernel_h = call->filter_dims->h,
        .kernel_w = call->filter_dims->w,
        .group_in_c = group_in_c,
        .stride = call->conv_params->stride,
        .padding = call->conv_params->padding,
        .dilation = call->conv_params->dilation,
    };
    const int32_t input_offset = call->conv_params->input_offset;
    const int32_t patch_size = geometry.kernel_h * geometry.kernel_w * group_in_c;
    const size_t batch_stride = (size_t)geometry.in_h * geometry.in_w * in_c;
    const int32_t pixels = out_h * out_w;
    mve_pred16_t overflow = 0;

    if (patch_size <= PATCH_CAPACITY && input_offset >= -127 && input_offset <= 128) {
        int8_t patches[PATCH_CAPACITY];
        int32_t base[NN_MVE_CHANNEL_CHUNK];
        const int32_t per_block = PATCH_CAPACITY / patch_size >= 4 ? 4 : 1;
        const int8_t pad_value = (int8_t)(-input_offset);
        const nn_mve_shift_class shift_class =
            nn_mve_classify_shifts(call->quant_params->shift, out_c);
        for (int32_t g = 0; g < groups; ++g) {
            const int32_t group_end = (g + 1) * group_out_c;
            for (int32_t oc = g * group_out_c; oc < group_end; oc += NN_MVE_CHANNEL_CHUNK) {
                const int32_t oc_end =
                    group_end - oc < NN_MVE_CHANNEL_CHUNK ? group_end : oc + NN_MVE_CHANNEL_CHUNK;
                const nn_mve_shift_class chunk_class = nn_mve_filter_bases(
                    call->filter_data, patch_size, call->bias_data, input_offset,
                    call->quant_params->shift, oc, oc_end, shift_class, base);
                for (int32_t b = 0; b < batches; ++b) {
                    const int8_t *batch_in = call->input_data + (size_t)b * batch_stride;
                    int8_t *batch_out = output_data + (size_t)b * pixels * out_c;
                    for (int32_t p = 0; p < pixels; p += per_block) {
                        const int32_t count = pixels - p < per_block ? pixels - p : per_block;
                        for (int32_t r = 0; r < count; ++r) {
                            gather_patch(&geometry, batch_in, (p + r) / out_w, (p + r) % out_w,
                                         g * group_in_c, pad_value,
                                         patches + (size_t)r * patch_size);
                        }
                        nn_mve_rows_by_filters(
                            patches, patch_size, count, patch_size, call->filter_data, oc, oc_end,
                            base, call->quant_params->multiplier, call->quant_params->shift,
                            call->conv_params->output_offset, call->conv_params->activation.min,
                            call->conv_params->activation.max, batch_out + (size_t)p * out_c, out_c,
                            chunk_class, &overflow);
                    }
                }
            }
        }
        return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
    }

    const int32x4_t lo = vdupq_n_s32(call->conv_params->activation.min);
    const int32x4_t hi = vdupq_n_s32(call->conv_params->activation.max);
    for (int32_t b = 0; b < batches; ++b) {
        const int8_t *batch_in = call->input_data + (size_t)b * batch_stride;
        for (int32_t p = 0; p < pixels; ++p) {
            for (int32_t oc = 0; oc < out_c; ++oc) {
                const int32_t group_start = (oc / group_out_c) * group_in_c;
                const int32_t acc =
                    direct_accumulate(&geometry, batch_in, p / out_w, p % out_w, group_start,
                                      call->filter_data + (size_t)oc * patch_size, input_offset);
                const uint32_t bias = call->bias_data != NULL ? (uint32_t)call->bias_data[oc] : 0u;
                int32x4_t v = vdupq_n_s32((int32_t)((uint32_t)acc + bias));
                v = nn_mve_requantize_uniform(v, call->quant_params->multiplier[oc],
                                              call->quant_params->shift[oc], &overflow);
                v = nn_mve_offset_clamp(v, call->conv_params->output_offset, lo, hi);
                *output_data++ = (int8_t)vgetq_lane_s32(v, 0);
            }
        }
    }
    return overflow != 0 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
