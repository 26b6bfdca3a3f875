// aten::relu.out: max(x, 0) for every real dtype; NaN stays NaN (as torch).
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/elementwise.h"

namespace args = ::cmops::arg::aten::relu_out;

namespace cmops
{
namespace aten
{

cmops_status relu_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out)
{
    const portable::UnaryArgs blame = PK_UNARY_ARGS(args);
    CMOPS_TRY(portable::check_unary(ctx, self, out, true, blame));
    CMOPS_REQUIRE(ctx, portable::dispatch_real(self.dtype, [](auto) {}), CMOPS_ERR_DTYPE,
                  blame.out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    const bool known = portable::dispatch_real(self.dtype, [&](auto tag) {
        using T = decltype(tag);
        portable::map_unary<T, T>(self, out, [](T x) { return x < T(0) ? T(0) : x; });
    });
    CMOPS_REQUIRE(ctx, known, CMOPS_ERR_DTYPE, blame.out);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
