/* arm_transpose_s8: permutes the dimensions of a 4-D int8 tensor (entry point and checks; the
 * copy is nn_transpose_s8_core). */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status arm_transpose_s8(const int8_t *input_data, int8_t *const output_data,
                                     const cmsis_nn_dims *const input_dims,
                                     const cmsis_nn_dims *const output_dims,
                                     const cmsis_nn_transpose_params *const transpose_params)
{
    if (transpose_params == NULL || transpose_params->num_dims != 4 ||
        transpose_params->permutations == NULL || !nn_dims_are_positive(input_dims)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const int32_t in_sizes[4] = {input_dims->n, input_dims->h, input_dims->w, input_dims->c};
    const int32_t out_sizes[4] = {output_dims->n, output_dims->h, output_dims->w, output_dims->c};
    const size_t in_strides[4] = {(size_t)in_sizes[1] * in_sizes[2] * in_sizes[3],
                                  (size_t)in_sizes[2] * in_sizes[3], (size_t)in_sizes[3], 1};

    /* Stride in the input of each output dimension; also proves perm is a permutation. */
    size_t step[4];
    bool used[4] = {false, false, false, false};
    for (int32_t i = 0; i < 4; ++i) {
        const uint32_t source = transpose_params->permutations[i];
        if (source >= 4 || used[source] || out_sizes[i] != in_sizes[source]) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        used[source] = true;
        step[i] = in_strides[source];
    }
    nn_transpose_s8_core(input_data, output_data, out_sizes, step);
    return ARM_CMSIS_NN_SUCCESS;
}
