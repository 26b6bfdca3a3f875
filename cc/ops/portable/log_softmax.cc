// aten::_log_softmax.out: float32 log-softmax along `dim`:
// out_i = (x_i - max) - log(sum(exp(x_j - max))), the sum accumulated in float in index order.
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/float_math.h"
#include "cc/ops/portable/internal/rows.h"

namespace args = ::cmops::arg::aten::_log_softmax_out;

namespace cmops
{
namespace aten
{

cmops_status _log_softmax_out(cmops_context *ctx, const cmops_tensor &self, int64_t dim,
                              bool half_to_float, cmops_tensor &out)
{
    return portable::for_each_softmax_row(ctx, self, dim, half_to_float, out, PK_SOFTMAX_ARGS(args),
                                          [](const portable::SoftmaxRow &row) {
                                              float sum = 0.0f;
                                              for (int32_t i = 0; i < row.length; ++i) {
                                                  sum += portable::exp_f32(row.x(i) - row.largest);
                                              }
                                              const float log_sum = portable::log_f32(sum);
                                              for (int32_t i = 0; i < row.length; ++i) {
                                                  row.y(i) = (row.x(i) - row.largest) - log_sum;
                                              }
                                          });
}

} // namespace aten
} // namespace cmops
