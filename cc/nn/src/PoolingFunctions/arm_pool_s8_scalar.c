/*
 * The pooling window cores, portable C: one channel at a time over the window's pixels.
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

void nn_max_pool_window_s8_core(const nn_pool_window *window, int8_t *out)
{
    for (int32_t c = 0; c < window->channels; ++c) {
        const int32_t largest = nn_window_max_s8(window->first + c, window->rows, window->cols,
                                                 window->row_stride, window->channels);
        out[c] = nn_clamp_to_s8(largest, window->act_min, window->act_max);
    }
}

void nn_avg_pool_window_s8_core(const nn_pool_window *window, int8_t *out)
{
    for (int32_t c = 0; c < window->channels; ++c) {
        int32_t sum = 0;
        for (int32_t y = 0; y < window->rows; ++y) {
            const int8_t *row = window->first + (size_t)y * window->row_stride + c;
            for (int32_t x = 0; x < window->cols; ++x) {
                sum += row[(size_t)x * window->channels];
            }
        }
        out[c] =
            nn_clamp_to_s8(nn_rounded_mean(sum, window->count), window->act_min, window->act_max);
    }
}
