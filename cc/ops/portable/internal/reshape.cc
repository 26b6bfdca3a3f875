// Shared check and copy of the reshaping operators (reshape.h).
#include "cc/ops/portable/internal/reshape.h"

namespace cmops
{
namespace portable
{

cmops_status check_reshape(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &out,
                           const ReshapeArgs &blame)
{
    CMOPS_TRY(check_tensor(ctx, self, blame.self));
    CMOPS_TRY(check_tensor(ctx, out, blame.out));
    CMOPS_REQUIRE(ctx, out.dtype == self.dtype, CMOPS_ERR_DTYPE, blame.out);
    return CMOPS_OK;
}

cmops_status finish_reshape(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out,
                            int32_t dim, const int64_t *sizes, const ReshapeArgs &blame)
{
    CMOPS_REQUIRE(ctx, has_sizes(out, dim, sizes), CMOPS_ERR_SHAPE, blame.out);
    CMOPS_REQUIRE(ctx, numel(out) == numel(self), CMOPS_ERR_SHAPE, blame.out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    copy_reshaped(out, self);
    return CMOPS_OK;
}

} // namespace portable
} // namespace cmops
