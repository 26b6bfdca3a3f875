// aten::index.Tensor_out: advanced indexing self[indices] with int64 or int32 index tensors
// (None entries keep a dimension whole). The index tensors broadcast to one shape B; when the
// indexed dimensions are adjacent, B replaces them in place, otherwise B comes first (NumPy's
// rule, as torch). Negative indices count from the end; one out of range fails the call.
// Bool masks are refused: their result's shape depends on the data. Any dtype for self.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/support.h"

#include <string.h>

namespace args = ::cmops::arg::aten::index_Tensor_out;

namespace cmops
{
namespace aten
{

cmops_status index_Tensor_out(cmops_context *ctx, const cmops_tensor &self,
                              cmops_tensor_list indices, cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, self, args::self));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx, out.dtype == self.dtype, CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, indices.length <= static_cast<size_t>(self.dim), CMOPS_ERR_PARAM,
                  args::indices);
    int32_t shape_message = args::out;

    // The broadcast shape B of the index tensors.
    cmops_tensor broadcast = {};
    int32_t first = -1;
    int32_t last = -1;
    int32_t indexed_count = 0;
    for (size_t i = 0; i < indices.length; ++i) {
        const cmops_tensor *index = indices.items[i];
        if (index == nullptr) {
            continue;
        }
        CMOPS_TRY(portable::check_tensor(ctx, *index, args::indices));
        CMOPS_REQUIRE(ctx, index->dtype != CMOPS_DTYPE_BOOL && index->dtype != CMOPS_DTYPE_UINT8,
                      CMOPS_ERR_UNSUPPORTED, args::indices);
        CMOPS_REQUIRE(ctx, index->dtype == CMOPS_DTYPE_INT64 || index->dtype == CMOPS_DTYPE_INT32,
                      CMOPS_ERR_DTYPE, args::indices);
        if (indexed_count == 0) {
            broadcast.dim = index->dim;
            memcpy(broadcast.sizes, index->sizes, sizeof(broadcast.sizes));
        } else {
            int32_t dim = 0;
            int32_t sizes[CMOPS_MAX_DIM];
            CMOPS_REQUIRE(ctx, portable::broadcast_shape(broadcast, *index, &dim, sizes),
                          CMOPS_ERR_SHAPE, args::indices);
            broadcast.dim = dim;
            memcpy(broadcast.sizes, sizes, sizeof(sizes));
        }
        first = first < 0 ? static_cast<int32_t>(i) : first;
        last = static_cast<int32_t>(i);
        ++indexed_count;
    }
    CMOPS_REQUIRE(ctx, indexed_count > 0, CMOPS_ERR_PARAM, args::indices);
    const bool adjacent = last - first + 1 == indexed_count;
    const int32_t b_start = adjacent ? first : 0;
    const int32_t rank = self.dim - indexed_count + broadcast.dim;
    CMOPS_REQUIRE(ctx, out.dim == rank, CMOPS_ERR_SHAPE, shape_message);

    // For every out dimension outside B: the self dimension it walks.
    int32_t source_dim[CMOPS_MAX_DIM];
    {
        int32_t o = 0;
        for (int32_t d = 0; d < self.dim; ++d) {
            const bool is_indexed =
                d < static_cast<int32_t>(indices.length) && indices.items[d] != nullptr;
            if (o == b_start) {
                o += broadcast.dim;
            }
            if (!is_indexed) {
                source_dim[o++] = d;
            }
        }
    }
    for (int32_t o = 0; o < rank; ++o) {
        const bool in_b = o >= b_start && o < b_start + broadcast.dim;
        const int32_t expected = in_b ? broadcast.sizes[o - b_start] : self.sizes[source_dim[o]];
        CMOPS_REQUIRE(ctx, out.sizes[o] == expected, CMOPS_ERR_SHAPE, shape_message);
    }
    // The index values are data: checked as they are read, at execution.
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    const int64_t count = numel(out);
    if (count == 0) {
        return CMOPS_OK;
    }

    int64_t index_strides[CMOPS_MAX_DIM][CMOPS_MAX_DIM];
    for (size_t i = 0; i < indices.length; ++i) {
        if (indices.items[i] != nullptr) {
            portable::broadcast_strides(*indices.items[i], broadcast.dim, broadcast.sizes,
                                        index_strides[i]);
        }
    }
    int64_t self_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    portable::logical_strides(self, self_strides);
    portable::logical_strides(out, out_strides);
    const size_t size = portable::element_size(self.dtype);
    int32_t position[CMOPS_MAX_DIM] = {0};
    for (int64_t n = 0; n < count; ++n) {
        int64_t source = 0;
        int64_t destination = 0;
        for (int32_t o = 0; o < rank; ++o) {
            destination += position[o] * out_strides[o];
            if (o < b_start || o >= b_start + broadcast.dim) {
                source += position[o] * self_strides[source_dim[o]];
            }
        }
        for (size_t i = 0; i < indices.length; ++i) {
            const cmops_tensor *index = indices.items[i];
            if (index == nullptr) {
                continue;
            }
            int64_t at = 0;
            for (int32_t b = 0; b < broadcast.dim; ++b) {
                at += position[b_start + b] * index_strides[i][b];
            }
            int64_t value = portable::load_as_int(index->data, index->dtype, at);
            const int64_t extent = self.sizes[i];
            CMOPS_REQUIRE(ctx, value >= -extent && value < extent, CMOPS_ERR_PARAM, args::indices);
            value = value < 0 ? value + extent : value;
            source += value * self_strides[i];
        }
        memcpy(static_cast<char *>(out.data) + destination * static_cast<int64_t>(size),
               static_cast<const char *>(self.data) + source * static_cast<int64_t>(size), size);
        for (int32_t o = rank - 1; o >= 0; --o) {
            if (++position[o] < out.sizes[o]) {
                break;
            }
            position[o] = 0;
        }
    }
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
