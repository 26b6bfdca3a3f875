// aten::sqrt.out: float32, IEEE square root (correctly rounded: the FPU's vsqrt, or newlib's
// sqrtf under soft-float); NaN for negative inputs, -0 stays -0.
#include <math.h>

#include "cc/ops/portable/internal/elementwise.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::sqrt.out"

namespace cmops
{
namespace aten
{

cmops_status sqrt_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out)
{
    return portable::float_unary(ctx, self, out, PK_UNARY_MESSAGES(OP),
                                 [](float x) { return sqrtf(x); });
}

} // namespace aten
} // namespace cmops
