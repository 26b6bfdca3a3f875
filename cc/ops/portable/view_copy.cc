// aten::view_copy.out(Tensor self, SymInt[] size, *, Tensor(a!) out): the same bytes under a
// new shape (out carries the shape the program planned).
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/copy_support.h"

namespace cmops::aten
{

cmops_status view_copy_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list size,
                           cmops_tensor &out)
{
    namespace args = arg::aten::view_copy_out;
    // `size` may hold one -1 (inferred); out's planned shape is the authority, so only the
    // length is checked against it.
    CMOPS_REQUIRE(ctx, size.length == static_cast<size_t>(out.dim), CMOPS_ERR_SHAPE, args::size);
    return portable::copy_bytes(ctx, self, out, args::out);
}

} // namespace cmops::aten
