// aten::slice_copy.Tensor_out: self[start:end:step] along `dim`; start and end default to the
// whole dimension, negative values count from its end and both are clamped into it (Python
// slicing); step >= 1. Any dtype.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::slice_copy_Tensor_out;

namespace cmops
{
namespace aten
{

cmops_status slice_copy_Tensor_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                   cmops_optional_int start, cmops_optional_int end, int64_t step,
                                   cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, self, args::self));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx, out.dtype == self.dtype, CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, self.dim > 0, CMOPS_ERR_RANK, args::self);
    int32_t axis = 0;
    CMOPS_REQUIRE(ctx, portable::normalize_dim(dim, self.dim, &axis), CMOPS_ERR_PARAM, args::dim);
    CMOPS_REQUIRE(ctx, step > 0, CMOPS_ERR_PARAM, args::step);
    const int64_t extent = self.sizes[axis];
    int64_t first = start.has_value ? start.value : 0;
    int64_t last = end.has_value ? end.value : extent;
    first = first < 0 ? first + extent : first;
    last = last < 0 ? last + extent : last;
    first = first < 0 ? 0 : (first > extent ? extent : first);
    last = last < first ? first : (last > extent ? extent : last);
    const int64_t length = (last - first + step - 1) / step;
    CMOPS_REQUIRE(ctx, out.dim == self.dim, CMOPS_ERR_SHAPE, args::out);
    for (int32_t d = 0; d < self.dim; ++d) {
        CMOPS_REQUIRE(ctx, out.sizes[d] == (d == axis ? length : self.sizes[d]), CMOPS_ERR_SHAPE,
                      args::out);
    }
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    if (length == 0 || numel(out) == 0) {
        return CMOPS_OK;
    }
    const size_t size = portable::element_size(self.dtype);
    int64_t self_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    portable::logical_strides(self, self_strides);
    portable::logical_strides(out, out_strides);
    const char *source = static_cast<const char *>(self.data) +
                         first * self_strides[axis] * static_cast<int64_t>(size);
    self_strides[axis] *= step;
    portable::strided_copy(out.data, out_strides, source, self_strides, out.dim, out.sizes, size);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
