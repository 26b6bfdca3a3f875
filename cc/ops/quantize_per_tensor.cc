// cortex_m::quantize_per_tensor.out: float32 -> int8/int16/uint8, affine per-tensor.
//
// Reference (quantized_decomposed.quantize_per_tensor): clamp(round(x * inv_scale) + zp,
// quant_min, quant_max) in float32, with inv_scale = (float)(1.0 / (double)scale). Taking the
// reciprocal in double first matters: 1.0f / (float)scale differs by an ulp for about a quarter
// of scales, which moves values across rounding boundaries.
#include <stdint.h>

#include "cc/ops/internal/elementwise.h"
#include "cc/ops/internal/float_quant_mve.h"
#include "cc/ops/internal/float_rounding.h"
#include "cc/ops/internal/op_support.h"
#include "cc/ops/internal/quantize_integer.h"
#include "cc/ops/op_glue.h"

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
        // Locals, not the captured references: a store through `out` (a byte type may alias
        // anything) would otherwise reload every parameter on every element.
        const float *source = in + a;
        T *target = out + o;
        const int64_t step = loop.a_run_step;
        const float scale = inv_scale;
        const float zp = zero_point;
        const int32_t lo = quant_min;
        const int32_t hi = quant_max;
        int64_t i = 0;
#if CMOPS_HAVE_MVE_FLOAT
        // int8 outputs only (what the exporter's programs quantize to): a vector loop per
        // output dtype would cost 432 more bytes of .text for dtypes no example uses.
        constexpr bool vectorized = sizeof(T) == 1 && static_cast<T>(-1) < 0;
        if (vectorized && step == 1 && mve_float_scale_is_exact(scale)) {
            i = quantize_mve(source, target, n, scale, zp, lo, hi);
        }
#endif
        for (; i < n; ++i) {
            const float scaled = round_half_even(source[i * step] * scale);
            target[i] = static_cast<T>(clamp_to_int(scaled + zp, lo, hi));
        }
    });
}

#if defined(__arm__) && !defined(__ARM_FP)
// Cores without an FPU (Cortex-M3): every float operation above is a soft-float call (about
// 450 instructions per element). The integer emulation gives the same bytes
// (internal/quantize_integer.h) in a fraction of that.
constexpr bool kIntegerQuantize = true;
#else
constexpr bool kIntegerQuantize = false;
#endif

template <typename T>
void quantize_with_integers(const float *in, T *out, const ElementwiseLoop &loop,
                            const IntegerQuantizer &quantizer)
{
    for_each_run(loop, [&](int64_t a, int64_t, int64_t o, int64_t n) {
        const float *source = in + a;
        T *target = out + o;
        const int64_t step = loop.a_run_step;
        const IntegerQuantizer q = quantizer;
        for (int64_t i = 0; i < n; ++i) {
            target[i] = static_cast<T>(quantize_integer(q, float_bits(source[i * step])));
        }
    });
}

} // namespace

namespace args = arg::quantize_per_tensor_out;

cmops_status quantize_per_tensor_out(cmops_context *ctx, const cmops_tensor &input_tensor,
                                     double scale, int64_t zero_point_arg, int64_t quant_min_arg,
                                     int64_t quant_max_arg, int64_t dtype_arg,
                                     cmops_tensor &out_tensor)
{
    const cmops_tensor *input = &input_tensor;
    cmops_tensor *out = &out_tensor;
    int32_t zero_point = 0;
    int32_t quant_min = 0;
    int32_t quant_max = 0;
    int32_t dtype = 0;
    CMOPS_TRY(expect_tensor(ctx, *input, CMOPS_DTYPE_FLOAT32, -1, args::input));
    CMOPS_REQUIRE(ctx, scale > 0.0 && scale < 1e300, CMOPS_ERR_PARAM, args::scale);
    CMOPS_TRY(
        int_in_range(ctx, zero_point_arg, INT32_MIN, INT32_MAX, args::zero_point, &zero_point));
    CMOPS_TRY(int_in_range(ctx, dtype_arg, 0, 64, args::dtype, &dtype));
    int32_t type_min = 0;
    int32_t type_max = 0;
    CMOPS_REQUIRE(ctx, quantized_range(dtype, &type_min, &type_max), CMOPS_ERR_DTYPE, args::dtype);
    CMOPS_TRY(int_in_range(ctx, quant_min_arg, type_min, type_max, args::quant_min, &quant_min));
    CMOPS_TRY(int_in_range(ctx, quant_max_arg, quant_min, type_max, args::quant_max, &quant_max));
    CMOPS_TRY(expect_tensor(ctx, *out, dtype, -1, args::out));
    CMOPS_REQUIRE(ctx, same_shape(*input, *out), CMOPS_ERR_SHAPE, args::out);
    ElementwiseLoop loop;
    CMOPS_REQUIRE(ctx, plan_elementwise(*input, nullptr, *out, &loop), CMOPS_ERR_SHAPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }

    const float inv_scale = static_cast<float>(1.0 / scale);
    const float zp = static_cast<float>(zero_point);
    const float *in = data_as<const float>(*input);
    IntegerQuantizer quantizer;
    if (kIntegerQuantize &&
        quantize_integer_applies(inv_scale, zero_point, quant_min, quant_max, &quantizer)) {
        switch (dtype) {
        case CMOPS_DTYPE_INT8:
            quantize_with_integers(in, data_as<int8_t>(*out), loop, quantizer);
            break;
        case CMOPS_DTYPE_UINT8:
            quantize_with_integers(in, data_as<uint8_t>(*out), loop, quantizer);
            break;
        default:
            quantize_with_integers(in, data_as<int16_t>(*out), loop, quantizer);
            break;
        }
        return CMOPS_OK;
    }
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
