// aten::clone.out(Tensor self, *, MemoryFormat? memory_format=None, Tensor(a!) out): self's
// values into out, in out's planned memory order.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/copy_support.h"

namespace cmops::aten
{

cmops_status clone_out(cmops_context *ctx, const cmops_tensor &self,
                       cmops_optional_int memory_format, cmops_tensor &out)
{
    namespace args = arg::aten::clone_out;
    // torch.preserve_format (3) and contiguous_format (0) are what exported programs carry;
    // the layout that counts is the one planned for out, which the copy follows.
    CMOPS_REQUIRE(ctx,
                  !memory_format.has_value || memory_format.value == 0 || memory_format.value == 3,
                  CMOPS_ERR_UNSUPPORTED, args::memory_format);
    return portable::copy_values(ctx, self, out, args::out);
}

} // namespace cmops::aten
