// aten::permute_copy.out: out's dimension d is self's dimension dims[d]; any dtype.
#include "cc/ops/portable/internal/support.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::permute_copy.out"

namespace cmops
{
namespace aten
{

cmops_status permute_copy_out(cmops_context *ctx, const cmops_tensor &self, cmops_int_list dims,
                              cmops_tensor &out)
{
    PK_TRY(portable::check_tensor(ctx, self, PK_MSG(OP, "self", "is not a valid tensor")));
    PK_TRY(portable::check_tensor(ctx, out, PK_MSG(OP, "out", "is not a valid tensor")));
    PK_REQUIRE(ctx, out.dtype == self.dtype, CMOPS_ERR_DTYPE,
               PK_MSG(OP, "out", "must have self's dtype"));
    PK_REQUIRE(ctx, dims.length == static_cast<size_t>(self.dim) && out.dim == self.dim,
               CMOPS_ERR_RANK, PK_MSG(OP, "dims", "and out must have self's rank"));
    int64_t self_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    int64_t source_strides[CMOPS_MAX_DIM];
    portable::logical_strides(self, self_strides);
    portable::logical_strides(out, out_strides);
    bool seen[CMOPS_MAX_DIM] = {false};
    for (int32_t d = 0; d < self.dim; ++d) {
        int32_t source = 0;
        PK_REQUIRE(ctx, portable::normalize_dim(dims.items[d], self.dim, &source) && !seen[source],
                   CMOPS_ERR_PARAM, PK_MSG(OP, "dims", "must be a permutation of self's dims"));
        seen[source] = true;
        PK_REQUIRE(ctx, out.sizes[d] == self.sizes[source], CMOPS_ERR_SHAPE,
                   PK_MSG(OP, "out", "must have self's sizes permuted by dims"));
        source_strides[d] = self_strides[source];
    }
    portable::strided_copy(out.data, out_strides, self.data, source_strides, out.dim, out.sizes,
                           portable::element_size(self.dtype));
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
