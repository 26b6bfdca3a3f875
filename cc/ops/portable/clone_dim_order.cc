// dim_order_ops::_clone_dim_order.out: self's elements into out's dim order, same dtype (the
// edge dialect's clone / contiguous). _to_dim_order_copy without the dtype conversion.
#include "cc/ops/portable/internal/support.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "dim_order_ops::_clone_dim_order.out"

namespace cmops
{
namespace dim_order_ops
{

cmops_status _clone_dim_order_out(cmops_context *ctx, const cmops_tensor &self, bool non_blocking,
                                  const cmops_int_list *dim_order, cmops_tensor &out)
{
    PK_TRY(portable::check_tensor(ctx, self, PK_MSG(OP, "self", "is not a valid tensor")));
    PK_TRY(portable::check_tensor(ctx, out, PK_MSG(OP, "out", "is not a valid tensor")));
    PK_REQUIRE(ctx, out.dtype == self.dtype, CMOPS_ERR_DTYPE,
               PK_MSG(OP, "out", "must have self's dtype"));
    return _to_dim_order_copy_out(ctx, self, non_blocking, dim_order, out);
}

} // namespace dim_order_ops
} // namespace cmops
