// aten::relu.out: max(x, 0) for every real dtype; NaN stays NaN (as torch).
#include "cc/ops/portable/internal/elementwise.h"
#include "cc/ops/portable/portable_kernels.h"

#define OP "aten::relu.out"

namespace cmops
{
namespace aten
{

cmops_status relu_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out)
{
    const portable::UnaryMessages messages = PK_UNARY_MESSAGES(OP);
    PK_TRY(portable::check_unary(ctx, self, out, true, messages));
    const bool known = portable::dispatch_real(self.dtype, [&](auto tag) {
        using T = decltype(tag);
        portable::map_unary<T, T>(self, out, [](T x) { return x < T(0) ? T(0) : x; });
    });
    PK_REQUIRE(ctx, known, CMOPS_ERR_DTYPE, messages.dtype);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
