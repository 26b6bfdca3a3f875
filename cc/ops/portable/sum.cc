// aten::sum.IntList_out: sum over `dim` (None or []: every dimension). float32 self sums in
// float with compensation (Kahan); integer self sums in int64 into an integer out (torch's
// default out dtype for integers is int64). dtype, when given, must be out's dtype.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/reduce.h"

namespace args = ::cmops::arg::aten::sum_IntList_out;

namespace cmops
{
namespace aten
{

cmops_status sum_IntList_out(cmops_context *ctx, const cmops_tensor &self,
                             const cmops_int_list *dim, bool keepdim, cmops_optional_int dtype,
                             cmops_tensor &out)
{
    portable::ReducePlan plan;
    CMOPS_TRY(portable::plan_reduction(ctx, self, dim, keepdim, out, PK_REDUCE_ARGS(args), &plan));
    CMOPS_REQUIRE(ctx, !dtype.has_value || dtype.value == out.dtype, CMOPS_ERR_DTYPE, args::dtype);
    const bool float_sum = self.dtype == CMOPS_DTYPE_FLOAT32 && out.dtype == CMOPS_DTYPE_FLOAT32;
    const bool int_sum = portable::is_integral_dtype(self.dtype) &&
                         portable::is_integral_dtype(out.dtype) && out.dtype != CMOPS_DTYPE_BOOL;
    CMOPS_REQUIRE(ctx, float_sum || int_sum, CMOPS_ERR_DTYPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    if (float_sum) {
        const float *in = static_cast<const float *>(self.data);
        float *result = static_cast<float *>(out.data);
        portable::walk<2>(plan.outer_dim, plan.outer_sizes, plan.outer_strides,
                          [&](const int64_t *offsets) {
                              result[offsets[1]] = portable::sum_float(in, offsets[0], plan);
                          });
        return CMOPS_OK;
    }
    portable::walk<2>(
        plan.outer_dim, plan.outer_sizes, plan.outer_strides, [&](const int64_t *offsets) {
            portable::store_from_int(out.data, out.dtype, offsets[1],
                                     portable::sum_int(self.data, self.dtype, offsets[0], plan));
        });
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
