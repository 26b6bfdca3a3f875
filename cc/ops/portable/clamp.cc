// aten::clamp.out: min(max(x, min), max) with either bound optional; when min > max every
// element becomes max (torch's order: the max bound applies last). NaN stays NaN.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/elementwise.h"

namespace args = ::cmops::arg::aten::clamp_out;

namespace cmops
{
namespace aten
{

cmops_status clamp_out(cmops_context *ctx, const cmops_tensor &self, const cmops_scalar *min,
                       const cmops_scalar *max, cmops_tensor &out)
{
    const portable::UnaryArgs blame = PK_UNARY_ARGS(args);
    CMOPS_TRY(portable::check_unary(ctx, self, out, true, blame));
    CMOPS_REQUIRE(ctx, portable::dispatch_real(self.dtype, [](auto) {}), CMOPS_ERR_DTYPE,
                  blame.out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    CMOPS_REQUIRE(ctx, min != nullptr || max != nullptr, CMOPS_ERR_PARAM, args::max);
    const bool known = portable::dispatch_real(self.dtype, [&](auto tag) {
        using T = decltype(tag);
        const bool has_lo = min != nullptr;
        const bool has_hi = max != nullptr;
        const T lo = has_lo ? static_cast<T>(portable::scalar_to_double(*min)) : T(0);
        const T hi = has_hi ? static_cast<T>(portable::scalar_to_double(*max)) : T(0);
        portable::map_unary<T, T>(self, out, [=](T x) {
            T y = has_lo && x < lo ? lo : x;
            return has_hi && y > hi ? hi : y;
        });
    });
    CMOPS_REQUIRE(ctx, known, CMOPS_ERR_DTYPE, blame.out);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
