// cortex_m::quantized_activation.out: any int8 unary activation as a 256-entry table lookup.
//
// The exporter folds the activation function and both tensors' quantization into the table,
// so out = lut[in + 128] whatever the function was.
#include <stdint.h>

#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{

namespace args = arg::quantized_activation_out;

cmops_status quantized_activation_out(cmops_context *ctx, const cmops_tensor &input_tensor,
                                      const cmops_tensor &lut_tensor, cmops_tensor &out_tensor)
{
    const cmops_tensor *input = &input_tensor;
    const cmops_tensor *lut = &lut_tensor;
    cmops_tensor *out = &out_tensor;
    CMOPS_TRY(expect_tensor(ctx, *input, CMOPS_DTYPE_INT8, -1, args::input));
    CMOPS_TRY(expect_tensor(ctx, *lut, CMOPS_DTYPE_INT8, -1, args::lut));
    CMOPS_REQUIRE(ctx, numel(*lut) == 256, CMOPS_ERR_SHAPE, args::lut);
    CMOPS_TRY(expect_tensor(ctx, *out, CMOPS_DTYPE_INT8, -1, args::out));
    CMOPS_REQUIRE(ctx, same_shape(*input, *out), CMOPS_ERR_SHAPE, args::out);
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx, plan_elementwise(*input, nullptr, *out, &loop), CMOPS_ERR_SHAPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }

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
