/*
 * pool_family.h: shared bodies of the pooling operators (legacy and `_nhwc` forms, which share
 * their schemas; errors name arguments by the legacy form's indices).
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
#include "cc/ops/kernel_args.h"

namespace cmops
{

struct AvgPoolArgs {
    const cmops_tensor &input;
    const cmops_int_list &kernel_size;
    const cmops_int_list &stride;
    const cmops_int_list &padding;
    bool ceil_mode;
    int64_t zero_point;
    int64_t multiplier;
    int64_t shift;
    cmops_tensor &scratch;
    cmops_tensor &out;
};

struct MaxPoolArgs {
    const cmops_tensor &input;
    const cmops_int_list &kernel_size;
    const cmops_int_list &stride;
    const cmops_int_list &padding;
    const cmops_int_list &dilation;
    bool ceil_mode;
    int64_t input_zero_point;
    int64_t output_zero_point;
    int64_t activation_min;
    int64_t activation_max;
    cmops_tensor &out;
};

cmops_status avg_pool2d(cmops_context *ctx, const AvgPoolArgs &args, ImageLayout layout);

cmops_status max_pool2d(cmops_context *ctx, const MaxPoolArgs &args, ImageLayout layout);

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_POOL_FAMILY_H_ */
