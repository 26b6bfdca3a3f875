// quantized_decomposed::dequantize_per_tensor.out: x = (float)(q - zero_point) * (float)scale in
// float32, as torch's decomposed reference computes it. Input: uint8, int8, int16 or int32 (the
// `dtype` argument); out_dtype, when given, must be float32.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::quantized_decomposed::dequantize_per_tensor_out;

namespace cmops
{
namespace quantized_decomposed
{

cmops_status dequantize_per_tensor_out(cmops_context *ctx, const cmops_tensor &input, double scale,
                                       int64_t zero_point, int64_t quant_min, int64_t quant_max,
                                       int64_t dtype, cmops_optional_int out_dtype,
                                       cmops_tensor &out)
{
    (void)quant_min; // the reference only checks them against the input's dtype
    (void)quant_max;
    CMOPS_TRY(portable::check_tensor(ctx, input, args::input));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx,
                  input.dtype == dtype &&
                      (dtype == CMOPS_DTYPE_UINT8 || dtype == CMOPS_DTYPE_INT8 ||
                       dtype == CMOPS_DTYPE_INT16 || dtype == CMOPS_DTYPE_INT32),
                  CMOPS_ERR_DTYPE, args::input);
    CMOPS_REQUIRE(ctx, out.dtype == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, !out_dtype.has_value || out_dtype.value == CMOPS_DTYPE_FLOAT32,
                  CMOPS_ERR_DTYPE, args::out_dtype);
    CMOPS_REQUIRE(ctx, same_shape(input, out), CMOPS_ERR_SHAPE, args::out);
    CMOPS_REQUIRE(ctx, zero_point >= INT32_MIN && zero_point <= INT32_MAX, CMOPS_ERR_PARAM,
                  args::zero_point);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    const float scale_value = static_cast<float>(scale);
    const float offset = static_cast<float>(zero_point);
    int64_t strides[2][CMOPS_MAX_DIM];
    portable::logical_strides(out, strides[0]);
    portable::logical_strides(input, strides[1]);
    float *result = static_cast<float *>(out.data);
    portable::walk<2>(input.dim, input.sizes, strides, [&](const int64_t *offsets) {
        const float q =
            static_cast<float>(portable::load_as_int(input.data, input.dtype, offsets[1]));
        result[offsets[0]] = (q - offset) * scale_value;
    });
    return CMOPS_OK;
}

} // namespace quantized_decomposed
} // namespace cmops
