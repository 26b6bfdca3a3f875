/*
 * nn_minimum_maximum_s8_core, portable C: the arithmetic of arm_minimum_s8 and arm_maximum_s8.
 * A dimension of size 1 in an input repeats across the output's dimension.
 */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

void nn_minimum_maximum_s8_core(const int8_t *input_1_data, const cmsis_nn_dims *input_1_dims,
                                const int8_t *input_2_data, const cmsis_nn_dims *input_2_dims,
                                int8_t *output_data, const cmsis_nn_dims *output_dims,
                                bool take_larger)
{
    for (int32_t n = 0; n < output_dims->n; ++n) {
        for (int32_t h = 0; h < output_dims->h; ++h) {
            for (int32_t w = 0; w < output_dims->w; ++w) {
                for (int32_t c = 0; c < output_dims->c; ++c) {
                    const int8_t a = input_1_data[nn_broadcast_offset(input_1_dims, n, h, w, c)];
                    const int8_t b = input_2_data[nn_broadcast_offset(input_2_dims, n, h, w, c)];
                    *output_data++ = (take_larger ? a > b : a < b) ? a : b;
                }
            }
        }
    }
}
