// cortex_m::pad.out: constant padding of an int8 tensor (up to 4 dims) through CMSIS-NN's
// arm_pad_s8.
//
// pre_pad and post_pad hold 4 entries in the reference's "physical" order: NHWC when the input
// counts as channels-last by the reference's rule (rank 4 and C == 1, or H == W == 1, or a dim
// order starting {0, 2}), otherwise logical order right-aligned to 4 dims.
#include <stdint.h>

#include "arm_nnfunctions.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{
namespace
{

// The reference's is_channels_last (passes_utils.py), which decides how the pads are ordered.
bool reference_is_channels_last(const cmops_tensor &tensor)
{
    if (tensor.dim != 4) {
        return false;
    }
    if (tensor.sizes[1] == 1 || (tensor.sizes[2] == 1 && tensor.sizes[3] == 1)) {
        return true;
    }
    return tensor.dim_order[0] == 0 && tensor.dim_order[1] == 2;
}

} // namespace

namespace args = arg::pad_out;

cmops_status pad_out(cmops_context *ctx, const cmops_tensor &input_tensor, cmops_int_list pre_pad,
                     cmops_int_list post_pad, int64_t pad_value_arg, cmops_tensor &out_tensor)
{
    const cmops_tensor *input = &input_tensor;
    cmops_tensor *out = &out_tensor;
    int32_t pre[4] = {};
    int32_t post[4] = {};
    size_t length = 0;
    int32_t pad_value = 0;
    CMOPS_TRY(expect_tensor(ctx, *input, CMOPS_DTYPE_INT8, -1, args::input));
    CMOPS_REQUIRE(ctx, input->dim >= 1 && input->dim <= 4, CMOPS_ERR_RANK, args::input);
    CMOPS_TRY(int_list_in_range(ctx, pre_pad, 4, 4, 0, INT16_MAX, args::pre_pad, pre, &length));
    CMOPS_TRY(int_list_in_range(ctx, post_pad, 4, 4, 0, INT16_MAX, args::post_pad, post, &length));
    CMOPS_TRY(int_in_range(ctx, pad_value_arg, kInt8Min, kInt8Max, args::pad_value, &pad_value));
    CMOPS_TRY(expect_tensor(ctx, *out, CMOPS_DTYPE_INT8, input->dim, args::out));

    // Padding of each logical dimension of input.
    const int32_t rank = input->dim;
    int32_t logical_pre[4] = {};
    int32_t logical_post[4] = {};
    if (reference_is_channels_last(*input)) {
        static const int32_t kNhwcPosition[4] = {0, 3, 1, 2}; // logical NCHW -> NHWC slot
        for (int32_t d = 0; d < 4; ++d) {
            logical_pre[d] = pre[kNhwcPosition[d]];
            logical_post[d] = post[kNhwcPosition[d]];
        }
    } else {
        // Only the last `rank` entries describe input's dimensions.
        for (int32_t d = 0; d < rank; ++d) {
            logical_pre[d] = pre[4 - rank + d];
            logical_post[d] = post[4 - rank + d];
        }
    }
    for (int32_t d = 0; d < rank; ++d) {
        CMOPS_REQUIRE(ctx, out->sizes[d] == input->sizes[d] + logical_pre[d] + logical_post[d],
                      CMOPS_ERR_SHAPE, args::out);
    }
    // One memory order must describe both tensors so a 4-D NHWC pad can do the work.
    CMOPS_REQUIRE(ctx, layout_matches(*input, out->dim_order), CMOPS_ERR_LAYOUT, args::out);
    if (numel(*out) == 0 || checking_only(ctx)) {
        return CMOPS_OK;
    }
    if (numel(*input) == 0) {
        // Nothing to copy: the output is all padding.
        int8_t *o = data_as<int8_t>(*out);
        for (int64_t i = 0; i < numel(*out); ++i) {
            o[i] = static_cast<int8_t>(pad_value);
        }
        return CMOPS_OK;
    }

    // Memory-ordered dimensions, padded to 4 with leading size-1 dimensions.
    int32_t sizes[4] = {1, 1, 1, 1};
    int32_t before[4] = {};
    int32_t after[4] = {};
    const int32_t lead = 4 - rank;
    for (int32_t k = 0; k < rank; ++k) {
        const int32_t d = out->dim_order[k];
        sizes[lead + k] = input->sizes[d];
        before[lead + k] = logical_pre[d];
        after[lead + k] = logical_post[d];
    }
    const cmsis_nn_dims input_size{sizes[0], sizes[1], sizes[2], sizes[3]};
    const cmsis_nn_dims pre_dims{before[0], before[1], before[2], before[3]};
    const cmsis_nn_dims post_dims{after[0], after[1], after[2], after[3]};
    const int status =
        arm_pad_s8(data_as<const int8_t>(*input), data_as<int8_t>(*out),
                   static_cast<int8_t>(pad_value), &input_size, &pre_dims, &post_dims);
    return from_nn_status(ctx, status, args::pre_pad);
}

} // namespace cmops
