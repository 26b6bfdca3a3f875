// cortex_m::quantized_max_pool2d.out: int8 max pooling through CMSIS-NN's
// arm_max_pool_s8; legacy form: NCHW sizes, channels-last memory.
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/pool_family.h"

namespace cmops
{

cmops_status quantized_max_pool2d_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    return max_pool2d(ctx, args, num_args, ImageLayout::kChannelsLast,
                      CMOPS_POOL_MESSAGES("cortex_m::quantized_max_pool2d"));
}

} // namespace cmops
