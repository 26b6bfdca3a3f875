// cortex_m::quantized_depthwise_conv2d.out: int8 depthwise convolution with channel multiplier
// through CMSIS-NN's arm_depthwise_conv_wrapper_s8; legacy form: NCHW sizes, channels-last memory.
#include "cc/ops/internal/conv_family.h"
#include "cc/ops/internal/kernels.h"

namespace cmops
{

cmops_status quantized_depthwise_conv2d_out(cmops_context *ctx, cmops_value *const *args,
                                            size_t num_args)
{
    return depthwise_conv2d(ctx, args, num_args, ImageLayout::kChannelsLast,
                            CMOPS_CONV_MESSAGES("cortex_m::quantized_depthwise_conv2d"));
}

} // namespace cmops
