// aten::tanh.out: float32, through tanh_f32 (internal/float_math.h; accuracy in docs/portable.md).
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/elementwise.h"
#include "cc/ops/portable/internal/float_math.h"

namespace args = ::cmops::arg::aten::tanh_out;

namespace cmops
{
namespace aten
{

cmops_status tanh_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out)
{
    return portable::float_unary(ctx, self, out, PK_UNARY_ARGS(args), portable::tanh_f32);
}

} // namespace aten
} // namespace cmops
