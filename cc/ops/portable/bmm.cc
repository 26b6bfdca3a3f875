// aten::bmm.out: out[b] = self[b] @ mat2[b], float32 [B, M, K] x [B, K, N]; each dot product
// summed in float over k in order.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/matmul.h"
#include "cc/ops/portable/internal/support.h"

namespace args = ::cmops::arg::aten::bmm_out;

namespace cmops
{
namespace aten
{

cmops_status bmm_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &mat2,
                     cmops_tensor &out)
{
    CMOPS_TRY(portable::check_tensor(ctx, self, args::self));
    CMOPS_TRY(portable::check_tensor(ctx, mat2, args::mat2));
    CMOPS_TRY(portable::check_tensor(ctx, out, args::out));
    CMOPS_REQUIRE(ctx,
                  self.dtype == CMOPS_DTYPE_FLOAT32 && mat2.dtype == CMOPS_DTYPE_FLOAT32 &&
                      out.dtype == CMOPS_DTYPE_FLOAT32,
                  CMOPS_ERR_DTYPE, args::out);
    CMOPS_REQUIRE(ctx, self.dim == 3 && mat2.dim == 3 && out.dim == 3, CMOPS_ERR_RANK, args::out);
    const int32_t batches = self.sizes[0];
    const int32_t rows = self.sizes[1];
    const int32_t depth = self.sizes[2];
    const int32_t columns = mat2.sizes[2];
    CMOPS_REQUIRE(ctx, mat2.sizes[0] == batches && mat2.sizes[1] == depth, CMOPS_ERR_SHAPE,
                  args::mat2);
    CMOPS_REQUIRE(ctx, out.sizes[0] == batches && out.sizes[1] == rows && out.sizes[2] == columns,
                  CMOPS_ERR_SHAPE, args::out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    int64_t self_strides[CMOPS_MAX_DIM];
    int64_t mat2_strides[CMOPS_MAX_DIM];
    int64_t out_strides[CMOPS_MAX_DIM];
    portable::logical_strides(self, self_strides);
    portable::logical_strides(mat2, mat2_strides);
    portable::logical_strides(out, out_strides);
    float *result = static_cast<float *>(out.data);
    for (int32_t batch = 0; batch < batches; ++batch) {
        const portable::Matrix a = {static_cast<const float *>(self.data) + batch * self_strides[0],
                                    self_strides[1], self_strides[2]};
        const portable::Matrix b = {static_cast<const float *>(mat2.data) + batch * mat2_strides[0],
                                    mat2_strides[1], mat2_strides[2]};
        float *base = result + batch * out_strides[0];
        portable::matmul_f32(a, b, rows, depth, columns, [&](int32_t r, int32_t c, float dot) {
            base[r * out_strides[1] + c * out_strides[2]] = dot;
        });
    }
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
