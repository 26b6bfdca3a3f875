/*
 * arm_minimum_s8: elementwise minimum of two int8 tensors, each broadcast to the output shape (a
 * dimension of size 1 repeats). The entry point and its checks; the arithmetic is
 * nn_minimum_maximum_s8_core (arm_minimum_maximum_s8_{scalar,mve}.c).
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status arm_minimum_s8(const cmsis_nn_context *ctx, const int8_t *input_1_data,
                                   const cmsis_nn_dims *input_1_dims, const int8_t *input_2_data,
                                   const cmsis_nn_dims *input_2_dims, int8_t *output_data,
                                   const cmsis_nn_dims *output_dims)
{
    (void)ctx;
    if (!nn_dims_are_positive(output_dims) || !nn_broadcasts_to(input_1_dims, output_dims) ||
        !nn_broadcasts_to(input_2_dims, output_dims)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    nn_minimum_maximum_s8_core(input_1_data, input_1_dims, input_2_data, input_2_dims, output_data,
                               output_dims, false);
    return ARM_CMSIS_NN_SUCCESS;
}
