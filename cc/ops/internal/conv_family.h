/*
 * conv_family.h: shared bodies of the convolution operators. Each cortex_m:: convolution has a
 * legacy form (NCHW sizes, channels-last memory) and an explicit `_nhwc` form with the same
 * schema; both call the body here with their layout. Errors name arguments by the legacy
 * form's indices (cmops::arg::quantized_conv2d_out, ...), which the `_nhwc` schemas share
 * (static_asserts in conv_family.cc check that they do).
 */
#ifndef M55ML_CC_OPS_INTERNAL_CONV_FAMILY_H_
#define M55ML_CC_OPS_INTERNAL_CONV_FAMILY_H_

#include "cc/ops/cortex_m_ops.h"
#include "cc/ops/internal/image_layout.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/kernel_args.h"

namespace cmops
{

/** Arguments every convolution schema has, in its own order. */
struct ConvArgs {
    const cmops_tensor &input;
    const cmops_tensor &weight;
    const cmops_tensor *bias;
    const cmops_int_list &stride;
    const cmops_int_list &padding;
    const cmops_int_list &dilation;
    int64_t input_offset;
    int64_t output_offset;
    const cmops_tensor &requantize_multipliers;
    const cmops_tensor &requantize_shifts;
    int64_t activation_min;
    int64_t activation_max;
    cmops_tensor &scratch;
    cmops_tensor &out;
};

cmops_status conv2d(cmops_context *ctx, const ConvArgs &args, ImageLayout layout);

cmops_status depthwise_conv2d(cmops_context *ctx, const ConvArgs &args, int64_t depth_multiplier,
                              ImageLayout layout);

cmops_status transpose_conv2d(cmops_context *ctx, const ConvArgs &args,
                              const cmops_int_list &output_padding, cmops_tensor &output_scratch,
                              ImageLayout layout);

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_CONV_FAMILY_H_ */
