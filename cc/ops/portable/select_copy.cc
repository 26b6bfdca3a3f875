// aten::select_copy.int_out: self at `index` along `dim` (negative counts from the end), that
// dimension removed; any dtype.
#include "cc/ops/portable/internal/support.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::select_copy.int_out"

namespace cmops
{
namespace aten
{

cmops_status select_copy_int_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                 int64_t index, cmops_tensor &out)
{
    PK_TRY(portable::check_tensor(ctx, self, PK_MSG(OP, "self", "is not a valid tensor")));
    PK_TRY(portable::check_tensor(ctx, out, PK_MSG(OP, "out", "is not a valid tensor")));
    PK_REQUIRE(ctx, out.dtype == self.dtype, CMOPS_ERR_DTYPE,
               PK_MSG(OP, "out", "must have self's dtype"));
    PK_REQUIRE(ctx, self.dim > 0, CMOPS_ERR_RANK, PK_MSG(OP, "self", "must have at least 1 dim"));
    int32_t axis = 0;
    PK_REQUIRE(ctx, portable::normalize_dim(dim, self.dim, &axis), CMOPS_ERR_PARAM,
               PK_MSG(OP, "dim", "is out of range for self"));
    const int64_t extent = self.sizes[axis];
    PK_REQUIRE(ctx, index >= -extent && index < extent, CMOPS_ERR_PARAM,
               PK_MSG(OP, "index", "is out of range for self's size at dim"));
    const int64_t at = index < 0 ? index + extent : index;
    int64_t self_strides[CMOPS_MAX_DIM];
    int64_t source_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    portable::logical_strides(self, self_strides);
    portable::logical_strides(out, out_strides);
    PK_REQUIRE(ctx, out.dim == self.dim - 1, CMOPS_ERR_SHAPE,
               PK_MSG(OP, "out", "must have self's shape without dim"));
    for (int32_t d = 0, o = 0; d < self.dim; ++d) {
        if (d == axis) {
            continue;
        }
        PK_REQUIRE(ctx, out.sizes[o] == self.sizes[d], CMOPS_ERR_SHAPE,
                   PK_MSG(OP, "out", "must have self's shape without dim"));
        source_strides[o++] = self_strides[d];
    }
    const size_t size = portable::element_size(self.dtype);
    const char *source =
        static_cast<const char *>(self.data) + at * self_strides[axis] * static_cast<int64_t>(size);
    portable::strided_copy(out.data, out_strides, source, source_strides, out.dim, out.sizes, size);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
