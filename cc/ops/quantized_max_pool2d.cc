
#include "cc/ops/internal/pool_family.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

cmops_status quantized_max_pool2d_out(cmops_context *ctx, const cmops_tensor &input,
                                      cmops_int_list kernel_size, cmops_int_list stride,
                                      cmops_int_list padding, cmops_int_list dilation,
                                      bool ceil_mode, int64_t input_zero_point,
                                      int64_t output_zero_point, int64_t activation_min,
                                      int64_t activation_max, cmops_tensor &out)
{
    return max_pool2d(ctx,
                      MaxPoolArgs{input, kernel_size, stride, padding, dilation, ceil_mode,
                                  input_zero_point, output_zero_point, activation_min,
                                  activation_max, out},
                      ImageLayout::kChannelsLast);
}

} // namespace cmops
