// quantized_decomposed::quantize_per_tensor.out: q = clamp(round_half_even(x * inv_scale) +
// zero_point, quant_min, quant_max) with inv_scale = (float)(1.0 / scale), all in float32, as
// torch's decomposed reference computes it (a float tensor times a Python float, rounded by
// torch.round). Out: uint8, int8, int16 or int32, named by `dtype`.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/float_math.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::quantized_decomposed::quantize_per_tensor_out;

namespace cmops
{
namespace quantized_decomposed
{

cmops_status quantize_per_tensor_out(cmops_context *ctx, const cmops_tensor &input, double scale,
                                     int64_t zero_point, int64_t quant_min, int64_t quant_max,
                                     int64_t dtype, cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, input, args::input));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx, input.dtype == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE, args::input);
    CMOPS_REQUIRE(ctx,
                  out.dtype == dtype && (dtype == CMOPS_DTYPE_UINT8 || dtype == CMOPS_DTYPE_INT8 ||
                                         dtype == CMOPS_DTYPE_INT16 || dtype == CMOPS_DTYPE_INT32),
                  CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, same_shape(input, out), CMOPS_ERR_SHAPE, args::out);
    CMOPS_REQUIRE(ctx, scale > 0.0, CMOPS_ERR_PARAM, args::scale);
    CMOPS_REQUIRE(ctx, quant_min <= quant_max && quant_min >= INT32_MIN && quant_max <= INT32_MAX,
                  CMOPS_ERR_PARAM, args::quant_min);
    CMOPS_REQUIRE(ctx, zero_point >= INT32_MIN && zero_point <= INT32_MAX, CMOPS_ERR_PARAM,
                  args::zero_point);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    const float inverse_scale = static_cast<float>(1.0 / scale);
    const float offset = static_cast<float>(zero_point);
    const float lo = static_cast<float>(quant_min);
    const float hi = static_cast<float>(quant_max);
    int64_t strides[2][CMOPS_MAX_DIM];
    portable::logical_strides(out, strides[0]);
    portable::logical_strides(input, strides[1]);
    const float *in = static_cast<const float *>(input.data);
    portable::walk<2>(input.dim, input.sizes, strides, [&](const int64_t *offsets) {
        float q = portable::round_half_even_f32(in[offsets[1]] * inverse_scale) + offset;
        q = q < lo ? lo : (q > hi ? hi : q);
        // NaN compares false both ways above; it becomes quant_min (torch leaves it undefined).
        const int64_t value = q == q ? static_cast<int64_t>(q) : quant_min;
        portable::store_from_int(out.data, out.dtype, offsets[0], value);
    });
    return CMOPS_OK;
}

} // namespace quantized_decomposed
} // namespace cmops
