/* nn_pad_s8_core, portable C: the output row by row (memset and memcpy). */
#include <string.h>

#include "internal/nn_cores.h"

void nn_pad_s8_core(const int8_t *input, int8_t *output, int8_t pad_value,
                    const cmsis_nn_dims *input_size, const cmsis_nn_dims *pre_pad,
                    const cmsis_nn_dims *post_pad)
{
    const int32_t out_n = pre_pad->n + input_size->n + post_pad->n;
    const int32_t out_h = pre_pad->h + input_size->h + post_pad->h;
    const int32_t out_w = pre_pad->w + input_size->w + post_pad->w;
    const int32_t out_c = pre_pad->c + input_size->c + post_pad->c;

    /* Row by row: a channel row is pad, a copy of the input row, pad; any row outside the
     * input in n, h or w is pad entirely. */
    for (int32_t n = 0; n < out_n; ++n) {
        const int32_t in_n = n - pre_pad->n;
        for (int32_t h = 0; h < out_h; ++h) {
            const int32_t in_h = h - pre_pad->h;
            for (int32_t w = 0; w < out_w; ++w) {
                const int32_t in_w = w - pre_pad->w;
                const bool inside = in_n >= 0 && in_n < input_size->n && in_h >= 0 &&
                                    in_h < input_size->h && in_w >= 0 && in_w < input_size->w;
                if (!inside) {
                    memset(output, pad_value, (size_t)out_c);
                } else {
                    const int8_t *row =
                        input + (((size_t)in_n * input_size->h + in_h) * input_size->w + in_w) *
                                    input_size->c;
                    memset(output, pad_value, (size_t)pre_pad->c);
                    memcpy(output + pre_pad->c, row, (size_t)input_size->c);
                    memset(output + pre_pad->c + input_size->c, pad_value, (size_t)post_pad->c);
                }
                output += out_c;
            }
        }
    }
}
