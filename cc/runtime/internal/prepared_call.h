/*
 * prepared_call.h: what Method::prepare builds once per kernel call when given call state, and
 * the carving of that state.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_PREPARED_CALL_H_
#define M55ML_CC_RUNTIME_INTERNAL_PREPARED_CALL_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"
#include "cc/runtime/internal/schema.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

/* One kernel call, ready to run: its kernel and its argument views. */
struct PreparedCall {
    const cmops_kernel *kernel;
    cmops_value **args; /* kernel->num_args views, in call state */
    uint32_t op_index;
    uint32_t chain;
    uint32_t instruction;
};

/* Hands out consecutive, naturally aligned pieces of one block. With a null base it only counts
 * (the size pass of Method::call_state_size). */
class CallStateCarver
{
  public:
    explicit CallStateCarver(void *base) : base_(static_cast<uint8_t *>(base)), used_(0) {}

    template <typename T> T *take(size_t count)
    {
        used_ = (used_ + alignof(T) - 1) / alignof(T) * alignof(T);
        T *piece = base_ != nullptr ? reinterpret_cast<T *>(base_ + used_) : nullptr;
        used_ += count * sizeof(T);
        return piece;
    }

    uint64_t used() const
    {
        return used_;
    }

  private:
    uint8_t *base_;
    uint64_t used_;
};

/* Items of the list arguments among a call's first `num_args` arguments. */
struct ListCounts {
    size_t int_items;    /* int[] items */
    size_t tensor_items; /* Tensor[] and Tensor?[] items */
};

ListCounts count_list_items(const fb::ExecutionPlan *plan, const fb::KernelCall *call,
                            size_t num_args);

/* KernelCall instructions over all chains. */
size_t count_kernel_calls(const fb::ExecutionPlan *plan);

} // namespace internal
} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_INTERNAL_PREPARED_CALL_H_
