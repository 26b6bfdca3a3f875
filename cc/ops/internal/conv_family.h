/*
 * conv_family.h: shared bodies of the convolution operators. Each cortex_m:: convolution has a
 * legacy form (NCHW sizes, channels-last memory) and an explicit `_nhwc` form with identical
 * arguments; both call the body here with their layout and their own error messages.
 */
#ifndef M55ML_CC_OPS_INTERNAL_CONV_FAMILY_H_
#define M55ML_CC_OPS_INTERNAL_CONV_FAMILY_H_

#include "cc/ops/cortex_m_ops.h"
#include "cc/ops/internal/image_layout.h"
#include "cc/ops/internal/op_support.h"

namespace cmops
{

/** Every message a convolution body can report, named after the operator. */
struct ConvMessages {
    const char *arg_count;
    TensorMessages input;
    TensorMessages weight;
    TensorMessages bias;
    TensorMessages multipliers;
    TensorMessages shifts;
    TensorMessages scratch;
    TensorMessages output_scratch;
    TensorMessages out;
    ScalarMessages stride;
    ScalarMessages padding;
    ScalarMessages output_padding;
    ScalarMessages dilation;
    ScalarMessages depth_multiplier;
    ScalarMessages input_offset;
    ScalarMessages output_offset;
    ScalarMessages activation_min;
    ScalarMessages activation_max;
    const char *input_layout;
    const char *out_layout;
    const char *weight_layout;
    const char *channels;
    const char *out_shape;
    const char *bias_shape;
    const char *requant_shape;
    const char *requant_range;
    const char *scratch_size;
    const char *kernel;
};

#define CMOPS_CONV_MESSAGES(op)                                                                    \
    ::cmops::ConvMessages                                                                          \
    {                                                                                              \
        op ": wrong number of arguments for the schema",                                           \
            CMOPS_TENSOR_MESSAGES(op, "input", "int8", "4 dims"),                                  \
            CMOPS_TENSOR_MESSAGES(op, "weight", "int8", "4 dims"),                                 \
            CMOPS_TENSOR_MESSAGES(op, "bias", "int32", "1 dim"),                                   \
            CMOPS_TENSOR_MESSAGES(op, "requantize_multipliers", "int32", "1 dim"),                 \
            CMOPS_TENSOR_MESSAGES(op, "requantize_shifts", "int32", "1 dim"),                      \
            CMOPS_TENSOR_MESSAGES(op, "scratch", "a tensor", "any dims"),                          \
            CMOPS_TENSOR_MESSAGES(op, "output_scratch", "a tensor", "any dims"),                   \
            CMOPS_TENSOR_MESSAGES(op, "out", "int8", "4 dims"),                                    \
            CMOPS_SCALAR_MESSAGES(op, "stride", "an int list of 1 or 2", "positive"),              \
            CMOPS_SCALAR_MESSAGES(op, "padding", "an int list of 1 or 2", "non-negative"),         \
            CMOPS_SCALAR_MESSAGES(op, "output_padding", "an int list of 1 or 2", "non-negative"),  \
            CMOPS_SCALAR_MESSAGES(op, "dilation", "an int list of 1 or 2", "positive"),            \
            CMOPS_SCALAR_MESSAGES(op, "depth_multiplier", "an int", "positive"),                   \
            CMOPS_SCALAR_MESSAGES(op, "input_offset", "an int", "in [-127, 128]"),                 \
            CMOPS_SCALAR_MESSAGES(op, "output_offset", "an int", "in [-128, 127]"),                \
            CMOPS_SCALAR_MESSAGES(op, "activation_min", "an int", "in [-128, 127]"),               \
            CMOPS_SCALAR_MESSAGES(op, "activation_max", "an int", "in [activation_min, 127]"),     \
            op ": input must be NHWC in memory (channels-last)",                                   \
            op ": out must be NHWC in memory (channels-last)", op ": weight must be contiguous",   \
            op ": input channels do not match the weight (or groups do not divide)",               \
            op ": out's shape does not match the convolution's output shape",                      \
            op ": bias must have one entry per output channel",                                    \
            op ": requantize tensors must have one entry per output channel",                      \
            op ": a requantize multiplier is INT32_MIN or a shift is outside [-31, 31]",           \
            op ": scratch is smaller than the kernel's buffer size",                               \
            op ": a requantization overflows int32 (shift too large for the accumulator)"          \
    }

cmops_status conv2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                    ImageLayout layout, const ConvMessages &messages);

cmops_status depthwise_conv2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                              ImageLayout layout, const ConvMessages &messages);

cmops_status transpose_conv2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                              ImageLayout layout, const ConvMessages &messages);

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_CONV_FAMILY_H_ */
