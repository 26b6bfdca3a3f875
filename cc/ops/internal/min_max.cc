// Shared body of cortex_m::minimum and cortex_m::maximum.
#include "cc/ops/internal/min_max.h"

#include "arm_nnfunctions.h"
#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

namespace args = arg::minimum_out;
static_assert(args::self == arg::maximum_out::self && args::other == arg::maximum_out::other &&
                  args::out == arg::maximum_out::out,
              "minimum and maximum share their schema");

cmops_status min_max(cmops_context *ctx, const cmops_tensor &self_tensor,
                     const cmops_tensor &other_tensor, cmops_tensor &out_tensor, bool take_larger)
{
    const cmops_tensor *self = &self_tensor;
    const cmops_tensor *other = &other_tensor;
    cmops_tensor *out = &out_tensor;
    CMOPS_REQUIRE(ctx, self->dtype == CMOPS_DTYPE_INT8 || self->dtype == CMOPS_DTYPE_INT32,
                  CMOPS_ERR_DTYPE, args::self);
    CMOPS_TRY(expect_tensor(ctx, *other, self->dtype, -1, args::other));
    CMOPS_TRY(expect_tensor(ctx, *out, self->dtype, -1, args::out));
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx,
                  is_broadcast_result(*self, *other, *out) &&
                      plan_elementwise(*self, other, *out, &loop),
                  CMOPS_ERR_SHAPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }

    if (self->dtype == CMOPS_DTYPE_INT32) {
        const int32_t *x = data_as<const int32_t>(*self);
        const int32_t *y = data_as<const int32_t>(*other);
        int32_t *z = data_as<int32_t>(*out);
        for_each_run(loop, [&](int64_t ia, int64_t ib, int64_t io, int64_t n) {
            for (int64_t i = 0; i < n; ++i) {
                const int32_t a = x[ia + i * loop.a_run_step];
                const int32_t b = y[ib + i * loop.b_run_step];
                z[io + i] = (take_larger ? a > b : a < b) ? a : b;
            }
        });
        return CMOPS_OK;
    }

    const int8_t *x = data_as<const int8_t>(*self);
    const int8_t *y = data_as<const int8_t>(*other);
    int8_t *z = data_as<int8_t>(*out);
    const cmsis_nn_context no_scratch{nullptr, 0};
    int status = ARM_CMSIS_NN_SUCCESS;
    for_each_run(loop, [&](int64_t ia, int64_t ib, int64_t io, int64_t n) {
        // A run is 1-D; an operand that stays put within it is a broadcast of size 1.
        const int32_t length = static_cast<int32_t>(n);
        const cmsis_nn_dims run_dims{1, 1, 1, length};
        const cmsis_nn_dims one{1, 1, 1, 1};
        const cmsis_nn_dims *a_dims = loop.a_run_step == 1 ? &run_dims : &one;
        const cmsis_nn_dims *b_dims = loop.b_run_step == 1 ? &run_dims : &one;
        if (status != ARM_CMSIS_NN_SUCCESS) {
            return;
        }
        status =
            take_larger
                ? arm_maximum_s8(&no_scratch, x + ia, a_dims, y + ib, b_dims, z + io, &run_dims)
                : arm_minimum_s8(&no_scratch, x + ia, a_dims, y + ib, b_dims, z + io, &run_dims);
    });
    return from_nn_status(ctx, status, args::out);
}

} // namespace cmops
