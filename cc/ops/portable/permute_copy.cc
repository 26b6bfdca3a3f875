// aten::permute_copy.out: out's dimension d is self's dimension dims[d]; any dtype.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::permute_copy_out;

namespace cmops
{
namespace aten
{

cmops_status permute_copy_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list dims,
                              cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, self, args::self));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx, out.dtype == self.dtype, CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, dims.length == static_cast<size_t>(self.dim) && out.dim == self.dim,
                  CMOPS_ERR_RANK, args::dims);
    int64_t self_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    int64_t source_strides[CMOPS_MAX_DIM];
    portable::logical_strides(self, self_strides);
    portable::logical_strides(out, out_strides);
    bool seen[CMOPS_MAX_DIM] = {false};
    for (int32_t d = 0; d < self.dim; ++d) {
        int32_t source = 0;
        CMOPS_REQUIRE(ctx,
                      portable::normalize_dim(dims.items[d], self.dim, &source) && !seen[source],
                      CMOPS_ERR_PARAM, args::dims);
        seen[source] = true;
        CMOPS_REQUIRE(ctx, out.sizes[d] == self.sizes[source], CMOPS_ERR_SHAPE, args::out);
        source_strides[d] = self_strides[source];
    }
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    portable::strided_copy(out.data, out_strides, self.data, source_strides, out.dim, out.sizes,
                           portable::element_size(self.dtype));
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
