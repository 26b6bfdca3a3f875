// cortex_m::quantized_transpose_conv2d_nhwc.out: int8 transposed convolution through CMSIS-NN's
// arm_transpose_conv_s8; explicit NHWC form: NHWC sizes, contiguous memory.
#include "cc/ops/internal/conv_family.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

cmops_status quantized_transpose_conv2d_nhwc_out(
    cmops_context *ctx, const cmops_tensor &input, const cmops_tensor &weight,
    const cmops_tensor *bias, cmops_int_list stride, cmops_int_list padding,
    cmops_int_list output_padding, cmops_int_list dilation, int64_t input_offset,
    int64_t output_offset, const cmops_tensor &requantize_multipliers,
    const cmops_tensor &requantize_shifts, int64_t activation_min, int64_t activation_max,
    cmops_tensor &scratch, cmops_tensor &output_scratch, cmops_tensor &out)
{
    return transpose_conv2d(ctx,
                            ConvArgs{input, weight, bias, stride, padding, dilation, input_offset,
                                     output_offset, requantize_multipliers, requantize_shifts,
                                     activation_min, activation_max, scratch, out},
                            output_padding, output_scratch, ImageLayout::kNhwc);
}

} // namespace cmops
