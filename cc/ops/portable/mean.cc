// aten::mean.out: float32 mean over `dim` (None or []: every dimension): the compensated sum
// (internal/reduce.cc) divided by the element count; an empty reduction gives NaN, as 0/0.
#include "cc/ops/portable/internal/reduce.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::mean.out"

namespace cmops
{
namespace aten
{

cmops_status mean_out(cmops_context *ctx, const cmops_tensor &self, const cmops_int_list *dim,
                      bool keepdim, cmops_optional_int dtype, cmops_tensor &out)
{
    portable::ReducePlan plan;
    PK_TRY(portable::plan_reduction(ctx, self, dim, keepdim, out, PK_REDUCE_MESSAGES(OP), &plan));
    PK_REQUIRE(ctx, self.dtype == CMOPS_DTYPE_FLOAT32 && out.dtype == CMOPS_DTYPE_FLOAT32,
               CMOPS_ERR_DTYPE, PK_MSG(OP, "self and out", "must be float32"));
    PK_REQUIRE(ctx, !dtype.has_value || dtype.value == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE,
               PK_MSG(OP, "dtype", "must be None or float32"));
    const float count = static_cast<float>(plan.count);
    const float *in = static_cast<const float *>(self.data);
    float *result = static_cast<float *>(out.data);
    portable::walk<2>(plan.outer_dim, plan.outer_sizes, plan.outer_strides,
                      [&](const int64_t *offsets) {
                          result[offsets[1]] = portable::sum_float(in, offsets[0], plan) / count;
                      });
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
