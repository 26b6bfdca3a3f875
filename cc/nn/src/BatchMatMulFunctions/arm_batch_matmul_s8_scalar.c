/* nn_matmul_s8_core, portable C: one output at a time. */
#include "internal/nn_cores.h"
#include "internal/nn_support.h"

arm_cmsis_nn_status nn_matmul_s8_core(const nn_matmul_call *restrict call)
{
    const int32_t depth = call->depth;
    int8_t *out = call->output;
    bool overflowed = false;
    for (int32_t r = 0; r < call->rows; ++r) {
        const int8_t *lhs_row = call->lhs + (size_t)r * depth;
        for (int32_t c = 0; c < call->cols; ++c) {
            const int8_t *rhs_row = call->rhs + (size_t)c * depth;
            int32_t acc = 0;
            for (int32_t k = 0; k < depth; ++k) {
                acc += ((int32_t)lhs_row[k] + call->lhs_offset) *
                       ((int32_t)rhs_row[k] + call->rhs_offset);
            }
            const int32_t scaled = nn_requantize(acc, call->multiplier, call->shift, &overflowed);
            *out++ = nn_clamp_to_s8(scaled + call->output_offset, call->act_min, call->act_max);
        }
    }
    return overflowed ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_SUCCESS;
}
