// Shared checks, strides, broadcasting and copies of the portable ATen kernels (support.h).
#include "cc/ops/portable/internal/support.h"

#include <string.h>

namespace cmops
{
namespace portable
{

size_t element_size(int32_t dtype)
{
    switch (dtype) {
    case CMOPS_DTYPE_UINT8:
    case CMOPS_DTYPE_INT8:
    case CMOPS_DTYPE_BOOL:
        return 1;
    case CMOPS_DTYPE_INT16:
        return 2;
    case CMOPS_DTYPE_INT32:
    case CMOPS_DTYPE_FLOAT32:
        return 4;
    case CMOPS_DTYPE_INT64:
        return 8;
    default:
        return 0;
    }
}

bool is_integral_dtype(int32_t dtype)
{
    return dtype == CMOPS_DTYPE_UINT8 || dtype == CMOPS_DTYPE_INT8 || dtype == CMOPS_DTYPE_INT16 ||
           dtype == CMOPS_DTYPE_INT32 || dtype == CMOPS_DTYPE_INT64 || dtype == CMOPS_DTYPE_BOOL;
}

void logical_strides(const cmops_tensor &t, int64_t strides[CMOPS_MAX_DIM])
{
    int64_t stride = 1;
    for (int32_t i = t.dim - 1; i >= 0; --i) {
        const int32_t d = t.dim_order[i];
        strides[d] = stride;
        stride *= t.sizes[d];
    }
}

cmops_status check_tensor(cmops_context *ctx, const cmops_tensor &t, int32_t arg)
{
    // The generated glue checked every tensor's own consistency at prepare; the views are the
    // same on every execution after it.
    if (ctx != nullptr && ctx->phase == CMOPS_PHASE_RUN_CHECKED) {
        return CMOPS_OK;
    }
    const size_t size = element_size(t.dtype);
    CMOPS_REQUIRE(ctx, size != 0, CMOPS_ERR_DTYPE, arg);
    CMOPS_REQUIRE(ctx, t.dim >= 0 && t.dim <= CMOPS_MAX_DIM, CMOPS_ERR_RANK, arg);
    bool seen[CMOPS_MAX_DIM] = {false};
    for (int32_t i = 0; i < t.dim; ++i) {
        CMOPS_REQUIRE(ctx, t.sizes[i] >= 0, CMOPS_ERR_SHAPE, arg);
        const uint8_t d = t.dim_order[i];
        CMOPS_REQUIRE(ctx, d < t.dim && !seen[d], CMOPS_ERR_LAYOUT, arg);
        seen[d] = true;
    }
    const int64_t count = numel(t);
    CMOPS_REQUIRE(ctx, static_cast<uint64_t>(count) * size <= t.nbytes, CMOPS_ERR_BUFFER, arg);
    CMOPS_REQUIRE(ctx, count == 0 || t.data != nullptr, CMOPS_ERR_BUFFER, arg);
    CMOPS_REQUIRE(ctx, reinterpret_cast<uintptr_t>(t.data) % size == 0, CMOPS_ERR_ALIGNMENT, arg);
    return CMOPS_OK;
}

bool has_sizes(const cmops_tensor &t, int32_t dim, const int64_t *sizes)
{
    if (t.dim != dim) {
        return false;
    }
    for (int32_t d = 0; d < dim; ++d) {
        if (t.sizes[d] != sizes[d]) {
            return false;
        }
    }
    return true;
}

bool is_identity_order(const cmops_tensor &t)
{
    // Dimensions of size 1 may sit anywhere without moving a byte.
    int32_t expected = 0;
    for (int32_t i = 0; i < t.dim; ++i) {
        const uint8_t d = t.dim_order[i];
        if (t.sizes[d] == 1) {
            continue;
        }
        while (expected < t.dim && t.sizes[expected] == 1) {
            ++expected;
        }
        if (d != expected) {
            return false;
        }
        ++expected;
    }
    return true;
}

bool same_memory_order(const cmops_tensor &a, const cmops_tensor &b)
{
    if (!same_shape(a, b)) {
        return false;
    }
    int32_t i = 0;
    int32_t j = 0;
    for (;;) {
        while (i < a.dim && a.sizes[a.dim_order[i]] == 1) {
            ++i;
        }
        while (j < b.dim && b.sizes[b.dim_order[j]] == 1) {
            ++j;
        }
        if (i == a.dim || j == b.dim) {
            return i == a.dim && j == b.dim;
        }
        if (a.dim_order[i] != b.dim_order[j]) {
            return false;
        }
        ++i;
        ++j;
    }
}

bool normalize_dim(int64_t dim, int32_t rank, int32_t *out)
{
    const int64_t extent = rank == 0 ? 1 : rank;
    if (dim < -extent || dim >= extent) {
        return false;
    }
    *out = static_cast<int32_t>(dim < 0 ? dim + extent : dim);
    return true;
}

double scalar_to_double(const cmops_scalar &s)
{
    switch (s.kind) {
    case CMOPS_VALUE_INT:
        return static_cast<double>(s.as.int_value);
    case CMOPS_VALUE_BOOL:
        return s.as.bool_value ? 1.0 : 0.0;
    default:
        return s.as.double_value;
    }
}

float scalar_to_float(const cmops_scalar &s)
{
    switch (s.kind) {
    case CMOPS_VALUE_INT:
        return static_cast<float>(s.as.int_value);
    case CMOPS_VALUE_BOOL:
        return s.as.bool_value ? 1.0f : 0.0f;
    default:
        return static_cast<float>(s.as.double_value);
    }
}

int64_t scalar_to_int(const cmops_scalar &s)
{
    switch (s.kind) {
    case CMOPS_VALUE_INT:
        return s.as.int_value;
    case CMOPS_VALUE_BOOL:
        return s.as.bool_value ? 1 : 0;
    default:
        return static_cast<int64_t>(s.as.double_value);
    }
}

bool scalar_is_integral(const cmops_scalar &s)
{
    return s.kind == CMOPS_VALUE_INT || s.kind == CMOPS_VALUE_BOOL;
}

bool broadcast_strides(const cmops_tensor &t, int32_t out_dim, const int32_t *out_sizes,
                       int64_t strides[CMOPS_MAX_DIM])
{
    if (t.dim > out_dim) {
        return false;
    }
    int64_t own[CMOPS_MAX_DIM] = {0};
    logical_strides(t, own);
    const int32_t lead = out_dim - t.dim;
    for (int32_t d = 0; d < out_dim; ++d) {
        if (d < lead) {
            strides[d] = 0;
            continue;
        }
        const int32_t size = t.sizes[d - lead];
        if (size == out_sizes[d]) {
            strides[d] = size == 1 ? 0 : own[d - lead];
        } else if (size == 1) {
            strides[d] = 0;
        } else {
            return false;
        }
    }
    return true;
}

bool broadcast_shape(const cmops_tensor &a, const cmops_tensor &b, int32_t *dim,
                     int32_t sizes[CMOPS_MAX_DIM])
{
    const int32_t rank = a.dim > b.dim ? a.dim : b.dim;
    for (int32_t d = 0; d < rank; ++d) {
        const int32_t ia = d - (rank - a.dim);
        const int32_t ib = d - (rank - b.dim);
        const int32_t sa = ia >= 0 ? a.sizes[ia] : 1;
        const int32_t sb = ib >= 0 ? b.sizes[ib] : 1;
        if (sa != sb && sa != 1 && sb != 1) {
            return false;
        }
        sizes[d] = sa == 1 ? sb : sa;
    }
    *dim = rank;
    return true;
}

void strided_copy(void *dst, const int64_t *dst_strides, const void *src,
                  const int64_t *src_strides, int32_t dim, const int32_t *sizes, size_t size)
{
    int64_t strides[2][CMOPS_MAX_DIM];
    for (int32_t d = 0; d < dim; ++d) {
        strides[0][d] = dst_strides[d];
        strides[1][d] = src_strides[d];
    }
    char *out = static_cast<char *>(dst);
    const char *in = static_cast<const char *>(src);
    walk<2>(dim, sizes, strides, [&](const int64_t *offsets) {
        memcpy(out + offsets[0] * static_cast<int64_t>(size),
               in + offsets[1] * static_cast<int64_t>(size), size);
    });
}

void copy_tensor(cmops_tensor &dst, const cmops_tensor &src)
{
    const size_t size = element_size(src.dtype);
    if (same_memory_order(dst, src)) {
        if (numel(src) != 0 && dst.data != src.data) {
            memmove(dst.data, src.data, static_cast<size_t>(numel(src)) * size);
        }
        return;
    }
    int64_t dst_strides[CMOPS_MAX_DIM];
    int64_t src_strides[CMOPS_MAX_DIM];
    logical_strides(dst, dst_strides);
    logical_strides(src, src_strides);
    strided_copy(dst.data, dst_strides, src.data, src_strides, src.dim, src.sizes, size);
}

void copy_reshaped(cmops_tensor &dst, const cmops_tensor &src)
{
    const size_t size = element_size(src.dtype);
    if (is_identity_order(dst) && is_identity_order(src)) {
        if (numel(src) != 0 && dst.data != src.data) {
            memmove(dst.data, src.data, static_cast<size_t>(numel(src)) * size);
        }
        return;
    }
    // Walk both tensors in logical row-major order at once: the n-th element of src goes to the
    // n-th element of dst.
    int64_t src_strides[1][CMOPS_MAX_DIM];
    int64_t dst_strides[CMOPS_MAX_DIM];
    logical_strides(src, src_strides[0]);
    logical_strides(dst, dst_strides);
    int32_t index[CMOPS_MAX_DIM] = {0};
    int64_t dst_offset = 0;
    char *out = static_cast<char *>(dst.data);
    const char *in = static_cast<const char *>(src.data);
    walk<1>(src.dim, src.sizes, src_strides, [&](const int64_t *offsets) {
        memcpy(out + dst_offset * static_cast<int64_t>(size),
               in + offsets[0] * static_cast<int64_t>(size), size);
        for (int32_t d = dst.dim - 1; d >= 0; --d) {
            if (++index[d] < dst.sizes[d]) {
                dst_offset += dst_strides[d];
                break;
            }
            dst_offset -= dst_strides[d] * (dst.sizes[d] - 1);
            index[d] = 0;
        }
    });
}

double load_as_double(const void *data, int32_t dtype, int64_t offset)
{
    switch (dtype) {
    case CMOPS_DTYPE_FLOAT32:
        return static_cast<const float *>(data)[offset];
    default:
        return static_cast<double>(load_as_int(data, dtype, offset));
    }
}

int64_t load_as_int(const void *data, int32_t dtype, int64_t offset)
{
    switch (dtype) {
    case CMOPS_DTYPE_UINT8:
        return static_cast<const uint8_t *>(data)[offset];
    case CMOPS_DTYPE_INT8:
        return static_cast<const int8_t *>(data)[offset];
    case CMOPS_DTYPE_BOOL:
        return static_cast<const uint8_t *>(data)[offset] != 0 ? 1 : 0;
    case CMOPS_DTYPE_INT16:
        return static_cast<const int16_t *>(data)[offset];
    case CMOPS_DTYPE_INT32:
        return static_cast<const int32_t *>(data)[offset];
    case CMOPS_DTYPE_INT64:
        return static_cast<const int64_t *>(data)[offset];
    default:
        return static_cast<int64_t>(static_cast<const float *>(data)[offset]);
    }
}

void store_from_int(void *data, int32_t dtype, int64_t offset, int64_t value)
{
    switch (dtype) {
    case CMOPS_DTYPE_UINT8:
        static_cast<uint8_t *>(data)[offset] = static_cast<uint8_t>(value);
        break;
    case CMOPS_DTYPE_INT8:
        static_cast<int8_t *>(data)[offset] = static_cast<int8_t>(value);
        break;
    case CMOPS_DTYPE_BOOL:
        static_cast<uint8_t *>(data)[offset] = value != 0 ? 1 : 0;
        break;
    case CMOPS_DTYPE_INT16:
        static_cast<int16_t *>(data)[offset] = static_cast<int16_t>(value);
        break;
    case CMOPS_DTYPE_INT32:
        static_cast<int32_t *>(data)[offset] = static_cast<int32_t>(value);
        break;
    case CMOPS_DTYPE_INT64:
        static_cast<int64_t *>(data)[offset] = value;
        break;
    default:
        static_cast<float *>(data)[offset] = static_cast<float>(value);
        break;
    }
}

void store_from_double(void *data, int32_t dtype, int64_t offset, double value)
{
    if (dtype == CMOPS_DTYPE_FLOAT32) {
        static_cast<float *>(data)[offset] = static_cast<float>(value);
    } else if (dtype == CMOPS_DTYPE_BOOL) {
        static_cast<uint8_t *>(data)[offset] = value != 0.0 ? 1 : 0;
    } else {
        store_from_int(data, dtype, offset, static_cast<int64_t>(value));
    }
}

} // namespace portable
} // namespace cmops
