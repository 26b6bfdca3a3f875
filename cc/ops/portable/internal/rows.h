/*
 * rows.h: visiting every 1-D row of a tensor along one dimension (softmax, log_softmax), with
 * each tensor's own dim order, and the checks and row maximum the softmax family shares.
 * Internal to //cc/ops/portable.
 */
#ifndef M55ML_CC_OPS_PORTABLE_INTERNAL_ROWS_H_
#define M55ML_CC_OPS_PORTABLE_INTERNAL_ROWS_H_

#include "cc/ops/internal/op_support.h"
#include "cc/ops/portable/internal/elementwise.h"
#include "cc/ops/portable/internal/support.h"

namespace cmops
{
namespace portable
{

/**
 * Calls fn(in_offset, in_stride, out_offset, out_stride, length) for every row of `self` along
 * `dim` and the matching row of `out` (same sizes): elements of a row sit at offset + i * stride.
 */
template <typename Fn>
void for_each_row(const cmops_tensor &self, const cmops_tensor &out, int32_t dim, Fn &&fn)
{
    int64_t strides[2][CMOPS_MAX_DIM];
    logical_strides(self, strides[0]);
    logical_strides(out, strides[1]);
    if (self.dim == 0) {
        fn(int64_t{0}, int64_t{1}, int64_t{0}, int64_t{1}, int32_t{1});
        return;
    }
    int32_t outer[CMOPS_MAX_DIM];
    for (int32_t d = 0; d < self.dim; ++d) {
        outer[d] = d == dim ? 1 : self.sizes[d];
    }
    const int64_t in_stride = strides[0][dim];
    const int64_t out_stride = strides[1][dim];
    const int32_t length = self.sizes[dim];
    walk<2>(self.dim, outer, strides, [&](const int64_t *offsets) {
        fn(offsets[0], in_stride, offsets[1], out_stride, length);
    });
}

/** Argument indices of a softmax-family operator, for the blame of its checks. */
struct SoftmaxArgs {
    int32_t self;
    int32_t dim;
    int32_t half_to_float;
    int32_t out;
};

#define PK_SOFTMAX_ARGS(op)                                                                        \
    ::cmops::portable::SoftmaxArgs                                                                 \
    {                                                                                              \
        op::self, op::dim, op::half_to_float, op::out                                              \
    }

/** One float32 row along the softmax dim: x(i) reads self, y(i) is out's element. */
struct SoftmaxRow {
    const float *in;
    int64_t in_at;
    int64_t in_step;
    float *out;
    int64_t out_at;
    int64_t out_step;
    int32_t length;
    float largest; /* max of the row, scanned in index order */

    float x(int32_t i) const
    {
        return in[in_at + i * in_step];
    }
    float &y(int32_t i) const
    {
        return out[out_at + i * out_step];
    }
};

/**
 * What aten::_softmax.out and aten::_log_softmax.out share: float32 self and out of one shape,
 * half_to_float false, dim in range (each refusal blames its argument); then fn(row) for every
 * row along dim, with the row's maximum already found.
 */
template <typename Fn>
cmops_status for_each_softmax_row(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                                  bool half_to_float, cmops_tensor &out, SoftmaxArgs blame, Fn &&fn)
{
    CMOPS_TRY(check_unary(ctx, self, out, true, UnaryArgs{blame.self, blame.out}));
    CMOPS_REQUIRE(ctx, self.dtype == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE, blame.self);
    CMOPS_REQUIRE(ctx, !half_to_float, CMOPS_ERR_UNSUPPORTED, blame.half_to_float);
    int32_t axis = 0;
    CMOPS_REQUIRE(ctx, normalize_dim(dim, self.dim, &axis), CMOPS_ERR_PARAM, blame.dim);
    if (checking_only(ctx) || numel(self) == 0) {
        return CMOPS_OK;
    }
    const float *in = static_cast<const float *>(self.data);
    float *result = static_cast<float *>(out.data);
    for_each_row(
        self, out, axis,
        [&](int64_t in_at, int64_t in_step, int64_t out_at, int64_t out_step, int32_t length) {
            SoftmaxRow row{in, in_at, in_step, result, out_at, out_step, length, in[in_at]};
            for (int32_t i = 1; i < length; ++i) {
                row.largest = row.x(i) > row.largest ? row.x(i) : row.largest;
            }
            fn(row);
        });
    return CMOPS_OK;
}

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_ROWS_H_ */
