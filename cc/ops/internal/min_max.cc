// Shared body of cortex_m::minimum and cortex_m::maximum.
#include "cc/ops/internal/min_max.h"

#include "arm_nnfunctions.h"
#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/op_support.h"

namespace cmops
{

cmops_status min_max(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                     bool take_larger, const MinMaxMessages &messages)
{
    CMOPS_REQUIRE(ctx, args != nullptr && num_args == 3, CMOPS_ERR_ARG_COUNT, messages.arg_count);
    const TensorMessages self_messages{messages.self_tensor, messages.self_dtype,
                                       messages.self_tensor, messages.self_tensor,
                                       messages.self_tensor, messages.self_tensor};
    const TensorMessages other_messages{messages.other_tensor, messages.other_dtype,
                                        messages.other_tensor, messages.other_tensor,
                                        messages.other_tensor, messages.other_tensor};
    const TensorMessages out_messages{messages.out_tensor, messages.out_dtype,
                                      messages.out_tensor, messages.out_tensor,
                                      messages.out_tensor, messages.out_tensor};
    cmops_tensor *self = nullptr;
    cmops_tensor *other = nullptr;
    cmops_tensor *out = nullptr;
    CMOPS_TRY(require_tensor(ctx, args, 0, -1, -1, self_messages, &self));
    CMOPS_REQUIRE(ctx, self->dtype == CMOPS_DTYPE_INT8 || self->dtype == CMOPS_DTYPE_INT32,
                  CMOPS_ERR_DTYPE, messages.self_dtype);
    CMOPS_TRY(require_tensor(ctx, args, 1, self->dtype, -1, other_messages, &other));
    CMOPS_TRY(require_tensor(ctx, args, 2, self->dtype, -1, out_messages, &out));
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx,
                  is_broadcast_result(*self, *other, *out) &&
                      plan_elementwise(*self, other, *out, &loop),
                  CMOPS_ERR_SHAPE, messages.shape);

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
    return from_nn_status(ctx, status, messages.kernel);
}

} // namespace cmops
