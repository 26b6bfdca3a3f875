// Shared bodies of the convolution operators: check, call CMSIS-NN.
#include "cc/ops/internal/conv_family.h"

#include "arm_nnfunctions.h"
#include "cc/ops/op_glue.h"

namespace cmops
{
namespace
{

namespace conv = arg::quantized_conv2d_out;
namespace dw = arg::quantized_depthwise_conv2d_out;
namespace tconv = arg::quantized_transpose_conv2d_out;

// Argument indices of one convolution schema: the three differ after `dilation`.
struct ConvIndices {
    int32_t dilation;
    int32_t input_offset;
    int32_t output_offset;
    int32_t multipliers;
    int32_t shifts;
    int32_t activation_min;
    int32_t activation_max;
    int32_t scratch;
    int32_t out;
};

constexpr ConvIndices kConv{conv::dilation,
                            conv::input_offset,
                            conv::output_offset,
                            conv::requantize_multipliers,
                            conv::requantize_shifts,
                            conv::activation_min,
                            conv::activation_max,
                            conv::scratch,
                            conv::out};
constexpr ConvIndices kDepthwise{dw::dilation,
                                 dw::input_offset,
                                 dw::output_offset,
                                 dw::requantize_multipliers,
                                 dw::requantize_shifts,
                                 dw::activation_min,
                                 dw::activation_max,
                                 dw::scratch,
                                 dw::out};
constexpr ConvIndices kTranspose{tconv::dilation,
                                 tconv::input_offset,
                                 tconv::output_offset,
                                 tconv::requantize_multipliers,
                                 tconv::requantize_shifts,
                                 tconv::activation_min,
                                 tconv::activation_max,
                                 tconv::scratch,
                                 tconv::out};

// The `_nhwc` forms share their legacy form's schema, so errors may use the legacy indices.
#define CMOPS_SAME_SCHEMA(a, b)                                                                    \
    static_assert(arg::a::input == arg::b::input && arg::a::bias == arg::b::bias &&                \
                      arg::a::dilation == arg::b::dilation &&                                      \
                      arg::a::requantize_shifts == arg::b::requantize_shifts &&                    \
                      arg::a::scratch == arg::b::scratch && arg::a::out == arg::b::out,            \
                  #a " and " #b " must share their schema")
CMOPS_SAME_SCHEMA(quantized_conv2d_out, quantized_conv2d_nhwc_out);
CMOPS_SAME_SCHEMA(quantized_depthwise_conv2d_out, quantized_depthwise_conv2d_nhwc_out);
CMOPS_SAME_SCHEMA(quantized_transpose_conv2d_out, quantized_transpose_conv2d_nhwc_out);
#undef CMOPS_SAME_SCHEMA

// input, weight, bias, stride and padding sit at the same indices in all three schemas.
static_assert(conv::input == dw::input && conv::input == tconv::input, "schema order");
static_assert(conv::weight == dw::weight && conv::weight == tconv::weight, "schema order");
static_assert(conv::bias == dw::bias && conv::bias == tconv::bias, "schema order");
static_assert(conv::stride == dw::stride && conv::stride == tconv::stride, "schema order");
static_assert(conv::padding == dw::padding && conv::padding == tconv::padding, "schema order");

struct Window {
    int32_t stride_h, stride_w;
    int32_t pad_h, pad_w;
    int32_t dilation_h, dilation_w;
};

cmops_status image(cmops_context *ctx, const cmops_tensor &tensor, ImageLayout layout, int32_t arg,
                   cmsis_nn_dims *dims)
{
    CMOPS_TRY(expect_tensor(ctx, tensor, CMOPS_DTYPE_INT8, 4, arg));
    CMOPS_REQUIRE(ctx, image_dims(tensor, layout, dims), CMOPS_ERR_LAYOUT, arg);
    return CMOPS_OK;
}

// Everything the three bodies check alike: shapes of input/weight/out, bias, window,
// offsets, requantization and activation range.
struct Checked {
    cmsis_nn_dims input;
    cmsis_nn_dims filter;
    cmsis_nn_dims output;
    Window window;
    int32_t input_offset;
    int32_t output_offset;
    cmsis_nn_activation activation;
    const int32_t *bias;
    cmsis_nn_per_channel_quant_params quant;
};

cmops_status check_common(cmops_context *ctx, const ConvArgs &a, ImageLayout layout,
                          const ConvIndices &ix, Checked *c)
{
    CMOPS_TRY(image(ctx, a.input, layout, conv::input, &c->input));
    CMOPS_TRY(expect_tensor(ctx, a.weight, CMOPS_DTYPE_INT8, 4, conv::weight));
    CMOPS_REQUIRE(ctx, is_contiguous(a.weight), CMOPS_ERR_LAYOUT, conv::weight);
    c->filter =
        cmsis_nn_dims{a.weight.sizes[0], a.weight.sizes[1], a.weight.sizes[2], a.weight.sizes[3]};
    CMOPS_TRY(pair_in_range(ctx, a.stride, 1, INT16_MAX, conv::stride, &c->window.stride_h,
                            &c->window.stride_w));
    CMOPS_TRY(pair_in_range(ctx, a.padding, 0, INT16_MAX, conv::padding, &c->window.pad_h,
                            &c->window.pad_w));
    CMOPS_TRY(pair_in_range(ctx, a.dilation, 1, INT16_MAX, ix.dilation, &c->window.dilation_h,
                            &c->window.dilation_w));
    CMOPS_TRY(int_in_range(ctx, a.input_offset, kOffsetMin, kOffsetMax, ix.input_offset,
                           &c->input_offset));
    CMOPS_TRY(int_in_range(ctx, a.output_offset, kInt8Min, kInt8Max, ix.output_offset,
                           &c->output_offset));
    CMOPS_TRY(int_in_range(ctx, a.activation_min, kInt8Min, kInt8Max, ix.activation_min,
                           &c->activation.min));
    CMOPS_TRY(int_in_range(ctx, a.activation_max, c->activation.min, kInt8Max, ix.activation_max,
                           &c->activation.max));
    CMOPS_TRY(image(ctx, a.out, layout, ix.out, &c->output));
    return CMOPS_OK;
}

// Bias and requantization tensors: one entry per output channel.
cmops_status check_channels(cmops_context *ctx, const ConvArgs &a, const ConvIndices &ix,
                            int32_t out_c, Checked *c)
{
    if (a.bias != nullptr) {
        CMOPS_TRY(expect_tensor(ctx, *a.bias, CMOPS_DTYPE_INT32, -1, conv::bias));
        CMOPS_REQUIRE(ctx, numel(*a.bias) == out_c, CMOPS_ERR_SHAPE, conv::bias);
    }
    c->bias = a.bias != nullptr ? data_as<const int32_t>(*a.bias) : nullptr;
    CMOPS_TRY(requant_tensors(ctx, a.requantize_multipliers, a.requantize_shifts, out_c,
                              ix.multipliers, ix.shifts));
    c->quant.multiplier = data_as<int32_t>(a.requantize_multipliers);
    c->quant.shift = data_as<int32_t>(a.requantize_shifts);
    return CMOPS_OK;
}

cmops_status check_output_shape(cmops_context *ctx, const Checked &c, int64_t out_h, int64_t out_w,
                                int32_t out_c, int32_t out_arg)
{
    CMOPS_REQUIRE(ctx,
                  c.output.n == c.input.n && c.output.h == out_h && c.output.w == out_w &&
                      c.output.c == out_c,
                  CMOPS_ERR_SHAPE, out_arg);
    return CMOPS_OK;
}

cmsis_nn_context scratch_buffer(cmops_tensor &scratch)
{
    return cmsis_nn_context{scratch.data, static_cast<int32_t>(byte_size(scratch))};
}

} // namespace

cmops_status conv2d(cmops_context *ctx, const ConvArgs &a, ImageLayout layout)
{
    Checked c{};
    CMOPS_TRY(check_common(ctx, a, layout, kConv, &c));
    // Weight is OHWI; its last dimension is the channel count of one group.
    CMOPS_REQUIRE(ctx,
                  c.filter.c > 0 && c.input.c % c.filter.c == 0 &&
                      c.filter.n % (c.input.c / c.filter.c) == 0,
                  CMOPS_ERR_SHAPE, conv::weight);
    const int32_t out_c = c.filter.n;
    CMOPS_TRY(check_channels(ctx, a, kConv, out_c, &c));
    const Window &w = c.window;
    CMOPS_TRY(check_output_shape(
        ctx, c, sweep_output_size(c.input.h, c.filter.h, w.stride_h, w.pad_h, w.dilation_h, false),
        sweep_output_size(c.input.w, c.filter.w, w.stride_w, w.pad_w, w.dilation_w, false), out_c,
        conv::out));

    cmsis_nn_conv_params params{};
    params.input_offset = c.input_offset;
    params.output_offset = c.output_offset;
    params.activation = c.activation;
    params.stride = cmsis_nn_tile{w.stride_w, w.stride_h};
    params.padding = cmsis_nn_tile{w.pad_w, w.pad_h};
    params.dilation = cmsis_nn_tile{w.dilation_w, w.dilation_h};
    CMOPS_TRY(scratch_holds(
        ctx, a.scratch,
        arm_convolve_wrapper_s8_get_buffer_size(&params, &c.input, &c.filter, &c.output),
        conv::scratch));
    if (numel(a.out) == 0 || checking_only(ctx)) {
        return CMOPS_OK;
    }
    const cmsis_nn_context scratch = scratch_buffer(a.scratch);
    const cmsis_nn_dims bias_dims{1, 1, 1, out_c};
    const int status = arm_convolve_wrapper_s8(
        &scratch, &params, &c.quant, &c.input, data_as<const int8_t>(a.input), &c.filter,
        data_as<const int8_t>(a.weight), &bias_dims, c.bias, &c.output, data_as<int8_t>(a.out));
    return from_nn_status(ctx, status, conv::requantize_shifts);
}

cmops_status depthwise_conv2d(cmops_context *ctx, const ConvArgs &a, int64_t depth_multiplier,
                              ImageLayout layout)
{
    Checked c{};
    CMOPS_TRY(check_common(ctx, a, layout, kDepthwise, &c));
    // Weight is IHWO: [1, KH, KW, C_OUT].
    const int32_t out_c = c.filter.c;
    cmsis_nn_dw_conv_params params{};
    CMOPS_TRY(
        int_in_range(ctx, depth_multiplier, 1, INT16_MAX, dw::depth_multiplier, &params.ch_mult));
    CMOPS_REQUIRE(ctx, c.filter.n == 1 && out_c == c.input.c * params.ch_mult, CMOPS_ERR_SHAPE,
                  dw::weight);
    CMOPS_TRY(check_channels(ctx, a, kDepthwise, out_c, &c));
    const Window &w = c.window;
    CMOPS_TRY(check_output_shape(
        ctx, c, sweep_output_size(c.input.h, c.filter.h, w.stride_h, w.pad_h, w.dilation_h, false),
        sweep_output_size(c.input.w, c.filter.w, w.stride_w, w.pad_w, w.dilation_w, false), out_c,
        dw::out));

    params.input_offset = c.input_offset;
    params.output_offset = c.output_offset;
    params.activation = c.activation;
    params.stride = cmsis_nn_tile{w.stride_w, w.stride_h};
    params.padding = cmsis_nn_tile{w.pad_w, w.pad_h};
    params.dilation = cmsis_nn_tile{w.dilation_w, w.dilation_h};
    CMOPS_TRY(scratch_holds(
        ctx, a.scratch,
        arm_depthwise_conv_wrapper_s8_get_buffer_size(&params, &c.input, &c.filter, &c.output),
        dw::scratch));
    if (numel(a.out) == 0 || checking_only(ctx)) {
        return CMOPS_OK;
    }
    const cmsis_nn_context scratch = scratch_buffer(a.scratch);
    const cmsis_nn_dims bias_dims{1, 1, 1, out_c};
    const int status = arm_depthwise_conv_wrapper_s8(
        &scratch, &params, &c.quant, &c.input, data_as<const int8_t>(a.input), &c.filter,
        data_as<const int8_t>(a.weight), &bias_dims, c.bias, &c.output, data_as<int8_t>(a.out));
    return from_nn_status(ctx, status, dw::requantize_shifts);
}

cmops_status transpose_conv2d(cmops_context *ctx, const ConvArgs &a,
                              const cmops_int_list &output_padding, cmops_tensor &output_scratch,
                              ImageLayout layout)
{
    Checked c{};
    CMOPS_TRY(check_common(ctx, a, layout, kTranspose, &c));
    // Weight is OHWI; transposed convolution here is ungrouped, so I = input channels.
    CMOPS_REQUIRE(ctx, c.filter.c == c.input.c, CMOPS_ERR_SHAPE, tconv::weight);
    const int32_t out_c = c.filter.n;
    int32_t out_pad_h = 0;
    int32_t out_pad_w = 0;
    CMOPS_TRY(pair_in_range(ctx, output_padding, 0, INT16_MAX, tconv::output_padding, &out_pad_h,
                            &out_pad_w));
    CMOPS_TRY(check_channels(ctx, a, kTranspose, out_c, &c));
    const Window &w = c.window;
    const int64_t out_h = (static_cast<int64_t>(c.input.h) - 1) * w.stride_h - 2 * w.pad_h +
                          static_cast<int64_t>(w.dilation_h) * (c.filter.h - 1) + out_pad_h + 1;
    const int64_t out_w = (static_cast<int64_t>(c.input.w) - 1) * w.stride_w - 2 * w.pad_w +
                          static_cast<int64_t>(w.dilation_w) * (c.filter.w - 1) + out_pad_w + 1;
    CMOPS_TRY(check_output_shape(ctx, c, out_h, out_w, out_c, tconv::out));

    cmsis_nn_transpose_conv_params params{};
    params.input_offset = c.input_offset;
    params.output_offset = c.output_offset;
    params.activation = c.activation;
    params.stride = cmsis_nn_tile{w.stride_w, w.stride_h};
    params.padding = cmsis_nn_tile{w.pad_w, w.pad_h};
    params.padding_offsets = cmsis_nn_tile{out_pad_w, out_pad_h};
    params.dilation = cmsis_nn_tile{w.dilation_w, w.dilation_h};
    CMOPS_TRY(scratch_holds(
        ctx, a.scratch,
        arm_transpose_conv_s8_get_buffer_size(&params, &c.input, &c.filter, &c.output),
        tconv::scratch));
    CMOPS_TRY(scratch_holds(
        ctx, output_scratch,
        arm_transpose_conv_s8_get_reverse_conv_buffer_size(&params, &c.input, &c.filter),
        tconv::output_scratch));
    if (numel(a.out) == 0 || checking_only(ctx)) {
        return CMOPS_OK;
    }
    const cmsis_nn_context scratch = scratch_buffer(a.scratch);
    const cmsis_nn_context reverse = scratch_buffer(output_scratch);
    const cmsis_nn_dims bias_dims{1, 1, 1, out_c};
    const int status = arm_transpose_conv_s8(
        &scratch, &reverse, &params, &c.quant, &c.input, data_as<const int8_t>(a.input), &c.filter,
        data_as<const int8_t>(a.weight), &bias_dims, c.bias, &c.output, data_as<int8_t>(a.out));
    return from_nn_status(ctx, status, tconv::requantize_shifts);
}

} // namespace cmops
