// aten::sub.out: self - alpha * other with broadcasting (internal/elementwise.cc). With
// alpha = 1, one IEEE operation per element: exactly torch's float32 result.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/elementwise.h"

namespace args = ::cmops::arg::aten::sub_out;

namespace cmops
{
namespace aten
{

cmops_status sub_out(cmops_context *ctx, const cmops_tensor &self, const cmops_tensor &other,
                     const cmops_scalar &alpha, cmops_tensor &out)
{
    return portable::binary_arithmetic(ctx, self, other, &alpha, out, portable::BinaryOp::kSub,
                                       PK_BINARY_ARGS(args));
}

} // namespace aten
} // namespace cmops
