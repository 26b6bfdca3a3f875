// cortex_m::quantized_transpose_conv2d.out: int8 transposed convolution through CMSIS-NN's
// arm_transpose_conv_s8; legacy form: NCHW sizes, channels-last memory.
#include "cc/ops/internal/conv_family.h"
#include "cc/ops/internal/kernels.h"

namespace cmops
{

cmops_status quantized_transpose_conv2d_out(cmops_context *ctx, cmops_value *const *args,
                                            size_t num_args)
{
    return transpose_conv2d(ctx, args, num_args, ImageLayout::kChannelsLast,
                            CMOPS_CONV_MESSAGES("cortex_m::quantized_transpose_conv2d"));
}

} // namespace cmops
