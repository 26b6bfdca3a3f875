// Filling out with one value (fill.h).
#include "cc/ops/portable/internal/fill.h"

namespace cmops
{
namespace portable
{

cmops_status fill(cmops_context *ctx, cmops_int_list size, const cmops_scalar &value,
                  cmops_tensor &out, int32_t out_arg, int32_t size_arg)
{
    CMOPS_TRY(check_tensor(ctx, out, out_arg));
    CMOPS_REQUIRE(ctx, size.length == static_cast<size_t>(out.dim), CMOPS_ERR_SHAPE, size_arg);
    for (int32_t d = 0; d < out.dim; ++d) {
        CMOPS_REQUIRE(ctx, size.items[d] == out.sizes[d], CMOPS_ERR_SHAPE, size_arg);
    }
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    const int64_t count = numel(out);
    if (out.dtype == CMOPS_DTYPE_FLOAT32) {
        const float v = scalar_to_float(value);
        float *data = static_cast<float *>(out.data);
        for (int64_t i = 0; i < count; ++i) {
            data[i] = v;
        }
        return CMOPS_OK;
    }
    int64_t v = scalar_is_integral(value) ? scalar_to_int(value)
                                          : static_cast<int64_t>(scalar_to_double(value));
    if (out.dtype == CMOPS_DTYPE_BOOL) {
        v = scalar_to_double(value) != 0.0 ? 1 : 0;
    }
    for (int64_t i = 0; i < count; ++i) {
        store_from_int(out.data, out.dtype, i, v);
    }
    return CMOPS_OK;
}

} // namespace portable
} // namespace cmops
