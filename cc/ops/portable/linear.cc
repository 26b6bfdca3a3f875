// aten::linear.out: out[..., n] = sum_k input[..., k] * weight[n, k] (+ bias[n]), float32, each
// dot product summed in float over k in order, the bias added last.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/matmul.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::linear_out;

namespace cmops
{
namespace aten
{

cmops_status linear_out(cmops_context *ctx, const cmops_tensor &input, const cmops_tensor &weight,
                        const cmops_tensor *bias, cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, input, args::input));
    CMOPS_TRY(portable::check_tensor(ctx, weight, args::weight));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx,
                  input.dtype == CMOPS_DTYPE_FLOAT32 && weight.dtype == CMOPS_DTYPE_FLOAT32 &&
                      out.dtype == CMOPS_DTYPE_FLOAT32,
                  CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, input.dim >= 1 && weight.dim == 2, CMOPS_ERR_RANK, args::weight);
    const int32_t depth = input.sizes[input.dim - 1];
    const int32_t columns = weight.sizes[0];
    CMOPS_REQUIRE(ctx, weight.sizes[1] == depth, CMOPS_ERR_SHAPE, args::weight);
    CMOPS_REQUIRE(ctx, out.dim == input.dim && out.sizes[out.dim - 1] == columns, CMOPS_ERR_SHAPE,
                  args::out);
    for (int32_t d = 0; d + 1 < input.dim; ++d) {
        CMOPS_REQUIRE(ctx, out.sizes[d] == input.sizes[d], CMOPS_ERR_SHAPE, args::out);
    }
    const float *bias_data = nullptr;
    int64_t bias_stride = 0;
    if (bias != nullptr) {
        CMOPS_TRY(portable::check_tensor(ctx, *bias, args::bias));
        CMOPS_REQUIRE(ctx, bias->dtype == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE, args::bias);
        CMOPS_REQUIRE(ctx, bias->dim == 1 && (bias->sizes[0] == columns || bias->sizes[0] == 1),
                      CMOPS_ERR_SHAPE, args::bias);
        bias_data = static_cast<const float *>(bias->data);
        bias_stride = bias->sizes[0] == 1 ? 0 : 1;
    }
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    int64_t input_strides[CMOPS_MAX_DIM];
    int64_t weight_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    portable::logical_strides(input, input_strides);
    portable::logical_strides(weight, weight_strides);
    portable::logical_strides(out, out_strides);
    // Every leading index is one row: walk them, one 1 x depth by depth x columns product each.
    int64_t lead_strides[2][CMOPS_MAX_DIM];
    for (int32_t d = 0; d + 1 < input.dim; ++d) {
        lead_strides[0][d] = input_strides[d];
        lead_strides[1][d] = out_strides[d];
    }
    const portable::Matrix weight_t = {static_cast<const float *>(weight.data), weight_strides[1],
                                       weight_strides[0]};
    float *result = static_cast<float *>(out.data);
    const int64_t out_column_stride = out_strides[out.dim - 1];
    portable::walk<2>(input.dim - 1, input.sizes, lead_strides, [&](const int64_t *offsets) {
        const portable::Matrix row = {static_cast<const float *>(input.data) + offsets[0], 0,
                                      input_strides[input.dim - 1]};
        portable::matmul_f32(row, weight_t, 1, depth, columns, [&](int32_t, int32_t c, float dot) {
            result[offsets[1] + c * out_column_stride] =
                bias_data != nullptr ? dot + bias_data[c * bias_stride] : dot;
        });
    });
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
