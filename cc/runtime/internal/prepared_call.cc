#include "cc/runtime/internal/prepared_call.h"

#include "cc/runtime/internal/plan_access.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

ListCounts count_list_items(const fb::ExecutionPlan *plan, const fb::KernelCall *call,
                            size_t num_args)
{
    ListCounts counts = {0, 0};
    const auto *values = plan->values();
    const auto *args = call->args();
    for (size_t k = 0; k < num_args; ++k) {
        const fb::EValue *value =
            values->Get(static_cast<uint32_t>(args->Get(static_cast<uint32_t>(k))));
        switch (value->val_type()) {
        case fb::KernelTypes_IntList: {
            const auto *items = value->val_as_IntList()->items();
            counts.int_items += items != nullptr ? items->size() : 0;
            break;
        }
        case fb::KernelTypes_TensorList: {
            const auto *items = value->val_as_TensorList()->items();
            counts.tensor_items += items != nullptr ? items->size() : 0;
            break;
        }
        case fb::KernelTypes_OptionalTensorList: {
            const auto *items = value->val_as_OptionalTensorList()->items();
            counts.tensor_items += items != nullptr ? items->size() : 0;
            break;
        }
        default:
            break;
        }
    }
    return counts;
}

size_t count_kernel_calls(const fb::ExecutionPlan *plan)
{
    size_t calls = 0;
    for_each_kernel_call(plan, [&calls](uint32_t, uint32_t, const fb::KernelCall *) {
        ++calls;
        return Status::kOk;
    });
    return calls;
}

} // namespace internal
} // namespace pte
} // namespace m55ml
