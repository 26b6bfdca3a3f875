// aten::split_with_sizes_copy.out: self cut along `dim` into pieces of split_sizes, one out
// tensor each; any dtype.
#include "cc/ops/portable/internal/support.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::split_with_sizes_copy.out"

namespace cmops
{
namespace aten
{

cmops_status split_with_sizes_copy_out(cmops_context *ctx, const cmops_tensor &self,
                                       cmops_int_list split_sizes, int64_t dim,
                                       cmops_tensor_list out)
{
    PK_TRY(portable::check_tensor(ctx, self, PK_MSG(OP, "self", "is not a valid tensor")));
    PK_REQUIRE(ctx, self.dim > 0, CMOPS_ERR_RANK, PK_MSG(OP, "self", "must have at least 1 dim"));
    int32_t axis = 0;
    PK_REQUIRE(ctx, portable::normalize_dim(dim, self.dim, &axis), CMOPS_ERR_PARAM,
               PK_MSG(OP, "dim", "is out of range for self"));
    PK_REQUIRE(ctx, out.length == split_sizes.length, CMOPS_ERR_ARG_COUNT,
               PK_MSG(OP, "out", "must have one tensor per entry of split_sizes"));
    int64_t total = 0;
    for (size_t i = 0; i < split_sizes.length; ++i) {
        PK_REQUIRE(ctx, split_sizes.items[i] >= 0, CMOPS_ERR_PARAM,
                   PK_MSG(OP, "split_sizes", "entries must be >= 0"));
        total += split_sizes.items[i];
        const cmops_tensor *piece = out.items[i];
        PK_REQUIRE(ctx, piece != nullptr, CMOPS_ERR_ARG_KIND,
                   PK_MSG(OP, "out", "has a None entry"));
        PK_TRY(portable::check_tensor(ctx, *piece, PK_MSG(OP, "out", "has an invalid tensor")));
        PK_REQUIRE(ctx, piece->dtype == self.dtype, CMOPS_ERR_DTYPE,
                   PK_MSG(OP, "out", "tensors must have self's dtype"));
        PK_REQUIRE(
            ctx, piece->dim == self.dim, CMOPS_ERR_SHAPE,
            PK_MSG(OP, "out", "tensors must have self's shape with their split size at dim"));
        for (int32_t d = 0; d < self.dim; ++d) {
            PK_REQUIRE(
                ctx, piece->sizes[d] == (d == axis ? split_sizes.items[i] : self.sizes[d]),
                CMOPS_ERR_SHAPE,
                PK_MSG(OP, "out", "tensors must have self's shape with their split size at dim"));
        }
    }
    PK_REQUIRE(ctx, total == self.sizes[axis], CMOPS_ERR_SHAPE,
               PK_MSG(OP, "split_sizes", "must add up to self's size at dim"));
    const size_t size = portable::element_size(self.dtype);
    int64_t self_strides[CMOPS_MAX_DIM];
    portable::logical_strides(self, self_strides);
    int64_t position = 0;
    for (size_t i = 0; i < out.length; ++i) {
        cmops_tensor &piece = *out.items[i];
        if (portable::numel(piece) != 0) {
            int64_t piece_strides[CMOPS_MAX_DIM];
            portable::logical_strides(piece, piece_strides);
            const char *source = static_cast<const char *>(self.data) +
                                 position * self_strides[axis] * static_cast<int64_t>(size);
            portable::strided_copy(piece.data, piece_strides, source, self_strides, piece.dim,
                                   piece.sizes, size);
        }
        position += split_sizes.items[i];
    }
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
