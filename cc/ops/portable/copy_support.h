/*
 * copy_support.h: what the copy-like portable operators share (view_copy, clone, the dim-order
 * copies): same dtype, same element count, and a copy into out's own memory order.
 */
#ifndef M55ML_CC_OPS_PORTABLE_COPY_SUPPORT_H_
#define M55ML_CC_OPS_PORTABLE_COPY_SUPPORT_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"

namespace cmops::portable
{

/**
 * Copies self's values into out, which has self's dtype and sizes but may lay them out in
 * another dim order. Out may be self's very bytes when the orders agree (nothing moves); a
 * permuting copy in place is CMOPS_ERR_UNSUPPORTED. Errors blame `out_arg`.
 */
cmops_status copy_values(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out,
                         int32_t out_arg);

/**
 * Copies self's bytes into out unchanged (a reshape): same dtype, same element count, both
 * contiguous in their own order is not required (the bytes are the same in memory order).
 */
cmops_status copy_bytes(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out,
                        int32_t out_arg);

} // namespace cmops::portable

#endif /* M55ML_CC_OPS_PORTABLE_COPY_SUPPORT_H_ */
