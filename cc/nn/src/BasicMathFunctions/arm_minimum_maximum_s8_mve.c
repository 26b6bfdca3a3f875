/*
 * nn_minimum_maximum_s8_core, Helium (MVE): the arithmetic of arm_minimum_s8 and arm_maximum_s8,
 * 16 values per VMAX/VMIN. Inputs of the output's shape are one flat run; otherwise each output
 * row of channels is one run, an input broadcast over channels entering as a duplicated scalar.
 * The last step of a run is predicated.
 */
#include "internal/nn_cores.h"
#include "internal/nn_mve.h"
#include "internal/nn_support.h"

static inline bool same_shape(const cmsis_nn_dims *a, const cmsis_nn_dims *b)
{
    return a->n == b->n && a->h == b->h && a->w == b->w && a->c == b->c;
}

/* out[i] = larger/smaller of a[i * a_step] and b[i * b_step] for i < count (a step of 0
 * repeats one value). */
static void select_run(const int8_t *a, int32_t a_step, const int8_t *b, int32_t b_step,
                       int8_t *out, int32_t count, bool take_larger)
{
    for (int32_t i = 0; i < count; i += 16) {
        const mve_pred16_t pred = vctp8q((uint32_t)(count - i));
        const int8x16_t va = a_step != 0 ? vldrbq_z_s8(a + i, pred) : vdupq_n_s8(*a);
        const int8x16_t vb = b_step != 0 ? vldrbq_z_s8(b + i, pred) : vdupq_n_s8(*b);
        vstrbq_p_s8(out + i, take_larger ? vmaxq_s8(va, vb) : vminq_s8(va, vb), pred);
    }
}

void nn_minimum_maximum_s8_core(const int8_t *input_1_data, const cmsis_nn_dims *input_1_dims,
                                const int8_t *input_2_data, const cmsis_nn_dims *input_2_dims,
                                int8_t *output_data, const cmsis_nn_dims *output_dims,
                                bool take_larger)
{
    if (same_shape(input_1_dims, output_dims) && same_shape(input_2_dims, output_dims)) {
        const size_t count =
            (size_t)output_dims->n * output_dims->h * output_dims->w * output_dims->c;
        select_run(input_1_data, 1, input_2_data, 1, output_data, (int32_t)count, take_larger);
        return;
    }
    const int32_t channels = output_dims->c;
    const int32_t step_1 = input_1_dims->c == 1 && channels > 1 ? 0 : 1;
    const int32_t step_2 = input_2_dims->c == 1 && channels > 1 ? 0 : 1;
    for (int32_t n = 0; n < output_dims->n; ++n) {
        for (int32_t h = 0; h < output_dims->h; ++h) {
            for (int32_t w = 0; w < output_dims->w; ++w) {
                select_run(input_1_data + nn_broadcast_offset(input_1_dims, n, h, w, 0), step_1,
                           input_2_data + nn_broadcast_offset(input_2_dims, n, h, w, 0), step_2,
                           output_data, channels, take_larger);
                output_data += channels;
            }
        }
    }
}
