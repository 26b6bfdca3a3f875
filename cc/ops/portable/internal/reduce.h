/*
 * reduce.h: the reduction plan sum and mean share: which dimensions are reduced, out's shape,
 * and a compensated float sum. Internal to //cc/ops/portable.
 */
#ifndef M55ML_CC_OPS_PORTABLE_INTERNAL_REDUCE_H_
#define M55ML_CC_OPS_PORTABLE_INTERNAL_REDUCE_H_

#include "cc/ops/portable/internal/support.h"

namespace cmops
{
namespace portable
{

struct ReduceMessages {
    const char *self;
    const char *out;
    const char *dim;
    const char *shape;
};

#define PK_REDUCE_MESSAGES(op)                                                                     \
    ::cmops::portable::ReduceMessages                                                              \
    {                                                                                              \
        PK_MSG(op, "self", "is not a valid tensor"), PK_MSG(op, "out", "is not a valid tensor"),   \
            PK_MSG(op, "dim", "has an entry out of range or repeated"),                            \
            PK_MSG(op, "out",                                                                      \
                   "must have self's shape without (or with size 1 at, for keepdim) "              \
                   "the reduced dims")                                                             \
    }

/** The kept dimensions (outer: offsets into self and out) and the reduced ones (inner). */
struct ReducePlan {
    int32_t outer_dim;
    int32_t outer_sizes[CMOPS_MAX_DIM];
    int64_t outer_strides[2][CMOPS_MAX_DIM]; /* [0]: self, [1]: out */
    int32_t inner_dim;
    int32_t inner_sizes[CMOPS_MAX_DIM];
    int64_t inner_strides[1][CMOPS_MAX_DIM];
    int64_t count; /* elements per reduction */
};

/** Checks self, out and dim (null or empty: every dimension) and fills the plan. */
cmops_status plan_reduction(cmops_context *ctx, const cmops_tensor &self, const cmops_int_list *dim,
                            bool keepdim, const cmops_tensor &out, const ReduceMessages &messages,
                            ReducePlan *plan);

/** Sum of one reduction of float self at `base`, compensated (Kahan): the error does not grow
 * with the reduction's length. */
float sum_float(const float *self, int64_t base, const ReducePlan &plan);

/** Sum of one reduction of an integer self at `base`, in int64 (wrapping). */
int64_t sum_int(const void *self, int32_t dtype, int64_t base, const ReducePlan &plan);

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_REDUCE_H_ */
