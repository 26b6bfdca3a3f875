// aten::_softmax.out: float32 softmax along `dim`: e_i = exp(x_i - max), out_i = e_i / sum(e),
// the sum accumulated in float in index order. The exponentials are staged in out (no scratch).
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/elementwise.h"
#include "cc/ops/portable/internal/float_math.h"
#include "cc/ops/portable/internal/rows.h"

namespace args = ::cmops::arg::aten::_softmax_out;

namespace cmops
{
namespace aten
{

cmops_status _softmax_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                          bool half_to_float, cmops_tensor &out)
{
    const portable::UnaryArgs blame = PK_UNARY_ARGS(args);
    CMOPS_TRY(portable::check_unary(ctx, self, out, true, blame));
    CMOPS_REQUIRE(ctx, self.dtype == CMOPS_DTYPE_FLOAT32, CMOPS_ERR_DTYPE, args::self);
    CMOPS_REQUIRE(ctx, !half_to_float, CMOPS_ERR_UNSUPPORTED, args::half_to_float);
    int32_t axis = 0;
    CMOPS_REQUIRE(ctx, portable::normalize_dim(dim, self.dim, &axis), CMOPS_ERR_PARAM, args::dim);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    if (portable::numel(self) == 0) {
        return CMOPS_OK;
    }
    const float *in = static_cast<const float *>(self.data);
    float *result = static_cast<float *>(out.data);
    portable::for_each_row(
        self, out, axis,
        [&](int64_t in_at, int64_t in_step, int64_t out_at, int64_t out_step, int32_t length) {
            float largest = in[in_at];
            for (int32_t i = 1; i < length; ++i) {
                const float x = in[in_at + i * in_step];
                largest = x > largest ? x : largest;
            }
            float sum = 0.0f;
            for (int32_t i = 0; i < length; ++i) {
                const float e = portable::exp_f32(in[in_at + i * in_step] - largest);
                result[out_at + i * out_step] = e;
                sum += e;
            }
            for (int32_t i = 0; i < length; ++i) {
                result[out_at + i * out_step] /= sum;
            }
        });
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
