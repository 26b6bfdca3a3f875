/*
 * nn_convolve_s8_core, portable C: the arithmetic of arm_convolve_s8.
 *
 * Three output pixels at a time, per group (two, or one, when the receptive field is too large
 * for three): the receptive field of each is gathered into a stack buffer laid out like one OHWI
 * filter row (taps outside the image hold the value that cancels the input offset, so they
 * contribute nothing), and the patches run against the group's filter rows on the
 * register-blocked cores of internal/nn_scalar.h (3 or 2 pixels x 2 channels, the input offset
 * folded into the bias once per chunk of channels). Receptive fields too large for the buffer
 * are walked tap by tap instead. Either way the kernel needs no caller scratch.
 */
#include "internal/nn_cores.h"
#include "internal/nn_scalar.h"
#include "internal/nn_support.h"

/* Bytes of gathered receptive fields (KH * KW * channels per group each) on the stack. */
#define PATCH_BUFFER 1536

/* Copies the receptive field of one output pixel for one group, padding with pad_value. */
static void gather_patch(const int8_t *batch_in, int32_t in_h, int32_t in_w, int32_t in_c,
                         int32_t group_start, int32_t group_in_c, int32_t base_y, int32_t base_x,
                         int32_t kernel_h, int32_t kernel_w, const cmsis_nn_tile *dilation,
                         int8_t pad_value, int8_t *patch)
{
    for (int32_t ky = 0; ky < kernel_h; ++ky) {
        const int32_t iy = base_y + ky * dilation->h;
        for (int32_t kx = 0; kx < kernel_w; ++kx) {
            const int32_t ix = base_x + kx * dilation->w;
            int8_t *dst = patch + ((size_t)ky * kernel_w + kx) * group_in_c;
            if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w) {
                for (int32_t i = 0; i < group_in_c; ++i) {
                    dst[i] = pad_value;
                }
            } else {
                const int8_t *src = batch_in + ((size_t)iy * in_w + ix) * in_c + group_start;
                for (int32_t i = 0; i < group_in_c; ++i) {
                    dst[i] = src[i];
                }
            }
        }
    }
}

arm_cmsis_nn_status nn_convolve_s8_core(const nn_conv_call *restrict call)
{
    int8_t *output_data = call->output_data;
    const int32_t batches = call->input_dims->n;
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t in_c = call->input_dims->c;
    const int32_t kernel_h = call->filter_dims->h;
    const int32_t kernel_w = call->filter_dims->w;
    const int32_t group_in_c = call->filter_dims->c;
    const int32_t out_h = call->output_dims->h;
    const int32_t out_w = call->output_dims->w;
    const int32_t out_c = call->output_dims->c;

    const int32_t groups = call->groups;
    const int32_t group_out_c = out_c / groups;

    const int32_t input_offset = call->conv_params->input_offset;
    const int32_t output_offset = call->conv_params->output_offset;
    const int32_t act_min = call->conv_params->activation.min;
    const int32_t act_max = call->conv_params->activation.max;
    bool overflowed = false;

    const int32_t patch_size = kernel_h * kernel_w * group_in_c;
    /* The padding value v satisfies v + input_offset == 0; it fits int8 for every valid offset
     * in [-127, 128], which is the gathered path's precondition. */
    if (patch_size <= PATCH_BUFFER && input_offset >= -127 && input_offset <= 128) {
        int8_t patches[PATCH_BUFFER];
        int32_t folded[NN_SCALAR_CHANNEL_CHUNK];
        int32_t acc[3][NN_SCALAR_CHANNEL_CHUNK];
        const nn_scalar_output_stage stage = {call->quant_params->multiplier,
                                              call->quant_params->shift, output_offset, act_min,
                                              act_max};
        const int8_t pad_value = (int8_t)(-input_offset);
        const int32_t plane = out_h * out_w;
        const int32_t pixels = batches * plane;
        /* Pixels gathered per step: three when their patches fit the buffer. */
        const int32_t step = patch_size * 3 <= PATCH_BUFFER   ? 3
                             : 2 * patch_size <= PATCH_BUFFER ? 2
                                                              : 1;
        for (int32_t g = 0; g < groups; ++g) {
            const int32_t group_end = (g + 1) * group_out_c;
            for (int32_t chunk = g * group_out_c; chunk < group_end;
                 chunk += NN_SCALAR_CHANNEL_CHUNK) {
                const int32_t count = group_end - chunk < NN_SCALAR_CHANNEL_CHUNK
                                          ? group_end - chunk
                                          : NN_SCALAR_CHANNEL_CHUNK;
                const int8_t *filters = call->filter_data + (size_t)chunk * patch_size;
                nn_scalar_fold_bias(filters, patch_size, count,
                                    call->bias_data != NULL ? call->bias_data + chunk : NULL,
                                    input_offset, folded);
                for (int32_t p = 0; p < pixels; p += step) {
                    const int32_t here = pixels - p < step ? pixels - p : step;
                    for (int32_t i = 0; i < here; ++i) {
                        const int32_t q = p + i;
                        const int32_t b = q / plane;
                        const int32_t oy = (q % plane) / out_w;
                        const int32_t ox = q % out_w;
                        gather_patch(
                            call->input_data + (size_t)b * in_h * in_w * in_c, in_h, in_w, in_c,
                            g * group_in_c, group_in_c,
                            oy * call->conv_params->stride.h - call->conv_params->padding.h,
                            ox * call->conv_params->stride.w - call->conv_params->padding.w,
                            kernel_h, kernel_w, &call->conv_params->dilation, pad_value,
                            patches + (size_t)i * patch_size);
                    }
                    if (here == 3) {
                        nn_scalar_triple_by_filters(patches, patch_size, filters, count, folded,
                                                    acc[0], acc[1], acc[2]);
                    } else {
                        /* A lone pixel runs as a pair with itself. */
                        nn_scalar_pair_by_filters(patches, patches + (here == 2 ? patch_size : 0),
                                                  patch_size, filters, count, folded, acc[0],
                                                  acc[1]);
                    }
                    nn_scalar_requantize_rows(
                        acc[0], here, count, stage.multiplier + chunk, stage.shift + chunk, &stage,
                        output_data + (size_t)p * out_c + chunk, out_c, &overflowed);
                }
            }
        }
        return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
    }

    for (int32_t b = 0; b < batches; ++b) {
        const int8_t *batch_in = call->input_data + (size_t)b * in_h * in_w * in_c;
        for (int32_t oy = 0; oy < out_h; ++oy) {
            const int32_t base_y = oy * call->conv_params->stride.h - call->conv_params->padding.h;
            for (int32_t ox = 0; ox < out_w; ++ox) {
                const int32_t base_x =
                    ox * call->conv_params->stride.w - call->conv_params->padding.w;
                for (int32_t oc = 0; oc < out_c; ++oc) {
                    const int32_t group_start = (oc / group_out_c) * group_in_c;
                    int32_t acc = call->bias_data != NULL ? call->bias_data[oc] : 0;
                    for (int32_t ky = 0; ky < kernel_h; ++ky) {
                        const int32_t iy = base_y + ky * call->conv_params->dilation.h;
                        if (iy < 0 || iy >= in_h) {
                            continue;
                        }
                        for (int32_t kx = 0; kx < kernel_w; ++kx) {
                            const int32_t ix = base_x + kx * call->conv_params->dilation.w;
                            if (ix < 0 || ix >= in_w) {
                                continue;
                            }
                            const int8_t *in =
                                batch_in + ((size_t)iy * in_w + ix) * in_c + group_start;
                            const int8_t *w =
                                call->filter_data +
                                (((size_t)oc * kernel_h + ky) * kernel_w + kx) * group_in_c;
                            acc += nn_dot_s8_offset(in, w, group_in_c, input_offset);
                        }
                    }
                    const int32_t scaled =
                        nn_requantize(acc, call->quant_params->multiplier[oc],
                                      call->quant_params->shift[oc], &overflowed);
                    *output_data++ = nn_clamp_to_s8(scaled + output_offset, act_min, act_max);
                }
            }
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
