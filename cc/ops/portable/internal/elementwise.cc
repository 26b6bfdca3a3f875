// Shared checks and the broadcasting arithmetic of add, sub, mul and div (elementwise.h).
#include "cc/ops/portable/internal/elementwise.h"

namespace cmops
{
namespace portable
{
namespace
{

float load_float(const void *data, int32_t dtype, int64_t offset)
{
    if (dtype == CMOPS_DTYPE_FLOAT32) {
        return static_cast<const float *>(data)[offset];
    }
    return static_cast<float>(load_as_int(data, dtype, offset));
}

float apply_float(BinaryOp op, float a, float b, float alpha, bool unit_alpha)
{
    switch (op) {
    case BinaryOp::kAdd:
        return unit_alpha ? a + b : a + alpha * b;
    case BinaryOp::kSub:
        return unit_alpha ? a - b : a - alpha * b;
    case BinaryOp::kMul:
        return a * b;
    default:
        return a / b;
    }
}

int64_t apply_int(BinaryOp op, int64_t a, int64_t b, int64_t alpha)
{
    // Unsigned arithmetic: wraps like the narrower out type would, without undefined behaviour.
    const uint64_t ua = static_cast<uint64_t>(a);
    const uint64_t ub = static_cast<uint64_t>(b);
    const uint64_t ualpha = static_cast<uint64_t>(alpha);
    switch (op) {
    case BinaryOp::kAdd:
        return static_cast<int64_t>(ua + ualpha * ub);
    case BinaryOp::kSub:
        return static_cast<int64_t>(ua - ualpha * ub);
    default:
        return static_cast<int64_t>(ua * ub);
    }
}

} // namespace

cmops_status check_unary(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &out,
                         bool same_dtype, const UnaryArgs &blame)
{
    CMOPS_TRY(check_tensor(ctx, self, blame.self));
    CMOPS_TRY(check_tensor(ctx, out, blame.out));
    CMOPS_REQUIRE(ctx, same_shape(self, out), CMOPS_ERR_SHAPE, blame.out);
    CMOPS_REQUIRE(ctx, !same_dtype || self.dtype == out.dtype, CMOPS_ERR_DTYPE, blame.out);
    return CMOPS_OK;
}

cmops_status binary_arithmetic(cmops_context *ctx, const cmops_tensor &self,
                               const cmops_tensor &other, const cmops_scalar *alpha,
                               cmops_tensor &out, BinaryOp op, const BinaryArgs &blame)
{
    CMOPS_TRY(check_tensor(ctx, self, blame.self));
    CMOPS_TRY(check_tensor(ctx, other, blame.other));
    CMOPS_TRY(check_tensor(ctx, out, blame.out));
    int32_t dim = 0;
    int32_t sizes[CMOPS_MAX_DIM] = {0};
    CMOPS_REQUIRE(ctx, broadcast_shape(self, other, &dim, sizes), CMOPS_ERR_SHAPE, blame.other);
    CMOPS_REQUIRE(ctx, out.dim == dim, CMOPS_ERR_SHAPE, blame.out);
    for (int32_t d = 0; d < dim; ++d) {
        CMOPS_REQUIRE(ctx, out.sizes[d] == sizes[d], CMOPS_ERR_SHAPE, blame.out);
    }
    const bool float_out = out.dtype == CMOPS_DTYPE_FLOAT32;
    const bool integral_inputs = is_integral_dtype(self.dtype) && is_integral_dtype(other.dtype);
    CMOPS_REQUIRE(ctx,
                  float_out || (is_integral_dtype(out.dtype) && out.dtype != CMOPS_DTYPE_BOOL &&
                                integral_inputs && op != BinaryOp::kDiv),
                  CMOPS_ERR_DTYPE, blame.out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }

    if (float_out) {
        const float alpha_value = alpha != nullptr ? scalar_to_float(*alpha) : 1.0f;
        const bool unit_alpha = alpha_value == 1.0f;
        if (self.dtype == CMOPS_DTYPE_FLOAT32 && other.dtype == CMOPS_DTYPE_FLOAT32 &&
            same_memory_order(self, out) && same_memory_order(other, out)) {
            const float *a = static_cast<const float *>(self.data);
            const float *b = static_cast<const float *>(other.data);
            float *result = static_cast<float *>(out.data);
            const int64_t count = numel(out);
            for (int64_t i = 0; i < count; ++i) {
                result[i] = apply_float(op, a[i], b[i], alpha_value, unit_alpha);
            }
            return CMOPS_OK;
        }
        int64_t strides[3][CMOPS_MAX_DIM];
        logical_strides(out, strides[0]);
        broadcast_strides(self, dim, sizes, strides[1]);
        broadcast_strides(other, dim, sizes, strides[2]);
        float *result = static_cast<float *>(out.data);
        walk<3>(dim, sizes, strides, [&](const int64_t *offsets) {
            result[offsets[0]] = apply_float(op, load_float(self.data, self.dtype, offsets[1]),
                                             load_float(other.data, other.dtype, offsets[2]),
                                             alpha_value, unit_alpha);
        });
        return CMOPS_OK;
    }

    const int64_t alpha_value = alpha != nullptr ? scalar_to_int(*alpha) : 1;
    int64_t strides[3][CMOPS_MAX_DIM];
    logical_strides(out, strides[0]);
    broadcast_strides(self, dim, sizes, strides[1]);
    broadcast_strides(other, dim, sizes, strides[2]);
    walk<3>(dim, sizes, strides, [&](const int64_t *offsets) {
        store_from_int(out.data, out.dtype, offsets[0],
                       apply_int(op, load_as_int(self.data, self.dtype, offsets[1]),
                                 load_as_int(other.data, other.dtype, offsets[2]), alpha_value));
    });
    return CMOPS_OK;
}

} // namespace portable
} // namespace cmops
