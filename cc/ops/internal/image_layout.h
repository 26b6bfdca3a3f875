/*
 * image_layout.h: how a 4-D activation tensor of a spatial operator maps onto CMSIS-NN's NHWC.
 *
 * ExecuTorch lowers spatial operators in one of two ways, and both store NHWC bytes:
 *  - kChannelsLast: the legacy operators (quantized_conv2d, ...): sizes are logical NCHW and
 *    dim_order is channels-last, {0, 2, 3, 1}.
 *  - kNhwc: the explicit-layout `_nhwc` operators: sizes are NHWC and dim_order contiguous.
 * Any other layout is rejected with CMOPS_ERR_LAYOUT.
 */
#ifndef M55ML_CC_OPS_INTERNAL_IMAGE_LAYOUT_H_
#define M55ML_CC_OPS_INTERNAL_IMAGE_LAYOUT_H_

#include "arm_nn_types.h"
#include "cc/ops/cortex_m_ops.h"

namespace cmops
{

enum class ImageLayout {
    kChannelsLast, /* NCHW sizes, {0, 2, 3, 1} dim order */
    kNhwc,         /* NHWC sizes, contiguous */
};

/** The NHWC dimensions of a rank-4 activation tensor, or false if its memory is not NHWC. */
bool image_dims(const cmops_tensor &tensor, ImageLayout layout, cmsis_nn_dims *dims);

/** Output size of a window sweep, PyTorch's formula; ceil_mode as in max/avg_pool2d. */
int64_t sweep_output_size(int64_t in, int64_t window, int64_t stride, int64_t padding,
                          int64_t dilation, bool ceil_mode);

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_IMAGE_LAYOUT_H_ */
