// aten::cat.out: the tensors joined along `dim`, any dtype (all of out's), any dim orders.
// As in ExecuTorch, a 1-D tensor with no elements is skipped whatever the other ranks.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::cat_out;

namespace cmops
{
namespace aten
{

cmops_status cat_out(cmops_context *ctx, cmops_tensor_list tensors, int64_t dim, cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx, tensors.length > 0 && tensors.items != nullptr, CMOPS_ERR_PARAM,
                  args::tensors);
    CMOPS_REQUIRE(ctx, out.dim > 0, CMOPS_ERR_RANK, args::out);
    int32_t axis = 0;
    CMOPS_REQUIRE(ctx, portable::normalize_dim(dim, out.dim, &axis), CMOPS_ERR_PARAM, args::dim);
    int64_t total = 0;
    for (size_t i = 0; i < tensors.length; ++i) {
        const cmops_tensor *t = tensors.items[i];
        CMOPS_REQUIRE(ctx, t != nullptr, CMOPS_ERR_ARG_KIND, args::tensors);
        CMOPS_TRY(portable::check_tensor(ctx, *t, args::tensors));
        CMOPS_REQUIRE(ctx, t->dtype == out.dtype, CMOPS_ERR_DTYPE, args::tensors);
        if (t->dim == 1 && t->sizes[0] == 0) {
            continue;
        }
        CMOPS_REQUIRE(ctx, t->dim == out.dim, CMOPS_ERR_RANK, args::tensors);
        for (int32_t d = 0; d < out.dim; ++d) {
            CMOPS_REQUIRE(ctx, d == axis || t->sizes[d] == out.sizes[d], CMOPS_ERR_SHAPE,
                          args::tensors);
        }
        total += t->sizes[axis];
    }
    CMOPS_REQUIRE(ctx, total == out.sizes[axis], CMOPS_ERR_SHAPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    const size_t size = portable::element_size(out.dtype);
    int64_t out_strides[CMOPS_MAX_DIM];
    portable::logical_strides(out, out_strides);
    int64_t position = 0;
    for (size_t i = 0; i < tensors.length; ++i) {
        const cmops_tensor &t = *tensors.items[i];
        if ((t.dim == 1 && t.sizes[0] == 0) || numel(t) == 0) {
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
