// cortex_m::maximum.out: elementwise maximum of int8 (CMSIS-NN) or int32 tensors, broadcasting.
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/min_max.h"

namespace cmops
{

cmops_status maximum_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    return min_max(ctx, args, num_args, true, CMOPS_MIN_MAX_MESSAGES("cortex_m::maximum"));
}

} // namespace cmops
