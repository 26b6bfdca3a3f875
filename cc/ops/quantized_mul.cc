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
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

namespace
{
constexpr int64_t kZeroPointMin = -32768;
constexpr int64_t kZeroPointMax = 32767;
} // namespace

namespace args = arg::quantized_mul_out;

cmops_status quantized_mul_out(cmops_context *ctx, const cmops_tensor &self_tensor,
                               int64_t self_zero_point, const cmops_tensor &other_tensor,
                               int64_t other_zero_point, int64_t output_zero_point,
                               int64_t output_multiplier, int64_t output_shift,
                               cmops_tensor &out_tensor)
{
    const cmops_tensor *self = &self_tensor;
    const cmops_tensor *other = &other_tensor;
    cmops_tensor *out = &out_tensor;
    int32_t self_zp = 0;
    int32_t other_zp = 0;
    int32_t out_zp = 0;
    int32_t multiplier = 0;
    int32_t shift = 0;
    CMOPS_TRY(expect_tensor(ctx, *self, CMOPS_DTYPE_INT8, -1, args::self));
    CMOPS_TRY(int_in_range(ctx, self_zero_point, kZeroPointMin, kZeroPointMax,
                           args::self_zero_point, &self_zp));
    CMOPS_TRY(expect_tensor(ctx, *other, CMOPS_DTYPE_INT8, -1, args::other));
    CMOPS_TRY(int_in_range(ctx, other_zero_point, kZeroPointMin, kZeroPointMax,
                           args::other_zero_point, &other_zp));
    CMOPS_TRY(int_in_range(ctx, output_zero_point, kZeroPointMin, kZeroPointMax,
                           args::output_zero_point, &out_zp));
    CMOPS_TRY(int_in_range(ctx, output_multiplier, kMultiplierMin, kMultiplierMax,
                           args::output_multiplier, &multiplier));
    CMOPS_TRY(int_in_range(ctx, output_shift, kShiftMin, kShiftMax, args::output_shift, &shift));
    CMOPS_TRY(expect_tensor(ctx, *out, CMOPS_DTYPE_INT8, -1, args::out));
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx,
                  is_broadcast_result(*self, *other, *out) &&
                      plan_elementwise(*self, other, *out, &loop),
                  CMOPS_ERR_SHAPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }

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
    return from_nn_status(ctx, status, args::output_shift);
}

} // namespace cmops
