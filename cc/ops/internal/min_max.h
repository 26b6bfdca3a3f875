/*
 * min_max.h: the shared body of cortex_m::minimum and cortex_m::maximum (torch.minimum /
 * torch.maximum with broadcasting). int8 goes through CMSIS-NN's arm_minimum_s8 /
 * arm_maximum_s8; int32, which CMSIS-NN does not cover, is compared directly.
 */
#ifndef M55ML_CC_OPS_INTERNAL_MIN_MAX_H_
#define M55ML_CC_OPS_INTERNAL_MIN_MAX_H_

#include "cc/ops/cortex_m_ops.h"

namespace cmops
{

struct MinMaxMessages {
    const char *arg_count;
    const char *self_dtype;
    const char *other_dtype;
    const char *out_dtype;
    const char *shape;
    const char *kernel;
    const char *self_tensor;
    const char *other_tensor;
    const char *out_tensor;
};

#define CMOPS_MIN_MAX_MESSAGES(op)                                                                 \
    ::cmops::MinMaxMessages                                                                        \
    {                                                                                              \
        op ": wrong number of arguments for the schema", op ": self must be int8 or int32",        \
            op ": other must have self's dtype", op ": out must have self's dtype",                \
            op ": self and other must broadcast to out's shape",                                   \
            op ": the CMSIS-NN kernel rejected the shapes", op ": self is not a valid tensor",     \
            op ": other is not a valid tensor", op ": out is not a valid tensor"                   \
    }

/** Elementwise minimum (take_larger false) or maximum (true). */
cmops_status min_max(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                     bool take_larger, const MinMaxMessages &messages);

} // namespace cmops

#endif /* M55ML_CC_OPS_INTERNAL_MIN_MAX_H_ */
