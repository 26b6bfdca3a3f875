/*
 * fill.h: writing one value to every element of out (full, zeros). Internal to
 * //cc/ops/portable.
 */
#ifndef M55ML_CC_OPS_PORTABLE_INTERNAL_FILL_H_
#define M55ML_CC_OPS_PORTABLE_INTERNAL_FILL_H_

#include "cc/ops/portable/internal/support.h"

namespace cmops
{
namespace portable
{

/** Checks out against `size` (the schema's SymInt[] size), then fills it with `value`. */
cmops_status fill(cmops_context *ctx, cmops_int_list size, const cmops_scalar &value,
                  cmops_tensor &out, int32_t out_arg, int32_t size_arg);

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_FILL_H_ */
