// quantized_decomposed::dequantize_per_tensor.out: x = (float)(q - zero_point) * (float)scale in
// float32, as torch's decomposed reference computes it. Input: uint8, int8, int16 or int32 (the
// `dtype` argument); out_dtype, when given, must be float32.
#include "cc/ops/portable/internal/support.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "quantized_decomposed::dequantize_per_tensor.out"

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
    PK_TRY(portable::check_tensor(ctx, input, PK_MSG(OP, "input", "is not a valid tensor")));
    PK_TRY(portable::check_tensor(ctx, out, PK_MSG(OP, "out", "is not a valid tensor")));
    PK_REQUIRE(ctx,
               input.dtype == dtype && (dtype == CMOPS_DTYPE_UINT8 || dtype == CMOPS_DTYPE_INT8 ||
                                        dtype == CMOPS_DTYPE_INT16 || dtype == CMOPS_DTYPE_INT32),
               CMOPS_ERR_DTYPE,
               PK_MSG(OP, "input", "must have `dtype`: uint8, int8, int16 or int32"));
    PK_REQUIRE(ctx, out.dtype == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE,
               PK_MSG(OP, "out", "must be float32"));
    PK_REQUIRE(ctx, !out_dtype.has_value || out_dtype.value == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE,
               PK_MSG(OP, "out_dtype", "must be None or float32"));
    PK_REQUIRE(ctx, portable::same_shape(input, out), CMOPS_ERR_SHAPE,
               PK_MSG(OP, "out", "must have input's shape"));
    PK_REQUIRE(ctx, zero_point >= INT32_MIN && zero_point <= INT32_MAX, CMOPS_ERR_PARAM,
               PK_MSG(OP, "zero_point", "must fit int32"));
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
