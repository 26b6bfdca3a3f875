// cortex_m::quantized_linear.out: int8 fully connected layer through CMSIS-NN's
// arm_fully_connected_s8.
//
// Programs come in two forms, chosen by the exporter from the target ISA, and both are
// accepted on every build:
//  - DSP/scalar form: `bias` given, `kernel_sum` None. out = (x + input_offset) .
//    (w + filter_offset) + bias.
//  - MVE form: `kernel_sum` (= input_offset * sum(w + filter_offset) + bias) given, `bias`
//    None. out = x . w + filter_offset * sum(x) + kernel_sum, which is the same product with
//    input_offset 0 and kernel_sum as bias; the kernel sum also goes in the context buffer,
//    where Arm's Helium kernel looks for it.
// The schema takes activation_max before activation_min.
#include <stdint.h>

#include "arm_nnfunctions.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

namespace args = arg::quantized_linear_out;

cmops_status quantized_linear_out(cmops_context *ctx, const cmops_tensor &input_tensor,
                                  const cmops_tensor &weights_tensor, const cmops_tensor *bias,
                                  const cmops_tensor *kernel_sum_tensor, int64_t input_offset,
                                  int64_t filter_offset, int64_t output_offset,
                                  cmops_int_list requantize_multipliers,
                                  cmops_int_list requantize_shifts, int64_t activation_max,
                                  int64_t activation_min, cmops_tensor &out_tensor)
{
    const cmops_tensor *input = &input_tensor;
    const cmops_tensor *weights = &weights_tensor;
    const cmops_tensor *kernel_sum = kernel_sum_tensor;
    cmops_tensor *out = &out_tensor;
    cmsis_nn_fc_params params{};
    CMOPS_TRY(expect_tensor(ctx, *input, CMOPS_DTYPE_INT8, -1, args::input));
    CMOPS_REQUIRE(ctx, input->dim >= 1, CMOPS_ERR_RANK, args::input);
    CMOPS_REQUIRE(ctx, is_contiguous(*input), CMOPS_ERR_LAYOUT, args::input);
    CMOPS_TRY(expect_tensor(ctx, *weights, CMOPS_DTYPE_INT8, 2, args::weights));
    CMOPS_REQUIRE(ctx, is_contiguous(*weights), CMOPS_ERR_LAYOUT, args::weights);
    const int32_t out_features = weights->sizes[0];
    const int32_t depth = weights->sizes[1];
    CMOPS_REQUIRE(ctx, input->sizes[input->dim - 1] == depth && depth > 0, CMOPS_ERR_SHAPE,
                  args::input);
    if (bias != nullptr) {
        CMOPS_TRY(expect_tensor(ctx, *bias, CMOPS_DTYPE_INT32, -1, args::bias));
        CMOPS_REQUIRE(ctx, numel(*bias) == out_features, CMOPS_ERR_SHAPE, args::bias);
    }
    if (kernel_sum != nullptr) {
        CMOPS_TRY(expect_tensor(ctx, *kernel_sum, CMOPS_DTYPE_INT32, -1, args::kernel_sum));
        CMOPS_REQUIRE(ctx, numel(*kernel_sum) == out_features, CMOPS_ERR_SHAPE, args::kernel_sum);
    }
    CMOPS_TRY(int_in_range(ctx, input_offset, kOffsetMin, kOffsetMax, args::input_offset,
                           &params.input_offset));
    CMOPS_TRY(int_in_range(ctx, filter_offset, kOffsetMin, kOffsetMax, args::filter_offset,
                           &params.filter_offset));
    CMOPS_TRY(int_in_range(ctx, output_offset, kInt8Min, kInt8Max, args::output_offset,
                           &params.output_offset));

    // The reference requantizes with entry 0 of each list. Longer lists are accepted only
    // when every entry repeats entry 0: a per-channel list would otherwise be silently
    // reduced to its first channel.
    const size_t quant_count = requantize_multipliers.length;
    CMOPS_REQUIRE(ctx, quant_count >= 1, CMOPS_ERR_SHAPE, args::requantize_multipliers);
    CMOPS_REQUIRE(ctx, requantize_shifts.length == quant_count, CMOPS_ERR_SHAPE,
                  args::requantize_shifts);
    const int64_t multiplier = requantize_multipliers.items[0];
    const int64_t shift = requantize_shifts.items[0];
    CMOPS_REQUIRE(ctx, multiplier >= kMultiplierMin && multiplier <= kMultiplierMax,
                  CMOPS_ERR_PARAM, args::requantize_multipliers);
    CMOPS_REQUIRE(ctx, shift >= kShiftMin && shift <= kShiftMax, CMOPS_ERR_PARAM,
                  args::requantize_shifts);
    for (size_t i = 1; i < quant_count; ++i) {
        CMOPS_REQUIRE(ctx,
                      requantize_multipliers.items[i] == multiplier &&
                          requantize_shifts.items[i] == shift,
                      CMOPS_ERR_UNSUPPORTED, args::requantize_multipliers);
    }
    CMOPS_TRY(int_in_range(ctx, activation_max, kInt8Min, kInt8Max, args::activation_max,
                           &params.activation.max));
    CMOPS_TRY(int_in_range(ctx, activation_min, kInt8Min, params.activation.max,
                           args::activation_min, &params.activation.min));
    CMOPS_TRY(expect_tensor(ctx, *out, CMOPS_DTYPE_INT8, input->dim, args::out));
    CMOPS_REQUIRE(ctx, is_contiguous(*out), CMOPS_ERR_LAYOUT, args::out);
    bool shape_ok = out->sizes[out->dim - 1] == out_features;
    for (int32_t d = 0; d + 1 < input->dim; ++d) {
        shape_ok = shape_ok && out->sizes[d] == input->sizes[d];
    }
    CMOPS_REQUIRE(ctx, shape_ok, CMOPS_ERR_SHAPE, args::out);

    const int32_t batches = static_cast<int32_t>(numel(*input) / depth);
    if (batches == 0 || out_features == 0 || checking_only(ctx)) {
        return CMOPS_OK;
    }
    const int32_t *bias_data = nullptr;
    cmsis_nn_context context{nullptr, 0};
    if (kernel_sum != nullptr) {
        bias_data = data_as<const int32_t>(*kernel_sum);
        params.input_offset = 0;
        context.buf = kernel_sum->data;
        context.size = static_cast<int32_t>(numel(*kernel_sum) * 4);
    } else if (bias != nullptr) {
        bias_data = data_as<const int32_t>(*bias);
    }
    const cmsis_nn_dims input_dims{batches, 1, 1, depth};
    const cmsis_nn_dims filter_dims{depth, 1, 1, out_features};
    const cmsis_nn_dims bias_dims{1, 1, 1, out_features};
    const cmsis_nn_dims output_dims{batches, 1, 1, out_features};
    const cmsis_nn_per_tensor_quant_params quant{static_cast<int32_t>(multiplier),
                                                 static_cast<int32_t>(shift)};
    const int status = arm_fully_connected_s8(&context, &params, &quant, &input_dims,
                                              data_as<const int8_t>(*input), &filter_dims,
                                              data_as<const int8_t>(*weights), &bias_dims,
                                              bias_data, &output_dims, data_as<int8_t>(*out));
    return from_nn_status(ctx, status, args::requantize_shifts);
}

} // namespace cmops
