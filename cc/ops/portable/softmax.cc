// aten::_softmax.out: float32 softmax along `dim`: e_i = exp(x_i - max), out_i = e_i / sum(e),
// the sum accumulated in float in index order. The exponentials are staged in out (no scratch).
#include "cc/ops/op_glue.h"
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
    return portable::for_each_softmax_row(ctx, self, dim, half_to_float, out, PK_SOFTMAX_ARGS(args),
                                          [](const portable::SoftmaxRow &row) {
                                              float sum = 0.0f;
                                              for (int32_t i = 0; i < row.length; ++i) {
                                                  const float e =
                                                      portable::exp_f32(row.x(i) - row.largest);
                                                  row.y(i) = e;
                                                  sum += e;
                                              }
                                              for (int32_t i = 0; i < row.length; ++i) {
                                                  row.y(i) /= sum;
                                              }
                                          });
}

} // namespace aten
} // namespace cmops
