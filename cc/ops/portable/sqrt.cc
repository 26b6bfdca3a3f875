// aten::sqrt.out: float32, IEEE square root (correctly rounded: the FPU's vsqrt, or newlib's
// sqrtf under soft-float); NaN for negative inputs, -0 stays -0.
#include <math.h>

#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/elementwise.h"

namespace args = ::cmops::arg::aten::sqrt_out;

namespace cmops
{
namespace aten
{

cmops_status sqrt_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out)
{
    return portable::float_unary(ctx, self, out, PK_UNARY_ARGS(args),
                                 [](float x) { return sqrtf(x); });
}

} // namespace aten
} // namespace cmops
