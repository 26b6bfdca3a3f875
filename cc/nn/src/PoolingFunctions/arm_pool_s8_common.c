/*
 * nn_pool_s8_walk: the walk over output pixels that arm_avgpool_s8 and arm_max_pool_s8 share on
 * every ISA class. Each window is clipped to the image here (padding positions are neither
 * pooled nor counted) and handed to the window core of the ISA class
 * (arm_pool_s8_{scalar,dsp,mve}.c).
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_pool_s8_walk(const nn_pool_call *restrict call, bool take_max)
{
    const cmsis_nn_pool_params *params = call->pool_params;
    const int32_t in_h = call->input_dims->h;
    const int32_t in_w = call->input_dims->w;
    const int32_t channels = call->input_dims->c;
    int8_t *out = call->output_data;
    nn_pool_window window = {
        .row_stride = in_w * channels,
        .channels = channels,
        .act_min = params->activation.min,
        .act_max = params->activation.max,
    };
    for (int32_t b = 0; b < call->input_dims->n; ++b) {
        const int8_t *batch_in = call->input_data + (size_t)b * in_h * in_w * channels;
        for (int32_t oy = 0; oy < call->output_dims->h; ++oy) {
            const nn_clipped_range rows = nn_clip_window(oy * params->stride.h - params->padding.h,
                                                         call->filter_dims->h, in_h);
            for (int32_t ox = 0; ox < call->output_dims->w; ++ox) {
                const nn_clipped_range cols = nn_clip_window(
                    ox * params->stride.w - params->padding.w, call->filter_dims->w, in_w);
                if (rows.end <= rows.begin || cols.end <= cols.begin) {
                    /* A window wholly in the padding has no value to pool. */
                    return ARM_CMSIS_NN_ARG_ERROR;
                }
                window.first =
                    batch_in + ((size_t)rows.begin * in_w + cols.begin) * (size_t)channels;
                window.rows = rows.end - rows.begin;
                window.cols = cols.end - cols.begin;
                window.count = window.rows * window.cols;
                if (take_max) {
                    nn_max_pool_window_s8_core(&window, out);
                } else {
                    nn_avg_pool_window_s8_core(&window, out);
                }
                out += channels;
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}
