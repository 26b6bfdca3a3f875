// dim_order_ops::_to_dim_order_copy.out: self's elements into out's dim order and dtype (the
// edge dialect's .to(dtype) and .contiguous()/channels-last conversions). Same dtype: a copy.
// Between dtypes: float32 to integer truncates toward zero, integer to float32 rounds to
// nearest, anything to bool is "not zero" (torch's conversions).
#include "cc/ops/portable/internal/support.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "dim_order_ops::_to_dim_order_copy.out"

namespace cmops
{
namespace dim_order_ops
{

cmops_status _to_dim_order_copy_out(cmops_context *ctx, const cmops_tensor &self, bool non_blocking,
                                    const cmops_int_list *dim_order, cmops_tensor &out)
{
    (void)non_blocking; // no asynchronous copies here
    PK_TRY(portable::check_tensor(ctx, self, PK_MSG(OP, "self", "is not a valid tensor")));
    PK_TRY(portable::check_tensor(ctx, out, PK_MSG(OP, "out", "is not a valid tensor")));
    PK_REQUIRE(ctx, portable::same_shape(self, out), CMOPS_ERR_SHAPE,
               PK_MSG(OP, "out", "must have self's shape"));
    if (dim_order != nullptr) {
        bool matches = dim_order->length == static_cast<size_t>(out.dim);
        for (int32_t i = 0; matches && i < out.dim; ++i) {
            matches = dim_order->items[i] == out.dim_order[i];
        }
        PK_REQUIRE(ctx, matches, CMOPS_ERR_LAYOUT,
                   PK_MSG(OP, "dim_order", "must be out's dim order"));
    }
    if (self.dtype == out.dtype) {
        portable::copy_tensor(out, self);
        return CMOPS_OK;
    }
    int64_t strides[2][CMOPS_MAX_DIM];
    portable::logical_strides(out, strides[0]);
    portable::logical_strides(self, strides[1]);
    portable::walk<2>(self.dim, self.sizes, strides, [&](const int64_t *offsets) {
        if (out.dtype == CMOPS_DTYPE_FLOAT32) {
            const float value =
                self.dtype == CMOPS_DTYPE_INT64
                    ? static_cast<float>(static_cast<const int64_t *>(self.data)[offsets[1]])
                    : static_cast<float>(portable::load_as_int(self.data, self.dtype, offsets[1]));
            static_cast<float *>(out.data)[offsets[0]] = value;
        } else if (self.dtype == CMOPS_DTYPE_FLOAT32) {
            const float value = static_cast<const float *>(self.data)[offsets[1]];
            if (out.dtype == CMOPS_DTYPE_BOOL) {
                static_cast<uint8_t *>(out.data)[offsets[0]] = value != 0.0f ? 1 : 0;
            } else {
                portable::store_from_int(out.data, out.dtype, offsets[0],
                                         static_cast<int64_t>(value));
            }
        } else {
            portable::store_from_int(out.data, out.dtype, offsets[0],
                                     portable::load_as_int(self.data, self.dtype, offsets[1]));
        }
    });
    return CMOPS_OK;
}

} // namespace dim_order_ops
} // namespace cmops
