// cortex_m::quantized_max_pool2d_nhwc.out: int8 max pooling through CMSIS-NN's
// arm_max_pool_s8; explicit NHWC form: NHWC sizes, contiguous memory.
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/pool_family.h"

namespace cmops
{

cmops_status quantized_max_pool2d_nhwc_out(cmops_context *ctx, cmops_value *const *args,
                                           size_t num_args)
{
    return max_pool2d(ctx, args, num_args, ImageLayout::kNhwc,
                      CMOPS_POOL_MESSAGES("cortex_m::quantized_max_pool2d_nhwc"));
}

} // namespace cmops
