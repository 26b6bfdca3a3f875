/* arm_pad_s8: constant padding of a 4-D int8 tensor, portable C. */
#include <string.h>

#include "arm_nnfunctions.h"
#include "internal/nn_support.h"

static bool padding_is_valid(const cmsis_nn_dims *pad)
{
    return pad->n >= 0 && pad->h >= 0 && pad->w >= 0 && pad->c >= 0;
}

arm_cmsis_nn_status arm_pad_s8(const int8_t *input, int8_t *output, const int8_t pad_value,
                               const cmsis_nn_dims *input_size, const cmsis_nn_dims *pre_pad,
                               const cmsis_nn_dims *post_pad)
{
    if (!nn_dims_are_positive(input_size) || !padding_is_valid(pre_pad) ||
        !padding_is_valid(post_pad)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
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
    return ARM_CMSIS_NN_SUCCESS;
}
