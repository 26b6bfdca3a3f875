
#include "cc/ops/internal/pool_family.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

cmops_status quantized_avg_pool2d_out(cmops_context *ctx, const cmops_tensor &input,
                                      cmops_int_list kernel_size, cmops_int_list stride,
                                      cmops_int_list padding, bool ceil_mode, int64_t zero_point,
                                      int64_t multiplier, int64_t shift, cmops_tensor &scratch,
                                      cmops_tensor &out)
{
    return avg_pool2d(ctx,
                      AvgPoolArgs{input, kernel_size, stride, padding, ceil_mode, zero_point,
                                  multiplier, shift, scratch, out},
                      ImageLayout::kChannelsLast);
}

} // namespace cmops
