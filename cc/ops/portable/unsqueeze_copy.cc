// aten::unsqueeze_copy.out: self with a size-1 dimension inserted at `dim` (in [-rank-1, rank]);
// any dtype.
#include "cc/ops/portable/internal/reshape.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::unsqueeze_copy.out"

namespace cmops
{
namespace aten
{

cmops_status unsqueeze_copy_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                cmops_tensor &out)
{
    const portable::ReshapeMessages messages =
        PK_RESHAPE_MESSAGES(OP, "must have self's shape with a size-1 dim inserted at dim");
    PK_TRY(portable::check_reshape(ctx, self, out, messages));
    PK_REQUIRE(ctx, self.dim < CMOPS_MAX_DIM, CMOPS_ERR_RANK,
               PK_MSG(OP, "self", "already has CMOPS_MAX_DIM dims"));
    const int64_t rank = self.dim + 1;
    PK_REQUIRE(ctx, dim >= -rank && dim < rank, CMOPS_ERR_PARAM,
               PK_MSG(OP, "dim", "is out of range for self"));
    const int32_t at = static_cast<int32_t>(dim < 0 ? dim + rank : dim);
    int64_t sizes[CMOPS_MAX_DIM];
    for (int32_t d = 0, s = 0; d < rank; ++d) {
        sizes[d] = d == at ? 1 : self.sizes[s++];
    }
    return portable::finish_reshape(ctx, self, out, static_cast<int32_t>(rank), sizes, messages);
}

} // namespace aten
} // namespace cmops
