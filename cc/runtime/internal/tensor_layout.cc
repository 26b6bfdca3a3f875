#include "cc/runtime/internal/tensor_layout.h"

namespace m55ml
{
namespace pte
{
namespace internal
{

size_t element_size(int32_t scalar_type)
{
    // Codes from the ScalarType enum of scalar_type.fbs.
    switch (scalar_type) {
    case 0:  // BYTE (uint8)
    case 1:  // CHAR (int8)
    case 11: // BOOL
    case 12: // QINT8
    case 13: // QUINT8
    case 23: // FLOAT8E5M2
    case 24: // FLOAT8E4M3FN
    case 25: // FLOAT8E5M2FNUZ
    case 26: // FLOAT8E4M3FNUZ
        return 1;
    case 2:  // SHORT
    case 5:  // HALF
    case 15: // BFLOAT16
    case 22: // BITS16
    case 27: // UINT16
        return 2;
    case 3:  // INT
    case 6:  // FLOAT
    case 14: // QINT32
    case 28: // UINT32
        return 4;
    case 4:  // LONG
    case 7:  // DOUBLE
    case 29: // UINT64
        return 8;
    default: // QUINT4X2, QUINT2X4 (packed) and unknown codes
        return 0;
    }
}

bool tensor_nbytes(const int32_t *sizes, uint32_t dim, size_t element_bytes, uint64_t *nbytes)
{
    // Products stay below 2^63 so the caller's later offset + nbytes sums cannot wrap.
    constexpr uint64_t kLimit = static_cast<uint64_t>(1) << 62;
    uint64_t total = element_bytes;
    for (uint32_t i = 0; i < dim; ++i) {
        if (sizes[i] < 0) {
            return false;
        }
        const uint64_t size = static_cast<uint64_t>(sizes[i]);
        if (size != 0 && total > kLimit / size) {
            return false;
        }
        total *= size;
    }
    *nbytes = total;
    return true;
}

bool is_permutation(const uint8_t *dim_order, uint32_t dim)
{
    uint32_t seen = 0;
    for (uint32_t i = 0; i < dim; ++i) {
        if (dim_order[i] >= dim || dim >= 32) {
            return false;
        }
        const uint32_t bit = 1u << dim_order[i];
        if ((seen & bit) != 0) {
            return false;
        }
        seen |= bit;
    }
    return true;
}

} // namespace internal
} // namespace pte
} // namespace m55ml
