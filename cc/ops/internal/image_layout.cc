// Mapping of spatial operators' activation tensors onto NHWC.
#include "cc/ops/internal/image_layout.h"

#include "cc/ops/internal/op_support.h"

namespace cmops
{

bool image_dims(const cmops_tensor &tensor, ImageLayout layout, cmsis_nn_dims *dims)
{
    static const uint8_t kChannelsLastOrder[4] = {0, 2, 3, 1};
    if (tensor.dim != 4) {
        return false;
    }
    if (layout == ImageLayout::kChannelsLast) {
        if (!layout_matches(tensor, kChannelsLastOrder)) {
            return false;
        }
        *dims = cmsis_nn_dims{tensor.sizes[0], tensor.sizes[2], tensor.sizes[3], tensor.sizes[1]};
        return true;
    }
    if (!is_contiguous(tensor)) {
        return false;
    }
    *dims = cmsis_nn_dims{tensor.sizes[0], tensor.sizes[1], tensor.sizes[2], tensor.sizes[3]};
    return true;
}

int64_t sweep_output_size(int64_t in, int64_t window, int64_t stride, int64_t padding,
                          int64_t dilation, bool ceil_mode)
{
    const int64_t span = in + 2 * padding - dilation * (window - 1) - 1;
    if (span < 0) {
        return 0;
    }
    if (!ceil_mode) {
        return span / stride + 1;
    }
    int64_t out = (span + stride - 1) / stride + 1;
    // PyTorch drops a last window that would start inside the right padding.
    if ((out - 1) * stride >= in + padding) {
        --out;
    }
    return out;
}

} // namespace cmops
