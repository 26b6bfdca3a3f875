// aten::sub.out: self - alpha * other with broadcasting (internal/elementwise.cc). With
// alpha = 1, one IEEE operation per element: exactly torch's float32 result.
#include "cc/ops/portable/internal/elementwise.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::sub.out"

namespace cmops
{
namespace aten
{

cmops_status sub_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                     const cmops_scalar &alpha, cmops_tensor &out)
{
    return portable::binary_arithmetic(ctx, self, other, &alpha, out, portable::BinaryOp::kSub,
                                       PK_BINARY_MESSAGES(OP));
}

} // namespace aten
} // namespace cmops
