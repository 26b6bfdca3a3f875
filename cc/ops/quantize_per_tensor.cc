// cortex_m::quantize_per_tensor.out: float32 -> int8/int16/uint8, affine per-tensor.
//
// Reference (quantized_decomposed.quantize_per_tensor): clamp(round(x * inv_scale) + zp,
// quant_min, quant_max) in float32, with inv_scale = (float)(1.0 / (double)scale). Taking the
// reciprocal in double first matters: 1.0f / (float)scale differs by an ulp for about a quarter
// of scales, which moves values across rounding boundaries.
#include <stdint.h>

#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/float_rounding.h"
#include "cc/ops/internal/kernels.h"
#include "cc/ops/internal/op_support.h"

#define OP "cortex_m::quantize_per_tensor"

namespace cmops
{
namespace
{

// The integer range of an output dtype this operator produces; false for other dtypes.
bool quantized_range(int32_t dtype, int32_t *lo, int32_t *hi)
{
    switch (dtype) {
    case CMOPS_DTYPE_INT8:
        *lo = INT8_MIN;
        *hi = INT8_MAX;
        return true;
    case CMOPS_DTYPE_UINT8:
        *lo = 0;
        *hi = UINT8_MAX;
        return true;
    case CMOPS_DTYPE_INT16:
        *lo = INT16_MIN;
        *hi = INT16_MAX;
        return true;
    default:
        return false;
    }
}

template <typename T>
void quantize(const float *in, T *out, const ElementwiseLoop &loop, float inv_scale,
              float zero_point, int32_t quant_min, int32_t quant_max)
{
    for_each_run(loop, [&](int64_t a, int64_t, int64_t o, int64_t n) {
        for (int64_t i = 0; i < n; ++i) {
            const float scaled = round_half_even(in[a + i * loop.a_run_step] * inv_scale);
            out[o + i] = static_cast<T>(clamp_to_int(scaled + zero_point, quant_min, quant_max));
        }
    });
}

} // namespace

cmops_status quantize_per_tensor_out(cmops_context *ctx, cmops_value *const *args, size_t num_args)
{
    CMOPS_REQUIRE_ARG_COUNT(ctx, num_args, 7, OP);
    cmops_tensor *input = nullptr;
    cmops_tensor *out = nullptr;
    double scale = 0.0;
    int32_t zero_point = 0;
    int32_t quant_min = 0;
    int32_t quant_max = 0;
    int32_t dtype = 0;
    CMOPS_TRY(require_tensor(ctx, args, 0, CMOPS_DTYPE_FLOAT32, -1,
                             CMOPS_TENSOR_MESSAGES(OP, "input", "float32", "at most 6 dims"),
                             &input));
    CMOPS_TRY(
        require_double(ctx, args, 1, CMOPS_SCALAR_MESSAGES(OP, "scale", "a float", ""), &scale));
    CMOPS_REQUIRE(ctx, scale > 0.0 && scale < 1e300, CMOPS_ERR_PARAM,
                  OP ": scale must be positive and finite");
    CMOPS_TRY(require_int(ctx, args, 2, INT32_MIN, INT32_MAX,
                          CMOPS_SCALAR_MESSAGES(OP, "zero_point", "an int", "within int32"),
                          &zero_point));
    CMOPS_TRY(require_int(ctx, args, 5, 0, 64,
                          CMOPS_SCALAR_MESSAGES(OP, "dtype", "a ScalarType", "a ScalarType"),
                          &dtype));
    int32_t type_min = 0;
    int32_t type_max = 0;
    CMOPS_REQUIRE(ctx, quantized_range(dtype, &type_min, &type_max), CMOPS_ERR_DTYPE,
                  OP ": dtype must be int8, uint8 or int16");
    CMOPS_TRY(require_int(ctx, args, 3, type_min, type_max,
                          CMOPS_SCALAR_MESSAGES(OP, "quant_min", "an int", "within the dtype"),
                          &quant_min));
    CMOPS_TRY(require_int(
        ctx, args, 4, quant_min, type_max,
        CMOPS_SCALAR_MESSAGES(OP, "quant_max", "an int", "within the dtype and >= quant_min"),
        &quant_max));
    CMOPS_TRY(require_tensor(
        ctx, args, 6, dtype, -1,
        CMOPS_TENSOR_MESSAGES(OP, "out", "of the dtype argument's type", "at most 6 dims"), &out));
    CMOPS_REQUIRE(ctx, same_shape(*input, *out), CMOPS_ERR_SHAPE,
                  OP ": out must have the shape of input");
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx, plan_elementwise(*input, nullptr, *out, &loop), CMOPS_ERR_SHAPE,
                  OP ": out must have the shape of input");

    const float inv_scale = static_cast<float>(1.0 / scale);
    const float zp = static_cast<float>(zero_point);
    const float *in = data_as<const float>(*input);
    switch (dtype) {
    case CMOPS_DTYPE_INT8:
        quantize(in, data_as<int8_t>(*out), loop, inv_scale, zp, quant_min, quant_max);
        break;
    case CMOPS_DTYPE_UINT8:
        quantize(in, data_as<uint8_t>(*out), loop, inv_scale, zp, quant_min, quant_max);
        break;
    default:
        quantize(in, data_as<int16_t>(*out), loop, inv_scale, zp, quant_min, quant_max);
        break;
    }
    return CMOPS_OK;
}

} // namespace cmops
