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

/* Calls `visit(chain, instruction, call)` for every KernelCall of a validated plan, in order, and
 * returns the first status that is not kOk (or kOk). Other instructions are skipped: a FreeCall
 * releases nothing, memory is planned. */
template <typename Visit> Status for_each_kernel_call(const fb::ExecutionPlan *plan, Visit visit)
{
    const auto *chains = plan->chains();
    const uint32_t num_chains = chains != nullptr ? chains->size() : 0;
    for (uint32_t c = 0; c < num_chains; ++c) {
        const auto *instructions = chains->Get(c)->instructions();
        const uint32_t count = instructions != nullptr ? instructions->size() : 0;
        for (uint32_t i = 0; i < count; ++i) {
            const fb::KernelCall *call = instructions->Get(i)->instr_args_as_KernelCall();
            if (call == nullptr) {
                continue;
            }
            const Status status = visit(c, i, call);
            if (status != Status::kOk) {
                return status;
            }
        }
    }
    return Status::kOk;
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
