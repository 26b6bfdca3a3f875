/*
 * support.h: what the portable ATen kernels share: argument checks that blame an argument by
 * its schema index, logical (dim-order aware) strides, broadcasting, and a strided walk over a
 * multi-index.
 *
 * Internal to //cc/ops/portable. Kernels work in logical coordinates (the schema's dimension
 * order); every tensor's memory order comes from its own dim_order, so inputs and outputs may
 * each be laid out differently. Nothing here allocates. numel and same_shape are cc/ops' own
 * (internal/op_support.h).
 */
#ifndef M55ML_CC_OPS_PORTABLE_INTERNAL_SUPPORT_H_
#define M55ML_CC_OPS_PORTABLE_INTERNAL_SUPPORT_H_

#include <stddef.h>
#include <stdint.h>

#include "cc/ops/cortex_m_ops.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/kernel_args.h"

namespace cmops
{
namespace portable
{

/** Bytes per element of a dtype, 0 for a dtype no portable kernel takes. */
size_t element_size(int32_t dtype);

/** Element strides of each logical dimension, from sizes and dim_order. */
void logical_strides(const cmops_tensor &t, int64_t strides[CMOPS_MAX_DIM]);

/**
 * A tensor a kernel may touch: known dtype, rank within CMOPS_MAX_DIM, non-negative sizes, a
 * dim_order that is a permutation, nbytes covering its shape, data present when it has elements
 * and aligned to the element size. Failures blame schema argument `arg`.
 */
cmops_status check_tensor(cmops_context *ctx, const cmops_tensor &t, int32_t arg);

/** True when out has rank `dim` and these sizes. */
bool has_sizes(const cmops_tensor &t, int32_t dim, const int64_t *sizes);

/** True when the dim order is the identity (row-major in logical order). */
bool is_identity_order(const cmops_tensor &t);

/** True when a and b store their elements in the same order (same sizes, same dim order up to
 * dimensions of size 1), so element i of one is element i of the other. */
bool same_memory_order(const cmops_tensor &a, const cmops_tensor &b);

/** A dim argument in [-rank, rank) (rank 0 accepts -1 and 0) made non-negative; false if out of
 * range. */
bool normalize_dim(int64_t dim, int32_t rank, int32_t *out);

/** A Scalar as float / as int64 (a double scalar truncates toward zero for int). */
float scalar_to_float(const cmops_scalar &s);
double scalar_to_double(const cmops_scalar &s);
int64_t scalar_to_int(const cmops_scalar &s);
bool scalar_is_integral(const cmops_scalar &s);

/**
 * The strides of `t` seen from an output of rank `out_dim` and sizes `out_sizes` under
 * broadcasting (trailing dimensions aligned; a size-1 or missing dimension gets stride 0).
 * False when t does not broadcast to that shape.
 */
bool broadcast_strides(const cmops_tensor &t, int32_t out_dim, const int32_t *out_sizes,
                       int64_t strides[CMOPS_MAX_DIM]);

/** The broadcast shape of a and b into (*dim, sizes); false when they do not broadcast. */
bool broadcast_shape(const cmops_tensor &a, const cmops_tensor &b, int32_t *dim,
                     int32_t sizes[CMOPS_MAX_DIM]);

/**
 * Calls fn(offsets) for every multi-index of `sizes` (rank `dim`) in row-major logical order,
 * offsets[k] = sum over d of index[d] * strides[k][d], for K operands.
 */
template <int K, typename Fn>
void walk(int32_t dim, const int32_t *sizes, const int64_t (*strides)[CMOPS_MAX_DIM], Fn &&fn)
{
    int64_t total = 1;
    for (int32_t d = 0; d < dim; ++d) {
        total *= sizes[d];
    }
    if (total == 0) {
        return;
    }
    int32_t index[CMOPS_MAX_DIM] = {0};
    int64_t offsets[K] = {0};
    for (int64_t n = 0; n < total; ++n) {
        fn(static_cast<const int64_t *>(offsets));
        for (int32_t d = dim - 1; d >= 0; --d) {
            if (++index[d] < sizes[d]) {
                for (int k = 0; k < K; ++k) {
                    offsets[k] += strides[k][d];
                }
                break;
            }
            for (int k = 0; k < K; ++k) {
                offsets[k] -= strides[k][d] * (sizes[d] - 1);
            }
            index[d] = 0;
        }
    }
}

/**
 * Copies every element of the logical region `sizes` from src (element strides src_strides) to
 * dst (dst_strides), elements of `size` bytes.
 */
void strided_copy(void *dst, const int64_t *dst_strides, const void *src,
                  const int64_t *src_strides, int32_t dim, const int32_t *sizes, size_t size);

/** Elements of `src` (any dim order) into `dst` (same sizes, any dim order, same dtype). */
void copy_tensor(cmops_tensor &dst, const cmops_tensor &src);

/**
 * Copies src's elements in logical row-major order into dst's elements in logical row-major
 * order (same dtype and element count, shapes may differ): the data movement of view_copy.
 */
void copy_reshaped(cmops_tensor &dst, const cmops_tensor &src);

/** Reads element `offset` of a tensor of `dtype` as double / writes one (for dtype conversion
 * and integer kernels; float kernels use float directly). */
double load_as_double(const void *data, int32_t dtype, int64_t offset);
int64_t load_as_int(const void *data, int32_t dtype, int64_t offset);
void store_from_double(void *data, int32_t dtype, int64_t offset, double value);
void store_from_int(void *data, int32_t dtype, int64_t offset, int64_t value);

/** True for the integer dtypes (uint8, int8, int16, int32, int64) and bool. */
bool is_integral_dtype(int32_t dtype);

} // namespace portable
} // namespace cmops

#endif /* M55ML_CC_OPS_PORTABLE_INTERNAL_SUPPORT_H_ */
