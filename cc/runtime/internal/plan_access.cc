#include "cc/runtime/internal/plan_access.h"

#include "cc/runtime/internal/tensor_layout.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

size_t validated_nbytes(const fb::Tensor *tensor)
{
    size_t total = element_size(static_cast<int32_t>(tensor->scalar_type()));
    const flatbuffers::Vector<int32_t> *sizes = tensor->sizes();
    if (sizes != nullptr) {
        for (uint32_t i = 0; i < sizes->size(); ++i) {
            total *= static_cast<size_t>(sizes->Get(i));
        }
    }
    return total;
}

void fill_tensor_shape(const fb::Tensor *tensor, cmops_tensor *view)
{
    const flatbuffers::Vector<int32_t> *sizes = tensor->sizes();
    const flatbuffers::Vector<uint8_t> *dim_order = tensor->dim_order();
    const uint32_t dim = sizes != nullptr ? sizes->size() : 0;
    view->dtype = static_cast<int32_t>(tensor->scalar_type());
    view->dim = static_cast<int32_t>(dim);
    for (uint32_t i = 0; i < CMOPS_MAX_DIM; ++i) {
        view->sizes[i] = i < dim ? sizes->Get(i) : 0;
        view->dim_order[i] = i < dim ? dim_order->Get(i) : static_cast<uint8_t>(0);
    }
    view->nbytes = validated_nbytes(tensor);
}

void fill_tensor_info(const fb::Tensor *tensor, uint32_t value_index, TensorInfo *info)
{
    cmops_tensor view;
    fill_tensor_shape(tensor, &view);
    info->value_index = value_index;
    info->scalar_type = view.dtype;
    info->dim = view.dim;
    for (uint32_t i = 0; i < CMOPS_MAX_DIM; ++i) {
        info->sizes[i] = view.sizes[i];
        info->dim_order[i] = view.dim_order[i];
    }
    info->nbytes = view.nbytes;
}

} // namespace internal
} // namespace pte
} // namespace m55ml
