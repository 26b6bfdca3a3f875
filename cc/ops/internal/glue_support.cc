// Argument unpacking for the generated operator glue (op_glue.cc).
#include "cc/ops/internal/glue_support.h"

namespace cmops::glue
{
namespace
{

bool dim_order_is_permutation(const cmops_tensor &tensor)
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

// A tensor view the kernels can index: every check a kernel would otherwise repeat per tensor.
cmops_status check_tensor(cmops_context *ctx, const cmops_tensor &tensor, int32_t index)
{
    const size_t item = element_size(tensor.dtype);
    CMOPS_REQUIRE(ctx, item != 0, CMOPS_ERR_DTYPE, index);
    CMOPS_REQUIRE(ctx, tensor.dim >= 0 && tensor.dim <= CMOPS_MAX_DIM, CMOPS_ERR_RANK, index);
    CMOPS_REQUIRE(ctx, dim_order_is_permutation(tensor), CMOPS_ERR_LAYOUT, index);
    uint64_t bytes = item;
    for (int32_t d = 0; d < tensor.dim; ++d) {
        CMOPS_REQUIRE(ctx, tensor.sizes[d] >= 0, CMOPS_ERR_SHAPE, index);
        bytes *= static_cast<uint64_t>(tensor.sizes[d]);
        // Shapes whose byte count leaves int32 cannot be indexed by the kernels.
        CMOPS_REQUIRE(ctx, bytes <= static_cast<uint64_t>(INT32_MAX), CMOPS_ERR_SHAPE, index);
    }
    CMOPS_REQUIRE(ctx, bytes == 0 || tensor.data != nullptr, CMOPS_ERR_BUFFER, index);
    CMOPS_REQUIRE(ctx, tensor.nbytes >= bytes, CMOPS_ERR_BUFFER, index);
    CMOPS_REQUIRE(ctx, reinterpret_cast<uintptr_t>(tensor.data) % item == 0, CMOPS_ERR_ALIGNMENT,
                  index);
    return CMOPS_OK;
}

const cmops_value *value_of(cmops_value *const *args, int32_t index, int32_t kind)
{
    const cmops_value *value = args[index];
    return value != nullptr && value->kind == kind ? value : nullptr;
}

bool is_none(cmops_value *const *args, int32_t index)
{
    return args[index] != nullptr && args[index]->kind == CMOPS_VALUE_NONE;
}

// A list view: items may be null only when the list is empty.
template <typename List> bool list_ok(const List &list)
{
    return list.length == 0 || list.items != nullptr;
}

cmops_status tensor_entries(cmops_context *ctx, const cmops_tensor_list &list, bool optional,
                            int32_t index)
{
    CMOPS_REQUIRE(ctx, list_ok(list), CMOPS_ERR_ARG_KIND, index);
    for (size_t i = 0; i < list.length; ++i) {
        if (list.items[i] == nullptr) {
            CMOPS_REQUIRE(ctx, optional, CMOPS_ERR_ARG_KIND, index);
            continue;
        }
        CMOPS_TRY(check_tensor(ctx, *list.items[i], index));
    }
    return CMOPS_OK;
}

} // namespace

cmops_status argument_count(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                            size_t expected)
{
    CMOPS_REQUIRE(ctx, args != nullptr && num_args == expected, CMOPS_ERR_ARG_COUNT, CMOPS_NO_ARG);
    return CMOPS_OK;
}

cmops_status tensor(cmops_context *ctx, cmops_value *const *args, int32_t index, cmops_tensor **out)
{
    cmops_value *value = args[index];
    CMOPS_REQUIRE(ctx, value != nullptr && value->kind == CMOPS_VALUE_TENSOR, CMOPS_ERR_ARG_KIND,
                  index);
    // A prepared call's views were checked at prepare and have not changed since.
    if (ctx->phase != CMOPS_PHASE_RUN_CHECKED) {
        CMOPS_TRY(check_tensor(ctx, value->as.tensor, index));
    }
    *out = &value->as.tensor;
    return CMOPS_OK;
}

cmops_status optional_tensor(cmops_context *ctx, cmops_value *const *args, int32_t index,
                             cmops_tensor **out)
{
    if (is_none(args, index)) {
        *out = nullptr;
        return CMOPS_OK;
    }
    return tensor(ctx, args, index, out);
}

cmops_status int_value(cmops_context *ctx, cmops_value *const *args, int32_t index, int64_t *out)
{
    const cmops_value *value = value_of(args, index, CMOPS_VALUE_INT);
    CMOPS_REQUIRE(ctx, value != nullptr, CMOPS_ERR_ARG_KIND, index);
    *out = value->as.int_value;
    return CMOPS_OK;
}

cmops_status optional_int(cmops_context *ctx, cmops_value *const *args, int32_t index,
                          cmops_optional_int *out)
{
    out->has_value = !is_none(args, index);
    return out->has_value ? int_value(ctx, args, index, &out->value) : CMOPS_OK;
}

cmops_status double_value(cmops_context *ctx, cmops_value *const *args, int32_t index, double *out)
{
    const cmops_value *value = value_of(args, index, CMOPS_VALUE_DOUBLE);
    CMOPS_REQUIRE(ctx, value != nullptr, CMOPS_ERR_ARG_KIND, index);
    *out = value->as.double_value;
    return CMOPS_OK;
}

cmops_status optional_double(cmops_context *ctx, cmops_value *const *args, int32_t index,
                             cmops_optional_double *out)
{
    out->has_value = !is_none(args, index);
    return out->has_value ? double_value(ctx, args, index, &out->value) : CMOPS_OK;
}

cmops_status bool_value(cmops_context *ctx, cmops_value *const *args, int32_t index, bool *out)
{
    const cmops_value *value = value_of(args, index, CMOPS_VALUE_BOOL);
    CMOPS_REQUIRE(ctx, value != nullptr, CMOPS_ERR_ARG_KIND, index);
    *out = value->as.bool_value;
    return CMOPS_OK;
}

cmops_status scalar(cmops_context *ctx, cmops_value *const *args, int32_t index, cmops_scalar *out)
{
    const cmops_value *value = args[index];
    CMOPS_REQUIRE(ctx, value != nullptr, CMOPS_ERR_ARG_KIND, index);
    out->kind = value->kind;
    switch (value->kind) {
    case CMOPS_VALUE_INT:
        out->as.int_value = value->as.int_value;
        return CMOPS_OK;
    case CMOPS_VALUE_DOUBLE:
        out->as.double_value = value->as.double_value;
        return CMOPS_OK;
    case CMOPS_VALUE_BOOL:
        out->as.bool_value = value->as.bool_value;
        return CMOPS_OK;
    default:
        return fail(ctx, CMOPS_ERR_ARG_KIND, index);
    }
}

cmops_status optional_scalar(cmops_context *ctx, cmops_value *const *args, int32_t index,
                             cmops_optional_scalar *out)
{
    out->has_value = !is_none(args, index);
    return out->has_value ? scalar(ctx, args, index, &out->value) : CMOPS_OK;
}

cmops_status int_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                      cmops_int_list *out)
{
    const cmops_value *value = value_of(args, index, CMOPS_VALUE_INT_LIST);
    CMOPS_REQUIRE(ctx, value != nullptr && list_ok(value->as.int_list), CMOPS_ERR_ARG_KIND, index);
    *out = value->as.int_list;
    return CMOPS_OK;
}

cmops_status optional_int_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                               const cmops_int_list **out)
{
    if (is_none(args, index)) {
        *out = nullptr;
        return CMOPS_OK;
    }
    const cmops_value *value = value_of(args, index, CMOPS_VALUE_INT_LIST);
    CMOPS_REQUIRE(ctx, value != nullptr && list_ok(value->as.int_list), CMOPS_ERR_ARG_KIND, index);
    *out = &value->as.int_list;
    return CMOPS_OK;
}

cmops_status double_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                         cmops_double_list *out)
{
    const cmops_value *value = value_of(args, index, CMOPS_VALUE_DOUBLE_LIST);
    CMOPS_REQUIRE(ctx, value != nullptr && list_ok(value->as.double_list), CMOPS_ERR_ARG_KIND,
                  index);
    *out = value->as.double_list;
    return CMOPS_OK;
}

cmops_status bool_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                       cmops_bool_list *out)
{
    const cmops_value *value = value_of(args, index, CMOPS_VALUE_BOOL_LIST);
    CMOPS_REQUIRE(ctx, value != nullptr && list_ok(value->as.bool_list), CMOPS_ERR_ARG_KIND, index);
    *out = value->as.bool_list;
    return CMOPS_OK;
}

cmops_status tensor_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                         cmops_tensor_list *out)
{
    const cmops_value *value = value_of(args, index, CMOPS_VALUE_TENSOR_LIST);
    CMOPS_REQUIRE(ctx, value != nullptr, CMOPS_ERR_ARG_KIND, index);
    CMOPS_TRY(tensor_entries(ctx, value->as.tensor_list, false, index));
    *out = value->as.tensor_list;
    return CMOPS_OK;
}

cmops_status optional_tensor_list(cmops_context *ctx, cmops_value *const *args, int32_t index,
                                  cmops_tensor_list *out)
{
    const cmops_value *value = args[index];
    CMOPS_REQUIRE(ctx,
                  value != nullptr && (value->kind == CMOPS_VALUE_OPTIONAL_TENSOR_LIST ||
                                       value->kind == CMOPS_VALUE_TENSOR_LIST),
                  CMOPS_ERR_ARG_KIND, index);
    CMOPS_TRY(tensor_entries(ctx, value->as.tensor_list, true, index));
    *out = value->as.tensor_list;
    return CMOPS_OK;
}

} // namespace cmops::glue
