// cortex_m::quantized_transpose_conv2d_nhwc.out: int8 transposed convolution through CMSIS-NN's
// arm_transpose_conv_s8; explicit NHWC form: NHWC sizes, contiguous memory.
#include "cc/ops/internal/conv_family.h"
#include "cc/ops/internal/kernels.h"

namespace cmops
{

cmops_status quantized_transpose_conv2d_nhwc_out(cmops_context *ctx, cmops_value *const *args,
                                                 size_t num_args)
{
    return transpose_conv2d(ctx, args, num_args, ImageLayout::kNhwc,
                            CMOPS_CONV_MESSAGES("cortex_m::quantized_transpose_conv2d_nhwc"));
}

} // namespace cmops
