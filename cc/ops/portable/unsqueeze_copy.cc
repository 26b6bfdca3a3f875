// aten::unsqueeze_copy.out: self with a size-1 dimension inserted at `dim` (in [-rank-1, rank]);
// any dtype.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/reshape.h"

namespace args = ::cmops::arg::aten::unsqueeze_copy_out;

namespace cmops
{
namespace aten
{

cmops_status unsqueeze_copy_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                cmops_tensor &out)
{
    const portable::ReshapeArgs blame = PK_RESHAPE_ARGS(args);
    CMOPS_TRY(portable::check_reshape(ctx, self, out, blame));
    CMOPS_REQUIRE(ctx, self.dim < CMOPS_MAX_DIM, CMOPS_ERR_RANK, args::self);
    const int64_t rank = self.dim + 1;
    CMOPS_REQUIRE(ctx, dim >= -rank && dim < rank, CMOPS_ERR_PARAM, args::dim);
    const int32_t at = static_cast<int32_t>(dim < 0 ? dim + rank : dim);
    int64_t sizes[CMOPS_MAX_DIM];
    for (int32_t d = 0, s = 0; d < rank; ++d) {
        sizes[d] = d == at ? 1 : self.sizes[s++];
    }
    return portable::finish_reshape(ctx, self, out, static_cast<int32_t>(rank), sizes, blame);
}

} // namespace aten
} // namespace cmops
