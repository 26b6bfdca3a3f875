// cortex_m::transpose.out: permutes the dimensions of an int8 tensor (up to 4) through
// CMSIS-NN's arm_transpose_s8.
//
// The permutation is logical (out.sizes[i] = input.sizes[perm[i]]) while both tensors may be
// stored in any dim order, so it is turned into the permutation of memory dimensions before the
// call: memory dimension k of out holds logical dimension out.dim_order[k] of out, which is
// logical dimension perm[that] of input, which sits at some memory position of input.
#include <stdint.h>

#include "arm_nnfunctions.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

namespace args = arg::transpose_out;

cmops_status transpose_out(cmops_context *ctx, const cmops_tensor &input_tensor,
                           cmops_int_list perm_list, cmops_tensor &out_tensor)
{
    const cmops_tensor *input = &input_tensor;
    cmops_tensor *out = &out_tensor;
    CMOPS_TRY(expect_tensor(ctx, *input, CMOPS_DTYPE_INT8, -1, args::input));
    CMOPS_REQUIRE(ctx, input->dim >= 1 && input->dim <= 4, CMOPS_ERR_RANK, args::input);
    const int32_t rank = input->dim;
    int32_t perm[4] = {};
    size_t perm_length = 0;
    CMOPS_TRY(int_list_in_range(ctx, perm_list, rank, rank, -rank, rank - 1, args::perm, perm,
                                &perm_length));
    bool seen[4] = {};
    for (int32_t i = 0; i < rank; ++i) {
        perm[i] = perm[i] < 0 ? perm[i] + rank : perm[i];
        // perm must name every dimension once.
        CMOPS_REQUIRE(ctx, !seen[perm[i]], CMOPS_ERR_PARAM, args::perm);
        seen[perm[i]] = true;
    }
    CMOPS_TRY(expect_tensor(ctx, *out, CMOPS_DTYPE_INT8, rank, args::out));
    for (int32_t i = 0; i < rank; ++i) {
        CMOPS_REQUIRE(ctx, out->sizes[i] == input->sizes[perm[i]], CMOPS_ERR_SHAPE, args::out);
    }
    if (numel(*out) == 0 || checking_only(ctx)) {
        return CMOPS_OK;
    }

    // Memory position of each logical dimension of input.
    int32_t input_position[4] = {};
    for (int32_t k = 0; k < rank; ++k) {
        input_position[input->dim_order[k]] = k;
    }
    // Pad to 4 memory dimensions with leading size-1 dimensions.
    const int32_t lead = 4 - rank;
    int32_t in_sizes[4] = {1, 1, 1, 1};
    int32_t out_sizes[4] = {1, 1, 1, 1};
    uint32_t memory_perm[4] = {0, 1, 2, 3};
    for (int32_t k = 0; k < rank; ++k) {
        in_sizes[lead + k] = input->sizes[input->dim_order[k]];
        out_sizes[lead + k] = out->sizes[out->dim_order[k]];
        memory_perm[lead + k] =
            static_cast<uint32_t>(lead + input_position[perm[out->dim_order[k]]]);
    }
    const cmsis_nn_dims input_dims{in_sizes[0], in_sizes[1], in_sizes[2], in_sizes[3]};
    const cmsis_nn_dims output_dims{out_sizes[0], out_sizes[1], out_sizes[2], out_sizes[3]};
    const cmsis_nn_transpose_params params{4, memory_perm};
    const int status = arm_transpose_s8(data_as<const int8_t>(*input), data_as<int8_t>(*out),
                                        &input_dims, &output_dims, &params);
    return from_nn_status(ctx, status, args::perm);
}

} // namespace cmops
