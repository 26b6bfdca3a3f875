/* nn_transpose_s8_core, portable C: one output byte at a time. */
#include "internal/nn_cores.h"

void nn_transpose_s8_core(const int8_t *input, int8_t *output, const int32_t out_sizes[4],
                          const size_t step[4])
{
    int8_t *out = output;
    for (int32_t a = 0; a < out_sizes[0]; ++a) {
        for (int32_t b = 0; b < out_sizes[1]; ++b) {
            for (int32_t c = 0; c < out_sizes[2]; ++c) {
                const int8_t *in = input + a * step[0] + b * step[1] + c * step[2];
                for (int32_t d = 0; d < out_sizes[3]; ++d) {
                    *out++ = in[d * step[3]];
                }
            }
        }
    }
}
