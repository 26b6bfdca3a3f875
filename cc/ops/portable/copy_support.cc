// Shared body of the copy-like portable operators.
#include "cc/ops/portable/copy_support.h"

#include <string.h>

#include "cc/ops/internal/op_support.h"

namespace cmops::portable
{
namespace
{

// Same element type and count on both sides.
cmops_status check_copy(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &out,
                        int32_t out_arg)
{
    CMOPS_REQUIRE(ctx, self.dtype == out.dtype, CMOPS_ERR_DTYPE, out_arg);
    CMOPS_REQUIRE(ctx, numel(self) == numel(out), CMOPS_ERR_SHAPE, out_arg);
    return CMOPS_OK;
}

// Copies `self` into `out`, which has the same sizes but may lay them out in another dim order.
void permuted_copy(const cmops_tensor &self, const cmops_tensor &out, size_t element_bytes)
{
    int64_t source_strides[CMOPS_MAX_DIM];
    element_strides(self, source_strides);
    int64_t coordinate[CMOPS_MAX_DIM] = {0, 0, 0, 0, 0, 0};
    const uint8_t *source = static_cast<const uint8_t *>(self.data);
    uint8_t *target = static_cast<uint8_t *>(out.data);
    const int64_t count = numel(out);
    for (int64_t n = 0; n < count; ++n) {
        int64_t source_index = 0;
        for (int32_t d = 0; d < self.dim; ++d) {
            source_index += coordinate[d] * source_strides[d];
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

} // namespace

cmops_status copy_bytes(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out,
                        int32_t out_arg)
{
    CMOPS_TRY(check_copy(ctx, self, out, out_arg));
    const size_t nbytes = byte_size(self);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    if (nbytes > 0 && self.data != out.data) {
        memmove(out.data, self.data, nbytes);
    }
    return CMOPS_OK;
}

cmops_status copy_values(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out,
                         int32_t out_arg)
{
    CMOPS_TRY(check_copy(ctx, self, out, out_arg));
    CMOPS_REQUIRE(ctx, same_shape(self, out), CMOPS_ERR_SHAPE, out_arg);
    const size_t nbytes = byte_size(self);
    if (nbytes == 0) {
        return CMOPS_OK;
    }
    if (memcmp(self.dim_order, out.dim_order, static_cast<size_t>(self.dim)) != 0) {
        CMOPS_REQUIRE(ctx, self.data != out.data, CMOPS_ERR_UNSUPPORTED, out_arg);
    }
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    if (memcmp(self.dim_order, out.dim_order, static_cast<size_t>(self.dim)) == 0) {
        if (self.data != out.data) {
            memmove(out.data, self.data, nbytes);
        }
        return CMOPS_OK;
    }
    CMOPS_REQUIRE(ctx, self.data != out.data, CMOPS_ERR_UNSUPPORTED, out_arg);
    permuted_copy(self, out, element_size(self.dtype));
    return CMOPS_OK;
}

} // namespace cmops::portable
