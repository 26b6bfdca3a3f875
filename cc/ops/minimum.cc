// cortex_m::minimum.out: elementwise minimum of int8 (CMSIS-NN) or int32 tensors, broadcasting.
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/min_max.h"

namespace cmops
{

cmops_status minimum_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    return min_max(ctx, args, num_args, false, CMOPS_MIN_MAX_MESSAGES("cortex_m::minimum"));
}

} // namespace cmops
