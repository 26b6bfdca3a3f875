// aten::split_with_sizes_copy.out: self cut along `dim` into pieces of split_sizes, one out
// tensor each; any dtype.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::split_with_sizes_copy_out;

namespace cmops
{
namespace aten
{

cmops_status split_with_sizes_copy_out(cmops_context *ctx, const cmops_tensor &self,
                                       cmops_int_list split_sizes, int64_t dim,
                                       cmops_tensor_list out)
{
    CMOPS_TRY(portable::check_tensor(ctx, self, args::self));
    CMOPS_REQUIRE(ctx, self.dim > 0, CMOPS_ERR_RANK, args::self);
    int32_t axis = 0;
    CMOPS_REQUIRE(ctx, portable::normalize_dim(dim, self.dim, &axis), CMOPS_ERR_PARAM, args::dim);
    CMOPS_REQUIRE(ctx, out.length == split_sizes.length, CMOPS_ERR_ARG_COUNT, args::out);
    int64_t total = 0;
    for (size_t i = 0; i < split_sizes.length; ++i) {
        CMOPS_REQUIRE(ctx, split_sizes.items[i] >= 0, CMOPS_ERR_PARAM, args::split_sizes);
        total += split_sizes.items[i];
        const cmops_tensor *piece = out.items[i];
        CMOPS_REQUIRE(ctx, piece != nullptr, CMOPS_ERR_ARG_KIND, args::out);
        CMOPS_TRY(portable::check_tensor(ctx, *piece, args::out));
        CMOPS_REQUIRE(ctx, piece->dtype == self.dtype, CMOPS_ERR_DTYPE, args::out);
        CMOPS_REQUIRE(ctx, piece->dim == self.dim, CMOPS_ERR_SHAPE, args::out);
        for (int32_t d = 0; d < self.dim; ++d) {
            CMOPS_REQUIRE(ctx,
                          piece->sizes[d] == (d == axis ? split_sizes.items[i] : self.sizes[d]),
                          CMOPS_ERR_SHAPE, args::out);
        }
    }
    CMOPS_REQUIRE(ctx, total == self.sizes[axis], CMOPS_ERR_SHAPE, args::split_sizes);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    const size_t size = portable::element_size(self.dtype);
    int64_t self_strides[CMOPS_MAX_DIM];
    portable::logical_strides(self, self_strides);
    int64_t position = 0;
    for (size_t i = 0; i < out.length; ++i) {
        cmops_tensor &piece = *out.items[i];
        if (numel(piece) != 0) {
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
