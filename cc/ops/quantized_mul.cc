// cortex_m::quantized_mul.out: int8 * int8 -> int8 through CMSIS-NN's elementwise multiply.
//
// The product of the zero-point-corrected operands is requantized once to the output scale
// and clamped to int8 (the schema has no activation range).
//
// Zero points are not limited to int8: the export emits wider ones (MobileNetV3-Small's
// hardswish multiplies by a constant with zero point -922) and the reference computes in int32.
// Within int16 the product of two corrected operands stays below 2^31, so no overflow.
#include <stdint.h>

#include "arm_nnfunctions.h"
#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/op_support.h"

#define OP "cortex_m::quantized_mul"

namespace cmops
{

namespace
{
constexpr int64_t kZeroPointMin = -32768;
constexpr int64_t kZeroPointMax = 32767;
} // namespace

cmops_status quantized_mul_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    CMOPS_REQUIRE_ARG_COUNT(ctx, num_args, 8, OP);
    cmops_tensor *self = nullptr;
    cmops_tensor *other = nullptr;
    cmops_tensor *out = nullptr;
    int32_t self_zp = 0;
    int32_t other_zp = 0;
    int32_t out_zp = 0;
    int32_t multiplier = 0;
    int32_t shift = 0;
    CMOPS_TRY(require_tensor(ctx, args, 0, CMOPS_DTYPE_INT8, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "self", "int8", "at most 6 dims"), &self));
    CMOPS_TRY(require_int(
        ctx, args, 1, kZeroPointMin, kZeroPointMax,
        CMOPS_SCALAR_MESSAGES(OP, "self_zero_point", "an int", "in [-32768, 32767]"), &self_zp));
    CMOPS_TRY(require_tensor(ctx, args, 2, CMOPS_DTYPE_INT8, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "other", "int8", "at most 6 dims"), &other));
    CMOPS_TRY(require_int(
        ctx, args, 3, kZeroPointMin, kZeroPointMax,
        CMOPS_SCALAR_MESSAGES(OP, "other_zero_point", "an int", "in [-32768, 32767]"), &other_zp));
    CMOPS_TRY(require_int(
        ctx, args, 4, kZeroPointMin, kZeroPointMax,
        CMOPS_SCALAR_MESSAGES(OP, "output_zero_point", "an int", "in [-32768, 32767]"), &out_zp));
    CMOPS_TRY(require_int(
        ctx, args, 5, kMultiplierMin, kMultiplierMax,
        CMOPS_SCALAR_MESSAGES(OP, "output_multiplier", "an int", "in (INT32_MIN, INT32_MAX]"),
        &multiplier));
    CMOPS_TRY(require_int(ctx, args, 6, kShiftMin, kShiftMax,
                          CMOPS_SCALAR_MESSAGES(OP, "output_shift", "an int", "in [-31, 31]"),
                          &shift));
    CMOPS_TRY(require_tensor(ctx, args, 7, CMOPS_DTYPE_INT8, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "out", "int8", "at most 6 dims"), &out));
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx,
                  is_broadcast_result(*self, *other, *out) &&
                      plan_elementwise(*self, other, *out, &loop),
                  CMOPS_ERR_SHAPE, OP ": self and other must broadcast to out's shape");

    const int8_t *x = data_as<const int8_t>(*self);
    const int8_t *y = data_as<const int8_t>(*other);
    int8_t *z = data_as<int8_t>(*out);
    int status = ARM_CMSIS_NN_SUCCESS;
    for_each_run(loop, [&](int64_t ia, int64_t ib, int64_t io, int64_t n) {
        const bool vector = loop.a_run_step == 1 && loop.b_run_step == 1;
        const int64_t block = vector ? n : 1;
        for (int64_t i = 0; i < n && status == ARM_CMSIS_NN_SUCCESS; i += block) {
            status =
                arm_elementwise_mul_s8(x + ia + i * loop.a_run_step, y + ib + i * loop.b_run_step,
                                       -self_zp, -other_zp, z + io + i, out_zp, multiplier, shift,
                                       INT8_MIN, INT8_MAX, static_cast<int32_t>(block));
        }
    });
    return from_nn_status(ctx, status, OP ": a requantization overflows int32 (shift too large)");
}

} // namespace cmops
