// aten::view_copy.out(Tensor self, SymInt[] size, *, Tensor(a!) out): the same bytes under a
// new shape (out carries the shape the program planned), in logical row-major order.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/copy_support.h"
#include "cc/ops/portable/internal/support.h"

namespace cmops::aten
{

cmops_status view_copy_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list size,
                           cmops_tensor &out)
{
    namespace args = arg::aten::view_copy_out;
    // `size` may hold one -1 (inferred); out's planned shape is the authority, so only the
    // length is checked against it.
    CMOPS_REQUIRE(ctx, size.length == static_cast<size_t>(out.dim), CMOPS_ERR_SHAPE, args::size);
    if (is_contiguous(self) && is_contiguous(out)) {
        // Row-major on both sides: the reshape moves no byte (out may be self's own memory).
        return portable::copy_bytes(ctx, self, out, args::out);
    }
    // Another dim order on either side: the values in logical row-major order, as torch
    // reshapes, into out's own order.
    CMOPS_REQUIRE(ctx, self.dtype == out.dtype, CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, numel(self) == numel(out), CMOPS_ERR_SHAPE, args::out);
    CMOPS_REQUIRE(ctx, self.data != out.data || numel(out) == 0, CMOPS_ERR_UNSUPPORTED, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    portable::copy_reshaped(out, self);
    return CMOPS_OK;
}

} // namespace cmops::aten
