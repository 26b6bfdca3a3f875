/*
 * The pooling window cores, Helium (MVE): channels are the vector lanes. Max pooling takes 16
 * per VMAX; average pooling sums four per int32x4 (VLDRB.S32 widens on load) and divides lane
 * by lane (MVE has no integer divide). The last block of channels is predicated.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

void nn_max_pool_window_s8_core(const nn_pool_window *window, int8_t *out)
{
    const int8x16_t lo = vdupq_n_s8((int8_t)window->act_min);
    const int8x16_t hi = vdupq_n_s8((int8_t)window->act_max);
    const int32_t channels = window->channels;
    for (int32_t c = 0; c < channels; c += 16) {
        const mve_pred16_t pred = vctp8q((uint32_t)(channels - c));
        int8x16_t largest = vdupq_n_s8(INT8_MIN);
        for (int32_t y = 0; y < window->rows; ++y) {
            const int8_t *row = window->first + (size_t)y * window->row_stride + c;
            for (int32_t x = 0; x < window->cols; ++x) {
                largest = vmaxq_s8(largest, vldrbq_z_s8(row + (size_t)x * channels, pred));
            }
        }
        vstrbq_p_s8(out + c, vminq_s8(vmaxq_s8(largest, lo), hi), pred);
    }
}

void nn_avg_pool_window_s8_core(const nn_pool_window *window, int8_t *out)
{
    const int32_t channels = window->channels;
    for (int32_t c = 0; c < channels; c += 4) {
        const mve_pred16_t pred = vctp32q((uint32_t)(channels - c));
        int32x4_t sum = vdupq_n_s32(0);
        for (int32_t y = 0; y < window->rows; ++y) {
            const int8_t *row = window->first + (size_t)y * window->row_stride + c;
            for (int32_t x = 0; x < window->cols; ++x) {
                sum = vaddq_s32(sum, vldrbq_z_s32(row + (size_t)x * channels, pred));
            }
        }
        int32_t sums[4];
        vstrwq_s32(sums, sum);
        const int32_t lanes = channels - c < 4 ? channels - c : 4;
        for (int32_t i = 0; i < lanes; ++i) {
            out[c + i] = nn_clamp_to_s8(nn_rounded_mean(sums[i], window->count), window->act_min,
                                        window->act_max);
        }
    }
}
