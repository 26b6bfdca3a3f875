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
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/op_support.h"

#define OP "cortex_m::quantized_linear"

namespace cmops
{

cmops_status quantized_linear_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    CMOPS_REQUIRE_ARG_COUNT(ctx, num_args, 12, OP);
    cmops_tensor *input = nullptr;
    cmops_tensor *weights = nullptr;
    cmops_tensor *bias = nullptr;
    cmops_tensor *kernel_sum = nullptr;
    cmops_tensor *out = nullptr;
    cmsis_nn_fc_params params{};
    CMOPS_TRY(require_tensor(ctx, args, 0, CMOPS_DTYPE_INT8, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "input", "int8", "1 to 6 dims"), &input));
    CMOPS_REQUIRE(ctx, input->dim >= 1, CMOPS_ERR_RANK, OP ": input must have at least 1 dim");
    CMOPS_REQUIRE(ctx, is_contiguous(*input), CMOPS_ERR_LAYOUT, OP ": input must be contiguous");
    CMOPS_TRY(require_tensor(ctx, args, 1, CMOPS_DTYPE_INT8, 2,
                             CMOPS_TENSOR_MESSAGES(OP, "weights", "int8", "2 dims"), &weights));
    CMOPS_REQUIRE(ctx, is_contiguous(*weights), CMOPS_ERR_LAYOUT,
                  OP ": weights must be contiguous");
    const int32_t out_features = weights->sizes[0];
    const int32_t depth = weights->sizes[1];
    CMOPS_REQUIRE(ctx, input->sizes[input->dim - 1] == depth && depth > 0, CMOPS_ERR_SHAPE,
                  OP ": input's last dim must equal weights' second dim");
    CMOPS_TRY(optional_tensor(ctx, args, 2, CMOPS_DTYPE_INT32, -1,
                              CMOPS_TENSOR_MESSAGES(OP, "bias", "int32", "any dims"), &bias));
    CMOPS_TRY(optional_tensor(ctx, args, 3, CMOPS_DTYPE_INT32, -1,
                              CMOPS_TENSOR_MESSAGES(OP, "kernel_sum", "int32", "any dims"),
                              &kernel_sum));
    CMOPS_REQUIRE(ctx, bias == nullptr || numel(*bias) == out_features, CMOPS_ERR_SHAPE,
                  OP ": bias must have one entry per output feature");
    CMOPS_REQUIRE(ctx, kernel_sum == nullptr || numel(*kernel_sum) == out_features, CMOPS_ERR_SHAPE,
                  OP ": kernel_sum must have one entry per output feature");
    CMOPS_TRY(require_int(ctx, args, 4, kOffsetMin, kOffsetMax,
                          CMOPS_SCALAR_MESSAGES(OP, "input_offset", "an int", "in [-127, 128]"),
                          &params.input_offset));
    CMOPS_TRY(require_int(ctx, args, 5, kOffsetMin, kOffsetMax,
                          CMOPS_SCALAR_MESSAGES(OP, "filter_offset", "an int", "in [-127, 128]"),
                          &params.filter_offset));
    CMOPS_TRY(require_int(ctx, args, 6, kInt8Min, kInt8Max,
                          CMOPS_SCALAR_MESSAGES(OP, "output_offset", "an int", "in [-128, 127]"),
                          &params.output_offset));

    // The reference requantizes with entry 0 of each list. Longer lists are accepted only
    // when every entry repeats entry 0: a per-channel list would otherwise be silently
    // reduced to its first channel.
    const cmops_value *multipliers = args[7];
    const cmops_value *shifts = args[8];
    CMOPS_REQUIRE(ctx,
                  multipliers != nullptr && multipliers->kind == CMOPS_VALUE_INT_LIST &&
                      shifts != nullptr && shifts->kind == CMOPS_VALUE_INT_LIST,
                  CMOPS_ERR_ARG_KIND, OP ": requantize_multipliers and shifts must be int lists");
    const size_t quant_count = multipliers->as.int_list.length;
    CMOPS_REQUIRE(ctx, quant_count >= 1 && shifts->as.int_list.length == quant_count,
                  CMOPS_ERR_SHAPE, OP ": requantize lists must be non-empty and equally long");
    const int64_t multiplier = multipliers->as.int_list.items[0];
    const int64_t shift = shifts->as.int_list.items[0];
    CMOPS_REQUIRE(ctx,
                  multiplier >= kMultiplierMin && multiplier <= kMultiplierMax &&
                      shift >= kShiftMin && shift <= kShiftMax,
                  CMOPS_ERR_PARAM,
                  OP ": requantize multiplier outside (INT32_MIN, INT32_MAX] or shift outside "
                     "[-31, 31]");
    for (size_t i = 1; i < quant_count; ++i) {
        CMOPS_REQUIRE(ctx,
                      multipliers->as.int_list.items[i] == multiplier &&
                          shifts->as.int_list.items[i] == shift,
                      CMOPS_ERR_UNSUPPORTED,
                      OP ": per-channel requantization is not defined for linear (the "
                         "reference applies entry 0 to every channel)");
    }
    CMOPS_TRY(require_int(ctx, args, 9, kInt8Min, kInt8Max,
                          CMOPS_SCALAR_MESSAGES(OP, "activation_max", "an int", "in [-128, 127]"),
                          &params.activation.max));
    CMOPS_TRY(require_int(
        ctx, args, 10, kInt8Min, params.activation.max,
        CMOPS_SCALAR_MESSAGES(OP, "activation_min", "an int", "in [-128, activation_max]"),
        &params.activation.min));
    CMOPS_TRY(require_tensor(ctx, args, 11, CMOPS_DTYPE_INT8, input->dim,
                             CMOPS_TENSOR_MESSAGES(OP, "out", "int8", "input's number of dims"),
                             &out));
    CMOPS_REQUIRE(ctx, is_contiguous(*out), CMOPS_ERR_LAYOUT, OP ": out must be contiguous");
    bool shape_ok = out->sizes[out->dim - 1] == out_features;
    for (int32_t d = 0; d + 1 < input->dim; ++d) {
        shape_ok = shape_ok && out->sizes[d] == input->sizes[d];
    }
    CMOPS_REQUIRE(ctx, shape_ok, CMOPS_ERR_SHAPE,
                  OP ": out must be input's shape with the last dim = output features");

    const int32_t batches = static_cast<int32_t>(numel(*input) / depth);
    if (batches == 0 || out_features == 0) {
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
    return from_nn_status(ctx, status, OP ": a requantization overflows int32 (shift too large)");
}

} // namespace cmops
