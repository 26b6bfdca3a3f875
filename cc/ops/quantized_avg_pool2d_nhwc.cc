// cortex_m::quantized_avg_pool2d_nhwc.out: int8 average pooling (CMSIS-NN rounding at exact ties)
// through CMSIS-NN's arm_avgpool_s8; explicit NHWC form: NHWC sizes, contiguous memory.
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/pool_family.h"

namespace cmops
{

cmops_status quantized_avg_pool2d_nhwc_out(cmops_context *ctx, cmops_value *const *args,
                                           size_t num_args)
{
    return avg_pool2d(ctx, args, num_args, ImageLayout::kNhwc,
                      CMOPS_POOL_MESSAGES("cortex_m::quantized_avg_pool2d_nhwc"));
}

} // namespace cmops
