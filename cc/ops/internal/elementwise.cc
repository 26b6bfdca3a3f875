// Broadcasting walk over one or two inputs and an output in any dim orders.
#include "cc/ops/internal/elementwise.h"

#include "cc/ops/internal/op_support.h"

namespace cmops
{

// Strides of `input` along each output dimension, 0 where it broadcasts.
static bool broadcast_strides(const cmops_tensor &input, const cmops_tensor &out,
                              int64_t strides[CMOPS_MAX_DIM])
{
    if (input.dim > out.dim) {
        return false;
    }
    int64_t own[CMOPS_MAX_DIM] = {};
    element_strides(input, own);
    const int32_t lead = out.dim - input.dim;
    for (int32_t d = 0; d < out.dim; ++d) {
        strides[d] = 0;
        if (d < lead) {
            continue;
        }
        const int32_t size = input.sizes[d - lead];
        if (size == out.sizes[d]) {
            strides[d] = size == 1 ? 0 : own[d - lead];
        } else if (size != 1) {
            return false;
        }
    }
    return true;
}

bool plan_elementwise(const cmops_tensor &a, const cmops_tensor *b, const cmops_tensor &out,
                      ElementwiseLoop *loop)
{
    int64_t out_strides[CMOPS_MAX_DIM] = {};
    int64_t a_strides[CMOPS_MAX_DIM] = {};
    int64_t b_strides[CMOPS_MAX_DIM] = {};
    element_strides(out, out_strides);
    if (!broadcast_strides(a, out, a_strides) ||
        (b != nullptr && !broadcast_strides(*b, out, b_strides))) {
        return false;
    }

    // The output's non-trivial dimensions in memory order, outermost first.
    int32_t dims[CMOPS_MAX_DIM] = {};
    int32_t rank = 0;
    for (int32_t i = 0; i < out.dim; ++i) {
        const int32_t d = out.dim_order[i];
        if (out.sizes[d] == 0) {
            loop->run_length = 0;
            loop->outer_rank = 0;
            return true;
        }
        if (out.sizes[d] != 1) {
            dims[rank++] = d;
        }
    }

    loop->run_length = 1;
    loop->a_run_step = 0;
    loop->b_run_step = 0;
    if (rank > 0) {
        // Grow the run outwards from the innermost dimension while every operand keeps a
        // uniform step (output 1; each input 1 or 0).
        const int32_t inner = dims[rank - 1];
        const int64_t a_step = a_strides[inner];
        const int64_t b_step = b_strides[inner];
        if (out_strides[inner] == 1 && (a_step == 0 || a_step == 1) &&
            (b_step == 0 || b_step == 1)) {
            loop->a_run_step = a_step;
            loop->b_run_step = b_step;
            while (rank > 0) {
                const int32_t d = dims[rank - 1];
                const int64_t n = loop->run_length;
                if (out_strides[d] != n || a_strides[d] != a_step * n ||
                    b_strides[d] != b_step * n) {
                    break;
                }
                loop->run_length *= out.sizes[d];
                --rank;
            }
        }
    }
    loop->outer_rank = rank;
    for (int32_t i = 0; i < rank; ++i) {
        loop->outer_sizes[i] = out.sizes[dims[i]];
        loop->out_strides[i] = out_strides[dims[i]];
        loop->a_strides[i] = a_strides[dims[i]];
        loop->b_strides[i] = b_strides[dims[i]];
    }
    return true;
}

bool is_broadcast_result(const cmops_tensor &a, const cmops_tensor &b, const cmops_tensor &out)
{
    if (out.dim < a.dim || out.dim < b.dim || (out.dim > a.dim && out.dim > b.dim)) {
        return false;
    }
    for (int32_t d = 0; d < out.dim; ++d) {
        const int32_t da = d - (out.dim - a.dim);
        const int32_t db = d - (out.dim - b.dim);
        const int32_t size_a = da >= 0 ? a.sizes[da] : 1;
        const int32_t size_b = db >= 0 ? b.sizes[db] : 1;
        const int32_t expected = size_a == 1 ? size_b : size_a;
        if (out.sizes[d] != expected || (size_a != 1 && size_b != 1 && size_a != size_b)) {
            return false;
        }
    }
    return true;
}

} // namespace cmops
