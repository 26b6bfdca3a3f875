// Checks and tensor helpers shared by the operator code.
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
    case CMOPS_DTYPE_FLOAT16:
    case CMOPS_DTYPE_BFLOAT16:
        return 2;
    case CMOPS_DTYPE_INT32:
    case CMOPS_DTYPE_FLOAT32:
        return 4;
    case CMOPS_DTYPE_INT64:
    case CMOPS_DTYPE_FLOAT64:
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

size_t byte_size(const cmops_tensor &tensor)
{
    return static_cast<size_t>(numel(tensor)) * element_size(tensor.dtype);
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

cmops_status expect_tensor(cmops_context *ctx, const cmops_tensor &tensor, int32_t dtype,
                           int32_t rank, int32_t arg)
{
    CMOPS_REQUIRE(ctx, dtype < 0 || tensor.dtype == dtype, CMOPS_ERR_DTYPE, arg);
    CMOPS_REQUIRE(ctx, rank < 0 || tensor.dim == rank, CMOPS_ERR_RANK, arg);
    return CMOPS_OK;
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

cmops_status int_list_in_range(cmops_context *ctx, const cmops_int_list &list, size_t min_length,
                               size_t max_length, int64_t lo, int64_t hi, int32_t arg, int32_t *out,
                               size_t *length)
{
    const size_t n = list.length;
    CMOPS_REQUIRE(ctx, n >= min_length && n <= max_length, CMOPS_ERR_PARAM, arg);
    for (size_t i = 0; i < n; ++i) {
        CMOPS_TRY(int_in_range(ctx, list.items[i], lo, hi, arg, &out[i]));
    }
    *length = n;
    return CMOPS_OK;
}

cmops_status pair_in_range(cmops_context *ctx, const cmops_int_list &list, int64_t lo, int64_t hi,
                           int32_t arg, int32_t *h, int32_t *w)
{
    int32_t values[2] = {};
    size_t length = 0;
    CMOPS_TRY(int_list_in_range(ctx, list, 1, 2, lo, hi, arg, values, &length));
    *h = values[0];
    *w = length == 2 ? values[1] : values[0];
    return CMOPS_OK;
}

cmops_status requant_tensors(cmops_context *ctx, const cmops_tensor &multipliers,
                             const cmops_tensor &shifts, int64_t channels, int32_t multipliers_arg,
                             int32_t shifts_arg)
{
    CMOPS_TRY(expect_tensor(ctx, multipliers, CMOPS_DTYPE_INT32, -1, multipliers_arg));
    CMOPS_TRY(expect_tensor(ctx, shifts, CMOPS_DTYPE_INT32, -1, shifts_arg));
    CMOPS_REQUIRE(ctx, numel(multipliers) == channels, CMOPS_ERR_SHAPE, multipliers_arg);
    CMOPS_REQUIRE(ctx, numel(shifts) == channels, CMOPS_ERR_SHAPE, shifts_arg);
    const int32_t *m = data_as<const int32_t>(multipliers);
    const int32_t *s = data_as<const int32_t>(shifts);
    for (int64_t c = 0; c < channels; ++c) {
        CMOPS_REQUIRE(ctx, m[c] != INT32_MIN, CMOPS_ERR_PARAM, multipliers_arg);
        CMOPS_REQUIRE(ctx, s[c] >= kShiftMin && s[c] <= kShiftMax, CMOPS_ERR_PARAM, shifts_arg);
    }
    return CMOPS_OK;
}

cmops_status scratch_holds(cmops_context *ctx, const cmops_tensor &scratch, int32_t needed,
                           int32_t arg)
{
    CMOPS_REQUIRE(ctx, needed >= 0 && byte_size(scratch) >= static_cast<size_t>(needed),
                  CMOPS_ERR_SCRATCH, arg);
    return CMOPS_OK;
}

cmops_status from_nn_status(cmops_context *ctx, int nn_status, int32_t arg)
{
    switch (nn_status) {
    case ARM_CMSIS_NN_SUCCESS:
        return CMOPS_OK;
    case ARM_CMSIS_NN_NO_IMPL_ERROR:
        return fail(ctx, CMOPS_ERR_UNSUPPORTED, arg);
    default:
        return fail(ctx, CMOPS_ERR_PARAM, arg);
    }
}

} // namespace cmops
