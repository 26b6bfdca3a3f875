// aten::div.out: self / other with broadcasting (internal/elementwise.cc), one IEEE
// operation per element: exactly torch's float32 result.
#include "cc/ops/portable/internal/elementwise.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::div.out"

namespace cmops
{
namespace aten
{

cmops_status div_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                     cmops_tensor &out)
{
    return portable::binary_arithmetic(ctx, self, other, nullptr, out, portable::BinaryOp::kDiv,
                                       PK_BINARY_MESSAGES(OP));
}

} // namespace aten
} // namespace cmops
