// Shared bodies of the pooling operators: check, call CMSIS-NN.
#include "cc/ops/internal/pool_family.h"

#include "arm_nnfunctions.h"
#include "cc/ops/op_glue.h"

namespace cmops
{
namespace
{

namespace avg = arg::quantized_avg_pool2d_out;
namespace max = arg::quantized_max_pool2d_out;

// The `_nhwc` forms share their legacy form's schema, so errors may use the legacy indices.
static_assert(avg::out == arg::quantized_avg_pool2d_nhwc_out::out &&
                  avg::scratch == arg::quantized_avg_pool2d_nhwc_out::scratch &&
                  avg::shift == arg::quantized_avg_pool2d_nhwc_out::shift,
              "quantized_avg_pool2d and its _nhwc form share their schema");
static_assert(max::out == arg::quantized_max_pool2d_nhwc_out::out &&
                  max::activation_max == arg::quantized_max_pool2d_nhwc_out::activation_max &&
                  max::dilation == arg::quantized_max_pool2d_nhwc_out::dilation,
              "quantized_max_pool2d and its _nhwc form share their schema");
static_assert(avg::input == max::input && avg::kernel_size == max::kernel_size &&
                  avg::stride == max::stride && avg::padding == max::padding,
              "the pooling schemas share their first four arguments");

cmops_status image(cmops_context *ctx, const cmops_tensor &tensor, ImageLayout layout, int32_t arg,
                   cmsis_nn_dims *dims)
{
    CMOPS_TRY(expect_tensor(ctx, tensor, CMOPS_DTYPE_INT8, 4, arg));
    CMOPS_REQUIRE(ctx, image_dims(tensor, layout, dims), CMOPS_ERR_LAYOUT, arg);
    return CMOPS_OK;
}

// kernel_size, stride (empty means the kernel size, as in torch), padding.
cmops_status pool_window(cmops_context *ctx, const cmops_int_list &kernel_size,
                         const cmops_int_list &stride_list, const cmops_int_list &padding,
                         cmsis_nn_dims *filter, cmsis_nn_pool_params *params)
{
    int32_t kernel_h = 0;
    int32_t kernel_w = 0;
    CMOPS_TRY(
        pair_in_range(ctx, kernel_size, 1, INT16_MAX, avg::kernel_size, &kernel_h, &kernel_w));
    int32_t stride[2] = {};
    size_t stride_length = 0;
    CMOPS_TRY(int_list_in_range(ctx, stride_list, 0, 2, 1, INT16_MAX, avg::stride, stride,
                                &stride_length));
    int32_t pad_h = 0;
    int32_t pad_w = 0;
    CMOPS_TRY(pair_in_range(ctx, padding, 0, INT16_MAX, avg::padding, &pad_h, &pad_w));
    *filter = cmsis_nn_dims{1, kernel_h, kernel_w, 1};
    params->stride = stride_length == 0   ? cmsis_nn_tile{kernel_w, kernel_h}
                     : stride_length == 1 ? cmsis_nn_tile{stride[0], stride[0]}
                                          : cmsis_nn_tile{stride[1], stride[0]};
    params->padding = cmsis_nn_tile{pad_w, pad_h};
    return CMOPS_OK;
}

cmops_status check_output(cmops_context *ctx, const cmsis_nn_dims &input,
                          const cmsis_nn_dims &filter, const cmsis_nn_pool_params &params,
                          bool ceil_mode, const cmsis_nn_dims &output, int32_t out_arg)
{
    const int64_t out_h =
        sweep_output_size(input.h, filter.h, params.stride.h, params.padding.h, 1, ceil_mode);
    const int64_t out_w =
        sweep_output_size(input.w, filter.w, params.stride.w, params.padding.w, 1, ceil_mode);
    CMOPS_REQUIRE(
        ctx, output.n == input.n && output.c == input.c && output.h == out_h && output.w == out_w,
        CMOPS_ERR_SHAPE, out_arg);
    return CMOPS_OK;
}

} // namespace

cmops_status avg_pool2d(cmops_context *ctx, const AvgPoolArgs &a, ImageLayout layout)
{
    cmsis_nn_dims input_dims{};
    cmsis_nn_dims output_dims{};
    cmsis_nn_dims filter_dims{};
    cmsis_nn_pool_params params{};
    int32_t checked = 0;
    CMOPS_TRY(image(ctx, a.input, layout, avg::input, &input_dims));
    CMOPS_TRY(pool_window(ctx, a.kernel_size, a.stride, a.padding, &filter_dims, &params));
    // Input and output share one scale and zero point, so the integer mean needs neither;
    // they are checked for range and sign only.
    CMOPS_TRY(int_in_range(ctx, a.zero_point, kInt8Min, kInt8Max, avg::zero_point, &checked));
    CMOPS_TRY(int_in_range(ctx, a.multiplier, 1, INT32_MAX, avg::multiplier, &checked));
    CMOPS_TRY(int_in_range(ctx, a.shift, INT32_MIN, INT32_MAX, avg::shift, &checked));
    CMOPS_TRY(image(ctx, a.out, layout, avg::out, &output_dims));
    CMOPS_TRY(
        check_output(ctx, input_dims, filter_dims, params, a.ceil_mode, output_dims, avg::out));
    CMOPS_TRY(scratch_holds(
        ctx, a.scratch, arm_avgpool_s8_get_buffer_size(output_dims.w, input_dims.c), avg::scratch));
    if (numel(a.out) == 0 || checking_only(ctx)) {
        return CMOPS_OK;
    }
    params.activation = cmsis_nn_activation{INT8_MIN, INT8_MAX};
    const cmsis_nn_context scratch{a.scratch.data, static_cast<int32_t>(byte_size(a.scratch))};
    const int status =
        arm_avgpool_s8(&scratch, &params, &input_dims, data_as<const int8_t>(a.input), &filter_dims,
                       &output_dims, data_as<int8_t>(a.out));
    // The one refusal left to the kernel: a window entirely in the padding.
    return from_nn_status(ctx, status, avg::padding);
}

cmops_status max_pool2d(cmops_context *ctx, const MaxPoolArgs &a, ImageLayout layout)
{
    cmsis_nn_dims input_dims{};
    cmsis_nn_dims output_dims{};
    cmsis_nn_dims filter_dims{};
    cmsis_nn_pool_params params{};
    int32_t dilation_h = 0;
    int32_t dilation_w = 0;
    int32_t input_zp = 0;
    int32_t output_zp = 0;
    CMOPS_TRY(image(ctx, a.input, layout, max::input, &input_dims));
    CMOPS_TRY(pool_window(ctx, a.kernel_size, a.stride, a.padding, &filter_dims, &params));
    CMOPS_TRY(
        pair_in_range(ctx, a.dilation, 1, INT16_MAX, max::dilation, &dilation_h, &dilation_w));
    // As in the reference: no dilation, no ceil_mode.
    CMOPS_REQUIRE(ctx, dilation_h == 1 && dilation_w == 1, CMOPS_ERR_UNSUPPORTED, max::dilation);
    CMOPS_REQUIRE(ctx, !a.ceil_mode, CMOPS_ERR_UNSUPPORTED, max::ceil_mode);
    CMOPS_TRY(int_in_range(ctx, a.input_zero_point, kInt8Min, kInt8Max, max::input_zero_point,
                           &input_zp));
    CMOPS_TRY(int_in_range(ctx, a.output_zero_point, kInt8Min, kInt8Max, max::output_zero_point,
                           &output_zp));
    // Max pooling commutes with the affine map only when both sides share it.
    CMOPS_REQUIRE(ctx, input_zp == output_zp, CMOPS_ERR_PARAM, max::output_zero_point);
    CMOPS_TRY(int_in_range(ctx, a.activation_min, kInt8Min, kInt8Max, max::activation_min,
                           &params.activation.min));
    CMOPS_TRY(int_in_range(ctx, a.activation_max, params.activation.min, kInt8Max,
                           max::activation_max, &params.activation.max));
    CMOPS_TRY(image(ctx, a.out, layout, max::out, &output_dims));
    CMOPS_TRY(check_output(ctx, input_dims, filter_dims, params, false, output_dims, max::out));
    if (numel(a.out) == 0 || checking_only(ctx)) {
        return CMOPS_OK;
    }
    const cmsis_nn_context no_scratch{nullptr, 0};
    const int status =
        arm_max_pool_s8(&no_scratch, &params, &input_dims, data_as<const int8_t>(a.input),
                        &filter_dims, &output_dims, data_as<int8_t>(a.out));
    return from_nn_status(ctx, status, max::input);
}

} // namespace cmops
