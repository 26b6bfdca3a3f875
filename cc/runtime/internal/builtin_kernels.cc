#include "cc/runtime/internal/builtin_kernels.h"

#include <string.h>

#include "cc/runtime/internal/tensor_layout.h"

namespace m55ml
{
namespace pte
{
namespace internal
{
namespace
{

bool is_tensor(const cmops_value *value)
{
    return value->kind == CMOPS_VALUE_TENSOR;
}

uint64_t numel(const cmops_tensor &tensor)
{
    uint64_t count = 1;
    for (int32_t i = 0; i < tensor.dim; ++i) {
        count *= static_cast<uint64_t>(tensor.sizes[i]);
    }
    return count;
}

// Checks what every copy needs: same element type, enough bytes on both sides.
cmops_status check_copy(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &out,
                        size_t *nbytes)
{
    if (self.dtype != out.dtype) {
        ctx->error_detail = "copy: out has a different dtype than self (conversion unsupported)";
        return CMOPS_ERR_DTYPE;
    }
    const size_t element_bytes = element_size(self.dtype);
    const uint64_t count = numel(self);
    if (element_bytes == 0 || count != numel(out)) {
        ctx->error_detail = "copy: self and out differ in element count";
        return CMOPS_ERR_SHAPE;
    }
    const uint64_t bytes = count * element_bytes;
    if (bytes > self.nbytes || bytes > out.nbytes) {
        ctx->error_detail = "copy: a tensor's buffer is smaller than its shape";
        return CMOPS_ERR_BUFFER;
    }
    if (bytes > 0 && (self.data == nullptr || out.data == nullptr)) {
        ctx->error_detail = "copy: a tensor has no data";
        return CMOPS_ERR_BUFFER;
    }
    *nbytes = static_cast<size_t>(bytes);
    return CMOPS_OK;
}

// Strides (in elements) of each logical dimension for a dense layout in `dim_order`.
void dense_strides(const cmops_tensor &tensor, const uint8_t *dim_order, uint64_t *strides)
{
    uint64_t stride = 1;
    for (int32_t j = tensor.dim - 1; j >= 0; --j) {
        strides[dim_order[j]] = stride;
        stride *= static_cast<uint64_t>(tensor.sizes[dim_order[j]]);
    }
}

// Copies `self` into `out`, which has the same sizes but may lay them out in another dim order.
void permuted_copy(const cmops_tensor &self, const cmops_tensor &out, size_t element_bytes)
{
    uint64_t source_strides[CMOPS_MAX_DIM];
    dense_strides(self, self.dim_order, source_strides);
    int64_t coordinate[CMOPS_MAX_DIM] = {0, 0, 0, 0, 0, 0};
    const uint8_t *source = static_cast<const uint8_t *>(self.data);
    uint8_t *target = static_cast<uint8_t *>(out.data);
    const uint64_t count = numel(out);
    for (uint64_t n = 0; n < count; ++n) {
        uint64_t source_index = 0;
        for (int32_t d = 0; d < self.dim; ++d) {
            source_index += static_cast<uint64_t>(coordinate[d]) * source_strides[d];
        }
        memcpy(target + n * element_bytes, source + source_index * element_bytes, element_bytes);
        // Advance the coordinate in out's memory order (innermost dimension last).
        for (int32_t j = out.dim - 1; j >= 0; --j) {
            const uint8_t d = out.dim_order[j];
            if (++coordinate[d] < out.sizes[d]) {
                break;
            }
            coordinate[d] = 0;
        }
    }
}

// aten::view_copy.out(Tensor self, SymInt[] size, *, Tensor(a!) out): same bytes, new shape.
cmops_status view_copy_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    if (num_args != 3) {
        return CMOPS_ERR_ARG_COUNT;
    }
    if (!is_tensor(args[0]) || args[1]->kind != CMOPS_VALUE_INT_LIST || !is_tensor(args[2])) {
        ctx->error_detail = "view_copy: expects (Tensor self, int[] size, Tensor out)";
        return CMOPS_ERR_ARG_KIND;
    }
    size_t nbytes = 0;
    const cmops_status status = check_copy(ctx, args[0]->as.tensor, args[2]->as.tensor, &nbytes);
    if (status == CMOPS_OK && args[0]->as.tensor.data != args[2]->as.tensor.data) {
        memmove(args[2]->as.tensor.data, args[0]->as.tensor.data, nbytes);
    }
    return status;
}

// dim_order_ops::_clone_dim_order.out / _to_dim_order_copy.out(Tensor self, *, bool non_blocking,
// int[]? dim_order, Tensor(a!) out): same values, possibly another memory order.
cmops_status dim_order_copy_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    if (num_args != 4) {
        return CMOPS_ERR_ARG_COUNT;
    }
    if (!is_tensor(args[0]) || args[1]->kind != CMOPS_VALUE_BOOL ||
        (args[2]->kind != CMOPS_VALUE_INT_LIST && args[2]->kind != CMOPS_VALUE_NONE) ||
        !is_tensor(args[3])) {
        ctx->error_detail = "dim_order copy: expects (Tensor self, bool non_blocking, int[]? "
                            "dim_order, Tensor out)";
        return CMOPS_ERR_ARG_KIND;
    }
    const cmops_tensor &self = args[0]->as.tensor;
    const cmops_tensor &out = args[3]->as.tensor;
    if (self.dim != out.dim) {
        ctx->error_detail = "dim order copy: self and out differ in rank";
        return CMOPS_ERR_RANK;
    }
    for (int32_t d = 0; d < self.dim; ++d) {
        if (self.sizes[d] != out.sizes[d]) {
            ctx->error_detail = "dim order copy: self and out differ in sizes";
            return CMOPS_ERR_SHAPE;
        }
    }
    if (args[2]->kind == CMOPS_VALUE_INT_LIST) {
        // The requested order must be the one the out tensor was planned with.
        const int64_t *order = args[2]->as.int_list.items;
        if (args[2]->as.int_list.length != static_cast<size_t>(out.dim)) {
            ctx->error_detail = "dim order copy: dim_order length differs from out's rank";
            return CMOPS_ERR_LAYOUT;
        }
        for (int32_t d = 0; d < out.dim; ++d) {
            if (order[d] != out.dim_order[d]) {
                ctx->error_detail = "dim order copy: dim_order differs from out's dim order";
                return CMOPS_ERR_LAYOUT;
            }
        }
    }
    size_t nbytes = 0;
    const cmops_status status = check_copy(ctx, self, out, &nbytes);
    if (status != CMOPS_OK || nbytes == 0) {
        return status;
    }
    if (memcmp(self.dim_order, out.dim_order, static_cast<size_t>(self.dim)) == 0) {
        if (self.data != out.data) {
            memmove(out.data, self.data, nbytes);
        }
        return CMOPS_OK;
    }
    if (self.data == out.data) {
        ctx->error_detail = "dim order copy: cannot permute in place";
        return CMOPS_ERR_UNSUPPORTED;
    }
    permuted_copy(self, out, element_size(self.dtype));
    return CMOPS_OK;
}

// Each writes only out. `self` may be out's very bytes (memory planning can place a copy that
// changes nothing over its input): the kernels copy nothing then, and refuse to permute in place.
const cmops_kernel kBuiltinKernels[] = {
    {"aten::view_copy", "out", 3, view_copy_out, 1u << 2, 1u << 0},
    {"dim_order_ops::_clone_dim_order", "out", 4, dim_order_copy_out, 1u << 3, 1u << 0},
    {"dim_order_ops::_to_dim_order_copy", "out", 4, dim_order_copy_out, 1u << 3, 1u << 0},
};

} // namespace

const cmops_kernel *find_builtin_kernel(const char *name, const char *overload)
{
    if (name == nullptr || overload == nullptr) {
        return nullptr;
    }
    for (const cmops_kernel &kernel : kBuiltinKernels) {
        if (strcmp(kernel.name, name) == 0 && strcmp(kernel.overload, overload) == 0) {
            return &kernel;
        }
    }
    return nullptr;
}

const cmops_kernel *builtin_kernels(size_t *count)
{
    if (count != nullptr) {
        *count = sizeof(kBuiltinKernels) / sizeof(kBuiltinKernels[0]);
    }
    return kBuiltinKernels;
}

} // namespace internal
} // namespace pte
} // namespace m55ml
