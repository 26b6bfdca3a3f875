// dim_order_ops::_clone_dim_order.out and _to_dim_order_copy.out(Tensor self, *,
// bool non_blocking=False, int[]? dim_order=None, Tensor(a!) out): the same values in another
// memory order (and, for _to_dim_order_copy, another dtype, converted as torch converts).
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/copy_support.h"
#include "cc/ops/portable/internal/support.h"

namespace cmops::dim_order_ops
{
namespace
{

namespace args = arg::dim_order_ops::_clone_dim_order_out;
static_assert(args::dim_order == arg::dim_order_ops::_to_dim_order_copy_out::dim_order &&
                  args::out == arg::dim_order_ops::_to_dim_order_copy_out::out,
              "the two dim-order copies share their schema");

/**
 * The requested dim order is out's planned one, dimensions of size 1 aside (they sit anywhere in
 * a dim order without moving a byte, and exporters place them either way).
 */
bool is_out_order(const cmops_int_list &dim_order, const cmops_tensor &out)
{
    if (dim_order.length != static_cast<size_t>(out.dim)) {
        return false;
    }
    uint8_t order[CMOPS_MAX_DIM] = {0};
    for (int32_t d = 0; d < out.dim; ++d) {
        if (dim_order.items[d] < 0 || dim_order.items[d] >= out.dim) {
            return false;
        }
        order[d] = static_cast<uint8_t>(dim_order.items[d]);
    }
    return layout_matches(out, order);
}

cmops_status dim_order_copy(cmops_context *ctx, const cmops_tensor &self,
                            const cmops_int_list *dim_order, cmops_tensor &out)
{
    CMOPS_REQUIRE(ctx, self.dim == out.dim, CMOPS_ERR_RANK, args::out);
    if (dim_order != nullptr) {
        // The requested order must be the one the out tensor was planned with.
        CMOPS_REQUIRE(ctx, is_out_order(*dim_order, out), CMOPS_ERR_LAYOUT, args::dim_order);
    }
    return portable::copy_values(ctx, self, out, args::out);
}

/**
 * self's values converted to out's dtype, as torch converts: float32 to an integer truncates
 * toward zero, an integer to float32 rounds to nearest, anything to bool is "not zero".
 */
cmops_status convert(cmops_context *ctx, const cmops_tensor &self, const cmops_int_list *dim_order,
                     cmops_tensor &out)
{
    namespace to_args = arg::dim_order_ops::_to_dim_order_copy_out;
    CMOPS_REQUIRE(ctx, same_shape(self, out), CMOPS_ERR_SHAPE, to_args::out);
    CMOPS_REQUIRE(ctx,
                  portable::element_size(self.dtype) != 0 && portable::element_size(out.dtype) != 0,
                  CMOPS_ERR_DTYPE, to_args::out);
    if (dim_order != nullptr) {
        CMOPS_REQUIRE(ctx, is_out_order(*dim_order, out), CMOPS_ERR_LAYOUT, to_args::dim_order);
    }
    CMOPS_REQUIRE(ctx, self.data != out.data || numel(out) == 0, CMOPS_ERR_UNSUPPORTED,
                  to_args::out);
    if (checking_only(ctx)) {
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

} // namespace

cmops_status _clone_dim_order_out(cmops_context *ctx, const cmops_tensor &self, bool,
                                  const cmops_int_list *dim_order, cmops_tensor &out)
{
    return dim_order_copy(ctx, self, dim_order, out);
}

cmops_status _to_dim_order_copy_out(cmops_context *ctx, const cmops_tensor &self, bool,
                                    const cmops_int_list *dim_order, cmops_tensor &out)
{
    if (self.dtype != out.dtype) {
        return convert(ctx, self, dim_order, out);
    }
    return dim_order_copy(ctx, self, dim_order, out);
}

} // namespace cmops::dim_order_ops
