/*
 * min_max.h: the shared body of cortex_m::minimum and cortex_m::maximum (torch.minimum /
 * torch.maximum with broadcasting). int8 goes through CMSIS-NN's arm_minimum_s8 /
 * arm_maximum_s8; int32, which CMSIS-NN does not cover, is compared directly. Both schemas are
 * (self, other, *, out); errors use minimum's argument indices.
 */
#ifndef M55ML_CC_OPS_INTERNAL_MIN_MAX_H_
#define M55ML_CC_OPS_INTERNAL_MIN_MAX_H_

#include "cc/ops/cortex_m_ops.h"

namespace cmops
{

/** Elementwise minimum (take_larger false) or maximum (true). */
cmops_status min_max(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                     cmops_tensor &out, bool take_larger);

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_MIN_MAX_H_ */
