// cortex_m::quantized_batch_matmul.out: int8 batched matrix product through CMSIS-NN's
// arm_batch_matmul_s8.
//
// lhs [B, M, K] times rhs_transposed [B, N, K] (the right-hand side already transposed, so both
// operands read K contiguously) gives out [B, M, N]. The zero-point arguments are offsets
// (negated zero points, the CMSIS-NN convention); the result is clamped to int8.
#include <stdint.h>

#include "arm_nnfunctions.h"
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/op_support.h"

#define OP "cortex_m::quantized_batch_matmul"

namespace cmops
{

// quantized_batch_matmul(lhs, lhs_zero_point, rhs_transposed, rhs_zero_point,
//     output_zero_point, output_multiplier, output_shift, scratch, *, out)
cmops_status quantized_batch_matmul_out(cmops_context *ctx, cmops_value *const *args,
                                        size_t num_args)
{
    CMOPS_REQUIRE_ARG_COUNT(ctx, num_args, 9, OP);
    cmops_tensor *lhs = nullptr;
    cmops_tensor *rhs = nullptr;
    cmops_tensor *scratch = nullptr;
    cmops_tensor *out = nullptr;
    cmsis_nn_bmm_params params{};
    cmsis_nn_per_tensor_quant_params quant{};
    CMOPS_TRY(require_tensor(ctx, args, 0, CMOPS_DTYPE_INT8, 3,
                             CMOPS_TENSOR_MESSAGES(OP, "lhs", "int8", "3 dims"), &lhs));
    CMOPS_TRY(require_int(
        ctx, args, 1, kOffsetMin, kOffsetMax,
        CMOPS_SCALAR_MESSAGES(OP, "lhs_zero_point", "an int", "an offset in [-127, 128]"),
        &params.fc_params.input_offset));
    CMOPS_TRY(require_tensor(ctx, args, 2, CMOPS_DTYPE_INT8, 3,
                             CMOPS_TENSOR_MESSAGES(OP, "rhs_transposed", "int8", "3 dims"), &rhs));
    CMOPS_TRY(require_int(
        ctx, args, 3, kOffsetMin, kOffsetMax,
        CMOPS_SCALAR_MESSAGES(OP, "rhs_zero_point", "an int", "an offset in [-127, 128]"),
        &params.fc_params.filter_offset));
    CMOPS_TRY(
        require_int(ctx, args, 4, kInt8Min, kInt8Max,
                    CMOPS_SCALAR_MESSAGES(OP, "output_zero_point", "an int", "in [-128, 127]"),
                    &params.fc_params.output_offset));
    CMOPS_TRY(require_int(
        ctx, args, 5, kMultiplierMin, kMultiplierMax,
        CMOPS_SCALAR_MESSAGES(OP, "output_multiplier", "an int", "in (INT32_MIN, INT32_MAX]"),
        &quant.multiplier));
    CMOPS_TRY(require_int(ctx, args, 6, kShiftMin, kShiftMax,
                          CMOPS_SCALAR_MESSAGES(OP, "output_shift", "an int", "in [-31, 31]"),
                          &quant.shift));
    CMOPS_TRY(require_tensor(ctx, args, 7, -1, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "scratch", "a tensor", "any dims"),
                             &scratch));
    CMOPS_TRY(require_tensor(ctx, args, 8, CMOPS_DTYPE_INT8, 3,
                             CMOPS_TENSOR_MESSAGES(OP, "out", "int8", "3 dims"), &out));
    CMOPS_REQUIRE(ctx, is_contiguous(*lhs) && is_contiguous(*rhs) && is_contiguous(*out),
                  CMOPS_ERR_LAYOUT, OP ": lhs, rhs_transposed and out must be contiguous");
    const int32_t batches = lhs->sizes[0];
    const int32_t rows = lhs->sizes[1];
    const int32_t depth = lhs->sizes[2];
    const int32_t cols = rhs->sizes[1];
    CMOPS_REQUIRE(ctx, rhs->sizes[0] == batches && rhs->sizes[2] == depth, CMOPS_ERR_SHAPE,
                  OP ": rhs_transposed must be [batch, N, K] with lhs's batch and K");
    CMOPS_REQUIRE(ctx, out->sizes[0] == batches && out->sizes[1] == rows && out->sizes[2] == cols,
                  CMOPS_ERR_SHAPE, OP ": out must be [batch, M, N]");
    const cmsis_nn_dims filter_dims{depth, 1, 1, cols};
    const int32_t needed = arm_fully_connected_s8_get_buffer_size(&filter_dims);
    const size_t scratch_bytes =
        static_cast<size_t>(numel(*scratch)) * element_size(scratch->dtype);
    CMOPS_REQUIRE(ctx, needed >= 0 && scratch_bytes >= static_cast<size_t>(needed),
                  CMOPS_ERR_SCRATCH, OP ": scratch is smaller than the kernel's buffer size");
    if (numel(*out) == 0) {
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
    return from_nn_status(ctx, status, OP ": a requantization overflows int32 (shift too large)");
}

} // namespace cmops
