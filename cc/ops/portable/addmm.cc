// aten::addmm.out: out = beta * self + alpha * (mat1 @ mat2), float32; self broadcasts to
// [rows, columns]; beta = 0 ignores self (NaN in it does not propagate, as torch). Each dot
// product is summed in float over k in order; alpha = 1 and beta = 1 add no multiplication.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/matmul.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::addmm_out;

namespace cmops
{
namespace aten
{

cmops_status addmm_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &mat1,
                       const cmops_tensor &mat2, const cmops_scalar &beta,
                       const cmops_scalar &alpha, cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, self, args::self));
    CMOPS_TRY(portable::check_tensor(ctx, mat1, args::mat1));
    CMOPS_TRY(portable::check_tensor(ctx, mat2, args::mat2));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx,
                  self.dtype == CMOPS_DTYPE_FLOAT32 && mat1.dtype == CMOPS_DTYPE_FLOAT32 &&
                      mat2.dtype == CMOPS_DTYPE_FLOAT32 && out.dtype == CMOPS_DTYPE_FLOAT32,
                  CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, mat1.dim == 2 && mat2.dim == 2 && out.dim == 2, CMOPS_ERR_RANK, args::out);
    const int32_t rows = mat1.sizes[0];
    const int32_t depth = mat1.sizes[1];
    const int32_t columns = mat2.sizes[1];
    CMOPS_REQUIRE(ctx, mat2.sizes[0] == depth, CMOPS_ERR_SHAPE, args::mat2);
    CMOPS_REQUIRE(ctx, out.sizes[0] == rows && out.sizes[1] == columns, CMOPS_ERR_SHAPE, args::out);
    int64_t self_strides[CMOPS_MAX_DIM];
    const int32_t out_sizes[2] = {rows, columns};
    CMOPS_REQUIRE(ctx, portable::broadcast_strides(self, 2, out_sizes, self_strides),
                  CMOPS_ERR_SHAPE, args::self);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    int64_t mat1_strides[CMOPS_MAX_DIM];
    int64_t mat2_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    portable::logical_strides(mat1, mat1_strides);
    portable::logical_strides(mat2, mat2_strides);
    portable::logical_strides(out, out_strides);
    const float beta_value = portable::scalar_to_float(beta);
    const float alpha_value = portable::scalar_to_float(alpha);
    const float *self_data = static_cast<const float *>(self.data);
    float *result = static_cast<float *>(out.data);
    const portable::Matrix a = {static_cast<const float *>(mat1.data), mat1_strides[0],
                                mat1_strides[1]};
    const portable::Matrix b = {static_cast<const float *>(mat2.data), mat2_strides[0],
                                mat2_strides[1]};
    portable::matmul_f32(a, b, rows, depth, columns, [&](int32_t r, int32_t c, float dot) {
        float value = alpha_value == 1.0f ? dot : alpha_value * dot;
        if (beta_value != 0.0f) {
            const float s = self_data[r * self_strides[0] + c * self_strides[1]];
            value += beta_value == 1.0f ? s : beta_value * s;
        }
        result[r * out_strides[0] + c * out_strides[1]] = value;
    });
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
