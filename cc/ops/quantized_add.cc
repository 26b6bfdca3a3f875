// cortex_m::quantized_add.out: int8 + int8 -> int8 through CMSIS-NN's elementwise add.
//
// Each operand is offset by its zero point, shifted left by 20 bits of headroom, requantized
// to a common scale, summed, and requantized to the output (the reference's SHIFT_INT8 = 20).
// Shapes are equal or broadcast (the reference lowers per-channel broadcasts).
#include <stdint.h>

#include "arm_nnfunctions.h"
#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{
namespace
{

// Headroom, in bits, both operands get before rescaling (CMSIS-NN's int8 convention).
constexpr int32_t kAddLeftShift = 20;

// A zero point with its requantization. `offset` is the negated zero point CMSIS-NN adds to
// input values; for the output the zero point itself is added after requantizing.
struct Operand {
    int32_t zero_point;
    int32_t offset;
    int32_t multiplier;
    int32_t shift;
};

namespace args = arg::quantized_add_out;

cmops_status check_operand(cmops_context *ctx, int64_t zero_point, int64_t multiplier,
                           int64_t shift, int32_t zero_point_arg, Operand *operand)
{
    int32_t zp = 0;
    CMOPS_TRY(int_in_range(ctx, zero_point, kInt8Min, kInt8Max, zero_point_arg, &zp));
    CMOPS_TRY(int_in_range(ctx, multiplier, kMultiplierMin, kMultiplierMax, zero_point_arg + 1,
                           &operand->multiplier));
    CMOPS_TRY(int_in_range(ctx, shift, kShiftMin, kShiftMax, zero_point_arg + 2, &operand->shift));
    operand->zero_point = zp;
    operand->offset = -zp;
    return CMOPS_OK;
}

} // namespace

cmops_status quantized_add_out(cmops_context *ctx, const cmops_tensor &self_tensor,
                               int64_t self_zero_point, int64_t self_multiplier, int64_t self_shift,
                               const cmops_tensor &other_tensor, int64_t other_zero_point,
                               int64_t other_multiplier, int64_t other_shift,
                               int64_t output_zero_point, int64_t output_multiplier,
                               int64_t output_shift, int64_t activation_min, int64_t activation_max,
                               cmops_tensor &out_tensor)
{
    const cmops_tensor *self = &self_tensor;
    const cmops_tensor *other = &other_tensor;
    cmops_tensor *out = &out_tensor;
    Operand a{};
    Operand b{};
    Operand result{};
    int32_t act_min = 0;
    int32_t act_max = 0;
    CMOPS_TRY(expect_tensor(ctx, *self, CMOPS_DTYPE_INT8, -1, args::self));
    CMOPS_TRY(check_operand(ctx, self_zero_point, self_multiplier, self_shift,
                            args::self_zero_point, &a));
    CMOPS_TRY(expect_tensor(ctx, *other, CMOPS_DTYPE_INT8, -1, args::other));
    CMOPS_TRY(check_operand(ctx, other_zero_point, other_multiplier, other_shift,
                            args::other_zero_point, &b));
    CMOPS_TRY(check_operand(ctx, output_zero_point, output_multiplier, output_shift,
                            args::output_zero_point, &result));
    CMOPS_TRY(
        int_in_range(ctx, activation_min, kInt8Min, kInt8Max, args::activation_min, &act_min));
    CMOPS_TRY(int_in_range(ctx, activation_max, act_min, kInt8Max, args::activation_max, &act_max));
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
        // The vector kernel needs both operands to advance; a broadcast operand goes one by one.
        const bool vector = loop.a_run_step == 1 && loop.b_run_step == 1;
        const int64_t block = vector ? n : 1;
        for (int64_t i = 0; i < n && status == ARM_CMSIS_NN_SUCCESS; i += block) {
            status = arm_elementwise_add_s8(
                x + ia + i * loop.a_run_step, y + ib + i * loop.b_run_step, a.offset, a.multiplier,
                a.shift, b.offset, b.multiplier, b.shift, kAddLeftShift, z + io + i,
                result.zero_point, result.multiplier, result.shift, act_min, act_max,
                static_cast<int32_t>(block));
        }
    });
    return from_nn_status(ctx, status, args::output_shift);
}

} // namespace cmops
