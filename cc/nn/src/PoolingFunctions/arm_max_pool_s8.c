/*
 * arm_max_pool_s8: 2-D max pooling over NHWC int8, windows clipped to the input (padding
 * positions never win). Its checks; the walk over windows is nn_pool_s8_walk
 * (arm_pool_s8_common.c), with a window core per ISA class (arm_pool_s8_{scalar,mve}.c).
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status arm_max_pool_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_pool_params *pool_params,
                                    const cmsis_nn_dims *input_dims, const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims,
                                    const cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    if (!nn_pool_arguments_are_valid(pool_params, input_dims, filter_dims, output_dims)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    const nn_pool_call call = {pool_params, input_dims,  input_data,
                               filter_dims, output_dims, output_data};
    return nn_pool_s8_walk(&call, true);
}
