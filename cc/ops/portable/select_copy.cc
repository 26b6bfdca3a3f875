// aten::select_copy.int_out: self at `index` along `dim` (negative counts from the end), that
// dimension removed; any dtype.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::select_copy_int_out;

namespace cmops
{
namespace aten
{

cmops_status select_copy_int_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                 int64_t index, cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, self, args::self));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx, out.dtype == self.dtype, CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, self.dim > 0, CMOPS_ERR_RANK, args::self);
    int32_t axis = 0;
    CMOPS_REQUIRE(ctx, portable::normalize_dim(dim, self.dim, &axis), CMOPS_ERR_PARAM, args::dim);
    const int64_t extent = self.sizes[axis];
    CMOPS_REQUIRE(ctx, index >= -extent && index < extent, CMOPS_ERR_PARAM, args::index);
    const int64_t at = index < 0 ? index + extent : index;
    int64_t self_strides[CMOPS_MAX_DIM];
    int64_t source_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    portable::logical_strides(self, self_strides);
    portable::logical_strides(out, out_strides);
    CMOPS_REQUIRE(ctx, out.dim == self.dim - 1, CMOPS_ERR_SHAPE, args::out);
    for (int32_t d = 0, o = 0; d < self.dim; ++d) {
        if (d == axis) {
            continue;
        }
        CMOPS_REQUIRE(ctx, out.sizes[o] == self.sizes[d], CMOPS_ERR_SHAPE, args::out);
        source_strides[o++] = self_strides[d];
    }
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    const size_t size = portable::element_size(self.dtype);
    const char *source =
        static_cast<const char *>(self.data) + at * self_strides[axis] * static_cast<int64_t>(size);
    portable::strided_copy(out.data, out_strides, source, source_strides, out.dim, out.sizes, size);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
