// Shared bodies of the pooling operators: unpack, check, call CMSIS-NN.
#include "cc/ops/internal/pool_family.h"

#include "arm_nnfunctions.h"

namespace cmops
{
namespace
{

cmops_status image(cmops_context *ctx, cmops_value *const *args, size_t index, ImageLayout layout,
                   const TensorMessages &tensor_messages, const char *layout_message,
                   cmops_tensor **tensor, cmsis_nn_dims *dims)
{
    CMOPS_TRY(require_tensor(ctx, args, index, CMOPS_DTYPE_INT8, 4, tensor_messages, tensor));
    CMOPS_REQUIRE(ctx, image_dims(**tensor, layout, dims), CMOPS_ERR_LAYOUT, layout_message);
    return CMOPS_OK;
}

// kernel_size, stride (empty means the kernel size, as in torch), padding.
cmops_status pool_window(cmops_context *ctx, cmops_value *const *args, const PoolMessages &m,
                         cmsis_nn_dims *filter, cmsis_nn_pool_params *params)
{
    int32_t kernel_h = 0;
    int32_t kernel_w = 0;
    CMOPS_TRY(require_pair(ctx, args, 1, 1, INT16_MAX, m.kernel_size, &kernel_h, &kernel_w));
    int32_t stride[2] = {};
    size_t stride_length = 0;
    CMOPS_TRY(require_int_list(ctx, args, 2, 0, 2, 1, INT16_MAX, m.stride, stride, &stride_length));
    int32_t pad_h = 0;
    int32_t pad_w = 0;
    CMOPS_TRY(require_pair(ctx, args, 3, 0, INT16_MAX, m.padding, &pad_h, &pad_w));
    *filter = cmsis_nn_dims{1, kernel_h, kernel_w, 1};
    params->stride = stride_length == 0   ? cmsis_nn_tile{kernel_w, kernel_h}
                     : stride_length == 1 ? cmsis_nn_tile{stride[0], stride[0]}
                                          : cmsis_nn_tile{stride[1], stride[0]};
    params->padding = cmsis_nn_tile{pad_w, pad_h};
    return CMOPS_OK;
}

cmops_status check_output(cmops_context *ctx, const cmsis_nn_dims &input,
                          const cmsis_nn_dims &filter, const cmsis_nn_pool_params &params,
                          bool ceil_mode, const cmsis_nn_dims &output, const char *message)
{
    const int64_t out_h =
        sweep_output_size(input.h, filter.h, params.stride.h, params.padding.h, 1, ceil_mode);
    const int64_t out_w =
        sweep_output_size(input.w, filter.w, params.stride.w, params.padding.w, 1, ceil_mode);
    CMOPS_REQUIRE(
        ctx, output.n == input.n && output.c == input.c && output.h == out_h && output.w == out_w,
        CMOPS_ERR_SHAPE, message);
    return CMOPS_OK;
}

} // namespace

// quantized_avg_pool2d(input, kernel_size, stride, padding, ceil_mode, zero_point, multiplier,
//                      shift, scratch, *, out)
cmops_status avg_pool2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                        ImageLayout layout, const PoolMessages &m)
{
    CMOPS_REQUIRE(ctx, args != nullptr && num_args == 10, CMOPS_ERR_ARG_COUNT, m.arg_count);
    cmops_tensor *input = nullptr;
    cmops_tensor *out = nullptr;
    cmops_tensor *scratch_tensor = nullptr;
    cmsis_nn_dims input_dims{};
    cmsis_nn_dims output_dims{};
    cmsis_nn_dims filter_dims{};
    cmsis_nn_pool_params params{};
    bool ceil_mode = false;
    int32_t zero_point = 0;
    int32_t multiplier = 0;
    int32_t shift = 0;
    CMOPS_TRY(image(ctx, args, 0, layout, m.input, m.input_layout, &input, &input_dims));
    CMOPS_TRY(pool_window(ctx, args, m, &filter_dims, &params));
    CMOPS_TRY(require_bool(ctx, args, 4, m.ceil_mode, &ceil_mode));
    // Input and output share one scale and zero point, so the integer mean needs neither;
    // they are checked for kind and sign only.
    CMOPS_TRY(require_int(ctx, args, 5, kInt8Min, kInt8Max, m.zero_point, &zero_point));
    CMOPS_TRY(require_int(ctx, args, 6, 1, INT32_MAX, m.multiplier, &multiplier));
    CMOPS_TRY(require_int(ctx, args, 7, INT32_MIN, INT32_MAX, m.shift, &shift));
    CMOPS_TRY(require_tensor(ctx, args, 8, -1, -1, m.scratch, &scratch_tensor));
    CMOPS_TRY(image(ctx, args, 9, layout, m.out, m.out_layout, &out, &output_dims));
    CMOPS_TRY(
        check_output(ctx, input_dims, filter_dims, params, ceil_mode, output_dims, m.out_shape));

    const size_t scratch_bytes =
        static_cast<size_t>(numel(*scratch_tensor)) * element_size(scratch_tensor->dtype);
    const int32_t needed = arm_avgpool_s8_get_buffer_size(output_dims.w, input_dims.c);
    CMOPS_REQUIRE(ctx, needed >= 0 && scratch_bytes >= static_cast<size_t>(needed),
                  CMOPS_ERR_SCRATCH, m.scratch_size);
    if (numel(*out) == 0) {
        return CMOPS_OK;
    }
    params.activation = cmsis_nn_activation{INT8_MIN, INT8_MAX};
    const cmsis_nn_context scratch{scratch_tensor->data, static_cast<int32_t>(scratch_bytes)};
    const int status = arm_avgpool_s8(&scratch, &params, &input_dims, data_as<const int8_t>(*input),
                                      &filter_dims, &output_dims, data_as<int8_t>(*out));
    return from_nn_status(ctx, status, m.kernel);
}

// quantized_max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode,
//     input_zero_point, output_zero_point, activation_min, activation_max, *, out)
cmops_status max_pool2d(cmops_context *ctx, cmops_value *const *args, size_t num_args,
                        ImageLayout layout, const PoolMessages &m)
{
    CMOPS_REQUIRE(ctx, args != nullptr && num_args == 11, CMOPS_ERR_ARG_COUNT, m.arg_count);
    cmops_tensor *input = nullptr;
    cmops_tensor *out = nullptr;
    cmsis_nn_dims input_dims{};
    cmsis_nn_dims output_dims{};
    cmsis_nn_dims filter_dims{};
    cmsis_nn_pool_params params{};
    int32_t dilation_h = 0;
    int32_t dilation_w = 0;
    bool ceil_mode = false;
    int32_t input_zp = 0;
    int32_t output_zp = 0;
    CMOPS_TRY(image(ctx, args, 0, layout, m.input, m.input_layout, &input, &input_dims));
    CMOPS_TRY(pool_window(ctx, args, m, &filter_dims, &params));
    CMOPS_TRY(require_pair(ctx, args, 4, 1, INT16_MAX, m.dilation, &dilation_h, &dilation_w));
    CMOPS_REQUIRE(ctx, dilation_h == 1 && dilation_w == 1, CMOPS_ERR_UNSUPPORTED,
                  m.dilation_unsupported);
    CMOPS_TRY(require_bool(ctx, args, 5, m.ceil_mode, &ceil_mode));
    CMOPS_REQUIRE(ctx, !ceil_mode, CMOPS_ERR_UNSUPPORTED, m.ceil_mode_unsupported);
    CMOPS_TRY(require_int(ctx, args, 6, kInt8Min, kInt8Max, m.zero_point, &input_zp));
    CMOPS_TRY(require_int(ctx, args, 7, kInt8Min, kInt8Max, m.output_zero_point, &output_zp));
    // Max pooling commutes with the affine map only when both sides share it.
    CMOPS_REQUIRE(ctx, input_zp == output_zp, CMOPS_ERR_PARAM, m.zero_points_differ);
    CMOPS_TRY(
        require_int(ctx, args, 8, kInt8Min, kInt8Max, m.activation_min, &params.activation.min));
    CMOPS_TRY(require_int(ctx, args, 9, params.activation.min, kInt8Max, m.activation_max,
                          &params.activation.max));
    CMOPS_TRY(image(ctx, args, 10, layout, m.out, m.out_layout, &out, &output_dims));
    CMOPS_TRY(check_output(ctx, input_dims, filter_dims, params, false, output_dims, m.out_shape));
    if (numel(*out) == 0) {
        return CMOPS_OK;
    }
    const cmsis_nn_context no_scratch{nullptr, 0};
    const int status =
        arm_max_pool_s8(&no_scratch, &params, &input_dims, data_as<const int8_t>(*input),
                        &filter_dims, &output_dims, data_as<int8_t>(*out));
    return from_nn_status(ctx, status, m.kernel);
}

} // namespace cmops
