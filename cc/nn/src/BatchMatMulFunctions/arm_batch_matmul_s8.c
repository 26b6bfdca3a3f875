/*
 * arm_batch_matmul_s8: batched int8 matrix product against a transposed right-hand side,
 * entry point and checks. Both operands' rows are contiguous over the shared dimension K;
 * each batch's product is nn_matmul_s8_core.
 */
#include "arm_nnfunctions.h"
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

/* A batch dimension of the output that an operand matches exactly or broadcasts (size 1). */
static bool batch_dim_is_compatible(int32_t operand, int32_t output)
{
    return operand == output || operand == 1;
}

arm_cmsis_nn_status
arm_batch_matmul_s8(const cmsis_nn_context *ctx, const cmsis_nn_bmm_params *bmm_params,
                    const cmsis_nn_per_tensor_quant_params *quant_params,
                    const cmsis_nn_dims *input_lhs_dims, const int8_t *input_lhs,
                    const cmsis_nn_dims *input_rhs_dims, const int8_t *input_rhs,
                    const cmsis_nn_dims *output_dims, int8_t *output)
{
    (void)ctx;
    const cmsis_nn_fc_params *fc = &bmm_params->fc_params;
    const int32_t rows = input_lhs_dims->w;
    const int32_t cols = input_rhs_dims->w;
    const int32_t depth = input_lhs_dims->c;

    if (bmm_params->adj_x || bmm_params->adj_y || !nn_dims_are_positive(input_lhs_dims) ||
        !nn_dims_are_positive(input_rhs_dims) || !nn_dims_are_positive(output_dims) ||
        input_rhs_dims->c != depth || output_dims->w != rows || output_dims->c != cols ||
        !batch_dim_is_compatible(input_lhs_dims->n, output_dims->n) ||
        !batch_dim_is_compatible(input_lhs_dims->h, output_dims->h) ||
        !batch_dim_is_compatible(input_rhs_dims->n, output_dims->n) ||
        !batch_dim_is_compatible(input_rhs_dims->h, output_dims->h) ||
        !nn_activation_is_valid(&fc->activation) ||
        !nn_quant_pair_is_valid(quant_params->multiplier, quant_params->shift)) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }

    const size_t lhs_matrix = (size_t)rows * depth;
    const size_t rhs_matrix = (size_t)cols * depth;
    nn_matmul_call product = {
        .rows = rows,
        .cols = cols,
        .depth = depth,
        .lhs_offset = fc->input_offset,
        .rhs_offset = fc->filter_offset,
        .output_offset = fc->output_offset,
        .act_min = fc->activation.min,
        .act_max = fc->activation.max,
        .multiplier = quant_params->multiplier,
        .shift = quant_params->shift,
    };
    bool overflowed = false;
    for (int32_t n = 0; n < output_dims->n; ++n) {
        for (int32_t h = 0; h < output_dims->h; ++h) {
            const int32_t lhs_batch = (input_lhs_dims->n == 1 ? 0 : n) * input_lhs_dims->h +
                                      (input_lhs_dims->h == 1 ? 0 : h);
            const int32_t rhs_batch = (input_rhs_dims->n == 1 ? 0 : n) * input_rhs_dims->h +
                                      (input_rhs_dims->h == 1 ? 0 : h);
            product.lhs = input_lhs + (size_t)lhs_batch * lhs_matrix;
            product.rhs = input_rhs + (size_t)rhs_batch * rhs_matrix;
            product.output = output;
            overflowed |= nn_matmul_s8_core(&product) != ARM_CMSIS_NN_SUCCESS;
            output += (size_t)rows * cols;
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
