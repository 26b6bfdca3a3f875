// cortex_m::minimum.out: elementwise minimum of int8 (CMSIS-NN) or int32 tensors, broadcasting.
#include "cc/ops/internal/min_max.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

cmops_status minimum_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                         cmops_tensor &out)
{
    return min_max(ctx, self, other, out, false);
}

} // namespace cmops
