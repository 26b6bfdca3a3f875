// cortex_m::quantized_batch_matmul.out: int8 batched matrix product through CMSIS-NN's
// arm_batch_matmul_s8.
//
// lhs [B, M, K] times rhs_transposed [B, N, K] (the right-hand side already transposed, so both
// operands read K contiguously) gives out [B, M, N]. The zero-point arguments are offsets
// (negated zero points, the CMSIS-NN convention); the result is clamped to int8.
#include <stdint.h>

#include "arm_nnfunctions.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

namespace args = arg::quantized_batch_matmul_out;

cmops_status quantized_batch_matmul_out(cmops_context *ctx, const cmops_tensor &lhs_tensor,
                                        int64_t lhs_zero_point, const cmops_tensor &rhs_tensor,
                                        int64_t rhs_zero_point, int64_t output_zero_point,
                                        int64_t output_multiplier, int64_t output_shift,
                                        cmops_tensor &scratch_tensor, cmops_tensor &out_tensor)
{
    const cmops_tensor *lhs = &lhs_tensor;
    const cmops_tensor *rhs = &rhs_tensor;
    cmops_tensor *scratch = &scratch_tensor;
    cmops_tensor *out = &out_tensor;
    cmsis_nn_bmm_params params{};
    cmsis_nn_per_tensor_quant_params quant{};
    CMOPS_TRY(expect_tensor(ctx, *lhs, CMOPS_DTYPE_INT8, 3, args::lhs));
    // The zero points are offsets (negated zero points).
    CMOPS_TRY(int_in_range(ctx, lhs_zero_point, kOffsetMin, kOffsetMax, args::lhs_zero_point,
                           &params.fc_params.input_offset));
    CMOPS_TRY(expect_tensor(ctx, *rhs, CMOPS_DTYPE_INT8, 3, args::rhs_transposed));
    CMOPS_TRY(int_in_range(ctx, rhs_zero_point, kOffsetMin, kOffsetMax, args::rhs_zero_point,
                           &params.fc_params.filter_offset));
    CMOPS_TRY(int_in_range(ctx, output_zero_point, kInt8Min, kInt8Max, args::output_zero_point,
                           &params.fc_params.output_offset));
    CMOPS_TRY(int_in_range(ctx, output_multiplier, kMultiplierMin, kMultiplierMax,
                           args::output_multiplier, &quant.multiplier));
    CMOPS_TRY(
        int_in_range(ctx, output_shift, kShiftMin, kShiftMax, args::output_shift, &quant.shift));
    CMOPS_TRY(expect_tensor(ctx, *out, CMOPS_DTYPE_INT8, 3, args::out));
    CMOPS_REQUIRE(ctx, is_contiguous(*lhs), CMOPS_ERR_LAYOUT, args::lhs);
    CMOPS_REQUIRE(ctx, is_contiguous(*rhs), CMOPS_ERR_LAYOUT, args::rhs_transposed);
    CMOPS_REQUIRE(ctx, is_contiguous(*out), CMOPS_ERR_LAYOUT, args::out);
    const int32_t batches = lhs->sizes[0];
    const int32_t rows = lhs->sizes[1];
    const int32_t depth = lhs->sizes[2];
    const int32_t cols = rhs->sizes[1];
    // rhs_transposed is [batch, N, K] with lhs's batch and K; out is [batch, M, N].
    CMOPS_REQUIRE(ctx, rhs->sizes[0] == batches && rhs->sizes[2] == depth, CMOPS_ERR_SHAPE,
                  args::rhs_transposed);
    CMOPS_REQUIRE(ctx, out->sizes[0] == batches && out->sizes[1] == rows && out->sizes[2] == cols,
                  CMOPS_ERR_SHAPE, args::out);
    const cmsis_nn_dims filter_dims{depth, 1, 1, cols};
    CMOPS_TRY(scratch_holds(ctx, *scratch, arm_fully_connected_s8_get_buffer_size(&filter_dims),
                            args::scratch));
    const size_t scratch_bytes = byte_size(*scratch);
    if (numel(*out) == 0 || checking_only(ctx)) {
        return CMOPS_OK;
    }
    if (depth == 0) {
        // Empty products: every output is the requantized zero plus the output offset.
        int8_t *o = data_as<int8_t>(*out);
        const int32_t value = params.fc_params.output_offset;
        for (int64_t i = 0; i < numel(*out); ++i) {
            o[i] = static_cast<int8_t>(value);
        }
        return CMOPS_OK;
    }
    params.fc_params.activation = cmsis_nn_activation{INT8_MIN, INT8_MAX};
    const cmsis_nn_context context{scratch->data, static_cast<int32_t>(scratch_bytes)};
    const cmsis_nn_dims lhs_dims{1, batches, rows, depth};
    const cmsis_nn_dims rhs_dims{1, batches, cols, depth};
    const cmsis_nn_dims output_dims{1, batches, rows, cols};
    const int status = arm_batch_matmul_s8(
        &context, &params, &quant, &lhs_dims, data_as<const int8_t>(*lhs), &rhs_dims,
        data_as<const int8_t>(*rhs), &output_dims, data_as<int8_t>(*out));
    return from_nn_status(ctx, status, args::output_shift);
}

} // namespace cmops
