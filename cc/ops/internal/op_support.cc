// Argument unpacking and checking shared by the cortex_m:: operator kernels.
#include "cc/ops/internal/op_support.h"

#include "arm_nn_types.h"

namespace cmops
{

size_t element_size(int32_t dtype)
{
    switch (dtype) {
    case CMOPS_DTYPE_UINT8:
    case CMOPS_DTYPE_INT8:
    case CMOPS_DTYPE_BOOL:
        return 1;
    case CMOPS_DTYPE_INT16:
        return 2;
    case CMOPS_DTYPE_INT32:
    case CMOPS_DTYPE_FLOAT32:
        return 4;
    case CMOPS_DTYPE_INT64:
        return 8;
    default:
        return 0;
    }
}

int64_t numel(const cmops_tensor &tensor)
{
    int64_t count = 1;
    for (int32_t d = 0; d < tensor.dim; ++d) {
        count *= tensor.sizes[d];
    }
    return count;
}

void element_strides(const cmops_tensor &tensor, int64_t strides[CMOPS_MAX_DIM])
{
    int64_t stride = 1;
    for (int32_t i = tensor.dim - 1; i >= 0; --i) {
        const uint8_t d = tensor.dim_order[i];
        strides[d] = stride;
        stride *= tensor.sizes[d];
    }
}

bool layout_matches(const cmops_tensor &tensor, const uint8_t *order)
{
    // Compare the two orders after dropping dimensions of size 1 from both.
    int32_t i = 0;
    int32_t j = 0;
    for (;;) {
        while (i < tensor.dim && tensor.sizes[tensor.dim_order[i]] == 1) {
            ++i;
        }
        while (j < tensor.dim && tensor.sizes[order[j]] == 1) {
            ++j;
        }
        if (i == tensor.dim || j == tensor.dim) {
            return i == tensor.dim && j == tensor.dim;
        }
        if (tensor.dim_order[i] != order[j]) {
            return false;
        }
        ++i;
        ++j;
    }
}

bool is_contiguous(const cmops_tensor &tensor)
{
    static const uint8_t kIdentity[CMOPS_MAX_DIM] = {0, 1, 2, 3, 4, 5};
    return layout_matches(tensor, kIdentity);
}

static bool dim_order_is_permutation(const cmops_tensor &tensor)
{
    bool seen[CMOPS_MAX_DIM] = {};
    for (int32_t i = 0; i < tensor.dim; ++i) {
        const uint8_t d = tensor.dim_order[i];
        if (d >= tensor.dim || seen[d]) {
            return false;
        }
        seen[d] = true;
    }
    return true;
}

static cmops_status check_tensor(cmops_context *ctx, const cmops_tensor &tensor, int32_t dtype,
                                 int32_t rank, const TensorMessages &messages)
{
    CMOPS_REQUIRE(ctx, dtype < 0 || tensor.dtype == dtype, CMOPS_ERR_DTYPE, messages.dtype);
    CMOPS_REQUIRE(ctx, tensor.dim >= 0 && tensor.dim <= CMOPS_MAX_DIM, CMOPS_ERR_RANK,
                  messages.rank);
    CMOPS_REQUIRE(ctx, rank < 0 || tensor.dim == rank, CMOPS_ERR_RANK, messages.rank);
    CMOPS_REQUIRE(ctx, dim_order_is_permutation(tensor), CMOPS_ERR_LAYOUT, messages.dim_order);
    const size_t item = element_size(tensor.dtype);
    CMOPS_REQUIRE(ctx, item != 0, CMOPS_ERR_DTYPE, messages.dtype);
    uint64_t bytes = item;
    for (int32_t d = 0; d < tensor.dim; ++d) {
        CMOPS_REQUIRE(ctx, tensor.sizes[d] >= 0 && tensor.sizes[d] <= INT32_MAX, CMOPS_ERR_SHAPE,
                      messages.buffer);
        bytes *= static_cast<uint64_t>(tensor.sizes[d]);
        // Shapes whose byte count leaves int32 cannot be indexed by the kernels.
        CMOPS_REQUIRE(ctx, bytes <= static_cast<uint64_t>(INT32_MAX), CMOPS_ERR_SHAPE,
                      messages.buffer);
    }
    CMOPS_REQUIRE(ctx, bytes == 0 || tensor.data != nullptr, CMOPS_ERR_BUFFER, messages.buffer);
    CMOPS_REQUIRE(ctx, tensor.nbytes >= bytes, CMOPS_ERR_BUFFER, messages.buffer);
    CMOPS_REQUIRE(ctx, reinterpret_cast<uintptr_t>(tensor.data) % item == 0, CMOPS_ERR_ALIGNMENT,
                  messages.alignment);
    return CMOPS_OK;
}

cmops_status require_tensor(cmops_context *ctx, cmops_value *const *args, size_t index,
                            int32_t dtype, int32_t rank, const TensorMessages &messages,
                            cmops_tensor **out)
{
    cmops_value *value = args[index];
    CMOPS_REQUIRE(ctx, value != nullptr && value->kind == CMOPS_VALUE_TENSOR, CMOPS_ERR_ARG_KIND,
                  messages.not_tensor);
    CMOPS_TRY(check_tensor(ctx, value->as.tensor, dtype, rank, messages));
    *out = &value->as.tensor;
    return CMOPS_OK;
}

cmops_status optional_tensor(cmops_context *ctx, cmops_value *const *args, size_t index,
                             int32_t dtype, int32_t rank, const TensorMessages &messages,
                             cmops_tensor **out)
{
    cmops_value *value = args[index];
    if (value != nullptr && value->kind == CMOPS_VALUE_NONE) {
        *out = nullptr;
        return CMOPS_OK;
    }
    return require_tensor(ctx, args, index, dtype, rank, messages, out);
}

bool same_shape(const cmops_tensor &a, const cmops_tensor &b)
{
    if (a.dim != b.dim) {
        return false;
    }
    for (int32_t d = 0; d < a.dim; ++d) {
        if (a.sizes[d] != b.sizes[d]) {
            return false;
        }
    }
    return true;
}

cmops_status require_int(cmops_context *ctx, cmops_value *const *args, size_t index, int64_t lo,
                         int64_t hi, const ScalarMessages &messages, int32_t *out)
{
    const cmops_value *value = args[index];
    CMOPS_REQUIRE(ctx, value != nullptr && value->kind == CMOPS_VALUE_INT, CMOPS_ERR_ARG_KIND,
                  messages.kind);
    const int64_t v = value->as.int_value;
    CMOPS_REQUIRE(ctx, v >= lo && v <= hi, CMOPS_ERR_PARAM, messages.range);
    *out = static_cast<int32_t>(v);
    return CMOPS_OK;
}

cmops_status require_double(cmops_context *ctx, cmops_value *const *args, size_t index,
                            const ScalarMessages &messages, double *out)
{
    const cmops_value *value = args[index];
    CMOPS_REQUIRE(ctx, value != nullptr && value->kind == CMOPS_VALUE_DOUBLE, CMOPS_ERR_ARG_KIND,
                  messages.kind);
    *out = value->as.double_value;
    return CMOPS_OK;
}

cmops_status require_bool(cmops_context *ctx, cmops_value *const *args, size_t index,
                          const ScalarMessages &messages, bool *out)
{
    const cmops_value *value = args[index];
    CMOPS_REQUIRE(ctx, value != nullptr && value->kind == CMOPS_VALUE_BOOL, CMOPS_ERR_ARG_KIND,
                  messages.kind);
    *out = value->as.bool_value;
    return CMOPS_OK;
}

cmops_status require_int_list(cmops_context *ctx, cmops_value *const *args, size_t index,
                              size_t min_length, size_t max_length, int64_t lo, int64_t hi,
                              const ScalarMessages &messages, int32_t *out, size_t *length)
{
    const cmops_value *value = args[index];
    CMOPS_REQUIRE(ctx, value != nullptr && value->kind == CMOPS_VALUE_INT_LIST, CMOPS_ERR_ARG_KIND,
                  messages.kind);
    const size_t n = value->as.int_list.length;
    CMOPS_REQUIRE(ctx, n >= min_length && n <= max_length, CMOPS_ERR_PARAM, messages.kind);
    CMOPS_REQUIRE(ctx, n == 0 || value->as.int_list.items != nullptr, CMOPS_ERR_PARAM,
                  messages.kind);
    for (size_t i = 0; i < n; ++i) {
        const int64_t v = value->as.int_list.items[i];
        CMOPS_REQUIRE(ctx, v >= lo && v <= hi, CMOPS_ERR_PARAM, messages.range);
        out[i] = static_cast<int32_t>(v);
    }
    *length = n;
    return CMOPS_OK;
}

cmops_status require_pair(cmops_context *ctx, cmops_value *const *args, size_t index, int64_t lo,
                          int64_t hi, const ScalarMessages &messages, int32_t *h, int32_t *w)
{
    int32_t values[2] = {};
    size_t length = 0;
    CMOPS_TRY(require_int_list(ctx, args, index, 1, 2, lo, hi, messages, values, &length));
    *h = values[0];
    *w = length == 2 ? values[1] : values[0];
    return CMOPS_OK;
}

cmops_status require_requant_tensors(cmops_context *ctx, const cmops_tensor &multipliers,
                                     const cmops_tensor &shifts, int64_t channels,
                                     const char *shape_message, const char *range_message)
{
    CMOPS_REQUIRE(ctx, numel(multipliers) == channels && numel(shifts) == channels, CMOPS_ERR_SHAPE,
                  shape_message);
    const int32_t *m = data_as<const int32_t>(multipliers);
    const int32_t *s = data_as<const int32_t>(shifts);
    for (int64_t c = 0; c < channels; ++c) {
        CMOPS_REQUIRE(ctx, m[c] != INT32_MIN && s[c] >= kShiftMin && s[c] <= kShiftMax,
                      CMOPS_ERR_PARAM, range_message);
    }
    return CMOPS_OK;
}

cmops_status from_nn_status(cmops_context *ctx, int nn_status, const char *detail)
{
    switch (nn_status) {
    case ARM_CMSIS_NN_SUCCESS:
        return CMOPS_OK;
    case ARM_CMSIS_NN_NO_IMPL_ERROR:
        return fail(ctx, CMOPS_ERR_UNSUPPORTED, detail);
    default:
        return fail(ctx, CMOPS_ERR_PARAM, detail);
    }
}

} // namespace cmops
