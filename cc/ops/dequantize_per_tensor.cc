// cortex_m::dequantize_per_tensor.out: int8/int16/uint8 -> float32, affine per-tensor.
//
// Reference (quantized_decomposed.dequantize_per_tensor): (float(q) - zp) * (float)scale in
// float32. quant_min and quant_max are carried by the schema but do not enter the result.
#include <stdint.h>

#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/float_quant_mve.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"

namespace cmops
{
namespace
{

template <typename T>
void dequantize(const T *in, float *out, const ElementwiseLoop &loop, float scale, float zero_point)
{
    for_each_run(loop, [&](int64_t a, int64_t, int64_t o, int64_t n) {
        int64_t i = 0;
#if CMOPS_HAVE_MVE_FLOAT
        // int8 inputs only, as quantize_per_tensor (float_quant_mve.h).
        constexpr bool vectorized = sizeof(T) == 1 && static_cast<T>(-1) < 0;
        if (vectorized && loop.a_run_step == 1 && mve_float_scale_is_exact(scale)) {
            i = dequantize_mve(in + a, out + o, n, scale, zero_point);
        }
#endif
        for (; i < n; ++i) {
            out[o + i] = (static_cast<float>(in[a + i * loop.a_run_step]) - zero_point) * scale;
        }
    });
}

} // namespace

namespace args = arg::dequantize_per_tensor_out;

cmops_status dequantize_per_tensor_out(cmops_context *ctx, const cmops_tensor &input_tensor,
                                       double scale, int64_t zero_point_arg, int64_t quant_min,
                                       int64_t quant_max, int64_t dtype_arg,
                                       cmops_tensor &out_tensor)
{
    const cmops_tensor *input = &input_tensor;
    cmops_tensor *out = &out_tensor;
    int32_t zero_point = 0;
    int32_t ignored_bound = 0;
    int32_t dtype = 0;
    CMOPS_TRY(int_in_range(ctx, dtype_arg, 0, 64, args::dtype, &dtype));
    CMOPS_REQUIRE(
        ctx, dtype == CMOPS_DTYPE_INT8 || dtype == CMOPS_DTYPE_UINT8 || dtype == CMOPS_DTYPE_INT16,
        CMOPS_ERR_DTYPE, args::dtype);
    CMOPS_TRY(expect_tensor(ctx, *input, dtype, -1, args::input));
    // As quantize_per_tensor: a zero, negative, NaN or infinite scale is a broken program, and
    // would otherwise turn every output into 0, -x, NaN or inf without a word.
    CMOPS_REQUIRE(ctx, scale > 0.0 && scale < 1e300, CMOPS_ERR_PARAM, args::scale);
    CMOPS_TRY(
        int_in_range(ctx, zero_point_arg, INT32_MIN, INT32_MAX, args::zero_point, &zero_point));
    CMOPS_TRY(int_in_range(ctx, quant_min, INT32_MIN, INT32_MAX, args::quant_min, &ignored_bound));
    CMOPS_TRY(int_in_range(ctx, quant_max, INT32_MIN, INT32_MAX, args::quant_max, &ignored_bound));
    CMOPS_TRY(expect_tensor(ctx, *out, CMOPS_DTYPE_FLOAT32, -1, args::out));
    CMOPS_REQUIRE(ctx, same_shape(*input, *out), CMOPS_ERR_SHAPE, args::out);
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx, plan_elementwise(*input, nullptr, *out, &loop), CMOPS_ERR_SHAPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }

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
