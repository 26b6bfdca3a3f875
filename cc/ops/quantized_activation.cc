// cortex_m::quantized_activation.out: any int8 unary activation as a 256-entry table lookup.
//
// The exporter folds the activation function and both tensors' quantization into the table,
// so out = lut[in + 128] whatever the function was.
#include <stdint.h>

#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/op_support.h"

#define OP "cortex_m::quantized_activation"

namespace cmops
{

cmops_status quantized_activation_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    CMOPS_REQUIRE_ARG_COUNT(ctx, num_args, 3, OP);
    cmops_tensor *input = nullptr;
    cmops_tensor *lut = nullptr;
    cmops_tensor *out = nullptr;
    CMOPS_TRY(require_tensor(ctx, args, 0, CMOPS_DTYPE_INT8, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "input", "int8", "at most 6 dims"), &input));
    CMOPS_TRY(require_tensor(ctx, args, 1, CMOPS_DTYPE_INT8, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "lut", "int8", "at most 6 dims"), &lut));
    CMOPS_REQUIRE(ctx, numel(*lut) == 256, CMOPS_ERR_SHAPE, OP ": lut must have 256 entries");
    CMOPS_TRY(require_tensor(ctx, args, 2, CMOPS_DTYPE_INT8, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "out", "int8", "at most 6 dims"), &out));
    CMOPS_REQUIRE(ctx, same_shape(*input, *out), CMOPS_ERR_SHAPE,
                  OP ": out must have the shape of input");
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx, plan_elementwise(*input, nullptr, *out, &loop), CMOPS_ERR_SHAPE,
                  OP ": out must have the shape of input");

    const int8_t *in = data_as<const int8_t>(*input);
    const int8_t *table = data_as<const int8_t>(*lut);
    int8_t *o = data_as<int8_t>(*out);
    for_each_run(loop, [&](int64_t ia, int64_t, int64_t io, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
            o[io + i] = table[in[ia + i * loop.a_run_step] + 128];
        }
    });
    return CMOPS_OK;
}

} // namespace cmops
