// cortex_m::maximum.out: elementwise maximum of int8 (CMSIS-NN) or int32 tensors, broadcasting.
#include "cc/ops/internal/min_max.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

cmops_status maximum_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                         cmops_tensor &out)
{
    return min_max(ctx, self, other, out, true);
}

} // namespace cmops
