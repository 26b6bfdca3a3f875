// aten::cat.out: the tensors joined along `dim`, any dtype (all of out's), any dim orders.
// As in ExecuTorch, a 1-D tensor with no elements is skipped whatever the other ranks.
#include "cc/ops/portable/internal/support.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::cat.out"

namespace cmops
{
namespace aten
{

cmops_status cat_out(cmops_context *ctx, cmops_tensor_list tensors, int64_t dim, cmops_tensor &out)
{
    PK_TRY(portable::check_tensor(ctx, out, PK_MSG(OP, "out", "is not a valid tensor")));
    PK_REQUIRE(ctx, tensors.length > 0 && tensors.items != nullptr, CMOPS_ERR_PARAM,
               PK_MSG(OP, "tensors", "must not be empty"));
    PK_REQUIRE(ctx, out.dim > 0, CMOPS_ERR_RANK, PK_MSG(OP, "out", "must have at least 1 dim"));
    int32_t axis = 0;
    PK_REQUIRE(ctx, portable::normalize_dim(dim, out.dim, &axis), CMOPS_ERR_PARAM,
               PK_MSG(OP, "dim", "is out of range for out"));
    int64_t total = 0;
    for (size_t i = 0; i < tensors.length; ++i) {
        const cmops_tensor *t = tensors.items[i];
        PK_REQUIRE(ctx, t != nullptr, CMOPS_ERR_ARG_KIND,
                   PK_MSG(OP, "tensors", "has a None entry"));
        PK_TRY(portable::check_tensor(ctx, *t, PK_MSG(OP, "tensors", "has an invalid tensor")));
        PK_REQUIRE(ctx, t->dtype == out.dtype, CMOPS_ERR_DTYPE,
                   PK_MSG(OP, "tensors", "must all have out's dtype"));
        if (t->dim == 1 && t->sizes[0] == 0) {
            continue;
        }
        PK_REQUIRE(ctx, t->dim == out.dim, CMOPS_ERR_RANK,
                   PK_MSG(OP, "tensors", "must all have out's rank"));
        for (int32_t d = 0; d < out.dim; ++d) {
            PK_REQUIRE(ctx, d == axis || t->sizes[d] == out.sizes[d], CMOPS_ERR_SHAPE,
                       PK_MSG(OP, "tensors", "must match out's sizes except along dim"));
        }
        total += t->sizes[axis];
    }
    PK_REQUIRE(ctx, total == out.sizes[axis], CMOPS_ERR_SHAPE,
               PK_MSG(OP, "out", "size along dim must be the sum of the tensors' sizes"));
    const size_t size = portable::element_size(out.dtype);
    int64_t out_strides[CMOPS_MAX_DIM];
    portable::logical_strides(out, out_strides);
    int64_t position = 0;
    for (size_t i = 0; i < tensors.length; ++i) {
        const cmops_tensor &t = *tensors.items[i];
        if ((t.dim == 1 && t.sizes[0] == 0) || portable::numel(t) == 0) {
            continue;
        }
        int64_t strides[CMOPS_MAX_DIM];
        portable::logical_strides(t, strides);
        char *destination = static_cast<char *>(out.data) +
                            position * out_strides[axis] * static_cast<int64_t>(size);
        portable::strided_copy(destination, out_strides, t.data, strides, t.dim, t.sizes, size);
        position += t.sizes[axis];
    }
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
