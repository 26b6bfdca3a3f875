/*
 * nn_convolve_s8_core, DSP extension: the arithmetic of arm_convolve_s8.
 *
 * Two output pixels at a time: the receptive field of each (one group) is gathered into a small
 * int8 patch laid out like an OHWI filter row (taps outside the image hold the value that
 * cancels the input offset), both patches are widened to int16 with the offset added
 * (nn_dsp_pack_pair), and the group's filter rows run against the pair on the same SMLAD core
 * as the 1x1 convolution (nn_dsp_pair_by_filters). Patches larger than the stack buffers, or
 * offsets whose padding value does not fit int8, are walked tap by tap instead. A 1x1 window
 * (a padded 1x1 convolution) is packed straight from the input pixel or a padding row, with no
 * copy. No caller scratch is needed.
 */
#include "internal/nn_cores.h"
#include "internal/nn_dsp.h"
#include "internal/nn_support.h"

/* Largest receptive field (KH * KW * channels per group) gathered for the two-pixel core. */
#define PATCH_CAPACITY 288

_Static_assert(PATCH_CAPACITY <= NN_DSP_PACK_DEPTH, "a patch must fit the packing buffer");

/* Copies the receptive field of one output pixel for one group, padding with pad_value. */
static void gather_patch(const int8_t *batch_in, const cmsis_nn_dims *input_dims,
                         int32_t group_start, int32_t group_in_c, int32_t base_y, int32_t base_x,
                         const cmsis_nn_dims *filter_dims, const cmsis_nn_tile *dilation,
                         int8_t pad_value, int8_t *patch)
{
    for (int32_t ky = 0; ky < filter_dims->h; ++ky) {
        const int32_t iy = base_y + ky * dilation->h;
        for (int32_t kx = 0; kx < filter_dims->w; ++kx) {
            const int32_t ix = base_x + kx * dilation->w;
            if (iy < 0 || iy >= input_dims->h || ix < 0 || ix >= input_dims->w) {
                memset(patch, pad_value, (size_t)group_in_c);
            } else {
                memcpy(patch,
                       batch_in + ((size_t)iy * input_dims->w + ix) * input_dims->c + group_start,
                       (size_t)group_in_c);
            }
            patch += group_in_c;
        }
    }
}

/* Tap-by-tap convolution of one output pixel (every channel), for the cases the packed path
 * does not take. */
static void direct_pixel(const cmsis_nn_conv_params *conv_params, const cmsis_nn_dims *input_dims,
                         const int8_t *batch_in, const cmsis_nn_dims *filter_dims,
                         const int8_t *filter_data, const int32_t *bias_data, int32_t out_c,
                         int32_t group_out_c, int32_t base_y, int32_t base_x,
                         nn_dsp_output_stage stage, int8_t *out, bool *overflowed)
{
    const int32_t group_in_c = filter_dims->c;
    for (int32_t oc = 0; oc < out_c; ++oc) {
        const int32_t group_start = (oc / group_out_c) * group_in_c;
        int32_t acc = bias_data != NULL ? bias_data[oc] : 0;
        for (int32_t ky = 0; ky < filter_dims->h; ++ky) {
            const int32_t iy = base_y + ky * conv_params->dilation.h;
            if (iy < 0 || iy >= input_dims->h) {
                continue;
            }
            for (int32_t kx = 0; kx < filter_dims->w; ++kx) {
                const int32_t ix = base_x + kx * conv_params->dilation.w;
                if (ix < 0 || ix >= input_dims->w) {
                    continue;
                }
                const int8_t *in =
                    batch_in + ((size_t)iy * input_dims->w + ix) * input_dims->c + group_start;
                const int8_t *w =
                    filter_data +
                    (((size_t)oc * filter_dims->h + ky) * filter_dims->w + kx) * group_in_c;
                acc += nn_dot_s8_offset(in, w, group_in_c, conv_params->input_offset);
            }
        }
        out[oc] = nn_dsp_output(stage, acc, oc, overflowed);
    }
}

/*
 * The packed path for a 1x1 window (a padded 1x1 convolution, or the wrapper would have taken
 * the pointwise kernel): each pixel's receptive field is one run of its input pixel's group, or
 * all padding, so both rows are packed straight from the input or from a padding row, with no
 * copy. Returns true on overflow.
 */
static __attribute__((noinline)) bool single_tap_pairs(const nn_conv_call *call,
                                                       nn_dsp_output_stage stage, int8_t pad_value)
{
    const int32_t group_in_c = call->filter_dims->c;
    const int32_t out_c = call->output_dims->c;
    const int32_t group_out_c = out_c / call->groups;
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t in_c = call->input_dims->c;
    const int32_t out_w = call->output_dims->w;
    const int32_t plane = call->output_dims->h * out_w;
    const int32_t pixels = call->output_dims->n * plane;
    const cmsis_nn_conv_params *params = call->conv_params;
    int8_t pad_row[PATCH_CAPACITY];
    memset(pad_row, pad_value, (size_t)group_in_c);
    nn_dsp_packed_pair pair;
    bool overflowed = false;
    for (int32_t p = 0; p < pixels; p += 2) {
        /* An odd last pixel is packed as a pair with itself. */
        const bool both = p + 1 < pixels;
        const int8_t *rows[2];
        for (int32_t i = 0; i < 2; ++i) {
            const int32_t q = both ? p + i : p;
            const int32_t b = q / plane;
            const int32_t iy = ((q % plane) / out_w) * params->stride.h - params->padding.h;
            const int32_t ix = (q % out_w) * params->stride.w - params->padding.w;
            const bool inside = iy >= 0 && iy < in_h && ix >= 0 && ix < in_w;
            rows[i] =
                inside ? call->input_data + (((size_t)b * in_h + iy) * in_w + ix) * in_c : NULL;
        }
        int8_t *out0 = call->output_data + (size_t)p * out_c;
        for (int32_t g = 0; g < call->groups; ++g) {
            const int32_t start = g * group_in_c;
            nn_dsp_pack_pair(rows[0] != NULL ? rows[0] + start : pad_row,
                             rows[1] != NULL ? rows[1] + start : pad_row, group_in_c,
                             params->input_offset, &pair);
            nn_dsp_pair_by_filters(&pair, group_in_c, call->filter_data, call->bias_data,
                                   g * group_out_c, (g + 1) * group_out_c, stage, out0,
                                   both ? out0 + out_c : out0, &overflowed);
        }
    }
    return overflowed;
}

arm_cmsis_nn_status nn_convolve_s8_core(const nn_conv_call *restrict call)
{
    const int32_t groups = call->groups;
    const int32_t group_in_c = call->filter_dims->c;
    const int32_t out_c = call->output_dims->c;
    const int32_t group_out_c = out_c / groups;
    const int32_t out_w = call->output_dims->w;
    const int32_t plane = call->output_dims->h * out_w;
    const int32_t pixels = call->output_dims->n * plane;
    const int32_t input_offset = call->conv_params->input_offset;
    const size_t batch_size =
        (size_t)call->input_dims->h * call->input_dims->w * call->input_dims->c;
    const nn_dsp_output_stage stage =
        nn_dsp_stage(call->quant_params, call->output_dims->c, call->conv_params->output_offset,
                     &call->conv_params->activation);
    const int32_t patch_size = call->filter_dims->h * call->filter_dims->w * group_in_c;
    bool overflowed = false;

    /* The padding value v satisfies v + input_offset == 0; it fits int8 for offsets in
     * [-127, 128] (every offset cc/ops passes). */
    if (patch_size > PATCH_CAPACITY || input_offset < -127 || input_offset > 128) {
        for (int32_t p = 0; p < pixels; ++p) {
            const int32_t b = p / plane;
            const int32_t oy = (p % plane) / out_w;
            const int32_t ox = p % out_w;
            direct_pixel(call->conv_params, call->input_dims,
                         call->input_data + (size_t)b * batch_size, call->filter_dims,
                         call->filter_data, call->bias_data, out_c, group_out_c,
                         oy * call->conv_params->stride.h - call->conv_params->padding.h,
                         ox * call->conv_params->stride.w - call->conv_params->padding.w, stage,
                         call->output_data + (size_t)p * out_c, &overflowed);
        }
        return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
    }

    int8_t patches[2][PATCH_CAPACITY];
    nn_dsp_packed_pair pair;
    const int8_t pad_value = (int8_t)(-input_offset);
    if (call->filter_dims->h == 1 && call->filter_dims->w == 1) {
        return single_tap_pairs(call, stage, pad_value) ? ARM_CMSIS_NN_ARG_ERROR
                                                        : ARM_CMSIS_NN_SUCCESS;
    }
    for (int32_t p = 0; p < pixels; p += 2) {
        /* An odd last pixel is gathered as a pair with itself. */
        const bool both = p + 1 < pixels;
        for (int32_t g = 0; g < groups; ++g) {
            for (int32_t i = 0; i < 2; ++i) {
                const int32_t q = both ? p + i : p;
                const int32_t b = q / plane;
                const int32_t oy = (q % plane) / out_w;
                const int32_t ox = q % out_w;
                gather_patch(
                    call->input_data + (size_t)b * batch_size, call->input_dims, g * group_in_c,
                    group_in_c, oy * call->conv_params->stride.h - call->conv_params->padding.h,
                    ox * call->conv_params->stride.w - call->conv_params->padding.w,
                    call->filter_dims, &call->conv_params->dilation, pad_value, patches[i]);
            }
            nn_dsp_pack_pair(patches[0], patches[1], patch_size, input_offset, &pair);
            int8_t *out0 = call->output_data + (size_t)p * out_c;
            nn_dsp_pair_by_filters(&pair, patch_size, call->filter_data, call->bias_data,
                                   g * group_out_c, (g + 1) * group_out_c, stage, out0,
                                   both ? out0 + out_c : out0, &overflowed);
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
