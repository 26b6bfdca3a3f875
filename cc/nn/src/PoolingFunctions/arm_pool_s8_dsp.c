/*
 * The pooling window cores, DSP extension: four channels per word.
 *
 * Max pooling: SSUB8 sets each byte's GE flag where the new value is at least the running
 * maximum, and SEL takes those bytes from it, so one load and two instructions update four
 * channels; the activation clamp is the same pair of steps against the bounds. Average pooling:
 * SXTAB16 adds bytes (0, 2) and (1, 3) of each word into two pairs of 16-bit sums, exact while
 * the window holds at most 255 pixels (255 * 128 < 2^15); larger windows, and the channels % 4
 * of every window, take the portable per-channel loops. The mean is rounded as the portable core
 * rounds it (nn_rounded_mean), so both give the same bytes.
 */
#include "internal/nn_cores.h"
#include "internal/nn_dsp.h"
#include "internal/nn_support.h"

/* Pixels a window may hold for the 16-bit sums. */
#define MAX_PAIR_SUM_PIXELS 255

static inline int32_t bytes4(int32_t value)
{
    return (int32_t)(((uint32_t)value & 0xffu) * 0x01010101u);
}

static void max_channel(const nn_pool_window *window, int32_t c, int8_t *out)
{
    const int32_t largest = nn_window_max_s8(window->first + c, window->rows, window->cols,
                                             window->row_stride, window->channels);
    out[c] = nn_clamp_to_s8(largest, window->act_min, window->act_max);
}

void nn_max_pool_window_s8_core(const nn_pool_window *window, int8_t *out)
{
    const int32_t channels = window->channels;
    const int32_t lower = bytes4(window->act_min);
    const int32_t upper = bytes4(window->act_max);
    int32_t c = 0;
    for (; c + 4 <= channels; c += 4) {
        int32_t largest = (int32_t)0x80808080u;
        for (int32_t y = 0; y < window->rows; ++y) {
            const int8_t *p = window->first + (size_t)y * window->row_stride + c;
            for (int32_t x = 0; x < window->cols; ++x) {
                const int32_t v = nn_dsp_read4(p);
                p += channels;
                (void)__ssub8(v, largest);
                largest = (int32_t)__sel(v, largest);
            }
        }
        (void)__ssub8(largest, lower);
        largest = (int32_t)__sel(largest, lower);
        (void)__ssub8(upper, largest);
        largest = (int32_t)__sel(largest, upper);
        memcpy(out + c, &largest, sizeof largest);
    }
    for (; c < channels; ++c) {
        max_channel(window, c, out);
    }
}

static void average_channel(const nn_pool_window *window, int32_t c, int8_t *out)
{
    int32_t sum = 0;
    for (int32_t y = 0; y < window->rows; ++y) {
        const int8_t *row = window->first + (size_t)y * window->row_stride + c;
        for (int32_t x = 0; x < window->cols; ++x) {
            sum += row[(size_t)x * window->channels];
        }
    }
    out[c] = nn_clamp_to_s8(nn_rounded_mean(sum, window->count), window->act_min, window->act_max);
}

void nn_avg_pool_window_s8_core(const nn_pool_window *window, int8_t *out)
{
    const int32_t channels = window->channels;
    const int32_t count = window->count;
    int32_t c = 0;
    if (count <= MAX_PAIR_SUM_PIXELS) {
        for (; c + 4 <= channels; c += 4) {
            int32_t even = 0; /* channels c and c + 2 */
            int32_t odd = 0;  /* channels c + 1 and c + 3 */
            for (int32_t y = 0; y < window->rows; ++y) {
                const int8_t *p = window->first + (size_t)y * window->row_stride + c;
                for (int32_t x = 0; x < window->cols; ++x) {
                    const int32_t v = nn_dsp_read4(p);
                    p += channels;
                    even = __sxtab16(even, v);
                    odd = nn_dsp_sxtab16_odd(odd, v);
                }
            }
            const int32_t sums[4] = {(int16_t)even, (int16_t)odd, even >> 16, odd >> 16};
            for (int32_t i = 0; i < 4; ++i) {
                out[c + i] = nn_clamp_to_s8(nn_rounded_mean(sums[i], count), window->act_min,
                                            window->act_max);
            }
        }
    }
    for (; c < channels; ++c) {
        average_channel(window, c, out);
    }
}
