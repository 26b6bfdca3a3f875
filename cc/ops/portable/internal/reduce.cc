// Reduction planning and the compensated float sum of sum and mean (reduce.h).
#include "cc/ops/portable/internal/reduce.h"

namespace cmops
{
namespace portable
{

cmops_status plan_reduction(cmops_context *ctx, const cmops_tensor &self, const cmops_int_list *dim,
                            bool keepdim, const cmops_tensor &out, const ReduceArgs &blame,
                            ReducePlan *plan)
{
    CMOPS_TRY(check_tensor(ctx, self, blame.self));
    CMOPS_TRY(check_tensor(ctx, out, blame.out));
    bool reduced[CMOPS_MAX_DIM] = {false};
    if (dim == nullptr || dim->length == 0) {
        for (int32_t d = 0; d < self.dim; ++d) {
            reduced[d] = true;
        }
    } else {
        for (size_t i = 0; i < dim->length; ++i) {
            int32_t d = 0;
            CMOPS_REQUIRE(ctx, normalize_dim(dim->items[i], self.dim, &d), CMOPS_ERR_PARAM,
                          blame.dim);
            if (self.dim == 0) {
                continue;
            }
            CMOPS_REQUIRE(ctx, !reduced[d], CMOPS_ERR_PARAM, blame.dim);
            reduced[d] = true;
        }
    }
    int64_t self_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    logical_strides(self, self_strides);
    logical_strides(out, out_strides);
    plan->outer_dim = 0;
    plan->inner_dim = 0;
    plan->count = 1;
    int32_t out_rank = 0;
    for (int32_t d = 0; d < self.dim; ++d) {
        if (reduced[d]) {
            plan->inner_sizes[plan->inner_dim] = self.sizes[d];
            plan->inner_strides[0][plan->inner_dim] = self_strides[d];
            ++plan->inner_dim;
            plan->count *= self.sizes[d];
            if (keepdim) {
                CMOPS_REQUIRE(ctx, out_rank < out.dim && out.sizes[out_rank] == 1, CMOPS_ERR_SHAPE,
                              blame.out);
                ++out_rank;
            }
            continue;
        }
        CMOPS_REQUIRE(ctx, out_rank < out.dim && out.sizes[out_rank] == self.sizes[d],
                      CMOPS_ERR_SHAPE, blame.out);
        plan->outer_sizes[plan->outer_dim] = self.sizes[d];
        plan->outer_strides[0][plan->outer_dim] = self_strides[d];
        plan->outer_strides[1][plan->outer_dim] = out_strides[out_rank];
        ++plan->outer_dim;
        ++out_rank;
    }
    CMOPS_REQUIRE(ctx, out_rank == out.dim, CMOPS_ERR_SHAPE, blame.out);
    return CMOPS_OK;
}

float sum_float(const float *self, int64_t base, const ReducePlan &plan)
{
    float sum = 0.0f;
    float compensation = 0.0f;
    walk<1>(plan.inner_dim, plan.inner_sizes, plan.inner_strides, [&](const int64_t *offsets) {
        const float y = self[base + offsets[0]] - compensation;
        const float t = sum + y;
        compensation = (t - sum) - y;
        // An infinite or NaN partial sum leaves no meaningful compensation: drop it so the sum
        // stays inf (or NaN) as plain summation would.
        if (compensation != compensation) {
            compensation = 0.0f;
        }
        sum = t;
    });
    return sum;
}

int64_t sum_int(const void *self, int32_t dtype, int64_t base, const ReducePlan &plan)
{
    uint64_t sum = 0;
    walk<1>(plan.inner_dim, plan.inner_sizes, plan.inner_strides, [&](const int64_t *offsets) {
        sum += static_cast<uint64_t>(load_as_int(self, dtype, base + offsets[0]));
    });
    return static_cast<int64_t>(sum);
}

} // namespace portable
} // namespace cmops
