// aten::squeeze_copy.dims_out and .dim_out: self without the listed dimensions that have size 1
// (a listed dimension of another size stays, as in torch); any dtype.
#include "cc/ops/portable/internal/reshape.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP_DIMS "aten::squeeze_copy.dims_out"
#define OP_DIM "aten::squeeze_copy.dim_out"

namespace cmops
{
namespace aten
{
namespace
{

cmops_status squeeze(cmops_context *ctx, const cmops_tensor &self, const bool *listed,
                     cmops_tensor &out, const portable::ReshapeMessages &messages)
{
    int64_t sizes[CMOPS_MAX_DIM];
    int32_t rank = 0;
    for (int32_t d = 0; d < self.dim; ++d) {
        if (listed[d] && self.sizes[d] == 1) {
            continue;
        }
        sizes[rank++] = self.sizes[d];
    }
    return portable::finish_reshape(ctx, self, out, rank, sizes, messages);
}

} // namespace

cmops_status squeeze_copy_dims_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list dim,
                                   cmops_tensor &out)
{
    const portable::ReshapeMessages messages =
        PK_RESHAPE_MESSAGES(OP_DIMS, "must have self's shape without the listed size-1 dims");
    PK_TRY(portable::check_reshape(ctx, self, out, messages));
    bool listed[CMOPS_MAX_DIM] = {false};
    for (size_t i = 0; i < dim.length; ++i) {
        int32_t d = 0;
        PK_REQUIRE(ctx, portable::normalize_dim(dim.items[i], self.dim, &d), CMOPS_ERR_PARAM,
                   PK_MSG(OP_DIMS, "dim", "has an entry out of range for self"));
        listed[d] = true;
    }
    return squeeze(ctx, self, listed, out, messages);
}

cmops_status squeeze_copy_dim_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                  cmops_tensor &out)
{
    const portable::ReshapeMessages messages =
        PK_RESHAPE_MESSAGES(OP_DIM, "must have self's shape without dim when its size is 1");
    PK_TRY(portable::check_reshape(ctx, self, out, messages));
    bool listed[CMOPS_MAX_DIM] = {false};
    int32_t d = 0;
    PK_REQUIRE(ctx, portable::normalize_dim(dim, self.dim, &d), CMOPS_ERR_PARAM,
               PK_MSG(OP_DIM, "dim", "is out of range for self"));
    listed[d] = true;
    return squeeze(ctx, self, listed, out, messages);
}

} // namespace aten
} // namespace cmops
