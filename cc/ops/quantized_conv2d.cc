// cortex_m::quantized_conv2d.out: int8 convolution (any window, stride, padding, dilation, groups)
// through CMSIS-NN's arm_convolve_wrapper_s8; legacy form: NCHW sizes, channels-last memory.
#include "cc/ops/internal/conv_family.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

cmops_status quantized_conv2d_out(cmops_context *ctx, const cmops_tensor &input,
                                  const cmops_tensor &weight, const cmops_tensor *bias,
                                  cmops_int_list stride, cmops_int_list padding,
                                  cmops_int_list dilation, int64_t input_offset,
                                  int64_t output_offset, const cmops_tensor &requantize_multipliers,
                                  const cmops_tensor &requantize_shifts, int64_t activation_min,
                                  int64_t activation_max, cmops_tensor &scratch, cmops_tensor &out)
{
    return conv2d(ctx,
                  ConvArgs{input, weight, bias, stride, padding, dilation, input_offset,
                           output_offset, requantize_multipliers, requantize_shifts, activation_min,
                           activation_max, scratch, out},
                  ImageLayout::kChannelsLast);
}

} // namespace cmops
