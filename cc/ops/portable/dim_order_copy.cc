// dim_order_ops::_clone_dim_order.out and _to_dim_order_copy.out(Tensor self, *,
// bool non_blocking=False, int[]? dim_order=None, Tensor(a!) out): the same values in another
// memory order (and, for _to_dim_order_copy, another dtype, which this build does not convert).
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/copy_support.h"

namespace cmops::dim_order_ops
{
namespace
{

namespace args = arg::dim_order_ops::_clone_dim_order_out;
static_assert(args::dim_order == arg::dim_order_ops::_to_dim_order_copy_out::dim_order &&
                  args::out == arg::dim_order_ops::_to_dim_order_copy_out::out,
              "the two dim-order copies share their schema");

cmops_status dim_order_copy(cmops_context *ctx, const cmops_tensor &self,
                            const cmops_int_list *dim_order, cmops_tensor &out)
{
    CMOPS_REQUIRE(ctx, self.dim == out.dim, CMOPS_ERR_RANK, args::out);
    if (dim_order != nullptr) {
        // The requested order must be the one the out tensor was planned with.
        CMOPS_REQUIRE(ctx, dim_order->length == static_cast<size_t>(out.dim), CMOPS_ERR_LAYOUT,
                      args::dim_order);
        for (int32_t d = 0; d < out.dim; ++d) {
            CMOPS_REQUIRE(ctx, dim_order->items[d] == out.dim_order[d], CMOPS_ERR_LAYOUT,
                          args::dim_order);
        }
    }
    return portable::copy_values(ctx, self, out, args::out);
}

} // namespace

cmops_status _clone_dim_order_out(cmops_context *ctx, const cmops_tensor &self, bool,
                                  const cmops_int_list *dim_order, cmops_tensor &out)
{
    return dim_order_copy(ctx, self, dim_order, out);
}

cmops_status _to_dim_order_copy_out(cmops_context *ctx, const cmops_tensor &self, bool,
                                    const cmops_int_list *dim_order, cmops_tensor &out)
{
    return dim_order_copy(ctx, self, dim_order, out);
}

} // namespace cmops::dim_order_ops
