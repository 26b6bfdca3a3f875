// cortex_m::dequantize_per_tensor.out: int8/int16/uint8 -> float32, affine per-tensor.
//
// Reference (quantized_decomposed.dequantize_per_tensor): (float(q) - zp) * (float)scale in
// float32. quant_min and quant_max are carried by the schema but do not enter the result.
#include <stdint.h>

#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/op_support.h"

#define OP "cortex_m::dequantize_per_tensor"

namespace cmops
{
namespace
{

template <typename T>
void dequantize(const T *in, float *out, const ElementwiseLoop &loop, float scale, float zero_point)
{
    for_each_run(loop, [&](int64_t a, int64_t, int64_t o, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
            out[o + i] = (static_cast<float>(in[a + i * loop.a_run_step]) - zero_point) * scale;
        }
    });
}

} // namespace

cmops_status dequantize_per_tensor_out(cmops_context *ctx, cmops_value *const *args,
                                       size_t num_args)
{
    CMOPS_REQUIRE_ARG_COUNT(ctx, num_args, 7, OP);
    cmops_tensor *input = nullptr;
    cmops_tensor *out = nullptr;
    double scale = 0.0;
    int32_t zero_point = 0;
    int32_t ignored_bound = 0;
    int32_t dtype = 0;
    CMOPS_TRY(require_int(ctx, args, 5, 0, 64,
                          CMOPS_SCALAR_MESSAGES(OP, "dtype", "a ScalarType", "a ScalarType"),
                          &dtype));
    CMOPS_REQUIRE(
        ctx, dtype == CMOPS_DTYPE_INT8 || dtype == CMOPS_DTYPE_UINT8 || dtype == CMOPS_DTYPE_INT16,
        CMOPS_ERR_DTYPE, OP ": dtype must be int8, uint8 or int16");
    CMOPS_TRY(require_tensor(
        ctx, args, 0, dtype, -1,
        CMOPS_TENSOR_MESSAGES(OP, "input", "of the dtype argument's type", "at most 6 dims"),
        &input));
    CMOPS_TRY(
        require_double(ctx, args, 1, CMOPS_SCALAR_MESSAGES(OP, "scale", "a float", ""), &scale));
    // As quantize_per_tensor: a zero, negative, NaN or infinite scale is a broken program, and
    // would otherwise turn every output into 0, -x, NaN or inf without a word.
    CMOPS_REQUIRE(ctx, scale > 0.0 && scale < 1e300, CMOPS_ERR_PARAM,
                  OP ": scale must be positive and finite");
    CMOPS_TRY(require_int(ctx, args, 2, INT32_MIN, INT32_MAX,
                          CMOPS_SCALAR_MESSAGES(OP, "zero_point", "an int", "within int32"),
                          &zero_point));
    CMOPS_TRY(require_int(ctx, args, 3, INT32_MIN, INT32_MAX,
                          CMOPS_SCALAR_MESSAGES(OP, "quant_min", "an int", "within int32"),
                          &ignored_bound));
    CMOPS_TRY(require_int(ctx, args, 4, INT32_MIN, INT32_MAX,
                          CMOPS_SCALAR_MESSAGES(OP, "quant_max", "an int", "within int32"),
                          &ignored_bound));
    CMOPS_TRY(require_tensor(ctx, args, 6, CMOPS_DTYPE_FLOAT32, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "out", "float32", "at most 6 dims"), &out));
    CMOPS_REQUIRE(ctx, same_shape(*input, *out), CMOPS_ERR_SHAPE,
                  OP ": out must have the shape of input");
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx, plan_elementwise(*input, nullptr, *out, &loop), CMOPS_ERR_SHAPE,
                  OP ": out must have the shape of input");

    const float scale_f = static_cast<float>(scale);
    const float zp = static_cast<float>(zero_point);
    float *o = data_as<float>(*out);
    switch (dtype) {
    case CMOPS_DTYPE_INT8:
        dequantize(data_as<const int8_t>(*input), o, loop, scale_f, zp);
        break;
    case CMOPS_DTYPE_UINT8:
        dequantize(data_as<const uint8_t>(*input), o, loop, scale_f, zp);
        break;
    default:
        dequantize(data_as<const int16_t>(*input), o, loop, scale_f, zp);
        break;
    }
    return CMOPS_OK;
}

} // namespace cmops
