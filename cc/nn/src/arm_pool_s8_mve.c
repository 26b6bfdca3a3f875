/*
 * arm_avgpool_s8 and arm_max_pool_s8: 2-D pooling over NHWC int8, Helium (MVE).
 *
 * Windows are clipped to the input: padding positions are neither averaged nor counted, so a
 * border window averages fewer values (PyTorch's count_include_pad=False).
 */
#include "arm_nnfunctions.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

/* Shared walk over windows; `take_max` picks max pooling, otherwise the rounded mean. Channels
 * are the vector lanes: max pooling takes 16 per VMAX, average pooling sums four per int32x4
 * (VLDRB.S32 widens on load) and divides lane by lane (MVE has no integer divide). The last
 * block of channels is predicated. */
static arm_cmsis_nn_status pool(const cmsis_nn_pool_params *pool_params,
                                const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                const cmsis_nn_dims *filter_dims, const cmsis_nn_dims *output_dims,
                                int8_t *output_data, bool take_max)
{
    if (!nn_pool_arguments_are_valid(pool_params, input_dims, filter_dims, output_dims)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t channels = input_dims->c;
    const int32_t act_min = pool_params->activation.min;
    const int32_t act_max = pool_params->activation.max;
    for (int32_t b = 0; b < input_dims->n; ++b) {
        const int8_t *batch_in = input_data + (size_t)b * in_h * in_w * channels;
        for (int32_t oy = 0; oy < output_dims->h; ++oy) {
            const nn_clipped_range rows = nn_clip_window(
                oy * pool_params->stride.h - pool_params->padding.h, filter_dims->h, in_h);
            for (int32_t ox = 0; ox < output_dims->w; ++ox) {
                const nn_clipped_range cols = nn_clip_window(
                    ox * pool_params->stride.w - pool_params->padding.w, filter_dims->w, in_w);
                const int32_t count = (rows.end - rows.begin) * (cols.end - cols.begin);
                if (rows.end <= rows.begin || cols.end <= cols.begin) {
                    /* A window wholly in the padding has no value to pool. */
                    return ARM_CMSIS_NN_ARG_ERROR;
                }
                if (take_max) {
                    const int8x16_t lo = vdupq_n_s8((int8_t)act_min);
                    const int8x16_t hi = vdupq_n_s8((int8_t)act_max);
                    for (int32_t c = 0; c < channels; c += 16) {
                        const mve_pred16_t pred = vctp8q((uint32_t)(channels - c));
                        int8x16_t largest = vdupq_n_s8(INT8_MIN);
                        for (int32_t y = rows.begin; y < rows.end; ++y) {
                            const int8_t *row = batch_in + ((size_t)y * in_w) * channels + c;
                            for (int32_t x = cols.begin; x < cols.end; ++x) {
                                largest = vmaxq_s8(largest,
                                                   vldrbq_z_s8(row + (size_t)x * channels, pred));
                            }
                        }
                        vstrbq_p_s8(output_data + c, vminq_s8(vmaxq_s8(largest, lo), hi), pred);
                    }
                } else {
                    for (int32_t c = 0; c < channels; c += 4) {
                        const mve_pred16_t pred = vctp32q((uint32_t)(channels - c));
                        int32x4_t sum = vdupq_n_s32(0);
                        for (int32_t y = rows.begin; y < rows.end; ++y) {
                            const int8_t *row = batch_in + ((size_t)y * in_w) * channels + c;
                            for (int32_t x = cols.begin; x < cols.end; ++x) {
                                sum =
                                    vaddq_s32(sum, vldrbq_z_s32(row + (size_t)x * channels, pred));
                            }
                        }
                        int32_t sums[4];
                        vstrwq_s32(sums, sum);
                        const int32_t lanes = channels - c < 4 ? channels - c : 4;
                        for (int32_t i = 0; i < lanes; ++i) {
                            output_data[c + i] =
                                nn_clamp_to_s8(nn_rounded_mean(sums[i], count), act_min, act_max);
                        }
                    }
                }
                output_data += channels;
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_avgpool_s8(const cmsis_nn_context *ctx,
                                   const cmsis_nn_pool_params *pool_params,
                                   const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                   const cmsis_nn_dims *filter_dims,
                                   const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    return pool(pool_params, input_dims, input_data, filter_dims, output_dims, output_data, false);
}

int32_t arm_avgpool_s8_get_buffer_size(const int dim_dst_width, const int ch_src)
{
    (void)dim_dst_width;
    (void)ch_src;
    return 0;
}

arm_cmsis_nn_status arm_max_pool_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_pool_params *pool_params,
                                    const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims,
                                    const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    return pool(pool_params, input_dims, input_data, filter_dims, output_dims, output_data, true);
}
