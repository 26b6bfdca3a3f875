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

struct ReduceArgs {
    int32_t self;
    int32_t out;
    int32_t dim;
};

#define PK_REDUCE_ARGS(op)                                                                         \
    ::cmops::portable::ReduceArgs                                                                  \
    {                                                                                              \
        op::self, op::out, op::dim                                                                 \
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
                            bool keepdim, const cmops_tensor &out, const ReduceArgs &blame,
                            ReducePlan *plan);

/** Sum of one reduction of float self at `base`, compensated (Kahan): the error does not grow
 * with the reduction's length. */
float sum_float(const float *self, int64_t base, const ReducePlan &plan);

/** Sum of one reduction of an integer self at `base`, in int64 (wrapping). */
int64_t sum_int(const void *self, int32_t dtype, int64_t base, const ReducePlan &plan);

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_REDUCE_H_ */
