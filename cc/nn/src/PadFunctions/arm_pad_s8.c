/* arm_pad_s8: constant padding of a 4-D int8 tensor (entry point and checks; the copy is
 * nn_pad_s8_core). */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
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
    nn_pad_s8_core(input, output, pad_value, input_size, pre_pad, post_pad);
    return ARM_CMSIS_NN_SUCCESS;
}
