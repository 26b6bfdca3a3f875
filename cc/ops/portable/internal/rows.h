/*
 * rows.h: visiting every 1-D row of a tensor along one dimension (softmax, log_softmax), with
 * each tensor's own dim order. Internal to //cc/ops/portable.
 */
#ifndef M55ML_CC_OPS_PORTABLE_INTERNAL_ROWS_H_
#define M55ML_CC_OPS_PORTABLE_INTERNAL_ROWS_H_

#include "cc/ops/portable/internal/support.h"

namespace cmops
{
namespace portable
{

/**
 * Calls fn(in_offset, in_stride, out_offset, out_stride, length) for every row of `self` along
 * `dim` and the matching row of `out` (same sizes): elements of a row sit at offset + i * stride.
 */
template <typename Fn>
void for_each_row(const cmops_tensor &self, const cmops_tensor &out, int32_t dim, Fn &&fn)
{
    int64_t strides[2][CMOPS_MAX_DIM];
    logical_strides(self, strides[0]);
    logical_strides(out, strides[1]);
    if (self.dim == 0) {
        fn(int64_t{0}, int64_t{1}, int64_t{0}, int64_t{1}, int32_t{1});
        return;
    }
    int32_t outer[CMOPS_MAX_DIM];
    for (int32_t d = 0; d < self.dim; ++d) {
        outer[d] = d == dim ? 1 : self.sizes[d];
    }
    const int64_t in_stride = strides[0][dim];
    const int64_t out_stride = strides[1][dim];
    const int32_t length = self.sizes[dim];
    walk<2>(self.dim, outer, strides, [&](const int64_t *offsets) {
        fn(offsets[0], in_stride, offsets[1], out_stride, length);
    });
}

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_ROWS_H_ */
