// aten::abs.out: |x| for every real dtype (the most negative integer stays itself, as in torch).
#include "cc/ops/internal/op_support.h"
#include "cc/ops/op_glue.h"
#include "cc/ops/portable/internal/elementwise.h"

namespace args = ::cmops::arg::aten::abs_out;

namespace cmops
{
namespace aten
{

cmops_status abs_out(cmops_context *ctx, const cmops_tensor &self, cmops_tensor &out)
{
    const portable::UnaryArgs blame = PK_UNARY_ARGS(args);
    CMOPS_TRY(portable::check_unary(ctx, self, out, true, blame));
    CMOPS_REQUIRE(ctx, portable::dispatch_real(self.dtype, [](auto) {}), CMOPS_ERR_DTYPE,
                  blame.out);
    if (checking_only(ctx)) {
        return CMOPS_OK;
    }
    if (self.dtype == CMOPS_DTYPE_FLOAT32) {
        // Clearing the sign bit: -0 becomes +0 and NaN keeps its payload, as torch does.
        portable::map_unary<uint32_t, uint32_t>(self, out,
                                                [](uint32_t x) { return x & 0x7fffffffu; });
        return CMOPS_OK;
    }
    const bool known = portable::dispatch_real(self.dtype, [&](auto tag) {
        using T = decltype(tag);
        portable::map_unary<T, T>(self, out, [](T x) {
            // Negate in the unsigned domain: INT_MIN maps to itself without overflow.
            return x < T(0) ? static_cast<T>(0u - static_cast<uint64_t>(x)) : x;
        });
    });
    CMOPS_REQUIRE(ctx, known, CMOPS_ERR_DTYPE, blame.out);
    return CMOPS_OK;
}

} // namespace aten
} // namespace cmops
