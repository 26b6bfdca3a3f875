/*
 * pool_family.h: shared bodies of the pooling operators (legacy and `_nhwc` forms).
 *
 * Average pooling follows CMSIS-NN, not the float reference, at one place: where a window's
 * mean is exactly halfway between two integers (even window counts only), CMSIS-NN rounds the
 * integer mean of the raw int8 values half away from zero; the reference averages in float and
 * rounds half to even. Devices run the CMSIS-NN semantics, so that is what this library does.
 */
#ifndef M55ML_CC_OPS_INTERNAL_POOL_FAMILY_H_
#define M55ML_CC_OPS_INTERNAL_POOL_FAMILY_H_

#include "cc/ops/cortex_m_ops.h"
#include "cc/ops/internal/image_layout.h"
#include "cc/ops/internal/op_support.h"

namespace cmops
{

struct PoolMessages {
    const char *arg_count;
    TensorMessages input;
    TensorMessages scratch;
    TensorMessages out;
    ScalarMessages kernel_size;
    ScalarMessages stride;
    ScalarMessages padding;
    ScalarMessages dilation;
    ScalarMessages ceil_mode;
    ScalarMessages zero_point;
    ScalarMessages output_zero_point;
    ScalarMessages multiplier;
    ScalarMessages shift;
    ScalarMessages activation_min;
    ScalarMessages activation_max;
    const char *input_layout;
    const char *out_layout;
    const char *out_shape;
    const char *zero_points_differ;
    const char *dilation_unsupported;
    const char *ceil_mode_unsupported;
    const char *scratch_size;
    const char *kernel;
};

#define CMOPS_POOL_MESSAGES(op)                                                                    \
    ::cmops::PoolMessages                                                                          \
    {                                                                                              \
        op ": wrong number of arguments for the schema",                                           \
            CMOPS_TENSOR_MESSAGES(op, "input", "int8", "4 dims"),                                  \
            CMOPS_TENSOR_MESSAGES(op, "scratch", "a tensor", "any dims"),                          \
            CMOPS_TENSOR_MESSAGES(op, "out", "int8", "4 dims"),                                    \
            CMOPS_SCALAR_MESSAGES(op, "kernel_size", "an int list of 1 or 2", "positive"),         \
            CMOPS_SCALAR_MESSAGES(op, "stride", "an int list of 0, 1 or 2", "positive"),           \
            CMOPS_SCALAR_MESSAGES(op, "padding", "an int list of 1 or 2", "non-negative"),         \
            CMOPS_SCALAR_MESSAGES(op, "dilation", "an int list of 1 or 2", "positive"),            \
            CMOPS_SCALAR_MESSAGES(op, "ceil_mode", "a bool", ""),                                  \
            CMOPS_SCALAR_MESSAGES(op, "zero_point", "an int", "in [-128, 127]"),                   \
            CMOPS_SCALAR_MESSAGES(op, "output_zero_point", "an int", "in [-128, 127]"),            \
            CMOPS_SCALAR_MESSAGES(op, "multiplier", "an int", "positive"),                         \
            CMOPS_SCALAR_MESSAGES(op, "shift", "an int", "within int32"),                          \
            CMOPS_SCALAR_MESSAGES(op, "activation_min", "an int", "in [-128, 127]"),               \
            CMOPS_SCALAR_MESSAGES(op, "activation_max", "an int", "in [activation_min, 127]"),     \
            op ": input must be NHWC in memory (channels-last)",                                   \
            op ": out must be NHWC in memory (channels-last)",                                     \
            op ": out's shape does not match the pooling's output shape",                          \
            op ": input_zero_point and output_zero_point must be equal",                           \
            op ": only dilation 1 is supported (as in the reference)",                             \
            op ": ceil_mode is not supported (as in the reference)",                               \
            op ": scratch is smaller than the kernel's buffer size",                               \
            op ": a window lies entirely in the padding"                                           \
    }

cmops_status avg_pool2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                        ImageLayout layout, const PoolMessages &messages);

cmops_status max_pool2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                        ImageLayout layout, const PoolMessages &messages);

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_POOL_FAMILY_H_ */
