/*
 * The pooling window cores, Helium (MVE): channels are the vector lanes. Max pooling takes 16
 * per VMAX. Average pooling over windows of 2..255 values sums 16 channels per step in two
 * int16x8 vectors (VLDRB.S16 widens on load; |sum| <= 255 * 128 fits int16) and divides with
 * a multiply: for 0 <= n < 2^16, floor(n / d) = floor(n * ceil(2^32 / d) / 2^32) (the error
 * term n * e / 2^32 < 2^-16 stays below 1/d), one VMULH on |sum| + d / 2, the sign put back
 * after: the same half-away-from-zero mean as nn_rounded_mean. Other windows sum four channels
 * per int32x4 and divide lane by lane. The last block of channels is predicated.
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

/* nn_rounded_mean of four sums (|sum| + count / 2 < 2^16) by the reciprocal `magic`
 * (ceil(2^32 / count)), clamped. */
static inline int32x4_t rounded_means(int32x4_t sum, int32_t half, uint32_t magic, int32x4_t lo,
                                      int32x4_t hi)
{
    const int32x4_t sign = vshrq_n_s32(sum, 31);
    const uint32x4_t rounded = vreinterpretq_u32_s32(vaddq_n_s32(vabsq_s32(sum), half));
    const int32x4_t quotient = vreinterpretq_s32_u32(vmulhq_u32(rounded, vdupq_n_u32(magic)));
    /* (q ^ sign) - sign: q where the sum is positive, -q where negative. */
    const int32x4_t mean = vsubq_s32(veorq_s32(quotient, sign), sign);
    return vminq_s32(vmaxq_s32(mean, lo), hi);
}

/* Average pooling of a window of 2..255 values, 16 channels per step (see the file comment). */
static void avg_pool_window_short(const nn_pool_window *window, int8_t *out)
{
    const int32_t channels = window->channels;
    const int32_t half = window->count / 2;
    const uint32_t magic =
        (uint32_t)((((uint64_t)1 << 32) + (uint64_t)window->count - 1) / (uint64_t)window->count);
    const int32x4_t lo = vdupq_n_s32(window->act_min);
    const int32x4_t hi = vdupq_n_s32(window->act_max);
    for (int32_t c = 0; c < channels; c += 16) {
        const int32_t remaining = channels - c;
        const mve_pred16_t pred_lo = vctp16q((uint32_t)remaining);
        const mve_pred16_t pred_hi = vctp16q((uint32_t)(remaining > 8 ? remaining - 8 : 0));
        int16x8_t sum_lo = vdupq_n_s16(0);
        int16x8_t sum_hi = vdupq_n_s16(0);
        for (int32_t y = 0; y < window->rows; ++y) {
            const int8_t *p = window->first + (size_t)y * window->row_stride + c;
            for (int32_t x = 0; x < window->cols; ++x) {
                sum_lo = vaddq_s16(sum_lo, vldrbq_z_s16(p, pred_lo));
                sum_hi = vaddq_s16(sum_hi, vldrbq_z_s16(p + 8, pred_hi));
                p += channels;
            }
        }
        /* Even and odd int16 lanes widen, divide, and narrow back into their own lanes. */
        int16x8_t mean_lo = vmovnbq_s32(vuninitializedq_s16(),
                                        rounded_means(vmovlbq_s16(sum_lo), half, magic, lo, hi));
        mean_lo = vmovntq_s32(mean_lo, rounded_means(vmovltq_s16(sum_lo), half, magic, lo, hi));
        int16x8_t mean_hi = vmovnbq_s32(vuninitializedq_s16(),
                                        rounded_means(vmovlbq_s16(sum_hi), half, magic, lo, hi));
        mean_hi = vmovntq_s32(mean_hi, rounded_means(vmovltq_s16(sum_hi), half, magic, lo, hi));
        vstrbq_p_s16(out + c, mean_lo, pred_lo);
        vstrbq_p_s16(out + c + 8, mean_hi, pred_hi);
    }
}

void nn_avg_pool_window_s8_core(const nn_pool_window *window, int8_t *out)
{
    const int32_t channels = window->channels;
    if (window->count >= 2 && window->count <= 255) {
        avg_pool_window_short(window, out);
        return;
    }
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
