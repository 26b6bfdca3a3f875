/*
 * reshape.h: the check every reshaping copy (view_copy, squeeze_copy, unsqueeze_copy) ends
 * with, then the copy in logical row-major order. Internal to //cc/ops/portable.
 */
#ifndef M55ML_CC_OPS_PORTABLE_INTERNAL_RESHAPE_H_
#define M55ML_CC_OPS_PORTABLE_INTERNAL_RESHAPE_H_

#include "cc/ops/portable/internal/support.h"

namespace cmops
{
namespace portable
{

struct ReshapeArgs {
    int32_t self;
    int32_t out;
};

#define PK_RESHAPE_ARGS(op)                                                                        \
    ::cmops::portable::ReshapeArgs                                                                 \
    {                                                                                              \
        op::self, op::out                                                                          \
    }

/** Checks self and out (same dtype). */
cmops_status check_reshape(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &out,
                           const ReshapeArgs &blame);

/** Requires out's sizes to be `sizes` (rank `dim`), then copies self into out element by element
 * in logical order. */
cmops_status finish_reshape(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out,
                            int32_t dim, const int64_t *sizes, const ReshapeArgs &blame);

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_RESHAPE_H_ */
