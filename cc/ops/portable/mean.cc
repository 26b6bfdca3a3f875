// aten::mean.out: float32 mean over `dim` (None or []: every dimension): the compensated sum
// (internal/reduce.cc) divided by the element count; an empty reduction gives NaN, as 0/0.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/reduce.h"

namespace args = ::cmops::arg::aten::mean_out;

namespace cmops
{
namespace aten
{

cmops_status mean_out(cmops_context *ctx, const cmops_tensor &self, const cmops_int_list *dim,
                      bool keepdim, cmops_optional_int dtype, cmops_tensor &out)
{
    portable::ReducePlan plan;
    CMOPS_TRY(portable::plan_reduction(ctx, self, dim, keepdim, out, PK_REDUCE_ARGS(args), &plan));
    CMOPS_REQUIRE(ctx, self.dtype == CMOPS_DTYPE_FLOAT32 && out.dtype == CMOPS_DTYPE_FLOAT32,
                  CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, !dtype.has_value || dtype.value == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE,
                  args::dtype);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
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
