// aten::sigmoid.out: float32, through sigmoid_f32 (internal/float_math.h; accuracy in
// docs/portable.md).
#include "cc/ops/portable/internal/elementwise.h"
#include "cc/ops/portable/internal/float_math.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::sigmoid.out"

namespace cmops
{
namespace aten
{

cmops_status sigmoid_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out)
{
    return portable::float_unary(ctx, self, out, PK_UNARY_MESSAGES(OP), portable::sigmoid_f32);
}

} // namespace aten
} // namespace cmops
