// aten::hardtanh.out: min(max(x, min_val), max_val), the relu6 of MobileNet blocks. NaN stays NaN.
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/elementwise.h"

namespace args = ::cmops::arg::aten::hardtanh_out;

namespace cmops
{
namespace aten
{

cmops_status hardtanh_out(cmops_context *ctx, const cmops_tensor &self, const cmops_scalar &min_val,
                          const cmops_scalar &max_val, cmops_tensor &out)
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
        const T lo = static_cast<T>(portable::scalar_to_double(min_val));
        const T hi = static_cast<T>(portable::scalar_to_double(max_val));
        portable::map_unary<T, T>(self, out, [lo, hi](T x) {
            // Comparisons false for NaN: NaN passes through.
            return x < lo ? lo : (x > hi ? hi : x);
        });
    });
    CMOPS_REQUIRE(ctx, known, CMOPS_ERR_DTYPE, blame.out);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
