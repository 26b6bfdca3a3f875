/*
 * plan_access.h: reads a verified execution plan. Shared by Program (which validates) and Method
 * (which runs). Everything here trusts that Program::load accepted the plan: indices are in
 * range, tables are present, sizes fit.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_PLAN_ACCESS_H_
#define M55ML_CC_RUNTIME_INTERNAL_PLAN_ACCESS_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/runtime/internal/schema.h"
#include "cc/runtime/pte_runtime.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

inline const fb::ExecutionPlan *plan_of(const Program &program)
{
    return static_cast<const fb::ExecutionPlan *>(program.plan_table());
}

/* The tensor at plan value `index` (validated to be a Tensor with a table). */
inline const fb::Tensor *tensor_at(const fb::ExecutionPlan *plan, uint32_t index)
{
    return plan->values()->Get(index)->val_as_Tensor();
}

/* Byte count of a validated tensor. */
size_t validated_nbytes(const fb::Tensor *tensor);

/* Byte offset of a planned tensor inside its memory id's buffer. */
inline uint64_t planned_offset(const fb::AllocationDetails *allocation)
{
    return static_cast<uint64_t>(allocation->memory_offset_low()) |
           (static_cast<uint64_t>(allocation->memory_offset_high()) << 32);
}

/* Fills `info` (shape, dim order, dtype, nbytes) from a validated tensor. */
void fill_tensor_info(const fb::Tensor *tensor, uint32_t value_index, TensorInfo *info);

/* Fills the shape fields of a cmops tensor view from a validated tensor (data is left alone). */
void fill_tensor_shape(const fb::Tensor *tensor, cmops_tensor *view);

} // namespace internal
} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_INTERNAL_PLAN_ACCESS_H_
