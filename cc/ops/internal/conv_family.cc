// Shared bodies of the convolution operators: unpack, check, call CMSIS-NN.
#include "cc/ops/internal/conv_family.h"

#include "arm_nnfunctions.h"

namespace cmops
{
namespace
{

// Arguments every convolution shares, in the order they are read.
struct Window {
    int32_t stride_h, stride_w;
    int32_t pad_h, pad_w;
    int32_t dilation_h, dilation_w;
};

// Per-channel requantization tensors, checked against the output channel count.
cmops_status requant_params(cmops_context *ctx, cmops_value *const *args, size_t mult_index,
                            int32_t channels, const ConvMessages &m,
                            cmsis_nn_per_channel_quant_params *params)
{
    cmops_tensor *multipliers = nullptr;
    cmops_tensor *shifts = nullptr;
    CMOPS_TRY(
        require_tensor(ctx, args, mult_index, CMOPS_DTYPE_INT32, -1, m.multipliers, &multipliers));
    CMOPS_TRY(require_tensor(ctx, args, mult_index + 1, CMOPS_DTYPE_INT32, -1, m.shifts, &shifts));
    CMOPS_TRY(require_requant_tensors(ctx, *multipliers, *shifts, channels, m.requant_shape,
                                      m.requant_range));
    params->multiplier = data_as<int32_t>(*multipliers);
    params->shift = data_as<int32_t>(*shifts);
    return CMOPS_OK;
}

cmops_status optional_bias(cmops_context *ctx, cmops_value *const *args, size_t index,
                           int32_t channels, const ConvMessages &m, const int32_t **bias)
{
    cmops_tensor *tensor = nullptr;
    CMOPS_TRY(optional_tensor(ctx, args, index, CMOPS_DTYPE_INT32, -1, m.bias, &tensor));
    CMOPS_REQUIRE(ctx, tensor == nullptr || numel(*tensor) == channels, CMOPS_ERR_SHAPE,
                  m.bias_shape);
    *bias = tensor != nullptr ? data_as<const int32_t>(*tensor) : nullptr;
    return CMOPS_OK;
}

cmops_status activation(cmops_context *ctx, cmops_value *const *args, size_t min_index,
                        const ConvMessages &m, cmsis_nn_activation *range)
{
    CMOPS_TRY(require_int(ctx, args, min_index, kInt8Min, kInt8Max, m.activation_min, &range->min));
    CMOPS_TRY(
        require_int(ctx, args, min_index + 1, range->min, kInt8Max, m.activation_max, &range->max));
    return CMOPS_OK;
}

cmops_status scratch_context(cmops_context *ctx, cmops_value *const *args, size_t index,
                             int32_t needed, const TensorMessages &tensor_messages,
                             const ConvMessages &m, cmsis_nn_context *scratch)
{
    cmops_tensor *tensor = nullptr;
    CMOPS_TRY(require_tensor(ctx, args, index, -1, -1, tensor_messages, &tensor));
    const size_t bytes = static_cast<size_t>(numel(*tensor)) * element_size(tensor->dtype);
    CMOPS_REQUIRE(ctx, needed >= 0 && bytes >= static_cast<size_t>(needed), CMOPS_ERR_SCRATCH,
                  m.scratch_size);
    scratch->buf = tensor->data;
    scratch->size = static_cast<int32_t>(bytes);
    return CMOPS_OK;
}

cmops_status image(cmops_context *ctx, cmops_value *const *args, size_t index, ImageLayout layout,
                   const TensorMessages &tensor_messages, const char *layout_message,
                   cmops_tensor **tensor, cmsis_nn_dims *dims)
{
    CMOPS_TRY(require_tensor(ctx, args, index, CMOPS_DTYPE_INT8, 4, tensor_messages, tensor));
    CMOPS_REQUIRE(ctx, image_dims(**tensor, layout, dims), CMOPS_ERR_LAYOUT, layout_message);
    return CMOPS_OK;
}

cmops_status window(cmops_context *ctx, cmops_value *const *args, size_t stride_index,
                    size_t padding_index, size_t dilation_index, const ConvMessages &m, Window *w)
{
    CMOPS_TRY(
        require_pair(ctx, args, stride_index, 1, INT16_MAX, m.stride, &w->stride_h, &w->stride_w));
    CMOPS_TRY(
        require_pair(ctx, args, padding_index, 0, INT16_MAX, m.padding, &w->pad_h, &w->pad_w));
    CMOPS_TRY(require_pair(ctx, args, dilation_index, 1, INT16_MAX, m.dilation, &w->dilation_h,
                           &w->dilation_w));
    return CMOPS_OK;
}

cmops_status weight_tensor(cmops_context *ctx, cmops_value *const *args, const ConvMessages &m,
                           cmops_tensor **weight)
{
    CMOPS_TRY(require_tensor(ctx, args, 1, CMOPS_DTYPE_INT8, 4, m.weight, weight));
    CMOPS_REQUIRE(ctx, is_contiguous(**weight), CMOPS_ERR_LAYOUT, m.weight_layout);
    return CMOPS_OK;
}

} // namespace

// quantized_conv2d(input, weight, bias, stride, padding, dilation, input_offset, output_offset,
//                  requantize_multipliers, requantize_shifts, activation_min, activation_max,
//                  scratch, *, out)
cmops_status conv2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                    ImageLayout layout, const ConvMessages &m)
{
    CMOPS_REQUIRE(ctx, args != nullptr && num_args == 14, CMOPS_ERR_ARG_COUNT, m.arg_count);
    cmops_tensor *input = nullptr;
    cmops_tensor *weight = nullptr;
    cmops_tensor *out = nullptr;
    cmsis_nn_dims input_dims{};
    cmsis_nn_dims output_dims{};
    CMOPS_TRY(image(ctx, args, 0, layout, m.input, m.input_layout, &input, &input_dims));
    CMOPS_TRY(weight_tensor(ctx, args, m, &weight));
    // Weight is OHWI; its last dimension is the channel count of one group.
    const cmsis_nn_dims filter_dims{weight->sizes[0], weight->sizes[1], weight->sizes[2],
                                    weight->sizes[3]};
    CMOPS_REQUIRE(ctx,
                  filter_dims.c > 0 && input_dims.c % filter_dims.c == 0 &&
                      filter_dims.n % (input_dims.c / filter_dims.c) == 0,
                  CMOPS_ERR_SHAPE, m.channels);
    const int32_t out_c = filter_dims.n;

    cmsis_nn_conv_params params{};
    Window w{};
    const int32_t *bias = nullptr;
    cmsis_nn_per_channel_quant_params quant{};
    CMOPS_TRY(optional_bias(ctx, args, 2, out_c, m, &bias));
    CMOPS_TRY(window(ctx, args, 3, 4, 5, m, &w));
    CMOPS_TRY(
        require_int(ctx, args, 6, kOffsetMin, kOffsetMax, m.input_offset, &params.input_offset));
    CMOPS_TRY(
        require_int(ctx, args, 7, kInt8Min, kInt8Max, m.output_offset, &params.output_offset));
    CMOPS_TRY(requant_params(ctx, args, 8, out_c, m, &quant));
    CMOPS_TRY(activation(ctx, args, 10, m, &params.activation));
    CMOPS_TRY(image(ctx, args, 13, layout, m.out, m.out_layout, &out, &output_dims));
    const int64_t out_h =
        sweep_output_size(input_dims.h, filter_dims.h, w.stride_h, w.pad_h, w.dilation_h, false);
    const int64_t out_w =
        sweep_output_size(input_dims.w, filter_dims.w, w.stride_w, w.pad_w, w.dilation_w, false);
    CMOPS_REQUIRE(ctx,
                  output_dims.n == input_dims.n && output_dims.h == out_h &&
                      output_dims.w == out_w && output_dims.c == out_c,
                  CMOPS_ERR_SHAPE, m.out_shape);

    params.stride = cmsis_nn_tile{w.stride_w, w.stride_h};
    params.padding = cmsis_nn_tile{w.pad_w, w.pad_h};
    params.dilation = cmsis_nn_tile{w.dilation_w, w.dilation_h};
    cmsis_nn_context scratch{};
    const int32_t needed =
        arm_convolve_wrapper_s8_get_buffer_size(&params, &input_dims, &filter_dims, &output_dims);
    CMOPS_TRY(scratch_context(ctx, args, 12, needed, m.scratch, m, &scratch));
    if (numel(*out) == 0) {
        return CMOPS_OK;
    }
    const cmsis_nn_dims bias_dims{1, 1, 1, out_c};
    const int status = arm_convolve_wrapper_s8(
        &scratch, &params, &quant, &input_dims, data_as<const int8_t>(*input), &filter_dims,
        data_as<const int8_t>(*weight), &bias_dims, bias, &output_dims, data_as<int8_t>(*out));
    return from_nn_status(ctx, status, m.kernel);
}

// quantized_depthwise_conv2d(input, weight, bias, stride, padding, dilation, depth_multiplier,
//     input_offset, output_offset, requantize_multipliers, requantize_shifts, activation_min,
//     activation_max, scratch, *, out)
cmops_status depthwise_conv2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                              ImageLayout layout, const ConvMessages &m)
{
    CMOPS_REQUIRE(ctx, args != nullptr && num_args == 15, CMOPS_ERR_ARG_COUNT, m.arg_count);
    cmops_tensor *input = nullptr;
    cmops_tensor *weight = nullptr;
    cmops_tensor *out = nullptr;
    cmsis_nn_dims input_dims{};
    cmsis_nn_dims output_dims{};
    CMOPS_TRY(image(ctx, args, 0, layout, m.input, m.input_layout, &input, &input_dims));
    CMOPS_TRY(weight_tensor(ctx, args, m, &weight));
    // Weight is IHWO: [1, KH, KW, C_OUT].
    const cmsis_nn_dims filter_dims{weight->sizes[0], weight->sizes[1], weight->sizes[2],
                                    weight->sizes[3]};
    const int32_t out_c = filter_dims.c;

    cmsis_nn_dw_conv_params params{};
    Window w{};
    const int32_t *bias = nullptr;
    cmsis_nn_per_channel_quant_params quant{};
    CMOPS_TRY(optional_bias(ctx, args, 2, out_c, m, &bias));
    CMOPS_TRY(window(ctx, args, 3, 4, 5, m, &w));
    CMOPS_TRY(require_int(ctx, args, 6, 1, INT16_MAX, m.depth_multiplier, &params.ch_mult));
    CMOPS_REQUIRE(ctx, filter_dims.n == 1 && out_c == input_dims.c * params.ch_mult,
                  CMOPS_ERR_SHAPE, m.channels);
    CMOPS_TRY(
        require_int(ctx, args, 7, kOffsetMin, kOffsetMax, m.input_offset, &params.input_offset));
    CMOPS_TRY(
        require_int(ctx, args, 8, kInt8Min, kInt8Max, m.output_offset, &params.output_offset));
    CMOPS_TRY(requant_params(ctx, args, 9, out_c, m, &quant));
    CMOPS_TRY(activation(ctx, args, 11, m, &params.activation));
    CMOPS_TRY(image(ctx, args, 14, layout, m.out, m.out_layout, &out, &output_dims));
    const int64_t out_h =
        sweep_output_size(input_dims.h, filter_dims.h, w.stride_h, w.pad_h, w.dilation_h, false);
    const int64_t out_w =
        sweep_output_size(input_dims.w, filter_dims.w, w.stride_w, w.pad_w, w.dilation_w, false);
    CMOPS_REQUIRE(ctx,
                  output_dims.n == input_dims.n && output_dims.h == out_h &&
                      output_dims.w == out_w && output_dims.c == out_c,
                  CMOPS_ERR_SHAPE, m.out_shape);

    params.stride = cmsis_nn_tile{w.stride_w, w.stride_h};
    params.padding = cmsis_nn_tile{w.pad_w, w.pad_h};
    params.dilation = cmsis_nn_tile{w.dilation_w, w.dilation_h};
    cmsis_nn_context scratch{};
    const int32_t needed = arm_depthwise_conv_wrapper_s8_get_buffer_size(
        &params, &input_dims, &filter_dims, &output_dims);
    CMOPS_TRY(scratch_context(ctx, args, 13, needed, m.scratch, m, &scratch));
    if (numel(*out) == 0) {
        return CMOPS_OK;
    }
    const cmsis_nn_dims bias_dims{1, 1, 1, out_c};
    const int status = arm_depthwise_conv_wrapper_s8(
        &scratch, &params, &quant, &input_dims, data_as<const int8_t>(*input), &filter_dims,
        data_as<const int8_t>(*weight), &bias_dims, bias, &output_dims, data_as<int8_t>(*out));
    return from_nn_status(ctx, status, m.kernel);
}

// quantized_transpose_conv2d(input, weight, bias, stride, padding, output_padding, dilation,
//     input_offset, output_offset, requantize_multipliers, requantize_shifts, activation_min,
//     activation_max, scratch, output_scratch, *, out)
cmops_status transpose_conv2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                              ImageLayout layout, const ConvMessages &m)
{
    CMOPS_REQUIRE(ctx, args != nullptr && num_args == 16, CMOPS_ERR_ARG_COUNT, m.arg_count);
    cmops_tensor *input = nullptr;
    cmops_tensor *weight = nullptr;
    cmops_tensor *out = nullptr;
    cmsis_nn_dims input_dims{};
    cmsis_nn_dims output_dims{};
    CMOPS_TRY(image(ctx, args, 0, layout, m.input, m.input_layout, &input, &input_dims));
    CMOPS_TRY(weight_tensor(ctx, args, m, &weight));
    // Weight is OHWI; transposed convolution here is ungrouped, so I = input channels.
    const cmsis_nn_dims filter_dims{weight->sizes[0], weight->sizes[1], weight->sizes[2],
                                    weight->sizes[3]};
    CMOPS_REQUIRE(ctx, filter_dims.c == input_dims.c, CMOPS_ERR_SHAPE, m.channels);
    const int32_t out_c = filter_dims.n;

    cmsis_nn_transpose_conv_params params{};
    Window w{};
    int32_t out_pad_h = 0;
    int32_t out_pad_w = 0;
    const int32_t *bias = nullptr;
    cmsis_nn_per_channel_quant_params quant{};
    CMOPS_TRY(optional_bias(ctx, args, 2, out_c, m, &bias));
    CMOPS_TRY(window(ctx, args, 3, 4, 6, m, &w));
    CMOPS_TRY(require_pair(ctx, args, 5, 0, INT16_MAX, m.output_padding, &out_pad_h, &out_pad_w));
    CMOPS_TRY(
        require_int(ctx, args, 7, kOffsetMin, kOffsetMax, m.input_offset, &params.input_offset));
    CMOPS_TRY(
        require_int(ctx, args, 8, kInt8Min, kInt8Max, m.output_offset, &params.output_offset));
    CMOPS_TRY(requant_params(ctx, args, 9, out_c, m, &quant));
    CMOPS_TRY(activation(ctx, args, 11, m, &params.activation));
    CMOPS_TRY(image(ctx, args, 15, layout, m.out, m.out_layout, &out, &output_dims));
    const int64_t out_h = (static_cast<int64_t>(input_dims.h) - 1) * w.stride_h - 2 * w.pad_h +
                          static_cast<int64_t>(w.dilation_h) * (filter_dims.h - 1) + out_pad_h + 1;
    const int64_t out_w = (static_cast<int64_t>(input_dims.w) - 1) * w.stride_w - 2 * w.pad_w +
                          static_cast<int64_t>(w.dilation_w) * (filter_dims.w - 1) + out_pad_w + 1;
    CMOPS_REQUIRE(ctx,
                  output_dims.n == input_dims.n && output_dims.h == out_h &&
                      output_dims.w == out_w && output_dims.c == out_c,
                  CMOPS_ERR_SHAPE, m.out_shape);

    params.stride = cmsis_nn_tile{w.stride_w, w.stride_h};
    params.padding = cmsis_nn_tile{w.pad_w, w.pad_h};
    params.padding_offsets = cmsis_nn_tile{out_pad_w, out_pad_h};
    params.dilation = cmsis_nn_tile{w.dilation_w, w.dilation_h};
    cmsis_nn_context scratch{};
    cmsis_nn_context output_scratch{};
    CMOPS_TRY(scratch_context(
        ctx, args, 13,
        arm_transpose_conv_s8_get_buffer_size(&params, &input_dims, &filter_dims, &output_dims),
        m.scratch, m, &scratch));
    CMOPS_TRY(scratch_context(
        ctx, args, 14,
        arm_transpose_conv_s8_get_reverse_conv_buffer_size(&params, &input_dims, &filter_dims),
        m.output_scratch, m, &output_scratch));
    if (numel(*out) == 0) {
        return CMOPS_OK;
    }
    const cmsis_nn_dims bias_dims{1, 1, 1, out_c};
    const int status = arm_transpose_conv_s8(&scratch, &output_scratch, &params, &quant,
                                             &input_dims, data_as<const int8_t>(*input),
                                             &filter_dims, data_as<const int8_t>(*weight),
                                             &bias_dims, bias, &output_dims, data_as<int8_t>(*out));
    return from_nn_status(ctx, status, m.kernel);
}

} // namespace cmops
