/*
 * arm_avgpool_s8 and arm_max_pool_s8: 2-D pooling over NHWC int8, portable C.
 *
 * Windows are clipped to the input: padding positions are neither averaged nor counted, so a
 * border window averages fewer values (PyTorch's count_include_pad=False).
 */
#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

/* Shared walk over windows; `take_max` picks max pooling, otherwise the rounded mean. */
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
                for (int32_t c = 0; c < channels; ++c) {
                    int32_t sum = 0;
                    int32_t largest = INT8_MIN;
                    for (int32_t y = rows.begin; y < rows.end; ++y) {
                        const int8_t *row = batch_in + ((size_t)y * in_w) * channels + c;
                        for (int32_t x = cols.begin; x < cols.end; ++x) {
                            const int32_t v = row[(size_t)x * channels];
                            sum += v;
                            largest = v > largest ? v : largest;
                        }
                    }
                    const int32_t value = take_max ? largest : nn_rounded_mean(sum, count);
                    *output_data++ = nn_clamp_to_s8(value, pool_params->activation.min,
                                                    pool_params->activation.max);
                }
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
