// aten::squeeze_copy.dims_out and .dim_out: self without the listed dimensions that have size 1
// (a listed dimension of another size stays, as in torch); any dtype.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/reshape.h"

namespace op_dims = ::cmops::arg::aten::squeeze_copy_dims_out;
namespace op_dim = ::cmops::arg::aten::squeeze_copy_dim_out;

namespace cmops
{
namespace aten
{
namespace
{

cmops_status squeeze(cmops_context *ctx, const cmops_tensor &self, const bool *listed,
                     cmops_tensor &out, const portable::ReshapeArgs &blame)
{
    int64_t sizes[CMOPS_MAX_DIM];
    int32_t rank = 0;
    for (int32_t d = 0; d < self.dim; ++d) {
        if (listed[d] && self.sizes[d] == 1) {
            continue;
        }
        sizes[rank++] = self.sizes[d];
    }
    return portable::finish_reshape(ctx, self, out, rank, sizes, blame);
}

} // namespace

cmops_status squeeze_copy_dims_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list dim,
                                   cmops_tensor &out)
{
    const portable::ReshapeArgs blame = PK_RESHAPE_ARGS(op_dims);
    CMOPS_TRY(portable::check_reshape(ctx, self, out, blame));
    bool listed[CMOPS_MAX_DIM] = {false};
    for (size_t i = 0; i < dim.length; ++i) {
        int32_t d = 0;
        CMOPS_REQUIRE(ctx, portable::normalize_dim(dim.items[i], self.dim, &d), CMOPS_ERR_PARAM,
                      op_dims::dim);
        listed[d] = true;
    }
    return squeeze(ctx, self, listed, out, blame);
}

cmops_status squeeze_copy_dim_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                  cmops_tensor &out)
{
    const portable::ReshapeArgs blame = PK_RESHAPE_ARGS(op_dim);
    CMOPS_TRY(portable::check_reshape(ctx, self, out, blame));
    bool listed[CMOPS_MAX_DIM] = {false};
    int32_t d = 0;
    CMOPS_REQUIRE(ctx, portable::normalize_dim(dim, self.dim, &d), CMOPS_ERR_PARAM, op_dim::dim);
    listed[d] = true;
    return squeeze(ctx, self, listed, out, blame);
}

} // namespace aten
} // namespace cmops
