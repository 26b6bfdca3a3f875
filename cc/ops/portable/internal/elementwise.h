/*
 * elementwise.h: unary maps, dtype dispatch and the broadcasting binary arithmetic the portable
 * kernels share. Internal to //cc/ops/portable.
 */
#ifndef M55ML_CC_OPS_PORTABLE_INTERNAL_ELEMENTWISE_H_
#define M55ML_CC_OPS_PORTABLE_INTERNAL_ELEMENTWISE_H_

#include <stdint.h>

#include "cc/ops/portable/internal/support.h"

namespace cmops
{
namespace portable
{

/** Calls fn(T{}) with T the C type of a real dtype (uint8..int64, float); false for others. */
template <typename Fn> bool dispatch_real(int32_t dtype, Fn &&fn)
{
    switch (dtype) {
    case CMOPS_DTYPE_UINT8:
        fn(uint8_t{});
        return true;
    case CMOPS_DTYPE_INT8:
        fn(int8_t{});
        return true;
    case CMOPS_DTYPE_INT16:
        fn(int16_t{});
        return true;
    case CMOPS_DTYPE_INT32:
        fn(int32_t{});
        return true;
    case CMOPS_DTYPE_INT64:
        fn(int64_t{});
        return true;
    case CMOPS_DTYPE_FLOAT32:
        fn(float{});
        return true;
    default:
        return false;
    }
}

/** out[i] = fn(self[i]) over same-shaped tensors of element type T (dim orders may differ). */
template <typename T, typename U, typename Fn>
void map_unary(const cmops_tensor &self, cmops_tensor &out, Fn &&fn)
{
    const T *in = static_cast<const T *>(self.data);
    U *result = static_cast<U *>(out.data);
    if (same_memory_order(self, out)) {
        const int64_t count = numel(self);
        for (int64_t i = 0; i < count; ++i) {
            result[i] = fn(in[i]);
        }
        return;
    }
    int64_t strides[2][CMOPS_MAX_DIM];
    logical_strides(out, strides[0]);
    logical_strides(self, strides[1]);
    walk<2>(self.dim, self.sizes, strides,
            [&](const int64_t *offsets) { result[offsets[0]] = fn(in[offsets[1]]); });
}

/** The schema indices check_unary blames (cmops::arg::<op>::self and ::out). */
struct UnaryArgs {
    int32_t self;
    int32_t out;
};

#define PK_UNARY_ARGS(op)                                                                          \
    ::cmops::portable::UnaryArgs                                                                   \
    {                                                                                              \
        op::self, op::out                                                                          \
    }

/** self and out valid, same shape; out has self's dtype when same_dtype. */
cmops_status check_unary(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &out,
                         bool same_dtype, const UnaryArgs &blame);

/** A float32 unary operator: checks, then (unless only checking) out[i] = fn(self[i]). */
template <typename Fn>
cmops_status float_unary(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out,
                         const UnaryArgs &blame, Fn &&fn)
{
    CMOPS_TRY(check_unary(ctx, self, out, true, blame));
    CMOPS_REQUIRE(ctx, self.dtype == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE, blame.out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    map_unary<float, float>(self, out, fn);
    return CMOPS_OK;
}

enum class BinaryOp { kAdd, kSub, kMul, kDiv };

/** The schema indices binary_arithmetic blames. */
struct BinaryArgs {
    int32_t self;
    int32_t other;
    int32_t out;
};

#define PK_BINARY_ARGS(op)                                                                         \
    ::cmops::portable::BinaryArgs                                                                  \
    {                                                                                              \
        op::self, op::other, op::out                                                               \
    }

/**
 * out = self (op) alpha * other with broadcasting. A float32 out computes in float (integer
 * operands converted); an integer out needs integer operands and computes in int64 (wrapping
 * to out's width). `alpha` is null for mul and div; div needs a float32 out.
 */
cmops_status binary_arithmetic(cmops_context *ctx, const cmops_tensor &self,
                               const cmops_tensor &other, const cmops_scalar *alpha,
                               cmops_tensor &out, BinaryOp op, const BinaryArgs &blame);

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_ELEMENTWISE_H_ */
