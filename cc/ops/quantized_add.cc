// cortex_m::quantized_add.out: int8 + int8 -> int8 through CMSIS-NN's elementwise add.
//
// Each operand is offset by its zero point, shifted left by 20 bits of headroom, requantized
// to a common scale, summed, and requantized to the output (the reference's SHIFT_INT8 = 20).
// Shapes are equal or broadcast (the reference lowers per-channel broadcasts).
#include <stdint.h>

#include "arm_nnfunctions.h"
#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/op_support.h"

#define OP "cortex_m::quantized_add"

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

cmops_status require_operand(cmops_context *ctx, cmops_value *const *args, size_t first,
                             const ScalarMessages &zp, const ScalarMessages &mult,
                             const ScalarMessages &shift, Operand *operand)
{
    int32_t zero_point = 0;
    CMOPS_TRY(require_int(ctx, args, first, kInt8Min, kInt8Max, zp, &zero_point));
    CMOPS_TRY(require_int(ctx, args, first + 1, kMultiplierMin, kMultiplierMax, mult,
                          &operand->multiplier));
    CMOPS_TRY(require_int(ctx, args, first + 2, kShiftMin, kShiftMax, shift, &operand->shift));
    operand->zero_point = zero_point;
    operand->offset = -zero_point;
    return CMOPS_OK;
}

} // namespace

cmops_status quantized_add_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    CMOPS_REQUIRE_ARG_COUNT(ctx, num_args, 14, OP);
    cmops_tensor *self = nullptr;
    cmops_tensor *other = nullptr;
    cmops_tensor *out = nullptr;
    Operand a{};
    Operand b{};
    Operand result{};
    int32_t act_min = 0;
    int32_t act_max = 0;
    CMOPS_TRY(require_tensor(ctx, args, 0, CMOPS_DTYPE_INT8, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "self", "int8", "at most 6 dims"), &self));
    CMOPS_TRY(require_operand(
        ctx, args, 1, CMOPS_SCALAR_MESSAGES(OP, "self_zero_point", "an int", "in [-128, 127]"),
        CMOPS_SCALAR_MESSAGES(OP, "self_multiplier", "an int", "in (INT32_MIN, INT32_MAX]"),
        CMOPS_SCALAR_MESSAGES(OP, "self_shift", "an int", "in [-31, 31]"), &a));
    CMOPS_TRY(require_tensor(ctx, args, 4, CMOPS_DTYPE_INT8, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "other", "int8", "at most 6 dims"), &other));
    CMOPS_TRY(require_operand(
        ctx, args, 5, CMOPS_SCALAR_MESSAGES(OP, "other_zero_point", "an int", "in [-128, 127]"),
        CMOPS_SCALAR_MESSAGES(OP, "other_multiplier", "an int", "in (INT32_MIN, INT32_MAX]"),
        CMOPS_SCALAR_MESSAGES(OP, "other_shift", "an int", "in [-31, 31]"), &b));
    CMOPS_TRY(require_operand(
        ctx, args, 8, CMOPS_SCALAR_MESSAGES(OP, "output_zero_point", "an int", "in [-128, 127]"),
        CMOPS_SCALAR_MESSAGES(OP, "output_multiplier", "an int", "in (INT32_MIN, INT32_MAX]"),
        CMOPS_SCALAR_MESSAGES(OP, "output_shift", "an int", "in [-31, 31]"), &result));
    CMOPS_TRY(require_int(ctx, args, 11, kInt8Min, kInt8Max,
                          CMOPS_SCALAR_MESSAGES(OP, "activation_min", "an int", "in [-128, 127]"),
                          &act_min));
    CMOPS_TRY(require_int(
        ctx, args, 12, act_min, kInt8Max,
        CMOPS_SCALAR_MESSAGES(OP, "activation_max", "an int", "in [activation_min, 127]"),
        &act_max));
    CMOPS_TRY(require_tensor(ctx, args, 13, CMOPS_DTYPE_INT8, -1,
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
    return from_nn_status(ctx, status, OP ": a requantization overflows int32 (shift too large)");
}

} // namespace cmops
