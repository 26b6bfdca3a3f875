/*
 * tensor_layout.h: element sizes and byte counts of .pte tensors.
 */
#ifndef M55ML_CC_RUNTIME_INTERNAL_TENSOR_LAYOUT_H_
#define M55ML_CC_RUNTIME_INTERNAL_TENSOR_LAYOUT_H_

#include <stddef.h>
#include <stdint.h>

namespace m55ml
{
namespace pte
{
namespace internal
{

/* Bytes per element of an ExecuTorch ScalarType code, or 0 for a code this runtime does not know
 * (including the sub-byte packed types, whose size is not a whole number of bytes per element). */
size_t element_size(int32_t scalar_type);

/* numel * element_size for `dim` sizes (each >= 0). False if a size is negative or the product
 * does not fit in 63 bits. */
bool tensor_nbytes(const int32_t *sizes, uint32_t dim, size_t element_bytes, uint64_t *nbytes);

/* True if `dim_order` holds each of 0..dim-1 exactly once. */
bool is_permutation(const uint8_t *dim_order, uint32_t dim);

} // namespace internal
} // namespace pte
} // namespace m55ml

#endif // M55ML_CC_RUNTIME_INTERNAL_TENSOR_LAYOUT_H_
