// cortex_m::quantized_div.out: int8/int16 quotient, evaluated in float32 like the reference.
//
// CMSIS-NN has no division kernel; the reference divides the zero-point-corrected operands in
// float32, scales by output_scale (the ratio of the three tensor scales) and rounds half to
// even. Division by a zero-valued operand gives 0 before the output zero point is added.
#include <stdint.h>

#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/float_rounding.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{
namespace
{

template <typename T>
void divide(const T *x, const T *y, T *z, const ElementwiseLoop &loop, int32_t x_zp, int32_t y_zp,
            float out_zp, float out_scale, int32_t lo, int32_t hi)
{
    for_each_run(loop, [&](int64_t ia, int64_t ib, int64_t io, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
            const float numerator = static_cast<float>(x[ia + i * loop.a_run_step] - x_zp);
            const float denominator = static_cast<float>(y[ib + i * loop.b_run_step] - y_zp);
            const float quotient = denominator != 0.0f ? numerator / denominator : 0.0f;
            const float rounded = round_half_even(quotient * out_scale);
            z[io + i] = static_cast<T>(clamp_to_int(rounded + out_zp, lo, hi));
        }
    });
}

} // namespace

namespace args = arg::quantized_div_out;

cmops_status quantized_div_out(cmops_context *ctx, const cmops_tensor &self_tensor,
                               int64_t self_zero_point, const cmops_tensor &other_tensor,
                               int64_t other_zero_point, int64_t output_zero_point,
                               double output_scale, cmops_tensor &out_tensor)
{
    const cmops_tensor *self = &self_tensor;
    const cmops_tensor *other = &other_tensor;
    cmops_tensor *out = &out_tensor;
    int32_t self_zp = 0;
    int32_t other_zp = 0;
    int32_t out_zp = 0;
    CMOPS_REQUIRE(ctx, self->dtype == CMOPS_DTYPE_INT8 || self->dtype == CMOPS_DTYPE_INT16,
                  CMOPS_ERR_DTYPE, args::self);
    const int32_t lo = self->dtype == CMOPS_DTYPE_INT8 ? INT8_MIN : INT16_MIN;
    const int32_t hi = self->dtype == CMOPS_DTYPE_INT8 ? INT8_MAX : INT16_MAX;
    CMOPS_TRY(int_in_range(ctx, self_zero_point, lo, hi, args::self_zero_point, &self_zp));
    CMOPS_TRY(expect_tensor(ctx, *other, self->dtype, -1, args::other));
    CMOPS_TRY(int_in_range(ctx, other_zero_point, lo, hi, args::other_zero_point, &other_zp));
    CMOPS_TRY(int_in_range(ctx, output_zero_point, lo, hi, args::output_zero_point, &out_zp));
    CMOPS_TRY(expect_tensor(ctx, *out, self->dtype, -1, args::out));
    // Division does not commute, so the reference refuses to broadcast.
    CMOPS_REQUIRE(ctx, same_shape(*self, *other) && same_shape(*self, *out), CMOPS_ERR_SHAPE,
                  args::out);
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx, plan_elementwise(*self, other, *out, &loop), CMOPS_ERR_SHAPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }

    const float scale = static_cast<float>(output_scale);
    const float zp = static_cast<float>(out_zp);
    if (self->dtype == CMOPS_DTYPE_INT8) {
        divide(data_as<const int8_t>(*self), data_as<const int8_t>(*other), data_as<int8_t>(*out),
               loop, self_zp, other_zp, zp, scale, lo, hi);
    } else {
        divide(data_as<const int16_t>(*self), data_as<const int16_t>(*other),
               data_as<int16_t>(*out), loop, self_zp, other_zp, zp, scale, lo, hi);
    }
    return CMOPS_OK;
}

} // namespace cmops
